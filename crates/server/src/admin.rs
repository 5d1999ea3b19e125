//! `middelpunt-server admin …`: the provider's staff at the command line, against the server's
//! own database and configuration (the same environment), while the server runs or not.
//!
//! - `create`: the way into a fresh deployment (its first admin; after that the back office's
//!   pages appoint managers). It creates an account without a password and prints its one-time
//!   set-up link (valid 24 hours), through which the person chooses a password and adds a
//!   passkey or an authenticator app.
//! - `suspend` / `reactivate`: a suspended account's sessions end at once and it cannot sign in.
//! - `test-mail`: one sample of every e-mail Middelpunt sends, to one address, through the
//!   configured mail transport (SMTP or the development mailbox), at once and not through the
//!   outbox: to see them arrive, and what the relay and spam filters make of them, before a
//!   customer does. Nothing else changes.
//! - `reset-second-factor`: for a person who lost their phone and their recovery codes: the app
//!   and the codes are removed, the sessions end, the person is told by e-mail and adds an app
//!   at the next sign-in.
//!
//! Each change is in the audit log, by "the command line" (actor `system:command-line`): in the
//! log of each of the account's organisations, so their managers see it in Beheer.
//!
//! ```text
//! middelpunt-server admin create --email ops@provider.nl --name "Olga Jansen" --role operator
//! middelpunt-server admin create --email bea@klant.nl --name "Bea de Vries" --role manager \
//!     --level EH3 --kvk 68750110 --kvk 69599084
//! middelpunt-server admin suspend --email bea@klant.nl
//! middelpunt-server admin reset-second-factor --email bea@klant.nl
//! middelpunt-server admin test-mail --to postmaster@provider.nl
//! ```

use domain::Level;
use domain::kvk::KvkNumber;
use sqlx::AnyPool;

use crate::auth::Role;
use crate::auth::accounts::{self, Changed};
use crate::auth::setup::{self, Invitation, InviteError};
use crate::config::Config;
use crate::error::StartError;
use crate::manage::audit::{self, Action, Actor};

/// How to call it.
pub const USAGE: &str = "usage: middelpunt-server admin create --email ADDRESS --name NAME \
                         --role manager|operator|admin[,…] [--level EH2|EH2+|EH3] [--kvk NUMBER]…\n       \
                         middelpunt-server admin suspend|reactivate|reset-second-factor \
                         --email ADDRESS\n       \
                         middelpunt-server admin test-mail --to ADDRESS";

/// One `admin` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Create(CreateArgs),
    Suspend { email: String },
    Reactivate { email: String },
    ResetSecondFactor { email: String },
    TestMail { to: domain::email::Email },
}

/// The parsed arguments of `admin create`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateArgs {
    pub email: String,
    pub name: String,
    /// `manager` alone, or the back office's `operator` and/or `admin`.
    pub roles: Vec<Role>,
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
    #[error("no account has the e-mail address {0}")]
    NoSuchAccount(String),
    #[error("{0}")]
    Failed(String),
}

/// Parses the arguments after `admin`.
pub fn parse_command(args: &[String]) -> Result<Command, AdminError> {
    let usage = |message: String| AdminError::Usage(message);
    let Some((command, rest)) = args.split_first() else {
        return Err(usage("no command given".into()));
    };
    let email = || match rest {
        [flag, email] if flag == "--email" => Ok(email.clone()),
        _ => Err(usage(format!("{command} takes --email ADDRESS"))),
    };
    match command.as_str() {
        "create" => parse(args).map(Command::Create),
        "suspend" => email().map(|email| Command::Suspend { email }),
        "reactivate" => email().map(|email| Command::Reactivate { email }),
        "reset-second-factor" => email().map(|email| Command::ResetSecondFactor { email }),
        "test-mail" => match rest {
            [flag, to] if flag == "--to" => domain::email::parse_email(to)
                .map(|(to, _typo)| Command::TestMail { to })
                .map_err(|error| usage(format!("--to {to:?}: {error}"))),
            _ => Err(usage("test-mail takes --to ADDRESS".into())),
        },
        _ => Err(usage(format!("unknown command {command:?}"))),
    }
}

/// Runs the command; answers what to print. Every change is in the audit log (of each of the
/// account's organisations), by the command line.
pub async fn run(config: &Config, command: &Command) -> Result<String, AdminError> {
    let pool = crate::db::connect(&config.database_url).await?;
    let result = run_on(&pool, config, command).await;
    pool.close().await;
    result
}

