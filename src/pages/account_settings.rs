//! The account page's changes to the account itself: a new password (with the current one), the
//! authenticator app (added, or removed when a passkey remains) and new recovery codes. New codes
//! and removing the app ask for the second factor again when it was given more than 15 minutes
//! ago, in place ([`StepUpButton`]).

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::passkeys;
use crate::api::{self, ApiError, Manager};
use crate::components::error_summary::{ErrorSummary, Problem, problem_at};
use crate::components::second_factor::{AppEnrolment, RecoveryCodeList};
use crate::components::step_up::{StepUp, StepUpField};
use crate::components::text_field::TextField;
use crate::i18n::{T, use_i18n};

/// What a [`StepUpButton`] does once the second factor is recent.
pub type Work = Pin<Box<dyn Future<Output = Result<(), ApiError>>>>;

/// A button for an action that needs a recent second factor: when the server asks for it, the
/// code field appears above the button, and pressing it again gives the code first.
#[component]
pub fn StepUpButton(
    id: &'static str,
    label: T,
    #[prop(into)] work: Callback<(), Work>,
    /// Styled as a warning (a removal).
    #[prop(optional)]
    warning: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let step_up = StepUp::new();
    let refused = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let click = move |_| {
        if pending.get_untracked() {
            return;
        }
        let Ok(code) = step_up.take_code() else {
            return;
        };
        pending.set(true);
        refused.set(None);
        spawn_local(async move {
            let result = StepUp::then(code, work.run(())).await;
            step_up.watch(&result);
            let _ = pending.try_set(false);
            let _ = refused.try_set(result.err());
        });
    };
    let at_step_up = Signal::derive(move || step_up.problem(refused.get().as_ref(), i18n));
    let other = move || {
        refused
            .get()
            .filter(|_| at_step_up.get().is_none())
            .map(|error| view! { <p class="notice notice--error">{error.text(i18n)}</p> })
    };
    let class = if warning {
        "button button--warning"
    } else {
        "button button--secondary"
    };
    view! {
        <StepUpField step_up=step_up error=at_step_up/>
        <button type="button" id=id class=class disabled=move || pending.get() on:click=click>
            {move || i18n.t(label)}
        </button>
        <div role="alert">{other}</div>
    }
}

/// "Wachtwoord wijzigen": the current password and a new one.
#[component]
pub fn ChangePassword() -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let missing = RwSignal::new(Vec::<Problem>::new());
    let attempt = RwSignal::new(0_usize);
    let done = RwSignal::new(false);
    let save = Action::new_local(move |(current, new): &(String, String)| {
        let (current, new) = (current.clone(), new.clone());
        async move { api::change_password(&current, &new).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            current.set(String::new());
            new.set(String::new());
            done.set(true);
        }
    });
    let problems = Signal::derive(move || {
        let mut problems = missing.get();
        if let Some(Err(error)) = save.value().get() {
            let field = match error.code() {
                Some("current_password_wrong") => "current-password",
                _ => "new-password",
            };
            problems.push(Problem::new(field, error.text(i18n)));
        }
        problems
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (c, n) = (current.get_untracked(), new.get_untracked());
        let mut now_missing = Vec::new();
        if c.is_empty() {
            now_missing.push(Problem::new(
                "current-password",
                i18n.t(T::PasswordCurrentMissing),
            ));
        }
        if n.is_empty() {
            now_missing.push(Problem::new("new-password", i18n.t(T::PasswordNewMissing)));
        }
        let complete = now_missing.is_empty();
        missing.set(now_missing);
        save.value().set(None);
        done.set(false);
        attempt.update(|n| *n += 1);
        if complete {
            save.dispatch((c, n));
        }
    };
    let text = move |key: T| Signal::derive(move || i18n.t(key).to_string());
    view! {
        <h2>{move || i18n.t(T::PasswordChangeTitle)}</h2>
        <ErrorSummary problems=problems attempt=attempt/>
        <div role="status">
            {move || done.get().then(|| view! {
                <p class="notice notice--success">{i18n.t(T::PasswordChanged)}</p>
            })}
        </div>
        <form novalidate on:submit=on_submit class="form">
            <TextField
                id="current-password"
                label=text(T::PasswordCurrentLabel)
                value=current
                input_type="password"
                autocomplete="current-password"
                error=problem_at(problems, "current-password")
            />
            <TextField
                id="new-password"
                label=text(T::PasswordNewLabel)
                hint=text(T::SetupPasswordHint)
                value=new
                input_type="password"
                autocomplete="new-password"
                error=problem_at(problems, "new-password")
            />
            <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                {move || i18n.t(T::PasswordChangeSubmit)}
            </button>
        </form>
    }
}

/// The authenticator app and the recovery codes.
#[component]
pub fn AppAndCodes() -> impl IntoView {
    let i18n = use_i18n();
    let state = LocalResource::new(passkeys::list);
    let adding = RwSignal::new(false);
    let codes = RwSignal::new(None::<Vec<String>>);
    let removed = RwSignal::new(false);
    let on_confirmed = move |(_, new_codes): (Manager, Vec<String>)| {
        adding.set(false);
        codes.set(Some(new_codes));
        state.refetch();
    };
    let remove = Callback::new(move |()| -> Work {
        Box::pin(async move {
            api::remove_authenticator().await?;
            removed.set(true);
            state.refetch();
            Ok(())
        })
    });
    let renew = Callback::new(move |()| -> Work {
        Box::pin(async move {
            let new_codes = api::renew_recovery_codes().await?;
            codes.set(Some(new_codes));
            Ok(())
        })
    });
    let app = move || {
        match state.get() {
        None => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(error)) => view! { <p class="notice notice--error">{error.text(i18n)}</p> }.into_any(),
        Some(Ok(found)) if found.authenticator_app => view! {
            <p>{i18n.t(T::AppLinked)}</p>
            {(!found.passkeys.is_empty()).then(|| view! {
                <StepUpButton id="remove-app" label=T::AppRemove work=remove warning=true/>
            })}
        }
        .into_any(),
        Some(Ok(_)) if adding.get() => view! { <AppEnrolment on_confirmed=on_confirmed/> }.into_any(),
        Some(Ok(_)) => view! {
            <div role="status">
                {move || removed.get().then(|| view! { <p class="notice notice--success">{i18n.t(T::AppRemoved)}</p> })}
            </div>
            <p>{i18n.t(T::AppNone)}</p>
            <button type="button" class="button button--secondary" on:click=move |_| adding.set(true)>
                {i18n.t(T::AppAdd)}
            </button>
        }
        .into_any(),
    }
    };
    view! {
        <h2>{move || i18n.t(T::AppTitle)}</h2>
        {app}
        <h2>{move || i18n.t(T::CodesTitle)}</h2>
        <p>{move || i18n.t(T::CodesIntro)}</p>
        {move || codes.get().map(|codes| view! {
            <div role="status"><p class="notice notice--success">{i18n.t(T::CodesNew)}</p></div>
            <RecoveryCodeList codes=codes/>
        })}
        <StepUpButton id="renew-codes" label=T::CodesRenew work=renew/>
    }
}
