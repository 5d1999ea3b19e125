//! Matching the header row to the eight fields: in any column order, case-, accent-, space- and
//! punctuation-insensitive, with the seed's Dutch names and common Dutch and English variants.

use crate::Lang;
use crate::text::fold_chars;
use crate::user::Field;

use super::{FileError, FileWarning};

/// How sure a header name is about its field. A generic "telefoon" column means the mobile
/// number only when there is no explicit mobile column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    Primary,
    Secondary,
}

/// Header names after [`normalise`], per field.
const ALIASES: &[(Field, Strength, &[&str])] = &[
    (
        Field::FirstNames,
        Strength::Primary,
        &[
            "volledigevoornamen",
            "voornamen",
            "voornaam",
            "voornamenvoluit",
            "allevoornamen",
            "volledigevoornaam",
            "voornamenvolledig",
            "firstnames",
            "firstname",
            "givennames",
            "givenname",
            "forenames",
            "forename",
            "fullfirstnames",
            "allfirstnames",
        ],
    ),
    (
        Field::Infix,
        Strength::Primary,
        &[
            "tussenvoegsel",
            "tussenvoegsels",
            "voorvoegsel",
            "voorvoegsels",
            "tussenv",
            "tv",
            "infix",
            "prefix",
            "nameprefix",
            "surnameprefix",
            "lastnameprefix",
            "familynameprefix",
        ],
    ),
    (
        Field::LastName,
        Strength::Primary,
        &[
            "achternaam",
            "geslachtsnaam",
            "familienaam",
            "achternaamzondertussenvoegsel",
            "lastname",
            "surname",
            "familyname",
        ],
    ),
    (
        Field::BirthDate,
        Strength::Primary,
        &[
            "geboortedatum",
            "gebdatum",
            "gebdat",
            "geboren",
            "geborenop",
            "datumvangeboorte",
            "dateofbirth",
            "birthdate",
            "dob",
            "birthday",
        ],
    ),
    (
        Field::BirthPlace,
        Strength::Primary,
        &[
            "geboorteplaats",
            "gebplaats",
            "plaatsvangeboorte",
            "geborente",
            "placeofbirth",
            "birthplace",
            "cityofbirth",
            "townofbirth",
        ],
    ),
    (
        Field::Email,
        Strength::Primary,
        &[
            "emailadres",
            "email",
            "emailaddress",
            "mail",
            "mailadres",
            "eadres",
            "emailadressen",
            "emailaddresses",
        ],
    ),
    (
        Field::Mobile,
        Strength::Primary,
        &[
            "mobielnummer",
            "mobiel",
            "mobielenummer",
            "mobieltelefoonnummer",
            "mobieltelefoon",
            "mobieletelefoon",
            "mobieletelefoonnummer",
            "mobielnr",
            "06nummer",
            "06",
            "telefoonnummermobiel",
            "gsm",
            "gsmnummer",
            "mobile",
            "mobilenumber",
            "mobilephone",
            "mobilephonenumber",
            "mobileno",
            "cellphone",
            "cellphonenumber",
            "cell",
            "cellnumber",
        ],
    ),
    (
        Field::Mobile,
        Strength::Secondary,
        &[
            "telefoon",
            "telefoonnummer",
            "telnr",
            "telefoonnr",
            "tel",
            "phone",
            "phonenumber",
            "telephone",
            "telephonenumber",
        ],
    ),
    (
        Field::Employed,
        Strength::Primary,
        &[
            "loondienst",
            "inloondienst",
            "indienst",
            "dienstverband",
            "werknemer",
            "employed",
            "employee",
            "isemployee",
            "inemployment",
            "salaried",
            "onpayroll",
        ],
    ),
];

/// Lower case, accents removed, parenthesised parts ("(dd-mm-jjjj)", "[J/N]") dropped, only
/// letters and digits kept: "E-mailadres*" → "emailadres", "Loondienst (J/N)" → "loondienst".
pub(crate) fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut depth = 0u32;
    fold_chars(header, |c| match c {
        '(' | '[' => depth += 1,
        ')' | ']' => depth = depth.saturating_sub(1),
        c if depth == 0 && c.is_alphanumeric() => out.push(c),
        _ => {}
    });
    out
}

