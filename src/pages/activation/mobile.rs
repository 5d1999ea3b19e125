//! Step 2, `/activeren/mobiel` (seed step 17): the mobile number the code goes to. "Volgende"
//! sends the code and continues to `/activeren/code`.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::code::error_text;
use super::{Step, StepFrame, guard, stored_token, with_manager};
use crate::api;
use crate::components::error_summary::Problem;
use crate::components::shared::shared;
use crate::format::mobile;
use crate::i18n::{T, use_i18n};

#[component]
pub fn MobileStep() -> impl IntoView {
    let i18n = use_i18n();
    let state = guard(Step::Mobile, false);
    let navigate = use_navigate();
    let attempt = RwSignal::new(0_usize);

    let send = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            let token = stored_token().unwrap_or_default();
            let result = api::send_sms_code(&token).await;
            match &result {
                Ok(view) => {
                    state.view.try_set(Some(view.clone()));
                    navigate(Step::Code.path(), Default::default());
                }
                // A code was sent less than a minute ago: that one still works.
                Err(e)
                    if e.code() == Some("sms_resend_too_soon")
                        && state
                            .view
                            .with_untracked(|v| v.as_ref().is_some_and(|v| v.sms.is_some())) =>
                {
                    navigate(Step::Code.path(), Default::default());
                }
                Err(e) => {
                    if state.absorb(e) {
                        return Ok(None);
                    }
                }
            }
            result.map(Some)
        }
    });
    let problems = Signal::derive(move || -> Vec<Problem> {
        match send.value().get() {
            Some(Err(error)) => vec![Problem::new("send-code", error_text(&error, i18n))],
            _ => Vec::new(),
        }
    });

    let content = move || {
        let Some(view) = state.view.get() else {
            return ().into_any();
        };
        view! {
            <p>{i18n.t(T::ActMobileIntro)}</p>
            <p class="big-number">{mobile(&view.user.mobile)}</p>
            <p>{with_manager(i18n.t(T::ActMobileWrong), Some(&view.manager), i18n)}</p>
        }
        .into_any()
    };
    view! {
        <StepFrame step=Step::Mobile title=T::ActMobileTitle back=Step::Details problems=problems attempt=attempt>
            {shared(content)}
            <form
                novalidate
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    attempt.update(|n| *n += 1);
                    if !send.pending().get_untracked() {
                        send.value().set(None);
                        send.dispatch(());
                    }
                }
            >
                <button
                    type="submit"
                    id="send-code"
                    class="button button--primary"
                    disabled=shared(move || send.pending().get() || state.view.read().is_none())
                >
                    {shared(move || if send.pending().get() { i18n.t(T::ActSending) } else { i18n.t(T::Next) })}
                </button>
            </form>
        </StepFrame>
    }
}
