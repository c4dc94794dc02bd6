//! The checks a generated request builder makes before anything is sent, one rule per
//! parameter as the spec declares it (`docs/design.md` §1): lengths, byte limits and patterns of
//! text, ranges and steps of integers, item counts of lists. A generated `build()` keeps each
//! rule in a `static` (a pattern is compiled once, on first use) and calls `check`, which names
//! the parameter in the [`InvalidRequest`] it returns; the name is made only then, so a list
//! item's path (`networkInterfaceList.2.subnetNo`) costs nothing when the value is valid.
//!
//! [`Redacted`] is what generated `Debug` impls print in place of a secret
//! (`x-ncp-sensitive`).

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use crate::InvalidRequest;

/// A regular expression (the `regex-lite` syntax, which the generator checks each spec
/// `pattern` against), compiled on first use. Like JSON Schema's `pattern`, it matches anywhere
/// in the text unless anchored with `^`/`$`.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<regex_lite::Regex>,
}

impl Pattern {
    /// A pattern, not compiled yet.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The expression as written in the spec.
    pub fn as_str(&self) -> &'static str {
        self.source
    }

    /// Whether `text` matches.
    ///
    /// # Panics
    ///
    /// When the expression does not compile; the generator refuses such a spec, so only a
    /// hand-made `Pattern` can.
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| {
                regex_lite::Regex::new(self.source)
                    .unwrap_or_else(|e| panic!("invalid pattern `{}`: {e}", self.source))
            })
            .is_match(text)
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// The rules of one text parameter (or of each item of a text list).
#[derive(Debug)]
pub struct TextRule {
    min_chars: Option<usize>,
    max_chars: Option<usize>,
    max_bytes: Option<usize>,
    pattern: Option<Pattern>,
}

impl TextRule {
    /// No rule yet.
    pub const fn new() -> Self {
        TextRule {
            min_chars: None,
            max_chars: None,
            max_bytes: None,
            pattern: None,
        }
    }

    /// At least `n` characters (`minLength`, counted in Unicode scalar values).
    pub const fn min_chars(mut self, n: usize) -> Self {
        self.min_chars = Some(n);
        self
    }

    /// At most `n` characters (`maxLength`).
    pub const fn max_chars(mut self, n: usize) -> Self {
        self.max_chars = Some(n);
        self
    }

    /// At most `n` bytes of UTF-8 (`x-ncp-max-bytes`).
    pub const fn max_bytes(mut self, n: usize) -> Self {
        self.max_bytes = Some(n);
        self
    }

    /// Must match `source` (`pattern`); the other rules are added to this one (a `const fn`
    /// cannot replace a pattern it would have to drop).
    pub const fn matching(source: &'static str) -> Self {
        TextRule {
            min_chars: None,
            max_chars: None,
            max_bytes: None,
            pattern: Some(Pattern::new(source)),
        }
    }

    /// Checks `value`: characters, then bytes, then the pattern.
    ///
    /// # Errors
    ///
    /// The first rule broken, naming the parameter `name()`.
    pub fn check<N: Into<Cow<'static, str>>>(
        &self,
        value: &str,
        name: impl FnOnce() -> N,
    ) -> Result<(), InvalidRequest> {
        if self.min_chars.is_some() || self.max_chars.is_some() {
            let length = value.chars().count();
            if self.min_chars.is_some_and(|min| length < min)
                || self.max_chars.is_some_and(|max| length > max)
            {
                return Err(InvalidRequest::length(
                    name(),
                    length,
                    self.min_chars,
                    self.max_chars,
                ));
            }
        }
        if let Some(max) = self.max_bytes.filter(|&max| value.len() > max) {
            return Err(InvalidRequest::too_many_bytes(name(), value.len(), max));
        }
        if let Some(pattern) = self.pattern.as_ref().filter(|p| !p.is_match(value)) {
            return Err(InvalidRequest::pattern(name(), pattern.as_str()));
        }
        Ok(())
    }
}

impl Default for TextRule {
    fn default() -> Self {
        Self::new()
    }
}

/// The rules of one integer parameter (or of each item of an integer list).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IntRule {
    min: Option<i64>,
    max: Option<i64>,
    multiple_of: Option<i64>,
}

impl IntRule {
    /// No rule yet.
    pub const fn new() -> Self {
        IntRule {
            min: None,
            max: None,
            multiple_of: None,
        }
    }

    /// At least `n` (`minimum`).
    pub const fn min(mut self, n: i64) -> Self {
        self.min = Some(n);
        self
    }

    /// At most `n` (`maximum`).
    pub const fn max(mut self, n: i64) -> Self {
        self.max = Some(n);
        self
    }

    /// A multiple of `n` (`multipleOf`; the generator accepts only positive steps).
    pub const fn multiple_of(mut self, n: i64) -> Self {
        self.multiple_of = Some(n);
        self
    }

