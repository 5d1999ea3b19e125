//! Mobile numbers: the SMS login factor of every eHerkenning means from EH2+ up.
//!
//! # Why a built-in rule set and not libphonenumber
//!
//! The `phonenumber` crate (a port of Google's libphonenumber) carries the metadata of every
//! country and depends on `regex`; in the SPA's WASM bundle it costs about 270 KB brotli, more than
//! the whole rest of the import. We need far less: Dutch numbers in every way Excel and people write
//! them, with precise errors (landline, 066 pager, 085/088 internet and company numbers, 0800/0900
//! service numbers, 097 machine-to-machine), and foreign numbers only to recognise a *mobile* number
//! of the countries Dutch organisations' staff actually come from. So this module holds the Dutch
//! numbering plan (the 06 ranges 061–065 and 068 are mobile, 066 is paging; libphonenumber's NL
//! mobile pattern `6[1-58]\d{7}`) and a small table of mobile ranges for about forty countries,
//! transcribed from libphonenumber's metadata. It is one code path compiled into both the browser and
//! the server, so both always agree on what is valid; a feature flag that gave the server a
//! different (full) rule set would let the server reject what the browser accepted.
//!
//! Foreign numbers from countries outside the table (and North American numbers, where mobile and
//! fixed lines share ranges) are refused with a message that says so, because accepting a number we
//! cannot classify could mean an SMS login factor on a landline.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Lang;
use crate::text::{shown, trim};

mod countries;
mod parse;

use countries::*;
pub(crate) use parse::*;

/// A mobile number in E.164 form (`+31612345678`), known to be a mobile number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mobile(String);

impl Mobile {
    /// The E.164 form, `+31612345678`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it is a Dutch (+31) number.
    pub fn is_dutch(&self) -> bool {
        self.0.starts_with("+316")
    }

    /// The country, for foreign numbers.
    pub fn country(&self) -> Option<Country> {
        if self.is_dutch() {
            return None;
        }
        split_calling_code(&self.0[1..]).map(|(rule, _)| Country(rule))
    }

    /// The national notation for Dutch numbers (`06 12345678`), E.164 for foreign ones.
    pub fn display(&self) -> String {
        match self.0.strip_prefix("+31") {
            Some(nsn) => format!("0{} {}", &nsn[..1], &nsn[1..]),
            None => self.0.clone(),
        }
    }

    /// The E.164 form as a `String`.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Without the plus (`31612345678`), as many SMS gateways expect.
    pub fn digits(&self) -> &str {
        &self.0[1..]
    }

    /// Wraps an E.164 string that [`parse_mobile`] produced (trusted; used for values that were
    /// normalised before).
    pub(crate) fn from_normalised(e164: String) -> Mobile {
        Mobile(e164)
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Mobile {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Mobile {
    /// Accepts only what [`parse_mobile`] accepts, so a `Mobile` is always valid.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Mobile, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        parse_mobile(&text)
            .map(|(m, _)| m)
            .map_err(serde::de::Error::custom)
    }
}

/// A country from the foreign mobile-number table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country(&'static CountryRule);

impl Country {
    /// ISO 3166-1 alpha-2 code, e.g. `BE`.
    pub fn iso(self) -> &'static str {
        self.0.iso
    }

    /// The calling code without plus, e.g. `32`.
    pub fn calling_code(self) -> &'static str {
        self.0.code
    }

    /// The country's name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.0.name_nl,
            Lang::En => self.0.name_en,
        }
    }
}

/// What kind of Dutch number a non-mobile number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DutchNumberKind {
    /// A geographic landline (010 … 079 except the non-geographic ranges).
    Landline,
    /// 066: paging (semafonie); cannot receive SMS.
    Pager,
    /// 084, 085, 087, 091: location-independent internet (VoIP) numbers.
    Internet,
    /// 088: company numbers.
    Company,
    /// 0800, 090x: free-phone and premium service numbers.
    Service,
    /// 097: machine-to-machine numbers.
    MachineToMachine,
    /// 067, 069 and other unassigned or special ranges.
    Other,
}

