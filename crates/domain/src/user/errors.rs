//! The typed errors of each kind of field, and the findings (errors and warnings) about one
//! field's value.

use super::*;

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
