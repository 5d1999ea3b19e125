//! `/beheer/audit`: who did what and when for the manager's organisations (orders, cancels,
//! revocations, exports, corrections), newest first, filtered by action, organisation, dates
//! and free text, exportable as CSV with the same filter. Entries cannot be changed.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::{
    FilterSelect, FilterText, ListUrl, audit_action, count_text, date_time, export_links,
    has_bad_input, input_value, list_body, organisation_options, pager, param, problem_at,
    select_value, table_region, use_list_url,
};
use crate::api::{self, AuditAction, Entries, Page};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::page::Page;
use crate::components::shared::shared;
use crate::i18n::{I18n, T, use_i18n};

const PATH: &str = "/beheer/audit";

/// The list's URL parameters, in the order the URL shows them.
const NAMES: [&str; 7] = [
    "action",
    "organisation",
    "from",
    "to",
    "q",
    "page",
    "per_page",
];

#[component]
pub fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let url = use_list_url(PATH, &NAMES);
    let entries = LocalResource::new(move || api::audit(url.read().query(&NAMES)));

    let action = NodeRef::new();
    let organisation = NodeRef::new();
    let from = NodeRef::new();
    let to = NodeRef::new();
    let q = NodeRef::new();
    let problems = RwSignal::new(Vec::<Problem>::new());
    let attempt = RwSignal::new(0_usize);
    let error_at = move |id: &'static str| problem_at(problems, id);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (from_value, to_value) = (input_value(from), input_value(to));
        let mut found = Vec::new();
        if has_bad_input(from)
            || !from_value.is_empty() && domain::Date::parse_iso(&from_value).is_err()
        {
            found.push(Problem::new("filter-from", i18n.t(T::BhDateInvalid)));
        }
        if has_bad_input(to) || !to_value.is_empty() && domain::Date::parse_iso(&to_value).is_err()
        {
            found.push(Problem::new("filter-to", i18n.t(T::BhDateInvalid)));
        }
        if found.is_empty()
            && !from_value.is_empty()
            && !to_value.is_empty()
            && to_value < from_value
        {
            found.push(Problem::new("filter-to", i18n.t(T::BhDateOrder)));
        }
        let ok = found.is_empty();
        problems.set(found);
        attempt.update(|n| *n += 1);
        if ok {
            let next = url
                .get_untracked()
                .without("page")
                .with("action", &select_value(action))
                .with("organisation", &select_value(organisation))
                .with("from", &from_value)
                .with("to", &to_value)
                .with("q", &input_value(q));
            navigate(&next.href(&NAMES), NavigateOptions::default());
        }
    };

    let action_options = Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t(T::BhAllActions).to_string())];
        options.extend(
            (AuditAction::ALL.iter())
                .map(|a| (a.as_str().to_string(), i18n.t(audit_action(*a)).to_string())),
        );
        options
    });

    let count = shared(move || {
        entries.get().and_then(Result::ok).map(|page| {
            count_text(
                page.total,
                T::BhAuditNone,
                T::BhAuditOne,
                T::BhAuditMany,
                i18n,
            )
        })
    });
    let export = export_links(
        url,
        &NAMES,
        &[("/api/v1/audit/export.csv", T::BhExportCsv)],
        i18n,
    );
    let body = shared(move || {
        list_body(
            entries.get(),
            T::BhAuditEmpty,
            &url.get_untracked(),
            &NAMES,
            |page| table(page, &url.get_untracked(), i18n),
            i18n,
        )
    });

    view! {
        <ErrorSummary problems=problems attempt=attempt/>
        <Page title=T::BhAuditTitle>
            <p>{i18n.tr(T::BhAuditIntro)}</p>
            <form class="filters" role="search" aria-label=i18n.tr(T::BhFilterAudit) novalidate on:submit=on_submit>
                <div class="filters__grid">
                    <FilterText id="filter-q" label=T::BhFilterAuditQ value=param(url, "q") node=q input_type="search"/>
                    <FilterSelect id="filter-action" label=T::BhColAction value=param(url, "action") options=action_options node=action/>
                    <FilterSelect
                        id="filter-organisation"
                        label=T::OrganisationLabel
                        value=param(url, "organisation")
                        options=organisation_options(i18n)
                        node=organisation
                    />
                    <FilterText id="filter-from" label=T::BhFrom value=param(url, "from") node=from input_type="date" error=error_at("filter-from")/>
                    <FilterText id="filter-to" label=T::BhTo value=param(url, "to") node=to input_type="date" error=error_at("filter-to")/>
                </div>
                <div class="button-group">
                    <button type="submit" class="button button--primary">{i18n.tr(T::BhFilter)}</button>
                    <a href=PATH>{i18n.tr(T::BhClearFilters)}</a>
                </div>
            </form>
            <p role="status" class="result-count">{count}</p>
            {export}
            {body}
        </Page>
    }
}

fn table(page: Page<Entries>, url: &ListUrl, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let pages = page.pages();
    let caption = i18n
        .t(T::BhAuditCaption)
        .replace("{page}", &page.page.to_string())
        .replace("{pages}", &pages.to_string());
    let rows = page
        .items
        .entries
        .into_iter()
        .map(|e| {
            let what = i18n.t(audit_action(e.action));
            view! {
                <tr>
                    <td class="data-table__nowrap">{date_time(e.at, lang)}</td>
                    <td>
                        {e.actor_name}
                        <br/>
                        <span class="subtle">{e.actor_email}</span>
                    </td>
                    <th scope="row">{what}</th>
                    <td class="data-table__nowrap">{e.kvk_number.unwrap_or_else(|| "—".to_string())}</td>
                    <td class="data-table__subject">{e.subject}</td>
                    <td class="data-table__wide">{e.detail.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let table = view! {
        <table class="data-table">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{i18n.t(T::BhColWhen)}</th>
                    <th scope="col">{i18n.t(T::BhColWho)}</th>
                    <th scope="col">{i18n.t(T::BhColAction)}</th>
                    <th scope="col">{i18n.t(T::KvkNumberShort)}</th>
                    <th scope="col">{i18n.t(T::BhColSubject)}</th>
                    <th scope="col">{i18n.t(T::BhColDetail)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any();
    view! {
        {table_region(i18n.t(T::BhAuditTable), table)}
        {pager(url, &NAMES, page.page, pages, i18n)}
    }
    .into_any()
}
