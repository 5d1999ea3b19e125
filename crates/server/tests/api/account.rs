//! Real accounts: `admin create` and its one-time set-up link, the password policy, the
//! authenticator app (the tests compute its codes from the secret, RFC 6238), recovery codes,
//! and a session that gave only the password reaching nothing else.

use domain::Level;
use middelpunt_server::auth::setup::{self, Invitation};
use middelpunt_server::auth::{self, Role};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, retry_after, test_env};

mod back_office;
mod passkeys;
mod sessions;
mod settings;
mod staff;

const EMAIL: &str = "bea.devries@klant.example";
const NAME: &str = "Bea de Vries";
const PASSWORD: &str = "paars konijn fietst naar zee";

/// The application, on a fresh PostgreSQL database when `cargo xtask test` runs the suite there
/// (as the ordering tests do), else on SQLite.
async fn app() -> TestApp {
    crate::orders::demo_app(&[]).await
}

/// Invites an EH3 manager of KvK 68750110; answers the link's token.
async fn invite(app: &TestApp, email: &str) -> String {
    let invitation = Invitation {
        email,
        name: NAME,
        level: Level::Eh3,
        organisations: &["68750110"],
        roles: &[Role::Manager],
    };
    setup::invite(&app.state.db, &invitation, auth::unix_now())
        .await
        .unwrap()
        .1
}

/// A session: the cookie header value and the CSRF token.
struct Session {
    cookie: String,
    csrf: String,
}

impl Session {
    async fn from(response: Response) -> (Session, Value) {
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let body: Value = response.json().await.unwrap();
        let csrf = body["csrf_token"].as_str().unwrap().to_owned();
        (Session { cookie, csrf }, body)
    }

    fn get(&self, app: &TestApp, path: &str) -> reqwest::RequestBuilder {
        app.get(path).header("cookie", &self.cookie)
    }

    /// `GET path`, answered as JSON.
    async fn json(&self, app: &TestApp, path: &str) -> Value {
        self.get(app, path)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn delete(&self, app: &TestApp, path: &str) -> Response {
        app.client
            .delete(format!("{}{path}", app.url))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .send()
            .await
            .unwrap()
    }

    /// `POST /api/v1/session/second-factor` with `code`.
    async fn pass(&self, app: &TestApp, code: &str) -> Response {
        self.post(
            app,
            "/api/v1/session/second-factor",
            json!({ "code": code }),
        )
        .await
    }

    async fn post(&self, app: &TestApp, path: &str, body: Value) -> Response {
        app.client
            .post(format!("{}{path}", app.url))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap()
    }
}

/// `GET /api/v1/account-setup` with the link's `token`.
async fn open_link(app: &TestApp, token: &str) -> Response {
    app.get("/api/v1/account-setup")
        .header("x-setup-token", token)
        .send()
        .await
        .unwrap()
}

async fn set_password(app: &TestApp, token: &str, password: &str) -> Response {
    app.client
        .post(format!("{}/api/v1/account-setup", app.url))
        .header("x-setup-token", token)
        .json(&json!({ "password": password }))
        .send()
        .await
        .unwrap()
}

async fn sign_in(app: &TestApp, email: &str, password: &str) -> Response {
    app.client
        .post(format!("{}/api/v1/session", app.url))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
}

/// The app's code for `secret` (base32) at `at` (unix seconds).
fn code(secret: &str, at: i64) -> String {
    let bytes = totp_rs::Secret::try_from_base32(secret).unwrap();
    totp_rs::Builder::new()
        .with_secret(bytes.as_ref().to_vec())
        .build()
        .unwrap()
        .generate(u64::try_from(at).unwrap())
        .to_string()
}

async fn error_code(response: Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["code"].as_str().unwrap().to_owned()
}

/// Sets up the account of `token` with [`PASSWORD`] and an authenticator app; answers the
/// session, the app's secret and the recovery codes.
async fn set_up(app: &TestApp, token: &str) -> (Session, String, Vec<String>) {
    let (session, _) = Session::from(set_password(app, token, PASSWORD).await).await;
    let started = session
        .post(app, "/api/v1/account/authenticator", json!({}))
        .await;
    assert_eq!(started.status(), StatusCode::CREATED);
    let started: Value = started.json().await.unwrap();
    let secret = started["secret"].as_str().unwrap().to_owned();
    let confirmed = session
        .post(
            app,
            "/api/v1/account/authenticator/confirmation",
            json!({ "code": code(&secret, auth::unix_now()) }),
        )
        .await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    let confirmed: Value = confirmed.json().await.unwrap();
    let codes = confirmed["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (session, secret, codes)
}

#[tokio::test]
async fn a_new_account_sets_a_password_and_an_authenticator_app_then_signs_in_with_both() {
    let app = app().await;
    let token = invite(&app, "Bea.DeVries@Klant.example").await;

    // The link says whose account it is.
    let link = open_link(&app, &token).await;
    assert_eq!(link.status(), StatusCode::OK);
    let link: Value = link.json().await.unwrap();
    assert_eq!(link["email"], EMAIL);
    assert_eq!(link["name"], NAME);
    assert_eq!(link["purpose"], "setup");

    // The password policy: long enough, not guessable; the link still works after a refusal.
    for (password, reason) in [
        ("kort", "too_short"),
        ("password1234", "too_guessable"),
        ("devries20262026", "too_guessable"),
    ] {
        let refused = set_password(&app, &token, password).await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{password}"
        );
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["code"], "password_refused");
        assert_eq!(body["details"]["reason"], reason, "{password}");
        assert_eq!(body["details"]["min_length"], 12);
    }
    let accepted = set_password(&app, &token, PASSWORD).await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let (session, body) = Session::from(accepted).await;
    assert_eq!(body["second_factor"], "not_set_up");
    assert_eq!(body["manager"]["email"], EMAIL);

