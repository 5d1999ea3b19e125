//! [`KvkApiClient`]: KvK's API (Basisprofiel v1), <https://developers.kvk.nl/documentation>.
//!
//! One organisation takes two calls, with header `apikey`:
//!
//! 1. `GET {base}/v1/basisprofielen/{kvkNummer}`: `naam`, `materieleRegistratie.datumEinde`,
//!    `_embedded.eigenaar.rechtsvorm` / `uitgebreideRechtsvorm` / `datumUitschrijving`, and
//!    `_embedded.hoofdvestiging` with its `vestigingsnummer`,
//!    `eersteHandelsnaam` and `adressen[{type, indAfgeschermd, straatnaam, huisnummer, huisletter,
//!    huisnummerToevoeging, postcode, postbusnummer, plaats, land}]`. Organisations without a
//!    main branch (a VvE, a stichting without activities) have their addresses on `eigenaar`.
//! 2. `GET {base}/v1/basisprofielen/{kvkNummer}/vestigingen`: every branch with
//!    `vestigingsnummer`, `eersteHandelsnaam`, `indHoofdvestiging`, `indAdresAfgeschermd` and
//!    `volledigAdres` (one padded line, read back into its parts).
//!
//! An address is given out only when KvK says it is not shielded (`indAfgeschermd: "Nee"`).
//! The organisation has ended on the earlier of `datumEinde` (the organisation ended) and
//! `datumUitschrijving` (its owner was deregistered) that has come: dates are `yyyymmdd`, with
//! `00` for an unknown month or day, read into a [`domain::RegisterDate`] (another form is an answer
//! not as documented).
//! 404 is [`KvkError::NotFound`], unless its `fout` says the data is temporarily unavailable
//! (IPD1002, IPD1003): then, like no connection, no answer within [`KvkApiClient::TIMEOUT`], a
//! 5xx, a 429 or a `fout` answer (KvK's error scenarios), it is [`KvkError::Unavailable`], also
//! on the branch list, whose branches are never silently dropped. 401 and 403 are
//! [`KvkError::KeyRefused`]; anything else is [`KvkError::InvalidResponse`]. The API key is never logged: the header is
//! marked sensitive and the client's `Debug` leaves it out. [`basisprofiel`] reads the answers.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode};
use domain::kvk::KvkNumber;
use domain::organisation::Organisation;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{KvkError, KvkRegister, KvkSetupError, OrganisationFuture};
use crate::clock::{today, unix_now};
use crate::config::ApiKey;
use basisprofiel::{Basisprofiel, VestigingList, organisation};

mod basisprofiel;

/// A client of KvK's API.
#[derive(Clone)]
pub struct KvkApiClient {
    http: reqwest::Client,
    base_url: String,
    api_key: HeaderValue,
    timeout: Duration,
}

