//! `cargo xtask cluster [--instances N] [--port P] …`: builds the release server and the SPA
//! (as `run` does), starts a [`Cluster`], prints where everything is, and takes commands on
//! standard input (kill, term, start, pause, PostgreSQL stop/start, …) until Ctrl-C, `quit` or
//! SIGTERM; then stops everything in order.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

use super::{Cluster, ClusterOptions, DATABASE, INTERRUPTED, LIVE_PATH};
use crate::error::XtaskError;
use crate::postgres::StopMode;
use crate::server::{self, Profile};
use crate::sms::{FakeSmsGateway, Fault};
use crate::smtp::SmtpRecorder;
use crate::{spa, tools};

const USAGE: &str = "usage: cargo xtask cluster [--instances N] [--port P] [--stats-port P] \
[--server-bin PATH] [--health-path PATH] [--drain-ms MS] [--log-format json|text] [--mail]";

/// The proxy's default port: the one `cargo xtask run` uses, so the README's links work.
const DEFAULT_PORT: u16 = 8080;
/// HAProxy's conventional stats port.
const DEFAULT_STATS_PORT: u16 = 8404;

const HELP: &str = "commands: status | kill N | term N | start N | restart N | pause N | \
resume N | pg-stop [immediate] | pg-start | pg-restart | quit; with --mail: mail | smtp-stop | \
smtp-kill | smtp-start | sms-down | sms-up | sms-fail N STATUS|hang|lost | sms-heal";

/// The command line, parsed.
#[derive(Debug, PartialEq, Eq)]
struct Args {
    instances: usize,
    port: u16,
    stats_port: u16,
    server_bin: Option<PathBuf>,
    health_path: Option<String>,
    drain_ms: Option<u64>,
    log_format: Option<String>,
    mail: bool,
}

fn parse(args: &[String]) -> Result<Args, XtaskError> {
    let mut parsed = Args {
        instances: 2,
        port: DEFAULT_PORT,
        stats_port: DEFAULT_STATS_PORT,
        server_bin: None,
        health_path: None,
        drain_ms: None,
        log_format: None,
        mail: false,
    };
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        if flag == "--mail" {
            parsed.mail = true;
            continue;
        }
        let value = rest.next().ok_or(XtaskError::Usage(USAGE))?;
        let number = |v: &str| v.parse::<u64>().map_err(|_| XtaskError::Usage(USAGE));
        match flag.as_str() {
            "--instances" => {
                parsed.instances = usize::try_from(number(value)?).unwrap_or(0);
                if parsed.instances == 0 {
                    return Err(XtaskError::Usage(USAGE));
                }
            }
            "--port" => parsed.port = value.parse().map_err(|_| XtaskError::Usage(USAGE))?,
            "--stats-port" => {
                parsed.stats_port = value.parse().map_err(|_| XtaskError::Usage(USAGE))?;
            }
            "--server-bin" => parsed.server_bin = Some(PathBuf::from(value)),
            "--health-path" if value.starts_with('/') => {
                parsed.health_path = Some(value.clone());
            }
            "--drain-ms" => parsed.drain_ms = Some(number(value)?),
            "--log-format" if value == "json" || value == "text" => {
                parsed.log_format = Some(value.clone());
            }
            _ => return Err(XtaskError::Usage(USAGE)),
        }
    }
    Ok(parsed)
}

/// `cargo xtask cluster …`.
pub fn command(args: &[String]) -> Result<(), XtaskError> {
    let args = parse(args)?;
    ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::Relaxed))
        .map_err(|e| XtaskError::Build(format!("cannot catch Ctrl-C: {e}")))?;
    let server_bin = match &args.server_bin {
        // An executable built elsewhere (an older one, a CI artefact): no build; the SPA is
        // whatever `dist/` holds (without it the API works and pages answer 503).
        Some(path) => path.clone(),
        None => {
            tools::ensure_all(tools::Purpose::Run)?;
            server::build(Profile::Release)?;
            spa::build_release(Profile::Release)?;
            server::binary(Profile::Release)
        }
    };
    let mut options = ClusterOptions::new(server_bin);
    options.instances = args.instances;
    options.port = args.port;
    options.stats_port = args.stats_port;
    if let Some(path) = args.health_path {
        options.health_path = path;
    }
    if let Some(ms) = args.drain_ms {
        options.drain = Duration::from_millis(ms);
    }
    if let Some(format) = args.log_format {
        options.log_format = format;
    }
    // Real SMTP and an HTTP SMS gateway instead of the development mailbox.
    let mut mail = None;
    if args.mail {
        let smtp = SmtpRecorder::start(&options.dir)?;
        let sms = FakeSmsGateway::start()?;
        options.env.extend(smtp.server_env());
        options.env.extend(sms.server_env());
        // Nothing in the development mailbox (demo mode turns it on): all goes out for real.
        options
            .env
            .push(("MIDDELPUNT_DEV_MAILBOX".into(), "false".into()));
        mail = Some((smtp, sms));
    }
    let mut cluster = Cluster::start(options)?;
    print_summary(&mut cluster, mail.as_ref());
    if cluster.options.health_path == LIVE_PATH {
        println!("(HAProxy checks liveness, {LIVE_PATH}: this server has no readiness)");
    }
    println!("{HELP}\nCtrl-C stops everything.");
    let lines = stdin_lines();
    let result = serve(&mut cluster, mail.as_mut(), &lines);
    println!("stopping: the instances (SIGTERM, drain), HAProxy, PostgreSQL");
    cluster.stop();
    result
}

