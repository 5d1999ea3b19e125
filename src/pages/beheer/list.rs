//! The skeleton every Beheer list shares ("Gebruikers", "Lopende aanvragen", the audit log):
//! filters, sort and page in the URL's query string under the API's own parameter names (so
//! a filtered view can be bookmarked and shared, and the API call and the export links are
//! the page's own query), the filter form with its error summary, the count in a status
//! region, the export links, "Bezig met laden…" and failures, the table with sortable column
//! headers in a scrolling region, the pager, and focus that survives a new page of rows. On a
//! narrow screen (issue 18) the filter form folds behind "Filters (n)" and a list that has
//! cards shows them instead of its table ([`super::cards`]).
//!
//! A list is a [`ListSpec`] (its place and words), [`use_filter_list`] (its state) and
//! [`FilterListPage`] (its page), given the filter fields, how to read them, and its columns.

use std::cell::RefCell;
use std::future::Future;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::cards::{card_list, use_narrow};
use super::selection::select_page_field;
use super::{count_text, focus_id};
use crate::api::{ApiError, Items, Page};
use crate::components::error_summary::{ErrorSummary, Problem, problem_at};
use crate::components::page::Page;
use crate::components::shared::{Shared, shared};
use crate::i18n::{I18n, T, Y, use_i18n};

// ----- The URL of a list -----

/// `value` encoded for a query string.
pub fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// A list's place: its path and the parameters of its query string that the list knows, in a
/// fixed order, empty ones left out.
#[derive(Debug, Clone, PartialEq)]
pub struct ListUrl {
    path: &'static str,
    params: Vec<(&'static str, String)>,
}

impl ListUrl {
    /// The parameter `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The same list with `name` set to `value` (left out when empty).
    pub fn with(&self, name: &'static str, value: &str) -> ListUrl {
        let mut url = self.without(name);
        if !value.trim().is_empty() {
            url.params.push((name, value.trim().to_string()));
        }
        url
    }

    /// The same list without `name`.
    pub fn without(&self, name: &str) -> ListUrl {
        ListUrl {
            path: self.path,
            params: self
                .params
                .iter()
                .filter(|(n, _)| *n != name)
                .cloned()
                .collect(),
        }
    }

    /// The query string without `?`, in the list's order of parameters.
    pub fn query(&self, order: &[&str]) -> String {
        order
            .iter()
            .filter_map(|name| self.get(name).map(|v| format!("{name}={}", encode(v))))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The same list as an export: every row, so without paging.
    pub fn export_query(&self, order: &[&str]) -> String {
        self.without("page").without("per_page").query(order)
    }

    /// How many filters are set: every parameter but sort and paging.
    pub fn active_filters(&self) -> usize {
        (self.params.iter())
            .filter(|(name, _)| !matches!(*name, "sort" | "page" | "per_page"))
            .count()
    }

    /// The page's address.
    pub fn href(&self, order: &[&str]) -> String {
        let query = self.query(order);
        if query.is_empty() {
            self.path.to_string()
        } else {
            format!("{}?{query}", self.path)
        }
    }
}

/// The list's URL as the router has it now (tracked), keeping only the parameters in `names`.
pub fn use_list_url(path: &'static str, names: &'static [&'static str]) -> Memo<ListUrl> {
    let query = use_query_map();
    Memo::new(move |_| {
        let query = query.read();
        ListUrl {
            path,
            params: names
                .iter()
                .filter_map(|name| {
                    query
                        .get(name)
                        .map(|v| v.trim().to_string())
                        .filter(|v| !v.is_empty())
                        .map(|v| (*name, v))
                })
                .collect(),
        }
    })
}

// ----- A list's place and words -----

/// What makes one list: its path, its URL parameters and its words.
#[derive(Debug)]
pub struct ListSpec {
    /// The page's path, also what "Filters wissen" goes back to.
    pub path: &'static str,
    /// The URL parameters, in the order the URL shows them (the API's own names).
    pub names: &'static [&'static str],
    /// The sort when the URL gives none (`-` first: descending); `""` for a list that cannot
    /// be sorted.
    pub default_sort: &'static str,
    /// The page's heading, the paragraph below it and the name of the filter form.
    pub title: T,
    pub intro: T,
    pub filter_label: T,
    /// The count: "Geen … gevonden", "1 … gevonden", "{n} … gevonden".
    pub count: [T; 3],
    /// The text when no row matches the filter.
    pub empty: T,
    /// The table's caption ("{page}", "{pages}") and the name of its scrolling region.
    pub caption: T,
    pub table_label: T,
    /// The export links: `(API path, link text)`, each taking the list's filter and sort.
    pub exports: &'static [(&'static str, T)],
}

