//! `/api/v1/session`: the manager's login, "who am I" and logout.

use domain::Level;
use serde::{Deserialize, Serialize};

use crate::{Role, SecondFactor};

/// The body of `POST /api/v1/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Credentials {
    /// The manager's e-mail address.
    pub email: String,
    /// The password.
    pub password: String,
}

/// The logged-in manager and the session's CSRF token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionBody {
    /// Who is logged in.
    pub manager: Manager,
    /// To send back in `X-CSRF-Token` with every state-changing request.
    pub csrf_token: String,
    /// Whether the session passed the second factor; until it has, it reaches nothing but the
    /// second factor's own endpoints.
    pub second_factor: SecondFactor,
}

/// What `GET /api/v1/session` answers: a [`SessionBody`], or `{"manager": null}` when nobody
/// is logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaybeSession {
    /// Who is logged in, if anyone.
    pub manager: Option<Manager>,
    /// The session's CSRF token, when someone is logged in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
    /// Whether the session passed the second factor, when someone is logged in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_factor: Option<SecondFactor>,
}

impl MaybeSession {
    /// Nobody is logged in: `{"manager": null}`.
    pub const NOBODY: MaybeSession = MaybeSession {
        manager: None,
        csrf_token: None,
        second_factor: None,
    };

    /// The session, when someone is logged in.
    pub fn session(self) -> Option<SessionBody> {
        match self {
            MaybeSession {
                manager: Some(manager),
                csrf_token: Some(csrf_token),
                second_factor: Some(second_factor),
            } => Some(SessionBody {
                manager,
                csrf_token,
                second_factor,
            }),
            _ => None,
        }
    }
}

/// The logged-in manager (or operator), as the SPA shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Manager {
    /// Lower-cased e-mail address.
    pub email: String,
    /// The name to greet with.
    pub name: String,
    /// The highest level the manager may order.
    pub level: Level,
    /// KvK numbers of the organisations the manager may order for, sorted.
    pub organisations: Vec<String>,
    /// `manager` alone, or the back office's `operator` and/or `admin`.
    pub roles: Vec<Role>,
}

impl Manager {
    /// Whether this is a machtigingenbeheerder's account (role `manager`).
    pub fn is_manager(&self) -> bool {
        self.roles.contains(&Role::Manager)
    }

    /// Whether this account records identifications (role `operator`).
    pub fn is_operator(&self) -> bool {
        self.roles.contains(&Role::Operator)
    }

    /// Whether this account registers organisations and appoints managers (role `admin`).
    pub fn is_admin(&self) -> bool {
        self.roles.contains(&Role::Admin)
    }
}
