//! The users-file import on files made the way offices make them.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use domain::import::{FileFormat, FileWarning, TextEncoding};
use domain::{EmployedValue, Field, Lang, Limits, import};

#[test]
fn dutch_excel_csv_in_windows_1252_with_trailing_empty_rows() {
    // What "Opslaan als > CSV (gescheiden door lijstscheidingsteken)" writes on Dutch Windows.
    let text = "volledige voornamen;tussenvoegsel;achternaam;geboortedatum;geboorteplaats;e-mailadres;mobiel nummer;loondienst\r\n\
                Zoë Bénédicte;;Çelik;3-4-1990;Geldermalsen;zoe.celik@voorbeeld.nl;06-12345678;J\r\n\
                Johannes Pieter;van der;Berg;01-02-1985;'s-Gravenhage;j.vanderberg@voorbeeld.nl;0687654321;n\r\n\
                ;;;;;;;\r\n\
                ;;;;;;;\r\n";
    let bytes = encode(text, Encoding::Windows1252);
    assert!(std::str::from_utf8(&bytes).is_err(), "really Windows-1252");
    let outcome = run(&bytes, "gebruikers.csv");
    assert_eq!(
        outcome.format,
        Some(FileFormat::Csv {
            encoding: TextEncoding::Windows1252,
            delimiter: ';'
        })
    );
    assert!(outcome.is_ok(), "{:#?}", outcome.report(Lang::En));
    assert_eq!(outcome.rows.len(), 2, "the ;;;;;;; rows are skipped");
    let v = &outcome.rows[0].values();
    assert_eq!(
        (v.first_names.as_str(), v.last_name.as_str()),
        ("Zoë Bénédicte", "Çelik")
    );
    assert_eq!(v.birth_date, "1990-04-03");
    assert_eq!(v.mobile, "+31612345678");
    assert_eq!(v.employed, EmployedValue::Valid(true));
    assert_eq!(outcome.rows[1].values().birth_place, "'s-Gravenhage");
    assert_eq!(
        outcome.rows[1].values().employed,
        EmployedValue::Valid(false)
    );
    assert_eq!((outcome.rows[0].line, outcome.rows[1].line), (2, 3));
    assert_eq!(outcome.users().len(), 2);
}

#[test]
fn excel_csv_utf8_with_bom() {
    // "CSV UTF-8 (door komma's gescheiden)": BOM, and still ';' on Dutch Windows.
    let rows = vec![
        header(),
        row([
            "Zoë",
            "",
            "Bakker",
            "1985-02-01",
            "Utrecht",
            "zoe@voorbeeld.nl",
            "+31 6 1234 5678",
            "Ja",
        ]),
    ];
    let bytes = write(
        &rows,
        Dialect {
            encoding: Encoding::Utf8Bom,
            ..Dialect::EXCEL_NL
        },
    );
    let outcome = run(&bytes, "gebruikers.csv");
    assert_eq!(
        outcome.format,
        Some(FileFormat::Csv {
            encoding: TextEncoding::Utf8Bom,
            delimiter: ';'
        })
    );
    assert!(outcome.is_ok(), "{:#?}", outcome.report(Lang::En));
    assert_eq!(outcome.rows[0].values().first_names, "Zoë");
}

#[test]
fn excel_unicode_text_is_utf16_tab_separated() {
    // "Opslaan als > Unicode-tekst (*.txt)": UTF-16 LE with BOM, tabs, CRLF.
    let rows = vec![
        header(),
        row([
            "Ångström Zoë",
            "de",
            "Wit",
            "1-2-1985",
            "Zürich",
            "a.dewit@voorbeeld.nl",
            "0612345678",
            "N",
        ]),
    ];
    let dialect = Dialect {
        delimiter: '\t',
        encoding: Encoding::Utf16Le,
        quote_all: false,
        line_ending: "\r\n",
        sep_line: false,
    };
    let outcome = run(&write(&rows, dialect), "gebruikers.txt");
    assert_eq!(
        outcome.format,
        Some(FileFormat::Csv {
            encoding: TextEncoding::Utf16Le,
            delimiter: '\t'
        })
    );
    assert!(outcome.is_ok(), "{:#?}", outcome.report(Lang::En));
    assert_eq!(outcome.rows[0].values().first_names, "Ångström Zoë");
}

