//! Reading the first worksheet of an Excel (.xlsx, .xls) or OpenDocument (.ods) workbook with
//! `calamine`, cells typed as the user sees them: date cells as dates, numbers without a spurious
//! `.0` or exponent (a phone number cell 612345678 stays `612345678`).
//!
//! `.xlsx` is streamed cell by cell, so a workbook whose used range is huge (a value in A1 and
//! one in XFD1048576) costs memory for its values only. `.ods` is read through calamine's dense
//! range, after `guard::check` has made sure that the range is small. `.xls` is not read (see
//! `guard.rs`).

use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, Sheet, SheetType, SheetVisible, Xlsx};

use super::{FileError, WorkbookFormat};
use crate::date::Date;

/// Columns beyond this one are ignored (a users file has eight).
pub(crate) const MAX_COLUMNS: u32 = 256;

/// A cell's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CellValue {
    Text(String),
    Date(Date),
    Bool(bool),
    Empty,
}

/// The first worksheet's rows: 1-based spreadsheet row number and cells from column A.
#[derive(Debug, Default)]
pub(crate) struct SheetRows {
    pub rows: Vec<(u32, Vec<CellValue>)>,
    /// Rows with values beyond `store_rows` that were counted, not kept.
    pub uncounted_rows: usize,
}

/// Reads the first visible worksheet. Rows past `store_rows` are counted but not kept.
pub(crate) fn read(
    bytes: &[u8],
    format: WorkbookFormat,
    store_rows: usize,
) -> Result<SheetRows, FileError> {
    #[cfg(panic = "unwind")]
    {
        // calamine parses untrusted binary formats; a panic there must not take the server down.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_inner(bytes, format, store_rows)
        }))
        .unwrap_or(Err(FileError::WorkbookUnreadable { format }))
    }
    #[cfg(not(panic = "unwind"))]
    {
        read_inner(bytes, format, store_rows)
    }
}

fn read_inner(
    bytes: &[u8],
    format: WorkbookFormat,
    store_rows: usize,
) -> Result<SheetRows, FileError> {
    fn unreadable<E>(format: WorkbookFormat) -> impl Fn(E) -> FileError {
        move |_| FileError::WorkbookUnreadable { format }
    }
    let cursor = Cursor::new(bytes);
    match format {
        WorkbookFormat::Xlsx => {
            let mut workbook: Xlsx<_> = Xlsx::new(cursor).map_err(unreadable(format))?;
            let name = first_sheet(workbook.sheets_metadata())?;
            let mut reader = workbook
                .worksheet_cells_reader(&name)
                .map_err(unreadable(format))?;
            let mut cells = Vec::new();
            let mut distinct_rows = 0usize;
            let mut last_row = None;
            let mut uncounted_rows = 0usize;
            while let Some(cell) = reader.next_cell().map_err(unreadable(format))? {
                let (row, col) = cell.get_position();
                if col >= MAX_COLUMNS {
                    continue;
                }
                let value = from_data_ref(cell.get_value());
                if value == CellValue::Empty {
                    continue;
                }
                if last_row != Some(row) {
                    last_row = Some(row);
                    distinct_rows += 1;
                    if distinct_rows > store_rows {
                        uncounted_rows += 1;
                    }
                }
                if distinct_rows <= store_rows {
                    cells.push((row, col, value));
                }
            }
            if !cells.is_sorted_by_key(|(r, c, _)| (*r, *c)) {
                cells.sort_by_key(|(r, c, _)| (*r, *c));
            }
            let mut rows: Vec<(u32, Vec<CellValue>)> = Vec::new();
            for (row, col, value) in cells {
                if rows.last().is_none_or(|(r, _)| *r != row + 1) {
                    rows.push((row + 1, Vec::new()));
                }
                if let Some((_, cells)) = rows.last_mut() {
                    cells.resize(col as usize, CellValue::Empty);
                    cells.push(value);
                }
            }
            Ok(SheetRows {
                rows,
                uncounted_rows,
            })
        }
        WorkbookFormat::Ods => {
            let mut workbook: Ods<_> = Ods::new(cursor).map_err(unreadable(format))?;
            let name = first_sheet(workbook.sheets_metadata())?;
            let range = workbook
                .worksheet_range(&name)
                .map_err(unreadable(format))?;
            Ok(from_range(&range, store_rows))
        }
        WorkbookFormat::Xls | WorkbookFormat::Xlsb => {
            Err(FileError::WorkbookUnsupported { format })
        }
    }
}

fn first_sheet(sheets: &[Sheet]) -> Result<String, FileError> {
    sheets
        .iter()
        .find(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .or_else(|| sheets.first())
        .map(|s| s.name.clone())
        .ok_or(FileError::NoWorksheet)
}

fn from_range(range: &calamine::Range<Data>, store_rows: usize) -> SheetRows {
    let Some((row0, col0)) = range.start() else {
        return SheetRows::default();
    };
    let mut out = SheetRows::default();
    let mut stored = 0usize;
    for (i, row) in range.rows().enumerate() {
        if row.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        stored += 1;
        if stored > store_rows {
            out.uncounted_rows += 1;
            continue;
        }
        let mut cells = vec![CellValue::Empty; col0.min(MAX_COLUMNS) as usize];
        cells.extend(
            row.iter()
                .take(MAX_COLUMNS.saturating_sub(col0) as usize)
                .map(from_data),
        );
        out.rows.push((row0 + i as u32 + 1, cells));
    }
    out
}

fn from_data(data: &Data) -> CellValue {
    match data {
        Data::Int(i) => CellValue::Text(i.to_string()),
        Data::Float(f) => CellValue::Text(format_number(*f)),
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => date_time(dt),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Text(e.to_string()),
        Data::Empty => CellValue::Empty,
    }
}

fn from_data_ref(data: &DataRef<'_>) -> CellValue {
    match data {
        DataRef::Int(i) => CellValue::Text(i.to_string()),
        DataRef::Float(f) => CellValue::Text(format_number(*f)),
        DataRef::String(s) => CellValue::Text(s.clone()),
        DataRef::SharedString(s) => CellValue::Text((*s).to_owned()),
        DataRef::Bool(b) => CellValue::Bool(*b),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::DateTimeIso(s) => iso_date(s),
        DataRef::DurationIso(s) => CellValue::Text(s.clone()),
        DataRef::Error(e) => CellValue::Text(e.to_string()),
        DataRef::Empty => CellValue::Empty,
    }
}

fn date_time(dt: &calamine::ExcelDateTime) -> CellValue {
    if dt.is_datetime() && dt.as_f64() >= 1.0 {
        let (y, m, d, ..) = dt.to_ymd_hms_milli();
        if let Some(date) = Date::new(y, m, d) {
            return CellValue::Date(date);
        }
    }
    CellValue::Text(format_number(dt.as_f64()))
}

fn iso_date(s: &str) -> CellValue {
    s.get(..10)
        .and_then(|d| Date::parse_iso(d).ok())
        .map_or_else(|| CellValue::Text(s.to_owned()), CellValue::Date)
}

/// A number as a spreadsheet shows it in a general format: integers without decimals or
/// exponent (`612345678`, `31612345678`), others in the shortest round-trip form.
pub(crate) fn format_number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_shown() {
        assert_eq!(format_number(612_345_678.0), "612345678");
        assert_eq!(format_number(31_612_345_678.0), "31612345678");
        assert_eq!(format_number(-3.0), "-3");
        assert_eq!(format_number(1.5), "1.5");
        assert_eq!(format_number(f64::NAN), "NaN");
    }
}
