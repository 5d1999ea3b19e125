//! `cargo xtask test`: every check and every test, one summary line at the end.

use std::path::PathBuf;

use crate::cmd::{self, command};
use crate::error::XtaskError;
use crate::server::{self, TestServer};
use crate::tools::{self, CHROMEDRIVER, CHROMIUM};
use crate::{chaos, mail_check, postgres, schemathesis, scim, spa};

/// Passed and failed counts over the whole run; a check (fmt, clippy, budget) counts as one.
#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    failures: Vec<String>,
}

impl Tally {
    fn check(&mut self, name: &str, ok: bool) {
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
            self.failures.push(name.to_string());
        }
    }

    /// One check whose outcome `judge` decides (and prints); one that could not run failed.
    fn judge<R>(
        &mut self,
        name: &str,
        outcome: Result<R, XtaskError>,
        judge: impl FnOnce(&R) -> bool,
    ) {
        let ok = match outcome {
            Ok(report) => judge(&report),
            Err(e) => {
                eprintln!("xtask: {e}");
                false
            }
        };
        self.check(name, ok);
    }

    /// Adds the counts a test runner printed; a run that failed without printing any count
    /// (a compile error, a crash) is one failure.
    fn tests(&mut self, name: &str, ok: bool, counts: Counts) {
        self.passed += counts.passed;
        self.failed += counts.failed;
        if counts.failed > 0 || !ok {
            self.failures.push(name.to_string());
        }
        if !ok && counts.failed == 0 {
            self.failed += 1;
        }
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    passed: usize,
    failed: usize,
}

/// Sums libtest's `test result: ok. 12 passed; 0 failed; …` lines (also printed by
/// wasm-bindgen-test-runner).
fn cargo_counts(output: &str) -> Counts {
    let mut counts = Counts::default();
    for line in output.lines().filter(|l| l.starts_with("test result:")) {
        counts.passed += number_before(line, " passed");
        counts.failed += number_before(line, " failed");
    }
    counts
}

/// Reads node's spec reporter summary: `ℹ pass 4` / `ℹ fail 1`.
fn node_counts(output: &str) -> Counts {
    let value = |key: &str| {
        output
            .lines()
            .filter_map(|l| {
                l.trim()
                    .strip_prefix("ℹ ")?
                    .strip_prefix(key)?
                    .trim()
                    .parse::<usize>()
                    .ok()
            })
            .sum()
    };
    Counts {
        passed: value("pass "),
        failed: value("fail "),
    }
}

fn number_before(line: &str, marker: &str) -> usize {
    line.find(marker)
        .and_then(|end| line[..end].rsplit([' ', '.']).next()?.parse().ok())
        .unwrap_or(0)
}

