//! The manager's account: who is logged in, and what they may do.
//!
//! A handler that needs a logged-in manager takes [`CurrentManager`] as an argument. The
//! extractor answers `401 not_logged_in` without a valid session and, for every state-changing
//! method (POST, PUT, PATCH, DELETE), `403 csrf_failed` unless the `X-CSRF-Token` header holds
//! the session's token and the `Origin` (when sent) is ours. So no handler can forget CSRF:
//!
//! ```text
//! async fn create(
//!     manager: CurrentManager,               // before the body: refused requests are not read
//!     State(state): State<AppState>,
//!     Json(order): Json<NewOrder>,
//! ) -> Result<Json<Order>, ApiError> {
//!     manager.ensure_manages(&order.kvk_number)?; // 403 organisation_not_managed
//!     manager.ensure_level(order.level)?;         // 403 level_above_own
//!     …
//! }
//! ```
//!
//! A state-changing endpoint without a session (only the login) takes [`csrf::SameOrigin`].
//!
//! - [`password`]: argon2id hashing and verification.
//! - [`session`]: sessions in the database behind the `middelpunt_session` cookie.
//! - [`csrf`]: the CSRF token and `Origin` checks.
//! - [`lockout`]: after 5 failed logins in a row a network address waits before it may try that
//!   account again (1, 2, 4, 8, then 15 minutes); other addresses are not kept out.
//! - [`setup`]: accounts created without a password, set up through a one-time link; the
//!   password policy.
//! - [`second_factor`]: the authenticator app (TOTP) and the recovery codes. A session that gave
//!   only the password reaches nothing but the second factor's endpoints ([`SignedIn`]); every
//!   other endpoint takes [`CurrentManager`], which asks for the second factor.
//! - [`demo`]: the demo managers of `MIDDELPUNT_DEMO`; they sign in with the public password
//!   alone, which is why the demo is never for production.

pub mod accounts;
pub(crate) mod csrf;
pub mod demo;
mod error;
pub mod lockout;
pub mod passkey;
pub mod password;
pub mod second_factor;
pub mod session;
pub mod setup;

use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use domain::Level;
use domain::kvk::KvkNumber;
use sqlx::{AnyConnection, AnyPool};

use crate::AppState;
use crate::config::Config;
use crate::error::{ApiError, BoxError, StartError};

pub use error::AuthError;

/// How recent the second factor must be for a weighty action, in seconds (15 minutes).
pub const STEP_UP_SECS: i64 = 15 * 60;

/// How often expired sessions and old failed-login records are purged.
pub const PURGE_INTERVAL: Duration = Duration::from_secs(10 * 60);

/// What an account may do: the contract's vocabulary, stored in `account_roles`; how far a
/// session is past the second factor.
pub use api::{Role, SecondFactor};

/// The logged-in manager of the request. Extracting it checks the session and, for
/// state-changing methods, CSRF (see the [module](self) documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentManager {
    pub id: i64,
    /// Lower-cased.
    pub email: String,
    /// The name to greet with.
    pub name: String,
    /// The manager's own level: the highest they may order at.
    pub level: Level,
    /// The KvK numbers of the organisations the manager may order for, sorted.
    pub organisations: Vec<String>,
    /// `manager` alone, or the back office's `operator` and/or `admin` (who manage no
    /// organisation), sorted.
    pub roles: Vec<Role>,
    session_key: String,
    csrf_token: String,
    /// When the session last passed the second factor.
    second_factor_at: Option<i64>,
    /// The API client acting for the manager, when the request came with its bearer token
    /// (crate::clients): then `organisations` is the client's one organisation, and the audit
    /// log names the client.
    pub client: Option<crate::clients::ClientIdentity>,
}

impl CurrentManager {
    /// `403 step_up_required` unless the session passed the second factor within the last
    /// [`STEP_UP_SECS`] at `now`. The demo accounts, which have no second factor, pass while
    /// the demo is on (`demo`).
    pub fn ensure_recent_second_factor(&self, now: i64, demo: bool) -> Result<(), AuthError> {
        let recent = self
            .second_factor_at
            .is_some_and(|at| at >= now - STEP_UP_SECS);
        // An API client acts within what the manager granted it with the second factor.
        if recent || self.client.is_some() || (demo && demo::is_demo_email(&self.email)) {
            Ok(())
        } else {
            Err(AuthError::StepUpRequired)
        }
    }

