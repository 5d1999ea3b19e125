//! Accounts that start empty: [`invite`] creates an account without a password and a one-time
//! link to set it up (`middelpunt-server admin create`, later the back office). The link opens
//! `/account/instellen#…` in the SPA; the token travels in the URL's fragment, which browsers
//! send to no server (no access log, no `Referer`), and from there in the `X-Setup-Token`
//! header.
//!
//! - A set-up link is valid [`SETUP_LINK_SECS`] (24 hours), a reset link [`RESET_LINK_SECS`]
//!   (one hour); either works once (a compare-and-set on `used_at`). Only the SHA-256 of the
//!   token is stored.
//! - The new password follows NIST SP 800-63B: at least [`MIN_PASSWORD_CHARS`] characters, no
//!   composition rules, and refused when it is common or easily guessed ([`check_new_password`],
//!   zxcvbn's dictionaries of common and breached passwords, names and words; no network call).

use api::LinkPurpose;
use sqlx::{AnyConnection, AnyPool};

use super::session::{hash_token, random_token};
use super::{CreateManagerError, NewManager, create_manager};
use crate::error::ApiError;

/// A set-up link works this long, in seconds (24 hours).
pub const SETUP_LINK_SECS: i64 = 24 * 60 * 60;

/// A reset link works this long, in seconds (one hour).
pub const RESET_LINK_SECS: i64 = 60 * 60;

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// The longest password accepted, in characters (NIST asks for at least 64).
pub const MAX_PASSWORD_CHARS: usize = 128;

/// zxcvbn's score (0–4) a password must reach: 3 is "safely unguessable: moderate protection
/// from offline slow-hash scenario" (at least 10^8 guesses).
const MIN_SCORE: u8 = 3;

/// The stored password of an account that has not chosen one: no PHC string, so it verifies
/// nothing (a sign-in checks against the dummy hash instead, in the same time).
pub const NO_PASSWORD: &str = "";

/// Why a new password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRefused {
    TooShort,
    TooLong,
    /// Common, breached, or made of the account's own name or address.
    TooGuessable,
}

impl PasswordRefused {
    /// The reason as the API names it in `details.reason`.
    pub fn reason(self) -> &'static str {
        match self {
            PasswordRefused::TooShort => "too_short",
            PasswordRefused::TooLong => "too_long",
            PasswordRefused::TooGuessable => "too_guessable",
        }
    }
}

/// Checks a new password for the account of `email` and `name`.
pub fn check_new_password(password: &str, email: &str, name: &str) -> Result<(), PasswordRefused> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordRefused::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordRefused::TooLong);
    }
    // zxcvbn matches its dictionaries, and these words of the account's own, in lower case.
    let email = email.to_lowercase();
    let name = name.to_lowercase();
    let mut inputs: Vec<&str> = vec![&email];
    inputs.extend(email.split(['@', '.', '-', '_', '+']));
    inputs.extend(name.split_whitespace());
    let score = u8::from(zxcvbn::zxcvbn(password, &inputs).score());
    if score < MIN_SCORE {
        return Err(PasswordRefused::TooGuessable);
    }
    Ok(())
}

/// A valid link and its account.
#[derive(Debug, Clone)]
pub struct Link {
    /// The stored key: the SHA-256 of the token.
    pub key: String,
    pub manager_id: i64,
    pub purpose: LinkPurpose,
    pub expires_at: i64,
    pub email: String,
    pub name: String,
}

/// Makes a one-time link for the account, in the caller's transaction; answers its token.
pub async fn create_link(
    connection: &mut AnyConnection,
    manager_id: i64,
    purpose: LinkPurpose,
    now: i64,
) -> Result<String, ApiError> {
    let token = random_token()?;
    let lifetime = match purpose {
        LinkPurpose::Setup => SETUP_LINK_SECS,
        LinkPurpose::Reset => RESET_LINK_SECS,
    };
    sqlx::query(
        "INSERT INTO account_links (token_hash, manager_id, purpose, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash_token(&token))
    .bind(manager_id)
    .bind(purpose.as_str())
    .bind(now)
    .bind(now + lifetime)
    .execute(connection)
    .await?;
    Ok(token)
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    manager_id: i64,
    purpose: String,
    expires_at: i64,
    email: String,
    display_name: String,
}

/// The link of `token` when it is unused and has not expired at `now`.
pub async fn find_link(pool: &AnyPool, token: &str, now: i64) -> Result<Option<Link>, ApiError> {
    let key = hash_token(token);
    let row = sqlx::query_as::<_, LinkRow>(
        "SELECT l.manager_id, l.purpose, l.expires_at, m.email, m.display_name \
         FROM account_links l JOIN managers m ON m.id = l.manager_id \
         WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 \
           AND m.suspended_at IS NULL",
    )
    .bind(&key)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        let purpose = LinkPurpose::parse(&row.purpose)
            .ok_or_else(|| ApiError::internal(format!("stored link purpose {:?}", row.purpose)))?;
        Ok(Link {
            key,
            manager_id: row.manager_id,
            purpose,
            expires_at: row.expires_at,
            email: row.email,
            name: row.display_name,
        })
    })
    .transpose()
}

