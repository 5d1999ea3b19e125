//! API clients ("Koppelingen", docs/clients-api.md): a manager's standing connection for one of
//! their organisations, through which an HR system or identity provider orders and revokes
//! means itself: the SCIM 2.0 service provider at `/scim/v2`, and the ordering API with a
//! bearer token (`Authorization: Bearer mpk_…`).
//!
//! - `GET /api/v1/api-clients`: the clients of the manager's organisations ([`ApiClients`]).
//! - `POST /api/v1/api-clients` ([`NewApiClient`]): creates one; answers [`IssuedSecret`], the
//!   only time the secret is shown. Needs the second factor given in the last 15 minutes.
//! - `GET /api/v1/api-clients/{client_id}`: one client ([`ApiClient`]).
//! - `POST /api/v1/api-clients/{client_id}/secret`: a new secret ([`IssuedSecret`]); the old one
//!   keeps working for [`ROTATION_GRACE_HOURS`] hours. Needs the second factor, as creating.
//! - `POST /api/v1/api-clients/{client_id}/revocation`: revokes the client at once: every
//!   secret stops working. Answers the [`ApiClient`].
//! - `PUT /api/v1/api-clients/{client_id}/webhook` ([`NewWebhook`]): sets the client's webhook,
//!   with a new signing secret shown this once ([`WebhookSet`]). Needs the second factor.
//! - `DELETE /api/v1/api-clients/{client_id}/webhook`: removes it; answers the [`ApiClient`].

use domain::Level;
use domain::catalogue::Authorisations;
use domain::pricing::{Quote, Term};
use serde::{Deserialize, Serialize};

use crate::{ClientPermission, ClientStatus};

/// How long a rotated secret keeps working beside the new one, in hours.
pub const ROTATION_GRACE_HOURS: i64 = 24;

/// At most this many days between today and a client's expiry (two years).
pub const MAX_VALIDITY_DAYS: i64 = 731;

/// The longest name of a client, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// The standing order every user created through the client gets, like the wizard's choices
/// for one person: the level (at most the creating manager's own), the branch, the
/// machtigingen and the term. The terms are accepted once, when the client is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProvisioningProfile {
    /// The level of every means ordered through the client.
    pub level: Level,
    /// One branch (vestigingsnummer, 12 digits) to order for; `None` for the whole organisation.
    #[serde(default)]
    pub branch_number: Option<String>,
    /// The machtigingen every user gets.
    pub authorisations: Authorisations,
    /// How long the means and their machtigingen are valid (1, 3 or 5 years).
    pub term: Term,
}

/// What `POST /api/v1/api-clients` takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApiClient {
    /// How the manager and the audit log name the client, e.g. "Entra ID": 1 to
    /// [`MAX_NAME_CHARS`] characters.
    pub name: String,
    /// The organisation the client acts for: one the manager manages.
    pub kvk_number: String,
    /// What the client may do; at least one, each once.
    pub permissions: Vec<ClientPermission>,
    /// The last day the client works (ISO date), from tomorrow to [`MAX_VALIDITY_DAYS`] days
    /// ahead.
    pub expires_on: String,
    /// The standing order of every user the client creates.
    pub profile: ProvisioningProfile,
    /// Whether the manager accepted the terms and conditions for every order the client
    /// places; absent means not, and the client is refused.
    #[serde(default)]
    pub accepted_terms: bool,
}

