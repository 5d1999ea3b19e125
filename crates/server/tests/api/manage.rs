//! Beheer as a manager of a large organisation uses it: "Gebruikers" filtered, sorted, paged and
//! exported; a means revoked; requests re-sent, corrected and cancelled; all of it in the audit
//! log; and none of it reaching another manager's organisations.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::activation::{call, mail_to, ordered, sms_code, step};
use crate::helpers::{DEMO_MANAGER, LoggedIn, TestApp, log_in};
use crate::orders::{demo_app, invitations, place, user};
use crate::outbox::eventually;

const OTHER_MANAGER: &str = "beheerder2@demo.middelpunt.nl";

async fn get(app: &TestApp, who: &LoggedIn, path: &str) -> (StatusCode, Value) {
    let response = app
        .get(path)
        .header("cookie", &who.cookie)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn send(
    app: &TestApp,
    who: &LoggedIn,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.url))
        .header("cookie", &who.cookie)
        .header("x-csrf-token", &who.csrf);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn post(app: &TestApp, who: &LoggedIn, path: &str) -> (StatusCode, Value) {
    send(app, who, reqwest::Method::POST, path, None).await
}

/// Three people at Test BV Donald (68750110), ordered by the demo manager.
async fn three_people(app: &TestApp, manager: &LoggedIn) -> Value {
    let mut anna = user("Anna", "Vries", "anna.devries@voorbeeld.nl", "J");
    anna["infix"] = json!("de");
    let bert = user("Bert", "Aalders", "bert@voorbeeld.nl", "N");
    let mut emile = user("Émile", "Zola", "emile@voorbeeld.nl", "J");
    emile["mobile"] = json!("06 33333333");
    let order = json!({
        "kvk_number": "68750110", "branch_number": null, "level": "EH2",
        "users": [anna, bert, emile],
        "authorisations": { "kind": "all_services" },
        "term": 1, "accepted_terms": true
    });
    let (status, placed) = place(app, manager, "manage-0001", &order).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    placed
}

