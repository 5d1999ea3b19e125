//! The operator's identification queue: everyone who is not employed by the organisation they
//! get eHerkenning for waits here until an operator has identified them (in person or by video)
//! and recorded the outcome. Only for accounts with role `operator`; nobody logged in goes to
//! the login page (and back here afterwards), a manager sees "Geen toegang".

pub mod list;
pub mod record;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};

use crate::area::{AppLink, go_instead, use_area};
use crate::components::page::Page;
use crate::components::shared::shared;
use crate::i18n::{T, use_i18n};
use crate::session::use_session;

/// The message for the list after an outcome was recorded ("… is vastgelegd").
#[derive(Debug, Clone, Copy)]
pub struct Recorded(pub RwSignal<Option<String>>);

#[derive(Debug, Clone, PartialEq)]
enum Access {
    /// Not known yet, or on the way to the login page.
    Waiting,
    /// Logged in, but not as an operator: the name.
    Refused(String),
    Granted,
}

/// The one route `/identificaties/:request_id?`: the list, or one request's form. Lets
/// operators in; sends anyone not logged in to the login page.
#[component]
pub fn IdentificationsArea() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let area = use_area();
    provide_context(Recorded(RwSignal::new(None)));
    let access = Memo::new(move |_| match (session.checked(), session.manager()) {
        (true, Some(m)) if m.is_operator() => Access::Granted,
        (true, Some(m)) => Access::Refused(m.name),
        _ => Access::Waiting,
    });
    Effect::new(move |_| {
        if session.checked() && session.manager().is_none() {
            let back = location.pathname.get_untracked();
            // The login page is in the main app: a page load, unless this app has it.
            go_instead(area, &navigate, &format!("/inloggen?terug={back}"));
        }
    });
    shared(move || match access.get() {
        Access::Waiting => view! { <Waiting/> }.into_any(),
        Access::Refused(name) => view! { <NoAccess name=name/> }.into_any(),
        Access::Granted => view! { <Granted/> }.into_any(),
    })
}

/// The list, or the form of the request in the path.
#[component]
fn Granted() -> impl IntoView {
    let params = use_params_map();
    let request_id = Memo::new(move |_| params.read().get("request_id"));
    shared(move || match request_id.get() {
        Some(id) => view! { <record::RecordIdentification request_id=id/> }.into_any(),
        None => view! { <list::IdentificationList/> }.into_any(),
    })
}

#[component]
fn Waiting() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p role="status">{i18n.tr(T::Loading)}</p> }
}

/// "Geen toegang", for a manager (or when the server refuses with 401/403).
#[component]
pub fn NoAccess(name: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title=T::IdsNoAccessTitle>
            <p>{shared(move || i18n.t(T::IdsNoAccessBody).replace("{name}", &name))}</p>
            <p><AppLink href="/">{i18n.tr(T::NotFoundHome)}</AppLink></p>
        </Page>
    }
}
