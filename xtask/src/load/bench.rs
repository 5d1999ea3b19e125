//! The command `cargo xtask bench load`: its options, the three parts on each deployment, and
//! the tables.

use std::time::Instant;

use super::deployment::{Deployment, Mail, Received, Setup};
use super::{LoadOptions, LoadReport, P99_GOAL_MS, Target, run_backlog, run_load};
use crate::cmd;
use crate::error::XtaskError;
use crate::server::{self, Profile};

/// The backlog's goal per mail transport: every invitation delivered this soon after the
/// first order.
fn drain_goal_seconds(mail: Mail) -> f64 {
    match mail {
        Mail::DevMailbox => 20.0,
        Mail::Smtp => 60.0,
    }
}

/// The step search's first point; 4 goose users are a manager, two users and Beheer.
const SEARCH_FIRST: usize = 4;

/// Managers placing the backlog's orders at once.
const BACKLOG_MANAGERS: usize = 4;

const USAGE: &str = "usage: cargo xtask bench load [--setup sqlite|cluster|both] [--instances N] \
[--mail dev|smtp|both] [--target URL [--metrics ADDR]… [--pid PID]…] \
[--users N] [--seconds S] [--search-seconds S] [--max-users N] [--think-ms MS] \
[--refine N] [--backlog-orders N] [--first-address I] [--only mix|search|backlog]";

/// The command line of `cargo xtask bench load`.
#[derive(Debug)]
struct Args {
    /// A running deployment instead of the set-ups.
    target: Option<Target>,
    setups: Vec<Setup>,
    /// Where the backlog's e-mail goes (the mix and the search read the development mailbox).
    mails: Vec<Mail>,
    users: usize,
    seconds: u64,
    search_seconds: u64,
    max_users: usize,
    think_ms: u64,
    backlog_orders: usize,
    first_address: usize,
    /// Points the search adds between the last load within the goal and the first beyond.
    refine: usize,
    only: Option<String>,
}

impl Args {
    fn parse(args: &[String]) -> Result<Args, XtaskError> {
        let mut parsed = Args {
            target: None,
            setups: Vec::new(),
            mails: vec![Mail::DevMailbox, Mail::Smtp],
            users: 16,
            seconds: 30,
            search_seconds: 20,
            max_users: 512,
            think_ms: 1000,
            backlog_orders: 100,
            first_address: 0,
            refine: 2,
            only: None,
        };
        let mut setup = "both";
        let mut instances = 2;
        let mut metrics = Vec::new();
        let mut pids = Vec::new();
        let mut url = None;
        for (flag, value) in cmd::flags(args, USAGE)? {
            match flag {
                "--setup" if ["sqlite", "cluster", "both"].contains(&value) => setup = value,
                "--instances" => instances = cmd::number(value, USAGE)?,
                "--mail" => {
                    parsed.mails = match value {
                        "dev" => vec![Mail::DevMailbox],
                        "smtp" => vec![Mail::Smtp],
                        "both" => vec![Mail::DevMailbox, Mail::Smtp],
                        _ => return Err(XtaskError::Usage(USAGE)),
                    }
                }
                "--target" => url = Some(value.trim_end_matches('/').to_owned()),
                "--metrics" => metrics.push(value.to_owned()),
                "--pid" => pids.push(cmd::number(value, USAGE)?),
                "--users" => parsed.users = cmd::number(value, USAGE)?,
                "--seconds" => parsed.seconds = cmd::number(value, USAGE)?,
                "--search-seconds" => parsed.search_seconds = cmd::number(value, USAGE)?,
                "--max-users" => parsed.max_users = cmd::number(value, USAGE)?,
                "--think-ms" => parsed.think_ms = cmd::number(value, USAGE)?,
                "--backlog-orders" => parsed.backlog_orders = cmd::number(value, USAGE)?,
                "--first-address" => parsed.first_address = cmd::number(value, USAGE)?,
                "--refine" => parsed.refine = cmd::number(value, USAGE)?,
                "--only" if ["mix", "search", "backlog"].contains(&value) => {
                    parsed.only = Some(value.to_owned());
                }
                _ => return Err(XtaskError::Usage(USAGE)),
            }
        }
        if instances == 0 {
            return Err(XtaskError::Usage(USAGE));
        }
        parsed.setups = match setup {
            "sqlite" => vec![Setup::Sqlite],
            "cluster" => vec![Setup::Cluster(instances)],
            _ => vec![Setup::Sqlite, Setup::Cluster(instances)],
        };
        match url {
            Some(url) => {
                // A running deployment's e-mail goes where it was told.
                parsed.target = Some(Target { url, metrics, pids });
                parsed.setups.clear();
            }
            None if metrics.is_empty() && pids.is_empty() => {}
            None => return Err(XtaskError::Usage(USAGE)),
        }
        if parsed.users == 0 || parsed.seconds == 0 || parsed.search_seconds == 0 {
            return Err(XtaskError::Usage(USAGE));
        }
        Ok(parsed)
    }