/// The header of the last column of a list downloaded with its errors ("Fouten", "Errors"), so
/// that it can be fixed in a spreadsheet and read again: the import skips that column silently.
pub fn errors_column_header(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Fouten",
        Lang::En => "Errors",
    }
}

/// Whether `header` is [`errors_column_header`] in either language.
pub(crate) fn is_errors_column(header: &str) -> bool {
    let key = normalise(header);
    [Lang::Nl, Lang::En]
        .into_iter()
        .any(|lang| normalise(errors_column_header(lang)) == key)
}

fn classify(header: &str) -> Option<(Field, Strength)> {
    let key = normalise(header);
    if key.is_empty() {
        return None;
    }
    ALIASES
        .iter()
        .find(|(_, _, names)| names.contains(&key.as_str()))
        .map(|(field, strength, _)| (*field, *strength))
}

/// The header matching's column per field (in [`Field::ALL`]'s order) where a header names it:
/// an explicit name before a generic one ("telefoon"), the first of several.
pub(crate) fn matched(headers: &[String]) -> [Option<usize>; 8] {
    let mut primary = [None; 8];
    let mut secondary = [None; 8];
    for (column, header) in headers.iter().enumerate() {
        match classify(header) {
            Some((field, Strength::Primary)) => {
                primary[field as usize].get_or_insert(column);
            }
            Some((field, Strength::Secondary)) => {
                secondary[field as usize].get_or_insert(column);
            }
            None => {}
        }
    }
    std::array::from_fn(|i| primary[i].or(secondary[i]))
}