#[test]
fn sep_line_is_honoured_and_not_counted_as_a_row() {
    // A comma file whose names contain no commas would sniff as ',' anyway; the sep line makes
    // Excel (and us) use ',' even though the header has semicolons inside quotes.
    let text = "sep=,\r\n\"voornamen;\",tussenvoegsel,achternaam,geboortedatum,geboorteplaats,e-mail,mobiel,loondienst\r\n\
                Anna,,Jansen,01-02-1985,Ede,anna@voorbeeld.nl,0612345678,J\r\n";
    let outcome = run(text.as_bytes(), "x.csv");
    assert_eq!(
        outcome.format,
        Some(FileFormat::Csv {
            encoding: TextEncoding::Utf8,
            delimiter: ','
        })
    );
    assert!(outcome.is_ok(), "{:#?}", outcome.report(Lang::En));
    assert_eq!(
        outcome.rows[0].line, 2,
        "Excel hides the sep line: the header is row 1"
    );
}

#[test]
fn line_endings_of_every_platform() {
    for ending in ["\r\n", "\n", "\r"] {
        let rows = vec![header(), valid_row(1), valid_row(2)];
        let outcome = run(
            &write(
                &rows,
                Dialect {
                    line_ending: ending,
                    ..Dialect::EXCEL_NL
                },
            ),
            "x.csv",
        );
        assert!(
            outcome.is_ok(),
            "{ending:?}: {:#?}",
            outcome.report(Lang::En)
        );
        assert_eq!(
            outcome.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![2, 3],
            "{ending:?}"
        );
    }
}

#[test]
fn quoted_fields_with_delimiters_and_line_breaks() {
    let text = "voornamen;tussenvoegsel;achternaam;geboortedatum;geboorteplaats;e-mail;mobiel;loondienst;opmerking\r\n\
                \"Anna\";\"\";\"Jansen\";\"01-02-1985\";\"Ede\";\"anna@voorbeeld.nl\";\"06 12345678\";\"J\";\"start; maandag\r\nkamer 2\"\r\n\
                Piet;;Smit;02-03-1980;Ede;piet@voorbeeld.nl;0612345679;N;\"zei \"\"hoi\"\"\"\r\n";
    let outcome = run(text.as_bytes(), "x.csv");
    assert!(outcome.is_ok(), "{:#?}", outcome.report(Lang::En));
    assert_eq!(
        outcome.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        vec![2, 3]
    );
    assert_eq!(
        outcome.file_warnings,
        vec![FileWarning::UnknownColumn {
            column: 8,
            header: "opmerking".into()
        }]
    );
}

#[test]
fn mangled_phone_numbers() {
    let mut rows = vec![header()];
    for (n, mobile) in [
        "612345678",
        "6,12346E+08",
        "0201234567",
        "0661234567",
        "+32 470 12 34 56",
        "+1 415 555 2671",
        "06-1234567",
    ]
    .into_iter()
    .enumerate()
    {
        let mut r = valid_row(n);
        r[6] = mobile.into();
        rows.push(r);
    }
    let outcome = run(&write(&rows, Dialect::EXCEL_NL), "x.csv");
    assert_eq!(
        warning_codes(&outcome, 2),
        vec!["mobile_leading_zero_restored"]
    );
    assert_eq!(outcome.rows[0].values().mobile, "+31612345678");
    assert_eq!(row_codes(&outcome, 3), vec!["mobile_scientific_notation"]);
    assert_eq!(row_codes(&outcome, 4), vec!["mobile_landline"]);
    assert_eq!(row_codes(&outcome, 5), vec!["mobile_pager"]);
    assert_eq!(warning_codes(&outcome, 6), vec!["mobile_foreign"]);
    assert_eq!(outcome.rows[4].values().mobile, "+32470123456");
    assert_eq!(row_codes(&outcome, 7), vec!["mobile_foreign_unsupported"]);
    assert_eq!(row_codes(&outcome, 8), vec!["mobile_length"]);
    let report = outcome.report(Lang::Nl);
    assert_eq!(
        report.rows[2].errors[0].message,
        "Rij 4, mobiel nummer: 0201234567 is een vast nummer; vul een mobiel nummer in, zoals 06 12345678"
    );
    assert_eq!(
        outcome.report(Lang::En).rows[2].errors[0].message,
        "Row 4, mobile number: 0201234567 is a landline number; enter a mobile number, such as 06 12345678"
    );
    // The invalid value is kept as written.
    assert_eq!(report.rows[1].values.mobile, "6,12346E+08");
    assert!(!report.ok);
}

