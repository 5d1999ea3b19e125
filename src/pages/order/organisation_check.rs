//! Step 3 (seed step 5): the organisation's details as the KvK register holds them. Wrong
//! organisation? "Vorige".

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::register::{ENDED_ID, use_selected_organisation};
use super::{Step, frame::StepFrame, use_next_path};
use crate::i18n::{T, use_i18n};
use crate::order_draft::use_draft;

#[component]
pub fn OrganisationCheckStep() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let navigate = use_navigate();
    let next_path = use_next_path(Step::OrganisationCheck);
    let organisation = use_selected_organisation();
    let attempt = RwSignal::new(0_usize);

    let row = move |label: T, value: String| {
        view! {
            <div class="summary-list__row">
                <dt>{move || i18n.t(label)}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let details = move || {
        organisation.loaded().map(|org| {
            let chosen_branch = draft.0.read().branch_number.clone();
            let branch = match chosen_branch {
                Some(number) => org
                    .branches
                    .iter()
                    .find(|b| b.branch_number == number)
                    .map(|b| format!("{} ({number})", b.trade_name))
                    .unwrap_or(number),
                None => i18n.t(T::AllBranches).to_string(),
            };
            let address = |a: &Option<domain::organisation::Address>| {
                a.as_ref()
                    .map(|a| a.one_line())
                    .unwrap_or_else(|| i18n.t(T::NotShown).to_string())
            };
            view! {
                <dl class="summary-list">
                    {row(T::OrganisationName, org.name.clone())}
                    {row(T::LegalForm, org.legal_form.clone().unwrap_or_default())}
                    {row(T::KvkNumberShort, org.kvk_number.clone())}
                    {row(T::VisitingAddress, address(&org.visiting_address))}
                    {row(T::PostalAddress, address(&org.postal_address))}
                    {row(T::Branch, branch)}
                </dl>
            }
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempt.update(|n| *n += 1);
        if organisation.loaded().is_some() && organisation.ended().is_none() {
            navigate(next_path(), Default::default());
        }
    };
    let problems = Signal::derive(move || {
        organisation
            .ended_problem(ENDED_ID, i18n)
            .into_iter()
            .collect::<Vec<_>>()
    });
    view! {
        <StepFrame step=Step::OrganisationCheck problems=problems attempt=attempt>
            <p>{i18n.tr(T::OrganisationCheckIntro)}</p>
            {organisation.status_view()}
            {details}
            {organisation.ended_view()}
            // No way on for an ended organisation: only back.
            <form novalidate on:submit=on_submit class="form" hidden=move || organisation.ended().is_some()>
                <button type="submit" class="button button--primary">{i18n.tr(T::Next)}</button>
            </form>
        </StepFrame>
    }
}
