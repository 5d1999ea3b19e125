//! Starting the application for a test.

use std::path::{Path, PathBuf};

use axum::middleware;
use middelpunt_server::{AppState, Config, openapi, run_wrapped};
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::conformance::{self, Checker};

/// The inline loader in the test SPA's `index.html`, as Trunk writes it (the CSP must allow
/// exactly this text).
pub const INLINE_SCRIPT: &str = "\nimport init, * as bindings from '/app-0123456789abcdef.js';\n\
     const wasm = await init({ module_or_path: '/app-0123456789abcdef_bg.wasm' });\n\
     window.wasmBindings = bindings;\n";

/// The hashed asset of the test SPA, and its precompressed siblings' contents.
pub const HASHED_JS: &str = "app-0123456789abcdef.js";
pub const JS: &str = "export default function init() {}\n";
pub const JS_BR: &[u8] = b"brotli-compressed app";
pub const JS_GZ: &[u8] = b"gzip-compressed app";

pub fn index_html() -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Middelpunt</title>\n\
         <link rel=\"modulepreload\" href=\"/{HASHED_JS}\" crossorigin=\"anonymous\">\n\
         <script type=\"module\">{INLINE_SCRIPT}</script>\n\
         <script src=\"/external-0123456789abcdef.js\"></script>\n\
         </head><body></body></html>\n"
    )
}

/// A running application. Stops when dropped.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    pub state: AppState,
    pub client: reqwest::Client,
    /// The temporary directory with `data/test.db` and `dist/`.
    pub dir: TempDir,
    shutdown: Option<oneshot::Sender<()>>,
}

impl TestApp {
    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.get(format!("{}{path}", self.url))
    }

    pub fn database_path(&self) -> PathBuf {
        self.dir.path().join("data").join("test.db")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// The application with a built SPA.
pub async fn spawn() -> TestApp {
    spawn_with(true).await
}

/// The application before the SPA is built (no `dist/index.html`).
pub async fn spawn_without_spa() -> TestApp {
    spawn_with(false).await
}

fn write_dist(dist: &Path) {
    std::fs::create_dir_all(dist).unwrap();
    std::fs::write(dist.join("index.html"), index_html()).unwrap();
    std::fs::write(dist.join(HASHED_JS), JS).unwrap();
    std::fs::write(dist.join(format!("{HASHED_JS}.br")), JS_BR).unwrap();
    std::fs::write(dist.join(format!("{HASHED_JS}.gz")), JS_GZ).unwrap();
    let prerendered = dist.join("prerendered");
    std::fs::create_dir_all(&prerendered).unwrap();
    std::fs::write(prerendered.join("prijzen.html"), PRERENDERED_PRICES).unwrap();
}

/// `dist/prerendered/prijzen.html`: the price page as the build prerenders it.
pub const PRERENDERED_PRICES: &str = "<!DOCTYPE html><title>Prijzen</title><h1>Prijzen</h1>";

/// The environment a test server runs with, as the process would see it.
pub fn test_env(dir: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("MIDDELPUNT_LISTEN", "127.0.0.1:0".to_owned()),
        (
            "MIDDELPUNT_DATABASE_URL",
            format!("sqlite://{}", dir.join("data").join("test.db").display()),
        ),
        (
            "MIDDELPUNT_DIST_DIR",
            dir.join("dist").display().to_string(),
        ),
        // The tests read the invitations and codes there (off unless asked for or in demo mode).
        ("MIDDELPUNT_DEV_MAILBOX", "true".to_owned()),
    ]
}

/// The application with a built SPA on the database at `database_url`.
pub async fn spawn_on(database_url: &str) -> TestApp {
    spawn_with_env(true, |env| {
        env.retain(|(name, _)| *name != "MIDDELPUNT_DATABASE_URL");
        env.push(("MIDDELPUNT_DATABASE_URL", database_url.to_owned()));
    })
    .await
}

async fn spawn_with(built: bool) -> TestApp {
    spawn_with_env(built, |_| {}).await
}

