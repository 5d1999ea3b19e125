//! The texts of the manager's year (issue 11): the overview, actions on many people at once
//! (renew, a higher level, revoke, re-send, cancel), the succession of means in Beheer and in
//! the activation, and the wizard's warning about a means held already. A part of the SPA's
//! one table (see `super`).

/// Builds the SPA's text table (`i18n::table!`) of the keys it is given and those of the
/// manager's year.
macro_rules! with_year_texts {
    ($($keys:tt)*) => {
        $crate::i18n::table! {
            $($keys)*

            // ----- Overzicht -----
            YrOverviewTitle => "Overzicht", "Overview";

            // ----- Lopende aanvragen -----
            YrActResend => "Uitnodiging opnieuw sturen", "Send the invitation again";
            YrActCancel => "Aanvraag annuleren", "Cancel the request";

            // ----- Actions on many people -----
            YrActRenew => "Verlengen", "Renew";
            YrActChangeLevel => "Hoger niveau bestellen", "Order a higher level";
            YrActRevoke => "Intrekken", "Revoke";
            YrNobodyRequests => "Er is geen aanvraag geselecteerd. Selecteer eerst aanvragen in Lopende aanvragen.", "No request is selected. Select requests in Open requests first.";
            YrRequestsOne => "1 geselecteerde aanvraag", "1 selected request";
            YrRequestsMany => "{n} geselecteerde aanvragen", "{n} selected requests";
            YrFilterRequests => "alle {n} aanvragen die aan het filter voldoen", "all {n} requests that match the filter";
            YrForSomeRequests => "Voor {done} van de {total} aanvragen", "For {done} of the {total} requests";
            YrNoneDoneRequests => "Voor geen van de {total} aanvragen: er is niets te doen.", "For none of the {total} requests: there is nothing to do.";
            YrSkippedRequestsCaption => "Aanvragen die worden overgeslagen, met de reden", "Requests that are skipped, with the reason";
            YrReasonRequestNotOpen => "Aanvraag loopt niet meer", "Request no longer open";
            YrReasonAlreadyOrdered => "Gebruiker heeft al besteld", "User has already ordered";
            YrReasonSuccessorExists => "Verlenging of hoger niveau al besteld", "Renewal or higher level already ordered";
            YrReasonLevelNotHigher => "Middel heeft dit niveau al of hoger", "Means already has this level or higher";
            YrReasonOrganisationEnded => "Organisatie is beëindigd volgens het Handelsregister", "Organisation has ended according to the Business Register";

            // ----- One person -----
            YrEvRenewalOrdered => "Verlenging besteld", "Renewal ordered";
            YrEvLevelChangeOrdered => "Hoger niveau besteld", "Higher level ordered";
            YrEvReplaced => "Vervangen door een middel op een hoger niveau", "Replaced by a means at a higher level";
            YrAcRenewalOrdered => "Verlenging besteld", "Renewal ordered";
            YrAcLevelChangeOrdered => "Hoger niveau besteld", "Higher level ordered";

            // ----- Koppelingen (issue 12) in the audit log and the timeline -----
            KpAcCreated => "Koppeling gemaakt", "Connection created";
            KpAcSecretRotated => "Nieuw geheim voor koppeling gemaakt", "New secret made for a connection";
            KpAcRevoked => "Koppeling ingetrokken", "Connection revoked";
            KpAcWebhookSet => "Webhook van koppeling ingesteld", "Connection's webhook set";
            KpAcWebhookRemoved => "Webhook van koppeling verwijderd", "Connection's webhook removed";
            KpAcRead => "Gegevens opgevraagd door koppeling", "Data read by a connection";
            KpAcScimCreated => "SCIM-gebruiker aangemaakt door koppeling", "SCIM user created by a connection";
            KpAcScimChanged => "SCIM-gebruiker gewijzigd door koppeling", "SCIM user changed by a connection";
            KpAcScimDeleted => "SCIM-gebruiker verwijderd door koppeling", "SCIM user deleted by a connection";
            KpActorClient => "koppeling {name}", "connection {name}";
            KpActorClientUnnamed => "een koppeling", "a connection";
            KpEvDetailsCorrected => "Persoonsgegevens gecorrigeerd", "Personal details corrected";
            KpAcDetailsCorrected => "Persoonsgegevens gecorrigeerd", "Personal details corrected";

            // ----- The activation -----
            ActRenewing => "U verlengt uw eHerkenningsmiddel {means} (geldig t/m {date}). Het nieuwe middel gaat in op de dag erna.", "You are renewing your eHerkenning means {means} (valid until {date}). The new means starts on the day after.";
            ActNoIdentificationAgain => "U hoeft zich niet opnieuw te identificeren.", "You do not need to be identified again.";
            ActReplacing => "Dit middel op niveau {level} vervangt uw middel {means}; dat stopt zodra het nieuwe is uitgegeven.", "This means at level {level} replaces your means {means}; that one stops as soon as the new one is issued.";

            // ----- The wizard -----
            UsersKnownActiveTitle => "Let op: deze gebruikers hebben al een actief eHerkenningsmiddel bij deze organisatie", "Note: these users already have an active eHerkenning means at this organisation";
            UsersKnownActive => "{email} heeft al een actief eHerkenningsmiddel {level} voor deze organisatie (geldig t/m {date}).", "{email} already has an active eHerkenning means {level} for this organisation (valid until {date}).";
            UsersKnownRenewLink => "Verleng het in Beheer in plaats van een nieuw te bestellen.", "Renew it in Manage instead of ordering a new one.";
            UsersKnownActiveLink => "Bekijk het in Beheer.", "See it in Manage.";
        }
    };
}
