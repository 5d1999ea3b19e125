//! `scim_users`: each user a client created, with its request's and means' state joined.

use sqlx::{AnyConnection, AnyPool};

/// A user with the state of its request and means.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct UserRow {
    pub id: String,
    pub user_name: String,
    pub external_id: Option<String>,
    pub resource: String,
    pub request_id: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub status: Option<String>,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub level: Option<String>,
    pub means_id: Option<String>,
    pub means_status: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
}

const SELECT: &str = "SELECT u.id, u.user_name, u.external_id, u.resource, u.request_id, \
     u.version, u.created_at, u.updated_at, r.status, r.email, r.mobile, r.level, \
     m.id AS means_id, m.status AS means_status, m.valid_from, m.valid_until \
     FROM scim_users u LEFT JOIN requests r ON r.id = u.request_id \
     LEFT JOIN means m ON m.request_id = u.request_id";

/// The client's user `id`.
pub(super) async fn find(
    pool: &AnyPool,
    client_id: &str,
    id: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE u.client_id = $1 AND u.id = $2"))
        .bind(client_id)
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// What a list can be narrowed to in SQL before the filter is applied.
pub(super) enum Narrow {
    All,
    /// `userName eq …` (not case-exact).
    UserName(String),
    /// `externalId eq …` (case-exact).
    ExternalId(String),
    /// `id eq …`.
    Id(String),
}

/// The client's users, oldest first, narrowed by `narrow`.
pub(super) async fn list(
    pool: &AnyPool,
    client_id: &str,
    narrow: Narrow,
) -> Result<Vec<UserRow>, sqlx::Error> {
    let (condition, value) = match narrow {
        Narrow::All => ("", None),
        Narrow::UserName(name) => (" AND u.user_name_key = $2", Some(name.to_lowercase())),
        Narrow::ExternalId(external) => (" AND u.external_id = $2", Some(external)),
        Narrow::Id(id) => (" AND u.id = $2", Some(id)),
    };
    let sql = format!("{SELECT} WHERE u.client_id = $1{condition} ORDER BY u.created_at, u.id");
    let mut query = sqlx::query_as(&sql).bind(client_id);
    if let Some(value) = value {
        query = query.bind(value);
    }
    query.fetch_all(pool).await
}

/// Whether another user of the client (not `except`) has this user name.
pub(super) async fn user_name_taken(
    pool: &AnyPool,
    client_id: &str,
    user_name: &str,
    except: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM scim_users WHERE client_id = $1 AND user_name_key = $2")
            .bind(client_id)
            .bind(user_name.to_lowercase())
            .fetch_optional(pool)
            .await?;
    Ok(found.is_some_and(|id| Some(id.as_str()) != except))
}

/// A user as stored.
pub(super) struct Stored<'a> {
    pub id: &'a str,
    pub client_id: &'a str,
    pub user_name: &'a str,
    pub external_id: Option<&'a str>,
    pub resource: &'a str,
    pub request_id: Option<&'a str>,
    pub now: i64,
}

/// Adds a user, in the caller's transaction (`db::begin_write`); `false` when the user name was
/// taken meanwhile.
pub(super) async fn insert(tx: &mut AnyConnection, user: Stored<'_>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO scim_users (id, client_id, user_name, user_name_key, external_id, resource, \
         request_id, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) ON CONFLICT DO NOTHING",
    )
    .bind(user.id)
    .bind(user.client_id)
    .bind(user.user_name)
    .bind(user.user_name.to_lowercase())
    .bind(user.external_id)
    .bind(user.resource)
    .bind(user.request_id)
    .bind(user.now)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The request ordered for a user just created.
pub(super) async fn set_request(
    tx: &mut AnyConnection,
    id: &str,
    request_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE scim_users SET request_id = $1 WHERE id = $2")
        .bind(request_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Replaces a user at `version`, in the caller's transaction (compare-and-set); `false` when another change came first.
pub(super) async fn update(
    tx: &mut AnyConnection,
    user: Stored<'_>,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE scim_users SET user_name = $1, user_name_key = $2, external_id = $3, \
         resource = $4, request_id = $5, version = version + 1, updated_at = $6 \
         WHERE id = $7 AND client_id = $8 AND version = $9",
    )
    .bind(user.user_name)
    .bind(user.user_name.to_lowercase())
    .bind(user.external_id)
    .bind(user.resource)
    .bind(user.request_id)
    .bind(user.now)
    .bind(user.id)
    .bind(user.client_id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes the user, in the caller's transaction (its request, means and audit entries stay).
pub(super) async fn delete(
    tx: &mut AnyConnection,
    client_id: &str,
    id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM scim_users WHERE client_id = $1 AND id = $2")
        .bind(client_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