#[test]
fn mangled_dates() {
    let mut rows = vec![header()];
    for (n, date) in [
        "1-2-85",
        "31079",
        "12/31/1985",
        "31-02-1985",
        "01-01-2015",
        "01-01-1899",
        "2030-01-01",
        "1985-02-01 00:00:00",
        "01.02.1985",
    ]
    .into_iter()
    .enumerate()
    {
        let mut r = valid_row(n);
        r[3] = date.into();
        rows.push(r);
    }
    let outcome = run(&write(&rows, Dialect::EXCEL_NL), "x.csv");
    let codes: Vec<Vec<&str>> = (2..=10).map(|line| row_codes(&outcome, line)).collect();
    assert_eq!(
        codes,
        vec![
            vec!["date_two_digit_year"],
            vec!["date_serial_number"],
            vec!["date_day_month_swapped"],
            vec!["date_nonexistent"],
            vec!["too_young"],
            vec!["date_before_1900"],
            vec!["date_in_future"],
            vec![],
            vec![],
        ]
    );
    let nl = outcome.report(Lang::Nl);
    assert_eq!(
        nl.rows[0].errors[0].message,
        "Rij 2, geboortedatum: 1-2-85 heeft een jaartal van twee cijfers en dat kan op twee eeuwen slaan; schrijf het \
         jaar voluit, zoals 01-02-1985"
    );
    assert!(
        nl.rows[1].errors[0].message.contains("01-02-1985"),
        "{}",
        nl.rows[1].errors[0].message
    );
    assert_eq!(outcome.rows[7].values().birth_date, "1985-02-01");
}

#[test]
fn names_and_other_fields() {
    let mut rows = vec![header()];
    let cases: [(usize, &str); 8] = [
        (0, "J.P."),
        (0, "=HYPERLINK(\"https://evil.example\";\"klik\")"),
        (1, "v.d."),
        (2, "van Dijk"),
        (5, "jan@gmial.com"),
        (5, "jan.jansen.voorbeeld.nl"),
        (7, "Misschien"),
        (7, ""),
    ];
    for (n, (field, value)) in cases.iter().enumerate() {
        let mut r = valid_row(n);
        r[*field] = value.to_string();
        if *field == 2 {
            r[1] = String::new();
        }
        rows.push(r);
    }
    let outcome = run(&write(&rows, Dialect::EXCEL_NL), "x.csv");
    assert_eq!(row_codes(&outcome, 2), vec!["initials"]);
    assert_eq!(row_codes(&outcome, 3), vec!["formula_injection"]);
    assert_eq!(row_codes(&outcome, 4), vec!["infix_abbreviation"]);
    assert_eq!(warning_codes(&outcome, 5), vec!["infix_in_last_name"]);
    assert_eq!(warning_codes(&outcome, 6), vec!["email_domain_typo"]);
    assert_eq!(row_codes(&outcome, 7), vec!["email_missing_at"]);
    assert_eq!(row_codes(&outcome, 8), vec!["employed_invalid"]);
    assert_eq!(row_codes(&outcome, 9), vec!["required"]);
    let en = outcome.report(Lang::En);
    assert_eq!(en.rows[4].values.email, "jan@gmial.com");
    assert!(
        en.rows[4].warnings[0]
            .message
            .contains("did you mean jan@gmail.com?")
    );
    assert_eq!(
        en.rows[6].values.employed,
        EmployedValue::Invalid("Misschien".into())
    );
    assert_eq!(en.rows[2].errors[0].field, Some(Field::Infix));
}

