//! What the provider's staff do to an account: suspend and reactivate it, reset a lost second
//! factor (the library functions behind `middelpunt-server admin …`, and the command itself).

use middelpunt_server::auth::{self, accounts};
use reqwest::StatusCode;
use serde_json::json;

use super::{
    EMAIL, PASSWORD, Session, app, error_code, invite, mails_to, messages_to, request_reset,
    set_up, sign_in,
};
use crate::helpers::test_env;

#[tokio::test]
async fn a_suspended_account_is_signed_out_at_once_and_cannot_sign_in_until_reactivated() {
    let app = app().await;
    let (session, _, codes) = set_up(&app, &invite(&app, EMAIL).await).await;
    let changed = accounts::suspend(&app.state.db, "Bea.DeVries@klant.example", auth::unix_now())
        .await
        .unwrap();
    assert_eq!(changed, accounts::Changed::Done);
    let again = accounts::suspend(&app.state.db, EMAIL, auth::unix_now())
        .await
        .unwrap();
    assert_eq!(again, accounts::Changed::Already);

    let out = session.get(&app, "/api/v1/users").send().await.unwrap();
    assert_eq!(out.status(), StatusCode::UNAUTHORIZED);
    let refused = sign_in(&app, EMAIL, PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(refused).await, "account_suspended");
    // A wrong password says nothing of the suspension.
    assert_eq!(
        error_code(sign_in(&app, EMAIL, "niet het wachtwoord 123").await).await,
        "invalid_credentials"
    );
    // No reset mail either.
    assert_eq!(
        request_reset(&app, EMAIL).await.status(),
        StatusCode::ACCEPTED
    );

    assert_eq!(
        accounts::reactivate(&app.state.db, EMAIL).await.unwrap(),
        accounts::Changed::Done
    );
    let (back, body) = Session::from(sign_in(&app, EMAIL, PASSWORD).await).await;
    assert_eq!(body["second_factor"], "required");
    let passed = back.pass(&app, &codes[0]).await;
    assert_eq!(passed.status(), StatusCode::OK);
    assert_eq!(
        messages_to(&app, EMAIL).await,
        0,
        "no reset mail while suspended"
    );
}

#[tokio::test]
async fn a_reset_second_factor_ends_the_sessions_tells_the_person_and_asks_for_a_new_app() {
    let app = app().await;
    let (session, _, codes) = set_up(&app, &invite(&app, EMAIL).await).await;
    let changed = accounts::reset_second_factor(&app.state.db, EMAIL, auth::unix_now())
        .await
        .unwrap();
    assert_eq!(changed, accounts::Changed::Done);
    let out = session.get(&app, "/api/v1/users").send().await.unwrap();
    assert_eq!(out.status(), StatusCode::UNAUTHORIZED);
    let mails = mails_to(&app, EMAIL, 1).await;
    assert!(
        mails[0].contains("authenticator-app van uw account"),
        "{}",
        mails[0]
    );

    let (fresh, body) = Session::from(sign_in(&app, EMAIL, PASSWORD).await).await;
    assert_eq!(body["second_factor"], "not_set_up");
    // The old recovery codes are gone with the app.
    let old = fresh.pass(&app, &codes[1]).await;
    assert_eq!(old.status(), StatusCode::FORBIDDEN);
    let started = fresh
        .post(&app, "/api/v1/account/authenticator", json!({}))
        .await;
    assert_eq!(started.status(), StatusCode::CREATED);
    assert_eq!(
        accounts::reset_second_factor(&app.state.db, "niemand@klant.example", 0)
            .await
            .unwrap(),
        accounts::Changed::NoSuchAccount
    );
}

#[tokio::test]
async fn the_admin_commands_suspend_reactivate_and_say_what_they_did() {
    let dir = tempfile::tempdir().unwrap();
    let admin = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_middelpunt-server"))
            .envs(test_env(dir.path()))
            .arg("admin")
            .args(args)
            .output()
            .unwrap()
    };
    let created = admin(&[
        "create", "--email", EMAIL, "--name", "Bea", "--role", "manager", "--kvk", "68750110",
    ]);
    assert!(created.status.success(), "{created:?}");
    let suspended = admin(&["suspend", "--email", EMAIL]);
    assert!(suspended.status.success(), "{suspended:?}");
    let said = String::from_utf8_lossy(&suspended.stdout);
    assert!(said.contains("is suspended"), "{said}");
    let twice = admin(&["suspend", "--email", EMAIL]);
    assert!(String::from_utf8_lossy(&twice.stdout).contains("suspended already"));
    let back = admin(&["reactivate", "--email", EMAIL]);
    assert!(String::from_utf8_lossy(&back.stdout).contains("may sign in again"));
    let unknown = admin(&["reset-second-factor", "--email", "niemand@klant.example"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no account has"));
    let wrong = admin(&["suspend", EMAIL]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("suspend takes --email"));

    // Each change, not the refused second suspension, is in the organisation's audit log, by
    // the command line.
    let pool = middelpunt_server::db::connect(
        &middelpunt_server::config::DatabaseUrl::parse(&format!(
            "sqlite://{}",
            dir.path().join("data").join("test.db").display()
        ))
        .unwrap(),
    )
    .await
    .unwrap();
    let entries: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT actor, action, kvk_number FROM audit_log WHERE subject = $1 ORDER BY at, id",
    )
    .bind(EMAIL)
    .fetch_all(&pool)
    .await
    .unwrap();
    let by_command_line = |action: &str| {
        (
            "system:command-line".to_owned(),
            action.to_owned(),
            Some("68750110".to_owned()),
        )
    };
    assert_eq!(
        entries,
        [
            by_command_line("manager_appointed"),
            by_command_line("manager_suspended"),
            by_command_line("manager_reactivated"),
        ]
    );
}

#[tokio::test]
async fn an_operator_sets_up_the_same_way_and_reaches_the_back_office_after_the_second_factor() {
    use middelpunt_server::auth::Role;
    use middelpunt_server::auth::setup::{self, Invitation};

    let app = app().await;
    let invitation = Invitation {
        email: "olga@provider.example",
        name: "Olga Jansen",
        level: domain::Level::Eh3,
        organisations: &[],
        roles: &[Role::Operator],
    };
    let (_, token) = setup::invite(&app.state.db, &invitation, auth::unix_now())
        .await
        .unwrap();
    let (operator, _, codes) = set_up(&app, &token).await;
    let queue = operator
        .get(&app, "/api/v1/identifications")
        .send()
        .await
        .unwrap();
    assert_eq!(queue.status(), StatusCode::OK);
    // An operator manages no organisation: Beheer's lists are empty for them.
    let beheer = operator.json(&app, "/api/v1/users").await;
    assert_eq!(beheer["total"], 0, "{beheer}");
    let sessions = operator
        .get(&app, "/api/v1/account/sessions")
        .send()
        .await
        .unwrap();
    assert_eq!(sessions.status(), StatusCode::OK);

    // Signed in with the password only: not even the operator's own queue.
    let (pending, _) = Session::from(sign_in(&app, "olga@provider.example", PASSWORD).await).await;
    let refused = pending
        .get(&app, "/api/v1/identifications")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(refused).await, "second_factor_required");
    let passed = pending.pass(&app, &codes[0]).await;
    assert_eq!(passed.status(), StatusCode::OK);
    let queue = pending
        .get(&app, "/api/v1/identifications")
        .send()
        .await
        .unwrap();
    assert_eq!(queue.status(), StatusCode::OK);
}
