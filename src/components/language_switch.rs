//! The NL/EN switch in the header.

use domain::Lang;
use leptos::prelude::*;

use crate::i18n::{T, use_i18n};

/// A button that switches to the other language. Its visible text is the other language's own
/// name ("English" / "Nederlands") marked with that language, as WCAG 3.1.2 asks.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || match i18n.lang() {
        Lang::Nl => Lang::En,
        Lang::En => Lang::Nl,
    };
    view! {
        <button
            type="button"
            class="language-switch"
            lang=move || other().code()
            aria-label=move || i18n.t(T::SwitchToOtherHint)
            on:click=move |_| i18n.set(other())
        >
            {i18n.tr(T::SwitchToOther)}
        </button>
    }
}
