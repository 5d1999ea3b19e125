//! Sending messages: e-mail and SMS behind small traits, so that the outbox worker
//! ([`crate::outbox`]) delivers through whichever transport the configuration chose.
//!
//! - [`MailTransport`]: [`smtp::SmtpMailer`] (lettre, rustls) or the development mailbox
//!   ([`dev_mailbox::DevMailbox`]), chosen by [`config::MailConfig`].
//! - [`SmsTransport`]: the HTTP SMS gateway ([`sms_gateway::HttpSmsGateway`]) when
//!   `MIDDELPUNT_SMS_GATEWAY_URL` is set, else the development mailbox when it is on, else
//!   nowhere ([`NoSmsGateway`]: SMS wait in the outbox).
//! - [`webhook`]: API clients' webhook calls, signed, over HTTPS.
//! - [`templates`]: the texts of the e-mails, pure functions with a plain-text and an HTML part.
//!
//! Nothing here logs a message body: bodies hold personal links and codes.

pub(crate) mod account;
pub mod config;
pub mod dev_mailbox;
pub mod expiry;
pub(crate) mod machtigingen;
pub(crate) mod notices;
pub mod samples;
pub mod sms_gateway;
pub(crate) mod smtp;
pub mod templates;
pub mod webhook;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use sqlx::AnyPool;

pub use config::MailConfig;
use config::MailTransportConfig;
use dev_mailbox::DevMailbox;
use sms_gateway::{HttpSmsGateway, SmsGatewaySetupError};
use smtp::SmtpMailer;
use webhook::{WebhookClient, WebhookSetupError};

/// A boxed future, so the transport traits can be used as `dyn` objects.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One e-mail to deliver, as the outbox hands it to a [`MailTransport`]. `Debug` shows neither
/// the recipient nor the body.
#[derive(Clone, PartialEq, Eq)]
pub struct Message {
    /// The outbox row: the same on every attempt, so it names the `Message-ID`.
    pub outbox_id: i64,
    /// The recipient's address.
    pub to: String,
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part, if any: the mail is then multipart/alternative.
    pub html: Option<String>,
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("outbox_id", &self.outbox_id)
            .finish_non_exhaustive()
    }
}

/// One SMS to deliver. `Debug` shows neither the number nor the text (it may hold a code).
#[derive(Clone, PartialEq, Eq)]
pub struct SmsMessage {
    /// The outbox row: the same on every attempt, usable as the gateway's idempotency key.
    pub outbox_id: i64,
    /// The mobile number, as enqueued (E.164, e.g. `+31612345678`).
    pub to: String,
    pub text: String,
}

impl fmt::Debug for SmsMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmsMessage")
            .field("outbox_id", &self.outbox_id)
            .finish_non_exhaustive()
    }
}

/// Why a message was not delivered. The text is stored in the outbox (`last_error`) and
/// logged: it must never hold the body or a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later: the server is unreachable, busy, or answered 4xx.
    #[error("{0}")]
    Transient(String),
    /// Trying again cannot help: the address is invalid, or the server answered 5xx.
    #[error("{0}")]
    Permanent(String),
    /// The server could not be reached at all (refused, no route, no answer, TLS failed):
    /// worth trying again as soon as it answers, whatever the message.
    #[error("{0}")]
    Unreachable(String),
}

impl SendError {
    pub fn is_permanent(&self) -> bool {
        matches!(self, SendError::Permanent(_))
    }

    /// The server could not be reached: not this message's fault.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, SendError::Unreachable(_))
    }
}

/// Delivers e-mail. Implementations must be safe to call concurrently.
pub trait MailTransport: Send + Sync {
    /// Delivers `message`; `Ok` once the receiving side accepted it.
    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, Result<(), SendError>>;

    /// Checks that the mail server answers, without sending anything; `None` when there is no
    /// server to check (the development mailbox).
    fn check(&self) -> BoxFuture<'_, Option<Result<(), SendError>>> {
        Box::pin(async { None })
    }
}

/// Delivers SMS. Implementations must be safe to call concurrently.
pub trait SmsTransport: Send + Sync {
    /// Delivers `message`; `Ok` once the gateway accepted it.
    fn send<'a>(&'a self, message: &'a SmsMessage) -> BoxFuture<'a, Result<(), SendError>>;
}

/// The transports the outbox worker delivers through, one per message kind.
#[derive(Clone)]
pub struct Transports {
    pub mail: Arc<dyn MailTransport>,
    pub sms: Arc<dyn SmsTransport>,
    /// API clients' webhook calls, to the URL each client set (also with the development
    /// mailbox on: they go out for real).
    pub webhook: WebhookClient,
}

impl fmt::Debug for Transports {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transports").finish_non_exhaustive()
    }
}

/// Why the transports could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error("cannot set up the SMTP transport to {host}: {source}")]
    Smtp {
        host: String,
        #[source]
        source: lettre::transport::smtp::Error,
    },
    #[error("cannot set up the SMS gateway client for {url}: {source}")]
    SmsGateway {
        url: String,
        #[source]
        source: SmsGatewaySetupError,
    },
    #[error("{0}")]
    Webhook(#[from] WebhookSetupError),
}

impl Transports {
    /// The transports `config` asks for: e-mail over SMTP or to the development mailbox; SMS to
    /// the HTTP SMS gateway when one is configured, else to the development mailbox when it is
    /// on, else nowhere (such messages wait and are retried, see [`NoSmsGateway`]).
    pub fn from_config(config: &MailConfig, db: &AnyPool) -> Result<Transports, TransportError> {
        let dev_mailbox = Arc::new(DevMailbox::new(db.clone()));
        let mail: Arc<dyn MailTransport> = match &config.transport {
            MailTransportConfig::DevMailbox => dev_mailbox.clone(),
            MailTransportConfig::Smtp(smtp) => Arc::new(
                SmtpMailer::new(smtp, config.from.clone(), config.hello_name.as_deref()).map_err(
                    |source| TransportError::Smtp {
                        host: smtp.host.clone(),
                        source,
                    },
                )?,
            ),
        };
        let sms: Arc<dyn SmsTransport> = match &config.sms_gateway {
            Some(gateway) => {
                let client =
                    HttpSmsGateway::new(gateway).map_err(|source| TransportError::SmsGateway {
                        url: gateway.url().to_string(),
                        source,
                    })?;
                tracing::info!(url = %gateway.url(), "SMS go out through the HTTP SMS gateway");
                Arc::new(client)
            }
            None if config.dev_mailbox => dev_mailbox,
            None => Arc::new(NoSmsGateway),
        };
        let webhook = WebhookClient::new(config.webhook_ca_file.as_deref())?;
        Ok(Transports { mail, sms, webhook })
    }
}

/// The SMS transport when neither the SMS gateway (`MIDDELPUNT_SMS_GATEWAY_URL`) nor the
/// development mailbox is on: every attempt fails transiently, so messages stay in the outbox
/// (and are retried) until a gateway is configured.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSmsGateway;

impl SmsTransport for NoSmsGateway {
    fn send<'a>(&'a self, _message: &'a SmsMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async {
            Err(SendError::Transient(
                "no SMS gateway is configured (MIDDELPUNT_SMS_GATEWAY_URL) and the development \
                 mailbox is off"
                    .to_owned(),
            ))
        })
    }
}

/// The `Message-ID` of outbox message `outbox_id`, the same on every attempt, so that a
/// message sent twice (after a crash between sending and recording it) can be recognised:
/// `<outbox.ID@DOMAIN>`.
pub fn message_id(outbox_id: i64, domain: &str) -> String {
    format!("<outbox.{outbox_id}@{domain}>")
}