    /// Whether the account holds `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Whether the manager manages the organisation with this KvK number.
    pub fn manages(&self, kvk_number: &str) -> bool {
        self.organisations.iter().any(|kvk| kvk == kvk_number)
    }

    /// `403 organisation_not_managed` unless the manager manages this organisation.
    pub fn ensure_manages(&self, kvk_number: &str) -> Result<(), AuthError> {
        if self.manages(kvk_number) {
            Ok(())
        } else {
            Err(AuthError::OrganisationNotManaged {
                kvk_number: kvk_number.to_owned(),
            })
        }
    }

    /// Whether the manager may order means and machtigingen at `level` (at most their own).
    pub fn may_order_at(&self, level: Level) -> bool {
        level <= self.level
    }

    /// `403 level_above_own` unless the manager may order at `level`.
    pub fn ensure_level(&self, level: Level) -> Result<(), AuthError> {
        if self.may_order_at(level) {
            Ok(())
        } else {
            Err(AuthError::LevelAboveOwn {
                wanted: level,
                own: self.level,
            })
        }
    }

    /// The session's CSRF token, for the SPA to send back in `X-CSRF-Token`.
    pub fn csrf_token(&self) -> &str {
        &self.csrf_token
    }

    /// The stored key (token hash) of the request's session.
    pub(crate) fn session_key(&self) -> &str {
        &self.session_key
    }
}

impl FromRequestParts<AppState> for CurrentManager {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let SignedIn(account, second_factor) = SignedIn::from_request_parts(parts, state).await?;
        match second_factor {
            SecondFactor::Passed => Ok(account),
            pending => Err(AuthError::SecondFactorRequired(pending).into()),
        }
    }
}

/// A signed-in account whether or not its session passed the second factor, for the second
/// factor's own endpoints (and "who am I", logout). Checks the session and CSRF like
/// [`CurrentManager`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn(pub CurrentManager, pub SecondFactor);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = session::token_from_headers(&parts.headers).ok_or(AuthError::NotLoggedIn)?;
        let found = session::find(&state.db, &token, unix_now())
            .await?
            .ok_or(AuthError::NotLoggedIn)?;
        if !parts.method.is_safe() {
            csrf::check(parts, &state.config.public_url, &found.csrf_token)
                .map_err(AuthError::CsrfFailed)?;
        }
        let second_factor =
            second_factor_state(&state.db, found.manager_id, found.second_factor_at).await?;
        let account = CurrentManager::from_session(&state.db, found).await?;
        Ok(SignedIn(account, second_factor))
    }
}

/// The logged-in operator of the request: a [`CurrentManager`] whose role is
/// [`Role::Operator`]; `403 operator_only` for a manager, `401 not_logged_in` without a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentOperator(pub CurrentManager);

impl FromRequestParts<AppState> for CurrentOperator {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let account = CurrentManager::from_request_parts(parts, state).await?;
        if account.has_role(Role::Operator) {
            Ok(CurrentOperator(account))
        } else {
            Err(AuthError::OperatorOnly.into())
        }
    }
}

/// The logged-in admin of the request: a [`CurrentManager`] who holds [`Role::Admin`];
/// `403 admin_only` for anyone else, `401 not_logged_in` without a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentAdmin(pub CurrentManager);

impl FromRequestParts<AppState> for CurrentAdmin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let account = CurrentManager::from_request_parts(parts, state).await?;
        if account.has_role(Role::Admin) {
            Ok(CurrentAdmin(account))
        } else {
            Err(AuthError::AdminOnly.into())
        }
    }
}

/// How far a session is past the second factor: passed at `second_factor_at`, else whether the
/// account has an authenticator app to ask for.
pub(crate) async fn second_factor_state(
    pool: &AnyPool,
    manager_id: i64,
    second_factor_at: Option<i64>,
) -> Result<SecondFactor, sqlx::Error> {
    Ok(if second_factor_at.is_some() {
        SecondFactor::Passed
    } else if second_factor::has_authenticator(pool, manager_id).await?
        || passkey::has_passkey(pool, manager_id).await?
    {
        SecondFactor::Required
    } else {
        SecondFactor::NotSetUp
    })
}