/// A list's state: its URL now, its page of rows (`R`: the contract's rows of that list) for
/// that URL and the problems of its filter form.
pub struct FilterList<R: 'static> {
    pub spec: &'static ListSpec,
    /// The list's URL (tracked); the filter fields take their values from it.
    pub url: Memo<ListUrl>,
    rows: LocalResource<Result<Page<R>, ApiError>>,
    problems: RwSignal<Vec<Problem>>,
    attempt: RwSignal<usize>,
}

impl<R: 'static> Clone for FilterList<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: 'static> Copy for FilterList<R> {}

impl<R: 'static> FilterList<R> {
    /// The message of the filter form's problem at the field `id`, if any: for the field's
    /// own error text.
    pub fn error_at(&self, id: &'static str) -> Signal<Option<String>> {
        problem_at(self.problems, id)
    }

    /// The page of rows now (tracked): for controls about the rows, such as a selection.
    pub fn rows(&self) -> Option<Result<Page<R>, ApiError>>
    where
        R: Clone,
    {
        self.rows.get()
    }

    /// A URL parameter as a signal of its text (`""` when absent): a filter field's value.
    pub fn param(&self, name: &'static str) -> Signal<String> {
        let url = self.url;
        Memo::new(move |_| url.read().get(name).unwrap_or_default().to_string()).into()
    }
}

/// The state of the list `spec`, whose rows `fetch` asks the API for with the URL's query.
pub fn use_filter_list<R, F, Fut>(spec: &'static ListSpec, fetch: F) -> FilterList<R>
where
    R: 'static,
    F: Fn(String) -> Fut + 'static,
    Fut: Future<Output = Result<Page<R>, ApiError>> + 'static,
{
    let url = use_list_url(spec.path, spec.names);
    FilterList {
        spec,
        url,
        rows: LocalResource::new(move || fetch(url.read().query(spec.names))),
        problems: RwSignal::new(Vec::new()),
        attempt: RwSignal::new(0),
    }
}

// ----- The page -----

/// What the filter form makes of its fields: the list's URL (on its first page) with every
/// filter set, or the problems that keep it from being sent.
pub type ReadFilters = Callback<ListUrl, Result<ListUrl, Vec<Problem>>>;

/// A list's page: the error summary, the heading and intro, the filter form around `children`
/// (the filter fields), the count, the export links and the table or what stands in its
/// place. `head` makes the table's column headers (sortable ones with [`Heads::sortable`]),
/// `row` one row per item; `card`, when given, one card per item on a narrow screen.
#[component]
pub fn FilterListPage<R>(
    list: FilterList<R>,
    read: ReadFilters,
    head: fn(&Heads) -> AnyView,
    row: fn(R::Item, I18n) -> AnyView,
    #[prop(optional)] card: Option<fn(R::Item, I18n) -> AnyView>,
    /// Controls between the count and the table, such as what to do with a selection.
    #[prop(optional)]
    tools: Option<AnyView>,
    children: Children,
) -> impl IntoView
where
    R: Items + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let spec = list.spec;
    let total = Signal::derive(move || list.rows.get().and_then(Result::ok).map(|p| p.total));
    let narrow = use_narrow();
    let body = shared(move || {
        let card = card.filter(|_| narrow.get());
        list_body(
            list.rows.get(),
            spec,
            &list.url.get_untracked(),
            |page| {
                let heads = Heads {
                    url: list.url.get_untracked(),
                    spec,
                    i18n,
                };
                let (number, pages) = (page.page, page.pages());
                let items = page.items.into_items().into_iter();
                match card {
                    Some(card) => {
                        let cards = items.map(|r| card(r, i18n)).collect_view();
                        cards_page(cards.into_any(), &heads, number, pages)
                    }
                    None => {
                        let rows = items.map(|r| row(r, i18n)).collect_view();
                        table(head(&heads), rows.into_any(), &heads, number, pages)
                    }
                }
            },
            i18n,
        )
    });
    view! {
        <ListFrame
            list_url=list.url
            spec=spec
            problems=list.problems
            attempt=list.attempt
            read=read
            total=total
            body=body
            tools=tools
            narrow=narrow
        >
            {children()}
        </ListFrame>
    }
}

