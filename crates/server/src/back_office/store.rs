//! The back office's reads and writes. Every write takes the caller's transaction, in which its
//! audit entries are recorded too.

use api::LinkPurpose;
use domain::Level;
use domain::organisation::Organisation;
use sqlx::{AnyConnection, AnyPool};

use super::{
    AccountState, Authority, BackOfficeError, CheckedAppointment, CheckedMandate,
    ManagedOrganisation, ManagerDetail, ManagerSummary, MandateRecord, RegisteredOrganisation,
};
use crate::auth::session::hash_token;
use crate::auth::setup::{self, NO_PASSWORD};
use crate::auth::{CurrentManager, NewManager, Role, accounts, create_manager};
use crate::error::ApiError;
use crate::mail;
use crate::manage::audit::{self, Action};
use crate::outbox::{self, NewMessage};

#[derive(sqlx::FromRow)]
struct OrganisationRow {
    kvk_number: String,
    name: Option<String>,
    place: Option<String>,
    registered_at: i64,
    managers: i64,
}

/// The registered organisations, by name (unknown names last), then KvK number.
pub(crate) async fn organisations(pool: &AnyPool) -> Result<Vec<RegisteredOrganisation>, ApiError> {
    let rows: Vec<OrganisationRow> = sqlx::query_as(
        "SELECT o.kvk_number, o.name, o.place, o.registered_at, \
                (SELECT COUNT(*) FROM manager_organisations mo \
                 WHERE mo.kvk_number = o.kvk_number) AS managers \
         FROM organisations o \
         ORDER BY CASE WHEN o.name IS NULL THEN 1 ELSE 0 END, LOWER(o.name), o.kvk_number",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| RegisteredOrganisation {
            kvk_number: row.kvk_number,
            name: row.name,
            place: row.place,
            registered_at: row.registered_at,
            managers: u32::try_from(row.managers).unwrap_or(u32::MAX),
        })
        .collect())
}

/// Registers `organisation` as the register describes it now; an organisation known only by its
/// number (from before registration) gets its name and place. `false` when it was registered
/// with a name already.
pub(crate) async fn register(
    tx: &mut AnyConnection,
    admin: &CurrentManager,
    organisation: &Organisation,
    now: i64,
) -> Result<bool, ApiError> {
    let stored = sqlx::query(
        "INSERT INTO organisations (kvk_number, name, place, registered_at, registered_by) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (kvk_number) DO UPDATE SET name = excluded.name, place = excluded.place, \
             registered_at = excluded.registered_at, registered_by = excluded.registered_by \
         WHERE organisations.name IS NULL",
    )
    .bind(&organisation.kvk_number)
    .bind(&organisation.name)
    .bind(organisation.place())
    .bind(now)
    .bind(admin.id)
    .execute(&mut *tx)
    .await?;
    if stored.rows_affected() == 0 {
        return Ok(false);
    }
    audit::record(
        tx,
        admin,
        Some(&organisation.kvk_number),
        Action::OrganisationRegistered,
        &organisation.kvk_number,
        Some(&organisation.name),
        now,
    )
    .await?;
    Ok(true)
}

/// The registered organisation's name: `None` when it is not registered, `Some(None)` when it is
/// but its name is unknown.
async fn registered_name(
    connection: &mut AnyConnection,
    kvk_number: &str,
) -> Result<Option<Option<String>>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM organisations WHERE kvk_number = $1")
        .bind(kvk_number)
        .fetch_optional(connection)
        .await
}

#[derive(sqlx::FromRow)]
struct ManagerRow {
    id: i64,
    display_name: String,
    email: String,
    level: String,
    created_at: i64,
    suspended_at: Option<i64>,
    set_up: i64,
}

impl ManagerRow {
    const COLUMNS: &'static str = "m.id, m.display_name, m.email, m.level, m.created_at, \
         m.suspended_at, CASE WHEN m.password_hash = '' THEN 0 ELSE 1 END AS set_up";

    fn state(&self) -> AccountState {
        if self.suspended_at.is_some() {
            AccountState::Suspended
        } else if self.set_up == 0 {
            AccountState::Invited
        } else {
            AccountState::Active
        }
    }
}

