//! `/identificaties`: who waits for identification, the nearest deadline first. A table on wide
//! screens; on narrow ones every person becomes a block with the column names beside the values.

use leptos::prelude::*;
use leptos_router::components::A;

use super::Recorded;
use crate::api::{self, ApiError, Waiting as WaitingIdentification};
use crate::components::page::Page;
use crate::components::shared::shared;
use crate::format::{long_date_of, short_date};
use crate::i18n::{I18n, T, use_i18n};

#[component]
pub fn IdentificationList() -> impl IntoView {
    let i18n = use_i18n();
    // The message of an outcome just recorded, shown once.
    let recorded = use_context::<Recorded>().and_then(|r| r.0.try_update(Option::take).flatten());
    let waiting = LocalResource::new(api::identifications);
    let body = shared(move || match waiting.get() {
        None => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(error)) => failure(&error, i18n),
        Some(Ok(list)) if list.is_empty() => view! { <p>{i18n.t(T::IdsEmpty)}</p> }.into_any(),
        Some(Ok(list)) => table(list, i18n),
    });
    view! {
        <Page title=T::IdsTitle>
            {recorded.map(|text| {
                // Focus on the outcome, so that a screen reader reads it (a live region that
                // appears with its text is often not announced).
                request_animation_frame(|| {
                    crate::pages::beheer::focus_id("recorded-notice");
                });
                view! {
                    <p id="recorded-notice" tabindex="-1" class="notice notice--success" role="status">
                        {text}
                    </p>
                }
            })}
            <p>{i18n.tr(T::IdsIntro)}</p>
            {body}
        </Page>
    }
}

/// The server's refusal (e.g. 403 `operator_only`) or the network problem.
pub fn failure(error: &ApiError, i18n: I18n) -> AnyView {
    view! { <p class="notice notice--error" role="alert">{error.text(i18n)}</p> }.into_any()
}

fn table(list: Vec<WaitingIdentification>, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let caption = i18n
        .t(T::IdsCaption)
        .replace("{n}", &list.len().to_string());
    let (name, born, organisation, level, ordered, deadline) = (
        i18n.t(T::ActName),
        i18n.t(T::IdsColBorn),
        i18n.t(T::OrganisationLabel),
        i18n.t(T::LevelLabel),
        i18n.t(T::IdsColOrdered),
        i18n.t(T::IdsColDeadline),
    );
    let rows = list
        .into_iter()
        .map(|w| {
            view! {
                <tr>
                    <th scope="row" data-label=name>
                        <A href=format!("/identificaties/{}", w.request_id)>{w.full_name.clone()}</A>
                    </th>
                    <td data-label=born>{short_date(&w.birth_date)} ", " {w.birth_place.clone()}</td>
                    <td data-label=organisation>
                        {w.organisation.name.clone()}
                        <br/>
                        <span class="subtle">{i18n.t(T::KvkNumberShort)} " " {w.organisation.kvk_number.clone()}</span>
                    </td>
                    <td data-label=level>{w.level.clone()}</td>
                    <td data-label=ordered>{long_date_of(w.ordered_at, lang)}</td>
                    <td data-label=deadline>{long_date_of(w.deadline, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="queue-table">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{name}</th>
                    <th scope="col">{born}</th>
                    <th scope="col">{organisation}</th>
                    <th scope="col">{level}</th>
                    <th scope="col">{ordered}</th>
                    <th scope="col">{deadline}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
