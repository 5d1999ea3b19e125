//! E-mail over SMTP with lettre (tokio, rustls with the webpki roots: no OpenSSL).
//!
//! Every mail is `multipart/alternative` with a plain-text and an HTML part (or plain text
//! alone when there is no HTML), both UTF-8 and quoted-printable, with a `Message-ID` derived from
//! the outbox id ([`super::message_id`]) so that receivers can spot a repeated delivery.

use std::fmt;
use std::time::Duration;

use lettre::message::header::{
    ContentTransferEncoding, ContentType, Header, HeaderName, HeaderValue,
};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::config::{SmtpConfig, SmtpTls};
use super::{BoxFuture, MailTransport, Message, SendError, message_id};

/// How long one SMTP command may take before the attempt fails (lettre's default is 60 s).
pub(crate) const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// The most connections to the SMTP server: as many as the outbox worker sends at once.
const POOL_SIZE: u32 = crate::outbox::worker::MAIL_IN_FLIGHT as u32;

/// `Auto-Submitted: auto-generated` (RFC 3834): out-of-office replies and other automatic
/// answers are not sent back to it.
#[derive(Debug, Clone, Copy)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

/// Delivers e-mail to one SMTP server, reusing connections (lettre's pool).
pub(crate) struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    host: String,
}

impl fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("host", &self.host)
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl SmtpMailer {
    /// A mailer for `config`, sending as `from` and greeting the server as `hello_name` (else
    /// the sender's domain). Connects only when the first mail is sent.
    pub(crate) fn new(
        config: &SmtpConfig,
        from: Mailbox,
        hello_name: Option<&str>,
    ) -> Result<SmtpMailer, lettre::transport::smtp::Error> {
        let builder = match config.tls {
            SmtpTls::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)?
            }
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host)?,
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host),
        };
        // A full domain name in `EHLO`: strict relays refuse a bare host name.
        let hello = hello_name.unwrap_or(from.email.domain()).to_owned();
        let mut builder = builder
            .port(config.port)
            .timeout(Some(COMMAND_TIMEOUT))
            .hello_name(ClientId::Domain(hello))
            .pool_config(PoolConfig::new().max_size(POOL_SIZE));
        if let Some(credentials) = &config.credentials {
            if config.tls == SmtpTls::None {
                tracing::warn!(
                    host = %config.host,
                    "SMTP credentials over an unencrypted connection (MIDDELPUNT_SMTP_TLS=none)"
                );
            }
            builder = builder.credentials(Credentials::new(
                credentials.username.clone(),
                credentials.password().to_owned(),
            ));
        }
        Ok(SmtpMailer {
            transport: builder.build(),
            from,
            host: config.host.clone(),
        })
    }

    /// The MIME message for `message`, as it goes over the wire.
    pub(crate) fn build(&self, message: &Message) -> Result<lettre::Message, SendError> {
        build_message(&self.from, message)
    }
}

/// The MIME message for `message` from `from`: `multipart/alternative` (text, then HTML) or
/// plain text alone.
pub(crate) fn build_message(
    from: &Mailbox,
    message: &Message,
) -> Result<lettre::Message, SendError> {
    let to: Address = message.to.trim().parse().map_err(|error| {
        SendError::Permanent(format!(
            "the recipient is not a valid e-mail address: {error}"
        ))
    })?;
    let builder = lettre::Message::builder()
        .from(from.clone())
        .to(Mailbox::new(None, to))
        .subject(one_line(&message.subject))
        .message_id(Some(message_id(message.outbox_id, from.email.domain())))
        .header(AutoSubmitted)
        // Built when sent, so `Date` is the time of sending, not of the order.
        .date_now();
    let text = part(ContentType::TEXT_PLAIN, &message.text);
    let built = match &message.html {
        Some(html) => builder.multipart(
            MultiPart::alternative()
                .singlepart(text)
                .singlepart(part(ContentType::TEXT_HTML, html)),
        ),
        None => builder.singlepart(text),
    };
    built.map_err(|error| SendError::Permanent(format!("cannot build the message: {error}")))
}

