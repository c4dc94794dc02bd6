//! Where the client reads its environment from.
//!
//! The default credential chain and the `NCLOUD_API_GW` endpoint override both read environment
//! variables and the home directory. They read them through an [`Environment`] value instead of
//! calling `std::env` directly, so that tests (and programs that keep configuration elsewhere) can
//! supply their own variables without mutating the process environment, which is shared by every
//! thread of the process.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// A source of environment variables and a home directory.
///
/// [`Environment::process`] (the default) reads the real process environment;
/// [`Environment::from_vars`] and [`Environment::from_fn`] let tests and embedders inject their
/// own. Values are trimmed, and a variable that is empty after trimming counts as unset.
///
/// The `Debug` output never shows any variable's value.
#[derive(Clone)]
pub struct Environment {
    lookup: Arc<Lookup>,
    home: Home,
}

#[derive(Clone, Debug)]
enum Home {
    /// `HOME`, else `USERPROFILE`, looked up through the same variables.
    FromVars,
    Fixed(Option<PathBuf>),
}

impl Environment {
    /// The environment of this process (`std::env::var`), with the home directory taken from
    /// `HOME` (or `USERPROFILE` on Windows).
    pub fn process() -> Self {
        Self::from_fn(|name| std::env::var(name).ok())
    }

    /// An environment whose variables are answered by `lookup`. The home directory comes from
    /// the `HOME` (or `USERPROFILE`) variable of that same lookup unless set with
    /// [`with_home_dir`](Self::with_home_dir).
    pub fn from_fn(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            lookup: Arc::new(lookup),
            home: Home::FromVars,
        }
    }

    /// An environment holding exactly the given variables (and nothing else).
    pub fn from_vars<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        let map: HashMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Self::from_fn(move |name| map.get(name).cloned())
    }

    /// Uses `dir` as the home directory (where `.ncloud/configure` is looked for).
    pub fn with_home_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.home = Home::Fixed(Some(dir.into()));
        self
    }

    /// Declares that there is no home directory, so no credentials file is looked for.
    pub fn without_home_dir(mut self) -> Self {
        self.home = Home::Fixed(None);
        self
    }

    /// The value of the variable `name`, trimmed; `None` when unset or blank.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = (self.lookup)(name)?;
        let trimmed = value.trim();
        if trimmed.is_empty() {
            None
        } else {
            Some(trimmed.to_owned())
        }
    }

    /// The home directory, if known.
    pub fn home_dir(&self) -> Option<PathBuf> {
        match &self.home {
            Home::Fixed(dir) => dir.clone(),
            Home::FromVars => self
                .var("HOME")
                .or_else(|| self.var("USERPROFILE"))
                .map(PathBuf::from),
        }
    }
}

impl Default for Environment {
    fn default() -> Self {
        Self::process()
    }
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Variable values may be secrets: never print them.
        f.debug_struct("Environment")
            .field("home", &self.home)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_count_as_unset_and_values_are_trimmed() {
        let env = Environment::from_vars([("A", "  "), ("B", " x \n")]);
        assert_eq!(env.var("A"), None);
        assert_eq!(env.var("B").as_deref(), Some("x"));
        assert_eq!(env.var("C"), None);
    }

    #[test]
    fn home_dir_comes_from_home_then_userprofile_unless_fixed() {
        let env = Environment::from_vars([("HOME", "/h"), ("USERPROFILE", "/u")]);
        assert_eq!(env.home_dir(), Some(PathBuf::from("/h")));
        let env = Environment::from_vars([("USERPROFILE", "/u")]);
        assert_eq!(env.home_dir(), Some(PathBuf::from("/u")));
        let env = Environment::from_vars([("HOME", "/h")]).with_home_dir("/x");
        assert_eq!(env.home_dir(), Some(PathBuf::from("/x")));
        assert_eq!(
            Environment::from_vars([("HOME", "/h")])
                .without_home_dir()
                .home_dir(),
            None
        );
    }

    #[test]
    fn debug_shows_no_values() {
        let env = Environment::from_vars([("NCLOUD_SECRET_KEY", "s3cr3t-value")]);
        assert!(!format!("{env:?}").contains("s3cr3t-value"));
    }
}