#[test]
fn duplicates_across_rows() {
    let mut rows = vec![header(), valid_row(1), valid_row(2)];
    // Row 4: row 2's e-mail address in capitals.
    let mut r = valid_row(3);
    r[5] = valid_row(1)[5].to_uppercase();
    rows.push(r);
    // Row 5: row 3's person, written with other case and accents, other e-mail and mobile.
    let mut r = valid_row(2);
    r[0] = r[0].to_uppercase();
    r[2] = format!(" {} ", r[2].replace('e', "é"));
    r[5] = "ander@voorbeeld.nl".into();
    r[6] = "0628765432".into();
    rows.push(r);
    // Row 6: another person with row 2's mobile number.
    let mut r = valid_row(6);
    r[6] = valid_row(1)[6].clone();
    rows.push(r);
    let outcome = run(&write(&rows, Dialect::EXCEL_NL), "x.csv");
    assert_eq!(row_codes(&outcome, 4), vec!["duplicate_email"]);
    assert_eq!(row_codes(&outcome, 5), vec!["duplicate_person"]);
    assert_eq!(warning_codes(&outcome, 6), vec!["shared_mobile"]);
    let nl = outcome.report(Lang::Nl);
    assert_eq!(
        nl.rows[2].errors[0].message,
        "Rij 4, e-mailadres: JAN.1@voorbeeld.nl staat ook op rij 2; iedere gebruiker heeft een eigen e-mailadres nodig"
    );
    assert_eq!(nl.rows[3].errors[0].field, None);
    assert!(
        nl.rows[3].errors[0].message.starts_with("Rij 5: "),
        "{}",
        nl.rows[3].errors[0].message
    );
    assert!(nl.rows[3].errors[0].message.contains("staat ook op rij 3"));
    assert!(
        nl.rows[4].warnings[0]
            .message
            .contains("06 12000001 staat ook op rij 2"),
        "{}",
        nl.rows[4].warnings[0].message
    );
    assert!(!nl.ok);
}

#[test]
fn header_problems() {
    let only_header = write(&[header()], Dialect::EXCEL_NL);
    assert_eq!(codes(&run(&only_header, "x.csv")), vec!["no_users"]);
    assert!(
        run(&only_header, "x.csv").report(Lang::En).file_errors[0]
            .message
            .contains("no users in this file")
    );

    let missing = "voornamen;achternaam;e-mail;mobiel;mobiel nummer\r\nJan;Smit;jan@x.nl;0612345678;0612345678\r\n";
    let outcome = run(missing.as_bytes(), "x.csv");
    assert_eq!(codes(&outcome), vec!["missing_columns", "duplicate_column"]);
    let nl = outcome.report(Lang::Nl);
    assert_eq!(
        nl.file_errors[0].message,
        "De kolommen \u{201C}tussenvoegsel\u{201D}, \u{201C}geboortedatum\u{201D}, \u{201C}geboorteplaats\u{201D} en \
         \u{201C}loondienst\u{201D} ontbreken. Voeg ze toe aan de kopregel, zoals in het voorbeeldbestand (de kolom \
         tussenvoegsel moet er zijn, maar mag leeg blijven)."
    );
    assert_eq!(
        nl.file_errors[1].message,
        "De kolommen D (\u{201C}mobiel\u{201D}) en E (\u{201C}mobiel nummer\u{201D}) bevatten allebei mobiel nummer. Houd er één over."
    );
    assert!(nl.rows.is_empty());

    let no_header = "Jan;;Smit;01-02-1985;Ede;jan@x.nl;0612345678;J\r\n";
    assert_eq!(
        codes(&run(no_header.as_bytes(), "x.csv")),
        vec!["header_not_found"]
    );
    assert_eq!(codes(&run(b"", "x.csv")), vec!["empty_file"]);
    assert_eq!(
        codes(&run(b"\xEF\xBB\xBF;;;;;;;\r\n;;;;;;;\r\n", "x.csv")),
        vec!["empty_file"]
    );
}

