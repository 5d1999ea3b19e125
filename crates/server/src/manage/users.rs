//! "Gebruikers": everyone with a means or an open request at the manager's organisations,
//! filtered, sorted and paged in SQL; one person's means, machtigingen and timeline; revoking a
//! means.

use std::collections::HashMap;

use api::{MeansStatus, UserStatus};
use axum::http::StatusCode;
use domain::Lang;
use serde_json::{Value, json};
use sqlx::Row;

use super::audit::{self, Action};
use super::requests::timeline;
use super::{Bind, ListQuery, Page, PageOf, Paging, Sql, given, invalid, like_pattern};
use crate::AppState;
use crate::activation::events::{self, Actor, Event};
use crate::activation::{authorisation_items, load_by_id};
use crate::auth::CurrentManager;
use crate::error::ApiError;
use crate::mail::notices;
use crate::orders::{OPEN_STATUSES, today};
use crate::outbox::{self, NewMessage};

/// Why an action on a user was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    #[error("no user {0} at the manager's organisations")]
    NotFound(String),
    #[error("no means {0} at the manager's organisations")]
    MeansNotFound(String),
    #[error("means {0} is not active")]
    MeansNotActive(String),
}

impl UserError {
    pub fn status(&self) -> StatusCode {
        match self {
            UserError::NotFound(_) | UserError::MeansNotFound(_) => StatusCode::NOT_FOUND,
            UserError::MeansNotActive(_) => StatusCode::CONFLICT,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            UserError::NotFound(_) => "user_not_found",
            UserError::MeansNotFound(_) => "means_not_found",
            UserError::MeansNotActive(_) => "means_not_active",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        match self {
            UserError::NotFound(_) if nl => {
                "Deze gebruiker bestaat niet bij uw organisaties.".into()
            }
            UserError::NotFound(_) => "This user does not exist at your organisations.".into(),
            UserError::MeansNotFound(id) if nl => {
                format!("Middel {id} bestaat niet bij uw organisaties.")
            }
            UserError::MeansNotFound(id) => {
                format!("Means {id} does not exist at your organisations.")
            }
            UserError::MeansNotActive(id) if nl => format!("Middel {id} is al ingetrokken."),
            UserError::MeansNotActive(id) => format!("Means {id} has already been revoked."),
        }
    }

    pub fn details(&self) -> Option<Value> {
        match self {
            UserError::MeansNotActive(id) => Some(json!({ "means_id": id })),
            _ => None,
        }
    }
}

/// The organisation of a row, one person in "Gebruikers", and a page of them.
pub use api::manage::{OrganisationRef, UserRow, Users};

/// The columns a list of users can be sorted by.
pub const SORTS: [&str; 6] = [
    "name",
    "email",
    "organisation",
    "level",
    "status",
    "valid_until",
];

/// The status filter's values.
pub const STATUSES: [&str; 4] = ["active", "revoked", "expired", "pending"];

pub(crate) const SELECT: &str = "SELECT r.id, m.id, r.first_names, r.infix, r.last_name, r.email, \
     r.mobile, r.kvk_number, o.organisation_name, r.branch_number, r.level, r.status, m.status, \
     m.valid_until, o.order_number, o.authorisations \
     FROM requests r JOIN orders o ON o.order_number = r.order_number \
     LEFT JOIN means m ON m.request_id = r.id";

/// The user status of a row in SQL: the means' when there is one, else `pending`.
fn status_sql(today: &str) -> String {
    format!(
        "(CASE WHEN m.status = 'revoked' THEN 'revoked' \
         WHEN m.status = 'active' AND m.valid_until < '{today}' THEN 'expired' \
         WHEN m.status = 'active' THEN 'active' ELSE 'pending' END)"
    )
}

/// The `WHERE` of a users list for `query` at `organisations`, appended to `sql`.
pub(crate) fn filter(
    sql: &mut Sql,
    organisations: &[String],
    query: &ListQuery,
    today_iso: &str,
) -> Result<(), ApiError> {
    sql.push(" WHERE r.kvk_number IN ")
        .push_list(organisations)
        // Listed: an open request, or a means (which exists exactly when the request was issued).
        .push(&format!(" AND r.status IN ({OPEN_STATUSES}, 'issued')"));
    if let Some(level) = super::level(query)? {
        sql.push(" AND r.level = ")
            .push_bind(Bind::Text(level.label().to_owned()));
    }
    if let Some(branch) = given(&query.branch) {
        let branch = domain::kvk::BranchNumber::parse(branch)
            .map_err(|_| invalid("branch", "a vestigingsnummer of 12 digits"))?;
        sql.push(" AND r.branch_number = ")
            .push_bind(Bind::Text(branch.as_str().to_owned()));
    }
    if let Some(text) = given(&query.q) {
        sql.push(" AND r.search_text LIKE ")
            .push_bind(Bind::Text(like_pattern(text)))
            .push(" ESCAPE '\\'");
    }
    match given(&query.status) {
        None => {}
        Some("pending") => {
            sql.push(&format!(" AND r.status IN ({OPEN_STATUSES})"));
        }
        Some("revoked") => {
            sql.push(" AND m.status = 'revoked'");
        }
        Some("active") => {
            sql.push(" AND m.status = 'active' AND m.valid_until >= ")
                .push_bind(Bind::Text(today_iso.to_owned()));
        }
        Some("expired") => {
            sql.push(" AND m.status = 'active' AND m.valid_until < ")
                .push_bind(Bind::Text(today_iso.to_owned()));
        }
        Some(_) => {
            return Err(invalid(
                "status",
                &format!("one of {}", STATUSES.join(", ")),
            ));
        }
    }
    if let Some(days) = given(&query.expiring_within) {
        let days: i64 = days
            .parse()
            .ok()
            .filter(|d| (0..=3650).contains(d))
            .ok_or_else(|| invalid("expiring_within", "a number of days from 0 to 3650"))?;
        let today = domain::Date::parse_iso(today_iso).map_err(ApiError::internal)?;
        let until = domain::Date::from_days_since_unix_epoch(today.days_since_unix_epoch() + days)
            .ok_or_else(|| invalid("expiring_within", "too far ahead"))?;
        sql.push(" AND m.status = 'active' AND m.valid_until >= ")
            .push_bind(Bind::Text(today_iso.to_owned()))
            .push(" AND m.valid_until <= ")
            .push_bind(Bind::Text(until.iso_string()));
    }
    Ok(())
}

/// Whether the filter or the order of `query` looks at the means (its status or validity).
fn needs_means(query: &ListQuery) -> bool {
    matches!(given(&query.status), Some(s) if s != "pending")
        || given(&query.expiring_within).is_some()
        || given(&query.sort)
            .is_some_and(|s| matches!(s.trim_start_matches('-'), "status" | "valid_until"))
}

/// The `ORDER BY` of a users list.
pub(crate) fn order_by(query: &ListQuery, today_iso: &str) -> Result<String, ApiError> {
    let (column, descending) = super::sort(query, &SORTS, "name")?;
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

/// Labels of machtigingen per order, computed once per order.
#[derive(Debug, Default)]
pub(crate) struct AuthorisationLabels(HashMap<String, Vec<String>>);

impl AuthorisationLabels {
    pub(crate) fn of(&mut self, order_number: &str, stored: &str, lang: Lang) -> Vec<String> {
        self.0
            .entry(order_number.to_owned())
            .or_insert_with(|| {
                serde_json::from_str(stored)
                    .map(|a| {
                        authorisation_items(&a, lang)
                            .into_iter()
                            .map(|i| i.label)
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .clone()
    }
}

/// A row of [`SELECT`] as a [`UserRow`].
pub(crate) fn row(
    row: &sqlx::any::AnyRow,
    today_iso: &str,
    labels: &mut AuthorisationLabels,
    lang: Lang,
) -> Result<UserRow, sqlx::Error> {
    let means_status: Option<MeansStatus> = row.try_get(12)?;
    let valid_until: Option<String> = row.try_get(13)?;
    let status = match (means_status, valid_until.as_deref()) {
        (Some(MeansStatus::Revoked), _) => UserStatus::Revoked,
        (Some(MeansStatus::Active), Some(until)) if until < today_iso => UserStatus::Expired,
        (Some(MeansStatus::Active), _) => UserStatus::Active,
        (None, _) => UserStatus::Pending,
    };
    let order_number: String = row.try_get(14)?;
    let stored: String = row.try_get(15)?;
    Ok(UserRow {
        request_id: row.try_get(0)?,
        means_id: row.try_get(1)?,
        name: super::name_from(row, 2)?,
        email: row.try_get(5)?,
        mobile: row.try_get(6)?,
        organisation: OrganisationRef {
            kvk_number: row.try_get(7)?,
            name: row.try_get(8)?,
        },
        branch_number: row.try_get(9)?,
        level: row.try_get(10)?,
        status,
        request_status: row.try_get(11)?,
        valid_until,
        authorisations: labels.of(&order_number, &stored, lang),
    })
}

/// A page of users.
pub async fn list(
    state: &AppState,
    manager: &CurrentManager,
    query: &ListQuery,
    now: i64,
    lang: Lang,
) -> Result<Page<Users>, ApiError> {
    let paging = Paging::parse(query)?;
    let organisations = super::organisations(manager, query)?;
    let today_iso = today(now).iso_string();
    if organisations.is_empty() {
        return Ok(Page::new(paging, 0, Users { users: Vec::new() }));
    }
    // The means only when the filter or the order asks about it.
    let from = if needs_means(query) {
        "FROM requests r LEFT JOIN means m ON m.request_id = r.id"
    } else {
        "FROM requests r"
    };
    let mut count = Sql::new(&format!("SELECT COUNT(*) {from}"));
    filter(&mut count, &organisations, query, &today_iso)?;
    let mut ids = Sql::new(&format!("SELECT r.id {from}"));
    filter(&mut ids, &organisations, query, &today_iso)?;
    let order = order_by(query, &today_iso)?;
    ids.push(&order);
    let (total, rows) =
        super::fetch_page(&state.db, &count, ids, SELECT, "r.id", &order, paging).await?;
    let mut labels = AuthorisationLabels::default();
    let users = rows
        .iter()
        .map(|r| row(r, &today_iso, &mut labels, lang))
        .collect::<Result<_, _>>()?;
    Ok(Page::new(paging, total, Users { users }))
}

/// A means with its machtigingen, and one person with their means and timeline.
pub use api::manage::{MeansAuthorisation as AuthorisationDetail, MeansDetail, UserDetail};

/// The user of request `request_id`, if it is at one of the manager's organisations.
pub async fn show(
    state: &AppState,
    manager: &CurrentManager,
    request_id: &str,
    now: i64,
    lang: Lang,
) -> Result<UserDetail, ApiError> {
    let today_iso = today(now).iso_string();
    let found = sqlx::query(&format!("{SELECT} WHERE r.id = $1"))
        .bind(request_id)
        .fetch_optional(&state.db)
        .await?;
    let user = match found {
        Some(found) => row(
            &found,
            &today_iso,
            &mut AuthorisationLabels::default(),
            lang,
        )?,
        None => return Err(UserError::NotFound(request_id.to_owned()).into()),
    };
    if !manager.manages(&user.organisation.kvk_number) {
        return Err(UserError::NotFound(request_id.to_owned()).into());
    }
    let means = match &user.means_id {
        None => None,
        Some(id) => {
            let m = sqlx::query(
                "SELECT status, valid_from, valid_until, issued_at, revoked_at FROM means WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&state.db)
            .await?;
            let authorisations = sqlx::query(
                "SELECT label, valid_from, valid_until FROM means_authorisations \
                 WHERE means_id = $1 ORDER BY position",
            )
            .bind(id)
            .fetch_all(&state.db)
            .await?
            .iter()
            .map(|a| {
                Ok(AuthorisationDetail {
                    label: a.try_get(0)?,
                    valid_from: a.try_get(1)?,
                    valid_until: a.try_get(2)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?;
            Some(MeansDetail {
                id: id.clone(),
                status: m.try_get(0)?,
                valid_from: m.try_get(1)?,
                valid_until: m.try_get(2)?,
                issued_at: m.try_get(3)?,
                revoked_at: m.try_get(4)?,
                authorisations,
            })
        }
    };
    let events = timeline(state, request_id).await?;
    Ok(UserDetail {
        user,
        means,
        events,
    })
}

/// What a revocation answers.
pub use api::manage::Revoked;

/// Revokes means `means_id` at once: recorded, and the user and the manager told by e-mail.
pub async fn revoke(
    state: &AppState,
    manager: &CurrentManager,
    means_id: &str,
    now: i64,
) -> Result<Revoked, ApiError> {
    let found = sqlx::query("SELECT request_id, kvk_number, status FROM means WHERE id = $1")
        .bind(means_id)
        .fetch_optional(&state.db)
        .await?;
    let Some(found) = found else {
        return Err(UserError::MeansNotFound(means_id.to_owned()).into());
    };
    let request_id: String = found.try_get(0)?;
    let kvk_number: String = found.try_get(1)?;
    if !manager.manages(&kvk_number) {
        return Err(UserError::MeansNotFound(means_id.to_owned()).into());
    }
    let mut connection = state.db.acquire().await?;
    let record = load_by_id(&mut connection, &request_id)
        .await?
        .ok_or_else(|| ApiError::internal(format!("means {means_id} without request")))?;
    drop(connection);

    // The conditional update first: it takes SQLite's write lock (see activation::expiry).
    let mut tx = state.db.begin().await?;
    let updated = sqlx::query(
        "UPDATE means SET status = 'revoked', revoked_at = $1 WHERE id = $2 AND status = 'active'",
    )
    .bind(now)
    .bind(means_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated != 1 {
        return Err(UserError::MeansNotActive(means_id.to_owned()).into());
    }
    sqlx::query(
        "UPDATE means_authorisations SET valid_until = $1 WHERE means_id = $2 AND valid_until > $1",
    )
    .bind(today(now).iso_string())
    .bind(means_id)
    .execute(&mut *tx)
    .await?;
    events::record(
        &mut tx,
        &request_id,
        now,
        Event::Revoked,
        &Actor::Manager(manager.id),
        Some(means_id),
    )
    .await?;
    audit::record(
        &mut tx,
        manager,
        Some(&kvk_number),
        Action::MeansRevoked,
        means_id,
        Some(&format!("{} ({})", record.full_name(), record.email)),
        now,
    )
    .await?;
    let full_name = record.full_name();
    let facts = record.facts(&full_name);
    outbox::enqueue(
        &mut tx,
        NewMessage::email(
            &record.email,
            notices::revoked_to_user(facts, means_id, &manager.name, &manager.email),
            format!("revoked-user:{means_id}"),
        ),
    )
    .await?;
    outbox::enqueue(
        &mut tx,
        NewMessage::email(
            &manager.email,
            notices::revoked_to_manager(&manager.name, facts, means_id),
            format!("revoked:{means_id}"),
        ),
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(means = %means_id, manager = manager.id, "means revoked");
    Ok(Revoked {
        means_id: means_id.to_owned(),
        status: MeansStatus::Revoked,
        revoked_at: now,
    })
}
