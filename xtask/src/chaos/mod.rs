//! `cargo xtask chaos [--short] [--server-bin PATH]`: faults during a steady load on the
//! cluster (two instances on PostgreSQL behind HAProxy, `cluster/`), with a real SMTP server
//! that records what it receives (`smtp.rs`) and a fake SMS gateway that keeps its own record
//! (`sms.rs`). Only addresses on this machine; every wait bounded.
//!
//! One load runs throughout ([`load`]); the faults follow each other, each in its own window:
//! `kill -9` of an instance (then started again), a PostgreSQL restart, the SMTP server away
//! (then back), the SMS gateway answering 500 and losing an answer, and `SIGTERM` to an
//! instance under load. Then the load stops and everything settles, and the run checks that
//! every accepted order exists exactly once, every person got exactly one invitation, no SMS
//! code went out twice, and what each fault promises (below). It prints a table per fault and
//! fails when anything was lost or duplicated or a promise was broken.
//!
//! `--short` (in `cargo xtask test`): each fault once, briefly, on the debug server; the full
//! run keeps each fault longer (the SMTP server away for a minute) on the release server.

mod load;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::cluster::{Cluster, ClusterOptions, DATABASE, READY_PATH};
use crate::error::XtaskError;
use crate::http::Client;
use crate::postgres::StopMode;
use crate::server::{self, Profile};
use crate::sms::{FakeSmsGateway, Fault, Outcome};
use crate::smtp::SmtpRecorder;
use load::{Board, Load};

const USAGE: &str = "usage: cargo xtask chaos [--short] [--server-bin PATH]";

/// How long each part takes.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Load before the first fault.
    steady: Duration,
    /// Load after each fault is repaired, before the next.
    after: Duration,
    /// How long a killed instance stays down.
    down: Duration,
    /// How long the SMTP server is away.
    smtp_away: Duration,
    /// Managers placing orders at once.
    managers: usize,
    /// Each manager places an order this often.
    pace: Duration,
}

impl Plan {
    /// Each fault once, briefly: the test run's form.
    pub fn short() -> Plan {
        Plan {
            steady: Duration::from_secs(2),
            after: Duration::from_secs(2),
            // Twice the server's 2 s database ping timeout: with a 2 s outage the one readiness
            // answer that fell inside it could arrive after PostgreSQL was back (CI-like load
            // made "readiness turned red" fail once).
            down: Duration::from_secs(4),
            smtp_away: Duration::from_secs(5),
            managers: 2,
            pace: Duration::from_millis(100),
        }
    }

    /// The full run.
    pub fn full() -> Plan {
        Plan {
            steady: Duration::from_secs(10),
            after: Duration::from_secs(10),
            down: Duration::from_secs(10),
            smtp_away: Duration::from_secs(60),
            managers: 4,
            pace: Duration::from_millis(250),
        }
    }
}

/// The windows, in order.
const WINDOWS: [&str; 6] = [
    "steady load",
    "kill -9 an instance",
    "PostgreSQL away, back",
    "SMTP server away",
    "SMS gateway 500, answer lost",
    "SIGTERM an instance",
];
const KILL: usize = 1;
const POSTGRES: usize = 2;
const SMTP: usize = 3;
const SMS: usize = 4;
const SIGTERM: usize = 5;

/// How long after the SMTP server's return every invitation queued meanwhile must be there.
const SMTP_RETURN_LIMIT: Duration = Duration::from_secs(30);
/// How long everything may take to settle after the load (an instance's lease is 30 s).
const SETTLE_LIMIT: Duration = Duration::from_secs(75);

/// A promise of one fault and whether it was kept.
#[derive(Debug, Clone)]
pub struct Check {
    pub window: usize,
    pub what: String,
    pub kept: bool,
}

/// What one window saw.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub sent: usize,
    pub accepted: usize,
    pub lost: usize,
    pub duplicated: usize,
    /// People who got their one invitation more than once with the same `Message-ID`: sent
    /// again because an instance died (or the database was away) between the mail server's
    /// acceptance and the record of it. SMTP has no exactly-once; receivers that keep one
    /// message per `Message-ID` show one.
    pub resent: usize,
    pub errors_during: usize,
    pub errors_after: usize,
    /// The errors by status (`none`: no answer), during and after.
    pub error_statuses: BTreeMap<String, usize>,
}

