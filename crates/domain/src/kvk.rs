//! KvK numbers (8 digits) and branch numbers (vestigingsnummers, 12 digits).
//!
//! Both are strings of digits with meaningful leading zeros, never integers. The KvK number has
//! no check digit: KvK's own API only demands `^[0-9]{8}$`, and an eleven-test would reject
//! KvK's newer official test numbers (42084128), so existence is checked in the register instead.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// A KvK number: exactly 8 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KvkNumber(String);

/// A branch number (vestigingsnummer): exactly 12 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BranchNumber(String);

/// Why a KvK or branch number is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Nothing entered, or only the spaces, dots and hyphens people type between the digits.
    #[error("empty")]
    Empty,
    /// A character other than a digit, spaces, dots and hyphens aside: the first one found.
    #[error("contains a character that is not a digit: {0:?}")]
    NotDigits(char),
    /// Too few or too many digits.
    #[error("has {found} digits instead of {expected}")]
    WrongLength {
        /// The number's length: 8 for a KvK number, 12 for a branch number.
        expected: usize,
        /// How many digits were entered, spaces, dots and hyphens not counted.
        found: usize,
    },
}

impl NumberError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            NumberError::Empty => "required",
            NumberError::NotDigits(_) => "not_digits",
            NumberError::WrongLength { .. } => "wrong_length",
        }
    }

    /// What is wrong and how to fix it; `what` names the number ("KvK-nummer").
    pub fn message(&self, lang: Lang, what: (&str, &str)) -> String {
        let (nl, en) = what;
        match (self, lang) {
            (NumberError::Empty, Lang::Nl) => format!("Vul het {nl} in"),
            (NumberError::Empty, Lang::En) => format!("Enter the {en}"),
            (NumberError::NotDigits(c), Lang::Nl) => {
                format!("Een {nl} bestaat alleen uit cijfers; verwijder het teken ‘{c}’")
            }
            (NumberError::NotDigits(c), Lang::En) => {
                format!("A {en} consists of digits only; remove the character ‘{c}’")
            }
            (NumberError::WrongLength { expected, found }, Lang::Nl) => {
                format!("Een {nl} heeft {expected} cijfers; u vulde er {found} in")
            }
            (NumberError::WrongLength { expected, found }, Lang::En) => {
                format!("A {en} has {expected} digits; you entered {found}")
            }
        }
    }
}

/// Strips the spaces and dots people type ("6875 0110", "68.75.01.10") and checks the digits.
fn digits(input: &str, expected: usize) -> Result<String, NumberError> {
    let cleaned: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .collect();
    if cleaned.is_empty() {
        return Err(NumberError::Empty);
    }
    if let Some(c) = cleaned.chars().find(|c| !c.is_ascii_digit()) {
        return Err(NumberError::NotDigits(c));
    }
    if cleaned.len() != expected {
        return Err(NumberError::WrongLength {
            expected,
            found: cleaned.len(),
        });
    }
    Ok(cleaned)
}

impl KvkNumber {
    /// A KvK number's length in digits.
    pub const DIGITS: usize = 8;
    /// How error messages name it.
    pub const NAME: (&'static str, &'static str) = ("KvK-nummer", "KvK number");

    /// Parses a KvK number as people type it: spaces, dots and hyphens are removed ("6875 0110",
    /// "68.75.01.10"), then exactly 8 digits must remain. Whether it exists is the register's
    /// question, not this one's.
    pub fn parse(input: &str) -> Result<KvkNumber, NumberError> {
        digits(input, Self::DIGITS).map(KvkNumber)
    }

    /// The number only in its stored form, exactly 8 digits and nothing else, as a filter,
    /// a path or the accounts table names it: `None` for anything [`KvkNumber::parse`] would
    /// have to clean up first.
    pub fn parse_exact(input: &str) -> Option<KvkNumber> {
        Self::parse(input).ok().filter(|number| number.0 == input)
    }

    /// The 8 digits, leading zeros kept.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl BranchNumber {
    /// A branch number's length in digits.
    pub const DIGITS: usize = 12;
    /// How error messages name it.
    pub const NAME: (&'static str, &'static str) = ("vestigingsnummer", "branch number");

    /// Parses a branch number as people type it: spaces, dots and hyphens are removed, then
    /// exactly 12 digits must remain. Whether the organisation has that branch is the
    /// register's question, not this one's.
    pub fn parse(input: &str) -> Result<BranchNumber, NumberError> {
        digits(input, Self::DIGITS).map(BranchNumber)
    }

    /// The number only in its stored form, exactly 12 digits and nothing else (see
    /// [`KvkNumber::parse_exact`]).
    pub fn parse_exact(input: &str) -> Option<BranchNumber> {
        Self::parse(input).ok().filter(|number| number.0 == input)
    }

    /// The 12 digits, leading zeros kept.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_conversions {
    ($ty:ty) => {
        impl TryFrom<String> for $ty {
            type Error = NumberError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                <$ty>::parse(&value)
            }
        }
        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.0
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
string_conversions!(KvkNumber);
string_conversions!(BranchNumber);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exact_form_is_the_digits_alone() {
        assert_eq!(
            KvkNumber::parse_exact("68750110").map(|n| n.0),
            Some("68750110".to_owned())
        );
        for typed in [
            "6875 0110",
            "68.75.01.10",
            " 68750110",
            "6875011",
            "6875011a",
            "",
        ] {
            assert_eq!(KvkNumber::parse_exact(typed), None, "{typed:?}");
        }
        assert!(BranchNumber::parse_exact("000037178598").is_some());
        assert_eq!(BranchNumber::parse_exact("0000 3717 8598"), None);
        assert_eq!(BranchNumber::parse_exact("null"), None);
    }

    #[test]
    fn accepts_typed_formatting_and_keeps_leading_zeros() {
        assert_eq!(
            KvkNumber::parse(" 6875 0110 ").unwrap().as_str(),
            "68750110"
        );
        assert_eq!(
            KvkNumber::parse("02.07.63.58").unwrap().as_str(),
            "02076358"
        );
        assert_eq!(
            BranchNumber::parse("0000 3717 8598").unwrap().as_str(),
            "000037178598"
        );
    }

    #[test]
    fn accepts_numbers_that_an_eleven_test_would_reject() {
        // KvK's official pre-production test number; it fails the weighted mod-11 check.
        assert!(KvkNumber::parse("42084128").is_ok());
    }

    #[test]
    fn says_what_is_wrong() {
        let err = KvkNumber::parse("6875011").unwrap_err();
        assert_eq!(
            err.message(Lang::Nl, KvkNumber::NAME),
            "Een KvK-nummer heeft 8 cijfers; u vulde er 7 in"
        );
        assert_eq!(
            KvkNumber::parse("6875O110").unwrap_err(),
            NumberError::NotDigits('O')
        );
        assert_eq!(KvkNumber::parse("  ").unwrap_err().code(), "required");
    }

    #[test]
    fn deserialising_validates() {
        let ok: Result<KvkNumber, _> = serde_json::from_str("\"68750110\"");
        assert!(ok.is_ok());
        let bad: Result<KvkNumber, _> = serde_json::from_str("\"123\"");
        assert!(bad.is_err());
    }
}
