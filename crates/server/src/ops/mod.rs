//! Running Middelpunt as a service: who sent a request through trusted proxies and its id
//! ([`client`]), Prometheus metrics ([`metrics`]) and readiness ([`readiness`]).

pub mod client;
pub(crate) mod metrics;
pub mod readiness;
