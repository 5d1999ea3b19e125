//! Step 3, `/activeren/code` (seed step 18): the 6-digit code from the text message. Every
//! refusal says what happens next (tries left, ask a new code, wait); "Stuur een nieuwe code"
//! waits until the server allows another one and says how long. What the user typed stays.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{Step, StepFrame, guard, stored_token};
use crate::api::{self, ActivationView, ApiError};
use crate::components::error_summary::Problem;
use crate::components::shared::shared;
use crate::components::text_field::TextField;
use crate::format::{mobile, now_seconds};
use crate::i18n::{I18n, T, use_i18n};

const CODE_ID: &str = "sms-code";
const RESEND_ID: &str = "resend-code";

/// The code without the spaces and dashes people type or paste with it.
fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// The user's own words for the SMS errors of the contract; `None` for any other error.
pub fn sms_error_text(error: &ApiError, i18n: I18n) -> Option<String> {
    let ApiError::Server { body, .. } = error else {
        return None;
    };
    let details = body.details();
    Some(match body.code.as_str() {
        "sms_code_format" => i18n.t(T::ActCodeFormat).to_string(),
        "sms_code_wrong" => match details.and_then(|d| d.attempts_left) {
            Some(0) => i18n.t(T::ActCodeBlocked).to_string(),
            Some(1) => i18n.t(T::ActCodeWrongOne).to_string(),
            Some(n) => i18n.t(T::ActCodeWrongMany).replace("{n}", &n.to_string()),
            None => body.message_in(i18n.lang()).to_string(),
        },
        "sms_code_blocked" => i18n.t(T::ActCodeBlocked).to_string(),
        "sms_code_expired" => i18n.t(T::ActCodeExpired).to_string(),
        "sms_code_missing" => i18n.t(T::ActCodeNone).to_string(),
        "sms_resend_too_soon" => {
            let seconds = details.and_then(|d| d.retry_after_seconds).unwrap_or(60);
            too_soon_text(seconds, i18n)
        }
        "sms_hourly_limit" => {
            let seconds = details.and_then(|d| d.retry_after_seconds).unwrap_or(3600);
            match seconds.div_ceil(60).max(1) {
                1 => i18n.t(T::ActHourlyLimitOne).to_string(),
                minutes => i18n
                    .t(T::ActHourlyLimit)
                    .replace("{n}", &minutes.to_string()),
            }
        }
        _ => return None,
    })
}

fn too_soon_text(seconds: u64, i18n: I18n) -> String {
    i18n.t(T::ActResendTooSoon)
        .replace("{n}", &seconds.max(1).to_string())
}

/// An error as the user reads it: our words, the server's message, or the network.
pub(super) fn error_text(error: &ApiError, i18n: I18n) -> String {
    sms_error_text(error, i18n).unwrap_or_else(|| error.text(i18n))
}

type Outcome = Result<Option<ActivationView>, ApiError>;

