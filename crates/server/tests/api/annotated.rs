//! `POST /api/v1/user-files/annotated.csv` and `….xlsx`: the users step's list as a file with
//! an errors column, to fix in a spreadsheet and upload again. The files are read back with the
//! import engine itself (the round trip). No database is touched beyond the login, so SQLite is
//! enough: the PostgreSQL run adds nothing here.

use domain::import::{ImportOutcome, ImportReport, Limits};
use domain::{Date, Lang, RawUser};
use serde_json::{Value, json};

use crate::helpers::{DEMO_MANAGER, LoggedIn, TestApp, log_in, spawn_with_vars};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn user(first: &str, last: &str, birth_date: &str, email: &str, mobile: &str) -> RawUser {
    RawUser {
        first_names: first.into(),
        infix: String::new(),
        last_name: last.into(),
        birth_date: birth_date.into(),
        birth_place: "Utrecht".into(),
        email: email.into(),
        mobile: mobile.into(),
        employed: "J".into(),
    }
}

/// Four users: a valid one; one with the first one's e-mail address (an error naming row 2)
/// and its mobile number (a warning); one with two errors (a `;` in the first names and a
/// landline), whose messages share the errors cell; and a valid one whose place has a quote.
fn list() -> Vec<RawUser> {
    let mut quoted = user(
        "Anna",
        "Bos",
        "15-03-1985",
        "anna@voorbeeld.nl",
        "0687654321",
    );
    quoted.birth_place = "'s-Hertogenbosch".into();
    quoted.infix = "van der".into();
    vec![
        user(
            "Jan",
            "Smit",
            "01-02-1980",
            "jan@voorbeeld.nl",
            "0612345678",
        ),
        user(
            "Piet",
            "Bos",
            "02-03-1981",
            "JAN@voorbeeld.nl",
            "06 12345678",
        ),
        user(
            "Kees; Jan",
            "Vos",
            "03-04-1982",
            "kees@voorbeeld.nl",
            "020 1234567",
        ),
        quoted,
    ]
}

async fn demo() -> (TestApp, LoggedIn) {
    let app = spawn_with_vars(&[("MIDDELPUNT_DEMO", "true")]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    (app, manager)
}

/// Posts `users` to `annotated.{extension}` as the wizard does.
async fn download(
    app: &TestApp,
    manager: Option<&LoggedIn>,
    extension: &str,
    users: &[RawUser],
    lang: &str,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!(
            "{}/api/v1/user-files/annotated.{extension}",
            app.url
        ))
        .header("Accept-Language", lang)
        .json(&json!({ "users": users }));
    if let Some(manager) = manager {
        request = request
            .header("Cookie", &manager.cookie)
            .header("X-CSRF-Token", &manager.csrf);
    }
    request.send().await.unwrap()
}

async fn bytes_of(response: reqwest::Response, content_type: &str, file_name: &str) -> Vec<u8> {
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], content_type);
    assert_eq!(
        response.headers()["content-disposition"],
        format!("attachment; filename=\"{file_name}\"").as_str()
    );
    response.bytes().await.unwrap().to_vec()
}

/// A date late enough for every age rule and early enough for every "not in the future" one;
/// the findings of this list depend on neither.
fn today() -> Date {
    Date::new(2026, 12, 7).unwrap()
}

fn import(bytes: &[u8], name: &str) -> ImportOutcome {
    domain::import(bytes, name, Limits::DEFAULT, today())
}

/// The rows of `;`-separated text with `"` quoting (a minimal reader, independent of the
/// server's writer and of the import's).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![vec![String::new()]];
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let row = rows.last_mut().unwrap();
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                row.last_mut().unwrap().push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) => quoted = true,
            (';', false) => row.push(String::new()),
            ('\r', false) => {}
            ('\n', false) => rows.push(vec![String::new()]),
            (c, _) => row.last_mut().unwrap().push(c),
        }
    }
    rows.pop_if(|row| row.len() == 1 && row[0].is_empty());
    rows
}

