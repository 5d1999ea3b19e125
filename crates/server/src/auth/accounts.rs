//! What the provider's staff do to an account (`middelpunt-server admin …`, later the back
//! office): suspend it and reactivate it, and reset a lost second factor.
//!
//! - A suspended account's sessions end at once (in the same transaction); it cannot sign in
//!   (403 `account_suspended` after a correct password), its links open nothing and no reset
//!   mail is sent for it.
//! - Resetting the second factor removes the authenticator app and the recovery codes, ends the
//!   account's sessions and tells the person by e-mail; at the next sign-in they add an app
//!   again.

use sqlx::{AnyConnection, AnyPool};

use crate::error::ApiError;
use crate::mail;
use crate::outbox::{self, NewMessage};

/// What a change to an account came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    /// Done.
    Done,
    /// No account has this e-mail address.
    NoSuchAccount,
    /// The account was so already (suspended, or active).
    Already,
}

async fn account_id(pool: &AnyPool, email: &str) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, display_name FROM managers WHERE email = $1")
        .bind(email.trim().to_lowercase())
        .fetch_optional(pool)
        .await
}

/// Suspends the account `id` at `now` and ends its sessions, in the caller's transaction;
/// `false` when it was suspended already.
pub async fn suspend_id(tx: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let suspended =
        sqlx::query("UPDATE managers SET suspended_at = $1 WHERE id = $2 AND suspended_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    sqlx::query("DELETE FROM sessions WHERE manager_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tracing::info!(manager_id = id, "account suspended");
    Ok(suspended.rows_affected() == 1)
}

/// Lifts the suspension of the account `id`; `false` when it was not suspended.
pub async fn reactivate_id(tx: &mut AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    let lifted = sqlx::query(
        "UPDATE managers SET suspended_at = NULL WHERE id = $1 AND suspended_at IS NOT NULL",
    )
    .bind(id)
    .execute(tx)
    .await?;
    tracing::info!(manager_id = id, "account reactivated");
    Ok(lifted.rows_affected() == 1)
}

/// Suspends the account of `email` at `now` and ends its sessions.
pub async fn suspend(pool: &AnyPool, email: &str, now: i64) -> Result<Changed, sqlx::Error> {
    let Some((id, _)) = account_id(pool, email).await? else {
        return Ok(Changed::NoSuchAccount);
    };
    let mut tx = crate::db::begin_write(pool).await?;
    let suspended = suspend_id(&mut tx, id, now).await?;
    tx.commit().await?;
    Ok(changed(suspended))
}

/// Lifts the suspension of the account of `email`.
pub async fn reactivate(pool: &AnyPool, email: &str) -> Result<Changed, sqlx::Error> {
    let Some((id, _)) = account_id(pool, email).await? else {
        return Ok(Changed::NoSuchAccount);
    };
    let mut connection = pool.acquire().await?;
    Ok(changed(reactivate_id(&mut connection, id).await?))
}

fn changed(done: bool) -> Changed {
    if done {
        Changed::Done
    } else {
        Changed::Already
    }
}

/// Removes the account's authenticator app, passkeys and recovery codes, ends its sessions and
/// mails the person, in one transaction.
pub async fn reset_second_factor(
    pool: &AnyPool,
    email: &str,
    now: i64,
) -> Result<Changed, ApiError> {
    let Some((id, name)) = account_id(pool, email).await? else {
        return Ok(Changed::NoSuchAccount);
    };
    let mut tx = crate::db::begin_write(pool).await?;
    reset_second_factor_of(&mut tx, id, &name, email, now).await?;
    tx.commit().await?;
    Ok(Changed::Done)
}

/// Removes the account's authenticator app, passkeys and recovery codes, ends its sessions and
/// mails the person (`name` at `email`), in the caller's transaction.
pub async fn reset_second_factor_of(
    tx: &mut AnyConnection,
    id: i64,
    name: &str,
    email: &str,
    now: i64,
) -> Result<(), ApiError> {
    for table in [
        "totp_authenticators",
        "passkeys",
        "recovery_codes",
        "sessions",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE manager_id = $1"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let mail = mail::account::second_factor_reset(name);
    let to = email.trim().to_lowercase();
    outbox::enqueue(
        tx,
        NewMessage::email(&to, mail, format!("second-factor-reset:{id}:{now}")),
    )
    .await?;
    tracing::info!(manager_id = id, "second factor reset");
    Ok(())
}
