//! `/api/v1/dev/messages…`: the development mailbox (e-mail and SMS the server "sent" without
//! sending), routed only when `MIDDELPUNT_DEV_MAILBOX` is on.

use serde::{Deserialize, Serialize};

use crate::MessageKind;

/// The query of the listing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct ListQuery {
    /// Only messages to this e-mail address or mobile number (case-insensitive).
    pub recipient: Option<String>,
    /// At most this many (1–500, default 100).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<u32>,
}

/// The listing: `{"messages": [...]}`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageList {
    /// The messages.
    pub messages: Vec<DevMessage>,
}

/// A message in the development mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DevMessage {
    /// The outbox id.
    pub id: i64,
    /// E-mail or SMS.
    pub kind: MessageKind,
    /// E-mail address or mobile number.
    pub recipient: String,
    /// E-mail only.
    pub subject: Option<String>,
    /// The plain text (the SMS itself, or the mail's text part).
    pub text: String,
    /// The mail's HTML part, if any.
    pub html: Option<String>,
    /// When it was delivered to the mailbox, unix seconds.
    pub sent_at: i64,
}
