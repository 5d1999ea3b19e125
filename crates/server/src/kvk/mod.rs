//! The KvK register (Handelsregister) behind one trait, [`KvkRegister`], so the rest of the
//! server neither knows nor cares where organisations come from:
//!
//! - [`EmbeddedRegister`]: KvK's documented test numbers with demo data
//!   (`data/kvk_test_register.json`), the default. Only the entries recorded from KvK's test API
//!   are the same there; the rest are invented for the demo (each entry says which).
//! - [`KvkApiClient`]: KvK's API (Basisprofiel), with the base URL and `apikey` from the
//!   configuration (`MIDDELPUNT_KVK=api`), behind [`cache::CachedRegister`]: every call is paid,
//!   so an answer is reused from the database for `MIDDELPUNT_KVK_CACHE_TTL`.
//!
//! [`from_config`] builds the one in the configuration; handlers reach it as `state.kvk` and
//! answer with [`lookup`], whose [`LookupError`] is an API error (400/404/503).

pub(crate) mod api_client;
pub(crate) mod cache;
pub(crate) mod embedded;
pub mod smoke;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::http::StatusCode;
use domain::Lang;
use domain::kvk::{KvkNumber, NumberError};
use domain::organisation::Organisation;
use serde_json::{Value, json};

use crate::config::{KVK_API_KEY, KvkSource};
use crate::error::Problem;
use crate::lang::Text;

pub use api_client::KvkApiClient;
pub use embedded::EmbeddedRegister;

/// What [`KvkRegister::organisation`] returns: a boxed `Send` future, so that the register can
/// live behind `Arc<dyn KvkRegister>` and be awaited in axum handlers.
pub type OrganisationFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Organisation, KvkError>> + Send + 'a>>;

/// A source of organisations as the KvK register holds them.
pub trait KvkRegister: Send + Sync + fmt::Debug {
    /// The organisation with `kvk_number`, with all its branches (main branch first). Shielded
    /// addresses (`indAfgeschermd: "Ja"`) are left out (`None`).
    fn organisation<'a>(&'a self, kvk_number: &'a KvkNumber) -> OrganisationFuture<'a>;
}

/// Why the register gave no organisation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KvkError {
    /// The register holds no organisation with this number.
    #[error("the KvK register holds no such organisation")]
    NotFound,
    /// The register cannot answer now: no connection, a timeout, a 5xx, a refused key, one of
    /// KvK's error scenarios. The reason is for the log; it never holds the API key.
    #[error("the KvK register is unavailable: {0}")]
    Unavailable(String),
    /// The register answered, but not in the documented form.
    #[error("the KvK register gave an unexpected answer: {0}")]
    InvalidResponse(String),
    /// The register refused Middelpunt's API key (401 or 403): a configuration problem for
    /// the operator, not an outage. Logged as an error; the manager hears the register is
    /// unavailable.
    #[error("the KvK register refused the API key (check MIDDELPUNT_KVK_API_KEY): {0}")]
    KeyRefused(String),
}

/// How long a manager should wait after the register said it was unavailable, in seconds:
/// KvK's IPD1003 says "try again in 5 minutes"; other outages are often shorter.
pub(crate) const RETRY_AFTER_SECS: u64 = 60;

/// Why the API cannot show an organisation: answered as `invalid_kvk_number` (400),
/// `organisation_not_found` (404) or `register_unavailable` (503) (a [`Problem`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("invalid KvK number: {0}")]
    InvalidNumber(NumberError),
    #[error("no organisation with KvK number {0}")]
    NotFound(KvkNumber),
    /// [`KvkError::Unavailable`] or [`KvkError::InvalidResponse`]: either way the manager can
    /// only try again later.
    #[error("{0}")]
    Unavailable(KvkError),
}

impl Problem for LookupError {
    fn status(&self) -> StatusCode {
        match self {
            LookupError::InvalidNumber(_) => StatusCode::BAD_REQUEST,
            LookupError::NotFound(_) => StatusCode::NOT_FOUND,
            LookupError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            LookupError::InvalidNumber(_) => "invalid_kvk_number",
            LookupError::NotFound(_) => "organisation_not_found",
            LookupError::Unavailable(_) => "register_unavailable",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            LookupError::InvalidNumber(error) => error.message(lang, KvkNumber::NAME),
            LookupError::NotFound(number) => Text::OrganisationNotFound {
                kvk_number: number.as_str(),
            }
            .text(lang),
            LookupError::Unavailable(_) => Text::RegisterUnavailable.text(lang),
        }
    }

    fn details(&self, _: Lang) -> Option<Value> {
        match self {
            LookupError::InvalidNumber(error) => Some(json!({ "reason": error.code() })),
            LookupError::NotFound(number) => Some(json!({ "kvk_number": number })),
            LookupError::Unavailable(_) => Some(json!({ "retry_after_seconds": RETRY_AFTER_SECS })),
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            LookupError::Unavailable(_) => Some(RETRY_AFTER_SECS),
            _ => None,
        }
    }
}

