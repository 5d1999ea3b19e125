//! The texts of Koppelingen (issue 12): the API clients through which an HR system or identity
//! provider orders and revokes means itself. A part of Beheer's table ([`Y`](crate::i18n::Y)).

/// Builds Beheer's text table (`i18n::table!`) of the keys it is given and those of
/// Koppelingen.
macro_rules! with_client_texts {
    ($($keys:tt)*) => {
        $crate::i18n::table! {
            $($keys)*

            // ----- The list -----
            KpTitle => "Koppelingen", "Connections";
            KpIntro => "Met een koppeling bestelt een HR-systeem of een identity provider, zoals Microsoft Entra ID, zelf eHerkenningsmiddelen voor nieuwe medewerkers en trekt ze in als iemand vertrekt, via SCIM 2.0. Elke koppeling werkt voor één organisatie, met een geheim dat u aan dat systeem geeft.", "With a connection, an HR system or an identity provider such as Microsoft Entra ID orders eHerkenning means for new employees itself and revokes them when someone leaves, through SCIM 2.0. Each connection works for one organisation, with a secret you give to that system.";
            KpEmpty => "U heeft nog geen koppelingen. Voeg er een toe om uw HR-systeem of identity provider (zoals Microsoft Entra ID) zelf eHerkenningsmiddelen te laten bestellen en intrekken via SCIM 2.0.", "You have no connections yet. Add one to let your HR system or identity provider (such as Microsoft Entra ID) order and revoke eHerkenning means itself through SCIM 2.0.";
            KpAdd => "Koppeling toevoegen", "Add a connection";
            KpCaption => "Koppelingen van uw organisaties, nieuwste eerst", "Connections of your organisations, newest first";
            KpColName => "Naam", "Name";
            KpColProfile => "Profiel", "Profile";
            KpColLastUsed => "Laatst gebruikt", "Last used";
            KpColUsers => "Gebruikers", "Users";
            KpNeverUsed => "Nog niet gebruikt", "Not used yet";
            KpStatusActive => "Actief", "Active";
            KpStatusExpired => "Verlopen", "Expired";
            KpStatusRevoked => "Ingetrokken", "Revoked";
            KpProfileShort => "{level}, {term}", "{level}, {term}";

            // ----- What a client may do -----
            KpPermReadUsers => "Gebruikers lezen", "Read users";
            KpPermReadUsersHint => "De gebruikers en aanvragen van de organisatie opvragen.", "Retrieve the organisation's users and requests.";
            KpPermOrder => "Middelen bestellen", "Order means";
            KpPermOrderHint => "Nieuwe gebruikers aanmaken: ieder krijgt een eHerkenningsmiddel volgens het profiel hieronder.", "Create new users: each gets an eHerkenning means according to the profile below.";
            KpPermRevoke => "Middelen intrekken en aanvragen annuleren", "Revoke means and cancel requests";
            KpPermRevokeHint => "Gebruikers uitschakelen of verwijderen: hun middel wordt ingetrokken of hun aanvraag geannuleerd.", "Deactivate or delete users: their means is revoked or their request cancelled.";

            // ----- Adding one -----
            KpNewIntro => "Het systeem dat u koppelt, krijgt een geheim waarmee het namens de gekozen organisatie gebruikers aanmaakt en intrekt. Iedere gebruiker die het aanmaakt, krijgt een eHerkenningsmiddel volgens het profiel op deze pagina; u betaalt per gebruiker.", "The system you connect gets a secret with which it creates and revokes users on behalf of the chosen organisation. Every user it creates gets an eHerkenning means according to the profile on this page; you pay per user.";
            KpName => "Naam van de koppeling", "Name of the connection";
            KpNameHint => "Bijvoorbeeld ‘Microsoft Entra ID’ of de naam van uw HR-systeem; hoogstens 80 tekens.", "For example ‘Microsoft Entra ID’ or the name of your HR system; at most 80 characters.";
            KpNameMissing => "Vul de naam van de koppeling in", "Enter the name of the connection";
            KpNameTooLong => "De naam is te lang: gebruik hoogstens 80 tekens", "The name is too long: use at most 80 characters";
            KpOrganisationHint => "De organisatie waarvoor het systeem middelen bestelt en intrekt.", "The organisation for which the system orders and revokes means.";
            KpChooseOrganisation => "Kies de organisatie waarvoor de koppeling werkt", "Choose the organisation the connection works for";
            KpChooseOrganisationOption => "Kies een organisatie", "Choose an organisation";
            KpPermissionsLegend => "Wat mag de koppeling doen?", "What may the connection do?";
            KpPermissionsHint => "Kies alleen wat het systeem nodig heeft.", "Choose only what the system needs.";
            KpChoosePermission => "Kies minstens één ding dat de koppeling mag doen", "Choose at least one thing the connection may do";
            KpExpires => "Werkt tot en met", "Works until";
            KpExpiresHint => "Hoogstens twee jaar vanaf vandaag. Daarna werkt het geheim niet meer; u maakt dan een nieuwe koppeling.", "At most two years from today. After that the secret stops working; you then make a new connection.";
            KpExpiresMissing => "Vul de datum in tot en met wanneer de koppeling werkt", "Enter the date until which the connection works";
            KpProfileTitle => "Profiel van nieuwe gebruikers", "Profile of new users";
            KpProfileIntro => "Iedere gebruiker die de koppeling aanmaakt, krijgt een eHerkenningsmiddel met deze keuzes.", "Every user the connection creates gets an eHerkenning means with these choices.";
            KpLevelHint => "Hoogstens uw eigen niveau ({level}).", "At most your own level ({level}).";
            KpBranchHint => "Alleen als de gebruikers tot één vestiging beperkt moeten zijn: 12 cijfers. Laat leeg voor alle vestigingen.", "Only if the users must be restricted to one branch: 12 digits. Leave empty for all branches.";
            KpAuthNone => "Geen machtigingen", "No authorisations";
            KpAuthAll => "Alle diensten", "All services";
            KpAuthSelected => "{n} diensten of dienstverleners", "{n} services or providers";
            KpAuthHint => "Met ‘Alle diensten’ kan iedere gebruiker inloggen bij alle diensten op het gekozen niveau of lager. Machtigingen voor afzonderlijke diensten voegt u later per gebruiker toe.", "With ‘All services’ every user can log in to all services at the chosen level or lower. You add authorisations for single services later, per user.";
            KpChooseAuthorisations => "Kies de machtigingen van nieuwe gebruikers", "Choose the authorisations of new users";
            KpPricePerUser => "Prijs per gebruiker", "Price per user";
            KpPriceLine => "{excl} excl. btw ({incl} incl. btw)", "{excl} excl. VAT ({incl} incl. VAT)";
            KpPriceHint => "Wat één gebruiker kost die de koppeling aanmaakt. U krijgt per bestelling een factuur.", "What one user created by the connection costs. You receive an invoice per order.";
            KpPriceChoose => "Kies het niveau, de machtigingen en de geldigheidsduur om de prijs te zien.", "Choose the level, the authorisations and the validity to see the price.";
            KpTermsApply => "De voorwaarden gelden voor elke bestelling die de koppeling plaatst.", "The terms apply to every order the connection places.";
            KpAcceptTermsError => "Ga akkoord met de voorwaarden: ze gelden voor elke bestelling van de koppeling", "Accept the terms: they apply to every order of the connection";
            KpCreate => "Koppeling aanmaken", "Create the connection";
            KpCreating => "Bezig met aanmaken…", "Creating…";
            KpNoOrganisations => "U beheert nog geen organisatie, dus u kunt geen koppeling aanmaken.", "You do not manage an organisation yet, so you cannot create a connection.";

            // ----- One client -----
            KpBack => "Terug naar Koppelingen", "Back to Connections";
            KpClient => "Koppeling", "Connection";
            KpNotFound => "Deze koppeling bestaat niet, of hoort niet bij uw organisaties.", "This connection does not exist, or does not belong to your organisations.";
            KpCreated => "Koppeling {name} is aangemaakt.", "Connection {name} has been created.";
            KpRotated => "Er is een nieuw geheim gemaakt voor {name}.", "A new secret has been made for {name}.";
            KpRevoked => "Koppeling {name} is ingetrokken: geen enkel systeem kan haar geheimen nog gebruiken.", "Connection {name} has been revoked: no system can use its secrets any more.";
            KpSecretTitle => "Belangrijk: kopieer het geheim nu", "Important: copy the secret now";
            KpSecretOnce => "Dit geheim wordt maar één keer getoond. Bewaar het veilig in het systeem dat u koppelt: wie deze pagina later opent of ververst, ziet het niet meer. Kwijt? Maak dan een nieuw geheim.", "This secret is shown only once. Keep it safe in the system you connect: anyone who opens or reloads this page later no longer sees it. Lost it? Then make a new secret.";
            KpSecretLabel => "Geheim", "Secret";
            KpCopy => "Kopieer", "Copy";
            KpCopied => "Het geheim is gekopieerd.", "The secret has been copied.";
            KpCopyFailed => "Kopiëren lukte niet. Het geheim is geselecteerd: kopieer het met Ctrl+C (Cmd+C op een Mac).", "Copying did not work. The secret is selected: copy it with Ctrl+C (Cmd+C on a Mac).";
            KpHowTitle => "Zo gebruikt het systeem het geheim", "How the system uses the secret";
            KpHowHeader => "Het systeem stuurt het geheim mee in elk verzoek, in deze header:", "The system sends the secret with every request, in this header:";
            KpHowScim => "Het adres van de SCIM 2.0-service (de ‘tenant URL’ of ‘base URL’):", "The address of the SCIM 2.0 service (the ‘tenant URL’ or ‘base URL’):";
            KpScimUrl => "SCIM-adres", "SCIM address";
            KpPermissions => "Mag", "May";
            KpExpiresOn => "Werkt tot en met", "Works until";
            KpCreatedLine => "{when}, door {who}", "{when}, by {who}";
            KpCreatedLabel => "Aangemaakt", "Created";
            KpSecretStarts => "Huidig geheim begint met", "Current secret starts with";
            KpPreviousValid => "Het vorige geheim werkt nog tot {when}.", "The previous secret still works until {when}.";
            KpUsersCount => "Gebruikers aangemaakt", "Users created";
            KpBranchAll => "Alle vestigingen", "All branches";
            KpRotate => "Nieuw geheim maken", "Make a new secret";
            KpRotateQuestion => "Een nieuw geheim maken voor {name}? Het huidige geheim blijft nog {hours} uur werken, zodat u het systeem op tijd kunt omzetten.", "Make a new secret for {name}? The current secret keeps working for {hours} hours, so that you can switch the system over in time.";
            KpRotateYes => "Ja, nieuw geheim maken", "Yes, make a new secret";
            KpRevoke => "Koppeling intrekken", "Revoke the connection";
            KpRevokeQuestion => "Koppeling {name} intrekken? Dat gaat direct in: elk systeem dat haar gebruikt, kan meteen niets meer bestellen, lezen of intrekken. Dit kan niet ongedaan worden gemaakt.", "Revoke connection {name}? This takes effect at once: every system that uses it immediately can no longer order, read or revoke anything. This cannot be undone.";
            KpRevokeYes => "Ja, intrekken", "Yes, revoke";
            // ----- The webhook of one client -----
            KpWhTitle => "Webhook", "Webhook";
            KpWhIntro => "Middelpunt roept dit adres van uw systeem aan als een aanvraag van een gebruiker van deze koppeling verandert: uitgenodigd, e-mail bevestigd, identificatie nodig, uitgegeven, afgewezen, verlopen, geannuleerd of ingetrokken. Zo hoeft uw systeem niet steeds zelf te vragen hoe het ervoor staat.", "Middelpunt calls this address of your system when a request of a user of this connection changes: invited, e-mail confirmed, identification required, issued, rejected, expired, cancelled or revoked. That way your system does not have to keep asking how things stand.";
            KpWhNone => "Er is geen webhook ingesteld.", "No webhook has been set.";
            KpWhUrl => "Adres (URL)", "Address (URL)";
            KpWhUrlHint => "Een adres dat met https:// begint. Alleen om te testen op dezelfde computer mag http://localhost of http://127.0.0.1.", "An address that starts with https://. Only for testing on the same computer, http://localhost or http://127.0.0.1 is allowed.";
            KpWhUrlMissing => "Vul het adres van de webhook in", "Enter the address of the webhook";
            KpWhSave => "Webhook opslaan", "Save the webhook";
            KpWhSaving => "Bezig met opslaan…", "Saving…";
            KpWhCancel => "Niet wijzigen", "Do not change";
            KpWhChange => "Webhook wijzigen", "Change the webhook";
            KpWhRemove => "Webhook verwijderen", "Remove the webhook";
            KpWhRemoveQuestion => "De webhook van {name} verwijderen? Middelpunt roept het adres dan niet meer aan; berichten die nog wachten, vervallen.", "Remove the webhook of {name}? Middelpunt then no longer calls the address; messages still waiting are dropped.";
            KpWhRemoveYes => "Ja, webhook verwijderen", "Yes, remove the webhook";
            KpWhSaved => "De webhook van {name} is opgeslagen.", "The webhook of {name} has been saved.";
            KpWhRemoved => "De webhook van {name} is verwijderd.", "The webhook of {name} has been removed.";
            KpWhAddress => "Adres", "Address";
            KpWhSecretStarts => "Ondertekengeheim begint met", "Signing secret starts with";
            KpWhLast => "Laatste aflevering", "Last delivery";
            KpWhNothingYet => "Nog niets verstuurd", "Nothing sent yet";
            KpWhDelivered => "Afgeleverd", "Delivered";
            KpWhFailed => "Mislukt", "Failed";
            KpWhNoAnswer => "geen antwoord", "no answer";
            KpWhRefused => "Geweigerd: het adres wijst naar een intern netwerk, er is niets verstuurd", "Refused: the address points to an internal network, nothing was sent";
            KpWhFailure => "1 mislukte poging sinds de laatste gelukte. Middelpunt probeert het later opnieuw.", "1 failed attempt since the last successful one. Middelpunt tries again later.";
            KpWhFailures => "{n} mislukte pogingen sinds de laatste gelukte. Middelpunt probeert het later opnieuw.", "{n} failed attempts since the last successful one. Middelpunt tries again later.";
            KpWhSecretTitle => "Belangrijk: kopieer het ondertekengeheim nu", "Important: copy the signing secret now";
            KpWhSecretOnce => "Dit geheim wordt niet meer getoond: wie deze pagina later opent of ververst, ziet het niet meer. Kwijt? Sla de webhook dan opnieuw op; u krijgt een nieuw geheim.", "This secret is not shown again: anyone who opens or reloads this page later no longer sees it. Lost it? Then save the webhook again; you get a new secret.";
            KpWhSecretLabel => "Ondertekengeheim", "Signing secret";
            KpWhHowCheck => "Elk bericht heeft de header Middelpunt-Signature: t=…,v1=…. Uw systeem controleert v1: dat is HMAC-SHA256 over t.body (de tijd t, een punt en het bericht), met dit geheim als sleutel.", "Every message has the header Middelpunt-Signature: t=…,v1=…. Your system checks v1: it is HMAC-SHA256 over t.body (the time t, a dot and the message), with this secret as the key.";
            KpNotActive => "Deze koppeling werkt niet meer. U kunt geen nieuw geheim maken; voeg zo nodig een nieuwe koppeling toe.", "This connection no longer works. You cannot make a new secret; add a new connection if needed.";
        }
    };
}
