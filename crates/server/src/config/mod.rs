//! The server's configuration: environment variables, parsed once at start into [`Config`].
//!
//! | Variable | Default | Meaning |
//! |---|---|---|
//! | `MIDDELPUNT_LISTEN` | `127.0.0.1:8080` | Socket address (IP and port) to listen on. Use `0.0.0.0:8080` to accept connections from other machines, port `0` for a free port. |
//! | `MIDDELPUNT_DATABASE_URL` | `sqlite://data/middelpunt.db` | The database. `sqlite://PATH` (relative to the working directory; an absolute path gives `sqlite:///abs/path.db`): the directory and the file are created when missing. `postgres://user:password@host/db` for PostgreSQL, needed to run several instances. |
//! | `MIDDELPUNT_DIST_DIR` | `dist` | The built SPA (`cargo xtask run` builds it). Without `index.html` in it the API still works and pages answer 503. |
//! | `MIDDELPUNT_LOG` | `info` | Log filter in `tracing` `EnvFilter` syntax, e.g. `debug` or `info,middelpunt_server=debug,sqlx=warn`. |
//! | `MIDDELPUNT_IMPORT_MAX_ROWS` | `100` | Most people one users file may hold (rows after the header). Whole number, at least 1. |
//! | `MIDDELPUNT_IMPORT_MAX_BYTES` | `1048576` | Largest users file accepted, in bytes (1 MiB). Whole number, at least 1. |
//! | `MIDDELPUNT_KVK` | `embedded` | Where organisations are looked up: `embedded` (KvK's test numbers with demo data, built into the server: `data/kvk_test_register.json`) or `api` (KvK's API at `MIDDELPUNT_KVK_BASE_URL`). |
//! | `MIDDELPUNT_KVK_BASE_URL` | `https://api.kvk.nl/test/api` | KvK's API, read when `MIDDELPUNT_KVK=api`: the public test environment by default, `https://api.kvk.nl/api` for production. An `http`/`https` URL. |
//! | `MIDDELPUNT_KVK_API_KEY` | (none) | The KvK API key, sent as header `apikey`; required when `MIDDELPUNT_KVK=api`. Never logged. |
//! | `MIDDELPUNT_KVK_CACHE_TTL` | `86400` | With `MIDDELPUNT_KVK=api`: how many seconds an answer of KvK's API (an organisation with its branches) is reused from the database, shared by every instance, at most a week; `0` asks KvK every time. Every call is paid. |
//! | `MIDDELPUNT_PUBLIC_URL` | `http://localhost:8080` | The address people use to reach Middelpunt (`http`/`https`); passkeys need a domain name here (`localhost` is one), never an IP address. State-changing requests whose `Origin` is neither this URL's origin nor the request's own host are refused; with `https` the session cookie is `Secure` and every response carries `Strict-Transport-Security` (one year). |
//! | `MIDDELPUNT_INVITATION_VALID_DAYS` | `30` | How many days a user's invitation link works. Whole number, at least 1. Once the user has ordered, a non-employee's link works until the identification deadline (30 days later). |
//! | `MIDDELPUNT_DEMO` | `false` | `true` creates the demo managers at start and prints their credentials (`cargo xtask run` sets it). When `false`, the demo accounts cannot log in. |
//! | `MIDDELPUNT_SMTP_HOST` | (none) | The SMTP server for e-mail (host name or IP address). Required unless the development mailbox is on. |
//! | `MIDDELPUNT_SMTP_PORT` | `587` (`465` with `MIDDELPUNT_SMTP_TLS=tls`) | The SMTP server's port. |
//! | `MIDDELPUNT_SMTP_TLS` | `starttls` | `starttls` (STARTTLS required), `tls` (TLS from the first byte, SMTPS) or `none` (no encryption: refused unless the host is this machine: `localhost` or a loopback address). |
//! | `MIDDELPUNT_SMTP_USERNAME` | (none) | SMTP AUTH user name; set together with the password. |
//! | `MIDDELPUNT_SMTP_PASSWORD` | (none) | SMTP AUTH password. Never logged. |
//! | `MIDDELPUNT_MAIL_FROM` | `Middelpunt <noreply@middelpunt.localhost>` | The sender of every e-mail; its domain names the `Message-ID`s. Required (a domain of your own) with an SMTP server that is not on this machine. |
//! | `MIDDELPUNT_DEV_MAILBOX` | `true` in demo mode, else `false` (then `MIDDELPUNT_SMTP_HOST` is required) | The development mailbox: e-mail (without SMTP host) and SMS (without SMS gateway) are kept in the database and shown at `GET /api/v1/dev/messages`, readable by anyone: never in production. |
//! | `MIDDELPUNT_SMS_GATEWAY_URL`, `MIDDELPUNT_SMS_GATEWAY_KEY`, `MIDDELPUNT_SMS_SENDER` | (none), (none), `Middelpunt` | The HTTP SMS gateway, its API key and the sender shown; see [`crate::mail::config`]. |
//! | `MIDDELPUNT_WEBHOOK_CA_FILE` | (none) | A PEM file of extra root certificates trusted by API clients' webhook calls only; see [`crate::mail::config`]. |
//! | `MIDDELPUNT_OUTBOX_POLL_MS` | `1000` | How often the outbox worker looks for due e-mail and SMS, in milliseconds. |
//! | `MIDDELPUNT_TRUSTED_PROXIES`, `MIDDELPUNT_METRICS_LISTEN`, `MIDDELPUNT_LOG_FORMAT`, `MIDDELPUNT_SHUTDOWN_DRAIN_MS` | (none), (none), `text`, `0` | Running behind a reverse proxy, Prometheus metrics on a separate address, JSON logs, and the drain after SIGTERM; see [`operations`]. |
//!
//! A variable set to an empty value counts as not set. Every other wrong value stops the server
//! at start with a message that names the variable and says what is wrong with it.

