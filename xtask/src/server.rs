//! Building and starting the API server: for `run` (replacing this process), for `dev` (beside
//! `trunk serve`) and for the browser tests (on a free port with a fresh database).

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::cmd::{self, command};
use crate::error::XtaskError;
use crate::http::Client;

const PACKAGE: &str = "middelpunt-server";

#[derive(Debug, Clone, Copy)]
pub enum Profile {
    Debug,
    Release,
}

impl Profile {
    fn dir(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        }
    }
}

pub fn build(profile: Profile) -> Result<(), XtaskError> {
    let mut cargo = command("cargo");
    cargo.args(["build", "--package", PACKAGE]);
    if let Profile::Release = profile {
        cargo.arg("--release");
    }
    cmd::run(&mut cargo)
}

/// The packages the native tests build: every workspace member but the SPA and the load
/// generator.
///
/// Not the load generator (`crates/load`) either: goose's reqwest brings rustls on aws-lc-rs,
/// whose C build alone takes about a minute on two cores; `cargo xtask bench load` lints, tests
/// and builds it before it runs.
pub const NATIVE_PACKAGES: [&str; 5] = [
    "--workspace",
    "--exclude",
    "middelpunt",
    "--exclude",
    "middelpunt-load",
];

/// Builds the debug server the way the native tests build it (`cargo test` of
/// [`NATIVE_PACKAGES`] without running). A plain `cargo build --package` would unify the
/// dependencies' features differently (no dev-dependencies) and compile much of the tree a
/// second time, minutes on a clean two-core machine; after the test step this is a no-op.
pub fn build_for_tests() -> Result<(), XtaskError> {
    cmd::run(
        command("cargo")
            .arg("test")
            .args(NATIVE_PACKAGES)
            .arg("--no-run"),
    )
}

/// The server's executable of `profile`.
pub fn binary(profile: Profile) -> PathBuf {
    cmd::target_dir().join(profile.dir()).join(PACKAGE)
}

fn server_command(profile: Profile) -> Command {
    let mut server = Command::new(binary(profile));
    server.current_dir(cmd::root());
    server
}

/// Replaces this process with the server, so that Ctrl-C reaches it directly and it shuts down
/// gracefully.
pub fn exec(profile: Profile) -> Result<(), XtaskError> {
    use std::os::unix::process::CommandExt;
    let mut server = server_command(profile);
    // The product with its embedded defaults includes the demo manager, so that a newcomer can
    // try the whole flow at once (the server prints the credentials).
    if std::env::var_os("MIDDELPUNT_DEMO").is_none() {
        server.env("MIDDELPUNT_DEMO", "true");
    }
    let source = server.exec();
    Err(XtaskError::Spawn {
        command: binary(profile).display().to_string(),
        source,
    })
}

/// `cargo xtask admin …`: the server's `admin` command (e.g. `admin create`, which prints a
/// set-up link) on the database and configuration `cargo xtask run` uses.
pub fn admin(args: &[String]) -> Result<(), XtaskError> {
    build(Profile::Release)?;
    let mut server = server_command(Profile::Release);
    server.arg("admin").args(args);
    // The configuration of `cargo xtask run`, whose server does not start without a mail
    // transport or the development mailbox (demo mode brings it).
    if std::env::var_os("MIDDELPUNT_DEMO").is_none() {
        server.env("MIDDELPUNT_DEMO", "true");
    }
    cmd::run(&mut server)
}

/// `cargo xtask kvk-smoke …`: the server's `kvk-smoke` command, with this environment (its
/// `MIDDELPUNT_KVK_API_KEY` and `MIDDELPUNT_KVK_BASE_URL`); fails when an answer was not as KvK
/// documents.
pub fn kvk_smoke(args: &[String]) -> Result<(), XtaskError> {
    let mut server = server_command(Profile::Debug);
    server.arg("kvk-smoke").args(args);
    cmd::run(&mut server)
}

