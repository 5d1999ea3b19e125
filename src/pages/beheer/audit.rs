//! `/beheer/audit`: who did what and when for the manager's organisations (orders, cancels,
//! revocations, exports, corrections), newest first, filtered by action, organisation, dates
//! and free text, exportable as CSV with the same filter. Entries cannot be changed.

use leptos::prelude::*;

use super::cards::several_organisations;
use super::filters::{
    FilterSelect, FilterText, OrganisationFilter, has_bad_input, input_value, options_with_all,
    select_value,
};
use super::list::{FilterListPage, Heads, ListSpec, ListUrl, ReadFilters, use_filter_list};
use super::{audit_action, date_time};
use crate::api::{self, AuditAction, AuditEntry};
use crate::components::error_summary::Problem;
use crate::i18n::{I18n, T, use_i18n};

static SPEC: ListSpec = ListSpec {
    path: "/beheer/audit",
    names: &[
        "action",
        "organisation",
        "from",
        "to",
        "q",
        "page",
        "per_page",
    ],
    default_sort: "",
    title: T::BhAuditTitle,
    intro: T::BhAuditIntro,
    filter_label: T::BhFilterAudit,
    count: [T::BhAuditNone, T::BhAuditOne, T::BhAuditMany],
    empty: T::BhAuditEmpty,
    caption: T::BhAuditCaption,
    table_label: T::BhAuditTable,
    exports: &[("/api/v1/audit/export.csv", T::BhExportCsv)],
};

#[component]
pub fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let list = use_filter_list(&SPEC, api::audit);

    let action = NodeRef::new();
    let organisation = NodeRef::new();
    let from = NodeRef::new();
    let to = NodeRef::new();
    let q = NodeRef::new();

    let read: ReadFilters = Callback::new(move |url: ListUrl| {
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
        if !found.is_empty() {
            return Err(found);
        }
        Ok(url
            .with("action", &select_value(action))
            .with("organisation", &select_value(organisation))
            .with("from", &from_value)
            .with("to", &to_value)
            .with("q", &input_value(q)))
    });

    let action_options = Signal::derive(move || {
        options_with_all(
            T::BhAllActions,
            (AuditAction::ALL.iter())
                .map(|a| (a.as_str().to_string(), i18n.t(audit_action(*a)).to_string())),
            i18n,
        )
    });

    view! {
        <FilterListPage list=list read=read head=head row=row>
            <FilterText id="filter-q" label=T::BhFilterAuditQ value=list.param("q") node=q input_type="search"/>
            <FilterSelect id="filter-action" label=T::BhColAction value=list.param("action") options=action_options node=action/>
            <OrganisationFilter value=list.param("organisation") node=organisation/>
            <FilterText id="filter-from" label=T::BhFrom value=list.param("from") node=from input_type="date" error=list.error_at("filter-from")/>
            <FilterText id="filter-to" label=T::BhTo value=list.param("to") node=to input_type="date" error=list.error_at("filter-to")/>
        </FilterListPage>
    }
}

/// The table's column headers (the log cannot be sorted: newest first); the KvK number only
/// for a manager of several organisations.
fn head(h: &Heads) -> AnyView {
    let kvk = several_organisations().then(|| h.plain(T::KvkNumberShort));
    view! {
        {h.plain(T::BhColWhen)}
        {h.plain(T::BhColWho)}
        {h.plain(T::BhColAction)}
        {kvk}
        {h.plain(T::BhColSubject)}
        {h.plain(T::BhColDetail)}
    }
    .into_any()
}

/// One entry's row.
fn row(e: AuditEntry, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let what = i18n.t(audit_action(e.action));
    let kvk = several_organisations().then(|| {
        view! { <td class="data-table__nowrap">{e.kvk_number.unwrap_or_else(|| "—".to_string())}</td> }
    });
    view! {
        <tr>
            <td class="data-table__nowrap">{date_time(e.at, lang)}</td>
            // Who, the subject and the detail are recorded as written at the time, in Dutch
            // ("Koppeling …" for an API client): marked as such, so that a screen reader reads
            // them as Dutch in the English interface too.
            <td class="data-table__email" lang="nl">
                {e.actor_name}
                <br/>
                <span class="subtle">{e.actor_email}</span>
            </td>
            <th scope="row">{what}</th>
            {kvk}
            <td class="data-table__subject" lang="nl">{e.subject}</td>
            <td class="data-table__wide" lang="nl">{e.detail.unwrap_or_default()}</td>
        </tr>
    }
    .into_any()
}
