//! `/beheer/gebruikers`: everyone with a means or an open request at the manager's
//! organisations. Filters (organisation, branch, level, status, expiring within N days, free
//! text), sort and page live in the URL; the filter form is sent by going to the new URL. The
//! export links carry the same filter.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::{
    FilterSelect, FilterText, ListUrl, count_text, export_links, input_value, list_body,
    organisation_options, pager, param, problem_at, select_value, sort_header, table_region,
    use_list_url, user_status,
};
use crate::api::{self, Page, UserStatus, Users};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::page::Page;
use crate::components::shared::shared;
use crate::format::{mobile, short_date};
use crate::i18n::{I18n, T, use_i18n};

const PATH: &str = "/beheer/gebruikers";

/// The list's URL parameters, in the order the URL shows them.
const NAMES: [&str; 9] = [
    "organisation",
    "branch",
    "level",
    "status",
    "expiring_within",
    "q",
    "sort",
    "page",
    "per_page",
];

const DEFAULT_SORT: &str = "name";

#[component]
pub fn UserList() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let url = use_list_url(PATH, &NAMES);
    let users = LocalResource::new(move || api::users(url.read().query(&NAMES)));

    let organisation = NodeRef::new();
    let branch = NodeRef::new();
    let level = NodeRef::new();
    let status = NodeRef::new();
    let expiring = NodeRef::new();
    let q = NodeRef::new();
    let problems = RwSignal::new(Vec::<Problem>::new());
    let attempt = RwSignal::new(0_usize);
    let error_at = move |id: &'static str| problem_at(problems, id);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
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
        let ok = found.is_empty();
        problems.set(found);
        attempt.update(|n| *n += 1);
        if ok {
            let next = url
                .get_untracked()
                .without("page")
                .with("organisation", &select_value(organisation))
                .with("branch", &branch_value)
                .with("level", &select_value(level))
                .with("status", &select_value(status))
                .with("expiring_within", &expiring_value)
                .with("q", &input_value(q));
            navigate(&next.href(&NAMES), NavigateOptions::default());
        }
    };

    let level_options = Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t(T::BhAllLevels).to_string())];
        options.extend(domain::Level::ALL.map(|l| (l.label().to_string(), l.label().to_string())));
        options
    });
    let status_options = Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t(T::BhAllStatuses).to_string())];
        options.extend(
            (UserStatus::ALL.iter())
                .map(|s| (s.as_str().to_string(), i18n.t(user_status(*s)).to_string())),
        );
        options
    });

    let count = shared(move || {
        users.get().and_then(Result::ok).map(|page| {
            count_text(
                page.total,
                T::BhUsersNone,
                T::BhUsersOne,
                T::BhUsersMany,
                i18n,
            )
        })
    });
    let exports = export_links(
        url,
        &NAMES,
        &[
            ("/api/v1/users/export.csv", T::BhExportCsv),
            ("/api/v1/users/export.xlsx", T::BhExportXlsx),
        ],
        i18n,
    );
    let body = shared(move || {
        list_body(
            users.get(),
            T::BhUsersEmpty,
            &url.get_untracked(),
            &NAMES,
            |page| table(page, &url.get_untracked(), i18n),
            i18n,
        )
    });

    view! {
        <ErrorSummary problems=problems attempt=attempt/>
        <Page title=T::BhUsersTitle>
            <p>{i18n.tr(T::BhUsersIntro)}</p>
            <form class="filters" role="search" aria-label=i18n.tr(T::BhFilterUsers) novalidate on:submit=on_submit>
                <div class="filters__grid">
                    <FilterText id="filter-q" label=T::BhFilterQ value=param(url, "q") node=q input_type="search"/>
                    <FilterSelect
                        id="filter-organisation"
                        label=T::OrganisationLabel
                        value=param(url, "organisation")
                        options=organisation_options(i18n)
                        node=organisation
                    />
                    <FilterText
                        id="filter-branch"
                        label=T::BranchNumber
                        hint=T::BhBranchHint
                        value=param(url, "branch")
                        node=branch
                        inputmode="numeric"
                        error=error_at("filter-branch")
                    />
                    <FilterSelect id="filter-level" label=T::LevelLabel value=param(url, "level") options=level_options node=level/>
                    <FilterSelect id="filter-status" label=T::BhColStatus value=param(url, "status") options=status_options node=status/>
                    <FilterText
                        id="filter-expiring"
                        label=T::BhFilterExpiring
                        hint=T::BhFilterExpiringHint
                        value=param(url, "expiring_within")
                        node=expiring
                        inputmode="numeric"
                        error=error_at("filter-expiring")
                    />
                </div>
                <div class="button-group">
                    <button type="submit" class="button button--primary">{i18n.tr(T::BhFilter)}</button>
                    <a href=PATH>{i18n.tr(T::BhClearFilters)}</a>
                </div>
            </form>
            <p role="status" class="result-count">{count}</p>
            {exports}
            {body}
        </Page>
    }
}

fn table(page: Page<Users>, url: &ListUrl, i18n: I18n) -> AnyView {
    let pages = page.pages();
    let caption = i18n
        .t(T::BhUsersCaption)
        .replace("{page}", &page.page.to_string())
        .replace("{pages}", &pages.to_string());
    let head = |column: &'static str, label: T| {
        sort_header(url, &NAMES, column, DEFAULT_SORT, i18n.t(label), i18n)
    };
    let rows = page
        .items
        .users
        .into_iter()
        .map(|u| {
            let authorisations = if u.authorisations.is_empty() {
                i18n.t(T::NoAuthorisationsYet).to_string()
            } else {
                u.authorisations.join("; ")
            };
            view! {
                <tr>
                    <th scope="row"><a href=format!("{PATH}/{}", u.request_id)>{u.name}</a></th>
                    <td class="data-table__email">{u.email}</td>
                    <td class="data-table__nowrap">{mobile(&u.mobile)}</td>
                    <td>
                        {u.organisation.name}
                        <br/>
                        <span class="subtle">{i18n.t(T::KvkNumberShort)} " " {u.organisation.kvk_number}</span>
                    </td>
                    <td>{u.branch_number.unwrap_or_else(|| "—".to_string())}</td>
                    <td>{u.level}</td>
                    <td>{i18n.t(user_status(u.status))}</td>
                    <td class="data-table__nowrap">{u.valid_until.as_deref().map(short_date).unwrap_or_else(|| "—".to_string())}</td>
                    <td class="data-table__wide">{authorisations}</td>
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
                    {head("email", T::UsersColEmail)}
                    <th scope="col">{i18n.t(T::BhColMobile)}</th>
                    {head("organisation", T::OrganisationLabel)}
                    <th scope="col">{i18n.t(T::Branch)}</th>
                    {head("level", T::BhColLevel)}
                    {head("status", T::BhColStatus)}
                    {head("valid_until", T::BhColValidUntil)}
                    <th scope="col">{i18n.t(T::AuthorisationsLabel)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any();
    view! {
        {table_region(i18n.t(T::BhUsersTable), table)}
        {pager(url, &NAMES, page.page, pages, i18n)}
    }
    .into_any()
}
