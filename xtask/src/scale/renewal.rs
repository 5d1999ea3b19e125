//! The manager's year at scale (issue 11): "select all that match this filter" and renew them,
//! 10,000 people of the 100,000, through the API as the SPA does it (the preview, then the
//! action under an idempotency key), on a copy of the bench's database (a renewal changes it),
//! timing the whole and sampling the server's own memory.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{BenchServer, bench_dir, http_error, mb, proc_kb, verdict};
use crate::error::XtaskError;
use crate::http::Client;
use crate::server;
use ureq::http::Method;

/// The people renewed at once: the action's limit.
const PEOPLE: usize = 10_000;
/// The goal for selecting and renewing them.
const GOAL: Duration = Duration::from_secs(60);
/// "Memory flat": the server may grow by at most this much (10,000 people's rows and the
/// answer are a few MB; holding every order or message would be far more).
const GROWTH_GOAL_KB: u64 = 96 * 1024;

fn total(client: &mut Client, filter: &str) -> Result<usize, XtaskError> {
    let path = format!("/api/v1/users?per_page=1&{filter}");
    let response = client.get(&path).map_err(|e| http_error(&path, e))?;
    response
        .json_field("total")
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| XtaskError::Build(format!("GET {path}: {}", response.text())))
}

/// The filter "active, expiring within N days" with the largest N that matches at most
/// [`PEOPLE`]: found by halving, as a manager narrows a filter.
fn filter(client: &mut Client) -> Result<(String, usize), XtaskError> {
    let (mut low, mut high) = (0_u32, 3650_u32);
    let mut best = (String::new(), 0);
    while low <= high {
        let days = (low + high) / 2;
        let candidate = format!("status=active&expiring_within={days}");
        let n = total(client, &candidate)?;
        if n <= PEOPLE {
            if n >= best.1 {
                best = (candidate, n);
            }
            low = days + 1;
        } else if days == 0 {
            break;
        } else {
            high = days - 1;
        }
    }
    Ok(best)
}

/// Runs the renewal on a copy of `database`. Ok(false) when it missed a goal.
pub fn bench(database: &Path) -> Result<bool, XtaskError> {
    let copy = bench_dir().join("renewal.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
    }
    std::fs::copy(database, &copy).map_err(|e| XtaskError::io(&copy, e))?;
    let server = BenchServer::start(&copy)?;
    let mut client = server::sign_in(server.addr)?;
    let (filter, matching) = filter(&mut client)?;
    if matching == 0 {
        println!("\nno active means to renew in this database; skipped");
        return Ok(true);
    }
    let query: serde_json::Map<String, serde_json::Value> = filter
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), serde_json::Value::from(v)))
        .collect();
    let body = serde_json::json!({
        "selection": { "kind": "filter", "filter": query },
        "action": { "kind": "renew", "term_years": 3 },
        "accepted_terms": true
    })
    .to_string();

    let rss_before_kb = proc_kb(server.pid(), "RssAnon").unwrap_or(0);
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (stop, pid) = (Arc::clone(&stop), server.pid());
        std::thread::spawn(move || {
            let mut peak = 0;
            while !stop.load(Ordering::Relaxed) {
                peak = peak.max(proc_kb(pid, "RssAnon").unwrap_or(0));
                std::thread::sleep(Duration::from_millis(5));
            }
            peak
        })
    };
    let started = Instant::now();
    let preview = client
        .post_json("/api/v1/bulk-actions/preview", &body)
        .map_err(|e| http_error("the preview", e))?;
    let previewed = started.elapsed();
    let applied = client
        .request_with(
            Method::POST,
            "/api/v1/bulk-actions",
            Some(body.as_bytes()),
            &[("idempotency-key", "bench-renewal-10000")],
        )
        .map_err(|e| http_error("the renewal", e))?;
    let time = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let peak_kb = sampler.join().unwrap_or(0).max(rss_before_kb);
    drop(server);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
    }
    if preview.status != 200 || applied.status != 201 {
        return Err(XtaskError::Build(format!(
            "the renewal answered {} / {}: {} {}",
            preview.status,
            applied.status,
            preview.text(),
            applied.text()
        )));
    }
    let done: usize = applied
        .json_field("done")
        .and_then(|d| d.parse().ok())
        .unwrap_or_default();
    let orders = applied
        .json_field("orders")
        .and_then(|o| serde_json::from_str::<Vec<String>>(&o).ok())
        .map_or(0, |o| o.len());
    let growth = peak_kb.saturating_sub(rss_before_kb);
    let met = time < GOAL && growth < GROWTH_GOAL_KB && done > 0;
    println!(
        "\n{:<28} {:>9} {:>9} {:>10} {:>9} {:>9} {:>8}  goal < {} s, growth < {}",
        "select all + renew, 3 years",
        "people",
        "orders",
        "preview",
        "total",
        "peak",
        "growth",
        GOAL.as_secs(),
        mb(GROWTH_GOAL_KB)
    );
    println!(
        "{:<28} {:>9} {:>9} {:>8.2} s {:>7.2} s {:>9} {:>8}  {}   filter {filter} ({matching} match, {done} renewed)",
        "",
        matching,
        orders,
        previewed.as_secs_f64(),
        time.as_secs_f64(),
        mb(peak_kb),
        format!("+{}", mb(growth)),
        verdict(met)
    );
    Ok(met)
}
