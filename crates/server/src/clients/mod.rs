//! API clients ("Koppelingen", docs/clients-api.md): a manager's standing connection for one of
//! their organisations. An HR system or identity provider holding a client's secret orders and
//! revokes means itself, through SCIM 2.0 (crate::scim) or the ordering API, within the
//! client's permissions and under its provisioning profile; the audit log names the client.
//!
//! - Creating one ([`create`]) checks the profile by the order's own rules
//!   (`domain::order::check_order`) and stores the secret only as a hash. The secret is shown
//!   once.
//! - [`rotate`] gives a new secret; the old one keeps working
//!   [`ROTATION_GRACE_HOURS`] hours, so the system using it can switch without a gap.
//! - [`revoke`] ends every secret at once.
//! - [`webhooks`]: a client's URL told of its users' requests' changes, signed, through the
//!   outbox.
//! - [`authenticate`] turns a bearer token into the manager it acts for, restricted to the
//!   client's organisation ([`caller::Acting`] is the extractor).

pub(crate) mod caller;
pub(crate) mod reads;
mod store;
pub(crate) mod webhooks;

use api::ClientPermission;
use axum::http::StatusCode;
use domain::Lang;
use domain::kvk::KvkNumber;
use domain::order::{OrderContext, OrderProblem, OrderRequest, check_order};
use domain::pricing::QuoteRequest;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::{ApiError, Problem};
use crate::lang::Text;
use crate::manage::audit::{self, Action};
use crate::{kvk, offer};

pub(crate) use api::clients::{
    ApiClient, ApiClients, IssuedSecret, MAX_NAME_CHARS, MAX_VALIDITY_DAYS, NewApiClient,
    ProvisioningProfile, ROTATION_GRACE_HOURS,
};

/// The prefix of every secret, so that a leaked one is recognisable (secret scanners) and
/// never mistaken for a session token.
pub(crate) const SECRET_PREFIX: &str = "mpk_";

/// Seconds between two writes of a client's last use: a busy client does not write on every
/// call.
const TOUCH_INTERVAL_SECS: i64 = 60;

/// The API client acting in a request: who it is, what it may do, and its standing order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIdentity {
    /// `KP-XXXXX-XXXXX`.
    pub id: String,
    /// Its name, as the manager gave it.
    pub name: String,
    /// How the audit log names it: "Koppeling Entra ID (KP-…)".
    pub audit_name: String,
    /// What it may do.
    pub permissions: Vec<ClientPermission>,
    /// The standing order of every user it creates.
    pub profile: ProvisioningProfile,
}

/// Why a client call or a change of a client is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum ClientError {
    #[error("the client breaks {} rule(s)", .0.len())]
    Invalid(Vec<ClientProblem>),
    #[error("no API client {0} at the manager's organisations")]
    NotFound(String),
    #[error("the API client is revoked or expired")]
    NotActive,
    #[error("the bearer token is not a working secret of an API client")]
    Unauthorized,
    #[error("the API client lacks the permission {0}")]
    PermissionMissing(ClientPermission),
}

/// One thing wrong with a new client: where, a code and the message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClientProblem {
    location: String,
    code: String,
    message: String,
}

impl Problem for ClientError {
    fn status(&self) -> StatusCode {
        match self {
            ClientError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ClientError::NotFound(_) => StatusCode::NOT_FOUND,
            ClientError::NotActive => StatusCode::CONFLICT,
            ClientError::Unauthorized => StatusCode::UNAUTHORIZED,
            ClientError::PermissionMissing(_) => StatusCode::FORBIDDEN,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ClientError::Invalid(_) => "api_client_invalid",
            ClientError::NotFound(_) => "api_client_not_found",
            ClientError::NotActive => "api_client_not_active",
            ClientError::Unauthorized => "api_client_unauthorized",
            ClientError::PermissionMissing(_) => "api_client_permission_missing",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            ClientError::Invalid(problems) => Text::ClientInvalid {
                count: problems.len(),
            },
            ClientError::NotFound(id) => Text::ClientNotFound { id },
            ClientError::NotActive => Text::ClientNotActive,
            ClientError::Unauthorized => Text::ClientUnauthorized,
            ClientError::PermissionMissing(permission) => Text::ClientPermissionMissing {
                permission: permission.as_str(),
            },
        }
        .text(lang)
    }

    fn details(&self, _: Lang) -> Option<Value> {
        match self {
            ClientError::Invalid(problems) => Some(json!({
                "problems": problems.iter().map(|p| json!({
                    "location": p.location,
                    "code": p.code,
                    "message": p.message,
                })).collect::<Vec<_>>()
            })),
            ClientError::PermissionMissing(permission) => {
                Some(json!({ "permission": permission.as_str() }))
            }
            _ => None,
        }
    }
}

