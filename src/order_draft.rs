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

/// An id for a user added to `users`: one more than the highest in use.
pub fn next_user_id(users: &[DraftUser]) -> u32 {
    users.iter().map(|u| u.id).max().map_or(1, |max| max + 1)
}

/// The users' values as entered, in list order (what the import engine checks).
pub fn raw_users(users: &[DraftUser]) -> Vec<domain::RawUser> {
    users.iter().map(|u| u.user.clone()).collect()
}

impl OrderDraft {
    /// An id for a user added to the list: one more than the highest in use.
    pub fn next_user_id(&self) -> u32 {
        next_user_id(&self.users)
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

/// How long the stored copy may lag behind the draft: typing in the users grid changes the
/// draft at every keystroke, and serialising a list of 100 users each time is what made typing
/// slow. The copy is also written at once when the page is hidden or left (`pagehide`,
/// `visibilitychange`), so a reload or the back button still finds everything.
const STORE_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

thread_local! {
    /// The draft to store, set while a write is due.
    static DUE: std::cell::Cell<Option<RwSignal<OrderDraft>>> = const { std::cell::Cell::new(None) };
    /// The timer of the write that is due.
    static TIMER: std::cell::Cell<Option<TimeoutHandle>> = const { std::cell::Cell::new(None) };
    /// Set by [`forget`]: nothing is stored any more on this page (logout loads a new one).
    static FORGOTTEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Writes the draft now if a write is due.
fn flush() {
    if let Some(handle) = TIMER.take() {
        handle.clear();
    }
    let Some(draft) = DUE.take() else { return };
    if FORGOTTEN.get() {
        return;
    }
    let Some(json) = draft.try_with_untracked(|d| serde_json::to_string(d).unwrap_or_default())
    else {
        return;
    };
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(STORAGE_KEY, &json);
    }
}

/// Provides the draft (restored from `sessionStorage`) and keeps the stored copy current, at
/// most [`STORE_DELAY`] behind.
pub fn provide_draft() -> Draft {
    let stored = session_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str::<OrderDraft>(&json).ok());
    let draft = Draft(RwSignal::new(stored.unwrap_or_else(OrderDraft::new)));
    Effect::new(move |_| {
        draft.0.track();
        DUE.set(Some(draft.0));
        let pending = TIMER.take();
        if pending.is_some() {
            TIMER.set(pending);
            return;
        }
        match set_timeout_with_handle(
            move || {
                TIMER.take();
                flush();
            },
            STORE_DELAY,
        ) {
            Ok(handle) => TIMER.set(Some(handle)),
            Err(_) => flush(),
        }
    });
    let on_pagehide = window_event_listener_untyped("pagehide", |_| flush());
    let on_hidden = window_event_listener_untyped("visibilitychange", |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            flush();
        }
    });
    on_cleanup(move || {
        flush();
        on_pagehide.remove();
        on_hidden.remove();
    });
    provide_context(draft);
    draft
}

/// Removes the stored draft (at logout), and stores nothing more from this page.
pub fn forget() {
    FORGOTTEN.set(true);
    DUE.take();
    if let Some(handle) = TIMER.take() {
        handle.clear();
    }
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