/// The outcome of a run.
#[derive(Debug, Clone)]
pub struct Report {
    pub rows: Vec<Row>,
    pub checks: Vec<Check>,
    pub elapsed: Duration,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.rows
            .iter()
            .all(|row| row.lost == 0 && row.duplicated == 0)
            && self.checks.iter().all(|check| check.kept)
    }

    pub fn print(&self) {
        println!(
            "\n{:<30} {:>8} {:>9} {:>5} {:>11} {:>7} {:>11} {:>10}",
            "fault",
            "requests",
            "accepted",
            "lost",
            "duplicated",
            "resent",
            "5xx during",
            "5xx after"
        );
        for (name, row) in WINDOWS.iter().zip(&self.rows) {
            println!(
                "{:<30} {:>8} {:>9} {:>5} {:>11} {:>7} {:>11} {:>10}",
                name,
                row.sent,
                row.accepted,
                row.lost,
                row.duplicated,
                row.resent,
                row.errors_during,
                row.errors_after
            );
        }
        for (name, row) in WINDOWS.iter().zip(&self.rows) {
            if !row.error_statuses.is_empty() {
                let statuses: Vec<String> = row
                    .error_statuses
                    .iter()
                    .map(|(status, n)| format!("{status}: {n}"))
                    .collect();
                println!("  {name}: {}", statuses.join(", "));
            }
        }
        println!(
            "(requests: every attempt, retries included; accepted and lost: orders by the window \
             of their first attempt; lost and duplicated also count people without, or with two \
             different, invitations; resent: the same invitation (Message-ID) twice)"
        );
        println!();
        for check in &self.checks {
            let mark = if check.kept { "ok  " } else { "FAIL" };
            println!("{mark} {}: {}", WINDOWS[check.window], check.what);
        }
        println!(
            "\nchaos: {} in {:.0} s",
            if self.passed() { "passed" } else { "FAILED" },
            self.elapsed.as_secs_f64()
        );
    }
}

/// `cargo xtask chaos …`.
pub fn command(args: &[String]) -> Result<(), XtaskError> {
    let mut short = false;
    let mut server_bin = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--short" => short = true,
            "--server-bin" => {
                server_bin = Some(PathBuf::from(rest.next().ok_or(XtaskError::Usage(USAGE))?));
            }
            _ => return Err(XtaskError::Usage(USAGE)),
        }
    }
    let server_bin = match server_bin {
        Some(path) => path,
        None if short => {
            server::build_for_tests()?;
            server::binary(Profile::Debug)
        }
        None => {
            server::build(Profile::Release)?;
            server::binary(Profile::Release)
        }
    };
    let report = run(if short { Plan::short() } else { Plan::full() }, server_bin)?;
    report.print();
    if report.passed() {
        Ok(())
    } else {
        Err(XtaskError::Build(
            "chaos: something was lost, duplicated or a promise broken".into(),
        ))
    }
}

