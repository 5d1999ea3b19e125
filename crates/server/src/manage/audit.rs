//! The audit log: who did what and when for which organisation. Entries are only ever added
//! ([`record`], in the transaction of the change itself); nothing in the application changes
//! or deletes them. Managers read the entries of their organisations and their own.

use sqlx::AnyConnection;

use super::{ListQuery, Page, PageOf, Paging};
use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::ApiError;

/// What was done: the contract's vocabulary, stored in `audit_log.action`.
pub(crate) use api::AuditAction as Action;

/// The Dutch label of an action, as the audit page's export shows it.
pub(crate) trait ActionLabel {
    /// As the audit page and its export show it, in Dutch.
    fn label(self) -> &'static str;
}

impl ActionLabel for Action {
    /// As the audit page and its export show it, in Dutch.
    fn label(self) -> &'static str {
        match self {
            Action::OrderPlaced => "Bestelling geplaatst",
            Action::RequestCancelled => "Aanvraag geannuleerd",
            Action::OrderCancelled => "Bestelling geannuleerd",
            Action::InvitationResent => "Uitnodiging opnieuw verstuurd",
            Action::EmailCorrected => "E-mailadres gecorrigeerd",
            Action::MobileCorrected => "Mobiel nummer gecorrigeerd",
            Action::DetailsCorrected => "Persoonsgegevens gecorrigeerd",
            Action::MeansRevoked => "Middel ingetrokken",
            Action::RenewalOrdered => "Verlenging besteld",
            Action::LevelChangeOrdered => "Hoger niveau besteld",
            Action::UsersExported => "Gebruikers geëxporteerd",
            Action::AuditExported => "Auditlog geëxporteerd",
            Action::SignedIn => "Ingelogd",
            Action::SignInFailed => "Inloggen mislukt",
            Action::SignInWaited => "Inloggen geweigerd: wachttijd na mislukte pogingen",
            Action::PasswordSet => "Wachtwoord ingesteld",
            Action::AuthenticatorAdded => "Authenticator-app toegevoegd",
            Action::SecondFactorPassed => "Tweede factor gegeven",
            Action::SecondFactorFailed => "Verkeerde code voor de tweede factor",
            Action::RecoveryCodeUsed => "Ingelogd met een herstelcode",
            Action::SessionsEnded => "Andere sessies beëindigd",
            Action::PasskeyAdded => "Passkey toegevoegd",
            Action::PasskeyRemoved => "Passkey verwijderd",
            Action::AuthenticatorRemoved => "Authenticator-app verwijderd",
            Action::RecoveryCodesRenewed => "Nieuwe herstelcodes gemaakt",
            Action::OrganisationRegistered => "Organisatie geregistreerd",
            Action::ManagerAppointed => "Machtigingenbeheerder aangesteld",
            Action::ManagerOrganisationRemoved => "Organisatie van machtigingenbeheerder afgehaald",
            Action::ManagerLevelChanged => "Niveau van machtigingenbeheerder gewijzigd",
            Action::ManagerSuspended => "Machtigingenbeheerder opgeschort",
            Action::ManagerReactivated => "Machtigingenbeheerder weer toegelaten",
            Action::AccountCreated => "Account aangemaakt",
            Action::SecondFactorReset => "Tweede factor verwijderd",
            Action::SetupLinkSent => "Nieuwe link om het account in te stellen verstuurd",
            Action::AuthorisationsAdded => "Machtigingen toegevoegd",
            Action::AuthorisationWithdrawn => "Machtiging ingetrokken",
            Action::AuthorisationEndChanged => "Einddatum van machtiging gewijzigd",
            Action::CoManagerAppointed => "Gebruiker machtigingenbeheerder gemaakt",
            Action::CoManagerWithdrawn => "Rol van machtigingenbeheerder ingetrokken",
            Action::ApiClientCreated => "Koppeling gemaakt",
            Action::ApiClientSecretRotated => "Nieuw geheim voor koppeling gemaakt",
            Action::ApiClientRevoked => "Koppeling ingetrokken",
            Action::ApiClientWebhookSet => "Webhook van koppeling ingesteld",
            Action::ApiClientWebhookRemoved => "Webhook van koppeling verwijderd",
            Action::ApiClientRead => "Gegevens opgevraagd door koppeling",
            Action::ScimUserCreated => "SCIM-gebruiker aangemaakt door koppeling",
            Action::ScimUserChanged => "SCIM-gebruiker gewijzigd door koppeling",
            Action::ScimUserDeleted => "SCIM-gebruiker verwijderd door koppeling",
        }
    }
}

/// What the free-text filter searches in an entry: its subject and detail, folded like the
/// filter's text ([`super::like_pattern`]).
pub(crate) fn search_text(subject: &str, detail: Option<&str>) -> String {
    domain::user::search_key(&format!("{subject} {}", detail.unwrap_or_default()))
}

/// Who did it: an account, as the entry names them, or the command line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Actor<'a> {
    /// The account; `None` for the provider's staff at the command line.
    pub(crate) id: Option<i64>,
    /// The API client acting for the account, if one is: the entry is the client's.
    pub(crate) client: Option<&'a str>,
    pub(crate) name: &'a str,
    pub(crate) email: &'a str,
}

impl Actor<'static> {
    /// The provider's staff at the command line (`middelpunt-server admin …`), who act without
    /// an account: stored as the actor `system:command-line`.
    pub(crate) const COMMAND_LINE: Actor<'static> = Actor {
        id: None,
        client: None,
        name: "Opdrachtregel (middelpunt-server admin)",
        email: "",
    };
}

impl Actor<'_> {
    /// How the entry's `actor` column names this actor.
    pub(crate) fn key(&self) -> String {
        match (self.client, self.id) {
            (Some(client), _) => format!("{}:{client}", api::ActorKind::Client),
            (None, Some(id)) => format!("{}:{id}", api::ActorKind::Manager),
            (None, None) => format!("{}:command-line", api::ActorKind::System),
        }
    }
}

impl<'a> From<&'a CurrentManager> for Actor<'a> {
    fn from(manager: &'a CurrentManager) -> Actor<'a> {
        match &manager.client {
            Some(client) => Actor {
                id: Some(manager.id),
                client: Some(&client.id),
                name: &client.audit_name,
                email: &manager.email,
            },
            None => Actor {
                id: Some(manager.id),
                client: None,
                name: &manager.name,
                email: &manager.email,
            },
        }
    }
}

/// Adds an entry, in the caller's transaction, by `actor` (the signed-in manager, or an account
/// signing in). `kvk_number` is the organisation concerned (`None` for something across the
/// manager's organisations, such as an export of all, or for a sign-in).
pub(crate) async fn record<'a>(
    tx: &mut AnyConnection,
    actor: impl Into<Actor<'a>>,
    kvk_number: Option<&str>,
    action: Action,
    subject: &str,
    detail: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    super::store::audit::insert(tx, actor.into(), kvk_number, action, subject, detail, now).await
}

/// One entry as listed, and a page of them.
pub(crate) use api::manage::{AuditEntry as Entry, Entries};

/// A page of entries, newest first.
pub(crate) async fn list(
    state: &AppState,
    manager: &CurrentManager,
    query: &ListQuery,
) -> Result<Page<Entries>, ApiError> {
    let paging = Paging::parse(query)?;
    let (total, entries) = super::store::audit::page(&state.db, manager, query, paging).await?;
    Ok(Page::new(paging, total, Entries { entries }))
}
