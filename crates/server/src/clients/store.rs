//! The API clients' tables: `api_clients`, `api_client_secrets` (hashes only).

use api::{ClientPermission, ClientStatus};
use sqlx::{AnyConnection, AnyPool};

use super::{ApiClient, ProvisioningProfile, SECRET_PREFIX, price_per_user};
use crate::error::ApiError;
use crate::sql::Sql;

/// A client to insert.
pub(super) struct NewClient<'a> {
    pub id: &'a str,
    pub kvk_number: &'a str,
    pub manager_id: i64,
    pub name: &'a str,
    pub permissions: &'a [ClientPermission],
    pub profile: &'a ProvisioningProfile,
    pub expires_on: &'a str,
    pub now: i64,
}

pub(super) async fn insert(tx: &mut AnyConnection, client: NewClient<'_>) -> Result<(), ApiError> {
    let permissions = client
        .permissions
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let profile = serde_json::to_string(client.profile).map_err(ApiError::internal)?;
    sqlx::query(
        "INSERT INTO api_clients (id, kvk_number, manager_id, name, permissions, profile, \
         expires_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(client.id)
    .bind(client.kvk_number)
    .bind(client.manager_id)
    .bind(client.name)
    .bind(permissions)
    .bind(profile)
    .bind(client.expires_on)
    .bind(client.now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Stores `secret` (as its hash) as the client's current one.
pub(super) async fn insert_secret(
    tx: &mut AnyConnection,
    client_id: &str,
    secret: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let hint: String = secret.chars().take(SECRET_PREFIX.len() + 4).collect();
    sqlx::query(
        "INSERT INTO api_client_secrets (hash, client_id, hint, created_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(crate::auth::session::hash_token(secret))
    .bind(client_id)
    .bind(hint)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The current secret works until `until` (a rotation's grace period).
pub(super) async fn end_current_secret(
    tx: &mut AnyConnection,
    client_id: &str,
    until: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE api_client_secrets SET valid_until = $1 \
         WHERE client_id = $2 AND valid_until IS NULL",
    )
    .bind(until)
    .bind(client_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Revokes the client; `false` when it was revoked already (compare-and-set).
pub(super) async fn revoke(
    tx: &mut AnyConnection,
    client_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE api_clients SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(client_id)
            .execute(&mut *tx)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// A client as listed.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct ClientRow {
    id: String,
    kvk_number: String,
    organisation_name: Option<String>,
    name: String,
    permissions: String,
    profile: String,
    expires_on: String,
    created_at: i64,
    created_by: String,
    revoked_at: Option<i64>,
    last_used_at: Option<i64>,
    secret_hint: Option<String>,
    previous_until: Option<i64>,
    users: i64,
    webhook_url: Option<String>,
    webhook_secret: Option<String>,
    webhook_last_at: Option<i64>,
    webhook_last_status: Option<i64>,
    webhook_last_outcome: Option<String>,
    webhook_failures: i64,
}

impl ClientRow {
    pub(super) fn into_client(self, now: i64) -> Result<ApiClient, ApiError> {
        let profile = parse_profile(&self.profile)?;
        let today = crate::clock::today(now).iso_string();
        let status = if self.revoked_at.is_some() {
            ClientStatus::Revoked
        } else if self.expires_on < today {
            ClientStatus::Expired
        } else {
            ClientStatus::Active
        };
        Ok(ApiClient {
            price_per_user: price_per_user(&profile)?,
            permissions: parse_permissions(&self.permissions)?,
            profile,
            status,
            id: self.id,
            name: self.name,
            kvk_number: self.kvk_number,
            organisation_name: self.organisation_name,
            expires_on: self.expires_on,
            created_at: self.created_at,
            created_by: self.created_by,
            revoked_at: self.revoked_at,
            last_used_at: self.last_used_at,
            secret_hint: self.secret_hint.unwrap_or_default(),
            previous_secret_valid_until: self
                .previous_until
                .filter(|until| *until > now && status == ClientStatus::Active),
            users: self.users,
            webhook: self.webhook_url.map(|url| api::clients::Webhook {
                url,
                secret_hint: self
                    .webhook_secret
                    .unwrap_or_default()
                    .chars()
                    .take(10)
                    .collect(),
                last_delivery_at: self.webhook_last_at,
                last_status: self
                    .webhook_last_status
                    .and_then(|status| u16::try_from(status).ok()),
                last_outcome: self
                    .webhook_last_outcome
                    .as_deref()
                    .and_then(api::clients::WebhookOutcome::parse),
                failures: self.webhook_failures,
            }),
        })
    }
}

/// The clients at `organisations` (all, or the one with `id`), newest first.
pub(super) async fn list(
    pool: &AnyPool,
    organisations: &[String],
    id: Option<&str>,
) -> Result<Vec<ClientRow>, sqlx::Error> {
    if organisations.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT c.id, c.kvk_number, o.name AS organisation_name, c.name, c.permissions, \
         c.profile, c.expires_on, c.created_at, m.display_name AS created_by, c.revoked_at, \
         c.last_used_at, \
         (SELECT s.hint FROM api_client_secrets s \
          WHERE s.client_id = c.id AND s.valid_until IS NULL) AS secret_hint, \
         (SELECT MAX(s.valid_until) FROM api_client_secrets s \
          WHERE s.client_id = c.id) AS previous_until, \
         (SELECT COUNT(*) FROM scim_users u WHERE u.client_id = c.id) AS users, \
         c.webhook_url, c.webhook_secret, c.webhook_last_at, c.webhook_last_status, \
         c.webhook_last_outcome, c.webhook_failures \
         FROM api_clients c JOIN managers m ON m.id = c.manager_id \
         LEFT JOIN organisations o ON o.kvk_number = c.kvk_number WHERE c.kvk_number IN ",
    );
    sql.push_tuple(organisations.to_vec());
    if let Some(id) = id {
        sql.push(" AND c.id = ").push_bind(id.to_owned());
    }
    sql.push(" ORDER BY c.created_at DESC, c.id DESC");
    sql.build_as().fetch_all(pool).await
}

/// What a working secret belongs to.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct Found {
    pub id: String,
    pub kvk_number: String,
    pub name: String,
    pub permissions: String,
    pub profile: String,
    pub last_used_at: Option<i64>,
    pub manager_id: i64,
    pub manager_email: String,
    pub manager_name: String,
    pub manager_level: String,
}

/// The client whose working secret has `hash` at `now` (today `today`, ISO): not revoked, not
/// expired, the secret current or in its grace period, the manager not suspended.
pub(super) async fn find_by_secret(
    pool: &AnyPool,
    hash: &str,
    now: i64,
    today: &str,
) -> Result<Option<Found>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.kvk_number, c.name, c.permissions, c.profile, c.last_used_at, \
         c.manager_id, m.email AS manager_email, m.display_name AS manager_name, \
         m.level AS manager_level \
         FROM api_client_secrets s JOIN api_clients c ON c.id = s.client_id \
         JOIN managers m ON m.id = c.manager_id \
         WHERE s.hash = $1 AND (s.valid_until IS NULL OR s.valid_until > $2) \
         AND c.revoked_at IS NULL AND c.expires_on >= $3 AND m.suspended_at IS NULL",
    )
    .bind(hash)
    .bind(now)
    .bind(today)
    .fetch_optional(pool)
    .await
}

/// Records the client's use at `now`, unless another call did after `since`.
pub(super) async fn touch(
    pool: &AnyPool,
    client_id: &str,
    now: i64,
    since: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE api_clients SET last_used_at = $1 \
         WHERE id = $2 AND (last_used_at IS NULL OR last_used_at <= $3)",
    )
    .bind(now)
    .bind(client_id)
    .bind(since)
    .execute(pool)
    .await?;
    Ok(())
}

/// The permissions as stored (comma-separated words).
pub(super) fn parse_permissions(stored: &str) -> Result<Vec<ClientPermission>, ApiError> {
    stored
        .split(',')
        .filter(|word| !word.is_empty())
        .map(|word| word.parse::<ClientPermission>().map_err(ApiError::internal))
        .collect()
}

/// The profile as stored (JSON).
pub(super) fn parse_profile(stored: &str) -> Result<ProvisioningProfile, ApiError> {
    serde_json::from_str(stored).map_err(ApiError::internal)
}

/// Sets the client's webhook with a new signing secret; the last delivery's record starts over.
pub(super) async fn set_webhook(
    tx: &mut AnyConnection,
    client_id: &str,
    url: Option<(&str, &str)>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE api_clients SET webhook_url = $1, webhook_secret = $2, webhook_last_at = NULL, \
         webhook_last_status = NULL, webhook_last_outcome = NULL, webhook_failures = 0 \
         WHERE id = $3",
    )
    .bind(url.map(|(url, _)| url.to_owned()))
    .bind(url.map(|(_, secret)| secret.to_owned()))
    .bind(client_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
