//! The manager's order wizard (seed steps 3–15): one route per question, a draft that survives
//! reloads, "Stap N van 6" above every question, Vorige/Volgende.

pub mod authorisations;
pub mod branch;
pub mod confirmation;
mod frame;
pub mod organisation;
pub mod organisation_check;
pub mod overview;
mod register;
pub mod users;

use leptos::prelude::*;
use leptos_router::{components::Outlet, hooks::use_query_map};

use crate::i18n::T;
use crate::order_draft::provide_draft;
use crate::session::{require_login, use_session};

/// The wizard's question pages, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Organisation,
    Branch,
    OrganisationCheck,
    Users,
    Authorisations,
    Overview,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Organisation,
        Step::Branch,
        Step::OrganisationCheck,
        Step::Users,
        Step::Authorisations,
        Step::Overview,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Step::Organisation => "/bestellen/organisatie",
            Step::Branch => "/bestellen/vestiging",
            Step::OrganisationCheck => "/bestellen/organisatiegegevens",
            Step::Users => "/bestellen/gebruikers",
            Step::Authorisations => "/bestellen/machtigingen",
            Step::Overview => "/bestellen/overzicht",
        }
    }

    pub fn title(self) -> T {
        match self {
            Step::Organisation => T::StepOrganisationTitle,
            Step::Branch => T::StepBranchTitle,
            Step::OrganisationCheck => T::StepOrganisationCheckTitle,
            Step::Users => T::StepUsersTitle,
            Step::Authorisations => T::StepAuthorisationsTitle,
            Step::Overview => T::StepOverviewTitle,
        }
    }

    /// 1-based position.
    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    pub fn previous(self) -> Option<Step> {
        Step::ALL.get(self.number().checked_sub(2)?).copied()
    }

    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self.number()).copied()
    }
}

/// Where "Volgende" leads from `step`: the next step, or straight back to the overview when the
/// manager came from its "Wijzigen" link (`?terug=overzicht`).
pub fn use_next_path(step: Step) -> impl Fn() -> &'static str + Clone + 'static {
    let query = use_query_map();
    move || {
        let back_to_overview = query
            .try_with_untracked(|q| q.get("terug").is_some_and(|t| t == "overzicht"))
            .unwrap_or(false);
        match step.next() {
            _ if back_to_overview => Step::Overview.path(),
            Some(next) => next.path(),
            None => Step::Overview.path(),
        }
    }
}

/// The wizard's frame: requires a logged-in manager (otherwise to the login page and back
/// here afterwards) and holds the draft for every step.
#[component]
pub fn OrderWizard() -> impl IntoView {
    let session = use_session();
    provide_draft();
    require_login();
    view! {
        <Show when=move || session.manager().is_some()>
            <Outlet/>
        </Show>
    }
}