    /// Checks `value`: the range, then the step.
    ///
    /// # Errors
    ///
    /// The first rule broken, naming the parameter `name()`.
    pub fn check<N: Into<Cow<'static, str>>>(
        &self,
        value: impl Into<i64>,
        name: impl FnOnce() -> N,
    ) -> Result<(), InvalidRequest> {
        let value = value.into();
        if self.min.is_some_and(|min| value < min) || self.max.is_some_and(|max| value > max) {
            return Err(InvalidRequest::out_of_range(
                name(),
                value,
                self.min,
                self.max,
            ));
        }
        if let Some(step) = self
            .multiple_of
            .filter(|&step| step != 0 && value % step != 0)
        {
            return Err(InvalidRequest::not_multiple_of(name(), value, step));
        }
        Ok(())
    }
}

/// The item count of one list parameter (`minItems`, `maxItems`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListRule {
    min: Option<usize>,
    max: Option<usize>,
}

impl ListRule {
    /// No rule yet.
    pub const fn new() -> Self {
        ListRule {
            min: None,
            max: None,
        }
    }

    /// At least `n` items.
    pub const fn min_items(mut self, n: usize) -> Self {
        self.min = Some(n);
        self
    }

    /// At most `n` items.
    pub const fn max_items(mut self, n: usize) -> Self {
        self.max = Some(n);
        self
    }

    /// Checks a list of `count` items. An unset optional list is not checked (the API applies
    /// no rule to what is not sent).
    ///
    /// # Errors
    ///
    /// [`InvalidRequest::item_count`] naming the list `name()`.
    pub fn check<N: Into<Cow<'static, str>>>(
        &self,
        count: usize,
        name: impl FnOnce() -> N,
    ) -> Result<(), InvalidRequest> {
        if self.min.is_some_and(|min| count < min) || self.max.is_some_and(|max| count > max) {
            return Err(InvalidRequest::item_count(
                name(),
                count,
                self.min,
                self.max,
            ));
        }
        Ok(())
    }
}

/// Prints `"***"` in `Debug` output: generated types show it in place of a secret
/// (`x-ncp-sensitive`), so that logging a request or a response never prints a private key or
/// a password. An absent secret still shows as `None`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::InvalidRequestReason;

    #[test]
    fn text_rules_count_characters_and_bytes_and_match_patterns() {
        static NAME: TextRule = TextRule::matching("^[a-z][a-z0-9-]*[a-z0-9]$")
            .min_chars(3)
            .max_chars(5);
        assert!(NAME.check("abc", || "n").is_ok());
        assert!(NAME.check("abcde", || "n").is_ok());
        let short = NAME.check("ab", || "n").unwrap_err();
        assert_eq!(
            short.reason(),
            &InvalidRequestReason::Length {
                length: 2,
                min: Some(3),
                max: Some(5)
            }
        );
        assert!(NAME.check("abcdef", || "n").is_err());
        let bad = NAME.check("ab-", || format!("list.{}.n", 2)).unwrap_err();
        assert_eq!(bad.parameter(), "list.2.n");
        assert!(matches!(bad.reason(), InvalidRequestReason::Pattern { .. }));

        static DESCRIPTION: TextRule = TextRule::new().max_bytes(6);
        // Two Hangul syllables are 6 bytes: at the limit; a third is past it.
        assert!(DESCRIPTION.check("가나", || "d").is_ok());
        assert_eq!(
            DESCRIPTION.check("가나다", || "d").unwrap_err().reason(),
            &InvalidRequestReason::TooManyBytes { bytes: 9, max: 6 }
        );
        // Characters, not bytes, for the length rules.
        static CHARS: TextRule = TextRule::new().max_chars(2);
        assert!(CHARS.check("가나", || "c").is_ok());
    }

    #[test]
    fn int_and_list_rules() {
        static SIZE: IntRule = IntRule::new().min(10).max(16380).multiple_of(10);
        assert!(SIZE.check(10, || "s").is_ok());
        assert!(SIZE.check(16380i32, || "s").is_ok());
        assert!(SIZE.check(0, || "s").is_err());
        assert!(SIZE.check(16390, || "s").is_err());
        assert_eq!(
            SIZE.check(15, || "s").unwrap_err().reason(),
            &InvalidRequestReason::NotMultipleOf {
                value: 15,
                multiple_of: 10
            }
        );
        static LIST: ListRule = ListRule::new().min_items(1).max_items(3);
        assert!(LIST.check(1, || "l").is_ok());
        assert!(LIST.check(3, || "l").is_ok());
        assert!(LIST.check(0, || "l").is_err());
        assert!(LIST.check(4, || "l").is_err());
    }

    #[test]
    fn redacted_prints_stars() {
        assert_eq!(format!("{:?}", Some(Redacted)), "Some(\"***\")");
    }
}
