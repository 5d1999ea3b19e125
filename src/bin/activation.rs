//! Entry point of the user's activation app (`activation.html`): see `src/area.rs`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(middelpunt::ActivationApp);
}
