//! Tests of the column mapping: the guesses, the explicit columns and their typed errors.

use super::*;
use crate::date::Date;
use crate::import::{FileError, Limits, import, import_with_columns};

const HEADERS: &str =
    "Voornaam;Achternaam;Geb.datum;Plaats geboorte;Zakelijk mailadres;Nummer voor sms;In dienst";

fn today() -> Date {
    Date::new(2026, 12, 7).unwrap()
}

fn file(header: &str, rows: &[&str]) -> Vec<u8> {
    let mut text = String::from(header);
    for row in rows {
        text.push_str("\r\n");
        text.push_str(row);
    }
    text.into_bytes()
}

fn brief_file() -> Vec<u8> {
    file(
        HEADERS,
        &[
            "Jan;Jansen;01-02-1980;Utrecht;jan@voorbeeld.nl;06 12345678;J",
            "Anna Maria;Bakker;15-03-1975;Zwolle;anna@voorbeeld.nl;+31 6 87654321;nee",
        ],
    )
}

fn columns(list: [Option<usize>; 8]) -> Columns {
    Columns::new(list).unwrap()
}

fn assert_distinct(proposal: &ColumnProposal) {
    let chosen: Vec<usize> = proposal.guesses().into_iter().flatten().collect();
    let mut unique = chosen.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        unique.len(),
        chosen.len(),
        "a column guessed twice: {chosen:?}"
    );
}

#[test]
fn headers_that_do_not_all_match_get_a_proposal_with_the_matches_and_guesses() {
    let outcome = import(&brief_file(), "mensen.csv", Limits::DEFAULT, today());
    assert!(matches!(
        &outcome.file_errors[0],
        FileError::MissingColumns { fields } if fields.contains(&Field::Email)
    ));
    let proposal = outcome.mapping.expect("a proposal");
    // Voornaam, Achternaam, Geb.datum and In dienst are the matching's own; the rest is
    // guessed from the words and the values.
    assert_eq!(
        proposal.guesses(),
        [
            Some(0),
            None,
            Some(1),
            Some(2),
            Some(3),
            Some(4),
            Some(5),
            Some(6)
        ]
    );
    assert_eq!(proposal.columns().len(), 7);
    assert_eq!(proposal.columns()[2].header, "Geb.datum");
    assert_eq!(proposal.columns()[2].samples, ["01-02-1980", "15-03-1975"]);
    assert_eq!(
        proposal.header_key(),
        "voornaam;achternaam;gebdatum;plaatsgeboorte;zakelijkmailadres;nummervoorsms;indienst"
    );
    assert_distinct(&proposal);
}

#[test]
fn columns_are_guessed_from_their_values_when_no_header_is_known() {
    let bytes = file(
        "Naam;Wanneer;Adres;Nummer;Vast;Stad;Afdeling",
        &[
            "Jansen;01-02-1980;jan@voorbeeld.nl;0612345678;ja;Utrecht;Inkoop",
            "Bakker;1975-03-15;anna@voorbeeld.nl;06-87654321;nee;Zwolle;Verkoop",
            "Smit;3-4-1990;piet@voorbeeld.nl;0031 6 11112222;J;Delft;Inkoop",
        ],
    );
    let outcome = import(&bytes, "x.csv", Limits::DEFAULT, today());
    // No header is known, but the rows under it are data: the first row is the header.
    assert_eq!(
        outcome.file_errors,
        vec![FileError::MissingColumns {
            fields: Field::ALL.to_vec()
        }]
    );
    let proposal = outcome.mapping.expect("a proposal");
    assert_eq!(proposal.guess(Field::LastName), Some(0));
    assert_eq!(proposal.guess(Field::BirthDate), Some(1));
    assert_eq!(proposal.guess(Field::Email), Some(2));
    assert_eq!(proposal.guess(Field::Mobile), Some(3));
    assert_eq!(proposal.guess(Field::Employed), Some(4));
    assert_eq!(proposal.guess(Field::BirthPlace), Some(5));
    // "Afdeling" names nothing and its values are only words.
    assert_eq!(proposal.guess(Field::FirstNames), None);
    assert_eq!(proposal.guess(Field::Infix), None);
    assert_distinct(&proposal);
}

#[test]
fn a_file_without_a_header_is_still_refused_as_such() {
    // Data in the first row.
    let data = file(
        "Jan;Jansen;01-02-1980;Utrecht;jan@voorbeeld.nl",
        &["Piet;Bos;02-03-1981;Delft;piet@voorbeeld.nl"],
    );
    let outcome = import(&data, "x.csv", Limits::DEFAULT, today());
    assert_eq!(outcome.file_errors[0].code(), "header_not_found");
    assert!(outcome.mapping.is_none());
    // Words over words: nothing says the first row is a header.
    let words = file("Jan;Jansen;Utrecht", &["Piet;Bos;Delft"]);
    let outcome = import(&words, "x.csv", Limits::DEFAULT, today());
    assert_eq!(outcome.file_errors[0].code(), "header_not_found");
    assert!(outcome.mapping.is_none());
}

