//! Acceptors: what a poll's result means for a wait, as data a generated crate declares in
//! `static`s.
//!
//! Paths are evaluated on the response's JSON form (`serde_json::to_value(&output)`), not on the
//! Rust types: every generated output is `serde::Serialize` with the API's field names, so one
//! small evaluator serves every response type of every service, and the paths read exactly like
//! the spec and the API's documentation (`serverInstanceList[].serverInstanceStatus.code`). The
//! cost is one conversion per poll, next to an HTTP call that takes far longer.

use std::fmt;

use serde_json::Value;

use crate::Error;

/// What a matching acceptor makes of the wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// The wanted state is reached: the wait ends with the poll's output.
    Success,
    /// A state the wanted one cannot follow (terminated while waiting for running): the wait
    /// ends at once with an error.
    Failure,
    /// Not there yet: poll again after the next delay.
    Retry,
}

impl State {
    /// `success`, `failure` or `retry`.
    pub const fn as_str(self) -> &'static str {
        match self {
            State::Success => "success",
            State::Failure => "failure",
            State::Retry => "retry",
        }
    }
}

/// A path into a response's JSON form: field names (the API's, letters, digits and `_`)
/// separated by `.`; `[]` after a field name projects over the items of that list, and the rest
/// of the path is read from each item (`serverInstanceList[].serverInstanceStatus.code` gives
/// one code per server). Several `[]` flatten into one list of items.
///
/// Built by a `const fn`, so a malformed path in a `static` fails the build (see
/// [`Path::parse`] for the checks):
///
/// ```compile_fail
/// use ncloud_runtime::waiter::Path;
///
/// static CODES: Path = Path::new("serverInstanceList[]..code"); // an empty field name
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Path {
    text: &'static str,
    projects: bool,
}

/// Why a text is not a [`Path`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PathError {
    path: &'static str,
    at: usize,
    reason: &'static str,
}

impl PathError {
    /// The rejected text.
    pub const fn path(&self) -> &'static str {
        self.path
    }

    /// The byte offset of the first problem.
    pub const fn at(&self) -> usize {
        self.at
    }

    /// What is wrong there.
    pub const fn reason(&self) -> &'static str {
        self.reason
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid waiter path `{}` at byte {}: {}",
            self.path, self.at, self.reason
        )
    }
}

impl std::error::Error for PathError {}

impl Path {
    /// The path `text`.
    ///
    /// # Panics
    ///
    /// When `text` is malformed ([`Path::parse`] says why); in a `static` or `const` that is a
    /// build error, not a run-time panic.
    pub const fn new(text: &'static str) -> Path {
        match Path::parse(text) {
            Ok(path) => path,
            // A const panic can only carry a fixed message; `parse` gives the position too.
            Err(e) => panic!("{}", e.reason),
        }
    }

