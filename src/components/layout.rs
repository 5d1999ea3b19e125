//! The layout around every page: skip link, header with navigation and language switch, main
//! landmark and footer. Moves focus to the new page's heading after each navigation. The
//! activation's pages (`/activeren/…`, opened from an invitation by a person without an account)
//! get a header with only the name and the language switch: nothing there leads them away.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

use crate::area::{AppLink, Area, area_of};
use crate::components::{
    language_switch::LanguageSwitch, page::PAGE_HEADING_ID, site_menu::SiteMenu,
};
use crate::i18n::{T, use_i18n};
use crate::pages::content::ContentPage;

/// The page frame; `children` is the routed content.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let activation = move || area_of(&location.pathname.get()) == Area::Activation;
    focus_heading_after_navigation();
    view! {
        <a class="skip-link" href="#main">{i18n.tr(T::SkipToContent)}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <Show
                    when=activation
                    fallback=move || view! {
                        <AppLink href="/" class="site-header__brand">
                            {i18n.tr(T::ProductName)}
                        </AppLink>
                        <SiteMenu/>
                    }
                >
                    <span class="site-header__brand">{i18n.tr(T::ProductName)}</span>
                </Show>
                <LanguageSwitch/>
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="site-footer__inner">
                <p>{i18n.tr(T::FooterText)}</p>
                <nav aria-label=move || i18n.t(T::FooterLinks)>
                    <ul class="site-footer__links">
                        {ContentPage::ALL
                            .map(|page| view! {
                                <li><AppLink href=page.path()>{i18n.tr(page.title())}</AppLink></li>
                            })
                            .collect_view()}
                    </ul>
                </nav>
            </div>
        </footer>
    }
}

/// After every client-side navigation (not the first load), focus the new page's `<h1>`, so
/// that screen readers announce the page and keyboard users start at its top.
fn focus_heading_after_navigation() {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            focus_heading_when_drawn(document().active_element(), HEADING_WAIT_FRAMES);
        }
        path
    });
}

/// How many frames (about two seconds) a navigation waits for a page's `<h1>` to be drawn.
const HEADING_WAIT_FRAMES: u32 = 120;

/// Focuses the page's `<h1>` as soon as it is drawn and visible: a page that loads its data
/// first (the operator's record page, a Beheer detail page) draws its heading later. Stops
/// waiting after `frames_left` frames, or once focus has moved away from `before` (what had
/// focus when the navigation began): the user went on by themselves.
fn focus_heading_when_drawn(before: Option<web_sys::Element>, frames_left: u32) {
    request_animation_frame(move || {
        let document = document();
        let heading = document
            .get_element_by_id(PAGE_HEADING_ID)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            // A hidden heading (`hidden` or inside it) has no height.
            .filter(|el| el.offset_height() > 0);
        if let Some(heading) = heading {
            let _ = heading.focus();
            return;
        }
        let now = document.active_element();
        let untouched = now == before || now.as_ref() == document.body().as_deref();
        if untouched && frames_left > 0 {
            focus_heading_when_drawn(before, frames_left - 1);
        }
    });
}

/// Moves focus to the page's `<h1>` once it is drawn: after a navigation, or when a page
/// shows its next step in place.
pub fn focus_heading() {
    request_animation_frame(|| {
        let heading = document()
            .get_element_by_id(PAGE_HEADING_ID)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(heading) = heading {
            let _ = heading.focus();
        }
    });
}
