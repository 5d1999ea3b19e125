//! One module per route.

pub mod accessibility;
pub mod dev_messages;
pub mod home;
pub mod login;
pub mod not_found;
pub mod order;
pub mod prices;
