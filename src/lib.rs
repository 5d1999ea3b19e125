//! Middelpunt's single-page app: the router, the layout and the language.

pub mod api;
pub mod components;
pub mod i18n;
pub mod import_client;
pub mod order_draft;
pub mod pages;
pub mod session;

use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Redirect, Route, Router, Routes},
    path,
};

use crate::components::layout::Layout;
use crate::i18n::provide_i18n;
use crate::pages::order::{
    OrderWizard, authorisations::AuthorisationsStep, branch::BranchStep,
    confirmation::Confirmation, organisation::OrganisationStep,
    organisation_check::OrganisationCheckStep, overview::OverviewStep,
};
use crate::pages::{
    accessibility::Accessibility, dev_messages::DevMessages, home::Home, login::Login,
    not_found::NotFound, prices::Prices,
};
use crate::session::provide_session;

/// The whole app: language context, layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    provide_session();
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/toegankelijkheid") view=Accessibility/>
                    <Route path=path!("/inloggen") view=Login/>
                    <Route path=path!("/dev/berichten") view=DevMessages/>
                    <Route path=path!("/prijzen") view=Prices/>
                    <ParentRoute path=path!("/bestellen") view=OrderWizard>
                        <Route path=path!("") view=|| view! { <Redirect path="/bestellen/organisatie"/> }/>
                        <Route path=path!("organisatie") view=OrganisationStep/>
                        <Route path=path!("vestiging") view=BranchStep/>
                        <Route path=path!("organisatiegegevens") view=OrganisationCheckStep/>
                        <Route path=path!("gebruikers") view=crate::pages::order::users::UsersStep/>
                        <Route path=path!("machtigingen") view=AuthorisationsStep/>
                        <Route path=path!("overzicht") view=OverviewStep/>
                        <Route path=path!("bevestiging/:order_number") view=Confirmation/>
                    </ParentRoute>
                </Routes>
            </Layout>
        </Router>
    }
}
