//! "Gebruikers": everyone with a means or an open request at the manager's organisations,
//! filtered, sorted and paged in SQL; one person's means, machtigingen and timeline; revoking a
//! means.

use std::collections::HashMap;

use api::MeansStatus;
use axum::http::StatusCode;
use domain::Lang;
use serde_json::{Value, json};
use sqlx::AnyConnection;

use super::audit::{self, Action};
use super::requests::timeline;
use super::{ListQuery, Page, PageOf, Paging, store};
use crate::AppState;
use crate::activation::events::{self, Actor, Event};
use crate::activation::{RequestRecord, authorisation_items, load_by_id};
use crate::auth::CurrentManager;
use crate::error::{ApiError, Problem};
use crate::lang::Text;
use crate::mail::notices;
use crate::orders::today;
use crate::outbox::{self, NewMessage};

/// Why an action on a user was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum UserError {
    #[error("no user {0} at the manager's organisations")]
    NotFound(String),
    #[error("no means {0} at the manager's organisations")]
    MeansNotFound(String),
    #[error("means {0} is not active")]
    MeansNotActive(String),
}

impl Problem for UserError {
    fn status(&self) -> StatusCode {
        match self {
            UserError::NotFound(_) | UserError::MeansNotFound(_) => StatusCode::NOT_FOUND,
            UserError::MeansNotActive(_) => StatusCode::CONFLICT,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            UserError::NotFound(_) => "user_not_found",
            UserError::MeansNotFound(_) => "means_not_found",
            UserError::MeansNotActive(_) => "means_not_active",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            UserError::NotFound(_) => Text::UserNotFound,
            UserError::MeansNotFound(id) => Text::MeansNotFound { id },
            UserError::MeansNotActive(id) => Text::MeansNotActive { id },
        }
        .text(lang)
    }

    fn details(&self, _: Lang) -> Option<Value> {
        match self {
            UserError::MeansNotActive(id) => Some(json!({ "means_id": id })),
            _ => None,
        }
    }
}

/// The organisation of a row, one person in "Gebruikers", and a page of them.
pub(crate) use api::manage::{OrganisationRef, UserRow, Users};

/// The columns a list of users can be sorted by.
pub(crate) const SORTS: [&str; 6] = [
    "name",
    "email",
    "organisation",
    "level",
    "status",
    "valid_until",
];

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

/// A page of users.
pub(crate) async fn list(
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
    let (total, rows) =
        store::users::page(&state.db, &organisations, query, &today_iso, paging).await?;
    let mut labels = AuthorisationLabels::default();
    let mut users: Vec<_> = rows
        .into_iter()
        .map(|r| r.into_user(&today_iso, &mut labels, lang))
        .collect();
    held_labels(&state.db, &mut users, &today_iso, lang).await?;
    super::succession::fill_users(&state.db, &mut users).await?;
    super::ended::mark(state, users.iter_mut().map(|u| &mut u.organisation)).await;
    Ok(Page::new(paging, total, Users { users }))
}

/// A means with its machtigingen, and one person with their means and timeline.
pub(crate) use api::manage::{MeansAuthorisation as AuthorisationDetail, MeansDetail, UserDetail};

/// The user of request `request_id`, if it is at one of the manager's organisations.
pub(crate) async fn show(
    state: &AppState,
    manager: &CurrentManager,
    request_id: &str,
    now: i64,
    lang: Lang,
) -> Result<UserDetail, ApiError> {
    let today_iso = today(now).iso_string();
    let mut user = match store::users::one(&state.db, request_id).await? {
        Some(found) => found.into_user(&today_iso, &mut AuthorisationLabels::default(), lang),
        None => return Err(UserError::NotFound(request_id.to_owned()).into()),
    };
    if !manager.manages(&user.organisation.kvk_number) {
        return Err(UserError::NotFound(request_id.to_owned()).into());
    }
    super::ended::mark(state, [&mut user.organisation]).await;
    held_labels(&state.db, std::slice::from_mut(&mut user), &today_iso, lang).await?;
    super::succession::fill_users(&state.db, std::slice::from_mut(&mut user)).await?;
    let means = match &user.means_id {
        None => None,
        Some(id) => {
            let mut connection = state.db.acquire().await?;
            Some(store::users::means(&mut connection, id, now, lang).await?)
        }
    };
    let events = timeline(state, request_id).await?;
    let manager_role = super::co_manager::role(state, request_id).await?;
    Ok(UserDetail {
        user,
        means,
        events,
        manager_role,
    })
}

