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
//!
//! The server must not be usable to reach the provider's own network: the URL's host name is
//! resolved at every call ([`HostLookup`]), and when any of its addresses is internal
//! ([`crate::clients::webhooks::internal_ip`]; loopback is allowed) the call is refused
//! (outcome `refused`) before any connection. The connection goes to exactly the addresses
//! that were checked (the check is the HTTP client's DNS resolver), so a name that changes its
//! answer between check and call (DNS rebinding) gains nothing. Webhook calls never go through
//! an HTTP proxy (`HTTPS_PROXY`): the proxy would resolve the name itself.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::AnyPool;

use api::clients::WebhookOutcome;

use super::{BoxFuture, SendError};
use crate::clients::webhooks::internal_ip;

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

/// Finds the addresses of a webhook's host name: the system's resolver ([`SystemLookup`]), or
/// a test's table.
pub trait HostLookup: Send + Sync {
    /// The addresses of `host` (a name, never an IP literal).
    fn lookup<'a>(&'a self, host: &'a str) -> BoxFuture<'a, std::io::Result<Vec<IpAddr>>>;
}

/// The system's resolver (`getaddrinfo`, as every other outgoing call uses).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemLookup;

impl HostLookup for SystemLookup {
    fn lookup<'a>(&'a self, host: &'a str) -> BoxFuture<'a, std::io::Result<Vec<IpAddr>>> {
        Box::pin(async move {
            let found = tokio::net::lookup_host((host, 0)).await?;
            Ok(found.map(|address| address.ip()).collect())
        })
    }
}

/// Why a webhook call was not made: its host is (or resolves to) an internal address.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{host} resolves to {address}, an address of an internal network: not called")]
pub struct InternalAddress {
    /// The URL's host.
    pub host: String,
    /// The first internal address it resolved to.
    pub address: IpAddr,
}

/// The webhook client's DNS resolver: the lookup's addresses when none is internal, else
/// [`InternalAddress`]. The HTTP client connects only to what this answers.
struct CheckedResolver {
    lookup: Arc<dyn HostLookup>,
}

impl reqwest::dns::Resolve for CheckedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(checked(self.lookup.clone(), name.as_str().to_owned()))
    }
}

/// The addresses of `host` by `lookup`, none of them internal.
async fn checked(
    lookup: Arc<dyn HostLookup>,
    host: String,
) -> Result<reqwest::dns::Addrs, Box<dyn std::error::Error + Send + Sync>> {
    let addresses = lookup.lookup(&host).await?;
    if let Some(&address) = addresses.iter().find(|ip| internal_ip(**ip)) {
        return Err(Box::new(InternalAddress { host, address }));
    }
    if addresses.is_empty() {
        let error = std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{host} has no address"),
        );
        return Err(Box::new(error));
    }
    // Port 0: the HTTP client puts the URL's port (or the scheme's) in.
    let addresses: Vec<SocketAddr> = addresses
        .into_iter()
        .map(|ip| SocketAddr::new(ip, 0))
        .collect();
    Ok(Box::new(addresses.into_iter()))
}

/// The HTTP client of webhook calls: the outbound guards (timeouts, no redirects), the check of
/// every address a host resolves to ([`HostLookup`]), and the extra root certificate of
/// `MIDDELPUNT_WEBHOOK_CA_FILE` when set. Cheap to clone.
#[derive(Debug, Clone)]
pub struct WebhookClient {
    http: reqwest::Client,
}

impl WebhookClient {
    /// The client, trusting also the PEM certificate(s) in `ca_file`, resolving names with the
    /// system's resolver.
    pub fn new(ca_file: Option<&Path>) -> Result<WebhookClient, WebhookSetupError> {
        WebhookClient::with_lookup(ca_file, Arc::new(SystemLookup))
    }

    /// The client, resolving host names with `lookup` (a test's), each address checked.
    pub fn with_lookup(
        ca_file: Option<&Path>,
        lookup: Arc<dyn HostLookup>,
    ) -> Result<WebhookClient, WebhookSetupError> {
        let mut builder = crate::outbound::builder(TIMEOUT)
            .no_proxy()
            .dns_resolver(Arc::new(CheckedResolver { lookup }));
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
        // An IP literal is not resolved, so the resolver never sees it: checked here (it was
        // when the URL was set; the rule may have grown since).
        if let Some(refused) = internal_literal(&url) {
            return record(db, call.client_id, now, Outcome::Refused(refused)).await;
        }
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
        let outcome = match sent {
            Ok(response) => Outcome::Answered(response.status().as_u16()),
            Err(error) => match refusal(&error) {
                Some(refused) => Outcome::Refused(refused.clone()),
                None => Outcome::NoAnswer(without_url(&error)),
            },
        };
        record(db, call.client_id, now, outcome).await
    }
}

