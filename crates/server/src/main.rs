//! `middelpunt-server`: reads the configuration from the environment (see `config.rs`) and
//! serves until Ctrl-C or SIGTERM.
//!
//! `middelpunt-server seed-demo [--users N] [--open M] [--seed S] [--database URL]` instead
//! fills the database (`--database`, else `MIDDELPUNT_DATABASE_URL`) with a large demo
//! organisation for the demo manager and exits (see `seed.rs`; `cargo xtask seed-demo`).
//!
//! `middelpunt-server admin create --email … --name … --role manager|operator …` creates an
//! account and prints its one-time set-up link; `admin suspend|reactivate|reset-second-factor
//! --email …` change an account (see `admin.rs`; `cargo xtask admin …`).
//!
//! `middelpunt-server kvk-smoke [--base-url URL] [KVK_NUMBER …]` asks KvK's API with the key in
//! `MIDDELPUNT_KVK_API_KEY` for KvK's test numbers and prints what each answered (see
//! `kvk/smoke.rs`; `cargo xtask kvk-smoke`). It reads no other configuration.

use std::process::ExitCode;

use middelpunt_server::admin::{self, AdminError};
use middelpunt_server::config::DatabaseUrl;
use middelpunt_server::kvk::smoke::{self, SmokeError};
use middelpunt_server::seed::{self, SeedOptions};
use middelpunt_server::{Config, init_tracing, serve};

const SEED_USAGE: &str = "usage: middelpunt-server seed-demo [--users N] [--open M] [--seed S] \
                          [--database URL]";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str);
    let seeding = command == Some("seed-demo");
    let admin = command == Some("admin");
    if command == Some("kvk-smoke") {
        // Only the KvK variables: it needs no database, mail or anything else.
        return kvk_smoke(&args[1..]).await;
    }
    if !seeding && !admin && !args.is_empty() {
        eprintln!(
            "middelpunt-server: unknown arguments {args:?}\n{SEED_USAGE}\n{}\n{}",
            admin::USAGE,
            smoke::USAGE
        );
        return ExitCode::from(2);
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("middelpunt-server: {error}");
            return ExitCode::from(2);
        }
    };
    init_tracing(&config.log, config.operations.log_format);
    if seeding {
        return seed_demo(&args[1..], config).await;
    }
    if admin {
        return admin_command(&args[1..], &config).await;
    }
    match serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("middelpunt-server: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `kvk-smoke …`: asks KvK and prints the table; 1 when an answer is not as KvK documents.
async fn kvk_smoke(args: &[String]) -> ExitCode {
    let smoke = match smoke::parse(args, |name| std::env::var(name).ok()) {
        Ok(smoke) => smoke,
        Err(SmokeError::Usage(message)) => {
            eprintln!("middelpunt-server kvk-smoke: {message}\n{}", smoke::USAGE);
            return ExitCode::from(2);
        }
        Err(error) => {
            eprintln!("middelpunt-server kvk-smoke: {error}");
            return ExitCode::from(2);
        }
    };
    println!("{}\n", smoke::preamble(&smoke));
    match smoke::run(&smoke).await {
        Ok(rows) => {
            print!("{}", smoke::Table(&rows));
            if rows.iter().all(smoke::Row::as_expected) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("middelpunt-server kvk-smoke: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `admin …`: runs the command and prints what it did.
async fn admin_command(args: &[String], config: &Config) -> ExitCode {
    let result = match admin::parse_command(args) {
        Ok(command) => admin::run(config, &command).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(AdminError::Usage(message)) => {
            eprintln!("middelpunt-server admin: {message}\n{}", admin::USAGE);
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("middelpunt-server admin: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `seed-demo`: seeds and prints what was written and how long it took.
async fn seed_demo(args: &[String], config: Config) -> ExitCode {
    let (options, database) = match seed_arguments(args, config.database_url) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("middelpunt-server seed-demo: {message}\n{SEED_USAGE}");
            return ExitCode::from(2);
        }
    };
    println!(
        "seeding {} with {} users with a means and {} open requests (seed {})",
        database.redacted(),
        options.users,
        options.open,
        options.seed
    );
    match seed::run(&database, &options).await {
        Ok(report) if report.existing => {
            println!(
                "the database already holds this seed (made {} s ago): {} orders, {} requests, \
                 {} means, {} open requests; nothing written",
                middelpunt_server::clock::unix_now() - report.seeded_at,
                report.orders,
                report.requests,
                report.means,
                report.open
            );
            ExitCode::SUCCESS
        }
        Ok(report) => {
            let [invited, confirmed, verified, identification] = report.open_by_status;
            println!(
                "seeded in {:.1} s: {} rows\n  {} orders, {} requests\n  {} means: {} active \
                 ({} ending within 60 days), {} revoked, {} past their validity\n  {} open \
                 requests: {invited} invited, {confirmed} email_confirmed, {verified} \
                 mobile_verified, {identification} identification_required\n  {} ended \
                 requests (expired, cancelled, rejected)\n  {} events, {} machtigingen, {} SMS \
                 codes, {} identifications, {} audit entries",
                report.elapsed.as_secs_f64(),
                report.rows(),
                report.orders,
                report.requests,
                report.means,
                report.active,
                report.expiring_soon,
                report.revoked,
                report.validity_passed,
                report.open,
                report.ended,
                report.events,
                report.authorisations,
                report.sms_codes,
                report.identifications,
                report.audit
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("middelpunt-server seed-demo: {error}");
            ExitCode::FAILURE
        }
    }
}

fn seed_arguments(
    args: &[String],
    database: DatabaseUrl,
) -> Result<(SeedOptions, DatabaseUrl), String> {
    let mut options = SeedOptions::default();
    let mut database = database;
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .replace('_', "")
                .parse::<usize>()
                .map_err(|_| format!("{flag} {value:?} is not a whole number"))
        };
        match flag.as_str() {
            "--users" => options.users = number()?,
            "--open" => options.open = number()?,
            "--seed" => options.seed = number()? as u64,
            "--database" => {
                database = DatabaseUrl::parse(value).map_err(|error| error.to_string())?;
            }
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok((options, database))
}
