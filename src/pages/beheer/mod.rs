//! Beheer (issue 6): the manager's "Gebruikers" (everyone with a means or an open request at
//! their organisations), "Lopende aanvragen" (every request with its current step, timeline and
//! actions) and the audit log. Only for a logged-in manager: nobody logged in goes to the login
//! page (and back here afterwards), an operator sees "Geen toegang".
//!
//! The lists keep their filters, sort and page in the URL's query string, under the API's own
//! parameter names, so a filtered view can be bookmarked and shared and the API call (and the
//! export link) is the page's own query. Filtering, sorting and paging happen on the server.

pub mod audit;
pub mod request;
pub mod requests;
pub mod user;
pub mod users;

use std::cell::RefCell;

use domain::Lang;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use wasm_bindgen::JsCast;

use crate::api::{
    self, ActorKind, ApiError, AuditAction, EventKind, Items, Manager, Page, RequestStatus,
    TimelineEvent, UserStatus,
};
use crate::components::error_summary::Problem;
use crate::components::shared::shared;
use crate::format::long_date_of;
use crate::i18n::{I18n, T, use_i18n};
use crate::session::{RoleOnly, use_session};

// ----- The routes -----

/// `/beheer/gebruikers`
#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <ManagerOnly><users::UserList/></ManagerOnly> }
}

/// `/beheer/gebruikers/:request_id`
#[component]
pub fn UserPage() -> impl IntoView {
    view! { <ManagerOnly><user::UserDetailPage/></ManagerOnly> }
}

/// `/beheer/aanvragen`
#[component]
pub fn RequestsPage() -> impl IntoView {
    view! { <ManagerOnly><requests::RequestList/></ManagerOnly> }
}

/// `/beheer/aanvragen/:request_id`
#[component]
pub fn RequestPage() -> impl IntoView {
    view! { <ManagerOnly><request::RequestDetailPage/></ManagerOnly> }
}

/// `/beheer/audit`
#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <ManagerOnly><audit::AuditLog/></ManagerOnly> }
}

// ----- Who may enter -----

/// Lets a manager in, with Beheer's own navigation above the page; anyone not logged in goes
/// to the login page (back to this very URL, filters included, afterwards), an operator sees
/// "Geen toegang".
#[component]
fn ManagerOnly(children: ChildrenFn) -> impl IntoView {
    view! {
        <RoleOnly allowed=|m: &Manager| !m.is_operator() refused=T::BhNoAccessBody>
            <BeheerNav/>
            {children()}
        </RoleOnly>
    }
}

/// Beheer's own navigation: Gebruikers, Lopende aanvragen, Auditlog.
#[component]
fn BeheerNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="sub-nav" aria-label=i18n.tr(T::BhNavLabel)>
            <ul>
                <li><A href="/beheer/gebruikers">{i18n.tr(T::BhUsersTitle)}</A></li>
                <li><A href="/beheer/aanvragen">{i18n.tr(T::BhRequestsTitle)}</A></li>
                <li><A href="/beheer/audit">{i18n.tr(T::BhAuditTitle)}</A></li>
            </ul>
        </nav>
    }
}

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

// ----- Focus that survives a new page of rows -----

thread_local! {
    /// The id of the control (a sort or paging link) that had focus when the list was asked
    /// for; it gets focus back once the new rows are shown, since they replace it.
    static REFOCUS: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Remembers `id` to get focus back after the next rows are shown.
pub fn refocus_later(id: &str) {
    REFOCUS.with(|r| *r.borrow_mut() = Some(id.to_string()));
}

/// After new rows: focus the remembered control; when it is gone (the last page has no
/// "Volgende pagina"), the other paging link, else `fallback`.
pub fn refocus_now(fallback: &'static str) {
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

/// Moves focus to the element with `id`; whether there is one.
pub fn focus_id(id: &str) -> bool {
    match document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        Some(el) => {
            let _ = el.focus();
            true
        }
        None => false,
    }
}

// ----- Pieces of every list -----

/// A sortable column's header: `aria-sort` on the sorted column, a link that sorts by it (the
/// other way round when it is the sorted column).
pub fn sort_header(
    url: &ListUrl,
    order: &[&str],
    column: &'static str,
    default_sort: &str,
    label: &'static str,
    i18n: I18n,
) -> AnyView {
    let current = url.get("sort").unwrap_or(default_sort);
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
    let href = url.with("sort", &next).without("page").href(order);
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
                {label}
                <span class="visually-hidden">" (" {i18n.t(hint)} ")"</span>
                <span class="sort-link__arrow" aria-hidden="true">{arrow}</span>
            </a>
        </th>
    }
    .into_any()
}

