//! Who is logged in. Provided once at the root; pages read it with [`use_session`].

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Manager};

/// The session as the SPA knows it.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    manager: RwSignal<Option<Manager>>,
    checked: RwSignal<bool>,
}

impl Session {
    /// The logged-in manager (tracked); `None` when nobody is, or before the first check.
    pub fn manager(&self) -> Option<Manager> {
        self.manager.get()
    }

    /// Whether the server has been asked who is logged in (tracked).
    pub fn checked(&self) -> bool {
        self.checked.get()
    }

    /// Records a successful login.
    pub fn logged_in(&self, manager: Manager) {
        self.manager.try_set(Some(manager));
        self.checked.try_set(true);
    }
}

/// Creates the session context and asks the server who is logged in.
pub fn provide_session() {
    let session = Session {
        manager: RwSignal::new(None),
        checked: RwSignal::new(false),
    };
    provide_context(session);
    spawn_local(async move {
        // A network failure counts as "not logged in": the login page says what went wrong.
        let manager = api::current_manager().await.ok().flatten();
        session.manager.try_set(manager);
        session.checked.try_set(true);
    });
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
