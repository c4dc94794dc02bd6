//! Round-trip oracles: a response value written in one format by the crate's encoders and read
//! back by its decoders is the value it was. The property tests, the sample tests and the fuzz
//! targets all judge the encoders and decoders with [`round_trip`].

use std::fmt::Debug;

use ncloud_runtime::xml_write::XmlEncode;
use ncloud_runtime::{
    BodyError, Envelope, Format, Operation, UnknownField, decode_body, encode_body,
};

/// What a [`round_trip`] found, when it found nothing wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundTrip {
    /// The body decoded to an equal value, with no field it did not know.
    Equal,
    /// The value has a non-zero `returnCode`, so its body reads back as the API error it
    /// announces, with that code.
    ApiError,
    /// The value holds NUL, which no XML document can carry (only a JSON body can deliver
    /// one): there was nothing to decode.
    NotInXml,
}

/// `value` written as `format` (the body `encode_body` gives) and decoded again through
/// `decode_body`, the client's own path: the body is in `format`, and decodes to a value equal
/// to `value` with no unknown field. `Err` says what differed, with the body.
pub fn round_trip<O: Operation<Output: XmlEncode>>(
    value: &O::Output,
    format: Format,
) -> Result<RoundTrip, String>
where
    O::Output: PartialEq + Debug,
{
    let body = encode_body::<O>(value, format);
    let shown = || String::from_utf8_lossy(&body).into_owned();
    if format == Format::Xml && body.windows(4).any(|w| w == b"&#0;") {
        return Ok(RoundTrip::NotInXml);
    }
    if Format::sniff(&body) != Some(format) {
        return Err(format!(
            "{value:?} written as {format:?} is not {format:?}:\n{}",
            shown()
        ));
    }
    let mut unknown: Vec<UnknownField> = Vec::new();
    match decode_body::<O>(&body, Some(&mut unknown)) {
        Ok(again) if again != *value => Err(format!(
            "{value:?} written as {format:?} decodes to {again:?}:\n{}",
            shown()
        )),
        Ok(_) if !unknown.is_empty() => Err(format!(
            "{value:?} written as {format:?} has fields its decoder does not know: {unknown:?}\n{}",
            shown()
        )),
        Ok(_) => Ok(RoundTrip::Equal),
        Err(BodyError::Api(e)) if e.return_code() == value.return_code() => Ok(RoundTrip::ApiError),
        Err(e) => Err(format!(
            "{value:?} written as {format:?} does not decode: {e:?}\n{}",
            shown()
        )),
    }
}

/// [`round_trip`] in XML and in JSON.
pub fn round_trip_both<O: Operation<Output: XmlEncode>>(value: &O::Output) -> Result<(), String>
where
    O::Output: PartialEq + Debug,
{
    for format in [Format::Xml, Format::Json] {
        round_trip::<O>(value, format)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ncloud_vserver::operations::GetRegionListRequest;
    use ncloud_vserver::types::{GetRegionListResponse, Region};

    fn regions(return_code: &str, name: &str) -> GetRegionListResponse {
        let mut response = GetRegionListResponse::default();
        response.return_code = Some(return_code.into());
        response.region_list = vec![{
            let mut region = Region::default();
            region.region_code = Some("KR".into());
            region.region_name = Some(name.into());
            region
        }];
        response
    }

    #[test]
    fn a_success_value_comes_back_equal_in_both_formats() {
        let value = regions("0", "Korea <&> \"한국\"");
        for format in [Format::Xml, Format::Json] {
            assert_eq!(
                round_trip::<GetRegionListRequest>(&value, format),
                Ok(RoundTrip::Equal)
            );
        }
    }

    #[test]
    fn a_non_zero_return_code_reads_back_as_that_api_error() {
        let value = regions("24300", "Korea");
        assert_eq!(
            round_trip::<GetRegionListRequest>(&value, Format::Json),
            Ok(RoundTrip::ApiError)
        );
    }

    #[test]
    fn nul_is_reported_as_not_representable_in_xml_only() {
        let value = regions("0", "a\0b");
        assert_eq!(
            round_trip::<GetRegionListRequest>(&value, Format::Xml),
            Ok(RoundTrip::NotInXml)
        );
        assert_eq!(
            round_trip::<GetRegionListRequest>(&value, Format::Json),
            Ok(RoundTrip::Equal)
        );
    }
}
