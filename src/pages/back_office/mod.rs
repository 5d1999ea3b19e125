//! The back office's onboarding (role `admin`): the organisations the provider has registered,
//! and their machtigingenbeheerders: appointing one on the authority of the organisation's
//! representatives, changing their organisations and level, suspending them. Nobody logged in
//! goes to the login page (and back here afterwards); anyone but an admin sees "Geen toegang".

pub mod appoint;
pub mod manager;
pub mod managers;
pub mod mandate;
pub mod organisations;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::back_office::AccountState;
use crate::api::{ApiError, Manager};
use crate::components::error_summary::Problem;
use crate::components::step_up::is_step_up_problem;
use crate::i18n::{I18n, T, use_i18n};
pub use crate::pages::identifications::list::failure;
use crate::session::RoleOnly;

/// `/backoffice/beheerders`
#[component]
pub fn ManagersRoute() -> impl IntoView {
    view! { <AdminOnly><managers::ManagersPage/></AdminOnly> }
}

/// `/backoffice/beheerders/nieuw`
#[component]
pub fn AppointRoute() -> impl IntoView {
    view! { <AdminOnly><appoint::AppointPage/></AdminOnly> }
}

/// `/backoffice/beheerders/:id`
#[component]
pub fn ManagerRoute() -> impl IntoView {
    view! { <AdminOnly><manager::ManagerPage/></AdminOnly> }
}

/// `/backoffice/organisaties`
#[component]
pub fn OrganisationsRoute() -> impl IntoView {
    view! { <AdminOnly><organisations::OrganisationsPage/></AdminOnly> }
}

/// Lets an admin in, with the back office's own navigation above the page.
#[component]
fn AdminOnly(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <RoleOnly allowed=Manager::is_admin refused=T::BoNoAccessBody>
            <nav class="sub-nav" aria-label=i18n.tr(T::NavBackOffice)>
                <ul>
                    <li><A href="/backoffice/beheerders">{i18n.tr(T::BoManagersTitle)}</A></li>
                    <li><A href="/backoffice/organisaties">{i18n.tr(T::BoOrganisationsTitle)}</A></li>
                </ul>
            </nav>
            {children()}
        </RoleOnly>
    }
}

/// A success message at the top of a page, focused when it appears so that a screen reader
/// reads it, with an optional link onwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    text: String,
    link: Option<(String, String)>,
}

impl Notice {
    pub fn new(text: String) -> Notice {
        Notice { text, link: None }
    }

    pub fn with_link(text: String, href: String, label: String) -> Notice {
        Notice {
            text,
            link: Some((href, label)),
        }
    }

    pub fn view(self) -> impl IntoView {
        request_animation_frame(|| {
            crate::pages::beheer::focus_id("back-office-notice");
        });
        view! {
            <div id="back-office-notice" tabindex="-1" class="notice notice--success" role="status">
                <p>{self.text}</p>
                {self.link.map(|(href, label)| view! { <p><A href=href>{label}</A></p> })}
            </div>
        }
    }
}

/// The server's refusal of a form, by field: each listed problem at its field when the form has
/// it, anything else at `fallback`. (A step-up's problems are the step-up field's.)
pub fn refusal(
    error: &ApiError,
    fields: &[&'static str],
    fallback: &'static str,
    i18n: I18n,
) -> Vec<Problem> {
    match error {
        ApiError::Server { body, .. } if is_step_up_problem(&body.code) => Vec::new(),
        ApiError::Server { body, .. } if !body.problems().is_empty() => body
            .problems()
            .iter()
            .map(|p| {
                let field = fields
                    .iter()
                    .find(|f| **f == p.location)
                    .copied()
                    .unwrap_or(fallback);
                Problem::new(field, p.message.clone())
            })
            .collect(),
        other => vec![Problem::new(fallback, other.text(i18n))],
    }
}

/// An account's state in words.
pub fn state_text(state: AccountState, i18n: I18n) -> &'static str {
    i18n.t(match state {
        AccountState::Invited => T::BoStateInvited,
        AccountState::Active => T::BoStateActive,
        AccountState::Suspended => T::BoStateSuspended,
    })
}
