//! Middelpunt's single-page app: the router, the layout and the language.

pub mod api;
pub mod area;
pub mod components;
pub mod format;
pub mod i18n;
pub mod import_client;
pub mod order_draft;
pub mod pages;
pub mod passkey;
pub mod prerender;
pub mod session;

use leptos::prelude::*;
use leptos_router::{
    MatchNestedRoutes,
    components::{ParentRoute, Redirect, Route, Router, Routes},
    path,
};

use crate::area::{Area, provide_area};

use crate::components::layout::Layout;
use crate::i18n::provide_i18n;
use crate::pages::activation::ActivationArea;
use crate::pages::identifications::IdentificationsArea;
use crate::pages::order::{
    OrderWizard, authorisations::AuthorisationsStep, branch::BranchStep,
    confirmation::Confirmation, organisation::OrganisationStep,
    organisation_check::OrganisationCheckStep, overview::OverviewStep,
};
use crate::pages::{back_office, beheer};
use crate::pages::{
    content::{Content, ContentPage},
    dev_messages::DevMessages,
    home::Home,
    login::Login,
    not_found::NotFound,
    prices::Prices,
};
use crate::session::provide_session;

/// Language, session, area and the prerendered page's data for every app.
fn provide_contexts(area: Area) {
    provide_area(area);
    provide_i18n();
    provide_session();
    prerender::provide();
}

/// The main app (`index.html`): home, login, prices, terms, accessibility and the development
/// mailbox.
#[component]
pub fn App() -> impl IntoView {
    provide_contexts(Area::Main);
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <MainRoutes/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The order wizard (`order.html`): everything under `/bestellen`.
#[component]
pub fn OrderApp() -> impl IntoView {
    provide_contexts(Area::Order);
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <OrderRoutes/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The user's activation (`activation.html`): `/activeren/…`, the page an invitation opens.
#[component]
pub fn ActivationApp() -> impl IntoView {
    provide_contexts(Area::Activation);
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <ActivationRoutes/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The back office (`manage.html`): the manager's Beheer and the operator's identifications.
#[component]
pub fn ManageApp() -> impl IntoView {
    provide_contexts(Area::Manage);
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <BeheerRoutes/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Every route in one app, for `cargo xtask dev` (`dev.html`); never shipped.
#[component]
pub fn DevApp() -> impl IntoView {
    provide_contexts(Area::All);
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <MainRoutes/>
                    <ActivationRoutes/>
                    <BeheerRoutes/>
                    <OrderRoutes/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The main app's routes.
#[component(transparent)]
fn MainRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/") view=Home/>
        <Route path=path!("/inloggen") view=Login/>
        <Route path=path!("/account/instellen") view=crate::pages::account_setup::AccountSetup/>
        <Route path=path!("/wachtwoord-vergeten") view=crate::pages::password_reset::PasswordReset/>
        <Route path=path!("/dev/berichten") view=DevMessages/>
        <Route path=path!("/prijzen") view=Prices/>
        <Route path=path!("/algemene-voorwaarden") view=|| view! { <Content page=ContentPage::GeneralTerms/> }/>
        <Route path=path!("/gebruiksvoorwaarden") view=|| view! { <Content page=ContentPage::TermsOfUse/> }/>
        <Route path=path!("/privacy") view=|| view! { <Content page=ContentPage::Privacy/> }/>
        <Route path=path!("/toegankelijkheid") view=|| view! { <Content page=ContentPage::Accessibility/> }/>
        <Route path=path!("/contact") view=|| view! { <Content page=ContentPage::Contact/> }/>
    }
    .into_inner()
}

/// The activation's one route (see `pages/activation`).
#[component(transparent)]
fn ActivationRoutes() -> impl MatchNestedRoutes + Clone {
    view! { <Route path=path!("/activeren/:step") view=ActivationArea/> }.into_inner()
}

/// The wizard's routes: one per step.
#[component(transparent)]
fn OrderRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
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
    }
    .into_inner()
}

/// Beheer (Gebruikers, Lopende aanvragen, the audit log, Koppelingen), the operator's identifications and
/// the admin's onboarding.
#[component(transparent)]
fn BeheerRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/account") view=crate::pages::account::AccountPage/>
        <Route path=path!("/identificaties/:request_id?") view=IdentificationsArea/>
        <Route path=path!("/beheer") view=beheer::OverviewPage/>
        <Route path=path!("/beheer/gebruikers") view=beheer::UsersPage/>
        <Route path=path!("/beheer/gebruikers/:request_id") view=beheer::UserPage/>
        <Route path=path!("/beheer/gebruikers/:request_id/machtigingen-toevoegen") view=beheer::AddAuthorisationsPage/>
        <Route path=path!("/beheer/selectie/:action") view=beheer::BulkPage/>
        <Route path=path!("/beheer/actie/:action") view=beheer::ActionPage/>
        <Route path=path!("/beheer/aanvragen") view=beheer::RequestsPage/>
        <Route path=path!("/beheer/aanvragen/:request_id") view=beheer::RequestPage/>
        <Route path=path!("/beheer/audit") view=beheer::AuditPage/>
        <Route path=path!("/beheer/koppelingen") view=beheer::ClientsPage/>
        <Route path=path!("/beheer/koppelingen/nieuw") view=beheer::NewClientPage/>
        <Route path=path!("/beheer/koppelingen/:client_id") view=beheer::ClientPage/>
        <Route path=path!("/backoffice") view=|| view! { <Redirect path="/backoffice/beheerders"/> }/>
        <Route path=path!("/backoffice/beheerders") view=back_office::ManagersRoute/>
        <Route path=path!("/backoffice/beheerders/nieuw") view=back_office::AppointRoute/>
        <Route path=path!("/backoffice/beheerders/:id") view=back_office::ManagerRoute/>
        <Route path=path!("/backoffice/organisaties") view=back_office::OrganisationsRoute/>
    }
    .into_inner()
}