/// The part of [`FilterListPage`] that does not depend on the rows' type.
#[component]
fn ListFrame(
    list_url: Memo<ListUrl>,
    spec: &'static ListSpec,
    problems: RwSignal<Vec<Problem>>,
    attempt: RwSignal<usize>,
    read: ReadFilters,
    total: Signal<Option<i64>>,
    body: Shared<AnyView>,
    tools: Option<AnyView>,
    /// Below the breakpoint the form folds behind a "Filters (n)" button.
    narrow: ReadSignal<bool>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    // Folded on a narrow screen until opened; a form with problems stays open.
    let open = RwSignal::new(false);
    let shown = move || !narrow.get() || open.get() || !problems.read().is_empty();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let read = read.run(list_url.get_untracked().without("page"));
        problems.set(read.as_ref().err().cloned().unwrap_or_default());
        attempt.update(|n| *n += 1);
        if let Ok(next) = read {
            navigate(&next.href(spec.names), NavigateOptions::default());
            // On a phone the results follow the button at once; focus stays on it.
            if narrow.get_untracked() {
                open.set(false);
                request_animation_frame(|| {
                    focus_id(FILTERS_TOGGLE);
                });
            }
        }
    };
    let toggle = move |_| {
        let was_shown = shown();
        open.set(!was_shown);
        if was_shown {
            // Folded away, their messages go too: the list is as it was.
            problems.set(Vec::new());
        }
    };
    let active = Memo::new(move |_| list_url.read().active_filters());
    let toggle_text = shared(move || match active.get() {
        0 => i18n.t(Y::BhFiltersToggle).to_string(),
        n => i18n
            .t(Y::BhFiltersToggleCount)
            .replace("{n}", &n.to_string()),
    });
    let fold = shared(move || {
        narrow.get().then(|| {
            view! {
                <button
                    type="button"
                    class="button button--secondary filters-toggle"
                    id=FILTERS_TOGGLE
                    aria-controls=FILTERS_FORM
                    aria-expanded=move || shown().to_string()
                    on:click=toggle
                >
                    {toggle_text.clone()}
                </button>
            }
            .into_any()
        })
    });
    let [none, one, many] = spec.count;
    let count = shared(move || total.get().map(|n| count_text(n, none, one, many, i18n)));
    view! {
        <ErrorSummary problems=problems attempt=attempt/>
        <Page title=spec.title>
            <p>{i18n.tr(spec.intro)}</p>
            {fold}
            <form
                class="filters"
                id=FILTERS_FORM
                role="search"
                aria-label=i18n.tr(spec.filter_label)
                novalidate
                hidden=move || !shown()
                on:submit=on_submit
            >
                <div class="filters__grid">{children()}</div>
                <div class="button-group">
                    <button type="submit" class="button button--primary">{i18n.tr(T::BhFilter)}</button>
                    <a href=spec.path>{i18n.tr(T::BhClearFilters)}</a>
                </div>
            </form>
            <p role="status" class="result-count">{count}</p>
            {(!spec.exports.is_empty()).then(|| export_links(list_url, spec, i18n))}
            {tools}
            {body}
        </Page>
    }
}

