//! `/gebruiksvoorwaarden`: the terms the user accepts when ordering their means.

use leptos::prelude::*;

use crate::components::page::Page;
use crate::i18n::{T, use_i18n};

#[component]
pub fn Terms() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |key| i18n.tr(key);
    view! {
        <Page title=T::TermsTitle>
            <p>{t(T::TermsIntro)}</p>
            <ol class="steps">
                <li>{t(T::Terms1)}</li>
                <li>{t(T::Terms2)}</li>
                <li>{t(T::Terms3)}</li>
                <li>{t(T::Terms4)}</li>
            </ol>
        </Page>
    }
}
