//! `/toegankelijkheid`: the accessibility statement.

use leptos::prelude::*;

use crate::components::page::Page;
use crate::i18n::{T, use_i18n};

/// The accessibility statement.
#[component]
pub fn Accessibility() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title=T::AccessibilityTitle>
            <p class="lead">{move || i18n.t(T::AccessibilityIntro)}</p>
            <p>{move || i18n.t(T::AccessibilityHow)}</p>
            <p>{move || i18n.t(T::AccessibilityContact)}</p>
        </Page>
    }
}
