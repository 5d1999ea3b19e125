//! The `middelpunt-server` binary as an operator runs it.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::helpers::{DEMO_MANAGER, DEMO_PASSWORD, client_from, test_env};

const BINARY: &str = env!("CARGO_BIN_EXE_middelpunt-server");

/// Starts the binary on a fresh database in `dir`, with `extra` variables: the child and the URL
/// it announced.
async fn start(dir: &Path, extra: &[(&str, &str)]) -> (Child, String) {
    start_with(dir, extra, Stdio::null()).await
}

/// [`start`], its log going to `stderr` (`MIDDELPUNT_LOG=warn` unless `extra` says otherwise).
async fn start_with(dir: &Path, extra: &[(&str, &str)], stderr: Stdio) -> (Child, String) {
    let mut child = Command::new(BINARY)
        .envs(test_env(dir))
        .env("MIDDELPUNT_LOG", "warn")
        .envs(extra.iter().copied())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    // Demo mode prints its accounts after the address; the address comes first.
    let line = tokio::time::timeout(Duration::from_secs(30), stdout.next_line())
        .await
        .expect("the server announces itself")
        .unwrap()
        .unwrap();
    let url = line
        .strip_prefix("Middelpunt luistert op ")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    // Keep reading, so that the child never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = stdout.next_line().await {} });
    (child, url)
}

#[tokio::test]
async fn the_binary_announces_its_address_serves_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url) = start(dir.path(), &[]).await;

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

/// Sends `signal` (`TERM`, `KILL`) to `child`, as a service manager does (the workspace forbids
/// `unsafe`, so not libc::kill).
async fn signal(child: &Child, signal: &str) {
    let pid = child.id().unwrap().to_string();
    let kill = Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .await
        .unwrap();
    assert!(kill.success(), "kill -{signal} {pid}: {kill}");
}

#[tokio::test]
async fn after_sigterm_it_drains_not_ready_but_serving_then_stops() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url) = start(dir.path(), &[("MIDDELPUNT_SHUTDOWN_DRAIN_MS", "1500")]).await;
    let ready = format!("{url}/api/v1/health/ready");
    let mut status = 0;
    for _ in 0..100 {
        status = reqwest::get(&ready).await.unwrap().status().as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, 200, "ready before SIGTERM");
    let client = reqwest::Client::new();
    let sent = std::time::Instant::now();
    signal(&child, "TERM").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Draining: readiness says no, so the proxy moves away; requests are still answered.
    let during = client.get(&ready).send().await.unwrap();
    assert_eq!(during.status(), 503);
    let body: serde_json::Value = during.json().await.unwrap();
    assert_eq!(body["draining"], true);
    let catalogue = client
        .get(format!("{url}/api/v1/catalogue"))
        .send()
        .await
        .unwrap();
    assert_eq!(catalogue.status(), 200);
    let exit = tokio::time::timeout(Duration::from_secs(15), child.wait())
        .await
        .expect("the server stops after the drain")
        .unwrap();
    assert!(exit.success(), "{exit}");
    assert!(
        sent.elapsed() >= Duration::from_millis(1500),
        "it waited out the drain"
    );
}

#[tokio::test]
async fn json_logs_carry_the_request_id_of_the_request_they_belong_to() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url) = start_with(
        dir.path(),
        &[
            ("MIDDELPUNT_LOG_FORMAT", "json"),
            ("MIDDELPUNT_LOG", "info"),
        ],
        Stdio::piped(),
    )
    .await;
    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    let response = reqwest::get(format!("{url}/api/v1/no-such-thing"))
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let found = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(line) = stderr.next_line().await.unwrap() {
            let entry: serde_json::Value = serde_json::from_str(&line)
                .unwrap_or_else(|error| panic!("not a JSON line ({error}): {line}"));
            if entry["span"]["id"] == id.as_str() {
                return entry;
            }
        }
        panic!("the log ended without the request");
    })
    .await
    .expect("a log line of the request within 10 s");
    assert_eq!(found["span"]["path"], "/api/v1/no-such-thing");
    assert!(
        found["level"].is_string() && found["timestamp"].is_string(),
        "{found}"
    );
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

