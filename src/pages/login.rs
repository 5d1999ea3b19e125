//! `/inloggen`: the manager logs in with e-mail address and password.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiError, Manager};
use crate::area::{go, use_area};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::page::Page;
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

    let log_in = Action::new_local(move |(email, password): &(String, String)| {
        let (email, password) = (email.clone(), password.clone());
        let navigate = navigate.clone();
        async move {
            let result = api::log_in(&email, &password).await;
            if let Ok(manager) = &result {
                // Continue where the manager wanted to go.
                session.logged_in(manager.clone());
                let back = query.try_with_untracked(|q| q.get("terug")).flatten();
                go(area, &navigate, &return_path(back));
            }
            result
        }
    });

    let server_problem = move || -> Option<String> {
        match log_in.value().get()? {
            Ok(_) => None,
            Err(ApiError::Server { body, .. }) => Some(body.message),
            Err(ApiError::Network(_)) => Some(i18n.t(T::NetworkError).to_string()),
        }
    };
    let problems = Signal::derive(move || {
        let mut problems = Vec::new();
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

    view! {
        <ErrorSummary problems=problems attempt=attempt/>
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
        </Page>
    }
}