/// Why a text is not an acceptable mobile number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MobileError {
    /// Nothing but spaces.
    #[error("empty")]
    Empty,
    /// Letters or symbols that no phone number contains.
    #[error("contains characters that are not part of a phone number: {chars}")]
    InvalidCharacters {
        /// The offending characters, each once.
        chars: String,
    },
    /// Excel's scientific notation (`6,12E+08`): the digits are lost.
    #[error("shown in scientific notation by a spreadsheet; the digits are lost")]
    ScientificNotation,
    /// A Dutch mobile number with too few or too many digits.
    #[error("a Dutch mobile number has 10 digits, this one has {digits}")]
    Length {
        /// The number of digits in the national form (with the leading 0).
        digits: usize,
    },
    /// A Dutch number that is not a mobile number.
    #[error("not a mobile number ({kind:?})")]
    NotMobile {
        /// What it is instead.
        kind: DutchNumberKind,
    },
    /// A foreign number of a known country that is not a mobile number there.
    #[error("not a mobile number of {}", .country.iso())]
    ForeignNotMobile {
        /// The country.
        country: Country,
    },
    /// A foreign number of a country whose mobile ranges we do not know.
    #[error("foreign number of a country whose mobile numbers cannot be recognised")]
    ForeignUnsupported,
    /// Digits that fit no Dutch or international pattern.
    #[error("not a recognisable phone number")]
    Unrecognised,
}