/// Uses the link and sets the account's new password (an argon2id PHC string), in one
/// transaction; ends every session of the account, since a new password ends them. `false` when
/// the link was used in between.
pub async fn use_link(
    pool: &AnyPool,
    link: &Link,
    password_hash: &str,
    now: i64,
) -> Result<bool, ApiError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let used = sqlx::query(
        "UPDATE account_links SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(&link.key)
    .execute(&mut *tx)
    .await?;
    if used.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("UPDATE managers SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(link.manager_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE manager_id = $1")
        .bind(link.manager_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Deletes links that ended more than a week before `now`; answers how many.
pub async fn purge_links(pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM account_links WHERE expires_at < $1")
        .bind(now - 7 * 24 * 60 * 60)
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}

/// The address of a link's page in the SPA, under `public_url` (no trailing slash).
pub fn link_url(public_url: &str, token: &str) -> String {
    format!(
        "{}/account/instellen#{token}",
        public_url.trim_end_matches('/')
    )
}

/// An account to create without a password, to be set up through a link.
#[derive(Debug, Clone)]
pub struct Invitation<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub level: domain::Level,
    pub organisations: &'a [&'a str],
    pub roles: &'a [super::Role],
}

/// Why an account could not be invited.
#[derive(Debug, thiserror::Error)]
pub enum InviteError {
    /// An account with this address exists already (set up or not).
    #[error("an account with the e-mail address {0} exists already")]
    Exists(String),
    #[error("{0:?} is not an e-mail address")]
    Email(String),
    #[error("the name is empty")]
    Name,
    #[error(transparent)]
    Create(#[from] CreateManagerError),
    #[error("{0}")]
    Api(String),
}

impl From<ApiError> for InviteError {
    fn from(error: ApiError) -> Self {
        InviteError::Api(error.to_string())
    }
}

/// Creates the account without a password and a set-up link for it; answers the account's id
/// and the link's token.
pub async fn invite(
    pool: &AnyPool,
    invitation: &Invitation<'_>,
    now: i64,
) -> Result<(i64, String), InviteError> {
    let email = invitation.email.trim().to_lowercase();
    if domain::email::parse_email(&email).is_err() {
        return Err(InviteError::Email(email));
    }
    let name = invitation.name.trim();
    if name.is_empty() {
        return Err(InviteError::Name);
    }
    let mut tx = crate::db::begin_write(pool).await.map_err(ApiError::from)?;
    let (id, created) = create_manager(
        &mut tx,
        &NewManager {
            email: &email,
            name,
            password_hash: NO_PASSWORD,
            level: invitation.level,
            organisations: invitation.organisations,
            roles: invitation.roles,
        },
        now,
    )
    .await?;
    if !created {
        return Err(InviteError::Exists(email));
    }
    let token = create_link(&mut tx, id, LinkPurpose::Setup, now).await?;
    tx.commit().await.map_err(ApiError::from)?;
    Ok((id, token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_long_enough_and_not_easily_guessed_with_no_composition_rules() {
        let check = |p: &str| check_new_password(p, "bea.beheerder@example.nl", "Bea Beheerder");
        assert_eq!(check("Kort-1!"), Err(PasswordRefused::TooShort));
        assert_eq!(check("elf tekens!"), Err(PasswordRefused::TooShort));
        assert_eq!(check(&"x".repeat(129)), Err(PasswordRefused::TooLong));
        // Common and breached passwords, and the account's own name, are refused …
        assert_eq!(check("password1234"), Err(PasswordRefused::TooGuessable));
        assert_eq!(check("qwertyuiop123"), Err(PasswordRefused::TooGuessable));
        assert_eq!(check("beheerder2026"), Err(PasswordRefused::TooGuessable));
        assert_eq!(
            check("aaaaaaaaaaaaaaaa"),
            Err(PasswordRefused::TooGuessable)
        );
        // … lower-case words with spaces are fine: no rule asks for digits or symbols.
        assert_eq!(check("paars konijn fietst naar zee"), Ok(()));
        assert_eq!(check("Middelpunt-demo-2026"), Ok(()));
    }

    #[test]
    fn a_link_opens_the_set_up_page_with_the_token_in_the_fragment() {
        assert_eq!(
            link_url("https://portaal.example.nl/", "abc"),
            "https://portaal.example.nl/account/instellen#abc"
        );
    }
}
