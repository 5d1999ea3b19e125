//! Content before the WASM: the public pages (home, prices, the pages of `content/`) and each
//! app's first screen are put into HTML at build time by the app itself: `cargo xtask` runs the
//! built SPA in headless Chromium and keeps what it drew (`xtask/prerender.mjs`). The server
//! sends that HTML for the page's address, so a phone shows the header, the heading and the text
//! while the WASM is still on its way.
//!
//! The HTML sits in `<div id="prerendered">` beside a JSON data block with what it was drawn
//! from (the price list, a page's prose). The app mounts, draws the same page from the same
//! data in the same task ([`adopted`]), and [`take_over`] removes the prerendered copy before
//! the browser paints again: no flash, no layout shift.

use domain::pricing::PriceList;
use leptos::prelude::*;
use serde::Deserialize;

/// The element around the prerendered HTML.
pub const WRAPPER_ID: &str = "prerendered";
/// The `<script type="application/json">` with the [`Prerendered`] data (`<` escaped as
/// `\u003c`, so that no prose can end the element early).
pub const DATA_ID: &str = "prerendered-data";

/// What a prerendered page was drawn from, for the app to draw the same (written by
/// `xtask/prerender.mjs`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Prerendered {
    /// The address the page was rendered for.
    pub path: String,
    /// The price list (`/prijzen`).
    #[serde(default)]
    pub prices: Option<PriceList>,
    /// A page's Dutch prose from `content/nl/` (the pages of [`crate::pages::content`]).
    #[serde(default)]
    pub content: Option<String>,
}

/// The data of the page the app was loaded on, from the page's data block, in the app's
/// context (none when the page was not prerendered).
pub fn provide() {
    if let Some(data) = read_data_block() {
        provide_context(data);
    }
}

/// What was prerendered for `path`, if the app was loaded on that page.
pub fn adopted(path: &str) -> Option<Prerendered> {
    use_context::<Prerendered>().filter(|data| data.path == path)
}

/// Removes the prerendered HTML; called right after the app is mounted, in the same task.
pub fn take_over() {
    if let Some(wrapper) = document().get_element_by_id(WRAPPER_ID) {
        wrapper.remove();
    }
}

fn read_data_block() -> Option<Prerendered> {
    let text = document().get_element_by_id(DATA_ID)?.text_content()?;
    match serde_json::from_str(&text) {
        Ok(data) => Some(data),
        Err(error) => {
            leptos::logging::warn!("the prerendered data block does not parse: {error}");
            None
        }
    }
}
