//! The SQL of "Gebruikers": the list (filter, order, page), one person's means and machtigingen,
//! and revoking a means.

use std::collections::HashMap;

use api::{AuthorisationStatus, MeansStatus, UserStatus};
use domain::machtiging::EndBounds;
use domain::{Date, Lang};
use sqlx::{AnyConnection, AnyPool};

use super::super::users::{AuthorisationDetail, AuthorisationLabels, MeansDetail, SORTS, UserRow};
use super::super::{ListQuery, Paging, given, invalid, present};
use super::{PERSON_COLUMNS, PersonColumns};
use crate::activation::Status;
use crate::error::ApiError;
use crate::manage::machtigingen;
use crate::sql::{Sql, statuses, word};

/// A person of the list: their request, and their means if there is one.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ListedUser {
    #[sqlx(flatten)]
    person: PersonColumns,
    means_id: Option<String>,
    means_status: Option<MeansStatus>,
    valid_until: Option<String>,
    authorisations: String,
}

impl ListedUser {
    /// The list's row on `today_iso`, with the machtigingen labelled in `lang`.
    pub(crate) fn into_user(
        self,
        today_iso: &str,
        labels: &mut AuthorisationLabels,
        lang: Lang,
    ) -> UserRow {
        let status = match (self.means_status, self.valid_until.as_deref()) {
            (Some(MeansStatus::Revoked), _) => UserStatus::Revoked,
            (Some(MeansStatus::Active), Some(until)) if until < today_iso => UserStatus::Expired,
            (Some(MeansStatus::Active), _) => UserStatus::Active,
            (None, _) => UserStatus::Pending,
        };
        let person = self.person;
        UserRow {
            name: person.name(),
            organisation: person.organisation(),
            authorisations: labels.of(&person.order_number, &self.authorisations, lang),
            request_id: person.request_id,
            means_id: self.means_id,
            email: person.email,
            mobile: person.mobile,
            branch_number: person.branch_number,
            level: person.level,
            status,
            request_status: person.status,
            valid_until: self.valid_until,
            // Filled in by `manage::succession`.
            predecessor: None,
            successor: None,
        }
    }
}

/// Every column of a [`ListedUser`]; no `WHERE` yet.
fn select() -> String {
    format!(
        "SELECT {PERSON_COLUMNS}, m.id AS means_id, m.status AS means_status, m.valid_until, \
         o.authorisations FROM requests r JOIN orders o ON o.order_number = r.order_number \
         LEFT JOIN means m ON m.request_id = r.id"
    )
}

/// The user status of a row in SQL: the means' when there is one, else `pending`.
fn status_sql(today: &str) -> String {
    let (active, revoked) = (
        word(MeansStatus::Active.as_str()),
        word(MeansStatus::Revoked.as_str()),
    );
    format!(
        "(CASE WHEN m.status = {revoked} THEN {} \
         WHEN m.status = {active} AND m.valid_until < '{today}' THEN {} \
         WHEN m.status = {active} THEN {} ELSE {} END)",
        word(UserStatus::Revoked.as_str()),
        word(UserStatus::Expired.as_str()),
        word(UserStatus::Active.as_str()),
        word(UserStatus::Pending.as_str()),
    )
}

/// The `WHERE` of a users list for `query` at `organisations`, appended to `sql`.
fn filter(
    sql: &mut Sql,
    organisations: &[String],
    query: &ListQuery,
    today_iso: &str,
) -> Result<(), ApiError> {
    let mut listed = Status::OPEN.to_vec();
    // Listed: an open request, or a means (which exists exactly when the request was issued).
    listed.push(Status::Issued);
    sql.push(" WHERE r.kvk_number IN ")
        .push_tuple(organisations.to_vec())
        .push(" AND r.status IN ")
        .push(&statuses(&listed));
    super::push_people_filters(sql, query)?;
    let active = MeansStatus::Active.as_str();
    match present(&query.status).map(|s| (s, UserStatus::parse(s))) {
        None => {}
        Some((_, Some(UserStatus::Pending))) => {
            sql.push(" AND r.status IN ").push(&statuses(Status::OPEN));
        }
        Some((_, Some(UserStatus::Revoked))) => {
            sql.push(" AND m.status = ")
                .push_bind(MeansStatus::Revoked.as_str());
        }
        Some((_, Some(UserStatus::Active))) => {
            sql.push(" AND m.status = ")
                .push_bind(active)
                .push(" AND m.valid_until >= ")
                .push_bind(today_iso.to_owned());
        }
        Some((_, Some(UserStatus::Expired))) => {
            sql.push(" AND m.status = ")
                .push_bind(active)
                .push(" AND m.valid_until < ")
                .push_bind(today_iso.to_owned());
        }
        Some((_, None)) => {
            let all: Vec<&str> = UserStatus::ALL.iter().map(|s| s.as_str()).collect();
            return Err(invalid("status", &format!("one of {}", all.join(", "))));
        }
    }
    if let Some(days) = present(&query.expiring_within) {
        let days: i64 = days
            .parse()
            .ok()
            .filter(|d| (0..=3650).contains(d))
            .ok_or_else(|| invalid("expiring_within", "a number of days from 0 to 3650"))?;
        let today = domain::Date::parse_iso(today_iso).map_err(ApiError::internal)?;
        let until = today
            .add_days(days)
            .ok_or_else(|| invalid("expiring_within", "too far ahead"))?;
        sql.push(" AND m.status = ")
            .push_bind(active)
            .push(" AND m.valid_until >= ")
            .push_bind(today_iso.to_owned())
            .push(" AND m.valid_until <= ")
            .push_bind(until.iso_string());
    }
    Ok(())
}

