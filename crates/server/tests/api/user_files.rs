//! The users file: `POST /api/v1/user-files/validate` and the two templates, as a browser or an
//! API client would use them.

use serde_json::Value;

use crate::helpers::{DEMO_MANAGER, TestApp, log_in, spawn_with_vars};

/// A server with the demo manager, who may have files read.
async fn demo(extra: &[(&'static str, &str)]) -> TestApp {
    let mut vars = vec![("MIDDELPUNT_DEMO", "true")];
    vars.extend_from_slice(extra);
    spawn_with_vars(&vars).await
}

/// Windows-1252 bytes, as Dutch Excel's "CSV (gescheiden door lijstscheidingsteken)" writes them.
fn windows_1252(text: &str) -> Vec<u8> {
    domain::import::encode_windows_1252(text)
}

const HEADER: &str = "volledige voornamen;tussenvoegsel;achternaam;geboortedatum;geboorteplaats;e-mailadres;mobiel nummer;loondienst\r\n";

/// Validates `body` as the signed-in demo manager would from the wizard.
async fn validate(app: &TestApp, body: Vec<u8>, name: &str, lang: &str) -> (u16, Value) {
    let manager = log_in(app, DEMO_MANAGER).await;
    let response = app
        .client
        .post(format!("{}/api/v1/user-files/validate", app.url))
        .header("Cookie", &manager.cookie)
        .header("X-CSRF-Token", &manager.csrf)
        .header("X-File-Name", name)
        .header("Accept-Language", lang)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn a_dutch_excel_csv_is_read_and_every_bad_cell_is_named() {
    let app = demo(&[]).await;
    let csv = format!(
        "{HEADER}René;;Jansen;3-4-1990;Zoetermeer;rene@voorbeeld.nl;06-12345678;J\r\n\
         Anna Maria;de;Vries;12-12-1988;Den Haag;anna@voorbeeld.nl;0201234567;N\r\n;;;;;;;\r\n"
    );
    let (status, report) = validate(&app, windows_1252(&csv), "gebruikers.csv", "nl").await;
    assert_eq!(status, 200);
    assert_eq!(report["ok"], false);
    assert_eq!(report["file_errors"], serde_json::json!([]));
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "the empty ;;;;;;; row is skipped: {report}");

    let rene = &rows[0];
    assert_eq!(rene["line"], 2);
    assert_eq!(rene["values"]["first_names"], "René");
    assert_eq!(rene["values"]["birth_date"], "1990-04-03");
    assert_eq!(rene["values"]["mobile"], "+31612345678");
    assert_eq!(rene["values"]["employed"], true);
    assert_eq!(rene["errors"], serde_json::json!([]));

    let anna = &rows[1];
    assert_eq!(anna["line"], 3);
    assert_eq!(
        anna["values"]["mobile"], "0201234567",
        "an invalid value keeps its text"
    );
    let error = &anna["errors"][0];
    assert_eq!(error["field"], "mobile");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("Rij 3, mobiel nummer: 0201234567"),
        "{message}"
    );
    assert!(
        message.contains("06 12345678"),
        "says how to fix it: {message}"
    );
}

#[tokio::test]
async fn messages_follow_accept_language() {
    let app = demo(&[]).await;
    let csv = format!("{HEADER}Jan;;Smit;1-1-1980;Ede;jan@voorbeeld.nl;0201234567;Ja\r\n");
    let (_, report) = validate(&app, csv.into_bytes(), "users.csv", "en-GB,en;q=0.9").await;
    let message = report["rows"][0]["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("Row 2, mobile number: 0201234567"),
        "{message}"
    );
}

#[tokio::test]
async fn a_file_that_is_no_spreadsheet_gets_a_file_error() {
    let app = demo(&[]).await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01".to_vec();
    let (status, report) = validate(&app, png, "foto.png", "nl").await;
    assert_eq!(status, 200);
    assert_eq!(report["ok"], false);
    assert_eq!(report["file_errors"][0]["code"], "not_csv_or_excel");
    assert_eq!(report["rows"], serde_json::json!([]));
}

#[tokio::test]
async fn the_row_limit_is_configuration_and_the_error_states_both_numbers() {
    let app = demo(&[("MIDDELPUNT_IMPORT_MAX_ROWS", "2")]).await;
    let row = "Jan;;Smit;1-1-1980;Ede;{n}@voorbeeld.nl;0612345678;J\r\n";
    let csv: String = std::iter::once(HEADER.to_string())
        .chain((1..=3).map(|n| row.replace("{n}", &format!("jan{n}"))))
        .collect();
    let (_, report) = validate(&app, csv.into_bytes(), "drie.csv", "nl").await;
    let error = &report["file_errors"][0];
    assert_eq!(error["code"], "too_many_rows");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains('2') && message.contains('3'), "{message}");
}