/// Starts the cluster with its mail and SMS servers, runs `plan`, and answers the report.
pub fn run(plan: Plan, server_bin: PathBuf) -> Result<Report, XtaskError> {
    let started = Instant::now();
    let dir = crate::cmd::target_dir().join("chaos");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| XtaskError::io(&dir, e))?;
    let mut smtp = SmtpRecorder::start(&dir)?;
    let sms = FakeSmsGateway::start()?;
    let mut options = ClusterOptions::new(server_bin);
    options.dir = dir.join("cluster");
    options.env.extend(smtp.server_env());
    options.env.extend(sms.server_env());
    options
        .env
        .push(("MIDDELPUNT_OUTBOX_POLL_MS".into(), "200".into()));
    let mut cluster = Cluster::start(options)?;
    let run_id = format!(
        "{:x}",
        started.elapsed().as_nanos() ^ u128::from(std::process::id())
    );
    let load = Load::start(cluster.proxy_addr(), plan.managers, plan.pace, &run_id)?;
    let mut checks = Vec::new();

    std::thread::sleep(plan.steady);
    let mut check = |window: usize, what: String, kept: bool| {
        checks.push(Check { window, what, kept });
    };

    // kill -9: the proxy routes around the instance; it comes back.
    load.board().enter(KILL);
    cluster.kill(1);
    let routed_around = cluster.wait_proxy(1, false, Duration::from_secs(5)).is_ok();
    check(
        KILL,
        "the proxy took the killed instance out".into(),
        routed_around,
    );
    std::thread::sleep(plan.down);
    cluster.start_instance(1)?;
    let back = cluster.wait_proxy(1, true, Duration::from_secs(10)).is_ok();
    check(
        KILL,
        "started again, the proxy sends it traffic".into(),
        back,
    );
    load.board().repaired();
    std::thread::sleep(plan.after);

    // PostgreSQL away and back: readiness red, then green without restarting the instances.
    load.board().enter(POSTGRES);
    let watch = ReadinessWatch::start(cluster.instance(0).addr);
    cluster.stop_postgres(StopMode::Fast)?;
    std::thread::sleep(plan.down);
    cluster.start_postgres()?;
    let green = wait_ready(cluster.instance(0).addr, Duration::from_secs(20));
    load.board().repaired();
    let (saw_red, _) = watch.stop();
    check(
        POSTGRES,
        "readiness turned red while the database was away".into(),
        saw_red,
    );
    check(POSTGRES, "and green again, without a restart".into(), green);
    std::thread::sleep(plan.after);

    // The SMTP server away, then back: what was queued meanwhile arrives within 30 s.
    load.board().enter(SMTP);
    smtp.stop()?;
    std::thread::sleep(plan.smtp_away);
    let queued = accepted_emails(load.board());
    smtp.start_again()?;
    let returned = Instant::now();
    load.board().repaired();
    let all_there = wait_until(SMTP_RETURN_LIMIT, || {
        recipients(&smtp).is_ok_and(|got| queued.is_subset(&got))
    });
    check(
        SMTP,
        format!(
            "the {} invitations accepted by then arrived within {} s of its return ({:.1} s)",
            queued.len(),
            SMTP_RETURN_LIMIT.as_secs(),
            returned.elapsed().as_secs_f64()
        ),
        all_there,
    );
    std::thread::sleep(plan.after);

    // The SMS gateway: one 500, one answer lost after sending.
    load.board().enter(SMS);
    let sms_users = sms_faults(&cluster, &smtp, &sms, load.board())?;
    load.board().repaired();
    std::thread::sleep(plan.after);

    // SIGTERM under load: the instance drains; the proxy answers no 502.
    load.board().enter(SIGTERM);
    cluster.sigterm(0)?;
    let exit = cluster.wait_exit(0, Duration::from_secs(30));
    check(
        SIGTERM,
        format!("the instance stopped by itself ({exit:?})"),
        exit.is_some_and(|status| status.success()),
    );
    cluster.start_instance(0)?;
    load.board().repaired();
    std::thread::sleep(plan.after);

    let board = load.stop()?;
    let settled = settle(&smtp, &sms, &board, sms_users);
    let mut rows = tally(&board, &cluster, &smtp)?;
    for (window, what, kept) in settled {
        check(window, what, kept);
    }
    let exchanges = board.exchanges();
    let proxy_errors = exchanges
        .iter()
        .filter(|e| e.window == SIGTERM && matches!(e.status, Some(502..=504) | None))
        .count();
    check(
        SIGTERM,
        format!("no 502, 503, 504 or broken connection from the proxy ({proxy_errors})"),
        proxy_errors == 0,
    );
    let after_database = exchanges
        .iter()
        .filter(|e| e.window == POSTGRES && e.after_repair && e.status == Some(500))
        .count();
    check(
        POSTGRES,
        format!("no 500 once the database was back ({after_database})"),
        after_database == 0,
    );
    for (window, row) in rows.iter_mut().enumerate() {
        row.errors_during = exchanges
            .iter()
            .filter(|e| e.window == window && !e.after_repair && is_error(e.status))
            .count();
        row.errors_after = exchanges
            .iter()
            .filter(|e| e.window == window && e.after_repair && is_error(e.status))
            .count();
        for exchange in exchanges
            .iter()
            .filter(|e| e.window == window && is_error(e.status))
        {
            let status = exchange.status.map_or("none".to_owned(), |s| s.to_string());
            let when = if exchange.after_repair {
                "after"
            } else {
                "during"
            };
            *row.error_statuses
                .entry(format!("{status} {when}"))
                .or_default() += 1;
        }
    }
    cluster.stop();
    let _ = smtp.stop();
    Ok(Report {
        rows,
        checks,
        elapsed: started.elapsed(),
    })
}

