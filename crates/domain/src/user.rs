//! A user to be issued an eHerkenning means: the eight fields of the seed's CSV template, their
//! rules, and their normalisation. The users-file import, the SPA's one-user form and the server's
//! order API all go through [`RawUser::validate`] (or the per-field `parse_*` functions), so every
//! entry point accepts exactly the same values.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Lang;
use crate::date::Date;
use crate::email::{Email, EmailError, EmailTypo};
use crate::phone::{Mobile, MobileError, MobileWarning};
use crate::text::{clean, fold_chars, is_combining_mark, shown, trim};

/// The minimum age for an eHerkenning means (domain brief §6.2: the suppliers' own-account age).
pub const MINIMUM_AGE: u16 = 16;
/// The earliest accepted birth date's year.
pub const EARLIEST_BIRTH_YEAR: u16 = 1900;
/// At most this many characters in `first_names` and `last_name` (BRP).
pub const MAX_NAME_CHARS: usize = 200;
/// At most this many characters in `infix` (BRP voorvoegsel).
pub const MAX_INFIX_CHARS: usize = 10;
/// At most this many characters in `birth_place`.
pub const MAX_PLACE_CHARS: usize = 80;

/// One of the eight fields of a user, named as in the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Volledige voornamen.
    FirstNames,
    /// Tussenvoegsel.
    Infix,
    /// Achternaam.
    LastName,
    /// Geboortedatum.
    BirthDate,
    /// Geboorteplaats.
    BirthPlace,
    /// E-mailadres.
    Email,
    /// Mobiel nummer.
    Mobile,
    /// Loondienst.
    Employed,
}

impl Field {
    /// All fields, in the template's column order.
    pub const ALL: [Field; 8] = [
        Field::FirstNames,
        Field::Infix,
        Field::LastName,
        Field::BirthDate,
        Field::BirthPlace,
        Field::Email,
        Field::Mobile,
        Field::Employed,
    ];

    /// The JSON key, e.g. `first_names`.
    pub const fn key(self) -> &'static str {
        match self {
            Field::FirstNames => "first_names",
            Field::Infix => "infix",
            Field::LastName => "last_name",
            Field::BirthDate => "birth_date",
            Field::BirthPlace => "birth_place",
            Field::Email => "email",
            Field::Mobile => "mobile",
            Field::Employed => "employed",
        }
    }

    /// The field's name in running text ("mobiel nummer", "mobile number").
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Field::FirstNames, Lang::Nl) => "volledige voornamen",
            (Field::Infix, Lang::Nl) => "tussenvoegsel",
            (Field::LastName, Lang::Nl) => "achternaam",
            (Field::BirthDate, Lang::Nl) => "geboortedatum",
            (Field::BirthPlace, Lang::Nl) => "geboorteplaats",
            (Field::Email, Lang::Nl) => "e-mailadres",
            (Field::Mobile, Lang::Nl) => "mobiel nummer",
            (Field::Employed, Lang::Nl) => "loondienst",
            (Field::FirstNames, Lang::En) => "first names",
            (Field::Infix, Lang::En) => "surname prefix",
            (Field::LastName, Lang::En) => "last name",
            (Field::BirthDate, Lang::En) => "date of birth",
            (Field::BirthPlace, Lang::En) => "place of birth",
            (Field::Email, Lang::En) => "e-mail address",
            (Field::Mobile, Lang::En) => "mobile number",
            (Field::Employed, Lang::En) => "employed",
        }
    }

    /// The column header of the template file (seed step 7).
    pub const fn template_header(self) -> &'static str {
        self.label(Lang::Nl)
    }

    const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

// ---------------------------------------------------------------------------------------------
// Typed errors per kind of field

/// Why a name (first names, surname prefix, last name) or a birth place is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Nothing but spaces.
    #[error("empty")]
    Empty,
    /// More characters than the field allows.
    #[error("{len} characters, at most {max} allowed")]
    TooLong {
        /// The limit.
        max: usize,
        /// The value's length in characters.
        len: usize,
    },
    /// Characters the field does not allow (digits, symbols, …).
    #[error("characters that are not allowed: {chars}")]
    InvalidCharacters {
        /// The offending characters, each once.
        chars: String,
    },
    /// Punctuation only.
    #[error("contains no letters")]
    NoLetters,
    /// Initials or abbreviations in the first names ("J.", "J.P.", "A B").
    #[error("initials instead of first names written out in full")]
    Initials,
    /// An abbreviated surname prefix ("v.d.", "v/d").
    #[error("an abbreviated surname prefix")]
    InfixAbbreviation,
}

impl NameError {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            NameError::Empty => "required",
            NameError::TooLong { .. } => "too_long",
            NameError::InvalidCharacters { .. } => "invalid_characters",
            NameError::NoLetters => "no_letters",
            NameError::Initials => "initials",
            NameError::InfixAbbreviation => "infix_abbreviation",
        }
    }

    /// What is wrong with `input` in `field` and how to fix it, in `lang`.
    pub fn detail(&self, lang: Lang, field: Field, input: &str) -> String {
        let v = shown(input);
        let nl = lang == Lang::Nl;
        match self {
            NameError::Empty => match (field, nl) {
                (Field::FirstNames, true) => {
                    "ontbreekt; vul alle voornamen voluit in, zoals op het identiteitsbewijs".into()
                }
                (Field::FirstNames, false) => {
                    "is missing; enter all first names in full, as on the identity document".into()
                }
                (Field::LastName, true) => {
                    "ontbreekt; vul de achternaam in, zonder tussenvoegsel".into()
                }
                (Field::LastName, false) => {
                    "is missing; enter the last name, without the surname prefix".into()
                }
                (Field::BirthPlace, true) => {
                    "ontbreekt; vul de geboorteplaats in, zoals op het identiteitsbewijs".into()
                }
                (Field::BirthPlace, false) => {
                    "is missing; enter the place of birth, as on the identity document".into()
                }
                (_, true) => "ontbreekt; vul dit veld in".into(),
                (_, false) => "is missing; fill in this field".into(),
            },
            NameError::TooLong { max, len } if nl => {
                format!("{v} is {len} tekens lang; er passen er maximaal {max} in")
            }
            NameError::TooLong { max, len } => {
                format!("{v} is {len} characters long; at most {max} fit")
            }
            NameError::InvalidCharacters { chars } => {
                let allowed = match (field, nl) {
                    (Field::Infix, true) => "letters, spaties en apostrofs",
                    (Field::Infix, false) => "letters, spaces and apostrophes",
                    (Field::BirthPlace, true) => {
                        "letters, spaties, koppeltekens, apostrofs, punten en haakjes"
                    }
                    (Field::BirthPlace, false) => {
                        "letters, spaces, hyphens, apostrophes, dots and parentheses"
                    }
                    (_, true) => "letters, spaties, koppeltekens en apostrofs",
                    (_, false) => "letters, spaces, hyphens and apostrophes",
                };
                if nl {
                    format!(
                        "{v} bevat tekens die hier niet mogen ({chars}); gebruik alleen {allowed}"
                    )
                } else {
                    format!(
                        "{v} contains characters that are not allowed here ({chars}); use only {allowed}"
                    )
                }
            }
            NameError::NoLetters if nl => format!("{v} bevat geen letters; vul de naam voluit in"),
            NameError::NoLetters => format!("{v} contains no letters; enter the name in full"),
            NameError::Initials if nl => format!(
                "{v} bevat voorletters of afkortingen; vul alle voornamen voluit in, zoals op het identiteitsbewijs \
                 (bijvoorbeeld Johannes Pieter in plaats van J.P.)"
            ),
            NameError::Initials => format!(
                "{v} contains initials or abbreviations; enter all first names in full, as on the identity document \
                 (for example Johannes Pieter instead of J.P.)"
            ),
            NameError::InfixAbbreviation if nl => {
                format!(
                    "{v} is afgekort; schrijf het tussenvoegsel voluit, zoals van der of van den"
                )
            }
            NameError::InfixAbbreviation => {
                format!(
                    "{v} is abbreviated; write the surname prefix in full, such as van der or van den"
                )
            }
        }
    }
}

/// Why a birth date is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing but spaces.
    #[error("empty")]
    Empty,
    /// Not a date notation we know.
    #[error("not a recognised date notation")]
    Format,
    /// `1-2-85`: the century is ambiguous.
    #[error("two-digit year")]
    TwoDigitYear {
        /// The day as written.
        day: u8,
        /// The month as written.
        month: u8,
        /// The two-digit year.
        year: u8,
    },
    /// `31-02-1985`: no such day.
    #[error("no such date")]
    Nonexistent,
    /// `12/31/1985`: month and day in American order.
    #[error("no month {month}; day and month swapped?")]
    DayMonthSwapped {
        /// The impossible month as written.
        month: u8,
        /// The date with day and month swapped.
        suggestion: Date,
    },
    /// `31079`: a spreadsheet's date serial number ended up in a text file.
    #[error("a spreadsheet date serial number")]
    SerialNumber {
        /// The date the serial number stands for.
        date: Date,
    },
    /// After today.
    #[error("in the future")]
    InFuture,
    /// Before 1 January 1900.
    #[error("before 1900")]
    Before1900,
    /// Younger than [`MINIMUM_AGE`].
    #[error("younger than 16 ({age})")]
    TooYoung {
        /// The age in whole years today.
        age: u16,
    },
}