/// Creates a client for `manager` (who gave the second factor recently: the route checks) and
/// answers it with its secret, the only time the secret is shown.
pub(crate) async fn create(
    state: &AppState,
    manager: &CurrentManager,
    new: NewApiClient,
    now: i64,
    lang: Lang,
) -> Result<IssuedSecret, ApiError> {
    manager.ensure_manages(&new.kvk_number)?;
    manager.ensure_level(new.profile.level)?;
    let number = KvkNumber::parse_exact(&new.kvk_number)
        .expect("a managed organisation's KvK number is one of 8 digits");
    let organisation = kvk::find(state.kvk.as_ref(), &number).await?;
    let mut problems = Vec::new();
    let mut problem = |location: &str, code: &str, text: Text<'_>| {
        problems.push(ClientProblem {
            location: location.to_owned(),
            code: code.to_owned(),
            message: text.text(lang),
        });
    };
    let name = new.name.trim();
    if name.is_empty() {
        problem("name", "name_missing", Text::ClientNameMissing);
    } else if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        let max = MAX_NAME_CHARS;
        problem("name", "name_invalid", Text::ClientNameInvalid { max });
    }
    let mut permissions = new.permissions.clone();
    permissions.sort_by_key(|p| ClientPermission::ALL.iter().position(|q| q == p));
    permissions.dedup();
    if permissions.is_empty() {
        problem(
            "permissions",
            "permissions_missing",
            Text::ClientPermissionsMissing,
        );
    }
    let today = crate::clock::today(now);
    let last_day = today
        .add_days(MAX_VALIDITY_DAYS)
        .expect("today plus two years is a date");
    match domain::Date::parse_iso(&new.expires_on) {
        Ok(date) if date > today && date <= last_day => {}
        _ => problem(
            "expires_on",
            "expiry_invalid",
            Text::ClientExpiryInvalid {
                last: &last_day.to_string(),
            },
        ),
    }
    // The profile by the order's own rules: an order of the profile with no users yet breaks
    // only `no_users` when every other choice is right.
    let branches: Vec<String> = organisation
        .branches
        .iter()
        .map(|b| b.branch_number.clone())
        .collect();
    let ended = organisation.ended();
    let context = OrderContext {
        manager_level: manager.level,
        managed: &manager.organisations,
        branches: &branches,
        catalogue: offer::catalogue(),
        today,
        max_users: state.config.import_max_rows,
        ended: ended.as_ref(),
    };
    let order = order_of(
        &new.kvk_number,
        &new.profile,
        Vec::new(),
        new.accepted_terms,
    );
    if let Err(found) = check_order(&order, context, lang) {
        for order_problem in found {
            let location = match &order_problem {
                OrderProblem::NoUsers => continue,
                OrderProblem::TermsNotAccepted => "accepted_terms".to_owned(),
                OrderProblem::OrganisationEnded(_) | OrderProblem::OrganisationNotManaged(_) => {
                    "kvk_number".to_owned()
                }
                other => format!("profile.{}", other.location()),
            };
            problems.push(ClientProblem {
                location,
                code: order_problem.code().to_owned(),
                message: order_problem.message(lang),
            });
        }
    }
    if !problems.is_empty() {
        return Err(ClientError::Invalid(problems).into());
    }
    let authorisations = offer::catalogue()
        .check(&new.profile.authorisations, new.profile.level, |s| {
            s.name.clone()
        })
        .map_err(|_| ApiError::internal("the profile's machtigingen passed the order's check"))?;
    let profile = ProvisioningProfile {
        authorisations,
        branch_number: new.profile.branch_number.clone(),
        ..new.profile
    };
    let id = crate::ids::readable("KP")?;
    let secret = new_secret()?;
    let mut tx = crate::db::begin_write(&state.db).await?;
    store::insert(
        &mut tx,
        store::NewClient {
            id: &id,
            kvk_number: &new.kvk_number,
            manager_id: manager.id,
            name,
            permissions: &permissions,
            profile: &profile,
            expires_on: &new.expires_on,
            now,
        },
    )
    .await?;
    store::insert_secret(&mut tx, &id, &secret, now).await?;
    let detail = format!(
        "{name}; {}; {} {}",
        permissions
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        profile.level.label(),
        profile.term.label(Lang::Nl)
    );
    audit::record(
        &mut tx,
        manager,
        Some(&new.kvk_number),
        Action::ApiClientCreated,
        &id,
        Some(&detail),
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(client = %id, kvk = %new.kvk_number, "API client created");
    Ok(IssuedSecret {
        client: show(state, manager, &id, now).await?,
        secret,
    })
}

/// The order the profile places for `users` at the organisation `kvk_number`.
pub(crate) fn order_of(
    kvk_number: &str,
    profile: &ProvisioningProfile,
    users: Vec<domain::user::RawUser>,
    accepted_terms: bool,
) -> OrderRequest {
    OrderRequest {
        kvk_number: kvk_number.to_owned(),
        branch_number: profile.branch_number.clone(),
        level: profile.level,
        users,
        authorisations: profile.authorisations.clone(),
        term: profile.term,
        accepted_terms,
    }
}