    /// Checks `text`: at least one field, no empty field name (`a..b`, a leading or trailing
    /// `.`), only ASCII letters, digits and `_` in names, and `[` only as the `[]` that ends a
    /// field.
    pub const fn parse(text: &'static str) -> Result<Path, PathError> {
        let bytes = text.as_bytes();
        if bytes.is_empty() {
            return Err(path_error(text, 0, "invalid waiter path: it is empty"));
        }
        let mut projects = false;
        let mut i = 0;
        let mut name_len = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'.' {
                if name_len == 0 {
                    return Err(path_error(
                        text,
                        i,
                        "invalid waiter path: an empty field name",
                    ));
                }
                name_len = 0;
                i += 1;
            } else if b == b'[' {
                if name_len == 0 {
                    return Err(path_error(
                        text,
                        i,
                        "invalid waiter path: `[]` must follow a field name",
                    ));
                }
                if i + 1 >= bytes.len() || bytes[i + 1] != b']' {
                    return Err(path_error(
                        text,
                        i,
                        "invalid waiter path: `[` must be followed by `]`",
                    ));
                }
                if i + 2 < bytes.len() && bytes[i + 2] != b'.' {
                    return Err(path_error(
                        text,
                        i + 2,
                        "invalid waiter path: `[]` must end a field",
                    ));
                }
                projects = true;
                // The name is complete; a `.` (or the end) must come next.
                name_len = usize::MAX;
                i += 2;
            } else if b.is_ascii_alphanumeric() || b == b'_' {
                if name_len == usize::MAX {
                    return Err(path_error(
                        text,
                        i,
                        "invalid waiter path: `[]` must end a field",
                    ));
                }
                name_len += 1;
                i += 1;
            } else {
                return Err(path_error(
                    text,
                    i,
                    "invalid waiter path: field names hold only ASCII letters, digits and `_`",
                ));
            }
        }
        if name_len == 0 {
            return Err(path_error(
                text,
                bytes.len(),
                "invalid waiter path: an empty field name",
            ));
        }
        Ok(Path { text, projects })
    }

    /// The path as written.
    pub const fn as_str(&self) -> &'static str {
        self.text
    }

    /// Whether the path has a `[]`: it then selects one value per list item.
    pub const fn projects(&self) -> bool {
        self.projects
    }

    /// What the path selects in `root`. Absent fields and JSON `null` are both `None`.
    pub fn select<'v>(&self, root: &'v Value) -> Selected<'v> {
        if !self.projects {
            let mut current = Some(root);
            for name in self.text.split('.') {
                current = current.and_then(|v| v.get(name)).filter(|v| !v.is_null());
            }
            return Selected::One(current);
        }
        let mut items: Vec<Option<&'v Value>> = vec![Some(root)];
        for segment in self.text.split('.') {
            let (name, project) = match segment.strip_suffix("[]") {
                Some(name) => (name, true),
                None => (segment, false),
            };
            if project {
                // A missing list is an empty one (the generated types read it so); a value
                // that is not a list contributes no items.
                items = items
                    .into_iter()
                    .filter_map(|v| v.and_then(|v| v.get(name)))
                    .filter_map(Value::as_array)
                    .flat_map(|list| list.iter().map(Some))
                    .collect();
            } else {
                for item in &mut items {
                    *item = item.and_then(|v| v.get(name)).filter(|v| !v.is_null());
                }
            }
        }
        Selected::Many(items)
    }
}

