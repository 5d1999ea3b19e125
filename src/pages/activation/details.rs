//! Step 1, `/activeren/gegevens` (seed step 16): opening the link confirms the e-mail address;
//! the user sees their personal data as the manager entered it (read-only: the manager corrects
//! it) and what was requested for them.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{Step, StepFrame, guard, request_rows, row, succession_notice, with_manager};
use crate::api::RequestStatus;
use crate::components::error_summary::Problem;
use crate::components::shared::shared;
use crate::format::short_date;
use crate::i18n::{T, use_i18n};

#[component]
pub fn DetailsStep() -> impl IntoView {
    let i18n = use_i18n();
    let state = guard(Step::Details, true);
    let navigate = use_navigate();
    let no_problems = Signal::derive(Vec::<Problem>::new);

    let content = move || {
        let Some(view) = state.view.get() else {
            return ().into_any();
        };
        let user = &view.user;
        let confirmed = view.status != RequestStatus::Invited;
        let infix =
            (!user.infix.is_empty()).then(|| row(i18n.t(T::UsersColInfix), user.infix.clone()));
        let navigate = navigate.clone();
        view! {
            {confirmed.then(|| view! {
                <div class="notice notice--success" role="status">
                    <p class="notice__title">{i18n.t(T::ActEmailConfirmed)}</p>
                </div>
            })}
            {succession_notice(&view, i18n)}
            <p>{with_manager(i18n.t(T::ActDetailsIntro), Some(&view.manager), i18n)}</p>
            <h2>{i18n.t(T::ActYourDetails)}</h2>
            <dl class="summary-list">
                {row(i18n.t(T::UsersColFirstNames), user.first_names.clone())}
                {infix}
                {row(i18n.t(T::UsersColLastName), user.last_name.clone())}
                {row(i18n.t(T::UsersColBirthDate), short_date(&user.birth_date))}
                {row(i18n.t(T::UsersColBirthPlace), user.birth_place.clone())}
                {row(i18n.t(T::UsersColEmail), user.email.clone())}
            </dl>
            <p>{with_manager(i18n.t(T::ActWrongDetails), Some(&view.manager), i18n)}</p>
            <h2>{i18n.t(T::ActYourRequest)}</h2>
            <dl class="summary-list">{request_rows(&view, i18n)}</dl>
            <form
                novalidate
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    navigate(Step::Mobile.path(), Default::default());
                }
            >
                <button type="submit" class="button button--primary">{i18n.t(T::Next)}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <StepFrame step=Step::Details title=T::ActDetailsTitle problems=no_problems attempt=Signal::derive(|| 0)>
            {shared(content)}
        </StepFrame>
    }
}