use std::fmt;
use std::net::SocketAddr;
use std::num::ParseIntError;
use std::path::PathBuf;

use tracing_subscriber::EnvFilter;

pub mod operations;

pub use operations::{LogFormat, OperationsConfig};

/// `MIDDELPUNT_LISTEN`: the socket address to listen on.
pub const LISTEN: &str = "MIDDELPUNT_LISTEN";
/// `MIDDELPUNT_DATABASE_URL`: the database connection URL.
pub const DATABASE_URL: &str = "MIDDELPUNT_DATABASE_URL";
/// `MIDDELPUNT_DIST_DIR`: the directory of the built SPA.
pub const DIST_DIR: &str = "MIDDELPUNT_DIST_DIR";
/// `MIDDELPUNT_LOG`: the log filter.
pub const LOG: &str = "MIDDELPUNT_LOG";
/// `MIDDELPUNT_IMPORT_MAX_ROWS`: the most rows one users file may hold.
pub const IMPORT_MAX_ROWS: &str = "MIDDELPUNT_IMPORT_MAX_ROWS";
/// `MIDDELPUNT_IMPORT_MAX_BYTES`: the largest users file, in bytes.
pub const IMPORT_MAX_BYTES: &str = "MIDDELPUNT_IMPORT_MAX_BYTES";
/// `MIDDELPUNT_INVITATION_VALID_DAYS`: how many days an invitation link works.
pub const INVITATION_VALID_DAYS: &str = "MIDDELPUNT_INVITATION_VALID_DAYS";
/// `MIDDELPUNT_KVK`: which KvK register to use, `embedded` or `api`.
pub const KVK: &str = "MIDDELPUNT_KVK";
/// `MIDDELPUNT_KVK_BASE_URL`: the base URL of KvK's API.
pub const KVK_BASE_URL: &str = "MIDDELPUNT_KVK_BASE_URL";
/// `MIDDELPUNT_KVK_API_KEY`: the KvK API key.
pub const KVK_API_KEY: &str = "MIDDELPUNT_KVK_API_KEY";
/// `MIDDELPUNT_KVK_CACHE_TTL`: how long KvK's answers are reused, in seconds.
pub const KVK_CACHE_TTL: &str = "MIDDELPUNT_KVK_CACHE_TTL";
/// `MIDDELPUNT_PUBLIC_URL`: the address people use to reach Middelpunt.
pub const PUBLIC_URL: &str = "MIDDELPUNT_PUBLIC_URL";
/// `MIDDELPUNT_DEMO`: whether the demo managers are created at start.
pub const DEMO: &str = "MIDDELPUNT_DEMO";

