//! The mock's side of the query string: percent-decoding, and typed reads of single and NCP list
//! parameters (`name.1=..&name.2=..`) for the generated per-operation decoders.

use std::fmt;
use std::str::FromStr;

use crate::InvalidRequest;

/// A request's query parameters, percent-decoded, in the order received.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryParams {
    pairs: Vec<(String, String)>,
}

impl QueryParams {
    /// Parses a raw query (the text after `?`). `+` is a plus sign, as the client never sends
    /// it for a space; malformed `%` escapes and non-UTF-8 text are errors.
    pub fn parse(query: &str) -> Result<Self, QueryDecodeError> {
        let mut pairs = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            pairs.push((percent_decode(name)?, percent_decode(value)?));
        }
        Ok(Self { pairs })
    }

    /// Parses an `application/x-www-form-urlencoded` body: as [`parse`](Self::parse), except
    /// that `+` is a space there, as a server reads a form.
    pub fn parse_form(body: &str) -> Result<Self, QueryDecodeError> {
        Self::parse(&body.replace('+', " ")).map_err(|e| {
            QueryDecodeError::new(e.parameter().replace(' ', "+"), e.reason().to_owned())
        })
    }

    /// The parameters of a request whose query held `query` and whose form body held `body`:
    /// the query's, then the body's. A name given in both is an error (a server could not tell
    /// which one counts).
    pub fn merge(query: QueryParams, body: QueryParams) -> Result<Self, QueryDecodeError> {
        if let Some((name, _)) = body
            .pairs
            .iter()
            .find(|(name, _)| query.pairs.iter().any(|(q, _)| q == name))
        {
            return Err(QueryDecodeError::new(
                name.clone(),
                "given both in the query and in the body",
            ));
        }
        let mut pairs = query.pairs;
        pairs.extend(body.pairs);
        Ok(Self { pairs })
    }

    /// The parameters as `(name, value)` pairs, in the order received.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The value of the single parameter `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The single parameter `name`, parsed; an error when it is repeated or does not parse.
    pub fn single<T: FromStr>(&self, name: &str) -> Result<Option<T>, QueryDecodeError> {
        let mut values = self.pairs.iter().filter(|(k, _)| k == name);
        let Some((_, value)) = values.next() else {
            return Ok(None);
        };
        if values.next().is_some() {
            return Err(QueryDecodeError::new(name, "given more than once"));
        }
        parse(name, value).map(Some)
    }

    /// The NCP list parameter `name` (`name.1`, `name.2`, ...), items in index order; `None`
    /// when no item is present. Indexes must be 1, 2, ... without gaps or repeats.
    pub fn list<T: FromStr>(&self, name: &str) -> Result<Option<Vec<T>>, QueryDecodeError> {
        let mut items: Vec<(usize, &str, &str)> = Vec::new();
        for (key, value) in &self.pairs {
            let Some(index) = key
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('.'))
            else {
                continue;
            };
            let n = index.parse::<usize>().map_err(|_| {
                QueryDecodeError::new(key, "a list item needs a positive decimal index")
            })?;
            items.push((n, key, value));
        }
        if items.is_empty() {
            return Ok(None);
        }
        items.sort_by_key(|(n, _, _)| *n);
        let mut out = Vec::with_capacity(items.len());
        for (expected, (n, key, value)) in (1..).zip(items) {
            if n != expected {
                return Err(QueryDecodeError::new(
                    key,
                    format!(
                        "list indexes must run 1, 2, ... without gaps or repeats (expected `{name}.{expected}`)"
                    ),
                ));
            }
            out.push(parse(key, value)?);
        }
        Ok(Some(out))
    }

    /// The NCP list of objects `name` (`name.1.field=..&name.2.field=..`), items in index order;
    /// `None` when no item is present. Indexes must be 1, 2, ... without gaps.
    pub fn object_list<T: QueryDecode>(
        &self,
        name: &str,
    ) -> Result<Option<Vec<T>>, QueryDecodeError> {
        let mut indexes = std::collections::BTreeSet::new();
        for (key, _) in &self.pairs {
            let Some(rest) = key
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('.'))
            else {
                continue;
            };
            let index = rest.split_once('.').map_or(rest, |(n, _)| n);
            let n = index.parse::<usize>().map_err(|_| {
                QueryDecodeError::new(key, "a list item needs a positive decimal index")
            })?;
            indexes.insert(n);
        }
        if indexes.is_empty() {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(indexes.len());
        for (expected, n) in (1..).zip(indexes) {
            if n != expected {
                return Err(QueryDecodeError::new(
                    format!("{name}.{n}"),
                    format!(
                        "list indexes must run 1, 2, ... without gaps (expected `{name}.{expected}`)"
                    ),
                ));
            }
            out.push(T::decode_query(self, &format!("{name}.{n}"))?);
        }
        Ok(Some(out))
    }

    /// Whether any parameter is `prefix` or starts with `prefix.` (an optional nested object is
    /// present).
    pub fn has_prefix(&self, prefix: &str) -> bool {
        self.pairs.iter().any(|(k, _)| {
            k.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
    }

    /// The required parameter `name` of an object list item, parsed.
    pub fn required<T: FromStr>(&self, name: &str) -> Result<T, QueryDecodeError> {
        self.single(name)?
            .ok_or_else(|| QueryDecodeError::new(name, "required, but missing"))
    }

    /// Fails naming the first parameter that is neither in `singles` nor an item of one of
    /// `lists`; `responseFormatType` is always allowed.
    pub fn deny_unknown(&self, singles: &[&str], lists: &[&str]) -> Result<(), QueryDecodeError> {
        for (key, _) in &self.pairs {
            let known = key == "responseFormatType"
                || singles.contains(&key.as_str())
                || key
                    .split_once('.')
                    .is_some_and(|(base, _)| lists.contains(&base));
            if !known {
                return Err(QueryDecodeError::new(
                    key,
                    "not a parameter of this operation",
                ));
            }
        }
        Ok(())
    }
}

/// An object that travels as a list item parameter (`name.N.field=..`): generated for the
/// request structs whose values the client encodes with `QueryEncode`.
pub trait QueryDecode: Sized {
    /// Reads the object whose parameters start with `prefix.` (e.g. `networkInterfaceList.1`).
    fn decode_query(query: &QueryParams, prefix: &str) -> Result<Self, QueryDecodeError>;
}

fn parse<T: FromStr>(name: &str, value: &str) -> Result<T, QueryDecodeError> {
    // NCP's Python SDK writes booleans as Python prints them (`True`, `False`); the API takes
    // them, so the mock does too (only when the value does not parse as sent).
    let python_bool = match value {
        "True" => Some("true"),
        "False" => Some("false"),
        _ => None,
    };
    value
        .parse()
        .or_else(|e| python_bool.ok_or(e)?.parse())
        .map_err(|_| {
            QueryDecodeError::new(
                name,
                format!("cannot read {value:?} as {}", std::any::type_name::<T>()),
            )
        })
}

/// [`crate::query::decode`], the error naming the text.
fn percent_decode(text: &str) -> Result<String, QueryDecodeError> {
    crate::query::decode(text).map_err(|e| QueryDecodeError::new(text, e.to_string()))
}

/// Why a received query is not a valid request of its operation. The mock answers such a
/// request with HTTP 400 and this text, as the API rejects bad parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryDecodeError {
    parameter: String,
    reason: String,
}