impl DateError {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            DateError::Empty => "required",
            DateError::Format => "date_format",
            DateError::TwoDigitYear { .. } => "date_two_digit_year",
            DateError::Nonexistent => "date_nonexistent",
            DateError::DayMonthSwapped { .. } => "date_day_month_swapped",
            DateError::SerialNumber { .. } => "date_serial_number",
            DateError::InFuture => "date_in_future",
            DateError::Before1900 => "date_before_1900",
            DateError::TooYoung { .. } => "too_young",
        }
    }

    /// What is wrong with `input` and how to fix it, in `lang`.
    pub fn detail(&self, lang: Lang, input: &str) -> String {
        let v = shown(input);
        let nl = lang == Lang::Nl;
        match self {
            DateError::Empty if nl => {
                "ontbreekt; vul de geboortedatum in als dd-mm-jjjj, zoals 01-02-1985".into()
            }
            DateError::Empty => {
                "is missing; enter the date of birth as dd-mm-yyyy, such as 01-02-1985".into()
            }
            DateError::Format if nl => format!(
                "{v} is geen datum die we herkennen; schrijf hem als dd-mm-jjjj, zoals 01-02-1985"
            ),
            DateError::Format => format!(
                "{v} is not a date we recognise; write it as dd-mm-yyyy, such as 01-02-1985"
            ),
            DateError::TwoDigitYear { day, month, year } if nl => format!(
                "{v} heeft een jaartal van twee cijfers en dat kan op twee eeuwen slaan; schrijf het jaar voluit, \
                 zoals {day:02}-{month:02}-19{year:02}"
            ),
            DateError::TwoDigitYear { day, month, year } => format!(
                "{v} has a two-digit year, which could mean either century; write the year in full, \
                 such as {day:02}-{month:02}-19{year:02}"
            ),
            DateError::Nonexistent if nl => {
                format!("{v} bestaat niet; controleer de dag en de maand (dd-mm-jjjj)")
            }
            DateError::Nonexistent => {
                format!("{v} does not exist; check the day and the month (dd-mm-yyyy)")
            }
            DateError::DayMonthSwapped { month, suggestion } if nl => format!(
                "{v} bestaat niet: er is geen maand {month}; staan dag en maand omgedraaid? Schrijf dan {}",
                suggestion.to_dutch()
            ),
            DateError::DayMonthSwapped { month, suggestion } => format!(
                "{v} does not exist: there is no month {month}; are day and month swapped? Then write {}",
                suggestion.to_dutch()
            ),
            DateError::SerialNumber { date } if nl => format!(
                "{v} is een datum als getal uit Excel (dat is {}); maak de kolom op als datum of tekst en \
                 schrijf dd-mm-jjjj",
                date.to_dutch()
            ),
            DateError::SerialNumber { date } => format!(
                "{v} is a date stored as a number by Excel (it stands for {}); format the column as date or text \
                 and write dd-mm-yyyy",
                date.to_dutch()
            ),
            DateError::InFuture if nl => format!("{v} ligt in de toekomst; controleer het jaar"),
            DateError::InFuture => format!("{v} is in the future; check the year"),
            DateError::Before1900 if nl => format!("{v} ligt vóór 1900; controleer het jaar"),
            DateError::Before1900 => format!("{v} is before 1900; check the year"),
            DateError::TooYoung { age } if nl => format!(
                "{v}: de gebruiker is {age} jaar; een eHerkenningsmiddel kan pas vanaf {MINIMUM_AGE} jaar"
            ),
            DateError::TooYoung { age } => format!(
                "{v}: the user is {age} years old; an eHerkenning means requires an age of at least {MINIMUM_AGE}"
            ),
        }
    }
}

/// Why an `employed` value is not acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmployedError {
    /// Nothing but spaces.
    #[error("empty")]
    Empty,
    /// Not J/N/Ja/Nee/Yes/No.
    #[error("not J or N")]
    Invalid,
}

impl EmployedError {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            EmployedError::Empty => "required",
            EmployedError::Invalid => "employed_invalid",
        }
    }

    /// What is wrong with `input` and how to fix it, in `lang`.
    pub fn detail(&self, lang: Lang, input: &str) -> String {
        let v = shown(input);
        match (self, lang) {
            (EmployedError::Empty, Lang::Nl) => "ontbreekt; vul J in als de gebruiker in loondienst is, anders N".into(),
            (EmployedError::Empty, Lang::En) => "is missing; enter J (yes) if the user is employed by the organisation, otherwise N (no)".into(),
            (EmployedError::Invalid, Lang::Nl) => format!("{v} is geen geldige waarde; vul J (ja, in loondienst) of N (nee) in"),
            (EmployedError::Invalid, Lang::En) => format!("{v} is not a valid value; enter J (yes, employed) or N (no)"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Field-level findings

/// What is wrong with one field's value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldErrorKind {
    /// Starts with `=`, `+`, `-` or `@` and is not valid: a spreadsheet would run it as a formula.
    #[error("starts with {first:?}, which a spreadsheet would run as a formula")]
    FormulaInjection {
        /// The first character.
        first: char,
    },
    /// A name or place error.
    #[error(transparent)]
    Name(#[from] NameError),
    /// A birth date error.
    #[error(transparent)]
    Date(#[from] DateError),
    /// An e-mail address error.
    #[error(transparent)]
    Email(#[from] EmailError),
    /// A mobile number error.
    #[error(transparent)]
    Mobile(#[from] MobileError),
    /// An `employed` error.
    #[error(transparent)]
    Employed(#[from] EmployedError),
}

/// One field's value is not acceptable: which field, what was entered, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {kind}")]
pub struct FieldError {
    /// The field.
    pub field: Field,
    /// The value as entered.
    pub input: String,
    /// What is wrong.
    pub kind: FieldErrorKind,
}

impl FieldError {
    /// A stable snake_case code such as `mobile_landline` or `required`.
    pub fn code(&self) -> &'static str {
        match &self.kind {
            FieldErrorKind::FormulaInjection { .. } => "formula_injection",
            FieldErrorKind::Name(e) => e.code(),
            FieldErrorKind::Date(e) => e.code(),
            FieldErrorKind::Email(e) => e.code(),
            FieldErrorKind::Mobile(e) => e.code(),
            FieldErrorKind::Employed(e) => e.code(),
        }
    }

    /// What is wrong and how to fix it, for display next to the field ("0201234567 is een vast
    /// nummer; vul een mobiel nummer in, zoals 06 12345678").
    pub fn detail(&self, lang: Lang) -> String {
        let input = &self.input;
        match &self.kind {
            FieldErrorKind::FormulaInjection { first } => match lang {
                Lang::Nl => format!(
                    "{} begint met {first} en zou in een spreadsheet als formule worden uitgevoerd; \
                     haal dat teken weg en vul een geldige waarde in",
                    shown(input)
                ),
                Lang::En => format!(
                    "{} starts with {first}, which a spreadsheet would run as a formula; \
                     remove that character and enter a valid value",
                    shown(input)
                ),
            },
            FieldErrorKind::Name(e) => e.detail(lang, self.field, input),
            FieldErrorKind::Date(e) => e.detail(lang, input),
            FieldErrorKind::Email(e) => e.detail(lang, input),
            FieldErrorKind::Mobile(e) => e.detail(lang, input),
            FieldErrorKind::Employed(e) => e.detail(lang, input),
        }
    }

    /// The message with the field's name: "mobiel nummer: 0201234567 is een vast nummer; …".
    pub fn message(&self, lang: Lang) -> String {
        format!("{}: {}", self.field.label(lang), self.detail(lang))
    }
}

/// Something worth a second look in an accepted value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldWarningKind {
    /// A surname prefix that is not on the list of common ones.
    InfixUnusual,
    /// The last name starts with a known surname prefix while the prefix field is empty.
    InfixInLastName {
        /// The prefix found ("van").
        infix: String,
        /// The rest of the last name ("Dijk").
        rest: String,
    },
    /// A likely typo of a big mail provider's domain.
    EmailTypo(EmailTypo),
    /// A restored leading zero or a foreign number.
    Mobile {
        /// The warning.
        warning: MobileWarning,
        /// The accepted number.
        mobile: Mobile,
    },
}

/// A warning about one field's accepted value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldWarning {
    /// The field.
    pub field: Field,
    /// The value as entered.
    pub input: String,
    /// What deserves attention.
    pub kind: FieldWarningKind,
}

impl FieldWarning {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match &self.kind {
            FieldWarningKind::InfixUnusual => "infix_unusual",
            FieldWarningKind::InfixInLastName { .. } => "infix_in_last_name",
            FieldWarningKind::EmailTypo(t) => t.code(),
            FieldWarningKind::Mobile { warning, .. } => warning.code(),
        }
    }

    /// The warning, for display next to the field.
    pub fn detail(&self, lang: Lang) -> String {
        let v = shown(&self.input);
        match (&self.kind, lang) {
            (FieldWarningKind::InfixUnusual, Lang::Nl) => {
                format!("{v} is een ongebruikelijk tussenvoegsel; controleer of het klopt")
            }
            (FieldWarningKind::InfixUnusual, Lang::En) => {
                format!("{v} is an unusual surname prefix; check that it is right")
            }
            (FieldWarningKind::InfixInLastName { infix, rest }, Lang::Nl) => format!(
                "{v} begint met het tussenvoegsel \u{201C}{infix}\u{201D}; als dat klopt, vul dan \
                 \u{201C}{infix}\u{201D} in bij tussenvoegsel en \u{201C}{rest}\u{201D} bij achternaam"
            ),
            (FieldWarningKind::InfixInLastName { infix, rest }, Lang::En) => format!(
                "{v} starts with the surname prefix \u{201C}{infix}\u{201D}; if that is right, enter \
                 \u{201C}{infix}\u{201D} as the surname prefix and \u{201C}{rest}\u{201D} as the last name"
            ),
            (FieldWarningKind::EmailTypo(t), _) => t.detail(lang, &self.input),
            (FieldWarningKind::Mobile { warning, mobile }, _) => {
                warning.detail(lang, &self.input, mobile)
            }
        }
    }

    /// The warning with the field's name.
    pub fn message(&self, lang: Lang) -> String {
        format!("{}: {}", self.field.label(lang), self.detail(lang))
    }
}

/// A value that passed its field's rules, with any warnings about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked<T> {
    /// The normalised value.
    pub value: T,
    /// Warnings about it.
    pub warnings: Vec<FieldWarningKind>,
}

// ---------------------------------------------------------------------------------------------
// Per-field parsers

/// Common Dutch (and some Belgian/foreign) surname prefixes, lower case (domain brief §6.3).
pub const KNOWN_INFIXES: &[&str] = &[
    "van", "de", "van de", "van der", "van den", "van 't", "'t", "den", "der", "des", "te", "ten",
    "ter", "het", "in 't", "in de", "in den", "in het", "op de", "op den", "op ten", "op 't",
    "uit de", "uit den", "uit het", "uit 't", "van het", "van ter", "aan de", "aan den", "aan 't",
    "aan het", "bij de", "onder de", "over de", "voor de", "voor den", "d'", "da", "di", "du",
    "del", "della", "dos", "das", "do", "la", "le", "les", "l'", "von", "von der", "vom", "zu",
    "el", "al", "ver", "op", "in", "bij", "onder", "over",
];

/// Slots of [`INFIX_TABLE`]: a power of two, well over twice the number of known prefixes.
const INFIX_SLOTS: usize = 256;

const fn infix_slot(bytes: &[u8]) -> usize {
    // FNV-1a.
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as u32).wrapping_mul(0x0100_0193);
        i += 1;
    }
    h as usize & (INFIX_SLOTS - 1)
}

