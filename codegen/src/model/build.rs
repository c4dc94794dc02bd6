//! The model builder: shared context and the order of the passes.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, Schema};

use super::raw::Raw;
use super::{Api, Service, TypeDef};
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
    /// Not usable (already reported).
    Invalid,
}

/// Shared state of the passes.
pub(super) struct Ctx<'a> {
    pub(super) doc: &'a Document,
    pub(super) raw: Raw<'a>,
    errors: Vec<SpecError>,
    seen: BTreeSet<SpecError>,
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

/// Builds and validates the model; on failure returns every problem found.
pub fn build(doc: &Document) -> Result<Api, Vec<SpecError>> {
    let schemas = doc
        .api
        .components
        .as_ref()
        .map(|c| c.schemas.iter().map(|(k, v)| (k.clone(), v)).collect())
        .unwrap_or_default();
    let mut ctx = Ctx {
        doc,
        raw: Raw::new(&doc.raw),
        errors: Vec::new(),
        seen: BTreeSet::new(),
        schemas,
        classes: BTreeMap::new(),
        types: BTreeMap::new(),
    };
    let components = Pointer::root().join("components");
    ctx.check_keys(&components, super::raw::COMPONENTS);

    let wrappers = super::operations::json_wrappers(&ctx);
    super::schemas::classify(&mut ctx, &wrappers);
    super::schemas::build_types(&mut ctx);
    let operations = super::operations::build_operations(&mut ctx);
    super::schemas::mark_query_encode(&mut ctx, &operations);
    super::schemas::check_error_schemas(&mut ctx);
    let mut service = service(&mut ctx, !operations.is_empty());
    let root_codes = super::operations::retryable_codes(
        &mut ctx,
        &Pointer::root().join(super::raw::RETRYABLE_CODES),
        doc.raw.get(super::raw::RETRYABLE_CODES),
    );
    if let Some(service) = &mut service {
        service.retryable_codes = root_codes;
    }

    if !ctx.errors.is_empty() {
        return Err(ctx.errors);
    }
    // Spec order: the component schemas' order, wrappers left out.
    let order: Vec<String> = ctx.schemas.keys().cloned().collect();
    let mut types_by_name = std::mem::take(&mut ctx.types);
    let types = order
        .iter()
        .filter_map(|name| types_by_name.remove(name))
        .collect();
    let info = &doc.api.info;
    Ok(Api {
        title: info.title.trim().to_owned(),
        description: info
            .description
            .as_deref()
            .map(str::trim)
            .map(str::to_owned),
        operations,
        types,
        service,
    })
}

/// The service's base path from `servers[0].url` (`https://host/vserver/v2` -> `/vserver/v2`):
/// the generated client and mock append operation names to it. Required when there are
/// operations; the URL must be absolute and have a path.
fn service(ctx: &mut Ctx<'_>, needed: bool) -> Option<Service> {
    let p = Pointer::root().join("servers");
    let Some(server) = ctx.doc.api.servers.first() else {
        if needed {
            ctx.error(
                &p,
                "a spec with operations needs a server URL: its path is the service's base path",
            );
        }
        return None;
    };
    let p = p.join("0").join("url");
    let url = server.url.trim();
    let path = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .map(|path| path.trim_end_matches('/'))
        .filter(|path| !path.is_empty());
    let Some(path) = path else {
        ctx.error(
            &p,
            format!("`{url}`: expected an absolute http(s) URL with the service's path, like `https://gateway/service/v2`"),
        );
        return None;
    };
    let valid = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b))
        && !path.contains("//");
    if !valid {
        ctx.error(&p, format!("`{path}`: the base path may hold only letters, digits, `-`, `_`, `.` and single `/`"));
        return None;
    }
    let name = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    Some(Service {
        name: name.to_owned(),
        base_path: path.to_owned(),
        retryable_codes: Vec::new(),
    })
}