impl CurrentManager {
    /// The account of a session found by [`session::find`].
    pub(crate) async fn from_session(
        pool: &AnyPool,
        found: session::Found,
    ) -> Result<CurrentManager, ApiError> {
        let level = parse_level(&found.level)?;
        let roles = roles(pool, found.manager_id).await?;
        let organisations = organisations(pool, found.manager_id).await?;
        Ok(CurrentManager {
            id: found.manager_id,
            email: found.email,
            name: found.name,
            level,
            organisations,
            roles,
            session_key: found.key,
            csrf_token: found.csrf_token,
            second_factor_at: found.second_factor_at,
            client: None,
        })
    }
}

impl CurrentManager {
    /// The manager `id` as an API client of theirs acts for them (crate::clients): only the
    /// client's organisation `kvk_number`, no session.
    pub(crate) fn for_client(
        id: i64,
        email: String,
        name: String,
        level: Level,
        kvk_number: String,
        client: crate::clients::ClientIdentity,
    ) -> CurrentManager {
        CurrentManager {
            id,
            email,
            name,
            level,
            organisations: vec![kvk_number],
            roles: vec![Role::Manager],
            session_key: String::new(),
            csrf_token: String::new(),
            second_factor_at: None,
            client: Some(client),
        }
    }
}

/// A level as stored (`EH2`, `EH2+`, `EH3`; the table's CHECK allows nothing else).
pub(crate) fn parse_level(stored: &str) -> Result<Level, ApiError> {
    Level::parse(stored).ok_or_else(|| ApiError::internal(format!("stored level {stored:?}")))
}

/// The KvK numbers the manager manages, sorted. A co-manager's organisation
/// (crate::manage::co_manager) only while the means they were appointed with is active and
/// valid today: the role ends with the means.
pub async fn organisations(pool: &AnyPool, manager_id: i64) -> Result<Vec<String>, sqlx::Error> {
    let today = crate::clock::today(unix_now()).iso_string();
    sqlx::query_scalar(
        "SELECT mo.kvk_number FROM manager_organisations mo WHERE mo.manager_id = $1 \
         AND NOT EXISTS (SELECT 1 FROM co_managers c JOIN means m ON m.id = c.means_id \
         WHERE c.manager_id = mo.manager_id AND c.kvk_number = mo.kvk_number \
         AND (m.status <> 'active' OR m.valid_until < $2)) \
         ORDER BY mo.kvk_number",
    )
    .bind(manager_id)
    .bind(today)
    .fetch_all(pool)
    .await
}

