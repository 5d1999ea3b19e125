//! Renewing means and ordering them at a higher level for a selection: the price as the
//! wizard's quote, the orders, the invitations, a renewal that needs no identification and
//! starts the day after the old means ends (also at a change of summer time and around
//! midnight in the Netherlands), and a higher level that ends the old means when issued.

use domain::Lang;
use middelpunt_server::activation::{load_by_id, order};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{act, outcome};
use crate::activation::{execute, sms_code, step};
use crate::helpers::{DEMO_MANAGER, TestApp, log_in};
use crate::machtigingen::{BD_ZAKELIJK, get, issued, post, post_keyed, services};
use crate::orders::{demo_app, invitations};
use crate::outbox::eventually;

/// The token of the `nth` invitation to `email` whose subject has `subject_part` (once it came).
async fn token_of(app: &TestApp, email: &str, subject_part: &str, nth: usize) -> String {
    let mail = eventually("the invitation", || async {
        let mut mails: Vec<Value> = invitations(app)
            .await
            .into_iter()
            .filter(|m| {
                m["recipient"] == email
                    && m["subject"]
                        .as_str()
                        .is_some_and(|s| s.contains(subject_part))
            })
            .collect();
        mails.sort_by_key(|m| m["id"].as_i64());
        mails.into_iter().nth(nth - 1)
    })
    .await;
    let text = mail["text"].as_str().unwrap();
    let start = text.find("/activeren/").unwrap() + "/activeren/".len();
    text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

/// Confirms the e-mail and verifies the mobile (its `nth` SMS code) of the request of `token`.
async fn confirm(app: &TestApp, token: &str, mobile: &str, nth: usize) {
    let (status, _) = step(app, "/email-confirmation", token, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, sent) = step(app, "/sms-code", token, None).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    let code = sms_code(app, mobile, nth).await;
    let body = Some(json!({ "code": code }));
    let (status, verified) = step(app, "/sms-code/verification", token, body).await;
    assert_eq!(status, StatusCode::OK, "{verified}");
}

async fn means_dates(app: &TestApp, id: &str) -> (String, String, String, Option<String>) {
    sqlx::query_as("SELECT valid_from, valid_until, status, replaced_by FROM means WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

fn day_after(iso: &str) -> String {
    domain::Date::parse_iso(iso)
        .unwrap()
        .add_days(1)
        .unwrap()
        .iso_string()
}

#[tokio::test]
async fn a_selection_is_renewed_at_the_price_list_price_and_a_renewal_needs_no_identification() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let bd = services(&[BD_ZAKELIJK]);
    let (eva, eva_means) = issued(
        &app,
        &manager,
        ("Eva", "eva@voorbeeld.nl", "06 11111111"),
        "EH3",
        bd.clone(),
    )
    .await;
    let (rik, rik_means) = issued(
        &app,
        &manager,
        ("Rik", "rik@voorbeeld.nl", "06 22222222"),
        "EH3",
        bd.clone(),
    )
    .await;
    let (tom, tom_means) = issued(
        &app,
        &manager,
        ("Tom", "tom@voorbeeld.nl", "06 33333333"),
        "EH3",
        bd,
    )
    .await;
    post(
        &app,
        &manager,
        &format!("/api/v1/means/{tom_means}/revocation"),
        Value::Null,
    )
    .await;
    // Rik is no employee: a new means would need an identification, a renewal does not.
    execute(
        &app,
        &format!("UPDATE requests SET employed = 0 WHERE id = '{rik}'"),
    )
    .await;

    let renew = |accepted: bool| {
        json!({
            "selection": { "kind": "people", "request_ids": [eva, rik, tom] },
            "action": { "kind": "renew", "term_years": 3 },
            "accepted_terms": accepted
        })
    };
    let ((status, preview), (refused_status, refused)) =
        act(&app, &manager, "renew-three-0001", renew(false)).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(
        (preview["done"].as_u64(), preview["skipped"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        outcome(&preview, &tom).1.as_deref(),
        Some("means_not_active")
    );
    // The wizard's quote for 2 means at EH3 for 3 years with 1 machtiging each.
    let (status, quote) = post(
        &app,
        &manager,
        "/api/v1/quotes",
        json!({ "level": "EH3", "term": 3, "users": 2, "authorisations_per_user": 1 }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{quote}");
    assert_eq!(preview["quote"], quote, "{preview}");
    assert!(quote["total_incl_vat"].as_i64().unwrap() > 0);
    assert_eq!(
        (refused_status, refused["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("terms_not_accepted"))
    );
    // The same key, now with the terms accepted: nothing was done under it yet.
    let (status, renewed) = post_keyed(
        &app,
        &manager,
        "/api/v1/bulk-actions",
        "renew-three-0001",
        renew(true),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{renewed}");
    assert_eq!(renewed["done"], 2);
    assert_eq!(renewed["quote"], quote);
    assert_eq!(
        renewed["orders"].as_array().unwrap().len(),
        1,
        "one organisation, level and choice"
    );

    // Beheer links the old means and the renewal both ways.
    let (_, old) = get(&app, &manager, &format!("/api/v1/users/{eva}")).await;
    assert_eq!(old["successor"]["kind"], "renewal", "{old}");
    let new_request = old["successor"]["request_id"].as_str().unwrap().to_owned();
    let (_, new) = get(&app, &manager, &format!("/api/v1/users/{new_request}")).await;
    assert_eq!(new["predecessor"]["means_id"], eva_means.as_str(), "{new}");
    assert_eq!(new["predecessor"]["request_id"], eva.as_str());
    let events: Vec<&str> = old["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(events.contains(&"renewal_ordered"), "{events:?}");

    // Rik renews through his link: no identification, the new means from the day after.
    let token = token_of(&app, "rik@voorbeeld.nl", "Verleng uw eHerkenningsmiddel", 1).await;
    let (_, view) = step(&app, "", &token, None).await;
    assert_eq!(view["succession"]["kind"], "renewal", "{view}");
    assert_eq!(view["succession"]["identification_needed"], false);
    confirm(&app, &token, "+31622222222", 2).await;
    let (status, done) = step(
        &app,
        "/order",
        &token,
        Some(json!({ "accepted_terms": true })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "issued", "{done}");
    let (old_from, old_until, old_status, _) = means_dates(&app, &rik_means).await;
    assert_eq!(
        old_status, "active",
        "the old means stays valid until its end"
    );
    let new_id = done["means"]["id"].as_str().unwrap();
    let (from, until, _, _) = means_dates(&app, new_id).await;
    assert_eq!(from, day_after(&old_until));
    let from_date = domain::Date::parse_iso(&from).unwrap();
    assert_eq!(
        until,
        domain::machtiging::term_end(from_date, 3).iso_string()
    );
    assert_ne!(from, old_from);

    // Renewing again: Eva's renewal is under way, Rik's is done.
    let (_, again) = post(&app, &manager, "/api/v1/bulk-actions/preview", renew(true)).await;
    for id in [&eva, &rik] {
        assert_eq!(
            outcome(&again, id).1.as_deref(),
            Some("successor_exists"),
            "{again}"
        );
    }
}

#[tokio::test]
async fn a_higher_level_replaces_the_old_means_when_it_is_issued() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (bert, old) = issued(
        &app,
        &manager,
        ("Bert", "bert@voorbeeld.nl", "06 44444444"),
        "EH2+",
        json!({ "kind": "none" }),
    )
    .await;
    let (eva, _) = issued(
        &app,
        &manager,
        ("Eva", "eva@voorbeeld.nl", "06 11111111"),
        "EH3",
        json!({ "kind": "none" }),
    )
    .await;
    let body = json!({
        "selection": { "kind": "people", "request_ids": [bert, eva] },
        "action": { "kind": "change_level", "level": "EH3", "term_years": 1 },
        "accepted_terms": true
    });
    let (_, (status, changed)) = act(&app, &manager, "level-up-00001", body).await;
    assert_eq!(status, StatusCode::CREATED, "{changed}");
    assert_eq!(
        outcome(&changed, &eva).1.as_deref(),
        Some("level_not_higher")
    );
    assert_eq!(outcome(&changed, &bert).0, "done");
    let token = token_of(&app, "bert@voorbeeld.nl", "Bevestig uw e-mailadres", 2).await;
    let (_, view) = step(&app, "", &token, None).await;
    assert_eq!(
        (view["level"].as_str(), view["succession"]["kind"].as_str()),
        (Some("EH3"), Some("level_change"))
    );
    // Still the old means until the new one is issued.
    assert_eq!(means_dates(&app, &old).await.2, "active");
    confirm(&app, &token, "+31644444444", 2).await;
    let (status, done) = step(
        &app,
        "/order",
        &token,
        Some(json!({ "accepted_terms": true })),
    )
    .await;
    assert_eq!(
        (status, done["status"].as_str()),
        (StatusCode::OK, Some("issued")),
        "{done}"
    );
    let new_id = done["means"]["id"].as_str().unwrap();
    let (_, _, status, replaced_by) = means_dates(&app, &old).await;
    assert_eq!(
        (status.as_str(), replaced_by.as_deref()),
        ("revoked", Some(new_id))
    );
    let (_, user) = get(&app, &manager, &format!("/api/v1/users/{bert}")).await;
    assert_eq!(user["means"]["replaced_by"], new_id, "{user}");
    let events: Vec<&str> = user["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(events.ends_with(&["replaced"]), "{events:?}");
}

#[tokio::test]
async fn a_renewal_starts_the_day_after_the_old_means_at_summer_time_changes_and_midnight() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    // Moments in the Netherlands, as unix seconds (UTC).
    let moments = [
        // 28 March 2027, 00:30 CET: the day summer time starts; still 27 March in UTC.
        ("2027-03-27T23:30:00Z", 1_806_190_200_i64, "2027-03-28"),
        // 31 October 2027, 00:30 CEST: the day summer time ends; still 30 October in UTC.
        ("2027-10-30T22:30:00Z", 1_824_935_400, "2027-10-31"),
        // 28 March 2027, 23:59:59 CEST: the last second of the day.
        ("2027-03-28T21:59:59Z", 1_806_271_199, "2027-03-28"),
    ];
    let mut people = Vec::new();
    for (i, (first, email, mobile)) in [
        ("Ans", "ans@voorbeeld.nl", "06 51111111"),
        ("Bas", "bas@voorbeeld.nl", "06 52222222"),
        ("Cas", "cas@voorbeeld.nl", "06 53333333"),
    ]
    .into_iter()
    .enumerate()
    {
        let (request, means) = issued(
            &app,
            &manager,
            (first, email, mobile),
            "EH3",
            json!({ "kind": "none" }),
        )
        .await;
        people.push((
            request,
            means,
            email,
            format!("+31{}", mobile[1..].replace(' ', "")),
            i,
        ));
    }
    let ids: Vec<&str> = people.iter().map(|p| p.0.as_str()).collect();
    let body = json!({
        "selection": { "kind": "people", "request_ids": ids },
        "action": { "kind": "renew", "term_years": 1 },
        "accepted_terms": true
    });
    let (_, (status, renewed)) = act(&app, &manager, "renew-dst-00001", body).await;
    assert_eq!(
        (status, renewed["done"].as_u64()),
        (StatusCode::CREATED, Some(3)),
        "{renewed}"
    );
    for ((_, means, email, mobile, i), (label, at, dutch_day)) in people.iter().zip(moments) {
        assert_eq!(
            middelpunt_server::clock::today(at).iso_string(),
            dutch_day,
            "{label} is {dutch_day} in the Netherlands"
        );
        // The old means ends 20 days after that day: renewed 20 days early.
        let until = domain::Date::parse_iso(dutch_day)
            .unwrap()
            .add_days(20)
            .unwrap();
        execute(
            &app,
            &format!(
                "UPDATE means SET valid_until = '{}' WHERE id = '{means}'",
                until.iso_string()
            ),
        )
        .await;
        let token = token_of(&app, email, "Verleng", 1).await;
        confirm(&app, &token, mobile, 2).await;
        let request_id: String =
            sqlx::query_scalar("SELECT id FROM requests WHERE predecessor_means_id = $1")
                .bind(means)
                .fetch_one(&app.state.db)
                .await
                .unwrap();
        let mut connection = app.state.db.acquire().await.unwrap();
        let mut record = load_by_id(&mut connection, &request_id)
            .await
            .unwrap()
            .unwrap();
        drop(connection);
        let new_means = order(&app.state, &mut record, true, at, Lang::Nl)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{label}: issued at once"));
        let expected_from = until.add_days(1).unwrap();
        assert_eq!(
            new_means.valid_from,
            expected_from.iso_string(),
            "{label} (person {i})"
        );
        assert_eq!(
            new_means.valid_until,
            domain::machtiging::term_end(expected_from, 1).iso_string(),
            "{label}"
        );
    }
}