/// The managers (role `manager`) whose name, address or KvK number holds `search` (lower-case;
/// all when empty), by name; at most [`super::Managers::LIMIT`], and whether more matched.
pub(crate) async fn managers(
    pool: &AnyPool,
    search: &str,
) -> Result<(Vec<ManagerSummary>, bool), ApiError> {
    let pattern = crate::manage::like_pattern(search);
    let limit = super::Managers::LIMIT;
    let rows: Vec<ManagerRow> = sqlx::query_as(&format!(
        "SELECT {} FROM managers m \
         JOIN account_roles r ON r.manager_id = m.id AND r.role = 'manager' \
         WHERE $1 = '' OR LOWER(m.display_name) LIKE $2 ESCAPE '\\' \
            OR m.email LIKE $2 ESCAPE '\\' \
            OR EXISTS (SELECT 1 FROM manager_organisations mo \
                       WHERE mo.manager_id = m.id AND mo.kvk_number LIKE $2 ESCAPE '\\') \
         ORDER BY LOWER(m.display_name), m.id LIMIT {}",
        ManagerRow::COLUMNS,
        limit + 1
    ))
    .bind(search)
    .bind(&pattern)
    .fetch_all(pool)
    .await?;
    let truncated = rows.len() > limit;
    let mut managers = Vec::with_capacity(rows.len().min(limit));
    for row in rows.into_iter().take(limit) {
        managers.push(ManagerSummary {
            state: row.state(),
            level: crate::auth::parse_level(&row.level)?,
            organisations: crate::auth::organisations(pool, row.id).await?,
            id: row.id,
            name: row.display_name,
            email: row.email,
            created_at: row.created_at,
        });
    }
    Ok((managers, truncated))
}

#[derive(sqlx::FromRow)]
struct MandateRow {
    kvk_number: String,
    name: Option<String>,
    representatives: Option<String>,
    authority: Option<String>,
    reference: Option<String>,
    appointed_by: Option<String>,
    appointed_at: Option<i64>,
}

