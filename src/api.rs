//! THE API client: every call the SPA makes to the server goes through here.
//!
//! Requests carry the interface language (`Accept-Language`, read from `<html lang>`), the
//! session cookie (same origin) and, for state-changing requests, the CSRF token the server
//! handed out at login. Failures become [`ApiError`]: the server's one JSON error shape, or a
//! network failure.

use std::cell::RefCell;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{Deserialize, Serialize, de::DeserializeOwned};

thread_local! {
    static CSRF_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The server's error body: `{"code", "message", "details"?}` (details are for API clients; the
/// message already says everything a person needs).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default)]
    details: Option<ErrorDetails>,
}

/// The parts of `details` the SPA uses: a refused request's problems, each where it is, and
/// what the activation and SMS errors add (when to try again, the manager to ask, …).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct ErrorDetails {
    #[serde(default)]
    problems: Vec<ProblemBody>,
    /// `sms_resend_too_soon`, `sms_hourly_limit`: seconds until a new code can be asked for.
    #[serde(default)]
    pub retry_after_seconds: Option<u64>,
    /// `sms_code_wrong`: tries left with the current code.
    #[serde(default)]
    pub attempts_left: Option<u32>,
    /// The activation's status (`activation_wrong_step`, `activation_finished`, …).
    #[serde(default)]
    pub status: Option<String>,
    /// When the activation expired, was cancelled or finished (unix seconds).
    #[serde(default)]
    pub at: Option<i64>,
    /// Who to ask about an expired, cancelled or finished activation.
    #[serde(default)]
    pub manager: Option<Contact>,
}

/// One problem of a refused request: `location` is like `users[2].mobile` (orders) or a field
/// name such as `document_last4` (identifications, which call it `field`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ProblemBody {
    #[serde(alias = "field")]
    pub location: String,
    pub code: String,
    pub message: String,
}

impl ErrorBody {
    /// The request's problems, when the server listed them (e.g. a refused order).
    pub fn problems(&self) -> &[ProblemBody] {
        self.details.as_ref().map_or(&[], |d| &d.problems)
    }

    /// The error's details, when the server gave any.
    pub fn details(&self) -> Option<&ErrorDetails> {
        self.details.as_ref()
    }
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

/// The logged-in manager (or operator), as the server reports it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Manager {
    pub email: String,
    pub name: String,
    /// The highest level the manager may order; operators may have none.
    #[serde(default)]
    pub level: Option<domain::Level>,
    #[serde(default)]
    pub organisations: Vec<String>,
    /// `manager` or `operator` (who records identifications).
    #[serde(default = "manager_role")]
    pub role: String,
}

fn manager_role() -> String {
    "manager".to_string()
}

impl Manager {
    /// Whether this account records identifications (role `operator`).
    pub fn is_operator(&self) -> bool {
        self.role == "operator"
    }
}

#[derive(Debug, Clone, Deserialize)]
struct SessionBody {
    manager: Manager,
    csrf_token: String,
}

/// `GET /api/v1/session` answers `{"manager": null}` when nobody is logged in.
#[derive(Debug, Clone, Deserialize)]
struct MaybeSession {
    manager: Option<Manager>,
    #[serde(default)]
    csrf_token: Option<String>,
}

#[derive(Serialize)]
struct Credentials<'a> {
    email: &'a str,
    password: &'a str,
}

fn remember(session: SessionBody) -> Manager {
    CSRF_TOKEN.with(|t| *t.borrow_mut() = Some(session.csrf_token));
    session.manager
}

/// `GET /api/v1/session`: the current manager, or `None` when nobody is logged in.
pub async fn current_manager() -> Result<Option<Manager>, ApiError> {
    let session = get::<MaybeSession>("/api/v1/session").await?;
    Ok(match (session.manager, session.csrf_token) {
        (Some(manager), Some(csrf_token)) => Some(remember(SessionBody {
            manager,
            csrf_token,
        })),
        _ => None,
    })
}

/// `POST /api/v1/session`: logs in.
pub async fn log_in(email: &str, password: &str) -> Result<Manager, ApiError> {
    post::<_, SessionBody>("/api/v1/session", &Credentials { email, password })
        .await
        .map(remember)
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

/// A user of a placed order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OrderedUser {
    pub name: String,
    pub email: String,
    pub employed: bool,
    pub status: String,
}

/// A placed order, as the server holds it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PlacedOrder {
    pub order_number: String,
    pub organisation_name: String,
    pub kvk_number: String,
    pub level: domain::Level,
    pub users: Vec<OrderedUser>,
    pub quote: domain::pricing::Quote,
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

/// A message in the development mailbox (an e-mail or an SMS).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DevMessage {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: Option<String>,
    pub text: String,
    pub sent_at: i64,
}

#[derive(Debug, Clone, Deserialize)]
struct DevMessages {
    messages: Vec<DevMessage>,
}

/// `GET /api/v1/dev/messages`: what the development mailbox received, newest first (404 when
/// the server runs with a real mail transport).
pub async fn dev_messages() -> Result<Vec<DevMessage>, ApiError> {
    get::<DevMessages>("/api/v1/dev/messages")
        .await
        .map(|m| m.messages)
}

