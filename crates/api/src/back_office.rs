//! The back office's onboarding (`/api/v1/admin/…`, role `admin`): the organisations the
//! provider has registered, and the managers (machtigingenbeheerders) appointed for them, each on
//! the authority of the organisation's wettelijk vertegenwoordiger(s).

use domain::Level;
use serde::{Deserialize, Serialize};

use crate::{AccountState, Authority};

/// The body of `POST /api/v1/admin/organisations`: the organisation to register, looked up in
/// the KvK register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationRegistration {
    /// 8 digits; spaces, dots and hyphens between them are allowed.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[ .-]*([0-9][ .-]*){8}$"))]
    pub kvk_number: String,
}

/// An organisation the provider has registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisteredOrganisation {
    /// 8 digits.
    pub kvk_number: String,
    /// The register's name at registration; `None` for an organisation that had managers before
    /// the back office registered organisations.
    pub name: Option<String>,
    /// The register's place at registration, if known and not shielded.
    pub place: Option<String>,
    /// When it was registered, unix seconds.
    pub registered_at: i64,
    /// How many managers manage it (suspended ones included).
    pub managers: u32,
}

/// What `GET /api/v1/admin/organisations` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisteredOrganisations {
    /// By name (unknown names last), then KvK number.
    pub organisations: Vec<RegisteredOrganisation>,
}

/// On whose authority a manager manages an organisation: the body of
/// `POST /api/v1/admin/managers/{manager_id}/organisations`, and part of an appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mandate {
    /// A registered organisation's KvK number.
    pub kvk_number: String,
    /// The wettelijk vertegenwoordiger(s) who signed the appointment, one name each: at least
    /// one; at least two when they are `joint`ly authorised.
    pub representatives: Vec<String>,
    /// Whether one of them may sign alone (zelfstandig bevoegd) or they sign together
    /// (gezamenlijk bevoegd).
    pub authority: Authority,
    /// The reference of the signed authorisation (e.g. its document or case number).
    pub reference: String,
}

/// The body of `POST /api/v1/admin/managers`: the manager to appoint for one organisation
/// (more are added afterwards, each on its own authority).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appointment {
    /// The manager's full name.
    pub name: String,
    /// The manager's e-mail address: the set-up link goes there, and it signs in with it.
    pub email: String,
    /// The highest level the manager may order at.
    pub level: Level,
    /// The organisation and the authority.
    pub mandate: Mandate,
}

/// The body of `PUT /api/v1/admin/managers/{manager_id}/level`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelChange {
    /// The manager's new highest level.
    pub level: Level,
}

/// A manager in the back office's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagerSummary {
    /// The account's id.
    pub id: i64,
    /// The full name.
    pub name: String,
    /// Lower-cased.
    pub email: String,
    /// The highest level the manager may order at.
    pub level: Level,
    /// Invited (not set up yet), active or suspended.
    pub state: AccountState,
    /// The KvK numbers of the organisations the manager manages, sorted.
    pub organisations: Vec<String>,
    /// When the account was created, unix seconds.
    pub created_at: i64,
}

/// What `GET /api/v1/admin/managers` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Managers {
    /// By name, at most [`Managers::LIMIT`].
    pub managers: Vec<ManagerSummary>,
    /// Whether more managers matched than are listed (narrow the search).
    pub truncated: bool,
}

impl Managers {
    /// The most managers one answer lists.
    pub const LIMIT: usize = 200;
}

/// A mandate as recorded: who appointed the manager, when, and on whose authority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MandateRecord {
    /// The representatives who signed.
    pub representatives: Vec<String>,
    /// Sole or joint authority.
    pub authority: Authority,
    /// The reference of the signed authorisation.
    pub reference: String,
    /// The admin who recorded it, if the account still exists.
    pub appointed_by: Option<String>,
    /// When, unix seconds.
    pub appointed_at: i64,
}

/// An organisation a manager manages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagedOrganisation {
    /// 8 digits.
    pub kvk_number: String,
    /// The register's name at registration, if known.
    pub name: Option<String>,
    /// The authority; `None` for a manager made before the back office recorded it (the demo,
    /// the command line).
    pub mandate: Option<MandateRecord>,
}

/// What `GET /api/v1/admin/managers/{manager_id}` and every change to a manager answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagerDetail {
    /// The account's id.
    pub id: i64,
    /// The full name.
    pub name: String,
    /// Lower-cased.
    pub email: String,
    /// The highest level the manager may order at.
    pub level: Level,
    /// Invited (not set up yet), active or suspended.
    pub state: AccountState,
    /// When the account was created, unix seconds.
    pub created_at: i64,
    /// The organisations, by KvK number.
    pub organisations: Vec<ManagedOrganisation>,
}
