//! A Middelpunt cluster on this machine, for `cargo xtask cluster` and for chaos and load tests
//! that drive it as a library: a throwaway PostgreSQL with one database, N server instances on
//! free loopback ports against it, and HAProxy in front of them on one port, health-checking
//! their readiness (`haproxy.rs`). Everything it writes is in its directory (default
//! `target/cluster/`): `haproxy.cfg`, `haproxy.log` and `app{i}.log` per instance (appended
//! across restarts); PostgreSQL's data is in the temporary directory.
//!
//! [`Cluster`] stops everything when dropped: the instances with SIGTERM (they drain), then
//! HAProxy, then PostgreSQL (its data removed). A process killed with SIGKILL cannot do that:
//! its children then keep running.

mod command;
pub mod haproxy;
mod instance;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::ExitStatus;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;

pub use self::command::command;
use self::haproxy::Haproxy;
pub use self::haproxy::ServerStats;
use self::instance::Instance;
use crate::cmd;
use crate::error::XtaskError;
use crate::postgres::{StopMode, TestPostgres};
use crate::server::free_port;

/// The servers' readiness (200 when the database is reachable, the migrations are applied and
/// the outbox worker is alive; 503 otherwise and during a shutdown drain): what HAProxy checks
/// and what a start waits for. Older servers have only [`LIVE_PATH`]; pass that as
/// [`ClusterOptions::health_path`] to run them.
pub const READY_PATH: &str = "/api/v1/health/ready";
/// The servers' liveness: 200 while the process answers.
pub const LIVE_PATH: &str = "/api/v1/health";
/// The database the instances share.
pub const DATABASE: &str = "middelpunt";
/// How long an instance keeps answering (readiness 503) after SIGTERM before it closes its
/// listener: longer than HAProxy takes to mark it down (2 failed checks 250-500 ms apart).
pub const DEFAULT_DRAIN: Duration = Duration::from_millis(2000);
/// How long a start may take (migrations on a fresh database included).
const READY_LIMIT: Duration = Duration::from_secs(60);
/// How long after the drain a stopping instance may take to finish its requests.
const EXIT_GRACE: Duration = Duration::from_secs(10);

/// The server's variables the cluster sets (crates/server/src/config.rs).
const LISTEN: &str = "MIDDELPUNT_LISTEN";
const DATABASE_URL: &str = "MIDDELPUNT_DATABASE_URL";
const DIST_DIR: &str = "MIDDELPUNT_DIST_DIR";
const PUBLIC_URL: &str = "MIDDELPUNT_PUBLIC_URL";
const DEMO: &str = "MIDDELPUNT_DEMO";
const TRUSTED_PROXIES: &str = "MIDDELPUNT_TRUSTED_PROXIES";
const METRICS_LISTEN: &str = "MIDDELPUNT_METRICS_LISTEN";
const LOG_FORMAT: &str = "MIDDELPUNT_LOG_FORMAT";
const SHUTDOWN_DRAIN_MS: &str = "MIDDELPUNT_SHUTDOWN_DRAIN_MS";

/// Set by Ctrl-C (or SIGTERM) in `cargo xtask cluster`: waits give up, and the command stops.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// What to start.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// How many server instances (at least 1).
    pub instances: usize,
    /// HAProxy's port on 127.0.0.1; 0: a free one.
    pub port: u16,
    /// The port of HAProxy's stats page, health and metrics on 127.0.0.1; 0: a free one.
    pub stats_port: u16,
    /// The server's executable (usually `server::binary(Profile::Release)`).
    pub server_bin: PathBuf,
    /// Where the configuration and the logs go.
    pub dir: PathBuf,
    /// The path HAProxy checks and a start waits for: [`READY_PATH`], or [`LIVE_PATH`] for a
    /// server that has no readiness yet.
    pub health_path: String,
    /// `MIDDELPUNT_SHUTDOWN_DRAIN_MS`.
    pub drain: Duration,
    /// `MIDDELPUNT_LOG_FORMAT`: `json` or `text`.
    pub log_format: String,
    /// `MIDDELPUNT_DEMO`: the demo accounts (and, without an SMTP host, the development
    /// mailbox).
    pub demo: bool,
    /// More variables for every instance, set last so they win (e.g. an SMTP host and an SMS
    /// gateway: `SmtpRecorder::server_env`, `FakeSmsGateway::server_env`).
    pub env: Vec<(String, String)>,
}

impl ClusterOptions {
    /// Two instances of `server_bin` on free ports, in demo mode, logging JSON, writing to
    /// `target/cluster/`.
    pub fn new(server_bin: impl Into<PathBuf>) -> ClusterOptions {
        ClusterOptions {
            instances: 2,
            port: 0,
            stats_port: 0,
            server_bin: server_bin.into(),
            dir: cmd::target_dir().join("cluster"),
            health_path: READY_PATH.to_owned(),
            drain: DEFAULT_DRAIN,
            log_format: "json".to_owned(),
            demo: true,
            env: Vec::new(),
        }
    }
}

