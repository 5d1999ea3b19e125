//! One request of a step through goose (so that it is timed and counted under the step's name),
//! with what the server asks of a browser: the session cookie and the CSRF token of a signed-in
//! manager, or the invitation token of a user, and the `Origin` on every state-changing request.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use goose::goose::GooseResponse;
use goose::metrics::GooseRequestMetric;
use goose::prelude::*;
use serde_json::Value;

/// The name of the server's session cookie.
const SESSION_COOKIE: &str = "middelpunt_session";

/// A signed-in manager: the `Cookie` header's value and the CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// Who a request is from.
#[derive(Debug, Clone, Copy)]
pub enum Credentials<'a> {
    Anonymous,
    Manager(&'a Session),
    /// A user, by the token of their invitation link (`X-Activation-Token`).
    Invitation(&'a str),
}

/// A request body.
#[derive(Debug)]
pub enum Body {
    Json(Value),
    /// A users file's bytes, with its name.
    File {
        name: &'static str,
        bytes: Vec<u8>,
    },
}

/// A finished request whose status was the expected one.
pub struct Answer {
    /// goose's record of the request, to mark it failed when its body is wrong.
    pub request: GooseRequestMetric,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The `name=value` of the session cookie the answer set, if it did.
    pub fn session_cookie(&self) -> Option<String> {
        session_cookie(
            self.headers
                .get_all(reqwest::header::SET_COOKIE)
                .iter()
                .filter_map(|value| value.to_str().ok()),
        )
    }
}

/// The `name=value` of the session cookie among `Set-Cookie` values.
fn session_cookie<'a>(set_cookies: impl Iterator<Item = &'a str>) -> Option<String> {
    set_cookies
        .filter_map(|value| value.split(';').next())
        .map(str::trim)
        .find(|pair| {
            pair.strip_prefix(SESSION_COOKIE)
                .is_some_and(|rest| rest.starts_with('='))
        })
        .map(str::to_owned)
}

/// A transaction's failure with `message`.
pub fn failure(message: impl Into<String>) -> Box<TransactionError> {
    Box::new(TransactionError::Custom(message.into()))
}

/// The first part of an answer's body, for an error message.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    text.chars().take(300).collect()
}

/// One request of a step: what [`send`] and [`exchange`] send.
#[derive(Debug)]
pub struct Call<'a> {
    step: &'a str,
    method: GooseMethod,
    path: &'a str,
    credentials: Credentials<'a>,
    body: Option<Body>,
    headers: Vec<(&'static str, String)>,
    expect: u16,
}

impl<'a> Call<'a> {
    /// `GET path` of `step`, anonymous, expecting 200.
    pub fn get(step: &'a str, path: &'a str) -> Call<'a> {
        Call {
            step,
            method: GooseMethod::Get,
            path,
            credentials: Credentials::Anonymous,
            body: None,
            headers: Vec::new(),
            expect: 200,
        }
    }

    /// `POST path` of `step` with `body`, anonymous, expecting 200.
    pub fn post(step: &'a str, path: &'a str, body: Option<Body>) -> Call<'a> {
        Call {
            method: GooseMethod::Post,
            body,
            ..Call::get(step, path)
        }
    }

    pub fn by(self, credentials: Credentials<'a>) -> Call<'a> {
        Call {
            credentials,
            ..self
        }
    }

    pub fn header(mut self, name: &'static str, value: String) -> Call<'a> {
        self.headers.push((name, value));
        self
    }

    pub fn expect(self, status: u16) -> Call<'a> {
        Call {
            expect: status,
            ..self
        }
    }
}

/// Sends one request and reads its whole answer. An answer with another status than the
/// expected one is counted as the step's error and fails the transaction.
pub async fn send(user: &mut GooseUser, call: Call<'_>) -> Result<Answer, Box<TransactionError>> {
    let (step, path, expect) = (call.step, call.path, call.expect);
    let (request, response) = exchange(user, call).await?;
    let headers = response.headers().clone();
    let status = response.status().as_u16();
    let body = response
        .bytes()
        .await
        .map_err(|e| failure(format!("{step}: reading the answer: {e}")))?
        .to_vec();
    if status != expect {
        return Err(failure(format!(
            "{step}: {path} answered {status}, not {expect}: {}",
            excerpt(&body)
        )));
    }
    Ok(Answer {
        request,
        headers,
        body,
    })
}