    // The link works once.
    assert_eq!(
        error_code(set_password(&app, &token, PASSWORD).await).await,
        "account_link_invalid"
    );

    // Without a second factor the session reaches nothing but adding one.
    let users = session.get(&app, "/api/v1/users").send().await.unwrap();
    assert_eq!(users.status(), StatusCode::FORBIDDEN);
    let users: Value = users.json().await.unwrap();
    assert_eq!(users["code"], "second_factor_required");
    assert_eq!(users["details"]["second_factor"], "not_set_up");
    let who: Value = session
        .get(&app, "/api/v1/session")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(who["second_factor"], "not_set_up");
    let skipped = session.pass(&app, "123456").await;
    assert_eq!(skipped.status(), StatusCode::FORBIDDEN);

    // Adding the app: its secret, URI and QR code; a wrong first code is refused.
    let started = session
        .post(&app, "/api/v1/account/authenticator", json!({}))
        .await;
    assert_eq!(started.status(), StatusCode::CREATED);
    let started: Value = started.json().await.unwrap();
    let secret = started["secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 32, "160 bits in base32");
    let uri = started["otpauth_uri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/Middelpunt:bea.devries%40klant.example?"),
        "{uri}"
    );
    assert!(uri.contains(&format!("secret={secret}")), "{uri}");
    assert!(started["qr_svg"].as_str().unwrap().starts_with("<?xml"));
    let now = auth::unix_now();
    let wrong = session
        .post(
            &app,
            "/api/v1/account/authenticator/confirmation",
            json!({ "code": code(&secret, now - 600) }),
        )
        .await;
    assert_eq!(error_code(wrong).await, "invalid_code");
    let confirmed = session
        .post(
            &app,
            "/api/v1/account/authenticator/confirmation",
            json!({ "code": code(&secret, now) }),
        )
        .await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    let confirmed: Value = confirmed.json().await.unwrap();
    assert_eq!(confirmed["session"]["second_factor"], "passed");
    let codes = confirmed["recovery_codes"].as_array().unwrap();
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| c.as_str().unwrap().len() == 11));

    // Now the account works, and a second app cannot be added over the first.
    let users = session.get(&app, "/api/v1/users").send().await.unwrap();
    assert_eq!(users.status(), StatusCode::OK);
    let again = session
        .post(&app, "/api/v1/account/authenticator", json!({}))
        .await;
    assert_eq!(error_code(again).await, "authenticator_exists");

    // Signing in again: the password, then the app's code; the code just used is refused
    // (accepted once), the next one passes.
    let (second, body) = Session::from(sign_in(&app, EMAIL, PASSWORD).await).await;
    assert_eq!(body["second_factor"], "required");
    let pending = second.get(&app, "/api/v1/users").send().await.unwrap();
    assert_eq!(error_code(pending).await, "second_factor_required");
    let replayed = second.pass(&app, &code(&secret, now)).await;
    assert_eq!(error_code(replayed).await, "invalid_code");
    let passed = second.pass(&app, &code(&secret, now + 30)).await;
    assert_eq!(passed.status(), StatusCode::OK);
    let passed: Value = passed.json().await.unwrap();
    assert_eq!(passed["second_factor"], "passed");
    let users = second.get(&app, "/api/v1/users").send().await.unwrap();
    assert_eq!(users.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_recovery_code_signs_in_once_and_never_again() {
    let app = app().await;
    let token = invite(&app, EMAIL).await;
    let (_, _, codes) = set_up(&app, &token).await;

    let (session, _) = Session::from(sign_in(&app, EMAIL, PASSWORD).await).await;
    // Typed in lower case with a space instead of the dash: still the code.
    let typed = codes[3].to_lowercase().replace('-', " ");
    let used = session.pass(&app, &typed).await;
    assert_eq!(used.status(), StatusCode::OK);

    let (again, _) = Session::from(sign_in(&app, EMAIL, PASSWORD).await).await;
    let reused = again.pass(&app, &codes[3]).await;
    assert_eq!(error_code(reused).await, "invalid_code");
    let other = again.pass(&app, &codes[4]).await;
    assert_eq!(other.status(), StatusCode::OK);

    let entries: Vec<(String,)> = sqlx::query_as(
        "SELECT action FROM audit_log WHERE action IN \
         ('password_set', 'authenticator_added', 'recovery_code_used', 'second_factor_failed') \
         ORDER BY id",
    )
    .fetch_all(&app.state.db)
    .await
    .unwrap();
    let actions: Vec<&str> = entries.iter().map(|(a,)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "password_set",
            "authenticator_added",
            "recovery_code_used",
            "second_factor_failed",
            "recovery_code_used"
        ]
    );
}

