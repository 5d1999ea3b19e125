//! The parts of a SCIM 2.0 service provider (RFC 7643, RFC 7644) that need no database.
//!
//! The server's `/scim/v2/Users` endpoints use this crate for everything that can be decided
//! from a request and a resource alone:
//!
//! * [`filter`]: the `filter` query parameter (RFC 7644 §3.4.2.2), parsed into a [`Filter`]
//!   that tests a resource, and that tells the server when it is one `attr eq value` it can
//!   hand to its SQL query ([`Filter::simple_eq`]).
//! * [`patch`]: the PatchOp request body (RFC 7644 §3.5.2) and [`patch::apply`], including the
//!   quirks of Microsoft Entra ID's provisioning client.
//! * [`attributes`]: the `attributes` and `excludedAttributes` query parameters (RFC 7644 §3.9).
//! * [`list`]: the ListResponse body and the `startIndex`/`count` paging parameters.
//! * [`error`]: the SCIM error body (RFC 7644 §3.12).
//!
//! Resources are handled as [`serde_json::Value`] objects: the server converts its typed user
//! to and from JSON. Attribute names are matched case-insensitively (RFC 7643 §2.1) and a
//! resource's own spelling of a name is kept. This crate decides nothing about mutability or
//! which attributes exist: that is the server's schema.
//!
//! Every error type has a `scim_type()` method giving the `scimType` of the error body.
//!
//! ```
//! use serde_json::json;
//!
//! let mut user = json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!     "id": "2819c223",
//!     "userName": "bjensen",
//!     "active": true,
//! });
//!
//! let filter = scim::parse(r#"userName eq "BJensen""#)?;
//! assert!(filter.matches(&user));
//! assert_eq!(filter.simple_eq(), Some(("username", &json!("BJensen"))));
//!
//! let body = br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
//!     "Operations":[{"op":"Replace","path":"active","value":"False"}]}"#;
//! let request = scim::PatchRequest::from_json(body)?;
//! scim::apply(&mut user, &request)?;
//! assert_eq!(user["active"], json!(false));
//!
//! let shown = scim::project(&user, &["userName"], &[]);
//! assert_eq!(shown, json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!     "id": "2819c223",
//!     "userName": "bjensen",
//! }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// A shared crate: every public item is documented (the other lints are the workspace's).
#![warn(missing_docs)]

pub mod attributes;
pub mod error;
pub mod filter;
pub mod list;
pub mod patch;
mod path;

pub use attributes::{parse_list, project};
pub use error::error_body;
pub use filter::{CompareOp, Filter, FilterError, parse};
pub use list::{Paging, PagingError, list_response};
pub use patch::{Op, Operation, PatchError, PatchRequest, apply};
pub use path::AttrPath;

/// The core User schema, whose attributes sit at the top level of a resource.
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

/// The core Group schema.
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

/// The enterprise User extension (RFC 7643 §4.3), whose attributes sit in an object keyed by
/// this URN.
pub const ENTERPRISE_USER_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The schema of a PATCH request body (RFC 7644 §3.5.2).
pub const PATCH_OP_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// The schema of a list (query) response body (RFC 7644 §3.4.2).
pub const LIST_RESPONSE_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// The schema of an error response body (RFC 7644 §3.12).
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// The prefix of every core schema URN: attributes qualified with such a URN sit at the top
/// level of a resource.
const CORE_SCHEMA_PREFIX: &str = "urn:ietf:params:scim:schemas:core:";
