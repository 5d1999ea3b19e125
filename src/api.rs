//! THE API client: every call the SPA makes to the server goes through here.
//!
//! Requests carry the interface language (`Accept-Language`, read from `<html lang>`), the
//! session cookie (same origin) and, for state-changing requests, the CSRF token the server
//! handed out at login. Failures become [`ApiError`]: the server's one JSON error shape, or a
//! network failure.

use std::cell::RefCell;

pub mod authorisations;
pub mod back_office;
pub mod clients;
pub mod passkeys;
pub mod user_files;
pub mod year;

use ::api::account::{AuthenticatorConfirmed, NewPassword, PasswordResetRequest, SecondFactorCode};
use ::api::activation::{CodeBody, OrderBody};
use ::api::dev::MessageList;
use ::api::identifications::Queue;
use ::api::manage::Correction;
use ::api::orders::{KnownUsersAnswer, KnownUsersRequest};
use ::api::session::{Credentials, MaybeSession, SessionBody};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{Serialize, de::DeserializeOwned};

// The bodies are the contract's (`crates/api`), the same types the server answers with.
pub use ::api::account::{AccountLink, AccountSession, AuthenticatorEnrolment};
pub use ::api::activation::{ActivationView, AuthorisationList, Contact};
pub use ::api::dev::DevMessage;
pub use ::api::error::{ErrorDetails, Problem};
pub use ::api::identifications::{DocumentType, Method, Outcome, Recorded, Recording, Waiting};
pub use ::api::manage::{
    AuditEntry, Entries, Items, MeansDetail, OrderCancelled, OrganisationRef, Page, RequestDetail,
    RequestRow, Requests, Revoked, TimelineEvent, UserDetail, UserRow, Users,
};
pub use ::api::orders::{KnownUser, PlacedOrder};
pub use ::api::session::Manager;
pub use ::api::{
    ActorKind, AuditAction, EndReason, EventKind, LinkPurpose, MeansStatus, RequestStatus, Role,
    SecondFactor, UserStatus,
};

/// The server's error body, with the details the SPA acts on.
pub type ErrorBody = ::api::error::ErrorBody<ErrorDetails>;

thread_local! {
    static CSRF_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The server answered with an error; `message` is already in the user's language.
    #[error("{} ({status}): {}", .body.code, .body.message)]
    Server { status: u16, body: ErrorBody },
    /// The server could not be reached, or answered something that is not our JSON.
    #[error("network: {0}")]
    Network(String),
}

impl ApiError {
    /// The server's error code, if the server answered.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Server { body, .. } => Some(&body.code),
            ApiError::Network(_) => None,
        }
    }

    /// What the user reads: the server's message in the interface's language now (so that it
    /// follows a switch of language), or that the server could not be reached. When the server
    /// failed (a 5xx) it names the request's id, for the help desk to find it in the server's
    /// logs.
    pub fn text(&self, i18n: crate::i18n::I18n) -> String {
        match self {
            ApiError::Server { status, body } => {
                let message = body.message_in(i18n.lang());
                match &body.request_id {
                    Some(id) if *status >= 500 => format!(
                        "{message} {}",
                        i18n.t(crate::i18n::T::ErrorReference).replace("{id}", id)
                    ),
                    _ => message.to_string(),
                }
            }
            ApiError::Network(_) => i18n.t(crate::i18n::T::NetworkError).to_string(),
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Server { status, .. } => Some(*status),
            ApiError::Network(_) => None,
        }
    }
}

fn language() -> String {
    leptos::prelude::document()
        .document_element()
        .and_then(|root| root.get_attribute("lang"))
        .unwrap_or_else(|| "nl".to_string())
}

fn prepare(builder: RequestBuilder, changes_state: bool) -> RequestBuilder {
    let builder = builder
        .header("Accept", "application/json")
        .header("Accept-Language", &language());
    match CSRF_TOKEN.with(|t| t.borrow().clone()) {
        Some(token) if changes_state => builder.header("X-CSRF-Token", &token),
        _ => builder,
    }
}

async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    let response = request
        .map_err(|e| ApiError::Network(e.to_string()))?
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::Server { status, body }),
        Err(_) => Err(ApiError::Network(format!("HTTP {status}"))),
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    response
        .json::<T>()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(send(prepare(Request::get(path), false).build()).await?).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    decode(send(prepare(Request::post(path), true).json(body)).await?).await
}

async fn delete(path: &str) -> Result<(), ApiError> {
    send(prepare(Request::delete(path), true).build())
        .await
        .map(|_| ())
}

/// A `DELETE` whose answer has a body.
async fn delete_for<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(send(prepare(Request::delete(path), true).build()).await?).await
}

