//! The mail part of the configuration: which transport delivers e-mail, the sender, the SMS
//! gateway, the development mailbox and the outbox worker's polling interval.
//!
//! | Variable | Default | Meaning |
//! |---|---|---|
//! | `MIDDELPUNT_SMTP_HOST` | (none) | The SMTP server's host name or IP address. Set: e-mail goes out over SMTP. Not set: e-mail goes to the development mailbox. |
//! | `MIDDELPUNT_SMTP_PORT` | `587` (`465` with `MIDDELPUNT_SMTP_TLS=tls`) | The SMTP server's port. |
//! | `MIDDELPUNT_SMTP_TLS` | `starttls` | `starttls` (plain connection upgraded with STARTTLS, required), `tls` (TLS from the first byte, "SMTPS") or `none` (no encryption: refused unless the host is this machine, `localhost` or a loopback address). |
//! | `MIDDELPUNT_SMTP_USERNAME` | (none) | User name for SMTP AUTH; set together with the password. |
//! | `MIDDELPUNT_SMTP_PASSWORD` | (none) | Password for SMTP AUTH. Never logged. |
//! | `MIDDELPUNT_MAIL_FROM` | `Middelpunt <noreply@middelpunt.localhost>` | The sender (`From`) of every e-mail; its domain also names the `Message-ID`s and, unless the public URL names a domain, the `EHLO` greeting. Required with an SMTP server that is not on this machine (the default's `.localhost` domain is refused by every other mail server). |
//! | `MIDDELPUNT_SMS_GATEWAY_URL` | (none) | The HTTP SMS gateway: every SMS is `POST`ed there as JSON (see [`crate::mail::sms_gateway`]). An `https` URL without user, password, query or fragment; `http` only to `localhost` or a loopback address (a local fake). Set together with `MIDDELPUNT_SMS_GATEWAY_KEY`. Not set: SMS go to the development mailbox when it is on, else wait in the outbox. |
//! | `MIDDELPUNT_SMS_GATEWAY_KEY` | (none) | The gateway's API key, sent as `Authorization: Bearer …`; required with `MIDDELPUNT_SMS_GATEWAY_URL`. Never logged. |
//! | `MIDDELPUNT_SMS_SENDER` | `Middelpunt` | The sender the recipient sees: an alphanumeric name of at most 11 ASCII letters and digits (at least one letter), or a phone number in international form such as `+31201234567`. Only with `MIDDELPUNT_SMS_GATEWAY_URL`. |
//! | `MIDDELPUNT_DEV_MAILBOX` | `true` in demo mode (`MIDDELPUNT_DEMO`), else `false` | The development mailbox: messages that are not sent over SMTP or the SMS gateway (all e-mail without SMTP host; SMS without `MIDDELPUNT_SMS_GATEWAY_URL`) are kept in the database and shown at `GET /api/v1/dev/messages`. Anyone who can reach the server can read them: never turn it on in production. |
//! | `MIDDELPUNT_WEBHOOK_CA_FILE` | (none) | A PEM file of one or more certificates trusted as extra roots by API clients' webhook calls only (besides the webpki roots): for a receiver with a private CA, or a test's throwaway one. Read at start. |
//! | `MIDDELPUNT_OUTBOX_POLL_MS` | `1000` | How often the outbox worker looks for due messages, in milliseconds (it is also woken at once after an enqueue in the same process). |

use std::str::FromStr;
use std::time::Duration;

use lettre::message::Mailbox;

mod error;
mod sms;
mod smtp;

pub use error::MailConfigError;
pub use sms::SmsGatewayConfig;
pub use smtp::{SmtpConfig, SmtpCredentials, SmtpTls};

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

/// `MIDDELPUNT_WEBHOOK_CA_FILE`: extra root certificates (PEM) of webhook calls.
pub const WEBHOOK_CA_FILE: &str = "MIDDELPUNT_WEBHOOK_CA_FILE";

/// Every variable of the mail configuration.
pub const VARIABLES: [&str; 12] = [
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
    WEBHOOK_CA_FILE,
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
    /// The full domain name this server greets an SMTP server with (`EHLO`): the public URL's
    /// host when it is one (see [`crate::config::Config`]), else the sender's domain.
    pub hello_name: Option<String>,
    /// Extra root certificates of webhook calls (`MIDDELPUNT_WEBHOOK_CA_FILE`).
    pub webhook_ca_file: Option<std::path::PathBuf>,
}

/// Where e-mail goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailTransportConfig {
    /// Kept in the database, shown at `GET /api/v1/dev/messages`: nothing leaves the server.
    DevMailbox,
    /// An SMTP server.
    Smtp(SmtpConfig),
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
            hello_name: None,
            webhook_ca_file: None,
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
    /// when unset or empty. `demo`: the server runs in demo mode (`MIDDELPUNT_DEMO`), the only
    /// case in which the development mailbox is on without being asked for.
    pub fn from_lookup(
        get: &impl Fn(&str) -> Option<String>,
        demo: bool,
    ) -> Result<MailConfig, MailConfigError> {
        let value = |var: &str| trimmed(get, var);
        let transport = smtp::transport(get)?;

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

        if let MailTransportConfig::Smtp(smtp) = &transport
            && !smtp::is_this_machine(&smtp.host)
            && smtp::is_this_machine(from.email.domain())
        {
            return Err(MailConfigError::LocalSender {
                from: from.to_string(),
                host: smtp.host.clone(),
            });
        }
        let smtp = matches!(transport, MailTransportConfig::Smtp(_));
        // Never on by accident: a production server started without mail settings would publish
        // every invitation link and SMS code at `/api/v1/dev/messages`.
        let dev_mailbox = match value(DEV_MAILBOX) {
            None => demo,
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

        Ok(MailConfig {
            transport,
            from,
            dev_mailbox,
            poll_interval,
            sms_gateway: sms::gateway(get)?,
            hello_name: None,
            webhook_ca_file: value(WEBHOOK_CA_FILE).map(std::path::PathBuf::from),
        })
    }
}

/// The value of `var` through `get`, without surrounding white space.
fn trimmed(get: &impl Fn(&str) -> Option<String>, var: &str) -> Option<String> {
    get(var).map(|value| value.trim().to_owned())
}

#[cfg(test)]
mod tests;
