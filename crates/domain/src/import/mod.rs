//! The users-file import: a CSV or Excel file as an office produces it becomes validated,
//! normalised users, with per-cell findings that say what to fix.
//!
//! [`import`] returns a typed [`ImportOutcome`]; [`ImportOutcome::report`] renders it in a
//! language as the JSON contract of `POST /api/v1/user-files/validate` ([`ImportReport`]).
//!
//! The engine is linear in the file's size and parses every row even past [`Limits::max_rows`],
//! so that the row-limit error can state the file's own count.

mod columns;
mod csv;
mod decode;
mod findings;
#[cfg(feature = "spreadsheet")]
mod guard;
mod header;
mod report;
mod seen;
pub mod wire;
#[cfg(feature = "spreadsheet")]
mod workbook;

use std::borrow::Cow;

pub use columns::{
    ColumnProposal, Columns, ColumnsError, ProposalError, ProposedColumn, SAMPLES, column_letter,
    column_required, header_key,
};
pub use decode::{TextEncoding, encode_windows_1252, windows_1252};
pub use findings::{FileError, FileKind, FileWarning, RowError, RowWarning, WorkbookFormat};
pub use header::errors_column_header;
pub use report::{ImportReport, ReportFileFinding, ReportFinding, ReportRow};

use crate::date::Date;
use crate::text::trim;
use crate::user::{
    CompactValues, EmployedValue, Field, Input, Memo, NewUser, UserValues, check_user,
    person_hash_names, person_key,
};
use seen::{Keys, hash_bytes, hash_plain_name};

/// The import's limits. Both are server configuration (`MIDDELPUNT_IMPORT_MAX_ROWS`,
/// `MIDDELPUNT_IMPORT_MAX_BYTES`); the defaults are the seed's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// At most this many users (non-empty data rows) per file.
    pub max_rows: usize,
    /// At most this many bytes per file.
    pub max_bytes: usize,
}

impl Limits {
    /// 100 users, 1 MB (1,048,576 bytes): the seed's limits.
    pub const DEFAULT: Limits = Limits {
        max_rows: 100,
        max_bytes: 1_048_576,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// How the file was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Delimited text.
    Csv {
        /// Its encoding.
        encoding: TextEncoding,
        /// Its field delimiter.
        delimiter: char,
    },
    /// A spreadsheet workbook.
    Workbook(WorkbookFormat),
}

/// One data row of the file and what the rules found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRow {
    /// The 1-based row as a spreadsheet shows it (the header normally being row 1).
    pub line: u32,
    /// The values: normalised where valid, as in the file where not (see [`ImportedRow::value`]).
    values: CompactValues,
    /// Errors: field errors in column order, then duplicates.
    pub errors: Vec<RowError>,
    /// Warnings.
    pub warnings: Vec<RowWarning>,
}

impl ImportedRow {
    /// The user, when the row has no error.
    pub fn user(&self) -> Option<NewUser> {
        if self.errors.is_empty() {
            self.values.to_user()
        } else {
            None
        }
    }

    /// One field's value as text: normalised where valid, as in the file where not
    /// (`employed` as `J`/`N` when valid).
    pub fn value(&self, field: Field) -> &str {
        self.values.get(field)
    }

    /// `employed`: a boolean when valid, else the text as in the file.
    pub fn employed(&self) -> &EmployedValue {
        self.values.employed()
    }

    /// All eight values, as in the JSON contract.
    pub fn values(&self) -> UserValues {
        self.values.to_values()
    }
}

/// Everything the import found, typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// How the file was read; `None` when it could not be.
    pub format: Option<FileFormat>,
    /// Problems with the file as a whole.
    pub file_errors: Vec<FileError>,
    /// Warnings about the file as a whole (ignored columns).
    pub file_warnings: Vec<FileWarning>,
    /// The data rows, empty rows left out.
    pub rows: Vec<ImportedRow>,
    /// The number of users (non-empty data rows) in the file; can exceed `rows.len()` for a
    /// workbook far over the row limit.
    pub row_count: usize,
    /// For a file whose columns the header matching cannot all map: what a mapping screen
    /// needs (see [`import_with_columns`]).
    pub mapping: Option<ColumnProposal>,
}