/// The variables of the server itself; the mail and SMS variables are
/// [`crate::mail::config::VARIABLES`].
pub const VARIABLES: [&str; 13] = [
    LISTEN,
    DATABASE_URL,
    DIST_DIR,
    LOG,
    IMPORT_MAX_ROWS,
    IMPORT_MAX_BYTES,
    INVITATION_VALID_DAYS,
    KVK,
    KVK_BASE_URL,
    KVK_API_KEY,
    KVK_CACHE_TTL,
    PUBLIC_URL,
    DEMO,
];

const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
const DEFAULT_DATABASE_URL: &str = "sqlite://data/middelpunt.db";
const DEFAULT_DIST_DIR: &str = "dist";
const DEFAULT_LOG: &str = "info";
const DEFAULT_IMPORT_MAX_ROWS: usize = 100;
const DEFAULT_IMPORT_MAX_BYTES: usize = 1024 * 1024;
/// KvK's public test environment (developers.kvk.nl/documentation/testing).
pub const DEFAULT_KVK_BASE_URL: &str = "https://api.kvk.nl/test/api";
const DEFAULT_PUBLIC_URL: &str = "http://localhost:8080";

/// The server's configuration. [`Default`] gives the documented defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Where to listen (`MIDDELPUNT_LISTEN`).
    pub listen: SocketAddr,
    /// The database (`MIDDELPUNT_DATABASE_URL`).
    pub database_url: DatabaseUrl,
    /// The built SPA (`MIDDELPUNT_DIST_DIR`).
    pub dist_dir: PathBuf,
    /// The log filter, already checked to parse (`MIDDELPUNT_LOG`).
    pub log: String,
    /// The most rows one users file may hold (`MIDDELPUNT_IMPORT_MAX_ROWS`).
    pub import_max_rows: usize,
    /// The largest users file, in bytes (`MIDDELPUNT_IMPORT_MAX_BYTES`).
    pub import_max_bytes: usize,
    /// How many days an invitation link works (`MIDDELPUNT_INVITATION_VALID_DAYS`).
    pub invitation_valid_days: u32,
    /// The KvK register (`MIDDELPUNT_KVK`, `MIDDELPUNT_KVK_BASE_URL`, `MIDDELPUNT_KVK_API_KEY`).
    pub kvk: KvkSource,
    /// The address people use to reach Middelpunt (`MIDDELPUNT_PUBLIC_URL`).
    pub public_url: PublicUrl,
    /// Whether the demo managers are created at start (`MIDDELPUNT_DEMO`).
    pub demo: bool,
    /// E-mail and SMS delivery (`MIDDELPUNT_SMTP_*`, `MIDDELPUNT_MAIL_FROM`,
    /// `MIDDELPUNT_DEV_MAILBOX`, `MIDDELPUNT_OUTBOX_POLL_MS`; see [`crate::mail::config`]).
    pub mail: crate::mail::MailConfig,
    /// Proxies, metrics, logs and stopping (`MIDDELPUNT_TRUSTED_PROXIES`, …; see
    /// [`operations`]).
    pub operations: OperationsConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: DEFAULT_LISTEN.parse().expect("the default address parses"),
            database_url: DatabaseUrl::parse(DEFAULT_DATABASE_URL).expect("the default URL parses"),
            dist_dir: PathBuf::from(DEFAULT_DIST_DIR),
            log: DEFAULT_LOG.to_owned(),
            import_max_rows: DEFAULT_IMPORT_MAX_ROWS,
            import_max_bytes: DEFAULT_IMPORT_MAX_BYTES,
            invitation_valid_days: crate::mail::templates::INVITATION_VALID_DAYS,
            kvk: KvkSource::Embedded,
            public_url: PublicUrl::parse(DEFAULT_PUBLIC_URL).expect("the default URL parses"),
            demo: false,
            mail: crate::mail::MailConfig::default(),
            operations: OperationsConfig::default(),
        }
    }
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        for var in VARIABLES
            .into_iter()
            .chain(crate::mail::config::VARIABLES)
            .chain(operations::VARIABLES)
        {
            if let Some(value) = std::env::var_os(var)
                && value.to_str().is_none()
            {
                return Err(ConfigError::NotUnicode { var });
            }
        }
        Config::from_lookup(|var| std::env::var(var).ok())
    }

    /// Reads the configuration through `lookup`, which answers the value of a variable or `None`
    /// when it is not set. Pure, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |var: &str| lookup(var).filter(|value| !value.trim().is_empty());
        let defaults = Config::default();

        let listen = match get(LISTEN) {
            None => defaults.listen,
            Some(value) => value
                .trim()
                .parse()
                .map_err(|source| ConfigError::Listen { value, source })?,
        };
        let database_url = match get(DATABASE_URL) {
            None => defaults.database_url,
            Some(value) => DatabaseUrl::parse(value.trim())?,
        };
        let dist_dir = get(DIST_DIR).map_or(defaults.dist_dir, PathBuf::from);
        let log = match get(LOG) {
            None => defaults.log,
            Some(value) => match EnvFilter::try_new(&value) {
                Ok(_) => value,
                Err(source) => return Err(ConfigError::Log { value, source }),
            },
        };
        let import_max_rows = match get(IMPORT_MAX_ROWS) {
            None => defaults.import_max_rows,
            Some(value) => positive(IMPORT_MAX_ROWS, value)?,
        };
        let import_max_bytes = match get(IMPORT_MAX_BYTES) {
            None => defaults.import_max_bytes,
            Some(value) => positive(IMPORT_MAX_BYTES, value)?,
        };
        let invitation_valid_days = match get(INVITATION_VALID_DAYS) {
            None => defaults.invitation_valid_days,
            Some(value) => {
                u32::try_from(positive(INVITATION_VALID_DAYS, value)?).unwrap_or(u32::MAX)
            }
        };
        let kvk = kvk_source(&get)?;
        let public_url = match get(PUBLIC_URL) {
            None => defaults.public_url,
            Some(value) => PublicUrl::parse(value.trim())?,
        };
        let demo = match get(DEMO) {
            None => defaults.demo,
            Some(value) => boolean(DEMO, value)?,
        };
        let mut mail = crate::mail::MailConfig::from_lookup(&get, demo)?;
        mail.hello_name = public_url.domain_name();
        let operations = OperationsConfig::from_lookup(&get)?;

        Ok(Config {
            listen,
            database_url,
            dist_dir,
            log,
            import_max_rows,
            import_max_bytes,
            invitation_valid_days,
            kvk,
            public_url,
            demo,
            mail,
            operations,
        })
    }
}

