//! The import report as the browser's import worker hands it to the page: [`encode`] writes an
//! [`ImportOutcome`] in one language as bytes, [`decode`] reads them back as the
//! [`ImportReport`] that [`ImportOutcome::report`] would have made.
//!
//! Why not the JSON of the HTTP contract: for a large file that JSON is 2.5 times the file, is
//! written and parsed field by field, and crosses the thread boundary as a string that is copied
//! and converted to UTF-16 on the way. These bytes are the values themselves with their lengths,
//! about the size of the file, made without building the report first, and handed over without
//! a copy (a transferred `ArrayBuffer`).
//!
//! The format, all integers little-endian, a text being its byte length (`u32`) and its UTF-8:
//! - `MPI1`, then `ok` as one byte (0 or 1);
//! - the file errors and the file warnings: each a count (`u32`), then per finding its code and
//!   message (two texts);
//! - the mapping proposal ([`ColumnProposal`]): one byte, 0 for none, or 1 followed by its
//!   header key (a text), its columns (a count, then per column its header and its samples, a
//!   count and texts) and its guesses (a count, then per guess a field byte and a column `u32`);
//! - the rows: a count (`u32`), then per row its line (`u32`), the seven text values in
//!   [`Field::ALL`] order, `employed` (one byte: 0 no, 1 yes, 2 not valid followed by the text
//!   as entered), and its errors and its warnings: each a count (`u32`), then per finding its
//!   field (one byte: the index in [`Field::ALL`], 255 for the row as a whole), code and message.
//!
//! Both ends are this crate at the same build, so the format has no versions: `MPI1` only
//! guards against reading something else.

use std::collections::BTreeMap;

use super::{
    ColumnProposal, ImportOutcome, ImportReport, ImportedRow, ProposalError, ProposedColumn,
};
use super::{ReportFileFinding, ReportFinding, ReportRow};
use crate::Lang;
use crate::user::{EmployedValue, Field, UserValues};

const MAGIC: &[u8; 4] = b"MPI1";
/// The field byte of a finding about the row as a whole.
const WHOLE_ROW: u8 = 255;

/// Why bytes are not an encoded report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    /// The bytes do not start with `MPI1`.
    #[error("not an import report (no MPI1 at the start)")]
    NotAReport,
    /// The bytes end before the report does (their length).
    #[error("the report ends early, at byte {0}")]
    Truncated(usize),
    /// A text (starting at this byte) is not UTF-8.
    #[error("text at byte {0} is not UTF-8")]
    NotUtf8(usize),
    /// A flag or field byte with a value the format does not have.
    #[error("unknown value {value} at byte {at}")]
    Unknown {
        /// The byte.
        value: u8,
        /// Where it is.
        at: usize,
    },
    /// The mapping proposal does not hold together.
    #[error("the mapping proposal is not valid: {0}")]
    Mapping(ProposalError),
    /// Bytes follow the report (how many).
    #[error("{0} bytes after the end of the report")]
    Trailing(usize),
}

/// Writes `outcome` in `lang`: the bytes [`decode`] reads as `outcome.report(lang)`.
pub fn encode(outcome: &ImportOutcome, lang: Lang) -> Vec<u8> {
    let texts: usize = outcome.rows.iter().map(|row| row.values.text_len()).sum();
    let mut out = Writer(Vec::with_capacity(64 + texts + outcome.rows.len() * 64));
    out.0.extend_from_slice(MAGIC);
    out.0.push(u8::from(outcome.is_ok()));
    out.count(outcome.file_errors.len());
    for error in &outcome.file_errors {
        out.text(error.code());
        out.text(&error.message(lang));
    }
    out.count(outcome.file_warnings.len());
    for warning in &outcome.file_warnings {
        out.text(warning.code());
        out.text(&warning.message(lang));
    }
    match &outcome.mapping {
        Some(mapping) => {
            out.0.push(1);
            write_mapping(&mut out, mapping);
        }
        None => out.0.push(0),
    }
    out.count(outcome.rows.len());
    for row in &outcome.rows {
        write_row(&mut out, row, lang);
    }
    out.0
}

fn write_mapping(out: &mut Writer, mapping: &ColumnProposal) {
    out.text(mapping.header_key());
    out.count(mapping.columns().len());
    for column in mapping.columns() {
        out.text(&column.header);
        out.count(column.samples.len());
        for sample in &column.samples {
            out.text(sample);
        }
    }
    let guesses: Vec<(usize, usize)> = (mapping.guesses().into_iter().enumerate())
        .filter_map(|(field, column)| Some((field, column?)))
        .collect();
    out.count(guesses.len());
    for (field, column) in guesses {
        out.0.push(field as u8);
        out.count(column);
    }
}