/// Whether the filter or the order of `query` looks at the means (its status or validity).
fn needs_means(query: &ListQuery) -> bool {
    matches!(given(&query.status), Some(s) if s != UserStatus::Pending.as_str())
        || given(&query.expiring_within).is_some()
        || given(&query.sort)
            .is_some_and(|s| matches!(s.trim_start_matches('-'), "status" | "valid_until"))
}

/// The `ORDER BY` of a users list.
fn order_by(query: &ListQuery, today_iso: &str) -> Result<String, ApiError> {
    let (column, descending) = super::super::sort(query, &SORTS, "name")?;
    let dir = if descending { "DESC" } else { "ASC" };
    Ok(match column {
        "email" => format!(" ORDER BY r.email {dir}, r.id {dir}"),
        "organisation" => format!(" ORDER BY r.kvk_number {dir}, r.sort_name {dir}, r.id {dir}"),
        "level" => format!(" ORDER BY r.level {dir}, r.sort_name {dir}, r.id {dir}"),
        "status" => format!(
            " ORDER BY {} {dir}, r.sort_name {dir}, r.id {dir}",
            status_sql(today_iso)
        ),
        // People without a means last, whichever the direction.
        "valid_until" => format!(
            " ORDER BY (CASE WHEN m.valid_until IS NULL THEN 1 ELSE 0 END), m.valid_until {dir}, \
             r.sort_name {dir}, r.id {dir}"
        ),
        _ => format!(" ORDER BY r.sort_name {dir}, r.id {dir}"),
    })
}

/// One page of the users of `query` at `organisations` (not empty) on `today_iso`, with the
/// total.
pub(crate) async fn page(
    db: &AnyPool,
    organisations: &[String],
    query: &ListQuery,
    today_iso: &str,
    paging: Paging,
) -> Result<(i64, Vec<ListedUser>), ApiError> {
    // The means only when the filter or the order asks about it.
    let from = if needs_means(query) {
        "FROM requests r LEFT JOIN means m ON m.request_id = r.id"
    } else {
        "FROM requests r"
    };
    let order = order_by(query, today_iso)?;
    let from_where = |sql: &mut Sql| {
        sql.push(from);
        filter(sql, organisations, query, today_iso)
    };
    super::fetch_page(db, &select(), "r.id", from_where, &order, paging).await
}

/// Every user of `query` at `organisations` (all pages, in the list's order): the statement of
/// an export.
pub(crate) fn all(
    organisations: &[String],
    query: &ListQuery,
    today_iso: &str,
) -> Result<Sql, ApiError> {
    let mut sql = Sql::new(select());
    if organisations.is_empty() {
        sql.push(" WHERE 1 = 0");
    } else {
        filter(&mut sql, organisations, query, today_iso)?;
        sql.push(&order_by(query, today_iso)?);
    }
    Ok(sql)
}

/// The request ids of every user of `query` at `organisations`, in the list's order, at most
/// `limit`: a bulk action's selection.
pub(crate) async fn ids(
    db: &AnyPool,
    organisations: &[String],
    query: &ListQuery,
    today_iso: &str,
    limit: usize,
) -> Result<Vec<String>, ApiError> {
    if organisations.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT r.id FROM requests r JOIN orders o ON o.order_number = r.order_number \
         LEFT JOIN means m ON m.request_id = r.id",
    );
    filter(&mut sql, organisations, query, today_iso)?;
    sql.push(&order_by(query, today_iso)?);
    sql.push(&format!(" LIMIT {limit}"));
    let rows: Vec<(String,)> = sql.build_as().fetch_all(db).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The person of request `request_id`.
