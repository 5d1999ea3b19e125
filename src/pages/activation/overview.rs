//! Step 4, `/activeren/overzicht` (seed step 19): the whole request once more, what happens
//! after ordering (employees get the means at once, others are identified first), the terms,
//! and "Bestel".

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{Step, StepFrame, guard, request_rows, row, stored_token, with_manager};
use crate::api::{self, ApiError};
use crate::components::error_summary::Problem;
use crate::components::field::error_message;
use crate::components::shared::shared;
use crate::format::{mobile, short_date};
use crate::i18n::{T, use_i18n};

const TERMS_ID: &str = "accept-terms";

#[component]
pub fn OverviewStep() -> impl IntoView {
    let i18n = use_i18n();
    let state = guard(Step::Overview, false);
    let navigate = use_navigate();
    let accepted = RwSignal::new(false);
    let terms_error = RwSignal::new(false);
    let attempt = RwSignal::new(0_usize);

    let order = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            let token = stored_token().unwrap_or_default();
            match api::order_means(&token).await {
                Ok(view) => {
                    state.view.try_set(Some(view));
                    navigate(Step::Result.path(), Default::default());
                    Ok(())
                }
                Err(error) if state.absorb(&error) => Ok(()),
                Err(error) => Err(error),
            }
        }
    });
    let problems = Signal::derive(move || {
        let mut problems = Vec::new();
        if terms_error.get() {
            problems.push(Problem::new(TERMS_ID, i18n.t(T::ActAcceptTermsError)));
        }
        match order.value().get() {
            Some(Err(ApiError::Server { body, .. })) if body.code == "terms_not_accepted" => {
                problems.push(Problem::new(TERMS_ID, i18n.t(T::ActAcceptTermsError)));
            }
            Some(Err(ApiError::Server { body, .. })) => {
                problems.push(Problem::new(
                    TERMS_ID,
                    body.message_in(i18n.lang()).to_string(),
                ));
            }
            Some(Err(ApiError::Network(_))) => {
                problems.push(Problem::new(TERMS_ID, i18n.t(T::NetworkError)));
            }
            _ => {}
        }
        problems
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ok = accepted.get_untracked();
        terms_error.set(!ok);
        order.value().set(None);
        attempt.update(|n| *n += 1);
        if ok && !order.pending().get_untracked() {
            order.dispatch(());
        }
    };

    let summary = move || {
        let Some(view) = state.view.get() else {
            return ().into_any();
        };
        let user = &view.user;
        let next = if user.employed {
            T::ActNextEmployee
        } else {
            T::ActNextIdentify
        };
        let mobile_text = format!("{} {}", mobile(&user.mobile), i18n.t(T::ActConfirmed));
        view! {
            <p>{with_manager(i18n.t(T::ActOverviewIntro), Some(&view.manager), i18n)}</p>
            <dl class="summary-list">
                {row(i18n.t(T::ActName), user.full_name.clone())}
                {row(i18n.t(T::UsersColBirthDate), short_date(&user.birth_date))}
                {row(i18n.t(T::UsersColBirthPlace), user.birth_place.clone())}
                {row(i18n.t(T::UsersColEmail), user.email.clone())}
                {row(i18n.t(T::UsersColMobile), mobile_text)}
                {request_rows(&view, i18n)}
            </dl>
            <h2>{i18n.t(T::WhatHappensNext)}</h2>
            <p>{i18n.t(next).replace("{organisation}", &view.organisation.name)}</p>
        }
        .into_any()
    };
    let terms_intro = move || {
        let text = i18n.t(T::ActTermsRead);
        let (before, after) = text.split_once("{terms}").unwrap_or((text, ""));
        view! {
            {before}
            // A new tab: what is ticked here stays.
            <a href="/gebruiksvoorwaarden" target="_blank" rel="noopener">
                {i18n.t(T::ActTermsLink)} " " {i18n.t(T::ActNewTab)}
            </a>
            {after}
        }
    };

    view! {
        <StepFrame step=Step::Overview title=T::ActOverviewTitle problems=problems attempt=attempt>
            {shared(summary)}
            <form novalidate on:submit=on_submit class="form">
                <p>{shared(terms_intro)}</p>
                <div class="form-field" class:form-field--invalid=shared(move || terms_error.get())>
                    {shared(move || terms_error.get().then(|| error_message(TERMS_ID, i18n.t(T::ActAcceptTermsError).to_string(), i18n)))}
                    <div class="checkboxes__item">
                        <input
                            type="checkbox"
                            class="checkboxes__input"
                            id=TERMS_ID
                            aria-describedby=shared(move || terms_error.get().then_some("accept-terms-error"))
                            prop:checked=shared(move || accepted.get())
                            on:change:target=move |ev| accepted.set(ev.target().checked())
                        />
                        <label class="checkboxes__label" for=TERMS_ID>{i18n.tr(T::ActAcceptTerms)}</label>
                    </div>
                </div>
                <button
                    type="submit"
                    class="button button--primary"
                    disabled=shared(move || order.pending().get() || state.view.read().is_none())
                >
                    {shared(move || if order.pending().get() { i18n.t(T::Ordering) } else { i18n.t(T::ActOrder) })}
                </button>
            </form>
        </StepFrame>
    }
}
