//! "Snel herstellen": findings that repeat across a list of users and have one certain fix,
//! offered for every affected row at once. Pure: which rows a fix applies to and their new
//! values; the SPA shows the preview and applies it (with undo).
//!
//! A fix is offered only where the engine's own rules leave one reading:
//!
//! * a birth date the engine refuses but whose meaning is certain: written with spaces, commas
//!   or a month name (`15 maart 1985`, `15 03 1985`), an Excel serial number, day and month in
//!   American order when only one order exists (`03/15/1985`), or a two-digit year when only one
//!   century gives an acceptable birth date (`15-03-85`) → `dd-mm-jjjj`;
//! * a mobile number the engine accepted by putting back the leading zero → the number as shown;
//! * `employed` as a word the engine refuses (`waar`, `onwaar`, `true`, `1`, …) → `J`/`N`;
//! * a surname prefix inside the last name while the prefix field is empty → split;
//! * an e-mail address with a likely typo in a big provider's domain → the suggested address.

use crate::date::Date;
use crate::phone::MobileWarning;
use crate::user::{
    DateError, FieldErrorKind, FieldWarningKind, RawUser, check_birth_date, parse_birth_date,
};
use crate::{Field, parse_employed};

/// The kinds of fix, in the order they are offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FixKind {
    /// A birth date in another recognisable notation.
    BirthDate,
    /// A mobile number without its leading zero.
    Mobile,
    /// `employed` written as another word for yes or no.
    Employed,
    /// The surname prefix in the last name.
    InfixInLastName,
    /// A typo in the e-mail address's domain.
    EmailTypo,
}

impl FixKind {
    /// Every kind, in the order they are offered.
    pub const ALL: [FixKind; 5] = [
        FixKind::BirthDate,
        FixKind::Mobile,
        FixKind::Employed,
        FixKind::InfixInLastName,
        FixKind::EmailTypo,
    ];

    /// A stable snake_case code.
    pub const fn code(self) -> &'static str {
        match self {
            FixKind::BirthDate => "birth_date",
            FixKind::Mobile => "mobile",
            FixKind::Employed => "employed",
            FixKind::InfixInLastName => "infix_in_last_name",
            FixKind::EmailTypo => "email_typo",
        }
    }
}

/// One field's new value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldChange {
    /// The field.
    pub field: Field,
    /// The value as it is.
    pub before: String,
    /// The value after the fix.
    pub after: String,
}

/// The fix of one row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RowFix {
    /// The row's index in the list (0-based).
    pub index: usize,
    /// The fields it changes (two for a split last name).
    pub changes: Vec<FieldChange>,
}

/// One kind of fix for every row it applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BulkFix {
    /// The kind.
    pub kind: FixKind,
    /// The rows, in list order.
    pub rows: Vec<RowFix>,
}

impl BulkFix {
    /// Writes the new values into `users`; a row whose value changed since the fix was planned
    /// is left alone. Returns how many rows changed.
    pub fn apply_to<T>(&self, users: &mut [T], raw: impl Fn(&mut T) -> &mut RawUser) -> usize {
        let mut changed = 0;
        for row in &self.rows {
            let Some(user) = users.get_mut(row.index).map(&raw) else {
                continue;
            };
            if row.changes.iter().any(|c| user.get(c.field) != c.before) {
                continue;
            }
            for change in &row.changes {
                *user.get_mut(change.field) = change.after.clone();
            }
            changed += 1;
        }
        changed
    }
}

/// Every kind of fix that applies to at least `min_rows` rows of `users`, in [`FixKind::ALL`]'s
/// order.
pub fn bulk_fixes(users: &[RawUser], today: Date, min_rows: usize) -> Vec<BulkFix> {
    let per_user: Vec<Vec<(FixKind, Vec<FieldChange>)>> =
        users.iter().map(|u| row_fixes(u, today)).collect();
    FixKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let rows: Vec<RowFix> = per_user
                .iter()
                .enumerate()
                .filter_map(|(index, fixes)| {
                    fixes
                        .iter()
                        .find(|(k, _)| *k == kind)
                        .map(|(_, changes)| RowFix {
                            index,
                            changes: changes.clone(),
                        })
                })
                .collect();
            (rows.len() >= min_rows.max(1)).then_some(BulkFix { kind, rows })
        })
        .collect()
}