/// [`KNOWN_INFIXES`] as an open-addressing hash table of indices (`u8::MAX`: empty), built at
/// compile time: one or two probes instead of sixty string comparisons per row.
static INFIX_TABLE: [u8; INFIX_SLOTS] = {
    assert!(KNOWN_INFIXES.len() < INFIX_SLOTS / 2);
    let mut table = [u8::MAX; INFIX_SLOTS];
    let mut i = 0;
    while i < KNOWN_INFIXES.len() {
        let mut slot = infix_slot(KNOWN_INFIXES[i].as_bytes());
        while table[slot] != u8::MAX {
            slot = (slot + 1) & (INFIX_SLOTS - 1);
        }
        table[slot] = i as u8;
        i += 1;
    }
    table
};

/// Whether `value` (lower case) is one of [`KNOWN_INFIXES`].
fn is_known_infix(value: &str) -> bool {
    let mut slot = infix_slot(value.as_bytes());
    loop {
        match INFIX_TABLE[slot] {
            u8::MAX => return false,
            i if KNOWN_INFIXES[usize::from(i)] == value => return true,
            _ => slot = (slot + 1) & (INFIX_SLOTS - 1),
        }
    }
}

/// Byte classes of the ASCII fast paths for names: what the full rules accept unchanged.
const ALLOWED: u8 = 1;
const SPACE: u8 = 2;
const LETTER: u8 = 4;

/// The classes of every byte for a field whose names may contain letters, spaces and `extra`.
const fn name_bytes(extra: &[u8]) -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            table[b] = ALLOWED | LETTER;
        } else if c == b' ' {
            table[b] = ALLOWED | SPACE;
        }
        b += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] = ALLOWED;
        i += 1;
    }
    table
}

/// First names and last names: letters, spaces, hyphens and apostrophes.
static NAME_BYTES: [u8; 256] = name_bytes(b"-'");
/// Birth places: also dots and parentheses.
static PLACE_BYTES: [u8; 256] = name_bytes(b"-'.()");
/// Surname prefixes: no hyphen (an error) either.
static INFIX_BYTES: [u8; 256] = name_bytes(b"'");

/// The fast path of the name rules for the common case: `input` is plain ASCII that the full
/// rules would accept unchanged (already trimmed, single spaces, only bytes that `table` allows,
/// at least one letter, at most `max` bytes, and with `no_initials` no one-letter word). `false`
/// means "not sure": the caller runs the full rules.
#[inline]
fn plain_name(input: &str, table: &[u8; 256], no_initials: bool, max: usize) -> bool {
    let b = input.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return false;
    };
    if b.len() > max || first == b' ' || last == b' ' {
        return false;
    }
    // Branch-free over the bytes: whether all are allowed, which classes were seen, and whether
    // two spaces follow each other.
    let (mut all, mut seen, mut pairs, mut prev) = (ALLOWED, 0u8, 0u8, 0u8);
    for &c in b {
        let class = table[usize::from(c)];
        all &= class;
        seen |= class;
        pairs |= class & prev;
        prev = class;
    }
    all & ALLOWED != 0
        && seen & LETTER != 0
        && pairs & SPACE == 0
        && !(no_initials
            && b.split(|&c| c == b' ' || c == b'-')
                .any(|w| w.len() == 1 && w[0].is_ascii_alphabetic()))
}

/// Replaces typographic apostrophes (’ ‘ ` ´ ʼ) by the plain one that the BRP uses.
fn plain_apostrophes(s: Cow<'_, str>) -> Cow<'_, str> {
    const CURLY: [char; 5] = ['\u{2019}', '\u{2018}', '`', '\u{B4}', '\u{2BC}'];
    if s.bytes().all(|b| b < 0x80 && b != b'`') {
        return s;
    }
    if s.contains(CURLY) {
        Cow::Owned(s.replace(CURLY, "'"))
    } else {
        s
    }
}

fn name_chars(value: &str, extra: &[char]) -> Result<(), NameError> {
    if value.is_ascii() {
        let b = value.as_bytes();
        let ok = |c: &u8| {
            c.is_ascii_alphabetic()
                || matches!(c, b' ' | b'-' | b'\'')
                || extra.contains(&char::from(*c))
        };
        if b.iter().all(ok) && b.iter().any(u8::is_ascii_alphabetic) {
            return Ok(());
        }
    }
    let mut bad = String::new();
    let mut letters = false;
    for c in value.chars() {
        if c.is_alphabetic() {
            letters = true;
        } else if !(c == ' '
            || c == '-'
            || c == '\''
            || extra.contains(&c)
            || is_combining_mark(c)
            || bad.contains(c))
            && bad.chars().count() < 5
        {
            bad.push(c);
        }
    }
    if !bad.is_empty() {
        return Err(NameError::InvalidCharacters { chars: bad });
    }
    if !letters {
        return Err(NameError::NoLetters);
    }
    Ok(())
}

fn too_long(value: &str, max: usize) -> Result<(), NameError> {
    if value.len() <= max {
        return Ok(());
    }
    let len = value.chars().count();
    if len > max {
        Err(NameError::TooLong { max, len })
    } else {
        Ok(())
    }
}

/// Whether a word is an initial or an abbreviation: "J", "J.", "J.P.", "Th.".
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    word.contains('.') || (chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none())
}

/// All first names written out in full: letters, spaces, hyphens, apostrophes; no initials.
/// The key people are sorted by in Dutch lists: last name, first names, infix, lower-cased and
/// without accents, so "Anna de Vries" sorts under V and "Émile Zola" with the Z's.
pub fn sort_name(first_names: &str, infix: &str, last_name: &str) -> String {
    crate::text::fold(&format!("{last_name} {first_names} {infix}"))
        .trim()
        .to_owned()
}

/// What the free-text filter of the lists searches: the full name and the e-mail address,
/// lower-cased and without accents.
pub fn search_text(first_names: &str, infix: &str, last_name: &str, email: &str) -> String {
    crate::text::fold(&format!("{first_names} {infix} {last_name} {email}"))
}

/// `input` as the free-text filter compares it: lower-cased, without accents, trimmed.
pub fn search_key(input: &str) -> String {
    crate::text::fold(input.trim())
}

pub fn parse_first_names(input: &str) -> Result<String, NameError> {
    first_names(input).map(Cow::into_owned)
}

fn first_names(input: &str) -> Result<Cow<'_, str>, NameError> {
    if plain_name(input, &NAME_BYTES, true, MAX_NAME_CHARS) {
        return Ok(Cow::Borrowed(input));
    }
    first_names_full(input)
}

/// [`first_names`] without the fast path.
fn first_names_full(input: &str) -> Result<Cow<'_, str>, NameError> {
    let value = plain_apostrophes(clean(input));
    if value.is_empty() {
        return Err(NameError::Empty);
    }
    too_long(&value, MAX_NAME_CHARS)?;
    let initials = if value.is_ascii() {
        value
            .as_bytes()
            .split(|&b| b == b' ' || b == b'-')
            .any(|w| w.len() == 1 && w[0].is_ascii_alphabetic() || w.contains(&b'.'))
    } else {
        value.split([' ', '-']).any(is_initial)
    };
    if initials {
        return Err(NameError::Initials);
    }
    name_chars(&value, &[])?;
    Ok(value)
}

