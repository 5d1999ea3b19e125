//! The worker's binary report (`domain::import::wire`): it reads back as exactly the report of
//! the HTTP contract, in both languages, and damaged bytes are an error, never a panic.

mod common;

use common::*;
use domain::Lang;
use domain::import::{ImportOutcome, wire};

fn file(lines: &[&str]) -> Vec<u8> {
    lines.join("\r\n").into_bytes()
}

/// Rows with errors (several per row, and the same person twice), warnings and valid values.
fn with_findings() -> ImportOutcome {
    run(
        &file(&[
            &HEADER.join(";"),
            "Jan;van der;Berg;15-03-1985;Amsterdam;jan@voorbeeld.nl;06 12345678;J",
            "Jan;van der;Berg;15-03-1985;Amsterdam;jan2@voorbeeld.nl;06 12345679;ja",
            "Piet van;;Dam;31-02-1985;Utrecht;piet@;06123;X",
            "Zoë;;Ünal-de Boer;1-4-1990;'s-Hertogenbosch;zoe@voorbeeld.nl;+31 6 87654321;N",
            "=SOM(A1);;Bos;01-01-2020;Delft;bos@voorbeeld.nl;0612345670;J",
            "Els;;Visser;02-02-1970;Zwolle;els@voorbeeld.nl;06 12345678;J",
        ]),
        "gebruikers.csv",
    )
}

/// Headers the matching cannot all map: a file error and a mapping proposal.
fn needing_a_mapping() -> ImportOutcome {
    run(
        &file(&[
            "Voornaam;Achternaam;Geb.datum;Plaats geboorte;Zakelijk mailadres;Nummer voor sms;In dienst",
            "Jan;Jansen;01-02-1980;Utrecht;jan@voorbeeld.nl;06 12345678;J",
        ]),
        "andere-kolommen.csv",
    )
}

#[test]
fn the_bytes_read_back_as_the_report() {
    let findings = with_findings();
    assert!(findings.rows.iter().any(|r| r.errors.len() > 1));
    assert!(findings.rows.iter().any(|r| !r.warnings.is_empty()));
    let mapping = needing_a_mapping();
    assert!(mapping.mapping.is_some() && !mapping.file_errors.is_empty());
    let not_a_file = run(b"\x89PNG\r\n\x1a\n", "foto.png");
    assert!(!not_a_file.file_errors.is_empty());
    for outcome in [findings, mapping, not_a_file] {
        for lang in [Lang::Nl, Lang::En] {
            let bytes = wire::encode(&outcome, lang);
            assert_eq!(wire::decode(&bytes), Ok(outcome.report(lang)));
        }
    }
}

#[test]
fn the_bytes_are_about_the_size_of_the_values() {
    let rows: Vec<Vec<String>> = std::iter::once(header())
        .chain((0..100).map(valid_row))
        .collect();
    let csv = write(&rows, Dialect::EXCEL_NL);
    let outcome = run(&csv, "x.csv");
    assert!(outcome.is_ok());
    let bytes = wire::encode(&outcome, Lang::Nl);
    // Per row: the line, eight lengths or flags and three empty finding counts (45 bytes) on
    // top of the values, which are about the file's (a mobile number gains its +31).
    assert!(
        bytes.len() < csv.len() + 50 * 100,
        "{} bytes for a file of {}",
        bytes.len(),
        csv.len()
    );
}

#[test]
fn damaged_bytes_are_an_error_not_a_panic() {
    let bytes = wire::encode(&with_findings(), Lang::Nl);
    // Every shortened report, and every report with one byte changed, is refused or read as
    // some report; nothing panics or allocates without bound.
    for end in 0..bytes.len() {
        assert!(wire::decode(&bytes[..end]).is_err(), "cut at {end}");
    }
    for i in 0..bytes.len() {
        for value in [0, 1, 2, 0x7F, 0xFF] {
            let mut damaged = bytes.clone();
            damaged[i] = value;
            let _ = wire::decode(&damaged);
        }
    }
    assert_eq!(
        wire::decode(b"{\"ok\":true}"),
        Err(wire::WireError::NotAReport)
    );
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(wire::decode(&longer), Err(wire::WireError::Trailing(1)));
}
