//! [`HttpSmsGateway`]: SMS through an HTTP gateway, configured by `MIDDELPUNT_SMS_GATEWAY_URL`,
//! `MIDDELPUNT_SMS_GATEWAY_KEY` and `MIDDELPUNT_SMS_SENDER` ([`SmsGatewayConfig`]).
//!
//! One SMS is one request:
//!
//! ```text
//! POST {MIDDELPUNT_SMS_GATEWAY_URL}
//! Authorization: Bearer {MIDDELPUNT_SMS_GATEWAY_KEY}
//! Idempotency-Key: outbox-{outbox_id}
//! Content-Type: application/json
//!
//! {"to": "+31612345678", "from": "Middelpunt", "text": "…", "reference": "outbox-{outbox_id}"}
//! ```
//!
//! The idempotency key names the outbox message, so it is the same on every attempt: when an
//! answer is lost (a timeout after the gateway accepted) and the outbox tries again, the gateway
//! recognises the repeat instead of sending the SMS twice.
//!
//! Answers: 2xx is delivered. 408, 425, 429, 5xx, no connection and no answer within
//! [`HttpSmsGateway::TIMEOUT`] are [`SendError::Transient`] (the outbox tries again later); every
//! other answer (400, 401, 403, 404, 422, a redirect, …) is [`SendError::Permanent`]. Error texts
//! name the gateway and the status, never the number, the text, the key or the answer's body
//! (a gateway may echo the number in it). Redirects are not followed: they would carry the key
//! elsewhere.

use std::error::Error as _;
use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderValue, RETRY_AFTER};
use reqwest::{StatusCode, Url};
use serde::Serialize;

use super::config::SmsGatewayConfig;
use super::{BoxFuture, SendError, SmsMessage, SmsTransport};

/// A client of the HTTP SMS gateway. `Debug` leaves the key out.
#[derive(Clone)]
pub struct HttpSmsGateway {
    http: reqwest::Client,
    url: Url,
    authorization: HeaderValue,
    sender: String,
    timeout: Duration,
}

impl fmt::Debug for HttpSmsGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpSmsGateway")
            .field("url", &self.url.as_str())
            .field("sender", &self.sender)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// Why the gateway's client could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SmsGatewaySetupError {
    /// The key cannot go into a header (a [`SmsGatewayConfig`] from the environment always can).
    #[error("the SMS gateway's API key cannot go into an HTTP header")]
    InvalidKey,
    #[error("cannot set up the HTTP client for the SMS gateway: {0}")]
    Client(#[from] reqwest::Error),
}

/// The JSON body of one request.
#[derive(Serialize)]
struct SmsRequest<'a> {
    to: &'a str,
    from: &'a str,
    text: &'a str,
    reference: &'a str,
}

impl HttpSmsGateway {
    /// How long one request may take, connecting included.
    pub const TIMEOUT: Duration = Duration::from_secs(10);

    /// A client of the gateway `config` names.
    pub fn new(config: &SmsGatewayConfig) -> Result<HttpSmsGateway, SmsGatewaySetupError> {
        HttpSmsGateway::with_timeout(config, HttpSmsGateway::TIMEOUT)
    }

    /// [`HttpSmsGateway::new`] with another timeout (tests).
    pub fn with_timeout(
        config: &SmsGatewayConfig,
        timeout: Duration,
    ) -> Result<HttpSmsGateway, SmsGatewaySetupError> {
        let authorization =
            crate::outbound::secret_header(&format!("Bearer {}", config.api_key().expose()))
                .map_err(|_| SmsGatewaySetupError::InvalidKey)?;
        let http = crate::outbound::client(timeout)?;
        Ok(HttpSmsGateway {
            http,
            url: config.url().clone(),
            authorization,
            sender: config.sender().to_owned(),
            timeout,
        })
    }

    /// The idempotency key and reference of outbox message `outbox_id`: `outbox-{outbox_id}`.
    pub fn reference(outbox_id: i64) -> String {
        format!("outbox-{outbox_id}")
    }