/// A signed-in account and how far its session is past the second factor.
pub type SignedIn = (Manager, SecondFactor);

fn remember(session: SessionBody) -> SignedIn {
    CSRF_TOKEN.with(|t| *t.borrow_mut() = Some(session.csrf_token));
    (session.manager, session.second_factor)
}

/// `GET /api/v1/session`: the signed-in account, or `None` when nobody is.
pub async fn current_session() -> Result<Option<SignedIn>, ApiError> {
    let session = get::<MaybeSession>("/api/v1/session").await?;
    Ok(session.session().map(remember))
}

/// `POST /api/v1/session`: signs in with the password; the second factor may come next.
pub async fn log_in(email: &str, password: &str) -> Result<SignedIn, ApiError> {
    let credentials = Credentials {
        email: email.to_owned(),
        password: password.to_owned(),
    };
    post::<_, SessionBody>("/api/v1/session", &credentials)
        .await
        .map(remember)
}

/// `POST /api/v1/session/second-factor`: the app's code or a recovery code.
pub async fn pass_second_factor(code: &str) -> Result<Manager, ApiError> {
    let body = SecondFactorCode {
        code: code.to_owned(),
    };
    post::<_, SessionBody>("/api/v1/session/second-factor", &body)
        .await
        .map(|session| remember(session).0)
}

/// The header of a set-up link's token.
const SETUP_TOKEN: &str = "X-Setup-Token";

/// `GET /api/v1/account-setup`: whose set-up or reset link this is.
pub async fn account_link(token: &str) -> Result<AccountLink, ApiError> {
    let request = prepare(Request::get("/api/v1/account-setup"), false)
        .header(SETUP_TOKEN, token)
        .build();
    decode(send(request).await?).await
}

/// `POST /api/v1/account-setup`: chooses the password through the link.
pub async fn set_password(token: &str, password: &str) -> Result<SignedIn, ApiError> {
    let body = NewPassword {
        password: password.to_owned(),
    };
    let request = prepare(Request::post("/api/v1/account-setup"), true)
        .header(SETUP_TOKEN, token)
        .json(&body);
    decode::<SessionBody>(send(request).await?)
        .await
        .map(remember)
}

/// `POST /api/v1/password-reset`: asks for a link to choose a new password.
pub async fn request_password_reset(email: &str) -> Result<(), ApiError> {
    let body = PasswordResetRequest {
        email: email.to_owned(),
    };
    send(prepare(Request::post("/api/v1/password-reset"), true).json(&body))
        .await
        .map(|_| ())
}

/// `GET /api/v1/account/sessions`: the account's signed-in browsers.
pub async fn account_sessions() -> Result<Vec<AccountSession>, ApiError> {
    get::<::api::account::AccountSessions>("/api/v1/account/sessions")
        .await
        .map(|listing| listing.sessions)
}

/// `DELETE /api/v1/account/sessions/{id}`: ends one of the account's other sessions.
pub async fn end_session(id: &str) -> Result<(), ApiError> {
    delete(&format!("/api/v1/account/sessions/{id}")).await
}

/// `DELETE /api/v1/account/sessions`: ends every other session; answers how many.
pub async fn end_other_sessions() -> Result<u64, ApiError> {
    let ended: ::api::account::SessionsEnded =
        decode(send(prepare(Request::delete("/api/v1/account/sessions"), true).build()).await?)
            .await?;
    Ok(ended.ended)
}

/// `PUT /api/v1/account/password`: a new password, given with the current one.
pub async fn change_password(current: &str, new: &str) -> Result<(), ApiError> {
    let body = ::api::account::PasswordChange {
        current_password: current.to_owned(),
        new_password: new.to_owned(),
    };
    let request = prepare(Request::put("/api/v1/account/password"), true).json(&body);
    send(request).await.map(|_| ())
}

/// `POST /api/v1/account/recovery-codes`: ten new recovery codes.
pub async fn renew_recovery_codes() -> Result<Vec<String>, ApiError> {
    let renewed: ::api::account::RecoveryCodes =
        post_empty("/api/v1/account/recovery-codes").await?;
    Ok(renewed.recovery_codes)
}

/// `DELETE /api/v1/account/authenticator`: removes the authenticator app.
pub async fn remove_authenticator() -> Result<(), ApiError> {
    delete("/api/v1/account/authenticator").await
}

/// `POST /api/v1/account/authenticator`: a new secret for an authenticator app.
pub async fn start_authenticator() -> Result<AuthenticatorEnrolment, ApiError> {
    post_empty("/api/v1/account/authenticator").await
}