impl ImportOutcome {
    /// True when there is no error at all: every row can be ordered.
    pub fn is_ok(&self) -> bool {
        self.file_errors.is_empty() && self.rows.iter().all(|r| r.errors.is_empty())
    }

    /// The users of the rows without errors.
    pub fn users(&self) -> Vec<NewUser> {
        self.rows.iter().filter_map(ImportedRow::user).collect()
    }
}

/// Reads a users file (CSV/TXT, or with the `spreadsheet` feature .xlsx/.xls/.ods) and checks
/// every row against the rules, with `today` for the age rules.
///
/// `file_name` is only a hint: the format is recognised from the content, so a CSV named `.xls`
/// or an Excel file named `.csv` is read all the same.
pub fn import(bytes: &[u8], file_name: &str, limits: Limits, today: Date) -> ImportOutcome {
    run(Engine::new(limits, today), bytes, file_name)
}

/// [`import`] with the manager's choice of columns instead of the header matching: the first
/// non-empty row is still the header row (skipped), and a column chosen beyond it is a
/// [`FileError::ColumnNotInFile`].
pub fn import_with_columns(
    bytes: &[u8],
    file_name: &str,
    limits: Limits,
    today: Date,
    columns: &Columns,
) -> ImportOutcome {
    let mut engine = Engine::new(limits, today);
    engine.chosen = Some(*columns);
    run(engine, bytes, file_name)
}

fn run(mut engine: Engine, bytes: &[u8], file_name: &str) -> ImportOutcome {
    let limits = engine.limits;
    if bytes.len() > limits.max_bytes {
        engine.out.file_errors.push(FileError::TooLarge {
            size: bytes.len(),
            max: limits.max_bytes,
        });
        return engine.out;
    }
    match sniff(bytes, file_name) {
        Sniffed::Text => read_text(&mut engine, bytes),
        Sniffed::Other(kind) => {
            engine.out.file_errors.push(FileError::NotCsvOrExcel {
                looks_like: Some(kind),
            });
            return engine.out;
        }
        Sniffed::Workbook(format) => {
            engine.out.format = Some(FileFormat::Workbook(format));
            if let Err(e) = read_workbook(&mut engine, bytes, format) {
                engine.out.file_errors.push(e);
                return engine.out;
            }
        }
        Sniffed::Encrypted => {
            engine.out.file_errors.push(FileError::WorkbookEncrypted);
            return engine.out;
        }
    }
    engine.finish()
}

fn read_text(engine: &mut Engine, bytes: &[u8]) {
    let (text, encoding) = decode::decode(bytes);
    if decode::looks_binary(&text) {
        engine
            .out
            .file_errors
            .push(FileError::NotCsvOrExcel { looks_like: None });
        engine.failed = true;
        return;
    }
    let (hint, body) = csv::strip_sep_line(&text);
    let delimiter = hint.unwrap_or_else(|| csv::sniff_delimiter(body));
    engine.out.format = Some(FileFormat::Csv {
        encoding,
        delimiter: char::from(delimiter),
    });
    let mut lines = csv::count_byte(body.as_bytes(), b'\n');
    if lines == 0 {
        lines = csv::count_byte(body.as_bytes(), b'\r');
    }
    engine.reserve(lines);
    let mut records = csv::Records::new(body, delimiter);
    let mut fields: Vec<Cow<'_, str>> = Vec::with_capacity(16);
    while let Some(line) = records.next_into(&mut fields) {
        engine.feed(line, &fields);
    }
    if let Some(line) = records.unterminated {
        engine
            .out
            .file_errors
            .push(FileError::UnterminatedQuote { line });
    }
}

#[cfg(feature = "spreadsheet")]
fn read_workbook(
    engine: &mut Engine,
    bytes: &[u8],
    format: WorkbookFormat,
) -> Result<(), FileError> {
    // Keep at most this many rows of a workbook (whose unpacked size the byte limit does not
    // bound); the rest is only counted.
    let store = engine.limits.max_rows.max(100_000).saturating_add(1);
    guard::check(bytes, format)?;
    let sheet = workbook::read(bytes, format, store)?;
    for (line, cells) in &sheet.rows {
        engine.feed(*line, cells);
    }
    engine.out.row_count += sheet.uncounted_rows;
    Ok(())
}