/// "Vorige pagina · Pagina x van y · Volgende pagina", when there is more than one page.
pub fn pager(url: &ListUrl, order: &[&str], page: u64, pages: u64, i18n: I18n) -> AnyView {
    if pages <= 1 {
        return ().into_any();
    }
    let link = |to: u64, id: &'static str, text: T| {
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

/// The table in a region that scrolls sideways on narrow screens (and can be scrolled by
/// keyboard: it takes focus).
pub fn table_region(label: &'static str, table: AnyView) -> AnyView {
    view! {
        <div class="table-region table-region--wide" id="table-region" role="region" tabindex="0" aria-label=label>
            {table}
        </div>
    }
    .into_any()
}

/// The server's refusal, or the network problem, as a notice.
/// A list's body: "Bezig met laden…", the failure, the `empty` text (focus back on the search
/// field), a way back from a page past the end (after rows left the list) or, through
/// `table`, the page's table (focus on it).
pub fn list_body<R: Items>(
    page: Option<Result<Page<R>, ApiError>>,
    empty: T,
    url: &ListUrl,
    names: &[&str],
    table: impl FnOnce(Page<R>) -> AnyView,
    i18n: I18n,
) -> AnyView {
    match page {
        None => view! { <p>{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(error)) => failure(&error, i18n),
        Some(Ok(page)) if page.items.items().is_empty() && page.total > 0 => {
            let first = url.without("page").href(names);
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
            view! { <p>{i18n.t(empty)}</p> }.into_any()
        }
        Some(Ok(page)) => {
            refocus_now("table-region");
            table(page)
        }
    }
}

/// A list's export links, one per `(path, label)`, each with the list's filter and sort.
pub fn export_links(
    url: Memo<ListUrl>,
    names: &'static [&'static str],
    links: &'static [(&'static str, T)],
    i18n: I18n,
) -> impl IntoView {
    shared(move || {
        let query = url.read().export_query(names);
        let suffix = if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        };
        let items = links
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

pub fn failure(error: &ApiError, i18n: I18n) -> AnyView {
    let text = match error {
        ApiError::Server { body, .. } => body.message.clone(),
        ApiError::Network(_) => i18n.t(T::NetworkError).to_string(),
    };
    view! { <p class="notice notice--error" role="alert">{text}</p> }.into_any()
}

/// A filter field's error message (if any), placed between its label and its input.
pub fn field_error(id: &'static str, error: Option<String>, i18n: I18n) -> AnyView {
    match error {
        Some(message) => view! {
            <p class="form-field__error" id=format!("{id}-error")>
                <span class="visually-hidden">{i18n.t(T::ErrorPrefix)}</span>
                {message}
            </p>
        }
        .into_any(),
        None => ().into_any(),
    }
}

/// A text filter: its value follows the URL; what is typed is read when the form is sent.
#[component]
pub fn FilterText(
    id: &'static str,
    label: T,
    /// The value in the URL.
    value: Signal<String>,
    node: NodeRef<leptos::html::Input>,
    #[prop(optional)] hint: Option<T>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let hint_id = format!("{id}-hint");
    let described_by = shared(move || {
        let mut ids = Vec::new();
        if hint.is_some() {
            ids.push(format!("{id}-hint"));
        }
        if error.read().is_some() {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    });
    view! {
        <div class="form-field filters__field" class:form-field--invalid=shared(move || error.read().is_some())>
            <label class="form-field__label" for=id>{i18n.tr(label)}</label>
            {hint.map(|h| view! { <p class="form-field__hint" id=hint_id>{i18n.tr(h)}</p> })}
            {shared(move || field_error(id, error.get(), i18n))}
            <input
                class="form-field__input"
                id=id
                name=id
                type=input_type
                inputmode=inputmode
                autocomplete="off"
                aria-describedby=described_by
                aria-invalid=shared(move || error.read().is_some().then_some("true"))
                prop:value=shared(move || value.get())
                node_ref=node
            />
        </div>
    }
}

/// A choice filter; the first option ("Alle") has the value `""`.
#[component]
pub fn FilterSelect(
    id: &'static str,
    label: T,
    /// The value in the URL.
    value: Signal<String>,
    /// `(value, text)` of every option.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    node: NodeRef<leptos::html::Select>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-field filters__field">
            <label class="form-field__label" for=id>{i18n.tr(label)}</label>
            <select class="form-field__input form-field__select" id=id name=id node_ref=node>
                {shared(move || {
                    let selected = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let is_selected = v == selected;
                            view! { <option value=v prop:selected=is_selected>{text}</option> }
                        })
                        .collect_view()
                        .into_any()
                })}
            </select>
        </div>
    }
}

