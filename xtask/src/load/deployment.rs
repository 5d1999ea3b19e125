//! Where `cargo xtask bench load` measures: a fresh release server on SQLite, a fresh cluster
//! (a throwaway PostgreSQL, N release instances and HAProxy, `cluster/`), or a deployment that
//! already runs (`--target`); its e-mail to the development mailbox or to a recording SMTP
//! server on this machine (`smtp.rs`). Each measurement gets a deployment of its own, so that
//! one's queue or data does not weigh on the next.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::{Target, bench_dir};
use crate::cluster::{Cluster, ClusterOptions};
use crate::cmd;
use crate::error::XtaskError;
use crate::server::{self, Profile};
use crate::smtp::{self, SmtpRecorder};

/// What to start for a measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup {
    /// One release server on a fresh SQLite database.
    Sqlite,
    /// This many release instances on a fresh PostgreSQL behind HAProxy.
    Cluster(usize),
}

impl Setup {
    /// How the tables name it.
    pub fn describe(self) -> String {
        match self {
            Setup::Sqlite => "1 instance on SQLite".to_owned(),
            Setup::Cluster(1) => "1 instance on PostgreSQL behind HAProxy".to_owned(),
            Setup::Cluster(n) => format!("{n} instances on PostgreSQL behind HAProxy"),
        }
    }
}

/// Where the servers deliver e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mail {
    /// The development mailbox (a table in the database; the mix reads its invitations there).
    DevMailbox,
    /// A recording SMTP server on 127.0.0.1 (Python's aiosmtpd): every message over a real
    /// SMTP conversation.
    Smtp,
}

impl Mail {
    pub fn describe(self) -> &'static str {
        match self {
            Mail::DevMailbox => "the development mailbox",
            Mail::Smtp => "a local SMTP server",
        }
    }
}

/// A deployment for one measurement; what was started is stopped when it is dropped.
pub struct Deployment {
    pub target: Target,
    // Fields drop in order: the servers before the SMTP server they deliver to.
    _running: Running,
    smtp: Option<SmtpRecorder>,
}

/// What was started, held to be stopped when dropped.
#[allow(dead_code, reason = "the fields are held for their `Drop`, not read")]
enum Running {
    Given,
    Server(LoadServer),
    Cluster(Box<Cluster>),
}

impl Deployment {
    /// A deployment that runs already: nothing is started or stopped.
    pub fn given(target: Target) -> Deployment {
        Deployment {
            target,
            _running: Running::Given,
            smtp: None,
        }
    }

    /// Starts `setup` with its e-mail to `mail`; `name` names its logs in `target/bench/`.
    pub fn start(setup: Setup, mail: Mail, name: &str) -> Result<Deployment, XtaskError> {
        let smtp = match mail {
            Mail::DevMailbox => None,
            Mail::Smtp => Some(SmtpRecorder::start(
                &bench_dir().join(format!("smtp-{name}")),
            )?),
        };
        let mail_env = match &smtp {
            Some(recorder) => recorder.server_env(),
            None => vec![("MIDDELPUNT_DEV_MAILBOX".to_owned(), "true".to_owned())],
        };
        let (target, running) = match setup {
            Setup::Sqlite => {
                let server = LoadServer::start(name, &mail_env)?;
                (server.target.clone(), Running::Server(server))
            }
            Setup::Cluster(instances) => {
                let cluster = start_cluster(instances, name, mail_env)?;
                let target = Target {
                    url: format!("http://{}", cluster.proxy_addr()),
                    metrics: cluster
                        .instances()
                        .iter()
                        .map(|i| i.metrics.to_string())
                        .collect(),
                    pids: (0..cluster.len()).filter_map(|i| cluster.pid(i)).collect(),
                };
                println!(
                    "cluster: {} ({}; instances' metrics on {}; logs in {})",
                    target.url,
                    setup.describe(),
                    target.metrics.join(", "),
                    cluster.dir().display()
                );
                (target, Running::Cluster(Box::new(cluster)))
            }
        };
        Ok(Deployment {
            target,
            _running: running,
            smtp,
        })
    }

