//! Generates the `ncloud-vserver` crate's typed bindings from the hand-written OpenAPI spec.
//!
//! The stages, one module each:
//! 1. [`load`]: the YAML text to an [`openapiv3::OpenAPI`] document plus its raw JSON tree (for
//!    the keywords `openapiv3` does not model, such as `xml`);
//! 2. [`model`]: the validated intermediate model ([`model::Api`]); every unsupported construct
//!    is reported as an error naming its JSON pointer;
//! 3. [`emit`]: the model to token streams, one per output file;
//! 4. [`format`](mod@format): pretty-printing plus the `@generated` header.
//!
//! Beside the Rust files, [`xsd`] derives an XML Schema for the XML bodies from the same model.
//!
//! [`Generator`] runs them with the [`Settings`] and returns the files by name, relative to the
//! output directory; where those directories are in this repository is `xtask`'s business
//! (`xtask/src/layout.rs`), not the generator's.
//!
//! The conventions the spec follows and the shape of the output are described in
//! `docs/design.md`.

pub mod emit;
pub mod error;
pub mod format;
pub mod load;
pub mod model;
mod pointer;
pub mod scalar;
pub mod settings;
pub mod synthetic;
pub mod xsd;

pub use error::{Error, SpecError};
pub use settings::{LibSettings, Settings};

/// One generated file: its name relative to the output directory (`/`-separated, e.g.
/// `bin/ncloud-vserver-sample.rs`) and its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// File name relative to the output directory, `/`-separated: `lib.rs`,
    /// `types/server_image.rs`.
    pub name: String,
    /// The complete file text, header included.
    pub contents: String,
}

/// Runs the stages with one set of [`Settings`].
#[derive(Clone, Debug, Default)]
pub struct Generator {
    settings: Settings,
    /// How many threads make and format the files; `None`: one per available core, up to 8.
    threads: Option<usize>,
}

impl Generator {
    /// A generator with the given settings.
    pub fn new(settings: Settings) -> Self {
        Self {
            settings,
            threads: None,
        }
    }