pub(crate) async fn one(db: &AnyPool, request_id: &str) -> Result<Option<ListedUser>, sqlx::Error> {
    let mut sql = Sql::new(select());
    sql.push(" WHERE r.id = ").push_bind(request_id.to_owned());
    sql.build_as().fetch_optional(db).await
}

#[derive(sqlx::FromRow)]
struct MeansRow {
    status: MeansStatus,
    level: String,
    branch_number: Option<String>,
    valid_from: String,
    valid_until: String,
    issued_at: i64,
    revoked_at: Option<i64>,
    replaced_by: Option<String>,
}

/// Means `id` with its machtigingen (every one ever registered, labelled in `lang`), on the day
/// of `now`.
pub(crate) async fn means(
    db: &mut AnyConnection,
    id: &str,
    now: i64,
    lang: Lang,
) -> Result<MeansDetail, ApiError> {
    let means: MeansRow = sqlx::query_as(
        "SELECT status, level, branch_number, valid_from, valid_until, issued_at, revoked_at, \
         replaced_by \
         FROM means WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *db)
    .await?;
    let today = crate::clock::today(now);
    let today_iso = today.iso_string();
    let means_until = Date::parse_iso(&means.valid_until)
        .map_err(|_| ApiError::internal(format!("stored date {:?}", means.valid_until)))?;
    let valid = means.status == MeansStatus::Active && means.valid_until >= today_iso;
    let authorisations = machtigingen::store::held(db, &[id.to_owned()])
        .await?
        .into_iter()
        .map(|(_, held)| {
            let paid_until = held
                .paid_until
                .as_deref()
                .and_then(|d| Date::parse_iso(d).ok());
            let latest = EndBounds {
                today,
                means_until,
                paid_until,
            }
            .latest();
            AuthorisationDetail {
                position: held.position,
                label: held.label_in(lang),
                status: match (held.withdrawn_at, valid && held.active(&today_iso)) {
                    (Some(_), _) => AuthorisationStatus::Withdrawn,
                    (None, true) => AuthorisationStatus::Active,
                    (None, false) => AuthorisationStatus::Ended,
                },
                withdrawn_at: held.withdrawn_at,
                valid_from: held.valid_from,
                valid_until: held.valid_until,
                latest_until: latest.iso_string(),
            }
        })
        .collect();
    Ok(MeansDetail {
        id: id.to_owned(),
        status: means.status,
        level: crate::auth::parse_level(&means.level)?,
        branch_number: means.branch_number,
        valid_from: means.valid_from,
        valid_until: means.valid_until,
        issued_at: means.issued_at,
        revoked_at: means.revoked_at,
        replaced_by: means.replaced_by,
        authorisations,
    })
}

/// The active machtigingen of these means on `today_iso`, labelled in `lang`: what the list
/// shows of each person.
pub(crate) async fn active_labels(
    db: &AnyPool,
    means_ids: &[String],
    today_iso: &str,
    lang: Lang,
) -> Result<HashMap<String, Vec<String>>, ApiError> {
    let mut connection = db.acquire().await?;
    let mut labels: HashMap<String, Vec<String>> = HashMap::new();
    for (means_id, held) in machtigingen::store::held(&mut connection, means_ids).await? {
        let entry = labels.entry(means_id).or_default();
        if held.active(today_iso) {
            entry.push(held.label_in(lang));
        }
    }
    Ok(labels)
}

/// The request and the organisation of means `id`.
#[derive(sqlx::FromRow)]
pub(crate) struct MeansOwner {
    pub request_id: String,
    pub kvk_number: String,
}

/// Whose means `id` is, if it exists.
pub(crate) async fn means_owner(db: &AnyPool, id: &str) -> Result<Option<MeansOwner>, sqlx::Error> {
    sqlx::query_as("SELECT request_id, kvk_number FROM means WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// Revokes means `id` if it is active, ending its machtigingen on `today_iso`; whether it was.
/// The conditional update comes first: it takes SQLite's write lock (see activation::expiry).
pub(crate) async fn revoke(
    tx: &mut AnyConnection,
    id: &str,
    today_iso: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let updated =
        sqlx::query("UPDATE means SET status = $3, revoked_at = $1 WHERE id = $2 AND status = $4")
            .bind(now)
            .bind(id)
            .bind(MeansStatus::Revoked.as_str())
            .bind(MeansStatus::Active.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if updated != 1 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE means_authorisations SET valid_until = $1 WHERE means_id = $2 AND valid_until > $1",
    )
    .bind(today_iso)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(true)
}