/// Reads `input` as a KvK number (spaces and dots allowed) and looks it up in `register`:
/// [`parse_number`] then [`find`].
pub async fn lookup(register: &dyn KvkRegister, input: &str) -> Result<Organisation, LookupError> {
    let number = parse_number(input)?;
    find(register, &number).await
}

/// `input` as a KvK number: 8 digits once spaces and dots are left out.
pub fn parse_number(input: &str) -> Result<KvkNumber, LookupError> {
    KvkNumber::parse(input).map_err(LookupError::InvalidNumber)
}

/// The organisation with `number` in `register`.
pub async fn find(
    register: &dyn KvkRegister,
    number: &KvkNumber,
) -> Result<Organisation, LookupError> {
    match register.organisation(number).await {
        Ok(organisation) => Ok(organisation),
        Err(KvkError::NotFound) => Err(LookupError::NotFound(number.clone())),
        Err(error @ KvkError::KeyRefused(_)) => {
            tracing::error!(%error, "KvK lookups fail until the API key is corrected");
            Err(LookupError::Unavailable(error))
        }
        Err(error) => Err(LookupError::Unavailable(error)),
    }
}

/// Why the configured register could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum KvkSetupError {
    #[error("the embedded KvK register (data/kvk_test_register.json) is invalid: {0}")]
    EmbeddedData(String),
    #[error("cannot set up the HTTP client for KvK's API: {0}")]
    Client(#[from] reqwest::Error),
    #[error(
        "{KVK_API_KEY} holds characters that an HTTP header cannot carry (the key itself is not shown)"
    )]
    InvalidApiKey,
}

/// The register `source` names; KvK's API answers through the cache in `db`.
pub fn from_config(
    source: &KvkSource,
    db: &sqlx::AnyPool,
) -> Result<Arc<dyn KvkRegister>, KvkSetupError> {
    match source {
        KvkSource::Embedded => {
            let register = EmbeddedRegister::load()?;
            tracing::info!(
                organisations = register.len(),
                "KvK register: the embedded one, KvK's test numbers with demo data"
            );
            Ok(Arc::new(register))
        }
        KvkSource::Api {
            base_url,
            api_key,
            cache_ttl_secs,
        } => {
            let client = KvkApiClient::new(base_url, api_key.clone())?;
            // The key is never logged.
            tracing::info!(%base_url, cache_ttl_secs, "KvK register: KvK's API");
            Ok(Arc::new(cache::CachedRegister::new(
                Arc::new(client),
                db.clone(),
                *cache_ttl_secs,
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Fixed(Result<Organisation, KvkError>);

    impl KvkRegister for Fixed {
        fn organisation<'a>(&'a self, _: &'a KvkNumber) -> OrganisationFuture<'a> {
            Box::pin(async move { self.0.clone() })
        }
    }

    #[tokio::test]
    async fn lookup_answers_in_the_api_vocabulary() {
        let down = Fixed(Err(KvkError::Unavailable("timeout".into())));
        let err = lookup(&down, "6875 0110").await.unwrap_err();
        assert_eq!(
            (err.status(), err.code()),
            (StatusCode::SERVICE_UNAVAILABLE, "register_unavailable")
        );
        assert!(
            !err.message(Lang::Nl).contains("timeout"),
            "internals stay in the log"
        );

        let empty = Fixed(Err(KvkError::NotFound));
        let err = lookup(&empty, "12.34.56.78").await.unwrap_err();
        assert_eq!(err.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            err.message(Lang::Nl),
            "Er is geen organisatie met KvK-nummer 12345678 in het Handelsregister"
        );

        let err = lookup(&empty, "6875011").await.unwrap_err();
        assert_eq!(
            (err.status(), err.code()),
            (StatusCode::BAD_REQUEST, "invalid_kvk_number")
        );
        assert_eq!(
            err.message(Lang::Nl),
            "Een KvK-nummer heeft 8 cijfers; u vulde er 7 in"
        );
        assert_eq!(
            err.message(Lang::En),
            "A KvK number has 8 digits; you entered 7"
        );
        assert_eq!(
            err.details(Lang::Nl),
            Some(json!({ "reason": "wrong_length" }))
        );
    }

    #[test]
    fn every_lookup_error_speaks_both_languages() {
        let errors = [
            LookupError::InvalidNumber(NumberError::NotDigits('x')),
            LookupError::NotFound(KvkNumber::parse("12345678").unwrap()),
            LookupError::Unavailable(KvkError::InvalidResponse("x".into())),
        ];
        for error in errors {
            assert_ne!(
                error.message(Lang::Nl),
                error.message(Lang::En),
                "{error:?}"
            );
        }
    }
}
