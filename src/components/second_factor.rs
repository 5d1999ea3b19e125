//! The pieces of a second factor that the set-up and the account page share: adding an
//! authenticator app (its QR code and key, then its first code) and the recovery codes, shown
//! once with a text file to download.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, AuthenticatorEnrolment, Manager};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::text_field::TextField;
use crate::i18n::{T, use_i18n};

/// The key in groups of four, as authenticator apps show it.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Adds an authenticator app: a new secret as QR code and key, confirmed with the app's first
/// code; `on_confirmed` gets the account and its new recovery codes.
#[component]
pub fn AppEnrolment(#[prop(into)] on_confirmed: Callback<(Manager, Vec<String>)>) -> impl IntoView {
    let i18n = use_i18n();
    let enrolment = RwSignal::new(None::<Result<AuthenticatorEnrolment, String>>);
    spawn_local(async move {
        let started = api::start_authenticator().await;
        enrolment.try_set(Some(started.map_err(|error| error.text(i18n))));
    });
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let attempt = RwSignal::new(0_usize);
    let confirm = Action::new_local(move |code: &String| {
        let code = code.clone();
        async move {
            match api::confirm_authenticator(&code).await {
                Ok(confirmed) => on_confirmed.run(confirmed),
                Err(failure) => error.set(Some(failure.text(i18n))),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempt.update(|n| *n += 1);
        let typed = code.get_untracked();
        if typed.trim().is_empty() {
            error.set(Some(i18n.t(T::SetupAppCodeMissing).to_string()));
        } else {
            error.set(None);
            confirm.dispatch(typed.trim().to_string());
        }
    };
    let problems = Signal::derive(move || {
        error
            .get()
            .map(|message| vec![Problem::new("app-code", message)])
            .unwrap_or_default()
    });
    view! {
        <ErrorSummary problems=problems attempt=attempt/>
        {move || match enrolment.get() {
            None => view! { <p role="status">{i18n.t(T::SetupAppLoading)}</p> }.into_any(),
            Some(Err(message)) => view! { <p class="notice notice--error">{message}</p> }.into_any(),
            Some(Ok(enrolment)) => {
                let qr = format!(
                    "data:image/svg+xml;charset=utf-8,{}",
                    String::from(js_sys::encode_uri_component(&enrolment.qr_svg))
                );
                view! {
                    <p>{i18n.t(T::SetupAppScan)}</p>
                    <img class="setup-qr" src=qr alt=move || i18n.t(T::SetupAppQrAlt)/>
                    <p>{i18n.t(T::SetupAppManual)}</p>
                    <p class="setup-key" data-secret=enrolment.secret.clone()>{grouped(&enrolment.secret)}</p>
                    <form novalidate on:submit=on_submit class="form">
                        <TextField
                            id="app-code"
                            label=Signal::derive(move || i18n.t(T::SetupAppCode).to_string())
                            hint=Signal::derive(move || i18n.t(T::SetupAppCodeHint).to_string())
                            value=code
                            inputmode="numeric"
                            autocomplete="one-time-code"
                            spellcheck="false"
                            error=Signal::derive(move || error.get())
                        />
                        <button type="submit" class="button button--primary" disabled=move || confirm.pending().get()>
                            {move || i18n.t(T::SetupAppSubmit)}
                        </button>
                    </form>
                }
                .into_any()
            }
        }}
    }
}

/// The recovery codes, shown this once, and a text file of them to download.
#[component]
pub fn RecoveryCodeList(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let file = format!(
        "{}\r\n\r\n{}\r\n",
        i18n.t(T::SetupCodesFileHeader),
        codes.join("\r\n")
    );
    let download = format!(
        "data:text/plain;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&file))
    );
    view! {
        <ol class="recovery-codes" aria-label=move || i18n.t(T::SetupCodesListLabel)>
            {codes.into_iter().map(|code| view! { <li>{code}</li> }).collect_view()}
        </ol>
        <p>
            <a href=download download="middelpunt-herstelcodes.txt">{move || i18n.t(T::SetupCodesDownload)}</a>
        </p>
    }
}
