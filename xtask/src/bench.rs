//! `cargo xtask bench`: size budgets and benchmarks, each printing its figures: the import
//! engine natively, the browser benchmarks of [`BROWSER_BENCHES`] (the entry pages on an
//! emulated slow phone, Lighthouse on the public pages, the users grid, the import engine against
//! JavaScript CSV parsers) and the Beheer pages at scale (`scale.rs`); `cargo xtask bench load`:
//! Middelpunt under load (`load.rs`).

use crate::cmd::{self, command};
use crate::error::XtaskError;
use crate::server::{self, TestServer};
use crate::{load, scale, spa, tools};

/// Benchmarks as `(package, bench target)`; each prints its own figures.
const BENCHES: &[(&str, &str, &str)] = &[("domain", "import", "crates/domain/benches/import.rs")];

/// A benchmark in headless Chromium against the built release SPA, served by a test server as
/// the browser tests start it: a node script that prints its table and exits with 1 when a
/// bound is missed.
struct BrowserBench {
    /// Its name for `cargo xtask bench NAME`.
    name: &'static str,
    /// What it measures, as its heading says.
    title: &'static str,
    script: &'static str,
    /// Whether the server has the demo (the bench logs in as its manager).
    demo: bool,
    /// Whether it runs Lighthouse (installed on first use, see [`tools::ensure_lighthouse`]).
    lighthouse: bool,
    /// What `cargo xtask bench` says when a bound was missed.
    missed: &'static str,
}

const BROWSER_BENCHES: [BrowserBench; 4] = [
    BrowserBench {
        name: "paint",
        title: "entry pages on a slow phone",
        script: "tests/bench/first_paint.bench.mjs",
        demo: true,
        lighthouse: false,
        missed: "the slow-phone benchmark failed",
    },
    BrowserBench {
        name: "lighthouse",
        title: "Lighthouse on the public pages",
        script: "tests/bench/lighthouse.bench.mjs",
        demo: false,
        lighthouse: true,
        missed: "a public page's layout shifted in Lighthouse, or Lighthouse failed (see above)",
    },
    BrowserBench {
        name: "users",
        title: "users grid in Chromium",
        script: "tests/bench/users_grid.bench.mjs",
        demo: true,
        lighthouse: false,
        missed: "the users grid missed a bound (see the table above)",
    },
    BrowserBench {
        name: "engine",
        title: "import engine against JavaScript CSV parsers",
        script: "tests/bench/import_engine.bench.mjs",
        demo: false,
        lighthouse: false,
        missed: "the import engine was not the fastest (see the table above)",
    },
];

/// `cargo xtask bench`: everything; `cargo xtask bench beheer`: only the Beheer pages at scale;
/// `cargo xtask bench NAME`: only that browser benchmark ([`BROWSER_BENCHES`]: `paint`,
/// `lighthouse`, `users`, `engine`); `cargo xtask bench load …`: only the load (its own options,
/// see `load.rs`).
pub fn bench(args: &[String]) -> Result<(), XtaskError> {
    match args {
        [] => {}
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
        [only] => {
            let Some(bench) = BROWSER_BENCHES.iter().find(|b| b.name == only) else {
                return Err(usage());
            };
            tools::ensure_all(tools::Purpose::Test)?;
            server::build_for_tests()?;
            spa::build_release(server::Profile::Debug)?;
            return if run_in_browser(bench)? {
                Ok(())
            } else {
                Err(XtaskError::Build(bench.missed.into()))
            };
        }
        _ => return Err(usage()),
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
    let mut missed_bounds = Vec::new();
    for bench in &BROWSER_BENCHES {
        if !run_in_browser(bench)? {
            missed_bounds.push(bench.missed);
        }
    }
    let scale_goals_met = scale::bench()?;
    if !within_budget {
        return Err(XtaskError::Build(
            "the first load is over its budget".into(),
        ));
    }
    if let Some(first) = missed_bounds.first() {
        return Err(XtaskError::Build((*first).into()));
    }
    if !scale_goals_met {
        return Err(missed());
    }
    Ok(())
}

fn usage() -> XtaskError {
    XtaskError::Usage(
        "usage: cargo xtask bench [beheer | paint | lighthouse | users | engine | load [--target URL …]]",
    )
}

/// Runs `bench` against a fresh test server on the built `dist/`; whether every bound was met.
fn run_in_browser(bench: &BrowserBench) -> Result<bool, XtaskError> {
    println!("\n==> {} ({})", bench.title, bench.script);
    let lighthouse = if bench.lighthouse {
        Some(tools::ensure_lighthouse()?)
    } else {
        None
    };
    let server = TestServer::start_as(
        &format!("bench-{}", bench.name),
        Some("localhost"),
        bench.demo,
    )?;
    let mut node = command("node");
    node.arg(cmd::root().join(bench.script))
        .env("MIDDELPUNT_E2E_URL", &server.url)
        .env("MIDDELPUNT_E2E_CHROMIUM", tools::CHROMIUM);
    if let Some(script) = lighthouse {
        node.env("MIDDELPUNT_LIGHTHOUSE", script);
    }
    let (ok, _) = cmd::run_captured(&mut node)?;
    Ok(ok)
}

fn missed() -> XtaskError {
    XtaskError::Build("a Beheer page or export missed its goal (see the table above)".into())
}
