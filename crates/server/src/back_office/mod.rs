//! The back office's onboarding (role `admin`): it registers an organisation after looking it
//! up in the KvK register, appoints its machtigingenbeheerders on the authority of its wettelijk
//! vertegenwoordiger(s) (../shared/domain.md §2.1: zelfstandig or gezamenlijk bevoegd, and the
//! reference of the signed authorisation), changes a manager's organisations and level, and
//! suspends and reactivates them.
//!
//! - An appointment creates the account without a password, in one transaction with its
//!   authority, its set-up link, the e-mail that carries the link (outbox) and the audit entry.
//!   The address is unique, so a repeated appointment is `409 manager_exists`, never a second
//!   account.
//! - Every change is in the audit log of each organisation concerned, naming the admin, so the
//!   organisation's managers see it in Beheer too.
//! - Appointing, giving a manager another organisation and changing a level need the second
//!   factor within the last 15 minutes (step-up), as an EH3 order does.

pub(crate) mod store;

use axum::http::StatusCode;
use domain::Lang;
use domain::kvk::KvkNumber;
use serde_json::{Value, json};

use crate::error::Problem;
use crate::lang::{FieldProblem, Text};

pub(crate) use api::back_office::{
    Appointment, LevelChange, ManagedOrganisation, ManagerDetail, ManagerSummary, Managers,
    Mandate, MandateRecord, OrganisationRegistration, RegisteredOrganisation,
    RegisteredOrganisations,
};
pub(crate) use api::{AccountState, Authority};

/// The longest name accepted (a manager's or a representative's), in characters.
pub(crate) const NAME_MAX_CHARS: usize = 200;

/// The most representatives one authority names.
pub(crate) const REPRESENTATIVES_MAX: usize = 10;

/// The longest reference of a signed authorisation, in characters.
pub(crate) const REFERENCE_MAX_CHARS: usize = 100;

/// Why a back-office request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BackOfficeError {
    #[error("organisation {0} is registered already")]
    OrganisationRegistered(String),
    #[error("an account with the address {0} exists already")]
    ManagerExists(String),
    #[error("no manager with this id")]
    ManagerNotFound,
    #[error("{} problem(s) in the request", .problems.len())]
    Invalid {
        problems: Vec<FieldProblem>,
        lang: Lang,
    },
    #[error("the manager manages {0} already")]
    MandateExists(String),
    #[error("the manager does not manage {0}")]
    MandateNotFound(String),
    #[error("the manager's only organisation")]
    LastOrganisation,
    #[error("the account is set up already")]
    AccountSetUp,
    #[error("the manager changed meanwhile")]
    ChangedMeanwhile,
}

impl Problem for BackOfficeError {
    fn status(&self) -> StatusCode {
        match self {
            BackOfficeError::ManagerNotFound | BackOfficeError::MandateNotFound(_) => {
                StatusCode::NOT_FOUND
            }
            BackOfficeError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            BackOfficeError::OrganisationRegistered(_)
            | BackOfficeError::ManagerExists(_)
            | BackOfficeError::MandateExists(_)
            | BackOfficeError::LastOrganisation
            | BackOfficeError::AccountSetUp
            | BackOfficeError::ChangedMeanwhile => StatusCode::CONFLICT,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            BackOfficeError::OrganisationRegistered(_) => "organisation_registered",
            BackOfficeError::ManagerExists(_) => "manager_exists",
            BackOfficeError::ManagerNotFound => "manager_not_found",
            BackOfficeError::Invalid { .. } => "appointment_invalid",
            BackOfficeError::MandateExists(_) => "mandate_exists",
            BackOfficeError::MandateNotFound(_) => "mandate_not_found",
            BackOfficeError::LastOrganisation => "last_organisation",
            BackOfficeError::AccountSetUp => "account_set_up",
            BackOfficeError::ChangedMeanwhile => "changed_meanwhile",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            BackOfficeError::OrganisationRegistered(kvk) => {
                Text::OrganisationRegistered { kvk_number: kvk }
            }
            BackOfficeError::ManagerExists(email) => Text::ManagerExists { email },
            BackOfficeError::ManagerNotFound => Text::ManagerNotFound,
            BackOfficeError::Invalid { problems, .. } => Text::AppointmentInvalid {
                count: problems.len(),
            },
            BackOfficeError::MandateExists(kvk) => Text::MandateExists { kvk_number: kvk },
            BackOfficeError::MandateNotFound(kvk) => Text::MandateNotFound { kvk_number: kvk },
            BackOfficeError::LastOrganisation => Text::LastOrganisation,
            BackOfficeError::AccountSetUp => Text::AccountSetUp,
            BackOfficeError::ChangedMeanwhile => Text::ChangedMeanwhile,
        }
        .text(lang)
    }

