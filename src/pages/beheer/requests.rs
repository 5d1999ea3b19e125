//! `/beheer/aanvragen`: "Lopende aanvragen": every request with its current step, how long it
//! has been waiting and its deadline. Open requests by default; finished ones stay findable
//! with the status filter. Filters, sort and page live in the URL, like "Gebruikers".

use leptos::prelude::*;

use super::filters::{
    FilterSelect, FilterText, OrganisationFilter, input_value, level_options, select_value,
};
use super::list::{FilterListPage, Heads, ListSpec, ListUrl, ReadFilters, encode, use_filter_list};
use super::{organisation_cell, request_step_text, waited};
use crate::api::{self, RequestRow, RequestStatus};
use crate::format::{long_date_of, now_seconds};
use crate::i18n::{I18n, T, use_i18n};

const PATH: &str = "/beheer/aanvragen";

static SPEC: ListSpec = ListSpec {
    path: PATH,
    names: &[
        "status",
        "organisation",
        "level",
        "order_number",
        "q",
        "sort",
        "page",
        "per_page",
    ],
    default_sort: "-created_at",
    title: T::BhRequestsTitle,
    intro: T::BhRequestsIntro,
    filter_label: T::BhFilterRequests,
    count: [T::BhRequestsNone, T::BhRequestsOne, T::BhRequestsMany],
    empty: T::BhRequestsEmpty,
    caption: T::BhRequestsCaption,
    table_label: T::BhRequestsTable,
    exports: &[],
};

#[component]
pub fn RequestList() -> impl IntoView {
    let i18n = use_i18n();
    let list = use_filter_list(&SPEC, api::requests);

    let status = NodeRef::new();
    let organisation = NodeRef::new();
    let level = NodeRef::new();
    let order_number = NodeRef::new();
    let q = NodeRef::new();

    let read: ReadFilters = Callback::new(move |url: ListUrl| {
        Ok(url
            .with("status", &select_value(status))
            .with("organisation", &select_value(organisation))
            .with("level", &select_value(level))
            .with("order_number", &input_value(order_number).to_uppercase())
            .with("q", &input_value(q)))
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

    view! {
        <FilterListPage list=list read=read head=head row=row>
            <FilterText id="filter-q" label=T::BhFilterQ value=list.param("q") node=q input_type="search"/>
            <FilterSelect id="filter-status" label=T::BhColStep value=list.param("status") options=status_options node=status/>
            <OrganisationFilter value=list.param("organisation") node=organisation/>
            <FilterSelect id="filter-level" label=T::LevelLabel value=list.param("level") options=level_options(i18n) node=level/>
            <FilterText
                id="filter-order"
                label=T::BhColOrderNumber
                hint=T::BhOrderNumberHint
                value=list.param("order_number")
                node=order_number
            />
        </FilterListPage>
    }
}

/// The table's column headers.
fn head(h: &Heads) -> AnyView {
    view! {
        {h.sortable("name", T::ActName)}
        {h.plain(T::OrganisationLabel)}
        {h.plain(T::BhColLevel)}
        {h.sortable("status", T::BhColStep)}
        {h.sortable("waiting", T::BhColWaiting)}
        {h.sortable("deadline", T::IdsColDeadline)}
        {h.plain(T::BhColOrderNumber)}
        {h.sortable("created_at", T::IdsColOrdered)}
    }
    .into_any()
}

/// One request's row.
fn row(r: RequestRow, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let now = now_seconds();
    let open = r.status.is_open();
    let waiting = if open {
        waited(r.last_event_at, now, i18n)
    } else {
        "—".to_string()
    };
    let deadline = r
        .deadline
        .map(|d| long_date_of(d, lang))
        .unwrap_or_else(|| "—".to_string());
    let order_href = format!("{PATH}?status=all&order_number={}", encode(&r.order_number));
    view! {
        <tr>
            <th scope="row"><a href=format!("{PATH}/{}", r.request_id)>{r.name}</a></th>
            <td>{organisation_cell(r.organisation, i18n)}</td>
            <td>{r.level}</td>
            <td>{request_step_text(r.status, i18n)}</td>
            <td class="data-table__nowrap">{waiting}</td>
            <td class="data-table__nowrap">{deadline}</td>
            <td class="data-table__nowrap"><a href=order_href>{r.order_number}</a></td>
            <td class="data-table__nowrap">{long_date_of(r.created_at, lang)}</td>
        </tr>
    }
    .into_any()
}
