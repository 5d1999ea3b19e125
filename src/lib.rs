//! Middelpunt's single-page app: the router, the layout and the language.

pub mod components;
pub mod i18n;
pub mod pages;

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::components::layout::Layout;
use crate::i18n::provide_i18n;
use crate::pages::{accessibility::Accessibility, home::Home, not_found::NotFound};

/// The whole app: language context, layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/toegankelijkheid") view=Accessibility/>
                </Routes>
            </Layout>
        </Router>
    }
}