/// A UTF-8 part in quoted-printable: readable in the raw message, safe for 7-bit servers.
fn part(content_type: ContentType, body: &str) -> SinglePart {
    SinglePart::builder()
        .header(content_type)
        .header(ContentTransferEncoding::QuotedPrintable)
        .body(body.replace("\r\n", "\n").replace('\n', "\r\n"))
}

/// `subject` on one line: a header cannot hold line breaks.
fn one_line(subject: &str) -> String {
    subject.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl SmtpMailer {
    /// What a failure of lettre's means for the outbox. Its errors carry the server's reply,
    /// never the message or credentials.
    fn classify(&self, error: &lettre::transport::smtp::Error) -> SendError {
        let text = format!("SMTP server {}: {error}", self.host);
        // 421: the server is closing the connection (shutting down, overloaded): it is away,
        // whatever the message (RFC 5321, 4.2.3).
        let closing = error.status().is_some_and(|code| code.to_string() == "421");
        if closing {
            SendError::Unreachable(text)
        } else if error.is_permanent() {
            SendError::Permanent(text)
        } else if error.is_transient() {
            SendError::Transient(text)
        } else {
            // No proper reply: refused, unreachable, timed out, TLS, the connection broke, or
            // an answer cut off ("incomplete response": the server went away mid-reply).
            SendError::Unreachable(text)
        }
    }
}

impl MailTransport for SmtpMailer {
    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            let mime = self.build(message)?;
            match self.transport.send(mime).await {
                Ok(_response) => Ok(()),
                Err(error) => Err(self.classify(&error)),
            }
        })
    }

    fn check(&self) -> BoxFuture<'_, Option<Result<(), SendError>>> {
        Box::pin(async move {
            Some(match self.transport.test_connection().await {
                Ok(true) => Ok(()),
                Ok(false) => Err(SendError::Unreachable(format!(
                    "SMTP server {}: no answer to NOOP",
                    self.host
                ))),
                Err(error) => Err(self.classify(&error)),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(html: Option<&str>) -> Message {
        Message {
            outbox_id: 42,
            to: "jan@voorbeeld.nl".into(),
            subject: "Uw aanvraag\r\nBcc: iedereen@example.nl".into(),
            text: "Hallo Jan,\nklik op de link.".into(),
            html: html.map(str::to_owned),
        }
    }

    fn from() -> Mailbox {
        "Middelpunt <noreply@middelpunt.localhost>".parse().unwrap()
    }

    #[test]
    fn a_mail_with_html_is_multipart_alternative_with_a_stable_message_id() {
        let raw = build_message(&from(), &message(Some("<p>Hallo Jan</p>")))
            .unwrap()
            .formatted();
        let raw = String::from_utf8(raw).unwrap();
        assert!(
            raw.contains("Message-ID: <outbox.42@middelpunt.localhost>"),
            "{raw}"
        );
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(raw.contains("text/plain; charset=utf-8"), "{raw}");
        assert!(raw.contains("text/html; charset=utf-8"), "{raw}");
        assert!(raw.contains("To: jan@voorbeeld.nl"), "{raw}");
        // The subject stays one header: no injected Bcc.
        assert!(
            raw.contains("Subject: Uw aanvraag Bcc: iedereen@example.nl"),
            "{raw}"
        );
        assert!(!raw.contains("\r\nBcc:"), "{raw}");
    }

    #[test]
    fn a_mail_without_html_is_plain_text_and_a_bad_address_is_permanent() {
        let raw =
            String::from_utf8(build_message(&from(), &message(None)).unwrap().formatted()).unwrap();
        assert!(!raw.contains("multipart"), "{raw}");
        assert!(raw.contains("Hallo Jan,\r\nklik op de link."), "{raw}");

        let mut bad = message(None);
        bad.to = "geen adres".into();
        assert!(build_message(&from(), &bad).unwrap_err().is_permanent());
    }
}
