//! Middelpunt under load, driven by [goose](https://docs.rs/goose): three kinds of people as
//! goose scenarios against a running server (`cargo xtask bench load` starts one, or drives a
//! deployment given by its URL).
//!
//! - **Managers** sign in once (each from a loopback address of its own: the server allows 20
//!   sign-ins per address per 10 minutes), fetch the users file's template, then validate a
//!   users file of 1 to 100 new people and order means for them, over and over.
//! - **Users** follow the invitations those orders sent: the e-mail in the development mailbox,
//!   the link, the e-mail confirmed, the SMS code asked for, read and verified, the order.
//! - **Beheer**: a signed-in manager's users and requests lists, filtered and paged, and the
//!   users export as CSV.
//!
//! Every step is a goose transaction whose requests carry its name, so the report
//! ([`LoadReport`]) has a line per step. [`run_backlog`] measures a burst instead: orders of 100
//! users placed as fast as they go, whose invitations the outbox then drains.

mod beheer;
mod error;
mod http;
mod manager;
mod observe;
mod people;
mod print;
mod report;
mod shared;
mod steps;
mod user;

use std::sync::Arc;
use std::time::{Duration, Instant};

use goose::config::GooseConfiguration;
use goose::prelude::*;

pub use crate::error::LoadError;
use crate::observe::Observer;
pub use crate::observe::{DrainReport, MachineReport, OutboxReport, ProcessReport, ServerReport};
pub use crate::print::print;
pub use crate::report::{ErrorReport, LoadReport, StepReport, cpu_seconds};
use crate::shared::Shared;

/// The managers', users' and Beheer's share of the goose users: of every ten, one manager,
/// eight users and one in Beheer (goose hands them out in turn: 4 users are a manager, a
/// user, Beheer and a user).
const MANAGER_WEIGHT: usize = 1;
const USER_WEIGHT: usize = 8;
const BEHEER_WEIGHT: usize = 1;

/// The mixed load: managers, users and Beheer together.
#[derive(Debug, Clone, PartialEq)]
pub struct MixOptions {
    /// The server's (or the proxy's) URL, e.g. `http://127.0.0.1:8080`.
    pub target: String,
    /// goose users at once.
    pub users: usize,
    /// How long they run once all started.
    pub seconds: usize,
    /// Users started per second.
    pub hatch_rate: f64,
    /// A user's mean pause between two steps (drawn from half to one and a half times it; a
    /// manager's pauses are twice as long: an order takes a while to put together).
    pub think: Duration,
    /// At most this many requests a second in all (goose's throttle), if given.
    pub throttle: Option<usize>,
    /// The first loopback address to sign in from, counted from 127.1.0.1: a run against a
    /// deployment that outlives it starts after the addresses earlier runs used (the
    /// per-address sign-in limits are kept in the database).
    pub first_address: usize,
    /// The servers' metrics listeners (`MIDDELPUNT_METRICS_LISTEN`) and process ids, to watch.
    pub watch: Watch,
}

/// What to watch of the servers during a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Watch {
    /// `host:port` of each instance's metrics listener.
    pub metrics: Vec<String>,
    pub pids: Vec<u32>,
}

/// How often the metrics are scraped during the mix (the backlog: 4 times as often, for its
/// drain time).
const SCRAPE_INTERVAL: Duration = Duration::from_secs(1);
const BACKLOG_SCRAPE_INTERVAL: Duration = Duration::from_millis(250);
/// How long the backlog's queue may take to empty.
const DRAIN_LIMIT: Duration = Duration::from_secs(300);

impl MixOptions {
    pub fn new(target: &str) -> MixOptions {
        MixOptions {
            target: target.to_owned(),
            users: 16,
            seconds: 30,
            hatch_rate: 4.0,
            think: Duration::from_millis(1000),
            throttle: None,
            first_address: 0,
            watch: Watch::default(),
        }
    }
}

/// The backlog: `orders` orders of 100 users by `users` managers at once, without pauses.
#[derive(Debug, Clone, PartialEq)]
pub struct BacklogOptions {
    pub target: String,
    pub orders: usize,
    pub users: usize,
    pub first_address: usize,
    /// No order is sent after this (the run stops by itself).
    pub limit: Duration,
    pub watch: Watch,
}

impl BacklogOptions {
    pub fn new(target: &str) -> BacklogOptions {
        BacklogOptions {
            target: target.to_owned(),
            orders: 100,
            users: 4,
            first_address: 0,
            limit: Duration::from_secs(180),
            watch: Watch::default(),
        }
    }
}

