//! The operations part of the configuration: running behind a reverse proxy, metrics, log
//! format and the drain before stopping.
//!
//! | Variable | Default | Meaning |
//! |---|---|---|
//! | `MIDDELPUNT_TRUSTED_PROXIES` | (none) | The reverse proxies in front of Middelpunt: IP addresses and networks, separated by commas, e.g. `127.0.0.1,10.0.0.0/8`. Only for a connection from one of them are `Forwarded`/`X-Forwarded-For` (the client's address, for the per-address limits) and `X-Request-Id` believed. |
//! | `MIDDELPUNT_METRICS_LISTEN` | (none: off) | Socket address of a second listener that answers `GET /metrics` in Prometheus text format, e.g. `127.0.0.1:9101`. Keep it off the public network. |
//! | `MIDDELPUNT_LOG_FORMAT` | `text` | `text` (readable lines) or `json` (one JSON object per line, with the request's id, for a log collector). |
//! | `MIDDELPUNT_DATABASE_MAX_CONNECTIONS` | `10` | The most database connections an instance keeps open (1 to 500). On PostgreSQL, the instances' sum must stay below the server's `max_connections`. |
//! | `MIDDELPUNT_SHUTDOWN_DRAIN_MS` | `0` | After SIGTERM, how long readiness answers 503 while requests are still served, so that the proxy's health check takes the instance out of rotation before it stops listening; then open requests finish. Set it above the proxy's check interval times its fall count. |

use std::net::SocketAddr;
use std::time::Duration;

use crate::ops::client::{TrustedProxies, TrustedProxiesError};

/// `MIDDELPUNT_TRUSTED_PROXIES`: the reverse proxies whose forwarding headers are believed.
pub const TRUSTED_PROXIES: &str = "MIDDELPUNT_TRUSTED_PROXIES";
/// `MIDDELPUNT_METRICS_LISTEN`: where `GET /metrics` answers; unset: nowhere.
pub const METRICS_LISTEN: &str = "MIDDELPUNT_METRICS_LISTEN";
/// `MIDDELPUNT_LOG_FORMAT`: `text` or `json`.
pub const LOG_FORMAT: &str = "MIDDELPUNT_LOG_FORMAT";
/// `MIDDELPUNT_DATABASE_MAX_CONNECTIONS`: the size of the connection pool.
pub const DATABASE_MAX_CONNECTIONS: &str = "MIDDELPUNT_DATABASE_MAX_CONNECTIONS";
/// `MIDDELPUNT_SHUTDOWN_DRAIN_MS`: not ready for this long after SIGTERM before stopping.
pub const SHUTDOWN_DRAIN_MS: &str = "MIDDELPUNT_SHUTDOWN_DRAIN_MS";

/// Every variable of the operations configuration.
pub const VARIABLES: [&str; 5] = [
    TRUSTED_PROXIES,
    METRICS_LISTEN,
    LOG_FORMAT,
    DATABASE_MAX_CONNECTIONS,
    SHUTDOWN_DRAIN_MS,
];

/// The connection pool's size when none is set (sqlx's own default).
pub const DEFAULT_DATABASE_MAX_CONNECTIONS: u32 = 10;
/// The largest pool accepted.
const MAX_DATABASE_MAX_CONNECTIONS: u32 = 500;

/// The longest drain accepted: a minute.
const MAX_DRAIN_MS: u64 = 60_000;

/// How log lines are written (`MIDDELPUNT_LOG_FORMAT`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// Readable lines, coloured on a terminal.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// Running behind a proxy, metrics, logs and stopping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationsConfig {
    pub trusted_proxies: TrustedProxies,
    pub metrics_listen: Option<SocketAddr>,
    pub log_format: LogFormat,
    pub database_max_connections: u32,
    pub shutdown_drain: Duration,
}

impl Default for OperationsConfig {
    fn default() -> OperationsConfig {
        OperationsConfig {
            trusted_proxies: TrustedProxies::default(),
            metrics_listen: None,
            log_format: LogFormat::default(),
            database_max_connections: DEFAULT_DATABASE_MAX_CONNECTIONS,
            shutdown_drain: Duration::ZERO,
        }
    }
}

/// What is wrong with an operations variable. Every message starts with the variable's name.
#[derive(Debug, thiserror::Error)]
pub enum OperationsConfigError {
    #[error(
        "{TRUSTED_PROXIES}={value:?} is not a list of proxy addresses such as 127.0.0.1,10.0.0.0/8: {source}"
    )]
    TrustedProxies {
        value: String,
        source: TrustedProxiesError,
    },
    #[error("{METRICS_LISTEN}={value:?} is not a socket address such as 127.0.0.1:9101: {source}")]
    MetricsListen {
        value: String,
        source: std::net::AddrParseError,
    },
    #[error("{LOG_FORMAT}={value:?} is not a log format: use text or json")]
    LogFormat { value: String },
    #[error(
        "{DATABASE_MAX_CONNECTIONS}={value:?} is not a number of connections from 1 to {MAX_DATABASE_MAX_CONNECTIONS}"
    )]
    DatabaseMaxConnections { value: String },
    #[error(
        "{SHUTDOWN_DRAIN_MS}={value:?} is not a number of milliseconds from 0 to {MAX_DRAIN_MS}"
    )]
    ShutdownDrain { value: String },
}

