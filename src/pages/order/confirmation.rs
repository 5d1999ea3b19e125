//! After ordering (seed step 15): the order number, who receives an e-mail, and what happens next.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::page::Page;
use crate::i18n::{T, use_i18n};

#[component]
pub fn Confirmation() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let order = LocalResource::new(move || {
        let number = params.read().get("order_number").unwrap_or_default();
        async move { api::order(&number).await }
    });
    let body = move || match order.get() {
        None => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(_)) => {
            view! { <p class="notice notice--error" role="alert">{i18n.t(T::OrderNotFound)}</p> }
                .into_any()
        }
        Some(Ok(order)) => {
            let lang = i18n.lang();
            let users = order
                .users
                .iter()
                .map(|u| view! { <li>{u.name.clone()} " (" {u.email.clone()} ")"</li> })
                .collect_view();
            view! {
                <div class="panel" role="status">
                    <p class="panel__title">{i18n.t(T::OrderPlaced)}</p>
                    <p>{i18n.t(T::OrderNumber)} <br/> <strong class="panel__number">{order.order_number.clone()}</strong></p>
                </div>
                <p>
                    {i18n.t(T::OrderSummary)
                        .replace("{level}", order.level.label())
                        .replace("{organisation}", &order.organisation_name)
                        .replace("{total}", &order.quote.total_incl_vat.on_screen(lang))}
                </p>
                <h2>{i18n.t(T::WhoGetsMail)}</h2>
                <ul>{users}</ul>
                <h2>{i18n.t(T::WhatHappensNext)}</h2>
                <ol class="steps">
                    <li>{i18n.t(T::NextConfirm)}</li>
                    <li>{i18n.t(T::NextEmployees)}</li>
                    <li>{i18n.t(T::NextOthers)}</li>
                    <li>{i18n.t(T::NextNotified)}</li>
                </ol>
                // Lopende aanvragen is in the back-office app: a full page load.
                <p>
                    <a href=format!("/beheer/aanvragen?order_number={}", order.order_number) rel="external">
                        {i18n.t(T::OrderFollowInBeheer)}
                    </a>
                </p>
                <p><A href="/bestellen/organisatie">{i18n.t(T::StartAnotherOrder)}</A></p>
            }
            .into_any()
        }
    };
    view! {
        <Page title=T::ConfirmationTitle>
            {body}
        </Page>
    }
}
