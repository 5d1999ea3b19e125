//! A throwaway PostgreSQL server for the tests: Debian's PostgreSQL (installed with apt when
//! missing and possible), a new cluster in a temporary directory on a free port, trust
//! authentication on loopback only, stopped and removed when dropped. The server's tests then
//! run the ordering, activation and beheer suites on it as well as on SQLite.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::{self, probe};
use crate::error::XtaskError;

/// Where Debian puts PostgreSQL's programs; the newest version found is used.
const DEBIAN_DIR: &str = "/usr/lib/postgresql";

/// A running throwaway server.
pub struct TestPostgres {
    bin: PathBuf,
    data: PathBuf,
    as_postgres: bool,
    /// `postgres://postgres@127.0.0.1:PORT/postgres`: its user may create databases.
    pub admin_url: String,
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

fn is_root() -> bool {
    probe("id", &["-u"]).is_some_and(|o| o.stdout.starts_with(b"0"))
}

/// Installs Debian's PostgreSQL when it is missing and apt can (as root).
pub fn ensure_installed() -> Result<PathBuf, XtaskError> {
    if let Some(bin) = bin_dir() {
        return Ok(bin);
    }
    let instruction =
        "PostgreSQL is missing: run `sudo apt-get install postgresql`, then try again";
    if !is_root() || probe("apt-get", &["--version"]).is_none() {
        return Err(XtaskError::MissingTool(instruction.into()));
    }
    let apt = |args: &[&str]| {
        cmd::run(
            Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )
    };
    apt(&["update", "-qq"])
        .and_then(|()| {
            apt(&[
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                "postgresql",
            ])
        })
        .map_err(|_| XtaskError::MissingTool(instruction.into()))?;
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
        let bin = ensure_installed()?;
        let data = std::env::temp_dir().join(format!("middelpunt-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).map_err(|e| XtaskError::io(&data, e))?;
        let as_postgres = is_root();
        if as_postgres {
            cmd::run(Command::new("chown").arg("postgres").arg(&data))?;
        }
        let port = free_port()?;
        let server = TestPostgres {
            bin,
            data,
            as_postgres,
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
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -k {}",
            server.data_str()
        );
        let log = format!("{}/server.log", server.data_str());
        server.run(
            "pg_ctl",
            &[
                "-D",
                &server.data_str(),
                "-o",
                &options,
                "-l",
                &log,
                "-w",
                "start",
            ],
        )?;
        Ok(server)
    }

    fn data_str(&self) -> String {
        self.data.display().to_string()
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<(), XtaskError> {
        let path = self.bin.join(program);
        if self.as_postgres {
            cmd::run(
                Command::new("runuser")
                    .args(["-u", "postgres", "--"])
                    .arg(path)
                    .args(args),
            )
        } else {
            cmd::run(Command::new(path).args(args))
        }
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        let _ = self.run(
            "pg_ctl",
            &["-D", &self.data_str(), "-m", "fast", "-w", "stop"],
        );
        let _ = std::fs::remove_dir_all(&self.data);
    }
}
