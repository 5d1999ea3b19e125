//! Who is logged in. Provided once at the root; pages read it with [`use_session`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::{self, Manager, SecondFactor};
use crate::area::{AppLink, go_instead, use_area};
use crate::components::page::Page;
use crate::components::shared::shared;
use crate::i18n::{T, use_i18n};

/// The session as the SPA knows it.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    manager: RwSignal<Option<Manager>>,
    /// A session that gave the password but not yet the second factor: what is asked next.
    pending: RwSignal<Option<SecondFactor>>,
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

    /// What the signed-in session still needs (tracked): [`SecondFactor::Required`] or
    /// [`SecondFactor::NotSetUp`]; `None` when nobody is half-way.
    pub fn pending(&self) -> Option<SecondFactor> {
        self.pending.get()
    }

    /// Records a sign-in, complete or still needing the second factor.
    pub fn signed_in(&self, (manager, second_factor): api::SignedIn) {
        if second_factor == SecondFactor::Passed {
            self.logged_in(manager);
        } else {
            self.manager.try_set(None);
            self.pending.try_set(Some(second_factor));
            self.checked.try_set(true);
        }
    }

    /// Records a complete sign-in (password and second factor).
    pub fn logged_in(&self, manager: Manager) {
        self.manager.try_set(Some(manager));
        self.pending.try_set(None);
        self.checked.try_set(true);
    }
}

/// Creates the session context and asks the server who is logged in.
pub fn provide_session() {
    let session = Session {
        manager: RwSignal::new(None),
        pending: RwSignal::new(None),
        checked: RwSignal::new(false),
    };
    provide_context(session);
    spawn_local(async move {
        // A network failure counts as "not logged in": the login page says what went wrong.
        match api::current_session().await.ok().flatten() {
            Some(signed_in) => session.signed_in(signed_in),
            None => {
                session.checked.try_set(true);
            }
        }
    });
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Sends a visitor who turns out not to be logged in to the login page, in place of this page
/// (so that Back does not return here), and back to this very address, query included,
/// afterwards.
pub fn require_login() {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let area = use_area();
    Effect::new(move |_| {
        if session.checked() && session.manager().is_none() {
            let path = location.pathname.get_untracked();
            // The router's `search` has no `?`.
            let back = match location.search.get_untracked().trim_start_matches('?') {
                "" => path,
                query => format!("{path}?{query}"),
            };
            let back = String::from(js_sys::encode_uri_component(&back));
            go_instead(area, &navigate, &format!("/inloggen?terug={back}"));
        }
    });
}

/// Who may see a page, once the session is known.
#[derive(Debug, Clone, PartialEq)]
enum Access {
    /// Not known yet, or on the way to the login page.
    Waiting,
    /// Logged in with another role: the name.
    Refused(String),
    Granted,
}

/// Pages for one role: the children for a manager `allowed` lets in; anyone not logged in to
/// the login page ([`require_login`]); someone logged in with another role "Geen toegang" with
/// `refused` (`{name}`: who is logged in).
#[component]
pub fn RoleOnly(allowed: fn(&Manager) -> bool, refused: T, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    require_login();
    let access = Memo::new(move |_| match (session.checked(), session.manager()) {
        (true, Some(m)) if allowed(&m) => Access::Granted,
        (true, Some(m)) => Access::Refused(m.name),
        _ => Access::Waiting,
    });
    shared(move || match access.get() {
        Access::Waiting => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
        Access::Refused(name) => view! {
            <Page title=T::NoAccessTitle>
                <p>{i18n.t(refused).replace("{name}", &name)}</p>
                <p><AppLink href="/">{i18n.tr(T::NotFoundHome)}</AppLink></p>
            </Page>
        }
        .into_any(),
        Access::Granted => children().into_any(),
    })
}
