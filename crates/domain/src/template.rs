//! The users-file template ("Voorbeeld CSV bestand", seed steps 7–8): the header row with the
//! seed's column names and one example user that passes every rule of the import.

use crate::Lang;
use crate::user::Field;

/// The example user, per column in [`Field::ALL`] order. The date and mobile number are the
/// way people write them, so that the template shows what the import accepts.
pub const EXAMPLE_ROW: [&str; 8] = [
    "Jan Pieter",
    "van",
    "Dijk",
    "15-03-1985",
    "Utrecht",
    "jan.vandijk@voorbeeld.nl",
    "06 12345678",
    "J",
];

/// The header row: the seed's column names, in [`Field::ALL`] order.
pub fn header_row() -> [&'static str; 8] {
    Field::ALL.map(Field::template_header)
}

/// The header row in `lang`: the seed's Dutch column names, or their English labels, which the
/// import maps to the same fields (a list downloaded in English reads back as one in Dutch).
pub fn header_row_in(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Nl => header_row(),
        Lang::En => Field::ALL.map(|field| field.label(Lang::En)),
    }
}

/// The template as CSV the way Dutch Excel opens it in columns: UTF-8 with a byte-order mark,
/// `;` between fields, CRLF line ends.
pub fn csv() -> Vec<u8> {
    let mut out = "\u{feff}".to_string();
    for row in [header_row(), EXAMPLE_ROW] {
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Date, Limits, import};

    #[test]
    fn the_template_imports_as_one_valid_user() {
        let outcome = import(
            &csv(),
            "voorbeeld.csv",
            Limits::DEFAULT,
            Date::new(2026, 11, 25).unwrap(),
        );
        assert!(outcome.is_ok(), "{:?}", outcome.report(crate::Lang::Nl));
        let users = outcome.users();
        assert_eq!(users.len(), 1);
        let report = outcome.report(crate::Lang::Nl);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["rows"][0]["values"]["mobile"], "+31612345678");
        assert_eq!(json["rows"][0]["values"]["birth_date"], "1985-03-15");
    }

    #[test]
    fn the_english_header_row_maps_to_the_same_fields() {
        let row = EXAMPLE_ROW.join(";");
        for lang in [crate::Lang::Nl, crate::Lang::En] {
            let file = format!("{}\r\n{row}\r\n", header_row_in(lang).join(";"));
            let outcome = import(
                file.as_bytes(),
                "list.csv",
                Limits::DEFAULT,
                Date::new(2026, 11, 25).unwrap(),
            );
            assert!(outcome.is_ok(), "{lang:?}: {:?}", outcome.report(lang));
            assert!(outcome.file_warnings.is_empty(), "{lang:?}");
            assert_eq!(outcome.users().len(), 1);
        }
        assert_eq!(header_row_in(crate::Lang::En)[5], "e-mail address");
    }

    #[test]
    fn the_csv_starts_with_a_bom_and_uses_semicolons() {
        let bytes = csv();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("volledige voornamen;tussenvoegsel;achternaam"));
    }
}