    fn details(&self, _: Lang) -> Option<Value> {
        match self {
            BackOfficeError::Invalid { problems, lang } => {
                Some(FieldProblem::details(problems, *lang))
            }
            BackOfficeError::OrganisationRegistered(kvk)
            | BackOfficeError::MandateExists(kvk)
            | BackOfficeError::MandateNotFound(kvk) => Some(json!({ "kvk_number": kvk })),
            _ => None,
        }
    }
}

/// A [`Mandate`] with its text trimmed and every rule met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CheckedMandate {
    pub kvk_number: KvkNumber,
    pub representatives: Vec<String>,
    pub authority: Authority,
    pub reference: String,
}

impl CheckedMandate {
    /// How the audit entry and the list describe it: "Zelfstandig bevoegd: A; kenmerk R".
    pub(crate) fn describe(&self) -> String {
        describe(self.authority, &self.representatives, &self.reference)
    }
}

/// "Zelfstandig bevoegd: A; kenmerk R" (the audit log's detail, in Dutch as its labels).
pub(crate) fn describe(
    authority: Authority,
    representatives: &[String],
    reference: &str,
) -> String {
    let kind = match authority {
        Authority::Sole => "Zelfstandig bevoegd",
        Authority::Joint => "Gezamenlijk bevoegd",
    };
    format!(
        "{kind}: {}; kenmerk {reference}",
        representatives.join(", ")
    )
}

/// An [`Appointment`] with every rule met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CheckedAppointment {
    pub name: String,
    /// Lower-cased.
    pub email: String,
    pub level: domain::Level,
    pub mandate: CheckedMandate,
}

/// The field names of a mandate's problems: in an appointment they are under `mandate.`.
#[derive(Debug, Clone, Copy)]
enum Fields {
    Own,
    InAppointment,
}

impl Fields {
    fn name(self, field: &'static str) -> &'static str {
        match (self, field) {
            (Fields::Own, field) => field,
            (Fields::InAppointment, "kvk_number") => "mandate.kvk_number",
            (Fields::InAppointment, "representatives") => "mandate.representatives",
            (Fields::InAppointment, "reference") => "mandate.reference",
            (Fields::InAppointment, field) => field,
        }
    }
}

/// The text trimmed, each inner run of spaces made one.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_mandate(
    mandate: &Mandate,
    fields: Fields,
    problems: &mut Vec<FieldProblem>,
) -> Option<CheckedMandate> {
    let mut problem = |field, code, text| {
        problems.push(FieldProblem::new(fields.name(field), code, text));
    };
    let kvk_number = KvkNumber::parse(&mandate.kvk_number).ok();
    if kvk_number.is_none() {
        problem("kvk_number", "invalid", Text::MandateKvkInvalid);
    }
    let mut representatives: Vec<String> = Vec::new();
    for name in mandate.representatives.iter().map(|name| clean(name)) {
        if !name.is_empty()
            && !representatives
                .iter()
                .any(|known| known.to_lowercase() == name.to_lowercase())
        {
            representatives.push(name);
        }
    }
    if representatives.is_empty() {
        problem("representatives", "missing", Text::RepresentativesMissing);
    } else if representatives.len() > REPRESENTATIVES_MAX {
        problem(
            "representatives",
            "too_many",
            Text::RepresentativesTooMany {
                max: REPRESENTATIVES_MAX,
            },
        );
    } else if representatives
        .iter()
        .any(|name| name.chars().count() > NAME_MAX_CHARS)
    {
        problem(
            "representatives",
            "too_long",
            Text::NameTooLong {
                max: NAME_MAX_CHARS,
            },
        );
    } else if mandate.authority == Authority::Joint && representatives.len() < 2 {
        problem("representatives", "joint_needs_two", Text::JointNeedsTwo);
    }
    let reference = clean(&mandate.reference);
    if reference.is_empty() {
        problem("reference", "missing", Text::ReferenceMissing);
    } else if reference.chars().count() > REFERENCE_MAX_CHARS {
        problem(
            "reference",
            "too_long",
            Text::ReferenceTooLong {
                max: REFERENCE_MAX_CHARS,
            },
        );
    }
    Some(CheckedMandate {
        kvk_number: kvk_number?,
        representatives,
        authority: mandate.authority,
        reference,
    })
}

/// Checks a mandate given on its own (`POST …/organisations`).
pub(crate) fn check_own_mandate(
    mandate: &Mandate,
    lang: Lang,
) -> Result<CheckedMandate, BackOfficeError> {
    let mut problems = Vec::new();
    let checked = check_mandate(mandate, Fields::Own, &mut problems);
    match checked {
        Some(checked) if problems.is_empty() => Ok(checked),
        _ => Err(BackOfficeError::Invalid { problems, lang }),
    }
}

