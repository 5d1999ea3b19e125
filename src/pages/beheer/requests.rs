//! `/beheer/aanvragen`: "Lopende aanvragen": every request with its current step, how long it
//! has been waiting and its deadline. Open requests by default; finished ones stay findable
//! with the status filter (also "waiting for the user" and "failed"). Filters, sort and page
//! live in the URL, like "Gebruikers"; the overview's filters (waiting longer than, deadline
//! within, ended within N days) come only from its links and show as removable filters. As in
//! Gebruikers, requests can be selected (one by one, the page, or all that match) to re-send
//! their invitations or cancel them at once.

use leptos::prelude::*;

use super::cards::{self, fact, open_id, several_organisations};
use super::filters::{
    FilterSelect, FilterText, OrganisationFilter, input_value, level_options, select_value,
};
use super::list::{FilterListPage, Heads, ListSpec, ListUrl, ReadFilters, encode, use_filter_list};
use super::selection::{
    ListKind, Person, filter_of, select_box, select_head, selection_bar, use_picked,
};
use super::{ended_mark, organisation_cell, request_step_text, succession_tag, waited};
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
        <FilterListPage list=list read=read head=head row=row card=card tools=tools>
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

/// The table's column headers: what fits at 1280 px; the organisation only for a manager of
/// several (its KvK number is on the request's page).
fn head(h: &Heads) -> AnyView {
    let select = select_head(use_i18n());
    let organisation = several_organisations().then(|| h.plain(T::OrganisationLabel));
    view! {
        {select}
        {h.sortable("name", T::ActName)}
        {organisation}
        {h.plain(T::BhColLevel)}
        {h.sortable("status", T::BhColStep)}
        {h.sortable("waiting", T::BhColWaiting)}
        {h.sortable("deadline", T::IdsColDeadline)}
        {h.plain(T::BhColOrderNumber)}
        {h.sortable("created_at", T::IdsColOrdered)}
    }
    .into_any()
}

/// What a row and a card both show of a request.
struct Shown {
    href: String,
    id: String,
    select: Option<AnyView>,
    tag: Option<AnyView>,
    /// The step in words, and (for a manager of one organisation) an ended organisation.
    step: AnyView,
    /// The organisation, for a manager of several.
    organisation: Option<AnyView>,
    waiting: String,
    deadline: String,
    order: AnyView,
    ordered: String,
}

fn shown(r: &RequestRow, i18n: I18n) -> Shown {
    let lang = i18n.lang();
    let several = several_organisations();
    let waiting = if r.status.is_open() {
        waited(r.last_event_at, now_seconds(), i18n)
    } else {
        "—".to_string()
    };
    let order_href = format!("{PATH}?status=all&order_number={}", encode(&r.order_number));
    let ended = (!several)
        .then(|| ended_mark(&r.organisation, i18n))
        .flatten();
    Shown {
        href: format!("{PATH}/{}", r.request_id),
        id: open_id(&r.request_id),
        select: select_box(&r.request_id, &r.name, i18n),
        tag: r.predecessor.as_ref().map(|p| succession_tag(p.kind, i18n)),
        step: view! { {request_step_text(r.status, i18n)}{ended} }.into_any(),
        organisation: several.then(|| organisation_cell(r.organisation.clone(), i18n)),
        waiting,
        deadline: (r.deadline)
            .map(|d| long_date_of(d, lang))
            .unwrap_or_else(|| "—".to_string()),
        order: view! { <a href=order_href>{r.order_number.clone()}</a> }.into_any(),
        ordered: long_date_of(r.created_at, lang),
    }
}

/// One request's row.
fn row(r: RequestRow, i18n: I18n) -> AnyView {
    let s = shown(&r, i18n);
    let select = s
        .select
        .map(|select| view! { <td class="select-cell">{select}</td> });
    let organisation = s
        .organisation
        .map(|o| view! { <td class="data-table__organisation">{o}</td> });
    view! {
        <tr>
            {select}
            <th scope="row"><a href=s.href id=s.id>{r.name}</a>{s.tag}</th>
            {organisation}
            <td>{r.level}</td>
            <td>{s.step}</td>
            <td>{s.waiting}</td>
            <td class="data-table__nowrap">{s.deadline}</td>
            <td class="data-table__nowrap">{s.order}</td>
            <td class="data-table__nowrap">{s.ordered}</td>
        </tr>
    }
    .into_any()
}

/// One request's card (a narrow screen): name, step, level and the key facts.
fn card(r: RequestRow, i18n: I18n) -> AnyView {
    let s = shown(&r, i18n);
    let organisation = s
        .organisation
        .map(|o| fact(i18n.t(T::OrganisationLabel), o));
    let facts = view! {
        {fact(i18n.t(T::BhColStep), s.step)}
        {fact(i18n.t(T::BhColLevel), r.level.into_any())}
        {organisation}
        {fact(i18n.t(T::BhColWaiting), s.waiting.into_any())}
        {fact(i18n.t(T::IdsColDeadline), s.deadline.into_any())}
        {fact(i18n.t(T::BhColOrderNumber), s.order)}
    };
    cards::card(s.select, r.name, s.href, s.id, s.tag, facts.into_any())
}
