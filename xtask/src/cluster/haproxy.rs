//! HAProxy in front of the cluster: Debian's package (installed with apt when missing), the
//! configuration written to `haproxy.cfg` in the cluster's directory, the proxy process, and its
//! view of the servers read from the stats page's CSV.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::cmd::{self, probe};
use crate::error::XtaskError;
use crate::http::Client;

/// Debian's HAProxy.
pub const HAPROXY: &str = "/usr/sbin/haproxy";
/// The oldest HAProxy whose configuration language the generated file uses (`http-check send`
/// came in 2.2; Debian 12 has 2.6, Debian 13 has 3.0).
const OLDEST: (u32, u32) = (2, 2);

/// The backend's name in the configuration and on the stats page.
pub const BACKEND: &str = "middelpunt";
/// Paths on the stats port: the HTML page (its CSV at `/stats;csv`), HAProxy's own health
/// (503 when no instance is up) and its Prometheus exporter.
pub const STATS_PATH: &str = "/stats";
pub const PROXY_HEALTH_PATH: &str = "/healthz";
pub const PROXY_METRICS_PATH: &str = "/metrics";

/// The name of instance `index` in the configuration: `app0`, `app1`, …
pub fn server_name(index: usize) -> String {
    format!("app{index}")
}

/// What the configuration needs to know.
#[derive(Debug, Clone)]
pub struct ProxyConfig<'a> {
    /// Where clients connect.
    pub listen: SocketAddr,
    /// The stats page, HAProxy's health and metrics.
    pub stats: SocketAddr,
    /// The instances' readiness path, checked by HAProxy.
    pub health_path: &'a str,
    /// The instances, in order (`app0`, `app1`, …).
    pub servers: &'a [SocketAddr],
}

