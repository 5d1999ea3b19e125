//! The back office's onboarding (`/api/v1/admin/…`): an admin registers an organisation from
//! the register, appoints its manager on a representative's authority (the manager's set-up
//! mail arrives and sets the account up), changes the manager's organisations and level, and
//! suspends and reactivates them; every endpoint refuses anyone but an admin, and the weighty
//! ones ask for a recent second factor.

use domain::Level;
use middelpunt_server::auth::setup::{self, Invitation};
use middelpunt_server::auth::{self, Role};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use super::{PASSWORD, Session, code, error_code, mails_to, set_up, sign_in};
use crate::helpers::{DEMO_MANAGER, TestApp, log_in};

const ADMIN: &str = "ada.admin@provider.example";
const MANAGER: &str = "mo.manager@klant.example";

/// An account with `roles` (and `organisations`), set up with a password and an app; answers
/// its session (past the second factor) and the app's secret.
async fn staff(
    app: &TestApp,
    email: &str,
    roles: &[Role],
    organisations: &[&str],
) -> (Session, String) {
    let invitation = Invitation {
        email,
        name: "Ada Admin",
        level: Level::Eh3,
        organisations,
        roles,
    };
    let (_, token) = setup::invite(&app.state.db, &invitation, auth::unix_now())
        .await
        .unwrap();
    let (session, secret, _) = set_up(app, &token).await;
    (session, secret)
}

fn appointment(kvk: &str, authority: &str, representatives: &[&str]) -> Value {
    json!({
        "name": "Mo Manager",
        "email": MANAGER,
        "level": "EH3",
        "mandate": {
            "kvk_number": kvk,
            "representatives": representatives,
            "authority": authority,
            "reference": "MACHT-2026-17",
        }
    })
}