impl MobileError {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            MobileError::Empty => "required",
            MobileError::InvalidCharacters { .. } => "mobile_characters",
            MobileError::ScientificNotation => "mobile_scientific_notation",
            MobileError::Length { .. } => "mobile_length",
            MobileError::NotMobile {
                kind: DutchNumberKind::Landline,
            } => "mobile_landline",
            MobileError::NotMobile {
                kind: DutchNumberKind::Pager,
            } => "mobile_pager",
            MobileError::NotMobile { .. } => "mobile_not_mobile",
            MobileError::ForeignNotMobile { .. } => "mobile_foreign_not_mobile",
            MobileError::ForeignUnsupported => "mobile_foreign_unsupported",
            MobileError::Unrecognised => "mobile_unrecognised",
        }
    }

    /// What is wrong with `input` and how to fix it, in `lang`.
    pub fn detail(&self, lang: Lang, input: &str) -> String {
        let v = shown(input);
        const EX_NL: &str = "vul een mobiel nummer in, zoals 06 12345678";
        const EX_EN: &str = "enter a mobile number, such as 06 12345678";
        match (self, lang) {
            (MobileError::Empty, Lang::Nl) => format!("ontbreekt; {EX_NL}"),
            (MobileError::Empty, Lang::En) => format!("is missing; {EX_EN}"),
            (MobileError::InvalidCharacters { chars }, Lang::Nl) => {
                format!("{v} bevat tekens die niet in een telefoonnummer horen ({chars}); {EX_NL}")
            }
            (MobileError::InvalidCharacters { chars }, Lang::En) => {
                format!(
                    "{v} contains characters that don't belong in a phone number ({chars}); {EX_EN}"
                )
            }
            (MobileError::ScientificNotation, Lang::Nl) => format!(
                "{v} is door Excel als getal in wetenschappelijke notatie opgeslagen en de cijfers zijn verloren; \
                 maak de kolom op als tekst en typ het nummer opnieuw, zoals 06 12345678"
            ),
            (MobileError::ScientificNotation, Lang::En) => format!(
                "{v} was stored by Excel as a number in scientific notation and its digits are lost; \
                 format the column as text and type the number again, such as 06 12345678"
            ),
            (MobileError::Length { digits }, Lang::Nl) => {
                format!(
                    "{v} heeft {digits} cijfers; een Nederlands mobiel nummer heeft er 10, zoals 06 12345678"
                )
            }
            (MobileError::Length { digits }, Lang::En) => {
                format!(
                    "{v} has {digits} digits; a Dutch mobile number has 10, such as 06 12345678"
                )
            }
            (MobileError::NotMobile { kind }, Lang::Nl) => {
                let what = match kind {
                    DutchNumberKind::Landline => "een vast nummer",
                    DutchNumberKind::Pager => {
                        "een semafoonnummer (066), dat geen sms kan ontvangen"
                    }
                    DutchNumberKind::Internet => {
                        "een internet- of VoIP-nummer, dat geen sms kan ontvangen"
                    }
                    DutchNumberKind::Company => "een bedrijfsnummer (088)",
                    DutchNumberKind::Service => "een informatie- of servicenummer (0800/090x)",
                    DutchNumberKind::MachineToMachine => "een nummer voor apparaten (097)",
                    DutchNumberKind::Other => "geen mobiel nummer",
                };
                format!("{v} is {what}; {EX_NL}")
            }
            (MobileError::NotMobile { kind }, Lang::En) => {
                let what = match kind {
                    DutchNumberKind::Landline => "a landline number",
                    DutchNumberKind::Pager => {
                        "a pager number (066), which cannot receive text messages"
                    }
                    DutchNumberKind::Internet => {
                        "an internet (VoIP) number, which cannot receive text messages"
                    }
                    DutchNumberKind::Company => "a company number (088)",
                    DutchNumberKind::Service => "an information or service number (0800/090x)",
                    DutchNumberKind::MachineToMachine => "a number for devices (097)",
                    DutchNumberKind::Other => "not a mobile number",
                };
                format!("{v} is {what}; {EX_EN}")
            }
            (MobileError::ForeignNotMobile { country }, Lang::Nl) => format!(
                "{v} is geen mobiel nummer in {}; de sms-code voor het inloggen kan alleen naar een mobiel nummer",
                country.name(Lang::Nl)
            ),
            (MobileError::ForeignNotMobile { country }, Lang::En) => format!(
                "{v} is not a mobile number in {}; the login text message can only go to a mobile number",
                country.name(Lang::En)
            ),
            (MobileError::ForeignUnsupported, Lang::Nl) => format!(
                "{v} is een buitenlands nummer waarvan we niet kunnen nagaan of het mobiel is; \
                 vul een Nederlands mobiel nummer in of een mobiel nummer uit een Europees land"
            ),
            (MobileError::ForeignUnsupported, Lang::En) => format!(
                "{v} is a foreign number we cannot verify as a mobile number; \
                 enter a Dutch mobile number or a mobile number from a European country"
            ),
            (MobileError::Unrecognised, Lang::Nl) => {
                format!("{v} is geen herkenbaar telefoonnummer; {EX_NL} of +32 470 12 34 56")
            }
            (MobileError::Unrecognised, Lang::En) => {
                format!("{v} is not a recognisable phone number; {EX_EN} or +32 470 12 34 56")
            }
        }
    }
}

/// Something worth a second look in an accepted mobile number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MobileWarning {
    /// `612345678`: a spreadsheet dropped the leading zero; we put it back.
    LeadingZeroRestored,
    /// A foreign mobile number.
    Foreign {
        /// Its country.
        country: Country,
    },
}

impl MobileWarning {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            MobileWarning::LeadingZeroRestored => "mobile_leading_zero_restored",
            MobileWarning::Foreign { .. } => "mobile_foreign",
        }
    }

    /// The warning for `input` (normalised to `mobile`) in `lang`.
    pub fn detail(&self, lang: Lang, input: &str, mobile: &Mobile) -> String {
        let v = shown(input);
        match (self, lang) {
            (MobileWarning::LeadingZeroRestored, Lang::Nl) => format!(
                "bij {v} ontbrak de 0 aan het begin (Excel laat die weg bij getallen); we lezen het als {}; \
                 controleer of dat klopt",
                mobile.display()
            ),
            (MobileWarning::LeadingZeroRestored, Lang::En) => format!(
                "{v} lacked its leading 0 (Excel drops it from numbers); we read it as {}; check that this is right",
                mobile.display()
            ),
            (MobileWarning::Foreign { country }, Lang::Nl) => format!(
                "{v} is een mobiel nummer uit {}; controleer of de gebruiker daar sms-berichten ontvangt",
                country.name(Lang::Nl)
            ),
            (MobileWarning::Foreign { country }, Lang::En) => format!(
                "{v} is a mobile number from {}; check that the user receives text messages on it",
                country.name(Lang::En)
            ),
        }
    }
}