/// The last name without surname prefix: `'t Hart`, `Smit-de Vries`, `d'Ancona`, `IJzerman`.
pub fn parse_last_name(input: &str) -> Result<String, NameError> {
    last_name(input).map(Cow::into_owned)
}

fn last_name(input: &str) -> Result<Cow<'_, str>, NameError> {
    if plain_name(input, &NAME_BYTES, false, MAX_NAME_CHARS) {
        return Ok(Cow::Borrowed(input));
    }
    last_name_full(input)
}

/// [`last_name`] without the fast path.
fn last_name_full(input: &str) -> Result<Cow<'_, str>, NameError> {
    let value = plain_apostrophes(clean(input));
    if value.is_empty() {
        return Err(NameError::Empty);
    }
    too_long(&value, MAX_NAME_CHARS)?;
    name_chars(&value, &[])?;
    Ok(value)
}

/// The surname prefix ("van der"): optional (empty is fine), lower-cased, at most 10 characters;
/// an unusual one is a warning.
pub fn parse_infix(input: &str) -> Result<Checked<String>, NameError> {
    let (value, warnings) = infix(input)?;
    Ok(Checked {
        value: value.into_owned(),
        warnings,
    })
}

fn infix(input: &str) -> Result<(Cow<'_, str>, Vec<FieldWarningKind>), NameError> {
    if input.is_empty() {
        return Ok((Cow::Borrowed(""), Vec::new()));
    }
    // Fast path: plain letters, single spaces and apostrophes (no hyphen: an error below).
    if plain_name(input, &INFIX_BYTES, false, MAX_INFIX_CHARS) {
        let value = if input.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(input.to_ascii_lowercase())
        } else {
            Cow::Borrowed(input)
        };
        let warnings = if is_known_infix(&value) {
            Vec::new()
        } else {
            vec![FieldWarningKind::InfixUnusual]
        };
        return Ok((value, warnings));
    }
    infix_full(input)
}

/// [`infix`] without the fast path.
fn infix_full(input: &str) -> Result<(Cow<'_, str>, Vec<FieldWarningKind>), NameError> {
    let value = plain_apostrophes(clean(input));
    if value.is_empty() {
        return Ok((value, Vec::new()));
    }
    if value.bytes().any(|b| b == b'.' || b == b'/') {
        return Err(NameError::InfixAbbreviation);
    }
    too_long(&value, MAX_INFIX_CHARS)?;
    name_chars(&value, &[])?;
    if value.contains('-') {
        return Err(NameError::InvalidCharacters { chars: "-".into() });
    }
    let upper = if value.is_ascii() {
        value.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        value.chars().any(char::is_uppercase)
    };
    let value = if upper {
        Cow::Owned(value.to_lowercase())
    } else {
        value
    };
    let warnings = if is_known_infix(&value) {
        Vec::new()
    } else {
        vec![FieldWarningKind::InfixUnusual]
    };
    Ok((value, warnings))
}

/// When the prefix field is empty and `last_name` starts with a known prefix ("van Dijk"), the
/// suggested split ("van", "Dijk").
pub fn infix_in_last_name(last_name: &str) -> Option<(String, String)> {
    if !last_name.contains(' ') {
        return None;
    }
    let words: Vec<&str> = last_name.split(' ').collect();
    (1..=3.min(words.len().saturating_sub(1)))
        .rev()
        .find_map(|n| {
            let candidate = words[..n].join(" ").to_lowercase();
            KNOWN_INFIXES
                .contains(&candidate.as_str())
                .then(|| (candidate, words[n..].join(" ")))
        })
}

/// The place of birth: letters, spaces, hyphens, apostrophes, dots and parentheses
/// (`'s-Gravenhage`, `Bergen (NH)`, `St. Michielsgestel`).
pub fn parse_birth_place(input: &str) -> Result<String, NameError> {
    birth_place(input).map(Cow::into_owned)
}

fn birth_place(input: &str) -> Result<Cow<'_, str>, NameError> {
    if plain_name(input, &PLACE_BYTES, false, MAX_PLACE_CHARS) {
        return Ok(Cow::Borrowed(input));
    }
    birth_place_full(input)
}

/// [`birth_place`] without the fast path.
fn birth_place_full(input: &str) -> Result<Cow<'_, str>, NameError> {
    let value = plain_apostrophes(clean(input));
    if value.is_empty() {
        return Err(NameError::Empty);
    }
    too_long(&value, MAX_PLACE_CHARS)?;
    name_chars(&value, &['.', '(', ')'])?;
    Ok(value)
}

/// Parses a birth date written as `dd-mm-jjjj`, `d-m-jjjj` (also with `/` or `.`), ISO
/// `jjjj-mm-dd`, or `ddmmjjjj`/`jjjjmmdd`; a trailing time (`00:00:00`) is ignored. Then checks it
/// with [`check_birth_date`].
pub fn parse_birth_date(input: &str, today: Date) -> Result<Date, DateError> {
    check_birth_date(parse_date_text(input)?, today)
}

/// The rules for a birth date: not in the future, not before 1900, at least 16 years old on
/// `today`.
pub fn check_birth_date(date: Date, today: Date) -> Result<Date, DateError> {
    if date > today {
        return Err(DateError::InFuture);
    }
    if date.year() < EARLIEST_BIRTH_YEAR {
        return Err(DateError::Before1900);
    }
    let age = date.years_until(today);
    if age < i32::from(MINIMUM_AGE) {
        return Err(DateError::TooYoung {
            age: age.max(0) as u16,
        });
    }
    Ok(date)
}

/// The fast path of [`parse_date_text`] for `dd-mm-jjjj` and `jjjj-mm-dd` (with `-`, `/` or `.`)
/// naming a real date; `None` lets the full parser decide.
#[inline]
fn plain_date(input: &str) -> Option<Date> {
    let b: &[u8; 10] = input.as_bytes().try_into().ok()?;
    let digit = |i: usize| {
        let d = b[i].wrapping_sub(b'0');
        (d < 10).then_some(u16::from(d))
    };
    let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
    let four = |i: usize| Some(two(i)? * 100 + two(i + 2)?);
    let sep = |c: u8| matches!(c, b'-' | b'/' | b'.');
    let (year, month, day) = if sep(b[2]) && b[5] == b[2] {
        (four(6)?, two(3)?, two(0)?)
    } else if sep(b[4]) && b[7] == b[4] {
        (four(0)?, two(5)?, two(8)?)
    } else {
        return None;
    };
    Date::new(year, month as u8, day as u8)
}

fn parse_date_text(input: &str) -> Result<Date, DateError> {
    if let Some(date) = plain_date(input) {
        return Ok(date);
    }
    parse_date_text_full(input)
}

/// [`parse_date_text`] without the fast path.
fn parse_date_text_full(input: &str) -> Result<Date, DateError> {
    let mut text = trim(input);
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    // "1985-02-01 00:00:00", "1985-02-01T00:00:00", "01-02-1985 0:00": drop the time of day.
    if let Some(pos) = text.find([' ', 'T']) {
        let time = trim(&text[pos + 1..]);
        if !time.is_empty()
            && time
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
        {
            text = trim(&text[..pos]);
        }
    }
    let b = text.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        return match b.len() {
            5 => {
                let serial: u32 = text.parse().map_err(|_| DateError::Format)?;
                Date::from_excel_serial(f64::from(serial), false)
                    .map(|date| Err(DateError::SerialNumber { date }))
                    .unwrap_or(Err(DateError::Format))
            }
            8 => {
                let n = |r: std::ops::Range<usize>| text[r].parse::<u16>().unwrap_or(0);
                let ymd =
                    Date::new(n(0..4), n(4..6) as u8, n(6..8) as u8).filter(|d| d.year() >= 1800);
                let dmy = Date::new(n(4..8), n(2..4) as u8, n(0..2) as u8);
                ymd.or(dmy).ok_or(DateError::Nonexistent)
            }
            _ => Err(DateError::Format),
        };
    }
    let sep = b
        .iter()
        .copied()
        .find(|c| !c.is_ascii_digit())
        .unwrap_or(b'-');
    if !matches!(sep, b'-' | b'/' | b'.') {
        return Err(DateError::Format);
    }
    let mut parts = text.split(sep as char);
    let (Some(a), Some(m), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DateError::Format);
    };
    let is_num = |s: &str, max_len: usize| {
        !s.is_empty() && s.len() <= max_len && s.bytes().all(|c| c.is_ascii_digit())
    };
    let num = |s: &str| s.parse::<u16>().unwrap_or(0);
    let (year, month, day) = if a.len() == 4 && is_num(a, 4) && is_num(m, 2) && is_num(c, 2) {
        (num(a), num(m), num(c))
    } else if is_num(a, 2) && is_num(m, 2) && c.len() == 4 && is_num(c, 4) {
        (num(c), num(m), num(a))
    } else if is_num(a, 2) && is_num(m, 2) && c.len() == 2 && is_num(c, 2) {
        return Err(DateError::TwoDigitYear {
            day: num(a) as u8,
            month: num(m) as u8,
            year: num(c) as u8,
        });
    } else {
        return Err(DateError::Format);
    };
    if let Some(date) = Date::new(year, month as u8, day as u8) {
        return Ok(date);
    }
    if month > 12
        && let Some(suggestion) = Date::new(year, day as u8, month as u8)
    {
        return Err(DateError::DayMonthSwapped {
            month: month as u8,
            suggestion,
        });
    }
    Err(DateError::Nonexistent)
}

