//! People in the list who already have an open request at this organisation (the server knows
//! them): a warning, so the manager does not order twice for the same person. It never blocks.

use leptos::prelude::*;

use crate::api;
use crate::i18n::{T, use_i18n};
use crate::order_draft::use_draft;

#[component]
pub fn KnownUsers() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    // Asked again whenever the list's e-mail addresses change.
    let emails = Memo::new(move |_| {
        draft
            .0
            .read()
            .users
            .iter()
            .map(|u| u.user.email.trim().to_lowercase())
            .filter(|e| e.contains('@'))
            .collect::<Vec<_>>()
    });
    let known = LocalResource::new(move || {
        let kvk = draft.0.read().kvk_number.clone();
        let emails = emails.get();
        async move {
            match kvk {
                Some(kvk) if !emails.is_empty() => {
                    api::known_users(&kvk, &emails).await.unwrap_or_default()
                }
                _ => Vec::new(),
            }
        }
    });
    move || {
        let known = known.get().unwrap_or_default();
        (!known.is_empty()).then(|| {
            let items = known
                .into_iter()
                .map(|k| {
                    let text = i18n
                        .t(T::UsersKnown)
                        .replace("{email}", &k.email)
                        .replace("{order}", &k.order_number);
                    view! { <li>{text}</li> }
                })
                .collect_view();
            view! {
                <div class="notice notice--warning" role="status">
                    <p><strong>{i18n.t(T::UsersKnownTitle)}</strong></p>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}
