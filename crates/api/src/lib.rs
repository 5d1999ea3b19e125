//! Middelpunt's HTTP contract, shared by the server (which serialises it) and the SPA (which
//! deserialises it): every request and response body, and every vocabulary the two exchange as
//! strings (request status, event kind, audit action, role, user and means status).
//!
//! A vocabulary is a closed Rust enum: a new variant breaks every exhaustive `match` until each
//! page and each query handles it.

pub mod vocab;

pub use vocab::{ActorKind, AuditAction, EventKind, MeansStatus, RequestStatus, Role, UserStatus};
