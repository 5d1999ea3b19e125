//! Middelpunt's server: the JSON API under `/api` and the static host of the built SPA.
//!
//! - [`serve`] runs the server from a [`Config`] until Ctrl-C or SIGTERM.
//! - [`app`] is the whole router, for tests and embedding; [`AppState`] is what handlers share.
//! - API errors are [`ApiError`]s, answered as one JSON shape in the request's language.
//!
//! Only what the binary and the black-box tests use is public; everything else is `pub(crate)`,
//! so that the compiler reports code nothing uses (`unreachable_pub` keeps it that way).

#![warn(unreachable_pub)]

pub mod activation;
pub mod admin;
pub mod auth;
pub(crate) mod back_office;
pub mod clients;
pub mod clock;
pub mod config;
pub mod db;
pub(crate) mod error;
pub(crate) mod extract;
pub(crate) mod ids;
pub mod kvk;
pub(crate) mod lang;
pub mod mail;
pub(crate) mod manage;
pub(crate) mod offer;
pub mod openapi;
pub mod ops;
pub(crate) mod orders;
pub(crate) mod outbound;
pub mod outbox;
pub mod rate_limit;
pub mod routes;
pub(crate) mod scim;
pub(crate) mod security_headers;
pub mod seed;
pub(crate) mod sql;
pub(crate) mod static_files;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::middleware;
use sqlx::AnyPool;
use tokio::net::TcpListener;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use config::Config;
pub use error::{ApiError, ErrorBody, StartError};

use security_headers::SecurityHeaders;
use static_files::Spa;

/// What every handler shares: `State(state): State<AppState>`. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The configuration the server started with.
    pub config: Arc<Config>,
    /// The database pool (SQLite or PostgreSQL through sqlx's `Any` driver).
    pub db: AnyPool,
    /// The built SPA, as found at start.
    pub spa: Arc<Spa>,
    /// The KvK register (`MIDDELPUNT_KVK`): organisations and their branches.
    pub kvk: Arc<dyn kvk::KvkRegister>,
    /// The e-mail and SMS outbox: `outbox::enqueue` in a transaction, then `state.outbox.wake()`.
    pub outbox: outbox::Outbox,
    /// Whether this instance should get traffic (`GET /api/v1/health/ready`).
    pub readiness: Arc<ops::readiness::Readiness>,
}

impl AppState {
    /// Connects to the database (creating an SQLite file when missing), runs the migrations and
    /// reads the SPA's `index.html`.
    pub async fn load(config: Config) -> Result<AppState, StartError> {
        tracing::info!(database = %config.database_url, dist = %config.dist_dir.display(), "starting");
        let db = db::connect_with(
            &config.database_url,
            config.operations.database_max_connections,
        )
        .await?;
        auth::prepare(&db, &config).await?;
        let spa = Spa::load(&config.dist_dir)?;
        let kvk = kvk::from_config(&config.kvk, &db)?;
        let outbox = outbox::Outbox::new(&config.mail, &db)?;
        Ok(AppState {
            config: Arc::new(config),
            db,
            spa: Arc::new(spa),
            kvk,
            outbox,
            readiness: Arc::default(),
        })
    }
}

/// The whole application: `/api` (JSON, see [`routes`]) and the SPA for every other path, with
/// security headers on every response, a log line and metrics per request, and the client's
/// address and the request's id read first ([`ops::client`]).
pub fn app(state: AppState) -> Router {
    let security_headers =
        SecurityHeaders::new(&state.spa.entry_pages(), state.config.public_url.is_https());
    let trusted_proxies = Arc::new(state.config.operations.trusted_proxies.clone());
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request| {
            // The path only (query strings may carry personal data), without invitation tokens.
            let path = static_files::redact_path(request.uri().path());
            let id = request
                .extensions()
                .get::<ops::client::RequestId>()
                .map(ToString::to_string)
                .unwrap_or_default();
            tracing::info_span!("request", id = %id, method = %request.method(), path = %path)
        })
        .on_response(DefaultOnResponse::new().level(Level::INFO));
    routes::router(&state.config)
        .merge(scim::router())
        .fallback_service(static_files::service(&state.spa))
        .with_state(state)
        .layer(middleware::from_fn(lang::negotiate))
        .layer(middleware::map_response_with_state(
            security_headers,
            security_headers::apply,
        ))
        .layer(middleware::from_fn(ops::metrics::track))
        .layer(trace)
        .layer(middleware::from_fn_with_state(
            trusted_proxies,
            ops::client::identify,
        ))
}