#[tokio::test]
async fn wrong_codes_make_the_account_s_second_factor_wait() {
    let app = app().await;
    let token = invite(&app, EMAIL).await;
    let (_, secret, _) = set_up(&app, &token).await;
    let (session, _) = Session::from(sign_in(&app, EMAIL, PASSWORD).await).await;
    for attempt in 1..=4 {
        let wrong = session.pass(&app, "000000").await;
        assert_eq!(error_code(wrong).await, "invalid_code", "attempt {attempt}");
    }
    let fifth = session.pass(&app, "000000").await;
    assert_eq!(fifth.status(), StatusCode::LOCKED);
    assert!(retry_after(fifth.headers()) > 0);
    assert_eq!(error_code(fifth).await, "second_factor_locked");
    // While it waits, even the right code is not checked.
    let right = session
        .pass(&app, &code(&secret, auth::unix_now() + 30))
        .await;
    assert_eq!(error_code(right).await, "second_factor_locked");
}

#[tokio::test]
async fn an_account_not_set_up_signs_in_with_no_password_and_its_link_expires() {
    let app = app().await;
    let token = invite(&app, EMAIL).await;
    for password in ["", "anything at all 123"] {
        let refused = sign_in(&app, EMAIL, password).await;
        assert_eq!(error_code(refused).await, "invalid_credentials");
    }
    // Inviting the same address twice is refused.
    let invitation = Invitation {
        email: EMAIL,
        name: NAME,
        level: Level::Eh3,
        organisations: &["68750110"],
        roles: &[Role::Manager],
    };
    let twice = setup::invite(&app.state.db, &invitation, auth::unix_now()).await;
    assert!(
        matches!(twice, Err(setup::InviteError::Exists(_))),
        "{twice:?}"
    );

    // Without the header: 401, as the activation's link.
    let missing = app.get("/api/v1/account-setup").send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(missing).await, "setup_token_missing");

    // A link past its 24 hours opens nothing, with the same answer as a forged one.
    sqlx::query("UPDATE account_links SET expires_at = $1")
        .bind(auth::unix_now() - 1)
        .execute(&app.state.db)
        .await
        .unwrap();
    for header in [token.as_str(), "forged-token"] {
        let expired = open_link(&app, header).await;
        assert_eq!(expired.status(), StatusCode::NOT_FOUND);
        assert_eq!(error_code(expired).await, "account_link_invalid");
    }
    assert_eq!(
        error_code(set_password(&app, &token, PASSWORD).await).await,
        "account_link_invalid"
    );
}

