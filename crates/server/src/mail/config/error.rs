//! What can be wrong with the mail configuration.

use super::{
    DEV_MAILBOX, MAIL_FROM, SMS_GATEWAY_KEY, SMS_GATEWAY_URL, SMS_SENDER, SMTP_HOST, SMTP_TLS,
};

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
        "{SMTP_HOST} is not set, so e-mail has nowhere to go: set it to an SMTP server. Only for development or a demo, {DEV_MAILBOX}=true (or MIDDELPUNT_DEMO=true) keeps every message in a mailbox that anyone who reaches the server can read"
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
    #[error(
        "{SMTP_TLS}=none sends the invitation links and the SMTP password unencrypted, so it is only for a relay on this machine (localhost, 127.0.0.1 or ::1), not {host:?}: use starttls or tls"
    )]
    Unencrypted { host: String },
    #[error(
        "{MAIL_FROM} is {from:?}, a sender no mail server outside this machine accepts, while {SMTP_HOST}={host:?}: set {MAIL_FROM} to an address of your own domain, such as \"Middelpunt <noreply@example.nl>\""
    )]
    LocalSender { from: String, host: String },
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
            MailConfigError::NowhereToGo => SMTP_HOST,
            MailConfigError::GatewayUrl { .. } => SMS_GATEWAY_URL,
            MailConfigError::GatewayKey { .. } => SMS_GATEWAY_KEY,
            MailConfigError::Sender { .. } => SMS_SENDER,
            MailConfigError::Unencrypted { .. } => SMTP_TLS,
            MailConfigError::LocalSender { .. } => MAIL_FROM,
        }
    }
}
