//! Reusable pieces of the interface; no routing decisions live here.

pub mod account_menu;
pub mod error_summary;
pub mod field;
pub mod file_drop;
pub mod language_switch;
pub mod layout;
pub mod page;
pub mod passkeys;
pub mod price_table;
pub mod radios;
pub mod second_factor;
pub mod service_picker;
pub mod shared;
pub mod site_menu;
pub mod step_up;
pub mod summary;
pub mod terms_links;
pub mod text_field;
pub mod users_grid;
