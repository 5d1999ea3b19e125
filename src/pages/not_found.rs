//! Every unknown route: says so and offers the way back.

use leptos::prelude::*;

use crate::area::AppLink;
use crate::components::page::Page;
use crate::i18n::{T, use_i18n};

/// The 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title=T::NotFoundTitle>
            <p>{i18n.tr(T::NotFoundBody)}</p>
            <p><AppLink href="/">{i18n.tr(T::NotFoundHome)}</AppLink></p>
        </Page>
    }
}
