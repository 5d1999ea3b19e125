//! `cargo xtask bench`: size budgets and benchmarks, each printing its figures.

use crate::cmd::{self, command};
use crate::error::XtaskError;
use crate::{spa, tools};

/// Benchmarks as `(package, bench target)`; each prints its own figures.
const BENCHES: &[(&str, &str, &str)] = &[("domain", "import", "crates/domain/benches/import.rs")];

pub fn bench() -> Result<(), XtaskError> {
    tools::ensure_all(tools::Purpose::Run)?;
    println!("==> first-load size (release SPA, brotli)");
    spa::build_release()?;
    let within_budget = spa::report_first_load()?;
    for (package, bench, path) in BENCHES {
        if cmd::root().join(path).is_file() {
            println!("\n==> benchmark {package}/{bench}");
            cmd::run(command("cargo").args(["bench", "--package", package, "--bench", bench]))?;
        }
    }
    if within_budget {
        Ok(())
    } else {
        Err(XtaskError::Build(
            "the first load is over its budget".into(),
        ))
    }
}