/// A transaction named `$name` running `$function(user, &shared)`.
macro_rules! step {
    ($shared:expr, $name:expr, $function:path) => {{
        let shared = Arc::clone(&$shared);
        Transaction::new(Arc::new(move |user| {
            let shared = Arc::clone(&shared);
            Box::pin(async move { $function(user, &shared).await })
        }))
        .set_name($name)
    }};
}

/// A sign-in transaction of `$name`, run once when the goose user starts.
macro_rules! sign_in {
    ($shared:expr, $name:expr) => {{
        let shared = Arc::clone(&$shared);
        Transaction::new(Arc::new(move |user| {
            let shared = Arc::clone(&shared);
            Box::pin(async move { manager::sign_in(user, &shared, $name).await })
        }))
        .set_name($name)
        .set_on_start()
        .set_sequence(1)
    }};
}

/// A run tag and a mobile number offset of its own, so that runs on one database (a
/// deployment) invite different people.
fn new_shared(first_address: usize, addresses: usize) -> Shared {
    let tag = format!("{:08x}", fastrand::u32(..));
    Shared::new(&tag, fastrand::u64(..50_000_000), first_address, addresses)
}

/// goose with our defaults: no controllers, no printed tables (the report has them), the
/// metrics of the whole run (sign-ins happen during the ramp-up).
fn attack(target: &str) -> Result<GooseAttack, LoadError> {
    let attack = GooseAttack::initialize_with_config(GooseConfiguration::default())?
        .set_default(GooseDefault::Host, target)?
        .set_default(GooseDefault::NoTelnet, true)?
        .set_default(GooseDefault::NoPrintMetrics, true)?
        .set_default(GooseDefault::Quiet, 1)?
        .set_default(
            GooseDefault::CoordinatedOmissionMitigation,
            GooseCoordinatedOmissionMitigation::Disabled,
        )?;
    Ok(*attack)
}

/// `[mean / 2, 3 × mean / 2]`, goose's pause between two transactions.
fn pause(mean: Duration, factor: u32) -> (Duration, Duration) {
    let mean = mean * factor;
    (mean / 2, mean * 3 / 2)
}

fn runtime() -> Result<tokio::runtime::Runtime, LoadError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(LoadError::Runtime)
}

/// Runs the mixed load and reports each step.
pub fn run_mix(options: &MixOptions) -> Result<LoadReport, LoadError> {
    if options.users == 0 || options.seconds == 0 || options.hatch_rate <= 0.0 {
        return Err(LoadError::Usage(
            "users, seconds and hatch rate must be above 0".into(),
        ));
    }
    // Every manager and Beheer user signs in once; no more addresses than users.
    let shared = Arc::new(new_shared(options.first_address, options.users));
    let (think_min, think_max) = pause(options.think, 1);
    let (manager_min, manager_max) = pause(options.think, 2);
    let managers = Scenario::new("managers")
        .set_weight(MANAGER_WEIGHT)?
        .set_wait_time(manager_min, manager_max)?
        .register_transaction(sign_in!(shared, steps::MANAGER_SIGN_IN))
        .register_transaction(
            step!(shared, steps::MANAGER_TEMPLATE, manager::template)
                .set_on_start()
                .set_sequence(2),
        )
        .register_transaction(
            step!(shared, steps::MANAGER_VALIDATE, manager::validate).set_sequence(1),
        )
        .register_transaction(
            step!(shared, steps::MANAGER_ORDER, manager::place_order).set_sequence(2),
        );
    let user_steps = [
        step!(shared, steps::USER_INVITATION, user::read_invitation),
        step!(shared, steps::USER_OPEN, user::open_link),
        step!(shared, steps::USER_CONFIRM, user::confirm_email),
        step!(shared, steps::USER_SEND_CODE, user::request_code),
        step!(shared, steps::USER_READ_CODE, user::read_code),
        step!(shared, steps::USER_VERIFY, user::verify_code),
        step!(shared, steps::USER_ORDER, user::order),
    ];
    let mut users = Scenario::new("users")
        .set_weight(USER_WEIGHT)?
        .set_wait_time(think_min, think_max)?;
    for (sequence, transaction) in user_steps.into_iter().enumerate() {
        users = users.register_transaction(transaction.set_sequence(sequence + 1));
    }
    let beheer = Scenario::new("beheer")
        .set_weight(BEHEER_WEIGHT)?
        .set_wait_time(think_min, think_max)?
        .register_transaction(sign_in!(shared, steps::BEHEER_SIGN_IN))
        .register_transaction(step!(shared, steps::BEHEER_USERS, beheer::users_list).set_weight(3)?)
        .register_transaction(
            step!(shared, steps::BEHEER_REQUESTS, beheer::requests_list).set_weight(3)?,
        )
        .register_transaction(step!(shared, steps::BEHEER_EXPORT, beheer::export));
    let mut attack = attack(&options.target)?
        .register_scenario(managers)
        .register_scenario(users)
        .register_scenario(beheer)
        .set_default(GooseDefault::Users, options.users)?
        .set_default(
            GooseDefault::IncreaseRate,
            options.hatch_rate.to_string().as_str(),
        )?
        .set_default(GooseDefault::RunTime, options.seconds)?
        .set_default(GooseDefault::NoResetMetrics, true)?;
    if let Some(throttle) = options.throttle {
        attack = attack.set_default(GooseDefault::ThrottleRequests, throttle)?;
    }
    let started = Instant::now();
    let watch = &options.watch;
    let (metrics, (processes, machine, scrapes)) = runtime()?.block_on(async {
        let observer = Observer::start(&watch.pids, &watch.metrics, SCRAPE_INTERVAL);
        let metrics = attack.execute().await;
        let observed = observer.finish().await;
        metrics.map(|metrics| (metrics, observed))
    })?;
    let mut report = report("mix", &options.target, &metrics, started, &shared);
    report.sign_in_addresses = shared.addresses_used(options.first_address);
    report.server = ServerReport {
        processes,
        outbox: observe::outbox(&scrapes),
        machine,
    };
    Ok(report)
}