/// Maps the header row's cells to the column index of every field, or the file errors that
/// prevent it. Unknown non-empty headers become warnings.
pub(crate) fn map_columns(
    headers: &[String],
) -> (Result<[usize; 8], Vec<FileError>>, Vec<FileWarning>) {
    let mut primary: [Vec<usize>; 8] = Default::default();
    let mut secondary: [Vec<usize>; 8] = Default::default();
    let mut warnings = Vec::new();
    let mut unknown = Vec::new();
    for (column, header) in headers.iter().enumerate() {
        match classify(header) {
            Some((field, Strength::Primary)) => primary[field as usize].push(column),
            Some((field, Strength::Secondary)) => secondary[field as usize].push(column),
            None if crate::text::trim(header).is_empty() || is_errors_column(header) => {}
            None => unknown.push(column),
        }
    }
    if primary.iter().chain(&secondary).all(Vec::is_empty) {
        let first_row = headers
            .iter()
            .map(|h| crate::text::trim(h))
            .collect::<Vec<_>>()
            .join("; ");
        return (
            Err(vec![FileError::HeaderNotFound {
                first_row: crate::text::shown(&first_row),
            }]),
            warnings,
        );
    }
    let mut errors = Vec::new();
    let mut missing = Vec::new();
    let mut columns = [0usize; 8];
    for field in Field::ALL {
        let (p, s) = (&primary[field as usize], &secondary[field as usize]);
        let chosen = if p.is_empty() { s } else { p };
        match chosen.as_slice() {
            [] => missing.push(field),
            [one] => columns[field as usize] = *one,
            many => errors.push(FileError::DuplicateColumn {
                field,
                columns: many
                    .iter()
                    .map(|&c| (c, crate::text::trim(&headers[c]).to_string()))
                    .collect(),
            }),
        }
        if !p.is_empty() {
            unknown.extend(s.iter().copied());
        }
    }
    unknown.sort_unstable();
    for column in unknown {
        warnings.push(FileWarning::UnknownColumn {
            column,
            header: crate::text::shown(&headers[column]),
        });
    }
    if !missing.is_empty() {
        errors.insert(0, FileError::MissingColumns { fields: missing });
    }
    if errors.is_empty() {
        (Ok(columns), warnings)
    } else {
        (Err(errors), warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn seed_headers_in_any_order() {
        let (cols, warnings) = map_columns(&headers(&[
            "loondienst",
            "volledige voornamen",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "geboorteplaats",
            "e-mailadres",
            "mobiel nummer",
        ]));
        assert_eq!(cols.unwrap(), [1, 2, 3, 4, 5, 6, 7, 0]);
        assert!(warnings.is_empty());
    }

    #[test]
    fn variants_match() {
        for (header, field) in [
            ("Voornamen", Field::FirstNames),
            ("  VOLLEDIGE VOORNAMEN ", Field::FirstNames),
            ("First names", Field::FirstNames),
            ("Tussenvoegsel(s)", Field::Infix),
            ("Achternaam*", Field::LastName),
            ("Geboortedatum (dd-mm-jjjj)", Field::BirthDate),
            ("Date of birth", Field::BirthDate),
            ("Geboorteplaats", Field::BirthPlace),
            ("E-mail", Field::Email),
            ("E-mailadres", Field::Email),
            ("e-mail address", Field::Email),
            ("Mobiel", Field::Mobile),
            ("06-nummer", Field::Mobile),
            ("Mobiel_nummer", Field::Mobile),
            ("In loondienst (J/N)", Field::Employed),
            ("Loondienst [J/N]", Field::Employed),
            ("Employed", Field::Employed),
            ("Geboortédatum", Field::BirthDate),
        ] {
            assert_eq!(classify(header).map(|(f, _)| f), Some(field), "{header}");
        }
        assert_eq!(classify("Afdeling"), None);
    }

    #[test]
    fn the_errors_column_of_a_downloaded_list_is_skipped_silently() {
        for last in ["Fouten", "Errors", " fouten "] {
            let mut list: Vec<&str> = Field::ALL.iter().map(|f| f.template_header()).collect();
            list.push(last);
            let (cols, warnings) = map_columns(&headers(&list));
            assert_eq!(cols.unwrap(), [0, 1, 2, 3, 4, 5, 6, 7]);
            assert_eq!(warnings, vec![], "{last}");
        }
        let mut list: Vec<&str> = Field::ALL.iter().map(|f| f.template_header()).collect();
        list.push("Opmerkingen");
        let (_, warnings) = map_columns(&headers(&list));
        assert_eq!(warnings.len(), 1, "another unknown column still warns");
    }

    #[test]
    fn missing_duplicate_and_unknown_columns() {
        let (cols, warnings) = map_columns(&headers(&[
            "voornamen",
            "achternaam",
            "e-mail",
            "mobiel",
            "06-nummer",
            "afdeling",
            "",
        ]));
        let errors = cols.unwrap_err();
        assert_eq!(
            errors[0],
            FileError::MissingColumns {
                fields: vec![
                    Field::Infix,
                    Field::BirthDate,
                    Field::BirthPlace,
                    Field::Employed
                ]
            }
        );
        assert_eq!(
            errors[1],
            FileError::DuplicateColumn {
                field: Field::Mobile,
                columns: vec![(3, "mobiel".into()), (4, "06-nummer".into())]
            }
        );
        assert_eq!(
            warnings,
            vec![FileWarning::UnknownColumn {
                column: 5,
                header: "afdeling".into()
            }]
        );
    }

    #[test]
    fn generic_phone_column_is_used_only_without_a_mobile_column() {
        let base = [
            "voornamen",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "geboorteplaats",
            "e-mail",
            "loondienst",
        ];
        let mut with_phone = headers(&base);
        with_phone.push("Telefoonnummer".into());
        assert_eq!(
            map_columns(&with_phone).0.unwrap()[Field::Mobile as usize],
            7
        );
        with_phone.push("Mobiel".into());
        let (cols, warnings) = map_columns(&with_phone);
        assert_eq!(cols.unwrap()[Field::Mobile as usize], 8);
        assert_eq!(
            warnings,
            vec![FileWarning::UnknownColumn {
                column: 7,
                header: "Telefoonnummer".into()
            }]
        );
    }

    #[test]
    fn data_in_the_first_row_is_not_a_header() {
        let (cols, _) = map_columns(&headers(&["Jan", "", "Jansen", "01-02-1985"]));
        assert!(matches!(
            &cols.unwrap_err()[0],
            FileError::HeaderNotFound { .. }
        ));
    }
}
