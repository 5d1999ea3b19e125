//! A run's report as tables for people.

use crate::report::LoadReport;

/// `kB` as whole megabytes.
fn mb(kb: u64) -> String {
    format!("{:.0} MB", kb as f64 / 1024.0)
}

/// Prints `report`: a line per step, the totals, the servers and the outbox, the errors.
pub fn print(report: &LoadReport) {
    println!(
        "\n{:<42} {:>9} {:>7} {:>9} {:>9} {:>9} {:>9} {:>8}",
        "step", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s"
    );
    for step in &report.steps {
        println!(
            "{:<42} {:>9} {:>7} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>8.1}",
            step.name,
            step.requests,
            step.errors,
            step.p50_ms,
            step.p95_ms,
            step.p99_ms,
            step.max_ms,
            step.per_second
        );
    }
    let requests: usize = report.steps.iter().map(|s| s.requests).sum();
    let errors: usize = report.steps.iter().map(|s| s.errors).sum();
    let per_second: f64 = report.steps.iter().map(|s| s.per_second).sum();
    println!(
        "{:<42} {:>9} {:>7} {:>39} {:>8.1}",
        "all steps", requests, errors, "", per_second
    );
    let cpu = report.client_cpu_seconds.map_or("?".to_owned(), |s| {
        format!("{s:.1} s ({:.0}% of one core)", 100.0 * s / report.seconds)
    });
    println!(
        "\n{} goose users for {:.0} s against {}; load generator CPU {cpu}",
        report.users, report.seconds, report.target
    );
    for process in &report.server.processes {
        println!(
            "server pid {}: CPU {:.1} s in {:.1} s ({:.0}% of one core); peak memory (VmHWM, the mapped database's pages included) {} before, {} after; own memory (RssAnon) {} after",
            process.pid,
            process.cpu_seconds,
            process.wall_seconds,
            100.0 * process.cpu_seconds / process.wall_seconds.max(f64::EPSILON),
            mb(process.peak_kb_before),
            mb(process.peak_kb_after),
            mb(process.anon_kb_after)
        );
    }
    if let Some(machine) = &report.server.machine {
        let servers: f64 = report.server.processes.iter().map(|p| p.cpu_seconds).sum();
        let generator = report.client_cpu_seconds.unwrap_or(0.0);
        println!(
            "machine ({} cores): busy {:.1} of {:.1} CPU seconds: the servers {servers:.1}, the load generator {generator:.1}, everything else {:.1}",
            machine.cores,
            machine.busy_seconds,
            machine.available_seconds,
            (machine.busy_seconds - servers - generator).max(0.0)
        );
    }
    if let Some(outbox) = &report.server.outbox {
        println!(
            "outbox: {:.0} e-mails sent ({:.1}/s), {:.0} SMS; e-mail queued at most {:.0} ({:.0} at the end); oldest due message: e-mail {:.0} s, SMS {:.0} s",
            outbox.emails_sent,
            outbox.emails_per_second,
            outbox.sms_sent,
            outbox.queued_email_max,
            outbox.queued_email_end,
            outbox.oldest_email_max_seconds,
            outbox.oldest_sms_max_seconds
        );
    }
    if report.kind == "mix" {
        println!(
            "invitations no user came round to in the run: {}",
            report.invitations_not_followed
        );
    }
    if let Some(drain) = &report.drain {
        let seconds =
            |s: Option<f64>| s.map_or("not within the limit".to_owned(), |s| format!("{s:.1} s"));
        println!(
            "backlog: {} orders, {} invitations placed in {:.1} s; no e-mail queued {} after the first order ({} after the last): {}; queued at most {:.0}, oldest due {:.0} s; {:.0} e-mails sent while watched",
            drain.orders,
            drain.invitations,
            drain.placing_seconds,
            seconds(drain.seconds_from_first_order),
            seconds(drain.seconds_after_last_order),
            drain
                .invitations_per_second
                .map_or("?".to_owned(), |r| format!("{r:.0} invitations/s")),
            drain.queued_email_max,
            drain.oldest_email_max_seconds,
            drain.emails_sent
        );
    }
    if !report.errors.is_empty() {
        println!("errors (most frequent first):");
        for error in &report.errors {
            println!("  {:>6}x {}", error.count, error.error);
        }
    }
}
