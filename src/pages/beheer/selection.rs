//! Who is selected in a Beheer list ("Gebruikers" or "Lopende aanvragen"), for an action on many
//! people at once: people picked one by one (a checkbox per row, or all on the page), or
//! everyone that matches the list's filter, on every page. Each list has its own selection; it
//! outlives the page (Back from the action returns to it) and a reload (it is kept in
//! `sessionStorage`). Both lists are keyed by request id.
//!
//! The list's part of it lives here too: the checkbox column ([`select_head`], [`select_box`])
//! and the bar above the table ([`selection_bar`]).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::authorisations::{ListQuery, Selection};
use crate::components::shared::shared;
use crate::format::number;
use crate::i18n::{I18n, T, Text, Y, use_i18n};

/// Which list a selection belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// "Gebruikers".
    Users,
    /// "Lopende aanvragen".
    Requests,
}

impl ListKind {
    fn storage_key(self) -> &'static str {
        match self {
            ListKind::Users => "middelpunt.beheer.selectie",
            ListKind::Requests => "middelpunt.beheer.selectie.aanvragen",
        }
    }

    /// The list's page.
    pub fn path(self) -> &'static str {
        match self {
            ListKind::Users => "/beheer/gebruikers",
            ListKind::Requests => "/beheer/aanvragen",
        }
    }

    /// "Terug naar Gebruikers" / "Terug naar Lopende aanvragen".
    pub fn back(self) -> Text {
        match self {
            ListKind::Users => Y::BhBulkBack.into(),
            ListKind::Requests => T::BhBackToRequests.into(),
        }
    }

    /// The list's page title.
    pub fn title(self) -> T {
        match self {
            ListKind::Users => T::BhUsersTitle,
            ListKind::Requests => T::BhRequestsTitle,
        }
    }
}

/// One person picked: their request id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub request_id: String,
    pub name: String,
}

/// The selection.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Selected {
    /// People picked one by one, in the order picked.
    pub people: Vec<Person>,
    /// Everyone that matches this filter, with how many the list counted; when set, `people` is
    /// empty.
    pub filter: Option<(ListQuery, i64)>,
}

impl Selected {
    /// Just this one person.
    pub fn one(person: Person) -> Selected {
        Selected {
            people: vec![person],
            filter: None,
        }
    }