/// How a call went.
enum Outcome {
    /// The receiver answered with this status.
    Answered(u16),
    /// No answer: the text of the error, without the URL.
    NoAnswer(String),
    /// Not called: the host is internal.
    Refused(InternalAddress),
}

/// Records `outcome` on client `client_id` (for the manager's page) and answers it as the
/// outbox takes it: a 2xx is a delivery, anything else is tried again.
async fn record(
    db: &AnyPool,
    client_id: &str,
    now: i64,
    outcome: Outcome,
) -> Result<(), SendError> {
    let (status, word, result) = match outcome {
        Outcome::Answered(status) if (200..300).contains(&status) => {
            (Some(status), WebhookOutcome::Delivered, Ok(()))
        }
        Outcome::Answered(status) => {
            let error = SendError::Transient(format!("the receiver answered {status}"));
            (Some(status), WebhookOutcome::Failed, Err(error))
        }
        // Not `Unreachable`: one client's receiver being away says nothing of the others.
        Outcome::NoAnswer(error) => {
            let error = SendError::Transient(format!("no answer from the receiver: {error}"));
            (None, WebhookOutcome::Failed, Err(error))
        }
        // Tried again: the name may point elsewhere later (a fixed DNS record); each attempt
        // is checked again.
        Outcome::Refused(refused) => {
            tracing::warn!(client = %client_id, host = %refused.host, address = %refused.address,
                "webhook call refused: its host is an internal address");
            let error = SendError::Transient(format!("refused: {refused}"));
            (None, WebhookOutcome::Refused, Err(error))
        }
    };
    let recorded = if result.is_ok() {
        sqlx::query(
            "UPDATE api_clients SET webhook_last_at = $1, webhook_last_status = $2, \
             webhook_last_outcome = $3, webhook_failures = 0 WHERE id = $4",
        )
    } else {
        sqlx::query(
            "UPDATE api_clients SET webhook_last_at = $1, webhook_last_status = $2, \
             webhook_last_outcome = $3, webhook_failures = webhook_failures + 1 WHERE id = $4",
        )
    }
    .bind(now)
    .bind(status.map(i64::from))
    .bind(word.as_str())
    .bind(client_id)
    .execute(db)
    .await;
    if let Err(error) = recorded {
        tracing::warn!(client = %client_id, %error, "cannot record a webhook delivery");
    }
    result
}

/// The refusal of `url` when its host is an IP literal of an internal network.
fn internal_literal(url: &str) -> Option<InternalAddress> {
    let parsed = reqwest::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    let address = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
        .ok()?;
    internal_ip(address).then(|| InternalAddress {
        host: host.to_owned(),
        address,
    })
}

/// The resolver's refusal behind `error`, if that is why the call failed.
fn refusal(error: &reqwest::Error) -> Option<&InternalAddress> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = source {
        if let Some(refused) = current.downcast_ref::<InternalAddress>() {
            return Some(refused);
        }
        source = current.source();
    }
    None
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
    fn an_internal_ip_literal_is_refused_at_delivery_and_loopback_is_not() {
        for internal in [
            "https://10.0.0.1/hook",
            "https://169.254.169.254/latest",
            "https://[fd00::1]:8443/hook",
            "https://[::ffff:127.0.0.1]/hook",
        ] {
            assert!(internal_literal(internal).is_some(), "{internal}");
        }
        for allowed in [
            "https://127.0.0.1:8443/hook",
            "http://[::1]/hook",
            "https://8.8.8.8/hook",
            "https://hr.example.com/hook",
        ] {
            assert!(internal_literal(allowed).is_none(), "{allowed}");
        }
    }

    #[test]
    fn the_signature_is_stripes_scheme() {
        // HMAC-SHA256("whsec_test", "1700000000.{}"), computed with openssl.
        assert_eq!(
            signature("whsec_test", 1_700_000_000, "{}"),
            "t=1700000000,v1=35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
        );
    }
}