/// `J`, `Ja`, `Yes` → true; `N`, `Nee`, `No` → false; case-insensitive.
pub fn parse_employed(input: &str) -> Result<bool, EmployedError> {
    let text = trim(input);
    if text.is_empty() {
        return Err(EmployedError::Empty);
    }
    let is = |word: &str| text.eq_ignore_ascii_case(word);
    if is("j") || is("ja") || is("yes") {
        Ok(true)
    } else if is("n") || is("nee") || is("no") {
        Ok(false)
    } else {
        Err(EmployedError::Invalid)
    }
}

/// The first character when `input` would be a spreadsheet formula: `=` and `@` always; `+` and
/// `-` unless only digits and phone punctuation follow (`+31 6 …`, `-5`).
pub fn formula_start(input: &str) -> Option<char> {
    let text = trim(input);
    let first = text.chars().next()?;
    match first {
        '=' | '@' => Some(first),
        '+' | '-' => text[1..]
            .chars()
            .any(|c| !(c.is_ascii_digit() || " .-()/".contains(c) || crate::text::is_space(c)))
            .then_some(first),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Whole users

/// The eight values of a user as entered, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RawUser {
    /// Volledige voornamen.
    pub first_names: String,
    /// Tussenvoegsel (may be empty).
    #[serde(default)]
    pub infix: String,
    /// Achternaam.
    pub last_name: String,
    /// Geboortedatum.
    pub birth_date: String,
    /// Geboorteplaats.
    pub birth_place: String,
    /// E-mailadres.
    pub email: String,
    /// Mobiel nummer.
    pub mobile: String,
    /// Loondienst: `J`/`N` (a JSON boolean is accepted too).
    #[serde(deserialize_with = "employed_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = EmployedValue))]
    pub employed: String,
}

fn employed_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match EmployedValue::deserialize(deserializer)? {
        EmployedValue::Valid(true) => "J".into(),
        EmployedValue::Valid(false) => "N".into(),
        EmployedValue::Invalid(text) => text,
    })
}

impl RawUser {
    /// Validates and normalises all eight fields.
    pub fn validate(&self, today: Date) -> UserCheck {
        check_users_values(
            [
                Input::Text(&self.first_names),
                Input::Text(&self.infix),
                Input::Text(&self.last_name),
                Input::Text(&self.birth_date),
                Input::Text(&self.birth_place),
                Input::Text(&self.email),
                Input::Text(&self.mobile),
                Input::Text(&self.employed),
            ],
            today,
        )
    }
}

/// A validated, normalised user, ready to be ordered a means for.
///
/// The fields are public for convenience; anything that did not come out of
/// [`RawUser::validate`] (such as a deserialised order) must go through
/// `user.to_raw().validate(today)` again.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NewUser {
    /// All first names, in full.
    pub first_names: String,
    /// The surname prefix, lower case; empty when there is none.
    #[serde(default)]
    pub infix: String,
    /// The last name without prefix.
    pub last_name: String,
    /// The date of birth.
    pub birth_date: Date,
    /// The place of birth.
    pub birth_place: String,
    /// The e-mail address (domain lower case).
    pub email: Email,
    /// The mobile number, E.164.
    pub mobile: Mobile,
    /// Whether the user is employed by the organisation (no identification needed).
    pub employed: bool,
}

/// The person's key for "the same person twice": names and birth date, case- and
/// accent-insensitive.
impl NewUser {
    /// The values in the form a person enters them (`J`/`N`, ISO date, E.164 number).
    pub fn to_raw(&self) -> RawUser {
        RawUser {
            first_names: self.first_names.clone(),
            infix: self.infix.clone(),
            last_name: self.last_name.clone(),
            birth_date: self.birth_date.to_string(),
            birth_place: self.birth_place.clone(),
            email: self.email.to_string(),
            mobile: self.mobile.to_string(),
            employed: if self.employed { "J" } else { "N" }.into(),
        }
    }

    /// "Jan Pieter van der Berg".
    pub fn full_name(&self) -> String {
        full_name(&self.first_names, &self.infix, &self.last_name)
    }
}

/// The full name as people write it: "Jan Pieter van Dijk".
pub fn full_name(first_names: &str, infix: &str, last_name: &str) -> String {
    let mut out = String::with_capacity(first_names.len() + infix.len() + last_name.len() + 2);
    for part in [first_names, infix, last_name] {
        if !part.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
    out
}

/// `employed` in the JSON contract: a boolean when valid, else the text as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmployedValue {
    /// A valid answer.
    Valid(bool),
    /// The text as entered, not valid.
    Invalid(String),
}

impl Default for EmployedValue {
    fn default() -> Self {
        EmployedValue::Invalid(String::new())
    }
}

impl Serialize for EmployedValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            EmployedValue::Valid(b) => serializer.serialize_bool(*b),
            EmployedValue::Invalid(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for EmployedValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EmployedValue, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = EmployedValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean or a string")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<EmployedValue, E> {
                Ok(EmployedValue::Valid(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<EmployedValue, E> {
                Ok(EmployedValue::Invalid(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<EmployedValue, E> {
                Ok(EmployedValue::Invalid(v))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The eight values of a checked user: normalised where valid, as entered where not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserValues {
    /// Volledige voornamen.
    pub first_names: String,
    /// Tussenvoegsel.
    pub infix: String,
    /// Achternaam.
    pub last_name: String,
    /// Geboortedatum: ISO `YYYY-MM-DD` when valid.
    pub birth_date: String,
    /// Geboorteplaats.
    pub birth_place: String,
    /// E-mailadres.
    pub email: String,
    /// Mobiel nummer: E.164 when valid.
    pub mobile: String,
    /// Loondienst: a boolean when valid.
    pub employed: EmployedValue,
}

impl UserValues {
    /// A field's value as text (`employed` as `J`/`N` when valid).
    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::FirstNames => &self.first_names,
            Field::Infix => &self.infix,
            Field::LastName => &self.last_name,
            Field::BirthDate => &self.birth_date,
            Field::BirthPlace => &self.birth_place,
            Field::Email => &self.email,
            Field::Mobile => &self.mobile,
            Field::Employed => employed_text_of(&self.employed),
        }
    }
}

fn employed_text_of(e: &EmployedValue) -> &str {
    match e {
        EmployedValue::Valid(true) => "J",
        EmployedValue::Valid(false) => "N",
        EmployedValue::Invalid(s) => s,
    }
}

/// The outcome of checking one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCheck {
    /// The values, normalised where valid.
    pub values: UserValues,
    /// Errors, at most one per field.
    pub errors: Vec<FieldError>,
    /// Warnings.
    pub warnings: Vec<FieldWarning>,
}

impl UserCheck {
    /// The user, when there is no error.
    pub fn user(&self) -> Option<NewUser> {
        if self.errors.is_empty() {
            user_from_values(&self.values)
        } else {
            None
        }
    }
}

/// Rebuilds the typed user from values that passed every rule.
pub(crate) fn user_from_values(v: &UserValues) -> Option<NewUser> {
    let EmployedValue::Valid(employed) = v.employed else {
        return None;
    };
    Some(NewUser {
        first_names: v.first_names.clone(),
        infix: v.infix.clone(),
        last_name: v.last_name.clone(),
        birth_date: Date::parse_iso(&v.birth_date).ok()?,
        birth_place: v.birth_place.clone(),
        email: Email::from_normalised(v.email.clone()),
        mobile: Mobile::from_normalised(v.mobile.clone()),
        employed,
    })
}

/// Where the seven text values of a checked user are in their text buffer: the end of each, in
/// [`Field::ALL`] order, the first starting at 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Spans {
    ends: [u32; 7],
}

impl Spans {
    /// A text field's value in `text` (the buffer the spans were made for).
    #[inline]
    pub(crate) fn get<'a>(&self, text: &'a str, field: Field) -> &'a str {
        let i = field.index().min(6);
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        text.get(start as usize..self.ends[i] as usize)
            .unwrap_or_default()
    }

    /// First names, surname prefix and last name, which are stored one after the other.
    #[inline]
    pub(crate) fn names<'a>(&self, text: &'a str) -> &'a str {
        text.get(..self.ends[Field::LastName.index()] as usize)
            .unwrap_or_default()
    }
}

/// The eight values of a checked user, the seven texts in one buffer: one allocation per row
/// instead of seven, which matters for the import's throughput.
///
/// (Sharing one buffer between many rows saves that allocation too, but glibc then returns the
/// freed buffers to the system after each import, and the next large import pays page faults for
/// all of them again: a 50 MB import was 25% slower that way.)
#[derive(Clone, Default)]
pub(crate) struct CompactValues {
    text: String,
    spans: Spans,
    employed: EmployedValue,
}

impl CompactValues {
    /// The values of a [`check_user`] that wrote to `text` at `spans`.
    pub(crate) fn new(text: String, spans: Spans, employed: EmployedValue) -> CompactValues {
        CompactValues {
            text,
            spans,
            employed,
        }
    }

