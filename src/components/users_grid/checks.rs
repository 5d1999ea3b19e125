//! The rules of an order's list of users as pure functions over the list, with no Leptos in
//! sight, so that this module can move to `crates/domain` as it is.
//!
//! Every user is checked by the import engine's own rules through
//! [`domain::import::check_users`]: the eight field rules and the duplicates across the list
//! (the same e-mail address twice, the same person twice: errors on the later row naming the
//! earlier; the same mobile number for two different people: a warning). Row numbers are the
//! users' 1-based positions in the list, so the messages read "Rij 3, …" exactly as for a file.

use domain::import::{RowError, RowWarning};
use domain::{Date, Field, Lang, RawUser, UserValues};

/// Whether nothing but spaces has been entered in any field.
pub fn is_blank(user: &RawUser) -> bool {
    Field::ALL
        .into_iter()
        .all(|field| user.get(field).trim().is_empty())
}

/// "Jan de Vries": the name parts that are filled in, as entered.
pub fn display_name(user: &RawUser) -> String {
    [&user.first_names, &user.infix, &user.last_name]
        .into_iter()
        .map(|part| part.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A row of the import report (normalised where valid, the file's text where not) as the values
/// the list shows, `employed` as `J`/`N`.
pub fn from_values(values: &UserValues, today: Date) -> RawUser {
    let mut user = RawUser::default();
    for field in Field::ALL {
        *user.get_mut(field) = values.get(field).to_string();
    }
    tidy(&user, today)
}

/// The values as a person reads them: every valid value normalised (names with single spaces,
/// the surname prefix in lower case, the date as `dd-mm-jjjj`, a Dutch mobile number as
/// `06 12345678`, `J`/`N`), every invalid value exactly as entered, so it can be corrected.
pub fn tidy(user: &RawUser, today: Date) -> RawUser {
    let check = user.validate(today);
    let mut out = user.clone();
    for field in Field::ALL {
        if check.errors.iter().any(|e| e.field == field) {
            continue;
        }
        let normalised = check.values.get(field);
        let shown = match field {
            Field::BirthDate => Date::parse_iso(normalised)
                .map(Date::to_dutch)
                .unwrap_or_else(|_| normalised.to_string()),
            Field::Mobile => domain::parse_mobile(normalised)
                .map(|(mobile, _)| mobile.display())
                .unwrap_or_else(|_| normalised.to_string()),
            _ => normalised.to_string(),
        };
        *out.get_mut(field) = shown;
    }
    out
}

/// What the rules found in one user of the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    /// Errors: at most one per field, then the row's own (the same person twice).
    pub errors: Vec<RowError>,
    /// Warnings: they never block.
    pub warnings: Vec<RowWarning>,
}

impl Findings {
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The error about `field`, if any.
    pub fn error(&self, field: Field) -> Option<&RowError> {
        self.errors.iter().find(|e| e.field() == Some(field))
    }

    /// The errors about the row as a whole (the same person twice).
    pub fn row_errors(&self) -> impl Iterator<Item = &RowError> {
        self.errors.iter().filter(|e| e.field().is_none())
    }

    /// The warnings about `field`.
    pub fn warnings(&self, field: Field) -> impl Iterator<Item = &RowWarning> {
        self.warnings
            .iter()
            .filter(move |w| w.field() == Some(field))
    }
}

/// Checks the whole list; one [`Findings`] per user, in list order. A user with every field
/// empty gets the "ontbreekt" errors of its fields (the engine skips empty rows of a file, but a
/// user in the list is never silently dropped).
pub fn check_list(users: &[RawUser], today: Date) -> Vec<Findings> {
    let outcome = domain::import::check_users(users, today);
    let mut out: Vec<Option<Findings>> = vec![None; users.len()];
    for row in outcome.rows {
        if let Some(slot) = (row.line as usize)
            .checked_sub(1)
            .and_then(|i| out.get_mut(i))
        {
            *slot = Some(Findings {
                errors: row.errors,
                warnings: row.warnings,
            });
        }
    }
    out.into_iter()
        .zip(users)
        .map(|(findings, user)| {
            findings.unwrap_or_else(|| {
                let check = user.validate(today);
                Findings {
                    errors: check.errors.into_iter().map(RowError::Field).collect(),
                    warnings: check.warnings.into_iter().map(RowWarning::Field).collect(),
                }
            })
        })
        .collect()
}

/// The part of a message after "Rij 3, e-mailadres: " (or "Rij 3: ").
fn without_row_prefix(message: &str) -> String {
    message
        .split_once(": ")
        .map_or(message, |(_, rest)| rest)
        .to_string()
}

/// An error as shown next to its cell, without row and field (the cell says which):
/// "0201234567 is een vast nummer; vul een mobiel nummer in, zoals 06 12345678".
pub fn error_detail(error: &RowError, lang: Lang) -> String {
    match error {
        RowError::Field(e) => e.detail(lang),
        other => without_row_prefix(&other.message(lang, 0)),
    }
}

/// A warning as shown next to its cell.
pub fn warning_detail(warning: &RowWarning, lang: Lang) -> String {
    match warning {
        RowWarning::Field(w) => w.detail(lang),
        other => without_row_prefix(&other.message(lang, 0)),
    }
}

/// An error with its field but without the row ("Mobiel nummer: 0201234567 is een vast
/// nummer; …"), for a form that holds one user.
pub fn field_message(field: Field, error: &RowError, lang: Lang) -> String {
    capitalise(&format!(
        "{}: {}",
        field.label(lang),
        error_detail(error, lang)
    ))
}

/// The first letter in upper case.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 25).unwrap()
    }

    fn user(first: &str, last: &str, email: &str, mobile: &str) -> RawUser {
        RawUser {
            first_names: first.into(),
            infix: String::new(),
            last_name: last.into(),
            birth_date: "15-03-1985".into(),
            birth_place: "Utrecht".into(),
            email: email.into(),
            mobile: mobile.into(),
            employed: "J".into(),
        }
    }

    #[test]
    fn duplicates_across_the_list_name_the_earlier_row() {
        let users = [
            user("Jan", "Vries", "jan@voorbeeld.nl", "06 12345678"),
            user("Piet", "Bos", "JAN@voorbeeld.nl", "06 12345678"),
            user("Jan", "Vries", "jan.vries@voorbeeld.nl", "06 87654321"),
        ];
        let findings = check_list(&users, today());
        assert!(!findings[0].has_errors());
        let email = findings[1].error(Field::Email).unwrap();
        assert_eq!(
            email.message(Lang::Nl, 2),
            "Rij 2, e-mailadres: JAN@voorbeeld.nl staat ook op rij 1; iedere gebruiker heeft een eigen e-mailadres nodig"
        );
        assert_eq!(
            error_detail(email, Lang::Nl),
            "JAN@voorbeeld.nl staat ook op rij 1; iedere gebruiker heeft een eigen e-mailadres nodig"
        );
        let shared = findings[1].warnings(Field::Mobile).next().unwrap();
        assert!(warning_detail(shared, Lang::Nl).starts_with("06 12345678 staat ook op rij 1"));
        let person: Vec<_> = findings[2].row_errors().collect();
        assert_eq!(person.len(), 1);
        assert!(
            error_detail(person[0], Lang::Nl)
                .starts_with("Jan Vries, geboren 15-03-1985, staat ook op rij 1")
        );
    }

    #[test]
    fn an_empty_user_is_not_skipped() {
        let findings = check_list(&[RawUser::default()], today());
        assert!(findings[0].error(Field::LastName).is_some());
        assert!(findings[0].error(Field::Infix).is_none());
    }

    #[test]
    fn tidy_normalises_valid_values_and_keeps_invalid_ones() {
        let mut raw = user(
            "  Jan   Pieter ",
            "Vries",
            "jan@VOORBEELD.nl",
            "+31612345678",
        );
        raw.infix = "De".into();
        raw.birth_date = "1985-03-15".into();
        raw.employed = "ja".into();
        let tidy = tidy(&raw, today());
        assert_eq!(tidy.first_names, "Jan Pieter");
        assert_eq!(tidy.infix, "de");
        assert_eq!(tidy.birth_date, "15-03-1985");
        assert_eq!(tidy.mobile, "06 12345678");
        assert_eq!(tidy.employed, "J");
        assert_eq!(display_name(&tidy), "Jan Pieter de Vries");

        raw.mobile = "020 1234567".into();
        assert_eq!(super::tidy(&raw, today()).mobile, "020 1234567");
    }

    #[test]
    fn messages_for_the_form_carry_the_field() {
        let findings = check_list(
            &[user("Jan", "Vries", "jan@voorbeeld.nl", "0201234567")],
            today(),
        );
        let error = findings[0].error(Field::Mobile).unwrap();
        assert_eq!(
            field_message(Field::Mobile, error, Lang::Nl),
            "Mobiel nummer: 0201234567 is een vast nummer; vul een mobiel nummer in, zoals 06 12345678"
        );
    }
}