/// The clients of the manager's organisations, newest first.
pub(crate) async fn list(
    state: &AppState,
    manager: &CurrentManager,
    now: i64,
) -> Result<ApiClients, ApiError> {
    let rows = store::list(&state.db, &manager.organisations, None).await?;
    let clients = rows
        .into_iter()
        .map(|row| row.into_client(now))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ApiClients { clients })
}

/// One client of the manager's organisations, else `api_client_not_found`.
pub(crate) async fn show(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
    now: i64,
) -> Result<ApiClient, ApiError> {
    let row = store::list(&state.db, &manager.organisations, Some(id))
        .await?
        .pop()
        .ok_or_else(|| ClientError::NotFound(id.to_owned()))?;
    row.into_client(now)
}

/// A new secret for an active client; the current one keeps working for
/// [`ROTATION_GRACE_HOURS`] hours.
pub(crate) async fn rotate(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
    now: i64,
) -> Result<IssuedSecret, ApiError> {
    let client = active(state, manager, id, now).await?;
    let secret = new_secret()?;
    let mut tx = crate::db::begin_write(&state.db).await?;
    let grace_until = now + ROTATION_GRACE_HOURS * 3600;
    store::end_current_secret(&mut tx, id, grace_until).await?;
    store::insert_secret(&mut tx, id, &secret, now).await?;
    let detail = format!(
        "{}; vorig geheim geldig tot {}",
        client.name,
        domain::dutch_time::local_time(grace_until)
    );
    audit::record(
        &mut tx,
        manager,
        Some(&client.kvk_number),
        Action::ApiClientSecretRotated,
        id,
        Some(&detail),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(IssuedSecret {
        client: show(state, manager, id, now).await?,
        secret,
    })
}

/// One active client of the manager's organisations: `api_client_not_active` when it is revoked
/// or expired, `api_client_not_found` when there is no such client.
pub(crate) async fn active(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
    now: i64,
) -> Result<ApiClient, ApiError> {
    let client = show(state, manager, id, now).await?;
    if client.status != api::ClientStatus::Active {
        return Err(ClientError::NotActive.into());
    }
    Ok(client)
}

/// Revokes the client: every secret stops working at once. Revoking a revoked client answers
/// it unchanged.
pub(crate) async fn revoke(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
    now: i64,
) -> Result<ApiClient, ApiError> {
    let client = show(state, manager, id, now).await?;
    let mut tx = crate::db::begin_write(&state.db).await?;
    if store::revoke(&mut tx, id, now).await? {
        audit::record(
            &mut tx,
            manager,
            Some(&client.kvk_number),
            Action::ApiClientRevoked,
            id,
            Some(&client.name),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    show(state, manager, id, now).await
}

/// The manager a bearer `token` acts for, restricted to its client's organisation; `None` when
/// the token is no working secret: unknown, ended by a rotation, of a revoked or expired
/// client, or of a manager who no longer manages the organisation or is suspended.
pub(crate) async fn authenticate(
    state: &AppState,
    token: &str,
    now: i64,
) -> Result<Option<CurrentManager>, ApiError> {
    if !token.starts_with(SECRET_PREFIX) {
        return Ok(None);
    }
    let hash = crate::auth::session::hash_token(token);
    let today = crate::clock::today(now).iso_string();
    let Some(found) = store::find_by_secret(&state.db, &hash, now, &today).await? else {
        return Ok(None);
    };
    let organisations = crate::auth::organisations(&state.db, found.manager_id).await?;
    if !organisations.contains(&found.kvk_number) {
        return Ok(None);
    }
    if found
        .last_used_at
        .is_none_or(|at| at <= now - TOUCH_INTERVAL_SECS)
    {
        store::touch(&state.db, &found.id, now, now - TOUCH_INTERVAL_SECS).await?;
    }
    let identity = ClientIdentity {
        audit_name: format!("Koppeling {} ({})", found.name, found.id),
        id: found.id,
        name: found.name,
        permissions: store::parse_permissions(&found.permissions)?,
        profile: store::parse_profile(&found.profile)?,
    };
    let manager = crate::auth::CurrentManager::for_client(
        found.manager_id,
        found.manager_email,
        found.manager_name,
        crate::auth::parse_level(&found.manager_level)?,
        found.kvk_number,
        identity,
    );
    Ok(Some(manager))
}

/// A fresh secret: [`SECRET_PREFIX`] and 32 random bytes, base64url.
fn new_secret() -> Result<String, ApiError> {
    Ok(format!(
        "{SECRET_PREFIX}{}",
        crate::auth::session::random_token()?
    ))
}

/// The price of one user under `profile`: the wizard's quote for one person.
fn price_per_user(profile: &ProvisioningProfile) -> Result<domain::pricing::Quote, ApiError> {
    offer::prices()
        .quote(QuoteRequest {
            level: profile.level,
            term: profile.term,
            users: 1,
            authorisations_per_user: profile.authorisations.count_per_user(),
        })
        .map_err(ApiError::internal)
}