impl OperationsConfigError {
    /// The variable that is wrong.
    pub fn var(&self) -> &'static str {
        match self {
            OperationsConfigError::TrustedProxies { .. } => TRUSTED_PROXIES,
            OperationsConfigError::MetricsListen { .. } => METRICS_LISTEN,
            OperationsConfigError::LogFormat { .. } => LOG_FORMAT,
            OperationsConfigError::DatabaseMaxConnections { .. } => DATABASE_MAX_CONNECTIONS,
            OperationsConfigError::ShutdownDrain { .. } => SHUTDOWN_DRAIN_MS,
        }
    }
}

impl OperationsConfig {
    /// Reads the variables through `get` (which answers `None` for unset and empty ones).
    pub fn from_lookup(
        get: &impl Fn(&str) -> Option<String>,
    ) -> Result<OperationsConfig, OperationsConfigError> {
        let trusted_proxies = match get(TRUSTED_PROXIES) {
            None => TrustedProxies::default(),
            Some(value) => TrustedProxies::parse(&value)
                .map_err(|source| OperationsConfigError::TrustedProxies { value, source })?,
        };
        let metrics_listen = match get(METRICS_LISTEN) {
            None => None,
            Some(value) => Some(
                value
                    .trim()
                    .parse()
                    .map_err(|source| OperationsConfigError::MetricsListen { value, source })?,
            ),
        };
        let log_format = match get(LOG_FORMAT).map(|v| v.trim().to_ascii_lowercase()) {
            None => LogFormat::Text,
            Some(format) if format == "text" => LogFormat::Text,
            Some(format) if format == "json" => LogFormat::Json,
            Some(_) => {
                return Err(OperationsConfigError::LogFormat {
                    value: get(LOG_FORMAT).unwrap_or_default(),
                });
            }
        };
        let database_max_connections = match get(DATABASE_MAX_CONNECTIONS) {
            None => DEFAULT_DATABASE_MAX_CONNECTIONS,
            Some(value) => match value.trim().parse::<u32>() {
                Ok(n) if (1..=MAX_DATABASE_MAX_CONNECTIONS).contains(&n) => n,
                _ => return Err(OperationsConfigError::DatabaseMaxConnections { value }),
            },
        };
        let shutdown_drain = match get(SHUTDOWN_DRAIN_MS) {
            None => Duration::ZERO,
            Some(value) => match value.trim().parse::<u64>() {
                Ok(ms) if ms <= MAX_DRAIN_MS => Duration::from_millis(ms),
                _ => return Err(OperationsConfigError::ShutdownDrain { value }),
            },
        };
        Ok(OperationsConfig {
            trusted_proxies,
            metrics_listen,
            log_format,
            database_max_connections,
            shutdown_drain,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(vars: &[(&str, &str)]) -> Result<OperationsConfig, OperationsConfigError> {
        let vars: HashMap<&str, &str> = vars.iter().copied().collect();
        OperationsConfig::from_lookup(&|var| vars.get(var).map(|v| (*v).to_owned()))
    }

    #[test]
    fn defaults_trust_no_proxy_and_serve_no_metrics() {
        assert_eq!(parse(&[]).unwrap(), OperationsConfig::default());
    }

    #[test]
    fn every_variable_is_read() {
        let config = parse(&[
            (TRUSTED_PROXIES, "127.0.0.1, 10.0.0.0/8"),
            (METRICS_LISTEN, "127.0.0.1:9101"),
            (LOG_FORMAT, "JSON"),
            (DATABASE_MAX_CONNECTIONS, "40"),
            (SHUTDOWN_DRAIN_MS, "3000"),
        ])
        .unwrap();
        assert!(config.trusted_proxies.contains("10.9.8.7".parse().unwrap()));
        assert_eq!(
            config.metrics_listen,
            Some("127.0.0.1:9101".parse().unwrap())
        );
        assert_eq!(config.log_format, LogFormat::Json);
        assert_eq!(config.database_max_connections, 40);
        assert_eq!(config.shutdown_drain, Duration::from_secs(3));
        assert_eq!(
            OperationsConfig::default().database_max_connections,
            DEFAULT_DATABASE_MAX_CONNECTIONS
        );
    }

    #[test]
    fn wrong_values_name_their_variable() {
        for (var, value) in [
            (TRUSTED_PROXIES, "proxy.example.nl"),
            (METRICS_LISTEN, "9101"),
            (LOG_FORMAT, "xml"),
            (DATABASE_MAX_CONNECTIONS, "0"),
            (DATABASE_MAX_CONNECTIONS, "501"),
            (DATABASE_MAX_CONNECTIONS, "ten"),
            (SHUTDOWN_DRAIN_MS, "600000"),
            (SHUTDOWN_DRAIN_MS, "-1"),
        ] {
            let error = parse(&[(var, value)]).unwrap_err();
            assert_eq!(error.var(), var);
            assert!(error.to_string().starts_with(var), "{error}");
        }
    }
}