#[tokio::test]
async fn only_a_signed_in_manager_with_the_csrf_token_may_have_a_file_read() {
    let app = demo(&[]).await;
    let csv = format!("{HEADER}Jan;;Smit;1-1-1980;Ede;jan@voorbeeld.nl;0612345678;J\r\n");
    let post = || {
        app.client
            .post(format!("{}/api/v1/user-files/validate", app.url))
            .body(csv.clone().into_bytes())
    };
    // Anonymous, also as the cross-origin `text/plain` form post a foreign page could send.
    let anonymous = post().send().await.unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
    let body: Value = anonymous.json().await.unwrap();
    assert_eq!(body["code"], "not_logged_in");
    let foreign = post()
        .header("Origin", "https://aanvaller.example")
        .header("Content-Type", "text/plain")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status().as_u16(), 401);

    // Signed in, but without the CSRF token (a foreign page riding on the cookie).
    let manager = log_in(&app, DEMO_MANAGER).await;
    let forged = post()
        .header("Cookie", &manager.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 403);
    let body: Value = forged.json().await.unwrap();
    assert_eq!(body["code"], "csrf_failed");

    let (status, report) = validate(&app, csv.into_bytes(), "een.csv", "nl").await;
    assert_eq!(status, 200);
    assert_eq!(report["ok"], true, "{report}");
}

#[tokio::test]
async fn a_body_over_the_byte_limit_is_refused_with_413_in_the_error_shape() {
    let app = demo(&[("MIDDELPUNT_IMPORT_MAX_BYTES", "1000")]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let response = app
        .client
        .post(format!("{}/api/v1/user-files/validate", app.url))
        .header("Cookie", &manager.cookie)
        .header("X-CSRF-Token", &manager.csrf)
        .body(vec![b'a'; 5000])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "payload_too_large");
    assert_eq!(body["details"]["limit_bytes"], 1000);
    assert!(body["message"].as_str().unwrap().len() > 10);
}

#[tokio::test]
async fn the_csv_template_opens_in_dutch_excel_and_validates_as_one_user() {
    let app = demo(&[]).await;
    let response = app
        .get("/api/v1/user-files/template.csv")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment; filename=\"middelpunt-gebruikers-voorbeeld.csv\"")
    );
    let bytes = response.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFvolledige voornamen;tussenvoegsel;achternaam;"));
    let (_, report) = validate(&app, bytes, "middelpunt-gebruikers-voorbeeld.csv", "nl").await;
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["rows"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_xlsx_template_keeps_the_leading_zero_and_validates_as_one_user() {
    let app = demo(&[]).await;
    let response = app
        .get("/api/v1/user-files/template.xlsx")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = response.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with(b"PK"), "a zip container");
    let (_, report) = validate(&app, bytes, "voorbeeld.xlsx", "nl").await;
    assert_eq!(report["ok"], true, "{report}");
    let values = &report["rows"][0]["values"];
    assert_eq!(values["mobile"], "+31612345678");
    assert_eq!(values["birth_date"], "1985-03-15");
    assert_eq!(
        report["rows"][0]["warnings"],
        serde_json::json!([]),
        "no dropped-zero warning"
    );
}
