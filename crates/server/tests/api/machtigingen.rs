//! Machtigingen beheren as a manager uses it: added to a means ordered without any, priced as the
//! price list says, given a new last day and withdrawn one by one; the level and date rules; many
//! people at once with each one's outcome; a user made co-manager; and nothing of it reaching
//! another manager's organisations.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::activation::{mail_to, step, verify_mobile};

mod bulk;
mod co_manager;
use crate::helpers::{DEMO_MANAGER, LoggedIn, TestApp, log_in};
use crate::orders::{demo_app, invitations, place, user};
use crate::outbox::eventually;

const OTHER_MANAGER: &str = "beheerder2@demo.middelpunt.nl";
pub const BD_ZAKELIJK: &str = "belastingdienst.mijn-zakelijk";

pub async fn call(
    app: &TestApp,
    who: &LoggedIn,
    method: Method,
    path: &str,
    key: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.url))
        .header("cookie", &who.cookie)
        .header("x-csrf-token", &who.csrf);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `GET path`.
pub async fn get(app: &TestApp, who: &LoggedIn, path: &str) -> (StatusCode, Value) {
    call(app, who, Method::GET, path, None, None).await
}

/// `POST path` with `body` (none when `Value::Null`).
pub async fn post(app: &TestApp, who: &LoggedIn, path: &str, body: Value) -> (StatusCode, Value) {
    call(
        app,
        who,
        Method::POST,
        path,
        None,
        (!body.is_null()).then_some(body),
    )
    .await
}

/// `POST path` with `body` under the `Idempotency-Key` `key`.
pub async fn post_keyed(
    app: &TestApp,
    who: &LoggedIn,
    path: &str,
    key: &str,
    body: Value,
) -> (StatusCode, Value) {
    call(app, who, Method::POST, path, Some(key), Some(body)).await
}

/// One employee with an issued means at Test BV Donald: the order (at `level`, with
/// `authorisations`) placed, the link followed, the mobile verified, the means ordered.
/// Answers the request id and the means id.
pub async fn issued(
    app: &TestApp,
    manager: &LoggedIn,
    person: (&str, &str, &str),
    level: &str,
    authorisations: Value,
) -> (String, String) {
    issued_at(app, manager, "68750110", person, level, authorisations).await
}