/// Starts the server: connects the database, listens on `config.listen`, prints
/// `Middelpunt luistert op http://ADDR` and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let listen = config.listen;
    let state = AppState::load(config).await?;
    let (listener, addr) = bind(listen).await?;
    let signal = shutdown_signal();
    let readiness = state.readiness.clone();
    let drain = state.config.operations.shutdown_drain;
    let shutdown = async move {
        signal.await;
        if !drain.is_zero() {
            // Not ready, still serving: the proxy's health check moves the traffic elsewhere.
            readiness.start_draining();
            tracing::info!(drain_ms = drain.as_millis(), "draining before stopping");
            tokio::time::sleep(drain).await;
        }
    };
    tracing::info!(%addr, "listening");
    println!("Middelpunt luistert op http://{addr}");
    if state.config.demo {
        println!("{}", auth::demo::announcement());
    }
    run(listener, state, shutdown).await
}

/// A listener on `listen` and the address it got (the port, when `listen` asked for port 0).
pub(crate) async fn bind(
    listen: std::net::SocketAddr,
) -> Result<(TcpListener, std::net::SocketAddr), StartError> {
    let bind_error = |source| StartError::Bind {
        addr: listen,
        source,
    };
    let listener = TcpListener::bind(listen).await.map_err(bind_error)?;
    let addr = listener.local_addr().map_err(bind_error)?;
    Ok((listener, addr))
}

/// Serves `state` on `listener` until `shutdown` completes, then lets open requests finish and
/// closes the database pool. Also purges expired rate-limit counters and sessions and delivers
/// the outbox's e-mail and SMS meanwhile.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    run_wrapped(listener, state, shutdown, |app| app).await
}

/// [`run`] with `wrap` around the [`app`], e.g. the API tests' layer that checks every answer
/// against the OpenAPI document.
pub async fn run_wrapped(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
    wrap: impl FnOnce(Router) -> Router,
) -> Result<(), StartError> {
    let db = state.db.clone();
    let (stopping, stopped) = tokio::sync::watch::channel(false);
    let metrics = match state.config.operations.metrics_listen {
        Some(listen) => {
            let mut stopped = stopped.clone();
            let done = async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            };
            Some(ops::metrics::serve(listen, db.clone(), done).await?)
        }
        None => None,
    };
    let purge = tokio::spawn(rate_limit::purge_periodically(db.clone()));
    let purge_sessions = tokio::spawn(auth::purge_periodically(db.clone()));
    let expire_requests = tokio::spawn(activation::expiry::run_periodically(state.clone()));
    let warn_expiry = tokio::spawn(activation::means_expiry::run_periodically(state.clone()));
    let optimize = tokio::spawn(db::optimize_periodically(db.clone()));
    let outbox_worker = state
        .outbox
        .start_worker(db.clone(), state.readiness.clone());
    // The peer address (`ConnectInfo`), read through trusted proxies (`ops::client`), feeds
    // the per-address limits.
    let service = wrap(app(state)).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await;
    purge.abort();
    purge_sessions.abort();
    expire_requests.abort();
    warn_expiry.abort();
    optimize.abort();
    let _ = stopping.send(true);
    if let Some((_, task)) = metrics {
        let _ = task.await;
    }
    drop(stopped);
    outbox_worker.stop(OUTBOX_STOP_GRACE).await;
    db.close().await;
    tracing::info!("stopped");
    served.map_err(StartError::Serve)
}

/// How long a delivery under way may take to finish when the server stops.
const OUTBOX_STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Completes on Ctrl-C (SIGINT) or SIGTERM. The handlers are installed when this is called,
/// not when the future is first polled, so that a signal sent right after the server announced
/// itself stops it gracefully instead of killing it.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let listen = |kind: SignalKind, name: &'static str| {
            let stream = signal(kind);
            if let Err(error) = &stream {
                tracing::error!(%error, "cannot listen for {name}");
            }
            async move {
                match stream {
                    Ok(mut stream) => {
                        stream.recv().await;
                    }
                    Err(_) => std::future::pending::<()>().await,
                }
            }
        };
        let ctrl_c = listen(SignalKind::interrupt(), "Ctrl-C");
        let terminate = listen(SignalKind::terminate(), "SIGTERM");
        async move {
            tokio::select! {
                () = ctrl_c => tracing::info!("Ctrl-C received: shutting down"),
                () = terminate => tracing::info!("SIGTERM received: shutting down"),
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
        tracing::info!("Ctrl-C received: shutting down");
    }
}

/// Installs the log output: `filter` in `EnvFilter` syntax (from `MIDDELPUNT_LOG`), to stderr,
/// so that stdout carries only the "luistert op" line; readable lines (colours only on a
/// terminal) or one JSON object per line with the request's span (its id) in it.
pub fn init_tracing(filter: &str, format: config::LogFormat) {
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr);
    match format {
        config::LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).init(),
        config::LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}