    fn part(&self, name: &str) -> bool {
        self.only.as_deref().is_none_or(|only| only == name)
    }

    /// The deployments to measure: the given one, or each set-up.
    fn deployments(&self) -> Vec<Option<Setup>> {
        if self.target.is_some() {
            vec![None]
        } else {
            self.setups.iter().copied().map(Some).collect()
        }
    }

    /// A deployment for one measurement: the given one, or `setup` started anew.
    fn deploy(
        &self,
        setup: Option<Setup>,
        mail: Mail,
        name: &str,
    ) -> Result<Deployment, XtaskError> {
        match (setup, &self.target) {
            (Some(setup), _) => {
                let kind = match setup {
                    Setup::Sqlite => "sqlite",
                    Setup::Cluster(_) => "cluster",
                };
                Deployment::start(setup, mail, &format!("{kind}-{name}"))
            }
            (None, Some(target)) => Ok(Deployment::given(target.clone())),
            (None, None) => Err(XtaskError::Usage(USAGE)),
        }
    }
}

/// One point of the step search.
struct Point {
    users: usize,
    report: LoadReport,
}

/// One backlog's outcome.
struct Backlog {
    mail: Mail,
    drain_seconds: Option<f64>,
    invitations: usize,
    received: Option<Received>,
}

impl Backlog {
    fn within_goal(&self) -> bool {
        self.drain_seconds
            .is_some_and(|s| s < drain_goal_seconds(self.mail))
            && self.received.is_none_or(|r| {
                r.repeated == 0 && r.messages >= self.invitations && self.invitations > 0
            })
    }
}

/// What one deployment measured, for the summary.
struct Measured {
    name: String,
    mix: Option<LoadReport>,
    search: Option<(usize, f64)>,
    backlogs: Vec<Backlog>,
}

/// `cargo xtask bench load [...]`. Ok(false) when a goal was missed: a request of the mix
/// failed, or a backlog took too long or was not received exactly once.
pub fn bench(args: &[String]) -> Result<bool, XtaskError> {
    let args = Args::parse(args)?;
    let started = Instant::now();
    if args.target.is_none() {
        server::build(Profile::Release)?;
    }
    super::build()?;
    let built = started.elapsed();
    let mut next_address = args.first_address;
    let mut goals_met = true;
    let mut measured = Vec::new();

    for setup in args.deployments() {
        let name = setup.map_or_else(|| "the given deployment".to_owned(), Setup::describe);
        println!("\n======== {name}");
        let mut this = Measured {
            name,
            mix: None,
            search: None,
            backlogs: Vec::new(),
        };
        if args.part("mix") {
            println!(
                "\n==> load: the mix, {} goose users for {} s",
                args.users, args.seconds
            );
            let deployment = args.deploy(setup, Mail::DevMailbox, "mix")?;
            let mut options = LoadOptions::new(args.users, args.seconds);
            options.think_ms = args.think_ms;
            options.first_address = next_address;
            let report = run_load(&deployment.target, &options)?;
            next_address += report.sign_in_addresses;
            if report.errors() > 0 {
                println!("MISSED: {} requests of the mix failed", report.errors());
                goals_met = false;
            }
            this.mix = Some(report);
        }
        if args.part("search") {
            let points = search(&args, setup, &mut next_address)?;
            this.search = print_search(&points, args.search_seconds);
        }
        if args.part("backlog") {
            for &mail in &args.mails {
                if args.target.is_some() && mail == Mail::Smtp {
                    // A running deployment's e-mail goes where it was told.
                    continue;
                }
                let backlog = backlog(&args, setup, mail, next_address)?;
                next_address += BACKLOG_MANAGERS;
                goals_met &= backlog.within_goal();
                this.backlogs.push(backlog);
            }
        }
        measured.push(this);
    }
    print_summary(&measured);
    println!(
        "\nbench load took {:.0} s ({:.0} s of it building)",
        started.elapsed().as_secs_f64(),
        built.as_secs_f64()
    );
    Ok(goals_met)
}