/// Places the backlog's orders as fast as they go and reports when the first was sent and the
/// last answered.
pub fn run_backlog(options: &BacklogOptions) -> Result<LoadReport, LoadError> {
    if options.users == 0 || options.orders < options.users {
        return Err(LoadError::Usage(
            "the backlog needs at least one user and an order per user".into(),
        ));
    }
    let shared = Arc::new(
        new_shared(options.first_address, options.users).with_backlog_limit(options.limit),
    );
    let scenario = Scenario::new("backlog")
        .register_transaction(sign_in!(shared, steps::BACKLOG_SIGN_IN))
        .register_transaction(step!(shared, steps::BACKLOG_ORDER, manager::backlog_order));
    let attack = attack(&options.target)?
        .register_scenario(scenario)
        .set_default(GooseDefault::Users, options.users)?
        .set_default(
            GooseDefault::IncreaseRate,
            options.users.to_string().as_str(),
        )?
        .set_default(
            GooseDefault::Iterations,
            options.orders.div_ceil(options.users),
        )?;
    let started = Instant::now();
    let watch = &options.watch;
    let (metrics, drained, (processes, machine, scrapes)) = runtime()?.block_on(async {
        let observer = Observer::start(&watch.pids, &watch.metrics, BACKLOG_SCRAPE_INTERVAL);
        let metrics = attack.execute().await;
        let last_placed_ms = shared.backlog_figures().last_placed_ms;
        let drained = observer
            .until_no_email_queued(last_placed_ms, DRAIN_LIMIT)
            .await;
        let observed = observer.finish().await;
        metrics.map(|metrics| (metrics, drained, observed))
    })?;
    let mut report = report("backlog", &options.target, &metrics, started, &shared);
    report.sign_in_addresses = shared.addresses_used(options.first_address);
    let figures = shared.backlog_figures();
    report.drain =
        (!watch.metrics.is_empty()).then(|| DrainReport::new(&figures, drained, &scrapes));
    report.server = ServerReport {
        processes,
        outbox: observe::outbox(&scrapes),
        machine,
    };
    Ok(report)
}

fn report(
    kind: &'static str,
    target: &str,
    metrics: &GooseMetrics,
    started: Instant,
    shared: &Shared,
) -> LoadReport {
    let seconds = match metrics.duration {
        0 => started.elapsed().as_secs_f64(),
        whole => whole as f64,
    };
    LoadReport {
        kind,
        target: target.to_owned(),
        users: metrics.maximum_users,
        seconds,
        steps: report::steps(metrics, seconds),
        errors: report::errors(metrics),
        client_cpu_seconds: report::own_cpu_seconds(),
        invitations_not_followed: shared.waiting(),
        sign_in_addresses: 0,
        server: ServerReport {
            processes: Vec::new(),
            outbox: None,
            machine: None,
        },
        drain: None,
    }
}
