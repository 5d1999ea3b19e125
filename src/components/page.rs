//! The frame of every page: its `<h1>`, the document title, and focus after navigation.

use leptos::prelude::*;

use crate::i18n::{Key, T, use_i18n};

/// A page with a heading. Sets `document.title` to "<heading> – Middelpunt" in the current
/// language. The heading can take focus (`tabindex="-1"`) so that the layout can move focus to
/// it after a route change and screen readers announce the new page.
#[component]
pub fn Page<K: Key>(
    /// The page's heading, also the first part of the document title.
    title: K,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let heading = i18n.t(title);
        let product = i18n.t(T::ProductName);
        document().set_title(&format!("{heading} – {product}"));
    });
    view! {
        <h1 id=PAGE_HEADING_ID tabindex="-1">{move || i18n.t(title)}</h1>
        {children()}
    }
}

/// The id of the page heading that receives focus after navigation.
pub const PAGE_HEADING_ID: &str = "page-heading";
