//! `cargo xtask scim`: the SCIM 2.0 service provider (`/scim/v2`) checked from outside, against
//! a fresh test server on 127.0.0.1 (demo mode, development mailbox):
//!
//! - scim2-tester, the compliance checker (PyPI), runs every check that applies to a Users
//!   service provider (`xtask/scim/check.py`); its summary line is printed;
//! - a scenario with scim2-client (PyPI) in the role of an identity provider: a joiner is
//!   created, invited, activates, is read back active with a means, leaves (`active=false`) and
//!   the means is revoked; another organisation's client sees 404; a revoked client 401
//!   (`xtask/scim/scenario.py`).
//!
//! Both in a virtual environment under the target directory (`tools::ensure_scim`).

use std::path::Path;
use std::process::Command;

use crate::cmd;
use crate::error::XtaskError;
use crate::server::{self, TestServer};
use crate::tools;

/// The scripts, beside their shared models.
const SCRIPTS: &str = "xtask/scim";

/// `cargo xtask scim`: installs the checkers when missing, builds the server, runs both.
pub fn command() -> Result<(), XtaskError> {
    let python = tools::ensure_scim()?;
    server::build_for_tests()?;
    if run(&python)? {
        Ok(())
    } else {
        Err(XtaskError::Build(
            "the SCIM checks failed (see above)".into(),
        ))
    }
}

/// Runs the compliance check and the scenario against a fresh debug server (already built);
/// whether both passed. Their output goes to the terminal.
pub fn run(python: &Path) -> Result<bool, XtaskError> {
    let server = TestServer::start("scim")?;
    let checked = cmd::run(&mut script(python, "check.py", &server.url)).is_ok();
    let scenario = cmd::run(&mut script(python, "scenario.py", &server.url)).is_ok();
    Ok(checked && scenario)
}

/// `python xtask/scim/SCRIPT URL`, signed in as the demo manager.
fn script(python: &Path, name: &str, url: &str) -> Command {
    let mut command = Command::new(python);
    command
        .current_dir(cmd::root().join(SCRIPTS))
        .arg(name)
        .arg(url)
        .env("MIDDELPUNT_DEMO_EMAIL", server::DEMO_EMAIL)
        .env("MIDDELPUNT_DEMO_PASSWORD", server::DEMO_PASSWORD);
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scripts_are_where_the_commands_run_them() {
        for name in ["check.py", "scenario.py", "models.py", "portal.py"] {
            assert!(cmd::root().join(SCRIPTS).join(name).is_file(), "{name}");
        }
        let command = script(Path::new("python"), "check.py", "http://127.0.0.1:1");
        let args: Vec<_> = command.get_args().collect();
        assert_eq!(args, ["check.py", "http://127.0.0.1:1"]);
    }
}