#[test]
fn unterminated_quote_is_a_file_error() {
    let mut bytes = write(&[header(), valid_row(1)], Dialect::EXCEL_NL);
    bytes.extend_from_slice(b"\"Piet;;Smit;01-02-1985;Ede;piet@x.nl;0612345678;J\r\n");
    bytes.extend(write(&[valid_row(2)], Dialect::EXCEL_NL));
    let outcome = run(&bytes, "x.csv");
    assert_eq!(codes(&outcome), vec!["unterminated_quote"]);
    assert!(
        outcome.report(Lang::Nl).file_errors[0]
            .message
            .starts_with("Rij 3: een aanhalingsteken")
    );
}

#[test]
fn byte_limit_states_the_limit_and_the_size() {
    let bytes = vec![b'a'; 1_048_577];
    let outcome = run(&bytes, "groot.csv");
    assert_eq!(codes(&outcome), vec!["file_too_large"]);
    assert_eq!(
        outcome.report(Lang::Nl).file_errors[0].message,
        "Het bestand is 1,0 MB (1.048.577 bytes); het mag maximaal 1,0 MB (1.048.576 bytes) zijn. Verdeel de gebruikers \
         over meerdere bestanden."
    );
    let small = import(
        &bytes[..2000],
        "x.csv",
        Limits {
            max_rows: 100,
            max_bytes: 1000,
        },
        today(),
    );
    assert_eq!(codes(&small), vec!["file_too_large"]);
}

#[test]
fn row_limit_states_the_limit_and_the_count_and_still_checks_every_row() {
    let rows: Vec<_> = std::iter::once(header())
        .chain((0..101).map(valid_row))
        .collect();
    let outcome = run(&write(&rows, Dialect::EXCEL_NL), "x.csv");
    assert_eq!(codes(&outcome), vec!["too_many_rows"]);
    assert_eq!(outcome.row_count, 101);
    assert_eq!(outcome.rows.len(), 101);
    assert!(outcome.rows.iter().all(|r| r.errors.is_empty()));
    assert_eq!(
        outcome.report(Lang::En).file_errors[0].message,
        "The file contains 101 users; at most 100 can be imported at once. Split the users over files of at most 100 rows."
    );
    let raised = import(
        &write(&rows, Dialect::EXCEL_NL),
        "x.csv",
        Limits {
            max_rows: 200,
            ..Limits::DEFAULT
        },
        today(),
    );
    assert!(raised.is_ok());
}

#[test]
fn a_hundred_thousand_rows_in_linear_time() {
    let rows: Vec<_> = std::iter::once(header())
        .chain((0..100_000).map(valid_row))
        .collect();
    let bytes = write(&rows, Dialect::EXCEL_NL);
    let unlimited = Limits {
        max_rows: usize::MAX,
        max_bytes: usize::MAX,
    };
    let t = std::time::Instant::now();
    let outcome = import(&bytes, "x.csv", unlimited, today());
    let elapsed = t.elapsed();
    assert!(
        outcome.is_ok(),
        "{:?}",
        outcome.rows.iter().find(|r| !r.errors.is_empty())
    );
    assert_eq!(outcome.rows.len(), 100_000);
    // A quadratic engine would take minutes; a linear one well under a few seconds even unoptimised.
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
    let limited = import(
        &bytes,
        "x.csv",
        Limits {
            max_rows: 100,
            max_bytes: usize::MAX,
        },
        today(),
    );
    assert_eq!(
        limited.report(Lang::Nl).file_errors[0].message,
        "Het bestand bevat 100.000 gebruikers; er kunnen er maximaal 100 tegelijk worden ingelezen. Verdeel de gebruikers \
         over bestanden van hoogstens 100 regels."
    );
}

#[cfg(not(feature = "spreadsheet"))]
#[test]
fn workbooks_without_the_spreadsheet_feature_ask_for_csv() {
    let outcome = run(
        b"PK\x03\x04\x14\0\0\0\x08\0 xl/workbook.xml",
        "gebruikers.xlsx",
    );
    assert_eq!(codes(&outcome), vec!["workbook_unsupported"]);
    assert!(
        outcome.report(Lang::Nl).file_errors[0]
            .message
            .contains("CSV UTF-8")
    );
}