    /// A field's value as text (`employed` as `J`/`N` when valid).
    #[inline]
    pub(crate) fn get(&self, field: Field) -> &str {
        if field == Field::Employed {
            return employed_text_of(&self.employed);
        }
        self.spans.get(&self.text, field)
    }

    pub(crate) fn employed(&self) -> &EmployedValue {
        &self.employed
    }

    pub(crate) fn to_values(&self) -> UserValues {
        UserValues {
            first_names: self.get(Field::FirstNames).to_owned(),
            infix: self.get(Field::Infix).to_owned(),
            last_name: self.get(Field::LastName).to_owned(),
            birth_date: self.get(Field::BirthDate).to_owned(),
            birth_place: self.get(Field::BirthPlace).to_owned(),
            email: self.get(Field::Email).to_owned(),
            mobile: self.get(Field::Mobile).to_owned(),
            employed: self.employed.clone(),
        }
    }

    pub(crate) fn to_user(&self) -> Option<NewUser> {
        let EmployedValue::Valid(employed) = self.employed else {
            return None;
        };
        Some(NewUser {
            first_names: self.get(Field::FirstNames).to_owned(),
            infix: self.get(Field::Infix).to_owned(),
            last_name: self.get(Field::LastName).to_owned(),
            birth_date: Date::parse_iso(self.get(Field::BirthDate)).ok()?,
            birth_place: self.get(Field::BirthPlace).to_owned(),
            email: Email::from_normalised(self.get(Field::Email).to_owned()),
            mobile: Mobile::from_normalised(self.get(Field::Mobile).to_owned()),
            employed,
        })
    }
}

/// Equal when the eight values are (wherever their text is stored).
impl PartialEq for CompactValues {
    fn eq(&self, other: &Self) -> bool {
        Field::ALL.iter().all(|&f| self.get(f) == other.get(f)) && self.employed == other.employed
    }
}

impl Eq for CompactValues {}

/// The eight values, not the buffer they are in.
impl fmt::Debug for CompactValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("CompactValues");
        for field in Field::ALL {
            if field == Field::Employed {
                d.field(field.key(), &self.employed);
            } else {
                d.field(field.key(), &self.get(field));
            }
        }
        d.finish()
    }
}

/// What [`check_user`] remembers from one user to the next: the last e-mail domain and whether it
/// looks like a typo of a big mail domain (the users of one file mostly share their domain).
#[derive(Debug, Default)]
pub(crate) struct Memo {
    domain: String,
    suggestion: Option<&'static str>,
}

impl Memo {
    /// [`crate::email::suggest_domain`], remembered for the last domain.
    fn suggest_domain(&mut self, domain: &str) -> Option<&'static str> {
        if self.domain != domain {
            self.suggestion = crate::email::suggest_domain(domain);
            self.domain.clear();
            self.domain.push_str(domain);
        }
        self.suggestion
    }
}

/// [`check_user`]'s result: the values' text went to the caller's buffer, at `spans`.
#[derive(Debug)]
pub(crate) struct CompactCheck {
    pub spans: Spans,
    pub employed: EmployedValue,
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldWarning>,
}

/// A cell's value: text, or a typed spreadsheet date or boolean.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(feature = "spreadsheet"), allow(dead_code))]
pub(crate) enum Input<'a> {
    Text(&'a str),
    Date(Date),
    Bool(bool),
}

impl Input<'_> {
    fn as_text(&self) -> Cow<'_, str> {
        match self {
            Input::Text(s) => Cow::Borrowed(s),
            Input::Date(d) => Cow::Owned(d.to_dutch()),
            Input::Bool(true) => Cow::Borrowed("WAAR"),
            Input::Bool(false) => Cow::Borrowed("ONWAAR"),
        }
    }

    fn len(&self) -> usize {
        match self {
            Input::Text(s) => s.len(),
            _ => 10,
        }
    }
}

