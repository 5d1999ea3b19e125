//! The development mailbox: a transport for e-mail and SMS that keeps every delivered message
//! in the `dev_messages` table instead of sending it, so a developer (and the browser tests)
//! can read the invitations and codes at `GET /api/v1/dev/messages` (the SPA shows them at
//! `/dev/berichten`). In the database, so it survives restarts and every instance sees it.
//!
//! A message keeps its outbox id: delivering the same outbox message again (after a crash
//! between sending and recording it) stores it once, as a mail client would by `Message-ID`.

use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use super::{BoxFuture, MailTransport, Message, SendError, SmsMessage, SmsTransport};
use crate::outbox::{Kind, unix_now};

/// The most messages one listing answers.
pub const MAX_LIST: u32 = 500;

/// Keeps messages in `dev_messages`.
#[derive(Debug, Clone)]
pub struct DevMailbox {
    db: AnyPool,
}

/// A message in the development mailbox, as the API shows it.
pub use api::dev::DevMessage;

impl DevMailbox {
    pub fn new(db: AnyPool) -> DevMailbox {
        DevMailbox { db }
    }

    async fn store(&self, message: DevMessage) -> Result<(), SendError> {
        sqlx::query(
            "INSERT INTO dev_messages (id, kind, recipient, subject, body_text, body_html, sent_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
        )
        .bind(message.id)
        .bind(message.kind.as_str())
        .bind(message.recipient)
        .bind(message.subject)
        .bind(message.text)
        .bind(message.html)
        .bind(message.sent_at)
        .execute(&self.db)
        .await
        .map(|_| ())
        .map_err(|error| SendError::Transient(format!("development mailbox: {error}")))
    }
}

impl MailTransport for DevMailbox {
    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(self.store(DevMessage {
            id: message.outbox_id,
            kind: Kind::Email,
            recipient: message.to.clone(),
            subject: Some(message.subject.clone()),
            text: message.text.clone(),
            html: message.html.clone(),
            sent_at: unix_now(),
        }))
    }
}

impl SmsTransport for DevMailbox {
    fn send<'a>(&'a self, message: &'a SmsMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(self.store(DevMessage {
            id: message.outbox_id,
            kind: Kind::Sms,
            recipient: message.to.clone(),
            subject: None,
            text: message.text.clone(),
            html: None,
            sent_at: unix_now(),
        }))
    }
}

const COLUMNS: &str = "id, kind, recipient, subject, body_text, body_html, sent_at";

fn from_row(row: &AnyRow) -> Result<DevMessage, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    Ok(DevMessage {
        id: row.try_get("id")?,
        kind: Kind::parse(&kind).ok_or_else(|| sqlx::Error::ColumnDecode {
            index: "kind".to_owned(),
            source: format!("unknown message kind {kind:?}").into(),
        })?,
        recipient: row.try_get("recipient")?,
        subject: row.try_get("subject")?,
        text: row.try_get("body_text")?,
        html: row.try_get("body_html")?,
        sent_at: row.try_get("sent_at")?,
    })
}

/// The newest `limit` messages (at most [`MAX_LIST`]), newest first; only those to `recipient`
/// (compared without regard to case) when given.
pub async fn list(
    db: &AnyPool,
    recipient: Option<&str>,
    limit: u32,
) -> Result<Vec<DevMessage>, sqlx::Error> {
    let limit = i64::from(limit.clamp(1, MAX_LIST));
    let rows = match recipient {
        Some(recipient) => {
            sqlx::query(&format!(
                "SELECT {COLUMNS} FROM dev_messages WHERE LOWER(recipient) = LOWER($1) \
                 ORDER BY sent_at DESC, id DESC LIMIT $2"
            ))
            .bind(recipient.trim())
            .bind(limit)
            .fetch_all(db)
            .await?
        }
        None => {
            sqlx::query(&format!(
                "SELECT {COLUMNS} FROM dev_messages ORDER BY sent_at DESC, id DESC LIMIT $1"
            ))
            .bind(limit)
            .fetch_all(db)
            .await?
        }
    };
    rows.iter().map(from_row).collect()
}

/// The message with outbox id `id`, if it was delivered to the mailbox.
pub async fn get(db: &AnyPool, id: i64) -> Result<Option<DevMessage>, sqlx::Error> {
    sqlx::query(&format!("SELECT {COLUMNS} FROM dev_messages WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}