const fn path_error(path: &'static str, at: usize, reason: &'static str) -> PathError {
    PathError { path, at, reason }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

/// What a [`Path`] selects in a response.
#[derive(Clone, Debug, PartialEq)]
pub enum Selected<'v> {
    /// A path without `[]`: the value, or `None` when absent or `null`.
    One(Option<&'v Value>),
    /// A path with `[]`: one entry per list item, `None` where the item lacks the rest of the
    /// path.
    Many(Vec<Option<&'v Value>>),
}

/// How the selected value(s) are compared. Expected values are text: a JSON string compares
/// as is, a number or a boolean by its JSON text (`5`, `true`), so the codes, numbers and flags
/// of the API all fit one form; objects and lists never equal a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// The value equals the text. Only for paths without `[]` (a list of items is not a text:
    /// use [`AllEqual`](Self::AllEqual) or [`AnyOf`](Self::AnyOf)).
    Equals(&'static str),
    /// The value, or any item, equals one of the texts.
    AnyOf(&'static [&'static str]),
    /// Every item equals the text, and there is at least one item (a path without `[]`: the
    /// value equals it).
    AllEqual(&'static str),
    /// No items: the projection selected none, or the value is absent, `null` or `[]`.
    ListEmpty,
    /// The value is there: not absent, not `null`, not an empty text (the XML form of the API
    /// sends an emptied field as an empty element). With `[]`: for every item, and at least one.
    Present,
    /// The opposite of [`Present`](Self::Present) for the value, or for every item (at least
    /// one).
    Absent,
}

impl Comparator {
    /// Whether `selected` passes this comparison.
    pub fn matches(&self, selected: &Selected<'_>) -> bool {
        match (self, selected) {
            (Comparator::Equals(want) | Comparator::AllEqual(want), Selected::One(v)) => {
                v.is_some_and(|v| text_eq(v, want))
            }
            (Comparator::Equals(_), Selected::Many(_)) => false,
            (Comparator::AnyOf(wants), Selected::One(v)) => {
                v.is_some_and(|v| wants.iter().any(|w| text_eq(v, w)))
            }
            (Comparator::AnyOf(wants), Selected::Many(items)) => items
                .iter()
                .flatten()
                .any(|v| wants.iter().any(|w| text_eq(v, w))),
            (Comparator::AllEqual(want), Selected::Many(items)) => {
                !items.is_empty() && items.iter().all(|v| v.is_some_and(|v| text_eq(v, want)))
            }
            (Comparator::ListEmpty, Selected::One(v)) => {
                v.is_none_or(|v| v.as_array().is_some_and(Vec::is_empty))
            }
            (Comparator::ListEmpty, Selected::Many(items)) => items.is_empty(),
            (Comparator::Present, Selected::One(v)) => present(*v),
            (Comparator::Absent, Selected::One(v)) => !present(*v),
            (Comparator::Present, Selected::Many(items)) => {
                !items.is_empty() && items.iter().all(|v| present(*v))
            }
            (Comparator::Absent, Selected::Many(items)) => {
                !items.is_empty() && items.iter().all(|v| !present(*v))
            }
        }
    }
}

/// Which resources of those the caller asked for a list poll shows, for waits on several
/// resources at once. A resource missing from a list that was asked for it is gone: a failure
/// for a "running" waiter, the success of a "terminated" one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdRule {
    /// Every requested id is among the selected values.
    AllPresent,
    /// At least one requested id is not among them.
    AnyMissing,
    /// None of the requested ids is among them.
    AllMissing,
}

impl IdRule {
    /// Whether the requested ids and the ids a poll returned pass this rule. With no requested
    /// ids the rule never matches: there is nothing to look for.
    pub fn matches<S: AsRef<str>>(&self, requested: &[S], selected: &Selected<'_>) -> bool {
        if requested.is_empty() {
            return false;
        }
        let found = |id: &S| match selected {
            Selected::One(v) => v.is_some_and(|v| text_eq(v, id.as_ref())),
            Selected::Many(items) => items.iter().flatten().any(|v| text_eq(v, id.as_ref())),
        };
        match self {
            IdRule::AllPresent => requested.iter().all(found),
            IdRule::AnyMissing => !requested.iter().all(found),
            IdRule::AllMissing => !requested.iter().any(found),
        }
    }
}

/// What an acceptor looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Matcher {
    /// A successful poll whose output passes `comparator` at `path`.
    Output {
        /// Where in the output.
        path: Path,
        /// How the value there is compared.
        comparator: Comparator,
    },
    /// A successful poll whose ids at `path` (one per item) pass `rule` against the ids the
    /// caller asked for.
    Ids {
        /// Where the ids are (`serverInstanceList[].serverInstanceNo`).
        path: Path,
        /// Which of the requested ids must (not) be there.
        rule: IdRule,
    },
    /// A poll that failed with [`Error::Api`] whose `returnCode` is this code.
    ErrorCode(&'static str),
    /// A poll that failed with an error that may pass if tried again
    /// ([`Error::is_retryable`]), after the call's own retries.
    RetryableError,
}

/// One rule of a waiter: a [`Matcher`] and the [`State`] it leads to. A waiter's acceptors are
/// tried in order; the first that matches decides; when none does, a successful poll means
/// [`State::Retry`] and a failed one ends the wait
/// ([`WaiterError::PollFailed`](super::WaiterError::PollFailed)).
///
/// ```
/// use ncloud_runtime::waiter::{Acceptor, Comparator, IdRule, State};
///
/// static RUNNING: [Acceptor; 4] = [
///     // A server missing from the list it was asked for is gone.
///     Acceptor::ids(State::Failure, "serverInstanceList[].serverInstanceNo", IdRule::AnyMissing),
///     Acceptor::output(
///         State::Success,
///         "serverInstanceList[].serverInstanceStatus.code",
///         Comparator::AllEqual("RUN"),
///     ),
///     Acceptor::output(
///         State::Failure,
///         "serverInstanceList[].serverInstanceStatus.code",
///         Comparator::AnyOf(&["TERMT"]),
///     ),
///     Acceptor::retryable_error(),
/// ];
/// assert_eq!(RUNNING[1].state(), State::Success);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Acceptor {
    state: State,
    matcher: Matcher,
}

impl Acceptor {
    /// `state` when the output passes `comparator` at `path`.
    ///
    /// # Panics
    ///
    /// (At build time in a `static`.) When `path` is malformed, or [`Comparator::Equals`] is
    /// given a path with `[]`.
    pub const fn output(state: State, path: &'static str, comparator: Comparator) -> Self {
        let path = Path::new(path);
        if path.projects && matches!(comparator, Comparator::Equals(_)) {
            panic!(
                "waiter acceptor: `Equals` compares one value; a path with `[]` needs `AllEqual` or `AnyOf`"
            );
        }
        Acceptor {
            state,
            matcher: Matcher::Output { path, comparator },
        }
    }

