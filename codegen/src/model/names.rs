//! Rust names for spec names.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords (2024 edition) that need a raw identifier.
#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; an underscore is appended instead.
const NON_RAW_KEYWORDS: &[&str] = &["crate", "self", "super", "Self", "_"];

/// Names the generated code uses unqualified; a schema with such a name would shadow them.
#[rustfmt::skip]
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box", "Default", "Err", "From", "Into", "None", "Ok", "Option", "Result", "Self", "Some",
    "String", "Vec",
];

/// Whether `s` is a plain (non-raw) Rust identifier.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_ascii_alphabetic() => {}
        _ => return false,
    }
    s != "_" && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Makes an identifier out of a snake-case word, handling keywords.
fn keyword_safe(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// The Rust field/method name for an API name: `serverImageNo` -> `server_image_no`,
/// `type` -> `r#type`, `self` -> `self_`. `None` if the result is not an identifier.
pub fn field_name(api_name: &str) -> Option<String> {
    let snake = api_name.to_snake_case();
    is_identifier(&snake).then(|| keyword_safe(snake))
}

/// The module (and file) name of a generated item: `getServerImageList` ->
/// `get_server_image_list`, `OsTypeCodeValue` -> `os_type_code_value`. A keyword gets a
/// trailing `_` rather than a raw identifier, so that the file name is the module name.
pub fn module_name(name: &str) -> String {
    let snake = name.to_snake_case();
    if KEYWORDS.contains(&snake.as_str()) || NON_RAW_KEYWORDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// The type-name prefix for an operation: `getServerImageDetail` -> `GetServerImageDetail`.
pub fn operation_type_prefix(operation: &str) -> Option<String> {
    let camel = operation.to_upper_camel_case();
    (is_identifier(&camel) && camel != "Self").then_some(camel)
}

/// The enum variant for a wire value: `IN_SERVICE` -> `InService`, `X86_64` -> `X86_64`,
/// `SELF` -> `Self_`, `1G` -> `V1g`. `None` if nothing usable is left.
///
/// Words split at `_`, `-`, `.`, spaces and lower-to-upper case changes; each word is
/// capitalized. Between two words that end and start with a digit an underscore is kept, so
/// `X86_64` does not turn into `X8664`.
pub fn variant_name(value: &str) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev: Option<char> = None;
    for c in value.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            if p.is_ascii_lowercase() && c.is_ascii_uppercase() && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
        prev = Some(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    let mut out = String::new();
    for word in &words {
        let ends_digit = out.chars().last().is_some_and(|c| c.is_ascii_digit());
        if ends_digit && word.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    if out.is_empty() {
        return None;
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if out == "Self" {
        out.push('_');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names() {
        assert_eq!(field_name("serverImageNo").unwrap(), "server_image_no");
        assert_eq!(
            field_name("blockStorageMappingList").unwrap(),
            "block_storage_mapping_list"
        );
        assert_eq!(
            field_name("isEncryptedVolume").unwrap(),
            "is_encrypted_volume"
        );
        assert_eq!(field_name("iops").unwrap(), "iops");
        assert_eq!(field_name("type").unwrap(), "r#type");
        assert_eq!(field_name("match").unwrap(), "r#match");
        assert_eq!(field_name("self").unwrap(), "self_");
        assert_eq!(field_name("super").unwrap(), "super_");
        assert_eq!(field_name("IPAddress").unwrap(), "ip_address");
        assert_eq!(field_name("1abc"), None);
        assert_eq!(field_name("a-b").unwrap(), "a_b");
        assert_eq!(field_name("ä"), None);
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("IN_SERVICE").unwrap(), "InService");
        assert_eq!(variant_name("NCP").unwrap(), "Ncp");
        assert_eq!(variant_name("SELF").unwrap(), "Self_");
        assert_eq!(variant_name("X86_64").unwrap(), "X86_64");
        assert_eq!(variant_name("CB1").unwrap(), "Cb1");
        assert_eq!(variant_name("xml").unwrap(), "Xml");
        assert_eq!(variant_name("fadeOut").unwrap(), "FadeOut");
        assert_eq!(variant_name("1G").unwrap(), "V1g");
        assert_eq!(variant_name("a.b-c d").unwrap(), "ABCD");
        assert_eq!(variant_name("--"), None);
        assert_eq!(variant_name(""), None);
    }

    #[test]
    fn operation_prefixes() {
        assert_eq!(
            operation_type_prefix("getServerImageDetail").unwrap(),
            "GetServerImageDetail"
        );
        assert_eq!(operation_type_prefix("get-x").unwrap(), "GetX");
        assert_eq!(operation_type_prefix("9x"), None);
    }
}
