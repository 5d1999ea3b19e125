//! The account page's changes to the account: a new password (with the current one), new
//! recovery codes (step-up), and removing the authenticator app (never the last second factor).

use reqwest::StatusCode;
use serde_json::json;

use super::{EMAIL, PASSWORD, Session, app, error_code, invite, set_up, sign_in};

const NEW_PASSWORD: &str = "groene olifant zwemt in de gracht";

async fn put(
    session: &Session,
    app: &crate::helpers::TestApp,
    current: &str,
    new: &str,
) -> reqwest::Response {
    app.client
        .put(format!("{}/api/v1/account/password", app.url))
        .header("cookie", &session.cookie)
        .header("x-csrf-token", &session.csrf)
        .json(&json!({ "current_password": current, "new_password": new }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_new_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = app().await;
    let (session, _, codes) = set_up(&app, &invite(&app, EMAIL).await).await;
    let (other, _) = Session::from(sign_in(&app, EMAIL, PASSWORD).await).await;
    assert_eq!(other.pass(&app, &codes[0]).await.status(), StatusCode::OK);

    let wrong = put(&session, &app, "niet mijn wachtwoord", NEW_PASSWORD).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(wrong).await, "current_password_wrong");
    let guessable = put(&session, &app, PASSWORD, "password1234").await;
    assert_eq!(error_code(guessable).await, "password_refused");

    let changed = put(&session, &app, PASSWORD, NEW_PASSWORD).await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    let kept = session
        .get(&app, "/api/v1/account/sessions")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.status(), StatusCode::OK, "this session stays");
    let ended = other
        .get(&app, "/api/v1/account/sessions")
        .send()
        .await
        .unwrap();
    assert_eq!(
        ended.status(),
        StatusCode::UNAUTHORIZED,
        "the other one ends"
    );
    assert_eq!(
        sign_in(&app, EMAIL, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&app, EMAIL, NEW_PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn new_recovery_codes_replace_the_old_ones_after_a_recent_second_factor() {
    let app = app().await;
    let (session, _, old) = set_up(&app, &invite(&app, EMAIL).await).await;
    sqlx::query("UPDATE sessions SET second_factor_at = second_factor_at - 960")
        .execute(&app.state.db)
        .await
        .unwrap();
    let late = session
        .post(&app, "/api/v1/account/recovery-codes", json!({}))
        .await;
    assert_eq!(error_code(late).await, "step_up_required");
    assert_eq!(session.pass(&app, &old[0]).await.status(), StatusCode::OK);
    let renewed = session
        .post(&app, "/api/v1/account/recovery-codes", json!({}))
        .await;
    assert_eq!(renewed.status(), StatusCode::OK);
    let renewed: serde_json::Value = renewed.json().await.unwrap();
    let new: Vec<String> = renewed["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(new.len(), 10);
    assert!(new.iter().all(|code| !old.contains(code)));

    let (pending, _) = Session::from(sign_in(&app, EMAIL, PASSWORD).await).await;
    let stale = pending.pass(&app, &old[1]).await;
    assert_eq!(
        stale.status(),
        StatusCode::UNAUTHORIZED,
        "an old code no longer works"
    );
    assert_eq!(pending.pass(&app, &new[0]).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_authenticator_app_is_not_removed_while_it_is_the_only_second_factor() {
    let app = app().await;
    let (session, _, _) = set_up(&app, &invite(&app, EMAIL).await).await;
    let refused = session.delete(&app, "/api/v1/account/authenticator").await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(refused).await, "last_second_factor");
    let listed = session.json(&app, "/api/v1/account/passkeys").await;
    assert_eq!(listed["authenticator_app"], true);
}

#[tokio::test]
async fn a_demo_account_keeps_its_public_password() {
    let app = app().await;
    let demo = crate::helpers::log_in(&app, crate::helpers::DEMO_MANAGER).await;
    let session = Session {
        cookie: demo.cookie,
        csrf: demo.csrf,
    };
    let refused = put(&session, &app, crate::helpers::DEMO_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(refused).await, "demo_password_fixed");
    let again = crate::helpers::log_in(&app, crate::helpers::DEMO_MANAGER).await;
    assert!(
        !again.cookie.is_empty(),
        "the public password still signs in"
    );
}
