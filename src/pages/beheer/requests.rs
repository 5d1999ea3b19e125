//! `/beheer/aanvragen`: "Lopende aanvragen": every request with its current step, how long it
//! has been waiting and its deadline. Open requests by default; finished ones stay findable
//! with the status filter (also "waiting for the user" and "failed"). Filters, sort and page
//! live in the URL, like "Gebruikers"; the overview's filters (waiting longer than, deadline
//! within, ended within N days) come only from its links and show as removable filters. As in
//! Gebruikers, requests can be selected (one by one, the page, or all that match) to re-send
//! their invitations or cancel them at once.

use leptos::prelude::*;

use super::filters::{
    FilterSelect, FilterText, OrganisationFilter, input_value, level_options, select_value,
};
use super::list::{FilterListPage, Heads, ListSpec, ListUrl, ReadFilters, encode, use_filter_list};
use super::selection::{
    ListKind, Person, filter_of, select_cell, select_head, selection_bar, use_picked,
};
use super::{organisation_cell, request_step_text, succession_tag, waited};
use crate::api::{self, Items, RequestRow, RequestStatus};
use crate::components::shared::shared;
use crate::format::{long_date_of, now_seconds};
use crate::i18n::{I18n, T, Text, Y, use_i18n};

const PATH: &str = "/beheer/aanvragen";

static SPEC: ListSpec = ListSpec {
    path: PATH,
    names: &[
        "status",
        "organisation",
        "level",
        "order_number",
        "waiting_over",
        "deadline_within",
        "ended_within",
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

/// What can be done with the selected requests.
const ACTIONS: &[(&str, Text)] = &[
    (
        "/beheer/actie/uitnodiging-opnieuw",
        Text::Main(T::YrActResend),
    ),
    ("/beheer/actie/annuleren", Text::Main(T::YrActCancel)),
];

/// The overview's filters that the form has no field for: each shown as a filter that can be
/// taken off, with its text (`{days}`).
const DAY_FILTERS: [(&str, Y); 3] = [
    ("waiting_over", Y::YrChipWaitingOver),
    ("deadline_within", Y::YrChipDeadlineWithin),
    ("ended_within", Y::YrChipEndedWithin),
];

#[component]
pub fn RequestList() -> impl IntoView {
    let i18n = use_i18n();
    let list = use_filter_list(&SPEC, api::requests);
    let page = Memo::new(move |_| match list.rows() {
        Some(Ok(page)) => (page.items.items().iter())
            .map(|r| Person {
                request_id: r.request_id.clone(),
                name: r.name.clone(),
            })
            .collect(),
        _ => Vec::new(),
    });
    let total = Memo::new(move |_| list.rows().and_then(Result::ok).map(|p| p.total));
    let filter = Memo::new(move |_| {
        let url = list.url.get();
        filter_of(ListKind::Requests, |name| url.get(name).map(str::to_string))
    });
    let picked = use_picked(ListKind::Requests, page, filter);
    let chips = shared(move || {
        let url = list.url.get();
        let items = DAY_FILTERS
            .iter()
            .filter_map(|(name, text)| {
                let days = url.get(name)?.to_string();
                let href = url.without(name).without("page").href(SPEC.names);
                let label = i18n.t(*text).replace("{days}", &days);
                Some(view! {
                    <li>
                        <a href=href class="filter-chip" id=format!("remove-{name}")>
                            {label}
                            <span class="visually-hidden">" " {i18n.t(Y::YrChipRemove)}</span>
                            <span aria-hidden="true">" ×"</span>
                        </a>
                    </li>
                })
            })
            .collect::<Vec<_>>();
        (!items.is_empty())
            .then(|| {
                view! {
                    <div class="active-filters">
                        <p class="active-filters__label">{i18n.t(Y::YrActiveFilters)}</p>
                        <ul class="filter-chips">{items}</ul>
                    </div>
                }
            })
            .into_any()
    });
    let tools = view! {
        {chips}
        {selection_bar(picked, total, filter, ACTIONS)}
    }
    .into_any();

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
            // The overview's filters stay until taken off.
            .with("waiting_over", url.get("waiting_over").unwrap_or_default())
            .with(
                "deadline_within",
                url.get("deadline_within").unwrap_or_default(),
            )
            .with("ended_within", url.get("ended_within").unwrap_or_default())
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
            (
                "waiting_for_user".to_string(),
                i18n.t(Y::YrStatusWaitingForUser).to_string(),
            ),
            ("failed".to_string(), i18n.t(Y::YrStatusFailed).to_string()),
        ];
        options.extend(
            (RequestStatus::ALL.iter())
                .map(|s| (s.as_str().to_string(), request_step_text(*s, i18n))),
        );
        options
    });

    view! {
        <FilterListPage list=list read=read head=head row=row tools=tools>
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
    let select = select_head(use_i18n());
    view! {
        {select}
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
    let select = select_cell(&r.request_id, &r.name, i18n);
    let tag = r.predecessor.as_ref().map(|p| succession_tag(p.kind, i18n));
    view! {
        <tr>
            {select}
            <th scope="row"><a href=format!("{PATH}/{}", r.request_id)>{r.name}</a>{tag}</th>
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
