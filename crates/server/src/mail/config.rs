//! The mail part of the configuration: which transport delivers e-mail, the sender, the SMS
//! gateway, the development mailbox and the outbox worker's polling interval.
//!
//! | Variable | Default | Meaning |
//! |---|---|---|
//! | `MIDDELPUNT_SMTP_HOST` | (none) | The SMTP server's host name or IP address. Set: e-mail goes out over SMTP. Not set: e-mail goes to the development mailbox. |
//! | `MIDDELPUNT_SMTP_PORT` | `587` (`465` with `MIDDELPUNT_SMTP_TLS=tls`) | The SMTP server's port. |
//! | `MIDDELPUNT_SMTP_TLS` | `starttls` | `starttls` (plain connection upgraded with STARTTLS, required), `tls` (TLS from the first byte, "SMTPS") or `none` (no encryption: only for a relay on the same machine or a test sink). |
//! | `MIDDELPUNT_SMTP_USERNAME` | (none) | User name for SMTP AUTH; set together with the password. |
//! | `MIDDELPUNT_SMTP_PASSWORD` | (none) | Password for SMTP AUTH. Never logged. |
//! | `MIDDELPUNT_MAIL_FROM` | `Middelpunt <noreply@middelpunt.localhost>` | The sender (`From`) of every e-mail; its domain also names the `Message-ID`s. |
//! | `MIDDELPUNT_SMS_GATEWAY_URL` | (none) | The HTTP SMS gateway: every SMS is `POST`ed there as JSON (see [`crate::mail::sms_gateway`]). An `https` URL without user, password, query or fragment; `http` only to `localhost` or a loopback address (a local fake). Set together with `MIDDELPUNT_SMS_GATEWAY_KEY`. Not set: SMS go to the development mailbox when it is on, else wait in the outbox. |
//! | `MIDDELPUNT_SMS_GATEWAY_KEY` | (none) | The gateway's API key, sent as `Authorization: Bearer …`; required with `MIDDELPUNT_SMS_GATEWAY_URL`. Never logged. |
//! | `MIDDELPUNT_SMS_SENDER` | `Middelpunt` | The sender the recipient sees: an alphanumeric name of at most 11 ASCII letters and digits (at least one letter), or a phone number in international form such as `+31201234567`. Only with `MIDDELPUNT_SMS_GATEWAY_URL`. |
//! | `MIDDELPUNT_DEV_MAILBOX` | `true` without `MIDDELPUNT_SMTP_HOST`, else `false` | The development mailbox: messages that are not sent over SMTP or the SMS gateway (all e-mail without SMTP host; SMS without `MIDDELPUNT_SMS_GATEWAY_URL`) are kept in the database and shown at `GET /api/v1/dev/messages`. Anyone who can reach the server can read them: never turn it on in production. |
//! | `MIDDELPUNT_OUTBOX_POLL_MS` | `1000` | How often the outbox worker looks for due messages, in milliseconds (it is also woken at once after an enqueue in the same process). |

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

use lettre::message::Mailbox;
use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::config::ApiKey;

/// `MIDDELPUNT_SMTP_HOST`: the SMTP server; unset means the development mailbox.
pub const SMTP_HOST: &str = "MIDDELPUNT_SMTP_HOST";
/// `MIDDELPUNT_SMTP_PORT`: the SMTP server's port.
pub const SMTP_PORT: &str = "MIDDELPUNT_SMTP_PORT";
/// `MIDDELPUNT_SMTP_TLS`: `starttls`, `tls` or `none`.
pub const SMTP_TLS: &str = "MIDDELPUNT_SMTP_TLS";
/// `MIDDELPUNT_SMTP_USERNAME`: the SMTP AUTH user name.
pub const SMTP_USERNAME: &str = "MIDDELPUNT_SMTP_USERNAME";
/// `MIDDELPUNT_SMTP_PASSWORD`: the SMTP AUTH password.
pub const SMTP_PASSWORD: &str = "MIDDELPUNT_SMTP_PASSWORD";
/// `MIDDELPUNT_MAIL_FROM`: the sender of every e-mail.
pub const MAIL_FROM: &str = "MIDDELPUNT_MAIL_FROM";
/// `MIDDELPUNT_DEV_MAILBOX`: whether the development mailbox is on.
pub const DEV_MAILBOX: &str = "MIDDELPUNT_DEV_MAILBOX";
/// `MIDDELPUNT_OUTBOX_POLL_MS`: the outbox worker's polling interval in milliseconds.
pub const OUTBOX_POLL_MS: &str = "MIDDELPUNT_OUTBOX_POLL_MS";
/// `MIDDELPUNT_SMS_GATEWAY_URL`: the HTTP SMS gateway; unset means no gateway.
pub const SMS_GATEWAY_URL: &str = "MIDDELPUNT_SMS_GATEWAY_URL";
/// `MIDDELPUNT_SMS_GATEWAY_KEY`: the SMS gateway's API key.
pub const SMS_GATEWAY_KEY: &str = "MIDDELPUNT_SMS_GATEWAY_KEY";
/// `MIDDELPUNT_SMS_SENDER`: the sender of every SMS.
pub const SMS_SENDER: &str = "MIDDELPUNT_SMS_SENDER";

