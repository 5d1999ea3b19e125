//! The users-file import: a CSV or Excel file as an office produces it becomes validated,
//! normalised users, with per-cell findings that say what to fix.
//!
//! [`import`] returns a typed [`ImportOutcome`]; [`ImportOutcome::report`] renders it in a
//! language as the JSON contract of `POST /api/v1/user-files/validate` ([`ImportReport`]).
//!
//! The engine is linear in the file's size and parses every row even past [`Limits::max_rows`],
//! so that the row-limit error can state the file's own count.

mod csv;
mod decode;
mod findings;
mod header;
mod report;
#[cfg(feature = "spreadsheet")]
mod workbook;

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

pub use decode::{TextEncoding, encode_windows_1252, windows_1252};
pub use findings::{FileError, FileKind, FileWarning, RowError, RowWarning, WorkbookFormat};
pub use report::{ImportReport, ReportFileFinding, ReportFinding, ReportRow};

use crate::date::Date;
use crate::text::trim;
use crate::user::{
    CompactValues, EmployedValue, Field, Input, NewUser, UserValues, check_user, person_key,
};

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
    let mut engine = Engine::new(limits, today);
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
    let mut lines = body.bytes().filter(|&b| b == b'\n').count();
    if lines == 0 {
        lines = body.bytes().filter(|&b| b == b'\r').count();
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
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{FEFF}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<table")
    {
        return Sniffed::Other(FileKind::Html);
    }
    if head.starts_with("<?xml") {
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

/// A hasher for keys that are hashes already.
#[derive(Default)]
struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type SeenMap = HashMap<u64, u32, BuildHasherDefault<PreHashed>>;

/// A fast hash of a character sequence (good enough: a hit is verified on the values).
/// ASCII bytes are gathered eight at a time; other characters are mixed in one by one.
#[derive(Clone, Copy)]
struct KeyHash {
    state: u64,
    word: u64,
    filled: u32,
}

impl KeyHash {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn new() -> KeyHash {
        KeyHash {
            state: 0xcbf2_9ce4_8422_2325,
            word: 0,
            filled: 0,
        }
    }

    #[inline]
    fn mix(&mut self, v: u64) {
        self.state = (self.state.rotate_left(5) ^ v).wrapping_mul(Self::K);
    }

    #[inline]
    fn push(&mut self, c: char) {
        if c.is_ascii() {
            self.word |= (c as u64) << (8 * self.filled);
            self.filled += 1;
            if self.filled == 8 {
                let w = self.word;
                self.mix(w);
                self.word = 0;
                self.filled = 0;
            }
        } else {
            self.mix(u64::from(c) | 1 << 63);
        }
    }

    fn finish(mut self) -> u64 {
        let w = self.word ^ u64::from(self.filled) << 60;
        self.mix(w);
        self.state ^ (self.state >> 29)
    }

    /// The hash of `s`, ASCII case-insensitive.
    fn of(s: &str) -> u64 {
        let mut h = KeyHash::new();
        for b in s.bytes() {
            h.push(char::from(b.to_ascii_lowercase()));
        }
        h.finish()
    }
}

fn person_hash(values: &CompactValues) -> u64 {
    let mut h = KeyHash::new();
    person_key(values, |c| h.push(c));
    h.finish()
}

fn person_string(values: &CompactValues) -> String {
    let mut s = String::new();
    person_key(values, |c| s.push(c));
    s
}

struct Engine {
    limits: Limits,
    today: Date,
    columns: Option<[usize; 8]>,
    header_seen: bool,
    failed: bool,
    emails: SeenMap,
    persons: SeenMap,
    mobiles: SeenMap,
    out: ImportOutcome,
}

impl Engine {
    fn new(limits: Limits, today: Date) -> Engine {
        Engine {
            limits,
            today,
            columns: None,
            header_seen: false,
            failed: false,
            emails: SeenMap::default(),
            persons: SeenMap::default(),
            mobiles: SeenMap::default(),
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
        if self.failed || cells.iter().all(C::is_blank) {
            return;
        }
        if !self.header_seen {
            self.header_seen = true;
            let headers: Vec<String> = cells.iter().map(C::header_text).collect();
            let (columns, warnings) = header::map_columns(&headers);
            self.out.file_warnings = warnings;
            match columns {
                Ok(columns) => self.columns = Some(columns),
                Err(errors) => {
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
        let check = check_user(inputs, self.today);
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
        let mut errors: Vec<RowError> = check.errors.into_iter().map(RowError::Field).collect();
        let mut warnings: Vec<RowWarning> =
            check.warnings.into_iter().map(RowWarning::Field).collect();
        let values = check.values;
        let rows = &self.out.rows;

        if email_ok {
            let email = values.get(Field::Email);
            match self.emails.entry(KeyHash::of(email)) {
                Entry::Occupied(seen) => {
                    let first = &rows[*seen.get() as usize];
                    if first.value(Field::Email).eq_ignore_ascii_case(email) {
                        errors.push(RowError::DuplicateEmail {
                            email: email.to_owned(),
                            first_line: first.line,
                        });
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert(index);
                }
            }
        }
        let mut same_person = false;
        if person_ok {
            match self.persons.entry(person_hash(&values)) {
                Entry::Occupied(seen) => {
                    let first = &rows[*seen.get() as usize];
                    if person_string(&first.values) == person_string(&values) {
                        same_person = true;
                        errors.push(RowError::DuplicatePerson {
                            name: crate::user::full_name(
                                values.get(Field::FirstNames),
                                values.get(Field::Infix),
                                values.get(Field::LastName),
                            ),
                            birth_date: Date::parse_iso(values.get(Field::BirthDate))
                                .unwrap_or(self.today),
                            first_line: first.line,
                        });
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert(index);
                }
            }
        }
        if mobile_ok && !same_person {
            let mobile = values.get(Field::Mobile);
            match self.mobiles.entry(KeyHash::of(mobile)) {
                Entry::Occupied(seen) => {
                    let other = &rows[*seen.get() as usize];
                    if other.value(Field::Mobile) == mobile {
                        warnings.push(RowWarning::SharedMobile {
                            mobile: mobile.to_owned(),
                            other_line: other.line,
                        });
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert(index);
                }
            }
        }
        self.out.rows.push(ImportedRow {
            line,
            values,
            errors,
            warnings,
        });
    }

    fn finish(mut self) -> ImportOutcome {
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
        self.out
    }
}