/// A person who already has an open request at the organisation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct KnownUser {
    pub email: String,
    pub status: String,
    pub order_number: String,
}

#[derive(Debug, Clone, Deserialize)]
struct KnownUsers {
    known: Vec<KnownUser>,
}

/// `POST /api/v1/organisations/{kvk}/known-users`: which of `emails` already have an open
/// request at the organisation.
pub async fn known_users(kvk_number: &str, emails: &[String]) -> Result<Vec<KnownUser>, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        emails: &'a [String],
    }
    post::<_, KnownUsers>(
        &format!("/api/v1/organisations/{kvk_number}/known-users"),
        &Body { emails },
    )
    .await
    .map(|k| k.known)
}

// ----- The user's activation (no login: the invitation's token is the key) -----

/// Someone to ask: the manager who ordered the means.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
}

/// Where an activation is (`ActivationView.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivationStatus {
    Invited,
    EmailConfirmed,
    MobileVerified,
    IdentificationRequired,
    Issued,
}

/// The person as the manager entered them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ActivationUser {
    pub first_names: String,
    #[serde(default)]
    pub infix: Option<String>,
    pub last_name: String,
    pub full_name: String,
    /// ISO date, `1985-03-15`.
    pub birth_date: String,
    pub birth_place: String,
    pub email: String,
    pub mobile: String,
    pub employed: bool,
}

/// An organisation by name, KvK number and (optionally) branch.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OrganisationRef {
    pub kvk_number: String,
    pub name: String,
    #[serde(default)]
    pub branch_number: Option<String>,
}

/// The authorisations that come with a means.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct AuthorisationList {
    #[serde(default)]
    pub all_services: bool,
    #[serde(default)]
    pub items: Vec<String>,
}

/// The SMS code's state (unix seconds).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SmsState {
    pub sent_at: i64,
    pub code_expires_at: i64,
    pub resend_at: i64,
    pub sends_left: u32,
    pub attempts_left: u32,
}

/// An identification that must happen before `deadline` (unix seconds).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct IdentificationDue {
    pub deadline: i64,
}

/// An issued eHerkenning means.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Means {
    pub id: String,
    pub level: String,
    /// ISO dates.
    pub valid_from: String,
    pub valid_until: String,
    #[serde(default)]
    pub authorisations: AuthorisationList,
}

/// What every activation endpoint answers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ActivationView {
    pub status: ActivationStatus,
    pub user: ActivationUser,
    pub organisation: OrganisationRef,
    pub level: String,
    pub term_years: u32,
    #[serde(default)]
    pub authorisations: AuthorisationList,
    pub manager: Contact,
    #[serde(default)]
    pub invitation_expires_at: i64,
    #[serde(default)]
    pub sms: Option<SmsState>,
    #[serde(default)]
    pub identification: Option<IdentificationDue>,
    #[serde(default)]
    pub means: Option<Means>,
}

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
    activation_post::<()>("/api/v1/activation/email-confirmation", token, None).await
}

/// `POST /api/v1/activation/sms-code`: sends a (new) code to the user's mobile number.
pub async fn send_sms_code(token: &str) -> Result<ActivationView, ApiError> {
    activation_post::<()>("/api/v1/activation/sms-code", token, None).await
}

/// `POST /api/v1/activation/sms-code/verification`: checks the code the user typed.
pub async fn verify_sms_code(token: &str, code: &str) -> Result<ActivationView, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        code: &'a str,
    }
    activation_post(
        "/api/v1/activation/sms-code/verification",
        token,
        Some(&Body { code }),
    )
    .await
}

/// `POST /api/v1/activation/order`: the user orders the means (having accepted the terms).
pub async fn order_means(token: &str) -> Result<ActivationView, ApiError> {
    #[derive(Serialize)]
    struct Body {
        accepted_terms: bool,
    }
    activation_post(
        "/api/v1/activation/order",
        token,
        Some(&Body {
            accepted_terms: true,
        }),
    )
    .await
}

// ----- The operator's identification queue -----

/// A person waiting to be identified.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct WaitingIdentification {
    pub request_id: String,
    pub order_number: String,
    pub full_name: String,
    /// ISO date.
    pub birth_date: String,
    pub birth_place: String,
    pub email: String,
    pub organisation: OrganisationRef,
    pub level: String,
    /// Unix seconds.
    pub ordered_at: i64,
    pub deadline: i64,
}

#[derive(Debug, Clone, Deserialize)]
struct WaitingIdentifications {
    requests: Vec<WaitingIdentification>,
}

/// `GET /api/v1/identifications`: everyone waiting, the nearest deadline first.
pub async fn identifications() -> Result<Vec<WaitingIdentification>, ApiError> {
    get::<WaitingIdentifications>("/api/v1/identifications")
        .await
        .map(|w| w.requests)
}

/// `GET /api/v1/identifications/{request_id}`: one waiting request.
pub async fn identification(request_id: &str) -> Result<WaitingIdentification, ApiError> {
    get(&format!("/api/v1/identifications/{request_id}")).await
}

