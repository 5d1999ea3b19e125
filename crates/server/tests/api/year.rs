//! The manager's year: the overview whose counts are its lists' totals, and actions on many
//! people at once (revoke, re-send, cancel) with each one's outcome, the idempotency key and
//! the rules; renewals and changes of level in `year/renewal.rs`.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::activation::execute;
use crate::helpers::{DEMO_MANAGER, LoggedIn, TestApp, log_in};
use crate::machtigingen::{get, issued, none, post, post_keyed};
use crate::orders::{demo_app, place, user};

mod renewal;

/// `POST /api/v1/bulk-actions/preview` and then under `key`, for `selection` and `action`.
pub async fn act(
    app: &TestApp,
    manager: &LoggedIn,
    key: &str,
    body: Value,
) -> ((StatusCode, Value), (StatusCode, Value)) {
    let preview = post(app, manager, "/api/v1/bulk-actions/preview", body.clone()).await;
    let applied = post_keyed(app, manager, "/api/v1/bulk-actions", key, body).await;
    (preview, applied)
}

/// Each person's `(outcome, reason)` in an answer, by request id.
pub fn outcome(result: &Value, request_id: &str) -> (String, Option<String>) {
    let person = result["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["request_id"] == request_id)
        .unwrap_or_else(|| panic!("{request_id} in {result}"));
    (
        person["outcome"].as_str().unwrap().to_owned(),
        person["reason"].as_str().map(str::to_owned),
    )
}

/// An order of these users at Test BV Donald; answers its request ids.
async fn ordered(app: &TestApp, manager: &LoggedIn, key: &str, users: Vec<Value>) -> Vec<String> {
    let order = json!({
        "kvk_number": "68750110", "branch_number": null, "level": "EH3",
        "users": users, "authorisations": none(), "term": 1, "accepted_terms": true
    });
    let (status, placed) = place(app, manager, key, &order).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    let number = placed["order_number"].as_str().unwrap();
    (1..=placed["users"].as_array().unwrap().len())
        .map(|n| format!("{number}-{n}"))
        .collect()
}

#[tokio::test]
async fn the_overview_counts_what_its_lists_show() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let ids = ordered(
        &app,
        &manager,
        "overview-0001",
        vec![
            user("Wim", "Wacht", "wim@voorbeeld.nl", "J"),
            user("Vera", "Vers", "vera@voorbeeld.nl", "J"),
            user("Ida", "Ident", "ida@voorbeeld.nl", "N"),
            user("Dirk", "Deadline", "dirk@voorbeeld.nl", "N"),
            user("Mies", "Mislukt", "mies@voorbeeld.nl", "J"),
            user("Oud", "Mislukt", "oud@voorbeeld.nl", "J"),
        ],
    )
    .await;
    let (_, expiring) = issued(
        &app,
        &manager,
        ("Eva", "eva@voorbeeld.nl", "06 11111111"),
        "EH3",
        none(),
    )
    .await;
    let now = middelpunt_server::clock::unix_now();
    let day = 86_400;
    let set = |sql: String| {
        let app = &app;
        async move { execute(app, &sql).await }
    };
    // Wim waits 8 days for himself, Vera 1 day.
    set(format!(
        "UPDATE requests SET last_event_at = {} WHERE id = '{}'",
        now - 8 * day,
        ids[0]
    ))
    .await;
    set(format!(
        "UPDATE requests SET last_event_at = {} WHERE id = '{}'",
        now - day,
        ids[1]
    ))
    .await;
    // Ida waits for her identification until in 20 days, Dirk until in 3.
    for (id, days) in [(&ids[2], 20), (&ids[3], 3)] {
        set(format!(
            "UPDATE requests SET status = 'identification_required', user_ordered_at = {now}, \
             identification_deadline = {} WHERE id = '{id}'",
            now + days * day
        ))
        .await;
    }
    // Mies expired yesterday, Oud 40 days ago.
    for (id, days) in [(&ids[4], 1), (&ids[5], 40)] {
        set(format!(
            "UPDATE requests SET status = 'expired', finished_at = {}, \
             end_reason = 'invitation_expired' WHERE id = '{id}'",
            now - days * day
        ))
        .await;
    }
    // Eva's means ends in 30 days.
    let until = middelpunt_server::clock::today(now).add_days(30).unwrap();
    set(format!(
        "UPDATE means SET valid_until = '{}' WHERE id = '{expiring}'",
        until.iso_string()
    ))
    .await;

    let (status, overview) = get(&app, &manager, "/api/v1/overview").await;
    assert_eq!(status, StatusCode::OK, "{overview}");
    let items = overview["items"].as_array().unwrap();
    let kinds: Vec<&str> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "waiting_for_user",
            "waiting_for_identification",
            "identification_due",
            "expiring",
            "failed"
        ]
    );
    let counts: Vec<i64> = items.iter().map(|i| i["count"].as_i64().unwrap()).collect();
    assert_eq!(counts, [1, 2, 1, 1, 1], "{overview}");
    // Each count is the total of the list it links to, with exactly that person in it.
    let expected = [&ids[0], &ids[2], &ids[3], &String::new(), &ids[4]];
    for (item, only) in items.iter().zip(expected) {
        let list = item["list"].as_str().unwrap();
        let query: Vec<String> = item["query"]
            .as_object()
            .unwrap()
            .iter()
            .filter_map(|(k, v)| v.as_str().map(|v| format!("{k}={v}")))
            .collect();
        let (status, page) = get(
            &app,
            &manager,
            &format!("/api/v1/{list}?{}", query.join("&")),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["total"], item["count"], "{item} vs {page}");
        if !only.is_empty() && item["count"] == 1 {
            assert_eq!(page[list][0]["request_id"], **only, "{item}");
        }
    }
}

