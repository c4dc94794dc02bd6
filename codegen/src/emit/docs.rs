//! Doc comments from spec descriptions.
//!
//! Descriptions are CommonMark; rustdoc reads them as Markdown too, with two traps: indented
//! lines become code blocks and unmarked fences become Rust doctests. So leading indentation is
//! dropped outside fences, unmarked fences become `text`, and bare URLs get angle brackets
//! (rustdoc's `bare_urls` lint).

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `text` (outer, `///`).
pub fn outer(text: &str) -> TokenStream {
    let lines = lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc]` attributes for `text` (inner, `//!`).
pub fn inner(text: &str) -> TokenStream {
    let lines = lines(text);
    quote!(#(#![doc = #lines])*)
}

/// The closing line of a field's or parameter's docs: "API name: `blockStorageSize`. Unit: bytes."
pub fn api_name_line(api_name: &str, unit: Option<&str>) -> String {
    match unit {
        Some(unit) => format!("API name: `{api_name}`. Unit: {unit}."),
        None => format!("API name: `{api_name}`."),
    }
}

/// Paragraphs joined by blank lines.
pub fn join(paragraphs: &[&str]) -> String {
    paragraphs
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The doc lines, each with the leading space that `///` would give.
pub fn lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim();
        let line = if trimmed.starts_with("```") {
            let opening = !in_fence;
            in_fence = !in_fence;
            if opening && trimmed == "```" {
                "```text".to_owned()
            } else {
                trimmed.to_owned()
            }
        } else if in_fence {
            line.trim_end().to_owned()
        } else {
            wrap_urls(trimmed)
        };
        if in_fence || line.starts_with(['#', '|']) || line.len() <= WIDTH {
            out.push(if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            });
        } else {
            // Continuation lines of a list item are indented under its text (rustdoc's
            // Markdown would otherwise end the item there).
            let indent = if line.starts_with("- ") || line.starts_with("* ") {
                "  "
            } else {
                ""
            };
            for (i, l) in wrap(&line).into_iter().enumerate() {
                out.push(if i == 0 {
                    format!(" {l}")
                } else {
                    format!(" {indent}{l}")
                });
            }
        }
    }
    if in_fence {
        out.push(" ```".to_owned());
    }
    out
}

/// Longest doc line (without `/// `) before it is wrapped.
const WIDTH: usize = 92;

/// Wraps a long line at spaces (a word longer than the width stays whole).
fn wrap(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        if !current.is_empty() && current.len() + 1 + word.len() > WIDTH {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Puts `<...>` around bare `http(s)://` URLs outside inline code.
fn wrap_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        let at_word_start = out.is_empty() || out.ends_with(char::is_whitespace);
        if !in_code
            && at_word_start
            && (rest.starts_with("https://") || rest.starts_with("http://"))
        {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_sanitized() {
        let text = "First line.\n    indented\n\n```\nlet x = 1;\n  y\n```\nSee https://example.com/a. And `https://x.y` too.\n";
        assert_eq!(
            lines(text),
            [
                " First line.",
                " indented",
                "",
                " ```text",
                " let x = 1;",
                "   y",
                " ```",
                " See <https://example.com/a>. And `https://x.y` too.",
            ]
        );
    }

    #[test]
    fn long_lines_are_wrapped() {
        let long = "word ".repeat(30);
        let lines = lines(&long);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.len() <= WIDTH + 1), "{lines:?}");
        assert_eq!(lines.join(" ").split_whitespace().count(), 30);
    }

    #[test]
    fn unclosed_fences_are_closed() {
        assert_eq!(lines("```rust\nx"), [" ```rust", " x", " ```"]);
    }
}