/// The whole `haproxy.cfg`.
pub fn render(config: &ProxyConfig<'_>) -> String {
    let mut out = String::new();
    let ProxyConfig {
        listen,
        stats,
        health_path,
        servers,
    } = config;
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "\
# Written by `cargo xtask cluster` (xtask/src/cluster/haproxy.rs) at every start: edits are lost.
# HAProxy 2.6 (Debian 12) or newer. docs/deploy.md has the production version with TLS.

global
    # One line per request and per health change on standard output (the cluster's
    # haproxy.log), after an ISO time.
    log stdout format iso local0 info
    maxconn 4096
    # A soft stop (SIGUSR1) waits for open requests at most this long.
    hard-stop-after 10s

defaults
    mode http
    log global
    option dontlognull
    option log-health-checks
    # Client side: a whole request head within 10 s (slow clients cannot hold connections).
    timeout client 30s
    timeout http-request 10s
    timeout http-keep-alive 10s
    # Server side: loopback connects fail fast. `timeout server` is the longest silence
    # before an answer or within it: the slowest answers start within about 10 s (a KvK lookup
    # is at most two calls of 5 s, a login waits at most 5 s for a hashing slot, an export of
    # 100,000 users streams from its first 11 ms), so 15 s; a hung instance costs a request
    # that long (then a GET is retried on another instance, anything else gets 504).
    timeout connect 2s
    timeout server 15s
    timeout queue 5s
    timeout check 1s

frontend {BACKEND}
    bind {listen}
    # The default HTTP log line with the request id (%ID) and the retries (%rc) in it.
    log-format \"%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %{{+Q}}r id=%ID\"
    # The client's address: HAProxy is the edge, so whatever a client claims is dropped and the
    # servers (MIDDELPUNT_TRUSTED_PROXIES=127.0.0.1) read the one address HAProxy adds.
    http-request del-header Forwarded
    http-request del-header X-Forwarded-For
    option forwardfor
    # The request id: the client's when it sent one well-formed X-Request-Id, else a new
    # UUID; passed to the server, logged, and returned to the client.
    http-request set-var(txn.request_id) req.hdr(x-request-id) if {{ req.hdr_cnt(x-request-id) eq 1 }} {{ req.hdr(x-request-id) -m reg ^[A-Za-z0-9._:-]{{1,128}}$ }}
    http-request set-var(txn.request_id) uuid(4) unless {{ var(txn.request_id) -m found }}
    unique-id-format %[var(txn.request_id)]
    http-request set-header X-Request-Id %[unique-id]
    http-response set-header X-Request-Id %[unique-id]
    default_backend {BACKEND}

backend {BACKEND}
    # The least busy instance: requests differ widely in cost (a login hashes a password).
    balance leastconn
    # Readiness, not liveness: an instance without its database, during its start or in its
    # shutdown drain answers 503 and gets no new requests. Checked every 500 ms (250 ms while
    # changing state): down after 2 failures (about 0.5-1 s), up again after 2 successes.
    option httpchk
    http-check send meth GET uri {health_path} ver HTTP/1.1 hdr Host localhost
    http-check expect status 200
    default-server check inter 500ms fastinter 250ms downinter 500ms fall 2 rise 2
    # Retries (HAProxy 2.6, configuration.txt: retries, retry-on, option redispatch,
    # http-request disable-l7-retry). HAProxy itself does not look at the method: every
    # retry-on event is retried for any request, and the manual warns that anything beyond
    # conn-failure is only safe when replaying a request has no consequence. So:
    # - conn-failure (the connection or TLS handshake failed, the request was never sent):
    #   retried for every method, on another instance (redispatch on every retry). This is what
    #   a killed or stopped instance causes until the health check marks it down.
    # - empty-response (the connection closed after the request was sent, nothing came back)
    #   and response-timeout (no answer within `timeout server`): the instance may have done
    #   the work (committed an order, sent an SMS code) before it died, so only GET, HEAD and
    #   OPTIONS are retried; a POST, PUT, PATCH or DELETE gets the 502/504 and the client
    #   decides (the SPA shows the error; nothing is done twice behind its back).
    # - No status codes (500, 503, ...): they are the application's answers, and a 503 from a
    #   draining instance is not sent once it is marked down.
    # A request whose body does not fit in one buffer (tune.bufsize, 16 kB) is never
    # L7-retried, whatever its method (the users-file upload).
    retries 2
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
    http-request disable-l7-retry unless METH_GET || METH_OPTIONS
"
    );
    for (index, addr) in servers.iter().enumerate() {
        let _ = writeln!(out, "    server {} {addr}", server_name(index));
    }
    let _ = write!(
        out,
        "
frontend stats
    bind {stats}
    no log
    # 200 while at least one instance is up, 503 when none is.
    monitor-uri {PROXY_HEALTH_PATH}
    monitor fail if {{ nbsrv({BACKEND}) lt 1 }}
    http-request use-service prometheus-exporter if {{ path {PROXY_METRICS_PATH} }}
    stats enable
    stats uri {STATS_PATH}
    stats refresh 2s
    stats show-legends
"
    );
    out
}

