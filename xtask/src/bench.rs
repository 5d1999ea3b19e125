//! `cargo xtask bench`: size budgets and benchmarks, each printing its figures, and the Beheer
//! pages at scale (`scale.rs`); `cargo xtask bench load`: Middelpunt under load (`load.rs`).

use crate::cmd::{self, command};
use crate::error::XtaskError;
use crate::{load, scale, spa, tools};

/// Benchmarks as `(package, bench target)`; each prints its own figures.
const BENCHES: &[(&str, &str, &str)] = &[("domain", "import", "crates/domain/benches/import.rs")];

/// `cargo xtask bench`: everything; `cargo xtask bench beheer`: only the Beheer pages at scale;
/// `cargo xtask bench load …`: only the load (its own options, see `load.rs`).
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
        _ => {
            return Err(XtaskError::Usage(
                "usage: cargo xtask bench [beheer | load [--target URL …]]",
            ));
        }
    }
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
    let scale_goals_met = scale::bench()?;
    match (within_budget, scale_goals_met) {
        (true, true) => Ok(()),
        (false, _) => Err(XtaskError::Build(
            "the first load is over its budget".into(),
        )),
        (true, false) => Err(missed()),
    }
}

fn missed() -> XtaskError {
    XtaskError::Build("a Beheer page or export missed its goal (see the table above)".into())
}
