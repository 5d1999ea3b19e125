//! Property tests: no input panics; normalising a valid user is idempotent; valid users written
//! in every dialect read back equal.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use domain::{Lang, Limits, NewUser, RawUser, import};
use proptest::prelude::*;
use proptest::sample::select;

/// `PROPTEST_CASES` raises the number of cases for a longer search.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const NAMES: &[&str] = &[
    "volledig.csv",
    "gebruikers.xlsx",
    "oud.xls",
    "lijst.ods",
    "",
    "x.txt",
    "foto.png",
];

fn csvish() -> impl Strategy<Value = String> {
    let chars = select(vec![
        ';', ',', '\t', '\r', '\n', '"', ' ', 'a', 'Z', 'é', 'ë', '0', '6', '1', '9', '@', '.',
        '-', '+', '=', '/', '\'', '(', '\u{A0}', '\u{FEFF}', 'J', 'N',
    ]);
    (proptest::collection::vec(chars, 0..300), any::<bool>()).prop_map(|(chars, with_header)| {
        let body: String = chars.into_iter().collect();
        if with_header {
            format!("{}\r\n{body}", HEADER.join(";"))
        } else {
            body
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), name in select(NAMES)) {
        let outcome = import(&bytes, name, Limits::DEFAULT, today());
        let _ = outcome.report(Lang::Nl);
    }

    #[test]
    fn arbitrary_bytes_behind_magic_numbers_never_panic(
        magic in select(vec![
            b"PK\x03\x04".to_vec(),
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec(),
            b"\xEF\xBB\xBF".to_vec(),
            b"\xFF\xFE".to_vec(),
            b"\xFE\xFF".to_vec(),
            b"sep=;\n".to_vec(),
        ]),
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        name in select(NAMES),
    ) {
        let input = [magic, bytes].concat();
        let _ = import(&input, name, Limits::DEFAULT, today()).report(Lang::En);
    }

    #[test]
    fn csv_like_text_never_panics(text in csvish(), lossy in any::<bool>()) {
        let bytes = if lossy { domain::import::encode_windows_1252(&text) } else { text.into_bytes() };
        let outcome = import(&bytes, "x.csv", Limits::DEFAULT, today());
        let _ = outcome.report(Lang::Nl);
        for row in &outcome.rows {
            prop_assert!(row.line >= 2);
        }
    }

    #[test]
    fn the_worker_bytes_read_back_as_the_report(text in csvish(), english in any::<bool>()) {
        let outcome = import(text.as_bytes(), "x.csv", Limits::DEFAULT, today());
        let lang = if english { Lang::En } else { Lang::Nl };
        let bytes = domain::import::wire::encode(&outcome, lang);
        prop_assert_eq!(domain::import::wire::decode(&bytes), Ok(outcome.report(lang)));
    }

    #[test]
    fn damaged_workbooks_never_panic(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = include_bytes!("fixtures/users.xlsx").to_vec();
        for (index, value) in flips {
            let i = index.index(bytes.len());
            bytes[i] = value;
        }
        let _ = import(&bytes, "users.xlsx", Limits::DEFAULT, today()).report(Lang::Nl);
    }
}

fn date_text(y: u16, m: u8, d: u8, style: u8) -> String {
    match style {
        0 => format!("{d:02}-{m:02}-{y}"),
        1 => format!("{d}-{m}-{y}"),
        2 => format!("{y}-{m:02}-{d:02}"),
        3 => format!("{d:02}/{m:02}/{y}"),
        _ => format!("{d}.{m}.{y}"),
    }
}

fn mobile_text(second: char, rest: u32, style: u8) -> String {
    let n = format!("{second}{rest:07}");
    match style {
        0 => format!("06{n}"),
        1 => format!("06-{n}"),
        2 => format!("+316{n}"),
        3 => format!("0031 6 {n}"),
        4 => format!("06 {} {}", &n[..4], &n[4..]),
        _ => format!("+31 (0)6 {n}"),
    }
}

/// A valid user as a person would type it, made distinct by `i`.
fn raw_user(i: usize) -> impl Strategy<Value = RawUser> {
    (
        (
            select(vec![
                "Jan",
                "Zoë",
                "Anne-Marie",
                "Johannes Pieter",
                "Çelik Ayşe",
                "Ångström",
                "D'Arcy",
            ]),
            select(vec!["", "van", "van der", "de", "'t", "ter", "Van Den"]),
            select(vec![
                "Berg",
                "Jansen",
                "'t Hart",
                "Smit-de Vries",
                "d'Ancona",
                "IJzerman",
                "Bénédict",
            ]),
            (1900u16..=2009, 1u8..=12, 1u8..=28, 0u8..5),
        ),
        (
            select(vec![
                "Amsterdam",
                "'s-Gravenhage",
                "Bergen (NH)",
                "St. Michielsgestel",
                "Zürich",
            ]),
            select(vec!["jan", "j.de-vries", "info+eh", "O'Brien"]),
            select(vec!["voorbeeld.nl", "Example.COM", "sub.domein.nl"]),
            (
                select(vec!['1', '2', '3', '4', '5', '8']),
                0u32..10_000_000,
                0u8..6,
            ),
            select(vec!["J", "N", "ja", "Nee", "Yes", "no", " j "]),
        ),
    )
        .prop_map(
            move |(
                (first, infix, last, (y, m, d, ds)),
                (place, local, domain, (second, rest, ms), employed),
            )| {
                let tag = letters(i + 1);
                // Windows-1252 cannot hold "ş": keep the names encodable in every dialect.
                let first = first.replace('ş', "s");
                RawUser {
                    first_names: format!("{first}{tag}"),
                    infix: infix.into(),
                    last_name: format!("{last}{tag}"),
                    birth_date: date_text(y, m, d, ds),
                    birth_place: place.into(),
                    email: format!("{local}.{i}@{domain}"),
                    mobile: mobile_text(second, (rest + i as u32) % 10_000_000, ms),
                    employed: employed.into(),
                }
            },
        )
}

fn raw_users() -> impl Strategy<Value = Vec<RawUser>> {
    (1usize..12).prop_flat_map(|n| (0..n).map(raw_user).collect::<Vec<_>>())
}

fn dialect() -> impl Strategy<Value = Dialect> {
    (
        select(vec![';', ',', '\t']),
        select(vec![
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Windows1252,
        ]),
        any::<bool>(),
        select(vec!["\r\n", "\n", "\r"]),
        any::<bool>(),
    )
        .prop_map(
            |(delimiter, encoding, quote_all, line_ending, sep_line)| Dialect {
                delimiter,
                encoding,
                quote_all,
                line_ending,
                sep_line,
            },
        )
}

fn cells(raw: &RawUser) -> Vec<String> {
    vec![
        raw.first_names.clone(),
        raw.infix.clone(),
        raw.last_name.clone(),
        raw.birth_date.clone(),
        raw.birth_place.clone(),
        raw.email.clone(),
        raw.mobile.clone(),
        raw.employed.clone(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn normalising_a_valid_user_is_idempotent(raw in raw_user(0)) {
        let check = raw.validate(today());
        prop_assert!(check.errors.is_empty(), "{:?}", check.errors);
        let user = check.user().unwrap();
        let again = user.to_raw().validate(today());
        prop_assert_eq!(again.user(), Some(user.clone()));
        prop_assert_eq!(&again.values, &check.values);
        // Also through the JSON of the order API.
        let json = serde_json::to_string(&user).unwrap();
        let back: NewUser = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, user);
    }

    #[test]
    fn valid_users_read_back_equal_in_every_dialect(users in raw_users(), dialect in dialect()) {
        let expected: Vec<NewUser> = users.iter().map(|u| u.validate(today()).user().unwrap()).collect();
        let rows: Vec<Vec<String>> = std::iter::once(header()).chain(users.iter().map(cells)).collect();
        let bytes = write(&rows, dialect);
        let outcome = import(&bytes, "gebruikers.csv", Limits::DEFAULT, today());
        prop_assert!(outcome.is_ok(), "{:?}\n{:#?}", dialect, outcome.report(Lang::En));
        prop_assert_eq!(outcome.users(), expected);
        let lines: Vec<u32> = outcome.rows.iter().map(|r| r.line).collect();
        prop_assert_eq!(lines, (2..2 + users.len() as u32).collect::<Vec<_>>());
    }
}