    /// Sends `message`; `Ok` once the gateway answered 2xx.
    pub async fn deliver(&self, message: &SmsMessage) -> Result<(), SendError> {
        let reference = HttpSmsGateway::reference(message.outbox_id);
        let body = SmsRequest {
            to: &message.to,
            from: &self.sender,
            text: &message.text,
            reference: &reference,
        };
        let response = self
            .http
            .post(self.url.clone())
            .header(AUTHORIZATION, self.authorization.clone())
            .header("idempotency-key", &reference)
            .header("accept", "application/json")
            .json(&body)
            .send()
            .await
            .map_err(|error| self.transport_error(&error))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok());
        // Read the answer so the connection can be used again; its content is not needed (and
        // may repeat the number, so it never goes into an error).
        let _ = response.bytes().await;
        classify(&self.url, status, retry_after)
    }

    fn transport_error(&self, error: &reqwest::Error) -> SendError {
        let url = self.url.as_str();
        if error.is_timeout() {
            return SendError::Transient(format!(
                "SMS gateway {url}: no answer within {} ms",
                self.timeout.as_millis()
            ));
        }
        // The causes (connection refused, a TLS failure, …) without reqwest's own line, which
        // only repeats the URL. None of them holds the request.
        let mut causes = Vec::new();
        let mut source = error.source();
        while let Some(cause) = source {
            causes.push(cause.to_string());
            source = cause.source();
        }
        causes.dedup();
        let what = if error.is_connect() {
            "cannot connect"
        } else {
            "the request failed"
        };
        let text = if causes.is_empty() {
            format!("SMS gateway {url}: {what}")
        } else {
            format!("SMS gateway {url}: {what}: {}", causes.join(": "))
        };
        if error.is_connect() {
            SendError::Unreachable(text)
        } else {
            SendError::Transient(text)
        }
    }
}

/// What the gateway's answer `status` means for the outbox.
fn classify(url: &Url, status: StatusCode, retry_after: Option<u64>) -> Result<(), SendError> {
    if status.is_success() {
        return Ok(());
    }
    let url = url.as_str();
    let transient = status.is_server_error()
        || matches!(
            status,
            StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_EARLY | StatusCode::TOO_MANY_REQUESTS
        );
    if transient {
        let retry = retry_after
            .map(|secs| format!(" (Retry-After: {secs} s)"))
            .unwrap_or_default();
        Err(SendError::Transient(format!(
            "SMS gateway {url} answered {status}{retry}"
        )))
    } else if status.is_redirection() {
        Err(SendError::Permanent(format!(
            "SMS gateway {url} answered {status}: redirects are not followed; set \
             MIDDELPUNT_SMS_GATEWAY_URL to the final address"
        )))
    } else {
        Err(SendError::Permanent(format!(
            "SMS gateway {url} refused the message: {status}"
        )))
    }
}

impl SmsTransport for HttpSmsGateway {
    fn send<'a>(&'a self, message: &'a SmsMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(self.deliver(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SmsGatewayConfig {
        SmsGatewayConfig::new(
            "https://sms.example.nl/v1/messages",
            "geheime-sleutel",
            "Middelpunt",
        )
        .unwrap()
    }

    #[test]
    fn statuses_are_sorted_into_transient_and_permanent() {
        let url = config().url().clone();
        for code in [200, 201, 202, 204] {
            let status = StatusCode::from_u16(code).unwrap();
            assert_eq!(classify(&url, status, None), Ok(()), "{code}");
        }
        for code in [408, 425, 429, 500, 502, 503, 504] {
            let status = StatusCode::from_u16(code).unwrap();
            let error = classify(&url, status, None).unwrap_err();
            assert!(!error.is_permanent(), "{code}: {error}");
            assert!(error.to_string().contains(&code.to_string()), "{error}");
        }
        for code in [301, 302, 400, 401, 403, 404, 410, 413, 422] {
            let status = StatusCode::from_u16(code).unwrap();
            let error = classify(&url, status, None).unwrap_err();
            assert!(error.is_permanent(), "{code}: {error}");
            assert!(error.to_string().contains(&code.to_string()), "{error}");
        }
        let error = classify(&url, StatusCode::TOO_MANY_REQUESTS, Some(30)).unwrap_err();
        assert!(error.to_string().contains("Retry-After: 30 s"), "{error}");
    }

    #[test]
    fn debug_hides_the_key() {
        let gateway = HttpSmsGateway::new(&config()).unwrap();
        let debug = format!("{gateway:?}");
        assert!(!debug.contains("geheime-sleutel"), "{debug}");
        assert!(debug.contains("sms.example.nl"), "{debug}");
        assert!(gateway.authorization.is_sensitive());
    }

    #[test]
    fn the_body_has_the_documented_fields() {
        let body = SmsRequest {
            to: "+31612345678",
            from: "Middelpunt",
            text: "Uw code is 123456",
            reference: &HttpSmsGateway::reference(42),
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({
                "to": "+31612345678",
                "from": "Middelpunt",
                "text": "Uw code is 123456",
                "reference": "outbox-42",
            })
        );
    }
}
