//! `/api/v1/activation…`: the user's side of a request, opened with the invitation's token
//! (docs/activation-api.md). Every endpoint answers an [`ActivationView`].

use domain::Level;
use serde::{Deserialize, Serialize};

use crate::RequestStatus;

/// The user's request as the activation pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivationView {
    /// Where the request is (an open status, or `issued` right after the user ordered).
    pub status: RequestStatus,
    /// The person as the manager entered them.
    pub user: ActivationUser,
    /// The organisation the means is for.
    pub organisation: Organisation,
    /// The means' level.
    pub level: Level,
    /// The means' term in years.
    pub term_years: i64,
    /// The machtigingen that come with the means.
    pub authorisations: AuthorisationList,
    /// The manager who ordered, to ask.
    pub manager: Contact,
    /// When the invitation link stops working (unix seconds).
    pub invitation_expires_at: i64,
    /// The SMS step's state, while the request waits for the mobile number's verification.
    pub sms: Option<SmsState>,
    /// The identification's deadline, while the request waits for it.
    pub identification: Option<IdentificationDue>,
    /// The means, when it was just issued.
    pub means: Option<Means>,
    /// When the request renews or replaces the user's means: which, and from when the new
    /// one is valid.
    #[serde(default)]
    pub succession: Option<ActivationSuccession>,
}

/// What a renewal or change of level means for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivationSuccession {
    /// A renewal or a change of level.
    pub kind: crate::SuccessionKind,
    /// The means it renews or replaces.
    pub means_id: String,
    /// That means' last valid day (ISO date).
    pub means_valid_until: String,
    /// Renewal: no identification while the current means is valid.
    pub identification_needed: bool,
}

/// The person of a request, as the manager entered them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivationUser {
    /// First names.
    pub first_names: String,
    /// Surname prefix ("van der"); empty when there is none.
    pub infix: String,
    /// Last name.
    pub last_name: String,
    /// The whole name, as written.
    pub full_name: String,
    /// ISO date, `1985-03-15`.
    pub birth_date: String,
    /// Place of birth.
    pub birth_place: String,
    /// E-mail address.
    pub email: String,
    /// Mobile number.
    pub mobile: String,
    /// Whether the person is an employee of the organisation (no identification needed).
    pub employed: bool,
}

/// An organisation by KvK number, name and (optionally) branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    /// KvK number.
    pub kvk_number: String,
    /// Name as registered.
    pub name: String,
    /// Branch (vestiging) number, when the means is for one branch.
    pub branch_number: Option<String>,
}

/// Machtigingen as shown: all services, or these items (a provider's services, or a service).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorisationList {
    /// Every service of every provider.
    pub all_services: bool,
    /// The items in words, when not all services.
    pub items: Vec<String>,
    /// Where the user logs in with them: the websites of the items' providers, as the
    /// catalogue names them (none for all services).
    #[serde(default)]
    pub websites: Vec<Website>,
}

/// A provider's website ([`AuthorisationList::websites`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Website {
    /// The provider's name, e.g. "Belastingdienst".
    pub name: String,
    /// Its address, e.g. `https://www.belastingdienst.nl`.
    pub url: String,
}

/// Someone to ask: the manager who ordered the means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// Display name.
    pub name: String,
    /// E-mail address.
    pub email: String,
}

/// Where the SMS step is: when the last code was sent and works until, when a new one may be
/// asked for, how many more this hour, how many tries the code has left (unix seconds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsState {
    /// When the last code was sent.
    pub sent_at: i64,
    /// When that code stops working.
    pub code_expires_at: i64,
    /// When a new code may be asked for.
    pub resend_at: i64,
    /// How many more codes this hour.
    pub sends_left: i64,
    /// How many tries the current code has left.
    pub attempts_left: i64,
}

/// An identification that must happen before `deadline`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentificationDue {
    /// Unix seconds.
    pub deadline: i64,
}

/// An issued eHerkenning means, as the user's result page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Means {
    /// The means' identifier.
    pub id: String,
    /// Its level.
    pub level: Level,
    /// ISO date, inclusive.
    pub valid_from: String,
    /// ISO date, inclusive.
    pub valid_until: String,
    /// Its machtigingen.
    pub authorisations: AuthorisationList,
}

/// The body of `POST /api/v1/activation/sms-code/verification`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeBody {
    /// The code the user typed.
    pub code: String,
}

/// The body of `POST /api/v1/activation/order`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderBody {
    /// Whether the user accepted the terms of use (false when absent).
    #[serde(default)]
    pub accepted_terms: bool,
}