fn write_row(out: &mut Writer, row: &ImportedRow, lang: Lang) {
    out.u32(row.line);
    for field in &Field::ALL[..7] {
        out.text(row.value(*field));
    }
    match row.values.employed() {
        EmployedValue::Valid(yes) => out.0.push(u8::from(*yes)),
        EmployedValue::Invalid(text) => {
            out.0.push(2);
            out.text(text);
        }
    }
    out.count(row.errors.len());
    for error in &row.errors {
        out.finding(error.field(), error.code(), &error.message(lang, row.line));
    }
    out.count(row.warnings.len());
    for warning in &row.warnings {
        out.finding(
            warning.field(),
            warning.code(),
            &warning.message(lang, row.line),
        );
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    /// A count; the engine's limits keep every count far below `u32::MAX`.
    fn count(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    fn text(&mut self, text: &str) {
        self.count(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    fn finding(&mut self, field: Option<Field>, code: &str, message: &str) {
        let index = field.and_then(|f| Field::ALL.iter().position(|&g| g == f));
        self.0.push(index.map_or(WHOLE_ROW, |i| i as u8));
        self.text(code);
        self.text(message);
    }
}

/// Reads what [`encode`] wrote.
pub fn decode(bytes: &[u8]) -> Result<ImportReport, WireError> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len()).ok() != Some(MAGIC.as_slice()) {
        return Err(WireError::NotAReport);
    }
    let ok = r.flag()?;
    let file_errors = r.file_findings()?;
    let file_warnings = r.file_findings()?;
    let mapping = if r.flag()? { Some(r.mapping()?) } else { None };
    let count = r.count()?;
    // Every row takes at least 45 bytes: no more rows than that are allocated ahead.
    let mut rows = Vec::with_capacity(count.min(bytes.len() / 45));
    for _ in 0..count {
        rows.push(r.row()?);
    }
    if r.at != bytes.len() {
        return Err(WireError::Trailing(bytes.len() - r.at));
    }
    Ok(ImportReport {
        ok,
        file_errors,
        file_warnings,
        rows,
        mapping,
    })
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(WireError::Truncated(self.bytes.len()))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn byte(&mut self) -> Result<u8, WireError> {
        Ok(self.take(1)?[0])
    }

    fn flag(&mut self) -> Result<bool, WireError> {
        let at = self.at;
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            value => Err(WireError::Unknown { value, at }),
        }
    }

    fn u32(&mut self) -> Result<u32, WireError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn count(&mut self) -> Result<usize, WireError> {
        Ok(self.u32()? as usize)
    }

    fn text(&mut self) -> Result<String, WireError> {
        let len = self.count()?;
        let at = self.at;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| WireError::NotUtf8(at))
    }

    fn file_findings(&mut self) -> Result<Vec<ReportFileFinding>, WireError> {
        let count = self.count()?;
        let mut findings = Vec::with_capacity(count.min(64));
        for _ in 0..count {
            findings.push(ReportFileFinding {
                code: self.text()?,
                message: self.text()?,
            });
        }
        Ok(findings)
    }

    fn field(&mut self) -> Result<Field, WireError> {
        let at = self.at;
        let i = self.byte()?;
        Field::ALL
            .get(usize::from(i))
            .copied()
            .ok_or(WireError::Unknown { value: i, at })
    }

    fn mapping(&mut self) -> Result<ColumnProposal, WireError> {
        let header_key = self.text()?;
        let count = self.count()?;
        let mut columns = Vec::with_capacity(count.min(64));
        for _ in 0..count {
            let header = self.text()?;
            let samples = (0..self.count()?)
                .map(|_| self.text())
                .collect::<Result<_, _>>()?;
            columns.push(ProposedColumn { header, samples });
        }
        let mut guess = BTreeMap::new();
        for _ in 0..self.count()? {
            let field = self.field()?;
            guess.insert(field, self.count()?);
        }
        ColumnProposal::from_parts(header_key, columns, guess).map_err(WireError::Mapping)
    }

    fn findings(&mut self) -> Result<Vec<ReportFinding>, WireError> {
        let count = self.count()?;
        let mut findings = Vec::with_capacity(count.min(16));
        for _ in 0..count {
            let field = match self.bytes.get(self.at) {
                Some(&WHOLE_ROW) => {
                    self.at += 1;
                    None
                }
                _ => Some(self.field()?),
            };
            findings.push(ReportFinding {
                field,
                code: self.text()?,
                message: self.text()?,
            });
        }
        Ok(findings)
    }

    fn row(&mut self) -> Result<ReportRow, WireError> {
        let line = self.u32()?;
        let first_names = self.text()?;
        let infix = self.text()?;
        let last_name = self.text()?;
        let birth_date = self.text()?;
        let birth_place = self.text()?;
        let email = self.text()?;
        let mobile = self.text()?;
        let at = self.at;
        let employed = match self.byte()? {
            0 => EmployedValue::Valid(false),
            1 => EmployedValue::Valid(true),
            2 => EmployedValue::Invalid(self.text()?),
            value => return Err(WireError::Unknown { value, at }),
        };
        Ok(ReportRow {
            line,
            values: UserValues {
                first_names,
                infix,
                last_name,
                birth_date,
                birth_place,
                email,
                mobile,
                employed,
            },
            errors: self.findings()?,
            warnings: self.findings()?,
        })
    }
}
