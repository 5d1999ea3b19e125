//! One module per route.

pub mod account;
pub mod account_settings;
pub mod account_setup;
pub mod activation;
pub mod back_office;
pub mod beheer;
pub mod content;
pub mod dev_messages;
pub mod home;
pub mod identifications;
pub mod login;
pub mod not_found;
pub mod order;
pub mod password_reset;
pub mod prices;
