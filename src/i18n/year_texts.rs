//! Beheer's texts of the manager's year (issue 11): the overview and the actions on many people;
//! and of Koppelingen (issue 12, [`clients`]). A table of its own ([`Y`](super::Y)), Dutch then
//! English like the main one, so that only the app that shows them (Beheer's) links them and
//! the first load of the others stays small.

#[macro_use]
mod clients;
#[macro_use]
mod authorisations;

with_authorisation_texts! {
    YrOverviewIntro => "Wat nu uw aandacht vraagt bij uw organisaties. Elke regel opent de lijst met precies die aanvragen of gebruikers.", "What needs your attention at your organisations now. Each line opens the list with exactly those requests or users.";
    YrAttentionTitle => "Vraagt aandacht", "Needs attention";
    YrNothingNeedsAttention => "Er vraagt nu niets uw aandacht.", "Nothing needs your attention right now.";
    YrWaitingForUserNone => "Geen aanvragen die langer dan {days} dagen op de gebruiker wachten", "No requests waiting for the user for more than {days} days";
    YrWaitingForUserOne => "1 aanvraag wacht langer dan {days} dagen op de gebruiker", "1 request has been waiting for the user for more than {days} days";
    YrWaitingForUserMany => "{n} aanvragen wachten langer dan {days} dagen op de gebruiker", "{n} requests have been waiting for the user for more than {days} days";
    YrWaitingForIdNone => "Geen aanvragen die op identificatie wachten", "No requests waiting for identification";
    YrWaitingForIdOne => "1 aanvraag wacht op identificatie", "1 request is waiting for identification";
    YrWaitingForIdMany => "{n} aanvragen wachten op identificatie", "{n} requests are waiting for identification";
    YrIdDueNone => "Geen identificaties met een uiterste datum binnen {days} dagen", "No identifications due within {days} days";
    YrIdDueOne => "Bij 1 aanvraag verloopt de termijn voor identificatie binnen {days} dagen", "For 1 request the identification is due within {days} days";
    YrIdDueMany => "Bij {n} aanvragen verloopt de termijn voor identificatie binnen {days} dagen", "For {n} requests the identification is due within {days} days";
    YrExpiringNone => "Geen middelen die binnen {days} dagen verlopen", "No means expiring within {days} days";
    YrExpiringOne => "1 middel verloopt binnen {days} dagen", "1 means expires within {days} days";
    YrExpiringMany => "{n} middelen verlopen binnen {days} dagen", "{n} means expire within {days} days";
    YrFailedNone => "Geen aanvragen mislukt in de laatste {days} dagen", "No requests failed in the last {days} days";
    YrFailedOne => "1 aanvraag is in de laatste {days} dagen mislukt (afgewezen of verlopen)", "1 request failed in the last {days} days (rejected or expired)";
    YrFailedMany => "{n} aanvragen zijn in de laatste {days} dagen mislukt (afgewezen of verlopen)", "{n} requests failed in the last {days} days (rejected or expired)";
    YrStatusWaitingForUser => "Wacht op gebruiker", "Waiting for the user";
    YrStatusFailed => "Mislukt", "Failed";
    YrActiveFilters => "Ook gefilterd op:", "Also filtered on:";
    YrChipWaitingOver => "Wacht langer dan {days} dagen", "Waiting more than {days} days";
    YrChipDeadlineWithin => "Uiterste datum binnen {days} dagen", "Deadline within {days} days";
    YrChipEndedWithin => "Beëindigd in de laatste {days} dagen", "Ended in the last {days} days";
    YrChipRemove => "(filter verwijderen)", "(remove filter)";
    YrTagRenewal => "Verlenging", "Renewal";
    YrTagLevelChange => "Hoger niveau", "Higher level";
    YrSuccessionLabel => "Soort aanvraag", "Kind of request";
    YrAnEarlierMeans => "een eerder middel", "an earlier means";
    YrRenewTitle => "Middelen verlengen", "Renew means";
    YrChangeLevelTitle => "Hoger niveau bestellen", "Order a higher level";
    YrRevokeTitle => "Middelen intrekken", "Revoke means";
    YrResendTitle => "Uitnodigingen opnieuw sturen", "Send the invitations again";
    YrCancelTitle => "Aanvragen annuleren", "Cancel requests";
    YrUnknownAction => "Actie niet gevonden", "Action not found";
    YrUnknownActionBody => "Deze actie bestaat niet. Kies een actie bij de selectie in Gebruikers of Lopende aanvragen.", "This action does not exist. Choose an action with the selection in Users or Open requests.";
    YrLevelQuestion => "Welk niveau?", "Which level?";
    YrLevelHint => "Hoger dan het huidige middel, en hoogstens uw eigen niveau ({level}).", "Higher than the current means, and at most your own level ({level}).";
    YrChooseLevel => "Kies het nieuwe niveau", "Choose the new level";
    YrNoHigherLevel => "U kunt geen hoger niveau bestellen: uw eigen niveau is {level}.", "You cannot order a higher level: your own level is {level}.";
    YrRenewTermHint => "Het nieuwe middel gaat in op de dag nadat het huidige afloopt, dus verlengen kost geen dagen.", "The new means starts on the day after the current one ends, so renewing early loses no days.";
    YrLevelTermHint => "Het nieuwe middel geldt vanaf de dag dat het wordt uitgegeven.", "The new means is valid from the day it is issued.";
    YrKeepHint => "De machtigingen van het nieuwe middel.", "The authorisations of the new means.";
    YrKeepAuthorisations => "Houden zoals ze nu zijn", "Keep them as they are";
    YrOtherAuthorisations => "Andere machtigingen kiezen", "Choose other authorisations";
    YrKeptAuthorisations => "Machtigingen: ieder houdt de machtigingen die hij nu heeft.", "Authorisations: everyone keeps the authorisations they have now.";
    YrNewAuthorisations => "Machtigingen van de nieuwe middelen: {what}.", "Authorisations of the new means: {what}.";
    YrWillRenew => "Elk middel wordt verlengd met {term}. Het nieuwe middel gaat in op de dag na het einde van het huidige. Iedere gebruiker krijgt een e-mail en bevestigt met een sms-code.", "Each means is renewed for {term}. The new means starts on the day after the current one ends. Every user receives an e-mail and confirms with an SMS code.";
    YrWillChangeLevel => "Iedere gebruiker krijgt een nieuw middel op niveau {level} voor {term}; het huidige middel stopt zodra het nieuwe is uitgegeven. Wie niet in loondienst is, wordt eerst geïdentificeerd.", "Every user gets a new means at level {level} for {term}; the current means stops as soon as the new one is issued. Anyone not employed is identified first.";
    YrWillRevoke => "De eHerkenningsmiddelen worden ingetrokken.", "The eHerkenning means will be revoked.";
    YrRevokeWarning => "Let op: intrekken gaat direct in. De gebruikers kunnen hun eHerkenningsmiddel meteen niet meer gebruiken, en dit kan niet ongedaan worden gemaakt.", "Note: revoking takes effect at once. The users can no longer use their eHerkenning means, and this cannot be undone.";
    YrWillResend => "Iedere gebruiker krijgt een nieuwe uitnodiging per e-mail; de link in de vorige uitnodiging werkt dan niet meer.", "Every user receives a new invitation by e-mail; the link in the previous invitation then stops working.";
    YrWillCancel => "De aanvragen worden geannuleerd; de links in de uitnodigingen werken dan niet meer.", "The requests will be cancelled; the links in the invitations then stop working.";
    YrConfirmRenew => "Verlenging bestellen", "Order the renewal";
    YrConfirmChangeLevel => "Hoger niveau bestellen", "Order the higher level";
    YrConfirmRevoke => "Ja, intrekken", "Yes, revoke";
    YrConfirmResend => "Uitnodigingen versturen", "Send the invitations";
    YrConfirmCancel => "Ja, annuleren", "Yes, cancel";
    YrActionDone => "Klaar: {done} gelukt, {skipped} overgeslagen.", "Done: {done} done, {skipped} skipped.";
    YrOrdersTitle => "Bestellingen", "Orders";
    YrOrdersIntro => "Iedere gebruiker krijgt een uitnodiging per e-mail en bevestigt met een sms-code. Volg de aanvragen per bestelling:", "Every user receives an invitation by e-mail and confirms with an SMS code. Follow the requests per order:";
    YrRenewalOf => "Verlenging van", "Renewal of";
    YrReplaces => "Vervangt", "Replaces";
    YrRenewalOrdered => "Verlenging besteld:", "Renewal ordered:";
    YrLevelChangeOrdered => "Hoger niveau besteld:", "Higher level ordered:";
    YrReplacedBy => "Vervangen door", "Replaced by";
    YrBackToUser => "Terug naar de gebruiker", "Back to the user";
    YrTheNewRequest => "de nieuwe aanvraag", "the new request";
    YrRenewalOrderedMark => "Verlenging besteld", "Renewal ordered";
    YrLevelChangeOrderedMark => "Hoger niveau besteld", "Higher level ordered";

    // ----- Beheer that fits (issue 18): the lists on a phone -----
    BhFiltersToggle => "Filters", "Filters";
    BhFiltersToggleCount => "Filters ({n})", "Filters ({n})";
}
