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
