//! Co-managers (`/api/v1/users/{request_id}/manager-role`): a manager makes one of their users
//! a machtigingenbeheerder of the organisation of that user's means, at the user's level or
//! lower and never above their own, free of charge (as the suppliers do, domain.md 2.1). The
//! person gets an account without a password and the set-up e-mail of the back office's
//! onboarding; the role lasts while the means is active and valid (the account's organisations
//! are read through `co_managers`, crate::auth::organisations), or until a manager withdraws it.

use api::AccountState;
use api::authorisations::{ManagerRole, ManagerRoleRequest};
use axum::http::StatusCode;
use domain::{Lang, Level};

use super::audit::{self, Action};
use super::machtigingen::store as people;
use super::machtigingen::{MachtigingError, store::Holder};
use super::users::UserError;
use crate::AppState;
use crate::activation::events::{self, Actor, Event};
use crate::auth::setup::NO_PASSWORD;
use crate::auth::{CurrentManager, NewManager, Role, create_manager};
use crate::error::{ApiError, Problem};
use crate::lang::Text;
use crate::orders::today;

/// Why a co-manager cannot be appointed or withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum CoManagerError {
    #[error("level {level} is above {max}")]
    LevelTooHigh { level: Level, max: Level },
    #[error("already a co-manager")]
    Exists,
    #[error("an account for {0} exists")]
    AccountExists(String),
    #[error("no co-manager role")]
    NotFound,
}

impl Problem for CoManagerError {
    fn status(&self) -> StatusCode {
        match self {
            CoManagerError::LevelTooHigh { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            CoManagerError::Exists | CoManagerError::AccountExists(_) => StatusCode::CONFLICT,
            CoManagerError::NotFound => StatusCode::NOT_FOUND,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            CoManagerError::LevelTooHigh { .. } => "level_too_high",
            CoManagerError::Exists => "manager_role_exists",
            CoManagerError::AccountExists(_) => "manager_account_exists",
            CoManagerError::NotFound => "manager_role_not_found",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            CoManagerError::LevelTooHigh { level, max } => Text::ManagerRoleLevelTooHigh {
                level: level.label(),
                max: max.label(),
            },
            CoManagerError::Exists => Text::ManagerRoleExists,
            CoManagerError::AccountExists(email) => Text::ManagerAccountExists { email },
            CoManagerError::NotFound => Text::ManagerRoleNotFound,
        }
        .text(lang)
    }
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    manager_id: i64,
    kvk_number: String,
    level: String,
    password_hash: String,
    suspended_at: Option<i64>,
    appointed_at: i64,
    appointed_by: Option<String>,
}

async fn role_row(state: &AppState, request_id: &str) -> Result<Option<RoleRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.manager_id, c.kvk_number, m.level, m.password_hash, m.suspended_at, \
         c.appointed_at, a.display_name AS appointed_by \
         FROM co_managers c JOIN managers m ON m.id = c.manager_id \
         LEFT JOIN managers a ON a.id = c.appointed_by WHERE c.request_id = $1",
    )
    .bind(request_id)
    .fetch_optional(&state.db)
    .await
}

/// The user's role as co-manager, if a manager gave them one.
pub(crate) async fn role(
    state: &AppState,
    request_id: &str,
) -> Result<Option<ManagerRole>, ApiError> {
    let Some(row) = role_row(state, request_id).await? else {
        return Ok(None);
    };
    Ok(Some(ManagerRole {
        level: crate::auth::parse_level(&row.level)?,
        state: if row.suspended_at.is_some() {
            AccountState::Suspended
        } else if row.password_hash == NO_PASSWORD {
            AccountState::Invited
        } else {
            AccountState::Active
        },
        appointed_at: row.appointed_at,
        appointed_by: row.appointed_by.unwrap_or_default(),
    }))
}

/// The holder of request `request_id`'s means, at one of the manager's organisations.
async fn holder(
    state: &AppState,
    manager: &CurrentManager,
    request_id: &str,
) -> Result<Option<Holder>, ApiError> {
    let found = people::people(&state.db, &[request_id.to_owned()]).await?;
    match found.into_iter().next() {
        Some(person) if manager.manages(&person.kvk_number) => person.holder(),
        _ => Err(UserError::NotFound(request_id.to_owned()).into()),
    }
}