/// One API client, as the manager sees it. Never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiClient {
    /// `KP-XXXXX-XXXXX`.
    pub id: String,
    /// The client's name.
    pub name: String,
    /// The organisation the client acts for.
    pub kvk_number: String,
    /// The organisation's name, when known.
    pub organisation_name: Option<String>,
    /// What the client may do, in the vocabulary's order.
    pub permissions: Vec<ClientPermission>,
    /// The standing order of every user the client creates.
    pub profile: ProvisioningProfile,
    /// The price of one user under the profile (the wizard's quote for one person).
    pub price_per_user: Quote,
    /// Active, expired or revoked.
    pub status: ClientStatus,
    /// The last day the client works (ISO date).
    pub expires_on: String,
    /// When it was created (unix seconds), and by whom (the manager's name).
    pub created_at: i64,
    /// The manager who created it.
    pub created_by: String,
    /// When it was revoked (unix seconds), if it was.
    pub revoked_at: Option<i64>,
    /// When a secret of the client was last accepted (unix seconds), if ever.
    pub last_used_at: Option<i64>,
    /// The first characters of the current secret (`mpk_AbCd`), to tell secrets apart.
    pub secret_hint: String,
    /// Until when (unix seconds) the previous secret still works after a rotation, if it does.
    pub previous_secret_valid_until: Option<i64>,
    /// How many users the client has created through SCIM.
    pub users: i64,
    /// The client's webhook, if it has one: where changes of its users' requests are
    /// `POST`ed.
    #[serde(default)]
    pub webhook: Option<Webhook>,
}

/// The longest webhook URL, in characters.
pub const MAX_WEBHOOK_URL_CHARS: usize = 2000;

/// The prefix of every webhook signing secret.
pub const WEBHOOK_SECRET_PREFIX: &str = "whsec_";

/// An API client's webhook, as the manager sees it: where it goes and how its last delivery
/// went. Never the signing secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    /// The URL every event is `POST`ed to: `https://…` (`http://` only to this machine).
    pub url: String,
    /// The first 10 characters of the signing secret (`whsec_AbCd`), to tell secrets apart.
    pub secret_hint: String,
    /// When the last delivery was tried (unix seconds), if one was.
    pub last_delivery_at: Option<i64>,
    /// The HTTP status the receiver answered the last delivery with; `None` when none came (a
    /// network error) or nothing was delivered yet.
    pub last_status: Option<u16>,
    /// How the last delivery went.
    pub last_outcome: Option<WebhookOutcome>,
    /// How many deliveries failed since the last that succeeded.
    pub failures: i64,
}

/// How a webhook delivery went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WebhookOutcome {
    /// The receiver answered 2xx.
    Delivered,
    /// Another answer, or none: the event is tried again later.
    Failed,
    /// Not called: the URL's host resolved to an address of an internal network (private,
    /// link-local, shared, …). No connection was made; the event is tried again later.
    Refused,
}

impl WebhookOutcome {
    /// The word, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookOutcome::Delivered => "delivered",
            WebhookOutcome::Failed => "failed",
            WebhookOutcome::Refused => "refused",
        }
    }

    /// The outcome of a stored word.
    pub fn parse(word: &str) -> Option<WebhookOutcome> {
        match word {
            "delivered" => Some(WebhookOutcome::Delivered),
            "failed" => Some(WebhookOutcome::Failed),
            "refused" => Some(WebhookOutcome::Refused),
            _ => None,
        }
    }
}

/// What `PUT /api/v1/api-clients/{client_id}/webhook` takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewWebhook {
    /// An absolute `https://` URL without user or password, at most
    /// [`MAX_WEBHOOK_URL_CHARS`] characters; `http://` only to `localhost`, `127.0.0.1` or
    /// `[::1]`.
    pub url: String,
}

/// What setting a webhook answers: the client, and the new signing secret, the only time it is
/// shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookSet {
    /// The client, with its webhook.
    pub client: ApiClient,
    /// The signing secret: `whsec_` and 43 characters. Every delivery is signed with it
    /// (`Middelpunt-Signature`, see docs/clients-api.md).
    pub signing_secret: String,
}

/// What `GET /api/v1/api-clients` answers: the clients of the manager's organisations, newest
/// first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiClients {
    /// Newest first.
    pub clients: Vec<ApiClient>,
}

/// A client with its new secret: answered by creating and by rotating, the only time the
/// secret is shown. It is stored only as a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedSecret {
    /// The client, with the new secret's hint.
    pub client: ApiClient,
    /// The bearer token: `mpk_` and 43 characters. Sent as `Authorization: Bearer mpk_…`.
    pub secret: String,
}