    /// The recording SMTP server, when the e-mail goes there.
    pub fn smtp(&self) -> Option<&SmtpRecorder> {
        self.smtp.as_ref()
    }
}

/// A cluster of `instances` for one measurement. Its public URL is the proxy's address as the
/// load generator uses it (`http://127.0.0.1:PORT`), so that browsers' origin checks pass.
fn start_cluster(
    instances: usize,
    name: &str,
    env: Vec<(String, String)>,
) -> Result<Cluster, XtaskError> {
    let proxy = server::free_port()?;
    let mut options = ClusterOptions::new(server::binary(Profile::Release));
    options.instances = instances;
    options.port = proxy.port();
    options.dir = bench_dir().join(format!("cluster-{name}"));
    options.env.push((
        "MIDDELPUNT_PUBLIC_URL".to_owned(),
        format!("http://{proxy}"),
    ));
    options.env.extend(env);
    Cluster::start(options)
}

/// What the SMTP server received during a backlog: how many messages, and how many of them
/// repeated a `Message-ID` it had already received (a delivery made twice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    pub messages: usize,
    pub repeated: usize,
}

impl Received {
    pub fn read(recorder: &SmtpRecorder) -> Result<Received, XtaskError> {
        let records = recorder.records()?;
        let repeated = smtp::repeated_message_ids(&records)
            .values()
            .map(|count| count - 1)
            .sum();
        Ok(Received {
            messages: records.len(),
            repeated,
        })
    }
}

/// A release server of its own for one measurement: a free port, a fresh SQLite database, demo
/// mode, metrics on another free port. Stopped, and its database removed, on drop; its log
/// stays in `target/bench/`.
pub struct LoadServer {
    child: Child,
    data_dir: PathBuf,
    pub target: Target,
}

impl LoadServer {
    /// Starts it with `env` added (where its e-mail goes).
    pub fn start(name: &str, env: &[(String, String)]) -> Result<LoadServer, XtaskError> {
        let addr = server::free_port()?;
        let metrics = server::free_port()?;
        let dir = bench_dir();
        let data_dir = dir.join(format!("load-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data_dir);
        std::fs::create_dir_all(&data_dir).map_err(|e| XtaskError::io(&data_dir, e))?;
        let log_path = dir.join(format!("load-{name}.log"));
        let log = std::fs::File::create(&log_path).map_err(|e| XtaskError::io(&log_path, e))?;
        let log_err = log.try_clone().map_err(|e| XtaskError::io(&log_path, e))?;
        let database = data_dir.join("load.db");
        let url = format!("http://{addr}");
        let child = Command::new(server::binary(Profile::Release))
            .current_dir(cmd::root())
            .env("MIDDELPUNT_LISTEN", addr.to_string())
            .env(
                "MIDDELPUNT_DATABASE_URL",
                format!("sqlite://{}", database.display()),
            )
            // The API only: the SPA need not be built.
            .env("MIDDELPUNT_DIST_DIR", cmd::root().join("dist"))
            .env("MIDDELPUNT_PUBLIC_URL", &url)
            .env("MIDDELPUNT_DEMO", "true")
            .env("MIDDELPUNT_METRICS_LISTEN", metrics.to_string())
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(|source| XtaskError::Spawn {
                command: server::binary(Profile::Release).display().to_string(),
                source,
            })?;
        let server = LoadServer {
            target: Target {
                url,
                metrics: vec![metrics.to_string()],
                pids: vec![child.id()],
            },
            child,
            data_dir,
        };
        let limit = Duration::from_secs(60);
        if !server::wait_healthy(addr, limit) {
            return Err(XtaskError::ServerNotHealthy {
                url: format!("{} (log: {})", server.target.url, log_path.display()),
                seconds: limit.as_secs(),
            });
        }
        println!(
            "server: {} pid {} (release, fresh SQLite; metrics on {}; log: {})",
            server.target.url,
            server.child.id(),
            metrics,
            log_path.display()
        );
        Ok(server)
    }
}

impl Drop for LoadServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}