fn print_summary(cluster: &mut Cluster, mail: Option<&(SmtpRecorder, FakeSmsGateway)>) {
    println!("\nMiddelpunt cluster: {} (HAProxy)", cluster.proxy_url());
    println!("  HAProxy stats:    {}", cluster.stats_url());
    println!(
        "  HAProxy health:   http://{}{}",
        cluster.stats_addr(),
        super::haproxy::PROXY_HEALTH_PATH
    );
    for index in 0..cluster.len() {
        let addrs = cluster.instance(index);
        println!(
            "  {}: http://{} (metrics http://{}/metrics, {}, log {})",
            cluster.instance_name(index),
            addrs.addr,
            addrs.metrics,
            pid(cluster, index),
            cluster.instance_log(index).display()
        );
    }
    println!(
        "  PostgreSQL:       {} (log {})",
        cluster.database_url(),
        cluster.postgres().data_dir().join("server.log").display()
    );
    if let Some((smtp, sms)) = mail {
        println!(
            "  SMTP recorder:    {} (messages in {})",
            smtp.addr(),
            smtp.records_path().display()
        );
        println!("  fake SMS gateway: {}", sms.url());
    }
}

/// `pid N` of instance `index`, or `not running`.
fn pid(cluster: &mut Cluster, index: usize) -> String {
    match cluster.pid(index) {
        Some(pid) if cluster.is_running(index) => format!("pid {pid}"),
        _ => "not running".to_owned(),
    }
}

