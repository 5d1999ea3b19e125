//! Black-box tests: the real application on 127.0.0.1 with a fresh SQLite file and a small
//! built SPA per test, spoken to over HTTP. One test binary, one module per area.

mod binary;
mod database;
mod errors;
mod health;
mod helpers;
mod openapi;
mod postgres;
mod security_headers;
mod static_files;
mod user_files;
