//! Column mapping, for a file whose header row the engine cannot map to the eight fields on its
//! own ("Voornaam; Achternaam; Geb.datum; Plaats geboorte; …").
//!
//! - [`ColumnProposal`]: what a mapping screen needs, in the outcome of such a file: every
//!   column's header text with up to [`SAMPLES`] sample values, the engine's best guess per
//!   field, and the normalised header row ([`ColumnProposal::header_key`]) under which a chosen
//!   mapping can be remembered for the next file with the same headers.
//! - [`Columns`]: the manager's choice, which [`super::import_with_columns`] takes instead of
//!   the header matching (the header row is still the header row).
//!
//! Required are the fields whose value may not be empty (every field but the tussenvoegsel, see
//! `crate::user`): each needs a column. The tussenvoegsel may have no column; its value is then
//! empty for every row. One column never serves two fields.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::header::{is_errors_column, normalise};
use crate::Lang;
use crate::text::{column_letters, trim};
use crate::user::{Field, is_known_infix, parse_date_text, parse_employed};

/// At most this many sample values per column.
pub const SAMPLES: usize = 3;
/// At most this many characters of a sample value.
const SAMPLE_CHARS: usize = 30;
/// The data rows the guesses and samples look at.
pub(crate) const SAMPLE_ROWS: usize = 20;
/// A guess needs at least this score (see [`score`]).
const THRESHOLD: f32 = 1.5;

/// Whether `field` needs a column: every field but the tussenvoegsel (which may be empty).
pub const fn column_required(field: Field) -> bool {
    !matches!(field, Field::Infix)
}

/// The letters of a spreadsheet column: 0 → `A`, 27 → `AB`.
pub fn column_letter(column: usize) -> String {
    column_letters(column)
}

/// The header row as the engine compares headers (see `header::normalise`), one key for the
/// whole row: the key under which a mapping is remembered.
pub fn header_key(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| normalise(h))
        .collect::<Vec<_>>()
        .join(";")
}

/// Why a choice of columns cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ColumnsError {
    /// A required field has no column.
    #[error("no column for {field}")]
    NoColumn {
        /// The field.
        field: Field,
    },
    /// One column chosen for two fields.
    #[error("column {column} chosen for both {first} and {second}")]
    SameColumn {
        /// The 0-based column.
        column: usize,
        /// The field that has it first (template order).
        first: Field,
        /// The field that has it too.
        second: Field,
    },
}

impl ColumnsError {
    /// The field whose choice is to be changed.
    pub fn field(&self) -> Field {
        match self {
            ColumnsError::NoColumn { field } => *field,
            ColumnsError::SameColumn { second, .. } => *second,
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ColumnsError::NoColumn { field }, Lang::Nl) => {
                format!("Kies een kolom voor {}", field.label(lang))
            }
            (ColumnsError::NoColumn { field }, Lang::En) => {
                format!("Choose a column for {}", field.label(lang))
            }
            (
                ColumnsError::SameColumn {
                    column,
                    first,
                    second,
                },
                Lang::Nl,
            ) => format!(
                "Kolom {} is al gekozen voor {}; kies voor {} een andere kolom",
                column_letters(*column),
                first.label(lang),
                second.label(lang)
            ),
            (
                ColumnsError::SameColumn {
                    column,
                    first,
                    second,
                },
                Lang::En,
            ) => format!(
                "Column {} is already chosen for {}; choose another column for {}",
                column_letters(*column),
                first.label(lang),
                second.label(lang)
            ),
        }
    }
}

/// A choice of columns: per field a 0-based column, or none for the tussenvoegsel. Every
/// required field has one and no column serves two fields. Serialises as an object of field
/// keys to columns (`{"first_names": 0, "last_name": 1, …}`; a field left out has no column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "BTreeMap<Field, usize>", into = "BTreeMap<Field, usize>")]
pub struct Columns {
    chosen: [Option<usize>; 8],
}