/// `(major, minor)` from the first line of `haproxy -v`: `HAProxy version 2.6.12-1+deb12u4 …`.
pub fn parse_version(text: &str) -> Option<(u32, u32)> {
    let version = text
        .lines()
        .next()?
        .split_whitespace()
        .skip_while(|word| *word != "version")
        .nth(1)?;
    let mut parts = version.split(['.', '-']);
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// Debian's HAProxy, installed with apt when missing and possible (as root); an error when it is
/// older than the configuration needs.
pub fn ensure_installed() -> Result<PathBuf, XtaskError> {
    let instruction = "HAProxy is missing: run `sudo apt-get install haproxy`, then try again";
    if !Path::new(HAPROXY).exists() {
        crate::tools::apt_install(&["haproxy"], crate::tools::Recommends::No, instruction)?;
    }
    let version = probe(HAPROXY, &["-v"])
        .and_then(|o| parse_version(&String::from_utf8_lossy(&o.stdout)))
        .ok_or_else(|| XtaskError::MissingTool(format!("{HAPROXY} -v does not run")))?;
    if version < OLDEST {
        return Err(XtaskError::MissingTool(format!(
            "HAProxy {}.{} is too old: the cluster needs {}.{} or newer",
            version.0, version.1, OLDEST.0, OLDEST.1
        )));
    }
    Ok(PathBuf::from(HAPROXY))
}

/// The running proxy.
pub(super) struct Haproxy {
    child: Child,
}

impl Haproxy {
    /// Writes `config` to `path`, has HAProxy check it, and starts HAProxy in the foreground
    /// (`-db`) with its log in `log`.
    pub(super) fn start(
        binary: &Path,
        path: &Path,
        config: &str,
        log: &Path,
    ) -> Result<Haproxy, XtaskError> {
        std::fs::write(path, config).map_err(|e| XtaskError::io(path, e))?;
        cmd::run(Command::new(binary).arg("-c").arg("-q").arg("-f").arg(path))?;
        let open = || {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
                .map_err(|e| XtaskError::io(log, e))
        };
        let mut command = Command::new(binary);
        command
            .arg("-db")
            .arg("-f")
            .arg(path)
            .stdin(Stdio::null())
            .stdout(open()?)
            .stderr(open()?);
        // As the instances: Ctrl-C reaches xtask only, which stops HAProxy after them.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command.spawn().map_err(|source| XtaskError::Spawn {
            command: HAPROXY.into(),
            source,
        })?;
        Ok(Haproxy { child })
    }

    /// Whether the process still runs.
    pub(super) fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Stops HAProxy at once (it stops last, after the instances drained).
    pub(super) fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Haproxy {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One server as HAProxy sees it, from the stats page's CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerStats {
    /// `app0`, `app1`, …
    pub name: String,
    /// `UP`, `DOWN`, `UP 1/2` (failing, still up), `DOWN 1/2` (recovering), `MAINT`, …
    pub status: String,
    /// Requests (sessions) sent to it so far.
    pub sessions: u64,
    /// Retries on it, and requests moved from it to another server.
    pub retries: u64,
    pub redispatches: u64,
    /// Failed connections, and failed or aborted answers.
    pub connection_errors: u64,
    pub response_errors: u64,
    /// Answers with a 5xx status.
    pub http_5xx: u64,
}

impl ServerStats {
    /// Whether HAProxy sends it requests (`UP`, also while failing checks but not yet down).
    pub fn is_up(&self) -> bool {
        self.status.starts_with("UP")
    }
}

