//! `/account/instellen#TOKEN`: a new account's set-up, opened from the one-time link of
//! `middelpunt-server admin create` (or a reset link). Three steps on one page, each with its
//! own heading, which takes focus when the step appears:
//! 1. choose a password (the token of the link, from the URL's fragment, which no server sees);
//! 2. add an authenticator app (scan the QR code or type the key, then enter its first code),
//!    or a passkey of this device;
//! 3. keep the 10 recovery codes, shown this once (and as a text file to download).
//!
//! An account that chose its password but has no app yet (it signed in, or reloaded the page)
//! starts at step 2.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api::SecondFactor;
use crate::api::{self, AccountLink, LinkPurpose, Manager};
use crate::area::{go, use_area};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::layout::focus_heading;
use crate::components::page::Page;
use crate::components::passkeys::AddPasskey;
use crate::components::second_factor::{AppEnrolment, RecoveryCodeList};
use crate::components::text_field::TextField;
use crate::i18n::{T, use_i18n};
use crate::session::use_session;

/// Where the set-up is.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// Reading the link.
    Checking,
    /// No valid link and no half set-up session: the message to show.
    NoLink(Option<String>),
    Password(AccountLink),
    App,
    Codes(Manager, Vec<String>),
}

/// The token in the URL's fragment, if any.
fn token_from_fragment() -> Option<String> {
    let hash = window().location().hash().ok()?;
    let token = hash.trim_start_matches('#').trim();
    (!token.is_empty()).then(|| token.to_string())
}

#[component]
pub fn AccountSetup() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let step = RwSignal::new(Step::Checking);
    let token = StoredValue::new(token_from_fragment());

    // Where to start: the link's password step, or the app step of a half set-up session.
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        if let Some(token) = token.get_value() {
            spawn_local(async move {
                step.set(match api::account_link(&token).await {
                    Ok(link) => Step::Password(link),
                    Err(error) => Step::NoLink(Some(error.text(i18n))),
                });
            });
            return true;
        }
        if !session.checked() {
            return false;
        }
        step.set(match session.pending() {
            Some(SecondFactor::NotSetUp) => Step::App,
            _ => Step::NoLink(None),
        });
        true
    });
    // Each new step's heading takes focus, so that a screen reader announces it.
    Effect::new(move |previous: Option<std::mem::Discriminant<Step>>| {
        let now = std::mem::discriminant(&step.get());
        if previous.is_some_and(|p| p != now) {
            focus_heading();
        }
        now
    });

    move || match step.get() {
        Step::Checking => view! { <p role="status">{i18n.t(T::SetupChecking)}</p> }.into_any(),
        Step::NoLink(message) => view! {
            <Page title=T::SetupTitle>
                <p class="notice notice--error">
                    {message.unwrap_or_else(|| i18n.t(T::SetupNoLink).to_string())}
                </p>
            </Page>
        }
        .into_any(),
        Step::Password(link) => {
            view! { <PasswordStep link=link step=step token=token/> }.into_any()
        }
        Step::App => view! { <AppStep step=step/> }.into_any(),
        Step::Codes(manager, codes) => {
            view! { <CodesStep manager=manager codes=codes/> }.into_any()
        }
    }
}

/// "Stap n van 3".
fn step_counter(i18n: crate::i18n::I18n, n: u8) -> impl IntoView {
    view! {
        <p class="step-counter">
            {move || i18n.t(T::StepCounter).replace("{n}", &n.to_string()).replace("{total}", "3")}
        </p>
    }
}

#[component]
fn PasswordStep(
    link: AccountLink,
    step: RwSignal<Step>,
    token: StoredValue<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let area = use_area();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let attempt = RwSignal::new(0_usize);
    let save = Action::new_local(move |password: &String| {
        let password = password.clone();
        let navigate = navigate.clone();
        async move {
            let Some(token) = token.get_value() else {
                return;
            };
            match api::set_password(&token, &password).await {
                Ok(signed_in) => {
                    // The link is used: it leaves the address bar and the history.
                    let _ = window().history().and_then(|history| {
                        history.replace_state_with_url(
                            &wasm_bindgen::JsValue::NULL,
                            "",
                            Some("/account/instellen"),
                        )
                    });
                    let second_factor = signed_in.1;
                    session.signed_in(signed_in);
                    if second_factor == SecondFactor::NotSetUp {
                        step.set(Step::App);
                    } else {
                        // A new password for an account with an app: its code comes next, on
                        // the login page.
                        go(area, &navigate, "/inloggen");
                    }
                }
                Err(failure) if failure.code() == Some("account_link_invalid") => {
                    step.set(Step::NoLink(Some(failure.text(i18n))));
                }
                Err(failure) => error.set(Some(failure.text(i18n))),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempt.update(|n| *n += 1);
        let typed = password.get_untracked();
        if typed.is_empty() {
            error.set(Some(i18n.t(T::SetupPasswordMissing).to_string()));
        } else {
            error.set(None);
            save.dispatch(typed);
        }
    };
    let problems = Signal::derive(move || {
        error
            .get()
            .map(|message| vec![Problem::new("new-password", message)])
            .unwrap_or_default()
    });
    let title = match link.purpose {
        LinkPurpose::Setup => T::SetupPasswordTitle,
        LinkPurpose::Reset => T::SetupResetTitle,
    };
    let (name, email) = (link.name.clone(), link.email.clone());
    view! {
        <ErrorSummary problems=problems attempt=attempt/>
        {step_counter(i18n, 1)}
        <Page title=title>
            <p>{move || i18n.t(T::SetupFor).replace("{name}", &name).replace("{email}", &email)}</p>
            <form novalidate on:submit=on_submit class="form">
                // The address, for password managers to store with the new password.
                <input type="email" name="username" autocomplete="username" value=link.email.clone() hidden/>
                <TextField
                    id="new-password"
                    label=Signal::derive(move || i18n.t(T::SetupPassword).to_string())
                    hint=Signal::derive(move || i18n.t(T::SetupPasswordHint).to_string())
                    value=password
                    input_type="password"
                    autocomplete="new-password"
                    error=Signal::derive(move || error.get())
                />
                <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                    {move || i18n.t(T::SetupPasswordSubmit)}
                </button>
            </form>
        </Page>
    }
}

#[component]
fn AppStep(step: RwSignal<Step>) -> impl IntoView {
    let i18n = use_i18n();
    let to_codes =
        move |(manager, codes): (Manager, Vec<String>)| step.set(Step::Codes(manager, codes));
    view! {
        {step_counter(i18n, 2)}
        <Page title=T::SetupAppTitle>
            <p>{move || i18n.t(T::SetupAppIntro)}</p>
            <AppEnrolment on_confirmed=to_codes/>
            {crate::passkey::supported().then(|| view! {
                <h2>{i18n.t(T::SetupPasskeyTitle)}</h2>
                <p>{i18n.t(T::SetupPasskeyIntro)}</p>
                <AddPasskey on_added=to_codes label=T::SetupPasskeyAdd/>
            })}
        </Page>
    }
}

#[component]
fn CodesStep(manager: Manager, codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let area = use_area();
    let manager = StoredValue::new(manager);
    let done = move |_| {
        session.logged_in(manager.get_value());
        go(area, &navigate, "/");
    };
    view! {
        {step_counter(i18n, 3)}
        <Page title=T::SetupCodesTitle>
            <p>{move || i18n.t(T::SetupCodesIntro)}</p>
            <RecoveryCodeList codes=codes/>
            <button type="button" class="button button--primary" on:click=done>
                {move || i18n.t(T::SetupDone)}
            </button>
        </Page>
    }
}
