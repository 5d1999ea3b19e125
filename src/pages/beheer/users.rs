//! `/beheer/gebruikers`: everyone with a means or an open request at the manager's
//! organisations. Filters (organisation, branch, level, status, expiring within N days, free
//! text), sort and page live in the URL; the filter form is sent by going to the new URL. The
//! export links carry the same filter.

use leptos::prelude::*;

use super::cards::{self, fact, open_id, several_organisations};
use super::filters::{
    FilterSelect, FilterText, OrganisationFilter, input_value, level_options, options_with_all,
    select_value,
};
use super::list::{FilterListPage, Heads, ListSpec, ListUrl, ReadFilters, use_filter_list};
use super::selection::{
    ListKind, Person, filter_of, select_box, select_head, selection_bar, use_picked,
};
use super::{ended_mark, organisation_cell, succession_tag, user_status};
use crate::api::{self, Items, UserRow, UserStatus};
use crate::components::error_summary::Problem;
use crate::format::short_date;
use crate::i18n::{I18n, T, Text, Y, use_i18n};

const PATH: &str = "/beheer/gebruikers";

/// What can be done with the selection: machtigingen, renewal, a higher level, revocation.
const ACTIONS: &[(&str, Text)] = &[
    ("/beheer/selectie/toevoegen", Text::Beheer(Y::BhBulkAdd)),
    (
        "/beheer/selectie/intrekken",
        Text::Beheer(Y::BhBulkWithdraw),
    ),
    ("/beheer/actie/verlengen", Text::Main(T::YrActRenew)),
    (
        "/beheer/actie/hoger-niveau",
        Text::Main(T::YrActChangeLevel),
    ),
    ("/beheer/actie/intrekken", Text::Main(T::YrActRevoke)),
];

static SPEC: ListSpec = ListSpec {
    path: PATH,
    names: &[
        "organisation",
        "branch",
        "level",
        "status",
        "expiring_within",
        "q",
        "sort",
        "page",
        "per_page",
    ],
    default_sort: "name",
    title: T::BhUsersTitle,
    intro: T::BhUsersIntro,
    filter_label: T::BhFilterUsers,
    count: [T::BhUsersNone, T::BhUsersOne, T::BhUsersMany],
    empty: T::BhUsersEmpty,
    caption: T::BhUsersCaption,
    table_label: T::BhUsersTable,
    exports: &[
        ("/api/v1/users/export.csv", T::BhExportCsv),
        ("/api/v1/users/export.xlsx", T::BhExportXlsx),
    ],
};

#[component]
pub fn UserList() -> impl IntoView {
    let i18n = use_i18n();
    let list = use_filter_list(&SPEC, api::users);
    let page = Memo::new(move |_| match list.rows() {
        Some(Ok(page)) => (page.items.items().iter())
            .map(|u| Person {
                request_id: u.request_id.clone(),
                name: u.name.clone(),
            })
            .collect(),
        _ => Vec::new(),
    });
    let total = Memo::new(move |_| list.rows().and_then(Result::ok).map(|p| p.total));
    let filter = Memo::new(move |_| {
        let url = list.url.get();
        filter_of(ListKind::Users, |name| url.get(name).map(str::to_string))
    });
    let picked = use_picked(ListKind::Users, page, filter);
    // The seed starts ordering here: for the organisation the filter names, when it names one.
    let chosen = list.param("organisation");
    let order_href = move || match chosen.get() {
        kvk if kvk.len() == 8 && kvk.bytes().all(|b| b.is_ascii_digit()) => {
            format!("/bestellen/organisatie?organisatie={kvk}")
        }
        _ => "/bestellen/organisatie".to_string(),
    };
    let bar = selection_bar(picked, total, filter, ACTIONS);
    let tools = view! {
        <p>
            <a class="button button--primary" rel="external" id="start-order" href=order_href>
                {i18n.t(T::StartOrder)}
            </a>
        </p>
        {bar}
    }
    .into_any();

    let organisation = NodeRef::new();
    let branch = NodeRef::new();
    let level = NodeRef::new();
    let status = NodeRef::new();
    let expiring = NodeRef::new();
    let q = NodeRef::new();

    let read: ReadFilters = Callback::new(move |url: ListUrl| {
        let branch_input = input_value(branch);
        let expiring_value = input_value(expiring);
        let mut found = Vec::new();
        let branch_value = if branch_input.is_empty() {
            String::new()
        } else {
            match domain::kvk::BranchNumber::parse(&branch_input) {
                Ok(number) => number.as_str().to_owned(),
                Err(_) => {
                    found.push(Problem::new("filter-branch", i18n.t(T::BhBranchInvalid)));
                    String::new()
                }
            }
        };
        if !expiring_value.is_empty() && !expiring_value.parse::<u32>().is_ok_and(|d| d <= 3650) {
            found.push(Problem::new(
                "filter-expiring",
                i18n.t(T::BhExpiringInvalid),
            ));
        }
        if !found.is_empty() {
            return Err(found);
        }
        Ok(url
            .with("organisation", &select_value(organisation))
            .with("branch", &branch_value)
            .with("level", &select_value(level))
            .with("status", &select_value(status))
            .with("expiring_within", &expiring_value)
            .with("q", &input_value(q)))
    });

    let status_options = Signal::derive(move || {
        options_with_all(
            T::BhAllStatuses,
            (UserStatus::ALL.iter())
                .map(|s| (s.as_str().to_string(), i18n.t(user_status(*s)).to_string())),
            i18n,
        )
    });

    view! {
        <FilterListPage list=list read=read head=head row=row card=card tools=tools>
            <FilterText id="filter-q" label=T::BhFilterQ value=list.param("q") node=q input_type="search"/>
            <OrganisationFilter value=list.param("organisation") node=organisation/>
            <FilterText
                id="filter-branch"
                label=T::BranchNumber
                hint=T::BhBranchHint
                value=list.param("branch")
                node=branch
                inputmode="numeric"
                error=list.error_at("filter-branch")
            />
            <FilterSelect id="filter-level" label=T::LevelLabel value=list.param("level") options=level_options(i18n) node=level/>
            <FilterSelect id="filter-status" label=T::BhColStatus value=list.param("status") options=status_options node=status/>
            <FilterText
                id="filter-expiring"
                label=T::BhFilterExpiring
                hint=T::BhFilterExpiringHint
                value=list.param("expiring_within")
                node=expiring
                inputmode="numeric"
                error=list.error_at("filter-expiring")
            />
        </FilterListPage>
    }
}

