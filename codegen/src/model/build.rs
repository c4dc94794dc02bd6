//! The model builder: the order of the passes, and the checks that span them.

use std::collections::{BTreeMap, BTreeSet};

use super::ctx::Ctx;
use super::raw::Raw;
use super::{Api, Service, TypeDef};
use crate::error::SpecError;
use crate::load::Document;
use crate::pointer::Pointer;

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
    let requests = super::operations::request_schemas(&ctx);
    super::schemas::classify(&mut ctx, &wrappers, &requests);
    super::schemas::build_types(&mut ctx);
    let mut operations = super::operations::build_operations(&mut ctx);
    super::waiters::attach(&mut ctx, &mut operations);
    super::schemas::mark_query_encode(&mut ctx, &operations);
    super::rules::check_structs(&mut ctx, &mut operations);
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
    check_modules(&mut ctx, &operations);

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

/// Each operation and each generated type has a module (file) of its own, named after it: two
/// names that become the same module name (`ABTest`, `AbTest`) are an error.
fn check_modules(ctx: &mut Ctx<'_>, operations: &[super::Operation]) {
    let schemas = Pointer::root().join("components").join("schemas");
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let generated: Vec<(String, String)> = ctx
        .types
        .values()
        .filter(|t| !matches!(t, TypeDef::Struct(s) if s.runtime_type.is_some()))
        .map(|t| (t.name().to_owned(), t.module().to_owned()))
        .collect();
    for (name, module) in generated {
        if let Some(other) = seen.insert(module.clone(), name.clone()) {
            ctx.error(
                &schemas.join(&name),
                format!("`{name}` and `{other}` both become the module `types::{module}`"),
            );
        }
    }
    let paths = Pointer::root().join("paths");
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for op in operations {
        if let Some(other) = seen.insert(&op.module, &op.name) {
            ctx.error(
                &paths.join(format!("/{}", op.name)),
                format!(
                    "`{}` and `{other}` both become the module `operations::{}`",
                    op.name, op.module
                ),
            );
        }
    }
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