impl Columns {
    /// The choice, or its first problem (see [`Columns::problems`] for all).
    pub fn new(chosen: [Option<usize>; 8]) -> Result<Columns, ColumnsError> {
        match Columns::problems(&chosen).into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(Columns { chosen }),
        }
    }

    /// Every problem of a choice (indexed by [`Field::ALL`]'s order), in field order.
    pub fn problems(chosen: &[Option<usize>; 8]) -> Vec<ColumnsError> {
        let mut problems = Vec::new();
        for (i, field) in Field::ALL.into_iter().enumerate() {
            match chosen[i] {
                None if column_required(field) => problems.push(ColumnsError::NoColumn { field }),
                None => {}
                Some(column) => {
                    if let Some(first) = (0..i).find(|&j| chosen[j] == Some(column)) {
                        problems.push(ColumnsError::SameColumn {
                            column,
                            first: Field::ALL[first],
                            second: field,
                        });
                    }
                }
            }
        }
        problems
    }

    /// The column of `field`, if it has one.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.chosen[field as usize]
    }

    /// Per field, in [`Field::ALL`]'s order.
    pub fn to_array(&self) -> [Option<usize>; 8] {
        self.chosen
    }
}

impl TryFrom<BTreeMap<Field, usize>> for Columns {
    type Error = ColumnsError;

    fn try_from(map: BTreeMap<Field, usize>) -> Result<Columns, ColumnsError> {
        Columns::new(std::array::from_fn(|i| map.get(&Field::ALL[i]).copied()))
    }
}

impl From<Columns> for BTreeMap<Field, usize> {
    fn from(columns: Columns) -> BTreeMap<Field, usize> {
        Field::ALL
            .into_iter()
            .filter_map(|field| columns.get(field).map(|c| (field, c)))
            .collect()
    }
}

/// One column of the file as the mapping screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposedColumn {
    /// Its header text (shortened).
    pub header: String,
    /// Up to three of its values under the header (shortened).
    pub samples: Vec<String>,
}

/// Why a received [`ColumnProposal`] is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProposalError {
    /// A guess names a column the file does not have.
    #[error("the guess for {0} names a column the file does not have")]
    NoSuchColumn(Field),
    /// Two fields guessed in one column.
    #[error("the guesses for {0} and {1} share a column")]
    SharedColumn(Field, Field),
    /// More than [`SAMPLES`] samples for a column.
    #[error("too many samples")]
    TooManySamples,
}

/// What a mapping screen needs for a file whose columns the engine cannot all map: every
/// column, and the best guess per field (no column twice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "ProposalWire")]
pub struct ColumnProposal {
    /// The normalised header row ([`header_key`]): remember a mapping under it.
    header_key: String,
    /// The file's columns, left to right.
    columns: Vec<ProposedColumn>,
    /// The best guess per field (field key → 0-based column); a field left out has no guess.
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, usize>))]
    guess: BTreeMap<Field, usize>,
}

#[derive(Deserialize)]
struct ProposalWire {
    header_key: String,
    columns: Vec<ProposedColumn>,
    guess: BTreeMap<Field, usize>,
}

impl TryFrom<ProposalWire> for ColumnProposal {
    type Error = ProposalError;

    fn try_from(wire: ProposalWire) -> Result<ColumnProposal, ProposalError> {
        if wire.columns.iter().any(|c| c.samples.len() > SAMPLES) {
            return Err(ProposalError::TooManySamples);
        }
        let mut seen: BTreeMap<usize, Field> = BTreeMap::new();
        for (&field, &column) in &wire.guess {
            if column >= wire.columns.len() {
                return Err(ProposalError::NoSuchColumn(field));
            }
            if let Some(other) = seen.insert(column, field) {
                return Err(ProposalError::SharedColumn(other, field));
            }
        }
        Ok(ColumnProposal {
            header_key: wire.header_key,
            columns: wire.columns,
            guess: wire.guess,
        })
    }
}

impl ColumnProposal {
    /// A proposal from its parts, checked as when deserialised: for the worker's binary report
    /// ([`super::wire`]).
    pub(super) fn from_parts(
        header_key: String,
        columns: Vec<ProposedColumn>,
        guess: BTreeMap<Field, usize>,
    ) -> Result<ColumnProposal, ProposalError> {
        ColumnProposal::try_from(ProposalWire {
            header_key,
            columns,
            guess,
        })
    }

    /// The normalised header row: the key to remember a mapping under.
    pub fn header_key(&self) -> &str {
        &self.header_key
    }

    /// The file's columns, left to right.
    pub fn columns(&self) -> &[ProposedColumn] {
        &self.columns
    }

    /// The best guess for `field`.
    pub fn guess(&self, field: Field) -> Option<usize> {
        self.guess.get(&field).copied()
    }

    /// The guesses per field, in [`Field::ALL`]'s order.
    pub fn guesses(&self) -> [Option<usize>; 8] {
        std::array::from_fn(|i| self.guess(Field::ALL[i]))
    }