/// [`issued`] at the organisation with `kvk_number`.
pub async fn issued_at(
    app: &TestApp,
    manager: &LoggedIn,
    kvk_number: &str,
    (first, email, mobile): (&str, &str, &str),
    level: &str,
    authorisations: Value,
) -> (String, String) {
    let mut person = user(first, "Jansen", email, "J");
    person["mobile"] = json!(mobile);
    let order = json!({
        "kvk_number": kvk_number, "branch_number": null, "level": level,
        "users": [person], "authorisations": authorisations,
        "term": 3, "accepted_terms": true
    });
    let (status, placed) = place(app, manager, &format!("machtiging-{email}"), &order).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    let mail = eventually("the invitation", || async {
        invitations(app)
            .await
            .into_iter()
            .find(|m| m["recipient"] == email)
    })
    .await;
    let text = mail["text"].as_str().unwrap();
    let start = text.find("/activeren/").unwrap() + "/activeren/".len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let international = format!("+31{}", mobile.trim_start_matches('0').replace(' ', ""));
    verify_mobile(app, &token, &international).await;
    let (status, ordered) = step(
        app,
        "/order",
        &token,
        Some(json!({ "accepted_terms": true })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ordered}");
    let means_id = ordered["means"]["id"].as_str().unwrap().to_owned();
    let request_id: String = sqlx::query_scalar("SELECT request_id FROM means WHERE id = $1")
        .bind(&means_id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    (request_id, means_id)
}

pub fn services(ids: &[&str]) -> Value {
    json!({ "kind": "selected", "providers": [], "services": ids })
}

pub fn providers(ids: &[&str]) -> Value {
    json!({ "kind": "selected", "providers": ids, "services": [] })
}

pub fn none() -> Value {
    json!({ "kind": "none" })
}

#[tokio::test]
async fn a_means_ordered_without_machtigingen_gets_them_priced_redated_and_withdrawn() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (request_id, means_id) = issued(
        &app,
        &manager,
        ("Jan", "jan@voorbeeld.nl", "06 11111111"),
        "EH3",
        none(),
    )
    .await;
    let base = format!("/api/v1/means/{means_id}/authorisations");
    let add = json!({ "authorisations": services(&[BD_ZAKELIJK]) });

    let (status, plan) = post(&app, &manager, &format!("{base}/quote"), add.clone()).await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    assert!(
        plan["added"][0]
            .as_str()
            .unwrap()
            .contains("Mijn Belastingdienst Zakelijk")
    );
    assert_eq!(
        plan["quote"]["total_incl_vat"], 0,
        "within the free allowance: {plan}"
    );

    let (status, missing) = post(&app, &manager, &base, add.clone()).await;
    assert_eq!(
        (status, missing["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("idempotency_key_missing"))
    );
    let (status, added) = post_keyed(&app, &manager, &base, "add-bd-0001", add.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let held = &added["means"]["authorisations"];
    assert_eq!(held.as_array().unwrap().len(), 1);
    assert_eq!(held[0]["status"], "active");
    assert_eq!(
        held[0]["valid_until"], added["means"]["valid_until"],
        "ends with the means"
    );
    let (status, again) = post_keyed(&app, &manager, &base, "add-bd-0001", add.clone()).await;
    assert_eq!(
        (status, &again),
        (StatusCode::OK, &added),
        "the same key answers the same"
    );
    let other_body = json!({ "authorisations": services(&["uwv.werkgeversportaal"]) });
    let (status, reused) = post_keyed(&app, &manager, &base, "add-bd-0001", other_body).await;
    assert_eq!(
        (status, reused["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("idempotency_key_reused")
        )
    );
    let (status, present) = post_keyed(&app, &manager, &base, "add-bd-0002", add.clone()).await;
    assert_eq!(
        (status, present["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_present"))
    );

    // The user's page and the list show it; the managers and the user are told.
    let (_, detail) = get(&app, &manager, &format!("/api/v1/users/{request_id}")).await;
    assert!(
        detail["authorisations"][0]
            .as_str()
            .unwrap()
            .contains("Mijn Belastingdienst Zakelijk"),
        "{detail}"
    );
    let (_, list) = get(&app, &manager, "/api/v1/users?status=active").await;
    assert!(
        list["users"][0]["authorisations"][0]
            .as_str()
            .unwrap()
            .contains("Mijn Belastingdienst")
    );
    let confirmation = mail_to(
        &app,
        DEMO_MANAGER,
        "Machtigingen toegevoegd voor Jan Jansen",
    )
    .await;
    assert!(
        confirmation["text"]
            .as_str()
            .unwrap()
            .contains("Mijn Belastingdienst Zakelijk")
    );
    mail_to(&app, "jan@voorbeeld.nl", "Uw machtigingen voor").await;

    // Dates: from today, within the means, a real date.
    for (until, code) in [
        ("2000-01-01", "valid_until_in_past"),
        ("2099-01-01", "valid_until_past_means_end"),
        ("31-12-2027", "valid_until_invalid"),
    ] {
        let body =
            json!({ "authorisations": services(&["uwv.werkgeversportaal"]), "valid_until": until });
        let (status, refused) = post(&app, &manager, &format!("{base}/quote"), body).await;
        assert_eq!(
            (status, refused["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
            "{until}"
        );
        assert_eq!(refused["details"]["field"], "valid_until");
    }

    // Five more: four within the allowance of five, one at the EH3 price for 3 years (€ 25).
    let five =
        json!({ "authorisations": providers(&["uwv", "rvo", "douane", "justis", "kadaster"]) });
    let (_, plan) = post(&app, &manager, &format!("{base}/quote"), five.clone()).await;
    assert_eq!(plan["quote"]["total_excl_vat"], 2500, "{plan}");
    assert_eq!(plan["quote"]["total_incl_vat"], 3025);
    let (status, terms) = post_keyed(&app, &manager, &base, "add-five-01", five.clone()).await;
    assert_eq!(
        (status, terms["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("terms_not_accepted"))
    );
    let mut accepted = five;
    accepted["accepted_terms"] = json!(true);
    let (status, added) = post_keyed(&app, &manager, &base, "add-five-02", accepted).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(
        added["means"]["authorisations"].as_array().unwrap().len(),
        6
    );

    // A new last day, then withdrawn; the others stay.
    let soon = domain_date_in_days(30);
    let (status, means) = call(
        &app,
        &manager,
        Method::PATCH,
        &format!("{base}/1"),
        None,
        Some(json!({ "valid_until": soon })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{means}");
    assert_eq!(means["authorisations"][0]["valid_until"], soon.as_str());
    let (status, means) = post(&app, &manager, &format!("{base}/1/withdrawal"), Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{means}");
    assert_eq!(means["authorisations"][0]["status"], "withdrawn");
    assert_eq!(means["authorisations"][1]["status"], "active");
    let (status, again) = post(&app, &manager, &format!("{base}/1/withdrawal"), Value::Null).await;
    assert_eq!(
        (status, again["code"].as_str()),
        (StatusCode::CONFLICT, Some("authorisation_not_active"))
    );
    let (status, unknown) = post(
        &app,
        &manager,
        &format!("{base}/99/withdrawal"),
        Value::Null,
    )
    .await;
    assert_eq!(
        (status, unknown["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("authorisation_not_found"))
    );
    mail_to(
        &app,
        DEMO_MANAGER,
        "Machtigingen ingetrokken voor Jan Jansen",
    )
    .await;

    let (_, detail) = get(&app, &manager, &format!("/api/v1/users/{request_id}")).await;
    let kinds: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    for kind in [
        "authorisations_added",
        "authorisation_end_changed",
        "authorisation_withdrawn",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let (_, audit) = get(&app, &manager, "/api/v1/audit?action=authorisations_added").await;
    assert_eq!(audit["total"], 2, "{audit}");
}

/// Today plus `days`, as an ISO date (UTC, as the server's tests run).
fn domain_date_in_days(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    domain::Date::from_unix_seconds(now + days * 86_400)
        .unwrap()
        .iso_string()
}

#[tokio::test]
async fn a_service_above_the_means_or_the_managers_level_is_refused_with_what_to_do() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (_, means_id) = issued(
        &app,
        &manager,
        ("Eva", "eva@voorbeeld.nl", "06 22222222"),
        "EH2+",
        none(),
    )
    .await;
    let quote = format!("/api/v1/means/{means_id}/authorisations/quote");
    let (status, refused) = post(
        &app,
        &manager,
        &quote,
        json!({ "authorisations": services(&[BD_ZAKELIJK]) }),
    )
    .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("service_level_too_high")
        )
    );
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("Bestel een middel op niveau EH3"),
        "{refused}"
    );
    let (status, refused) = post(&app, &manager, &quote, json!({ "authorisations": none() })).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("no_service_selected")
        )
    );
    let (status, fine) = post(
        &app,
        &manager,
        &quote,
        json!({ "authorisations": services(&["rvo.mijn-rvo"]) }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{fine}");

    // Another manager: nothing of it exists for them.
    let other = log_in(&app, OTHER_MANAGER).await;
    let (status, _) = post(
        &app,
        &other,
        &quote,
        json!({ "authorisations": services(&["rvo.mijn-rvo"]) }),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = post(
        &app,
        &other,
        &format!("/api/v1/means/{means_id}/authorisations/1/withdrawal"),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &app,
        &other,
        Method::PATCH,
        &format!("/api/v1/means/{means_id}/authorisations/1"),
        None,
        Some(json!({ "valid_until": "2027-01-01" })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let request_id: String = sqlx::query_scalar("SELECT request_id FROM means WHERE id = $1")
        .bind(&means_id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let bulk = json!({
        "selection": { "kind": "people", "request_ids": [request_id] },
        "change": { "kind": "add", "authorisations": services(&["rvo.mijn-rvo"]) }
    });
    let (status, refused) = post(&app, &other, "/api/v1/authorisation-changes/preview", bulk).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("selection_unknown"))
    );
    let (status, _) = call(
        &app,
        &other,
        Method::PUT,
        &format!("/api/v1/users/{request_id}/manager-role"),
        None,
        Some(json!({ "level": "EH2" })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
