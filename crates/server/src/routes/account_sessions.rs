//! The account's sessions, for its account page: which browsers are signed in, and ending them.
//!
//! - `GET /api/v1/account/sessions` → 200 [`AccountSessions`]: the valid sessions, the most
//!   recently used first, the request's own marked `current`.
//! - `DELETE /api/v1/account/sessions/{session_id}` → 204: that session ends at once (its next
//!   request is 401); 404 for a session that is not the account's; 409 `current_session` for the
//!   request's own (that one ends with `DELETE /api/v1/session`).
//! - `DELETE /api/v1/account/sessions` → 200 [`SessionsEnded`]: every other session ends.
//!
//! Ending sessions is in the account's audit log.

use axum::extract::{Path, State};
use axum::http::StatusCode;

use crate::AppState;
use crate::auth::{AuthError, CurrentManager, session, unix_now};
use crate::error::ApiError;
use crate::extract::Json;
use crate::manage::audit::{Action, Actor};
use crate::openapi::Error;

pub(crate) use api::account::{AccountSession, AccountSessions, SessionsEnded};

/// Records that `ended` sessions of the account ended.
async fn record(state: &AppState, manager: &CurrentManager, ended: u64) -> Result<(), ApiError> {
    let detail = if ended == 1 {
        "1 sessie".to_string()
    } else {
        format!("{ended} sessies")
    };
    let actor = Actor::from(manager);
    super::account::record(
        state,
        actor,
        Action::SessionsEnded,
        Some(&detail),
        unix_now(),
    )
    .await
}

/// `GET /api/v1/account/sessions`: the account's sessions.
#[utoipa::path(
    get, path = "/api/v1/account/sessions", operation_id = "listSessions", tag = "account",
    security(("session" = [])),
    responses(
        (status = 200, description = "The valid sessions, the most recently used first.", body = AccountSessions),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    manager: CurrentManager,
) -> Result<Json<AccountSessions>, ApiError> {
    let current = &manager.session_key()[..session::ID_CHARS];
    let sessions = session::list(&state.db, manager.id, unix_now())
        .await?
        .into_iter()
        .map(|listed| AccountSession {
            current: listed.id == current,
            id: listed.id,
            user_agent: listed.user_agent,
            created_at: listed.created_at,
            last_seen_at: listed.last_seen_at,
        })
        .collect();
    Ok(Json(AccountSessions { sessions }))
}

/// `DELETE /api/v1/account/sessions/{session_id}`: ends one of the account's other sessions.
#[utoipa::path(
    delete, path = "/api/v1/account/sessions/{session_id}", operation_id = "endSession", tag = "account",
    security(("session" = [])),
    params(("session_id" = String, Path, description = "The session, as listed.")),
    responses(
        (status = 204, description = "The session has ended."),
        (status = 404, description = "The account has no such session (`not_found`).", body = Error),
        (status = 409, description = "The request's own session (`current_session`): log out instead.", body = Error),
    )
)]
pub(crate) async fn end(
    State(state): State<AppState>,
    manager: CurrentManager,
    Path(session_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if manager.session_key().starts_with(&session_id) && session_id.len() == session::ID_CHARS {
        return Err(AuthError::CurrentSession.into());
    }
    if !session::end(&state.db, manager.id, &session_id).await? {
        return Err(ApiError::NotFound);
    }
    record(&state, &manager, 1).await?;
    tracing::info!(
        manager_id = manager.id,
        "a session ended from the account page"
    );
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/account/sessions`: ends every other session of the account.
#[utoipa::path(
    delete, path = "/api/v1/account/sessions", operation_id = "endOtherSessions", tag = "account",
    security(("session" = [])),
    responses(
        (status = 200, description = "Every other session has ended.", body = SessionsEnded),
    )
)]
pub(crate) async fn end_others(
    State(state): State<AppState>,
    manager: CurrentManager,
) -> Result<Json<SessionsEnded>, ApiError> {
    let ended = session::end_others(&state.db, manager.id, manager.session_key()).await?;
    if ended > 0 {
        record(&state, &manager, ended).await?;
    }
    Ok(Json(SessionsEnded { ended }))
}
