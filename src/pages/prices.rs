//! `/prijzen`: the full price list, from the same data the quotes are computed with.

use domain::Level;
use domain::pricing::{PricePoint, Term};
use leptos::prelude::*;

use crate::api;
use crate::components::page::Page;
use crate::i18n::{T, use_i18n};

#[component]
pub fn Prices() -> impl IntoView {
    let i18n = use_i18n();
    let prices = LocalResource::new(api::prices);
    // The list the page was prerendered with, until the server's arrives.
    let prerendered = crate::prerender::adopted("/prijzen").and_then(|data| data.prices);
    let table = move |caption: T, points: Vec<PricePoint>| {
        let lang = i18n.lang();
        let cell = move |level: Level, term: Term| {
            points
                .iter()
                .find(|p| p.level == level && p.term == term)
                .map(|p| p.price.on_screen(lang))
                .unwrap_or_else(|| "–".to_string())
        };
        view! {
            <table class="price-table">
                <caption>{i18n.t(caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(T::LevelLabel)}</th>
                        {Term::ALL.map(|t| view! { <th scope="col" class="number">{t.label(lang)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {Level::ALL
                        .map(|level| view! {
                            <tr>
                                <th scope="row">{level.label()}</th>
                                {Term::ALL.map(|t| view! { <td class="number">{cell(level, t)}</td> }).collect_view()}
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    };
    let body = move || {
        match prices.get().or_else(|| prerendered.clone().map(Ok)) {
        None => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(_)) => view! { <p class="notice notice--error" role="alert">{i18n.t(T::NetworkError)}</p> }.into_any(),
        Some(Ok(list)) => view! {
            <p>{i18n.t(T::PricesIntro)}</p>
            {table(T::PricesMeans, list.means.clone())}
            {table(T::PricesAuthorisations, list.authorisation.clone())}
            <p>
                {i18n.t(T::PricesFree).replace("{n}", &list.free_authorisations_per_means.to_string())}
            </p>
            <p>{i18n.t(T::PricesVat).replace("{percent}", &list.vat_percent.to_string())}</p>
        }
        .into_any(),
    }
    };
    view! { <Page title=T::PricesTitle>{body}</Page> }
}
