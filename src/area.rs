//! The SPA ships as two apps that share this library: the main app (home, login, prices, …) and
//! the order wizard (`/bestellen/…`). Trunk cannot split one WASM module, so the wizard, with its
//! users grid and the domain's validation rules, is its own entry (`order.html`, bin
//! `middelpunt-order`); the first page downloads only the main app and stays within its size
//! budget. A link into the other app is a plain page load (`rel="external"`, which the router
//! leaves alone); within an app the router navigates. `cargo xtask dev` serves one app with every
//! route (`dev.html`, bin `middelpunt-dev`).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;

/// Where the order wizard lives.
pub const ORDER_PREFIX: &str = "/bestellen";

/// Which app this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Main,
    Order,
    /// Every route in one app (development only).
    All,
}

/// Whether `path` (with or without query) belongs to the order wizard.
pub fn is_order_path(path: &str) -> bool {
    path.strip_prefix(ORDER_PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

impl Area {
    /// Whether this app has the route for `path`.
    pub fn owns(self, path: &str) -> bool {
        match self {
            Area::All => true,
            Area::Order => is_order_path(path),
            Area::Main => !is_order_path(path),
        }
    }
}

pub fn provide_area(area: Area) {
    provide_context(area);
}

pub fn use_area() -> Area {
    use_context::<Area>().unwrap_or(Area::All)
}

/// Goes to `path`: with `navigate` (the router's) when this app has it, otherwise by loading
/// the other app.
pub fn go(area: Area, navigate: &dyn Fn(&str, NavigateOptions), path: &str) {
    if area.owns(path) {
        navigate(path, NavigateOptions::default());
    } else {
        let _ = window().location().assign(path);
    }
}

/// A link that works from either app: the router's `<A>` (with `aria-current`) within this app,
/// a plain page load into the other.
#[component]
pub fn AppLink(
    href: &'static str,
    /// Marks the link current only on an exact match (for `/`).
    #[prop(optional)]
    exact: bool,
    #[prop(optional, into)] class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    if use_area().owns(href) {
        view! { <A href=href exact=exact attr:class=class>{children()}</A> }.into_any()
    } else {
        view! { <a href=href rel="external" class=class>{children()}</a> }.into_any()
    }
}