/// Sends one request and answers goose's record of it with the response, its body not yet
/// read (for a download timed to its last byte). A failed connection fails the transaction.
pub async fn exchange(
    user: &mut GooseUser,
    call: Call<'_>,
) -> Result<(GooseRequestMetric, reqwest::Response), Box<TransactionError>> {
    let Call {
        step,
        method,
        path,
        credentials,
        body,
        headers,
        expect,
    } = call;
    let state_changing = !matches!(method, GooseMethod::Get | GooseMethod::Head);
    let mut builder = user
        .get_request_builder(&method, path)?
        .header(reqwest::header::ACCEPT, "application/json, */*")
        .header(reqwest::header::ACCEPT_LANGUAGE, "nl");
    if state_changing {
        builder = builder.header(reqwest::header::ORIGIN, origin(&user.base_url));
    }
    match credentials {
        Credentials::Anonymous => {}
        Credentials::Manager(session) => {
            builder = builder.header(reqwest::header::COOKIE, &session.cookie);
            if state_changing {
                builder = builder.header("X-CSRF-Token", &session.csrf);
            }
        }
        Credentials::Invitation(token) => builder = builder.header("X-Activation-Token", token),
    }
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    builder = match body {
        None => builder,
        Some(Body::Json(value)) => builder
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(value.to_string()),
        Some(Body::File { name, bytes }) => builder
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .header("X-File-Name", name)
            .body(bytes),
    };
    let request = GooseRequest::builder()
        .name(step)
        .expect_status_code(expect)
        .set_request_builder(builder)
        .build();
    let GooseResponse { request, response } = user.request(request).await?;
    match response {
        Ok(response) => Ok((request, response)),
        Err(error) => Err(failure(format!("{step}: {path}: {error}"))),
    }
}

/// `http://host:port` of the target, as the server compares it with its public URL.
fn origin(base_url: &reqwest::Url) -> String {
    base_url.origin().ascii_serialization()
}

/// Marks an answered request as the step's error (its body was not what the step needs):
/// answers the transaction's failure with `message`.
pub fn reject(user: &mut GooseUser, answer: &mut Answer, message: &str) -> Box<TransactionError> {
    let body = excerpt(&answer.body);
    match user.set_failure(message, &mut answer.request, None, Some(&body)) {
        Ok(()) => failure(format!("{message}: {body}")),
        Err(error) => error,
    }
}

/// `value` percent-encoded for a query string (`+` of a mobile number and `@` of an address).
pub fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `index`-th loopback address for a signed-in user: 127.1.0.1, 127.1.0.2, … (never
/// 127.0.0.x, and never .0 or .255), each its own network address for the server's per-address
/// sign-in limits. All of 127.0.0.0/8 is this machine.
pub fn loopback_address(index: usize) -> IpAddr {
    let host = 1 + index % 254;
    let third = (index / 254) % 256;
    let second = 1 + (index / (254 * 256)) % 254;
    // Each part is below 256 by the remainders above.
    IpAddr::V4(Ipv4Addr::new(127, second as u8, third as u8, host as u8))
}

/// Gives a signed-in user a client of its own, connecting from `address`.
pub async fn use_address(
    user: &mut GooseUser,
    address: IpAddr,
) -> Result<(), Box<TransactionError>> {
    let builder = reqwest::Client::builder()
        .local_address(address)
        .user_agent(concat!("middelpunt-load/", env!("CARGO_PKG_VERSION")))
        .timeout(Duration::from_secs(60))
        .gzip(true);
    user.set_client_builder(builder).await.map_err(Box::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_session_cookie_is_kept() {
        let values = [
            "other=1; Path=/",
            "middelpunt_session_old=2",
            "middelpunt_session=abc; HttpOnly; SameSite=Strict; Path=/",
        ];
        assert_eq!(
            session_cookie(values.into_iter()).as_deref(),
            Some("middelpunt_session=abc")
        );
        assert_eq!(session_cookie(values[..2].iter().copied()), None);
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(query_value("+31612345678"), "%2B31612345678");
        assert_eq!(query_value("a.b-c@x.nl"), "a.b-c%40x.nl");
    }

    #[test]
    fn loopback_addresses_skip_the_first_block_and_the_ends() {
        assert_eq!(loopback_address(0).to_string(), "127.1.0.1");
        assert_eq!(loopback_address(253).to_string(), "127.1.0.254");
        assert_eq!(loopback_address(254).to_string(), "127.1.1.1");
        assert_eq!(loopback_address(254 * 256).to_string(), "127.2.0.1");
        let mut seen: Vec<_> = (0..100_000).map(loopback_address).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 100_000);
    }
}