/// The backend's servers from the CSV of the stats page (`/stats;csv`), in their order.
pub fn parse_stats_csv(csv: &str) -> Vec<ServerStats> {
    let mut lines = csv.lines();
    let Some(header) = lines.next().and_then(|h| h.strip_prefix("# ")) else {
        return Vec::new();
    };
    let columns: Vec<&str> = header.split(',').collect();
    let column = |name: &str| columns.iter().position(|c| *c == name);
    let (Some(px), Some(sv), Some(status)) = (column("pxname"), column("svname"), column("status"))
    else {
        return Vec::new();
    };
    let number = |fields: &[&str], name: &str| {
        column(name)
            .and_then(|i| fields.get(i))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    lines
        .map(|line| line.split(',').collect::<Vec<_>>())
        .filter(|f| f.get(px) == Some(&BACKEND))
        .filter(|f| !matches!(f.get(sv), Some(&"FRONTEND" | &"BACKEND") | None))
        .map(|f| ServerStats {
            name: f[sv].to_owned(),
            status: f.get(status).copied().unwrap_or_default().to_owned(),
            sessions: number(&f, "stot"),
            retries: number(&f, "wretr"),
            redispatches: number(&f, "wredis"),
            connection_errors: number(&f, "econ"),
            response_errors: number(&f, "eresp"),
            http_5xx: number(&f, "hrsp_5xx"),
        })
        .collect()
}

/// The servers as HAProxy at `stats` sees them now.
pub fn server_stats(stats: SocketAddr) -> Result<Vec<ServerStats>, XtaskError> {
    let mut client = Client::with_timeout(stats, Duration::from_secs(2));
    let path = format!("{STATS_PATH};csv");
    let response = client.get(&path).map_err(|source| XtaskError::Http {
        what: format!("HAProxy's stats at http://{stats}{path}"),
        source,
    })?;
    Ok(parse_stats_csv(&response.text()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> String {
        let servers: Vec<SocketAddr> = vec![
            "127.0.0.1:40001".parse().unwrap(),
            "127.0.0.1:40002".parse().unwrap(),
        ];
        render(&ProxyConfig {
            listen: "127.0.0.1:8080".parse().unwrap(),
            stats: "127.0.0.1:8404".parse().unwrap(),
            health_path: "/api/v1/health/ready",
            servers: &servers,
        })
    }

    /// The lines of `config` without comments and indentation.
    fn directives(config: &str) -> Vec<String> {
        config
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn every_instance_is_a_health_checked_server() {
        let lines = directives(&config());
        assert!(lines.contains(&"server app0 127.0.0.1:40001".to_owned()));
        assert!(lines.contains(&"server app1 127.0.0.1:40002".to_owned()));
        assert!(lines.contains(
            &"http-check send meth GET uri /api/v1/health/ready ver HTTP/1.1 hdr Host localhost"
                .to_owned()
        ));
        assert!(lines.contains(&"http-check expect status 200".to_owned()));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("default-server check inter 500ms"))
        );
        assert!(lines.contains(&"bind 127.0.0.1:8080".to_owned()));
        assert!(lines.contains(&"bind 127.0.0.1:8404".to_owned()));
    }

    #[test]
    fn only_requests_that_were_not_sent_or_are_safe_are_retried() {
        let lines = directives(&config());
        let retry_on: Vec<_> = lines.iter().filter(|l| l.starts_with("retry-on")).collect();
        assert_eq!(
            retry_on,
            ["retry-on conn-failure empty-response response-timeout"]
        );
        assert!(
            lines.contains(
                &"http-request disable-l7-retry unless METH_GET || METH_OPTIONS".to_owned()
            )
        );
        assert!(lines.contains(&"option redispatch 1".to_owned()));
    }

    #[test]
    fn client_addresses_and_request_ids_come_from_the_proxy() {
        let lines = directives(&config());
        let position = |line: &str| lines.iter().position(|l| l == line).unwrap();
        // The client's own claims are dropped before HAProxy adds the address it saw.
        assert!(
            position("http-request del-header X-Forwarded-For") < position("option forwardfor")
        );
        assert!(lines.contains(&"unique-id-format %[var(txn.request_id)]".to_owned()));
        assert!(lines.contains(&"http-request set-header X-Request-Id %[unique-id]".to_owned()));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("log-format") && l.contains("id=%ID"))
        );
    }

    #[test]
    fn reads_the_version() {
        assert_eq!(
            parse_version("HAProxy version 2.6.12-1+deb12u4 2026/10/17 - https://haproxy.org/\n"),
            Some((2, 6))
        );
        assert_eq!(
            parse_version("HAProxy version 3.0.11-1 2025/06/01"),
            Some((3, 0))
        );
        assert_eq!(parse_version("something else"), None);
    }

    #[test]
    fn reads_the_servers_from_the_stats_csv() {
        let csv = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,hrsp_5xx,\n\
                   middelpunt,FRONTEND,,,0,1,4096,12,0,0,0,0,0,,,,,OPEN,0,\n\
                   middelpunt,app0,0,0,0,1,,7,0,0,,0,,0,0,0,0,UP,0,\n\
                   middelpunt,app1,0,0,0,1,,5,0,0,,0,,3,1,2,2,DOWN,1,\n\
                   middelpunt,BACKEND,0,0,0,1,410,12,0,0,0,0,,3,1,2,2,UP,1,\n\
                   stats,FRONTEND,,,1,1,4096,1,0,0,0,0,0,,,,,OPEN,0,\n";
        let servers = parse_stats_csv(csv);
        assert_eq!(servers.len(), 2);
        assert_eq!(
            (servers[0].name.as_str(), servers[0].is_up()),
            ("app0", true)
        );
        assert_eq!(servers[0].sessions, 7);
        assert_eq!(
            servers[1],
            ServerStats {
                name: "app1".into(),
                status: "DOWN".into(),
                sessions: 5,
                retries: 2,
                redispatches: 2,
                connection_errors: 3,
                response_errors: 1,
                http_5xx: 1,
            }
        );
        assert!(!servers[1].is_up());
        assert!(parse_stats_csv("not csv").is_empty());
    }
}