fn names(page: &Value, list: &str) -> Vec<String> {
    page[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn users_are_filtered_sorted_the_dutch_way_and_paged_on_the_server() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    three_people(&app, &manager).await;

    let (status, page) = get(&app, &manager, "/api/v1/users").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["total"], 3);
    assert_eq!(
        names(&page, "users"),
        ["Bert Aalders", "Anna de Vries", "Émile Zola"],
        "de Vries under V"
    );
    let anna = &page["users"][1];
    assert_eq!(anna["status"], "pending");
    assert_eq!(anna["organisation"]["name"], "Test BV Donald");
    assert_eq!(anna["authorisations"], json!(["Alle diensten"]));

    let (_, page) = get(&app, &manager, "/api/v1/users?sort=-name&per_page=2&page=2").await;
    assert_eq!(
        (page["total"].as_i64(), page["page"].as_i64()),
        (Some(3), Some(2))
    );
    assert_eq!(names(&page, "users"), ["Bert Aalders"]);
    let (_, page) = get(&app, &manager, "/api/v1/users?q=EMILE").await;
    assert_eq!(
        names(&page, "users"),
        ["Émile Zola"],
        "free text ignores case and accents"
    );
    let (_, page) = get(
        &app,
        &manager,
        "/api/v1/users?q=voorbeeld.nl&level=EH2&organisation=68750110&status=pending",
    )
    .await;
    assert_eq!(page["total"], 3);
    let (_, page) = get(&app, &manager, "/api/v1/users?level=EH3").await;
    assert_eq!(page["total"], 0);
    let (_, page) = get(&app, &manager, "/api/v1/users?status=active").await;
    assert_eq!(page["total"], 0, "nobody has a means yet");

    let (status, bad) = get(&app, &manager, "/api/v1/users?sort=password").await;
    assert_eq!(
        (status, bad["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_query"))
    );
    assert!(
        bad["details"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("sort:"),
        "{bad}"
    );
}

#[tokio::test]
async fn another_managers_organisations_are_out_of_reach_on_every_endpoint() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let placed = three_people(&app, &manager).await;
    let order_number = placed["order_number"].as_str().unwrap();
    let other = log_in(&app, OTHER_MANAGER).await;
    let (_, mine) = get(&app, &manager, "/api/v1/users").await;
    let request_id = mine["users"][0]["request_id"].as_str().unwrap().to_owned();

    let (status, page) = get(&app, &other, "/api/v1/users").await;
    assert_eq!((status, page["total"].as_i64()), (StatusCode::OK, Some(0)));
    let (status, page) = get(&app, &other, "/api/v1/requests?status=all").await;
    assert_eq!((status, page["total"].as_i64()), (StatusCode::OK, Some(0)));
    for path in [
        "/api/v1/users?organisation=68750110",
        "/api/v1/requests?organisation=68750110",
        "/api/v1/audit?organisation=68750110",
        "/api/v1/users/export.csv?organisation=68750110",
    ] {
        let (status, body) = get(&app, &other, path).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("organisation_not_managed")),
            "{path}"
        );
    }
    for path in [
        format!("/api/v1/users/{request_id}"),
        format!("/api/v1/requests/{request_id}"),
    ] {
        let (status, _) = get(&app, &other, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    for path in [
        format!("/api/v1/requests/{request_id}/invitation"),
        format!("/api/v1/requests/{request_id}/cancellation"),
        format!("/api/v1/orders/{order_number}/cancellation"),
        "/api/v1/means/EHM-00000-00000/revocation".to_owned(),
    ] {
        let (status, _) = post(&app, &other, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = send(
        &app,
        &other,
        reqwest::Method::PATCH,
        &format!("/api/v1/requests/{request_id}"),
        Some(json!({ "mobile": "0612345678" })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let csv = app
        .get("/api/v1/users/export.csv")
        .header("cookie", &other.cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 1, "only the header: {csv}");
    let (_, audit) = get(&app, &other, "/api/v1/audit").await;
    assert!(
        audit["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["subject"] != order_number),
        "{audit}"
    );
    // Nobody logged in: 401.
    let response = app.get("/api/v1/users").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn exports_hold_exactly_the_filtered_users_and_are_audited() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    three_people(&app, &manager).await;

    let response = app
        .get("/api/v1/users/export.csv?q=voorbeeld&sort=-name&status=pending")
        .header("cookie", &manager.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"gebruikers-")
    );
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "Naam;E-mailadres;Mobiel nummer;Organisatie;KvK-nummer;Vestigingsnummer;Niveau;Status;Geldig tot en met;Machtigingen"
    );
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[1].starts_with("Émile Zola;emile@voorbeeld.nl;'+31633333333;Test BV Donald;68750110;;EH2;In aanvraag;;Alle diensten"), "{}", lines[1]);
    assert!(
        lines[3].starts_with("Bert Aalders;"),
        "sorted as asked: {text}"
    );

    let (_, only) = get(&app, &manager, "/api/v1/users?q=zola").await;
    assert_eq!(only["total"], 1);
    let response = app
        .get("/api/v1/users/export.xlsx?q=zola")
        .header("cookie", &manager.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap().to_vec();
    use calamine::Reader;
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = workbook.worksheet_range("Gebruikers").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][0], "Naam");
    assert_eq!(rows[1][0], "Émile Zola");
    assert_eq!(rows[1][2], "+31633333333", "a string cell, never a formula");

    let (_, audit) = get(&app, &manager, "/api/v1/audit?action=users_exported").await;
    let details: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert_eq!(
        details,
        ["q=zola", "status=pending&q=voorbeeld&sort=-name"],
        "newest first, with the filter"
    );
    let (_, placed) = get(&app, &manager, "/api/v1/audit?action=order_placed").await;
    assert_eq!(placed["total"], 1);
    assert_eq!(placed["entries"][0]["actor_name"], "Bea Beheerder");
    let csv = app
        .get("/api/v1/audit/export.csv")
        .header("cookie", &manager.cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains(";Gebruikers geëxporteerd;"), "{csv}");
}

#[tokio::test]
async fn a_revoked_means_stops_at_once_and_user_and_manager_are_told() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (jan, _) = ordered(&app, &manager).await;
    crate::activation::verify_mobile(&app, &jan, "+31611111111").await;
    let (_, issued) = step(
        &app,
        "/order",
        &jan,
        Some(json!({ "accepted_terms": true })),
    )
    .await;
    let means_id = issued["means"]["id"].as_str().unwrap().to_owned();

    let (_, active) = get(&app, &manager, "/api/v1/users?status=active").await;
    assert_eq!(names(&active, "users"), ["Jan Pieter van Dijk"]);
    let request_id = active["users"][0]["request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, detail) = get(&app, &manager, &format!("/api/v1/users/{request_id}")).await;
    assert_eq!(detail["means"]["id"], means_id.as_str());
    assert_eq!(
        detail["means"]["authorisations"].as_array().unwrap().len(),
        1
    );
    assert!(
        detail["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "issued")
    );

    let (status, revoked) = post(
        &app,
        &manager,
        &format!("/api/v1/means/{means_id}/revocation"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    assert_eq!(revoked["status"], "revoked");
    let (status, again) = post(
        &app,
        &manager,
        &format!("/api/v1/means/{means_id}/revocation"),
    )
    .await;
    assert_eq!(
        (status, again["code"].as_str()),
        (StatusCode::CONFLICT, Some("means_not_active"))
    );
    mail_to(&app, "jan@voorbeeld.nl", "is ingetrokken").await;
    mail_to(
        &app,
        DEMO_MANAGER,
        "eHerkenningsmiddel van Jan Pieter van Dijk ingetrokken",
    )
    .await;
    let (_, page) = get(&app, &manager, "/api/v1/users?status=revoked").await;
    assert_eq!(names(&page, "users"), ["Jan Pieter van Dijk"]);
    let (_, detail) = get(&app, &manager, &format!("/api/v1/users/{request_id}")).await;
    assert_eq!(detail["means"]["status"], "revoked");
    let last = detail["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["kind"].as_str(), last["actor_name"].as_str()),
        (Some("revoked"), Some("Bea Beheerder"))
    );
    let (_, audit) = get(&app, &manager, "/api/v1/audit?action=means_revoked").await;
    assert_eq!(audit["entries"][0]["subject"], means_id.as_str());
    // The free text ignores case and accents, on SQLite as on PostgreSQL.
    let (_, found) = get(&app, &manager, "/api/v1/audit?q=VAN%20D%C3%8FJK").await;
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["entries"][0]["subject"], means_id.as_str());
    let (_, none) = get(&app, &manager, "/api/v1/audit?q=van%20dijkstra").await;
    assert_eq!(none["total"], 0, "{none}");
}

#[tokio::test]
async fn requests_are_resent_corrected_and_cancelled_and_old_links_stop() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (jan, anna) = ordered(&app, &manager).await;
    let (_, page) = get(&app, &manager, "/api/v1/requests").await;
    assert_eq!(page["total"], 2);
    let row = |name: &str| {
        page["requests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()
            .clone()
    };
    let jan_id = row("Jan Pieter van Dijk")["request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let anna_id = row("Anna Vries")["request_id"].as_str().unwrap().to_owned();
    assert_eq!(row("Anna Vries")["status"], "invited");
    assert!(row("Anna Vries")["deadline"].as_i64().unwrap() > 0);
    assert_eq!(row("Anna Vries")["ordered_by"], "Bea Beheerder");

    // Re-send: the old link stops working, the new one works.
    let (status, _) = post(
        &app,
        &manager,
        &format!("/api/v1/requests/{jan_id}/invitation"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = step(&app, "", &jan, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the old link is refused");
    let new_link = eventually("a second invitation to Jan", || async {
        let mails: Vec<Value> = invitations(&app)
            .await
            .into_iter()
            .filter(|m| m["recipient"] == "jan@voorbeeld.nl")
            .collect();
        (mails.len() == 2).then(|| {
            mails.iter().max_by_key(|m| m["id"].as_i64()).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_owned()
        })
    })
    .await;
    let start = new_link.find("/activeren/").unwrap() + "/activeren/".len();
    let new_token = new_link[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let (status, _) = step(&app, "", &new_token, None).await;
    assert_eq!(status, StatusCode::OK);

    // Correct Anna's address (not yet confirmed): the new address gets a new link.
    let (status, invalid) = send(
        &app,
        &manager,
        reqwest::Method::PATCH,
        &format!("/api/v1/requests/{anna_id}"),
        Some(json!({ "email": "anna@", "mobile": "020 1234567" })),
    )
    .await;
    assert_eq!(
        (status, invalid["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("request_invalid"))
    );
    let fields: Vec<&str> = invalid["details"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "mobile"]);
    let (status, corrected) = send(
        &app,
        &manager,
        reqwest::Method::PATCH,
        &format!("/api/v1/requests/{anna_id}"),
        Some(json!({ "email": "anna.vries@voorbeeld.nl" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{corrected}");
    assert_eq!(corrected["email"], "anna.vries@voorbeeld.nl");
    let (status, _) = step(&app, "", &anna, None).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the link to the wrong address is refused"
    );
    mail_to(&app, "anna.vries@voorbeeld.nl", "Bevestig uw e-mailadres").await;

    // Jan confirms; his address can no longer be corrected, his mobile number still can.
    step(&app, "/email-confirmation", &new_token, None).await;
    let (status, late) = send(
        &app,
        &manager,
        reqwest::Method::PATCH,
        &format!("/api/v1/requests/{jan_id}"),
        Some(json!({ "email": "jan2@voorbeeld.nl" })),
    )
    .await;
    assert_eq!(
        (status, late["code"].as_str()),
        (StatusCode::CONFLICT, Some("request_wrong_step"))
    );
    let (status, _) = send(
        &app,
        &manager,
        reqwest::Method::PATCH,
        &format!("/api/v1/requests/{jan_id}"),
        Some(json!({ "mobile": "06 44444444" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    step(&app, "/sms-code", &new_token, None).await;
    sms_code(&app, "+31644444444", 1).await;

    // Cancel Jan: his link says so.
    let (status, cancelled) = post(
        &app,
        &manager,
        &format!("/api/v1/requests/{jan_id}/cancellation"),
    )
    .await;
    assert_eq!(
        (status, cancelled["status"].as_str()),
        (StatusCode::OK, Some("cancelled"))
    );
    let (status, body, _) = call(&app, "GET", "/api/v1/activation", Some(&new_token), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::GONE, Some("activation_cancelled"))
    );
    mail_to(&app, "jan@voorbeeld.nl", "is ingetrokken").await;
    let (status, _) = post(
        &app,
        &manager,
        &format!("/api/v1/requests/{jan_id}/cancellation"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Cancel the whole order: Anna's request too.
    let order_number = row("Anna Vries")["order_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, order) = post(
        &app,
        &manager,
        &format!("/api/v1/orders/{order_number}/cancellation"),
    )
    .await;
    assert_eq!(
        (status, order["cancelled"].as_i64()),
        (StatusCode::OK, Some(1))
    );
    let (_, open) = get(&app, &manager, "/api/v1/requests").await;
    assert_eq!(open["total"], 0);
    let (_, finished) = get(&app, &manager, "/api/v1/requests?status=finished").await;
    assert_eq!(finished["total"], 2, "finished requests stay findable");

    let (_, detail) = get(&app, &manager, &format!("/api/v1/requests/{jan_id}")).await;
    let kinds: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "invited",
            "invitation_resent",
            "email_confirmed",
            "mobile_corrected",
            "sms_sent",
            "cancelled"
        ]
    );
    let (_, audit) = get(&app, &manager, "/api/v1/audit").await;
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for expected in [
        "order_placed",
        "invitation_resent",
        "email_corrected",
        "mobile_corrected",
        "request_cancelled",
        "order_cancelled",
    ] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }
}
