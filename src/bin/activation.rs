//! Entry point of the user's activation app (`activation.html`): see `src/area.rs`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(middelpunt::ActivationApp);
    // The page's prerendered copy goes in the same task, before the browser paints again.
    middelpunt::prerender::take_over();
}
