//! `/dev/berichten`: the development mailbox. Every e-mail and SMS the product sends while it
//! runs without a real mail transport lands here, so the whole flow can be tried on one machine.
//! `?aan=` shows only the messages to one address or number; the links in the messages open on
//! the page's own origin, whatever port the server's public URL names.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiError};
use crate::components::page::Page;
use crate::i18n::{T, use_i18n};

#[component]
pub fn DevMessages() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let to = Memo::new(move |_| {
        query
            .read()
            .get("aan")
            .map(|to| to.trim().to_string())
            .filter(|to| !to.is_empty())
    });
    let messages = LocalResource::new(move || api::dev_messages(to.get()));
    let typed = RwSignal::new(to.get_untracked().unwrap_or_default());
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = typed.get_untracked().trim().to_string();
        let path = if wanted.is_empty() {
            "/dev/berichten".to_string()
        } else {
            format!(
                "/dev/berichten?aan={}",
                js_sys::encode_uri_component(&wanted)
            )
        };
        navigate(&path, Default::default());
    };
    let list = move || {
        match messages.get() {
        None => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(ApiError::Server { status: 404, .. })) => {
            view! { <p class="notice">{i18n.t(T::DevMailboxOff)}</p> }.into_any()
        }
        Some(Err(_)) => view! { <p class="notice notice--error" role="alert">{i18n.t(T::NetworkError)}</p> }.into_any(),
        Some(Ok(messages)) if messages.is_empty() => match to.get() {
            Some(to) => view! { <p>{i18n.t(T::DevRecipientNone).replace("{to}", &to)}</p> }.into_any(),
            None => view! { <p>{i18n.t(T::DevMailboxEmpty)}</p> }.into_any(),
        },
        Some(Ok(messages)) => messages
            .into_iter()
            .map(|m| {
                let heading = m.subject.clone().unwrap_or_else(|| i18n.t(T::DevSms).to_string());
                view! {
                    <article class="message">
                        <h2 class="message__subject">{heading}</h2>
                        <p class="message__meta">{i18n.t(T::DevTo)} " " <strong>{m.recipient.clone()}</strong></p>
                        <pre class="message__text">{linkify(&m.text)}</pre>
                    </article>
                }
            })
            .collect_view()
            .into_any(),
    }
    };
    view! {
        <Page title=T::DevMailboxTitle>
            <p>{i18n.tr(T::DevMailboxIntro)}</p>
            <form class="form" role="search" novalidate on:submit=on_submit>
                <div class="form-field">
                    <label class="form-field__label" for="recipient">{i18n.tr(T::DevRecipientLabel)}</label>
                    <p class="form-field__hint" id="recipient-hint">{i18n.tr(T::DevRecipientHint)}</p>
                    <input
                        class="form-field__input"
                        id="recipient"
                        type="search"
                        autocomplete="off"
                        aria-describedby="recipient-hint"
                        prop:value=move || typed.get()
                        on:input:target=move |ev| typed.set(ev.target().value())
                    />
                </div>
                <div class="button-group">
                    <button type="submit" class="button button--primary">{i18n.tr(T::DevRecipientShow)}</button>
                    <button type="button" class="button button--secondary" on:click=move |_| messages.refetch()>
                        {i18n.tr(T::Refresh)}
                    </button>
                </div>
            </form>
            {move || to.get().map(|_| view! { <p><a href="/dev/berichten">{i18n.t(T::DevRecipientAll)}</a></p> })}
            {list}
        </Page>
    }
}

/// The text with its links clickable (the activation link above all).
fn linkify(text: &str) -> impl IntoView + use<> {
    text.split_inclusive(char::is_whitespace)
        .map(|word| {
            let trimmed = word.trim_end();
            if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
                let rest = word[trimmed.len()..].to_string();
                let href = on_this_origin(trimmed);
                let text = href.clone();
                view! { <a href=href>{text}</a>{rest} }.into_any()
            } else {
                word.to_string().into_any()
            }
        })
        .collect_view()
}

/// A link to this machine (`localhost` or `127.0.0.1`, on any port) on the page's own origin:
/// the server's public URL may name another port than the one it runs on.
fn on_this_origin(link: &str) -> String {
    let Ok(origin) = window().location().origin() else {
        return link.to_string();
    };
    let Some((scheme, rest)) = link.split_once("://") else {
        return link.to_string();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host);
    if matches!(scheme, "http" | "https") && matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
        format!("{origin}{path}")
    } else {
        link.to_string()
    }
}