#[cfg(not(feature = "spreadsheet"))]
fn read_workbook(
    _engine: &mut Engine,
    _bytes: &[u8],
    format: WorkbookFormat,
) -> Result<(), FileError> {
    Err(FileError::WorkbookUnsupported { format })
}

/// What the first bytes say the file is.
enum Sniffed {
    Text,
    Workbook(WorkbookFormat),
    Encrypted,
    Other(FileKind),
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn sniff(bytes: &[u8], file_name: &str) -> Sniffed {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        return if contains(bytes, b"xl/workbook.xml") {
            Sniffed::Workbook(WorkbookFormat::Xlsx)
        } else if contains(bytes, b"xl/workbook.bin") {
            Sniffed::Workbook(WorkbookFormat::Xlsb)
        } else if contains(bytes, b"application/vnd.oasis.opendocument.spreadsheet") {
            Sniffed::Workbook(WorkbookFormat::Ods)
        } else if contains(bytes, b"word/") || contains(bytes, b"opendocument.text") {
            Sniffed::Other(FileKind::WordDocument)
        } else if contains(bytes, b"ppt/") || contains(bytes, b"opendocument.presentation") {
            Sniffed::Other(FileKind::Presentation)
        } else if contains(bytes, b"Index/Document.iwa") || ext == "numbers" {
            Sniffed::Other(FileKind::Numbers)
        } else if matches!(ext.as_str(), "xlsx" | "xlsm") {
            Sniffed::Workbook(WorkbookFormat::Xlsx)
        } else if ext == "ods" {
            Sniffed::Workbook(WorkbookFormat::Ods)
        } else {
            Sniffed::Other(FileKind::Archive)
        };
    }
    if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return if contains(bytes, &utf16le("EncryptedPackage")) {
            Sniffed::Encrypted
        } else if contains(bytes, &utf16le("Workbook")) || contains(bytes, &utf16le("Book")) {
            Sniffed::Workbook(WorkbookFormat::Xls)
        } else if contains(bytes, &utf16le("WordDocument")) {
            Sniffed::Other(FileKind::WordDocument)
        } else {
            Sniffed::Other(FileKind::Binary)
        };
    }
    if starts(b"%PDF") {
        return Sniffed::Other(FileKind::Pdf);
    }
    let bmp = starts(b"BM")
        && bytes.len() > 18
        && matches!(bytes[14], 12 | 40 | 52 | 56 | 108 | 124)
        && bytes[15..18] == [0, 0, 0];
    if starts(b"\x89PNG")
        || starts(b"\xFF\xD8\xFF")
        || starts(b"GIF8")
        || bmp
        || (starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
        || starts(b"II*\0")
        || starts(b"MM\0*")
    {
        return Sniffed::Other(FileKind::Image);
    }
    if starts(b"{\\rtf") {
        return Sniffed::Other(FileKind::Rtf);
    }
    // (Borrowed, not copied, when the head is valid UTF-8.)
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
    let head = head.trim_start_matches('\u{FEFF}').trim_start().as_bytes();
    let head_starts = |prefix: &str| {
        head.get(..prefix.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    if head_starts("<!doctype html") || head_starts("<html") || head_starts("<table") {
        return Sniffed::Other(FileKind::Html);
    }
    if head_starts("<?xml") {
        return Sniffed::Other(FileKind::Xml);
    }
    if starts(b"\x1F\x8B") || starts(b"7z\xBC\xAF") || starts(b"Rar!") {
        return Sniffed::Other(FileKind::Archive);
    }
    Sniffed::Text
}

/// A cell of either source, as the engine needs it.
trait CellLike {
    fn input(&self) -> Input<'_>;
    fn is_blank(&self) -> bool;
    fn header_text(&self) -> String;
}

impl CellLike for Cow<'_, str> {
    fn input(&self) -> Input<'_> {
        Input::Text(self)
    }
    fn is_blank(&self) -> bool {
        trim(self).is_empty()
    }
    fn header_text(&self) -> String {
        self.to_string()
    }
}

