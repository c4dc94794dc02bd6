//! Open enums: the generated enums of coded values, which keep the codes a newer API sends.
//!
//! A generated crate writes one [`open_enum!`](crate::open_enum) per enum schema: the table of
//! variants and wire values, once; the macro expands it into the enum and its impls (wire text
//! both ways, serde, the XML traits). The text of a code the table does not know is kept in an
//! [`UnknownValue`], which only this crate can make: callers get one by parsing text
//! (`"NEW".parse()`, `From<&str>`) or decoding a body, never by naming a variant, so a code that a
//! later version learns cannot hide in `Unknown` in code written against this one.

/// The text of a code this version of a generated enum does not know, as it came on the wire.
///
/// Opaque on purpose: match on the enum's known variants and handle everything else with a
/// wildcard that reads [`as_str`](Self::as_str). When a later version adds the code as a
/// variant, a match on `Unknown` would silently stop matching it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    /// The code as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What [`open_enum!`](crate::open_enum) implements for each enum, so that the text of an
/// unknown code turns into the enum here, where an [`UnknownValue`] can be made.
pub trait OpenEnum: Sized {
    /// The known variant whose wire value is `value`, if any.
    fn known(value: &str) -> Option<Self>;
    /// The `Unknown` variant holding `value`.
    fn unknown(value: UnknownValue) -> Self;
}

/// `value` as an `E`: its known variant, else `Unknown` with a copy of the text.
pub fn parse<E: OpenEnum>(value: &str) -> E {
    E::known(value).unwrap_or_else(|| E::unknown(UnknownValue(value.into())))
}

/// Like [`parse`], reusing the string's buffer for an unknown code.
pub fn parse_owned<E: OpenEnum>(value: String) -> E {
    E::known(&value).unwrap_or_else(|| E::unknown(UnknownValue(value.into_boxed_str())))
}

/// Defines an open enum of coded values from its table of variants and wire values.
///
/// ```
/// ncloud_runtime::open_enum! {
///     /// A color.
///     pub enum Color {
///         /// Red.
///         Red = "RED",
///         /// Dark blue.
///         DarkBlue = "DARK_BLUE",
///     }
/// }
///
/// assert_eq!(Color::DarkBlue.as_str(), "DARK_BLUE");
/// assert_eq!("RED".parse::<Color>(), Ok(Color::Red));
/// assert_eq!(Color::values(), ["RED", "DARK_BLUE"]);
/// let new = Color::from("TEAL");
/// assert_eq!(new.as_str(), "TEAL");
/// assert!(matches!(new, Color::Unknown(_)));
/// ```
///
/// The enum is `#[non_exhaustive]`, derives `Clone, Debug, PartialEq, Eq, Hash, PartialOrd,
/// Ord` (known variants in table order, then `Unknown`) and gets an `Unknown(UnknownValue)`
/// variant; `as_str()`, `values()` (the known wire values in table order), `From<&str>`,
/// `From<String>`, `FromStr` (infallible), `Display`, `Serialize`/`Deserialize` as a string
/// (a known value is matched where it lies in the input, without a copy),
/// [`XmlScalar`](crate::xml::XmlScalar) and [`XmlText`](crate::xml_write::XmlText). The
/// `schemars` impl is [`open_enum_schema!`](crate::open_enum_schema), written beside it behind
/// the caller's own feature.
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A code this version does not know, kept as received.
            ///
            /// Do not match on `Unknown`: when a later version knows the code, it becomes a
            /// variant of its own and such a match stops seeing it. Match the known variants
            /// and use a wildcard arm with [`as_str()`](Self::as_str) for the rest.
            Unknown($crate::enums::UnknownValue),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// The wire values this version knows, in the spec's order.
            pub const fn values() -> &'static [&'static str] {
                &[$($value),*]
            }
        }

        impl $crate::enums::OpenEnum for $name {
            fn known(value: &str) -> Option<Self> {
                match value {
                    $( $value => Some(Self::$variant), )*
                    _ => None,
                }
            }

            fn unknown(value: $crate::enums::UnknownValue) -> Self {
                Self::Unknown(value)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                $crate::enums::parse(value)
            }
        }

        impl ::std::convert::From<String> for $name {
            fn from(value: String) -> Self {
                $crate::enums::parse_owned(value)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok($crate::enums::parse(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str($crate::json::CodeVisitor::<Self>::new(
                    concat!("a ", stringify!($name), " value"),
                ))
            }
        }

        impl $crate::json::EnumName for $name {
            const EXPECTED: &'static str = concat!("a ", stringify!($name), " value");
        }

        impl $crate::xml::XmlScalar for $name {
            const EXPECTED: &'static str = concat!("a ", stringify!($name), " value");

            fn parse_text(text: &str) -> Option<Self> {
                Some($crate::enums::parse(text))
            }
        }

        $crate::__open_enum_xml_text!($name);
    };
}

