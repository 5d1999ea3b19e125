//! Reusable pieces of the interface; no routing decisions live here.

pub mod language_switch;
pub mod layout;
pub mod page;
