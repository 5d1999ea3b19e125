//! Entry point of the back-office app (`manage.html`: Beheer, identifications): see `src/area.rs`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(middelpunt::ManageApp);
    // The page's prerendered copy goes in the same task, before the browser paints again.
    middelpunt::prerender::take_over();
}
