//! Middelpunt's domain rules. Pure Rust: no I/O, no async runtime, so the same code runs in the
//! browser (WASM) and on the server, which re-validates everything the browser sends.

// A shared crate: every public item is documented (the other lints are the workspace's).
#![warn(missing_docs)]

pub mod bulk_fix;
pub mod catalogue;
pub mod date;
#[cfg(feature = "dutch-time")]
pub mod dutch_time;
pub mod email;
pub mod import;
pub mod kvk;
pub mod lang;
pub mod level;
pub mod machtiging;
#[cfg(feature = "openapi")]
mod openapi;
pub mod order;
pub mod organisation;
pub mod phone;
pub mod pricing;
pub mod register_date;
pub mod template;
mod text;
pub mod user;
pub mod users_merge;

pub use date::{Date, SECONDS_PER_DAY};
pub use email::{Email, EmailError, parse_email};
pub use import::{ImportOutcome, ImportReport, Limits, import};
pub use lang::Lang;
pub use level::Level;
pub use phone::{Mobile, MobileError, parse_mobile};
pub use register_date::RegisterDate;
pub use user::{
    DateError, EmployedValue, Field, FieldError, FieldWarning, NameError, NewUser, RawUser,
    UserCheck, UserValues, check_birth_date, parse_birth_date, parse_birth_place, parse_employed,
    parse_first_names, parse_infix, parse_last_name,
};
