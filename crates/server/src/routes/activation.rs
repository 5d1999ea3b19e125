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
use crate::openapi::Error;

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
#[utoipa::path(
    get, path = "/api/v1/activation", operation_id = "getActivation", tag = "activation",
    security(("activationToken" = [])),
    responses(
        (status = 200, description = "The request as it is.", body = ActivationView),
        (status = 404, description = "`activation_not_found`: an unknown or forged token.", body = Error),
        (status = 410, description = "`activation_expired`, `activation_cancelled` or `activation_finished`.", body = Error),
    )
)]
pub(crate) async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ActivationView>, ApiError> {
    let now = unix_now();
    let record = activation::open(&state, activation::token_from_headers(&headers), now).await?;
    answer(&state, &record, None, now).await
}

/// `POST /api/v1/activation/email-confirmation`: opening the link confirms the address.
#[utoipa::path(
    post, path = "/api/v1/activation/email-confirmation", operation_id = "confirmEmail", tag = "activation",
    security(("activationToken" = [])),
    responses(
        (status = 200, description = "The address is confirmed (idempotent).", body = ActivationView),
        (status = 404, description = "`activation_not_found`: an unknown or forged token.", body = Error),
        (status = 410, description = "`activation_expired`, `activation_cancelled` or `activation_finished`.", body = Error),
        (status = 409, description = "`activation_wrong_step`.", body = Error),
    )
)]
pub(crate) async fn confirm_email(
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
#[utoipa::path(
    post, path = "/api/v1/activation/sms-code", operation_id = "sendSmsCode", tag = "activation",
    security(("activationToken" = [])),
    responses(
        (status = 200, description = "A new 6-digit code was sent (valid 10 minutes).", body = ActivationView),
        (status = 404, description = "`activation_not_found`: an unknown or forged token.", body = Error),
        (status = 410, description = "`activation_expired`, `activation_cancelled` or `activation_finished`.", body = Error),
        (status = 409, description = "`activation_wrong_step`.", body = Error),
        (status = 429, description = "`sms_resend_too_soon`, `sms_hourly_limit` or `sms_daily_limit`; `details.retry_after_seconds`.", body = Error,
            headers(("Retry-After" = u64, description = "Seconds until a new code may be asked for."))),
    )
)]
pub(crate) async fn send_code(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ActivationView>, ApiError> {
    let now = unix_now();
    let record = activation::open(&state, activation::token_from_headers(&headers), now).await?;
    sms_code::send(&state, &record, now).await?;
    answer(&state, &record, None, now).await
}

/// The bodies of `POST /api/v1/activation/sms-code/verification` and `…/order`.
pub(crate) use api::activation::{CodeBody, OrderBody};

/// `POST /api/v1/activation/sms-code/verification`: the code the user typed.
#[utoipa::path(
    post, path = "/api/v1/activation/sms-code/verification", operation_id = "verifySmsCode", tag = "activation",
    security(("activationToken" = [])),
    request_body = CodeBody,
    responses(
        (status = 200, description = "The mobile number is verified.", body = ActivationView),
        (status = 404, description = "`activation_not_found`: an unknown or forged token.", body = Error),
        (status = 410, description = "`activation_expired`, `activation_cancelled` or `activation_finished`.", body = Error),
        (status = 409, description = "`sms_code_missing` (no code sent yet) or `activation_wrong_step`.", body = Error),
        (status = 422, description = "`sms_code_format` (not 6 digits) or `sms_code_wrong` (`details.attempts_left`).", body = Error),
        (status = 429, description = "`sms_code_blocked`: 5 wrong tries; request a new code.", body = Error),
    )
)]
pub(crate) async fn verify_code(
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
#[utoipa::path(
    post, path = "/api/v1/activation/order", operation_id = "orderMeans", tag = "activation",
    security(("activationToken" = [])),
    request_body = OrderBody,
    responses(
        (status = 200, description = "An employee's means is issued; others wait for an identification.", body = ActivationView),
        (status = 404, description = "`activation_not_found`: an unknown or forged token.", body = Error),
        (status = 410, description = "`activation_expired`, `activation_cancelled` or `activation_finished`.", body = Error),
        (status = 409, description = "`activation_wrong_step`: the mobile number is not verified yet; or `organisation_ended`: the KvK register now lists the organisation as ended, so the request stopped (`details.status`: `rejected`, `details.end_reason`: `organisation_ended`, `details.manager`: who was told).", body = Error),
        (status = 422, description = "`terms_not_accepted`.", body = Error),
        (status = 503, description = "`register_unavailable` (with `Retry-After`): the KvK register, asked before a means is issued, cannot answer now; or the database does not (`service_unavailable`).", body = Error,
            headers(("Retry-After" = u64, description = "Seconds after which the register may answer again (`register_unavailable` only)."))),
    )
)]
pub(crate) async fn order(
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
