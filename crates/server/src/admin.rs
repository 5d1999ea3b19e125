//! `middelpunt-server admin create`: the way into a fresh deployment. It creates an account
//! without a password and prints its one-time set-up link (valid 24 hours), through which the
//! person chooses a password and adds an authenticator app. It runs against the server's own
//! database and configuration (the same environment), and may run while the server does.
//!
//! ```text
//! middelpunt-server admin create --email ops@provider.nl --name "Olga Jansen" --role operator
//! middelpunt-server admin create --email bea@klant.nl --name "Bea de Vries" --role manager \
//!     --level EH3 --kvk 68750110 --kvk 69599084
//! ```

use domain::Level;
use domain::kvk::KvkNumber;

use crate::auth::Role;
use crate::auth::setup::{self, Invitation, InviteError};
use crate::config::Config;
use crate::error::StartError;

/// How to call it.
pub const USAGE: &str = "usage: middelpunt-server admin create --email ADDRESS --name NAME \
                         --role manager|operator [--level EH2|EH2+|EH3] [--kvk NUMBER]…";

/// The parsed arguments of `admin create`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateArgs {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The manager's own level (the highest they may order at); EH3 when not given.
    pub level: Level,
    /// The organisations a manager manages; none for an operator.
    pub organisations: Vec<String>,
}

/// Why `admin` could not run.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Start(#[from] StartError),
    #[error(transparent)]
    Invite(#[from] InviteError),
}

/// Parses `create …` (the arguments after `admin`).
pub fn parse(args: &[String]) -> Result<CreateArgs, AdminError> {
    let usage = |message: String| AdminError::Usage(message);
    let (command, args) = args
        .split_first()
        .ok_or_else(|| usage("no command given".into()))?;
    if command != "create" {
        return Err(usage(format!("unknown command {command:?}")));
    }
    let (mut email, mut name, mut role, mut level) = (None, None, None, Level::Eh3);
    let mut organisations = Vec::new();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| usage(format!("{flag} needs a value")))?;
        match flag.as_str() {
            "--email" => email = Some(value.clone()),
            "--name" => name = Some(value.clone()),
            "--role" => {
                role = Some(match value.as_str() {
                    "manager" => Role::Manager,
                    "operator" => Role::Operator,
                    _ => return Err(usage(format!("--role {value:?}: manager or operator"))),
                });
            }
            "--level" => {
                level = Level::parse(value)
                    .ok_or_else(|| usage(format!("--level {value:?}: EH2, EH2+ or EH3")))?;
            }
            "--kvk" => {
                let kvk = KvkNumber::parse_exact(value)
                    .ok_or_else(|| usage(format!("--kvk {value:?}: a KvK number of 8 digits")))?;
                organisations.push(kvk.as_str().to_owned());
            }
            _ => return Err(usage(format!("unknown option {flag}"))),
        }
    }
    let email = email.ok_or_else(|| usage("--email is missing".into()))?;
    let name = name.ok_or_else(|| usage("--name is missing".into()))?;
    let role = role.ok_or_else(|| usage("--role is missing".into()))?;
    match role {
        Role::Manager if organisations.is_empty() => {
            return Err(usage("a manager needs at least one --kvk".into()));
        }
        Role::Operator if !organisations.is_empty() => {
            return Err(usage(
                "an operator manages no organisation: drop --kvk".into(),
            ));
        }
        _ => {}
    }
    Ok(CreateArgs {
        email,
        name,
        role,
        level,
        organisations,
    })
}

/// Creates the account and answers its set-up link.
pub async fn create(config: &Config, args: &CreateArgs) -> Result<String, AdminError> {
    let pool = crate::db::connect(&config.database_url).await?;
    let organisations: Vec<&str> = args.organisations.iter().map(String::as_str).collect();
    let invitation = Invitation {
        email: &args.email,
        name: &args.name,
        level: args.level,
        organisations: &organisations,
        role: args.role,
    };
    let (_id, token) = setup::invite(&pool, &invitation, crate::clock::unix_now()).await?;
    pool.close().await;
    Ok(setup::link_url(config.public_url.as_str(), &token))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn create_takes_an_operator_or_a_manager_with_organisations() {
        let operator = parse(&args("create --email o@x.nl --name Olga --role operator")).unwrap();
        assert_eq!(operator.role, Role::Operator);
        assert_eq!(operator.level, Level::Eh3);
        let manager = parse(&args(
            "create --email b@x.nl --name Bea --role manager --level EH2+ --kvk 68750110",
        ))
        .unwrap();
        assert_eq!(manager.level, Level::Eh2Plus);
        assert_eq!(manager.organisations, ["68750110"]);
    }

    #[test]
    fn wrong_arguments_say_what_is_wrong() {
        let message = |line: &str| parse(&args(line)).unwrap_err().to_string();
        assert!(message("delete").contains("unknown command"));
        assert!(message("create --email b@x.nl --name Bea --role manager").contains("--kvk"));
        assert!(
            message("create --email b@x.nl --name Bea --role boss").contains("manager or operator")
        );
        assert!(message("create --email b@x.nl --name Bea").contains("--role is missing"));
        assert!(message("create --email b@x.nl --role operator --kvk 1234").contains("8 digits"));
        assert!(message("create --email").contains("needs a value"));
    }
}
