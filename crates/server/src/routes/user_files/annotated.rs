//! The users step's list as a file to fix in a spreadsheet and upload again: the template's
//! header row in the request's language, one row per user with the values exactly as typed, and
//! a last column ([`errors_column_header`]) with the row's errors and warnings, which the import
//! skips when the file comes back. The messages name the rows of the file itself (the header
//! being row 1).

use axum::http::StatusCode;
use domain::import::{ReportRow, check_users_from, errors_column_header};
use domain::users_merge::{TooManyUsers, check_total};
use domain::{Date, Field, Lang, RawUser, template};

use crate::error::Problem;
use crate::lang::Text;

/// The row of the first user: the one under the header row.
const FIRST_LINE: u32 = 2;

/// Why a list is not written as a file.
#[derive(Debug, thiserror::Error)]
pub(crate) enum AnnotatedError {
    /// More users than an order may hold.
    #[error(transparent)]
    TooManyUsers(#[from] TooManyUsers),
}

impl Problem for AnnotatedError {
    fn status(&self) -> StatusCode {
        StatusCode::UNPROCESSABLE_ENTITY
    }

    fn code(&self) -> &'static str {
        match self {
            AnnotatedError::TooManyUsers(_) => "too_many_users",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            AnnotatedError::TooManyUsers(too_many) => Text::AnnotatedTooManyUsers {
                count: too_many.total,
                max: too_many.max,
            }
            .text(lang),
        }
    }
}

/// One user's row of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnnotatedRow {
    /// The eight values as typed, in [`Field::ALL`] order.
    pub values: [String; 8],
    /// Per value, the messages of its errors (joined by line breaks), if it has any.
    pub cell_errors: [Option<String>; 8],
    /// The last column: every error, then every warning (marked), one per line.
    pub findings: String,
}

/// The list checked and rendered in one language, ready to be written as CSV or workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnnotatedList {
    /// The language of the headers and messages.
    pub lang: Lang,
    /// The header row: the template's eight, then the errors column.
    pub header: [&'static str; 9],
    /// One row per user, in the list's order.
    pub rows: Vec<AnnotatedRow>,
}

fn is_blank(user: &RawUser) -> bool {
    Field::ALL
        .iter()
        .all(|field| user.get(*field).trim().is_empty())
}

impl AnnotatedList {
    /// Checks `users` by the import's rules, the first on row 2. A user with every value empty
    /// is left out (the import would skip its row), so that every row of the file is a user and
    /// the messages' row numbers are the file's.
    pub(crate) fn check(
        users: Vec<RawUser>,
        lang: Lang,
        today: Date,
    ) -> Result<AnnotatedList, AnnotatedError> {
        check_total(users.len())?;
        let users: Vec<RawUser> = users.into_iter().filter(|u| !is_blank(u)).collect();
        let report = check_users_from(&users, today, FIRST_LINE).report(lang);
        // The report leaves out the rows the engine finds blank; find each user's by its line.
        let mut by_line: Vec<Option<&ReportRow>> = vec![None; users.len()];
        for row in &report.rows {
            if let Some(slot) =
                (row.line.checked_sub(FIRST_LINE)).and_then(|index| by_line.get_mut(index as usize))
            {
                *slot = Some(row);
            }
        }
        let rows = users
            .iter()
            .zip(by_line)
            .map(|(user, row)| annotate(user, row, lang))
            .collect();
        let [a, b, c, d, e, f, g, h] = template::header_row_in(lang);
        Ok(AnnotatedList {
            lang,
            header: [a, b, c, d, e, f, g, h, errors_column_header(lang)],
            rows,
        })
    }
}

fn annotate(user: &RawUser, row: Option<&ReportRow>, lang: Lang) -> AnnotatedRow {
    let values = Field::ALL.map(|field| user.get(field).to_owned());
    let Some(row) = row else {
        return AnnotatedRow {
            values,
            cell_errors: Default::default(),
            findings: String::new(),
        };
    };
    let cell_errors = Field::ALL.map(|field| {
        let messages: Vec<&str> = row
            .errors
            .iter()
            .filter(|error| error.field == Some(field))
            .map(|error| error.message.as_str())
            .collect();
        (!messages.is_empty()).then(|| messages.join("\n"))
    });
    let lines: Vec<String> = row
        .errors
        .iter()
        .map(|error| error.message.clone())
        .chain(row.warnings.iter().map(|warning| {
            Text::AnnotatedWarning {
                message: &warning.message,
            }
            .text(lang)
        }))
        .collect();
    AnnotatedRow {
        values,
        cell_errors,
        findings: lines.join("\n"),
    }
}