/// The step search on `setup`: doubling until a point misses the goal, then halving the step
/// between the last point within it and the first beyond, `--refine` times.
fn search(
    args: &Args,
    setup: Option<Setup>,
    next_address: &mut usize,
) -> Result<Vec<Point>, XtaskError> {
    println!(
        "\n==> load: step search, {SEARCH_FIRST}, {}, {}, … up to {} goose users, {} s each, \
         until a step's p99 reaches {P99_GOAL_MS} ms or a request fails",
        SEARCH_FIRST * 2,
        SEARCH_FIRST * 4,
        args.max_users,
        args.search_seconds
    );
    let mut points = Vec::new();
    let mut point = |users: usize| -> Result<bool, XtaskError> {
        println!("\n--- {users} goose users");
        let deployment = args.deploy(setup, Mail::DevMailbox, &format!("search-{users}"))?;
        let mut options = LoadOptions::new(users, args.search_seconds);
        options.think_ms = args.think_ms;
        options.first_address = *next_address;
        let report = run_load(&deployment.target, &options)?;
        *next_address += report.sign_in_addresses;
        let within = report.within_goal();
        points.push(Point { users, report });
        Ok(within)
    };
    let (mut within, mut beyond) = (None, None);
    let mut users = SEARCH_FIRST;
    while users <= args.max_users {
        if point(users)? {
            within = Some(users);
            users *= 2;
        } else {
            beyond = Some(users);
            break;
        }
    }
    for _ in 0..args.refine {
        let (Some(low), Some(high)) = (within, beyond) else {
            break;
        };
        let middle = (low + high) / 2 / SEARCH_FIRST * SEARCH_FIRST;
        if middle <= low {
            break;
        }
        if point(middle)? {
            within = Some(middle);
        } else {
            beyond = Some(middle);
        }
    }
    points.sort_by_key(|p| p.users);
    Ok(points)
}

/// The backlog on `setup` with its e-mail to `mail`; prints whether it met its goal.
fn backlog(
    args: &Args,
    setup: Option<Setup>,
    mail: Mail,
    first_address: usize,
) -> Result<Backlog, XtaskError> {
    let goal = drain_goal_seconds(mail);
    println!(
        "\n==> load: the outbox's backlog, {} orders of 100 users placed as fast as they go, \
         to {} (goal: delivered within {goal} s of the first order)",
        args.backlog_orders,
        mail.describe()
    );
    let deployment = args.deploy(setup, mail, &format!("backlog-{mail:?}").to_lowercase())?;
    let report = run_backlog(
        &deployment.target,
        args.backlog_orders,
        BACKLOG_MANAGERS,
        first_address,
    )?;
    let received = deployment.smtp().map(Received::read).transpose()?;
    let backlog = Backlog {
        mail,
        drain_seconds: report.drain_seconds,
        invitations: report.invitations,
        received,
    };
    match backlog.drain_seconds {
        Some(seconds) => println!(
            "backlog drained {seconds:.1} s after the first order: {}",
            if seconds < goal { "ok" } else { "MISSED" }
        ),
        None => {
            println!("backlog: the drain was not measured (no metrics, or not within 5 minutes)")
        }
    }
    if let Some(received) = backlog.received {
        println!(
            "the SMTP server received {} messages for {} invitations; {} repeated a Message-ID: {}",
            received.messages,
            backlog.invitations,
            received.repeated,
            if received.repeated == 0 && received.messages >= backlog.invitations {
                "ok"
            } else {
                "MISSED"
            }
        );
    }
    if report.errors() > 0 {
        println!("MISSED: {} backlog requests failed", report.errors());
    }
    Ok(Backlog {
        // An order that failed is a backlog that missed its goal.
        drain_seconds: backlog.drain_seconds.filter(|_| report.errors() == 0),
        ..backlog
    })
}