/// The table's column headers: what fits at 1280 px. The mobile number and the branch are on
/// the person's page (and in the exports); the organisation only for a manager of several.
fn head(h: &Heads) -> AnyView {
    let i18n = use_i18n();
    let select = select_head(i18n);
    let organisation =
        several_organisations().then(|| h.sortable("organisation", T::OrganisationLabel));
    view! {
        {select}
        {h.sortable("name", T::ActName)}
        {h.sortable("email", T::UsersColEmail)}
        {organisation}
        {h.sortable("level", T::BhColLevel)}
        {h.sortable("status", T::BhColStatus)}
        {h.sortable("valid_until", T::BhColValidUntil)}
        {h.plain(T::AuthorisationsLabel)}
    }
    .into_any()
}

/// What a row and a card both show of a person.
struct Shown {
    href: String,
    id: String,
    select: Option<AnyView>,
    tag: Option<AnyView>,
    /// The status in words, with a renewal or higher level ordered and (for a manager of one
    /// organisation) an ended organisation.
    status: AnyView,
    /// The organisation, for a manager of several.
    organisation: Option<AnyView>,
    valid_until: String,
}

fn shown(u: &UserRow, i18n: I18n) -> Shown {
    let several = several_organisations();
    let successor = u.successor.as_ref().map(|s| {
        let text = match s.kind {
            crate::api::year::SuccessionKind::Renewal => Y::YrRenewalOrderedMark,
            crate::api::year::SuccessionKind::LevelChange => Y::YrLevelChangeOrderedMark,
        };
        view! { <br/><span class="subtle">{i18n.t(text)}</span> }
    });
    let ended = (!several)
        .then(|| ended_mark(&u.organisation, i18n))
        .flatten();
    Shown {
        href: format!("{PATH}/{}", u.request_id),
        id: open_id(&u.request_id),
        select: select_box(&u.request_id, &u.name, i18n),
        tag: u.predecessor.as_ref().map(|p| succession_tag(p.kind, i18n)),
        status: view! { {i18n.t(user_status(u.status))}{successor}{ended} }.into_any(),
        organisation: several.then(|| organisation_cell(u.organisation.clone(), i18n)),
        valid_until: u
            .valid_until
            .as_deref()
            .map(short_date)
            .unwrap_or_else(|| "—".to_string()),
    }
}

/// One person's row.
fn row(u: UserRow, i18n: I18n) -> AnyView {
    let authorisations = if u.authorisations.is_empty() {
        i18n.t(T::NoAuthorisationsYet).to_string()
    } else {
        u.authorisations.join("; ")
    };
    let s = shown(&u, i18n);
    let select = s
        .select
        .map(|select| view! { <td class="select-cell">{select}</td> });
    let organisation = s
        .organisation
        .map(|o| view! { <td class="data-table__organisation">{o}</td> });
    view! {
        <tr>
            {select}
            <th scope="row"><a href=s.href id=s.id>{u.name}</a>{s.tag}</th>
            <td class="data-table__email">{u.email}</td>
            {organisation}
            <td>{u.level}</td>
            <td>{s.status}</td>
            <td class="data-table__nowrap">{s.valid_until}</td>
            <td class="data-table__wide">{authorisations}</td>
        </tr>
    }
    .into_any()
}

/// One person's card (a narrow screen): name, status, level and the key facts.
fn card(u: UserRow, i18n: I18n) -> AnyView {
    let s = shown(&u, i18n);
    let organisation = s
        .organisation
        .map(|o| fact(i18n.t(T::OrganisationLabel), o));
    let facts = view! {
        {fact(i18n.t(T::BhColStatus), s.status)}
        {fact(i18n.t(T::BhColLevel), u.level.into_any())}
        {organisation}
        {fact(i18n.t(T::UsersColEmail), view! { <span class="card__email">{u.email}</span> }.into_any())}
        {fact(i18n.t(T::BhColValidUntil), s.valid_until.into_any())}
    };
    cards::card(s.select, u.name, s.href, s.id, s.tag, facts.into_any())
}
