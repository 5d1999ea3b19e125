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
            <p class="lead">{i18n.tr(T::AccessibilityIntro)}</p>
            <p>{i18n.tr(T::AccessibilityHow)}</p>
            <p>{i18n.tr(T::AccessibilityContact)}</p>
        </Page>
    }
}
