//! Generator settings, set with `with_*` builders.

/// What to generate and how to label it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub(crate) fluent: bool,
    pub(crate) mod_rs: bool,
    pub(crate) mock: bool,
    pub(crate) mock_feature: Option<String>,
    pub(crate) encode_feature: Option<String>,
    pub(crate) spec_label: String,
    pub(crate) command: String,
    pub(crate) schemars: bool,
    pub(crate) lib: Option<LibSettings>,
    pub(crate) tools: bool,
}

/// What the crate root (`lib.rs`) of a generated service crate needs beyond the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LibSettings {
    /// The crate's name in Rust paths, for the doc examples: `ncloud_vserver`.
    pub crate_name: String,
    /// Path of the XML Schema relative to `lib.rs`, for `XML_SCHEMA` (`include_str!`).
    pub xsd_include: Option<String>,
    /// Path of a README relative to `lib.rs` whose code blocks run as doctests.
    pub readme_doctest: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            fluent: true,
            mod_rs: false,
            mock: false,
            mock_feature: None,
            encode_feature: None,
            spec_label: "spec/vserver.yaml".to_owned(),
            command: "cargo xtask regen".to_owned(),
            schemars: false,
            lib: None,
            tools: false,
        }
    }
}

impl Settings {
    /// Default settings: the crate's own output (`types.rs`, `operations.rs`, `fluent.rs`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether to write `fluent.rs` (the `Client` methods); feature specs have no `Client`.
    pub fn with_fluent(mut self, fluent: bool) -> Self {
        self.fluent = fluent;
        self
    }

    /// Whether to write a `mod.rs` declaring the other files (for feature specs, whose output
    /// is a module rather than a crate).
    pub fn with_mod_rs(mut self, mod_rs: bool) -> Self {
        self.mod_rs = mod_rs;
        self
    }

    /// Whether to write `mock.rs` (the typed mock's per-operation part, over the crate's
    /// hand-written `mock_runtime`); off by default, on for the crate.
    pub fn with_mock(mut self, mock: bool) -> Self {
        self.mock = mock;
        self
    }

    /// Whether `mock.rs` is written.
    pub fn mock(&self) -> bool {
        self.mock
    }

    /// The output crate's feature that the typed mock's items in the operations' and types'
    /// files are compiled under (`#[cfg(feature = "mock")]`), or `None` (the default) for no
    /// `cfg`: the feature snapshots, a module of a crate without such a feature, compile them
    /// always.
    pub fn with_mock_feature(mut self, feature: Option<&str>) -> Self {
        self.mock_feature = feature.map(str::to_owned);
        self
    }

    /// The output crate's feature that the response types' XML encoders are compiled under
    /// (the crate's `mock` must imply it), or `None` (the default) for the mock's feature: a
    /// crate whose users print responses as the API would (the CLI's `--output xml`) needs the
    /// encoders without the mock server.
    pub fn with_encode_feature(mut self, feature: Option<&str>) -> Self {
        self.encode_feature = feature.map(str::to_owned);
        self
    }

    /// How the header names the spec, e.g. `spec/vserver.yaml`.
    pub fn with_spec_label(mut self, label: impl Into<String>) -> Self {
        self.spec_label = label.into();
        self
    }

    /// How the header names the command that regenerates the files.
    pub fn with_command(mut self, command: impl Into<String>) -> Self {
        self.command = command.into();
        self
    }

    /// Whether the types implement `schemars::JsonSchema` behind the output crate's `schemars`
    /// feature (the crate then needs that feature and the `runtime::schema` module).
    pub fn with_schemars(mut self, schemars: bool) -> Self {
        self.schemars = schemars;
        self
    }

    /// Whether the types implement `schemars::JsonSchema` (behind a `schemars` feature).
    pub fn schemars(&self) -> bool {
        self.schemars
    }

    /// The settings of a whole service crate like `ncloud-vserver`: a client, the typed mock
    /// behind the crate's `mock` feature, `JsonSchema` behind `schemars`, the tools' items
    /// behind `tools`, and a `lib.rs` as `lib` says.
    pub fn service_crate(lib: LibSettings) -> Self {
        Settings::new()
            .with_fluent(true)
            .with_schemars(true)
            .with_mock(true)
            .with_mock_feature(Some("mock"))
            .with_encode_feature(Some("encode"))
            .with_tools(true)
            .with_lib_rs(Some(lib))
    }

    /// Whether to write `lib.rs`, the root of a service crate (crate docs from the spec's
    /// `info` and operation list, the modules, re-exports of the runtime's main types); `None`
    /// (the default) writes none. Implies a client (`fluent`).
    pub fn with_lib_rs(mut self, lib: Option<LibSettings>) -> Self {
        self.lib = lib;
        self
    }

    /// The `lib.rs` settings, when `lib.rs` is written.
    pub fn lib_rs(&self) -> Option<&LibSettings> {
        self.lib.as_ref()
    }

    /// Whether the output crate has a `tools` feature (off by default) for maintainer tools:
    /// `OPERATION_NAMES` and `decode_response_to_json` are compiled only with it, and
    /// `bin/ncloud-vserver-sample.rs` (the decoder behind `cargo xtask check-sample`) is written.
    /// Off for feature specs, whose output is a module of a crate without that feature.
    pub fn with_tools(mut self, tools: bool) -> Self {
        self.tools = tools;
        self
    }

    /// Whether the maintainer-tool items are behind a `tools` feature and the sample binary is
    /// written.
    pub fn tools(&self) -> bool {
        self.tools
    }

    /// Whether `fluent.rs` is written.
    pub fn fluent(&self) -> bool {
        self.fluent
    }

    /// Whether `mod.rs` is written.
    pub fn mod_rs(&self) -> bool {
        self.mod_rs
    }

    /// The spec label of the header.
    pub fn spec_label(&self) -> &str {
        &self.spec_label
    }

    /// The command named in the header.
    pub fn command(&self) -> &str {
        &self.command
    }
}