/// What the operator records about an identification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdentificationOutcome {
    /// `approved` or `rejected`.
    pub outcome: String,
    /// `in_person` or `video`.
    pub method: String,
    /// `passport` or `id_card`.
    pub document_type: String,
    pub document_last4: String,
    pub name_matches: bool,
    pub birth_date_matches: bool,
    pub reason: Option<String>,
}

/// The server's answer to a recorded identification.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RecordedIdentification {
    /// `issued` or `rejected`.
    pub status: String,
    #[serde(default)]
    pub means_id: Option<String>,
}

/// `POST /api/v1/identifications/{request_id}`: records the outcome.
pub async fn record_identification(
    request_id: &str,
    outcome: &IdentificationOutcome,
) -> Result<RecordedIdentification, ApiError> {
    post(&format!("/api/v1/identifications/{request_id}"), outcome).await
}

// ----- Beheer -----
// Gebruikers, Lopende aanvragen and the audit log (docs/manage-api.md). The lists take the query
// string of the page's own URL as it is: the page's filters have the API's names.

/// One page of a list: `{"total", "page", "per_page", "<users|requests|entries>": [...]}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ListPage<T> {
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    #[serde(alias = "users", alias = "requests", alias = "entries")]
    pub items: Vec<T>,
}

impl<T> ListPage<T> {
    /// How many pages the list has (at least one).
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

/// A person in "Gebruikers".
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UserRow {
    pub request_id: String,
    #[serde(default)]
    pub means_id: Option<String>,
    pub name: String,
    pub email: String,
    pub mobile: String,
    pub organisation: OrganisationRef,
    #[serde(default)]
    pub branch_number: Option<String>,
    pub level: String,
    /// `active`, `revoked`, `expired` or `pending`.
    pub status: String,
    pub request_status: String,
    /// ISO date.
    #[serde(default)]
    pub valid_until: Option<String>,
    #[serde(default)]
    pub authorisations: Vec<String>,
}

/// A machtiging of a means, with its validity (ISO dates).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MeansAuthorisation {
    pub label: String,
    pub valid_from: String,
    pub valid_until: String,
}

/// An issued means as Beheer shows it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MeansDetail {
    pub id: String,
    /// `active` or `revoked`.
    pub status: String,
    pub valid_from: String,
    pub valid_until: String,
    pub issued_at: i64,
    #[serde(default)]
    pub revoked_at: Option<i64>,
    #[serde(default)]
    pub authorisations: Vec<MeansAuthorisation>,
}

/// One event of a request's timeline.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TimelineEvent {
    pub at: i64,
    pub kind: String,
    /// `manager`, `user`, `operator` or `system`.
    pub actor: String,
    #[serde(default)]
    pub actor_name: Option<String>,
    #[serde(default)]
    pub detail: Option<String>,
}

/// One person with their means and timeline.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UserDetail {
    #[serde(flatten)]
    pub user: UserRow,
    #[serde(default)]
    pub means: Option<MeansDetail>,
    #[serde(default)]
    pub events: Vec<TimelineEvent>,
}

/// A request in "Lopende aanvragen".
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RequestRow {
    pub request_id: String,
    pub order_number: String,
    pub name: String,
    pub email: String,
    pub mobile: String,
    pub organisation: OrganisationRef,
    #[serde(default)]
    pub branch_number: Option<String>,
    pub level: String,
    pub employed: bool,
    pub status: String,
    pub created_at: i64,
    /// Waiting since (unix seconds).
    pub last_event_at: i64,
    #[serde(default)]
    pub deadline: Option<i64>,
    pub ordered_by: String,
    pub email_confirmed: bool,
    pub mobile_verified: bool,
}

/// A request with its timeline.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RequestDetail {
    #[serde(flatten)]
    pub request: RequestRow,
    #[serde(default)]
    pub events: Vec<TimelineEvent>,
}

/// An entry of the audit log.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_name: String,
    pub actor_email: String,
    pub action: String,
    #[serde(default)]
    pub kvk_number: Option<String>,
    pub subject: String,
    #[serde(default)]
    pub detail: Option<String>,
}

/// What revoking a means answers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Revoked {
    pub means_id: String,
    pub status: String,
    pub revoked_at: i64,
}

/// What cancelling an order answers: how many open requests stopped.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OrderCancelled {
    pub order_number: String,
    pub cancelled: u32,
}

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
pub async fn users(query: String) -> Result<ListPage<UserRow>, ApiError> {
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
pub async fn requests(query: String) -> Result<ListPage<RequestRow>, ApiError> {
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
    #[derive(Serialize)]
    struct Body {
        #[serde(skip_serializing_if = "Option::is_none")]
        email: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        mobile: Option<String>,
    }
    let path = format!("/api/v1/requests/{request_id}");
    let request = prepare(Request::patch(&path), true).json(&Body { email, mobile });
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
pub async fn audit(query: String) -> Result<ListPage<AuditEntry>, ApiError> {
    get(&with_query("/api/v1/audit", &query)).await
}