fn positive(var: &'static str, value: String) -> Result<usize, ConfigError> {
    match value.trim().parse::<usize>() {
        Ok(0) => Err(ConfigError::Zero { var }),
        Ok(n) => Ok(n),
        Err(source) => Err(ConfigError::Number { var, value, source }),
    }
}

/// `true`/`false`, also `1`/`0`, `yes`/`no`, `ja`/`nee`, `on`/`off` (any case).
fn boolean(var: &'static str, value: String) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "ja" | "on" => Ok(true),
        "false" | "0" | "no" | "nee" | "off" => Ok(false),
        _ => Err(ConfigError::Boolean { var, value }),
    }
}

/// The address people use to reach Middelpunt (`MIDDELPUNT_PUBLIC_URL`), e.g.
/// `https://middelpunt.example.nl`: an `http`/`https` URL with a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    url: String,
    origin: String,
}

impl PublicUrl {
    pub fn parse(value: &str) -> Result<PublicUrl, ConfigError> {
        let invalid = |reason: &str| ConfigError::PublicUrl {
            value: value.to_owned(),
            reason: reason.to_owned(),
        };
        let url = reqwest::Url::parse(value).map_err(|error| invalid(&error.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be https (or http)"));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(invalid("it names no host"));
        }
        if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
            return Err(invalid("it may not hold a query, fragment or user name"));
        }
        Ok(PublicUrl {
            url: url.as_str().trim_end_matches('/').to_owned(),
            origin: url.origin().ascii_serialization(),
        })
    }

    /// The URL, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// `scheme://host[:port]`, as browsers send it in the `Origin` header (no default port).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The host when it is a full domain name (with a dot, not an IP address, not
    /// `localhost`): what the server greets mail servers with.
    pub fn domain_name(&self) -> Option<String> {
        let url = reqwest::Url::parse(&self.url).ok()?;
        let host = url.host_str()?;
        let is_address = host.starts_with('[') || host.parse::<std::net::IpAddr>().is_ok();
        (!is_address && host.contains('.') && !host.ends_with(".localhost"))
            .then(|| host.to_owned())
    }