/// Every variable of the mail configuration.
pub const VARIABLES: [&str; 11] = [
    SMTP_HOST,
    SMTP_PORT,
    SMTP_TLS,
    SMTP_USERNAME,
    SMTP_PASSWORD,
    MAIL_FROM,
    DEV_MAILBOX,
    OUTBOX_POLL_MS,
    SMS_GATEWAY_URL,
    SMS_GATEWAY_KEY,
    SMS_SENDER,
];

/// The default sender.
pub const DEFAULT_MAIL_FROM: &str = "Middelpunt <noreply@middelpunt.localhost>";
/// The default sender of every SMS.
pub const DEFAULT_SMS_SENDER: &str = "Middelpunt";
/// The longest alphanumeric SMS sender (GSM 03.40 allows 11 characters).
pub const MAX_ALPHANUMERIC_SENDER: usize = 11;
/// The default polling interval of the outbox worker.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_millis(1000);
/// The submission port, for `starttls` and `none`.
pub const SUBMISSION_PORT: u16 = 587;
/// The submissions port, for `tls`.
pub const SUBMISSIONS_PORT: u16 = 465;
const MAX_POLL_MS: u64 = 60 * 60 * 1000;

/// How e-mail leaves the server, and the development mailbox. [`Default`]: the development
/// mailbox, as when nothing is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailConfig {
    /// Where e-mail goes: SMTP when `MIDDELPUNT_SMTP_HOST` is set.
    pub transport: MailTransportConfig,
    /// The sender of every e-mail (`MIDDELPUNT_MAIL_FROM`).
    pub from: Mailbox,
    /// Whether the development mailbox and its routes are on (`MIDDELPUNT_DEV_MAILBOX`).
    pub dev_mailbox: bool,
    /// How often the outbox worker looks for due messages (`MIDDELPUNT_OUTBOX_POLL_MS`).
    pub poll_interval: Duration,
    /// The HTTP SMS gateway, when `MIDDELPUNT_SMS_GATEWAY_URL` is set: every SMS goes there.
    pub sms_gateway: Option<SmsGatewayConfig>,
}

/// The HTTP SMS gateway ([`crate::mail::sms_gateway::HttpSmsGateway`]). Made by
/// [`SmsGatewayConfig::new`], so it always holds a checked URL, key and sender. `Debug` hides the
/// key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsGatewayConfig {
    url: Url,
    api_key: ApiKey,
    sender: String,
}

impl SmsGatewayConfig {
    /// Checks the gateway's `url` (`MIDDELPUNT_SMS_GATEWAY_URL`), its `api_key`
    /// (`MIDDELPUNT_SMS_GATEWAY_KEY`) and the `sender` (`MIDDELPUNT_SMS_SENDER`).
    pub fn new(
        url: &str,
        api_key: &str,
        sender: &str,
    ) -> Result<SmsGatewayConfig, MailConfigError> {
        Ok(SmsGatewayConfig {
            url: gateway_url(url.trim())?,
            api_key: gateway_key(api_key.trim())?,
            sender: sms_sender(sender.trim())?,
        })
    }

    /// Where every SMS is `POST`ed.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The API key: only for the `Authorization` header.
    pub fn api_key(&self) -> &ApiKey {
        &self.api_key
    }

    /// The sender: an alphanumeric name or a phone number in international form.
    pub fn sender(&self) -> &str {
        &self.sender
    }
}

