//! `cargo xtask …`: Middelpunt's own commands.
//!
//! - `run`: install what is missing, build the SPA in release, start the server on
//!   http://127.0.0.1:8080 (or `MIDDELPUNT_LISTEN`) with the embedded SQLite database.
//! - `test`: every check and test: fmt, clippy (native and wasm32), Rust tests, browser tests
//!   in Chromium, the first-load size budget, Schemathesis, the SCIM checks; ends with `N passed, M failed`.
//! - `schemathesis`: only the OpenAPI conformance fuzzer against a fresh signed-in test server
//!   (`schemathesis.rs`).
//! - `scim`: only the SCIM checks: scim2-tester's compliance checks and a joiner-to-leaver
//!   scenario with scim2-client, against a fresh test server (`scim.rs`).
//! - `dev`: the API server plus `trunk serve` with live reload on http://127.0.0.1:8081.
//! - `bench [beheer | users | engine]`: the size budget and the benchmarks, with their figures;
//!   the users grid in Chromium (`tests/bench/users_grid.bench.mjs`; only it with `users`); the
//!   import engine against uDSV and Papaparse in Chromium
//!   (`tests/bench/import_engine.bench.mjs`; only it with `engine`); also the Beheer
//!   pages and exports over HTTP against a seeded database of 100,000 users (`scale.rs`; only
//!   these with `beheer`). `bench load [...]`: a realistic load driven by goose, a step search
//!   and the outbox's backlog, on one instance and on a cluster (`load/`; not part of
//!   `bench`).
//! - `seed-demo [--users N] [--open M] [--database URL]`: fill a database with a large demo
//!   organisation for the demo manager (default `target/bench/seed-N-M.db`, made afresh).
//! - `admin create --email … --name … --role manager|operator …`: an account and its one-time
//!   set-up link, on the database of `run` (the server's `admin` command).
//! - `chaos [--short]`: faults (kill -9, PostgreSQL restart, SMTP away, SMS gateway errors,
//!   SIGTERM) during a steady load on the cluster; fails when anything is lost or duplicated
//!   (`chaos/`). `--short` runs in `test`.
//! - `mail-check`: one sample of every e-mail the server sends, over SMTP to a recording server,
//!   each checked to be well-formed and scored 0 by SpamAssassin's local rules
//!   (`mail_check.rs`; in `test`).
//! - `cluster [--instances N] [--port P] [--server-bin PATH] …`: the release server as N
//!   instances on PostgreSQL behind HAProxy (`cluster/`), until Ctrl-C; also a library for
//!   chaos and load tests, with the recording SMTP server (`smtp.rs`) and the fake SMS gateway
//!   (`sms.rs`).
//! - `kvk-smoke [--base-url URL] [KVK_NUMBER …]`: with a KvK API key (`MIDDELPUNT_KVK_API_KEY`),
//!   ask KvK's API (`MIDDELPUNT_KVK_BASE_URL`, default its test environment) through the
//!   server's own client for KvK's test numbers and a wrong key, and print the answers
//!   (`kvk_smoke.rs`). Needs the network: not part of `test`.
//! - `setup`: only install what is missing (Schemathesis included).

mod bench;
mod chaos;
#[allow(
    dead_code,
    reason = "also a library for the chaos harness and the load benchmark"
)]
mod cluster;
mod cmd;
mod error;
mod http;
mod kvk_smoke;
mod load;
mod mail_check;
mod postgres;
mod scale;
mod schemathesis;
mod scim;
mod server;
#[allow(
    dead_code,
    reason = "a library for the chaos harness (and `cluster --mail`)"
)]
mod sms;
#[allow(
    dead_code,
    reason = "a library for the chaos harness (and `cluster --mail`)"
)]
mod smtp;
mod spa;
mod suite;
mod tools;

use std::process::ExitCode;

use crate::error::XtaskError;

const USAGE: &str = "usage: cargo xtask <run | dev | test | e2e [FILE…] | schemathesis | scim | bench [beheer | users | load …] | seed-demo [--users N] [--open M] [--database URL] | admin create --email … --name … --role … | cluster [--instances N] [--port P] [--server-bin PATH] … | chaos [--short] [--server-bin PATH] | mail-check | kvk-smoke [--base-url URL] [KVK_NUMBER…] | setup>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(),
        Some("dev") => dev(),
        Some("test") => suite::test(),
        Some("e2e") => suite::e2e(&args[1..]),
        Some("schemathesis") => schemathesis::command(),
        Some("scim") => scim::command(),
        Some("bench") => bench::bench(&args[1..]),
        Some("seed-demo") => scale::seed_demo(&args[1..]),
        Some("admin") => server::admin(&args[1..]),
        Some("cluster") => cluster::command(&args[1..]),
        Some("chaos") => chaos::command(&args[1..]),
        Some("mail-check") => mail_check::command(&args[1..]),
        Some("kvk-smoke") => kvk_smoke::command(&args[1..]),
        Some("setup") => tools::ensure_all(tools::Purpose::Test),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(XtaskError::Usage(USAGE)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask run`: the product with its embedded defaults.
fn run() -> Result<(), XtaskError> {
    tools::ensure_all(tools::Purpose::Run)?;
    server::build(server::Profile::Release)?;
    spa::build_release(server::Profile::Release)?;
    server::exec(server::Profile::Release)
}

/// `cargo xtask dev`: API server on 8080, `trunk serve` with live reload on 8081.
fn dev() -> Result<(), XtaskError> {
    tools::ensure_all(tools::Purpose::Run)?;
    server::build(server::Profile::Debug)?;
    server::dev()
}
