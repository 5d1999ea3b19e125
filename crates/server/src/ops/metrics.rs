//! Prometheus metrics: the `metrics` facade, rendered by `metrics-exporter-prometheus`, served at
//! `GET /metrics` on a listen address of its own (`MIDDELPUNT_METRICS_LISTEN`), never on the
//! public one.
//!
//! The families, all prefixed `middelpunt_`:
//!
//! | Name | Kind | Labels |
//! |---|---|---|
//! | `http_requests_total` | counter | `route` (the route template, `spa` for pages), `method`, `status` |
//! | `http_request_duration_seconds` | histogram | `route`, `method` |
//! | `outbox_queued` | gauge | `kind`: messages not yet delivered or given up |
//! | `outbox_oldest_due_age_seconds` | gauge | `kind`: how long the oldest due message has waited |
//! | `outbox_deliveries_total` | counter | `kind`, `outcome` (`sent`, `retry`, `given_up`) |
//! | `sign_ins_total` | counter | `method` (`password`, `passkey`, `second_factor`), `outcome` |
//! | `orders_placed_total`, `users_ordered_total` | counter | |
//! | `sms_codes_sent_total`, `sms_codes_verified_total` | counter | `outcome` for verified |
//! | `db_pool_connections` | gauge | `state` (`in_use`, `idle`) |
//! | `db_pool_acquire_seconds` | histogram | time to get a connection, sampled every second |
//!
//! The gauges of the outbox and the pool are read when scraped. The recorder is global (one per
//! process, the `metrics` crate's design); it is installed when the first server with a metrics
//! address starts, and the counters count from then on.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sqlx::{AnyPool, Row};

use crate::clock::unix_now;
use crate::error::StartError;

/// Latency buckets in seconds: from a millisecond to ten seconds.
const SECONDS_BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// How often the pool's acquire time is sampled.
const POOL_SAMPLE_INTERVAL: Duration = Duration::from_secs(1);

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's recorder, installed on first use.
pub(crate) fn handle() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), &SECONDS_BUCKETS)
                .expect("the bucket list is a constant and not empty");
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                // Only this function installs a recorder (once, behind the `OnceLock`); a
                // library that installed another one would leave our families empty.
                tracing::warn!("another metrics recorder is installed: /metrics stays empty");
            }
            handle
        })
        .clone()
}

/// Middleware (per route, so the route template is known): counts every request and its
/// duration.
pub(crate) async fn track(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request.extensions().get::<MatchedPath>().map_or_else(
        || {
            if request.uri().path().starts_with(crate::routes::PREFIX) {
                "unmatched".to_owned()
            } else {
                "spa".to_owned()
            }
        },
        |path| path.as_str().to_owned(),
    );
    let method = request.method().as_str().to_owned();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!(
        "middelpunt_http_request_duration_seconds",
        "route" => route.clone(),
        "method" => method.clone()
    )
    .record(started.elapsed().as_secs_f64());
    metrics::counter!(
        "middelpunt_http_requests_total",
        "route" => route,
        "method" => method,
        "status" => status
    )
    .increment(1);
    response
}

/// Serves `GET /metrics` on `listen` until `shutdown`; answers the bound address.
pub(crate) async fn serve(
    listen: SocketAddr,
    db: AnyPool,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(SocketAddr, tokio::task::JoinHandle<()>), StartError> {
    let handle = handle();
    let (listener, addr) = crate::bind(listen).await?;
    let sampler = tokio::spawn(sample_pool(db.clone()));
    let app = Router::new()
        .route("/metrics", get(scrape))
        .with_state((db, handle));
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await;
        sampler.abort();
        if let Err(error) = served {
            tracing::error!(%error, "the metrics listener stopped");
        }
    });
    tracing::info!(%addr, "metrics at /metrics");
    Ok((addr, task))
}

