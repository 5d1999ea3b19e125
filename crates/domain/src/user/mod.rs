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

mod compact;
mod errors;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fast_path_tests;
mod names;
#[cfg(test)]
mod tests;
mod values;

pub(crate) use compact::*;
pub use errors::*;
pub use names::*;
pub use values::*;

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
    /// One field's value as entered.
    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::FirstNames => &self.first_names,
            Field::Infix => &self.infix,
            Field::LastName => &self.last_name,
            Field::BirthDate => &self.birth_date,
            Field::BirthPlace => &self.birth_place,
            Field::Email => &self.email,
            Field::Mobile => &self.mobile,
            Field::Employed => &self.employed,
        }
    }

    /// One field's value, to replace it.
    pub fn get_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::FirstNames => &mut self.first_names,
            Field::Infix => &mut self.infix,
            Field::LastName => &mut self.last_name,
            Field::BirthDate => &mut self.birth_date,
            Field::BirthPlace => &mut self.birth_place,
            Field::Email => &mut self.email,
            Field::Mobile => &mut self.mobile,
            Field::Employed => &mut self.employed,
        }
    }

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
