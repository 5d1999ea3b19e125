//! The header's navigation and account corner behind a "Menu" button on a phone (a disclosure,
//! as GOV.UK's header and the NL Design System's navigation do it). Above 40em the CSS shows
//! both in the header's row and hides the button. The menu opens in the page's flow, below the
//! header's row, so it never covers the element that has focus; Escape closes it and gives focus
//! back to the button, and it closes when the page changes.

use leptos::html::Button;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::area::AppLink;
use crate::components::account_menu::AccountMenu;
use crate::i18n::{T, use_i18n};

/// The id of the menu's content, which the button controls.
const MENU_ID: &str = "site-menu";

#[component]
pub fn SiteMenu() -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let button = NodeRef::<Button>::new();
    let location = use_location();
    // A new page starts with the menu closed (the layout moves focus to its heading).
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });
    let close_on_escape = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            ev.prevent_default();
            open.set(false);
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    view! {
        <button
            type="button"
            class="menu-button"
            node_ref=button
            aria-controls=MENU_ID
            aria-expanded=move || if open.get() { "true" } else { "false" }
            on:click=move |_| open.update(|o| *o = !*o)
            on:keydown=close_on_escape
        >
            {i18n.tr(T::MenuButton)}
        </button>
        <div
            id=MENU_ID
            class="site-menu"
            class:site-menu--open=move || open.get()
            on:keydown=close_on_escape
        >
            <nav class="site-nav" aria-label=move || i18n.t(T::MainNavigation)>
                <ul>
                    <li><AppLink href="/" exact=true>{i18n.tr(T::NavHome)}</AppLink></li>
                    <li><AppLink href="/prijzen">{i18n.tr(T::NavPrices)}</AppLink></li>
                </ul>
            </nav>
            <AccountMenu/>
        </div>
    }
}