/// The id of the button that folds the filter form on a narrow screen, and the form's.
const FILTERS_TOGGLE: &str = "filters-toggle";
const FILTERS_FORM: &str = "list-filters";

/// A list's export links, one per `(path, label)`, each with the list's filter and sort.
fn export_links(url: Memo<ListUrl>, spec: &'static ListSpec, i18n: I18n) -> impl IntoView {
    shared(move || {
        let query = url.read().export_query(spec.names);
        let suffix = if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        };
        let items = spec
            .exports
            .iter()
            .map(|(path, label)| {
                view! {
                    <li>
                        <a href=format!("{path}{suffix}") download="" rel="external">
                            {i18n.t(*label)}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="export-links">{items}</ul> }.into_any()
    })
}

/// A list's body: "Bezig met laden…", the failure, the empty text (focus back on the search
/// field), a way back from a page past the end (after rows left the list) or, through
/// `table`, the page's table (focus on it).
fn list_body<R: Items>(
    page: Option<Result<Page<R>, ApiError>>,
    spec: &ListSpec,
    url: &ListUrl,
    table: impl FnOnce(Page<R>) -> AnyView,
    i18n: I18n,
) -> AnyView {
    match page {
        None => view! { <p>{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(error)) => failure(&error, i18n),
        Some(Ok(page)) if page.items.items().is_empty() && page.total > 0 => {
            let first = url.without("page").href(spec.names);
            view! {
                <p>
                    {i18n.t(T::BhPagePastEnd)} " "
                    <a href=first>{i18n.t(T::BhFirstPage)}</a>
                </p>
            }
            .into_any()
        }
        Some(Ok(page)) if page.items.items().is_empty() => {
            refocus_now("filter-q");
            view! { <p>{i18n.t(spec.empty)}</p> }.into_any()
        }
        Some(Ok(page)) => {
            refocus_now("table-region");
            table(page)
        }
    }
}

/// The server's refusal, or the network problem, as a notice.
pub fn failure(error: &ApiError, i18n: I18n) -> AnyView {
    view! { <p class="notice notice--error" role="alert">{error.text(i18n)}</p> }.into_any()
}

// ----- The table -----

/// Makes a list's column headers; a sortable one links to the list sorted by it.
pub struct Heads {
    url: ListUrl,
    spec: &'static ListSpec,
    i18n: I18n,
}

impl Heads {
    /// A column header that cannot be sorted by.
    pub fn plain(&self, label: T) -> AnyView {
        view! { <th scope="col">{self.i18n.t(label)}</th> }.into_any()
    }

    /// A sortable column's header: `aria-sort` on the sorted column, a link that sorts by it
    /// (the other way round when it is the sorted column).
    pub fn sortable(&self, column: &'static str, label: T) -> AnyView {
        let i18n = self.i18n;
        let current = self.url.get("sort").unwrap_or(self.spec.default_sort);
        let (sorted, descending) = match current.strip_prefix('-') {
            Some(name) => (name, true),
            None => (current, false),
        };
        let is_sorted = sorted == column;
        let aria_sort = is_sorted.then_some(if descending {
            "descending"
        } else {
            "ascending"
        });
        let next = if is_sorted && !descending {
            format!("-{column}")
        } else {
            column.to_string()
        };
        let href = self
            .url
            .with("sort", &next)
            .without("page")
            .href(self.spec.names);
        let (arrow, hint) = match aria_sort {
            Some("ascending") => ("▲", T::BhSortDescending),
            Some(_) => ("▼", T::BhSortAscending),
            None => ("", T::BhSortAscending),
        };
        let id = format!("sort-{column}");
        let remember = id.clone();
        view! {
            <th scope="col" aria-sort=aria_sort>
                <a href=href id=id class="sort-link" on:click=move |_| refocus_later(&remember)>
                    {i18n.t(label)}
                    <span class="visually-hidden">" (" {i18n.t(hint)} ")"</span>
                    <span class="sort-link__arrow" aria-hidden="true">{arrow}</span>
                </a>
            </th>
        }
        .into_any()
    }
}

/// The list's caption with its page and number of pages filled in, above its table or cards.
fn caption(heads: &Heads, page: i64, pages: i64) -> String {
    heads
        .i18n
        .t(heads.spec.caption)
        .replace("{page}", &page.to_string())
        .replace("{pages}", &pages.to_string())
}

/// The table with its caption in a region that scrolls sideways on narrow screens (and can be
/// scrolled by keyboard: it takes focus), and the pager below it.
fn table(head: AnyView, rows: AnyView, heads: &Heads, page: i64, pages: i64) -> AnyView {
    let i18n = heads.i18n;
    let caption = caption(heads, page, pages);
    view! {
        <div class="table-region table-region--wide" id="table-region" role="region" tabindex="0" aria-label=i18n.t(heads.spec.table_label)>
            <table class="data-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {pager(&heads.url, heads.spec.names, page, pages, i18n)}
    }
    .into_any()
}

/// The page's cards (a narrow screen), with the caption's words above them, "all on this
/// page" when the list has a selection, and the pager below.
fn cards_page(cards: AnyView, heads: &Heads, page: i64, pages: i64) -> AnyView {
    let i18n = heads.i18n;
    let caption = caption(heads, page, pages);
    view! {
        {card_list(caption, select_page_field(i18n), cards)}
        {pager(&heads.url, heads.spec.names, page, pages, i18n)}
    }
    .into_any()
}

/// "Vorige pagina · Pagina x van y · Volgende pagina", when there is more than one page.
fn pager(url: &ListUrl, order: &[&str], page: i64, pages: i64, i18n: I18n) -> AnyView {
    if pages <= 1 {
        return ().into_any();
    }
    let link = |to: i64, id: &'static str, text: T| {
        let href = if to <= 1 {
            url.without("page").href(order)
        } else {
            url.with("page", &to.to_string()).href(order)
        };
        view! {
            <a href=href id=id class="pager__link" on:click=move |_| refocus_later(id)>
                {i18n.t(text)}
            </a>
        }
    };
    let position = i18n
        .t(T::BhPageOf)
        .replace("{page}", &page.to_string())
        .replace("{pages}", &pages.to_string());
    view! {
        <nav class="pager" aria-label=i18n.t(T::BhPaging)>
            {(page > 1).then(|| link(page - 1, "pager-previous", T::BhPreviousPage))}
            <span class="pager__position">{position}</span>
            {(page < pages).then(|| link(page + 1, "pager-next", T::BhNextPage))}
        </nav>
    }
    .into_any()
}

// ----- Focus that survives a new page of rows -----

thread_local! {
    /// The id of the control (a sort or paging link) that had focus when the list was asked
    /// for; it gets focus back once the new rows are shown, since they replace it.
    static REFOCUS: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Remembers `id` to get focus back after the next rows are shown.
fn refocus_later(id: &str) {
    REFOCUS.with(|r| *r.borrow_mut() = Some(id.to_string()));
}

/// After new rows: focus the remembered control; when it is gone (the last page has no
/// "Volgende pagina"), the other paging link, else `fallback`.
fn refocus_now(fallback: &'static str) {
    if let Some(id) = REFOCUS.with(|r| r.borrow_mut().take()) {
        request_animation_frame(move || {
            let other = match id.as_str() {
                "pager-next" => "pager-previous",
                "pager-previous" => "pager-next",
                _ => fallback,
            };
            let _ = focus_id(&id) || focus_id(other) || focus_id(fallback);
        });
    }
}