/// The account's roles, in the vocabulary's order.
pub async fn roles(pool: &AnyPool, manager_id: i64) -> Result<Vec<Role>, ApiError> {
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT role FROM account_roles WHERE manager_id = $1")
            .bind(manager_id)
            .fetch_all(pool)
            .await?;
    let mut roles = stored
        .iter()
        .map(|role| {
            Role::parse(role).ok_or_else(|| ApiError::internal(format!("stored role {role:?}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    roles.sort_by_key(|role| Role::ALL.iter().position(|r| r == role));
    Ok(roles)
}

/// A manager to create with [`create_manager`].
#[derive(Debug, Clone)]
pub struct NewManager<'a> {
    /// Lower-cased before storing.
    pub email: &'a str,
    pub name: &'a str,
    /// An argon2id PHC string from [`password::hash`].
    pub password_hash: &'a str,
    pub level: Level,
    /// KvK numbers, 8 digits each.
    pub organisations: &'a [&'a str],
    /// `manager` alone, or any of the back office's `operator` and `admin`.
    pub roles: &'a [Role],
}

/// Why a manager could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateManagerError {
    #[error("{0:?} is not a KvK number of 8 digits")]
    KvkNumber(String),
    #[error("an account holds manager alone, or the back office's operator and admin")]
    Roles,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Whether `roles` may be held together: `manager` alone (a customer's account), or the
/// back office's `operator` and `admin` in any combination.
pub fn roles_combine(roles: &[Role]) -> bool {
    match roles {
        [] => false,
        [Role::Manager] => true,
        staff => !staff.contains(&Role::Manager),
    }
}

/// Creates the manager unless one with this e-mail address exists, and adds the organisations
/// and roles the manager lacks. Idempotent; answers the manager's id and whether it was created
/// now. On `connection`, so that the back office creates an account in the transaction of its
/// appointment.
pub async fn create_manager(
    connection: &mut AnyConnection,
    manager: &NewManager<'_>,
    now: i64,
) -> Result<(i64, bool), CreateManagerError> {
    if let Some(bad) = manager
        .organisations
        .iter()
        .find(|kvk| KvkNumber::parse_exact(kvk).is_none())
    {
        return Err(CreateManagerError::KvkNumber((*bad).to_owned()));
    }
    if !roles_combine(manager.roles) {
        return Err(CreateManagerError::Roles);
    }
    let email = manager.email.trim().to_lowercase();
    let mut created = false;
    // The next id; a concurrent insert (another instance) may take it first, so try again.
    let mut attempts = 0;
    let id = loop {
        attempts += 1;
        if attempts > 10 {
            return Err(CreateManagerError::Database(sqlx::Error::Protocol(
                "no free manager id after 10 attempts".into(),
            )));
        }
        if let Some(id) = sqlx::query_scalar::<_, i64>("SELECT id FROM managers WHERE email = $1")
            .bind(&email)
            .fetch_optional(&mut *connection)
            .await?
        {
            break id;
        }
        // `WHERE 1 = 1`: SQLite needs a WHERE before ON CONFLICT in an INSERT … SELECT.
        let inserted = sqlx::query(
            "INSERT INTO managers \
             (id, email, display_name, password_hash, level, created_at) \
             SELECT COALESCE(MAX(id), 0) + 1, $1, $2, $3, $4, $5 FROM managers WHERE 1 = 1 \
             ON CONFLICT DO NOTHING",
        )
        .bind(&email)
        .bind(manager.name)
        .bind(manager.password_hash)
        .bind(manager.level.label())
        .bind(now)
        .execute(&mut *connection)
        .await?;
        created |= inserted.rows_affected() == 1;
    };
    for role in manager.roles {
        sqlx::query(
            "INSERT INTO account_roles (manager_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(role.as_str())
        .execute(&mut *connection)
        .await?;
    }
    for kvk_number in manager.organisations {
        // Registered when it was not (its name unknown until the back office looks it up).
        sqlx::query(
            "INSERT INTO organisations (kvk_number, registered_at) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(*kvk_number)
        .bind(now)
        .execute(&mut *connection)
        .await?;
        sqlx::query(
            "INSERT INTO manager_organisations (manager_id, kvk_number) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(*kvk_number)
        .execute(&mut *connection)
        .await?;
    }
    Ok((id, created))
}

/// At start, after the migrations: prepares the dummy password hash (so the first unknown
/// e-mail address costs no more than a known one) and creates the demo managers when
/// `MIDDELPUNT_DEMO` is on, or ends their sessions when it is off.
pub async fn prepare(pool: &AnyPool, config: &Config) -> Result<(), StartError> {
    tokio::task::spawn_blocking(password::warm_up)
        .await
        .map_err(|error| StartError::Demo(BoxError::from(error.to_string())))?;
    let result = if config.demo {
        demo::seed(pool).await
    } else {
        demo::end_sessions(pool)
            .await
            .map(|_ended| ())
            .map_err(BoxError::from)
    };
    result.map_err(StartError::Demo)
}

/// Purges expired sessions and old failed-login records every [`PURGE_INTERVAL`], forever;
/// failures are logged.
pub(crate) async fn purge_periodically(pool: AnyPool) {
    let mut interval = tokio::time::interval(PURGE_INTERVAL);
    loop {
        interval.tick().await;
        let now = unix_now();
        match session::purge_expired(&pool, now).await {
            Ok(0) => {}
            Ok(purged) => tracing::debug!(purged, "purged expired sessions"),
            Err(error) => tracing::warn!(%error, "cannot purge expired sessions"),
        }
        if let Err(error) = lockout::purge(&pool, now).await {
            tracing::warn!(%error, "cannot purge old failed-login records");
        }
        if let Err(error) = setup::purge_links(&pool, now).await {
            tracing::warn!(%error, "cannot purge ended account links");
        }
        if let Err(error) = passkey::purge_ceremonies(&pool, now).await {
            tracing::warn!(%error, "cannot purge expired passkey ceremonies");
        }
    }
}

/// Now, in unix seconds.
pub use crate::clock::unix_now;

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use domain::Lang;

    use super::*;
    use crate::error::Problem;

    fn manager(level: Level) -> CurrentManager {
        CurrentManager {
            id: 1,
            email: "a@b.nl".into(),
            name: "A".into(),
            level,
            organisations: vec!["68750110".into(), "69599084".into()],
            roles: vec![Role::Manager],
            session_key: String::new(),
            csrf_token: String::new(),
            second_factor_at: Some(1_000),
            client: None,
        }
    }

    #[test]
    fn a_weighty_action_needs_the_second_factor_within_fifteen_minutes() {
        let manager = manager(Level::Eh3);
        assert!(
            manager
                .ensure_recent_second_factor(1_000 + STEP_UP_SECS, false)
                .is_ok()
        );
        let late = manager.ensure_recent_second_factor(1_001 + STEP_UP_SECS, false);
        assert_eq!(late.unwrap_err().code(), "step_up_required");
        let pending = CurrentManager {
            second_factor_at: None,
            ..manager.clone()
        };
        assert!(pending.ensure_recent_second_factor(1_000, false).is_err());
        let demo = CurrentManager {
            email: "beheerder@demo.middelpunt.nl".into(),
            second_factor_at: None,
            ..manager
        };
        assert!(demo.ensure_recent_second_factor(1_000, true).is_ok());
        assert!(demo.ensure_recent_second_factor(1_000, false).is_err());
    }

    #[test]
    fn a_manager_orders_only_for_own_organisations_at_most_at_own_level() {
        let eh2plus = manager(Level::Eh2Plus);
        assert!(eh2plus.ensure_manages("68750110").is_ok());
        assert_eq!(
            eh2plus.ensure_manages("69599068").unwrap_err().code(),
            "organisation_not_managed"
        );
        assert!(eh2plus.ensure_level(Level::Eh2).is_ok());
        assert!(eh2plus.ensure_level(Level::Eh2Plus).is_ok());
        let refused = eh2plus.ensure_level(Level::Eh3).unwrap_err();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        assert_eq!(refused.details(Lang::Nl).unwrap()["own_level"], "EH2+");
        assert!(manager(Level::Eh3).may_order_at(Level::Eh3));
    }

    #[test]
    fn every_auth_error_speaks_both_languages() {
        let errors = [
            AuthError::NotLoggedIn,
            AuthError::InvalidCredentials,
            AuthError::locked(1_000, 100),
            AuthError::locked(1_000, 999),
            AuthError::CsrfFailed(csrf::Failure::MissingToken),
            AuthError::OrganisationNotManaged {
                kvk_number: "12345678".into(),
            },
            AuthError::LevelAboveOwn {
                wanted: Level::Eh3,
                own: Level::Eh2Plus,
            },
            AuthError::OperatorOnly,
            AuthError::AdminOnly,
            AuthError::PasskeyNameInvalid,
            AuthError::CurrentPasswordWrong,
            AuthError::DemoPasswordFixed,
            AuthError::SecondFactorRequired(SecondFactor::Required),
            AuthError::SecondFactorRequired(SecondFactor::NotSetUp),
            AuthError::InvalidCode,
            AuthError::second_factor_locked(1_000, 100),
            AuthError::LinkInvalid,
            AuthError::SetupTokenMissing,
            AuthError::PasswordRefused(setup::PasswordRefused::TooShort),
            AuthError::PasswordRefused(setup::PasswordRefused::TooLong),
            AuthError::PasswordRefused(setup::PasswordRefused::TooGuessable),
            AuthError::AuthenticatorExists,
            AuthError::AuthenticatorNotStarted,
            AuthError::CurrentSession,
            AuthError::StepUpRequired,
            AuthError::AccountSuspended,
        ];
        for error in errors {
            let (nl, en) = (error.message(Lang::Nl), error.message(Lang::En));
            assert_ne!(nl, en, "{error:?}");
            assert!(!nl.is_empty() && !en.is_empty());
        }
    }

    #[test]
    fn a_lock_says_for_how_many_minutes() {
        let locked = AuthError::locked(1_000 + 15 * 60, 1_000);
        assert_eq!(locked.retry_after(), Some(900));
        assert!(locked.message(Lang::Nl).contains("over 15 minuten"));
        assert!(locked.message(Lang::En).contains("in 15 minutes"));
        let almost = AuthError::locked(1_030, 1_000);
        assert!(almost.message(Lang::Nl).contains("over 1 minuut"));
        assert_eq!(almost.details(Lang::Nl).unwrap()["locked_until"], 1_030);
    }
}
