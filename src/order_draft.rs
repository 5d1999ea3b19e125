//! The order being put together in the wizard. It lives in a context signal and in
//! `sessionStorage`, so a reload, the back button or a new login never loses it; it is cleared
//! once the order is placed. Personal data never goes to `localStorage`.

use domain::Level;
use domain::pricing::Term;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "middelpunt.order-draft";

/// A user in the order's list, as entered (in the form or from a file) and edited in the grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftUser {
    /// Stable within the draft, for keyed lists and cell ids.
    pub id: u32,
    pub user: domain::RawUser,
}

/// Everything chosen so far; `None` means "not answered yet".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderDraft {
    #[serde(default)]
    pub kvk_number: Option<String>,
    pub level: Option<Level>,
    pub restrict_to_branch: Option<bool>,
    pub branch_number: Option<String>,
    /// The users, in the order the manager sees them.
    #[serde(default)]
    pub users: Vec<DraftUser>,
    /// What is typed in the users step's "Gebruiker toevoegen" form but not saved yet, so that
    /// a reload keeps it too.
    #[serde(default)]
    pub user_form: domain::RawUser,
    pub add_authorisations: Option<bool>,
    pub all_services: Option<bool>,
    /// "All services of" these providers.
    #[serde(default)]
    pub providers: Vec<String>,
    /// These specific services.
    #[serde(default)]
    pub services: Vec<String>,
    pub term: Option<Term>,
    /// Sent with the order, so that a double click or a retry never orders twice.
    pub idempotency_key: String,
}

impl OrderDraft {
    /// An id for a user added to the list: one more than the highest in use.
    pub fn next_user_id(&self) -> u32 {
        self.users
            .iter()
            .map(|u| u.id)
            .max()
            .map_or(1, |max| max + 1)
    }

    fn new() -> OrderDraft {
        OrderDraft {
            kvk_number: None,
            level: None,
            restrict_to_branch: None,
            branch_number: None,
            users: Vec::new(),
            user_form: domain::RawUser::default(),
            add_authorisations: None,
            all_services: None,
            providers: Vec::new(),
            services: Vec::new(),
            term: None,
            idempotency_key: window()
                .crypto()
                .map(|c| c.random_uuid())
                // Only where crypto is missing (no supported browser): time plus randomness.
                .unwrap_or_else(|_| format!("{}-{}", js_sys::Date::now(), js_sys::Math::random())),
        }
    }
}

/// The draft in context.
#[derive(Debug, Clone, Copy)]
pub struct Draft(pub RwSignal<OrderDraft>);

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// Provides the draft (restored from `sessionStorage`) and keeps the stored copy current.
pub fn provide_draft() -> Draft {
    let stored = session_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str::<OrderDraft>(&json).ok());
    let draft = Draft(RwSignal::new(stored.unwrap_or_else(OrderDraft::new)));
    Effect::new(move |_| {
        let json = serde_json::to_string(&*draft.0.read()).unwrap_or_default();
        if let Some(storage) = session_storage() {
            let _ = storage.set_item(STORAGE_KEY, &json);
        }
    });
    provide_context(draft);
    draft
}

/// Removes the stored draft (at logout).
pub fn forget() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

pub fn use_draft() -> Draft {
    expect_context::<Draft>()
}

impl Draft {
    /// Starts afresh (after ordering, or "start another order").
    pub fn reset(&self) {
        self.0.set(OrderDraft::new());
    }
}