/// A 5xx, or no answer at all.
fn is_error(status: Option<u16>) -> bool {
    status.is_none_or(|status| status >= 500)
}

/// Waits until `done`, at most `limit`, asking every 100 ms.
fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    loop {
        if done() {
            return true;
        }
        if start.elapsed() >= limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn wait_ready(addr: std::net::SocketAddr, limit: Duration) -> bool {
    let mut client = Client::with_timeout(addr, Duration::from_secs(3));
    wait_until(limit, || {
        client.get(READY_PATH).is_ok_and(|r| r.status == 200)
    })
}

/// Polls an instance's readiness in the background, remembering whether it was ever red.
struct ReadinessWatch {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<(bool, usize)>,
}

impl ReadinessWatch {
    fn start(addr: std::net::SocketAddr) -> ReadinessWatch {
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut client = Client::with_timeout(addr, Duration::from_secs(3));
            let (mut red, mut asked) = (false, 0);
            // Bounded: at most a minute of asking.
            for _ in 0..600 {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                asked += 1;
                red |= client.get(READY_PATH).is_ok_and(|r| r.status == 503);
                std::thread::sleep(Duration::from_millis(100));
            }
            (red, asked)
        });
        ReadinessWatch { stop, thread }
    }

    fn stop(self) -> (bool, usize) {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.join().unwrap_or((false, 0))
    }
}

/// The e-mail addresses of every person in an accepted order so far.
fn accepted_emails(board: &Board) -> BTreeSet<String> {
    board
        .orders()
        .into_iter()
        .filter(|order| order.order_number.is_some())
        .flat_map(|order| order.emails)
        .collect()
}

/// The recipients the SMTP server received mail for.
fn recipients(smtp: &SmtpRecorder) -> Result<BTreeSet<String>, XtaskError> {
    Ok(smtp
        .records()?
        .into_iter()
        .flat_map(|record| record.rcpt_tos)
        .map(|to| to.trim_matches(['<', '>']).to_ascii_lowercase())
        .collect())
}

/// The activation token in an invitation's text: what follows `/activeren/`.
fn token_in(text: &str) -> Option<String> {
    let start = text.find("/activeren/")? + "/activeren/".len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    (!token.is_empty()).then_some(token)
}

/// Two people confirm their address and ask for their SMS code: the first meets a 500, the
/// second a gateway that sends and then loses its answer. Answers the two tokens.
fn sms_faults(
    cluster: &Cluster,
    smtp: &SmtpRecorder,
    sms: &FakeSmsGateway,
    board: &Board,
) -> Result<usize, XtaskError> {
    let delivered = smtp.records()?;
    let tokens: Vec<String> = delivered
        .iter()
        .filter_map(|record| record.text.as_deref().and_then(token_in))
        .take(2)
        .collect();
    if tokens.len() < 2 || board.orders().is_empty() {
        return Err(XtaskError::Build(
            "chaos: no two invitations arrived to take through the SMS step".into(),
        ));
    }
    for (token, fault, seen) in [
        (&tokens[0], Fault::Status(500), Outcome::Failed(500)),
        (&tokens[1], Fault::SendThenHang, Outcome::SentThenHung),
    ] {
        sms.fail_next(1, fault);
        let mut user = Client::with_timeout(cluster.proxy_addr(), Duration::from_secs(15));
        for step in [
            "/api/v1/activation/email-confirmation",
            "/api/v1/activation/sms-code",
        ] {
            let response = user
                .request_with(
                    ureq::http::Method::POST,
                    step,
                    None,
                    &[("x-activation-token", token)],
                )
                .map_err(|e| XtaskError::Build(format!("chaos: {step}: {e}")))?;
            if response.status != 200 {
                return Err(XtaskError::Build(format!(
                    "chaos: {step} answered {}: {}",
                    response.status,
                    response.text()
                )));
            }
        }
        let met = wait_until(Duration::from_secs(15), || {
            sms.requests().iter().any(|request| request.outcome == seen)
        });
        if !met {
            return Err(XtaskError::Build(format!(
                "chaos: the gateway never met {seen:?}"
            )));
        }
    }
    sms.heal();
    Ok(tokens.len())
}