/// Where e-mail goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailTransportConfig {
    /// Kept in the database, shown at `GET /api/v1/dev/messages`: nothing leaves the server.
    DevMailbox,
    /// An SMTP server.
    Smtp(SmtpConfig),
}

/// An SMTP server to deliver e-mail to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    /// Host name or IP address (`MIDDELPUNT_SMTP_HOST`); TLS certificates are checked against it.
    pub host: String,
    /// `MIDDELPUNT_SMTP_PORT`.
    pub port: u16,
    /// `MIDDELPUNT_SMTP_TLS`.
    pub tls: SmtpTls,
    /// `MIDDELPUNT_SMTP_USERNAME` and `MIDDELPUNT_SMTP_PASSWORD`, when set.
    pub credentials: Option<SmtpCredentials>,
}

/// How the connection to the SMTP server is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// A plain connection upgraded with STARTTLS; refused when the server cannot (no fallback).
    StartTls,
    /// TLS from the first byte (SMTPS, usually port 465).
    Tls,
    /// No encryption at all: a relay on the same machine or a test sink only.
    None,
}

impl SmtpTls {
    /// The value as written in `MIDDELPUNT_SMTP_TLS`.
    pub fn as_str(self) -> &'static str {
        match self {
            SmtpTls::StartTls => "starttls",
            SmtpTls::Tls => "tls",
            SmtpTls::None => "none",
        }
    }
}

/// SMTP AUTH credentials. `Debug` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpCredentials {
    pub username: String,
    password: String,
}

impl SmtpCredentials {
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> SmtpCredentials {
        SmtpCredentials {
            username: username.into(),
            password: password.into(),
        }
    }

    /// The password itself: only for the SMTP transport.
    pub fn password(&self) -> &str {
        &self.password
    }
}

impl fmt::Debug for SmtpCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpCredentials")
            .field("username", &self.username)
            .field("password", &"***")
            .finish()
    }
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            transport: MailTransportConfig::DevMailbox,
            from: DEFAULT_MAIL_FROM
                .parse()
                .expect("the default sender parses"),
            dev_mailbox: true,
            poll_interval: DEFAULT_POLL_INTERVAL,
            sms_gateway: None,
        }
    }
}

impl MailConfig {
    /// The SMTP server, if e-mail goes out over SMTP.
    pub fn smtp(&self) -> Option<&SmtpConfig> {
        match &self.transport {
            MailTransportConfig::Smtp(smtp) => Some(smtp),
            MailTransportConfig::DevMailbox => None,
        }
    }

    /// Reads the mail configuration through `get`, which answers a variable's value, `None`
    /// when unset or empty.
    pub fn from_lookup(
        get: &impl Fn(&str) -> Option<String>,
    ) -> Result<MailConfig, MailConfigError> {
        let value = |var: &str| get(var).map(|value| value.trim().to_owned());
        let host = value(SMTP_HOST).map(smtp_host).transpose()?;

        let transport = match host {
            None => {
                for var in [SMTP_PORT, SMTP_TLS, SMTP_USERNAME, SMTP_PASSWORD] {
                    if get(var).is_some() {
                        return Err(MailConfigError::NeedsHost { var });
                    }
                }
                MailTransportConfig::DevMailbox
            }
            Some(host) => {
                let tls = match value(SMTP_TLS) {
                    None => SmtpTls::StartTls,
                    Some(tls) => match tls.to_ascii_lowercase().as_str() {
                        "starttls" => SmtpTls::StartTls,
                        "tls" => SmtpTls::Tls,
                        "none" => SmtpTls::None,
                        _ => {
                            return Err(MailConfigError::Choice {
                                var: SMTP_TLS,
                                value: tls,
                                expected: "starttls (the default: STARTTLS required), tls (SMTPS) or none (no encryption, local relays only)",
                            });
                        }
                    },
                };
                let port = match value(SMTP_PORT) {
                    None if tls == SmtpTls::Tls => SUBMISSIONS_PORT,
                    None => SUBMISSION_PORT,
                    Some(port) => match port.parse::<u16>() {
                        Ok(port) if port > 0 => port,
                        _ => {
                            return Err(MailConfigError::Number {
                                var: SMTP_PORT,
                                value: port,
                                range: "1 to 65535, such as 587",
                            });
                        }
                    },
                };
                // The password as given: spaces may be part of it.
                let credentials = match (value(SMTP_USERNAME), get(SMTP_PASSWORD)) {
                    (None, None) => None,
                    (Some(username), Some(password)) => {
                        Some(SmtpCredentials::new(username, password))
                    }
                    (Some(_), None) => {
                        return Err(MailConfigError::Missing {
                            var: SMTP_PASSWORD,
                            because: SMTP_USERNAME,
                        });
                    }
                    (None, Some(_)) => {
                        return Err(MailConfigError::Missing {
                            var: SMTP_USERNAME,
                            because: SMTP_PASSWORD,
                        });
                    }
                };
                MailTransportConfig::Smtp(SmtpConfig {
                    host,
                    port,
                    tls,
                    credentials,
                })
            }
        };

        let from = match value(MAIL_FROM) {
            None => MailConfig::default().from,
            Some(from) => match Mailbox::from_str(&from) {
                Ok(mailbox) => mailbox,
                Err(error) => {
                    return Err(MailConfigError::From {
                        value: from,
                        reason: error.to_string(),
                    });
                }
            },
        };

        let smtp = matches!(transport, MailTransportConfig::Smtp(_));
        let dev_mailbox = match value(DEV_MAILBOX) {
            None => !smtp,
            Some(flag) => match flag.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" | "ja" => true,
                "false" | "0" | "no" | "off" | "nee" => false,
                _ => {
                    return Err(MailConfigError::Choice {
                        var: DEV_MAILBOX,
                        value: flag,
                        expected: "true or false",
                    });
                }
            },
        };
        if !dev_mailbox && !smtp {
            return Err(MailConfigError::NowhereToGo);
        }

