//! What a run measured, per step, from goose's metrics: written as JSON for `cargo xtask bench
//! load`, which adds the server's side.

use std::fs;

use goose::metrics::GooseMetrics;
use serde::Serialize;

use crate::observe::{DrainReport, ServerReport};
use crate::steps;

/// One step: its requests (goose times a request to the answer's headers, i.e. its first byte),
/// those that failed, the latency percentiles and the throughput over the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepReport {
    pub name: String,
    pub requests: usize,
    pub errors: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub per_second: f64,
}

/// An error and how often it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorReport {
    pub error: String,
    pub count: usize,
}

/// A run's report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadReport {
    /// `mix` or `backlog`.
    pub kind: &'static str,
    pub target: String,
    /// The most goose users that ran at once.
    pub users: usize,
    /// How long the run lasted, ramp-up included (goose's count, whole seconds).
    pub seconds: f64,
    pub steps: Vec<StepReport>,
    /// The most frequent errors of requests and transactions.
    pub errors: Vec<ErrorReport>,
    /// The load generator's own CPU time (user + system).
    pub client_cpu_seconds: Option<f64>,
    /// Invitations sent by the managers' orders that no user came round to.
    pub invitations_not_followed: usize,
    /// Loopback addresses signed in from (the next run may start after them).
    pub sign_in_addresses: usize,
    /// The servers' CPU time, peak memory and outbox, when their pids and metrics addresses
    /// were given.
    pub server: ServerReport,
    /// The backlog's drain, in a backlog run.
    pub drain: Option<DrainReport>,
}

/// How many errors the report lists.
const ERRORS_LISTED: usize = 12;

fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

/// The steps' figures over a run of `seconds`, in the order of [`steps::ALL`].
pub fn steps(metrics: &GooseMetrics, seconds: f64) -> Vec<StepReport> {
    let mut steps: Vec<StepReport> = metrics
        .requests
        .values()
        .map(|request| {
            let data = &request.raw_data;
            let requests = request.success_count + request.fail_count;
            StepReport {
                name: request.path.clone(),
                requests,
                errors: request.fail_count,
                p50_ms: ms(data.percentile_us(0.50)),
                p95_ms: ms(data.percentile_us(0.95)),
                p99_ms: ms(data.percentile_us(0.99)),
                max_ms: ms(data.maximum_time_us),
                per_second: if seconds > 0.0 {
                    requests as f64 / seconds
                } else {
                    0.0
                },
            }
        })
        .collect();
    steps.sort_by(|a, b| {
        steps::rank(&a.name)
            .cmp(&steps::rank(&b.name))
            .then_with(|| a.name.cmp(&b.name))
    });
    steps
}

/// The most frequent errors: requests goose counted as failed and transactions that returned
/// an error (with the reason this crate gave).
pub fn errors(metrics: &GooseMetrics) -> Vec<ErrorReport> {
    let requests = metrics.errors.values().map(|e| ErrorReport {
        error: format!("request: {}", e.error),
        count: e.occurrences,
    });
    let transactions = metrics.transaction_errors.values().map(|e| ErrorReport {
        error: format!(
            "transaction: {}",
            e.error.chars().take(240).collect::<String>()
        ),
        count: e.occurrences,
    });
    let mut errors: Vec<ErrorReport> = requests.chain(transactions).collect();
    errors.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.error.cmp(&b.error)));
    errors.truncate(ERRORS_LISTED);
    errors
}

/// This process's CPU time so far, from `/proc/self/stat` (user + system, in the kernel's
/// fixed USER_HZ of 100 ticks a second); `None` where there is no such file.
pub fn own_cpu_seconds() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    cpu_seconds(&stat)
}

/// utime + stime of a `/proc/PID/stat` line, in seconds. The fields after the command name
/// (in parentheses, which may hold spaces) start with the state: utime and stime are the 12th
/// and 13th of them.
pub fn cpu_seconds(stat: &str) -> Option<f64> {
    const USER_HZ: f64 = 100.0;
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some((utime + stime) as f64 / USER_HZ)
}

impl LoadReport {
    /// The report as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report of strings and numbers serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_is_read_after_the_command_name() {
        let stat = "1234 (tokio (1) x) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0";
        assert_eq!(cpu_seconds(stat), Some(3.0));
        assert_eq!(cpu_seconds("garbage"), None);
        assert!(own_cpu_seconds().is_some());
    }

    #[test]
    fn an_empty_run_has_no_steps_or_errors() {
        let metrics = GooseMetrics::default();
        assert!(steps(&metrics, 1.0).is_empty());
        assert!(errors(&metrics).is_empty());
    }
}
