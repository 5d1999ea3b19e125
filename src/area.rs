//! The SPA ships as several apps that share this library: the main app (home, login, prices, …),
//! the order wizard (`/bestellen/…`), the user's activation (`/activeren/…`) and the back office
//! (Beheer and identifications). Trunk cannot split one WASM module, so each is its own entry
//! page and bin; a first page downloads only its own app and stays within its size budget. A
//! link into another app is a plain page load (`rel="external"`, which the router leaves
//! alone); within an app the router navigates. `cargo xtask dev` serves one app with every route
//! (`dev.html`, bin `middelpunt-dev`). The server maps paths to entry pages with the same
//! prefixes (`crates/server/src/static_files.rs`).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;

/// Which app this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// `index.html`: every path no other app has.
    Main,
    /// `order.html`.
    Order,
    /// `activation.html`.
    Activation,
    /// `manage.html`.
    Manage,
    /// Every route in one app (development only).
    All,
}

/// The apps other than the main one, with the path prefixes they serve.
const PREFIXES: [(Area, &[&str]); 3] = [
    (Area::Order, &["/bestellen"]),
    (Area::Activation, &["/activeren"]),
    (Area::Manage, &["/beheer", "/identificaties", "/backoffice"]),
];

/// Pages an app serves without the paths below them: the account page is reached after a
/// sign-in, so it lives in the back-office app, while the set-up below it (`/account/instellen`,
/// opened from a link before any sign-in) stays in the small main app.
const EXACT: [(Area, &str); 1] = [(Area::Manage, "/account")];

/// The app that has the route for `path` (with or without query).
pub fn area_of(path: &str) -> Area {
    let bare = path.split(['?', '#']).next().unwrap_or(path);
    if let Some((area, _)) = EXACT.iter().find(|(_, page)| *page == bare) {
        return *area;
    }
    PREFIXES
        .iter()
        .find(|(_, prefixes)| {
            prefixes.iter().any(|prefix| {
                path.strip_prefix(prefix)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
            })
        })
        .map_or(Area::Main, |(area, _)| *area)
}

impl Area {
    /// Whether this app has the route for `path`.
    pub fn owns(self, path: &str) -> bool {
        self == Area::All || area_of(path) == self
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

/// Goes to `path` in place of the current page (which leaves the history), as [`go`] does:
/// for sending a visitor to the login page, so that Back does not return to the page that
/// sent them there.
pub fn go_instead(area: Area, navigate: &dyn Fn(&str, NavigateOptions), path: &str) {
    if area.owns(path) {
        navigate(
            path,
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    } else {
        let _ = window().location().replace(path);
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
