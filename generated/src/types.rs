// TEMPORARY hand-written stand-in for the generated `types.rs`: only the two error-body types the
// runtime needs, in the shape the generator emits (docs/design.md §2). `cargo xtask regen`
// overwrites this file.

//! Request and response types (temporary hand-written subset, see the file header).

/// Error body of the server API (`responseError`), sent with an HTTP 4xx/5xx status.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ResponseError {
    /// Error code, a number as text (`returnCode`).
    #[serde(
        rename = "returnCode",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "::ncloud_vserver::runtime::json::lenient_opt"
    )]
    pub return_code: Option<String>,
    /// Error message (`returnMessage`).
    #[serde(rename = "returnMessage", default, skip_serializing_if = "Option::is_none")]
    pub return_message: Option<String>,
}

impl ::ncloud_vserver::runtime::xml::XmlDecode for ResponseError {
    fn decode_xml(
        r: &mut ::ncloud_vserver::runtime::xml::XmlReader<'_>,
    ) -> Result<Self, ::ncloud_vserver::error::DecodeError> {
        let mut return_code = None;
        let mut return_message = None;
        while let Some(name) = r.next_child()? {
            match name.as_bytes() {
                b"returnCode" => return_code = r.read_scalar("returnCode")?,
                b"returnMessage" => return_message = r.read_scalar("returnMessage")?,
                _ => r.skip_unknown(name)?,
            }
        }
        Ok(Self {
            return_code,
            return_message,
        })
    }
}

/// Error detail of the API gateway (`{"error": {...}}`): authentication, permission, throttling.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GatewayErrorDetail {
    /// Error code, a number as text (`errorCode`).
    #[serde(
        rename = "errorCode",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "::ncloud_vserver::runtime::json::lenient_opt"
    )]
    pub error_code: Option<String>,
    /// Error message (`message`).
    #[serde(rename = "message", default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Details (`details`).
    #[serde(rename = "details", default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// Request id, sent by some gateways instead of `details` (`requestId`).
    #[serde(rename = "requestId", default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl ::ncloud_vserver::runtime::xml::XmlDecode for GatewayErrorDetail {
    fn decode_xml(
        r: &mut ::ncloud_vserver::runtime::xml::XmlReader<'_>,
    ) -> Result<Self, ::ncloud_vserver::error::DecodeError> {
        let mut error_code = None;
        let mut message = None;
        let mut details = None;
        let mut request_id = None;
        while let Some(name) = r.next_child()? {
            match name.as_bytes() {
                b"errorCode" => error_code = r.read_scalar("errorCode")?,
                b"message" => message = r.read_scalar("message")?,
                b"details" => details = r.read_scalar("details")?,
                b"requestId" => request_id = r.read_scalar("requestId")?,
                _ => r.skip_unknown(name)?,
            }
        }
        Ok(Self {
            error_code,
            message,
            details,
            request_id,
        })
    }
}