/// The current value of a filter field.
pub fn input_value(node: NodeRef<leptos::html::Input>) -> String {
    node.get_untracked()
        .map(|el| el.value().trim().to_string())
        .unwrap_or_default()
}

/// The message of the problem at the field `id`, if any: for the field's own error text.
pub fn problem_at(problems: RwSignal<Vec<Problem>>, id: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        problems.with(|ps| {
            ps.iter()
                .find(|p| p.field_id == id)
                .map(|p| p.message.clone())
        })
    })
}

/// Whether the browser holds an entry it cannot turn into a value (a half-typed date: the
/// field's `value` is then empty, as if nothing were typed).
pub fn has_bad_input(node: NodeRef<leptos::html::Input>) -> bool {
    node.get_untracked()
        .is_some_and(|el| el.validity().bad_input())
}

/// The current value of a choice filter.
pub fn select_value(node: NodeRef<leptos::html::Select>) -> String {
    node.get_untracked()
        .and_then(|el| js_sys::Reflect::get(&el, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// A URL parameter as a signal of its text (`""` when absent).
pub fn param(url: Memo<ListUrl>, name: &'static str) -> Signal<String> {
    let memo = Memo::new(move |_| url.read().get(name).unwrap_or_default().to_string());
    memo.into()
}

// ----- The manager's organisations, by name -----

thread_local! {
    /// Names of organisations looked up once per page load: `(kvk_number, name)`.
    static ORGANISATION_NAMES: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

/// The manager's organisations as `(kvk_number, "Name (KvK-nummer)")`, with "Alle
/// organisaties" first: the options of an organisation filter. Names come from the register;
/// a number stands alone when its name cannot be found.
pub fn organisation_options(i18n: I18n) -> Signal<Vec<(String, String)>> {
    let session = use_session();
    let numbers = session
        .manager()
        .map(|m| m.organisations)
        .unwrap_or_default();
    let names = LocalResource::new(move || {
        let numbers = numbers.clone();
        async move {
            let mut names = Vec::new();
            for kvk in numbers {
                let known = ORGANISATION_NAMES.with(|n| {
                    n.borrow()
                        .iter()
                        .find(|(k, _)| *k == kvk)
                        .map(|(_, name)| name.clone())
                });
                let name = match known {
                    Some(name) => Some(name),
                    None => match api::organisation(&kvk).await {
                        Ok(found) => {
                            let name = found.name.clone();
                            ORGANISATION_NAMES
                                .with(|n| n.borrow_mut().push((kvk.clone(), name.clone())));
                            Some(name)
                        }
                        Err(_) => None,
                    },
                };
                names.push((kvk, name));
            }
            names
        }
    });
    Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t(T::BhAllOrganisations).to_string())];
        let kvk = i18n.t(T::KvkNumberShort);
        if let Some(names) = names.get() {
            options.extend(names.into_iter().map(|(number, name)| {
                let text = match name {
                    Some(name) => format!("{name} ({kvk} {number})"),
                    None => format!("{kvk} {number}"),
                };
                (number, text)
            }));
        }
        options
    })
}

