//! Expiry warnings: every day, the active means that came within 60 or 14 days of their last day
//! (and were not warned about at that threshold yet, so that a day the server was down is made
//! up the next) go to each manager of their organisation in ONE digest, with a link to Beheer's
//! list of means that expire within 60 days; each user gets a short notice that their manager
//! has been told. One transaction per day claims the day (`expiry_warning_days`), records the
//! warnings and puts the messages in the outbox: with several instances the day's digests go out
//! once, and a failed run leaves the day to the next attempt. A day with nothing due is not
//! claimed (nothing is written): a means issued later that day is still warned about.

use std::collections::BTreeMap;
use std::time::Duration;

use domain::Date;
use sqlx::AnyConnection;

use crate::AppState;
use crate::error::ApiError;
use crate::mail::expiry::{self, Expiring};
use crate::outbox::{self, NewMessage};

/// The days before a means' last day at which its managers are warned, furthest first.
pub const THRESHOLDS: [i64; 2] = [60, 14];

/// How often an instance looks whether today's warnings went out.
const INTERVAL: Duration = Duration::from_secs(15 * 60);

#[derive(sqlx::FromRow)]
struct DueRow {
    means_id: String,
    kvk_number: String,
    organisation_name: String,
    level: String,
    email: String,
    valid_until: String,
    first_names: String,
    infix: String,
    last_name: String,
}

/// What one day's run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sent {
    /// Means warned about.
    pub means: usize,
    /// Digests to managers.
    pub digests: usize,
}

/// Sends the warnings of the day of `now`, unless an instance did already; what it sent.
pub async fn send_due(state: &AppState, now: i64) -> Result<Sent, ApiError> {
    let today = crate::clock::today(now);
    let day = today.iso_string();
    // Reads first, and no write at all when the day is done or nothing is due: a write here
    // would make another request's read-then-write transaction on SQLite fail as busy.
    let done: Option<i64> = sqlx::query_scalar("SELECT 1 FROM expiry_warning_days WHERE day = $1")
        .bind(&day)
        .fetch_optional(&state.db)
        .await?;
    if done.is_some() {
        return Ok(Sent::default());
    }
    let mut connection = state.db.acquire().await?;
    if due(&mut connection, today).await?.is_empty() {
        return Ok(Sent::default());
    }
    drop(connection);
    let mut tx = crate::db::begin_write(&state.db).await?;
    // The claim first: it takes SQLite's write lock, and on PostgreSQL the second instance
    // waits here for the first one's commit and then finds the day taken.
    let claimed = sqlx::query(
        "INSERT INTO expiry_warning_days (day, sent_at, means_count) VALUES ($1, $2, 0) \
         ON CONFLICT DO NOTHING",
    )
    .bind(&day)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(Sent::default());
    }
    let due = due(&mut tx, today).await?;
    let mut by_organisation: BTreeMap<String, Vec<(DueRow, Date, i64)>> = BTreeMap::new();
    for (row, threshold) in due {
        let until = Date::parse_iso(&row.valid_until)
            .map_err(|_| ApiError::internal(format!("stored date {:?}", row.valid_until)))?;
        // Both thresholds at once (a day missed, or a short validity): one warning, both marked.
        for mark in THRESHOLDS.iter().filter(|t| **t >= threshold) {
            sqlx::query(
                "INSERT INTO expiry_warnings (means_id, threshold_days, warned_on) \
                 VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(&row.means_id)
            .bind(*mark)
            .bind(&day)
            .execute(&mut *tx)
            .await?;
        }
        let name = domain::user::full_name(&row.first_names, &row.infix, &row.last_name);
        let notice = expiry::notice_to_user(&name, &row.organisation_name, until);
        let key = format!("expiry-user:{}:{threshold}", row.means_id);
        outbox::enqueue(&mut tx, NewMessage::email(&row.email, notice, key)).await?;
        let days_left = until.days_since_unix_epoch() - today.days_since_unix_epoch();
        by_organisation
            .entry(row.kvk_number.clone())
            .or_default()
            .push((row, until, days_left));
    }
    let means: usize = by_organisation.values().map(Vec::len).sum();
    let digests = digests(state, &mut tx, &by_organisation, &day).await?;
    sqlx::query("UPDATE expiry_warning_days SET means_count = $1 WHERE day = $2")
        .bind(means as i64)
        .bind(&day)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if means > 0 {
        state.outbox.wake();
        tracing::info!(means, digests, %day, "expiry warnings sent");
    }
    Ok(Sent { means, digests })
}

