//! `/dev/berichten`: the development mailbox. Every e-mail and SMS the product sends while it
//! runs without a real mail transport lands here, so the whole flow can be tried on one machine.

use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::page::Page;
use crate::i18n::{T, use_i18n};

#[component]
pub fn DevMessages() -> impl IntoView {
    let i18n = use_i18n();
    let messages = LocalResource::new(api::dev_messages);
    let list = move || {
        match messages.get() {
        None => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(ApiError::Server { status: 404, .. })) => {
            view! { <p class="notice">{i18n.t(T::DevMailboxOff)}</p> }.into_any()
        }
        Some(Err(_)) => view! { <p class="notice notice--error" role="alert">{i18n.t(T::NetworkError)}</p> }.into_any(),
        Some(Ok(messages)) if messages.is_empty() => view! { <p>{i18n.t(T::DevMailboxEmpty)}</p> }.into_any(),
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
            <button type="button" class="button button--secondary" on:click=move |_| messages.refetch()>
                {i18n.tr(T::Refresh)}
            </button>
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
                view! { <a href=trimmed.to_string()>{trimmed.to_string()}</a>{rest} }.into_any()
            } else {
                word.to_string().into_any()
            }
        })
        .collect_view()
}