/// `value` as one cell of a `;`-separated file: quoted when it holds `;`, a quote or a line
/// break, or starts or ends with a space (which a reader would trim). A value that a
/// spreadsheet would run as a formula gets a leading `'`: one starting with `=`, `@`, a tab or a
/// carriage return, or with `+` or `-` followed by more than digits and phone punctuation. So
/// "+31 6 12345678" stays as typed, and "=HYPERLINK(…)" (never a valid value: it has its error
/// in the row) is not a formula.
fn csv_cell(value: &str, out: &mut String) {
    let phone_like = |rest: &str| {
        rest.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.' | '/'))
    };
    let neutralise = value.starts_with(['=', '@', '\t', '\r'])
        || (value.starts_with(['+', '-']) && !phone_like(value));
    let quote = neutralise
        || value.contains([';', '"', '\n', '\r'])
        || value.starts_with(' ')
        || value.ends_with(' ');
    if quote {
        out.push('"');
    }
    if neutralise {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

fn csv_line<'a>(cells: impl IntoIterator<Item = &'a str>, out: &mut String) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        csv_cell(cell, out);
    }
    out.push_str("\r\n");
}

impl AnnotatedList {
    /// The list as CSV the way Dutch Excel opens it in columns, as the template: UTF-8 with a
    /// byte-order mark, `;` between fields, CRLF line ends.
    pub(crate) fn csv(&self) -> Vec<u8> {
        let mut out = String::from("\u{feff}");
        csv_line(self.header, &mut out);
        for row in &self.rows {
            csv_line(
                row.values
                    .iter()
                    .map(String::as_str)
                    .chain([row.findings.as_str()]),
                &mut out,
            );
        }
        out.into_bytes()
    }

    /// The list as a workbook: a bold, frozen header row; every value a text cell (a mobile
    /// number keeps its 0, a date stays as typed); a cell with an error filled light red with
    /// its messages as a note; the errors column wrapped.
    pub(crate) fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{Color, Format, FormatAlign, Note, Workbook};
        const ERRORS_COLUMN: u16 = 8;
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name(Text::AnnotatedSheetName.text(self.lang))?;
        let text = Format::new()
            .set_num_format("@")
            .set_align(FormatAlign::Top);
        let wrong = text
            .clone()
            .set_background_color(Color::RGB(0xFFC7CE))
            .set_font_color(Color::RGB(0x9C0006));
        let wrapped = text.clone().set_text_wrap();
        let bold = Format::new().set_bold();
        for (column, title) in self.header.iter().enumerate() {
            sheet.write_string_with_format(0, column as u16, *title, &bold)?;
        }
        for (index, row) in self.rows.iter().enumerate() {
            let line = index as u32 + 1;
            for (column, value) in row.values.iter().enumerate() {
                let column = column as u16;
                match &row.cell_errors[column as usize] {
                    Some(messages) => {
                        sheet.write_string_with_format(line, column, value, &wrong)?;
                        let note = Note::new(messages)
                            .set_author("Middelpunt")
                            .add_author_prefix(false)
                            .set_width(320);
                        sheet.insert_note(line, column, &note)?;
                    }
                    None => {
                        sheet.write_string_with_format(line, column, value, &text)?;
                    }
                }
            }
            sheet.write_string_with_format(line, ERRORS_COLUMN, &row.findings, &wrapped)?;
        }
        // Widths that fit the values (not wider than 40 characters); the errors column wide
        // enough to read a message on a line or two.
        sheet.set_autofit_max_width(40 * 7).autofit();
        sheet.set_column_width(ERRORS_COLUMN, 70)?;
        sheet.set_freeze_panes(1, 0)?;
        workbook.save_to_buffer()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(value: &str) -> String {
        let mut out = String::new();
        csv_cell(value, &mut out);
        out
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(cell("Jan"), "Jan");
        assert_eq!(cell("a;b"), "\"a;b\"");
        assert_eq!(cell("zei \"hoi\""), "\"zei \"\"hoi\"\"\"");
        assert_eq!(cell("regel 1\nregel 2"), "\"regel 1\nregel 2\"");
        assert_eq!(cell(" Jan"), "\" Jan\"");
        assert_eq!(cell("+31 6 12345678"), "+31 6 12345678");
        assert_eq!(cell("-"), "-");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+cmd|' /C calc'!A0"), "\"'+cmd|' /C calc'!A0\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
    }
}
