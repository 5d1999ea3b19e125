//! Middelpunt's HTTP contract, shared by the server (which serialises it) and the SPA (which
//! deserialises it): every request and response body, and every vocabulary the two exchange as
//! strings (request status, event kind, audit action, role, user and means status).
//!
//! A vocabulary is a closed Rust enum: a new variant breaks every exhaustive `match` until each
//! page and each query handles it. The bodies are grouped by feature, one module each, named
//! like the paths they travel on (`/api/v1/session` → [`session`], …).

// A shared crate: every public item is documented (the other lints are the workspace's).
#![warn(missing_docs)]

pub mod account;
pub mod activation;
pub mod authorisations;
pub mod back_office;
pub mod clients;
pub mod dev;
pub mod error;
pub mod health;
pub mod identifications;
pub mod manage;
pub mod orders;
pub mod session;
pub mod vocab;
pub mod year;

pub use vocab::{
    AccountState, ActorKind, AttentionKind, AuditAction, AuthorisationStatus, Authority,
    BulkOutcome, ClientPermission, ClientStatus, DocumentType, EndReason, EventKind,
    IdentificationMethod, IdentificationOutcome, LinkPurpose, MeansStatus, MessageKind,
    RequestStatus, Role, SecondFactor, SkipReason, SuccessionKind, UnknownWord, UserStatus,
};
