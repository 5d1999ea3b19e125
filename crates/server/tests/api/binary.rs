//! The `middelpunt-server` binary as an operator runs it.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::helpers::test_env;

const BINARY: &str = env!("CARGO_BIN_EXE_middelpunt-server");

#[tokio::test]
async fn the_binary_announces_its_address_serves_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BINARY)
        .envs(test_env(dir.path()))
        .env("MIDDELPUNT_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = tokio::time::timeout(Duration::from_secs(30), stdout.next_line())
        .await
        .expect("the server announces itself")
        .unwrap()
        .unwrap();
    let url = line
        .strip_prefix("Middelpunt luistert op ")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"));
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let health = reqwest::get(format!("{url}/api/v1/health")).await.unwrap();
    assert_eq!(health.status(), 200);
    assert!(dir.path().join("data").join("test.db").is_file());

    // SIGTERM as a service manager sends it (the workspace forbids `unsafe`, so not libc::kill).
    let pid = child.id().unwrap().to_string();
    let kill = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert!(kill.success(), "kill -TERM {pid}: {kill}");
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("the server stops on SIGTERM")
        .unwrap();
    assert!(status.success(), "{status}");
}

#[tokio::test]
async fn a_bad_variable_stops_the_binary_with_its_name() {
    let output = Command::new(BINARY)
        .env("MIDDELPUNT_LISTEN", "localhost:8080")
        .output()
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("MIDDELPUNT_LISTEN=\"localhost:8080\""),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}