impl fmt::Debug for KvkApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KvkApiClient")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl KvkApiClient {
    /// How long one call may take, connecting included.
    pub const TIMEOUT: Duration = Duration::from_secs(5);

    /// A client of the API at `base_url` (e.g. `https://api.kvk.nl/test/api`).
    pub fn new(base_url: &str, api_key: ApiKey) -> Result<KvkApiClient, KvkSetupError> {
        KvkApiClient::with_timeout(base_url, api_key, KvkApiClient::TIMEOUT)
    }

    /// [`KvkApiClient::new`] with another timeout (tests).
    pub fn with_timeout(
        base_url: &str,
        api_key: ApiKey,
        timeout: Duration,
    ) -> Result<KvkApiClient, KvkSetupError> {
        let api_key = crate::outbound::secret_header(api_key.expose())
            .map_err(|_| KvkSetupError::InvalidApiKey)?;
        let http = crate::outbound::client(timeout)?;
        Ok(KvkApiClient {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_key,
            timeout,
        })
    }

    /// The organisation with `kvk_number` and its branches.
    pub async fn fetch(&self, kvk_number: &KvkNumber) -> Result<Organisation, KvkError> {
        let profile_url = format!("{}/v1/basisprofielen/{kvk_number}", self.base_url);
        let profile: Basisprofiel = self.get_json(&profile_url).await?;
        // Paid per call: the branch list only for an organisation that exists.
        let branches_url = format!("{profile_url}/vestigingen");
        let branches = match self.get_json::<VestigingList>(&branches_url).await {
            Ok(list) => list.vestigingen,
            // An organisation without branches.
            Err(KvkError::NotFound) => Vec::new(),
            Err(error) => return Err(error),
        };
        organisation(kvk_number, profile, branches, today(unix_now()))
    }

    /// One documented answer of `url`, trying again after a 429, a 5xx or a refused connection:
    /// at most [`MAX_ATTEMPTS`] calls, waiting [`backoff`] (or a 429's shorter `Retry-After`)
    /// between them and at most [`MAX_RETRY_WAIT`] in all. A timeout is not tried again: it
    /// already took [`KvkApiClient::TIMEOUT`], and the manager is waiting.
    async fn get_json<T: DeserializeOwned>(&self, url: &str) -> Result<T, KvkError> {
        let mut waited = Duration::ZERO;
        let mut attempt = 1;
        loop {
            let (error, wait) = match self.get_json_once(url).await {
                Ok(value) => return Ok(value),
                Err(Failed { error, retry }) => match retry {
                    Retry::No => return Err(error),
                    Retry::AfterBackoff => (error, backoff(attempt)),
                    Retry::After(wait) => (error, wait),
                },
            };
            match wait {
                wait if attempt < MAX_ATTEMPTS && waited + wait <= MAX_RETRY_WAIT => {
                    let wait_ms = wait.as_millis();
                    tracing::info!(attempt, wait_ms, %error, "KvK did not answer; trying again");
                    tokio::time::sleep(wait).await;
                    waited += wait;
                    attempt += 1;
                }
                _ => return Err(error),
            }
        }
    }

    async fn get_json_once<T: DeserializeOwned>(&self, url: &str) -> Result<T, Failed> {
        // Every call is paid: counted in the log (the path names the number, never the key).
        let paid = PAID_CALLS.fetch_add(1, Ordering::Relaxed) + 1;
        tracing::info!(paid_calls = paid, path = %url.trim_start_matches(&self.base_url), "KvK API call");
        let response = self
            .http
            .get(url)
            .header("apikey", self.api_key.clone())
            .header("accept", "application/hal+json, application/json")
            .send()
            .await
            .map_err(|error| self.transport_error(&error))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = response
            .bytes()
            .await
            .map_err(|error| self.transport_error(&error))?;
        let json: Option<Value> = serde_json::from_slice(&body).ok();
        let codes = json.as_ref().map(fout_codes).unwrap_or_default();
        let fout = json.as_ref().and_then(fout);
        match status {
            StatusCode::OK => {
                let json = json.ok_or_else(|| {
                    KvkError::InvalidResponse(format!("GET {url}: the answer is not JSON"))
                })?;
                // KvK's error scenarios can answer 200 with only a `fout` list.
                if let Some(fout) = fout.filter(|_| json.get("kvkNummer").is_none()) {
                    return Err(KvkError::Unavailable(format!("GET {url}: KvK says {fout}")).into());
                }
                serde_json::from_value(json).map_err(|error| {
                    KvkError::InvalidResponse(format!(
                        "GET {url}: not a documented answer: {error}"
                    ))
                    .into()
                })
            }
            StatusCode::NOT_FOUND
                if codes
                    .iter()
                    .any(|code| TEMPORARILY_UNAVAILABLE.contains(&code.as_str())) =>
            {
                let fout = fout.unwrap_or_default();
                Err(KvkError::Unavailable(format!("GET {url}: 404 but temporarily: {fout}")).into())
            }
            StatusCode::NOT_FOUND => Err(KvkError::NotFound.into()),
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                let fout = fout.map(|f| format!(": {f}")).unwrap_or_default();
                Err(KvkError::KeyRefused(format!("GET {url}: {status}{fout}")).into())
            }
            status if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS => {
                let fout = fout.map(|f| format!(": {f}")).unwrap_or_default();
                Err(Failed {
                    error: KvkError::Unavailable(format!("GET {url}: {status}{fout}")),
                    retry: retry_after.map_or(Retry::AfterBackoff, Retry::After),
                })
            }
            status => {
                let fout = fout.map(|f| format!(": {f}")).unwrap_or_default();
                Err(KvkError::InvalidResponse(format!("GET {url}: {status}{fout}")).into())
            }
        }
    }

    fn transport_error(&self, error: &reqwest::Error) -> Failed {
        if error.is_timeout() {
            KvkError::Unavailable(format!(
                "no answer within {} ms: {error}",
                self.timeout.as_millis()
            ))
            .into()
        } else {
            // No connection: quick to find out, so worth another try.
            Failed {
                error: KvkError::Unavailable(with_causes(error)),
                retry: Retry::AfterBackoff,
            }
        }
    }
}