    /// Whether every column of `columns` exists in this file.
    pub fn fits(&self, columns: &Columns) -> bool {
        columns
            .to_array()
            .iter()
            .flatten()
            .all(|&c| c < self.columns.len())
    }
}

/// What a column's values look like: counts over its non-empty sample values.
#[derive(Debug, Default, Clone, Copy)]
struct Kinds {
    filled: u32,
    date: u32,
    email: u32,
    mobile: u32,
    yes_no: u32,
    infix: u32,
    words: u32,
}

impl Kinds {
    fn of<'a>(values: impl Iterator<Item = &'a str>) -> Kinds {
        let mut k = Kinds::default();
        for value in values.map(trim).filter(|v| !v.is_empty()) {
            k.filled += 1;
            k.date += u32::from(parse_date_text(value).is_ok());
            k.email += u32::from(value.contains('@'));
            k.mobile += u32::from(looks_mobile(value));
            k.yes_no += u32::from(is_yes_no(value));
            k.infix += u32::from(is_known_infix(&value.to_lowercase()));
            k.words +=
                u32::from(value.chars().all(|c| {
                    c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.' | '\u{2019}')
                }));
        }
        k
    }

    fn share(&self, n: u32) -> f32 {
        if self.filled == 0 {
            0.0
        } else {
            n as f32 / self.filled as f32
        }
    }

    /// Mostly values of a kind a header never is: dates, e-mail addresses, phone numbers.
    fn typed(&self) -> bool {
        [self.date, self.email, self.mobile]
            .into_iter()
            .any(|n| self.share(n) >= 0.5)
    }
}

/// A Dutch mobile number as people write it: `06…`, `+316…`, `00316…` or `6…` with 9 digits,
/// spaces and dashes allowed.
fn looks_mobile(value: &str) -> bool {
    if !value
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')' | '.'))
    {
        return false;
    }
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let rest = digits
        .strip_prefix("0031")
        .or_else(|| digits.strip_prefix("31"))
        .or_else(|| digits.strip_prefix('0'))
        .unwrap_or(&digits);
    rest.len() == 9 && rest.starts_with('6')
}

fn is_yes_no(value: &str) -> bool {
    parse_employed(value).is_ok()
        || ["true", "false", "waar", "onwaar", "y"]
            .iter()
            .any(|w| value.eq_ignore_ascii_case(w))
}

/// Whether a header cell looks like a value: a date, an address, a number or a yes/no.
fn looks_like_value(cell: &str) -> bool {
    let cell = trim(cell);
    cell.contains('@')
        || parse_date_text(cell).is_ok()
        || cell.chars().filter(char::is_ascii_digit).count() >= 4
        || parse_employed(cell).is_ok()
}

/// Whether a first row in which no header is known still reads as a header row: at least two
/// texts, none of which looks like a value. (Whether it is, the rows under it decide: see
/// [`rows_look_like_data`].)
pub(crate) fn looks_like_header(headers: &[String]) -> bool {
    let filled: Vec<&str> = headers
        .iter()
        .map(|h| trim(h))
        .filter(|h| !h.is_empty())
        .collect();
    filled.len() >= 2 && !filled.iter().any(|h| looks_like_value(h))
}

/// Whether the rows under a header have a column of values no header is (dates, e-mail
/// addresses, mobile numbers): then that first row was a header, not data.
pub(crate) fn rows_look_like_data(rows: &[Vec<String>], width: usize) -> bool {
    (0..width).any(|c| Kinds::of(cells(rows, c)).typed())
}

fn cells(rows: &[Vec<String>], column: usize) -> impl Iterator<Item = &str> {
    rows.iter()
        .filter_map(move |row| row.get(column).map(String::as_str))
}