impl QueryDecodeError {
    /// An error about `parameter`.
    pub fn new(parameter: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            parameter: parameter.into(),
            reason: reason.into(),
        }
    }

    /// The parameter (or raw query piece) at fault.
    pub fn parameter(&self) -> &str {
        &self.parameter
    }

    /// What is wrong with it.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl From<InvalidRequest> for QueryDecodeError {
    fn from(e: InvalidRequest) -> Self {
        Self::new(e.parameter(), e.to_string())
    }
}

impl fmt::Display for QueryDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid query parameter `{}`: {}",
            self.parameter, self.reason
        )
    }
}

impl std::error::Error for QueryDecodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singles_and_lists_decode_in_index_order() {
        let q = QueryParams::parse("a=x%20y&l.2=20&l.1=10&n=5&responseFormatType=json").unwrap();
        assert_eq!(q.single::<String>("a").unwrap().as_deref(), Some("x y"));
        assert_eq!(q.single::<i32>("n").unwrap(), Some(5));
        assert_eq!(q.list::<i64>("l").unwrap(), Some(vec![10, 20]));
        assert_eq!(q.list::<i64>("missing").unwrap(), None);
        q.deny_unknown(&["a", "n"], &["l"]).unwrap();
        assert_eq!(q.deny_unknown(&["a"], &["l"]).unwrap_err().parameter(), "n");
    }

    #[test]
    fn forms_read_plus_as_space_and_merge_without_repeats() {
        let body = QueryParams::parse_form("a=x+y%2Bz&n=1").unwrap();
        assert_eq!(body.get("a"), Some("x y+z"));
        let query = QueryParams::parse("responseFormatType=json").unwrap();
        let merged = QueryParams::merge(query.clone(), body).unwrap();
        assert_eq!(
            merged.pairs(),
            [
                ("responseFormatType".to_owned(), "json".to_owned()),
                ("a".to_owned(), "x y+z".to_owned()),
                ("n".to_owned(), "1".to_owned()),
            ]
        );
        let twice = QueryParams::parse_form("n=1&responseFormatType=xml").unwrap();
        let e = QueryParams::merge(query, twice).unwrap_err();
        assert_eq!(e.parameter(), "responseFormatType");
        assert!(e.reason().contains("both"), "{e}");
        assert!(QueryParams::parse_form("a=%zz").is_err());
    }

    #[derive(Debug)]
    struct Pair(String, Option<i32>);

    impl QueryDecode for Pair {
        fn decode_query(q: &QueryParams, prefix: &str) -> Result<Self, QueryDecodeError> {
            Ok(Pair(
                q.required(&format!("{prefix}.a"))?,
                q.single(&format!("{prefix}.b"))?,
            ))
        }
    }

    #[test]
    fn object_lists_decode_by_index() {
        let q = QueryParams::parse("o.2.a=y&o.1.b=1&o.1.a=x&p.x=1").unwrap();
        let items: Vec<Pair> = q.object_list("o").unwrap().unwrap();
        assert_eq!(
            items
                .iter()
                .map(|p| (p.0.as_str(), p.1))
                .collect::<Vec<_>>(),
            [("x", Some(1)), ("y", None)]
        );
        assert!(q.has_prefix("p") && q.has_prefix("o.1") && !q.has_prefix("o.3"));
        let gap = QueryParams::parse("o.1.a=x&o.3.a=z").unwrap();
        assert_eq!(gap.object_list::<Pair>("o").unwrap_err().parameter(), "o.3");
        let missing = QueryParams::parse("o.1.b=1").unwrap();
        assert_eq!(
            missing.object_list::<Pair>("o").unwrap_err().parameter(),
            "o.1.a"
        );
    }

    #[test]
    fn booleans_may_be_capitalized_as_python_writes_them() {
        let q = QueryParams::parse("a=True&b=False&c=TRUE").unwrap();
        assert_eq!(q.single::<bool>("a").unwrap(), Some(true));
        assert_eq!(q.single::<bool>("b").unwrap(), Some(false));
        assert!(q.single::<bool>("c").is_err());
        // Text stays as sent.
        assert_eq!(q.single::<String>("a").unwrap().as_deref(), Some("True"));
    }

    #[test]
    fn bad_queries_name_the_parameter() {
        let q = QueryParams::parse("n=abc&l.1=1&l.3=3&d=1&d=2").unwrap();
        assert_eq!(q.single::<i32>("n").unwrap_err().parameter(), "n");
        assert_eq!(q.list::<i32>("l").unwrap_err().parameter(), "l.3");
        assert!(
            q.single::<i32>("d")
                .unwrap_err()
                .reason()
                .contains("more than once")
        );
        assert!(QueryParams::parse("a=%zz").is_err());
        assert!(QueryParams::parse("a=%ff").is_err());
        let q = QueryParams::parse("l.x=1").unwrap();
        assert_eq!(q.list::<i32>("l").unwrap_err().parameter(), "l.x");
    }
}
