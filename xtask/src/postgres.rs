//! A throwaway PostgreSQL server for the tests: Debian's PostgreSQL (installed with apt when
//! missing and possible), a new cluster in a temporary directory on a free port, trust
//! authentication on loopback only, stopped and removed when dropped. The server's tests then
//! run the ordering, activation and beheer suites on it as well as on SQLite.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd;
use crate::error::XtaskError;

/// Where Debian puts PostgreSQL's programs; the newest version found is used.
const DEBIAN_DIR: &str = "/usr/lib/postgresql";

/// A running throwaway server.
pub struct TestPostgres {
    bin: PathBuf,
    data: PathBuf,
    as_postgres: bool,
    port: u16,
    /// Whether it was started and not stopped since (by [`TestPostgres::stop`]).
    running: bool,
    /// `postgres://postgres@127.0.0.1:PORT/postgres`: its user may create databases.
    pub admin_url: String,
}

/// How [`TestPostgres::stop`] stops the server (`pg_ctl stop -m …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopMode {
    /// Rolls back open transactions, closes the connections and writes a checkpoint.
    Fast,
    /// Quits at once, as a crash would; the next start recovers from the WAL.
    Immediate,
}

impl StopMode {
    fn arg(self) -> &'static str {
        match self {
            StopMode::Fast => "fast",
            StopMode::Immediate => "immediate",
        }
    }
}

fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(DEBIAN_DIR)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Installs Debian's PostgreSQL when it is missing and apt can (as root).
pub fn ensure_installed() -> Result<PathBuf, XtaskError> {
    if let Some(bin) = bin_dir() {
        return Ok(bin);
    }
    let instruction =
        "PostgreSQL is missing: run `sudo apt-get install postgresql`, then try again";
    crate::tools::apt_install(&["postgresql"], crate::tools::Recommends::No, instruction)?;
    bin_dir().ok_or_else(|| XtaskError::MissingTool(instruction.into()))
}

fn free_port() -> Result<u16, XtaskError> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| XtaskError::io(Path::new("127.0.0.1:0"), e))?;
    Ok(listener
        .local_addr()
        .map_err(|e| XtaskError::io(Path::new("127.0.0.1:0"), e))?
        .port())
}

impl TestPostgres {
    /// Creates and starts the cluster. PostgreSQL refuses to run as root: then it runs as the
    /// `postgres` user that Debian's package creates.
    pub fn start() -> Result<TestPostgres, XtaskError> {
        TestPostgres::start_named("pg")
    }

    /// [`TestPostgres::start`] with its data in `middelpunt-{name}-{pid}` in the temporary
    /// directory, so that several can run in one process.
    pub fn start_named(name: &str) -> Result<TestPostgres, XtaskError> {
        let bin = ensure_installed()?;
        let data = std::env::temp_dir().join(format!("middelpunt-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).map_err(|e| XtaskError::io(&data, e))?;
        let as_postgres = crate::tools::is_root();
        if as_postgres {
            cmd::run(Command::new("chown").arg("postgres").arg(&data))?;
        }
        let port = free_port()?;
        let mut server = TestPostgres {
            bin,
            data,
            as_postgres,
            port,
            running: false,
            admin_url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        };
        server.run(
            "initdb",
            &[
                "-D",
                &server.data_str(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                // Byte-wise text order, as production needs it (`db::check_collation`).
                "--locale=C",
            ],
        )?;
        server.start_again()?;
        Ok(server)
    }

    /// Starts the server again after [`TestPostgres::stop`], on the same port with the same
    /// data; waits until it accepts connections.
    pub fn start_again(&mut self) -> Result<(), XtaskError> {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {}",
            self.port,
            self.data_str()
        );
        let log = format!("{}/server.log", self.data_str());
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data_str(),
                "-o",
                &options,
                "-l",
                &log,
                "-w",
                "start",
            ],
        )?;
        self.running = true;
        Ok(())
    }

    /// Stops the server (its data stays, for [`TestPostgres::start_again`]); waits until it
    /// is down.
    pub fn stop(&mut self, mode: StopMode) -> Result<(), XtaskError> {
        self.run(
            "pg_ctl",
            &["-D", &self.data_str(), "-m", mode.arg(), "-w", "stop"],
        )?;
        self.running = false;
        Ok(())
    }

    /// [`TestPostgres::stop`], then [`TestPostgres::start_again`].
    pub fn restart(&mut self, mode: StopMode) -> Result<(), XtaskError> {
        self.stop(mode)?;
        self.start_again()
    }

    /// Whether it runs (started and not stopped since).
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// The port it listens on, on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Where its data directory is (its log is `server.log` in it).
    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    /// The URL of `database` as the `postgres` user.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Creates `database` (byte-wise order, as the cluster's) and answers its URL.
    pub fn create_database(&self, database: &str) -> Result<String, XtaskError> {
        let port = self.port.to_string();
        self.run(
            "createdb",
            &["-h", "127.0.0.1", "-p", &port, "-U", "postgres", database],
        )?;
        Ok(self.url(database))
    }

    /// What `psql` prints for `sql` on `database`: unaligned, tuples only (`a|b` per row).
    pub fn query(&self, database: &str, sql: &str) -> Result<String, XtaskError> {
        let port = self.port.to_string();
        let args = [
            "-X",
            "-A",
            "-t",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-p",
            &port,
            "-U",
            "postgres",
            "-d",
            database,
            "-c",
            sql,
        ];
        let mut command = self.command("psql", &args);
        let output = command.output().map_err(|source| XtaskError::Spawn {
            command: "psql".into(),
            source,
        })?;
        if !output.status.success() {
            return Err(XtaskError::CommandFailed {
                command: format!("psql -c {sql:?}"),
                status: format!(
                    "{}: {}",
                    output.status,
                    String::from_utf8_lossy(&output.stderr).trim()
                ),
            });
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }

    fn data_str(&self) -> String {
        self.data.display().to_string()
    }

    /// One of PostgreSQL's programs, as the `postgres` user when this process is root.
    fn command(&self, program: &str, args: &[&str]) -> Command {
        let path = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        };
        command.args(args);
        command
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<(), XtaskError> {
        cmd::run(&mut self.command(program, args))
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        if self.running {
            let _ = self.stop(StopMode::Fast);
        }
        let _ = std::fs::remove_dir_all(&self.data);
    }
}