/// What the errors column must say for `row` of a report: the errors, then the warnings marked.
fn expected_findings(row: &domain::import::ReportRow, warning: &str) -> String {
    row.errors
        .iter()
        .map(|e| e.message.clone())
        .chain(
            row.warnings
                .iter()
                .map(|w| format!("{warning}{}", w.message)),
        )
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn the_csv_holds_the_values_as_typed_and_each_rows_findings_with_the_files_row_numbers() {
    let (app, manager) = demo().await;
    let users = list();
    let response = download(&app, Some(&manager), "csv", &users, "nl").await;
    let bytes = bytes_of(
        response,
        "text/csv; charset=utf-8",
        "gebruikers-met-fouten.csv",
    )
    .await;
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with(
        "\u{feff}volledige voornamen;tussenvoegsel;achternaam;geboortedatum;geboorteplaats;e-mailadres;mobiel nummer;loondienst;Fouten\r\n\
         Jan;;Smit;01-02-1980;Utrecht;jan@voorbeeld.nl;0612345678;J;\r\n"
    ), "{text}");
    // The `;` in a value and the line break between two messages are quoted.
    assert!(text.contains("\"Kees; Jan\";;Vos;"), "{text}");
    let rows = parse_csv(text.trim_start_matches('\u{feff}'));
    assert_eq!(rows.len(), 5, "the header and four users: {rows:?}");
    for (row, user) in rows[1..].iter().zip(&users) {
        assert_eq!(row.len(), 9);
        let typed: Vec<&str> = domain::Field::ALL.iter().map(|f| user.get(*f)).collect();
        assert_eq!(row[..8], typed[..], "the values exactly as typed");
    }
    // Row 3 (the second user): its own row number, the duplicate naming row 2, and the shared
    // mobile number as a warning.
    let piet = &rows[2][8];
    assert!(piet.starts_with("Rij 3, e-mailadres"), "{piet}");
    assert!(piet.contains("rij 2"), "{piet}");
    assert!(piet.contains("\nWaarschuwing: Rij 3, "), "{piet}");
    // Row 4: two errors, one per line.
    let kees = &rows[3][8];
    assert_eq!(kees.lines().count(), 2, "{kees}");
    assert!(
        kees.lines().all(|line| line.starts_with("Rij 4, ")),
        "{kees}"
    );
    assert_eq!(rows[4][8], "", "a valid row has an empty errors cell");

    // Read back by the import: the errors column is skipped silently, and the findings are the
    // ones in that column, row for row.
    let outcome = import(&bytes, "gebruikers-met-fouten.csv");
    assert!(outcome.file_errors.is_empty(), "{:?}", outcome.file_errors);
    assert!(
        outcome.file_warnings.is_empty(),
        "{:?}",
        outcome.file_warnings
    );
    let report = outcome.report(Lang::Nl);
    assert_eq!(report.rows.len(), 4);
    for (row, file_row) in report.rows.iter().zip(&rows[1..]) {
        assert_eq!(expected_findings(row, "Waarschuwing: "), file_row[8]);
    }
    assert_eq!(
        report.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [2, 3, 4, 5]
    );
}

