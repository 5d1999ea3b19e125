//! The account's sessions (the account page's list, ending one or all others) and step-up (an
//! EH3 order or a revocation needs the second factor within the last 15 minutes).

use middelpunt_server::auth;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{EMAIL, PASSWORD, Session, app, code, error_code, invite, set_up, sign_in};

#[tokio::test]
async fn the_account_lists_its_sessions_and_ends_another_or_all_others() {
    let app = app().await;
    let token = invite(&app, EMAIL).await;
    let (first, _, codes) = set_up(&app, &token).await;
    // A second browser signs in (with a recovery code, so no wait for the app's next code).
    let second_response = app
        .client
        .post(format!("{}/api/v1/session", app.url))
        .header(
            "user-agent",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1",
        )
        .json(&json!({ "email": EMAIL, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let (second, _) = Session::from(second_response).await;
    let passed = second.pass(&app, &codes[0]).await;
    assert_eq!(passed.status(), StatusCode::OK);

    let listing: Value = first.json(&app, "/api/v1/account/sessions").await;
    let sessions = listing["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2, "{listing}");
    let current: Vec<&Value> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    let other = sessions.iter().find(|s| s["current"] == false).unwrap();
    assert!(other["user_agent"].as_str().unwrap().contains("iPhone"));
    let other_id = other["id"].as_str().unwrap().to_owned();
    let own_id = current[0]["id"].as_str().unwrap().to_owned();

    // The own session is not ended here; another account's manager cannot end this one.
    let own = first
        .delete(&app, &format!("/api/v1/account/sessions/{own_id}"))
        .await;
    assert_eq!(error_code(own).await, "current_session");
    let unknown = first
        .delete(&app, "/api/v1/account/sessions/0123456789abcdef")
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    // Ending the other session signs that browser out at once.
    let ended = first
        .delete(&app, &format!("/api/v1/account/sessions/{other_id}"))
        .await;
    assert_eq!(ended.status(), StatusCode::NO_CONTENT);
    let out = second.get(&app, "/api/v1/users").send().await.unwrap();
    assert_eq!(out.status(), StatusCode::UNAUTHORIZED);

    // "End all other sessions": two more browsers, both ended; this one stays.
    let third = sign_in(&app, EMAIL, PASSWORD).await;
    let fourth = sign_in(&app, EMAIL, PASSWORD).await;
    let (third, _) = Session::from(third).await;
    let (fourth, _) = Session::from(fourth).await;
    let all = first.delete(&app, "/api/v1/account/sessions").await;
    let all: Value = all.json().await.unwrap();
    assert_eq!(all["ended"], 2);
    for gone in [&third, &fourth] {
        let who: Value = gone.json(&app, "/api/v1/session").await;
        assert_eq!(who["manager"], Value::Null);
    }
    let still = first.get(&app, "/api/v1/users").send().await.unwrap();
    assert_eq!(still.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_manager_cannot_see_or_end_another_account_s_sessions() {
    let app = app().await;
    let bea = set_up(&app, &invite(&app, EMAIL).await).await.0;
    let other_email = "kees@andere-klant.example";
    let kees = set_up(&app, &invite(&app, other_email).await).await.0;
    let kees_sessions: Value = kees.json(&app, "/api/v1/account/sessions").await;
    let kees_id = kees_sessions["sessions"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let bea_sessions: Value = bea.json(&app, "/api/v1/account/sessions").await;
    assert_eq!(bea_sessions["sessions"].as_array().unwrap().len(), 1);
    assert_ne!(bea_sessions["sessions"][0]["id"], kees_id.as_str());
    let refused = bea
        .delete(&app, &format!("/api/v1/account/sessions/{kees_id}"))
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        kees.get(&app, "/api/v1/users")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    // Without a session: 401; with one that gave only the password: 403.
    let anonymous = app.get("/api/v1/account/sessions").send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let (pending, _) = Session::from(sign_in(&app, EMAIL, PASSWORD).await).await;
    let half = pending
        .get(&app, "/api/v1/account/sessions")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(half).await, "second_factor_required");
}

#[tokio::test]
async fn an_eh3_order_and_a_revocation_need_the_second_factor_within_fifteen_minutes() {
    let app = app().await;
    let token = invite(&app, EMAIL).await;
    let (session, secret, _) = set_up(&app, &token).await;
    let manager = crate::helpers::LoggedIn {
        cookie: session.cookie.clone(),
        csrf: session.csrf.clone(),
    };
    // The second factor was given 16 minutes ago.
    sqlx::query("UPDATE sessions SET second_factor_at = second_factor_at - 960")
        .execute(&app.state.db)
        .await
        .unwrap();
    let (status, body) =
        crate::orders::place(&app, &manager, "step-up-order-1", &crate::orders::order()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["code"], "step_up_required");
    assert_eq!(body["details"]["within_seconds"], 900);
    let revoke = session
        .post(&app, "/api/v1/means/M-unknown/revocation", json!({}))
        .await;
    assert_eq!(error_code(revoke).await, "step_up_required");

    // An EH2 order does not need it; nothing of the refused order was stored.
    let mut eh2 = crate::orders::order();
    eh2["level"] = json!("EH2");
    eh2["authorisations"] = json!({ "kind": "all_services" });
    let (status, body) = crate::orders::place(&app, &manager, "step-up-order-2", &eh2).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    // The code again (step-up), in the same session: the order goes through, as does the
    // revocation's check (this means does not exist).
    let again = session
        .pass(&app, &code(&secret, auth::unix_now() + 30))
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    let (status, body) =
        crate::orders::place(&app, &manager, "step-up-order-1", &crate::orders::order()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let revoke = session
        .post(&app, "/api/v1/means/M-unknown/revocation", json!({}))
        .await;
    assert_eq!(revoke.status(), StatusCode::NOT_FOUND);
}
