//! Delivering API clients' webhook calls (outbox kind `webhook`, see
//! [`crate::clients::webhooks`]): the payload is `POST`ed to the client's current URL, read at
//! delivery, signed like Stripe's:
//!
//! ```text
//! Content-Type: application/json
//! Middelpunt-Event: request.issued
//! Middelpunt-Delivery: whd_…
//! Middelpunt-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(signing secret, "<t>.<body>")>
//! ```
//!
//! A 2xx answer is a delivery; any other answer, or none, is tried again by the outbox (its
//! backoff for webhooks). A client whose webhook was removed, or that was revoked, gets nothing
//! more: the message is given up at once. The outcome is recorded on the client
//! (`webhook_last_*`, `webhook_failures`), for the manager's page.

use std::path::Path;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::AnyPool;

use super::SendError;

/// How long one call may take, connection included.
const TIMEOUT: Duration = Duration::from_secs(10);

/// One webhook call to deliver, as the outbox hands it over.
#[derive(Debug, Clone)]
pub struct WebhookCall<'a> {
    /// The client (the outbox row's recipient).
    pub client_id: &'a str,
    /// `request.issued`, … (the row's subject).
    pub event_type: &'a str,
    /// `whd_…`.
    pub delivery_id: &'a str,
    /// The JSON payload, signed as is.
    pub body: &'a str,
}

/// Why the webhook client could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum WebhookSetupError {
    #[error("cannot read the webhook CA file {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the webhook CA file {path} holds no PEM certificate: {source}")]
    Certificate {
        path: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("cannot build the webhook HTTP client: {0}")]
    Client(#[source] reqwest::Error),
}

/// The HTTP client of webhook calls: the outbound guards (timeouts, no redirects), and the
/// extra root certificate of `MIDDELPUNT_WEBHOOK_CA_FILE` when set. Cheap to clone.
#[derive(Debug, Clone)]
pub struct WebhookClient {
    http: reqwest::Client,
}

impl WebhookClient {
    /// The client, trusting also the PEM certificate(s) in `ca_file`.
    pub fn new(ca_file: Option<&Path>) -> Result<WebhookClient, WebhookSetupError> {
        let mut builder = crate::outbound::builder(TIMEOUT);
        if let Some(path) = ca_file {
            let shown = path.display().to_string();
            let pem = std::fs::read(path).map_err(|source| WebhookSetupError::Read {
                path: shown.clone(),
                source,
            })?;
            let certificates = reqwest::Certificate::from_pem_bundle(&pem).map_err(|source| {
                WebhookSetupError::Certificate {
                    path: shown.clone(),
                    source,
                }
            })?;
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        Ok(WebhookClient {
            http: builder.build().map_err(WebhookSetupError::Client)?,
        })
    }

    /// Delivers `call` to its client's current webhook, recording the outcome on the client.
    pub async fn deliver(&self, db: &AnyPool, call: &WebhookCall<'_>) -> Result<(), SendError> {
        let target: Option<(Option<String>, Option<String>, Option<i64>)> = sqlx::query_as(
            "SELECT webhook_url, webhook_secret, revoked_at FROM api_clients WHERE id = $1",
        )
        .bind(call.client_id)
        .fetch_optional(db)
        .await
        .map_err(|error| SendError::Transient(format!("cannot read the client: {error}")))?;
        let (url, secret) = match target {
            Some((Some(url), Some(secret), None)) => (url, secret),
            _ => {
                return Err(SendError::Permanent(
                    "the client's webhook was removed, or the client revoked".to_owned(),
                ));
            }
        };
        let now = crate::clock::unix_now();
        let signature = signature(&secret, now, call.body);
        let sent = self
            .http
            .post(&url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("Middelpunt-Event", call.event_type)
            .header("Middelpunt-Delivery", call.delivery_id)
            .header("Middelpunt-Signature", signature)
            .body(call.body.to_owned())
            .send()
            .await;
        let (status, outcome) = match sent {
            Ok(response) if response.status().is_success() => {
                (Some(response.status().as_u16()), Ok(()))
            }
            Ok(response) => {
                let status = response.status().as_u16();
                let error = SendError::Transient(format!("the receiver answered {status}"));
                (Some(status), Err(error))
            }
            // Not `Unreachable`: one client's receiver being away says nothing of the others.
            Err(error) => (
                None,
                Err(SendError::Transient(format!(
                    "no answer from the receiver: {}",
                    without_url(&error)
                ))),
            ),
        };
        let recorded = if outcome.is_ok() {
            sqlx::query(
                "UPDATE api_clients SET webhook_last_at = $1, webhook_last_status = $2, \
                 webhook_last_outcome = 'delivered', webhook_failures = 0 WHERE id = $3",
            )
        } else {
            sqlx::query(
                "UPDATE api_clients SET webhook_last_at = $1, webhook_last_status = $2, \
                 webhook_last_outcome = 'failed', webhook_failures = webhook_failures + 1 \
                 WHERE id = $3",
            )
        }
        .bind(now)
        .bind(status.map(i64::from))
        .bind(call.client_id)
        .execute(db)
        .await;
        if let Err(error) = recorded {
            tracing::warn!(client = %call.client_id, %error, "cannot record a webhook delivery");
        }
        outcome
    }
}

/// `t=<at>,v1=<hex HMAC-SHA256(secret, "<at>.<body>")>`.
pub fn signature(secret: &str, at: i64, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(format!("{at}.").as_bytes());
    mac.update(body.as_bytes());
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("t={at},v1={hex}")
}

/// The error's text without its URL (it may hold a path the client considers secret).
fn without_url(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "cannot connect"
    } else if error.is_redirect() {
        "redirected (not followed)"
    } else {
        "request failed"
    };
    match std::error::Error::source(error) {
        Some(source) => format!("{kind}: {source}"),
        None => kind.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_stripes_scheme() {
        // HMAC-SHA256("whsec_test", "1700000000.{}"), computed with openssl.
        assert_eq!(
            signature("whsec_test", 1_700_000_000, "{}"),
            "t=1700000000,v1=35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
        );
    }
}