/// `GET /metrics`: reads the outbox and pool gauges, then renders everything.
async fn scrape(State((db, handle)): State<(AnyPool, PrometheusHandle)>) -> Response {
    if let Err(error) = record_outbox(&db).await {
        tracing::warn!(%error, "metrics: cannot read the outbox");
    }
    let idle = u32::try_from(db.num_idle()).unwrap_or(u32::MAX);
    let size = db.size();
    metrics::gauge!("middelpunt_db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("middelpunt_db_pool_connections", "state" => "in_use")
        .set(f64::from(size.saturating_sub(idle)));
    handle.run_upkeep();
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}

/// The outbox's depth and the age of its oldest due message, per kind.
async fn record_outbox(db: &AnyPool) -> Result<(), sqlx::Error> {
    let now = unix_now();
    let rows = sqlx::query(
        "SELECT kind, COUNT(*) AS queued, MIN(next_attempt_at) AS oldest FROM outbox \
         WHERE sent_at IS NULL AND failed_at IS NULL GROUP BY kind",
    )
    .fetch_all(db)
    .await?;
    for kind in api::MessageKind::ALL.iter().copied() {
        let row = rows
            .iter()
            .find(|row| row.try_get::<String, _>("kind").ok().as_deref() == Some(kind.as_str()));
        let (queued, oldest) = match row {
            Some(row) => (
                row.try_get::<i64, _>("queued")?,
                row.try_get::<Option<i64>, _>("oldest")?,
            ),
            None => (0, None),
        };
        let age = oldest.map_or(0, |due| (now - due).max(0));
        #[allow(
            clippy::cast_precision_loss,
            reason = "counts and seconds far below 2^52"
        )]
        {
            metrics::gauge!("middelpunt_outbox_queued", "kind" => kind.as_str()).set(queued as f64);
            metrics::gauge!("middelpunt_outbox_oldest_due_age_seconds", "kind" => kind.as_str())
                .set(age as f64);
        }
    }
    Ok(())
}

/// Every second, how long it takes to get a connection from the pool: the wait a request
/// would have had.
async fn sample_pool(db: AnyPool) {
    let mut interval = tokio::time::interval(POOL_SAMPLE_INTERVAL);
    loop {
        interval.tick().await;
        let started = Instant::now();
        if let Ok(connection) = db.acquire().await {
            metrics::histogram!("middelpunt_db_pool_acquire_seconds")
                .record(started.elapsed().as_secs_f64());
            drop(connection);
        }
    }
}

/// Counts a sign-in step and passes its `result` on: `method` is `password`, `passkey`,
/// `second_factor_code` or `second_factor_passkey`; the outcome is `success` or the error's
/// code (`invalid_credentials`, `account_locked`, `too_many_requests`, …).
pub(crate) fn sign_in<T>(
    method: &'static str,
    result: Result<T, crate::ApiError>,
) -> Result<T, crate::ApiError> {
    let outcome = match &result {
        Ok(_) => "success",
        Err(error) => error.code(),
    };
    metrics::counter!("middelpunt_sign_ins_total", "method" => method, "outcome" => outcome)
        .increment(1);
    result
}

/// Counts a placed order of `users` users.
pub(crate) fn order_placed(users: usize) {
    metrics::counter!("middelpunt_orders_placed_total").increment(1);
    metrics::counter!("middelpunt_users_ordered_total")
        .increment(u64::try_from(users).unwrap_or(u64::MAX));
}

/// Counts an SMS code sent to a user.
pub(crate) fn sms_code_sent() {
    metrics::counter!("middelpunt_sms_codes_sent_total").increment(1);
}

/// Counts a check of an SMS code and passes its `result` on: the outcome is `correct` or the
/// error's code (`sms_code_wrong`, `sms_code_expired`, …).
pub(crate) fn sms_code_verified(
    result: Result<(), crate::ApiError>,
) -> Result<(), crate::ApiError> {
    let outcome = match &result {
        Ok(()) => "correct",
        Err(error) => error.code(),
    };
    metrics::counter!("middelpunt_sms_codes_verified_total", "outcome" => outcome).increment(1);
    result
}

/// Counts an outbox delivery attempt: `outcome` is `sent`, `retry` or `given_up`.
pub(crate) fn delivery(kind: &str, outcome: &'static str) {
    deliveries(kind, outcome, 1);
}

/// Counts `count` outbox delivery attempts of one outcome.
pub(crate) fn deliveries(kind: &str, outcome: &'static str, count: usize) {
    metrics::counter!(
        "middelpunt_outbox_deliveries_total",
        "kind" => kind.to_owned(),
        "outcome" => outcome
    )
    .increment(u64::try_from(count).unwrap_or(u64::MAX));
}