    /// `state` when the ids at `path` pass `rule` against the requested ids.
    ///
    /// # Panics
    ///
    /// (At build time in a `static`.) When `path` is malformed or has no `[]` (ids come one per
    /// list item).
    pub const fn ids(state: State, path: &'static str, rule: IdRule) -> Self {
        let path = Path::new(path);
        if !path.projects {
            panic!("waiter acceptor: an ids path selects one id per item, so it needs a `[]`");
        }
        Acceptor {
            state,
            matcher: Matcher::Ids { path, rule },
        }
    }

    /// `state` when the poll failed with this API `returnCode` (e.g. a "not found" code as the
    /// success of a deletion waiter).
    pub const fn error_code(state: State, code: &'static str) -> Self {
        Acceptor {
            state,
            matcher: Matcher::ErrorCode(code),
        }
    }

    /// Retry when the poll failed with a retryable error (a 5xx, a throttle, a dropped
    /// connection that outlasted the call's own retries) rather than ending the wait.
    pub const fn retryable_error() -> Self {
        Acceptor {
            state: State::Retry,
            matcher: Matcher::RetryableError,
        }
    }

    /// The state this acceptor leads to.
    pub const fn state(&self) -> State {
        self.state
    }

    /// What it looks at.
    pub const fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Whether this acceptor matches a successful poll, given its JSON form.
    pub fn matches_output<S: AsRef<str>>(&self, output: &Value, requested: &[S]) -> bool {
        match &self.matcher {
            Matcher::Output { path, comparator } => comparator.matches(&path.select(output)),
            Matcher::Ids { path, rule } => rule.matches(requested, &path.select(output)),
            Matcher::ErrorCode(_) | Matcher::RetryableError => false,
        }
    }

    /// Whether this acceptor matches a failed poll.
    pub fn matches_error(&self, error: &Error) -> bool {
        match &self.matcher {
            Matcher::ErrorCode(code) => {
                matches!(error, Error::Api(e) if e.return_code() == Some(*code))
            }
            Matcher::RetryableError => error.is_retryable(),
            Matcher::Output { .. } | Matcher::Ids { .. } => false,
        }
    }
}

/// The state the first matching acceptor gives a poll's result, if any matches. The output is
/// converted to JSON only when an acceptor looks at outputs.
pub(crate) fn classify<T: serde::Serialize, S: AsRef<str>>(
    acceptors: &[Acceptor],
    result: &Result<T, Error>,
    requested: &[S],
) -> Option<State> {
    match result {
        Ok(output) => {
            let mut json = None;
            acceptors.iter().find_map(|a| {
                if matches!(a.matcher, Matcher::ErrorCode(_) | Matcher::RetryableError) {
                    return None;
                }
                // Generated outputs always convert (string keys, no custom serializers that
                // fail); were one not to, its paths would find nothing, as in an empty body.
                let json =
                    json.get_or_insert_with(|| serde_json::to_value(output).unwrap_or(Value::Null));
                a.matches_output(json, requested).then_some(a.state)
            })
        }
        Err(error) => acceptors
            .iter()
            .find(|a| a.matches_error(error))
            .map(|a| a.state),
    }
}

/// What the first output acceptor's path selects in a poll's answer, as text: the distinct
/// values in order, comma-separated (`INIT, RUN`), for a progress display. `None` for an
/// error, a waiter without an output acceptor (only ids), or a path that selects nothing.
#[cfg(feature = "tracing")]
pub(crate) fn observed<T: serde::Serialize>(
    acceptors: &[Acceptor],
    result: &Result<T, Error>,
) -> Option<String> {
    let output = result.as_ref().ok()?;
    let path = acceptors.iter().find_map(|a| match &a.matcher {
        Matcher::Output { path, .. } => Some(path),
        _ => None,
    })?;
    let json = serde_json::to_value(output).ok()?;
    let values: Vec<&Value> = match path.select(&json) {
        Selected::One(v) => v.into_iter().collect(),
        Selected::Many(items) => items.into_iter().flatten().collect(),
    };
    let mut texts: Vec<String> = Vec::new();
    for v in values {
        let text = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if !texts.contains(&text) {
            texts.push(text);
        }
    }
    (!texts.is_empty()).then(|| texts.join(", "))
}

