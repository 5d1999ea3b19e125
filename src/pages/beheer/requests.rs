//! `/beheer/aanvragen`: "Lopende aanvragen": every request with its current step, how long it
//! has been waiting and its deadline. Open requests by default; finished ones stay findable
//! with the status filter. Filters, sort and page live in the URL, like "Gebruikers".

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::{
    FilterSelect, FilterText, ListUrl, count_text, input_value, list_body, organisation_options,
    pager, param, request_step_text, select_value, sort_header, table_region, use_list_url, waited,
};
use crate::api::{self, Page, RequestStatus, Requests};
use crate::components::page::Page;
use crate::components::shared::shared;
use crate::format::{long_date_of, now_seconds};
use crate::i18n::{I18n, T, use_i18n};

const PATH: &str = "/beheer/aanvragen";

/// The list's URL parameters, in the order the URL shows them.
const NAMES: [&str; 8] = [
    "status",
    "organisation",
    "level",
    "order_number",
    "q",
    "sort",
    "page",
    "per_page",
];

const DEFAULT_SORT: &str = "-created_at";

#[component]
pub fn RequestList() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let url = use_list_url(PATH, &NAMES);
    let requests = LocalResource::new(move || api::requests(url.read().query(&NAMES)));

    let status = NodeRef::new();
    let organisation = NodeRef::new();
    let level = NodeRef::new();
    let order_number = NodeRef::new();
    let q = NodeRef::new();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let next = url
            .get_untracked()
            .without("page")
            .with("status", &select_value(status))
            .with("organisation", &select_value(organisation))
            .with("level", &select_value(level))
            .with("order_number", &input_value(order_number).to_uppercase())
            .with("q", &input_value(q));
        navigate(&next.href(&NAMES), NavigateOptions::default());
    };

    let level_options = Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t(T::BhAllLevels).to_string())];
        options.extend(domain::Level::ALL.map(|l| (l.label().to_string(), l.label().to_string())));
        options
    });
    let status_options = Signal::derive(move || {
        let mut options = vec![
            (String::new(), i18n.t(T::BhStatusOpen).to_string()),
            (
                "finished".to_string(),
                i18n.t(T::BhStatusFinished).to_string(),
            ),
            ("all".to_string(), i18n.t(T::BhStatusAll).to_string()),
        ];
        options.extend(
            (RequestStatus::ALL.iter())
                .map(|s| (s.as_str().to_string(), request_step_text(*s, i18n))),
        );
        options
    });

    let count = shared(move || {
        requests.get().and_then(Result::ok).map(|page| {
            count_text(
                page.total,
                T::BhRequestsNone,
                T::BhRequestsOne,
                T::BhRequestsMany,
                i18n,
            )
        })
    });
    let body = shared(move || {
        list_body(
            requests.get(),
            T::BhRequestsEmpty,
            &url.get_untracked(),
            &NAMES,
            |page| table(page, &url.get_untracked(), i18n),
            i18n,
        )
    });

    view! {
        <Page title=T::BhRequestsTitle>
            <p>{i18n.tr(T::BhRequestsIntro)}</p>
            <form class="filters" role="search" aria-label=i18n.tr(T::BhFilterRequests) novalidate on:submit=on_submit>
                <div class="filters__grid">
                    <FilterText id="filter-q" label=T::BhFilterQ value=param(url, "q") node=q input_type="search"/>
                    <FilterSelect id="filter-status" label=T::BhColStep value=param(url, "status") options=status_options node=status/>
                    <FilterSelect
                        id="filter-organisation"
                        label=T::OrganisationLabel
                        value=param(url, "organisation")
                        options=organisation_options(i18n)
                        node=organisation
                    />
                    <FilterSelect id="filter-level" label=T::LevelLabel value=param(url, "level") options=level_options node=level/>
                    <FilterText
                        id="filter-order"
                        label=T::BhColOrderNumber
                        hint=T::BhOrderNumberHint
                        value=param(url, "order_number")
                        node=order_number
                    />
                </div>
                <div class="button-group">
                    <button type="submit" class="button button--primary">{i18n.tr(T::BhFilter)}</button>
                    <a href=PATH>{i18n.tr(T::BhClearFilters)}</a>
                </div>
            </form>
            <p role="status" class="result-count">{count}</p>
            {body}
        </Page>
    }
}

fn table(page: Page<Requests>, url: &ListUrl, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let now = now_seconds();
    let pages = page.pages();
    let caption = i18n
        .t(T::BhRequestsCaption)
        .replace("{page}", &page.page.to_string())
        .replace("{pages}", &pages.to_string());
    let head = |column: &'static str, label: T| {
        sort_header(url, &NAMES, column, DEFAULT_SORT, i18n.t(label), i18n)
    };
    let rows = page
        .items
        .requests
        .into_iter()
        .map(|r| {
            let open = r.status.is_open();
            let waiting = if open { waited(r.last_event_at, now, i18n) } else { "—".to_string() };
            let deadline = r.deadline.map(|d| long_date_of(d, lang)).unwrap_or_else(|| "—".to_string());
            let order_href = format!("{PATH}?status=all&order_number={}", super::encode(&r.order_number));
            view! {
                <tr>
                    <th scope="row"><a href=format!("{PATH}/{}", r.request_id)>{r.name}</a></th>
                    <td>
                        {r.organisation.name}
                        <br/>
                        <span class="subtle">{i18n.t(T::KvkNumberShort)} " " {r.organisation.kvk_number}</span>
                    </td>
                    <td>{r.level}</td>
                    <td>{request_step_text(r.status, i18n)}</td>
                    <td class="data-table__nowrap">{waiting}</td>
                    <td class="data-table__nowrap">{deadline}</td>
                    <td class="data-table__nowrap"><a href=order_href>{r.order_number}</a></td>
                    <td class="data-table__nowrap">{long_date_of(r.created_at, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    let table = view! {
        <table class="data-table">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    {head("name", T::ActName)}
                    <th scope="col">{i18n.t(T::OrganisationLabel)}</th>
                    <th scope="col">{i18n.t(T::BhColLevel)}</th>
                    {head("status", T::BhColStep)}
                    {head("waiting", T::BhColWaiting)}
                    {head("deadline", T::IdsColDeadline)}
                    <th scope="col">{i18n.t(T::BhColOrderNumber)}</th>
                    {head("created_at", T::IdsColOrdered)}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any();
    view! {
        {table_region(i18n.t(T::BhRequestsTable), table)}
        {pager(url, &NAMES, page.page, pages, i18n)}
    }
    .into_any()
}