/// A field of `/proc/{pid}/status` in KiB, such as `VmRSS` (resident now) or `VmHWM` (its peak).
fn memory_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| {
            let value = line.strip_prefix(field)?.strip_prefix(':')?;
            value.trim().strip_suffix(" kB")?.trim().parse().ok()
        })
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

async fn log_in(client: reqwest::Client, url: String, email: String, password: &str) -> u16 {
    client
        .post(format!("{url}/api/v1/session"))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Every login costs argon2id's 19 MiB. Unbounded, 80 wrong logins at once took the process
/// to gigabytes, and the allocator kept much of it. Now at most one hash per core runs, in
/// reused memory: the peak stays far below 300 MB and the process returns to within 64 MB of
/// its idle size. Linux only (`/proc`).
#[tokio::test]
async fn a_flood_of_logins_neither_exhausts_memory_nor_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let (child, url) = start(dir.path(), &[("MIDDELPUNT_DEMO", "true")]).await;
    let pid = child.id().unwrap();
    let good = |client: &reqwest::Client| {
        log_in(
            client.clone(),
            url.clone(),
            DEMO_MANAGER.into(),
            DEMO_PASSWORD,
        )
    };
    assert_eq!(good(&client_from(2)).await, 200);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = memory_kib(pid, "VmRSS");

    // 80 wrong logins at once from four addresses (20 each, the per-address limit), for
    // addresses without an account, so that no account lock cuts the work short.
    let mut flood = tokio::task::JoinSet::new();
    for address in 3..=6_u8 {
        let client = client_from(address);
        for n in 0..20 {
            let email = format!("onbekend-{address}-{n}@voorbeeld.nl");
            flood.spawn(log_in(
                client.clone(),
                url.clone(),
                email,
                "fout wachtwoord",
            ));
        }
    }
    let statuses = flood.join_all().await;
    let wrong = statuses.iter().filter(|&&status| status == 401).count();
    let busy = statuses.iter().filter(|&&status| status == 429).count();
    assert_eq!(wrong + busy, 80, "{statuses:?}");
    assert!(
        wrong >= 8,
        "most wait for a slot rather than fail: {statuses:?}"
    );

    // Then 16 good logins, 8 at a time, from a fifth address.
    let manager = client_from(7);
    for _ in 0..2 {
        let mut batch = tokio::task::JoinSet::new();
        for _ in 0..8 {
            batch.spawn(good(&manager));
        }
        for status in batch.join_all().await {
            assert!(status == 200 || status == 429, "{status}");
        }
    }
    let peak = memory_kib(pid, "VmHWM");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = memory_kib(pid, "VmRSS");
    eprintln!(
        "login flood: idle {} MB, peak {} MB, after {} MB ({wrong} refused as wrong, {busy} as busy)",
        idle / 1024,
        peak / 1024,
        after / 1024
    );
    assert!(peak < 300 * 1024, "peak {peak} KiB");
    assert!(
        after < idle + 64 * 1024,
        "idle {idle} KiB, after {after} KiB"
    );
}

/// A production server started without mail settings would otherwise keep every invitation
/// link and SMS code in the development mailbox, readable by anyone: it does not start.
#[tokio::test]
async fn without_mail_settings_the_binary_refuses_to_start_rather_than_publish_links() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BINARY)
        .envs(
            test_env(dir.path())
                .into_iter()
                .filter(|(name, _)| *name != "MIDDELPUNT_DEV_MAILBOX"),
        )
        .output()
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("MIDDELPUNT_SMTP_HOST"), "{stderr}");
    assert!(stderr.contains("MIDDELPUNT_DEV_MAILBOX=true"), "{stderr}");
    assert!(output.stdout.is_empty());
}