/// Makes the user of request `request_id` a manager of their means' organisation.
pub(crate) async fn appoint(
    state: &AppState,
    manager: &CurrentManager,
    request_id: &str,
    request: &ManagerRoleRequest,
    now: i64,
) -> Result<ManagerRole, ApiError> {
    let Some(holder) = holder(state, manager, request_id).await? else {
        return Err(MachtigingError::MeansNotValid(request_id.to_owned()).into());
    };
    if !holder.valid_on(today(now)) {
        return Err(MachtigingError::MeansNotValid(holder.means_id).into());
    }
    let max = holder.level.min(manager.level);
    if request.level > max {
        return Err(CoManagerError::LevelTooHigh {
            level: request.level,
            max,
        }
        .into());
    }
    if role_row(state, request_id).await?.is_some() {
        return Err(CoManagerError::Exists.into());
    }
    let mut tx = crate::db::begin_write(&state.db).await?;
    let (id, created) = create_manager(
        &mut tx,
        &NewManager {
            email: &holder.email,
            name: &holder.name,
            password_hash: NO_PASSWORD,
            level: request.level,
            organisations: &[&holder.kvk_number],
            roles: &[Role::Manager],
        },
        now,
    )
    .await
    .map_err(|error| ApiError::internal(error.to_string()))?;
    if !created {
        // The transaction is dropped: an existing account is not given the organisation here.
        return Err(CoManagerError::AccountExists(holder.email).into());
    }
    sqlx::query(
        "INSERT INTO co_managers (manager_id, kvk_number, request_id, means_id, appointed_by, \
         appointed_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(&holder.kvk_number)
    .bind(request_id)
    .bind(&holder.means_id)
    .bind(manager.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    crate::back_office::store::send_setup_mail(
        &mut tx,
        id,
        &holder.name,
        &holder.email,
        &holder.organisation_name,
        state.config.public_url.as_str(),
        now,
    )
    .await?;
    let level = request.level.label();
    events::record(
        &mut tx,
        request_id,
        now,
        Event::ManagerRoleGiven,
        &Actor::Manager(manager.id),
        Some(level),
    )
    .await?;
    audit::record(
        &mut tx,
        manager,
        Some(&holder.kvk_number),
        Action::CoManagerAppointed,
        &holder.email,
        Some(&format!("{} ({level})", holder.name)),
        now,
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(request = %request_id, manager = manager.id, "co-manager appointed");
    Ok(ManagerRole {
        level: request.level,
        state: AccountState::Invited,
        appointed_at: now,
        appointed_by: manager.name.clone(),
    })
}

/// Withdraws the co-manager role of the user of request `request_id`: the account no longer
/// manages the organisation, and without another organisation its sessions end.
pub(crate) async fn withdraw(
    state: &AppState,
    manager: &CurrentManager,
    request_id: &str,
    now: i64,
) -> Result<(), ApiError> {
    let row = match role_row(state, request_id).await? {
        Some(row) if manager.manages(&row.kvk_number) => row,
        _ => return Err(CoManagerError::NotFound.into()),
    };
    let mut tx = crate::db::begin_write(&state.db).await?;
    let deleted = sqlx::query("DELETE FROM co_managers WHERE request_id = $1")
        .bind(request_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if deleted != 1 {
        return Err(CoManagerError::NotFound.into());
    }
    sqlx::query("DELETE FROM manager_organisations WHERE manager_id = $1 AND kvk_number = $2")
        .bind(row.manager_id)
        .bind(&row.kvk_number)
        .execute(&mut *tx)
        .await?;
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM manager_organisations WHERE manager_id = $1")
            .bind(row.manager_id)
            .fetch_one(&mut *tx)
            .await?;
    if left == 0 {
        sqlx::query("DELETE FROM sessions WHERE manager_id = $1")
            .bind(row.manager_id)
            .execute(&mut *tx)
            .await?;
    }
    let email: String = sqlx::query_scalar("SELECT email FROM managers WHERE id = $1")
        .bind(row.manager_id)
        .fetch_one(&mut *tx)
        .await?;
    events::record(
        &mut tx,
        request_id,
        now,
        Event::ManagerRoleWithdrawn,
        &Actor::Manager(manager.id),
        None,
    )
    .await?;
    audit::record(
        &mut tx,
        manager,
        Some(&row.kvk_number),
        Action::CoManagerWithdrawn,
        &email,
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