#[cfg(feature = "spreadsheet")]
impl CellLike for workbook::CellValue {
    fn input(&self) -> Input<'_> {
        match self {
            workbook::CellValue::Text(s) => Input::Text(s),
            workbook::CellValue::Date(d) => Input::Date(*d),
            workbook::CellValue::Bool(b) => Input::Bool(*b),
            workbook::CellValue::Empty => Input::Text(""),
        }
    }
    fn is_blank(&self) -> bool {
        match self {
            workbook::CellValue::Text(s) => trim(s).is_empty(),
            workbook::CellValue::Empty => true,
            _ => false,
        }
    }
    fn header_text(&self) -> String {
        match self {
            workbook::CellValue::Text(s) => s.clone(),
            workbook::CellValue::Date(d) => d.to_dutch(),
            workbook::CellValue::Bool(b) => b.to_string(),
            workbook::CellValue::Empty => String::new(),
        }
    }
}

/// The hash of the names part of a person key (see [`person_hash_names`]).
pub(crate) fn hash_person_names(names: &[u8]) -> u64 {
    hash_bytes(names, true)
}

struct Engine {
    limits: Limits,
    today: Date,
    columns: Option<[usize; 8]>,
    /// The manager's columns, instead of the header matching.
    chosen: Option<Columns>,
    /// A header row the matching could not map: the rows under it kept for a proposal.
    unmapped: Option<Unmapped>,
    header_seen: bool,
    failed: bool,
    /// The keys of the rows for the duplicate checks, resolved in [`Engine::into_outcome`].
    emails: Keys,
    persons: Keys,
    mobiles: Keys,
    /// Scratch space for a person key.
    key: Vec<u8>,
    memo: Memo,
    out: ImportOutcome,
}

impl Engine {
    fn new(limits: Limits, today: Date) -> Engine {
        Engine {
            limits,
            today,
            columns: None,
            chosen: None,
            unmapped: None,
            header_seen: false,
            failed: false,
            emails: Keys::default(),
            persons: Keys::default(),
            mobiles: Keys::default(),
            key: Vec::new(),
            memo: Memo::default(),
            out: ImportOutcome::default(),
        }
    }

    /// Room for about `rows` rows, so that a big file doesn't grow its tables step by step.
    fn reserve(&mut self, rows: usize) {
        let rows = rows.min(1 << 22);
        self.out.rows.reserve(rows);
        self.emails.reserve(rows);
        self.persons.reserve(rows);
        self.mobiles.reserve(rows);
    }