/// How well a header names `field` (0 when it says nothing about it). `key` is normalised.
fn header_score(field: Field, key: &str) -> f32 {
    let has = |words: &[&str]| words.iter().any(|w| key.contains(w));
    match field {
        Field::FirstNames
            if has(&[
                "voornam",
                "voornaam",
                "firstname",
                "givenname",
                "forename",
                "roepnaam",
            ]) =>
        {
            2.0
        }
        Field::Infix if has(&["tussen", "voegsel", "infix", "prefix"]) => 2.0,
        Field::LastName
            if has(&[
                "achternaam",
                "lastname",
                "surname",
                "familyname",
                "familienaam",
                "geslachtsnaam",
            ]) =>
        {
            2.0
        }
        Field::LastName if key == "naam" || key == "name" => 1.0,
        Field::BirthDate if has(&["datum", "date", "dat"]) && has(&["geb", "birth", "born"]) => 2.5,
        Field::BirthDate if has(&["geboren", "born", "birthday", "dob"]) => 2.0,
        Field::BirthDate if has(&["datum", "date"]) => 1.0,
        Field::BirthPlace
            if has(&["plaats", "place", "stad", "city", "town"])
                && has(&["geb", "birth", "born"]) =>
        {
            2.5
        }
        Field::BirthPlace if has(&["geborente"]) => 2.0,
        Field::BirthPlace if has(&["plaats", "place", "stad", "city", "town"]) => 1.0,
        Field::Email if has(&["mail"]) => 2.5,
        Field::Mobile if has(&["mobiel", "mobile", "sms", "gsm", "06", "cell"]) => 2.5,
        Field::Mobile if has(&["tel", "phone", "nummer", "number"]) => 1.0,
        Field::Employed
            if has(&[
                "dienst",
                "employ",
                "loon",
                "werknemer",
                "payroll",
                "salaried",
                "personeel",
            ]) =>
        {
            2.0
        }
        _ => 0.0,
    }
}

/// How well a column's values fit `field`.
fn content_score(field: Field, k: &Kinds) -> f32 {
    match field {
        Field::BirthDate => 3.0 * k.share(k.date),
        Field::Email => 3.0 * k.share(k.email),
        Field::Mobile => 3.0 * k.share(k.mobile),
        Field::Employed => 3.0 * k.share(k.yes_no),
        Field::Infix => 2.0 * k.share(k.infix),
        Field::FirstNames | Field::LastName | Field::BirthPlace => 0.5 * k.share(k.words),
    }
}

/// The guess's score for `field` in a column: its header's and its values' (see
/// [`THRESHOLD`]).
fn score(field: Field, key: &str, kinds: &Kinds) -> f32 {
    header_score(field, key) + content_score(field, kinds)
}

/// A value as a sample: trimmed and cut to [`SAMPLE_CHARS`] characters.
fn sample(value: &str) -> String {
    let value = trim(value);
    let mut out: String = value.chars().take(SAMPLE_CHARS).collect();
    if value.chars().count() > SAMPLE_CHARS {
        out.push('…');
    }
    out
}

/// The proposal for a file with `headers` and the first data `rows` under it (at most
/// [`SAMPLE_ROWS`] are looked at). `matched` is the header matching's own result per field
/// (in [`Field::ALL`]'s order); it is kept, and the other fields are guessed from the headers'
/// words and the columns' values, highest score first, no column twice, none for the errors
/// column of a downloaded list.
pub(crate) fn propose(
    headers: &[String],
    rows: &[Vec<String>],
    matched: [Option<usize>; 8],
) -> ColumnProposal {
    let rows = &rows[..rows.len().min(SAMPLE_ROWS)];
    let width = rows
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(headers.len());
    let header = |c: usize| headers.get(c).map_or("", String::as_str);
    let columns: Vec<ProposedColumn> = (0..width)
        .map(|c| ProposedColumn {
            header: crate::text::shown(header(c)),
            samples: cells(rows, c)
                .filter(|v| !trim(v).is_empty())
                .take(SAMPLES)
                .map(sample)
                .collect(),
        })
        .collect();
    let mut guess: BTreeMap<Field, usize> = BTreeMap::new();
    let mut used = vec![false; width];
    for (i, column) in matched.iter().enumerate() {
        if let Some(c) = *column
            && c < width
            && !used[c]
        {
            used[c] = true;
            guess.insert(Field::ALL[i], c);
        }
    }
    let kinds: Vec<Kinds> = (0..width).map(|c| Kinds::of(cells(rows, c))).collect();
    let keys: Vec<String> = (0..width).map(|c| normalise(header(c))).collect();
    let mut candidates: Vec<(f32, Field, usize)> = Vec::new();
    for field in Field::ALL.into_iter().filter(|f| !guess.contains_key(f)) {
        for c in (0..width).filter(|&c| !used[c] && !is_errors_column(header(c))) {
            let s = score(field, &keys[c], &kinds[c]);
            if s >= THRESHOLD {
                candidates.push((s, field, c));
            }
        }
    }
    // Highest first; on a tie the earlier field, then the earlier column.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, field, c) in candidates {
        if !used[c] && !guess.contains_key(&field) {
            used[c] = true;
            guess.insert(field, c);
        }
    }
    ColumnProposal {
        header_key: header_key(headers),
        columns,
        guess,
    }
}

#[cfg(test)]
#[path = "columns_tests.rs"]
mod tests;
