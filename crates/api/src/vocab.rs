//! The words the server and the SPA exchange, each a closed enum with its stored and wire
//! spelling (`as_str`, also its serde name) in one place.

use std::fmt;
use std::str::FromStr;

/// A stored or received word that is not in the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownWord {
    /// The vocabulary's name, e.g. `request status`.
    pub vocabulary: &'static str,
    /// What was found.
    pub word: String,
}

impl fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {}: {:?}", self.vocabulary, self.word)
    }
}

impl std::error::Error for UnknownWord {}

/// Declares a vocabulary: the enum with its serde spelling, `ALL`, `as_str`, `parse`,
/// `FromStr` and `Display`, so that the spelling of each word is written exactly once.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident ($label:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $word:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $word)] $variant, )+
        }

        impl $name {
            /// Every word, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word as stored in the database and sent over the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $word, )+
                }
            }

            /// The word for a stored or received spelling, if it is one.
            pub fn parse(word: &str) -> Option<$name> {
                match word {
                    $( $word => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;

            fn from_str(word: &str) -> Result<$name, UnknownWord> {
                $name::parse(word).ok_or_else(|| UnknownWord {
                    vocabulary: $label,
                    word: word.to_string(),
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // Written out rather than derived: `utoipa::ToSchema`'s derive does not read a
        // `#[serde(rename = $word)]` whose literal comes from a macro (it sees a group, not a
        // literal) and would document the variants' Rust names instead of the words.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
                ObjectBuilder::new()
                    .schema_type(SchemaType::Type(Type::String))
                    .enum_values(Some($name::ALL.iter().map(|word| word.as_str())))
                    .description(Some(concat!("A ", $label, ", as stored and sent.")))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        #[cfg(feature = "sqlx")]
        impl sqlx::Type<sqlx::Any> for $name {
            fn type_info() -> <sqlx::Any as sqlx::Database>::TypeInfo {
                <str as sqlx::Type<sqlx::Any>>::type_info()
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'q> sqlx::Encode<'q, sqlx::Any> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, sqlx::Any>>::encode(self.as_str(), buf)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'r> sqlx::Decode<'r, sqlx::Any> for $name {
            fn decode(
                value: <sqlx::Any as sqlx::Database>::ValueRef<'r>,
            ) -> Result<$name, sqlx::error::BoxDynError> {
                let word = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                Ok(word.parse::<$name>()?)
            }
        }
    };
}

vocabulary! {
    /// Where a user's request is.
    RequestStatus ("request status") {
        /// The invitation went out; the user has not opened the link.
        Invited = "invited",
        /// The user opened the link: the e-mail address is confirmed.
        EmailConfirmed = "email_confirmed",
        /// The user typed the right SMS code.
        MobileVerified = "mobile_verified",
        /// The user ordered but is no employee: identification first.
        IdentificationRequired = "identification_required",
        /// The means was issued (finished).
        Issued = "issued",
        /// Refused (finished): the identification failed, or the KvK register lists the
        /// organisation as ended (`EndReason` says which).
        Rejected = "rejected",
        /// The link or the identification deadline passed (finished).
        Expired = "expired",
        /// The manager cancelled the request (finished).
        Cancelled = "cancelled",
    }
}

impl RequestStatus {
    /// Still going: "Lopende aanvragen" lists these by default.
    pub const OPEN: &'static [RequestStatus] = &[
        RequestStatus::Invited,
        RequestStatus::EmailConfirmed,
        RequestStatus::MobileVerified,
        RequestStatus::IdentificationRequired,
    ];

    /// Ended, one way or another.
    pub const FINISHED: &'static [RequestStatus] = &[
        RequestStatus::Issued,
        RequestStatus::Rejected,
        RequestStatus::Expired,
        RequestStatus::Cancelled,
    ];

    /// Before the user ordered: the invitation link's own expiry applies.
    pub const BEFORE_ORDER: &'static [RequestStatus] = &[
        RequestStatus::Invited,
        RequestStatus::EmailConfirmed,
        RequestStatus::MobileVerified,
    ];

    /// Whether the request is still going.
    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }

    /// Whether the user has not ordered yet.
    pub fn before_order(self) -> bool {
        Self::BEFORE_ORDER.contains(&self)
    }
}

vocabulary! {
    /// What happened to a request: one entry of its timeline.
    EventKind ("event kind") {
        /// The manager ordered; the invitation went out.
        Invited = "invited",
        /// The user opened the link: the e-mail address is confirmed.
        EmailConfirmed = "email_confirmed",
        /// An SMS code was sent to the user's mobile number.
        SmsSent = "sms_sent",
        /// The user typed the right code.
        MobileVerified = "mobile_verified",
        /// The user checked the request and ordered.
        UserOrdered = "user_ordered",
        /// The user is no employee: identification first.
        IdentificationRequired = "identification_required",
        /// The operator recorded a successful identification.
        Identified = "identified",
        /// The means was issued.
        Issued = "issued",
        /// The identification failed: the request ended.
        Rejected = "rejected",
        /// The link or the identification deadline passed: the request ended.
        Expired = "expired",
        /// The manager cancelled the request.
        Cancelled = "cancelled",
        /// The manager sent a new invitation link; the old one stopped working.
        InvitationResent = "invitation_resent",
        /// The manager corrected the e-mail address (before it was confirmed).
        EmailCorrected = "email_corrected",
        /// The manager corrected the mobile number (before it was verified).
        MobileCorrected = "mobile_corrected",
        /// The person's names, birth or employment were corrected (through an API client)
        /// before the user confirmed them (`detail`: what changed).
        DetailsCorrected = "details_corrected",
        /// The manager revoked the means.
        Revoked = "revoked",
        /// An invitation or SMS code could not be delivered, after every attempt or for good
        /// (`detail` says which and why).
        MessageUndeliverable = "message_undeliverable",
        /// The KvK register lists the organisation as ended: the request stopped, refused,
        /// without a means (`detail`: since when, `dd-mm-jjjj`, or only the month or year).
        OrganisationEnded = "organisation_ended",
        /// A manager added machtigingen to the means (`detail`: which, and until when).
        AuthorisationsAdded = "authorisations_added",
        /// A manager withdrew machtigingen of the means (`detail`: which).
        AuthorisationWithdrawn = "authorisation_withdrawn",
        /// A manager gave one machtiging a new last day (`detail`: which, from and to).
        AuthorisationEndChanged = "authorisation_end_changed",
        /// A manager made the user a machtigingenbeheerder of the organisation (`detail`: the
        /// level).
        ManagerRoleGiven = "manager_role_given",
        /// The user's role as machtigingenbeheerder was withdrawn.
        ManagerRoleWithdrawn = "manager_role_withdrawn",
        /// A manager ordered the renewal of the means (`detail`: the new request).
        RenewalOrdered = "renewal_ordered",
        /// A manager ordered the means at a higher level (`detail`: the new request).
        LevelChangeOrdered = "level_change_ordered",
        /// The means ended: a means at a higher level replaced it (`detail`: the new means).
        Replaced = "replaced",
    }
}

vocabulary! {
    /// Why a request ended without a means, as stored with it.
    EndReason ("end reason") {
        /// The user did not finish before the invitation link expired.
        InvitationExpired = "invitation_expired",
        /// The identification did not happen before its deadline.
        IdentificationDeadlinePassed = "identification_deadline_passed",
        /// The operator could not identify the user.
        IdentificationRejected = "identification_rejected",
        /// The manager cancelled the request or its order.
        Cancelled = "cancelled",
        /// The KvK register lists the organisation as ended.
        OrganisationEnded = "organisation_ended",
    }
}

vocabulary! {
    /// Who caused an event, without their id (the timeline's `actor`).
    ActorKind ("actor") {
        /// A manager.
        Manager = "manager",
        /// The user of the request, through the link.
        User = "user",
        /// A back-office operator.
        Operator = "operator",
        /// The server itself, e.g. when a deadline passes.
        System = "system",
        /// An API client of a manager (SCIM or the ordering API with a bearer token).
        Client = "client",
    }
}

vocabulary! {
    /// What an API client may do.
    ClientPermission ("client permission") {
        /// Read the users and requests of its organisation (`GET` in SCIM, the Beheer lists
        /// and exports).
        ReadUsers = "read_users",
        /// Order means: SCIM's `POST` and `PUT`/`PATCH` of e-mail and mobile, and
        /// `POST /api/v1/orders`.
        Order = "order",
        /// Revoke means and cancel requests: SCIM's `active=false` and `DELETE`.
        Revoke = "revoke",
    }
}

vocabulary! {
    /// Whether an API client works.
    ClientStatus ("client status") {
        /// Its secrets are accepted.
        Active = "active",
        /// Its last day has passed.
        Expired = "expired",
        /// A manager revoked it.
        Revoked = "revoked",
    }
}

vocabulary! {
    /// What an audit-log entry records.
    AuditAction ("audit action") {
        /// A manager placed an order.
        OrderPlaced = "order_placed",
        /// A manager cancelled one request.
        RequestCancelled = "request_cancelled",
        /// A manager cancelled a whole order.
        OrderCancelled = "order_cancelled",
        /// A manager sent a new invitation link.
        InvitationResent = "invitation_resent",
        /// A manager corrected a user's e-mail address.
        EmailCorrected = "email_corrected",
        /// A manager corrected a user's mobile number.
        MobileCorrected = "mobile_corrected",
        /// A user's names, birth or employment were corrected (through an API client) before
        /// the user confirmed them.
        DetailsCorrected = "details_corrected",
        /// A manager revoked a means.
        MeansRevoked = "means_revoked",
        /// A manager exported the users.
        UsersExported = "users_exported",
        /// A manager exported the audit log.
        AuditExported = "audit_exported",
        /// Someone signed in to the account (the subject is the network address).
        SignedIn = "signed_in",
        /// A wrong password for the account (the subject is the network address).
        SignInFailed = "sign_in_failed",
        /// A sign-in refused unchecked: the network address must wait after failures.
        SignInWaited = "sign_in_waited",
        /// The account chose its password through a set-up or reset link.
        PasswordSet = "password_set",
        /// The account added an authenticator app as its second factor.
        AuthenticatorAdded = "authenticator_added",
        /// A sign-in passed the second factor.
        SecondFactorPassed = "second_factor_passed",
        /// A wrong code for the second factor.
        SecondFactorFailed = "second_factor_failed",
        /// A sign-in passed the second factor with a recovery code (which is now used up).
        RecoveryCodeUsed = "recovery_code_used",
        /// The account ended one of its other sessions, or all of them.
        SessionsEnded = "sessions_ended",
        /// The account added a passkey (the detail is its name).
        PasskeyAdded = "passkey_added",
        /// The account removed a passkey.
        PasskeyRemoved = "passkey_removed",
        /// The account removed its authenticator app (a passkey remains).
        AuthenticatorRemoved = "authenticator_removed",
        /// The account made new recovery codes; the old ones stopped working.
        RecoveryCodesRenewed = "recovery_codes_renewed",
        /// An admin registered the organisation (the subject is its KvK number).
        OrganisationRegistered = "organisation_registered",
        /// An admin appointed a manager for the organisation (the subject is the manager's
        /// address; the detail names the authority).
        ManagerAppointed = "manager_appointed",
        /// An admin took the organisation from a manager.
        ManagerOrganisationRemoved = "manager_organisation_removed",
        /// An admin changed a manager's level (the detail: from and to).
        ManagerLevelChanged = "manager_level_changed",
        /// An admin suspended a manager: their sessions ended.
        ManagerSuspended = "manager_suspended",
        /// An admin lifted a manager's suspension.
        ManagerReactivated = "manager_reactivated",
        /// The provider's staff created a back-office account (command line).
        AccountCreated = "account_created",
        /// The provider's staff removed the account's second factor (command line).
        SecondFactorReset = "second_factor_reset",
        /// An admin sent a manager a new set-up link.
        SetupLinkSent = "setup_link_sent",
        /// A manager added machtigingen to a means (the subject is the means; the detail says
        /// which, until when, for whom and the price).
        AuthorisationsAdded = "authorisations_added",
        /// A manager withdrew a machtiging of a means (the detail says which and whose).
        AuthorisationWithdrawn = "authorisation_withdrawn",
        /// A manager gave a machtiging a new last day (the detail: which, from and to).
        AuthorisationEndChanged = "authorisation_end_changed",
        /// A manager made one of their users a machtigingenbeheerder of the organisation (the
        /// subject is the user's address; the detail the level).
        CoManagerAppointed = "co_manager_appointed",
        /// A manager withdrew a co-manager's role (the subject is their address).
        CoManagerWithdrawn = "co_manager_withdrawn",
        /// A manager ordered the renewal of a means (the subject is the means; the detail the
        /// new request, its term and whose it is).
        RenewalOrdered = "renewal_ordered",
        /// A manager ordered a means at a higher level for a holder (the subject is the old
        /// means; the detail the new request, its level and whose it is).
        LevelChangeOrdered = "level_change_ordered",
        /// A manager created an API client (the subject is the client's id; the detail its
        /// name, permissions and profile).
        ApiClientCreated = "api_client_created",
        /// A manager gave an API client a new secret (the old one works for a grace period).
        ApiClientSecretRotated = "api_client_secret_rotated",
        /// A manager revoked an API client.
        ApiClientRevoked = "api_client_revoked",
        /// A manager set an API client's webhook (the detail is its URL); a new signing
        /// secret was made.
        ApiClientWebhookSet = "api_client_webhook_set",
        /// A manager removed an API client's webhook.
        ApiClientWebhookRemoved = "api_client_webhook_removed",
        /// An API client read users, requests or an order (the subject is the path; the detail
        /// the method and path, the filter if any and how many resources were returned). One
        /// entry per call.
        ApiClientRead = "api_client_read",
        /// An API client created a SCIM user without ordering (`active` false; the subject is
        /// the user's path; the detail its userName and the attributes given).
        ScimUserCreated = "scim_user_created",
        /// An API client changed a stored SCIM user (`PUT`, `PATCH`; the subject is the user's
        /// path; the detail its userName and the names of the attributes changed).
        ScimUserChanged = "scim_user_changed",
        /// An API client deleted a SCIM user (the subject is the user's path; the detail its
        /// userName). Its request, means and entries stay.
        ScimUserDeleted = "scim_user_deleted",
    }
}

vocabulary! {
    /// How far a session is past the second factor.
    SecondFactor ("second factor state") {
        /// Password and second factor given: the session may do what the account may.
        Passed = "passed",
        /// Password given; the code of the authenticator app (or a recovery code) is asked next.
        Required = "required",
        /// Password given, but the account has no second factor yet: it must add one first.
        NotSetUp = "not_set_up",
    }
}

vocabulary! {
    /// What a one-time account link is for.
    LinkPurpose ("link purpose") {
        /// Setting up a new account: password, then second factor.
        Setup = "setup",
        /// Choosing a new password ("Wachtwoord vergeten?").
        Reset = "reset",
    }
}

vocabulary! {
    /// What an account may do.
    Role ("role") {
        /// A machtigingenbeheerder: orders means for the organisations they manage.
        Manager = "manager",
        /// The back office: records the identification of users who are not employees.
        Operator = "operator",
        /// The back office: registers organisations and appoints their managers.
        Admin = "admin",
    }
}

vocabulary! {
    /// How the wettelijk vertegenwoordigers who appointed a manager may sign.
    Authority ("authority") {
        /// Zelfstandig bevoegd: one signature suffices.
        Sole = "sole",
        /// Gezamenlijk bevoegd: they sign together (at least two names).
        Joint = "joint",
    }
}

vocabulary! {
    /// Where an account stands, as the back office lists it.
    AccountState ("account state") {
        /// Created; the person has not set up a password and second factor yet.
        Invited = "invited",
        /// Set up: signs in.
        Active = "active",
        /// Suspended by an admin: cannot sign in.
        Suspended = "suspended",
    }
}

vocabulary! {
    /// A person's state in "Gebruikers".
    UserStatus ("user status") {
        /// Holds a means that is valid today.
        Active = "active",
        /// An open request, no means yet.
        Pending = "pending",
        /// The means was revoked.
        Revoked = "revoked",
        /// The means' validity has passed.
        Expired = "expired",
    }
}

vocabulary! {
    /// An issued means' stored state (its expiry follows from its dates).
    MeansStatus ("means status") {
        /// Issued and not revoked.
        Active = "active",
        /// Revoked by a manager.
        Revoked = "revoked",
    }
}

vocabulary! {
    /// A machtiging's state on a means.
    AuthorisationStatus ("authorisation status") {
        /// Valid today (or from a later day).
        Active = "active",
        /// Withdrawn by a manager: it stopped at once.
        Withdrawn = "withdrawn",
        /// Its last day has passed, or its means was revoked.
        Ended = "ended",
    }
}

vocabulary! {
    /// What a bulk action did for one person.
    BulkOutcome ("bulk outcome") {
        /// Done.
        Done = "done",
        /// Skipped; the reason says why.
        Skipped = "skipped",
    }
}

vocabulary! {
    /// Why a bulk action skipped a person.
    SkipReason ("skip reason") {
        /// No means yet: the request is still open or ended without one.
        NoMeans = "no_means",
        /// The means was revoked or has expired.
        MeansNotActive = "means_not_active",
        /// A chosen service needs a higher level than the person's means.
        LevelTooLow = "level_too_low",
        /// The person has every chosen machtiging already.
        AlreadyPresent = "already_present",
        /// The person does not have the machtiging to withdraw.
        NotPresent = "not_present",
        /// The request is no longer open (cancel, re-send).
        RequestNotOpen = "request_not_open",
        /// The user already ordered: the invitation link has done its work (re-send).
        AlreadyOrdered = "already_ordered",
        /// A renewal or change of level of this means is under way or done already.
        SuccessorExists = "successor_exists",
        /// The means is at the chosen level or above it (change of level).
        LevelNotHigher = "level_not_higher",
        /// The KvK register lists the organisation as ended: no new means.
        OrganisationEnded = "organisation_ended",
    }
}

vocabulary! {
    /// What the overview counts.
    AttentionKind ("attention kind") {
        /// Requests waiting for the user (not ordered yet) for more than 7 days.
        WaitingForUser = "waiting_for_user",
        /// Requests waiting for the identification.
        WaitingForIdentification = "waiting_for_identification",
        /// Identifications whose deadline is within 7 days.
        IdentificationDue = "identification_due",
        /// Active means that expire within 60 days.
        Expiring = "expiring",
        /// Requests that failed (refused or expired) in the last 30 days.
        Failed = "failed",
    }
}

vocabulary! {
    /// How a request follows an earlier means.
    SuccessionKind ("succession kind") {
        /// The same level, valid from the day after the old means ends.
        Renewal = "renewal",
        /// A higher level; the old means ends when the new one is issued.
        LevelChange = "level_change",
    }
}

vocabulary! {
    /// What kind of message the outbox holds (and the development mailbox shows).
    MessageKind ("message kind") {
        /// An e-mail.
        Email = "email",
        /// A text message.
        Sms = "sms",
        /// A webhook call to an API client's URL (the recipient is the client's id).
        Webhook = "webhook",
    }
}

vocabulary! {
    /// The operator's conclusion about an identification.
    IdentificationOutcome ("identification outcome") {
        /// Identified: the means is issued.
        Approved = "approved",
        /// Not identified: the request ends.
        Rejected = "rejected",
    }
}

vocabulary! {
    /// How the operator saw the person.
    IdentificationMethod ("identification method") {
        /// At the desk.
        InPerson = "in_person",
        /// In a video call.
        Video = "video",
    }
}

vocabulary! {
    /// The identity document shown: a passport or a Dutch identity card (no driving licence).
    DocumentType ("document type") {
        /// A passport.
        Passport = "passport",
        /// A Dutch identity card.
        IdCard = "id_card",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "openapi")]
    #[test]
    fn the_document_lists_the_words_as_stored() {
        let schema = |s: utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>| {
            serde_json::to_value(s).expect("a schema serialises")
        };
        let role = schema(<Role as utoipa::PartialSchema>::schema());
        assert_eq!(
            role["enum"],
            serde_json::json!(["manager", "operator", "admin"])
        );
        let status = schema(<RequestStatus as utoipa::PartialSchema>::schema());
        let words: Vec<&str> = RequestStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(status["enum"], serde_json::json!(words));
        assert_eq!(<MessageKind as utoipa::ToSchema>::name(), "MessageKind");
    }

    #[test]
    fn every_word_parses_back_and_serialises_as_stored() {
        for status in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(status.as_str()), Some(*status));
            assert_eq!(status.to_string(), status.as_str());
        }
        assert_eq!(EventKind::parse("sms_sent"), Some(EventKind::SmsSent));
        assert_eq!(AuditAction::parse("nope"), None);
        assert!("nope".parse::<Role>().is_err());
    }

    #[test]
    fn open_and_finished_split_the_statuses() {
        for status in RequestStatus::ALL {
            assert_ne!(
                RequestStatus::OPEN.contains(status),
                RequestStatus::FINISHED.contains(status),
                "{status}"
            );
        }
        assert!(RequestStatus::BEFORE_ORDER.iter().all(|s| s.is_open()));
    }
}
