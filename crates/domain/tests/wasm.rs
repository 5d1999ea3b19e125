//! The import engine in the browser (headless Chromium):
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p domain --target wasm32-unknown-unknown --test wasm`.
#![cfg(target_arch = "wasm32")]

#[cfg(feature = "spreadsheet")]
use domain::EmployedValue;
#[cfg(feature = "spreadsheet")]
use domain::import::WorkbookFormat;
use domain::import::{FileFormat, TextEncoding, encode_windows_1252};
use domain::{Date, Field, Lang, Limits, import};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn today() -> Date {
    Date::new(2026, 5, 1).unwrap()
}

#[wasm_bindgen_test]
fn windows_1252_csv_from_dutch_excel() {
    let text = "volledige voornamen;tussenvoegsel;achternaam;geboortedatum;geboorteplaats;e-mailadres;mobiel nummer;loondienst\r\n\
                Zoë Bénédicte;;Çelik;3-4-1990;Geldermalsen;zoe.celik@voorbeeld.nl;612345678;J\r\n\
                Johannes;van der;Berg;01-02-1985;Ede;jan@voorbeeld.nl;0201234567;N\r\n\
                ;;;;;;;\r\n";
    let outcome = import(
        &encode_windows_1252(text),
        "gebruikers.csv",
        Limits::DEFAULT,
        today(),
    );
    assert_eq!(
        outcome.format,
        Some(FileFormat::Csv {
            encoding: TextEncoding::Windows1252,
            delimiter: ';'
        })
    );
    assert_eq!(outcome.rows.len(), 2);
    assert_eq!(outcome.rows[0].value(Field::FirstNames), "Zoë Bénédicte");
    assert_eq!(outcome.rows[0].value(Field::Mobile), "+31612345678");
    assert_eq!(outcome.rows[0].value(Field::BirthDate), "1990-04-03");
    let report = outcome.report(Lang::Nl);
    assert!(!report.ok);
    assert_eq!(
        report.rows[1].errors[0].message,
        "Rij 3, mobiel nummer: 0201234567 is een vast nummer; vul een mobiel nummer in, zoals 06 12345678"
    );
}

#[cfg(feature = "spreadsheet")]
#[wasm_bindgen_test]
fn xlsx_workbook_with_date_and_number_cells() {
    let outcome = import(
        include_bytes!("fixtures/users.xlsx"),
        "users.xlsx",
        Limits::DEFAULT,
        today(),
    );
    assert_eq!(
        outcome.format,
        Some(FileFormat::Workbook(WorkbookFormat::Xlsx))
    );
    assert!(outcome.file_errors.is_empty(), "{:?}", outcome.file_errors);
    assert_eq!(outcome.rows.len(), 3);
    assert_eq!(outcome.rows[0].value(Field::BirthDate), "1990-04-03");
    assert_eq!(outcome.rows[0].value(Field::Mobile), "+31612345678");
    assert_eq!(outcome.rows[1].value(Field::Mobile), "+31687654321");
    assert_eq!(*outcome.rows[1].employed(), EmployedValue::Valid(false));
    let codes: Vec<&str> = outcome.rows[2].errors.iter().map(|e| e.code()).collect();
    assert_eq!(
        codes,
        vec!["too_young", "email_domain_without_dot", "mobile_landline"]
    );
}

#[wasm_bindgen_test]
fn garbage_is_not_a_panic() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let outcome = import(png, "foto.png", Limits::DEFAULT, today());
    assert_eq!(outcome.file_errors[0].code(), "not_csv_or_excel");
    #[cfg(feature = "spreadsheet")]
    let mut broken = include_bytes!("fixtures/users.xlsx").to_vec();
    broken.truncate(broken.len() / 2);
    assert!(
        !import(&broken, "users.xlsx", Limits::DEFAULT, today())
            .file_errors
            .is_empty()
    );
}
