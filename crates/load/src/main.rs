//! `middelpunt-load mix|backlog --target URL …`: one load run against a running server. Prints
//! its tables; with `--report FILE` also writes the report as JSON (`cargo xtask bench load`
//! reads it). `--metrics ADDR` and `--pid PID` (each repeatable) name the servers to watch.

use std::process::ExitCode;
use std::time::Duration;

use middelpunt_load::{BacklogOptions, LoadError, LoadReport, MixOptions, Watch};

const USAGE: &str = "usage: middelpunt-load mix --target URL [--users N] [--seconds S] \
[--hatch-rate R] [--think-ms MS] [--throttle RPS] [--first-address I] [--metrics ADDR]… \
[--pid PID]… [--report FILE]\n       \
middelpunt-load backlog --target URL [--orders N] [--users N] [--first-address I] \
[--metrics ADDR]… [--pid PID]… [--report FILE]";

fn usage() -> LoadError {
    LoadError::Usage(USAGE.to_owned())
}

fn number<T: std::str::FromStr>(value: &str) -> Result<T, LoadError> {
    value.replace('_', "").parse().map_err(|_| usage())
}

/// The command's options, as `(name, value)` pairs after the mode.
fn pairs(args: &[String]) -> Result<Vec<(&str, &str)>, LoadError> {
    args.chunks(2)
        .map(|pair| match pair {
            [name, value] => Ok((name.as_str(), value.as_str())),
            _ => Err(usage()),
        })
        .collect()
}

fn run(args: &[String]) -> Result<(LoadReport, Option<String>), LoadError> {
    let (mode, rest) = args.split_first().ok_or_else(usage)?;
    let options = pairs(rest)?;
    let target = options
        .iter()
        .find(|(name, _)| *name == "--target")
        .map(|(_, value)| *value)
        .ok_or_else(usage)?;
    let mut report_path = None;
    let mut watch = Watch::default();
    for (name, value) in &options {
        match *name {
            "--metrics" => watch.metrics.push((*value).to_owned()),
            "--pid" => watch.pids.push(number(value)?),
            "--report" => report_path = Some((*value).to_owned()),
            _ => {}
        }
    }
    let shared = ["--target", "--metrics", "--pid", "--report"];
    let options: Vec<_> = options
        .into_iter()
        .filter(|(name, _)| !shared.contains(name))
        .collect();
    match mode.as_str() {
        "mix" => {
            let mut mix = MixOptions::new(target);
            mix.watch = watch;
            for (name, value) in options {
                match name {
                    "--users" => mix.users = number(value)?,
                    "--seconds" => mix.seconds = number(value)?,
                    "--hatch-rate" => mix.hatch_rate = number(value)?,
                    "--think-ms" => mix.think = Duration::from_millis(number(value)?),
                    "--throttle" => mix.throttle = Some(number(value)?),
                    "--first-address" => mix.first_address = number(value)?,
                    _ => return Err(usage()),
                }
            }
            Ok((middelpunt_load::run_mix(&mix)?, report_path))
        }
        "backlog" => {
            let mut backlog = BacklogOptions::new(target);
            backlog.watch = watch;
            for (name, value) in options {
                match name {
                    "--orders" => backlog.orders = number(value)?,
                    "--users" => backlog.users = number(value)?,
                    "--first-address" => backlog.first_address = number(value)?,
                    _ => return Err(usage()),
                }
            }
            Ok((middelpunt_load::run_backlog(&backlog)?, report_path))
        }
        _ => Err(usage()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let written = run(&args).and_then(|(report, path)| {
        middelpunt_load::print(&report);
        match path {
            None => Ok(()),
            Some(path) => std::fs::write(&path, report.to_json())
                .map_err(|source| LoadError::Io { path, source }),
        }
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("middelpunt-load: {error}");
            ExitCode::FAILURE
        }
    }
}