// ----- Words and dates -----

/// A moment as `25 december 2026, 14:05` in the browser's time zone.
pub fn date_time(unix_seconds: i64, lang: Lang) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        unix_seconds as f64 * 1000.0,
    ));
    format!(
        "{}, {:02}:{:02}",
        long_date_of(unix_seconds, lang),
        date.get_hours(),
        date.get_minutes()
    )
}

/// How long since `since`: "3 dagen", "5 uur", "12 minuten", "minder dan een minuut".
pub fn waited(since: i64, now: i64, i18n: I18n) -> String {
    let seconds = (now - since).max(0);
    let (n, one, many) = if seconds >= 86_400 {
        (seconds / 86_400, T::BhDay, T::BhDays)
    } else if seconds >= 3_600 {
        (seconds / 3_600, T::BhHour, T::BhHours)
    } else if seconds >= 60 {
        (seconds / 60, T::BhMinute, T::BhMinutes)
    } else {
        return i18n.t(T::BhUnderAMinute).to_string();
    };
    let key = if n == 1 { one } else { many };
    i18n.t(key).replace("{n}", &n.to_string())
}

/// "1 gebruiker gevonden" / "12 gebruikers gevonden" / "Geen … gevonden".
pub fn count_text(total: i64, none: T, one: T, many: T, i18n: I18n) -> String {
    match total {
        0 => i18n.t(none).to_string(),
        1 => i18n.t(one).to_string(),
        n => i18n.t(many).replace("{n}", &n.to_string()),
    }
}

/// A user's status in words.
pub fn user_status(status: UserStatus) -> T {
    match status {
        UserStatus::Active => T::BhStatusActive,
        UserStatus::Pending => T::BhStatusPending,
        UserStatus::Revoked => T::BhStatusRevoked,
        UserStatus::Expired => T::BhStatusExpired,
    }
}

/// A request's current step.
pub fn request_step(status: RequestStatus) -> T {
    match status {
        RequestStatus::Invited => T::BhStepInvited,
        RequestStatus::EmailConfirmed => T::BhStepEmailConfirmed,
        RequestStatus::MobileVerified => T::BhStepMobileVerified,
        RequestStatus::IdentificationRequired => T::BhStepIdentification,
        RequestStatus::Issued => T::BhStepIssued,
        RequestStatus::Rejected => T::BhStepRejected,
        RequestStatus::Expired => T::BhStepExpired,
        RequestStatus::Cancelled => T::BhStepCancelled,
    }
}

/// A request status in words.
pub fn request_step_text(status: RequestStatus, i18n: I18n) -> String {
    i18n.t(request_step(status)).to_string()
}

/// An event of a timeline in words.
fn event_label(kind: EventKind) -> T {
    match kind {
        EventKind::Invited => T::BhEvInvited,
        EventKind::EmailConfirmed => T::BhEvEmailConfirmed,
        EventKind::SmsSent => T::BhEvSmsSent,
        EventKind::MobileVerified => T::BhEvMobileVerified,
        EventKind::UserOrdered => T::BhEvUserOrdered,
        EventKind::IdentificationRequired => T::BhEvIdentificationRequired,
        EventKind::Identified => T::BhEvIdentified,
        EventKind::Issued => T::BhEvIssued,
        EventKind::Rejected => T::BhEvRejected,
        EventKind::Expired => T::BhEvExpired,
        EventKind::Cancelled => T::BhEvCancelled,
        EventKind::InvitationResent => T::BhEvInvitationResent,
        EventKind::EmailCorrected => T::BhEvEmailCorrected,
        EventKind::MobileCorrected => T::BhEvMobileCorrected,
        EventKind::Revoked => T::BhEvRevoked,
    }
}

