//! The operator's identification queue: everyone who is not employed by the organisation they
//! get eHerkenning for waits here until an operator has identified them (in person or by video)
//! and recorded the outcome. Only for accounts with role `operator`; nobody logged in goes to
//! the login page (and back here afterwards), a manager sees "Geen toegang".

pub mod list;
pub mod record;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::Manager;
use crate::components::shared::shared;
use crate::i18n::T;
use crate::session::RoleOnly;

/// The message for the list after an outcome was recorded ("… is vastgelegd").
#[derive(Debug, Clone, Copy)]
pub struct Recorded(pub RwSignal<Option<String>>);

/// The one route `/identificaties/:request_id?`: the list, or one request's form. Lets
/// operators in; sends anyone not logged in to the login page.
#[component]
pub fn IdentificationsArea() -> impl IntoView {
    provide_context(Recorded(RwSignal::new(None)));
    view! {
        <RoleOnly allowed=Manager::is_operator refused=T::IdsNoAccessBody>
            <Granted/>
        </RoleOnly>
    }
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
