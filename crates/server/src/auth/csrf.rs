//! Protection against cross-site request forgery, for state-changing methods (POST, PUT, PATCH,
//! DELETE):
//!
//! - with a session ([`CurrentManager`](super::CurrentManager) does this): the `X-CSRF-Token`
//!   header must equal the session's token (compared in constant time), and
//! - always: an `Origin` header, when present, must be `MIDDELPUNT_PUBLIC_URL`'s origin or name
//!   the host the request was sent to ([`SameOrigin`] for endpoints without a session, such as
//!   the login).
//!
//! `SameSite=Strict` on the session cookie already keeps other sites' requests from carrying it;
//! these checks are the second line.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, Uri, header};
use subtle::ConstantTimeEq;

use super::AuthError;
use crate::AppState;
use crate::config::PublicUrl;
use crate::error::ApiError;

/// The request header that carries the session's CSRF token.
pub(crate) static HEADER: HeaderName = HeaderName::from_static("x-csrf-token");

/// Which check failed (`details.reason` of `csrf_failed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No `X-CSRF-Token` header.
    MissingToken,
    /// An `X-CSRF-Token` that is not the session's.
    WrongToken,
    /// An `Origin` that is not ours.
    ForeignOrigin,
}

impl Failure {
    pub fn reason(self) -> &'static str {
        match self {
            Failure::MissingToken => "missing_token",
            Failure::WrongToken => "wrong_token",
            Failure::ForeignOrigin => "foreign_origin",
        }
    }
}

/// Whether two tokens are equal, in time that depends only on their lengths.
pub(crate) fn tokens_match(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && bool::from(given.ct_eq(expected))
}

/// Both checks for a state-changing request with a session whose token is `expected`.
pub(crate) fn check(parts: &Parts, public_url: &PublicUrl, expected: &str) -> Result<(), Failure> {
    check_origin(&parts.headers, &parts.uri, public_url)?;
    let given = parts.headers.get(&HEADER).ok_or(Failure::MissingToken)?;
    if tokens_match(given.as_bytes(), expected.as_bytes()) {
        Ok(())
    } else {
        Err(Failure::WrongToken)
    }
}

/// Passes without an `Origin` header (same-origin requests of older browsers, non-browser
/// clients), or when it is `public_url`'s origin, or when its host and port are the request's
/// `Host` (or, over HTTP/2, the URI's authority). Refuses `Origin: null` and anything else.
pub(crate) fn check_origin(
    headers: &HeaderMap,
    uri: &Uri,
    public_url: &PublicUrl,
) -> Result<(), Failure> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().map_err(|_| Failure::ForeignOrigin)?;
    if origin.eq_ignore_ascii_case(public_url.origin()) {
        return Ok(());
    }
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or(Failure::ForeignOrigin)?;
    let host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .or_else(|| uri.authority().map(|authority| authority.as_str()));
    match host {
        Some(host) if !authority.is_empty() && authority.eq_ignore_ascii_case(host) => Ok(()),
        _ => Err(Failure::ForeignOrigin),
    }
}

/// An extractor for state-changing endpoints without a session (the login): refuses a
/// foreign `Origin` with `403 csrf_failed`. Safe methods always pass.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SameOrigin;

impl FromRequestParts<AppState> for SameOrigin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if !parts.method.is_safe() {
            check_origin(&parts.headers, &parts.uri, &state.config.public_url)
                .map_err(AuthError::CsrfFailed)?;
        }
        Ok(SameOrigin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, Request};

    fn public() -> PublicUrl {
        PublicUrl::parse("https://middelpunt.example.nl").unwrap()
    }

    fn parts(method: &str, headers: &[(&str, &str)]) -> Parts {
        let mut request = Request::builder().method(method).uri("/api/v1/orders");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(()).unwrap().into_parts().0
    }

    #[test]
    fn tokens_match_only_when_equal() {
        assert!(tokens_match(b"abc123", b"abc123"));
        assert!(!tokens_match(b"abc124", b"abc123"));
        assert!(!tokens_match(b"abc12", b"abc123"));
        assert!(!tokens_match(b"", b"abc123"));
        assert!(tokens_match(b"", b""));
    }

    #[test]
    fn the_token_must_be_the_sessions() {
        let ok = parts("POST", &[("x-csrf-token", "geheim")]);
        assert_eq!(check(&ok, &public(), "geheim"), Ok(()));
        let missing = parts("POST", &[]);
        assert_eq!(
            check(&missing, &public(), "geheim"),
            Err(Failure::MissingToken)
        );
        let wrong = parts("POST", &[("x-csrf-token", "geheil")]);
        assert_eq!(check(&wrong, &public(), "geheim"), Err(Failure::WrongToken));
    }

    #[test]
    fn the_origin_must_be_the_public_url_or_the_requests_host() {
        let allowed = [
            vec![],
            vec![("origin", "https://middelpunt.example.nl")],
            vec![("origin", "https://Middelpunt.Example.NL")],
            vec![
                ("origin", "http://127.0.0.1:41234"),
                ("host", "127.0.0.1:41234"),
            ],
        ];
        for headers in allowed {
            let parts = parts("POST", &headers);
            assert_eq!(
                check_origin(&parts.headers, &parts.uri, &public()),
                Ok(()),
                "{headers:?}"
            );
        }
        let refused = [
            vec![("origin", "https://evil.example")],
            vec![("origin", "null")],
            vec![("origin", "https://middelpunt.example.nl.evil.example")],
            vec![("origin", "http://middelpunt.example.nl")],
            vec![
                ("origin", "https://evil.example"),
                ("host", "127.0.0.1:8080"),
            ],
            vec![
                ("origin", "http://127.0.0.1:8081"),
                ("host", "127.0.0.1:8080"),
            ],
        ];
        for headers in refused {
            let parts = parts("POST", &headers);
            assert_eq!(
                check_origin(&parts.headers, &parts.uri, &public()),
                Err(Failure::ForeignOrigin),
                "{headers:?}"
            );
        }
        let mut odd = HeaderMap::new();
        odd.insert(
            header::ORIGIN,
            HeaderValue::from_bytes(b"https://\xffevil").unwrap(),
        );
        assert_eq!(
            check_origin(&odd, &Uri::from_static("/"), &public()),
            Err(Failure::ForeignOrigin)
        );
    }
}