/// The fixes of one user, at most one per kind.
pub fn row_fixes(user: &RawUser, today: Date) -> Vec<(FixKind, Vec<FieldChange>)> {
    let check = user.validate(today);
    let change = |field: Field, after: String| FieldChange {
        field,
        before: user.get(field).to_string(),
        after,
    };
    let mut out = Vec::new();
    for error in &check.errors {
        match &error.kind {
            FieldErrorKind::Date(date_error) => {
                if let Some(date) = date_fix(date_error, &error.input, today) {
                    out.push((
                        FixKind::BirthDate,
                        vec![change(Field::BirthDate, date.to_dutch())],
                    ));
                }
            }
            FieldErrorKind::Employed(_) => {
                if let Some(yes) = employed_word(&error.input) {
                    let after = if yes { "J" } else { "N" };
                    out.push((
                        FixKind::Employed,
                        vec![change(Field::Employed, after.into())],
                    ));
                }
            }
            _ => {}
        }
    }
    for warning in &check.warnings {
        match &warning.kind {
            FieldWarningKind::Mobile {
                warning: MobileWarning::LeadingZeroRestored,
                mobile,
            } => out.push((
                FixKind::Mobile,
                vec![change(Field::Mobile, mobile.display())],
            )),
            FieldWarningKind::InfixInLastName { infix, rest } => out.push((
                FixKind::InfixInLastName,
                vec![
                    change(Field::Infix, infix.clone()),
                    change(Field::LastName, rest.clone()),
                ],
            )),
            FieldWarningKind::EmailTypo(typo) => out.push((
                FixKind::EmailTypo,
                vec![change(Field::Email, typo.suggestion.clone())],
            )),
            _ => {}
        }
    }
    out
}

/// The one birth date a refused `input` can mean, if there is exactly one.
fn date_fix(error: &DateError, input: &str, today: Date) -> Option<Date> {
    let accept = |date: Date| check_birth_date(date, today).ok();
    match error {
        DateError::SerialNumber { date } => accept(*date),
        DateError::DayMonthSwapped { suggestion, .. } => accept(*suggestion),
        DateError::TwoDigitYear { day, month, year } => {
            let year = u16::from(*year);
            let readings: Vec<Date> = [1900 + year, 2000 + year]
                .into_iter()
                .filter_map(|y| Date::new(y, *month, *day).and_then(accept))
                .collect();
            match readings.as_slice() {
                [only] => Some(*only),
                _ => None,
            }
        }
        DateError::Format => {
            let text = rewritten_date(input)?;
            parse_birth_date(&text, today).ok()
        }
        _ => None,
    }
}

/// `15 maart 1985`, `15 03 1985`, `15-mrt-1985`, `March 15, 1985` as `15-03-1985`: day, month
/// and four-digit year as three parts separated by spaces, commas, dots, slashes or hyphens,
/// the month possibly a Dutch or English name. `None` unless exactly one reading remains.
fn rewritten_date(input: &str) -> Option<String> {
    let parts: Vec<String> = input
        .split(|c: char| c.is_whitespace() || ",.-/".contains(c))
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| -> Option<u16> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (day, month, year) = match (month_name(b), month_name(a)) {
        // 15 maart 1985
        (Some(m), _) if c.len() == 4 => (number(a)?, m, number(c)?),
        // maart 15 1985
        (_, Some(m)) if c.len() == 4 => (number(b)?, m, number(c)?),
        // 15 03 1985, 1985 03 15
        _ if c.len() == 4 && a.len() <= 2 && b.len() <= 2 => (number(a)?, number(b)?, number(c)?),
        _ if a.len() == 4 && b.len() <= 2 && c.len() <= 2 => (number(c)?, number(b)?, number(a)?),
        _ => return None,
    };
    Date::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?).map(Date::to_dutch)
}

/// The month's number of a Dutch or English month name or its usual abbreviation.
fn month_name(word: &str) -> Option<u16> {
    const NAMES: [&[&str]; 12] = [
        &["januari", "jan", "january"],
        &["februari", "feb", "february"],
        &["maart", "mrt", "mar", "march"],
        &["april", "apr"],
        &["mei", "may"],
        &["juni", "jun", "june"],
        &["juli", "jul", "july"],
        &["augustus", "aug", "august"],
        &["september", "sep", "sept"],
        &["oktober", "okt", "october", "oct"],
        &["november", "nov"],
        &["december", "dec"],
    ];
    NAMES
        .iter()
        .position(|names| names.contains(&word))
        .map(|i| i as u16 + 1)
}

/// Another word for yes (`true`) or no (`false`) than the engine accepts.
fn employed_word(input: &str) -> Option<bool> {
    if parse_employed(input).is_ok() {
        return None;
    }
    let word = input.trim().trim_end_matches('.').to_lowercase();
    match word.as_str() {
        "waar" | "true" | "1" | "in loondienst" => Some(true),
        "onwaar" | "false" | "0" | "niet in loondienst" => Some(false),
        _ => parse_employed(&word).ok(),
    }
}

#[cfg(test)]
mod tests;
