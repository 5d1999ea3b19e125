//! "Lees voordat u bestelt de algemene voorwaarden en de gebruiksvoorwaarden van eHerkenning.":
//! above a checkbox that accepts them, both as links that open in a new tab (and say so), so
//! that what the form holds stays where it is.

use leptos::prelude::*;

use crate::i18n::{T, use_i18n};
use crate::pages::content::ContentPage;

#[component]
pub fn TermsLinks() -> impl IntoView {
    let i18n = use_i18n();
    let link = move |page: ContentPage, text: T| {
        view! {
            <a href=page.path() target="_blank" rel="noopener">
                {i18n.t(text)} " " {i18n.t(T::ActNewTab)}
            </a>
        }
    };
    move || {
        let text = i18n.t(T::TermsRead);
        let (before, rest) = text.split_once("{general}").unwrap_or((text, ""));
        let (between, after) = rest.split_once("{use}").unwrap_or((rest, ""));
        view! {
            <p class="terms-links">
                {before}
                {link(ContentPage::GeneralTerms, T::GeneralTermsLink)}
                {between}
                {link(ContentPage::TermsOfUse, T::UseTermsLink)}
                {after}
            </p>
        }
    }
}