#[test]
fn files_that_are_not_users_files() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
    let mut random = Vec::with_capacity(4096);
    let mut x: u32 = 0x1234_5678;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        random.push((x >> 24) as u8);
    }
    let mut zip = b"PK\x03\x04\x14\0\0\0\0\0".to_vec();
    zip.extend_from_slice(b"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x0a\0\0\0notes.txt hello");
    let html = b"<!DOCTYPE html><html><body><table><tr><td>Jan</td></tr></table></body></html>";
    for (bytes, name, looks_like) in [
        (png.as_slice(), "foto.png", "een afbeelding"),
        (pdf.as_slice(), "gebruikers.pdf", "een PDF-document"),
        (&random, "random.bin", ""),
        (&zip, "gebruikers.zip", "een gecomprimeerd archief"),
        (html, "export.xls", "een webpagina (HTML)"),
    ] {
        let outcome = run(bytes, name);
        assert_eq!(codes(&outcome), vec!["not_csv_or_excel"], "{name}");
        let message = &outcome.report(Lang::Nl).file_errors[0].message;
        assert!(
            message.starts_with("Dit is geen CSV- of Excel-bestand"),
            "{message}"
        );
        assert!(message.contains(looks_like), "{message}");
    }
}

#[cfg(feature = "spreadsheet")]
#[test]
fn damaged_and_protected_workbooks() {
    let outcome = run(
        b"PK\x03\x04\x14\0\0\0\x08\0 xl/workbook.xml garbage",
        "kapot.xlsx",
    );
    assert_eq!(codes(&outcome), vec!["workbook_unreadable"]);
    let mut encrypted = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    encrypted.extend(vec![0u8; 64]);
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(
        codes(&run(&encrypted, "geheim.xlsx")),
        vec!["workbook_encrypted"]
    );
    let mut xls = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    xls.extend("Workbook".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(codes(&run(&xls, "oud.xls")), vec!["workbook_unreadable"]);
    assert_eq!(
        codes(&run(b"PK\x03\x04 xl/workbook.bin", "x.xlsb")),
        vec!["workbook_unsupported"]
    );
}

#[test]
fn json_contract() {
    let mut bad = valid_row(2);
    bad[6] = "0201234567".into();
    bad[7] = "Misschien".into();
    let rows = vec![header(), valid_row(1), bad];
    let report = run(&write(&rows, Dialect::EXCEL_NL), "x.csv").report(Lang::Nl);
    let json: serde_json::Value = serde_json::to_value(&report).unwrap();
    let expected = serde_json::json!({
        "ok": false,
        "file_errors": [],
        "rows": [
            {
                "line": 2,
                "values": {
                    "first_names": "Jan Pieterb", "infix": "van der", "last_name": "Bergb", "birth_date": "1951-02-02",
                    "birth_place": "Amsterdam", "email": "jan.1@voorbeeld.nl", "mobile": "+31612000001", "employed": false
                },
                "errors": [],
                "warnings": []
            },
            {
                "line": 3,
                "values": {
                    "first_names": "Jan Pieterc", "infix": "van der", "last_name": "Bergc", "birth_date": "1952-03-03",
                    "birth_place": "Amsterdam", "email": "jan.2@voorbeeld.nl", "mobile": "0201234567", "employed": "Misschien"
                },
                "errors": [
                    {
                        "field": "mobile", "code": "mobile_landline",
                        "message": "Rij 3, mobiel nummer: 0201234567 is een vast nummer; vul een mobiel nummer in, zoals 06 12345678"
                    },
                    {
                        "field": "employed", "code": "employed_invalid",
                        "message": "Rij 3, loondienst: Misschien is geen geldige waarde; vul J (ja, in loondienst) of N (nee) in"
                    }
                ],
                "warnings": []
            }
        ]
    });
    assert_eq!(json, expected);
    let back: domain::ImportReport = serde_json::from_value(json).unwrap();
    assert_eq!(back, report);
}
