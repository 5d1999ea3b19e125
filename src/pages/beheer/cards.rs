//! Beheer's lists on a phone (issue 18, "Beheer that fits"): below 40em "Gebruikers" and
//! "Lopende aanvragen" show one card per person or request instead of a table row, and the
//! filter form folds behind a "Filters (n)" button.
//!
//! The list renders either its table or its cards, never both: a signal follows the media
//! query [`NARROW`]. A table restyled as blocks loses its semantics in some screen readers
//! (Safari's) and cannot hold a `<dl>` per person; a real list of cards, each with a heading
//! (the name, a link), its checkbox and its facts as a `<dl>`, is read as what it is. When the
//! width crosses the breakpoint (a turned phone, zooming in), the control that had focus gets
//! it back in the other form: the checkboxes and name links have the same id in both.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::focus_id;
use crate::session::use_session;

/// The media query below which the lists show cards (as `style/components.css` does).
pub const NARROW: &str = "(max-width: 39.99em)";

fn is_narrow() -> bool {
    window()
        .match_media(NARROW)
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

/// Whether the window is narrower than [`NARROW`] (tracked), following resizes and zoom. On a
/// change, the element with focus (by id) gets it back once the other form is shown.
pub fn use_narrow() -> ReadSignal<bool> {
    let (narrow, set_narrow) = signal(is_narrow());
    let resize = window_event_listener_untyped("resize", move |_| {
        let now = is_narrow();
        if narrow.get_untracked() != now {
            let focused = document()
                .active_element()
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                .map(|el| el.id())
                .filter(|id| !id.is_empty());
            set_narrow.set(now);
            if let Some(id) = focused {
                request_animation_frame(move || {
                    focus_id(&id);
                });
            }
        }
    });
    on_cleanup(move || resize.remove());
    narrow
}

/// Whether the manager has more than one organisation (tracked): only then does a row name
/// the organisation (its KvK number is on the person's and the request's page).
pub fn several_organisations() -> bool {
    use_session()
        .manager()
        .is_some_and(|m| m.organisations.len() > 1)
}

/// The id of the checkbox that picks the person of `request_id` (the same in the table and
/// in the cards).
pub fn select_id(request_id: &str) -> String {
    format!("select-{request_id}")
}

/// The id of the link to the detail page of `request_id` (the same in the table and in the
/// cards).
pub fn open_id(request_id: &str) -> String {
    format!("open-{request_id}")
}

/// One fact of a card: its term and its value.
pub fn fact(term: &'static str, value: AnyView) -> AnyView {
    view! {
        <div class="card__fact">
            <dt>{term}</dt>
            <dd>{value}</dd>
        </div>
    }
    .into_any()
}

/// A card: the checkbox (when the list has a selection), the name as a heading that links to
/// the detail page, any tag after it, and the facts.
pub fn card(
    select: Option<AnyView>,
    name: String,
    href: String,
    id: String,
    tag: Option<AnyView>,
    facts: AnyView,
) -> AnyView {
    view! {
        <li class="card">
            <div class="card__head">
                {select}
                <h2 class="card__title"><a href=href id=id>{name}</a>{tag}</h2>
            </div>
            <dl class="card__facts">{facts}</dl>
        </li>
    }
    .into_any()
}

/// The cards of a page of rows, with the caption's words above them and "all on this page"
/// (when the list has a selection), in a region focus falls back to after a new page.
pub fn card_list(caption: String, select_page: Option<AnyView>, cards: AnyView) -> AnyView {
    view! {
        <div class="card-region" id="table-region" role="region" tabindex="-1" aria-labelledby="cards-caption">
            <p class="card-region__caption" id="cards-caption">{caption}</p>
            {select_page}
            <ul class="cards">{cards}</ul>
        </div>
    }
    .into_any()
}