/// The manager `id` (role `manager`) with the authority for each organisation.
pub(crate) async fn manager(
    connection: &mut AnyConnection,
    id: i64,
) -> Result<ManagerDetail, ApiError> {
    let row: ManagerRow = sqlx::query_as(&format!(
        "SELECT {} FROM managers m \
         JOIN account_roles r ON r.manager_id = m.id AND r.role = 'manager' WHERE m.id = $1",
        ManagerRow::COLUMNS
    ))
    .bind(id)
    .fetch_optional(&mut *connection)
    .await?
    .ok_or(BackOfficeError::ManagerNotFound)?;
    let mandates: Vec<MandateRow> = sqlx::query_as(
        "SELECT mo.kvk_number, o.name, a.representatives, a.authority, a.reference, \
                admin.display_name AS appointed_by, a.appointed_at \
         FROM manager_organisations mo \
         LEFT JOIN organisations o ON o.kvk_number = mo.kvk_number \
         LEFT JOIN manager_authorities a \
                ON a.manager_id = mo.manager_id AND a.kvk_number = mo.kvk_number \
         LEFT JOIN managers admin ON admin.id = a.appointed_by \
         WHERE mo.manager_id = $1 ORDER BY mo.kvk_number",
    )
    .bind(id)
    .fetch_all(&mut *connection)
    .await?;
    let organisations = mandates
        .into_iter()
        .map(|row| {
            let mandate = match (row.representatives, row.authority, row.reference) {
                (Some(representatives), Some(authority), Some(reference)) => Some(MandateRecord {
                    representatives: representatives.lines().map(str::to_owned).collect(),
                    authority: Authority::parse(&authority).ok_or_else(|| {
                        ApiError::internal(format!("stored authority {authority:?}"))
                    })?,
                    reference,
                    appointed_by: row.appointed_by,
                    appointed_at: row.appointed_at.unwrap_or_default(),
                }),
                _ => None,
            };
            Ok(ManagedOrganisation {
                kvk_number: row.kvk_number,
                name: row.name,
                mandate,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(ManagerDetail {
        state: row.state(),
        level: crate::auth::parse_level(&row.level)?,
        id: row.id,
        name: row.display_name,
        email: row.email,
        created_at: row.created_at,
        organisations,
    })
}

/// The organisation's name for a mandate, or `422 appointment_invalid` (`not_registered`).
async fn organisation_name(
    tx: &mut AnyConnection,
    mandate: &CheckedMandate,
    in_appointment: bool,
) -> Result<String, ApiError> {
    let kvk = mandate.kvk_number.as_str();
    match registered_name(tx, kvk).await? {
        None => Err(super::not_registered(in_appointment, crate::lang::current()).into()),
        Some(name) => Ok(name.unwrap_or_else(|| format!("KvK {kvk}"))),
    }
}

/// Records the mandate (the organisation and its authority) and its audit entry.
async fn add_mandate_rows(
    tx: &mut AnyConnection,
    admin: &CurrentManager,
    manager_id: i64,
    email: &str,
    mandate: &CheckedMandate,
    now: i64,
) -> Result<bool, ApiError> {
    let kvk = mandate.kvk_number.as_str();
    let added = sqlx::query(
        "INSERT INTO manager_organisations (manager_id, kvk_number) VALUES ($1, $2) \
         ON CONFLICT DO NOTHING",
    )
    .bind(manager_id)
    .bind(kvk)
    .execute(&mut *tx)
    .await?;
    if added.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO manager_authorities \
         (manager_id, kvk_number, representatives, authority, reference, appointed_by, appointed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(manager_id)
    .bind(kvk)
    .bind(mandate.representatives.join("\n"))
    .bind(mandate.authority.as_str())
    .bind(&mandate.reference)
    .bind(admin.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let detail = mandate.describe();
    audit::record(
        tx,
        admin,
        Some(kvk),
        Action::ManagerAppointed,
        email,
        Some(&detail),
        now,
    )
    .await?;
    Ok(true)
}

/// Creates the appointed manager's account without a password, with the authority, a set-up
/// link and the e-mail that carries it; answers the account's id.
pub(crate) async fn appoint(
    tx: &mut AnyConnection,
    admin: &CurrentManager,
    appointment: &CheckedAppointment,
    public_url: &str,
    now: i64,
) -> Result<i64, ApiError> {
    let organisation = organisation_name(tx, &appointment.mandate, true).await?;
    let (id, created) = create_manager(
        tx,
        &NewManager {
            email: &appointment.email,
            name: &appointment.name,
            password_hash: NO_PASSWORD,
            level: appointment.level,
            organisations: &[],
            roles: &[Role::Manager],
        },
        now,
    )
    .await
    .map_err(|error| ApiError::internal(error.to_string()))?;
    if !created {
        return Err(BackOfficeError::ManagerExists(appointment.email.clone()).into());
    }
    add_mandate_rows(tx, admin, id, &appointment.email, &appointment.mandate, now).await?;
    send_setup_mail(
        tx,
        id,
        &appointment.name,
        &appointment.email,
        &organisation,
        public_url,
        now,
    )
    .await?;
    Ok(id)
}

/// A new set-up link for the account and the e-mail that carries it.
pub(crate) async fn send_setup_mail(
    tx: &mut AnyConnection,
    id: i64,
    name: &str,
    email: &str,
    organisation: &str,
    public_url: &str,
    now: i64,
) -> Result<(), ApiError> {
    let token = setup::create_link(tx, id, LinkPurpose::Setup, now).await?;
    let link = setup::link_url(public_url, &token);
    let mail = mail::account::appointed(name, organisation, &link, setup::SETUP_LINK_SECS / 3600);
    // One message per link (the key names the link, not the second).
    let dedupe = format!("setup-link:{}", &hash_token(&token)[..32]);
    outbox::enqueue(tx, NewMessage::email(email, mail, dedupe)).await?;
    Ok(())
}

/// Sends an invited manager (not set up yet) a new set-up link; the links sent before stop
/// working.
pub(crate) async fn resend_setup_link(
    tx: &mut AnyConnection,
    admin: &CurrentManager,
    manager: &ManagerDetail,
    public_url: &str,
    now: i64,
) -> Result<(), ApiError> {
    if manager.state != AccountState::Invited {
        return Err(BackOfficeError::AccountSetUp.into());
    }
    sqlx::query(
        "UPDATE account_links SET used_at = $1 \
         WHERE manager_id = $2 AND purpose = 'setup' AND used_at IS NULL",
    )
    .bind(now)
    .bind(manager.id)
    .execute(&mut *tx)
    .await?;
    let organisation = manager
        .organisations
        .first()
        .map(|o| {
            o.name
                .clone()
                .unwrap_or_else(|| format!("KvK {}", o.kvk_number))
        })
        .unwrap_or_default();
    send_setup_mail(
        tx,
        manager.id,
        &manager.name,
        &manager.email,
        &organisation,
        public_url,
        now,
    )
    .await?;
    record_for_each(tx, admin, manager, Action::SetupLinkSent, None, now).await
}

/// Gives the manager one more organisation on its authority.
pub(crate) async fn add_mandate(
    tx: &mut AnyConnection,
    admin: &CurrentManager,
    manager: &ManagerDetail,
    mandate: &CheckedMandate,
    now: i64,
) -> Result<(), ApiError> {
    organisation_name(tx, mandate, false).await?;
    if add_mandate_rows(tx, admin, manager.id, &manager.email, mandate, now).await? {
        Ok(())
    } else {
        Err(BackOfficeError::MandateExists(mandate.kvk_number.as_str().to_owned()).into())
    }
}

/// Takes an organisation from the manager (not their only one).
pub(crate) async fn remove_mandate(
    tx: &mut AnyConnection,
    admin: &CurrentManager,
    manager: &ManagerDetail,
    kvk_number: &str,
    now: i64,
) -> Result<(), ApiError> {
    if !manager
        .organisations
        .iter()
        .any(|o| o.kvk_number == kvk_number)
    {
        return Err(BackOfficeError::MandateNotFound(kvk_number.to_owned()).into());
    }
    if manager.organisations.len() == 1 {
        return Err(BackOfficeError::LastOrganisation.into());
    }
    for table in ["manager_organisations", "manager_authorities"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE manager_id = $1 AND kvk_number = $2"
        ))
        .bind(manager.id)
        .bind(kvk_number)
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        tx,
        admin,
        Some(kvk_number),
        Action::ManagerOrganisationRemoved,
        &manager.email,
        None,
        now,
    )
    .await?;
    Ok(())
}

/// Changes the manager's level (a compare-and-set on the level read).
pub(crate) async fn change_level(
    tx: &mut AnyConnection,
    admin: &CurrentManager,
    manager: &ManagerDetail,
    level: Level,
    now: i64,
) -> Result<(), ApiError> {
    if level == manager.level {
        return Ok(());
    }
    let changed = sqlx::query("UPDATE managers SET level = $1 WHERE id = $2 AND level = $3")
        .bind(level.label())
        .bind(manager.id)
        .bind(manager.level.label())
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        return Err(BackOfficeError::ChangedMeanwhile.into());
    }
    let detail = format!("{} → {}", manager.level.label(), level.label());
    record_for_each(
        tx,
        admin,
        manager,
        Action::ManagerLevelChanged,
        Some(&detail),
        now,
    )
    .await
}

/// Suspends the manager (their sessions end at once) or lifts the suspension; nothing when it
/// is so already.
pub(crate) async fn set_suspended(
    tx: &mut AnyConnection,
    admin: &CurrentManager,
    manager: &ManagerDetail,
    suspended: bool,
    now: i64,
) -> Result<(), ApiError> {
    let (changed, action) = if suspended {
        (
            accounts::suspend_id(tx, manager.id, now).await?,
            Action::ManagerSuspended,
        )
    } else {
        (
            accounts::reactivate_id(tx, manager.id).await?,
            Action::ManagerReactivated,
        )
    };
    if changed {
        record_for_each(tx, admin, manager, action, None, now).await?;
    }
    Ok(())
}

/// Removes the manager's second factor (app, passkeys, recovery codes), ends their sessions and
/// tells them by e-mail; at the next sign-in they add one again.
pub(crate) async fn reset_second_factor(
    tx: &mut AnyConnection,
    admin: &CurrentManager,
    manager: &ManagerDetail,
    now: i64,
) -> Result<(), ApiError> {
    accounts::reset_second_factor_of(tx, manager.id, &manager.name, &manager.email, now).await?;
    record_for_each(tx, admin, manager, Action::SecondFactorReset, None, now).await
}

/// Records `action` about `manager` in the audit log of each of their organisations.
async fn record_for_each(
    tx: &mut AnyConnection,
    admin: &CurrentManager,
    manager: &ManagerDetail,
    action: Action,
    detail: Option<&str>,
    now: i64,
) -> Result<(), ApiError> {
    for organisation in &manager.organisations {
        audit::record(
            tx,
            admin,
            Some(&organisation.kvk_number),
            action,
            &manager.email,
            detail,
            now,
        )
        .await?;
    }
    Ok(())
}