/// The active means within a threshold of their last day and not warned about at it, with the
/// nearest threshold they are within.
async fn due(tx: &mut AnyConnection, today: Date) -> Result<Vec<(DueRow, i64)>, ApiError> {
    let mut found: Vec<(DueRow, i64)> = Vec::new();
    // Nearest first, so that a means within both is warned about once, at the nearer.
    for threshold in THRESHOLDS.iter().rev() {
        let horizon = today
            .add_days(*threshold)
            .ok_or_else(|| ApiError::internal("a date past 9999"))?;
        let rows: Vec<DueRow> = sqlx::query_as(
            "SELECT m.id AS means_id, m.kvk_number, m.organisation_name, m.level, m.email, \
             m.valid_until, r.first_names, r.infix, r.last_name \
             FROM means m JOIN requests r ON r.id = m.request_id \
             WHERE m.status = 'active' AND m.valid_until >= $1 AND m.valid_until <= $2 \
             AND NOT EXISTS (SELECT 1 FROM expiry_warnings w \
                 WHERE w.means_id = m.id AND w.threshold_days = $3) \
             ORDER BY m.kvk_number, r.sort_name, m.id",
        )
        .bind(today.iso_string())
        .bind(horizon.iso_string())
        .bind(*threshold)
        .fetch_all(&mut *tx)
        .await?;
        for row in rows {
            if !found.iter().any(|(f, _)| f.means_id == row.means_id) {
                found.push((row, *threshold));
            }
        }
    }
    Ok(found)
}

/// One digest per manager, of every organisation of theirs with means due.
async fn digests(
    state: &AppState,
    tx: &mut AnyConnection,
    by_organisation: &BTreeMap<String, Vec<(DueRow, Date, i64)>>,
    day: &str,
) -> Result<usize, ApiError> {
    let mut per_manager: BTreeMap<String, (String, Vec<Expiring>)> = BTreeMap::new();
    for (kvk_number, means) in by_organisation {
        for manager in crate::manage::machtigingen::store::managers_of(tx, kvk_number).await? {
            let entry = per_manager
                .entry(manager.email.clone())
                .or_insert_with(|| (manager.name.clone(), Vec::new()));
            for (row, until, days_left) in means {
                entry.1.push(Expiring {
                    user_name: domain::user::full_name(
                        &row.first_names,
                        &row.infix,
                        &row.last_name,
                    ),
                    organisation: row.organisation_name.clone(),
                    level: crate::auth::parse_level(&row.level)?,
                    valid_until: *until,
                    days_left: *days_left,
                });
            }
        }
    }
    let link = format!(
        "{}/beheer/gebruikers?status=active&expiring_within=60&sort=valid_until",
        state.config.public_url.as_str().trim_end_matches('/')
    );
    for (email, (name, means)) in &per_manager {
        let mail = expiry::digest_to_manager(name, means, &link);
        let key = format!("expiry-digest:{day}:{email}");
        outbox::enqueue(tx, NewMessage::email(email, mail, key)).await?;
    }
    Ok(per_manager.len())
}

/// Runs [`send_due`] every [`INTERVAL`] until aborted (the first run at start).
pub async fn run_periodically(state: AppState) {
    let mut ticks = tokio::time::interval(INTERVAL);
    loop {
        ticks.tick().await;
        if let Err(error) = send_due(&state, crate::clock::unix_now()).await {
            tracing::warn!(%error, "cannot send the expiry warnings");
        }
    }
}
