//! The texts of Beheer's machtigingen (issue 15): adding, changing and withdrawing the
//! machtigingen of one person or of many at once, and the co-manager role. A part of Beheer's
//! table ([`Y`](crate::i18n::Y)): only Beheer shows them.

/// Builds Beheer's text table (`i18n::table!`) of the keys it is given and those of
/// Beheer's machtigingen.
macro_rules! with_authorisation_texts {
    ($($keys:tt)*) => {
        with_client_texts! {
            $($keys)*

            // ----- The timeline and the audit log -----
            BhEvAuthorisationsAdded => "Machtigingen toegevoegd", "Authorisations added";
            BhEvAuthorisationWithdrawn => "Machtiging ingetrokken", "Authorisation withdrawn";
            BhEvAuthorisationEndChanged => "Einddatum van een machtiging gewijzigd", "End date of an authorisation changed";
            BhEvManagerRoleGiven => "Machtigingenbeheerder gemaakt", "Made authorisation manager";
            BhEvManagerRoleWithdrawn => "Rol van machtigingenbeheerder ingetrokken", "Authorisation manager role withdrawn";
            BhAcAuthorisationsAdded => "Machtigingen toegevoegd", "Authorisations added";
            BhAcAuthorisationWithdrawn => "Machtiging ingetrokken", "Authorisation withdrawn";
            BhAcAuthorisationEndChanged => "Einddatum van een machtiging gewijzigd", "End date of an authorisation changed";
            BhAcCoManagerAppointed => "Gebruiker machtigingenbeheerder gemaakt", "User made authorisation manager";
            BhAcCoManagerWithdrawn => "Rol van machtigingenbeheerder ingetrokken", "Authorisation manager role withdrawn";

            // ----- One person's machtigingen (the user's page) -----
            BhColAuthStatus => "Status", "Status";
            BhColAuthActions => "Wijzigen", "Change";
            BhAuthActive => "Actief", "Active";
            BhAuthWithdrawn => "Ingetrokken", "Withdrawn";
            BhAuthWithdrawnOn => "Ingetrokken op {date}", "Withdrawn on {date}";
            BhAuthEnded => "Beëindigd", "Ended";
            BhAuthWithdraw => "Intrekken", "Withdraw";
            BhAuthChangeEnd => "Einddatum wijzigen", "Change the end date";
            BhAuthWithdrawQuestion => "Machtiging ‘{service}’ van {name} intrekken? Dit gaat direct in: {name} kan daarmee dan nergens meer inloggen.", "Withdraw the authorisation ‘{service}’ of {name}? This takes effect at once: {name} can then no longer log in with it.";
            BhAuthWithdrawYes => "Ja, machtiging intrekken", "Yes, withdraw the authorisation";
            BhAuthWithdrawnNotice => "Machtiging ‘{service}’ van {name} is ingetrokken.", "The authorisation ‘{service}’ of {name} has been withdrawn.";
            BhAuthNewEnd => "Nieuwe einddatum van ‘{service}’", "New end date of ‘{service}’";
            BhAuthNewEndHint => "Vanaf vandaag, uiterlijk {date}", "From today, at the latest {date}";
            BhAuthNewEndMissing => "Vul een einddatum in", "Enter an end date";
            BhAuthSaveEnd => "Einddatum opslaan", "Save the end date";
            BhAuthCancelEnd => "Annuleren", "Cancel";
            BhAuthEndChanged => "Machtiging ‘{service}’ van {name} is nu geldig tot en met {date}.", "The authorisation ‘{service}’ of {name} is now valid up to and including {date}.";
            BhAuthAdd => "Machtigingen toevoegen", "Add authorisations";
            BhAuthMeansNotActive => "Dit middel is niet meer actief: machtigingen toevoegen, wijzigen of intrekken kan niet meer.", "This means is no longer active: authorisations can no longer be added, changed or withdrawn.";
            BhAuthAddedOne => "Machtiging toegevoegd: {services}.", "Authorisation added: {services}.";
            BhAuthAddedMany => "Machtigingen toegevoegd: {services}.", "Authorisations added: {services}.";

            // ----- Adding machtigingen to one means -----
            BhAddTitle => "Machtigingen toevoegen", "Add authorisations";
            BhAddFor => "Machtigingen toevoegen voor {name}", "Add authorisations for {name}";
            BhAddBack => "Terug naar {name}", "Back to {name}";
            BhAddIntro => "Het middel van {name} heeft niveau {level}. U kunt machtigingen toevoegen tot en met niveau {max}.", "The means of {name} has level {level}. You can add authorisations up to and including level {max}.";
            BhAddAllQuestion => "Machtiging voor alle diensten?", "Authorisation for all services?";
            BhAddAllHint => "Met een machtiging voor alle diensten kan {name} inloggen bij alle bestaande en toekomstige diensten op niveau {level} of lager.", "With an authorisation for all services {name} can log in to all existing and future services at level {level} or lower.";
            BhAddChooseAll => "Kies of {name} een machtiging voor alle diensten krijgt", "Choose whether {name} gets an authorisation for all services";
            BhServicesLegend => "Diensten", "Services";
            BhValidUntil => "Geldig tot en met", "Valid up to and including";
            BhValidUntilHint => "Uiterlijk {date}, de einddatum van het middel", "At the latest {date}, the end date of the means";
            BhBulkValidUntilHint => "Niet verplicht. Leeg: tot de einddatum van ieders middel.", "Optional. Empty: until the end date of each person's means.";
            BhPriceFree => "Gratis: de eerste 5 machtigingen per middel kosten niets.", "Free: the first 5 authorisations per means cost nothing.";
            BhPrice => "Prijs: {excl} excl. btw ({incl} incl. btw)", "Price: {excl} excl. VAT ({incl} incl. VAT)";
            BhPriceBusy => "Prijs berekenen…", "Calculating the price…";
            BhAlreadyPresent => "Heeft {name} al, wordt niet dubbel toegevoegd: {services}", "{name} already has these, they are not added twice: {services}";
            BhAddSubmit => "Toevoegen", "Add";
            BhAdding => "Bezig met toevoegen…", "Adding…";

            // ----- Co-manager -----
            BhRoleTitle => "Machtigingenbeheerder", "Authorisation manager";
            BhRoleIntro => "Maak {name} machtigingenbeheerder van {organisation}: dan kan {name} zelf middelen bestellen en machtigingen beheren, tot en met het niveau dat u kiest. Dit is gratis.", "Make {name} an authorisation manager of {organisation}: {name} can then order means and manage authorisations, up to the level you choose. This is free.";
            BhRoleLevel => "Tot welk niveau mag {name} beheren?", "Up to which level may {name} manage?";
            BhRoleLevelHint => "Hoogstens het niveau van het middel van {name} en uw eigen niveau", "At most the level of the means of {name} and your own level";
            BhRoleLevelMissing => "Kies het niveau", "Choose the level";
            BhRoleGive => "Maak machtigingenbeheerder", "Make authorisation manager";
            BhRoleGiveQuestion => "{name} machtigingenbeheerder maken, tot en met niveau {level}? {name} krijgt een e-mail met een link om een account in te stellen.", "Make {name} an authorisation manager, up to level {level}? {name} receives an e-mail with a link to set up an account.";
            BhRoleGiveYes => "Ja, maak machtigingenbeheerder", "Yes, make authorisation manager";
            BhRoleGiven => "{name} is machtigingenbeheerder, tot en met niveau {level}. Er is een e-mail verstuurd om het account in te stellen.", "{name} is an authorisation manager, up to level {level}. An e-mail has been sent to set up the account.";
            BhRoleSince => "Machtigingenbeheerder sinds {date}, niveau {level}, account: {state}", "Authorisation manager since {date}, level {level}, account: {state}";
            BhRoleInvited => "uitgenodigd", "invited";
            BhRoleActive => "actief", "active";
            BhRoleSuspended => "opgeschort", "suspended";
            BhRoleWithdraw => "Rol intrekken", "Withdraw the role";
            BhRoleWithdrawQuestion => "Weet u zeker dat u de rol van machtigingenbeheerder van {name} wilt intrekken? {name} kan dan niet meer inloggen in Middelpunt.", "Are you sure you want to withdraw the authorisation manager role of {name}? {name} can then no longer log in to Middelpunt.";
            BhRoleWithdrawYes => "Ja, rol intrekken", "Yes, withdraw the role";
            BhRoleWithdrawn => "{name} is geen machtigingenbeheerder meer.", "{name} is no longer an authorisation manager.";

            // ----- Selecting people in Gebruikers -----
            BhSelectRow => "Selecteer {name}", "Select {name}";
            BhSelectPage => "Selecteer alle op deze pagina", "Select all on this page";
            BhSelectedNone => "Niemand geselecteerd", "Nobody selected";
            BhSelectedOne => "1 geselecteerd", "1 selected";
            BhSelectedMany => "{n} geselecteerd", "{n} selected";
            BhSelectAllMatching => "Selecteer alle {n} die aan dit filter voldoen", "Select all {n} that match this filter";
            BhSelectedAllMatching => "Alle {n} geselecteerd", "All {n} selected";
            BhSelectionClear => "Selectie wissen", "Clear the selection";
            BhSelectionActions => "Met de selectie", "With the selection";
            BhBulkAdd => "Machtiging toevoegen", "Add an authorisation";
            BhBulkWithdraw => "Machtiging intrekken", "Withdraw an authorisation";

            // ----- A change for many people -----
            BhBulkAddTitle => "Machtiging toevoegen voor de selectie", "Add an authorisation for the selection";
            BhBulkWithdrawTitle => "Machtiging intrekken bij de selectie", "Withdraw an authorisation from the selection";
            BhBulkBack => "Terug naar Gebruikers", "Back to Users";
            BhBulkNobody => "Er is niemand geselecteerd. Selecteer eerst gebruikers in Gebruikers.", "Nobody is selected. Select users in Users first.";
            BhBulkFor => "Voor: {who}", "For: {who}";
            BhBulkPeopleOne => "1 geselecteerde gebruiker", "1 selected user";
            BhBulkPeopleMany => "{n} geselecteerde gebruikers", "{n} selected users";
            BhBulkFilterPeople => "alle {n} gebruikers die aan het filter voldoen", "all {n} users that match the filter";
            BhBulkWithdrawHint => "Alleen een machtiging die precies zo is gegeven wordt ingetrokken: alle diensten, alle diensten van een dienstverlener, of één dienst.", "Only an authorisation given exactly like this is withdrawn: all services, all services of a provider, or one service.";
            BhBulkAllHint => "Op het niveau van ieders middel, en hoogstens uw eigen niveau ({level}).", "At the level of each person's means, and at most your own level ({level}).";
            BhBulkPreview => "Doorgaan", "Continue";
            BhBulkPreviewing => "Bezig met nagaan…", "Checking…";
            BhBulkCheckTitle => "Controleer en bevestig", "Check and confirm";
            BhBulkWillAdd => "Machtigingen die worden toegevoegd: {what}", "Authorisations to be added: {what}";
            BhBulkWillWithdraw => "Machtigingen die worden ingetrokken: {what}", "Authorisations to be withdrawn: {what}";
            BhBulkAllServices => "alle diensten", "all services";
            BhBulkForSome => "Voor {done} van de {total} gebruikers", "For {done} of the {total} users";
            BhBulkNoneDone => "Voor geen van de {total} gebruikers: er is niets te doen.", "For none of the {total} users: there is nothing to do.";
            BhBulkSkippedTitle => "Overgeslagen", "Skipped";
            BhBulkSkippedCaption => "Gebruikers die worden overgeslagen, met de reden", "Users who are skipped, with the reason";
            BhBulkResultCaption => "Uitkomst per gebruiker", "Outcome per user";
            BhBulkChange => "Keuze wijzigen", "Change the choice";
            BhBulkConfirm => "Bevestigen", "Confirm";
            BhBulkConfirming => "Bezig…", "Working…";
            BhBulkResultTitle => "Uitkomst", "Outcome";
            BhBulkResult => "{done} gelukt, {skipped} overgeslagen", "{done} done, {skipped} skipped";
            BhBulkChanged => "De wijziging is doorgevoerd: {done} gelukt, {skipped} overgeslagen.", "The change has been made: {done} done, {skipped} skipped.";
            BhColOutcome => "Uitkomst", "Outcome";
            BhColReason => "Toelichting", "Explanation";
            BhOutcomeDone => "Gelukt", "Done";
            BhOutcomeSkipped => "Overgeslagen", "Skipped";
            BhReasonNoMeans => "Nog geen middel", "No means yet";
            BhReasonMeansNotActive => "Middel niet actief", "Means not active";
            BhReasonLevelTooLow => "Niveau te laag", "Level too low";
            BhReasonAlreadyPresent => "Heeft deze machtiging al", "Already has this authorisation";
            BhReasonNotPresent => "Heeft deze machtiging niet", "Does not have this authorisation";
        }
    };
}