/// Parses and normalises a mobile number to E.164.
///
/// Spaces, dashes, dots, slashes and parentheses are ignored, and so is a trunk `(0)` after the
/// country code. Accepts `06…`, `+316…`, `00316…`, `316…` and `6xxxxxxxx` (a spreadsheet dropped
/// the zero: accepted with a warning); foreign numbers in international form (`+32…`, `0032…`) only
/// when they are mobile numbers of a country in the table, with a warning.
pub fn parse_mobile(input: &str) -> Result<(Mobile, Option<MobileWarning>), MobileError> {
    check(input).map(|(e164, warning)| (Mobile(e164.as_str().to_owned()), warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> (String, Option<MobileWarning>) {
        let (m, w) = parse_mobile(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        (m.into_string(), w)
    }

    fn err(input: &str) -> MobileError {
        parse_mobile(input).expect_err(input)
    }

    #[test]
    fn dutch_mobiles_in_every_notation() {
        for input in [
            "0612345678",
            "06-12345678",
            "06 1234 5678",
            "06 12 34 56 78",
            "(06) 12345678",
            "06.12.34.56.78",
            "+31612345678",
            "+31 6 12345678",
            "+31 (0)6 12345678",
            "+31 06 12345678",
            "0031612345678",
            "0031 6 1234 5678",
            "31612345678",
            "\u{A0}06\u{A0}12345678 ",
            "06‑12345678",
        ] {
            assert_eq!(ok(input), ("+31612345678".to_string(), None), "{input}");
        }
        for prefix in ["061", "062", "063", "064", "065", "068"] {
            assert!(
                parse_mobile(&format!("{prefix}2345678")).is_ok(),
                "{prefix}"
            );
        }
    }

    #[test]
    fn excel_dropped_zero_is_restored_with_a_warning() {
        assert_eq!(
            ok("612345678"),
            (
                "+31612345678".to_string(),
                Some(MobileWarning::LeadingZeroRestored)
            )
        );
        // A landline that lost its zero is still a landline.
        assert_eq!(
            err("201234567"),
            MobileError::NotMobile {
                kind: DutchNumberKind::Landline
            }
        );
    }

    #[test]
    fn non_mobile_dutch_numbers_are_errors() {
        assert_eq!(
            err("0201234567"),
            MobileError::NotMobile {
                kind: DutchNumberKind::Landline
            }
        );
        assert_eq!(
            err("010-1234567"),
            MobileError::NotMobile {
                kind: DutchNumberKind::Landline
            }
        );
        assert_eq!(
            err("0661234567"),
            MobileError::NotMobile {
                kind: DutchNumberKind::Pager
            }
        );
        assert_eq!(
            err("0858881234"),
            MobileError::NotMobile {
                kind: DutchNumberKind::Internet
            }
        );
        assert_eq!(
            err("088 1234567"),
            MobileError::NotMobile {
                kind: DutchNumberKind::Company
            }
        );
        assert_eq!(
            err("0800-1234"),
            MobileError::NotMobile {
                kind: DutchNumberKind::Service
            }
        );
        assert_eq!(
            err("0900-1234567"),
            MobileError::NotMobile {
                kind: DutchNumberKind::Service
            }
        );
        assert_eq!(
            err("097012345678"),
            MobileError::NotMobile {
                kind: DutchNumberKind::MachineToMachine
            }
        );
        assert_eq!(
            err("0671234567"),
            MobileError::NotMobile {
                kind: DutchNumberKind::Other
            }
        );
        assert_eq!(
            err("+31201234567"),
            MobileError::NotMobile {
                kind: DutchNumberKind::Landline
            }
        );
        assert_eq!(err("0201234567").code(), "mobile_landline");
        assert_eq!(err("0661234567").code(), "mobile_pager");
    }

    #[test]
    fn wrong_lengths_and_garbage() {
        assert_eq!(err("061234567"), MobileError::Length { digits: 9 });
        assert_eq!(err("06123456789"), MobileError::Length { digits: 11 });
        assert_eq!(err("06"), MobileError::Length { digits: 2 });
        assert_eq!(err("6,12346E+08"), MobileError::ScientificNotation);
        assert_eq!(err("6.12E+8"), MobileError::ScientificNotation);
        assert_eq!(
            err("06-1234567a"),
            MobileError::InvalidCharacters { chars: "a".into() }
        );
        assert_eq!(
            err("tel 0612345678"),
            MobileError::InvalidCharacters {
                chars: "tel".into()
            }
        );
        assert_eq!(err("---"), MobileError::Unrecognised);
        assert_eq!(err("12345"), MobileError::Unrecognised);
        assert_eq!(err("  "), MobileError::Empty);
        assert_eq!(err("0"), MobileError::Unrecognised);
    }

    #[test]
    fn foreign_mobiles_are_accepted_with_a_warning() {
        let (m, w) = parse_mobile("+32 470 12 34 56").unwrap();
        assert_eq!(m.as_str(), "+32470123456");
        assert_eq!(m.country().map(Country::iso), Some("BE"));
        assert!(matches!(w, Some(MobileWarning::Foreign { country }) if country.iso() == "BE"));
        assert_eq!(ok("0049 171 1234567").0, "+491711234567");
        assert_eq!(ok("+49 (0)171 1234567").0, "+491711234567");
        assert_eq!(ok("+44 7911 123456").0, "+447911123456");
        assert_eq!(ok("+33 6 12 34 56 78").0, "+33612345678");
        assert_eq!(ok("+48 512 345 678").0, "+48512345678");
        assert_eq!(ok("+34 612 34 56 78").0, "+34612345678");
        assert_eq!(ok("+597 812 3456").0, "+5978123456");
    }

    #[test]
    fn foreign_landlines_and_unknown_countries_are_errors() {
        assert_eq!(err("+32 2 123 45 67").code(), "mobile_foreign_not_mobile");
        assert_eq!(err("+49 30 1234567").code(), "mobile_foreign_not_mobile");
        assert_eq!(err("+44 20 7946 0958").code(), "mobile_foreign_not_mobile");
        assert_eq!(err("+1 415 555 2671"), MobileError::ForeignUnsupported);
        assert_eq!(err("+999 1234"), MobileError::ForeignUnsupported);
    }

    #[test]
    fn display_forms() {
        let (m, _) = parse_mobile("+31612345678").unwrap();
        assert_eq!(m.display(), "06 12345678");
        assert_eq!(m.digits(), "31612345678");
        assert_eq!(
            MobileError::NotMobile {
                kind: DutchNumberKind::Landline
            }
            .detail(Lang::Nl, "0201234567"),
            "0201234567 is een vast nummer; vul een mobiel nummer in, zoals 06 12345678"
        );
        assert_eq!(
            MobileError::NotMobile {
                kind: DutchNumberKind::Landline
            }
            .detail(Lang::En, "0201234567"),
            "0201234567 is a landline number; enter a mobile number, such as 06 12345678"
        );
    }

    #[test]
    fn calling_codes_are_prefix_free() {
        for a in COUNTRIES {
            for b in COUNTRIES {
                if a.iso != b.iso {
                    assert!(!b.code.starts_with(a.code), "{} vs {}", a.iso, b.iso);
                }
            }
            assert_ne!(a.code, "31");
        }
    }
}
