//! The chosen organisation as the KvK register holds it, shared by the steps that show it; with
//! the register's failures said plainly and a way to try again, keeping every answer.

use domain::organisation::Organisation;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::i18n::{T, use_i18n};
use crate::order_draft::use_draft;

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