#[tokio::test]
async fn the_admin_command_prints_a_link_that_sets_up_the_account() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_middelpunt-server"))
        .envs(test_env(dir.path()))
        .env("MIDDELPUNT_PUBLIC_URL", "https://portaal.example.nl")
        .args([
            "admin",
            "create",
            "--email",
            "Olga@Provider.example",
            "--name",
            "Olga Jansen",
            "--role",
            "operator",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let link = stdout
        .lines()
        .find(|line| line.starts_with("https://portaal.example.nl/account/instellen#"))
        .unwrap_or_else(|| panic!("no link in {stdout}"));
    let token = link.rsplit_once('#').unwrap().1;

    // The server on the same database opens the link.
    let database = format!(
        "sqlite://{}",
        dir.path().join("data").join("test.db").display()
    );
    let app = crate::helpers::spawn_on(&database).await;
    let opened: Value = open_link(&app, token).await.json().await.unwrap();
    assert_eq!(opened["email"], "olga@provider.example");
    assert_eq!(opened["purpose"], "setup");

    // A second run for the same address is refused; so are wrong arguments, with the usage.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_middelpunt-server"))
        .envs(test_env(dir.path()))
        .args([
            "admin",
            "create",
            "--email",
            "olga@provider.example",
            "--name",
            "Olga",
            "--role",
            "operator",
        ])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let wrong = std::process::Command::new(env!("CARGO_BIN_EXE_middelpunt-server"))
        .envs(test_env(dir.path()))
        .args([
            "admin", "create", "--email", "x@y.nl", "--name", "X", "--role", "manager",
        ])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("needs at least one --kvk"));
}

/// How many messages to `recipient` were enqueued (delivered or not).
async fn messages_to(app: &TestApp, recipient: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE recipient = $1")
        .bind(recipient)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

async fn request_reset(app: &TestApp, email: &str) -> Response {
    app.client
        .post(format!("{}/api/v1/password-reset", app.url))
        .json(&json!({ "email": email }))
        .send()
        .await
        .unwrap()
}

/// The texts of the mails the development mailbox holds for `recipient`, newest first, once
/// there are `count`.
async fn mails_to(app: &TestApp, recipient: &str, count: usize) -> Vec<String> {
    for _ in 0..100 {
        let listing: Value = app
            .get(&format!("/api/v1/dev/messages?recipient={recipient}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let texts: Vec<String> = listing["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["text"].as_str().unwrap().to_owned())
            .collect();
        if texts.len() >= count {
            return texts;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("fewer than {count} mails to {recipient}");
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_a_mailed_link_and_the_second_factor_still_asked() {
    let app = app().await;
    let token = invite(&app, EMAIL).await;
    let (_, secret, _) = set_up(&app, &token).await;

    // The same answer with and without an account; only the account gets a mail.
    let unknown = request_reset(&app, "niemand@klant.example").await;
    assert_eq!(unknown.status(), StatusCode::ACCEPTED);
    let known = request_reset(&app, "  BEA.devries@klant.example ").await;
    assert_eq!(known.status(), StatusCode::ACCEPTED);
    let mails = mails_to(&app, EMAIL, 1).await;
    let link = mails[0]
        .lines()
        .find(|line| line.contains("/account/instellen#"))
        .expect("a link in the mail");
    let reset_token = link.rsplit_once('#').unwrap().1;
    // A second request within ten minutes sends no second mail.
    assert_eq!(
        request_reset(&app, EMAIL).await.status(),
        StatusCode::ACCEPTED
    );

    let opened: Value = open_link(&app, reset_token).await.json().await.unwrap();
    assert_eq!(opened["purpose"], "reset");
    let new_password = "groene olifant zwemt in de gracht";
    let reset = set_password(&app, reset_token, new_password).await;
    assert_eq!(reset.status(), StatusCode::OK);
    let (session, body) = Session::from(reset).await;
    assert_eq!(
        body["second_factor"], "required",
        "a new password is not a second factor"
    );
    let blocked = session.get(&app, "/api/v1/users").send().await.unwrap();
    assert_eq!(error_code(blocked).await, "second_factor_required");
    let passed = session
        .pass(&app, &code(&secret, auth::unix_now() + 30))
        .await;
    assert_eq!(passed.status(), StatusCode::OK);

    // The old password no longer signs in; the new one does.
    assert_eq!(
        error_code(sign_in(&app, EMAIL, PASSWORD).await).await,
        "invalid_credentials"
    );
    assert_eq!(
        sign_in(&app, EMAIL, new_password).await.status(),
        StatusCode::OK
    );
    // Counted in the outbox, where a message is from the moment it is enqueued: the mailbox
    // could still be empty for a message on its way.
    assert_eq!(messages_to(&app, EMAIL).await, 1, "one mail in ten minutes");
    assert_eq!(messages_to(&app, "niemand@klant.example").await, 0);
}