/// Whether `v` equals the expected text (see [`Comparator`]).
fn text_eq(v: &Value, want: &str) -> bool {
    match v {
        Value::String(s) => s == want,
        Value::Bool(b) => want == if *b { "true" } else { "false" },
        Value::Number(n) => n.to_string() == want,
        Value::Null | Value::Array(_) | Value::Object(_) => false,
    }
}

fn present(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn servers() -> Value {
        json!({
            "serverInstanceList": [
                {"serverInstanceNo": "1", "serverInstanceStatus": {"code": "RUN"}, "port": 22},
                {"serverInstanceNo": "2", "serverInstanceStatus": {"code": "INIT"}, "publicIp": ""},
            ],
            "totalRows": 2,
            "empty": [],
            "nothing": null,
        })
    }

    #[test]
    fn paths_parse_or_say_where_they_are_wrong() {
        let p = Path::parse("serverInstanceList[].serverInstanceStatus.code").unwrap();
        assert!(p.projects());
        assert!(!Path::new("a.b_2").projects());
        assert!(Path::new("a[].b[]").projects());
        for (bad, at) in [
            ("", 0),
            ("a..b", 2),
            (".a", 0),
            ("a.", 2),
            ("[]", 0),
            ("a[", 1),
            ("a[x]", 1),
            ("a[]b", 3),
            ("a b", 1),
            ("a.[]", 2),
        ] {
            let e = Path::parse(bad).expect_err(bad);
            assert_eq!(e.at(), at, "{bad}: {e}");
            assert!(e.to_string().contains(&format!("`{bad}`")), "{e}");
        }
    }

    #[test]
    #[should_panic(expected = "an empty field name")]
    fn a_malformed_path_panics_when_built_at_run_time() {
        let text: &'static str = String::from("a..b").leak();
        let _ = Path::new(text);
    }

    #[test]
    #[should_panic(expected = "needs `AllEqual` or `AnyOf`")]
    fn equals_on_a_projection_is_refused() {
        let _ = Acceptor::output(State::Success, "a[].b", Comparator::Equals("x"));
    }

    #[test]
    #[should_panic(expected = "needs a `[]`")]
    fn ids_need_a_projection() {
        let _ = Acceptor::ids(State::Success, "a.b", IdRule::AllPresent);
    }

    #[test]
    fn select_reads_values_and_projections() {
        let v = servers();
        assert_eq!(
            Path::new("totalRows").select(&v),
            Selected::One(Some(&json!(2)))
        );
        assert_eq!(Path::new("nothing").select(&v), Selected::One(None));
        assert_eq!(Path::new("missing.deeper").select(&v), Selected::One(None));
        let codes = Path::new("serverInstanceList[].serverInstanceStatus.code").select(&v);
        assert_eq!(
            codes,
            Selected::Many(vec![Some(&json!("RUN")), Some(&json!("INIT"))])
        );
        let ports = Path::new("serverInstanceList[].port").select(&v);
        assert_eq!(ports, Selected::Many(vec![Some(&json!(22)), None]));
        assert_eq!(Path::new("missing[].x").select(&v), Selected::Many(vec![]));
        assert_eq!(Path::new("totalRows[]").select(&v), Selected::Many(vec![]));
        let nested = json!({"a": [{"b": [{"c": 1}, {"c": 2}]}, {"b": [{"c": 3}]}]});
        assert_eq!(
            Path::new("a[].b[].c").select(&nested),
            Selected::Many(vec![Some(&json!(1)), Some(&json!(2)), Some(&json!(3))])
        );
    }

    #[test]
    fn comparators() {
        let v = servers();
        let codes = Path::new("serverInstanceList[].serverInstanceStatus.code").select(&v);
        assert!(!Comparator::AllEqual("RUN").matches(&codes));
        assert!(Comparator::AnyOf(&["TERMT", "INIT"]).matches(&codes));
        assert!(!Comparator::AnyOf(&["TERMT"]).matches(&codes));
        assert!(!Comparator::ListEmpty.matches(&codes));
        assert!(!Comparator::Equals("RUN").matches(&codes));
        let rows = Path::new("totalRows").select(&v);
        assert!(Comparator::Equals("2").matches(&rows));
        assert!(Comparator::AllEqual("2").matches(&rows));
        assert!(!Comparator::Equals("3").matches(&rows));
        assert!(Comparator::Present.matches(&rows));
        assert!(Comparator::ListEmpty.matches(&Path::new("empty").select(&v)));
        assert!(Comparator::ListEmpty.matches(&Path::new("nothing").select(&v)));
        assert!(!Comparator::ListEmpty.matches(&Path::new("serverInstanceList").select(&v)));
        let none = Path::new("empty[].code").select(&v);
        assert!(Comparator::ListEmpty.matches(&none));
        // "Every item" needs at least one item.
        assert!(!Comparator::AllEqual("RUN").matches(&none));
        assert!(!Comparator::Present.matches(&none));
        assert!(!Comparator::Absent.matches(&none));
        // An empty text is not present.
        let ips = Path::new("serverInstanceList[].publicIp").select(&v);
        assert!(Comparator::Absent.matches(&ips));
        assert!(!Comparator::Present.matches(&ips));
        let nos = Path::new("serverInstanceList[].serverInstanceNo").select(&v);
        assert!(Comparator::Present.matches(&nos));
        assert!(Comparator::Equals("true").matches(&Selected::One(Some(&json!(true)))));
        assert!(!Comparator::Equals("x").matches(&Selected::One(Some(&json!({"x": 1})))));
    }

    #[test]
    fn id_rules() {
        let v = servers();
        let nos = Path::new("serverInstanceList[].serverInstanceNo").select(&v);
        assert!(IdRule::AllPresent.matches(&["1", "2"], &nos));
        assert!(!IdRule::AnyMissing.matches(&["1", "2"], &nos));
        assert!(IdRule::AnyMissing.matches(&["1", "3"], &nos));
        assert!(!IdRule::AllMissing.matches(&["1", "3"], &nos));
        assert!(IdRule::AllMissing.matches(&["3", "4"], &nos));
        let none: [&str; 0] = [];
        for rule in [IdRule::AllPresent, IdRule::AnyMissing, IdRule::AllMissing] {
            assert!(!rule.matches(&none, &nos), "{rule:?}");
        }
    }

    #[test]
    fn first_matching_acceptor_wins() {
        static ACCEPTORS: [Acceptor; 3] = [
            Acceptor::output(State::Failure, "a[].s", Comparator::AnyOf(&["BAD"])),
            Acceptor::output(State::Success, "a[].s", Comparator::AllEqual("OK")),
            Acceptor::output(State::Retry, "a[].s", Comparator::Present),
        ];
        let none: [&str; 0] = [];
        let state = |v: Value| classify::<Value, &str>(&ACCEPTORS, &Ok(v), &none);
        assert_eq!(state(json!({"a": [{"s": "OK"}]})), Some(State::Success));
        assert_eq!(
            state(json!({"a": [{"s": "OK"}, {"s": "BAD"}]})),
            Some(State::Failure)
        );
        assert_eq!(
            state(json!({"a": [{"s": "OK"}, {"s": "WAIT"}]})),
            Some(State::Retry)
        );
        assert_eq!(state(json!({"a": []})), None);
    }

    #[cfg(feature = "tracing")]
    #[test]
    fn observed_is_what_the_first_output_path_selects() {
        static ACCEPTORS: [Acceptor; 2] = [
            Acceptor::ids(State::Success, "a[].no", IdRule::AllMissing),
            Acceptor::output(State::Success, "a[].s.code", Comparator::AllEqual("RUN")),
        ];
        let seen = |v: Value| observed::<Value>(&ACCEPTORS, &Ok(v));
        let items = json!({"a": [
            {"no": "1", "s": {"code": "INIT"}},
            {"no": "2", "s": {"code": "RUN"}},
            {"no": "3", "s": {"code": "INIT"}},
            {"no": "4"}
        ]});
        assert_eq!(seen(items).as_deref(), Some("INIT, RUN"));
        assert_eq!(seen(json!({"a": []})), None);
        let ids_only = &ACCEPTORS[..1];
        assert_eq!(
            observed::<Value>(ids_only, &Ok(json!({"a": [{"no": "1"}]}))),
            None
        );
    }
}
