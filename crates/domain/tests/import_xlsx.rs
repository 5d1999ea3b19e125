//! The users-file import on Excel workbooks, written with rust_xlsxwriter as Excel writes them.
#![cfg(all(feature = "spreadsheet", not(target_arch = "wasm32")))]

mod common;

use common::*;
use domain::import::{FileFormat, WorkbookFormat};
use domain::{EmployedValue, ImportOutcome};

fn workbook(users: &[[XlsxCell; 8]], extra_sheet_first: bool) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    if extra_sheet_first {
        let hidden = wb.add_worksheet();
        hidden.set_name("Verborgen").unwrap();
        hidden.write_string(0, 0, "niet dit blad").unwrap();
        hidden.set_hidden(true);
    }
    let sheet = wb.add_worksheet();
    sheet.set_name("Gebruikers").unwrap();
    if extra_sheet_first {
        sheet.set_active(true);
    }
    let date_format = Format::new().set_num_format("dd-mm-yyyy");
    for (col, title) in HEADER.iter().enumerate() {
        sheet.write_string(0, col as u16, *title).unwrap();
    }
    for (r, user) in users.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, cell) in user.iter().enumerate() {
            let col = c as u16;
            match cell {
                XlsxCell::Text(s) => {
                    sheet.write_string(row, col, *s).unwrap();
                }
                XlsxCell::Number(n) => {
                    sheet.write_number(row, col, *n).unwrap();
                }
                XlsxCell::Date(y, m, d) => {
                    let date = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet
                        .write_datetime_with_format(row, col, &date, &date_format)
                        .unwrap();
                }
                XlsxCell::Bool(b) => {
                    sheet.write_boolean(row, col, *b).unwrap();
                }
                XlsxCell::Empty => {}
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

#[derive(Clone, Copy)]
enum XlsxCell {
    Text(&'static str),
    Number(f64),
    Date(u16, u8, u8),
    Bool(bool),
    Empty,
}

use XlsxCell::{Bool, Date as D, Empty, Number, Text};

/// The users of the xlsx fixture: a date cell, numeric phone cells (Excel dropped the zero;
/// +31 turned into a number), text cells, a boolean.
fn fixture_users() -> Vec<[XlsxCell; 8]> {
    vec![
        [
            Text("Zoë Bénédicte"),
            Empty,
            Text("Çelik"),
            D(1990, 4, 3),
            Text("Geldermalsen"),
            Text("zoe@voorbeeld.nl"),
            Number(612_345_678.0),
            Text("J"),
        ],
        [
            Text("Johannes Pieter"),
            Text("van der"),
            Text("Berg"),
            Text("01-02-1985"),
            Text("'s-Gravenhage"),
            Text("jp@voorbeeld.nl"),
            Number(31_687_654_321.0),
            Bool(false),
        ],
        [
            Text("Anna"),
            Empty,
            Text("de Vries"),
            D(2015, 6, 1),
            Text("Ede"),
            Text("anna@voorbeeld"),
            Text("0201234567"),
            Text("Ja"),
        ],
    ]
}

fn check_fixture_outcome(outcome: &ImportOutcome) {
    assert_eq!(
        outcome.format,
        Some(FileFormat::Workbook(WorkbookFormat::Xlsx))
    );
    assert!(outcome.file_errors.is_empty(), "{:?}", outcome.file_errors);
    let lines: Vec<u32> = outcome.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![2, 3, 4]);
    let v = &outcome.rows[0].values();
    assert_eq!(v.birth_date, "1990-04-03", "a date cell reads as a date");
    assert_eq!(
        v.mobile, "+31612345678",
        "a number cell reads as its digits"
    );
    assert_eq!(
        warning_codes(outcome, 2),
        vec!["mobile_leading_zero_restored"]
    );
    assert!(outcome.rows[0].errors.is_empty());
    let v = &outcome.rows[1].values();
    assert_eq!(v.mobile, "+31687654321");
    assert_eq!(v.employed, EmployedValue::Valid(false));
    assert_eq!(v.birth_date, "1985-02-01");
    assert!(
        outcome.rows[1].errors.is_empty(),
        "{:?}",
        outcome.rows[1].errors
    );
    assert_eq!(
        row_codes(outcome, 4),
        vec!["too_young", "email_domain_without_dot", "mobile_landline"]
    );
    assert_eq!(
        outcome.rows[2].values().birth_date,
        "01-06-2015",
        "an invalid date cell shows as the user sees it"
    );
    assert_eq!(warning_codes(outcome, 4), vec!["infix_in_last_name"]);
}

#[test]
fn xlsx_with_date_number_and_text_cells() {
    let bytes = workbook(&fixture_users(), false);
    check_fixture_outcome(&run(&bytes, "gebruikers.xlsx"));
    // The name is only a hint.
    check_fixture_outcome(&run(&bytes, "gebruikers.csv"));
}

#[test]
fn xlsx_uses_the_first_visible_worksheet() {
    let bytes = workbook(&fixture_users(), true);
    check_fixture_outcome(&run(&bytes, "gebruikers.xlsx"));
}

#[test]
fn xlsx_fixture_for_the_wasm_test_reads_as_expected() {
    let fixture = include_bytes!("fixtures/users.xlsx");
    check_fixture_outcome(&run(fixture, "users.xlsx"));
}

/// Regenerates `tests/fixtures/users.xlsx`: `cargo test -p domain --test import -- --ignored`.
#[test]
#[ignore]
fn regenerate_xlsx_fixture() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/users.xlsx");
    std::fs::write(path, workbook(&fixture_users(), false)).unwrap();
}

#[test]
fn xlsx_far_over_the_row_limit_is_counted() {
    let many: Vec<[XlsxCell; 8]> = (0..150)
        .map(|_| {
            [
                Text("Anna"),
                Empty,
                Text("Smit"),
                D(1980, 1, 1),
                Text("Ede"),
                Text("a@b.nl"),
                Text("0612345678"),
                Text("J"),
            ]
        })
        .collect();
    let outcome = run(&workbook(&many, false), "veel.xlsx");
    assert_eq!(codes(&outcome), vec!["too_many_rows"]);
    assert_eq!(outcome.row_count, 150);
}

#[test]
fn truncated_xlsx_is_unreadable_not_a_panic() {
    let bytes = workbook(&fixture_users(), false);
    for cut in [30, bytes.len() / 3, bytes.len() / 2, bytes.len() - 30] {
        let outcome = run(&bytes[..cut], "kapot.xlsx");
        assert!(!outcome.file_errors.is_empty(), "cut at {cut}");
    }
}
