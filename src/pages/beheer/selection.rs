//! Who is selected in Gebruikers, for a change to many people at once: people picked one by one
//! (a checkbox per row, or all on the page), or everyone that matches the list's filter, on
//! every page. The selection outlives the page (Back from the change returns to it) and a
//! reload (it is kept in `sessionStorage`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::authorisations::{ListQuery, Selection};
use crate::i18n::{I18n, T};

const STORAGE_KEY: &str = "middelpunt.beheer.selectie";

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

    /// The selection as the API takes it.
    pub fn selection(&self) -> Selection {
        match &self.filter {
            Some((filter, _)) => Selection::Filter {
                filter: Box::new(filter.clone()),
            },
            None => Selection::People {
                request_ids: self.people.iter().map(|p| p.request_id.clone()).collect(),
            },
        }
    }

    /// "3 geselecteerd", or "Alle 1.234 geselecteerd" under a filter.
    pub fn count_text(&self, i18n: I18n) -> String {
        let n = crate::format::number(self.count(), i18n.lang());
        match (&self.filter, self.count()) {
            (Some(_), _) => i18n.t(T::BhSelectedAllMatching).replace("{n}", &n),
            (None, 0) => i18n.t(T::BhSelectedNone).to_string(),
            (None, 1) => i18n.t(T::BhSelectedOne).to_string(),
            (None, _) => i18n.t(T::BhSelectedMany).replace("{n}", &n),
        }
    }

    /// "20 geselecteerde gebruikers", or "alle 1.234 gebruikers die aan het filter voldoen".
    pub fn who_text(&self, i18n: I18n) -> String {
        let n = crate::format::number(self.count(), i18n.lang());
        match (&self.filter, self.count()) {
            (Some(_), _) => i18n.t(T::BhBulkFilterPeople).replace("{n}", &n),
            (None, 1) => i18n.t(T::BhBulkPeopleOne).to_string(),
            (None, _) => i18n.t(T::BhBulkPeopleMany).replace("{n}", &n),
        }
    }
}

thread_local! {
    /// The one selection; reference-counted, so no page's disposal ends it.
    static SELECTED: ArcRwSignal<Selected> = ArcRwSignal::new(load());
}

fn storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn load() -> Selected {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// The selection (tracked where read).
pub fn use_selected() -> RwSignal<Selected> {
    RwSignal::from(SELECTED.with(Clone::clone))
}

/// Changes the selection and keeps it in `sessionStorage`.
pub fn update(change: impl FnOnce(&mut Selected)) {
    let signal = SELECTED.with(Clone::clone);
    signal.update(change);
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&*signal.read_untracked()))
    {
        let _ = storage.set_item(STORAGE_KEY, &json);
    }
}

/// The list's filter as the API takes it: the list's parameters without sort and paging.
pub fn filter_of(get: impl Fn(&str) -> Option<String>) -> ListQuery {
    ListQuery {
        organisation: get("organisation"),
        branch: get("branch"),
        level: get("level"),
        status: get("status"),
        q: get("q"),
        expiring_within: get("expiring_within"),
        ..ListQuery::default()
    }
}
