//! `/api/v1/activation…`: the user's side of a request, opened by the invitation token in the
//! `X-Activation-Token` header (docs/activation-api.md). No login; the token is the key, and a
//! custom header cannot be sent cross-site without CORS, so no CSRF token is needed.

use axum::extract::State;
use axum::http::HeaderMap;

use crate::AppState;
use crate::activation::{self, ActivationView, sms_code};
use crate::clock::unix_now;
use crate::error::ApiError;
use crate::extract::Json;
use crate::lang;

async fn answer(
    state: &AppState,
    record: &activation::RequestRecord,
    means: Option<activation::issuance::MeansView>,
    now: i64,
) -> Result<Json<ActivationView>, ApiError> {
    Ok(Json(
        activation::view(state, record, means, now, lang::current()).await?,
    ))
}

/// `GET /api/v1/activation`: the request as it is.
pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ActivationView>, ApiError> {
    let now = unix_now();
    let record = activation::open(&state, activation::token_from_headers(&headers), now).await?;
    answer(&state, &record, None, now).await
}

/// `POST /api/v1/activation/email-confirmation`: opening the link confirms the address.
pub async fn confirm_email(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ActivationView>, ApiError> {
    let now = unix_now();
    let mut record =
        activation::open(&state, activation::token_from_headers(&headers), now).await?;
    activation::confirm_email(&state, &mut record, now).await?;
    answer(&state, &record, None, now).await
}

/// `POST /api/v1/activation/sms-code`: sends a (new) code to the user's mobile number.
pub async fn send_code(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ActivationView>, ApiError> {
    let now = unix_now();
    let record = activation::open(&state, activation::token_from_headers(&headers), now).await?;
    sms_code::send(&state, &record, now).await?;
    answer(&state, &record, None, now).await
}

/// The bodies of `POST /api/v1/activation/sms-code/verification` and `…/order`.
pub use api::activation::{CodeBody, OrderBody};

/// `POST /api/v1/activation/sms-code/verification`: the code the user typed.
pub async fn verify_code(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(body): Json<CodeBody>,
) -> Result<Json<ActivationView>, ApiError> {
    let now = unix_now();
    let mut record =
        activation::open(&state, activation::token_from_headers(&headers), now).await?;
    sms_code::verify(&state, &mut record, &body.code, now).await?;
    answer(&state, &record, None, now).await
}

/// `POST /api/v1/activation/order`: the user orders; the means is issued or an identification
/// follows.
pub async fn order(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(body): Json<OrderBody>,
) -> Result<Json<ActivationView>, ApiError> {
    let now = unix_now();
    let mut record =
        activation::open(&state, activation::token_from_headers(&headers), now).await?;
    let means = activation::order(
        &state,
        &mut record,
        body.accepted_terms,
        now,
        lang::current(),
    )
    .await?;
    answer(&state, &record, means, now).await
}