    fn feed<C: CellLike>(&mut self, line: u32, cells: &[C]) {
        if cells.iter().all(C::is_blank) {
            return;
        }
        if self.failed {
            if let Some(unmapped) = &mut self.unmapped
                && unmapped.rows.len() < columns::SAMPLE_ROWS
            {
                unmapped
                    .rows
                    .push(cells.iter().map(C::header_text).collect());
            }
            return;
        }
        if !self.header_seen {
            self.header_seen = true;
            let headers: Vec<String> = cells.iter().map(C::header_text).collect();
            if let Some(chosen) = self.chosen {
                self.use_columns(chosen, headers.len());
                return;
            }
            let (columns, warnings) = header::map_columns(&headers);
            self.out.file_warnings = warnings;
            match columns {
                Ok(columns) => self.columns = Some(columns),
                Err(errors) => {
                    let unmappable = errors.iter().any(|e| {
                        matches!(
                            e,
                            FileError::MissingColumns { .. } | FileError::DuplicateColumn { .. }
                        )
                    });
                    let no_header = !unmappable && columns::looks_like_header(&headers);
                    if unmappable || no_header {
                        self.unmapped = Some(Unmapped {
                            matched: header::matched(&headers),
                            headers,
                            rows: Vec::new(),
                            no_header,
                        });
                    }
                    self.out.file_errors.extend(errors);
                    self.failed = true;
                }
            }
            return;
        }
        let Some(columns) = self.columns else { return };
        self.out.row_count += 1;
        let inputs: [Input<'_>; 8] = std::array::from_fn(|i| {
            cells
                .get(columns[i])
                .map_or(Input::Text(""), CellLike::input)
        });
        // The row's values are written to one text: room for them as in the file (normalising
        // lengthens a value by a few bytes at most; a date or a boolean takes ten), so that it is
        // one allocation instead of one per doubling.
        let room: usize = inputs
            .iter()
            .map(|input| match input {
                Input::Text(s) => s.len(),
                Input::Date(_) | Input::Bool(_) => 10,
            })
            .sum();
        let mut text = String::with_capacity(room + 16);
        let check = check_user(inputs, self.today, &mut text, &mut self.memo);
        let index = self.out.rows.len() as u32;
        let valid = |f: Field| !check.errors.iter().any(|e| e.field == f);
        let (email_ok, mobile_ok) = (valid(Field::Email), valid(Field::Mobile));
        let person_ok = [
            Field::FirstNames,
            Field::Infix,
            Field::LastName,
            Field::BirthDate,
        ]
        .into_iter()
        .all(valid);
        // (Most rows have neither: no iterator to set up for them.)
        let errors: Vec<RowError> = if check.errors.is_empty() {
            Vec::new()
        } else {
            check.errors.into_iter().map(RowError::Field).collect()
        };
        let warnings: Vec<RowWarning> = if check.warnings.is_empty() {
            Vec::new()
        } else {
            check.warnings.into_iter().map(RowWarning::Field).collect()
        };
        let spans = check.spans;
        if email_ok {
            let email = spans.get(&text, Field::Email);
            self.emails.push(hash_bytes(email.as_bytes(), true), index);
        }
        if person_ok {
            let names = hash_plain_name(spans.names(&text).as_bytes()).unwrap_or_else(|| {
                hash_person_names(person_hash_names(&text, &spans, &mut self.key))
            });
            let date = hash_bytes(spans.get(&text, Field::BirthDate).as_bytes(), false);
            self.persons
                .push(names ^ date.rotate_left(23).wrapping_mul(3), index);
        }
        if mobile_ok {
            let mobile = spans.get(&text, Field::Mobile);
            self.mobiles
                .push(hash_bytes(mobile.as_bytes(), false), index);
        }
        self.out.rows.push(ImportedRow {
            line,
            values: CompactValues::new(text, spans, check.employed),
            errors,
            warnings,
        });
    }

    /// The duplicates across rows: the same e-mail address or the same person as an earlier row
    /// is an error, the same mobile number as another person's a warning. Each row's errors and
    /// warnings come after its field findings, the e-mail address before the person.
    fn resolve_duplicates(&mut self) {
        let rows = &self.out.rows;
        let mut found: Vec<(u32, u8, u32)> = Vec::new();
        let mut scratch = seen::Scratch::default();
        self.emails.duplicates(
            &mut scratch,
            |_| false,
            |a, b| {
                rows[a as usize]
                    .value(Field::Email)
                    .eq_ignore_ascii_case(rows[b as usize].value(Field::Email))
            },
            |row, first| found.push((row, 0, first)),
        );
        let (mut key_a, mut key_b) = (Vec::new(), Vec::new());
        let mut same_person = vec![false; rows.len()];
        self.persons.duplicates(
            &mut scratch,
            |_| false,
            |a, b| {
                person_key(&rows[a as usize].values, &mut key_a);
                person_key(&rows[b as usize].values, &mut key_b);
                key_a == key_b
            },
            |row, first| {
                same_person[row as usize] = true;
                found.push((row, 1, first));
            },
        );
        // The same person twice shares a mobile number too: that is not worth a second finding.
        self.mobiles.duplicates(
            &mut scratch,
            |row| same_person[row as usize],
            |a, b| rows[a as usize].value(Field::Mobile) == rows[b as usize].value(Field::Mobile),
            |row, other| found.push((row, 2, other)),
        );
        found.sort_unstable();
        let today = self.today;
        for (row, kind, first) in found {
            let first_line = self.out.rows[first as usize].line;
            let row = &mut self.out.rows[row as usize];
            let values = &row.values;
            match kind {
                0 => row.errors.push(RowError::DuplicateEmail {
                    email: values.get(Field::Email).to_owned(),
                    first_line,
                }),
                1 => row.errors.push(RowError::DuplicatePerson {
                    name: crate::user::full_name(
                        values.get(Field::FirstNames),
                        values.get(Field::Infix),
                        values.get(Field::LastName),
                    ),
                    birth_date: Date::parse_iso(values.get(Field::BirthDate)).unwrap_or(today),
                    first_line,
                }),
                _ => row.warnings.push(RowWarning::SharedMobile {
                    mobile: values.get(Field::Mobile).to_owned(),
                    other_line: first_line,
                }),
            }
        }
    }

    /// The outcome with the duplicates across rows resolved.
    fn into_outcome(mut self) -> ImportOutcome {
        self.resolve_duplicates();
        self.out
    }

    /// The manager's columns for a header row of `width` cells.
    fn use_columns(&mut self, chosen: Columns, width: usize) {
        let beyond = Field::ALL.into_iter().find_map(|field| {
            chosen
                .get(field)
                .filter(|&c| c >= width)
                .map(|c| (field, c))
        });
        if let Some((field, column)) = beyond {
            self.out
                .file_errors
                .push(FileError::ColumnNotInFile { field, column });
            self.failed = true;
            return;
        }
        // No column: an index no row reaches, so the value is empty.
        self.columns = Some(chosen.to_array().map(|c| c.unwrap_or(usize::MAX)));
    }

    /// The proposal for a header row the matching could not map, unless the file has fewer
    /// columns than there are required fields (then no choice can map it). A first row without
    /// a single known header counts as a header when the rows under it hold dates, e-mail
    /// addresses or mobile numbers: then every field is missing; otherwise it stays
    /// `header_not_found`.
    fn propose(&mut self) {
        let Some(unmapped) = self.unmapped.take() else {
            return;
        };
        let proposal = columns::propose(&unmapped.headers, &unmapped.rows, unmapped.matched);
        let required = Field::ALL
            .into_iter()
            .filter(|f| column_required(*f))
            .count();
        if proposal.columns().len() < required {
            return;
        }
        if unmapped.no_header {
            let width = proposal.columns().len();
            if !columns::rows_look_like_data(&unmapped.rows, width) {
                return;
            }
            self.out.file_errors = vec![FileError::MissingColumns {
                fields: Field::ALL.to_vec(),
            }];
        }
        self.out.mapping = Some(proposal);
    }

    fn finish(mut self) -> ImportOutcome {
        self.propose();
        if !self.header_seen && self.out.file_errors.is_empty() {
            self.out.file_errors.push(FileError::EmptyFile);
        } else if self.columns.is_some() {
            if self.out.row_count == 0 {
                self.out.file_errors.push(FileError::NoUsers);
            } else if self.out.row_count > self.limits.max_rows {
                self.out.file_errors.insert(
                    0,
                    FileError::TooManyRows {
                        count: self.out.row_count,
                        max: self.limits.max_rows,
                    },
                );
            }
        }
        self.into_outcome()
    }
}