fn check_users_values(inputs: [Input<'_>; 8], today: Date) -> UserCheck {
    let mut text = String::new();
    let check = check_user(inputs, today, &mut text, &mut Memo::default());
    let get = |field: Field| check.spans.get(&text, field).to_owned();
    UserCheck {
        values: UserValues {
            first_names: get(Field::FirstNames),
            infix: get(Field::Infix),
            last_name: get(Field::LastName),
            birth_date: get(Field::BirthDate),
            birth_place: get(Field::BirthPlace),
            email: get(Field::Email),
            mobile: get(Field::Mobile),
            employed: check.employed,
        },
        errors: check.errors,
        warnings: check.warnings,
    }
}

/// Checks the eight inputs of one user, in [`Field::ALL`] order, and writes the seven text
/// values (normalised where valid, as entered where not) to `text`, which must be empty.
pub(crate) fn check_user(
    inputs: [Input<'_>; 8],
    today: Date,
    text: &mut String,
    memo: &mut Memo,
) -> CompactCheck {
    debug_assert!(text.is_empty());
    text.clear();
    text.reserve(inputs.iter().map(Input::len).sum::<usize>() + 8);
    let mut spans = Spans::default();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let text_fields = [
        Field::FirstNames,
        Field::Infix,
        Field::LastName,
        Field::BirthDate,
        Field::BirthPlace,
        Field::Email,
        Field::Mobile,
    ];
    for (field, input) in text_fields.into_iter().zip(inputs) {
        if let Err(kind) = check_text_field(field, input, today, text, &mut warnings, memo) {
            let entered = input.as_text();
            let kind = formula_start(&entered)
                .map_or(kind, |first| FieldErrorKind::FormulaInjection { first });
            text.push_str(&entered);
            errors.push(FieldError {
                field,
                input: entered.into_owned(),
                kind,
            });
        }
        spans.ends[field.index()] = text.len() as u32;
    }
    let input = inputs[Field::Employed.index()];
    let result = match input {
        Input::Bool(b) => Ok(b),
        Input::Text(text) => parse_employed(text),
        Input::Date(_) => parse_employed(&input.as_text()),
    };
    let employed = match result {
        Ok(b) => EmployedValue::Valid(b),
        Err(kind) => {
            let text = input.as_text().into_owned();
            let kind = formula_start(&text).map_or(FieldErrorKind::Employed(kind), |first| {
                FieldErrorKind::FormulaInjection { first }
            });
            errors.push(FieldError {
                field: Field::Employed,
                input: text.clone(),
                kind,
            });
            EmployedValue::Invalid(text)
        }
    };
    if spans.get(text, Field::Infix).is_empty()
        && !errors
            .iter()
            .any(|e: &FieldError| e.field == Field::LastName)
        && let Some((infix, rest)) = infix_in_last_name(spans.get(text, Field::LastName))
    {
        warnings.push(FieldWarning {
            field: Field::LastName,
            input: inputs[Field::LastName.index()].as_text().into_owned(),
            kind: FieldWarningKind::InfixInLastName { infix, rest },
        });
    }
    CompactCheck {
        spans,
        employed,
        errors,
        warnings,
    }
}

/// Checks one text field, appends its normalised value to `out` (only when valid) and its
/// warnings to `warnings`.
fn check_text_field(
    field: Field,
    input: Input<'_>,
    today: Date,
    out: &mut String,
    warnings: &mut Vec<FieldWarning>,
    memo: &mut Memo,
) -> Result<(), FieldErrorKind> {
    let text = input.as_text();
    let warn = |warnings: &mut Vec<FieldWarning>, kind: FieldWarningKind| {
        warnings.push(FieldWarning {
            field,
            input: input.as_text().into_owned(),
            kind,
        });
    };
    match field {
        Field::FirstNames => out.push_str(&first_names(&text)?),
        Field::Infix => {
            let (value, found) = infix(&text)?;
            out.push_str(&value);
            for kind in found {
                warn(warnings, kind);
            }
        }
        Field::LastName => out.push_str(&last_name(&text)?),
        Field::BirthDate => {
            let date = match input {
                Input::Date(d) => check_birth_date(d, today)?,
                _ => parse_birth_date(&text, today)?,
            };
            date.push_iso(out);
        }
        Field::BirthPlace => out.push_str(&birth_place(&text)?),
        Field::Email => {
            let (email, typo) = crate::email::check_with(&text, |d| memo.suggest_domain(d))?;
            out.push_str(&email);
            if let Some(typo) = typo {
                warn(warnings, FieldWarningKind::EmailTypo(typo));
            }
        }
        Field::Mobile => {
            let (e164, warning) = crate::phone::check(&text)?;
            out.push_str(e164.as_str());
            if let Some(warning) = warning {
                warn(
                    warnings,
                    FieldWarningKind::Mobile {
                        warning,
                        mobile: Mobile::from_normalised(e164.as_str().to_owned()),
                    },
                );
            }
        }
        Field::Employed => {}
    }
    Ok(())
}

/// Writes the "same person" key of checked values to `out` (cleared first): the names folded
/// (lower case, without accents, hyphens and apostrophes), each followed by U+001F, then the birth
/// date. Two rows are the same person when their keys are equal.
pub(crate) fn person_key(values: &CompactValues, out: &mut Vec<u8>) {
    out.clear();
    for field in [Field::FirstNames, Field::Infix, Field::LastName] {
        push_folded_name(values.get(field), out);
    }
    out.extend_from_slice(values.get(Field::BirthDate).as_bytes());
}

/// Appends one name of the person key, folded, and U+001F.
fn push_folded_name(part: &str, out: &mut Vec<u8>) {
    if part.is_ascii() {
        out.extend(
            part.bytes()
                .filter(|&b| b != b'-' && b != b'\'')
                .map(|b| b.to_ascii_lowercase()),
        );
    } else {
        fold_chars(part, |c| {
            if c != '-' && c != '\'' {
                let mut utf8 = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            }
        });
    }
    out.push(0x1F);
}

/// The names of the person key as a byte string to hash with ASCII case folding
/// (`seen::hash_bytes(key, true)`): the three names one after the other, folded as in
/// [`person_key`] but without its separators; the common plain ASCII names (no hyphen or
/// apostrophe) are not even copied or lower-cased. Equal person keys give equal strings up to
/// ASCII case, so they hash equal; a hash match is confirmed with [`person_key`].
pub(crate) fn person_hash_names<'a>(
    text: &'a str,
    spans: &Spans,
    scratch: &'a mut Vec<u8>,
) -> &'a [u8] {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    // First names, surname prefix and last name are stored one after the other.
    let names = spans.names(text).as_bytes();
    // Eight bytes at a time: a non-ASCII byte, hyphen or apostrophe takes the exact way.
    let plain = names.chunks(8).all(|chunk| {
        let mut word = [b'a'; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        (w & HIGH) | has_zero(w ^ (ONES * 0x2D)) | has_zero(w ^ (ONES * 0x27)) == 0
    });
    if plain {
        return names;
    }
    scratch.clear();
    for field in [Field::FirstNames, Field::Infix, Field::LastName] {
        push_folded_name(spans.get(text, field), scratch);
        scratch.pop();
    }
    scratch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_sort_by_last_name_the_dutch_way() {
        let mut names = vec![
            sort_name("Anna", "de", "Vries"),
            sort_name("Émile", "", "Zola"),
            sort_name("Piet", "van", "Dam"),
            sort_name("Bert", "", "Aalders"),
        ];
        names.sort();
        assert_eq!(
            names,
            [
                "aalders bert",
                "dam piet van",
                "vries anna de",
                "zola emile"
            ]
        );
        assert_eq!(
            search_text("Jan", "van", "Dijk", "Jan@Voorbeeld.nl"),
            "jan van dijk jan@voorbeeld.nl"
        );
        assert_eq!(search_key(" DÍJK "), "dijk");
    }

    fn today() -> Date {
        Date::new(2026, 5, 1).unwrap()
    }

    fn raw() -> RawUser {
        RawUser {
            first_names: "Johanna Maria".into(),
            infix: "van der".into(),
            last_name: "Berg".into(),
            birth_date: "01-02-1985".into(),
            birth_place: "Amsterdam".into(),
            email: "j.vanderberg@voorbeeld.nl".into(),
            mobile: "06 12345678".into(),
            employed: "J".into(),
        }
    }

    #[test]
    fn a_valid_user_is_normalised() {
        let check = raw().validate(today());
        assert!(check.errors.is_empty(), "{:?}", check.errors);
        let user = check.user().unwrap();
        assert_eq!(user.birth_date, Date::new(1985, 2, 1).unwrap());
        assert_eq!(user.mobile.as_str(), "+31612345678");
        assert!(user.employed);
        assert_eq!(user.full_name(), "Johanna Maria van der Berg");
        // Idempotent.
        assert_eq!(user.to_raw().validate(today()).user().unwrap(), user);
    }

    #[test]
    fn first_names_must_be_written_in_full() {
        for initials in ["J.", "J.P.", "J.P", "A B", "Jan P.", "Th. Maria", "J"] {
            assert_eq!(
                parse_first_names(initials),
                Err(NameError::Initials),
                "{initials}"
            );
        }
        assert_eq!(parse_first_names("Jan-Willem").as_deref(), Ok("Jan-Willem"));
        assert_eq!(
            parse_first_names("  Zoë   Anaïs ").as_deref(),
            Ok("Zoë Anaïs")
        );
        assert_eq!(
            parse_first_names("Jan2"),
            Err(NameError::InvalidCharacters { chars: "2".into() })
        );
        assert_eq!(parse_first_names("  "), Err(NameError::Empty));
        assert_eq!(parse_first_names("--"), Err(NameError::NoLetters));
        assert!(matches!(
            parse_first_names(&"a".repeat(201)),
            Err(NameError::TooLong { max: 200, len: 201 })
        ));
    }

    #[test]
    fn dutch_last_names() {
        for name in [
            "'t Hart",
            "Smit-de Vries",
            "d'Ancona",
            "IJzerman",
            "Çelik",
            "O'Brien",
        ] {
            assert_eq!(parse_last_name(name).as_deref(), Ok(name));
        }
        assert_eq!(parse_last_name("d’Ancona").as_deref(), Ok("d'Ancona"));
        assert_eq!(
            parse_last_name("Jansen (oud)"),
            Err(NameError::InvalidCharacters { chars: "()".into() })
        );
    }

    #[test]
    fn infixes_are_lower_cased_and_checked() {
        assert_eq!(parse_infix("Van Der").unwrap().value, "van der");
        assert!(parse_infix("van der").unwrap().warnings.is_empty());
        assert_eq!(parse_infix("").unwrap().value, "");
        assert_eq!(parse_infix("v.d."), Err(NameError::InfixAbbreviation));
        assert_eq!(parse_infix("v/d"), Err(NameError::InfixAbbreviation));
        assert!(matches!(
            parse_infix("van de van der"),
            Err(NameError::TooLong { .. })
        ));
        assert_eq!(
            parse_infix("zum").unwrap().warnings,
            vec![FieldWarningKind::InfixUnusual]
        );
        assert_eq!(parse_infix("van ’t").unwrap().value, "van 't");
    }

    #[test]
    fn van_dijk_in_the_last_name_column_is_a_warning() {
        let mut r = raw();
        r.infix = String::new();
        r.last_name = "van Dijk".into();
        let check = r.validate(today());
        assert!(check.errors.is_empty());
        assert_eq!(
            check.warnings[0].kind,
            FieldWarningKind::InfixInLastName {
                infix: "van".into(),
                rest: "Dijk".into()
            }
        );
        assert_eq!(
            infix_in_last_name("Van der Berg"),
            Some(("van der".into(), "Berg".into()))
        );
        assert_eq!(infix_in_last_name("Vandenberg"), None);
        assert_eq!(infix_in_last_name("van"), None);
    }

    #[test]
    fn birth_places() {
        for place in [
            "'s-Gravenhage",
            "Bergen (NH)",
            "St. Michielsgestel",
            "Den Haag",
            "Zürich",
        ] {
            assert_eq!(parse_birth_place(place).as_deref(), Ok(place));
        }
        assert_eq!(
            parse_birth_place("1012 AB"),
            Err(NameError::InvalidCharacters {
                chars: "102".into()
            })
        );
    }

    #[test]
    fn birth_date_notations() {
        let expect = Date::new(1985, 2, 1).unwrap();
        for input in [
            "01-02-1985",
            "1-2-1985",
            "01/02/1985",
            "1.2.1985",
            "1985-02-01",
            "1985-02-01 00:00:00",
            "1985-02-01T00:00:00",
            "01021985",
            "19850201",
            " 01-02-1985 ",
        ] {
            assert_eq!(parse_birth_date(input, today()), Ok(expect), "{input}");
        }
    }

    #[test]
    fn birth_date_errors() {
        let t = today();
        assert_eq!(
            parse_birth_date("1-2-85", t),
            Err(DateError::TwoDigitYear {
                day: 1,
                month: 2,
                year: 85
            })
        );
        assert_eq!(
            parse_birth_date("31-02-1985", t),
            Err(DateError::Nonexistent)
        );
        assert_eq!(
            parse_birth_date("12/31/1985", t),
            Err(DateError::DayMonthSwapped {
                month: 31,
                suggestion: Date::new(1985, 12, 31).unwrap()
            })
        );
        assert_eq!(
            parse_birth_date("31079", t),
            Err(DateError::SerialNumber {
                date: Date::new(1985, 2, 1).unwrap()
            })
        );
        assert_eq!(parse_birth_date("01-02-2030", t), Err(DateError::InFuture));
        assert_eq!(
            parse_birth_date("01-02-1899", t),
            Err(DateError::Before1900)
        );
        assert_eq!(
            parse_birth_date("02-05-2010", t),
            Err(DateError::TooYoung { age: 15 })
        );
        assert_eq!(
            parse_birth_date("01-05-2010", t),
            Ok(Date::new(2010, 5, 1).unwrap())
        );
        assert_eq!(
            parse_birth_date("1 februari 1985", t),
            Err(DateError::Format)
        );
        assert_eq!(parse_birth_date("", t), Err(DateError::Empty));
    }

    #[test]
    fn employed_answers() {
        for yes in ["J", "j", "Ja", "JA", "yes", "Yes"] {
            assert_eq!(parse_employed(yes), Ok(true), "{yes}");
        }
        for no in ["N", "n", "Nee", "no", " NEE "] {
            assert_eq!(parse_employed(no), Ok(false), "{no}");
        }
        for bad in ["Y", "1", "true", "ja!", "Misschien"] {
            assert_eq!(parse_employed(bad), Err(EmployedError::Invalid), "{bad}");
        }
        assert_eq!(parse_employed(""), Err(EmployedError::Empty));
    }

    #[test]
    fn formula_injection_is_rejected_with_its_own_code() {
        let mut r = raw();
        r.first_names = "=HYPERLINK(\"http://x\",\"klik\")".into();
        r.last_name = "@SUM(A1)".into();
        r.mobile = "+cmd|' /C calc'!A0".into();
        r.birth_place = "-2+3".into();
        let check = r.validate(today());
        let codes: Vec<_> = check.errors.iter().map(|e| (e.field, e.code())).collect();
        assert_eq!(
            codes,
            vec![
                (Field::FirstNames, "formula_injection"),
                (Field::LastName, "formula_injection"),
                (Field::BirthPlace, "formula_injection"),
                (Field::Mobile, "formula_injection"),
            ]
        );
        // A valid value that starts with + is fine; an invalid phone number keeps its precise error.
        assert_eq!(formula_start("+31 6 12345678"), None);
        r = raw();
        r.mobile = "+31 20 1234567".into();
        assert_eq!(r.validate(today()).errors[0].code(), "mobile_landline");
        // The original text is kept as the value, never interpreted.
        assert_eq!(
            check.values.first_names,
            "=HYPERLINK(\"http://x\",\"klik\")"
        );
    }

    #[test]
    fn messages_name_the_field_and_the_fix() {
        let mut r = raw();
        r.mobile = "0201234567".into();
        let check = r.validate(today());
        assert_eq!(
            check.errors[0].message(Lang::Nl),
            "mobiel nummer: 0201234567 is een vast nummer; vul een mobiel nummer in, zoals 06 12345678"
        );
        assert_eq!(
            check.errors[0].message(Lang::En),
            "mobile number: 0201234567 is a landline number; enter a mobile number, such as 06 12345678"
        );
    }

    #[test]
    fn employed_value_serialises_as_bool_or_text() {
        let json = serde_json::to_string(&[
            EmployedValue::Valid(true),
            EmployedValue::Invalid("Misschien".into()),
        ])
        .unwrap();
        assert_eq!(json, r#"[true,"Misschien"]"#);
        let back: Vec<EmployedValue> = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back,
            vec![
                EmployedValue::Valid(true),
                EmployedValue::Invalid("Misschien".into())
            ]
        );
        let raw: RawUser = serde_json::from_str(
            r#"{"first_names":"Jan","last_name":"Smit","birth_date":"1985-02-01","birth_place":"Ede",
                "email":"jan@x.nl","mobile":"0612345678","employed":false}"#,
        )
        .unwrap();
        assert_eq!(raw.employed, "N");
        assert!(raw.validate(today()).user().is_some());
    }
}