async fn problems(response: Response) -> Vec<(String, String)> {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "appointment_invalid");
    body["details"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert!(!p["message"].as_str().unwrap().is_empty());
            (
                p["field"].as_str().unwrap().to_owned(),
                p["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn send(
    session: &Session,
    app: &TestApp,
    method: Method,
    path: &str,
    body: Value,
) -> Response {
    app.client
        .request(method, format!("{}{path}", app.url))
        .header("cookie", &session.cookie)
        .header("x-csrf-token", &session.csrf)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// An audit entry: action, actor's address, KvK number, detail.
type Entry = (String, String, Option<String>, Option<String>);

/// The audit entries about `subject`, oldest first.
async fn audit(app: &TestApp, subject: &str) -> Vec<Entry> {
    sqlx::query_as(
        "SELECT action, actor_email, kvk_number, detail FROM audit_log \
         WHERE subject = $1 ORDER BY id",
    )
    .bind(subject)
    .fetch_all(&app.state.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn an_admin_registers_an_organisation_and_appoints_its_manager_who_sets_up_the_account() {
    let app = super::app().await;
    let (admin, _) = staff(&app, ADMIN, &[Role::Admin], &[]).await;

    // The demo's organisations are registered, with the register's names.
    let listed = admin.json(&app, "/api/v1/admin/organisations").await;
    let names: Vec<&str> = listed["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    assert!(names.contains(&"Test BV Donald"), "{listed}");

    // Registering: looked up in the register; once.
    let registered = admin
        .post(
            &app,
            "/api/v1/admin/organisations",
            json!({ "kvk_number": "6959 9076" }),
        )
        .await;
    assert_eq!(registered.status(), StatusCode::CREATED);
    let registered: Value = registered.json().await.unwrap();
    assert_eq!(registered["kvk_number"], "69599076");
    assert!(
        registered["name"].as_str().unwrap().starts_with("Test VOF"),
        "{registered}"
    );
    let again = admin
        .post(
            &app,
            "/api/v1/admin/organisations",
            json!({ "kvk_number": "69599076" }),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(again).await, "organisation_registered");
    let unknown = admin
        .post(
            &app,
            "/api/v1/admin/organisations",
            json!({ "kvk_number": "12345678" }),
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let audited = audit(&app, "69599076").await;
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].0, "organisation_registered");
    assert_eq!(audited[0].1, ADMIN);

    // Appointing: for a registered organisation only, on a complete authority.
    let unregistered = admin
        .post(
            &app,
            "/api/v1/admin/managers",
            appointment("90004760", "sole", &["Jan Jansen"]),
        )
        .await;
    assert_eq!(
        problems(unregistered).await,
        [("mandate.kvk_number".to_owned(), "not_registered".to_owned())]
    );
    let joint_alone = admin
        .post(
            &app,
            "/api/v1/admin/managers",
            appointment("69599076", "joint", &["Jan Jansen"]),
        )
        .await;
    assert_eq!(
        problems(joint_alone).await,
        [(
            "mandate.representatives".to_owned(),
            "joint_needs_two".to_owned()
        )]
    );
    let appointed = admin
        .post(
            &app,
            "/api/v1/admin/managers",
            appointment("69599076", "joint", &["Jan Jansen", "Guus Geluk"]),
        )
        .await;
    assert_eq!(appointed.status(), StatusCode::CREATED);
    let appointed: Value = appointed.json().await.unwrap();
    assert_eq!(appointed["state"], "invited");
    let mandate = &appointed["organisations"][0]["mandate"];
    assert_eq!(mandate["authority"], "joint");
    assert_eq!(
        mandate["representatives"],
        json!(["Jan Jansen", "Guus Geluk"])
    );
    assert_eq!(mandate["appointed_by"], "Ada Admin");
    let id = appointed["id"].as_i64().unwrap();
    let twice = admin
        .post(
            &app,
            "/api/v1/admin/managers",
            appointment("69599076", "sole", &["Jan Jansen"]),
        )
        .await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(twice).await, "manager_exists");

    // The set-up mail arrives; its link sets the account up, and the list shows it active.
    let mail = mails_to(&app, MANAGER, 1).await.remove(0);
    assert!(
        mail.contains("machtigingenbeheerder van Test VOF"),
        "{mail}"
    );
    let token = mail
        .split("/account/instellen#")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned();
    let (manager, manager_secret, _) = set_up(&app, &token).await;
    let me = manager.json(&app, "/api/v1/session").await;
    assert_eq!(me["manager"]["organisations"], json!(["69599076"]));
    assert_eq!(me["manager"]["roles"], json!(["manager"]));
    let list = admin
        .json(&app, "/api/v1/admin/managers?q=mo.manager")
        .await;
    assert_eq!(list["managers"].as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list["managers"][0]["state"], "active");
    let actions: Vec<String> = audit(&app, MANAGER)
        .await
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert!(
        actions.contains(&"manager_appointed".to_owned()),
        "{actions:?}"
    );

    // Another organisation on its own authority; not twice; not the last one away.
    let path = format!("/api/v1/admin/managers/{id}/organisations");
    let mandate = json!({
        "kvk_number": "68750110", "representatives": ["Donald Duck"],
        "authority": "sole", "reference": "D-1"
    });
    let added = admin.post(&app, &path, mandate.clone()).await;
    assert_eq!(added.status(), StatusCode::OK);
    let added: Value = added.json().await.unwrap();
    assert_eq!(added["organisations"].as_array().unwrap().len(), 2);
    assert_eq!(
        error_code(admin.post(&app, &path, mandate).await).await,
        "mandate_exists"
    );
    let removed = admin.delete(&app, &format!("{path}/68750110")).await;
    assert_eq!(removed.status(), StatusCode::OK);
    let last = admin.delete(&app, &format!("{path}/69599076")).await;
    assert_eq!(last.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(last).await, "last_organisation");

    // The level.
    let level = send(
        &admin,
        &app,
        Method::PUT,
        &format!("/api/v1/admin/managers/{id}/level"),
        json!({ "level": "EH2" }),
    )
    .await;
    assert_eq!(level.status(), StatusCode::OK);
    let changed = audit(&app, MANAGER).await;
    let change = changed
        .iter()
        .find(|e| e.0 == "manager_level_changed")
        .unwrap();
    assert_eq!(change.2.as_deref(), Some("69599076"));
    assert_eq!(change.3.as_deref(), Some("EH3 → EH2"));

    // Suspended: the session ends at once and the password no longer signs in; reactivated:
    // it does again.
    let suspension = format!("/api/v1/admin/managers/{id}/suspension");
    let suspended = admin.post(&app, &suspension, json!({})).await;
    assert_eq!(suspended.status(), StatusCode::OK);
    let suspended: Value = suspended.json().await.unwrap();
    assert_eq!(suspended["state"], "suspended");
    let gone = manager
        .get(&app, "/api/v1/account/sessions")
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::UNAUTHORIZED);
    let refused = sign_in(&app, MANAGER, PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(refused).await, "account_suspended");
    let lifted = admin.delete(&app, &suspension).await;
    assert_eq!(lifted.status(), StatusCode::OK);
    assert_eq!(
        sign_in(&app, MANAGER, PASSWORD).await.status(),
        StatusCode::OK
    );
    let actions: Vec<String> = audit(&app, MANAGER)
        .await
        .into_iter()
        .map(|e| e.0)
        .collect();
    for action in [
        "manager_suspended",
        "manager_reactivated",
        "manager_organisation_removed",
    ] {
        assert!(
            actions.contains(&action.to_owned()),
            "{action}: {actions:?}"
        );
    }

    // A lost phone: the admin removes the second factor; the manager is signed out, told by
    // e-mail, and adds a new one at the next sign-in.
    let (again, _) = Session::from(sign_in(&app, MANAGER, PASSWORD).await).await;
    assert_eq!(
        again
            .pass(&app, &code(&manager_secret, auth::unix_now() + 30))
            .await
            .status(),
        StatusCode::OK
    );
    let reset = admin
        .post(
            &app,
            &format!("/api/v1/admin/managers/{id}/second-factor-reset"),
            json!({}),
        )
        .await;
    assert_eq!(reset.status(), StatusCode::OK);
    let gone = again
        .get(&app, "/api/v1/account/sessions")
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::UNAUTHORIZED);
    let told = mails_to(&app, MANAGER, 2).await;
    assert!(told[0].contains("passkeys en herstelcodes"), "{}", told[0]);
    let (fresh, body) = Session::from(sign_in(&app, MANAGER, PASSWORD).await).await;
    assert_eq!(body["second_factor"], "not_set_up");
    drop(fresh);
    let actions: Vec<String> = audit(&app, MANAGER)
        .await
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert!(
        actions.contains(&"second_factor_reset".to_owned()),
        "{actions:?}"
    );

    // A set-up link again only for an account not set up.
    let resend = admin
        .post(
            &app,
            &format!("/api/v1/admin/managers/{id}/setup-link"),
            json!({}),
        )
        .await;
    assert_eq!(resend.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(resend).await, "account_set_up");
}

#[tokio::test]
async fn a_new_set_up_link_replaces_the_one_sent_before() {
    let app = super::app().await;
    let (admin, _) = staff(&app, ADMIN, &[Role::Admin], &[]).await;
    let appointed = admin
        .post(
            &app,
            "/api/v1/admin/managers",
            appointment("68750110", "sole", &["Donald Duck"]),
        )
        .await;
    assert_eq!(appointed.status(), StatusCode::CREATED);
    let id = appointed.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let first = mails_to(&app, MANAGER, 1).await.remove(0);
    let resent = admin
        .post(
            &app,
            &format!("/api/v1/admin/managers/{id}/setup-link"),
            json!({}),
        )
        .await;
    assert_eq!(resent.status(), StatusCode::OK);
    let token = |mail: &str| {
        mail.split("/account/instellen#")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap()
            .to_owned()
    };
    let second = mails_to(&app, MANAGER, 2).await.remove(0);
    assert_ne!(token(&first), token(&second));
    let old = app
        .get("/api/v1/account-setup")
        .header("x-setup-token", token(&first))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::NOT_FOUND);
    let new = app
        .get("/api/v1/account-setup")
        .header("x-setup-token", token(&second))
        .send()
        .await
        .unwrap();
    assert_eq!(new.status(), StatusCode::OK);
}

/// Every back-office operation, with a body that would pass.
fn operations(id: i64) -> Vec<(Method, String, Value)> {
    let manager = format!("/api/v1/admin/managers/{id}");
    let mandate = json!({
        "kvk_number": "69599084", "representatives": ["D"], "authority": "sole", "reference": "R"
    });
    vec![
        (Method::GET, "/api/v1/admin/organisations".into(), json!({})),
        (
            Method::POST,
            "/api/v1/admin/organisations".into(),
            json!({ "kvk_number": "90000102" }),
        ),
        (Method::GET, "/api/v1/admin/managers".into(), json!({})),
        (
            Method::POST,
            "/api/v1/admin/managers".into(),
            appointment("68750110", "sole", &["Donald Duck"]),
        ),
        (Method::GET, manager.clone(), json!({})),
        (
            Method::PUT,
            format!("{manager}/level"),
            json!({ "level": "EH2" }),
        ),
        (Method::POST, format!("{manager}/organisations"), mandate),
        (
            Method::DELETE,
            format!("{manager}/organisations/68750110"),
            json!({}),
        ),
        (Method::POST, format!("{manager}/suspension"), json!({})),
        (Method::DELETE, format!("{manager}/suspension"), json!({})),
        (Method::POST, format!("{manager}/setup-link"), json!({})),
        (
            Method::POST,
            format!("{manager}/second-factor-reset"),
            json!({}),
        ),
    ]
}

#[tokio::test]
async fn every_back_office_endpoint_refuses_anyone_but_an_admin() {
    let app = super::app().await;
    let (operator, _) = staff(&app, "olga@provider.example", &[Role::Operator], &[]).await;
    let (other_manager, _) =
        staff(&app, "other@klant.example", &[Role::Manager], &["69599068"]).await;
    let demo = log_in(&app, DEMO_MANAGER).await;
    let demo = Session {
        cookie: demo.cookie,
        csrf: demo.csrf,
    };
    // The demo manager's id: an existing manager to aim at.
    let id: i64 = sqlx::query_scalar("SELECT id FROM managers WHERE email = $1")
        .bind(DEMO_MANAGER)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    for (method, path, body) in operations(id) {
        let anonymous = app
            .client
            .request(method.clone(), format!("{}{path}", app.url))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            anonymous.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {path}"
        );
        for (who, session) in [
            ("operator", &operator),
            ("manager", &other_manager),
            ("demo", &demo),
        ] {
            let refused = send(session, &app, method.clone(), &path, body.clone()).await;
            assert_eq!(
                refused.status(),
                StatusCode::FORBIDDEN,
                "{who}: {method} {path}"
            );
            assert_eq!(
                error_code(refused).await,
                "admin_only",
                "{who}: {method} {path}"
            );
        }
    }
    // Nothing changed.
    let suspended: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM managers WHERE suspended_at IS NOT NULL")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(suspended, 0);
}

