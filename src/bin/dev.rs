//! Entry point of the development app with every route (`dev.html`, `cargo xtask dev`).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(middelpunt::DevApp);
}