/// `error` with the errors that caused it ("error sending request …: connection refused", or a
/// certificate KvK's chain does not pass), for the log and `kvk-smoke`.
fn with_causes(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(next) = cause {
        let line = next.to_string();
        if !text.contains(&line) {
            text.push_str(": ");
            text.push_str(&line);
        }
        cause = next.source();
    }
    text
}

impl KvkRegister for KvkApiClient {
    fn organisation<'a>(&'a self, kvk_number: &'a KvkNumber) -> OrganisationFuture<'a> {
        Box::pin(self.fetch(kvk_number))
    }
}

/// Calls per lookup at most, when KvK answers 429 or 5xx or refuses the connection.
const MAX_ATTEMPTS: u32 = 3;

/// The wait before the second call.
const FIRST_BACKOFF: Duration = Duration::from_millis(250);

/// The most the tries of one call wait together: a manager is looking at a spinner.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(2);

/// A failed call, and whether another try may help.
#[derive(Debug)]
struct Failed {
    error: KvkError,
    retry: Retry,
}

/// Whether to call again after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retry {
    /// Another try would not change the answer.
    No,
    /// Try again after [`backoff`].
    AfterBackoff,
    /// Try again after KvK's `Retry-After`.
    After(Duration),
}

impl From<KvkError> for Failed {
    /// A failure that another try would not change.
    fn from(error: KvkError) -> Failed {
        Failed {
            error,
            retry: Retry::No,
        }
    }
}

/// The wait after the `attempt`th call: [`FIRST_BACKOFF`], three times as long after the second.
fn backoff(attempt: u32) -> Duration {
    FIRST_BACKOFF * 3_u32.saturating_pow(attempt.saturating_sub(1))
}

/// Calls to KvK's API since the process started, for the log (each one is paid).
static PAID_CALLS: AtomicU64 = AtomicU64::new(0);

/// KvK's codes for data that cannot be delivered now but exists: "temporarily unavailable" and
/// "try again in 5 minutes" (Basisprofiel API, `fout` codes).
const TEMPORARILY_UNAVAILABLE: [&str; 2] = ["IPD1002", "IPD1003"];

/// The codes of KvK's error list.
fn fout_codes(json: &Value) -> Vec<String> {
    json.get("fout")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.get("code").and_then(Value::as_str))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// KvK's error list, `{"fout":[{"code":"IPD0005","omschrijving":"…"}]}`, as one line.
fn fout(json: &Value) -> Option<String> {
    let items = json.get("fout")?.as_array()?;
    let text = items
        .iter()
        .map(|item| {
            let code = item.get("code").and_then(Value::as_str).unwrap_or("?");
            let text = item
                .get("omschrijving")
                .and_then(Value::as_str)
                .unwrap_or("");
            format!("{code} {text}").trim().to_owned()
        })
        .collect::<Vec<_>>()
        .join("; ");
    Some(text)
}