        let poll_interval = match value(OUTBOX_POLL_MS) {
            None => DEFAULT_POLL_INTERVAL,
            Some(ms) => match ms.parse::<u64>() {
                Ok(ms @ 1..=MAX_POLL_MS) => Duration::from_millis(ms),
                _ => {
                    return Err(MailConfigError::Number {
                        var: OUTBOX_POLL_MS,
                        value: ms,
                        range: "1 to 3600000 (milliseconds), such as 1000",
                    });
                }
            },
        };

        let sms_gateway = match (value(SMS_GATEWAY_URL), value(SMS_GATEWAY_KEY)) {
            (None, None) => {
                if get(SMS_SENDER).is_some() {
                    return Err(MailConfigError::NeedsGateway { var: SMS_SENDER });
                }
                None
            }
            (Some(url), Some(key)) => {
                let sender = value(SMS_SENDER).unwrap_or_else(|| DEFAULT_SMS_SENDER.to_owned());
                Some(SmsGatewayConfig::new(&url, &key, &sender)?)
            }
            (Some(_), None) => {
                return Err(MailConfigError::GatewayIncomplete {
                    var: SMS_GATEWAY_KEY,
                    because: SMS_GATEWAY_URL,
                });
            }
            (None, Some(_)) => {
                return Err(MailConfigError::GatewayIncomplete {
                    var: SMS_GATEWAY_URL,
                    because: SMS_GATEWAY_KEY,
                });
            }
        };

        Ok(MailConfig {
            transport,
            from,
            dev_mailbox,
            poll_interval,
            sms_gateway,
        })
    }
}

/// An `https` URL with a host and nothing that would be a secret in a log (user, password,
/// query); `http` only to this machine.
fn gateway_url(value: &str) -> Result<Url, MailConfigError> {
    let invalid = |reason: &'static str| MailConfigError::GatewayUrl {
        value: without_secrets(value),
        reason,
    };
    let url = Url::parse(value).map_err(|_| invalid("it does not parse as a URL"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "it must not hold a user or password: put the key in MIDDELPUNT_SMS_GATEWAY_KEY",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            "it must not hold a query or fragment (it is logged): put the key in MIDDELPUNT_SMS_GATEWAY_KEY",
        ));
    }
    let host = match url.host_str() {
        None | Some("") => return Err(invalid("it names no host")),
        Some(host) => host,
    };
    // `host_str` writes IPv6 addresses in brackets; the URL parser lowercases names.
    let local = host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => Ok(url),
        "http" if local => Ok(url),
        "http" => Err(invalid(
            "it must be https: plain http is allowed only to localhost or 127.0.0.1",
        )),
        _ => Err(invalid("the scheme must be https")),
    }
}

