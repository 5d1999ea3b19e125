//! The chosen organisation as the KvK register holds it, shared by the steps that show it; with
//! the register's failures said plainly and a way to try again, keeping every answer. An
//! organisation the register lists as ended is refused here, in the words of the server's own
//! order check (`domain::organisation::OrganisationEnded`), with the way back to step 1.

use domain::organisation::{Organisation, OrganisationEnded};
use leptos::prelude::*;
use leptos_router::components::A;

use super::Step;
use crate::api::{self, ApiError};
use crate::components::error_summary::Problem;
use crate::i18n::{I18n, T, use_i18n};
use crate::order_draft::use_draft;

/// The id of the refusal of an ended organisation, where the error summary's link leads.
pub const ENDED_ID: &str = "organisation-ended";

#[derive(Clone, Copy)]
pub struct SelectedOrganisation {
    resource: LocalResource<Option<Result<Organisation, ApiError>>>,
}

/// Loads the organisation of the draft's KvK number.
pub fn use_selected_organisation() -> SelectedOrganisation {
    let draft = use_draft();
    let resource = LocalResource::new(move || {
        let kvk = draft.0.read().kvk_number.clone();
        async move {
            match kvk {
                Some(kvk) => Some(api::organisation(&kvk).await),
                None => None,
            }
        }
    });
    SelectedOrganisation { resource }
}

impl SelectedOrganisation {
    /// The organisation once loaded (tracked).
    pub fn loaded(&self) -> Option<Organisation> {
        match self.resource.get()? {
            Some(Ok(org)) => Some(org),
            _ => None,
        }
    }

    /// Why no order can be placed for the organisation, once loaded, if the register lists it as
    /// ended (tracked).
    pub fn ended(&self) -> Option<OrganisationEnded> {
        self.loaded()?.ended()
    }

    /// The refusal of an ended organisation for the error summary, linked to `field_id`.
    pub fn ended_problem(&self, field_id: &str, i18n: I18n) -> Option<Problem> {
        self.ended()
            .map(|ended| Problem::new(field_id, ended.message(i18n.lang())))
    }

    /// The refusal of an ended organisation where the summary's link leads ([`ENDED_ID`], which
    /// takes focus), with the way back to another organisation; nothing otherwise.
    pub fn ended_view(self) -> impl IntoView {
        let i18n = use_i18n();
        move || {
            self.ended().map(|ended| {
                view! {
                    <div id=ENDED_ID class="notice notice--error" tabindex="-1">
                        <p>{ended.message(i18n.lang())}</p>
                        <p>
                            <A href=Step::Organisation.path()>{i18n.tr(T::ChooseOtherOrganisation)}</A>
                        </p>
                    </div>
                }
            })
        }
    }

    /// "Loading…", or what went wrong with a retry button; nothing once loaded.
    pub fn status_view(self) -> impl IntoView {
        let i18n = use_i18n();
        move || match self.resource.get() {
            None => Some(view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any()),
            Some(None) => Some(
                view! { <p class="notice">{i18n.t(T::ChooseOrganisationFirst)}</p> }.into_any(),
            ),
            Some(Some(Ok(_))) => None,
            Some(Some(Err(error))) => {
                let message = error.text(i18n);
                Some(
                    view! {
                        <div class="notice notice--error" role="alert">
                            <p>{message}</p>
                            <button type="button" class="button button--secondary" on:click=move |_| self.resource.refetch()>
                                {i18n.t(T::TryAgain)}
                            </button>
                        </div>
                    }
                    .into_any(),
                )
            }
        }
    }
}