    /// Served over https: cookies get `Secure`.
    pub fn is_https(&self) -> bool {
        self.origin.starts_with("https://")
    }
}

/// Where organisations are looked up (`MIDDELPUNT_KVK`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KvkSource {
    /// KvK's test numbers with demo data, built into the server (`data/kvk_test_register.json`).
    Embedded,
    /// KvK's API.
    Api {
        /// Without a trailing `/`, e.g. `https://api.kvk.nl/test/api`.
        base_url: String,
        api_key: ApiKey,
        /// How long an answer is served from the cache, in seconds
        /// (`MIDDELPUNT_KVK_CACHE_TTL`); 0: never cached.
        cache_ttl_secs: u64,
    },
}

/// An answer of KvK's API is reused for this long by default: a day (every call is paid).
pub const DEFAULT_KVK_CACHE_TTL_SECS: u64 = 24 * 60 * 60;

/// The longest cache time accepted: a week (the register changes; an order needs it current).
const MAX_KVK_CACHE_TTL_SECS: u64 = 7 * 24 * 60 * 60;

/// A secret API key. Its `Debug` hides it, so a [`Config`] can be logged.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> ApiKey {
        ApiKey(key.into())
    }

    /// The key itself: only for the request header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

fn kvk_source(get: &impl Fn(&str) -> Option<String>) -> Result<KvkSource, ConfigError> {
    let source = get(KVK).map(|value| value.trim().to_ascii_lowercase());
    match source.as_deref() {
        None | Some("embedded") => Ok(KvkSource::Embedded),
        Some("api") => {
            let base_url = match get(KVK_BASE_URL) {
                None => DEFAULT_KVK_BASE_URL.to_owned(),
                Some(value) => kvk_base_url(value)?,
            };
            let api_key = get(KVK_API_KEY).ok_or(ConfigError::KvkApiKeyMissing)?;
            let cache_ttl_secs = match get(KVK_CACHE_TTL) {
                None => DEFAULT_KVK_CACHE_TTL_SECS,
                Some(value) => match value.trim().parse::<u64>() {
                    Ok(secs) if secs <= MAX_KVK_CACHE_TTL_SECS => secs,
                    Ok(_) => return Err(ConfigError::KvkCacheTtl { value }),
                    Err(source) => {
                        return Err(ConfigError::Number {
                            var: KVK_CACHE_TTL,
                            value,
                            source,
                        });
                    }
                },
            };
            Ok(KvkSource::Api {
                base_url,
                api_key: ApiKey(api_key.trim().to_owned()),
                cache_ttl_secs,
            })
        }
        Some(_) => Err(ConfigError::KvkSource {
            value: get(KVK).unwrap_or_default(),
        }),
    }
}

/// An `http`/`https` URL with a host, without query or trailing `/`.
pub(crate) fn kvk_base_url(value: String) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::KvkBaseUrl {
        value: value.clone(),
        reason: reason.to_owned(),
    };
    let url = reqwest::Url::parse(value.trim()).map_err(|error| invalid(&error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be https (or http)"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it names no host"));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(invalid("it may not hold a query, fragment or user name"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// A database connection URL whose scheme the server supports. Its `Debug` and `Display` hide
/// the password, so it can be logged.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

/// The kind of database a [`DatabaseUrl`] points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseKind {
    /// An SQLite database file, its path as written in the URL.
    SqliteFile(PathBuf),
    /// An SQLite database in memory (`sqlite::memory:`), gone when the server stops.
    SqliteMemory,
    /// A PostgreSQL server.
    Postgres,
}

impl DatabaseUrl {
    /// Accepts `sqlite:` and `postgres:`/`postgresql:` URLs.
    pub fn parse(url: &str) -> Result<DatabaseUrl, ConfigError> {
        let scheme = url.split_once(':').map(|(scheme, _)| scheme);
        if !matches!(scheme, Some("sqlite" | "postgres" | "postgresql")) {
            return Err(ConfigError::DatabaseScheme { value: redact(url) });
        }
        let parsed = DatabaseUrl(url.to_owned());
        if parsed.kind() == DatabaseKind::SqliteFile(PathBuf::new()) {
            return Err(ConfigError::SqlitePath);
        }
        Ok(parsed)
    }

    /// The URL as given, password included: only for connecting.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the URL points at. SQLite paths are read the way sqlx reads them: after
    /// `sqlite://` or `sqlite:`, up to a `?`.
    pub fn kind(&self) -> DatabaseKind {
        let Some(rest) = self.0.strip_prefix("sqlite:") else {
            return DatabaseKind::Postgres;
        };
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let (path, params) = rest.split_once('?').unwrap_or((rest, ""));
        let memory_mode = params.split('&').any(|param| param == "mode=memory");
        if path == ":memory:" || memory_mode {
            DatabaseKind::SqliteMemory
        } else {
            DatabaseKind::SqliteFile(PathBuf::from(path))
        }
    }

    /// The URL with the password replaced by `***`.
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }
}