/// `POST /api/v1/account/authenticator/confirmation`: the app's first code; answers the
/// account and its recovery codes.
pub async fn confirm_authenticator(code: &str) -> Result<(Manager, Vec<String>), ApiError> {
    let body = SecondFactorCode {
        code: code.to_owned(),
    };
    let confirmed: AuthenticatorConfirmed =
        post("/api/v1/account/authenticator/confirmation", &body).await?;
    Ok((remember(confirmed.session).0, confirmed.recovery_codes))
}

/// `DELETE /api/v1/session`: logs out.
pub async fn log_out() -> Result<(), ApiError> {
    delete("/api/v1/session").await?;
    CSRF_TOKEN.with(|t| *t.borrow_mut() = None);
    Ok(())
}

/// `GET /api/v1/organisations/{kvk}`: the organisation as the KvK register holds it.
pub async fn organisation(
    kvk_number: &str,
) -> Result<domain::organisation::Organisation, ApiError> {
    get(&format!("/api/v1/organisations/{kvk_number}")).await
}

/// `GET /api/v1/catalogue`: the services that can be authorised.
pub async fn catalogue() -> Result<domain::catalogue::Catalogue, ApiError> {
    get("/api/v1/catalogue").await
}

/// `GET /api/v1/prices`: the price list.
pub async fn prices() -> Result<domain::pricing::PriceList, ApiError> {
    get("/api/v1/prices").await
}

/// `POST /api/v1/quotes`: the server's price for a draft order.
pub async fn quote(
    request: domain::pricing::QuoteRequest,
) -> Result<domain::pricing::Quote, ApiError> {
    post("/api/v1/quotes", &request).await
}

/// `GET /api/v1/orders/{order_number}`: one of the manager's orders.
pub async fn order(order_number: &str) -> Result<PlacedOrder, ApiError> {
    get(&format!("/api/v1/orders/{order_number}")).await
}

/// `POST /api/v1/orders`: places the order. The same `idempotency_key` (one per draft) makes a
/// double click or a retry after a network error return the same order instead of a second one.
pub async fn place_order(
    request: &domain::order::OrderRequest,
    idempotency_key: &str,
) -> Result<PlacedOrder, ApiError> {
    let builder =
        prepare(Request::post("/api/v1/orders"), true).header("Idempotency-Key", idempotency_key);
    decode(send(builder.json(request)).await?).await
}

/// `GET /api/v1/dev/messages`: what the development mailbox received, newest first (404 when
/// the server runs with a real mail transport).
pub async fn dev_messages(recipient: Option<String>) -> Result<Vec<DevMessage>, ApiError> {
    let path = match recipient {
        Some(to) => format!(
            "/api/v1/dev/messages?recipient={}",
            js_sys::encode_uri_component(&to)
        ),
        None => "/api/v1/dev/messages".to_string(),
    };
    get::<MessageList>(&path).await.map(|m| m.messages)
}

/// `POST /api/v1/organisations/{kvk}/known-users`: which of `emails` already have an open
/// request at the organisation.
pub async fn known_users(kvk_number: &str, emails: &[String]) -> Result<Vec<KnownUser>, ApiError> {
    let body = KnownUsersRequest {
        emails: emails.to_vec(),
    };
    post::<_, KnownUsersAnswer>(
        &format!("/api/v1/organisations/{kvk_number}/known-users"),
        &body,
    )
    .await
    .map(|k| k.known)
}

// ----- The user's activation (no login: the invitation's token is the key) -----

/// A request for the activation endpoints: the token goes in `X-Activation-Token`, never in
/// the path or query, so that it is in no access log.
fn activation_request(builder: RequestBuilder, token: &str) -> RequestBuilder {
    prepare(builder, false).header("X-Activation-Token", token)
}

async fn activation_post<B: Serialize>(
    path: &str,
    token: &str,
    body: Option<&B>,
) -> Result<ActivationView, ApiError> {
    let builder = activation_request(Request::post(path), token);
    let request = match body {
        Some(body) => builder.json(body),
        None => builder.build(),
    };
    decode(send(request).await?).await
}

/// `GET /api/v1/activation`: where the activation is, without changing it.
pub async fn activation(token: &str) -> Result<ActivationView, ApiError> {
    let request = activation_request(Request::get("/api/v1/activation"), token).build();
    decode(send(request).await?).await
}

/// `POST /api/v1/activation/email-confirmation`: opening the link confirms the e-mail address
/// (idempotent).
pub async fn confirm_email(token: &str) -> Result<ActivationView, ApiError> {
    activation_post::<OrderBody>("/api/v1/activation/email-confirmation", token, None).await
}

