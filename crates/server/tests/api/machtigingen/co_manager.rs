//! A user made machtigingenbeheerder of their organisation: the level rule, the set-up
//! invitation, the role ending with the means, and withdrawn.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{call, get, issued, none, post};
use crate::activation::mail_to;
use crate::helpers::{DEMO_MANAGER, log_in};
use crate::orders::demo_app;

#[tokio::test]
async fn a_user_made_co_manager_gets_the_set_up_invitation_and_loses_the_role_with_the_means() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (request_id, means_id) = issued(
        &app,
        &manager,
        ("Dirk", "dirk@voorbeeld.nl", "06 12121212"),
        "EH2+",
        none(),
    )
    .await;
    let role = format!("/api/v1/users/{request_id}/manager-role");

    let (status, refused) = call(
        &app,
        &manager,
        Method::PUT,
        &role,
        None,
        Some(json!({ "level": "EH3" })),
    )
    .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("level_too_high"))
    );
    let (status, appointed) = call(
        &app,
        &manager,
        Method::PUT,
        &role,
        None,
        Some(json!({ "level": "EH2+" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{appointed}");
    assert_eq!(appointed["state"], "invited");
    let (status, twice) = call(
        &app,
        &manager,
        Method::PUT,
        &role,
        None,
        Some(json!({ "level": "EH2+" })),
    )
    .await;
    assert_eq!(
        (status, twice["code"].as_str()),
        (StatusCode::CONFLICT, Some("manager_role_exists"))
    );
    let invitation = mail_to(&app, "dirk@voorbeeld.nl", "Stel uw account in").await;
    assert!(
        invitation["text"]
            .as_str()
            .unwrap()
            .contains("Test BV Donald")
    );
    let (_, detail) = get(&app, &manager, &format!("/api/v1/users/{request_id}")).await;
    assert_eq!(detail["manager_role"]["level"], "EH2+", "{detail}");

    let account: i64 =
        sqlx::query_scalar("SELECT id FROM managers WHERE email = 'dirk@voorbeeld.nl'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    let managed = middelpunt_server::auth::organisations(&app.state.db, account)
        .await
        .unwrap();
    assert_eq!(managed, ["68750110"]);
    let (status, _) = post(
        &app,
        &manager,
        &format!("/api/v1/means/{means_id}/revocation"),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let managed = middelpunt_server::auth::organisations(&app.state.db, account)
        .await
        .unwrap();
    assert!(
        managed.is_empty(),
        "the role ends with the means: {managed:?}"
    );

    let (status, _) = call(&app, &manager, Method::DELETE, &role, None, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, gone) = call(&app, &manager, Method::DELETE, &role, None, None).await;
    assert_eq!(
        (status, gone["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("manager_role_not_found"))
    );
}