pub fn test() -> Result<(), XtaskError> {
    let mut tally = Tally::default();
    if let Err(e) = tools::ensure_all(tools::Purpose::Test) {
        eprintln!("xtask: {e}");
        tally.check("setup", false);
        return finish(tally);
    }

    step("formatting");
    tally.check(
        "cargo fmt",
        succeeded(command("cargo").args(["fmt", "--all", "--check"])),
    );

    step("clippy (native)");
    tally.check(
        "clippy native",
        succeeded(
            command("cargo")
                .arg("clippy")
                .args(server::NATIVE_PACKAGES)
                .args(["--all-targets", "--", "-D", "warnings"]),
        ),
    );

    step("clippy (SPA on wasm32)");
    tally.check(
        "clippy wasm32",
        succeeded(command("cargo").args([
            "clippy",
            "--package",
            "middelpunt",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])),
    );

    step("Rust tests (native)");
    let (ok, out) = captured(command("cargo").arg("test").args(server::NATIVE_PACKAGES));
    tally.tests("cargo test", ok, cargo_counts(&out));

    step(
        "Rust API tests on PostgreSQL (ordering, activation, beheer, machtigingen, the year, API clients, SCIM, webhooks, expiry warnings, and the PostgreSQL suite)",
    );
    match postgres::TestPostgres::start() {
        Ok(pg) => {
            let (ok, out) = captured(
                // The native step's package selection, so nothing is compiled again.
                command("cargo")
                    .arg("test")
                    .args(server::NATIVE_PACKAGES)
                    .args(["--test", "api", "--"])
                    .args([
                        "--include-ignored",
                        "account::",
                        "orders::",
                        "activation::",
                        "manage::",
                        "machtigingen::",
                        "year::",
                        "clients::",
                        "scim::",
                        "webhooks::",
                        "expiry_warnings::",
                        "postgres",
                    ])
                    .env("MIDDELPUNT_TEST_POSTGRES_ADMIN_URL", &pg.admin_url)
                    .env("MIDDELPUNT_TEST_POSTGRES_URL", &pg.admin_url),
            );
            tally.tests("cargo test on PostgreSQL", ok, cargo_counts(&out));
        }
        Err(e) => {
            eprintln!("xtask: {e}");
            tally.check("PostgreSQL test server", false);
        }
    }

    step(
        "chaos (short): kill -9, PostgreSQL away, SMTP away, SMS gateway faults and SIGTERM under load on two instances behind HAProxy",
    );
    let chaos = server::build_for_tests()
        .and_then(|()| chaos::run(chaos::Plan::short(), server::binary(server::Profile::Debug)));
    tally.judge("chaos (short)", chaos, |report| {
        report.print();
        report.passed()
    });

    step(
        "mail check: one sample of every e-mail over SMTP, well-formed and scored 0 by SpamAssassin's local rules",
    );
    let mail = server::build_for_tests()
        .and_then(|()| mail_check::run(&server::binary(server::Profile::Debug)));
    tally.judge("mail check", mail, |report| {
        report.print();
        report.passed()
    });

    for (package, test) in wasm_test_targets() {
        step(&format!(
            "Rust tests in headless Chromium ({package} {test})"
        ));
        let (ok, out) = captured(
            command("cargo")
                .args([
                    "test",
                    "--package",
                    &package,
                    "--target",
                    "wasm32-unknown-unknown",
                ])
                .args(["--test", &test])
                .env("CHROMEDRIVER", CHROMEDRIVER),
        );
        tally.tests(
            &format!("wasm test {package}/{test}"),
            ok,
            cargo_counts(&out),
        );
    }

    step("SPA release build, prerender and first-load budget");
    // The server first: the prerender runs the built apps against it.
    let server_built = report(server::build_for_tests());
    let built = server_built && report(spa::build_release(server::Profile::Debug));
    let within_budget = built
        && spa::report_first_load().unwrap_or_else(|e| {
            eprintln!("xtask: {e}");
            false
        });
    tally.check("first-load size budget", within_budget);

    step("browser end-to-end tests (Playwright, Chromium)");
    if built {
        run_e2e(&mut tally, e2e_files());
    } else {
        tally.check("e2e (not run: the build failed)", false);
    }

    step("Schemathesis: the API against its OpenAPI document");
    let passed = server_built
        && tools::ensure_schemathesis()
            .and_then(|executable| schemathesis::run(&executable))
            .map(|(passed, _output)| passed)
            .unwrap_or_else(|e| {
                eprintln!("xtask: {e}");
                false
            });
    tally.check("schemathesis", passed);

    step("SCIM: scim2-tester's compliance checks and an identity provider's scenario");
    let passed = server_built
        && tools::ensure_scim()
            .and_then(|python| scim::run(&python))
            .unwrap_or_else(|e| {
                eprintln!("xtask: {e}");
                false
            });
    tally.check("scim", passed);

    finish(tally)
}

/// `cargo xtask e2e [FILE…]`: only the browser tests (all, or the files named), against a fresh
/// test server, after a release build of the SPA.
pub fn e2e(files: &[String]) -> Result<(), XtaskError> {
    tools::ensure_all(tools::Purpose::Test)?;
    let mut tally = Tally::default();
    step("SPA release build and prerender");
    server::build_for_tests()?;
    spa::build_release(server::Profile::Debug)?;
    // The figures only: `cargo xtask test` holds them to the budgets.
    spa::report_first_load()?;
    step("browser end-to-end tests (Playwright, Chromium)");
    let files = if files.is_empty() {
        e2e_files()
    } else {
        files.iter().map(PathBuf::from).collect()
    };
    run_e2e(&mut tally, files);
    finish(tally)
}

fn run_e2e(tally: &mut Tally, files: Vec<PathBuf>) {
    // The demo server for most tests, and a fresh one without the demo for onboarding a
    // customer from nothing (tests/e2e/onboarding.test.mjs).
    let servers = TestServer::start_as("e2e", Some("localhost"), true).and_then(|demo| {
        TestServer::start_as("e2e-fresh", Some("localhost"), false).map(|fresh| (demo, fresh))
    });
    match servers {
        Ok((server, fresh)) => {
            let node = |files: Vec<PathBuf>| {
                let mut node = command("node");
                node.args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
                    .args(files)
                    .env("MIDDELPUNT_E2E_URL", &server.url)
                    // For `admin create` against the server's database (accounts.mjs).
                    .env("MIDDELPUNT_E2E_DATABASE_URL", &server.database_url)
                    .env("MIDDELPUNT_E2E_FRESH_URL", &fresh.url)
                    .env("MIDDELPUNT_E2E_FRESH_DATABASE_URL", &fresh.database_url)
                    .env(
                        "MIDDELPUNT_E2E_SERVER_BIN",
                        server::binary(server::Profile::Debug),
                    )
                    .env("MIDDELPUNT_E2E_CHROMIUM", CHROMIUM);
                node
            };
            // The users step's files change nothing on the server (their session is mocked in
            // the browser): they run beside the others, one file at a time in each stream.
            let (beside, rest): (Vec<PathBuf>, Vec<PathBuf>) =
                files.into_iter().partition(|f| runs_beside(f));
            let (one, two) = std::thread::scope(|scope| {
                let one =
                    scope.spawn(|| (!rest.is_empty()).then(|| captured(&mut node(rest.clone()))));
                let two = (!beside.is_empty()).then(|| captured(&mut node(beside.clone())));
                (
                    one.join()
                        .expect("the browser tests' thread does not panic"),
                    two,
                )
            });
            for (ok, out) in one.into_iter().chain(two) {
                tally.tests("e2e", ok, node_counts(&out));
            }
        }
        Err(e) => {
            eprintln!("xtask: {e}");
            tally.check("e2e server", false);
        }
    }
}