/// Checks an appointment.
pub(crate) fn check_appointment(
    appointment: &Appointment,
    lang: Lang,
) -> Result<CheckedAppointment, BackOfficeError> {
    let mut problems = Vec::new();
    let name = clean(&appointment.name);
    if name.is_empty() {
        problems.push(FieldProblem::new(
            "name",
            "missing",
            Text::ManagerNameMissing,
        ));
    } else if name.chars().count() > NAME_MAX_CHARS {
        problems.push(FieldProblem::new(
            "name",
            "too_long",
            Text::NameTooLong {
                max: NAME_MAX_CHARS,
            },
        ));
    }
    let email = appointment.email.trim().to_lowercase();
    if domain::email::parse_email(&email).is_err() {
        problems.push(FieldProblem::new(
            "email",
            "invalid",
            Text::ManagerEmailInvalid,
        ));
    }
    let mandate = check_mandate(&appointment.mandate, Fields::InAppointment, &mut problems);
    match mandate {
        Some(mandate) if problems.is_empty() => Ok(CheckedAppointment {
            name,
            email,
            level: appointment.level,
            mandate,
        }),
        _ => Err(BackOfficeError::Invalid { problems, lang }),
    }
}

/// `422 appointment_invalid` for one problem found against the database (an organisation that
/// is not registered).
pub(crate) fn not_registered(fields_in_appointment: bool, lang: Lang) -> BackOfficeError {
    let fields = if fields_in_appointment {
        Fields::InAppointment
    } else {
        Fields::Own
    };
    BackOfficeError::Invalid {
        problems: vec![FieldProblem::new(
            fields.name("kvk_number"),
            "not_registered",
            Text::OrganisationNotRegistered,
        )],
        lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mandate(representatives: &[&str], authority: Authority, reference: &str) -> Mandate {
        Mandate {
            kvk_number: "6875 0110".into(),
            representatives: representatives.iter().map(|&r| r.to_owned()).collect(),
            authority,
            reference: reference.into(),
        }
    }

    fn codes(error: BackOfficeError) -> Vec<(&'static str, &'static str)> {
        match error {
            BackOfficeError::Invalid { problems, .. } => {
                problems.iter().map(|p| (p.field, p.code)).collect()
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_mandate_is_trimmed_and_its_representatives_counted_once() {
        let checked = check_own_mandate(
            &mandate(
                &["  Jan  Jansen ", "", "jan jansen", "Piet"],
                Authority::Joint,
                " AB-1 ",
            ),
            Lang::Nl,
        )
        .unwrap();
        assert_eq!(checked.kvk_number.as_str(), "68750110");
        assert_eq!(checked.representatives, ["Jan Jansen", "Piet"]);
        assert_eq!(checked.reference, "AB-1");
        assert_eq!(
            checked.describe(),
            "Gezamenlijk bevoegd: Jan Jansen, Piet; kenmerk AB-1"
        );
    }

    #[test]
    fn joint_authority_names_at_least_two_and_every_field_is_checked() {
        let error = check_own_mandate(&mandate(&["Jan"], Authority::Joint, "R"), Lang::Nl);
        assert_eq!(
            codes(error.unwrap_err()),
            [("representatives", "joint_needs_two")]
        );
        let bad = Mandate {
            kvk_number: "1234".into(),
            ..mandate(&[" "], Authority::Sole, "")
        };
        assert_eq!(
            codes(check_own_mandate(&bad, Lang::En).unwrap_err()),
            [
                ("kvk_number", "invalid"),
                ("representatives", "missing"),
                ("reference", "missing")
            ]
        );
        let eleven: Vec<String> = (0..11).map(|i| format!("R{i}")).collect();
        let many = Mandate {
            representatives: eleven,
            ..mandate(&[], Authority::Sole, "R")
        };
        assert_eq!(
            codes(check_own_mandate(&many, Lang::Nl).unwrap_err()),
            [("representatives", "too_many")]
        );
    }

    #[test]
    fn an_appointment_names_its_mandate_fields_under_mandate() {
        let appointment = Appointment {
            name: "  ".into(),
            email: "bea@".into(),
            level: domain::Level::Eh3,
            mandate: mandate(&["Jan"], Authority::Sole, &"x".repeat(101)),
        };
        assert_eq!(
            codes(check_appointment(&appointment, Lang::Nl).unwrap_err()),
            [
                ("name", "missing"),
                ("email", "invalid"),
                ("mandate.reference", "too_long")
            ]
        );
        let good = Appointment {
            name: "Bea  de Vries".into(),
            email: " Bea@Klant.NL ".into(),
            ..appointment
        };
        let good = Appointment {
            mandate: mandate(&["Jan"], Authority::Sole, "R-1"),
            ..good
        };
        let checked = check_appointment(&good, Lang::Nl).unwrap();
        assert_eq!(checked.name, "Bea de Vries");
        assert_eq!(checked.email, "bea@klant.nl");
    }
}