/// The XML writer's impl of an [`open_enum!`](crate::open_enum), when this runtime is built
/// with `encode` (the writer exists only then); nothing otherwise. Decided by the runtime's
/// features rather than the caller's, so the impl is there exactly when the trait is.
#[cfg(feature = "encode")]
#[doc(hidden)]
#[macro_export]
macro_rules! __open_enum_xml_text {
    ($name:ident) => {
        impl $crate::xml_write::XmlText for $name {
            fn write_text(&self, out: &mut String) {
                out.push_str(self.as_str());
            }
        }
    };
}

/// See the other definition: without `encode` there is no writer to implement.
#[cfg(not(feature = "encode"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __open_enum_xml_text {
    ($name:ident) => {};
}

/// `schemars::JsonSchema` (0.8) of an [`open_enum!`](crate::open_enum): any string (unknown
/// codes are kept), the known values as examples, `description` as the description. Needs the
/// runtime's `schemars` feature and `schemars` as a dependency of the caller; write it behind
/// the caller's feature:
///
/// ```ignore
/// #[cfg(feature = "schemars")]
/// ncloud_runtime::open_enum_schema!(Color, "A color.");
/// ```
#[macro_export]
macro_rules! open_enum_schema {
    ($name:ident, $description:literal) => {
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> String {
                stringify!($name).to_owned()
            }

            fn json_schema(
                _: &mut ::schemars::r#gen::SchemaGenerator,
            ) -> ::schemars::schema::Schema {
                $crate::schema::open_enum($description, $name::values())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::open_enum! {
        /// Test codes.
        pub enum Code {
            /// A.
            Alpha = "ALPHA",
            /// B.
            BetaGamma = "BETA_GAMMA",
        }
    }

    #[test]
    fn known_and_unknown_codes_round_trip() {
        assert_eq!(Code::from("ALPHA"), Code::Alpha);
        assert_eq!(Code::from("BETA_GAMMA".to_owned()), Code::BetaGamma);
        let new = Code::from("DELTA".to_owned());
        assert!(matches!(&new, Code::Unknown(v) if v.as_str() == "DELTA"));
        assert_eq!(new.as_str(), "DELTA");
        assert_eq!(new.to_string(), "DELTA");
        assert_eq!("DELTA".parse::<Code>(), Ok(new.clone()));
        assert_ne!(new, Code::Alpha);
        assert!(Code::Alpha < Code::BetaGamma && Code::BetaGamma < new);
        assert_eq!(Code::values(), ["ALPHA", "BETA_GAMMA"]);
    }

    #[test]
    fn serde_and_xml_use_the_wire_text() {
        assert_eq!(
            serde_json::to_string(&Code::BetaGamma).unwrap(),
            r#""BETA_GAMMA""#
        );
        let v: Vec<Code> = serde_json::from_str(r#"["ALPHA", "X"]"#).unwrap();
        assert_eq!(v, [Code::Alpha, Code::from("X")]);
        let err = serde_json::from_str::<Code>("1").unwrap_err().to_string();
        assert!(err.contains("a Code value"), "{err}");
        assert_eq!(<Code as crate::xml::XmlScalar>::EXPECTED, "a Code value");
        let mut out = String::new();
        crate::xml_write::XmlText::write_text(&Code::Alpha, &mut out);
        assert_eq!(out, "ALPHA");
    }
}
