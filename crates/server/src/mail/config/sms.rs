//! The SMS gateway part of the mail configuration: its URL, API key and sender
//! (`MIDDELPUNT_SMS_*`), each checked so that no secret reaches a log.

use std::net::IpAddr;

use reqwest::Url;
use reqwest::header::HeaderValue;

use super::{
    DEFAULT_SMS_SENDER, MAX_ALPHANUMERIC_SENDER, MailConfigError, SMS_GATEWAY_KEY, SMS_GATEWAY_URL,
    SMS_SENDER, trimmed,
};
use crate::config::ApiKey;

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

/// The HTTP SMS gateway, when `MIDDELPUNT_SMS_GATEWAY_URL` and `MIDDELPUNT_SMS_GATEWAY_KEY` are
/// set; `None` when neither is (nor the sender).
pub(super) fn gateway(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<SmsGatewayConfig>, MailConfigError> {
    let value = |var: &str| trimmed(get, var);
    Ok(match (value(SMS_GATEWAY_URL), value(SMS_GATEWAY_KEY)) {
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
    })
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