fn finish(tally: Tally) -> Result<(), XtaskError> {
    end_step();
    if !tally.failures.is_empty() {
        println!("\nfailed: {}", tally.failures.join(", "));
    }
    println!("\n{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed == 0 {
        Ok(())
    } else {
        Err(XtaskError::TestsFailed {
            failed: tally.failed,
        })
    }
}

/// The step under way and when it began, for [`step`] to print how long each took.
static STEP: std::sync::Mutex<Option<(String, std::time::Instant)>> = std::sync::Mutex::new(None);

/// Announces the next step, after the time the previous one took (so a slow CI run shows
/// where its minutes went).
fn step(name: &str) {
    end_step();
    println!("\n==> {name}");
    let mut current = STEP
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *current = Some((name.to_owned(), std::time::Instant::now()));
}

/// Prints how long the step under way took, and ends it.
fn end_step() {
    let mut current = STEP
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((name, started)) = current.take() {
        println!("<== {name}: {:.0} s", started.elapsed().as_secs_f64());
    }
}

fn report<T>(result: Result<T, XtaskError>) -> bool {
    match result {
        Ok(_) => true,
        Err(e) => {
            eprintln!("xtask: {e}");
            false
        }
    }
}

fn succeeded(cmd: &mut std::process::Command) -> bool {
    report(cmd::run(cmd))
}

fn captured(cmd: &mut std::process::Command) -> (bool, String) {
    cmd::run_captured(cmd).unwrap_or_else(|e| {
        eprintln!("xtask: {e}");
        (false, String::new())
    })
}

/// `(package, test)` for every `tests/wasm.rs`-style browser test: the domain engine in WASM
/// and the SPA's component tests, where they exist.
fn wasm_test_targets() -> Vec<(String, String)> {
    let root = cmd::root();
    [
        ("domain", "crates/domain/tests/wasm.rs"),
        ("middelpunt", "tests/web.rs"),
    ]
    .into_iter()
    .filter(|(_, path)| root.join(path).is_file())
    .map(|(package, path)| {
        let stem = PathBuf::from(path)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        (package.to_string(), stem)
    })
    .collect()
}

/// The browser test files whose session is mocked in the browser (`openUsersStep` in
/// `tests/e2e/users_step.mjs`): they write nothing on the test server, so they run in a
/// second stream beside the others.
const BESIDE: [&str; 5] = [
    "users.test.mjs",
    "users_fix.test.mjs",
    "users_grid.test.mjs",
    "users_list.test.mjs",
    "users_mapping.test.mjs",
];

fn runs_beside(file: &std::path::Path) -> bool {
    file.file_name()
        .is_some_and(|name| BESIDE.iter().any(|b| name == *b))
}

/// The browser test files: `tests/e2e/*.test.mjs`, sorted.
fn e2e_files() -> Vec<PathBuf> {
    let dir = cmd::root().join("tests").join("e2e");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_cargo_test_results() {
        let out = "running 3 tests\ntest result: ok. 3 passed; 0 failed; 0 ignored\n\
                   test result: FAILED. 5 passed; 2 failed; 1 ignored; 0 measured\n";
        assert_eq!(
            cargo_counts(out),
            Counts {
                passed: 8,
                failed: 2
            }
        );
    }

    #[test]
    fn reads_node_spec_summary() {
        let out = "✔ home page (20ms)\nℹ tests 5\nℹ suites 0\nℹ pass 4\nℹ fail 1\nℹ cancelled 0\n";
        assert_eq!(
            node_counts(out),
            Counts {
                passed: 4,
                failed: 1
            }
        );
    }

    #[test]
    fn a_run_that_failed_without_counts_is_one_failure() {
        let mut tally = Tally::default();
        tally.tests("cargo test", false, Counts::default());
        tally.tests(
            "e2e",
            true,
            Counts {
                passed: 3,
                failed: 0,
            },
        );
        assert_eq!((tally.passed, tally.failed), (3, 1));
    }
}