/// `value` for an error message: without user, password, query and fragment, which may hold a
/// secret.
fn without_secrets(value: &str) -> String {
    let end = value.find(['?', '#']).unwrap_or(value.len());
    let value = &value[..end];
    match (value.find("://"), value.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://***@{}", &value[..scheme_end], &value[at + 1..])
        }
        _ => value.to_owned(),
    }
}

/// A key that can go into an HTTP header. The error never shows it.
fn gateway_key(value: &str) -> Result<ApiKey, MailConfigError> {
    if value.is_empty() {
        return Err(MailConfigError::GatewayKey {
            reason: "it is empty",
        });
    }
    if HeaderValue::from_str(&format!("Bearer {value}")).is_err() || !value.is_ascii() {
        return Err(MailConfigError::GatewayKey {
            reason: "it holds characters that cannot go into an HTTP header (only visible ASCII)",
        });
    }
    Ok(ApiKey::new(value))
}

/// An alphanumeric sender (1 to 11 ASCII letters and digits, at least one letter) or a phone
/// number in international form (`+`, then 8 to 15 digits, the first not 0).
fn sms_sender(value: &str) -> Result<String, MailConfigError> {
    let invalid = |reason: &'static str| MailConfigError::Sender {
        value: value.to_owned(),
        reason,
    };
    if let Some(digits) = value.strip_prefix('+') {
        let valid = (8..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        return if valid {
            Ok(value.to_owned())
        } else {
            Err(invalid(
                "a phone number is written in international form: + and 8 to 15 digits, such as +31201234567",
            ))
        };
    }
    if value.is_empty() {
        return Err(invalid("it is empty"));
    }
    if !value.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(invalid(
            "a sender name may hold only the letters A to Z and digits, without spaces or accents",
        ));
    }
    if !value.chars().any(|c| c.is_ascii_alphabetic()) {
        return Err(invalid(
            "a sender of digits only is a phone number: write it in international form, such as +31201234567",
        ));
    }
    if value.len() > MAX_ALPHANUMERIC_SENDER {
        return Err(invalid("a sender name has at most 11 characters"));
    }
    Ok(value.to_owned())
}

/// A host name or IP address, without scheme, port or path.
fn smtp_host(host: String) -> Result<String, MailConfigError> {
    let invalid = |reason: &'static str| MailConfigError::Host {
        value: host.clone(),
        reason,
    };
    if host.contains("://") {
        return Err(invalid(
            "write the host name only, without a scheme such as smtp://",
        ));
    }
    if host.parse::<std::net::Ipv6Addr>().is_ok() {
        return Ok(host);
    }
    if host.contains(':') {
        return Err(invalid(
            "write the host name only and the port in MIDDELPUNT_SMTP_PORT",
        ));
    }
    let valid = host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && !host.starts_with(['.', '-'])
        && !host.ends_with('-');
    if !valid {
        return Err(invalid(
            "it may hold only letters, digits, dots and hyphens",
        ));
    }
    Ok(host)
}

/// What is wrong with the mail configuration. Every message starts with the variable's name.
#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error("{var}={value:?} is not one of the choices: {expected}")]
    Choice {
        var: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("{var}={value:?} is not a whole number from {range}")]
    Number {
        var: &'static str,
        value: String,
        range: &'static str,
    },
    #[error("{SMTP_HOST}={value:?} is not a host name such as smtp.example.nl: {reason}")]
    Host { value: String, reason: &'static str },
    #[error(
        "{MAIL_FROM}={value:?} is not a sender such as \"Middelpunt <noreply@example.nl>\": {reason}"
    )]
    From { value: String, reason: String },
    #[error(
        "{var} is set, but {SMTP_HOST} is not: set the SMTP server's host name in {SMTP_HOST}, or unset {var} to use the development mailbox"
    )]
    NeedsHost { var: &'static str },
    #[error("{var} is not set, but {because} is: SMTP AUTH needs both user name and password")]
    Missing {
        var: &'static str,
        because: &'static str,
    },
    #[error(
        "{DEV_MAILBOX} is off, but {SMTP_HOST} is not set: e-mail would have nowhere to go; set {SMTP_HOST} to an SMTP server, or leave {DEV_MAILBOX} unset for the development mailbox"
    )]
    NowhereToGo,
    #[error(
        "{SMS_GATEWAY_URL}={value:?} is not the SMS gateway's URL, such as https://sms.example.nl/v1/messages: {reason}"
    )]
    GatewayUrl { value: String, reason: &'static str },
    #[error("{SMS_GATEWAY_KEY} is not a usable API key: {reason}")]
    GatewayKey { reason: &'static str },
    #[error(
        "{var} is not set, but {because} is: the SMS gateway needs both its URL ({SMS_GATEWAY_URL}) and its API key ({SMS_GATEWAY_KEY})"
    )]
    GatewayIncomplete {
        var: &'static str,
        because: &'static str,
    },
    #[error(
        "{var} is set, but {SMS_GATEWAY_URL} is not: set the SMS gateway's URL and key, or unset {var}"
    )]
    NeedsGateway { var: &'static str },
    #[error(
        "{SMS_SENDER}={value:?} is not an SMS sender such as Middelpunt or +31201234567: {reason}"
    )]
    Sender { value: String, reason: &'static str },
}