    /// The same generator making and formatting the files on `threads` threads (at least one)
    /// instead of one per available core; the output is the same either way.
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads.max(1));
        self
    }

    /// The settings this generator uses.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Generates the output files from spec text. `file` names the spec in error messages.
    pub fn generate_str(&self, text: &str, file: &str) -> Result<Vec<OutputFile>, Error> {
        let doc = load::load_str(text, file)?;
        let api = model::build(&doc).map_err(|errors| Error::Invalid {
            file: file.to_owned(),
            errors,
        })?;
        self.generate_model(&api)
    }

    /// Generates the output files from the spec at `path`.
    pub fn generate_file(&self, path: &std::path::Path) -> Result<Vec<OutputFile>, Error> {
        self.generate_file_with_xsd(path).map(|(files, _)| files)
    }

    /// Like [`generate_file`](Self::generate_file), plus the XML Schema of the XML bodies
    /// ([`xsd::emit`]) from the same model.
    pub fn generate_file_with_xsd(
        &self,
        path: &std::path::Path,
    ) -> Result<(Vec<OutputFile>, String), Error> {
        // A spec split into parts (`x-ncp-parts`) is merged first.
        let doc = load::load_file(path)?;
        let file = doc.file.clone();
        let invalid = |errors| Error::Invalid {
            file: file.clone(),
            errors,
        };
        let api = model::build(&doc).map_err(invalid)?;
        let xsd = xsd::emit(&api, &self.settings);
        Ok((self.generate_model(&api)?, xsd))
    }

    /// The `ncloud` CLI's command tree from the spec at `path` ([`emit::cli`]): one file,
    /// `commands.rs`, for the CLI crate's `src/generated/` directory.
    pub fn generate_cli_file(&self, path: &std::path::Path) -> Result<Vec<OutputFile>, Error> {
        let doc = load::load_file(path)?;
        let api = model::build(&doc).map_err(|errors| Error::Invalid {
            file: doc.file.clone(),
            errors,
        })?;
        self.generate_cli_model(&api)
    }

    /// [`generate_cli_file`](Self::generate_cli_file) from an already validated model.
    pub fn generate_cli_model(&self, api: &model::Api) -> Result<Vec<OutputFile>, Error> {
        let name = "commands.rs".to_owned();
        let contents = format::format_file(emit::cli::emit(api), &self.settings).map_err(|e| {
            Error::Format {
                file: name.clone(),
                message: e.to_string(),
            }
        })?;
        Ok(vec![OutputFile { name, contents }])
    }

    /// Generates the output files from an already validated model, in a fixed order with
    /// distinct names.
    ///
    /// Making and formatting the files' tokens is most of the generator's time, and each file
    /// is independent: they are shared out to a few threads (token streams never leave the
    /// thread that made them). The output does not depend on how many threads ran.
    pub fn generate_model(&self, api: &model::Api) -> Result<Vec<OutputFile>, Error> {
        let jobs = self.jobs(api);
        let threads = self
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)))
            .min(jobs.len().max(1));
        let settings = &self.settings;
        let run = |(name, job): (String, emit::Job<'_>)| -> Result<OutputFile, Error> {
            let contents = format::format_file(job(), settings).map_err(|e| Error::Format {
                file: name.clone(),
                message: e.to_string(),
            })?;
            Ok(OutputFile { name, contents })
        };
        if threads == 1 {
            return jobs.into_iter().map(run).collect();
        }
        // Threads take the next job in turn, so that a few large files do not leave the others
        // idle; the results go back in their places.
        let count = jobs.len();
        let queue = std::sync::Mutex::new(jobs.into_iter().enumerate());
        let mut done: Vec<(usize, Result<OutputFile, Error>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                            let Some((index, job)) = next else {
                                return done;
                            };
                            done.push((index, run(job)));
                        }
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|worker| match worker.join() {
                    Ok(done) => done,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect()
        });
        done.sort_unstable_by_key(|(index, _)| *index);
        debug_assert_eq!(done.len(), count);
        done.into_iter().map(|(_, file)| file).collect()
    }

    /// Every output file's name and the job that makes its tokens, in output order.
    fn jobs<'a>(&'a self, api: &'a model::Api) -> Vec<(String, emit::Job<'a>)> {
        let settings = &self.settings;
        let mut jobs: Vec<(String, emit::Job<'a>)> = Vec::new();
        if let Some(lib) = &settings.lib {
            jobs.push((
                "lib.rs".into(),
                Box::new(move || emit::crate_root::emit(api, settings, lib)),
            ));
        }
        for (name, job) in emit::types::files(api, settings) {
            jobs.push((format!("types/{name}"), job));
        }
        for (name, job) in emit::operations::files(api, settings) {
            jobs.push((format!("operations/{name}"), job));
        }
        if settings.fluent {
            // The client needs the service's base path, which a spec with operations has (the
            // model checks); a spec without operations gets a client nobody can call anything
            // with, so none.
            if let Some(service) = &api.service {
                jobs.push((
                    "client.rs".into(),
                    Box::new(move || emit::client::emit(api, service)),
                ));
            }
            jobs.push((
                "fluent.rs".into(),
                Box::new(move || emit::fluent::emit(api, settings)),
            ));
        }
        if settings.mock {
            jobs.push((
                "mock.rs".into(),
                Box::new(move || emit::mock::emit(api, settings)),
            ));
        }
        jobs.push((
            "registry.rs".to_owned(),
            Box::new(move || emit::registry::emit(api, settings)),
        ));
        if settings.mod_rs {
            jobs.push((
                "mod.rs".into(),
                Box::new(move || emit::module::emit(api, settings)),
            ));
        }
        if settings.tools {
            jobs.push((
                "bin/ncloud-vserver-sample.rs".to_owned(),
                Box::new(emit::sample::emit),
            ));
        }
        jobs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace_file(path: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(path)
    }

    /// Same spec, same bytes: every run (each with fresh hash seeds) gives identical output.
    #[test]
    fn generation_is_deterministic() {
        for (spec, settings) in [
            (
                "spec/vserver.yaml",
                Settings::new()
                    .with_schemars(true)
                    .with_mock(true)
                    .with_tools(true),
            ),
            (
                "tests/features/requests.yaml",
                Settings::new()
                    .with_fluent(false)
                    .with_mod_rs(true)
                    .with_mock(true),
            ),
        ] {
            let path = workspace_file(spec);
            let generator = Generator::new(settings);
            let first = generator
                .generate_file(&path)
                .unwrap_or_else(|e| panic!("{e}"));
            for _ in 0..3 {
                assert_eq!(generator.generate_file(&path).unwrap(), first, "{spec}");
            }
            // However many threads share the files out, and in whatever order they finish.
            for threads in [1, 3, 16] {
                let generator = generator.clone().with_threads(threads);
                assert_eq!(
                    generator.generate_file(&path).unwrap(),
                    first,
                    "{spec}, {threads} threads"
                );
            }
        }
    }

    #[test]
    fn settings_choose_the_files() {
        let path = workspace_file("tests/features/scalars.yaml");
        let names = |settings: Settings| -> Vec<String> {
            let files = Generator::new(settings).generate_file(&path).unwrap();
            files.into_iter().map(|f| f.name).collect()
        };
        // scalars.yaml: the types `Kind`, `Scalars`, `Outer`, `Inner` and no operations.
        let types = [
            "types/mod.rs",
            "types/kind.rs",
            "types/scalars.rs",
            "types/outer.rs",
            "types/inner.rs",
        ];
        let ops = ["operations/mod.rs"];
        let expect = |rest: &[&str]| -> Vec<String> {
            types
                .iter()
                .chain(&ops)
                .chain(rest)
                .map(|s| s.to_string())
                .collect()
        };
        assert_eq!(
            names(Settings::new()),
            expect(&["fluent.rs", "registry.rs"])
        );
        assert_eq!(
            names(Settings::new().with_fluent(false).with_mod_rs(true)),
            expect(&["registry.rs", "mod.rs"])
        );
        assert_eq!(
            names(Settings::new().with_mock(true)),
            expect(&["fluent.rs", "mock.rs", "registry.rs"])
        );
        assert_eq!(
            names(Settings::new().with_tools(true)),
            expect(&["fluent.rs", "registry.rs", "bin/ncloud-vserver-sample.rs"])
        );
        let files = Generator::new(
            Settings::new()
                .with_spec_label("x.yaml")
                .with_command("make"),
        )
        .generate_file(&path)
        .unwrap();
        assert!(
            files[0]
                .contents
                .starts_with("// @generated by `make` from x.yaml. Do not edit.\n")
        );
    }

    /// The check-sample table is compiled only for tools when the crate has the feature, and
    /// always in a feature module (whose crate has no such feature).
    #[test]
    fn tools_setting_gates_the_check_sample_table() {
        let path = workspace_file("tests/features/requests.yaml");
        let file = |settings: Settings, name: &str| {
            let files = Generator::new(settings).generate_file(&path).unwrap();
            files
                .into_iter()
                .find(|f| f.name == name)
                .unwrap_or_else(|| panic!("no {name}"))
                .contents
        };
        let lib = Some(LibSettings {
            crate_name: "x".to_owned(),
            xsd_include: None,
            readme_doctest: None,
        });
        let tools = Settings::new().with_tools(true).with_lib_rs(lib);
        let root = file(tools.clone(), "lib.rs");
        assert!(
            root.contains("#[cfg(feature = \"tools\")]\npub mod registry;"),
            "{root}"
        );
        let registry = file(tools, "registry.rs");
        assert!(registry.contains("pub const OPERATION_NAMES"));
        assert!(registry.contains("#[doc(hidden)]\npub fn decode_response_to_json"));
        let plain = file(
            Settings::new().with_fluent(false).with_mod_rs(true),
            "mod.rs",
        );
        assert!(plain.contains("pub mod registry;"), "{plain}");
        assert!(!plain.contains("feature = \"tools\""), "{plain}");
        let ops = file(Settings::new().with_tools(true), "operations/mod.rs");
        assert!(
            !ops.contains("OPERATION_NAMES"),
            "one table, in registry.rs: {ops}"
        );
    }

    #[test]
    fn output_follows_spec_order() {
        let path = workspace_file("tests/features/requests.yaml");
        let files = Generator::new(Settings::new().with_fluent(false).with_mod_rs(true))
            .generate_file(&path)
            .unwrap();
        // The files come in spec order, and so do the declarations of `mod.rs`.
        let file = |name: &str| {
            files
                .iter()
                .position(|f| f.name == name)
                .unwrap_or_else(|| panic!("{name}"))
        };
        let types = &files[file("types/mod.rs")].contents;
        let pos = |needle: &str| types.find(needle).unwrap_or_else(|| panic!("{needle}"));
        for (first, second) in [
            ("response_format_type", "color"),
            ("color", "network_interface_parameter"),
            ("thing", "create_thing_response"),
        ] {
            assert!(file(&format!("types/{first}.rs")) < file(&format!("types/{second}.rs")));
            assert!(pos(&format!("mod {first};")) < pos(&format!("mod {second};")));
        }
        assert!(
            files
                .iter()
                .all(|f| !f.contents.contains("CreateThingJsonResponse")),
            "JSON wrappers are not generated"
        );
        assert!(
            file("operations/create_thing.rs") < file("operations/list_things.rs"),
            "operations in spec order"
        );
        let ops = &files[file("operations/mod.rs")].contents;
        assert!(ops.find("mod create_thing;").unwrap() < ops.find("mod list_things;").unwrap());
    }
}