/// `url` with the password (`user:password@`) replaced by `***`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DatabaseUrl")
            .field(&self.redacted())
            .finish()
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// What is wrong with the configuration. Every message starts with the variable's name.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{var} is not valid UTF-8")]
    NotUnicode { var: &'static str },
    #[error("{LISTEN}={value:?} is not a socket address such as 127.0.0.1:8080: {source}")]
    Listen {
        value: String,
        source: std::net::AddrParseError,
    },
    #[error(
        "{DATABASE_URL}={value:?} is not a supported database URL: use sqlite://PATH or postgres://USER:PASSWORD@HOST/DATABASE"
    )]
    DatabaseScheme { value: String },
    #[error(
        "{DATABASE_URL} names no SQLite file: use sqlite://PATH, e.g. sqlite://data/middelpunt.db"
    )]
    SqlitePath,
    #[error("{LOG}={value:?} is not a log filter such as info or info,sqlx=warn: {source}")]
    Log {
        value: String,
        source: tracing_subscriber::filter::ParseError,
    },
    #[error("{var}={value:?} is not a whole number: {source}")]
    Number {
        var: &'static str,
        value: String,
        source: ParseIntError,
    },
    #[error("{var} must be at least 1")]
    Zero { var: &'static str },
    #[error(
        "{KVK}={value:?} is not a register: use embedded (KvK's test numbers with demo data, built in) or api (KvK's API at {KVK_BASE_URL})"
    )]
    KvkSource { value: String },
    #[error("{KVK_BASE_URL}={value:?} is not a URL such as https://api.kvk.nl/test/api: {reason}")]
    KvkBaseUrl { value: String, reason: String },
    #[error(
        "{KVK_API_KEY} is not set, but {KVK}=api needs it: set it to your KvK API key (for KvK's test environment, the public test key on https://developers.kvk.nl/documentation/testing)"
    )]
    KvkApiKeyMissing,
    #[error(
        "{KVK_CACHE_TTL}={value:?} is more than a week ({MAX_KVK_CACHE_TTL_SECS} seconds): an order needs the register's answer of at most a day or so; 86400 is a day, 0 turns the cache off"
    )]
    KvkCacheTtl { value: String },
    #[error(
        "{PUBLIC_URL}={value:?} is not the address people use to reach Middelpunt, such as https://middelpunt.example.nl: {reason}"
    )]
    PublicUrl { value: String, reason: String },
    #[error("{var}={value:?} is not a yes/no value: use true or false")]
    Boolean { var: &'static str, value: String },
    #[error(transparent)]
    Mail(#[from] crate::mail::config::MailConfigError),
    #[error(transparent)]
    Operations(#[from] operations::OperationsConfigError),
}

impl ConfigError {
    /// The variable that is wrong.
    pub fn var(&self) -> &'static str {
        match self {
            ConfigError::NotUnicode { var }
            | ConfigError::Number { var, .. }
            | ConfigError::Zero { var }
            | ConfigError::Boolean { var, .. } => var,
            ConfigError::Listen { .. } => LISTEN,
            ConfigError::DatabaseScheme { .. } | ConfigError::SqlitePath => DATABASE_URL,
            ConfigError::Log { .. } => LOG,
            ConfigError::KvkSource { .. } => KVK,
            ConfigError::KvkBaseUrl { .. } => KVK_BASE_URL,
            ConfigError::KvkApiKeyMissing => KVK_API_KEY,
            ConfigError::KvkCacheTtl { .. } => KVK_CACHE_TTL,
            ConfigError::PublicUrl { .. } => PUBLIC_URL,
            ConfigError::Mail(error) => error.var(),
            ConfigError::Operations(error) => error.var(),
        }
    }
}

#[cfg(test)]
mod tests;
