//! The SQL of machtigingen beheren: whose a means is, the machtigingen it holds, adding,
//! re-dating and withdrawing them, the idempotency of a change, and the managers to tell.

use api::MeansStatus;
use domain::machtiging::Machtiging;
use domain::{Date, Level};
use sqlx::{AnyConnection, AnyPool};

use super::plan::Held;
use crate::error::ApiError;
use crate::sql::Sql;

/// A person of a selection: their request, and their means if one was issued.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct PersonRow {
    pub request_id: String,
    first_names: String,
    infix: String,
    last_name: String,
    pub email: String,
    pub kvk_number: String,
    pub means_id: Option<String>,
    pub organisation_name: Option<String>,
    pub branch_number: Option<String>,
    level: Option<String>,
    pub means_status: Option<MeansStatus>,
    pub valid_until: Option<String>,
}

/// A means and its holder, as the rules need them.
#[derive(Debug, Clone)]
pub(crate) struct Holder {
    pub request_id: String,
    pub name: String,
    pub email: String,
    pub kvk_number: String,
    pub organisation_name: String,
    pub means_id: String,
    pub branch_number: Option<String>,
    pub level: Level,
    pub status: MeansStatus,
    pub valid_until: Date,
}

impl Holder {
    /// Whether the means can still change: active and valid on `today`.
    pub(crate) fn valid_on(&self, today: Date) -> bool {
        self.status == MeansStatus::Active && self.valid_until >= today
    }
}

impl PersonRow {
    /// The whole name.
    pub(crate) fn name(&self) -> String {
        domain::user::full_name(&self.first_names, &self.infix, &self.last_name)
    }

    /// The means' holder, when a means was issued.
    pub(crate) fn holder(&self) -> Result<Option<Holder>, ApiError> {
        let (Some(means_id), Some(status), Some(until), Some(level)) = (
            &self.means_id,
            self.means_status,
            &self.valid_until,
            &self.level,
        ) else {
            return Ok(None);
        };
        let valid_until = Date::parse_iso(until)
            .map_err(|_| ApiError::internal(format!("stored date {until:?}")))?;
        Ok(Some(Holder {
            request_id: self.request_id.clone(),
            name: self.name(),
            email: self.email.clone(),
            kvk_number: self.kvk_number.clone(),
            organisation_name: self.organisation_name.clone().unwrap_or_default(),
            means_id: means_id.clone(),
            branch_number: self.branch_number.clone(),
            level: crate::auth::parse_level(level)?,
            status,
            valid_until,
        }))
    }
}

const PERSON: &str = "SELECT r.id AS request_id, r.first_names, r.infix, r.last_name, r.email, \
     r.kvk_number, r.sort_name, m.id AS means_id, m.organisation_name, \
     m.branch_number, m.level, m.status AS means_status, m.valid_until \
     FROM requests r LEFT JOIN means m ON m.request_id = r.id";

/// The people of these requests, by name.
pub(crate) async fn people(
    db: &AnyPool,
    request_ids: &[String],
) -> Result<Vec<PersonRow>, ApiError> {
    if request_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(PERSON);
    sql.push(" WHERE r.id IN ")
        .push_tuple(request_ids.to_vec())
        .push(" ORDER BY r.sort_name, r.id");
    Ok(sql.build_as().fetch_all(db).await?)
}

/// The holder of means `means_id`, if it exists.
pub(crate) async fn holder(db: &AnyPool, means_id: &str) -> Result<Option<Holder>, ApiError> {
    let mut sql = Sql::new(PERSON);
    sql.push(" WHERE m.id = ").push_bind(means_id.to_owned());
    let row: Option<PersonRow> = sql.build_as().fetch_optional(db).await?;
    match row {
        Some(row) => row.holder(),
        None => Ok(None),
    }
}

/// The machtigingen of these means, every one ever registered, in order: `(means_id, held)`.
pub(crate) async fn held(
    db: &mut AnyConnection,
    means_ids: &[String],
) -> Result<Vec<(String, Held)>, sqlx::Error> {
    if means_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT means_id, position, kind, subject, label, valid_from, valid_until, withdrawn_at, \
         paid_until FROM means_authorisations WHERE means_id IN ",
    );
    sql.push_tuple(means_ids.to_vec())
        .push(" ORDER BY means_id, position");
    let rows: Vec<HeldRow> = sql.build_as().fetch_all(&mut *db).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.means_id,
                Held {
                    position: r.position,
                    kind: r.kind,
                    subject: r.subject,
                    label: r.label,
                    valid_from: r.valid_from,
                    valid_until: r.valid_until,
                    withdrawn_at: r.withdrawn_at,
                    paid_until: r.paid_until,
                },
            )
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct HeldRow {
    means_id: String,
    position: i64,
    kind: String,
    subject: String,
    label: String,
    valid_from: String,
    valid_until: String,
    withdrawn_at: Option<i64>,
    paid_until: Option<String>,
}

