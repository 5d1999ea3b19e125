//! `cargo xtask bench`: size budgets and benchmarks, each printing its figures, the entry pages
//! on an emulated slow phone (`tests/bench/first_paint.bench.mjs`), the users grid in Chromium
//! (`tests/bench/users_grid.bench.mjs`) and the Beheer pages at scale (`scale.rs`);
//! `cargo xtask bench load`: Middelpunt under load (`load.rs`).

use crate::cmd::{self, command};
use crate::error::XtaskError;
use crate::server::{self, TestServer};
use crate::{load, scale, spa, tools};

/// The users grid's browser benchmark.
const USERS_GRID_BENCH: &str = "tests/bench/users_grid.bench.mjs";
/// The import engine against JavaScript CSV parsers, in Chromium.
const IMPORT_ENGINE_BENCH: &str = "tests/bench/import_engine.bench.mjs";
/// The entry pages' first paint on a slow phone (figures only).
const FIRST_PAINT_BENCH: &str = "tests/bench/first_paint.bench.mjs";

/// Benchmarks as `(package, bench target)`; each prints its own figures.
const BENCHES: &[(&str, &str, &str)] = &[("domain", "import", "crates/domain/benches/import.rs")];

/// `cargo xtask bench`: everything; `cargo xtask bench beheer`: only the Beheer pages at scale;
/// `cargo xtask bench users`: only the users grid in Chromium; `cargo xtask bench engine`: only
/// the import engine against JavaScript CSV parsers in Chromium; `cargo xtask bench load …`:
/// only the load (its own options, see `load.rs`).
pub fn bench(args: &[String]) -> Result<(), XtaskError> {
    match args {
        [] => {}
        [only] if only == "users" => {
            tools::ensure_all(tools::Purpose::Test)?;
            server::build_for_tests()?;
            spa::build_release(server::Profile::Debug)?;
            return if users_grid()? {
                Ok(())
            } else {
                Err(users_grid_missed())
            };
        }
        [only] if only == "engine" => {
            tools::ensure_all(tools::Purpose::Test)?;
            server::build_for_tests()?;
            spa::build_release(server::Profile::Debug)?;
            return if import_engine()? {
                Ok(())
            } else {
                Err(import_engine_missed())
            };
        }
        [only] if only == "beheer" => {
            return if scale::bench()? {
                Ok(())
            } else {
                Err(missed())
            };
        }
        [only, rest @ ..] if only == "load" => {
            return if load::bench(rest)? {
                Ok(())
            } else {
                Err(XtaskError::Build(
                    "the load missed a goal (see above)".into(),
                ))
            };
        }
        _ => {
            return Err(XtaskError::Usage(
                "usage: cargo xtask bench [beheer | users | engine | load [--target URL …]]",
            ));
        }
    }
    tools::ensure_all(tools::Purpose::Test)?;
    println!("==> first-load size (release SPA, brotli)");
    server::build_for_tests()?;
    spa::build_release(server::Profile::Debug)?;
    let within_budget = spa::report_first_load()?;
    for (package, bench, path) in BENCHES {
        if cmd::root().join(path).is_file() {
            println!("\n==> benchmark {package}/{bench}");
            cmd::run(command("cargo").args(["bench", "--package", package, "--bench", bench]))?;
        }
    }
    first_paint()?;
    let users_grid_fast = users_grid()?;
    let engine_fastest = import_engine()?;
    let scale_goals_met = scale::bench()?;
    if !within_budget {
        return Err(XtaskError::Build(
            "the first load is over its budget".into(),
        ));
    }
    if !users_grid_fast {
        return Err(users_grid_missed());
    }
    if !engine_fastest {
        return Err(import_engine_missed());
    }
    if !scale_goals_met {
        return Err(missed());
    }
    Ok(())
}

/// The import engine's worker against uDSV and Papaparse in headless Chromium, on the built
/// release SPA; whether the engine was the fastest on every file.
fn import_engine() -> Result<bool, XtaskError> {
    println!("\n==> import engine against JavaScript CSV parsers ({IMPORT_ENGINE_BENCH})");
    let server = TestServer::start_as("bench-engine", Some("localhost"), false)?;
    let (ok, _) = cmd::run_captured(
        command("node")
            .arg(cmd::root().join(IMPORT_ENGINE_BENCH))
            .env("MIDDELPUNT_E2E_URL", &server.url)
            .env("MIDDELPUNT_E2E_CHROMIUM", tools::CHROMIUM),
    )?;
    Ok(ok)
}

fn import_engine_missed() -> XtaskError {
    XtaskError::Build("the import engine was not the fastest (see the table above)".into())
}

/// The users grid in headless Chromium: the built release SPA (`dist/`) served by the test
/// server as the browser tests start it, with the demo; whether every bound was met.
fn users_grid() -> Result<bool, XtaskError> {
    println!("\n==> users grid in Chromium ({USERS_GRID_BENCH})");
    server::build_for_tests()?;
    let server = TestServer::start_as("bench-users", Some("localhost"), true)?;
    let (ok, _) = cmd::run_captured(
        command("node")
            .arg(cmd::root().join(USERS_GRID_BENCH))
            .env("MIDDELPUNT_E2E_URL", &server.url)
            .env("MIDDELPUNT_E2E_CHROMIUM", tools::CHROMIUM),
    )?;
    Ok(ok)
}

/// The entry pages on an emulated slow phone: the built release SPA served by the test server.
fn first_paint() -> Result<(), XtaskError> {
    println!("\n==> entry pages on a slow phone ({FIRST_PAINT_BENCH})");
    let server = TestServer::start_as("bench-paint", Some("localhost"), true)?;
    cmd::run(
        command("node")
            .arg(cmd::root().join(FIRST_PAINT_BENCH))
            .env("MIDDELPUNT_E2E_URL", &server.url)
            .env("MIDDELPUNT_E2E_CHROMIUM", tools::CHROMIUM),
    )
}

fn users_grid_missed() -> XtaskError {
    XtaskError::Build("the users grid missed a bound (see the table above)".into())
}

fn missed() -> XtaskError {
    XtaskError::Build("a Beheer page or export missed its goal (see the table above)".into())
}