/// After the load: waits for every invitation and SMS; answers the promises about them.
fn settle(
    smtp: &SmtpRecorder,
    sms: &FakeSmsGateway,
    board: &Board,
    sms_users: usize,
) -> Vec<(usize, String, bool)> {
    let expected = accepted_emails(board);
    let all_mail = wait_until(SETTLE_LIMIT, || {
        recipients(smtp).is_ok_and(|got| expected.is_subset(&got))
    });
    let all_sms = sms.wait_for_sent(sms_users, SETTLE_LIMIT).is_ok();
    // The lost answer: the server gives up after its 10 s timeout and asks again 5 s later.
    let retried_same_key = wait_until(SETTLE_LIMIT, || {
        sms.requests()
            .iter()
            .any(|request| request.outcome == Outcome::Repeated)
    });
    let sent = sms.sent();
    let repeated = sms.repeated_texts();
    vec![
        (
            SMTP,
            format!(
                "every accepted person's invitation arrived ({})",
                expected.len()
            ),
            all_mail,
        ),
        (
            SMS,
            format!(
                "each code sent once by the gateway ({} sent for {sms_users}, {} repeated)",
                sent.len(),
                repeated.len()
            ),
            all_sms && sent.len() == sms_users && repeated.is_empty(),
        ),
        (
            SMS,
            "the lost answer was retried with the same Idempotency-Key".into(),
            retried_same_key,
        ),
    ]
}

/// Per window: orders sent, accepted, lost (never accepted, or accepted but not stored, or a
/// person without an invitation) and duplicated (stored twice, or a person with more than one
/// invitation).
fn tally(board: &Board, cluster: &Cluster, smtp: &SmtpRecorder) -> Result<Vec<Row>, XtaskError> {
    let stored = cluster.postgres().query(
        DATABASE,
        "SELECT idempotency_key, COUNT(*) FROM orders WHERE idempotency_key LIKE 'chaos-%' \
         GROUP BY idempotency_key",
    )?;
    let stored: BTreeMap<String, usize> = stored
        .lines()
        .filter_map(|line| {
            let (key, count) = line.split_once('|')?;
            Some((key.to_owned(), count.trim().parse().ok()?))
        })
        .collect();
    let mut invitations: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut deliveries: BTreeMap<String, usize> = BTreeMap::new();
    for record in smtp.records()? {
        for to in &record.rcpt_tos {
            let to = to.trim_matches(['<', '>']).to_ascii_lowercase();
            *deliveries.entry(to.clone()).or_default() += 1;
            invitations
                .entry(to)
                .or_default()
                .insert(record.message_id.clone().unwrap_or_default());
        }
    }
    let mut rows = vec![Row::default(); WINDOWS.len()];
    for exchange in board.exchanges() {
        rows[exchange.window].sent += 1;
    }
    for order in board.orders() {
        let row = &mut rows[order.window];
        let copies = stored.get(&order.key).copied().unwrap_or(0);
        if order.order_number.is_none() || copies == 0 {
            row.lost += 1;
            continue;
        }
        row.accepted += 1;
        if copies > 1 {
            row.duplicated += 1;
        }
        for email in &order.emails {
            let delivered = deliveries.get(email).copied().unwrap_or(0);
            let distinct = invitations.get(email).map_or(0, BTreeSet::len);
            if delivered == 0 {
                row.lost += 1;
            } else if distinct > 1 {
                row.duplicated += 1;
            } else if delivered > 1 {
                row.resent += 1;
            }
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_read_from_the_invitation() {
        let text = "Klik hier: https://localhost:8080/activeren/AbC-12_x3\nGroet";
        assert_eq!(token_in(text).as_deref(), Some("AbC-12_x3"));
        assert_eq!(token_in("geen link"), None);
    }

    #[test]
    fn a_run_fails_on_anything_lost_duplicated_or_broken() {
        let kept = Report {
            rows: vec![Row::default(); WINDOWS.len()],
            checks: vec![Check {
                window: 0,
                what: "x".into(),
                kept: true,
            }],
            elapsed: Duration::ZERO,
        };
        assert!(kept.passed());
        let mut lost = kept.clone();
        lost.rows[KILL].lost = 1;
        assert!(!lost.passed());
        let mut duplicated = kept.clone();
        duplicated.rows[SMTP].duplicated = 1;
        assert!(!duplicated.passed());
        let mut broken = kept;
        broken.checks[0].kept = false;
        assert!(!broken.passed());
    }
}
