//! The state every pass of the model builder shares: the document, its raw tree, the errors
//! found so far and the types built so far. The passes (`schemas`, `operations`) and the
//! builder that orders them (`build`) depend on this module; it depends on none of them.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, Schema};

use super::TypeDef;
use super::raw::Raw;
use crate::error::SpecError;
use crate::load::Document;
use crate::pointer::Pointer;

/// What a component schema turns into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    /// A string enum schema.
    Enum,
    /// An object or `allOf` schema.
    Struct,
    /// The JSON wrapper of an operation's success body: validated, not generated.
    Wrapper,
    /// The form body of a `post`: its properties are the operation's parameters; not
    /// generated as a type.
    Request,
    /// Not usable (already reported).
    Invalid,
}

/// Shared state of the passes.
pub(super) struct Ctx<'a> {
    pub(super) doc: &'a Document,
    pub(super) raw: Raw<'a>,
    pub(super) errors: Vec<SpecError>,
    pub(super) seen: BTreeSet<SpecError>,
    /// `components/schemas`, in spec order.
    pub(super) schemas: indexmap::IndexMap<String, &'a ReferenceOr<Schema>>,
    /// The class of every component schema.
    pub(super) classes: BTreeMap<String, Class>,
    /// The built types, by name.
    pub(super) types: BTreeMap<String, TypeDef>,
}

impl<'a> Ctx<'a> {
    /// Records a problem at `p` (each distinct problem once).
    pub(super) fn error(&mut self, p: &Pointer, message: impl Into<String>) {
        let e = SpecError {
            pointer: p.as_str().to_owned(),
            message: message.into(),
        };
        if self.seen.insert(e.clone()) {
            self.errors.push(e);
        }
    }

    /// Reports keywords of the object at `p` outside `allowed`; true if there were none.
    pub(super) fn check_keys(&mut self, p: &Pointer, allowed: super::raw::Allowed) -> bool {
        let problems = self.raw.unsupported_keys(p, allowed);
        let ok = problems.is_empty();
        for message in problems {
            self.error(p, message);
        }
        ok
    }

    /// The required, non-blank description of the object at `p`, followed by its
    /// `x-ncp-note` (where published sources disagree, and what the spec chose) as a paragraph
    /// of its own, so the note reaches the generated docs.
    pub(super) fn description(&mut self, p: &Pointer, what: &str) -> String {
        let description = match self.raw.description(p) {
            Some(d) => d,
            None => {
                self.error(
                    p,
                    format!("{what} needs a `description` (the generated docs use it)"),
                );
                String::new()
            }
        };
        match self.raw.at(p).and_then(|v| v.get(super::raw::NOTE)) {
            None => description,
            Some(serde_json::Value::String(note)) if !note.trim().is_empty() => {
                // One paragraph: the docs emitter wraps it.
                let note: Vec<&str> = note.split_whitespace().collect();
                format!(
                    "{description}\n\nWhere sources disagree: {}",
                    note.join(" ")
                )
            }
            Some(_) => {
                self.error(&p.join(super::raw::NOTE), "must be a non-empty string");
                description
            }
        }
    }

    /// The `x-ncp-unit` at `p` (`Some(None)` when there is none); `None` after reporting a bad
    /// one.
    pub(super) fn unit(&mut self, p: &Pointer) -> Option<Option<String>> {
        self.raw
            .unit(p)
            .map_err(|message| self.error(&p.join("x-ncp-unit"), message))
            .ok()
    }

    /// The Rust field name of the property or parameter `api_name` at `p`; `None` after
    /// reporting that none can be made.
    pub(super) fn field_name(&mut self, p: &Pointer, api_name: &str) -> Option<String> {
        let name = super::names::field_name(api_name);
        if name.is_none() {
            self.error(
                p,
                format!("no Rust field name can be made from `{api_name}`"),
            );
        }
        name
    }

    /// The component schema named by a `$ref` at `p`.
    pub(super) fn schema_ref(&mut self, p: &Pointer, reference: &str) -> Option<String> {
        let name = reference.strip_prefix("#/components/schemas/");
        match name {
            Some(name) if !name.contains('/') && self.schemas.contains_key(name) => {
                Some(name.to_owned())
            }
            Some(_) => {
                self.error(p, format!("`$ref: {reference}` points to no schema"));
                None
            }
            None => {
                self.error(
                    p,
                    format!(
                        "`$ref: {reference}`: only `#/components/schemas/...` is supported here"
                    ),
                );
                None
            }
        }
    }

    /// The class of a component schema (`Invalid` if unknown).
    pub(super) fn class(&self, name: &str) -> Class {
        self.classes.get(name).copied().unwrap_or(Class::Invalid)
    }

    /// The pointer of a component schema.
    pub(super) fn schema_pointer(name: &str) -> Pointer {
        Pointer::root()
            .join("components")
            .join("schemas")
            .join(name)
    }
}
