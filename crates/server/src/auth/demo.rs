//! The demo managers (`MIDDELPUNT_DEMO=true`, which `cargo xtask run` sets): created at start
//! when missing, so a newcomer can try the whole flow at once. Their password is public, so when
//! the demo is off they cannot log in and their sessions are ended at start.

use domain::Level;
use sqlx::AnyPool;

use super::{NewManager, Role, create_manager, password, unix_now};
use crate::error::BoxError;
use crate::kvk::embedded::EmbeddedRegister;

/// The demo managers' password.
pub const PASSWORD: &str = "Middelpunt-demo-2026";

/// Every demo account's address ends with this.
pub const EMAIL_DOMAIN: &str = "@demo.middelpunt.nl";

/// A demo manager.
#[derive(Debug, Clone, Copy)]
pub struct DemoManager {
    pub email: &'static str,
    pub name: &'static str,
    pub level: Level,
    pub organisations: &'static [&'static str],
    pub roles: &'static [Role],
}

/// The demo accounts: an EH3 manager of four of KvK's test numbers in the embedded register
/// (Test BV Donald, Test EMZ Dagobert, Test Stichting Bolderbast, and 96354429, which the register
/// lists as ended: the wizard refuses to order for it), an EH2+ manager, to try "a level above
/// your own", and an operator of the back office, who records identifications.
pub const MANAGERS: [DemoManager; 3] = [
    DemoManager {
        email: "beheerder@demo.middelpunt.nl",
        name: "Bea Beheerder",
        level: Level::Eh3,
        organisations: &["68750110", "69599084", "69599068", "96354429"],
        roles: &[Role::Manager],
    },
    DemoManager {
        email: "beheerder2@demo.middelpunt.nl",
        name: "Bram Beheerder",
        level: Level::Eh2Plus,
        organisations: &["68727720"],
        roles: &[Role::Manager],
    },
    DemoManager {
        email: "operator@demo.middelpunt.nl",
        name: "Olga Operator",
        level: Level::Eh3,
        organisations: &[],
        roles: &[Role::Operator, Role::Admin],
    },
];

/// Whether `email` (lower-cased) is a demo account's.
pub fn is_demo_email(email: &str) -> bool {
    email.ends_with(EMAIL_DOMAIN)
}

/// The line printed at start in demo mode.
pub fn announcement() -> String {
    format!(
        "Demo: log in as {} with password {PASSWORD}",
        MANAGERS[0].email
    )
}

/// Creates the demo managers that are missing and gives them their organisations. Idempotent:
/// an existing demo manager keeps its password hash.
pub async fn seed(pool: &AnyPool) -> Result<(), BoxError> {
    for demo in MANAGERS {
        let exists = sqlx::query("SELECT id FROM managers WHERE email = $1")
            .bind(demo.email)
            .fetch_optional(pool)
            .await?
            .is_some();
        // Hashing costs tens of milliseconds: only for a manager still to be created.
        let password_hash = if exists {
            String::new()
        } else {
            password::hash_blocking(PASSWORD.to_owned())
                .await
                .map_err(|error| error.to_string())?
        };
        let mut connection = pool.acquire().await?;
        let (id, created) = create_manager(
            &mut connection,
            &NewManager {
                email: demo.email,
                name: demo.name,
                password_hash: &password_hash,
                level: demo.level,
                organisations: demo.organisations,
                roles: demo.roles,
            },
            unix_now(),
        )
        .await?;
        if created {
            tracing::info!(id, email = demo.email, "created the demo manager");
        }
    }
    // The demo's organisations by the names the embedded test register gives them.
    let register = EmbeddedRegister::load().map_err(|error| error.to_string())?;
    for organisation in register.organisations() {
        if !MANAGERS.iter().any(|demo| {
            demo.organisations
                .contains(&organisation.kvk_number.as_str())
        }) {
            continue;
        }
        sqlx::query(
            "UPDATE organisations SET name = $1, place = $2 WHERE kvk_number = $3 AND name IS NULL",
        )
        .bind(&organisation.name)
        .bind(organisation.place())
        .bind(&organisation.kvk_number)
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// Ends every session of a demo manager (at start when the demo is off).
pub async fn end_sessions(pool: &AnyPool) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "DELETE FROM sessions WHERE manager_id IN (SELECT id FROM managers WHERE email LIKE $1)",
    )
    .bind(format!("%{EMAIL_DOMAIN}"))
    .execute(pool)
    .await?;
    Ok(result.rows_affected())
}