async fn spawn_with_env(
    built: bool,
    adjust: impl FnOnce(&mut Vec<(&'static str, String)>),
) -> TestApp {
    spawn_adjusted(built, adjust, |_| {}).await
}

/// The application with its environment adjusted by `adjust`, and its state by `adjust_state`
/// before it starts (e.g. a test's transports).
async fn spawn_adjusted(
    built: bool,
    adjust: impl FnOnce(&mut Vec<(&'static str, String)>),
    adjust_state: impl FnOnce(&mut AppState),
) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    if built {
        write_dist(&dir.path().join("dist"));
    }
    let mut env = test_env(dir.path());
    adjust(&mut env);
    let config = Config::from_lookup(|var| {
        env.iter()
            .find(|(name, _)| *name == var)
            .map(|(_, value)| value.clone())
    })
    .unwrap();
    let mut state = AppState::load(config).await.unwrap();
    adjust_state(&mut state);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (shutdown, stop) = oneshot::channel();
    // Every answer is checked against the OpenAPI document (crate::conformance).
    let checker = Checker::new(openapi::build(&state.config));
    tokio::spawn(run_wrapped(
        listener,
        state.clone(),
        async {
            let _ = stop.await;
        },
        |app| app.layer(middleware::from_fn_with_state(checker, conformance::check)),
    ));
    TestApp {
        url,
        state,
        client: reqwest::Client::new(),
        dir,
        shutdown: Some(shutdown),
    }
}

/// The application with a built SPA and these extra configuration variables.
pub async fn spawn_with_vars(vars: &[(&'static str, &str)]) -> TestApp {
    spawn_with_vars_and_state(vars, |_| {}).await
}

/// The same, with its state adjusted by `adjust_state` before it starts.
pub async fn spawn_with_vars_and_state(
    vars: &[(&'static str, &str)],
    adjust_state: impl FnOnce(&mut AppState),
) -> TestApp {
    let adjust = |env: &mut Vec<(&'static str, String)>| {
        for (name, value) in vars {
            env.retain(|(n, _)| n != name);
            env.push((name, (*value).to_owned()));
        }
    };
    spawn_adjusted(true, adjust, adjust_state).await
}

/// The demo manager (EH3) that `MIDDELPUNT_DEMO=true` creates, and its password.
pub const DEMO_MANAGER: &str = "beheerder@demo.middelpunt.nl";
pub const DEMO_PASSWORD: &str = "Middelpunt-demo-2026";

/// A logged-in manager: the `Cookie` header value and the CSRF token.
pub struct LoggedIn {
    pub cookie: String,
    pub csrf: String,
}

/// Logs in as the demo account `email` (the app must run with `MIDDELPUNT_DEMO=true`).
pub async fn log_in(app: &TestApp, email: &str) -> LoggedIn {
    let response = app
        .client
        .post(format!("{}/api/v1/session", app.url))
        .json(&serde_json::json!({ "email": email, "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "demo login");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let body: serde_json::Value = response.json().await.unwrap();
    LoggedIn {
        cookie,
        csrf: body["csrf_token"].as_str().unwrap().to_owned(),
    }
}

/// A new, empty PostgreSQL database on the server of `admin_url` (whose user may create
/// databases); answers its URL.
pub async fn fresh_postgres_database(admin_url: &str) -> String {
    use sqlx::Connection;
    let name = format!(
        "middelpunt_test_{}_{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
        std::process::id()
    );
    let mut admin = sqlx::PgConnection::connect(admin_url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("a URL with a database name");
    format!("{base}/{name}")
}

/// The `Retry-After` of an answer, in seconds.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> u64 {
    headers["retry-after"].to_str().unwrap().parse().unwrap()
}

/// An HTTP client whose connections come from 127.0.0.`last` (all of 127/8 is this machine), as
/// if from another network address.
pub fn client_from(last: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, last]))
        .build()
        .unwrap()
}
