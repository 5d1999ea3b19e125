//! Black-box tests: the real application on 127.0.0.1 with a fresh SQLite file and a small
//! built SPA per test, spoken to over HTTP. One test binary, one module per area.

mod account;
mod activation;
mod annotated;
mod binary;
mod clients;
mod conformance;
mod database;
mod dev_messages;
mod ended;
mod errors;
mod expiry_warnings;
mod fake_kvk;
mod health;
mod helpers;
mod kvk_api_client;
mod kvk_cache;
mod machtigingen;
mod manage;
mod offer;
mod openapi;
mod operations;
mod orders;
mod organisations;
mod outbox;
mod outbox_worker;
mod postgres;
mod scim;
mod security_headers;
mod session;
mod sms_gateway;
mod smtp_sink;
mod static_files;
mod user_files;
mod webhooks;
mod year;
