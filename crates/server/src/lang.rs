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

/// One thing wrong with a field of a request body: the field's name, a code for programs and
/// the message for people (a 422's `details.problems`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldProblem {
    pub field: &'static str,
    pub code: &'static str,
    text: Text<'static>,
}

impl FieldProblem {
    pub(crate) fn new(field: &'static str, code: &'static str, text: Text<'static>) -> Self {
        FieldProblem { field, code, text }
    }

    /// What is wrong, in `lang`.
    pub(crate) fn message(&self, lang: Lang) -> String {
        self.text.text(lang)
    }

    /// `{"problems": [{"field", "code", "message"}, …]}`, the messages in `lang`.
    pub(crate) fn details(problems: &[FieldProblem], lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "problems": problems.iter().map(|p| serde_json::json!({
                "field": p.field,
                "code": p.code,
                "message": p.message(lang),
                "messages": { "nl": p.message(Lang::Nl), "en": p.message(Lang::En) },
            })).collect::<Vec<_>>()
        })
    }
}

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
