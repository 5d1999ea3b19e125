//! Many people at once: each one's outcome (done, or skipped and why), the price, the
//! idempotency key, one confirmation per manager; the selection by its filter.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{BD_ZAKELIJK, get, issued, issued_at, none, post, post_keyed, services};
use crate::activation::mail_to;
use crate::helpers::{DEMO_MANAGER, log_in};
use crate::orders::demo_app;

#[tokio::test]
async fn many_people_at_once_each_with_what_happened_and_one_confirmation() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (anna, _) = issued(
        &app,
        &manager,
        ("Anna", "anna@voorbeeld.nl", "06 33333333"),
        "EH3",
        none(),
    )
    .await;
    let (bert, _) = issued(
        &app,
        &manager,
        ("Bert", "bert@voorbeeld.nl", "06 44444444"),
        "EH2+",
        none(),
    )
    .await;
    let (cor, cor_means) = issued(
        &app,
        &manager,
        ("Cor", "cor@voorbeeld.nl", "06 55555555"),
        "EH3",
        none(),
    )
    .await;
    // At another of the manager's organisations: its own confirmation.
    let (fien, _) = issued_at(
        &app,
        &manager,
        "69599084",
        ("Fien", "fien@voorbeeld.nl", "06 12121212"),
        "EH3",
        none(),
    )
    .await;
    let (status, _) = post(
        &app,
        &manager,
        &format!("/api/v1/means/{cor_means}/revocation"),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let add = json!({
        "selection": { "kind": "people", "request_ids": [anna, bert, cor, fien] },
        "change": { "kind": "add", "authorisations": services(&[BD_ZAKELIJK]) }
    });
    let (status, preview) = post(
        &app,
        &manager,
        "/api/v1/authorisation-changes/preview",
        add.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(
        (preview["done"].as_u64(), preview["skipped"].as_u64()),
        (Some(2), Some(2)),
        "{preview}"
    );
    let reason = |result: &Value, id: &str| {
        result["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["request_id"] == id)
            .unwrap()["reason"]
            .clone()
    };
    assert_eq!(reason(&preview, &bert), "level_too_low");
    assert_eq!(reason(&preview, &cor), "means_not_active");
    assert_eq!(reason(&preview, &anna), Value::Null);

    let (status, done) = post_keyed(
        &app,
        &manager,
        "/api/v1/authorisation-changes",
        "bulk-add-0001",
        add.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(done["done"], 2);
    let (status, again) = post_keyed(
        &app,
        &manager,
        "/api/v1/authorisation-changes",
        "bulk-add-0001",
        add.clone(),
    )
    .await;
    assert_eq!((status, &again), (StatusCode::OK, &done));
    let (_, repeated) = post(&app, &manager, "/api/v1/authorisation-changes/preview", add).await;
    assert_eq!(reason(&repeated, &anna), "already_present");
    // One confirmation per organisation, to the manager of both.
    mail_to(
        &app,
        DEMO_MANAGER,
        "Machtigingen toegevoegd voor Anna Jansen",
    )
    .await;
    mail_to(
        &app,
        DEMO_MANAGER,
        "Machtigingen toegevoegd voor Fien Jansen",
    )
    .await;

    // Everyone the filter lists: the active ones (Anna, Bert) and the revoked one skipped.
    let withdraw = json!({
        "selection": { "kind": "filter", "filter": { "organisation": "68750110" } },
        "change": { "kind": "withdraw", "authorisations": services(&[BD_ZAKELIJK]) }
    });
    let (status, result) = post_keyed(
        &app,
        &manager,
        "/api/v1/authorisation-changes",
        "bulk-withdraw-1",
        withdraw,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{result}");
    assert_eq!(
        (result["done"].as_u64(), result["skipped"].as_u64()),
        (Some(1), Some(2)),
        "{result}"
    );
    assert_eq!(reason(&result, &bert), "not_present");
    let (_, detail) = get(&app, &manager, &format!("/api/v1/users/{anna}")).await;
    assert_eq!(detail["means"]["authorisations"][0]["status"], "withdrawn");

    let bad_filter = json!({
        "selection": { "kind": "filter", "filter": { "expiring_within": "soon" } },
        "change": { "kind": "add", "authorisations": services(&[BD_ZAKELIJK]) }
    });
    let (status, refused) = post(
        &app,
        &manager,
        "/api/v1/authorisation-changes/preview",
        bad_filter,
    )
    .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("selection_filter_invalid")
        )
    );
    let empty = json!({
        "selection": { "kind": "people", "request_ids": [] },
        "change": { "kind": "add", "authorisations": services(&[BD_ZAKELIJK]) }
    });
    let (status, refused) = post(
        &app,
        &manager,
        "/api/v1/authorisation-changes/preview",
        empty,
    )
    .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("selection_empty"))
    );
}
