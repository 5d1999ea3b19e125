//! Entry point of the SPA: mounts the main app in place of its prerendered page.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(middelpunt::App);
    // The page's prerendered copy goes in the same task, before the browser paints again.
    middelpunt::prerender::take_over();
}
