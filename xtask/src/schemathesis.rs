//! `cargo xtask schemathesis`: the OpenAPI conformance fuzzer Schemathesis against a fresh test
//! server on 127.0.0.1 (demo mode, development mailbox), signed in as the demo manager, with
//! its standard checks on every operation of `/api/v1/openapi.json`; then once more signed in
//! as the demo's admin, on the back office's operations (`/api/v1/admin/…`), which answer a
//! manager only `403 admin_only`. Bounded in examples per operation and in time; the settings
//! are in `xtask/schemathesis.toml`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd;
use crate::error::XtaskError;
use crate::server::{self, TestServer};
use crate::tools;

/// The checked-in configuration: authentication from the variables below, bounds, checks.
const CONFIG: &str = "xtask/schemathesis.toml";
/// The variables the configuration reads the session from.
const SESSION_VAR: &str = "MIDDELPUNT_SCHEMATHESIS_SESSION";
const CSRF_VAR: &str = "MIDDELPUNT_SCHEMATHESIS_CSRF_TOKEN";

/// Reports (JUnit) and the printed output of the last run, under the target directory.
fn report_dir() -> PathBuf {
    cmd::target_dir().join("schemathesis")
}

/// `cargo xtask schemathesis`: installs Schemathesis when missing, builds the server, runs.
pub fn command() -> Result<(), XtaskError> {
    let executable = tools::ensure_schemathesis()?;
    server::build_for_tests()?;
    let (passed, _output) = run(&executable)?;
    if passed {
        Ok(())
    } else {
        Err(XtaskError::Build(format!(
            "Schemathesis found failures (see its summary above; output in {})",
            output_path().display()
        )))
    }
}

fn output_path() -> PathBuf {
    report_dir().join("output.txt")
}

/// Runs Schemathesis against a fresh debug server (already built): whether every check passed,
/// and what it printed (also kept in `target/schemathesis/output.txt`).
pub fn run(executable: &Path) -> Result<(bool, String), XtaskError> {
    let server = TestServer::start("schemathesis")?;
    let dir = report_dir();
    std::fs::create_dir_all(&dir).map_err(|e| XtaskError::io(&dir, e))?;
    let (manager_passed, mut output) = pass(executable, &server, server::DEMO_EMAIL, &[], &dir)?;
    let admin_dir = dir.join("admin");
    std::fs::create_dir_all(&admin_dir).map_err(|e| XtaskError::io(&admin_dir, e))?;
    let (admin_passed, admin_output) = pass(
        executable,
        &server,
        server::DEMO_ADMIN_EMAIL,
        &["--include-path-regex", ADMIN_PATHS],
        &admin_dir,
    )?;
    output.push_str(&admin_output);
    let path = output_path();
    std::fs::write(&path, &output).map_err(|e| XtaskError::io(&path, e))?;
    Ok((manager_passed && admin_passed, output))
}

/// The back office's operations, fuzzed a second time as the demo's admin.
const ADMIN_PATHS: &str = "^/api/v1/admin/";

/// One Schemathesis run signed in as the demo account `email`, with `extra` arguments.
fn pass(
    executable: &Path,
    server: &TestServer,
    email: &str,
    extra: &[&str],
    dir: &Path,
) -> Result<(bool, String), XtaskError> {
    let client = server.sign_in_as(email)?;
    let session = client
        .cookie()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, value)| value.to_owned())
        .ok_or_else(|| XtaskError::Build("the login set no session cookie".into()))?;
    let csrf_token = client.csrf_token.clone().unwrap_or_default();
    cmd::run_captured(
        schemathesis_command(executable, &server.url, dir)
            .args(extra)
            .env(SESSION_VAR, session)
            .env(CSRF_VAR, csrf_token),
    )
}

/// `schemathesis --config-file xtask/schemathesis.toml run URL/api/v1/openapi.json …`.
fn schemathesis_command(executable: &Path, url: &str, report_dir: &Path) -> Command {
    let mut command = Command::new(executable);
    command
        // Schemathesis keeps a cache (`.schemathesis/`) in its working directory.
        .current_dir(report_dir)
        .env("NO_COLOR", "1")
        .arg("--config-file")
        .arg(cmd::root().join(CONFIG))
        .arg("run")
        .arg(format!("{url}/api/v1/openapi.json"))
        .args(["--url", url])
        .args(["--report", "junit", "--report-dir"])
        .arg(report_dir)
        .arg("--no-color");
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_targets_the_loopback_server_with_the_checked_in_configuration() {
        let command = schemathesis_command(
            Path::new("schemathesis"),
            "http://127.0.0.1:4321",
            Path::new("/tmp/r"),
        );
        let args: Vec<String> = command
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args[0], "--config-file");
        assert!(Path::new(&args[1]).is_file(), "{} exists", args[1]);
        assert_eq!(args[2], "run");
        assert_eq!(args[3], "http://127.0.0.1:4321/api/v1/openapi.json");
        assert_eq!(args[4..6], ["--url", "http://127.0.0.1:4321"]);
    }

    #[test]
    fn the_configuration_reads_the_session_from_the_environment() {
        let config = std::fs::read_to_string(cmd::root().join(CONFIG)).unwrap();
        assert!(config.contains(&format!("${{{SESSION_VAR}}}")));
        assert!(config.contains(&format!("${{{CSRF_VAR}}}")));
    }
}
