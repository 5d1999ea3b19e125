//! `/inloggen`: the manager logs in with e-mail address and password, then with the code of
//! their authenticator app, a passkey or a recovery code; or with a passkey alone. An account without a second factor yet goes
//! on to add one (`/account/instellen`).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::passkeys;
use crate::api::{self, ApiError, Manager, SecondFactor};
use crate::area::{AppLink, go, use_area};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::page::Page;
use crate::components::passkeys::passkey_text;
use crate::components::text_field::TextField;
use crate::i18n::{T, use_i18n};
use crate::session::use_session;

/// Where to go after logging in: the `terug` query parameter when it is a local path.
fn return_path(raw: Option<String>) -> String {
    raw.filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".to_string())
}

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let area = use_area();
    let query = use_query_map();

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // Field errors from the last submit; they are shown until the next one.
    let email_error = RwSignal::new(None::<T>);
    let password_error = RwSignal::new(None::<T>);
    let attempt = RwSignal::new(0_usize);

    // Continue where the manager wanted to go.
    let go_back = {
        let navigate = navigate.clone();
        move || {
            let back = query.try_with_untracked(|q| q.get("terug")).flatten();
            go(area, &navigate, &return_path(back));
        }
    };
    let log_in = Action::new_local({
        let go_back = go_back.clone();
        let navigate = navigate.clone();
        move |(email, password): &(String, String)| {
            let (email, password) = (email.clone(), password.clone());
            let (go_back, navigate) = (go_back.clone(), navigate.clone());
            async move {
                let result = api::log_in(&email, &password).await;
                if let Ok(signed_in) = &result {
                    session.signed_in(signed_in.clone());
                    match signed_in.1 {
                        SecondFactor::Passed => go_back(),
                        SecondFactor::NotSetUp => go(area, &navigate, "/account/instellen"),
                        // The page asks for the code next.
                        SecondFactor::Required => {}
                    }
                }
                result.map(|_| ())
            }
        }
    });
    let pass = Action::new_local({
        let go_back = go_back.clone();
        move |code: &String| {
            let code = code.clone();
            let go_back = go_back.clone();
            async move {
                let result = api::pass_second_factor(&code).await;
                if let Ok(manager) = &result {
                    session.logged_in(manager.clone());
                    go_back();
                }
                result.map(|_| ())
            }
        }
    });
    // A passkey: the second factor after the password, or signing in without one.
    let passkey_error = RwSignal::new(None::<String>);
    let with_passkey = Action::new_local({
        let go_back = go_back.clone();
        move |signing_in: &bool| {
            let signing_in = *signing_in;
            let go_back = go_back.clone();
            async move {
                passkey_error.set(None);
                let result = if signing_in {
                    passkeys::sign_in().await.map(|signed_in| signed_in.0)
                } else {
                    passkeys::pass_second_factor().await
                };
                match result {
                    Ok(manager) => {
                        session.logged_in(manager);
                        go_back();
                    }
                    Err(error) => passkey_error.set(Some(passkey_text(&error, i18n))),
                }
            }
        }
    });
    let passkey_button = move |signing_in: bool, label: T| {
        crate::passkey::supported().then(|| {
            view! {
                <p>
                    <button type="button" id="passkey" class="button button--secondary"
                        disabled=move || with_passkey.pending().get()
                        on:click=move |_| { with_passkey.dispatch(signing_in); }>
                        {move || i18n.t(label)}
                    </button>
                </p>
            }
        })
    };
    let asking_code = move || session.pending() == Some(SecondFactor::Required);
    let code = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<T>);

    let message =
        move |result: Option<Result<(), ApiError>>| result?.err().map(|error| error.text(i18n));
    let server_problem = move || message(log_in.value().get());
    let problems = Signal::derive(move || {
        let mut problems = Vec::new();
        if let Some(message) = passkey_error.get() {
            problems.push(Problem::new("passkey", message));
        }
        if asking_code() {
            if let Some(key) = code_error.get() {
                problems.push(Problem::new("code", i18n.t(key)));
            }
            if let Some(message) = message(pass.value().get()) {
                problems.push(Problem::new("code", message));
            }
            return problems;
        }
        if let Some(key) = email_error.get() {
            problems.push(Problem::new("email", i18n.t(key)));
        }
        if let Some(key) = password_error.get() {
            problems.push(Problem::new("password", i18n.t(key)));
        }
        if let Some(message) = server_problem() {
            problems.push(Problem::new("email", message));
        }
        problems
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (e, p) = (email.get_untracked(), password.get_untracked());
        email_error.set(e.trim().is_empty().then_some(T::LoginEmailMissing));
        password_error.set(p.is_empty().then_some(T::LoginPasswordMissing));
        attempt.update(|n| *n += 1);
        if !e.trim().is_empty() && !p.is_empty() {
            log_in.value().set(None);
            log_in.dispatch((e.trim().to_string(), p));
        }
    };

    let already = move || session.manager().map(|m: Manager| m.name);

    let on_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked();
        code_error.set(typed.trim().is_empty().then_some(T::LoginCodeMissing));
        attempt.update(|n| *n += 1);
        if !typed.trim().is_empty() {
            pass.value().set(None);
            pass.dispatch(typed.trim().to_string());
        }
    };
    let other_account = Action::new_local(move |_: &()| async move {
        let _ = api::log_out().await;
        let _ = window().location().assign("/inloggen");
    });
    let code_form = move || {
        view! {
            <p>{i18n.t(T::LoginCodeIntro)}</p>
            <form novalidate on:submit=on_code class="form">
                <TextField
                    id="code"
                    label=Signal::derive(move || i18n.t(T::LoginCode).to_string())
                    hint=Signal::derive(move || i18n.t(T::LoginCodeHint).to_string())
                    value=code
                    autocomplete="one-time-code"
                    spellcheck="false"
                    error=Signal::derive(move || code_error.get().map(|k| i18n.t(k).to_string()))
                />
                <button type="submit" class="button button--primary" disabled=move || pass.pending().get()>
                    {move || i18n.t(T::LoginCodeSubmit)}
                </button>
            </form>
            {passkey_button(false, T::LoginPasskeySecondFactor)}
            <p>
                <button type="button" class="button button--secondary" on:click=move |_| { other_account.dispatch(()); }>
                    {move || i18n.t(T::LoginOtherAccount)}
                </button>
            </p>
        }
    };

    view! {
        <ErrorSummary problems=problems attempt=attempt/>
        <Show when=asking_code>
            <Page title=T::LoginCodeTitle>{code_form}</Page>
        </Show>
        <Show when=move || !asking_code()>
        <Page title=T::LoginTitle>
            {move || {
                already()
                    .map(|name| {
                        view! {
                            <p class="notice">{i18n.t(T::LoginAlready)} " " <strong>{name}</strong> "."</p>
                        }
                    })
            }}
            <div role="status">
                {move || {
                    query
                        .read()
                        .get("uitgelogd")
                        .map(|_| view! { <p class="notice">{i18n.t(T::LoggedOut)}</p> })
                }}
            </div>
            <p>{i18n.tr(T::LoginIntro)}</p>
            <form novalidate on:submit=on_submit class="form">
                <TextField
                    id="email"
                    label=Signal::derive(move || i18n.t(T::LoginEmail).to_string())
                    value=email
                    input_type="email"
                    autocomplete="username"
                    spellcheck="false"
                    error=Signal::derive(move || email_error.get().map(|k| i18n.t(k).to_string()))
                />
                <TextField
                    id="password"
                    label=Signal::derive(move || i18n.t(T::LoginPassword).to_string())
                    value=password
                    input_type="password"
                    autocomplete="current-password"
                    error=Signal::derive(move || password_error.get().map(|k| i18n.t(k).to_string()))
                />
                <button type="submit" class="button button--primary" disabled=move || log_in.pending().get()>
                    {move || {
                        if log_in.pending().get() { i18n.t(T::LoginBusy) } else { i18n.t(T::LoginSubmit) }
                    }}
                </button>
            </form>
            <p><AppLink href="/wachtwoord-vergeten">{move || i18n.t(T::LoginForgot)}</AppLink></p>
            {passkey_button(true, T::LoginPasskey)}
        </Page>
        </Show>
    }
}
