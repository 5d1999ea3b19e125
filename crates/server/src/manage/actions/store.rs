//! The SQL of bulk actions: the action under its idempotency key, each person's outcome as it
//! is done, and the answer once every person has one.

use std::collections::HashSet;

use api::authorisations::PersonOutcome;
use api::year::{BulkActionResult, PeopleAction};
use api::{BulkOutcome, SkipReason};
use domain::pricing::Quote;
use sqlx::{AnyConnection, AnyPool};

use super::ActionError;
use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::ApiError;

/// A bulk action being done.
#[derive(Debug, Clone)]
pub(crate) struct Action {
    pub id: String,
    pub kind: PeopleAction,
    pub request_hash: String,
}

/// What [`start`] found under the key.
pub(crate) enum Started {
    /// Done before: its answer.
    Finished(Box<BulkActionResult>),
    /// New, or interrupted before every person had an outcome.
    Running(Action),
}

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: String,
    request_hash: String,
    result: Option<String>,
}

async fn find(db: &AnyPool, manager_id: i64, key: &str) -> Result<Option<ActionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, request_hash, result FROM bulk_actions \
         WHERE manager_id = $1 AND idempotency_key = $2",
    )
    .bind(manager_id)
    .bind(key.to_owned())
    .fetch_optional(db)
    .await
}

/// The action of `manager` under `key`: done before, going on, or new.
pub(crate) async fn start(
    state: &AppState,
    manager: &CurrentManager,
    key: &str,
    hash: &str,
    kind: &PeopleAction,
    people: usize,
    now: i64,
) -> Result<Started, ApiError> {
    if find(&state.db, manager.id, key).await?.is_none() {
        sqlx::query(
            "INSERT INTO bulk_actions (id, manager_id, idempotency_key, request_hash, kind, \
             people, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(crate::ids::readable("BA")?)
        .bind(manager.id)
        .bind(key.to_owned())
        .bind(hash.to_owned())
        .bind(serde_json::to_string(kind).map_err(ApiError::internal)?)
        .bind(people as i64)
        .bind(now)
        .execute(&state.db)
        .await?;
    }
    let row = find(&state.db, manager.id, key)
        .await?
        .ok_or_else(|| ApiError::internal("a bulk action's key taken but not found"))?;
    if row.request_hash != hash {
        return Err(ActionError::KeyReused.into());
    }
    match row.result {
        Some(result) => Ok(Started::Finished(Box::new(
            serde_json::from_str(&result).map_err(ApiError::internal)?,
        ))),
        None => Ok(Started::Running(Action {
            id: row.id,
            kind: kind.clone(),
            request_hash: row.request_hash,
        })),
    }
}

/// The people who have an outcome already.
pub(crate) async fn recorded(db: &AnyPool, action_id: &str) -> Result<HashSet<String>, ApiError> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT request_id FROM bulk_action_people WHERE action_id = $1")
            .bind(action_id.to_owned())
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Forgets an action that did nothing yet (refused as a whole), so that its key can be sent
/// again with what was missing.
pub(crate) async fn forget_if_empty(db: &AnyPool, action_id: &str) -> Result<(), ApiError> {
    sqlx::query(
        "DELETE FROM bulk_actions WHERE id = $1 AND result IS NULL \
         AND NOT EXISTS (SELECT 1 FROM bulk_action_people WHERE action_id = $1)",
    )
    .bind(action_id.to_owned())
    .execute(db)
    .await?;
    Ok(())
}

/// Records one person's outcome in the transaction of their change.
pub(crate) async fn record_person(
    tx: &mut AnyConnection,
    action: &Action,
    position: usize,
    outcome: &PersonOutcome,
    order_number: Option<&str>,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO bulk_action_people (action_id, request_id, position, name, outcome, reason, \
         message, order_number) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(action.id.clone())
    .bind(outcome.request_id.clone())
    .bind(position as i64)
    .bind(outcome.name.clone())
    .bind(outcome.outcome.as_str())
    .bind(outcome.reason.map(|r| r.as_str()))
    .bind(outcome.message.clone())
    .bind(order_number.map(str::to_owned))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    request_id: String,
    name: String,
    outcome: BulkOutcome,
    reason: Option<String>,
    message: String,
    order_number: Option<String>,
}

/// The answer, from every person's outcome and the orders placed, kept with the action.
pub(crate) async fn finish(
    state: &AppState,
    action: &Action,
    now: i64,
) -> Result<BulkActionResult, ApiError> {
    let rows: Vec<PersonRow> = sqlx::query_as(
        "SELECT request_id, name, outcome, reason, message, order_number \
         FROM bulk_action_people WHERE action_id = $1 ORDER BY position, request_id",
    )
    .bind(action.id.clone())
    .fetch_all(&state.db)
    .await?;
    let mut orders: Vec<String> = Vec::new();
    let mut people = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(order) = row.order_number
            && !orders.contains(&order)
        {
            orders.push(order);
        }
        let reason = row
            .reason
            .as_deref()
            .map(|r| {
                SkipReason::parse(r)
                    .ok_or_else(|| ApiError::internal(format!("stored skip reason {r:?}")))
            })
            .transpose()?;
        people.push(PersonOutcome {
            request_id: row.request_id,
            name: row.name,
            outcome: row.outcome,
            reason,
            message: row.message,
        });
    }
    let mut quotes: Vec<Quote> = Vec::with_capacity(orders.len());
    for chunk in orders.chunks(500) {
        let mut sql = crate::sql::Sql::new("SELECT quote FROM orders WHERE order_number IN ");
        sql.push_tuple(chunk.to_vec());
        let stored: Vec<(String,)> = sql.build_as().fetch_all(&state.db).await?;
        for (quote,) in stored {
            quotes.push(serde_json::from_str(&quote).map_err(ApiError::internal)?);
        }
    }
    let quote = crate::offer::prices().merge(&quotes);
    let answer = super::result(people, quote, orders);
    sqlx::query(
        "UPDATE bulk_actions SET result = $1, finished_at = $2 WHERE id = $3 AND result IS NULL",
    )
    .bind(serde_json::to_string(&answer).map_err(ApiError::internal)?)
    .bind(now)
    .bind(action.id.clone())
    .execute(&state.db)
    .await?;
    Ok(answer)
}