/// `POST /api/v1/activation/sms-code`: sends a (new) code to the user's mobile number.
pub async fn send_sms_code(token: &str) -> Result<ActivationView, ApiError> {
    activation_post::<OrderBody>("/api/v1/activation/sms-code", token, None).await
}

/// `POST /api/v1/activation/sms-code/verification`: checks the code the user typed.
pub async fn verify_sms_code(token: &str, code: &str) -> Result<ActivationView, ApiError> {
    let body = CodeBody {
        code: code.to_owned(),
    };
    activation_post(
        "/api/v1/activation/sms-code/verification",
        token,
        Some(&body),
    )
    .await
}

/// `POST /api/v1/activation/order`: the user orders the means (having accepted the terms).
pub async fn order_means(token: &str) -> Result<ActivationView, ApiError> {
    let body = OrderBody {
        accepted_terms: true,
    };
    activation_post("/api/v1/activation/order", token, Some(&body)).await
}

// ----- The operator's identification queue -----

/// `GET /api/v1/identifications`: everyone waiting, the nearest deadline first.
pub async fn identifications() -> Result<Vec<Waiting>, ApiError> {
    get::<Queue>("/api/v1/identifications")
        .await
        .map(|w| w.requests)
}

/// `GET /api/v1/identifications/{request_id}`: one waiting request.
pub async fn identification(request_id: &str) -> Result<Waiting, ApiError> {
    get(&format!("/api/v1/identifications/{request_id}")).await
}

/// `POST /api/v1/identifications/{request_id}`: records the outcome.
pub async fn record_identification(
    request_id: &str,
    recording: &Recording,
) -> Result<Recorded, ApiError> {
    post(&format!("/api/v1/identifications/{request_id}"), recording).await
}

// ----- Beheer -----
// Gebruikers, Lopende aanvragen and the audit log (docs/manage-api.md). The lists take the query
// string of the page's own URL as it is: the page's filters have the API's names.

/// A state-changing request without a body.
async fn post_empty<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(send(prepare(Request::post(path), true).build()).await?).await
}

/// `path` with the query string `query` (without `?`), when there is one.
fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// `GET /api/v1/users?…`: a page of Gebruikers.
pub async fn users(query: String) -> Result<Page<Users>, ApiError> {
    get(&with_query("/api/v1/users", &query)).await
}

/// `GET /api/v1/users/{request_id}`: one person, their means and timeline.
pub async fn user(request_id: String) -> Result<UserDetail, ApiError> {
    get(&format!("/api/v1/users/{request_id}")).await
}

/// `POST /api/v1/means/{means_id}/revocation`: revokes the means at once.
pub async fn revoke_means(means_id: String) -> Result<Revoked, ApiError> {
    post_empty(&format!("/api/v1/means/{means_id}/revocation")).await
}

/// `GET /api/v1/requests?…`: a page of Lopende aanvragen.
pub async fn requests(query: String) -> Result<Page<Requests>, ApiError> {
    get(&with_query("/api/v1/requests", &query)).await
}

/// `GET /api/v1/requests/{request_id}`: one request with its timeline.
pub async fn request(request_id: String) -> Result<RequestDetail, ApiError> {
    get(&format!("/api/v1/requests/{request_id}")).await
}

/// `POST /api/v1/requests/{request_id}/invitation`: a new link; the old one stops working.
pub async fn resend_invitation(request_id: String) -> Result<RequestRow, ApiError> {
    post_empty(&format!("/api/v1/requests/{request_id}/invitation")).await
}

/// `PATCH /api/v1/requests/{request_id}`: corrects the e-mail address or the mobile number.
pub async fn correct_request(
    request_id: String,
    email: Option<String>,
    mobile: Option<String>,
) -> Result<RequestRow, ApiError> {
    let path = format!("/api/v1/requests/{request_id}");
    let request = prepare(Request::patch(&path), true).json(&Correction { email, mobile });
    decode(send(request).await?).await
}

/// `POST /api/v1/requests/{request_id}/cancellation`: cancels one request.
pub async fn cancel_request(request_id: String) -> Result<RequestRow, ApiError> {
    post_empty(&format!("/api/v1/requests/{request_id}/cancellation")).await
}

/// `POST /api/v1/orders/{order_number}/cancellation`: cancels every open request of the order.
pub async fn cancel_order(order_number: String) -> Result<OrderCancelled, ApiError> {
    post_empty(&format!("/api/v1/orders/{order_number}/cancellation")).await
}

/// `GET /api/v1/audit?…`: a page of the audit log, newest first.
pub async fn audit(query: String) -> Result<Page<Entries>, ApiError> {
    get(&with_query("/api/v1/audit", &query)).await
}
