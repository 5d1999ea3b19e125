//! `/wachtwoord-vergeten`: asks for a link to choose a new password. The answer is the same
//! whether or not the address has an account, so the page cannot tell who has one.

use leptos::prelude::*;

use crate::api;
use crate::area::AppLink;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::page::Page;
use crate::components::text_field::TextField;
use crate::i18n::{T, use_i18n};

#[component]
pub fn PasswordReset() -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let attempt = RwSignal::new(0_usize);
    // The address a link was asked for.
    let sent = RwSignal::new(None::<String>);
    let request = Action::new_local(move |address: &String| {
        let address = address.clone();
        async move {
            match api::request_password_reset(&address).await {
                Ok(()) => sent.set(Some(address)),
                Err(failure) => error.set(Some(failure.text(i18n))),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempt.update(|n| *n += 1);
        let typed = email.get_untracked().trim().to_string();
        if typed.is_empty() {
            error.set(Some(i18n.t(T::LoginEmailMissing).to_string()));
        } else {
            error.set(None);
            request.dispatch(typed);
        }
    };
    let problems = Signal::derive(move || {
        error
            .get()
            .map(|message| vec![Problem::new("email", message)])
            .unwrap_or_default()
    });
    view! {
        <ErrorSummary problems=problems attempt=attempt/>
        <Page title=T::ResetTitle>
            <div role="status">
                {move || sent.get().map(|address| view! {
                    <p class="notice">{i18n.t(T::ResetSent).replace("{email}", &address)}</p>
                })}
            </div>
            <Show when=move || sent.get().is_none()>
                <p>{move || i18n.t(T::ResetIntro)}</p>
                <form novalidate on:submit=on_submit class="form">
                    <TextField
                        id="email"
                        label=Signal::derive(move || i18n.t(T::LoginEmail).to_string())
                        value=email
                        input_type="email"
                        autocomplete="username"
                        spellcheck="false"
                        error=Signal::derive(move || error.get())
                    />
                    <button type="submit" class="button button--primary" disabled=move || request.pending().get()>
                        {move || i18n.t(T::ResetSubmit)}
                    </button>
                </form>
            </Show>
            <p><AppLink href="/inloggen">{move || i18n.t(T::ResetBack)}</AppLink></p>
        </Page>
    }
}