/// The addresses of one instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceAddrs {
    /// Where it serves HTTP (HAProxy's server address).
    pub addr: SocketAddr,
    /// Where it serves Prometheus metrics (`GET /metrics`).
    pub metrics: SocketAddr,
}

/// A running cluster; stopped in order when dropped (or by [`Cluster::stop`]).
pub struct Cluster {
    options: ClusterOptions,
    // Fields drop in order: the instances first, then HAProxy, then PostgreSQL.
    instances: Vec<Instance>,
    proxy: Option<Haproxy>,
    postgres: TestPostgres,
    database_url: String,
    proxy_addr: SocketAddr,
    stats_addr: SocketAddr,
}

/// A port on 127.0.0.1: `port` when it is free (an error naming it when not), a free one for 0.
fn loopback_port(port: u16, what: &str) -> Result<SocketAddr, XtaskError> {
    if port == 0 {
        return free_port();
    }
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpListener::bind(addr).map_err(|source| {
        XtaskError::Build(format!("{what}: cannot listen on {addr}: {source}"))
    })?;
    Ok(addr)
}

/// The environment of an instance at `addrs`: the cluster's variables, then `options.env`.
fn instance_env(
    options: &ClusterOptions,
    database_url: &str,
    public_url: &str,
    addrs: InstanceAddrs,
) -> Vec<(String, String)> {
    let dist = cmd::root().join("dist");
    let mut env: Vec<(String, String)> = [
        (LISTEN, addrs.addr.to_string()),
        (DATABASE_URL, database_url.to_owned()),
        (DIST_DIR, dist.display().to_string()),
        (PUBLIC_URL, public_url.to_owned()),
        (DEMO, options.demo.to_string()),
        (TRUSTED_PROXIES, "127.0.0.1".to_owned()),
        (METRICS_LISTEN, addrs.metrics.to_string()),
        (LOG_FORMAT, options.log_format.clone()),
        (SHUTDOWN_DRAIN_MS, options.drain.as_millis().to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for (key, value) in &options.env {
        env.retain(|(k, _)| k != key);
        env.push((key.clone(), value.clone()));
    }
    env
}

impl Cluster {
    /// Starts PostgreSQL (creating [`DATABASE`]), the instances (the first alone, so that it
    /// runs the migrations and creates the demo accounts; then the others), and HAProxy; answers
    /// once HAProxy sees every instance up. On any failure everything started is stopped.
    pub fn start(options: ClusterOptions) -> Result<Cluster, XtaskError> {
        if options.instances == 0 {
            return Err(XtaskError::Usage("a cluster needs at least one instance"));
        }
        if !options.server_bin.is_file() {
            return Err(XtaskError::Build(format!(
                "no server executable at {}",
                options.server_bin.display()
            )));
        }
        let haproxy_bin = haproxy::ensure_installed()?;
        std::fs::create_dir_all(&options.dir).map_err(|e| XtaskError::io(&options.dir, e))?;
        let proxy_addr = loopback_port(options.port, "HAProxy")?;
        let stats_addr = loopback_port(options.stats_port, "HAProxy's stats")?;
        let postgres = TestPostgres::start_named("cluster-pg")?;
        let database_url = postgres.create_database(DATABASE)?;
        let public_url = format!("http://localhost:{}", proxy_addr.port());
        let mut cluster = Cluster {
            options,
            instances: Vec::new(),
            proxy: None,
            postgres,
            database_url,
            proxy_addr,
            stats_addr,
        };
        for index in 0..cluster.options.instances {
            let addrs = InstanceAddrs {
                addr: free_port()?,
                metrics: free_port()?,
            };
            let env = instance_env(&cluster.options, &cluster.database_url, &public_url, addrs);
            let log = cluster
                .options
                .dir
                .join(format!("{}.log", haproxy::server_name(index)));
            // A fresh log per cluster; a restart appends to it.
            let _ = std::fs::remove_file(&log);
            cluster.instances.push(Instance::new(
                index,
                addrs.addr,
                addrs.metrics,
                &cluster.options.server_bin,
                env,
                log,
            ));
        }
        cluster.instances[0].spawn()?;
        cluster.wait_ready(0)?;
        for index in 1..cluster.instances.len() {
            cluster.instances[index].spawn()?;
        }
        for index in 1..cluster.instances.len() {
            cluster.wait_ready(index)?;
        }
        let servers: Vec<SocketAddr> = cluster.instances.iter().map(|i| i.addr).collect();
        let config = haproxy::render(&haproxy::ProxyConfig {
            listen: proxy_addr,
            stats: stats_addr,
            health_path: &cluster.options.health_path,
            servers: &servers,
        });
        let dir = &cluster.options.dir;
        let log = dir.join("haproxy.log");
        let _ = std::fs::remove_file(&log);
        cluster.proxy = Some(Haproxy::start(
            &haproxy_bin,
            &dir.join("haproxy.cfg"),
            &config,
            &log,
        )?);
        for index in 0..cluster.instances.len() {
            cluster.wait_proxy(index, true, Duration::from_secs(10))?;
        }
        Ok(cluster)
    }

    /// Waits for instance `index` to answer its health path itself.
    fn wait_ready(&mut self, index: usize) -> Result<(), XtaskError> {
        if self.wait_instance_ready(index, READY_LIMIT) {
            return Ok(());
        }
        if interrupted() {
            return Err(XtaskError::Interrupted);
        }
        let instance = &self.instances[index];
        Err(XtaskError::ServerNotHealthy {
            url: format!(
                "http://{}{} (log: {})",
                instance.addr,
                self.options.health_path,
                instance.log().display()
            ),
            seconds: READY_LIMIT.as_secs(),
        })
    }

    /// The address clients use: `http://localhost:PORT` (also the instances' public URL).
    pub fn proxy_url(&self) -> String {
        format!("http://localhost:{}", self.proxy_addr.port())
    }

    /// HAProxy's address, `127.0.0.1:PORT`.
    pub fn proxy_addr(&self) -> SocketAddr {
        self.proxy_addr
    }

    /// HAProxy's stats page, health (`/healthz`) and metrics (`/metrics`) address.
    pub fn stats_addr(&self) -> SocketAddr {
        self.stats_addr
    }

    /// The stats page's URL.
    pub fn stats_url(&self) -> String {
        format!("http://{}{}", self.stats_addr, haproxy::STATS_PATH)
    }

    /// The database the instances share, `postgres://postgres@127.0.0.1:PORT/middelpunt`.
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// The PostgreSQL server (queries with [`TestPostgres::query`], its port and data).
    pub fn postgres(&self) -> &TestPostgres {
        &self.postgres
    }

    /// Where the configuration and the logs are.
    pub fn dir(&self) -> &Path {
        &self.options.dir
    }

    /// How many instances there are (running or not).
    pub fn len(&self) -> usize {
        self.instances.len()
    }

    /// Whether there are no instances (never, after a successful start).
    pub fn is_empty(&self) -> bool {
        self.instances.is_empty()
    }

    /// The addresses of instance `index`; they stay the same across restarts.
    pub fn instance(&self, index: usize) -> InstanceAddrs {
        let instance = &self.instances[index];
        InstanceAddrs {
            addr: instance.addr,
            metrics: instance.metrics_addr,
        }
    }

    /// The addresses of every instance, in order.
    pub fn instances(&self) -> Vec<InstanceAddrs> {
        (0..self.len()).map(|i| self.instance(i)).collect()
    }

    /// Instance `index`'s name in HAProxy (`app0`, …).
    pub fn instance_name(&self, index: usize) -> String {
        self.instances[index].name()
    }

    /// Instance `index`'s log.
    pub fn instance_log(&self, index: usize) -> &Path {
        self.instances[index].log()
    }

    /// Instance `index`'s process id while it runs.
    pub fn pid(&self, index: usize) -> Option<u32> {
        self.instances[index].pid()
    }

    /// Whether instance `index`'s process runs (a paused one does).
    pub fn is_running(&mut self, index: usize) -> bool {
        self.instances[index].is_running()
    }

    /// SIGKILL to instance `index` (a crash: no drain, open requests cut); waits until it is
    /// gone. Nothing happens when it does not run.
    pub fn kill(&mut self, index: usize) {
        self.instances[index].kill();
    }

    /// SIGTERM to instance `index`, answering at once: it drains for
    /// [`ClusterOptions::drain`], then stops taking connections and exits when its requests
    /// are done (see [`Cluster::wait_exit`]).
    pub fn sigterm(&mut self, index: usize) -> Result<(), XtaskError> {
        self.instances[index].signal(Signal::SIGTERM)
    }

    /// SIGSTOP to instance `index`: it holds its connections and answers nothing (a hung
    /// process), until [`Cluster::resume`].
    pub fn pause(&mut self, index: usize) -> Result<(), XtaskError> {
        self.instances[index].signal(Signal::SIGSTOP)
    }

    /// SIGCONT to a paused instance `index`.
    pub fn resume(&mut self, index: usize) -> Result<(), XtaskError> {
        self.instances[index].signal(Signal::SIGCONT)
    }

    /// Waits up to `limit` for instance `index` to exit: its status, or `None` while it runs.
    pub fn wait_exit(&mut self, index: usize, limit: Duration) -> Option<ExitStatus> {
        self.instances[index].wait_exit(limit)
    }

    /// Stops instance `index` as systemd would: SIGTERM, then SIGKILL when it has not exited
    /// within the drain and 10 s. Its status when it exited by itself.
    pub fn stop_instance(&mut self, index: usize) -> Option<ExitStatus> {
        let limit = self.options.drain + EXIT_GRACE;
        self.instances[index].terminate(limit)
    }

    /// Starts instance `index` again (on the same addresses) when it does not run, and waits
    /// until it answers its health path itself (HAProxy takes up to a second more: see
    /// [`Cluster::wait_proxy`]).
    pub fn start_instance(&mut self, index: usize) -> Result<(), XtaskError> {
        if !self.instances[index].is_running() {
            self.instances[index].spawn()?;
        }
        self.wait_ready(index)
    }

    /// [`Cluster::stop_instance`], then [`Cluster::start_instance`].
    pub fn restart(&mut self, index: usize) -> Result<(), XtaskError> {
        self.stop_instance(index);
        self.start_instance(index)
    }

    /// Whether instance `index` answers 200 on its health path itself within `limit`.
    pub fn wait_instance_ready(&mut self, index: usize, limit: Duration) -> bool {
        let path = self.options.health_path.clone();
        let start = Instant::now();
        while start.elapsed() < limit && !interrupted() {
            let left = limit
                .saturating_sub(start.elapsed())
                .min(Duration::from_secs(1));
            if self.instances[index].wait_ready(&path, left) {
                return true;
            }
            if !self.instances[index].is_running() {
                return false;
            }
        }
        false
    }

    /// Every instance as HAProxy sees it now (status and counters), in order.
    pub fn proxy_stats(&self) -> Result<Vec<ServerStats>, XtaskError> {
        haproxy::server_stats(self.stats_addr)
    }

    /// Waits up to `limit` until HAProxy sees instance `index` up (`up`) or down (`!up`).
    pub fn wait_proxy(&self, index: usize, up: bool, limit: Duration) -> Result<(), XtaskError> {
        let name = self.instance_name(index);
        let start = Instant::now();
        loop {
            let seen = self
                .proxy_stats()
                .ok()
                .and_then(|stats| stats.into_iter().find(|s| s.name == name));
            if seen.as_ref().is_some_and(|s| s.is_up() == up) {
                return Ok(());
            }
            if interrupted() {
                return Err(XtaskError::Interrupted);
            }
            if start.elapsed() >= limit {
                let status = seen.map_or_else(|| "unknown".to_owned(), |s| s.status);
                return Err(XtaskError::Timeout {
                    what: format!(
                        "HAProxy did not see {name} {} (it is {status})",
                        if up { "up" } else { "down" }
                    ),
                    seconds: limit.as_secs(),
                });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Whether HAProxy still runs.
    pub fn proxy_is_running(&mut self) -> bool {
        self.proxy.as_mut().is_some_and(Haproxy::is_running)
    }

    /// Stops PostgreSQL (`Fast`: as an administrator would; `Immediate`: as a crash would);
    /// its data stays for [`Cluster::start_postgres`].
    pub fn stop_postgres(&mut self, mode: StopMode) -> Result<(), XtaskError> {
        self.postgres.stop(mode)
    }

    /// Starts PostgreSQL again on the same port.
    pub fn start_postgres(&mut self) -> Result<(), XtaskError> {
        self.postgres.start_again()
    }

    /// [`Cluster::stop_postgres`], then [`Cluster::start_postgres`].
    pub fn restart_postgres(&mut self, mode: StopMode) -> Result<(), XtaskError> {
        self.postgres.restart(mode)
    }

    /// Stops everything in order: SIGTERM to every instance at once (each drains, then
    /// finishes its requests; SIGKILL after the drain and 10 s), then HAProxy, then PostgreSQL
    /// (its data removed).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        for instance in &mut self.instances {
            let _ = instance.signal(Signal::SIGCONT);
            let _ = instance.signal(Signal::SIGTERM);
        }
        let deadline = Instant::now() + self.options.drain + EXIT_GRACE;
        for instance in &mut self.instances {
            let left = deadline.saturating_duration_since(Instant::now());
            if instance.wait_exit(left).is_none() {
                instance.kill();
            }
        }
        if let Some(mut proxy) = self.proxy.take() {
            proxy.stop();
        }
        // PostgreSQL stops when `self.postgres` drops.
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.shutdown();
    }
}

#[cfg(test)]
mod tests;