/// Each issued person's machtigingen as their means holds them today (added, withdrawn and
/// ended ones included): the order's choice is only what the means started with.
pub(crate) async fn held_labels(
    db: &sqlx::AnyPool,
    users: &mut [UserRow],
    today_iso: &str,
    lang: Lang,
) -> Result<(), ApiError> {
    let means_ids: Vec<String> = users.iter().filter_map(|u| u.means_id.clone()).collect();
    if means_ids.is_empty() {
        return Ok(());
    }
    let mut labels = store::users::active_labels(db, &means_ids, today_iso, lang).await?;
    for user in users {
        if let Some(id) = &user.means_id {
            user.authorisations = labels.remove(id).unwrap_or_default();
        }
    }
    Ok(())
}

/// Revokes means `means_id` of `record` in `tx`, the conditional update first (it takes
/// SQLite's write lock, see activation::expiry): the means and its machtigingen end today, with
/// the event, the audit entry and the user's notice. False when it was no longer active.
pub(crate) async fn revoke_in(
    tx: &mut AnyConnection,
    manager: &CurrentManager,
    record: &RequestRecord,
    means_id: &str,
    now: i64,
) -> Result<bool, ApiError> {
    if !store::users::revoke(tx, means_id, &today(now).iso_string(), now).await? {
        return Ok(false);
    }
    events::record(
        tx,
        &record.id,
        now,
        Event::Revoked,
        &Actor::Manager(manager.id),
        Some(means_id),
    )
    .await?;
    audit::record(
        tx,
        manager,
        Some(&record.kvk_number),
        Action::MeansRevoked,
        means_id,
        Some(&record.audit_name()),
        now,
    )
    .await?;
    let full_name = record.full_name();
    outbox::enqueue(
        tx,
        NewMessage::email(
            &record.email,
            notices::revoked_to_user(
                record.facts(&full_name),
                means_id,
                &manager.name,
                &manager.email,
            ),
            format!("revoked-user:{means_id}"),
        ),
    )
    .await?;
    Ok(true)
}

/// What a revocation answers.
pub(crate) use api::manage::Revoked;

/// Revokes means `means_id` at once: recorded, and the user and the manager told by e-mail.
pub(crate) async fn revoke(
    state: &AppState,
    manager: &CurrentManager,
    means_id: &str,
    now: i64,
) -> Result<Revoked, ApiError> {
    let Some(owner) = store::users::means_owner(&state.db, means_id).await? else {
        return Err(UserError::MeansNotFound(means_id.to_owned()).into());
    };
    let store::users::MeansOwner {
        request_id,
        kvk_number,
    } = owner;
    if !manager.manages(&kvk_number) {
        return Err(UserError::MeansNotFound(means_id.to_owned()).into());
    }
    let mut connection = state.db.acquire().await?;
    let record = load_by_id(&mut connection, &request_id)
        .await?
        .ok_or_else(|| ApiError::internal(format!("means {means_id} without request")))?;
    drop(connection);

    let mut tx = crate::db::begin_write(&state.db).await?;
    if !revoke_in(&mut tx, manager, &record, means_id, now).await? {
        return Err(UserError::MeansNotActive(means_id.to_owned()).into());
    }
    let full_name = record.full_name();
    let facts = record.facts(&full_name);
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