impl MailConfigError {
    /// The variable that is wrong.
    pub fn var(&self) -> &'static str {
        match self {
            MailConfigError::Choice { var, .. }
            | MailConfigError::Number { var, .. }
            | MailConfigError::NeedsHost { var }
            | MailConfigError::Missing { var, .. }
            | MailConfigError::GatewayIncomplete { var, .. }
            | MailConfigError::NeedsGateway { var } => var,
            MailConfigError::Host { .. } => SMTP_HOST,
            MailConfigError::From { .. } => MAIL_FROM,
            MailConfigError::NowhereToGo => DEV_MAILBOX,
            MailConfigError::GatewayUrl { .. } => SMS_GATEWAY_URL,
            MailConfigError::GatewayKey { .. } => SMS_GATEWAY_KEY,
            MailConfigError::Sender { .. } => SMS_SENDER,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(vars: &[(&str, &str)]) -> Result<MailConfig, MailConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        MailConfig::from_lookup(&|var: &str| {
            vars.get(var).cloned().filter(|v| !v.trim().is_empty())
        })
    }

    #[test]
    fn nothing_set_is_the_development_mailbox() {
        let config = parse(&[]).unwrap();
        assert_eq!(config, MailConfig::default());
        assert_eq!(config.transport, MailTransportConfig::DevMailbox);
        assert!(config.dev_mailbox);
        assert_eq!(
            config.from.to_string(),
            "Middelpunt <noreply@middelpunt.localhost>"
        );
        assert_eq!(config.poll_interval, Duration::from_secs(1));
    }

    #[test]
    fn an_smtp_host_means_smtp_with_starttls_on_587_and_no_dev_mailbox() {
        let config = parse(&[(SMTP_HOST, " smtp.example.nl ")]).unwrap();
        assert_eq!(
            config.transport,
            MailTransportConfig::Smtp(SmtpConfig {
                host: "smtp.example.nl".into(),
                port: 587,
                tls: SmtpTls::StartTls,
                credentials: None,
            })
        );
        assert!(!config.dev_mailbox);
        let tls = parse(&[(SMTP_HOST, "smtp.example.nl"), (SMTP_TLS, "TLS")]).unwrap();
        assert_eq!(tls.smtp().unwrap().port, 465);
        assert_eq!(tls.smtp().unwrap().tls, SmtpTls::Tls);
    }

    #[test]
    fn every_variable_is_read_and_the_password_never_shows() {
        let config = parse(&[
            (SMTP_HOST, "127.0.0.1"),
            (SMTP_PORT, "2525"),
            (SMTP_TLS, "none"),
            (SMTP_USERNAME, "middelpunt"),
            (SMTP_PASSWORD, " geheim wachtwoord "),
            (MAIL_FROM, "Aanvragen <aanvragen@example.nl>"),
            (DEV_MAILBOX, "true"),
            (OUTBOX_POLL_MS, "50"),
        ])
        .unwrap();
        let smtp = config.smtp().unwrap();
        assert_eq!((smtp.host.as_str(), smtp.port), ("127.0.0.1", 2525));
        assert_eq!(smtp.tls, SmtpTls::None);
        let credentials = smtp.credentials.as_ref().unwrap();
        assert_eq!(credentials.username, "middelpunt");
        assert_eq!(credentials.password(), " geheim wachtwoord ");
        assert_eq!(config.from.email.to_string(), "aanvragen@example.nl");
        assert!(config.dev_mailbox);
        assert_eq!(config.poll_interval, Duration::from_millis(50));
        assert!(!format!("{config:?}").contains("geheim"));
    }