/// Takes the means for a change if it is still active and valid on `today_iso` (a
/// compare-and-set that writes nothing, but takes SQLite's write lock and PostgreSQL's row lock
/// first, so that two changes of one means do not number their machtigingen alike).
pub(crate) async fn lock_valid_means(
    tx: &mut AnyConnection,
    means_id: &str,
    today_iso: &str,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE means SET status = status WHERE id = $1 AND status = $2 AND valid_until >= $3",
    )
    .bind(means_id)
    .bind(MeansStatus::Active.as_str())
    .bind(today_iso)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// One machtiging to store.
pub(crate) struct NewHeld<'a> {
    pub item: &'a Machtiging,
    pub label: &'a str,
    pub valid_from: &'a str,
    pub valid_until: &'a str,
    pub paid_until: Option<String>,
}

/// Adds machtigingen to means `means_id` after its highest position.
pub(crate) async fn insert(
    tx: &mut AnyConnection,
    means_id: &str,
    new: &[NewHeld<'_>],
    manager_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let last: Option<i64> =
        sqlx::query_scalar("SELECT MAX(position) FROM means_authorisations WHERE means_id = $1")
            .bind(means_id)
            .fetch_one(&mut *tx)
            .await?;
    let mut position = last.unwrap_or(0);
    for held in new {
        position += 1;
        sqlx::query(
            "INSERT INTO means_authorisations (means_id, position, kind, subject, label, \
             valid_from, valid_until, added_at, added_by, paid_until) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(means_id)
        .bind(position)
        .bind(held.item.kind())
        .bind(held.item.subject().to_owned())
        .bind(held.label)
        .bind(held.valid_from)
        .bind(held.valid_until)
        .bind(now)
        .bind(manager_id)
        .bind(held.paid_until.clone())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Withdraws machtiging `position` of `means_id` if it is active on `today_iso`: it ends today.
/// Whether it was.
pub(crate) async fn withdraw(
    tx: &mut AnyConnection,
    means_id: &str,
    position: i64,
    today_iso: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE means_authorisations SET withdrawn_at = $1, valid_until = $2 \
         WHERE means_id = $3 AND position = $4 AND withdrawn_at IS NULL AND valid_until >= $2",
    )
    .bind(now)
    .bind(today_iso)
    .bind(means_id)
    .bind(position)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Gives machtiging `position` of `means_id` the last day `until_iso` if it is active on
/// `today_iso` and still ends on `was_iso` (compare-and-set). Whether it did.
pub(crate) async fn set_end(
    tx: &mut AnyConnection,
    means_id: &str,
    position: i64,
    (was_iso, until_iso, today_iso): (&str, &str, &str),
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE means_authorisations SET valid_until = $1 \
         WHERE means_id = $2 AND position = $3 AND withdrawn_at IS NULL AND valid_until = $4 \
         AND valid_until >= $5",
    )
    .bind(until_iso)
    .bind(means_id)
    .bind(position)
    .bind(was_iso)
    .bind(today_iso)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// A change done before with this key: its request's hash and the answer.
pub(crate) async fn find_change(
    db: &AnyPool,
    manager_id: i64,
    key: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT request_hash, result FROM authorisation_changes \
         WHERE manager_id = $1 AND idempotency_key = $2",
    )
    .bind(manager_id)
    .bind(key)
    .fetch_optional(db)
    .await
}

/// A change done now: its key, hash, organisations, price and answer. Whether it was stored:
/// `false` when the same key was used at the same moment (the other request answers).
pub(crate) struct DoneChange<'a> {
    pub key: &'a str,
    pub request_hash: &'a str,
    pub kvk_numbers: &'a [String],
    pub total_excl_vat: i64,
    pub total_incl_vat: i64,
    pub result: &'a str,
}

/// Records `change` for `manager_id`; `false` when the key is taken.
pub(crate) async fn insert_change(
    tx: &mut AnyConnection,
    manager_id: i64,
    change: &DoneChange<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO authorisation_changes (manager_id, idempotency_key, request_hash, \
         kvk_numbers, total_excl_vat, total_incl_vat, result, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
    )
    .bind(manager_id)
    .bind(change.key)
    .bind(change.request_hash)
    .bind(change.kvk_numbers.join(","))
    .bind(change.total_excl_vat)
    .bind(change.total_incl_vat)
    .bind(change.result)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// A manager to tell about a change at an organisation.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ManagerContact {
    pub name: String,
    pub email: String,
}

/// The managers of `kvk_number` who can act on a notice: not suspended.
pub(crate) async fn managers_of(
    tx: &mut AnyConnection,
    kvk_number: &str,
) -> Result<Vec<ManagerContact>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.display_name AS name, m.email FROM managers m \
         JOIN manager_organisations mo ON mo.manager_id = m.id \
         JOIN account_roles ar ON ar.manager_id = m.id AND ar.role = 'manager' \
         WHERE mo.kvk_number = $1 AND m.suspended_at IS NULL ORDER BY m.id",
    )
    .bind(kvk_number)
    .fetch_all(&mut *tx)
    .await
}
