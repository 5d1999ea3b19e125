//! The audit entries of SCIM writes to the stored user (issue 12: every call of a client is in
//! the audit log under its name). Each is written in the transaction of the store's change, so
//! a change refused or lost to another (`409`, `412`) leaves none. What an order, revocation,
//! cancellation or correction of the same call records is not repeated:
//!
//! - `POST` with `active` false: `scim_user_created` (an active one is the order's entry).
//! - `PUT`, `PATCH`: `scim_user_changed` with the names of the attributes changed, when the call
//!   changed only the stored user, or changed its `userName` or `externalId` besides ordering,
//!   ending or correcting (those identifiers are in no request's entry).
//! - `DELETE`: `scim_user_deleted`, always: the user is gone from SCIM, whatever the revocation
//!   or cancellation of the same call recorded.
//!
//! The detail names the user by `userName` and the attributes by name, never their values.

use serde_json::Value;
use sqlx::AnyConnection;

use super::Client;
use super::store::UserRow;
use crate::manage::audit::{self, Action};

/// The user's path, the entries' subject.
fn path(id: &str) -> String {
    format!("{}/Users/{id}", super::PREFIX)
}

async fn record(
    tx: &mut AnyConnection,
    client: &Client,
    action: Action,
    id: &str,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    // A client acts for exactly one organisation: its entries are that organisation's.
    let organisation = client.0.organisations.first().map(String::as_str);
    let subject = path(id);
    audit::record(
        tx,
        &client.0,
        organisation,
        action,
        &subject,
        Some(detail),
        now,
    )
    .await
}

/// A user created without ordering (`active` false).
pub(super) async fn created(
    tx: &mut AnyConnection,
    client: &Client,
    id: &str,
    user_name: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let detail = format!("userName {user_name}; active false, niets besteld");
    record(tx, client, Action::ScimUserCreated, id, &detail, now).await
}

/// A user changed: `changed` names the attributes (see [`changed_attributes`]).
pub(super) async fn changed(
    tx: &mut AnyConnection,
    client: &Client,
    id: &str,
    user_name: &str,
    changed: &[String],
    now: i64,
) -> Result<(), sqlx::Error> {
    let what = if changed.is_empty() {
        "niets".to_owned()
    } else {
        changed.join(", ")
    };
    let detail = format!("userName {user_name}; gewijzigd: {what}");
    record(tx, client, Action::ScimUserChanged, id, &detail, now).await
}

/// A user deleted.
pub(super) async fn deleted(
    tx: &mut AnyConnection,
    client: &Client,
    row: &UserRow,
    now: i64,
) -> Result<(), sqlx::Error> {
    let detail = format!("userName {}", row.user_name);
    record(tx, client, Action::ScimUserDeleted, &row.id, &detail, now).await
}

/// The names of the attributes that differ between the stored `old` user and the new one:
/// `userName`, `externalId`, then the record's attributes (those of Middelpunt's extension by
/// their own name), in order.
pub(super) fn changed_attributes(
    old: &UserRow,
    user_name: &str,
    external_id: Option<&str>,
    record: &Value,
) -> Vec<String> {
    let mut changed = Vec::new();
    if old.user_name != user_name {
        changed.push("userName".to_owned());
    }
    if old.external_id.as_deref() != external_id {
        changed.push("externalId".to_owned());
    }
    let before: Value = serde_json::from_str(&old.resource).unwrap_or(Value::Null);
    differing(&before, record, true, &mut changed);
    changed
}

/// The keys of two objects whose values differ, sorted; inside the extension (`nested`) by
/// the extension's keys.
fn differing(before: &Value, after: &Value, nested: bool, into: &mut Vec<String>) {
    let empty = serde_json::Map::new();
    let (before, after) = (
        before.as_object().unwrap_or(&empty),
        after.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let (old, new) = (before.get(key), after.get(key));
        if old == new {
            continue;
        }
        if nested && key == super::EXTENSION {
            let null = Value::Null;
            differing(old.unwrap_or(&null), new.unwrap_or(&null), false, into);
        } else {
            into.push(key.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_changed_attributes_are_named_not_their_values() {
        let old = UserRow {
            id: "u1".into(),
            user_name: "sanne@gemeente.nl".into(),
            external_id: Some("ext-1".into()),
            resource: json!({
                "name": { "givenName": "Sanne" },
                super::super::EXTENSION: { "birthPlace": "Zwolle", "employed": true }
            })
            .to_string(),
            request_id: None,
            version: 1,
            created_at: 0,
            updated_at: 0,
            status: None,
            email: None,
            mobile: None,
            level: None,
            means_id: None,
            means_status: None,
            valid_from: None,
            valid_until: None,
        };
        let record = json!({
            "name": { "givenName": "Sanne" },
            "title": "Adviseur",
            super::super::EXTENSION: { "birthPlace": "Kampen", "employed": true }
        });
        assert_eq!(
            changed_attributes(&old, "sanne@gemeente.nl", Some("ext-2"), &record),
            ["externalId", "title", "birthPlace"]
        );
        assert!(
            changed_attributes(
                &old,
                "sanne@gemeente.nl",
                Some("ext-1"),
                &serde_json::from_str(&old.resource).unwrap()
            )
            .is_empty()
        );
    }
}