/// Who did it: the manager or operator by name, the user, or Middelpunt itself.
fn actor_text(event: &TimelineEvent, i18n: I18n) -> String {
    let name = event.actor_name.clone();
    match event.actor {
        ActorKind::User => i18n.t(T::BhActorUser).to_string(),
        ActorKind::Operator => i18n
            .t(T::BhActorOperator)
            .replace("{name}", &name.unwrap_or_default()),
        ActorKind::Manager => name.unwrap_or_else(|| i18n.t(T::BhActorManager).to_string()),
        ActorKind::System => i18n.t(T::BhActorSystem).to_string(),
    }
}

/// The events of a request, oldest first: when, what, by whom, and any detail.
pub fn timeline(events: &[TimelineEvent], i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    if events.is_empty() {
        return view! { <p>{i18n.t(T::BhNoEvents)}</p> }.into_any();
    }
    let items = events
        .iter()
        .map(|e| {
            let what = i18n.t(event_label(e.kind));
            let by = i18n.t(T::BhBy).replace("{who}", &actor_text(e, i18n));
            view! {
                <li class="timeline__item">
                    <span class="timeline__when">{date_time(e.at, lang)}</span>
                    <span class="timeline__what">{what}</span>
                    <span class="timeline__who">{by}</span>
                    {e.detail.clone().map(|d| view! { <span class="timeline__detail">{d}</span> })}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline">{items}</ol> }.into_any()
}

/// An audit action in words.
pub fn audit_action(action: AuditAction) -> T {
    match action {
        AuditAction::OrderPlaced => T::BhAcOrderPlaced,
        AuditAction::RequestCancelled => T::BhAcRequestCancelled,
        AuditAction::OrderCancelled => T::BhAcOrderCancelled,
        AuditAction::InvitationResent => T::BhAcInvitationResent,
        AuditAction::EmailCorrected => T::BhAcEmailCorrected,
        AuditAction::MobileCorrected => T::BhAcMobileCorrected,
        AuditAction::MeansRevoked => T::BhAcMeansRevoked,
        AuditAction::UsersExported => T::BhAcUsersExported,
        AuditAction::AuditExported => T::BhAcAuditExported,
    }
}

// ----- Confirmation -----

/// A confirmation step in the page: the question names the person (or order), focus moves to
/// it when it appears, "Ja, …" does it, "Nee, terug" closes it.
#[component]
pub fn ConfirmRegion(
    question: String,
    confirm: T,
    #[prop(into)] busy: Signal<bool>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            request_animation_frame(move || {
                let _ = el.focus();
            });
        }
    });
    view! {
        <div class="confirm" role="group" aria-labelledby="confirm-question" tabindex="-1" node_ref=node>
            <p id="confirm-question" class="confirm__question">{question}</p>
            <div class="button-group">
                <button
                    type="button"
                    class="button button--warning"
                    disabled=shared(move || busy.get())
                    on:click=move |_| on_confirm.run(())
                >
                    {i18n.tr(confirm)}
                </button>
                <button type="button" class="button button--secondary" on:click=move |_| on_cancel.run(())>
                    {i18n.tr(T::BhConfirmNo)}
                </button>
            </div>
        </div>
    }
}

/// The outcome of an action, shown above the page's content; takes focus so that it is read
/// (the control that did it may be gone).
pub const NOTICE_ID: &str = "beheer-notice";

/// Puts focus on the action's notice once it is shown.
pub fn focus_notice() {
    request_animation_frame(|| {
        focus_id(NOTICE_ID);
    });
}

/// The success notice of an action (`text`), in a status region.
pub fn success_notice(text: Signal<Option<String>>) -> AnyView {
    view! {
        <div role="status" class="status-message">
            {shared(move || {
                text.get().map(|t| {
                    view! { <p class="notice notice--success" id=NOTICE_ID tabindex="-1">{t}</p> }.into_any()
                })
            })}
        </div>
    }
    .into_any()
}