/// The fast paths agree with the full rules: on the inputs they take, they give exactly what the
/// full rules give.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fast_path_tests {
    use proptest::prelude::*;
    use proptest::sample::select;

    use super::*;

    fn text(chars: Vec<char>, max_len: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(select(chars), 0..max_len).prop_map(|c| c.into_iter().collect())
    }

    fn name_chars_strategy() -> impl Strategy<Value = String> {
        text(
            vec![
                'a', 'b', 'J', 'Z', 'i', 'J', ' ', ' ', '-', '\'', '.', '(', ')', '`', '\u{2019}',
                'é', 'ë', 'e', '\u{308}', '\u{A0}', '\t', '1', '=', 'v', 'a', 'n', 'd', 'e', 'r',
                't', 'V',
            ],
            14,
        )
    }

    fn known_infix() -> impl Strategy<Value = String> {
        (select(KNOWN_INFIXES.to_vec()), any::<bool>(), any::<bool>()).prop_map(
            |(s, upper, space)| {
                let mut s = if upper {
                    s.to_uppercase()
                } else {
                    s.to_string()
                };
                if space {
                    s.push(' ');
                }
                s
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        #[test]
        fn names_fast_path_agrees(s in name_chars_strategy()) {
            prop_assert_eq!(first_names(&s), first_names_full(&s));
            prop_assert_eq!(last_name(&s), last_name_full(&s));
            prop_assert_eq!(birth_place(&s), birth_place_full(&s));
            prop_assert_eq!(infix(&s), infix_full(&s));
        }

        #[test]
        fn infix_fast_path_agrees_on_known_ones(s in known_infix()) {
            prop_assert_eq!(infix(&s), infix_full(&s));
        }

        #[test]
        fn date_fast_path_agrees(
            s in text(vec!['0', '1', '2', '3', '9', '-', '/', '.', ' ', 'T', ':'], 12),
            d in 0u16..40, m in 0u16..20, y in 1800u16..2100, iso in any::<bool>(), sep in select(vec!['-', '/', '.', ':'])
        ) {
            prop_assert_eq!(parse_date_text(&s), parse_date_text_full(&s));
            let written = if iso { format!("{y:04}{sep}{m:02}{sep}{d:02}") } else { format!("{d:02}{sep}{m:02}{sep}{y:04}") };
            prop_assert_eq!(parse_date_text(&written), parse_date_text_full(&written));
        }

        #[test]
        fn mobile_fast_path_agrees(
            s in text(vec!['0', '6', '1', '2', '5', '8', '9', ' ', '-', '+', '(', ')', '.'], 16),
            tail in 0u32..100_000_000, third in 0u8..10, sep in select(vec!["", " ", "-", "  ", "--", " -"]),
        ) {
            let same = |a: &str| {
                let fast = crate::phone::check(a).map(|(e, w)| (e.as_str().to_owned(), w));
                let full = crate::phone::check_full(a).map(|(e, w)| (e.as_str().to_owned(), w));
                (fast, full)
            };
            let (fast, full) = same(&s);
            prop_assert_eq!(fast, full);
            for written in [format!("06{third}{sep}{tail:07}"), format!("{sep}06{sep}{third}{tail:07}"), format!("06{third}{tail:07}{sep}")] {
                let (fast, full) = same(&written);
                prop_assert_eq!(fast, full, "{}", written);
            }
        }
    }

    #[test]
    fn every_known_infix_is_known_and_others_are_not() {
        for infix in KNOWN_INFIXES {
            assert!(is_known_infix(infix), "{infix}");
        }
        for other in ["", "vander", "van  der", "Van", "zum", "'s", "van den der"] {
            assert!(!is_known_infix(other), "{other}");
        }
    }

    #[test]
    fn examples_of_each_fast_path() {
        assert!(plain_name("Jan-Willem", &NAME_BYTES, true, MAX_NAME_CHARS));
        assert!(plain_name("'t Hart", &NAME_BYTES, false, MAX_NAME_CHARS));
        assert!(!plain_name("Jan P", &NAME_BYTES, true, MAX_NAME_CHARS));
        assert!(!plain_name(
            "Jan  Pieter",
            &NAME_BYTES,
            true,
            MAX_NAME_CHARS
        ));
        assert!(!plain_name(" Jan", &NAME_BYTES, true, MAX_NAME_CHARS));
        assert!(plain_name(
            "Bergen (NH)",
            &PLACE_BYTES,
            false,
            MAX_PLACE_CHARS
        ));
        assert_eq!(plain_date("01-02-1985"), Date::new(1985, 2, 1));
        assert_eq!(plain_date("1985/02/01"), Date::new(1985, 2, 1));
        assert_eq!(plain_date("31-02-1985"), None);
        assert_eq!(plain_date("01-02/1985"), None);
        assert_eq!(infix("Van Der").unwrap().0, "van der");
        assert_eq!(
            infix("zum").unwrap().1,
            vec![FieldWarningKind::InfixUnusual]
        );
    }

    /// Equal person keys hash equal, whichever way (fast or exact) each side was keyed.
    #[test]
    fn person_hash_follows_the_person_key() {
        let values = |first: &str, infix: &str, last: &str| {
            let mut text = String::new();
            let mut spans = Spans::default();
            for (field, value) in [
                (Field::FirstNames, first),
                (Field::Infix, infix),
                (Field::LastName, last),
                (Field::BirthDate, "1985-02-01"),
            ] {
                text.push_str(value);
                spans.ends[field.index()] = text.len() as u32;
            }
            CompactValues {
                text,
                spans,
                employed: EmployedValue::Valid(true),
            }
        };
        let hash = |v: &CompactValues| {
            let mut scratch = Vec::new();
            crate::import::hash_person_names(person_hash_names(&v.text, &v.spans, &mut scratch))
        };
        let same = [
            ("Zoë", "", "Smit-de Vries"),
            ("ZOE", "", "smit de vries"),
            ("zoe", "", "Smitde Vries"),
            ("Zoe\u{308}", "", "SMIT-DE VRIES"),
        ];
        let first = values(same[0].0, same[0].1, same[0].2);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        person_key(&first, &mut a);
        for (f, i, l) in same {
            let v = values(f, i, l);
            person_key(&v, &mut b);
            if a == b {
                assert_eq!(hash(&v), hash(&first), "{f} {i} {l}");
            }
        }
        person_key(&values("Jan", "van", "Dijk"), &mut a);
        person_key(&values("JAN", "VAN", "DIJK"), &mut b);
        assert_eq!(a, b);
        assert_eq!(
            hash(&values("Jan", "van", "Dijk")),
            hash(&values("JAN", "VAN", "DIJK"))
        );
        assert_eq!(
            hash(&values("Jan", "van", "Dijk")),
            hash(&values("Ján", "van", "D'ijk"))
        );
    }
}
