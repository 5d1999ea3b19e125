//! One server instance of the cluster: a child process with its own listen and metrics
//! addresses, started again on the same addresses after it stopped, so that HAProxy's
//! configuration (which names the addresses) stays right.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;
use nix::unistd::Pid;

use crate::error::XtaskError;
use crate::http::Client;

/// A server instance: how to start it, and the process when it runs.
pub(super) struct Instance {
    pub(super) index: usize,
    pub(super) addr: SocketAddr,
    pub(super) metrics_addr: SocketAddr,
    binary: PathBuf,
    env: Vec<(String, String)>,
    log: PathBuf,
    child: Option<Child>,
}

impl Instance {
    pub(super) fn new(
        index: usize,
        addr: SocketAddr,
        metrics_addr: SocketAddr,
        binary: &Path,
        env: Vec<(String, String)>,
        log: PathBuf,
    ) -> Instance {
        Instance {
            index,
            addr,
            metrics_addr,
            binary: binary.to_path_buf(),
            env,
            log,
            child: None,
        }
    }

    /// What it is called in messages and in HAProxy's configuration.
    pub(super) fn name(&self) -> String {
        super::haproxy::server_name(self.index)
    }

    /// The log its output is appended to (across restarts).
    pub(super) fn log(&self) -> &Path {
        &self.log
    }

    /// Its process id while it runs.
    pub(super) fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Starts the process (not waiting until it is ready). An error when it runs already.
    pub(super) fn spawn(&mut self) -> Result<(), XtaskError> {
        if self.is_running() {
            return Err(XtaskError::Build(format!("{} runs already", self.name())));
        }
        let open = || {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.log)
                .map_err(|e| XtaskError::io(&self.log, e))
        };
        let (out, err) = (open()?, open()?);
        let mut command = Command::new(&self.binary);
        command
            .current_dir(crate::cmd::root())
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        // Its own process group: a Ctrl-C in the terminal reaches only xtask, which then stops
        // the instances itself (SIGTERM, so that they drain) before the proxy and the database.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command.spawn().map_err(|source| XtaskError::Spawn {
            command: self.binary.display().to_string(),
            source,
        })?;
        self.child = Some(child);
        Ok(())
    }

    /// Whether the process runs (reaps it when it has exited).
    pub(super) fn is_running(&mut self) -> bool {
        self.try_exit_status().is_none() && self.child.is_some()
    }

    /// The exit status once it exited (the process is then forgotten); `None` while it runs or
    /// when it was not started.
    pub(super) fn try_exit_status(&mut self) -> Option<ExitStatus> {
        let status = self.child.as_mut()?.try_wait().ok().flatten()?;
        self.child = None;
        Some(status)
    }

    /// Sends `signal` to the process; an error when it does not run.
    pub(super) fn signal(&mut self, signal: Signal) -> Result<(), XtaskError> {
        let pid = match (self.is_running(), self.pid()) {
            (true, Some(pid)) => pid,
            _ => return Err(XtaskError::Build(format!("{} does not run", self.name()))),
        };
        let pid = Pid::from_raw(i32::try_from(pid).expect("a process id fits in i32"));
        nix::sys::signal::kill(pid, signal).map_err(|source| XtaskError::Signal {
            what: format!("{} (pid {pid}) with {signal}", self.name()),
            source,
        })
    }

    /// SIGKILL, then reaps the process. Nothing happens when it does not run.
    pub(super) fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Waits up to `limit` for the process to exit: its status, or `None` when it still runs
    /// (or was not started).
    pub(super) fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.try_exit_status() {
                return Some(status);
            }
            if self.child.is_none() || start.elapsed() >= limit {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGTERM and up to `limit` for it to exit; SIGKILL after that. Answers how it ended:
    /// `None` when it did not run or had to be killed.
    pub(super) fn terminate(&mut self, limit: Duration) -> Option<ExitStatus> {
        if self.signal(Signal::SIGTERM).is_err() {
            return None;
        }
        let status = self.wait_exit(limit);
        if status.is_none() {
            self.kill();
        }
        status
    }

    /// Whether `GET path` on the instance itself answered 200 within `limit`, asked every
    /// 100 ms; gives up at once when the process exits.
    pub(super) fn wait_ready(&mut self, path: &str, limit: Duration) -> bool {
        let start = Instant::now();
        let mut client = Client::with_timeout(self.addr, Duration::from_secs(2));
        while start.elapsed() < limit {
            if client.get(path).is_ok_and(|r| r.status == 200) {
                return true;
            }
            if !self.is_running() {
                return false;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}
