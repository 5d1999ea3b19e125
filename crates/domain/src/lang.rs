//! The languages the product speaks. Dutch first, English second.

use serde::{Deserialize, Serialize};

/// A language of the user interface and of every message shown to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Dutch, the default.
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// Every supported language, default first.
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    /// The BCP 47 tag, as used in `<html lang>` and `Accept-Language`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Parses a language tag such as `nl`, `en-GB` or `NL`; `None` for anything else.
    pub fn from_code(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the best supported language from an HTTP `Accept-Language` header value,
    /// honouring q-values; Dutch when none matches.
    pub fn from_accept_language(header: &str) -> Lang {
        header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let lang = Lang::from_code(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (q > 0.0).then_some((lang, q))
            })
            // max_by keeps the last of equal maxima: reverse so the first listed wins ties.
            .rev()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(lang, _)| lang)
            .unwrap_or_default()
    }
}

/// A compile-checked table of texts in both languages: every key has a Dutch and an English text,
/// so a missing translation is a build error, not a runtime surprise. Only a macro: it adds
/// nothing to a binary beyond the table it writes.
///
/// Two forms:
///
/// - **Plain texts** (the SPA's table, `src/i18n.rs`): `Key => "nl", "en";` lines make
///   `pub enum T` with `T::text(self, Lang) -> &'static str`. Placeholders such as `{n}` stay in
///   the text, for the caller to fill. Each key's doc is its two texts.
///
///   ```
///   domain::texts! {
///       Hello => "Hallo", "Hello";
///       Step => "Stap {n}", "Step {n}";
///   }
///   assert_eq!(T::Hello.text(domain::Lang::En), "Hello");
///   assert_eq!(T::Step.text(domain::Lang::Nl), "Stap {n}");
///   ```
///
/// - **Messages with arguments** (the server's table): a named enum whose keys may carry fields;
///   each text is a `format!` string over them, so a placeholder without a field, or a field of a
///   wrong type, is a build error too. `Name::text(&self, Lang) -> String`; `Name::TEMPLATES` lists
///   every `(key, dutch, english)` for tests. Doc comments on the enum and on a key are kept; the
///   macro adds the key's two texts to its doc and documents each field as a placeholder.
///
///   ```
///   domain::texts! {
///       /// The messages of the example.
///       pub enum Message<'a> {
///           Saved => "Opgeslagen.", "Saved.";
///           TooLong { max: usize, field: &'a str } =>
///               "{field} mag hoogstens {max} tekens lang zijn.",
///               "{field} may be at most {max} characters long.";
///       }
///   }
///   let message = Message::TooLong { max: 500, field: "De reden" };
///   assert_eq!(message.text(domain::Lang::Nl), "De reden mag hoogstens 500 tekens lang zijn.");
///   assert_eq!(Message::TEMPLATES[0], ("Saved", "Opgeslagen.", "Saved."));
///   ```
///
/// A key with only one language does not build:
///
/// ```compile_fail
/// domain::texts! {
///     Hello => "Hallo";
/// }
/// ```
///
/// Nor does a placeholder that names no field:
///
/// ```compile_fail
/// domain::texts! {
///     pub enum Message {
///         Wait { seconds: u64 } => "Wacht {minutes} minuten.", "Wait {seconds} seconds.";
///     }
/// }
/// ```
#[macro_export]
macro_rules! texts {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident $(<$lt:lifetime>)? {
            $(
                $(#[$key_meta:meta])*
                $key:ident $({ $($field:ident : $ty:ty),* $(,)? })? => $nl:literal, $en:literal;
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        $vis enum $name $(<$lt>)? {
            $(
                $(#[$key_meta])*
                #[doc = ""]
                #[doc = concat!("Dutch “", $nl, "”, English “", $en, "”")]
                $key $({ $(
                    #[doc = concat!("Fills `{", stringify!($field), "}` in the texts.")]
                    $field: $ty
                ),* })?,
            )*
        }

        impl $(<$lt>)? $name $(<$lt>)? {
            /// Every key with its Dutch and English text, as written in the table.
            #[allow(dead_code)]
            pub const TEMPLATES: &'static [(&'static str, &'static str, &'static str)] =
                &[$((stringify!($key), $nl, $en)),*];

            /// The text in `lang`, with the key's fields filled in.
            pub fn text(&self, lang: $crate::Lang) -> String {
                match self {
                    $($name::$key $({ $($field),* })? => match lang {
                        $crate::Lang::Nl => format!($nl),
                        $crate::Lang::En => format!($en),
                    },)*
                }
            }
        }
    };
    ($($key:ident => $nl:literal, $en:literal;)*) => {
        /// A key of a visible text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T {
            $(
                #[doc = concat!("Dutch “", $nl, "”, English “", $en, "”")]
                $key
            ),*
        }

        impl T {
            /// The text in the given language.
            pub fn text(self, lang: $crate::Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, $crate::Lang::Nl) => $nl, (T::$key, $crate::Lang::En) => $en,)*
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_highest_supported() {
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,nl;q=0.8"),
            Lang::En
        );
        assert_eq!(
            Lang::from_accept_language("de-DE, nl;q=0.5, en;q=0.4"),
            Lang::Nl
        );
        assert_eq!(Lang::from_accept_language("fr"), Lang::Nl);
        assert_eq!(Lang::from_accept_language(""), Lang::Nl);
        assert_eq!(Lang::from_accept_language("en;q=0, nl;q=0.1"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("nl, en"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("EN"), Lang::En);
    }
}
