//! `/beheer`: "Overzicht", the first page of Beheer: what needs the manager's attention, each
//! with its count in words and a link to the list that shows exactly those (the server's own
//! filter, as the list's URL parameters): requests waiting for the user, waiting for the
//! identification, identification deadlines close by, means about to expire, requests that
//! failed lately.

use leptos::prelude::*;

use super::list::encode;
use super::selection::query_pairs;
use crate::api::year::{self as calls, Attention, AttentionKind, AttentionList};
use crate::components::page::Page;
use crate::components::shared::shared;
use crate::format::number;
use crate::i18n::{I18n, T, Y, use_i18n};

/// The texts of a kind: none, one, many (`{n}`, `{days}`).
fn texts(kind: AttentionKind) -> [Y; 3] {
    match kind {
        AttentionKind::WaitingForUser => [
            Y::YrWaitingForUserNone,
            Y::YrWaitingForUserOne,
            Y::YrWaitingForUserMany,
        ],
        AttentionKind::WaitingForIdentification => [
            Y::YrWaitingForIdNone,
            Y::YrWaitingForIdOne,
            Y::YrWaitingForIdMany,
        ],
        AttentionKind::IdentificationDue => [Y::YrIdDueNone, Y::YrIdDueOne, Y::YrIdDueMany],
        AttentionKind::Expiring => [Y::YrExpiringNone, Y::YrExpiringOne, Y::YrExpiringMany],
        AttentionKind::Failed => [Y::YrFailedNone, Y::YrFailedOne, Y::YrFailedMany],
    }
}

/// The number of days the item's filter names, for its text.
fn days(item: &Attention) -> String {
    let q = &item.query;
    [
        &q.waiting_over,
        &q.deadline_within,
        &q.expiring_within,
        &q.ended_within,
    ]
    .into_iter()
    .find_map(Clone::clone)
    .unwrap_or_default()
}

/// The list that shows exactly the item's people: its path with the item's filter.
pub fn attention_href(item: &Attention) -> String {
    let path = match item.list {
        AttentionList::Users => "/beheer/gebruikers",
        AttentionList::Requests => "/beheer/aanvragen",
    };
    let query = query_pairs(&item.query)
        .into_iter()
        .map(|(name, value)| format!("{name}={}", encode(&value)))
        .collect::<Vec<_>>()
        .join("&");
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// The item's count in words: "3 aanvragen wachten langer dan 7 dagen op de gebruiker".
pub fn attention_text(item: &Attention, i18n: I18n) -> String {
    let [none, one, many] = texts(item.kind);
    let key = match item.count {
        0 => none,
        1 => one,
        _ => many,
    };
    i18n.t(key)
        .replace("{n}", &number(item.count, i18n.lang()))
        .replace("{days}", &days(item))
}

fn item_view(item: Attention, i18n: I18n) -> AnyView {
    let text = attention_text(&item, i18n);
    let id = format!("attention-{}", item.kind.as_str().replace('_', "-"));
    if item.count == 0 {
        view! {
            <li class="attention attention--none" id=id>
                <span class="subtle">{text}</span>
            </li>
        }
        .into_any()
    } else {
        view! {
            <li class="attention" id=id>
                <a href=attention_href(&item) class="attention__link">{text}</a>
            </li>
        }
        .into_any()
    }
}

#[component]
pub fn Overview() -> impl IntoView {
    let i18n = use_i18n();
    let overview = LocalResource::new(calls::overview);
    let body = shared(move || match overview.get() {
        None => view! { <p>{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(error)) => super::failure(&error, i18n),
        Some(Ok(overview)) => {
            let calm = overview.items.iter().all(|item| item.count == 0);
            let items = (overview.items.into_iter())
                .map(|item| item_view(item, i18n))
                .collect_view();
            view! {
                {calm.then(|| view! {
                    <p class="notice notice--success" id="overview-calm">{i18n.t(Y::YrNothingNeedsAttention)}</p>
                })}
                <h2>{i18n.t(Y::YrAttentionTitle)}</h2>
                <ul class="attention-list" id="attention-list">{items}</ul>
            }
            .into_any()
        }
    });
    view! {
        <Page title=T::YrOverviewTitle>
            <p>{i18n.tr(Y::YrOverviewIntro)}</p>
            {body}
        </Page>
    }
}