/// A header row that the matching could not map, and the first rows under it.
struct Unmapped {
    headers: Vec<String>,
    matched: [Option<usize>; 8],
    rows: Vec<Vec<String>>,
    /// No header was known at all (`header_not_found`, unless the rows say otherwise).
    no_header: bool,
}

/// Checks a list of users (the wizard's grid, an order) by exactly the rules of a file's rows,
/// duplicates across the list included. Row `line`s are the users' 1-based positions, so the
/// messages read "Rij 3, …" for the third user. A user with every field empty is skipped, as an
/// empty row of a file is; callers that must refuse those check for them first.
pub fn check_users(users: &[crate::user::RawUser], today: Date) -> ImportOutcome {
    check_users_from(users, today, 1)
}

/// [`check_users`] with the first user on row `first_line` and the others on the rows after it:
/// for a file of the list under a header row (`first_line` 2), whose messages ("Rij 7, …") and
/// duplicate references name the rows of that file.
pub fn check_users_from(
    users: &[crate::user::RawUser],
    today: Date,
    first_line: u32,
) -> ImportOutcome {
    let mut engine = Engine::new(
        Limits {
            max_rows: usize::MAX,
            max_bytes: usize::MAX,
        },
        today,
    );
    engine.header_seen = true;
    engine.columns = Some([0, 1, 2, 3, 4, 5, 6, 7]);
    engine.reserve(users.len());
    for (index, user) in users.iter().enumerate() {
        let cells: [Cow<'_, str>; 8] = [
            Cow::Borrowed(user.first_names.as_str()),
            Cow::Borrowed(user.infix.as_str()),
            Cow::Borrowed(user.last_name.as_str()),
            Cow::Borrowed(user.birth_date.as_str()),
            Cow::Borrowed(user.birth_place.as_str()),
            Cow::Borrowed(user.email.as_str()),
            Cow::Borrowed(user.mobile.as_str()),
            Cow::Borrowed(user.employed.as_str()),
        ];
        engine.feed(first_line + index as u32, &cells);
    }
    engine.into_outcome()
}

#[cfg(test)]
mod list_tests;
