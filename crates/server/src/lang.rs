//! The language of a request, chosen from its `Accept-Language` header (Dutch by default).
//!
//! The [`negotiate`] middleware puts the [`Lang`] in the request's extensions, for handlers
//! (`Extension(lang): Extension<Lang>`), and in a task-local for the duration of the request, so
//! that [`ApiError`](crate::error::ApiError)'s `IntoResponse`, which sees no request, answers in
//! the same language ([`current`]).
//!
//! What the server says to people in that language is in one table, [`Text`] ([`texts`]).

use axum::extract::Request;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use domain::Lang;

pub(crate) mod texts;

pub(crate) use texts::Text;

tokio::task_local! {
    static REQUEST_LANG: Lang;
}

/// The language of the request being handled; Dutch outside a request.
pub(crate) fn current() -> Lang {
    REQUEST_LANG.try_with(|lang| *lang).unwrap_or_default()
}

/// The language asked for by `headers`.
pub(crate) fn from_headers(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

/// Middleware: makes the request's language available to handlers and to error responses.
pub(crate) async fn negotiate(mut request: Request, next: Next) -> Response {
    let lang = from_headers(request.headers());
    request.extensions_mut().insert(lang);
    REQUEST_LANG.scope(lang, next.run(request)).await
}