async fn run_on(pool: &AnyPool, config: &Config, command: &Command) -> Result<String, AdminError> {
    let now = crate::clock::unix_now();
    let failed = |error: &dyn std::fmt::Display| AdminError::Failed(error.to_string());
    let (email, changed, action, done, already) = match command {
        Command::TestMail { to } => return test_mail(pool, config, to, now).await,
        Command::Create(args) => {
            let link = create(pool, config, args, now).await?;
            return Ok(format!(
                "Account created for {} ({}, roles {}).\n\
                 Send this one-time link to {} (it works once, for 24 hours); through it they \
                 choose a password and add a passkey or an authenticator app:\n\n{link}\n",
                args.name,
                args.email.trim().to_lowercase(),
                args.roles
                    .iter()
                    .map(|role| role.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                args.name,
            ));
        }
        Command::Suspend { email } => (
            email,
            accounts::suspend(pool, email, now)
                .await
                .map_err(|e| failed(&e))?,
            Action::ManagerSuspended,
            "is suspended: its sessions have ended and it cannot sign in until \
             `admin reactivate`",
            "was suspended already",
        ),
        Command::Reactivate { email } => (
            email,
            accounts::reactivate(pool, email)
                .await
                .map_err(|e| failed(&e))?,
            Action::ManagerReactivated,
            "may sign in again",
            "was not suspended",
        ),
        Command::ResetSecondFactor { email } => (
            email,
            accounts::reset_second_factor(pool, email, now)
                .await
                .map_err(|e| failed(&e))?,
            Action::SecondFactorReset,
            "has no second factor now: its sessions have ended, the person is told by \
             e-mail and adds a passkey or an authenticator app at the next sign-in",
            "had no second factor",
        ),
    };
    let email = email.trim().to_lowercase();
    match changed {
        Changed::Done => {
            audit(pool, &email, action, None, now)
                .await
                .map_err(|e| failed(&e))?;
            Ok(format!("The account {email} {done}."))
        }
        Changed::Already => Ok(format!("The account {email} {already}; nothing changed.")),
        Changed::NoSuchAccount => Err(AdminError::NoSuchAccount(email)),
    }
}

/// Records `action` about the account of `email` by the command line: in the audit log of each
/// of its organisations, or once for a back-office account.
async fn audit(
    pool: &AnyPool,
    email: &str,
    action: Action,
    detail: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM managers WHERE email = $1")
        .bind(email)
        .fetch_one(pool)
        .await?;
    let organisations = crate::auth::organisations(pool, id).await?;
    let kvk_numbers: Vec<Option<&str>> = if organisations.is_empty() {
        vec![None]
    } else {
        organisations.iter().map(|kvk| Some(kvk.as_str())).collect()
    };
    let mut connection = pool.acquire().await?;
    for kvk_number in kvk_numbers {
        audit::record(
            &mut connection,
            Actor::COMMAND_LINE,
            kvk_number,
            action,
            email,
            detail,
            now,
        )
        .await?;
    }
    Ok(())
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
    let (mut email, mut name, mut roles, mut level) = (None, None, Vec::new(), Level::Eh3);
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
                for word in value.split(',') {
                    let role = Role::parse(word.trim()).ok_or_else(|| {
                        usage(format!("--role {word:?}: manager, operator or admin"))
                    })?;
                    if !roles.contains(&role) {
                        roles.push(role);
                    }
                }
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
    if roles.is_empty() {
        return Err(usage("--role is missing".into()));
    }
    if !crate::auth::roles_combine(&roles) {
        return Err(usage(
            "--role: manager alone, or operator and/or admin for the back office".into(),
        ));
    }
    if roles == [Role::Manager] && organisations.is_empty() {
        return Err(usage("a manager needs at least one --kvk".into()));
    }
    if roles != [Role::Manager] && !organisations.is_empty() {
        return Err(usage(
            "the back office manages no organisation: drop --kvk".into(),
        ));
    }
    Ok(CreateArgs {
        email,
        name,
        roles,
        level,
        organisations,
    })
}

/// Creates the account and answers its set-up link.
pub async fn create(
    pool: &AnyPool,
    config: &Config,
    args: &CreateArgs,
    now: i64,
) -> Result<String, AdminError> {
    let organisations: Vec<&str> = args.organisations.iter().map(String::as_str).collect();
    let invitation = Invitation {
        email: &args.email,
        name: &args.name,
        level: args.level,
        organisations: &organisations,
        roles: &args.roles,
    };
    let (_id, token) = setup::invite(pool, &invitation, now).await?;
    let email = args.email.trim().to_lowercase();
    let action = if args.roles == [Role::Manager] {
        Action::ManagerAppointed
    } else {
        Action::AccountCreated
    };
    let roles: Vec<&str> = args.roles.iter().map(|role| role.as_str()).collect();
    let detail = format!(
        "rollen: {}; niveau {}",
        roles.join(", "),
        args.level.label()
    );
    audit(pool, &email, action, Some(&detail), now)
        .await
        .map_err(|error| AdminError::Failed(error.to_string()))?;
    Ok(setup::link_url(config.public_url.as_str(), &token))
}

/// `admin test-mail`: every sample e-mail to `to`, through the configured mail transport, one
/// after the other; what went out, and an error naming every sample that did not.
async fn test_mail(
    pool: &AnyPool,
    config: &Config,
    to: &domain::email::Email,
    now: i64,
) -> Result<String, AdminError> {
    let transports = crate::mail::Transports::from_config(&config.mail, pool)
        .map_err(|error| AdminError::Failed(error.to_string()))?;
    let through = match config.mail.smtp() {
        Some(smtp) => format!("the SMTP server {}:{}", smtp.host, smtp.port),
        None => "the development mailbox".to_owned(),
    };
    let samples = crate::mail::samples::all(config.public_url.as_str());
    let mut report = Vec::new();
    let mut failed = Vec::new();
    for (index, (name, mail)) in (0_i64..).zip(samples) {
        // Not an outbox row: an id of its own per run and sample (for the `Message-ID`), far
        // above the outbox's.
        let message = crate::mail::Message {
            outbox_id: now * 100 + index,
            to: to.as_str().to_owned(),
            subject: mail.subject,
            text: mail.text,
            html: Some(mail.html),
        };
        match transports.mail.send(&message).await {
            Ok(()) => report.push(format!("  sent    {name}")),
            Err(error) => {
                report.push(format!("  FAILED  {name}: {error}"));
                failed.push(name);
            }
        }
    }
    let report = report.join("\n");
    if failed.is_empty() {
        Ok(format!(
            "Sent {} sample e-mails to {} through {through}:\n{report}\n",
            report.lines().count(),
            to.as_str()
        ))
    } else {
        Err(AdminError::Failed(format!(
            "{} of the sample e-mails to {} through {through} were not sent:\n{report}",
            failed.len(),
            to.as_str()
        )))
    }
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
        assert_eq!(operator.roles, [Role::Operator]);
        let staff = parse(&args(
            "create --email a@x.nl --name Ada --role admin --role operator,admin",
        ))
        .unwrap();
        assert_eq!(staff.roles, [Role::Admin, Role::Operator]);
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
            message("create --email b@x.nl --name Bea --role boss")
                .contains("manager, operator or admin")
        );
        assert!(message("create --email b@x.nl --name Bea").contains("--role is missing"));
        assert!(message("create --email a@x.nl --name Ada --role manager,admin").contains("alone"));
        assert!(message("create --email b@x.nl --role operator --kvk 1234").contains("8 digits"));
        assert!(message("create --email").contains("needs a value"));
    }

    #[test]
    fn the_other_commands_take_one_address() {
        assert_eq!(
            parse_command(&args("suspend --email b@x.nl")).unwrap(),
            Command::Suspend {
                email: "b@x.nl".into()
            }
        );
        assert_eq!(
            parse_command(&args("reset-second-factor --email b@x.nl")).unwrap(),
            Command::ResetSecondFactor {
                email: "b@x.nl".into()
            }
        );
        let wrong = parse_command(&args("reactivate b@x.nl")).unwrap_err();
        assert!(wrong.to_string().contains("reactivate takes --email"));
        assert!(parse_command(&args("promote --email b@x.nl")).is_err());
    }

    #[test]
    fn test_mail_takes_one_valid_address() {
        assert!(matches!(
            parse_command(&args("test-mail --to postmaster@example.nl")),
            Ok(Command::TestMail { to }) if to.as_str() == "postmaster@example.nl"
        ));
        let wrong = parse_command(&args("test-mail --to postmaster")).unwrap_err();
        assert!(wrong.to_string().contains("has no @"), "{wrong}");
        assert!(parse_command(&args("test-mail --email a@example.nl")).is_err());
    }
}