    #[test]
    fn bad_values_name_their_variable() {
        let smtp = (SMTP_HOST, "smtp.example.nl");
        let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
            (SMTP_TLS, vec![smtp, (SMTP_TLS, "foo")]),
            (SMTP_PORT, vec![smtp, (SMTP_PORT, "0")]),
            (SMTP_PORT, vec![smtp, (SMTP_PORT, "smtp")]),
            (SMTP_PORT, vec![smtp, (SMTP_PORT, "70000")]),
            (SMTP_HOST, vec![(SMTP_HOST, "smtp://smtp.example.nl")]),
            (SMTP_HOST, vec![(SMTP_HOST, "smtp.example.nl:587")]),
            (SMTP_HOST, vec![(SMTP_HOST, "smtp example")]),
            (SMTP_PASSWORD, vec![smtp, (SMTP_USERNAME, "u")]),
            (SMTP_USERNAME, vec![smtp, (SMTP_PASSWORD, "p")]),
            (SMTP_PORT, vec![(SMTP_PORT, "587")]),
            (SMTP_TLS, vec![(SMTP_TLS, "tls")]),
            (MAIL_FROM, vec![(MAIL_FROM, "noreply at example")]),
            (DEV_MAILBOX, vec![(DEV_MAILBOX, "misschien")]),
            (DEV_MAILBOX, vec![(DEV_MAILBOX, "false")]),
            (OUTBOX_POLL_MS, vec![(OUTBOX_POLL_MS, "0")]),
            (OUTBOX_POLL_MS, vec![(OUTBOX_POLL_MS, "1s")]),
        ];
        for (var, vars) in cases {
            let err = parse(&vars).unwrap_err();
            assert_eq!(err.var(), var, "{vars:?}");
            assert!(err.to_string().starts_with(var), "{err}");
        }
        let err = parse(&[smtp, (SMTP_TLS, "foo")]).unwrap_err();
        assert!(err.to_string().contains("starttls"), "{err}");
    }

    const GATEWAY: &str = "https://sms.example.nl/v1/messages";
    const KEY: &str = "sk_live_geheim_42";

    #[test]
    fn an_sms_gateway_needs_url_and_key_and_never_shows_the_key() {
        let config = parse(&[(SMS_GATEWAY_URL, GATEWAY), (SMS_GATEWAY_KEY, KEY)]).unwrap();
        let gateway = config.sms_gateway.as_ref().unwrap();
        assert_eq!(gateway.url().as_str(), GATEWAY);
        assert_eq!(gateway.api_key().expose(), KEY);
        assert_eq!(gateway.sender(), "Middelpunt", "the default sender");
        // E-mail is unaffected: still the development mailbox.
        assert_eq!(config.transport, MailTransportConfig::DevMailbox);
        assert!(config.dev_mailbox);
        let debug = format!("{config:?}");
        assert!(!debug.contains(KEY), "{debug}");
        assert!(debug.contains("sms.example.nl"), "{debug}");

        assert_eq!(parse(&[]).unwrap().sms_gateway, None);
        let with_sender = parse(&[
            (SMS_GATEWAY_URL, GATEWAY),
            (SMS_GATEWAY_KEY, KEY),
            (SMS_SENDER, " +31201234567 "),
        ])
        .unwrap();
        assert_eq!(with_sender.sms_gateway.unwrap().sender(), "+31201234567");
    }

    #[test]
    fn sms_senders_are_short_names_or_international_numbers() {
        for good in [
            "Middelpunt",
            "KvK2026",
            "ABCDEFGHIJK",
            "x",
            "+31201234567",
            "+3197010203040",
        ] {
            assert_eq!(
                SmsGatewayConfig::new(GATEWAY, KEY, good).unwrap().sender(),
                good
            );
        }
        for (bad, reason) in [
            ("ABCDEFGHIJKL", "at most 11"),
            ("Middel punt", "only the letters"),
            ("Café", "only the letters"),
            ("Middelpunt!", "only the letters"),
            ("0201234567", "international form"),
            ("12345", "international form"),
            ("+0201234567", "international form"),
            ("+31 20 1234567", "international form"),
            ("+3112", "international form"),
            ("+3120123456789012", "international form"),
        ] {
            let err = SmsGatewayConfig::new(GATEWAY, KEY, bad).unwrap_err();
            assert_eq!(err.var(), SMS_SENDER, "{bad}");
            assert!(err.to_string().contains(reason), "{bad}: {err}");
        }
    }

    #[test]
    fn the_gateway_url_is_https_or_local_http() {
        for good in [
            "https://sms.example.nl/v1/messages",
            "https://sms.example.nl:8443/",
            "http://127.0.0.1:9000/sms",
            "http://localhost:9000/sms",
            "http://LOCALHOST/sms",
            "http://[::1]:9000/sms",
        ] {
            assert!(
                SmsGatewayConfig::new(good, KEY, "Middelpunt").is_ok(),
                "{good}"
            );
        }
        for (bad, reason) in [
            ("http://sms.example.nl/v1/messages", "must be https"),
            ("http://10.0.0.5/sms", "must be https"),
            ("http://127.0.0.1.example.nl/sms", "must be https"),
            ("ftp://sms.example.nl/", "scheme must be https"),
            ("sms.example.nl/v1/messages", "does not parse"),
            ("https://user:pass@sms.example.nl/", "user or password"),
            ("https://sms.example.nl/send?key=abc", "query"),
            ("https://sms.example.nl/send#x", "fragment"),
        ] {
            let err = SmsGatewayConfig::new(bad, KEY, "Middelpunt").unwrap_err();
            assert_eq!(err.var(), SMS_GATEWAY_URL, "{bad}");
            assert!(err.to_string().contains(reason), "{bad}: {err}");
        }
        // A secret written into the URL does not reach the error (it is logged at start).
        for bad in [
            "https://user:topgeheim@sms.example.nl/",
            "https://sms.example.nl/send?key=topgeheim",
            "http://sms.example.nl/send?key=topgeheim",
        ] {
            let err = SmsGatewayConfig::new(bad, KEY, "Middelpunt").unwrap_err();
            assert!(!err.to_string().contains("topgeheim"), "{err}");
            assert!(err.to_string().contains("sms.example.nl"), "{err}");
        }
    }

    #[test]
    fn an_unusable_gateway_key_is_refused_without_showing_it() {
        for bad in ["geheim\nregel", "sleutel-é-geheim"] {
            let err = SmsGatewayConfig::new(GATEWAY, bad, "Middelpunt").unwrap_err();
            assert_eq!(err.var(), SMS_GATEWAY_KEY);
            assert!(!err.to_string().contains("geheim"), "{err}");
        }
    }

    #[test]
    fn the_sms_gateway_variables_go_together() {
        let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
            (SMS_GATEWAY_KEY, vec![(SMS_GATEWAY_URL, GATEWAY)]),
            (SMS_GATEWAY_URL, vec![(SMS_GATEWAY_KEY, KEY)]),
            (SMS_SENDER, vec![(SMS_SENDER, "Middelpunt")]),
            (
                SMS_GATEWAY_URL,
                vec![
                    (SMS_GATEWAY_URL, "http://sms.example.nl/"),
                    (SMS_GATEWAY_KEY, KEY),
                ],
            ),
            (
                SMS_SENDER,
                vec![
                    (SMS_GATEWAY_URL, GATEWAY),
                    (SMS_GATEWAY_KEY, KEY),
                    (SMS_SENDER, "Middelpunt B.V."),
                ],
            ),
        ];
        for (var, vars) in cases {
            let err = parse(&vars).unwrap_err();
            assert_eq!(err.var(), var, "{vars:?}");
            assert!(err.to_string().starts_with(var), "{err}");
            assert!(!err.to_string().contains(KEY), "{err}");
        }
        let err = parse(&[(SMS_GATEWAY_URL, GATEWAY)]).unwrap_err();
        assert!(err.to_string().contains(SMS_GATEWAY_URL), "{err}");
    }

    #[test]
    fn an_ipv6_host_is_fine() {
        let config = parse(&[(SMTP_HOST, "::1"), (SMTP_TLS, "none")]).unwrap();
        assert_eq!(config.smtp().unwrap().host, "::1");
    }
}