#[test]
fn a_file_with_fewer_columns_than_required_fields_is_refused_without_a_proposal() {
    let bytes = file("naam;telefoon", &["Jan de Vries;0612345678"]);
    let outcome = import(&bytes, "namen.csv", Limits::DEFAULT, today());
    assert_eq!(outcome.file_errors[0].code(), "missing_columns");
    assert!(
        outcome.mapping.is_none(),
        "two columns cannot hold seven fields"
    );
    let seven = file(
        "naam;telefoon;a;b;c;d;e",
        &["Jan de Vries;0612345678;x;x;x;x;x"],
    );
    assert!(
        import(&seven, "x.csv", Limits::DEFAULT, today())
            .mapping
            .is_some()
    );
}

#[test]
fn a_column_is_never_guessed_for_two_fields() {
    // Two date columns, two phone columns: each field gets one, the matching's first.
    let bytes = file(
        "voornamen;achternaam;Datum in dienst;Geboortedatum;mobiel;06-nummer;mail",
        &["Jan;Jansen;01-01-2020;01-02-1980;0612345678;0687654321;jan@voorbeeld.nl"],
    );
    let outcome = import(&bytes, "x.csv", Limits::DEFAULT, today());
    assert!(
        outcome
            .file_errors
            .iter()
            .any(|e| e.code() == "duplicate_column")
    );
    let proposal = outcome.mapping.expect("a proposal");
    assert_eq!(proposal.guess(Field::BirthDate), Some(3));
    assert_eq!(proposal.guess(Field::Mobile), Some(4));
    assert_eq!(proposal.guess(Field::Email), Some(6));
    // "Datum in dienst" is about employment; its dates fit no other field.
    assert_eq!(proposal.guess(Field::Employed), Some(2));
    assert_distinct(&proposal);
    // One column whose header names two fields goes to the one whose values it holds.
    let bytes = file(
        "Voornamen;Achternaam;Plaats en datum van geboorte;Mail;Mobiel;Loondienst;Opmerking",
        &["Jan;Jansen;01-02-1980;jan@voorbeeld.nl;0612345678;J;-"],
    );
    let proposal = import(&bytes, "x.csv", Limits::DEFAULT, today())
        .mapping
        .expect("a proposal");
    assert_eq!(proposal.guess(Field::BirthDate), Some(2));
    assert_eq!(proposal.guess(Field::BirthPlace), None);
    assert_distinct(&proposal);
}

#[test]
fn the_chosen_columns_replace_the_header_matching() {
    let chosen = columns([
        Some(0),
        None,
        Some(1),
        Some(2),
        Some(3),
        Some(4),
        Some(5),
        Some(6),
    ]);
    let outcome = import_with_columns(
        &brief_file(),
        "mensen.csv",
        Limits::DEFAULT,
        today(),
        &chosen,
    );
    assert!(outcome.is_ok(), "{:?}", outcome.file_errors);
    assert!(outcome.mapping.is_none());
    assert_eq!(outcome.row_count, 2, "the header row is skipped");
    assert_eq!(outcome.rows[0].line, 2);
    let users = outcome.users();
    assert_eq!(users.len(), 2);
    let values = outcome.rows[1].values();
    assert_eq!(values.first_names, "Anna Maria");
    assert_eq!(values.infix, "", "no column: empty");
    assert_eq!(values.birth_date, "1975-03-15");
    assert_eq!(values.email, "anna@voorbeeld.nl");
    // The rules still apply: a column chosen wrongly gives the rows' errors.
    let swapped = columns([
        Some(0),
        None,
        Some(1),
        Some(3),
        Some(2),
        Some(4),
        Some(5),
        Some(6),
    ]);
    let outcome = import_with_columns(
        &brief_file(),
        "mensen.csv",
        Limits::DEFAULT,
        today(),
        &swapped,
    );
    assert!(
        outcome.rows[0]
            .errors
            .iter()
            .any(|e| e.field() == Some(Field::BirthDate))
    );
}

#[test]
fn the_errors_column_is_still_ignored_with_chosen_columns() {
    let bytes = file(
        &format!("{HEADERS};Fouten"),
        &["Jan;Jansen;01-02-1980;Utrecht;jan@voorbeeld.nl;06 12345678;J;Rij 2, e-mailadres: …"],
    );
    let proposal = import(&bytes, "x.csv", Limits::DEFAULT, today())
        .mapping
        .expect("a proposal");
    assert_eq!(proposal.columns().len(), 8);
    assert!(!proposal.guesses().contains(&Some(7)), "no guess in Fouten");
    let chosen = Columns::new(proposal.guesses()).unwrap();
    let outcome = import_with_columns(&bytes, "x.csv", Limits::DEFAULT, today(), &chosen);
    assert!(outcome.is_ok(), "{:?}", outcome.rows);
    assert!(outcome.file_warnings.is_empty());
}

