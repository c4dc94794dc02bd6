//! Doing something with every operation of a service without naming them: a generated crate
//! lists its request types once, in a generated `registry::for_each_operation`, and tools and
//! tests (sample checks, fuzz targets, property tests, `check-sample`) visit them generically.
//! So a new operation in the spec reaches every one of them with no hand-written list to update.

use crate::{BodyError, Operation, UnknownField, decode_body};

/// Something done once per operation type; see a generated crate's
/// `registry::for_each_operation`.
pub trait OperationVisitor {
    /// Called once for each operation's request type, in spec order.
    fn visit<O: Operation + 'static>(&mut self);
}

/// [`OperationVisitor`] for work that needs an operation's mock side too (feature `mock`): the
/// XML encoder of its output (round-trip oracles, property tests, fuzz targets) and its
/// query decoder (a request rebuilt from form pairs). A generated crate lists these in
/// `registry::for_each_mock_operation`, which comes with its typed mock.
#[cfg(feature = "mock")]
pub trait MockVisitor {
    /// Called once for each operation's request type, in spec order.
    fn visit<O: crate::mock::MockOperation>(&mut self);
}

/// Decodes a response body of `O` (see [`decode_body`]) and writes the output as pretty JSON
/// with the API's field names, in spec order: what `cargo xtask check-sample` prints.
pub fn decode_to_json<O: Operation>(
    body: &[u8],
    unknown: Option<&mut Vec<UnknownField>>,
) -> Result<String, BodyError> {
    let output = decode_body::<O>(body, unknown)?;
    Ok(serde_json::to_string_pretty(&output).expect("generated types serialize to JSON"))
}

/// A visitor that decodes a body as the operation named `name` ([`decode_to_json`]).
#[derive(Debug)]
pub struct DecodeNamed<'a> {
    name: &'a str,
    body: &'a [u8],
    unknown: Option<&'a mut Vec<UnknownField>>,
    result: Option<Result<String, BodyError>>,
}

impl<'a> DecodeNamed<'a> {
    /// Looks for the operation `name`; unknown fields go to `unknown` when given.
    pub fn new(name: &'a str, body: &'a [u8], unknown: Option<&'a mut Vec<UnknownField>>) -> Self {
        DecodeNamed {
            name,
            body,
            unknown,
            result: None,
        }
    }

    /// The decoded JSON, or `None` when no visited operation had that name.
    pub fn finish(self) -> Option<Result<String, BodyError>> {
        self.result
    }
}

impl OperationVisitor for DecodeNamed<'_> {
    fn visit<O: Operation + 'static>(&mut self) {
        if self.result.is_none() && O::NAME == self.name {
            self.result = Some(decode_to_json::<O>(self.body, self.unknown.take()));
        }
    }
}
