//! [`Acting`]: the extractor of the endpoints an API client may call as well as a manager.
//!
//! With `Authorization: Bearer mpk_…` the request is the client's: it must hold the
//! permission the endpoint names ([`Needs`]), and acts as its manager restricted to its one
//! organisation (no CSRF check: a browser never attaches the header by itself). Without it,
//! the request needs the manager's session, exactly as [`CurrentManager`] does.
//!
//! ```text
//! async fn list_users(Acting(manager, ..): Acting<ReadUsers>, …)
//! ```

use std::marker::PhantomData;

use api::ClientPermission;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use super::{ClientError, authenticate};
use crate::AppState;
use crate::auth::CurrentManager;
use crate::clock::unix_now;
use crate::error::ApiError;

/// The permission an endpoint needs from an API client.
pub(crate) trait Needs {
    /// The permission.
    const PERMISSION: ClientPermission;
}

/// Reading the users and requests: the Beheer lists and exports, SCIM's `GET`.
#[derive(Debug)]
pub(crate) struct ReadUsers;

/// Ordering: `POST /api/v1/orders`, SCIM's `POST` and changes.
#[derive(Debug)]
pub(crate) struct Order;

/// Revoking means and cancelling requests.
#[derive(Debug)]
pub(crate) struct Revoke;

impl Needs for ReadUsers {
    const PERMISSION: ClientPermission = ClientPermission::ReadUsers;
}

impl Needs for Order {
    const PERMISSION: ClientPermission = ClientPermission::Order;
}

impl Needs for Revoke {
    const PERMISSION: ClientPermission = ClientPermission::Revoke;
}

/// The manager of the request: signed in, or acting through an API client holding `P`.
#[derive(Debug)]
pub(crate) struct Acting<P>(pub CurrentManager, pub PhantomData<P>);

/// The bearer token of `Authorization`, if the request has one.
pub(crate) fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// The manager an API client's bearer token acts for, holding `permission`: `401
/// api_client_unauthorized` for a token that does not work, `403
/// api_client_permission_missing` without the permission.
pub(crate) async fn client_manager(
    state: &AppState,
    token: &str,
    permission: ClientPermission,
) -> Result<CurrentManager, ApiError> {
    let manager = authenticate(state, token, unix_now())
        .await?
        .ok_or(ClientError::Unauthorized)?;
    let allowed = manager
        .client
        .as_ref()
        .is_some_and(|client| client.permissions.contains(&permission));
    if allowed {
        Ok(manager)
    } else {
        Err(ClientError::PermissionMissing(permission).into())
    }
}

impl<P: Needs + Send + Sync> FromRequestParts<AppState> for Acting<P> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let manager = match bearer(parts) {
            Some(token) => client_manager(state, token, P::PERMISSION).await?,
            None => CurrentManager::from_request_parts(parts, state).await?,
        };
        Ok(Acting(manager, PhantomData))
    }
}