/// Standard input's lines, read by a thread (nothing arrives when there is none).
fn stdin_lines() -> Receiver<String> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// Runs until Ctrl-C, SIGTERM, `quit` or HAProxy's end; reports instances that exit.
fn serve(
    cluster: &mut Cluster,
    mut mail: Option<&mut (SmtpRecorder, FakeSmsGateway)>,
    lines: &Receiver<String>,
) -> Result<(), XtaskError> {
    let mut reported = vec![false; cluster.len()];
    while !INTERRUPTED.load(Ordering::Relaxed) {
        if !cluster.proxy_is_running() {
            return Err(XtaskError::Build(format!(
                "HAProxy stopped (see {})",
                cluster.dir().join("haproxy.log").display()
            )));
        }
        for (index, seen) in reported.iter_mut().enumerate() {
            let running = cluster.is_running(index);
            if !running && !*seen {
                println!("{} is not running", cluster.instance_name(index));
            }
            *seen = !running;
        }
        match lines.try_recv() {
            Ok(line) => {
                if line.trim() == "quit" {
                    return Ok(());
                }
                let result = execute(cluster, mail.as_deref_mut(), &line);
                if let Err(e) = result {
                    println!("{e}");
                }
            }
            // No input (yet, or at all: CI has none).
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => {
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    }
    Ok(())
}

/// One command from standard input.
fn execute(
    cluster: &mut Cluster,
    mail: Option<&mut (SmtpRecorder, FakeSmsGateway)>,
    line: &str,
) -> Result<(), XtaskError> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let index = |word: Option<&&str>| {
        word.and_then(|w| w.parse::<usize>().ok())
            .filter(|i| *i < cluster.len())
            .ok_or(XtaskError::Usage(HELP))
    };
    match words.first().copied() {
        None => {}
        Some("status") => print_status(cluster)?,
        Some("kill") => {
            let i = index(words.get(1))?;
            cluster.kill(i);
            println!("{}: killed (SIGKILL)", cluster.instance_name(i));
        }
        Some("term") => {
            let i = index(words.get(1))?;
            cluster.sigterm(i)?;
            println!("{}: SIGTERM (draining)", cluster.instance_name(i));
        }
        Some("start") => {
            let i = index(words.get(1))?;
            cluster.start_instance(i)?;
            println!("{}: ready ({})", cluster.instance_name(i), pid(cluster, i));
        }
        Some("restart") => {
            let i = index(words.get(1))?;
            cluster.restart(i)?;
            println!("{}: ready ({})", cluster.instance_name(i), pid(cluster, i));
        }
        Some("pause") => cluster.pause(index(words.get(1))?)?,
        Some("resume") => cluster.resume(index(words.get(1))?)?,
        Some("pg-stop") => {
            let mode = match words.get(1) {
                Some(&"immediate") => StopMode::Immediate,
                _ => StopMode::Fast,
            };
            cluster.stop_postgres(mode)?;
        }
        Some("pg-start") => cluster.start_postgres()?,
        Some("pg-restart") => cluster.restart_postgres(StopMode::Fast)?,
        Some(word) if word == "mail" || word.starts_with("smtp-") || word.starts_with("sms-") => {
            let Some((smtp, sms)) = mail else {
                return Err(XtaskError::Usage(
                    "no mail sinks: start the cluster with --mail",
                ));
            };
            mail_command(smtp, sms, &words)?;
        }
        Some(_) => return Err(XtaskError::Usage(HELP)),
    }
    Ok(())
}

/// The commands of `--mail`'s SMTP recorder and fake SMS gateway.
fn mail_command(
    smtp: &mut SmtpRecorder,
    sms: &mut FakeSmsGateway,
    words: &[&str],
) -> Result<(), XtaskError> {
    match words {
        ["mail"] => {
            let mails = smtp.records()?;
            println!(
                "SMTP: {} messages, {} Message-IDs received more than once",
                mails.len(),
                crate::smtp::repeated_message_ids(&mails).len()
            );
            println!(
                "SMS: {} requests, {} sent, {} texts sent more than once",
                sms.requests().len(),
                sms.sent().len(),
                sms.repeated_texts().len()
            );
        }
        ["smtp-stop"] => smtp.stop()?,
        ["smtp-kill"] => smtp.kill(),
        ["smtp-start"] => smtp.start_again()?,
        ["sms-down"] => sms.stop_listening(),
        ["sms-up"] => sms.start_listening()?,
        ["sms-heal"] => sms.heal(),
        ["sms-fail", count, fault] => {
            let count = count.parse().map_err(|_| XtaskError::Usage(HELP))?;
            let fault = match *fault {
                "hang" => Fault::Hang,
                "lost" => Fault::SendThenHang,
                status => Fault::Status(status.parse().map_err(|_| XtaskError::Usage(HELP))?),
            };
            sms.fail_next(count, fault);
        }
        _ => return Err(XtaskError::Usage(HELP)),
    }
    Ok(())
}

fn print_status(cluster: &mut Cluster) -> Result<(), XtaskError> {
    let stats = cluster.proxy_stats()?;
    for index in 0..cluster.len() {
        let name = cluster.instance_name(index);
        let seen = stats.iter().find(|s| s.name == name);
        println!(
            "{name}: {} | HAProxy: {} | requests {} retries {} redispatches {} 5xx {}",
            pid(cluster, index),
            seen.map_or("?", |s| s.status.as_str()),
            seen.map_or(0, |s| s.sessions),
            seen.map_or(0, |s| s.retries),
            seen.map_or(0, |s| s.redispatches),
            seen.map_or(0, |s| s.http_5xx),
        );
    }
    let postgres = cluster.postgres();
    if postgres.is_running() {
        // The instances' pools: each opens connections as it needs them, up to its maximum.
        let connections = postgres.query(
            "postgres",
            &format!("SELECT count(*) FROM pg_stat_activity WHERE datname = '{DATABASE}'"),
        )?;
        println!(
            "PostgreSQL: running on port {}, {connections} connections to {DATABASE}",
            postgres.port()
        );
    } else {
        println!("PostgreSQL: stopped");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn defaults_are_two_instances_behind_port_8080() {
        let parsed = parse(&[]).unwrap();
        assert_eq!(
            (parsed.instances, parsed.port, parsed.stats_port),
            (2, 8080, 8404)
        );
        assert_eq!(parsed.server_bin, None);
        assert!(!parsed.mail);
    }

    #[test]
    fn options_are_read() {
        let parsed = parse(&args(&[
            "--instances",
            "3",
            "--port",
            "9090",
            "--server-bin",
            "/tmp/server",
            "--health-path",
            "/api/v1/health",
            "--drain-ms",
            "500",
            "--log-format",
            "text",
            "--mail",
        ]))
        .unwrap();
        assert_eq!(parsed.instances, 3);
        assert_eq!(parsed.port, 9090);
        assert_eq!(parsed.server_bin, Some(PathBuf::from("/tmp/server")));
        assert_eq!(parsed.health_path.as_deref(), Some("/api/v1/health"));
        assert_eq!(parsed.drain_ms, Some(500));
        assert_eq!(parsed.log_format.as_deref(), Some("text"));
        assert!(parsed.mail);
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            &["--instances", "0"][..],
            &["--instances"],
            &["--port", "http"],
            &["--log-format", "xml"],
            &["--health-path", "health"],
            &["--verbose"],
        ] {
            assert!(parse(&args(bad)).is_err(), "{bad:?}");
        }
    }
}
