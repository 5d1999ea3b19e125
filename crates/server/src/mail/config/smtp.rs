//! The SMTP part of the mail configuration: the server, its encryption and its credentials
//! (`MIDDELPUNT_SMTP_*`).

use std::fmt;

use super::{
    MailConfigError, MailTransportConfig, SMTP_HOST, SMTP_PASSWORD, SMTP_PORT, SMTP_TLS,
    SMTP_USERNAME, SUBMISSION_PORT, SUBMISSIONS_PORT, trimmed,
};

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

/// Where e-mail goes: SMTP when `MIDDELPUNT_SMTP_HOST` is set (with its port, encryption and
/// credentials), else the development mailbox, when no other SMTP variable is set either.
pub(super) fn transport(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<MailTransportConfig, MailConfigError> {
    let value = |var: &str| trimmed(get, var);
    let host = value(SMTP_HOST).map(smtp_host).transpose()?;

    Ok(match host {
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
                (Some(username), Some(password)) => Some(SmtpCredentials::new(username, password)),
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
            if tls == SmtpTls::None && !is_this_machine(&host) {
                return Err(MailConfigError::Unencrypted { host });
            }
            MailTransportConfig::Smtp(SmtpConfig {
                host,
                port,
                tls,
                credentials,
            })
        }
    })
}

/// Whether `host` is this machine: `localhost` or a loopback address. Only a relay there may be
/// spoken to without encryption, and only there may the sender be the default
/// `….localhost` one.
pub(crate) fn is_this_machine(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|address| address.is_loopback())
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
