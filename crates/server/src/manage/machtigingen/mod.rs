//! Machtigingen beheren: adding machtigingen to a means that is issued, giving one a new last
//! day, withdrawing one ([`one`]), and the same for many people at once ([`bulk`]). The rules
//! are the wizard's (the catalogue at the means' level, the manager's own level) plus the end
//! dates of `domain::machtiging`; the price is the price list's, with each means' free
//! allowance. Each change is one transaction with its events, audit entries and e-mails (the
//! organisation's managers get one confirmation per action, the user what they gained or lost),
//! and an addition is idempotent by its key.

pub(crate) mod bulk;
pub(crate) mod one;
pub(crate) mod plan;
pub(crate) mod store;

use axum::http::StatusCode;
use domain::catalogue::AuthorisationError;
use domain::machtiging::EndProblem;
use domain::{Lang, Level};
use serde_json::{Value, json};

use crate::error::{ApiError, Problem};
use crate::lang::Text;
use plan::ChoiceProblem;

/// Why a change of machtigingen is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum MachtigingError {
    #[error("no means {0} at the manager's organisations")]
    MeansNotFound(String),
    #[error("means {0} is revoked or expired")]
    MeansNotValid(String),
    #[error("nothing chosen")]
    NoneChosen,
    #[error(transparent)]
    Catalogue(AuthorisationError),
    #[error("{service} needs {needs}, above the manager's own {own}")]
    AboveOwn {
        service: String,
        needs: String,
        own: Level,
    },
    #[error("{service} needs {needs}, the means is {level}")]
    NeedsHigherLevel {
        service: String,
        needs: String,
        level: Level,
    },
    #[error(transparent)]
    End(EndProblem),
    #[error("everything chosen is held already")]
    AlreadyPresent,
    #[error("the change costs money and the terms are not accepted")]
    TermsNotAccepted,
    #[error("no machtiging {0} on this means")]
    NotFound(i64),
    #[error("the machtiging is withdrawn or ended")]
    NotActive,
    #[error("no one selected")]
    SelectionEmpty,
    #[error("more than {0} selected")]
    SelectionTooLarge(usize),
    #[error("request {0} is not at the manager's organisations")]
    SelectionUnknown(String),
    #[error("the selection's filter: {0}")]
    FilterInvalid(String),
}

impl MachtigingError {
    /// The error of a choice the manager may not register.
    pub(crate) fn of_choice(problem: ChoiceProblem, own: Level) -> MachtigingError {
        match problem {
            ChoiceProblem::NoneChosen => MachtigingError::NoneChosen,
            ChoiceProblem::Catalogue(e) => MachtigingError::Catalogue(e),
            ChoiceProblem::AboveOwn { service, needs } => MachtigingError::AboveOwn {
                service,
                needs,
                own,
            },
        }
    }

    /// The request's field it concerns, for the SPA to mark.
    fn field(&self) -> Option<&'static str> {
        match self {
            MachtigingError::NoneChosen
            | MachtigingError::Catalogue(_)
            | MachtigingError::AboveOwn { .. }
            | MachtigingError::NeedsHigherLevel { .. }
            | MachtigingError::AlreadyPresent => Some("authorisations"),
            MachtigingError::End(_) => Some("valid_until"),
            MachtigingError::TermsNotAccepted => Some("accepted_terms"),
            MachtigingError::SelectionEmpty
            | MachtigingError::SelectionTooLarge(_)
            | MachtigingError::SelectionUnknown(_)
            | MachtigingError::FilterInvalid(_) => Some("selection"),
            _ => None,
        }
    }
}

impl Problem for MachtigingError {
    fn status(&self) -> StatusCode {
        match self {
            MachtigingError::MeansNotFound(_) | MachtigingError::NotFound(_) => {
                StatusCode::NOT_FOUND
            }
            MachtigingError::MeansNotValid(_)
            | MachtigingError::AlreadyPresent
            | MachtigingError::NotActive => StatusCode::CONFLICT,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            MachtigingError::MeansNotFound(_) => "means_not_found",
            MachtigingError::MeansNotValid(_) => "means_not_active",
            MachtigingError::NoneChosen => "no_service_selected",
            MachtigingError::Catalogue(e) => e.code(),
            MachtigingError::AboveOwn { .. } => "level_above_own",
            MachtigingError::NeedsHigherLevel { .. } => "service_level_too_high",
            MachtigingError::End(e) => e.code(),
            MachtigingError::AlreadyPresent => "already_present",
            MachtigingError::TermsNotAccepted => "terms_not_accepted",
            MachtigingError::NotFound(_) => "authorisation_not_found",
            MachtigingError::NotActive => "authorisation_not_active",
            MachtigingError::SelectionEmpty => "selection_empty",
            MachtigingError::SelectionTooLarge(_) => "selection_too_large",
            MachtigingError::SelectionUnknown(_) => "selection_unknown",
            MachtigingError::FilterInvalid(_) => "selection_filter_invalid",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            MachtigingError::MeansNotFound(id) => Text::MeansNotFound { id }.text(lang),
            MachtigingError::MeansNotValid(id) => Text::MeansNotValid { id }.text(lang),
            MachtigingError::NoneChosen => Text::MachtigingNoneChosen.text(lang),
            MachtigingError::Catalogue(e) => e.message(lang),
            MachtigingError::AboveOwn {
                service,
                needs,
                own,
            } => Text::MachtigingAboveOwnLevel {
                service,
                needs,
                own: own.label(),
            }
            .text(lang),
            MachtigingError::NeedsHigherLevel {
                service,
                needs,
                level,
            } => Text::MachtigingNeedsHigherLevel {
                service,
                needs,
                level: level.label(),
            }
            .text(lang),
            MachtigingError::End(e) => e.message(lang),
            MachtigingError::AlreadyPresent => Text::MachtigingAlreadyPresent.text(lang),
            MachtigingError::TermsNotAccepted => Text::MachtigingTermsNotAccepted.text(lang),
            MachtigingError::NotFound(position) => Text::MachtigingNotFound {
                position: *position,
            }
            .text(lang),
            MachtigingError::NotActive => Text::MachtigingNotActive.text(lang),
            MachtigingError::SelectionEmpty => Text::SelectionEmpty.text(lang),
            MachtigingError::SelectionTooLarge(max) => {
                Text::SelectionTooLarge { max: *max }.text(lang)
            }
            MachtigingError::SelectionUnknown(id) => Text::SelectionUnknown { id }.text(lang),
            MachtigingError::FilterInvalid(reason) => {
                Text::SelectionFilterInvalid { reason }.text(lang)
            }
        }
    }

    /// The field it concerns: `{"field": "valid_until"}`.
    fn details(&self, _: Lang) -> Option<Value> {
        self.field().map(|field| json!({ "field": field }))
    }
}

/// The hex SHA-256 of a request body, which tells a retry from another change under one key.
pub(crate) fn request_hash(body: &impl serde::Serialize) -> Result<String, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    Ok(crate::orders::hex_sha256(&bytes))
}

/// Branch warnings for these holders' branches (none, one, or a count), in `lang`.
pub(crate) fn branch_warnings<'a>(
    branches: impl IntoIterator<Item = &'a Option<String>>,
    lang: Lang,
) -> Vec<String> {
    let branches: Vec<&String> = branches.into_iter().flatten().collect();
    match branches.as_slice() {
        [] => Vec::new(),
        [branch] => vec![Text::MachtigingBranchWarning { branch }.text(lang)],
        many => vec![Text::MachtigingBranchWarningMany { count: many.len() }.text(lang)],
    }
}