#[test]
fn a_column_chosen_twice_or_none_for_a_required_field_is_refused() {
    let mut list = [
        Some(0),
        None,
        Some(1),
        Some(2),
        Some(2),
        Some(4),
        Some(5),
        Some(6),
    ];
    assert_eq!(
        Columns::new(list),
        Err(ColumnsError::SameColumn {
            column: 2,
            first: Field::BirthDate,
            second: Field::BirthPlace
        })
    );
    list[0] = None;
    assert_eq!(
        Columns::problems(&list),
        vec![
            ColumnsError::NoColumn {
                field: Field::FirstNames
            },
            ColumnsError::SameColumn {
                column: 2,
                first: Field::BirthDate,
                second: Field::BirthPlace
            }
        ]
    );
    assert_eq!(
        ColumnsError::NoColumn {
            field: Field::Email
        }
        .message(Lang::Nl),
        "Kies een kolom voor e-mailadres"
    );
    assert!(
        Columns::problems(&list)[1]
            .message(Lang::En)
            .starts_with("Column C is already chosen for date of birth")
    );
    // Only the tussenvoegsel may have no column.
    assert!(
        Field::ALL
            .iter()
            .all(|&f| column_required(f) == (f != Field::Infix))
    );
}

#[test]
fn columns_parse_on_deserialisation() {
    let chosen = columns([
        Some(0),
        None,
        Some(1),
        Some(2),
        Some(3),
        Some(4),
        Some(5),
        Some(6),
    ]);
    let json = serde_json::to_string(&chosen).unwrap();
    assert_eq!(
        json,
        r#"{"first_names":0,"last_name":1,"birth_date":2,"birth_place":3,"email":4,"mobile":5,"employed":6}"#
    );
    assert_eq!(serde_json::from_str::<Columns>(&json).unwrap(), chosen);
    let twice = json.replace(r#""birth_place":3"#, r#""birth_place":2"#);
    assert!(serde_json::from_str::<Columns>(&twice).is_err());
    let missing = json.replace(r#""email":4,"#, "");
    assert!(serde_json::from_str::<Columns>(&missing).is_err());
}

#[test]
fn a_chosen_column_beyond_the_header_row_is_a_file_error() {
    let chosen = columns([
        Some(0),
        None,
        Some(1),
        Some(2),
        Some(3),
        Some(4),
        Some(5),
        Some(9),
    ]);
    let outcome = import_with_columns(
        &brief_file(),
        "mensen.csv",
        Limits::DEFAULT,
        today(),
        &chosen,
    );
    assert_eq!(
        outcome.file_errors,
        vec![FileError::ColumnNotInFile {
            field: Field::Employed,
            column: 9
        }]
    );
    assert!(outcome.rows.is_empty());
}

#[test]
fn a_proposal_parses_on_deserialisation_and_the_report_omits_it_when_there_is_none() {
    let outcome = import(&brief_file(), "mensen.csv", Limits::DEFAULT, today());
    let report = outcome.report(Lang::Nl);
    let json = serde_json::to_string(&report).unwrap();
    let back: crate::import::ImportReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report);
    let proposal = report.mapping.expect("a proposal");
    let wire = serde_json::to_string(&proposal).unwrap();
    let broken = wire.replace(r#""email":4"#, r#""email":40"#);
    assert!(serde_json::from_str::<ColumnProposal>(&broken).is_err());
    let shared = wire.replace(r#""email":4"#, r#""email":3"#);
    assert!(serde_json::from_str::<ColumnProposal>(&shared).is_err());
    // A file the matching maps: no `mapping` in the contract.
    let template: Vec<&str> = Field::ALL.iter().map(|f| f.template_header()).collect();
    let good = file(
        &template.join(";"),
        &["Jan;;Jansen;01-02-1980;Utrecht;jan@voorbeeld.nl;0612345678;J"],
    );
    let json =
        serde_json::to_string(&import(&good, "x.csv", Limits::DEFAULT, today()).report(Lang::Nl))
            .unwrap();
    assert!(!json.contains("mapping"), "{json}");
}

#[test]
fn the_header_key_is_the_matchings_normalisation() {
    let a = header_key(&["Geb. datum".into(), "E-mail*".into()]);
    let b = header_key(&["geb datum".into(), "email".into()]);
    assert_eq!(a, b);
    assert_ne!(a, header_key(&["email".into(), "geb datum".into()]));
}