#[tokio::test]
async fn the_workbook_reads_back_as_the_same_users_with_the_same_findings() {
    let (app, manager) = demo().await;
    let users = list();
    let csv = bytes_of(
        download(&app, Some(&manager), "csv", &users, "nl").await,
        "text/csv; charset=utf-8",
        "gebruikers-met-fouten.csv",
    )
    .await;
    let xlsx = bytes_of(
        download(&app, Some(&manager), "xlsx", &users, "nl").await,
        XLSX,
        "gebruikers-met-fouten.xlsx",
    )
    .await;
    assert!(xlsx.starts_with(b"PK"), "a zip container");
    assert!(
        xlsx.windows(b"xl/comments1.xml".len())
            .any(|w| w == b"xl/comments1.xml"),
        "the cells with an error carry notes"
    );
    let from_xlsx = import(&xlsx, "gebruikers-met-fouten.xlsx");
    assert!(
        from_xlsx.file_errors.is_empty() && from_xlsx.file_warnings.is_empty(),
        "the errors column is skipped silently: {:?}",
        from_xlsx.report(Lang::Nl)
    );
    // The same rows, values (text cells: 0612345678 and 01-02-1980 as typed, so they
    // normalise the same) and findings as the CSV, whose errors column the test above checks.
    let from_csv = import(&csv, "gebruikers-met-fouten.csv");
    let (a, b): (ImportReport, ImportReport) =
        (from_xlsx.report(Lang::Nl), from_csv.report(Lang::Nl));
    assert_eq!(a, b);
    assert_eq!(a.rows.len(), 4);
    assert_eq!(
        from_xlsx.rows[2].value(domain::Field::Mobile),
        "020 1234567"
    );
    assert_eq!(
        serde_json::to_value(&a.rows[0].values).unwrap()["mobile"],
        "+31612345678"
    );
    // The users of the valid rows are the list's.
    assert_eq!(from_xlsx.users().len(), 2);
}

#[tokio::test]
async fn in_english_the_headers_and_messages_are_english() {
    let (app, manager) = demo().await;
    let users = list();
    let csv = bytes_of(
        download(&app, Some(&manager), "csv", &users, "en").await,
        "text/csv; charset=utf-8",
        "users-with-errors.csv",
    )
    .await;
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.starts_with(
        "\u{feff}first names;surname prefix;last name;date of birth;place of birth;e-mail address;mobile number;employed;Errors\r\n"
    ), "{text}");
    let rows = parse_csv(text.trim_start_matches('\u{feff}'));
    assert!(rows[2][8].starts_with("Row 3, e-mail address"), "{rows:?}");
    assert!(rows[2][8].contains("\nWarning: Row 3, "), "{rows:?}");
    let xlsx = bytes_of(
        download(&app, Some(&manager), "xlsx", &users, "en").await,
        XLSX,
        "users-with-errors.xlsx",
    )
    .await;
    for (bytes, name) in [(&csv, "users.csv"), (&xlsx, "users.xlsx")] {
        let outcome = import(bytes, name);
        assert!(
            outcome.file_errors.is_empty() && outcome.file_warnings.is_empty(),
            "{name}"
        );
        let report = outcome.report(Lang::En);
        for (row, file_row) in report.rows.iter().zip(&rows[1..]) {
            assert_eq!(expected_findings(row, "Warning: "), file_row[8], "{name}");
        }
    }
}

#[tokio::test]
async fn more_than_100_users_are_refused_and_a_session_is_needed() {
    let (app, manager) = demo().await;
    let users: Vec<RawUser> = (0..101)
        .map(|i| {
            user(
                "Jan",
                "Smit",
                "01-02-1980",
                &format!("jan.{i}@voorbeeld.nl"),
                "0612345678",
            )
        })
        .collect();
    for extension in ["csv", "xlsx"] {
        let response = download(&app, Some(&manager), extension, &users, "nl").await;
        assert_eq!(response.status().as_u16(), 422);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "too_many_users", "{body}");
        assert_eq!(
            body["message"],
            "De lijst heeft 101 gebruikers; een bestand van de lijst kan er hoogstens 100 bevatten, zoveel als een bestelling."
        );
        // 100 is the most, and fine.
        let response = download(&app, Some(&manager), extension, &users[..100], "nl").await;
        assert_eq!(response.status().as_u16(), 200);

        let response = download(&app, None, extension, &users[..2], "nl").await;
        assert_eq!(response.status().as_u16(), 401);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "not_logged_in", "{body}");
    }
    // The CSRF token is required, as for every state-changing request of a session.
    let response = app
        .client
        .post(format!("{}/api/v1/user-files/annotated.xlsx", app.url))
        .header("Cookie", &manager.cookie)
        .json(&json!({ "users": [] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
}