/// `cargo xtask dev`: the server on 8080 and `trunk serve` (live reload, `/api/` proxied to the
/// server, see Trunk.toml) on 8081. Stops both when either stops; Ctrl-C reaches both.
pub fn dev() -> Result<(), XtaskError> {
    let spawn = |cmd: &mut Command, name: &str| {
        cmd.spawn().map_err(|source| XtaskError::Spawn {
            command: name.to_string(),
            source,
        })
    };
    let mut server = server_command(Profile::Debug);
    server.env("MIDDELPUNT_LISTEN", "127.0.0.1:8080");
    // Development: the demo accounts to log in with, and the mailbox that demo mode brings (the
    // server does not start without it or an SMTP host).
    if std::env::var_os("MIDDELPUNT_DEMO").is_none() {
        server.env("MIDDELPUNT_DEMO", "true");
    }
    // The browser talks to trunk on 8081, which rewrites `Host` when it proxies `/api/`: the
    // server accepts state-changing requests (the login) only from its public origin.
    if std::env::var_os("MIDDELPUNT_PUBLIC_URL").is_none() {
        server.env("MIDDELPUNT_PUBLIC_URL", "http://localhost:8081");
    }
    let api = spawn(&mut server, PACKAGE)?;
    // dev.html: one app with every route (the shipped SPA is two apps, see src/area.rs).
    let trunk = spawn(
        command("trunk").args(["serve", "dev.html", "--offline"]),
        "trunk serve",
    )?;
    println!("Middelpunt (dev): http://localhost:8081 (live reload; API on http://127.0.0.1:8080)");
    let mut children = [api, trunk];
    loop {
        for i in 0..children.len() {
            if let Ok(Some(status)) = children[i].try_wait() {
                for other in &mut children {
                    let _ = other.kill();
                    let _ = other.wait();
                }
                return if status.success() {
                    Ok(())
                } else {
                    Err(XtaskError::CommandFailed {
                        command: "cargo xtask dev".into(),
                        status: status.to_string(),
                    })
                };
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The demo manager of `MIDDELPUNT_DEMO` (crates/server/src/auth/demo.rs).
pub const DEMO_EMAIL: &str = "beheerder@demo.middelpunt.nl";
pub const DEMO_PASSWORD: &str = "Middelpunt-demo-2026";
/// The demo's back-office account: operator and admin.
pub const DEMO_ADMIN_EMAIL: &str = "operator@demo.middelpunt.nl";

/// A server started for the browser tests; stopped (and its data removed) on drop.
pub struct TestServer {
    child: Child,
    data_dir: PathBuf,
    pub addr: SocketAddr,
    pub url: String,
    /// Its database, for commands such as `admin create` run beside it.
    pub database_url: String,
}

impl TestServer {
    /// Starts the debug server on a free loopback port with a fresh SQLite database in a
    /// temporary directory, serving `dist/`, in demo mode with the development mailbox, and
    /// waits until `/api/v1/health` answers 200. `name` tells the data directories apart.
    pub fn start(name: &str) -> Result<TestServer, XtaskError> {
        TestServer::start_as(name, None, true)
    }

    /// As [`TestServer::start`], its public URL naming `host` instead of the address it listens
    /// on (`localhost` for the browser tests, since WebAuthn takes a domain name, never an IP
    /// address, as the relying party; the browser resolves `localhost` to the loopback itself),
    /// and in demo mode or not (without: no accounts and no organisations, as a new deployment).
    pub fn start_as(name: &str, host: Option<&str>, demo: bool) -> Result<TestServer, XtaskError> {
        TestServer::start_with(name, Profile::Debug, host, demo)
    }

    /// As [`TestServer::start_as`], with the server of `profile` (which must be built).
    pub fn start_with(
        name: &str,
        profile: Profile,
        host: Option<&str>,
        demo: bool,
    ) -> Result<TestServer, XtaskError> {
        let addr = free_port()?;
        let url = match host {
            Some(host) => format!("http://{host}:{}", addr.port()),
            None => format!("http://{addr}"),
        };
        let data_dir =
            std::env::temp_dir().join(format!("middelpunt-{name}-{}", std::process::id()));
        // A directory left by a killed earlier run of this process id: start afresh.
        let _ = std::fs::remove_dir_all(&data_dir);
        std::fs::create_dir_all(&data_dir).map_err(|e| XtaskError::io(&data_dir, e))?;
        let log_path = data_dir.join("server.log");
        let log = std::fs::File::create(&log_path).map_err(|e| XtaskError::io(&log_path, e))?;
        let log_err = log.try_clone().map_err(|e| XtaskError::io(&log_path, e))?;
        let database_url = format!("sqlite://{}", data_dir.join("test.db").display());
        let child = server_command(profile)
            .env("MIDDELPUNT_LISTEN", addr.to_string())
            .env("MIDDELPUNT_DATABASE_URL", &database_url)
            .env("MIDDELPUNT_DIST_DIR", cmd::root().join("dist"))
            .env("MIDDELPUNT_PUBLIC_URL", &url)
            // The tests log in as the demo managers and read the development mailbox.
            .env("MIDDELPUNT_DEMO", if demo { "true" } else { "false" })
            .env("MIDDELPUNT_DEV_MAILBOX", "true")
            .env("MIDDELPUNT_OUTBOX_POLL_MS", "100")
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(|source| XtaskError::Spawn {
                command: PACKAGE.into(),
                source,
            })?;
        let server = TestServer {
            child,
            data_dir,
            addr,
            url,
            database_url,
        };
        let limit = Duration::from_secs(30);
        if !wait_healthy(addr, limit) {
            return Err(XtaskError::ServerNotHealthy {
                url: format!("{} (log: {})", server.url, log_path.display()),
                seconds: limit.as_secs(),
            });
        }
        println!("test server: {} (log: {})", server.url, log_path.display());
        Ok(server)
    }

    /// Logs in as the demo account `email`.
    pub fn sign_in_as(&self, email: &str) -> Result<Client, XtaskError> {
        sign_in_as(self.addr, email)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// A free port on 127.0.0.1 (free when asked; the server binds it right after).
pub fn free_port() -> Result<SocketAddr, XtaskError> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|e| XtaskError::io("127.0.0.1:0", e))
}

/// Whether `GET /api/v1/health` on `addr` answered 200 within `limit`, asked every 100 ms.
pub fn wait_healthy(addr: SocketAddr, limit: Duration) -> bool {
    let start = Instant::now();
    let mut client = Client::new(addr);
    while start.elapsed() < limit {
        if client.get("/api/v1/health").is_ok_and(|r| r.status == 200) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// Logs in at `addr` as the demo manager: a client holding the session cookie and the CSRF
/// token.
pub fn sign_in(addr: SocketAddr) -> Result<Client, XtaskError> {
    sign_in_as(addr, DEMO_EMAIL)
}

/// Logs in at `addr` as the demo account `email` (the demo's password).
pub fn sign_in_as(addr: SocketAddr, email: &str) -> Result<Client, XtaskError> {
    let mut client = Client::new(addr);
    let credentials = serde_json::json!({ "email": email, "password": DEMO_PASSWORD });
    let login = client
        .post_json("/api/v1/session", &credentials.to_string())
        .map_err(|source| XtaskError::Http {
            what: "login".into(),
            source,
        })?;
    client.csrf_token = login.json_field("csrf_token");
    if login.status != 200 || client.csrf_token.is_none() || client.cookie().is_none() {
        return Err(XtaskError::Build(format!(
            "the demo login of {email} answered {}: {}",
            login.status,
            login.text()
        )));
    }
    Ok(client)
}
