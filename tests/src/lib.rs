//! Cross-crate tests of `ncloud-vserver`. The library holds the codegen feature snapshots:
//! the generator's checked-in output for the small specs in `tests/features`, compiled here
//! against the runtime (`tests/tests/codegen_features.rs` checks they are fresh and exercises
//! them).

#![deny(missing_docs)]

// Generated code is formatted by the generator (prettyplease), not rustfmt.
#[rustfmt::skip]
pub mod features;
