//! HTTP clients for the third parties Middelpunt calls with a secret (KvK's API, the SMS
//! gateway, API clients' webhooks): one way to build them, so that each has the same guards.

use std::time::Duration;

use reqwest::header::{HeaderValue, InvalidHeaderValue};

/// A client whose every call, connection included, ends after `timeout`; that never follows a
/// redirect (it would carry the secret header to another host); and that names Middelpunt and
/// its version.
pub(crate) fn client(timeout: Duration) -> Result<reqwest::Client, reqwest::Error> {
    builder(timeout).build()
}

/// The builder of [`client`], for a client that needs more (an extra root certificate).
pub(crate) fn builder(timeout: Duration) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .connect_timeout(timeout)
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Middelpunt/", env!("CARGO_PKG_VERSION")))
}

/// A header value that holds a secret: marked sensitive, so that it is never logged or shown.
pub(crate) fn secret_header(value: &str) -> Result<HeaderValue, InvalidHeaderValue> {
    let mut header = HeaderValue::from_str(value)?;
    header.set_sensitive(true);
    Ok(header)
}