/// The search's table; the highest load within the goal (goose users, requests/s).
fn print_search(points: &[Point], seconds: u64) -> Option<(usize, f64)> {
    println!(
        "\n==> step search ({seconds} s a point; within: every step's p99 < {P99_GOAL_MS} ms and no errors; \
         server CPU in % of one core, machine: busy % of all cores)"
    );
    println!(
        "{:>6} {:>9} {:>8} {:>7} {:>10} {:>8}  {:<50} within",
        "users", "requests", "req/s", "errors", "server CPU", "machine", "slowest step (p99)"
    );
    for point in points {
        let report = &point.report;
        let slowest = report.slowest().map_or("-".to_owned(), |s| {
            format!("{} ({:.1} ms)", s.name, s.p99_ms)
        });
        println!(
            "{:>6} {:>9} {:>8.1} {:>7} {:>10} {:>8}  {:<50} {}",
            point.users,
            report.requests(),
            report.per_second(),
            report.errors(),
            cpu(report),
            machine(report),
            slowest,
            if report.within_goal() { "yes" } else { "no" }
        );
    }
    // The highest load below which every point was within the goal too (a noisy point within
    // it above one that missed it does not count).
    let best = points.iter().take_while(|p| p.report.within_goal()).last();
    match best {
        Some(point) => println!(
            "highest load within the goal: {} goose users, {:.1} requests/s{}",
            point.users,
            point.report.per_second(),
            if points.last().is_some_and(|p| p.report.within_goal()) {
                " (the search's upper bound; more may fit)"
            } else {
                ""
            }
        ),
        None => println!("no load within the goal: even {SEARCH_FIRST} goose users missed it"),
    }
    best.map(|p| (p.users, p.report.per_second()))
}

/// The servers' CPU in % of one core.
fn cpu(report: &LoadReport) -> String {
    if report.wall_seconds > 0.0 {
        format!(
            "{:.0}%",
            100.0 * report.server_cpu_seconds / report.wall_seconds
        )
    } else {
        "?".to_owned()
    }
}

/// The machine's busy share of all its cores.
fn machine(report: &LoadReport) -> String {
    report
        .machine_busy
        .map_or("?".to_owned(), |busy| format!("{:.0}%", 100.0 * busy))
}

