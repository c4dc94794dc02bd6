//! The error bodies every NCP API shares: the server API's `responseError` and the API
//! gateway's `{"error": {...}}`. A service's spec declares them too (so its documents stay
//! complete OpenAPI) and marks them `x-ncp-runtime-type`, which makes the generator use these
//! types instead of generating its own.

/// An error reported by the Server API itself (for example a bad parameter or a missing
/// resource), sent with a 4xx or 5xx status in the requested format.
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
#[derive(Default)]
pub struct ResponseError {
    /// Error code, kept as text; a JSON number is accepted too.
    ///
    /// Where sources disagree: Documented as a string; captured JSON shows numbers for the same
    /// field of successful responses, so both forms are accepted here as well.
    ///
    /// API name: `returnCode`.
    #[serde(
        rename = "returnCode",
        default,
        deserialize_with = "crate::json::lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schemars",
        schemars(schema_with = "crate::schema::lenient_string_opt")
    )]
    pub return_code: Option<String>,
    /// Human-readable explanation of the error.
    ///
    /// API name: `returnMessage`.
    #[serde(
        rename = "returnMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub return_message: Option<String>,
    /// The error code where the body names it `responseCode` instead of `returnCode`, kept as
    /// text (a JSON number is accepted too). Read [`code`](Self::code) for either.
    ///
    /// Where sources disagree: every source documents `returnCode`; one capture from a special
    /// environment used `responseCode`. The two are kept apart, so a body is written back with
    /// the names it came with.
    ///
    /// API name: `responseCode`.
    #[serde(
        rename = "responseCode",
        default,
        deserialize_with = "crate::json::lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schemars",
        schemars(schema_with = "crate::schema::lenient_string_opt")
    )]
    pub response_code: Option<String>,
    /// The explanation where the body names it `responseMessage` instead of `returnMessage`.
    /// Read [`message`](Self::message) for either.
    ///
    /// API name: `responseMessage`.
    #[serde(
        rename = "responseMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub response_message: Option<String>,
}

impl ResponseError {
    /// A `returnCode` / `returnMessage` error.
    pub fn new(return_code: Option<String>, return_message: Option<String>) -> Self {
        ResponseError {
            return_code,
            return_message,
            ..ResponseError::default()
        }
    }

    /// The error code, `returnCode` or else `responseCode`.
    pub fn code(&self) -> Option<&str> {
        self.return_code
            .as_deref()
            .or(self.response_code.as_deref())
    }

    /// The explanation, `returnMessage` or else `responseMessage`.
    pub fn message(&self) -> Option<&str> {
        self.return_message
            .as_deref()
            .or(self.response_message.as_deref())
    }
}

/// JSON form of a Server API error.
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
pub struct ResponseErrorJsonResponse {
    /// The error, under the same name as the XML root element.
    ///
    /// API name: `responseError`.
    #[serde(rename = "responseError")]
    pub response_error: ResponseError,
}

impl crate::xml::XmlDecode for ResponseErrorJsonResponse {
    fn decode_xml(r: &mut crate::xml::XmlReader<'_>) -> Result<Self, crate::DecodeError> {
        let mut f_response_error: Option<ResponseError> = None;
        while let Some(name) = r.next_child()? {
            match name.as_bytes() {
                b"responseError" => {
                    f_response_error = Some(r.read_struct("responseError")?);
                }
                _ => r.skip_unknown(name)?,
            }
        }
        Ok(Self {
            response_error: f_response_error.ok_or_else(|| r.missing("responseError"))?,
        })
    }
}

#[cfg(feature = "encode")]
impl crate::xml_write::XmlEncode for ResponseErrorJsonResponse {
    fn encode_xml(&self, w: &mut crate::xml_write::XmlWriter) {
        w.structure("responseError", &self.response_error);
    }
}

/// An error reported by the API gateway in front of the Server API (authentication,
/// permissions, quotas, throttling). Always JSON, whatever response format was requested.
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
pub struct GatewayErrorResponse {
    /// What went wrong.
    ///
    /// API name: `error`.
    #[serde(rename = "error")]
    pub error: GatewayErrorDetail,
}

impl crate::xml::XmlDecode for GatewayErrorResponse {
    fn decode_xml(r: &mut crate::xml::XmlReader<'_>) -> Result<Self, crate::DecodeError> {
        let mut f_error: Option<GatewayErrorDetail> = None;
        while let Some(name) = r.next_child()? {
            match name.as_bytes() {
                b"error" => f_error = Some(r.read_struct("error")?),
                _ => r.skip_unknown(name)?,
            }
        }
        Ok(Self {
            error: f_error.ok_or_else(|| r.missing("error"))?,
        })
    }
}

#[cfg(feature = "encode")]
impl crate::xml_write::XmlEncode for GatewayErrorResponse {
    fn encode_xml(&self, w: &mut crate::xml_write::XmlWriter) {
        w.structure("error", &self.error);
    }
}

/// Details of an API gateway error. Known pairs of HTTP status and `errorCode`: 400 and `100`
/// (bad request), 401 and `200` (authentication failed), 401 and `210` (permission denied),
/// 403 and `230` (forbidden), 404 and `300` (not found), 429 and `400` (quota exceeded).
/// Throttling and other rate limits also answer with status 429.
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
#[derive(Default)]
pub struct GatewayErrorDetail {
    /// Gateway error code, such as `200` for failed authentication, kept as text.
    ///
    /// Where sources disagree: The API Gateway documentation shows strings; some gateways send
    /// numbers. Text keeps both forms exactly.
    ///
    /// API name: `errorCode`.
    #[serde(
        rename = "errorCode",
        default,
        deserialize_with = "crate::json::lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schemars",
        schemars(schema_with = "crate::schema::lenient_string_opt")
    )]
    pub error_code: Option<String>,
    /// Short name of the error, for example `Authentication Failed`.
    ///
    /// API name: `message`.
    #[serde(rename = "message", default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Longer explanation of the error; some gateways send `requestId` instead.
    ///
    /// API name: `details`.
    #[serde(rename = "details", default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// Identifier of the failed request.
    ///
    /// Where sources disagree: The API Gateway documentation shows `details`; some gateways send
    /// `requestId` in its place. Both are declared, so either decodes without an unknown-field
    /// report.
    ///
    /// API name: `requestId`.
    #[serde(rename = "requestId", default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The XML decoder and encoder of an error body whose fields are all optional text, each under
/// its API name: the two NCP-wide error types below.
macro_rules! optional_text_xml {
    ($ty:ident { $($field:ident: $name:literal),* $(,)? }) => {
        impl crate::xml::XmlDecode for $ty {
            fn decode_xml(r: &mut crate::xml::XmlReader<'_>) -> Result<Self, crate::DecodeError> {
                let mut value = Self {
                    $($field: None,)*
                };
                while let Some(name) = r.next_child()? {
                    match name.as_bytes() {
                        $(n if n == $name.as_bytes() => value.$field = r.read_scalar($name)?,)*
                        _ => r.skip_unknown(name)?,
                    }
                }
                Ok(value)
            }
        }

        #[cfg(feature = "encode")]
        impl crate::xml_write::XmlEncode for $ty {
            fn encode_xml(&self, w: &mut crate::xml_write::XmlWriter) {
                $(w.optional($name, self.$field.as_ref());)*
            }
        }
    };
}

optional_text_xml!(ResponseError {
    return_code: "returnCode",
    return_message: "returnMessage",
    response_code: "responseCode",
    response_message: "responseMessage",
});

optional_text_xml!(GatewayErrorDetail {
    error_code: "errorCode",
    message: "message",
    details: "details",
    request_id: "requestId",
});
