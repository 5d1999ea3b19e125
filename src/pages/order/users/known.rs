//! People in the list who already have an open request or an active means at this organisation
//! (the server knows them): a warning, so the manager does not order twice for the same person,
//! and for an active means at the order's level the advice to renew it in Beheer instead. It
//! never blocks.

use leptos::prelude::*;

use crate::api::{self, KnownUser};
use crate::format::long_date;
use crate::i18n::{I18n, T, use_i18n};
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
        let level = draft.0.read().level;
        let (active, open): (Vec<KnownUser>, Vec<KnownUser>) = known
            .get()
            .unwrap_or_default()
            .into_iter()
            .partition(|k| k.status == ACTIVE_MEANS);
        let open = (!open.is_empty()).then(|| {
            let items = open
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
        });
        let active = (!active.is_empty()).then(|| {
            let items = active
                .into_iter()
                .map(|k| active_item(k, level, i18n))
                .collect_view();
            view! {
                <div class="notice notice--warning" role="status" id="known-active">
                    <p><strong>{i18n.t(T::UsersKnownActiveTitle)}</strong></p>
                    <ul>{items}</ul>
                </div>
            }
        });
        view! { {open} {active} }
    }
}

/// The status of a known user who holds an active means.
const ACTIVE_MEANS: &str = "active_means";

/// One holder of an active means: at the order's level, the advice to renew it instead, with a
/// link to them in Beheer.
fn active_item(k: KnownUser, level: Option<domain::Level>, i18n: I18n) -> impl IntoView {
    let lang = i18n.lang();
    let (key, link) = if k.level.is_some() && k.level == level {
        (T::UsersKnownActive, T::UsersKnownRenewLink)
    } else {
        (T::UsersKnownActive, T::UsersKnownActiveLink)
    };
    let text = i18n
        .t(key)
        .replace("{email}", &k.email)
        .replace("{level}", k.level.map(|l| l.label()).unwrap_or_default())
        .replace(
            "{date}",
            &k.valid_until
                .as_deref()
                .map(|d| long_date(d, lang))
                .unwrap_or_default(),
        );
    let href = format!("/beheer/gebruikers/{}", k.request_id);
    view! {
        <li>
            {text} " "
            <a href=href rel="external">{i18n.t(link)}</a>
        </li>
    }
}