#[tokio::test]
async fn revoking_three_of_whom_one_is_revoked_does_two_and_says_why_not_the_third() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let mut people = Vec::new();
    for (first, email, mobile) in [
        ("Anna", "anna@voorbeeld.nl", "06 33333333"),
        ("Bert", "bert@voorbeeld.nl", "06 44444444"),
        ("Cor", "cor@voorbeeld.nl", "06 55555555"),
    ] {
        people.push(issued(&app, &manager, (first, email, mobile), "EH3", none()).await);
    }
    let (status, _) = post(
        &app,
        &manager,
        &format!("/api/v1/means/{}/revocation", people[2].1),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = people.iter().map(|(r, _)| r.as_str()).collect();
    let body = json!({
        "selection": { "kind": "people", "request_ids": ids },
        "action": { "kind": "revoke" }
    });
    let ((status, preview), (applied_status, applied)) =
        act(&app, &manager, "revoke-three-01", body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(
        (preview["done"].as_u64(), preview["skipped"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(applied_status, StatusCode::CREATED, "{applied}");
    assert_eq!(
        (applied["done"].as_u64(), applied["skipped"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(outcome(&applied, ids[0]), ("done".to_owned(), None));
    assert_eq!(
        outcome(&applied, ids[2]),
        ("skipped".to_owned(), Some("means_not_active".to_owned()))
    );
    let names: Vec<&str> = applied["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Anna Jansen", "Bert Jansen", "Cor Jansen"],
        "by name"
    );
    for (request_id, _) in &people[..2] {
        let (_, user) = get(&app, &manager, &format!("/api/v1/users/{request_id}")).await;
        assert_eq!(user["status"], "revoked", "{user}");
    }
    // The same key answers the same, and does nothing again.
    let (status, again) = post_keyed(
        &app,
        &manager,
        "/api/v1/bulk-actions",
        "revoke-three-01",
        body.clone(),
    )
    .await;
    assert_eq!((status, &again), (StatusCode::OK, &applied));
    let other = json!({ "selection": body["selection"], "action": { "kind": "cancel_request" } });
    let (status, reused) = post_keyed(
        &app,
        &manager,
        "/api/v1/bulk-actions",
        "revoke-three-01",
        other,
    )
    .await;
    assert_eq!(
        (status, reused["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("idempotency_key_reused")
        )
    );
    // One audit entry per person revoked: two now, one before.
    let revoked: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'means_revoked'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(revoked, 3);
}

#[tokio::test]
async fn invitations_are_sent_again_and_requests_cancelled_for_a_filter_of_open_requests() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let ids = ordered(
        &app,
        &manager,
        "requests-00001",
        vec![
            user("Kees", "Klaar", "kees@voorbeeld.nl", "J"),
            user("Lot", "Later", "lot@voorbeeld.nl", "J"),
        ],
    )
    .await;
    // Kees has ordered already: no new invitation for him.
    execute(
        &app,
        &format!(
            "UPDATE requests SET status = 'identification_required' WHERE id = '{}'",
            ids[0]
        ),
    )
    .await;
    let by_filter = json!({
        "kind": "requests",
        "filter": { "status": "open", "order_number": ids[0].rsplit_once('-').unwrap().0 }
    });
    let resend = json!({ "selection": by_filter, "action": { "kind": "resend_invitation" } });
    let ((_, preview), (status, sent)) = act(&app, &manager, "resend-00001", resend).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    assert_eq!(preview["done"], 1, "{preview}");
    assert_eq!(
        outcome(&sent, &ids[0]).1.as_deref(),
        Some("already_ordered")
    );
    assert_eq!(outcome(&sent, &ids[1]).0, "done");
    let (_, lot) = get(&app, &manager, &format!("/api/v1/requests/{}", ids[1])).await;
    let kinds: Vec<&str> = lot["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"invitation_resent"), "{kinds:?}");

    let cancel = json!({ "selection": by_filter, "action": { "kind": "cancel_request" } });
    let (_, (status, cancelled)) = act(&app, &manager, "cancel-00001", cancel.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{cancelled}");
    assert_eq!(cancelled["done"], 2, "{cancelled}");
    // Nothing open is left under that filter.
    let (status, empty) = post(&app, &manager, "/api/v1/bulk-actions/preview", cancel).await;
    assert_eq!(
        (status, empty["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("selection_empty"))
    );
}

#[tokio::test]
async fn a_selection_reaches_only_the_managers_own_people_and_the_rules_hold() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (jan, _) = issued(
        &app,
        &manager,
        ("Jan", "jan@voorbeeld.nl", "06 11111111"),
        "EH3",
        none(),
    )
    .await;
    let other = log_in(&app, "beheerder2@demo.middelpunt.nl").await;
    let people = json!({ "kind": "people", "request_ids": [jan] });
    let (status, refused) = post(
        &app,
        &other,
        "/api/v1/bulk-actions/preview",
        json!({ "selection": people, "action": { "kind": "revoke" } }),
    )
    .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("selection_unknown"))
    );
    let cases = [
        (json!({ "kind": "renew", "term_years": 2 }), "term_invalid"),
        (
            json!({ "kind": "change_level", "level": "EH3", "term_years": 1 }),
            "level_above_own",
        ),
    ];
    for (action, code) in cases {
        let (status, refused) = post(
            &app,
            &other,
            "/api/v1/bulk-actions/preview",
            json!({ "selection": { "kind": "people", "request_ids": [] }, "action": action }),
        )
        .await;
        assert_eq!(
            (status, refused["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
            "{refused}"
        );
    }
}