    /// How many people.
    pub fn count(&self) -> i64 {
        match &self.filter {
            Some((_, total)) => *total,
            None => self.people.len() as i64,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    /// Whether the person with `request_id` is picked (everyone is, under a filter).
    pub fn contains(&self, request_id: &str) -> bool {
        self.filter.is_some() || self.people.iter().any(|p| p.request_id == request_id)
    }

    /// Picks or drops one person; under a filter, dropping one leaves the others of `page`.
    pub fn toggle(&mut self, person: Person, page: &[Person]) {
        if self.filter.take().is_some() {
            self.people = page
                .iter()
                .filter(|p| p.request_id != person.request_id)
                .cloned()
                .collect();
        } else if let Some(at) = self
            .people
            .iter()
            .position(|p| p.request_id == person.request_id)
        {
            self.people.remove(at);
        } else {
            self.people.push(person);
        }
    }

    /// Whether everyone on `page` is picked.
    pub fn has_all(&self, page: &[Person]) -> bool {
        !page.is_empty() && page.iter().all(|p| self.contains(&p.request_id))
    }

    /// Picks everyone on `page`, or (when they all are) drops them.
    pub fn toggle_page(&mut self, page: &[Person]) {
        if self.has_all(page) {
            self.filter = None;
            self.people
                .retain(|p| !page.iter().any(|q| q.request_id == p.request_id));
        } else {
            for person in page {
                if !self.contains(&person.request_id) {
                    self.people.push(person.clone());
                }
            }
        }
    }

    /// The selection of `list` as the API takes it.
    pub fn selection_of(&self, list: ListKind) -> Selection {
        match (&self.filter, list) {
            (Some((filter, _)), ListKind::Users) => Selection::Filter {
                filter: Box::new(filter.clone()),
            },
            (Some((filter, _)), ListKind::Requests) => Selection::Requests {
                filter: Box::new(filter.clone()),
            },
            (None, _) => Selection::People {
                request_ids: self.people.iter().map(|p| p.request_id.clone()).collect(),
            },
        }
    }

    /// The selection of "Gebruikers" as the API takes it.
    pub fn selection(&self) -> Selection {
        self.selection_of(ListKind::Users)
    }

    /// "3 geselecteerd", or "Alle 1.234 geselecteerd" under a filter.
    pub fn count_text(&self, i18n: I18n) -> String {
        let n = number(self.count(), i18n.lang());
        match (&self.filter, self.count()) {
            (Some(_), _) => i18n.t(Y::BhSelectedAllMatching).replace("{n}", &n),
            (None, 0) => i18n.t(Y::BhSelectedNone).to_string(),
            (None, 1) => i18n.t(Y::BhSelectedOne).to_string(),
            (None, _) => i18n.t(Y::BhSelectedMany).replace("{n}", &n),
        }
    }

    /// "20 geselecteerde gebruikers", or "alle 1.234 gebruikers die aan het filter voldoen".
    pub fn who_text(&self, i18n: I18n) -> String {
        self.who_text_of(ListKind::Users, i18n)
    }

    /// [`Selected::who_text`] in the words of `list` ("aanvragen" for "Lopende aanvragen").
    pub fn who_text_of(&self, list: ListKind, i18n: I18n) -> String {
        let n = number(self.count(), i18n.lang());
        let [filter, one, many]: [Text; 3] = match list {
            ListKind::Users => [
                Y::BhBulkFilterPeople.into(),
                Y::BhBulkPeopleOne.into(),
                Y::BhBulkPeopleMany.into(),
            ],
            ListKind::Requests => [
                T::YrFilterRequests.into(),
                T::YrRequestsOne.into(),
                T::YrRequestsMany.into(),
            ],
        };
        match (&self.filter, self.count()) {
            (Some(_), _) => i18n.t(filter).replace("{n}", &n),
            (None, 1) => i18n.t(one).to_string(),
            (None, _) => i18n.t(many).replace("{n}", &n),
        }
    }
}

thread_local! {
    /// The selection of each list; reference-counted, so no page's disposal ends it.
    static SELECTED: [ArcRwSignal<Selected>; 2] = [
        ArcRwSignal::new(load(ListKind::Users)),
        ArcRwSignal::new(load(ListKind::Requests)),
    ];
}

fn signal(list: ListKind) -> ArcRwSignal<Selected> {
    SELECTED.with(|s| match list {
        ListKind::Users => s[0].clone(),
        ListKind::Requests => s[1].clone(),
    })
}

fn storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn load(list: ListKind) -> Selected {
    storage()
        .and_then(|s| s.get_item(list.storage_key()).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// The selection of "Gebruikers" (tracked where read).
pub fn use_selected() -> RwSignal<Selected> {
    use_selected_of(ListKind::Users)
}

/// The selection of `list` (tracked where read).
pub fn use_selected_of(list: ListKind) -> RwSignal<Selected> {
    RwSignal::from(signal(list))
}

/// Changes the selection of "Gebruikers" and keeps it in `sessionStorage`.
pub fn update(change: impl FnOnce(&mut Selected)) {
    update_of(ListKind::Users, change);
}

/// Changes the selection of `list` and keeps it in `sessionStorage`.
pub fn update_of(list: ListKind, change: impl FnOnce(&mut Selected)) {
    let signal = signal(list);
    signal.update(change);
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&*signal.read_untracked()))
    {
        let _ = storage.set_item(list.storage_key(), &json);
    }
}

/// The filter of `list` as the API takes it: the list's parameters without sort and paging.
pub fn filter_of(list: ListKind, get: impl Fn(&str) -> Option<String>) -> ListQuery {
    match list {
        ListKind::Users => ListQuery {
            organisation: get("organisation"),
            branch: get("branch"),
            level: get("level"),
            status: get("status"),
            q: get("q"),
            expiring_within: get("expiring_within"),
            ..ListQuery::default()
        },
        ListKind::Requests => ListQuery {
            organisation: get("organisation"),
            level: get("level"),
            status: get("status"),
            q: get("q"),
            order_number: get("order_number"),
            waiting_over: get("waiting_over"),
            deadline_within: get("deadline_within"),
            ended_within: get("ended_within"),
            ..ListQuery::default()
        },
    }
}

/// A list's query as `(name, value)` pairs, in the fields' order, absent ones left out: the
/// parameters of a link to the list with exactly that filter.
pub fn query_pairs(query: &ListQuery) -> Vec<(&'static str, String)> {
    let ListQuery {
        page,
        per_page,
        sort,
        organisation,
        branch,
        level,
        status,
        q,
        expiring_within,
        order_number,
        action,
        from,
        to,
        waiting_over,
        deadline_within,
        ended_within,
    } = query;
    [
        ("status", status),
        ("organisation", organisation),
        ("branch", branch),
        ("level", level),
        ("expiring_within", expiring_within),
        ("waiting_over", waiting_over),
        ("deadline_within", deadline_within),
        ("ended_within", ended_within),
        ("order_number", order_number),
        ("action", action),
        ("from", from),
        ("to", to),
        ("q", q),
        ("sort", sort),
        ("page", page),
        ("per_page", per_page),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.clone().map(|v| (name, v)))
    .collect()
}

// ----- The list's part -----

/// The selection and this page's people, for the checkboxes of the table's header and rows.
#[derive(Debug, Clone, Copy)]
pub struct Picked {
    pub list: ListKind,
    pub selected: RwSignal<Selected>,
    pub page: Memo<Vec<Person>>,
}

/// The header cell of the checkbox column: all on this page.
pub fn select_head(i18n: I18n) -> Option<AnyView> {
    use_context::<Picked>().map(|picked| {
        view! {
            <th scope="col" class="select-cell">{page_box(picked, Some(i18n.t(Y::BhSelectPage)))}</th>
        }
        .into_any()
    })
}

/// The checkbox "all on this page" (`#select-page`): named by `aria_label` in the table's
/// header, or by a visible label beside it above the cards.
fn page_box(
    Picked {
        list,
        selected,
        page,
    }: Picked,
    aria_label: Option<&'static str>,
) -> impl IntoView {
    view! {
        <input
            type="checkbox"
            class="select-box"
            id="select-page"
            aria-label=aria_label
            prop:checked=move || selected.with(|s| s.has_all(&page.read()))
            on:change=move |_| update_of(list, |s| s.toggle_page(&page.get_untracked()))
        />
    }
}

/// The checkbox that picks this person (in a row's cell or on a card), when the list has a
/// selection.
pub fn select_box(request_id: &str, name: &str, i18n: I18n) -> Option<AnyView> {
    use_context::<Picked>().map(
        |Picked {
             list,
             selected,
             page,
         }| {
            let id = request_id.to_string();
            let person = Person {
                request_id: request_id.to_string(),
                name: name.to_string(),
            };
            view! {
                <input
                    type="checkbox"
                    class="select-box"
                    id=super::cards::select_id(request_id)
                    aria-label=i18n.t(Y::BhSelectRow).replace("{name}", name)
                    prop:checked=move || selected.with(|s| s.contains(&id))
                    on:change=move |_| {
                        update_of(list, |s| s.toggle(person.clone(), &page.get_untracked()))
                    }
                />
            }
            .into_any()
        },
    )
}

/// Above the cards: "Selecteer alle op deze pagina", a checkbox with a visible label.
pub fn select_page_field(i18n: I18n) -> Option<AnyView> {
    use_context::<Picked>().map(|picked| {
        view! {
            <div class="select-page">
                {page_box(picked, None)}
                <label for="select-page">{i18n.t(Y::BhSelectPage)}</label>
            </div>
        }
        .into_any()
    })
}

/// Above the table: how many are selected (a status line), "Selecteer alle {N} die aan dit
/// filter voldoen" or "Selectie wissen", and what to do with the selection: `actions`, each
/// `(href, text)`.
pub fn selection_bar(
    picked: Picked,
    total: Memo<Option<i64>>,
    filter: Memo<ListQuery>,
    actions: &'static [(&'static str, Text)],
) -> AnyView {
    let i18n = use_i18n();
    let Picked {
        list,
        selected,
        page,
    } = picked;
    let count = shared(move || selected.with(|s| s.count_text(i18n)));
    let choose = shared(move || {
        let (all_matching, any) = selected.with(|s| (s.filter.is_some(), !s.is_empty()));
        let offer_all = total
            .get()
            .filter(|n| !all_matching && *n > page.read().len() as i64);
        view! {
            {offer_all.map(|n| view! {
                <button
                    type="button"
                    class="button button--secondary button--small"
                    id="select-all-matching"
                    on:click=move |_| {
                        let f = filter.get_untracked();
                        update_of(list, |s| {
                            s.people.clear();
                            s.filter = Some((f, n));
                        });
                    }
                >
                    {i18n.t(Y::BhSelectAllMatching).replace("{n}", &number(n, i18n.lang()))}
                </button>
            })}
            {any.then(|| view! {
                <button
                    type="button"
                    class="button button--secondary button--small"
                    id="clear-selection"
                    on:click=move |_| update_of(list, |s| *s = Selected::default())
                >
                    {i18n.t(Y::BhSelectionClear)}
                </button>
            })}
        }
        .into_any()
    });
    let actions = shared(move || {
        (!selected.with(Selected::is_empty)).then(|| {
            let links = actions
                .iter()
                .map(|(href, text)| {
                    view! { <a class="button button--primary" href=*href>{i18n.t(*text)}</a> }
                })
                .collect_view();
            view! { <div class="button-group">{links}</div> }
        })
    });
    view! {
        <div class="selection-bar" role="group" aria-label=i18n.tr(Y::BhSelectionActions)>
            <p class="selection-bar__count" role="status" id="selection-count">{count}</p>
            <div class="button-group">{choose}</div>
            {actions}
        </div>
    }
    .into_any()
}

/// The selection of `list` for a list page: its [`Picked`] (provided as context for the
/// checkbox column), with "all that match this filter" ended when the filter changes.
pub fn use_picked(list: ListKind, page: Memo<Vec<Person>>, filter: Memo<ListQuery>) -> Picked {
    let selected = use_selected_of(list);
    let picked = Picked {
        list,
        selected,
        page,
    };
    provide_context(picked);
    // "All that match this filter" is that filter's: another filter ends it.
    Effect::new(move |_| {
        let now = filter.get();
        if selected.with_untracked(|s| s.filter.as_ref().is_some_and(|(f, _)| *f != now)) {
            update_of(list, |s| s.filter = None);
        }
    });
    picked
}