#[component]
pub fn CodeStep() -> impl IntoView {
    let i18n = use_i18n();
    let state = guard(Step::Code, false);
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let code_missing = RwSignal::new(None::<T>);
    // Pressed "Stuur een nieuwe code" too early: the seconds still to wait.
    let wait_error = RwSignal::new(None::<u64>);
    let attempt = RwSignal::new(0_usize);
    let now = RwSignal::new(now_seconds());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            now.try_set(now_seconds());
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    let verify = Action::new_local(move |code: &String| {
        let code = code.clone();
        let navigate = navigate.clone();
        async move {
            let token = stored_token().unwrap_or_default();
            let result: Outcome = match api::verify_sms_code(&token, &code).await {
                Ok(view) => {
                    state.view.try_set(Some(view));
                    navigate(Step::Overview.path(), Default::default());
                    Ok(None)
                }
                Err(error) if state.absorb(&error) => Ok(None),
                Err(error) => Err(error),
            };
            result
        }
    });
    let resend = Action::new_local(move |_: &()| async move {
        let token = stored_token().unwrap_or_default();
        let result: Outcome = match api::send_sms_code(&token).await {
            Ok(view) => {
                state.view.try_set(Some(view.clone()));
                Ok(Some(view))
            }
            Err(error) if state.absorb(&error) => Ok(None),
            Err(error) => Err(error),
        };
        result
    });

    let sms = move || state.view.with(|v| v.as_ref().and_then(|v| v.sms.clone()));
    let number = move || {
        state
            .view
            .with(|v| v.as_ref().map(|v| mobile(&v.user.mobile)))
            .unwrap_or_default()
    };
    let seconds_to_wait = move || {
        sms()
            .map(|s| s.resend_at - now.get())
            .filter(|s| *s > 0)
            .map(|s| s as u64)
    };

    let code_error = Signal::derive(move || -> Option<String> {
        if let Some(key) = code_missing.get() {
            return Some(i18n.t(key).to_string());
        }
        match verify.value().get() {
            Some(Err(error)) => Some(error_text(&error, i18n)),
            _ => None,
        }
    });
    let problems = Signal::derive(move || {
        let mut problems = Vec::new();
        if let Some(message) = code_error.get() {
            problems.push(Problem::new(CODE_ID, message));
        }
        if let Some(seconds) = wait_error.get() {
            problems.push(Problem::new(RESEND_ID, too_soon_text(seconds, i18n)));
        }
        if let Some(Err(error)) = resend.value().get() {
            problems.push(Problem::new(RESEND_ID, error_text(&error, i18n)));
        }
        problems
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = normalise(&code.get_untracked());
        let missing = if typed.is_empty() {
            Some(T::ActCodeMissing)
        } else if typed.len() != 6 || !typed.bytes().all(|b| b.is_ascii_digit()) {
            Some(T::ActCodeFormat)
        } else {
            None
        };
        code_missing.set(missing);
        wait_error.set(None);
        resend.value().set(None);
        verify.value().set(None);
        attempt.update(|n| *n += 1);
        if missing.is_none() && !verify.pending().get_untracked() {
            verify.dispatch(typed);
        }
    };
    let on_resend = move |_| {
        verify.value().set(None);
        code_missing.set(None);
        resend.value().set(None);
        wait_error.set(seconds_to_wait());
        if wait_error.get_untracked().is_some() {
            attempt.update(|n| *n += 1);
        } else if !resend.pending().get_untracked() {
            resend.dispatch(());
        }
    };
    // A new code that was sent, announced.
    let resent = move || {
        matches!(resend.value().get(), Some(Ok(Some(_))))
            .then(|| i18n.t(T::ActResent).replace("{mobile}", &number()))
    };
    let resend_hint = move || match seconds_to_wait() {
        Some(seconds) => i18n
            .t(T::ActResendWait)
            .replace("{n}", &seconds.to_string()),
        None => i18n.t(T::ActResendHint).replace("{mobile}", &number()),
    };

    view! {
        <StepFrame step=Step::Code title=T::ActCodeTitle back=Step::Mobile problems=problems attempt=attempt>
            {shared(move || match state.view.with(Option::is_some) {
                true => view! { <p>{i18n.t(T::ActCodeSent).replace("{mobile}", &number())}</p> }.into_any(),
                false => ().into_any(),
            })}
            <div role="status" class="status-message">
                {shared(move || resent().map(|text| view! { <p class="notice notice--success">{text}</p> }.into_any()))}
            </div>
            <form novalidate on:submit=on_submit class="form">
                <TextField
                    id=CODE_ID
                    label=Signal::derive(move || i18n.t(T::ActCodeLabel).to_string())
                    hint=Signal::derive(move || i18n.t(T::ActCodeHint).to_string())
                    value=code
                    error=code_error
                    autocomplete="one-time-code"
                    inputmode="numeric"
                    spellcheck="false"
                />
                <button type="submit" class="button button--primary" disabled=shared(move || verify.pending().get())>
                    {shared(move || if verify.pending().get() { i18n.t(T::ActVerifying) } else { i18n.t(T::Next) })}
                </button>
            </form>
            <h2>{i18n.tr(T::ActResendHeading)}</h2>
            <p id="resend-hint">{shared(resend_hint)}</p>
            <button
                type="button"
                id=RESEND_ID
                class="button button--secondary"
                aria-describedby="resend-hint"
                aria-disabled=shared(move || (seconds_to_wait().is_some() || resend.pending().get()).then_some("true"))
                on:click=on_resend
            >
                {shared(move || if resend.pending().get() { i18n.t(T::ActSending) } else { i18n.t(T::ActResend) })}
            </button>
        </StepFrame>
    }
}