/// One line per deployment: the figures the README's table carries.
fn print_summary(measured: &[Measured]) {
    println!("\n==> summary");
    println!(
        "{:<42} {:>22} {:>26} {:>18} {:>18}",
        "deployment",
        "mix: req/s, errors",
        "highest load within goal",
        "backlog, dev mail",
        "backlog, SMTP"
    );
    for m in measured {
        let mix = m.mix.as_ref().map_or("-".to_owned(), |r| {
            format!("{:.1}, {}", r.per_second(), r.errors())
        });
        let search = m.search.map_or("-".to_owned(), |(users, per_second)| {
            format!("{users} users, {per_second:.0} req/s")
        });
        let backlog = |mail: Mail| {
            m.backlogs
                .iter()
                .find(|b| b.mail == mail)
                .map_or("-".to_owned(), |b| match b.drain_seconds {
                    Some(s) => format!("{s:.1} s{}", if b.within_goal() { "" } else { " MISSED" }),
                    None => "MISSED".to_owned(),
                })
        };
        println!(
            "{:<42} {:>22} {:>26} {:>18} {:>18}",
            m.name,
            mix,
            search,
            backlog(Mail::DevMailbox),
            backlog(Mail::Smtp)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, XtaskError> {
        Args::parse(&list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn a_target_takes_its_metrics_and_pids() {
        let parsed = args(&[
            "--target",
            "http://127.0.0.1:8443/",
            "--metrics",
            "127.0.0.1:9101",
            "--metrics",
            "127.0.0.1:9102",
            "--pid",
            "12",
            "--pid",
            "13",
            "--users",
            "8",
        ])
        .unwrap();
        let target = parsed.target.as_ref().unwrap();
        assert_eq!(target.url, "http://127.0.0.1:8443");
        assert_eq!(target.metrics.len(), 2);
        assert_eq!(target.pids, [12, 13]);
        assert_eq!(parsed.users, 8);
        assert_eq!(parsed.deployments(), [None]);
        assert!(
            args(&["--metrics", "127.0.0.1:9101"]).is_err(),
            "metrics need a target"
        );
        assert!(args(&["--only", "everything"]).is_err());
        assert!(args(&["--users"]).is_err());
    }

    #[test]
    fn both_setups_and_both_mails_by_default() {
        let parsed = args(&[]).unwrap();
        assert_eq!(
            parsed.deployments(),
            [Some(Setup::Sqlite), Some(Setup::Cluster(2))]
        );
        assert_eq!(parsed.mails, [Mail::DevMailbox, Mail::Smtp]);
        let parsed = args(&["--setup", "cluster", "--instances", "3", "--mail", "smtp"]).unwrap();
        assert_eq!(parsed.deployments(), [Some(Setup::Cluster(3))]);
        assert_eq!(parsed.mails, [Mail::Smtp]);
        assert!(args(&["--setup", "kubernetes"]).is_err());
        assert!(args(&["--instances", "0"]).is_err());
        assert!(args(&["--mail", "pigeon"]).is_err());
    }

    #[test]
    fn a_backlog_meets_its_goal_only_when_received_exactly_once() {
        let backlog = |mail, drain_seconds, received| Backlog {
            mail,
            drain_seconds,
            invitations: 10_000,
            received,
        };
        assert!(backlog(Mail::DevMailbox, Some(19.0), None).within_goal());
        assert!(!backlog(Mail::DevMailbox, Some(21.0), None).within_goal());
        assert!(!backlog(Mail::DevMailbox, None, None).within_goal());
        let once = Received {
            messages: 10_000,
            repeated: 0,
        };
        assert!(backlog(Mail::Smtp, Some(45.0), Some(once)).within_goal());
        assert!(!backlog(Mail::Smtp, Some(61.0), Some(once)).within_goal());
        let twice = Received {
            messages: 10_001,
            repeated: 1,
        };
        assert!(!backlog(Mail::Smtp, Some(45.0), Some(twice)).within_goal());
        let short = Received {
            messages: 9_999,
            repeated: 0,
        };
        assert!(!backlog(Mail::Smtp, Some(45.0), Some(short)).within_goal());
    }

    #[test]
    fn a_report_is_read_and_judged() {
        let json = serde_json::json!({
            "steps": [
                { "name": "a", "requests": 10, "errors": 0, "p99_ms": 12.5, "per_second": 1.0 },
                { "name": "b", "requests": 5, "errors": 0, "p99_ms": 240.0, "per_second": 0.5 },
                { "name": "c", "requests": 0, "errors": 0, "p99_ms": 0.0, "per_second": 0.0 },
            ],
            "server": { "processes": [{ "cpu_seconds": 3.0, "wall_seconds": 10.0 }] },
            "sign_in_addresses": 2,
            "drain": { "seconds_from_first_order": 12.0, "invitations": 300 },
        });
        let report = LoadReport::parse(json).unwrap();
        assert_eq!((report.requests(), report.errors()), (15, 0));
        assert_eq!(report.slowest().unwrap().name, "b");
        assert!(report.within_goal());
        assert_eq!(report.sign_in_addresses, 2);
        assert_eq!(report.drain_seconds, Some(12.0));
        assert_eq!(report.invitations, 300);
        assert_eq!(report.server_cpu_seconds, 3.0);
        assert_eq!(cpu(&report), "30%");
        assert!(LoadReport::parse(serde_json::json!({})).is_err());
    }
}