#[tokio::test]
async fn appointing_and_widening_ask_for_a_recent_second_factor_but_suspending_does_not() {
    let app = super::app().await;
    let (admin, secret) = staff(&app, ADMIN, &[Role::Admin, Role::Operator], &[]).await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM managers WHERE email = $1")
        .bind(DEMO_MANAGER)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    // The second factor was given 16 minutes ago.
    sqlx::query("UPDATE sessions SET second_factor_at = second_factor_at - 960")
        .execute(&app.state.db)
        .await
        .unwrap();
    let weighty = [
        (
            Method::POST,
            "/api/v1/admin/managers".to_owned(),
            appointment("68750110", "sole", &["Donald Duck"]),
        ),
        (
            Method::PUT,
            format!("/api/v1/admin/managers/{id}/level"),
            json!({ "level": "EH2" }),
        ),
        (
            Method::POST,
            format!("/api/v1/admin/managers/{id}/organisations"),
            json!({ "kvk_number": "68727720", "representatives": ["K"], "authority": "sole", "reference": "R" }),
        ),
    ];
    for (method, path, body) in &weighty {
        let refused = send(&admin, &app, method.clone(), path, body.clone()).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{method} {path}");
        assert_eq!(error_code(refused).await, "step_up_required");
    }
    let suspended = admin
        .post(
            &app,
            &format!("/api/v1/admin/managers/{id}/suspension"),
            json!({}),
        )
        .await;
    assert_eq!(suspended.status(), StatusCode::OK);
    // The code again (the next 30-second step: the app's codes are accepted once), then each
    // works.
    let passed = admin
        .pass(&app, &code(&secret, auth::unix_now() + 30))
        .await;
    assert_eq!(passed.status(), StatusCode::OK);
    for (method, path, body) in weighty {
        let done = send(&admin, &app, method.clone(), &path, body).await;
        assert!(
            done.status().is_success(),
            "{method} {path}: {}",
            done.status()
        );
    }
    // An admin who is an operator too reaches both.
    let queue = admin
        .get(&app, "/api/v1/identifications")
        .send()
        .await
        .unwrap();
    assert_eq!(queue.status(), StatusCode::OK);
}
