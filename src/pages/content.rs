//! The pages a Dutch public service has (algemene voorwaarden, gebruiksvoorwaarden, privacy,
//! toegankelijkheid, contact): a heading from the text table and a body of prose that is the
//! provider's to adapt, one HTML fragment per page and language under `content/` (copied to
//! `dist/content/`). The prose is fetched, not compiled in: five pages in two languages would
//! otherwise weigh on every first load of the main app.

use domain::Lang;
use leptos::prelude::*;

use crate::components::page::Page;
use crate::i18n::{T, use_i18n};

/// A page of `content/`: `slug` names its fragment, `content/{nl,en}/{slug}.html`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentPage {
    GeneralTerms,
    TermsOfUse,
    Privacy,
    Accessibility,
    Contact,
}

impl ContentPage {
    /// Every page, in the footer's order.
    pub const ALL: [ContentPage; 5] = [
        ContentPage::GeneralTerms,
        ContentPage::TermsOfUse,
        ContentPage::Privacy,
        ContentPage::Accessibility,
        ContentPage::Contact,
    ];

    /// The page's path, also the name of its fragment.
    pub fn path(self) -> &'static str {
        match self {
            ContentPage::GeneralTerms => "/algemene-voorwaarden",
            ContentPage::TermsOfUse => "/gebruiksvoorwaarden",
            ContentPage::Privacy => "/privacy",
            ContentPage::Accessibility => "/toegankelijkheid",
            ContentPage::Contact => "/contact",
        }
    }

    /// The page's heading (and its link's text in the footer).
    pub fn title(self) -> T {
        match self {
            ContentPage::GeneralTerms => T::GeneralTermsTitle,
            ContentPage::TermsOfUse => T::TermsTitle,
            ContentPage::Privacy => T::PrivacyTitle,
            ContentPage::Accessibility => T::AccessibilityTitle,
            ContentPage::Contact => T::ContactTitle,
        }
    }
}

/// Why a fragment could not be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum ContentError {
    #[error("the network failed: {0}")]
    Network(String),
    #[error("HTTP {0}")]
    Status(u16),
    /// The server answered with the app's own page: the fragment is not there.
    #[error("no such fragment")]
    Missing,
}

async fn fragment(path: String) -> Result<String, ContentError> {
    let response = gloo_net::http::Request::get(&path)
        .send()
        .await
        .map_err(|e| ContentError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(ContentError::Status(response.status()));
    }
    let text = response
        .text()
        .await
        .map_err(|e| ContentError::Network(e.to_string()))?;
    // A path the server has no file for answers the app's index.html (status 200).
    if text.trim_start().starts_with("<!DOCTYPE") {
        return Err(ContentError::Missing);
    }
    Ok(text)
}

/// The page: its heading, then the fragment in the current language (fetched again after a
/// switch). Until it arrives the prerendered Dutch prose holds its place (when the app was
/// loaded on this page, see [`crate::prerender`]), or else a neutral "Bezig met laden…".
#[component]
pub fn Content(page: ContentPage) -> impl IntoView {
    let i18n = use_i18n();
    let prerendered = crate::prerender::adopted(page.path()).and_then(|data| data.content);
    let body = LocalResource::new(move || {
        fragment(format!(
            "/content/{}{}.html",
            i18n.lang().code(),
            page.path()
        ))
    });
    let shown = move || match body.get() {
        None => match prerendered.clone().filter(|_| i18n.lang() == Lang::Nl) {
            Some(html) => view! { <div class="content" inner_html=html></div> }.into_any(),
            None => view! { <p class="content__loading">{i18n.t(T::Loading)}</p> }.into_any(),
        },
        Some(Ok(html)) => view! { <div class="content" inner_html=html></div> }.into_any(),
        Some(Err(error)) => {
            leptos::logging::warn!("{}: {error}", page.path());
            view! { <p class="content__error" role="alert">{i18n.t(T::ContentUnavailable)}</p> }
                .into_any()
        }
    };
    view! { <Page title=page.title()>{shown}</Page> }
}
