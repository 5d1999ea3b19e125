//! Every text the API sends to people, in Dutch and English, in one compile-checked table
//! ([`domain::texts!`]): a key without both languages, or a placeholder without its field, does
//! not build. Numbers that are rules (minutes, attempts, lengths) are fields, filled from the
//! constants, never written into a text.

use domain::Level;

domain::texts! {
    /// A message of the API: an error's `message`, a field problem, a label.
    pub enum Text<'a> {
        // The request itself (crate::error::ApiError).
        NotFound => "Het gevraagde bestaat niet.", "The requested resource does not exist.";
        MethodNotAllowed =>
            "Deze HTTP-methode is hier niet toegestaan.",
            "This HTTP method is not allowed here.";
        PayloadTooLarge { size: &'a str } =>
            "Het verzoek is te groot: het mag hoogstens {size} zijn.",
            "The request is too large: it may be at most {size}.";
        UnsupportedMediaType { expected: &'a str } =>
            "Het verzoek heeft het verkeerde formaat; verwacht wordt {expected}.",
            "The request has the wrong content type; expected {expected}.";
        InvalidBody => "De inhoud van het verzoek is ongeldig.", "The request body is invalid.";
        InvalidPath => "Het adres van het verzoek is ongeldig.", "The request path is invalid.";
        InvalidQuery =>
            "De parameters in het adres van het verzoek zijn ongeldig.",
            "The query parameters of the request are invalid.";
        TooManyRequests { seconds: u64 } =>
            "Te veel verzoeken. Probeer het over {seconds} seconden opnieuw.",
            "Too many requests. Please try again in {seconds} seconds.";
        ServiceUnavailable =>
            "De dienst is tijdelijk niet beschikbaar. Probeer het later opnieuw.",
            "The service is temporarily unavailable. Please try again later.";
        InternalError =>
            "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
            "Something went wrong on our side. Please try again later.";

        // The manager's account (crate::auth::AuthError).
        NotLoggedIn =>
            "U bent niet ingelogd, of uw sessie is verlopen. Log (opnieuw) in.",
            "You are not logged in, or your session has expired. Please log in (again).";
        InvalidCredentials =>
            "E-mailadres of wachtwoord klopt niet.",
            "E-mail address or password is incorrect.";
        AccountLockedOneMinute { failures: i64 } =>
            "Na {failures} of meer mislukte inlogpogingen op rij kunt u vanaf deze verbinding pas over 1 minuut opnieuw inloggen.",
            "After {failures} or more failed login attempts in a row you can log in again from this connection in 1 minute.";
        AccountLocked { failures: i64, minutes: u64 } =>
            "Na {failures} of meer mislukte inlogpogingen op rij kunt u vanaf deze verbinding pas over {minutes} minuten opnieuw inloggen.",
            "After {failures} or more failed login attempts in a row you can log in again from this connection in {minutes} minutes.";
        CsrfFailed =>
            "Dit verzoek is geweigerd omdat de beveiligingscontrole mislukte. Laad de pagina opnieuw en probeer het nog eens.",
            "This request was refused because its security check failed. Reload the page and try again.";
        OrganisationNotManaged { kvk_number: &'a str } =>
            "U bent geen machtigingenbeheerder van de organisatie met KvK-nummer {kvk_number}.",
            "You are not an authorisation manager of the organisation with KvK number {kvk_number}.";
        LevelAboveOwn { wanted: Level, own: Level } =>
            "U kunt bestellen tot en met uw eigen betrouwbaarheidsniveau ({own}); {wanted} is hoger.",
            "You can order up to your own assurance level ({own}); {wanted} is higher.";
        OperatorOnly =>
            "Alleen medewerkers van de backoffice (operators) hebben toegang tot deze pagina.",
            "Only back-office staff (operators) have access to this page.";
        AdminOnly =>
            "Alleen beheerders van de backoffice (admins) hebben toegang tot deze pagina.",
            "Only back-office administrators (admins) have access to this page.";
        SecondFactorRequired =>
            "Vul eerst de code uit uw authenticator-app in (of een herstelcode).",
            "First enter the code from your authenticator app (or a recovery code).";
        SecondFactorNotSetUp =>
            "Uw account heeft nog geen tweede factor. Voeg eerst een authenticator-app toe.",
            "Your account has no second factor yet. First add an authenticator app.";
        InvalidCode =>
            "Deze code klopt niet, of is al gebruikt. Vul de code in die uw app nu toont, of een ongebruikte herstelcode.",
            "This code is incorrect, or has been used already. Enter the code your app shows now, or an unused recovery code.";
        SecondFactorLocked { failures: i64, minutes: u64 } =>
            "Na {failures} of meer verkeerde codes op rij kunt u pas over {minutes} minuut/minuten een nieuwe code proberen.",
            "After {failures} or more wrong codes in a row you can try a new code in {minutes} minute(s).";
        AccountLinkInvalid =>
            "Deze link werkt niet (meer): hij is al gebruikt, verlopen of onvolledig. Vraag een nieuwe link aan bij wie u uitnodigde, of via 'Wachtwoord vergeten?'.",
            "This link does not work (any more): it was used already, has expired or is incomplete. Ask whoever invited you for a new link, or use 'Forgot your password?'.";
        PasswordTooShort { min: usize } =>
            "Kies een wachtwoord van minstens {min} tekens. Een zin van een paar woorden is lang genoeg en goed te onthouden.",
            "Choose a password of at least {min} characters. A sentence of a few words is long enough and easy to remember.";
        PasswordTooLong { max: usize } =>
            "Kies een wachtwoord van hoogstens {max} tekens.",
            "Choose a password of at most {max} characters.";
        PasswordTooGuessable =>
            "Dit wachtwoord is te makkelijk te raden: het is veelgebruikt, staat in lijsten van gelekte wachtwoorden of bevat uw naam of e-mailadres. Kies iets anders, bijvoorbeeld een zin van een paar woorden.",
            "This password is too easy to guess: it is common, appears in lists of leaked passwords or contains your name or e-mail address. Choose something else, for example a sentence of a few words.";
        AuthenticatorExists =>
            "Uw account heeft al een authenticator-app.",
            "Your account already has an authenticator app.";
        AuthenticatorNotStarted =>
            "Er is geen nieuwe authenticator-app om te bevestigen. Begin opnieuw met het toevoegen.",
            "There is no new authenticator app to confirm. Start adding it again.";
        CurrentSession =>
            "Dit is de sessie waarmee u nu werkt. Die beëindigt u met Uitloggen.",
            "This is the session you are working in. End it by logging out.";
        AccountSuspended =>
            "Uw account is geschorst: u kunt nu niet inloggen. Neem contact op met uw eHerkenning-leverancier.",
            "Your account is suspended: you cannot log in now. Please contact your eHerkenning provider.";
        StepUpRequired { minutes: i64 } =>
            "Bevestig dit met de code uit uw authenticator-app: voor deze handeling moet u die in de laatste {minutes} minuten hebben ingevuld.",
            "Confirm this with the code from your authenticator app: for this action you must have entered it within the last {minutes} minutes.";

        // The KvK register (crate::kvk::LookupError).
        OrganisationNotFound { kvk_number: &'a str } =>
            "Er is geen organisatie met KvK-nummer {kvk_number} in het Handelsregister",
            "There is no organisation with KvK number {kvk_number} in the Business Register";
        RegisterUnavailable =>
            "Het Handelsregister is nu niet bereikbaar. Probeer het over een paar minuten opnieuw; uw gegevens blijven bewaard.",
            "The Business Register cannot be reached right now. Please try again in a few minutes; your data is kept.";

        // Placing an order (crate::orders::OrderError).
        OrderInvalid { count: usize } =>
            "De aanvraag kan zo niet worden besteld: {count} punt(en) moeten eerst worden aangepast.",
            "The order cannot be placed as it is: {count} point(s) must be changed first.";
        OrderKeyReused =>
            "Deze aanvraag is al eerder met andere gegevens besteld. Begin een nieuwe aanvraag.",
            "This order was already placed with different details. Start a new order.";
        OrderKeyMissing { min: usize, max: usize } =>
            "De kop Idempotency-Key ontbreekt of is ongeldig ({min} tot {max} tekens).",
            "The Idempotency-Key header is missing or invalid ({min} to {max} characters).";
        OrderNotFound { number: &'a str } =>
            "Er is geen aanvraag {number} van u.",
            "You have no order {number}.";

        // The user's invitation link and its steps (crate::activation::ActivationError).
        LinkNotFound =>
            "Deze link werkt niet. Controleer of u de hele link uit de e-mail heeft gebruikt, of vraag uw machtigingenbeheerder om een nieuwe uitnodiging.",
            "This link does not work. Check that you used the whole link from the e-mail, or ask your authorisation manager for a new invitation.";
        ActivationExpired { name: &'a str, email: &'a str } =>
            "Deze aanvraag is verlopen. Vraag {name} ({email}) om een nieuwe aanvraag.",
            "This request has expired. Ask {name} ({email}) for a new request.";
        ActivationCancelled { name: &'a str, email: &'a str } =>
            "Deze aanvraag is ingetrokken door uw machtigingenbeheerder. Vragen? Neem contact op met {name} ({email}).",
            "This request was cancelled by your authorisation manager. Questions? Contact {name} ({email}).";
        ActivationIssued =>
            "Deze aanvraag is afgerond: uw eHerkenningsmiddel is uitgegeven. De link is niet meer nodig.",
            "This request is complete: your eHerkenning means has been issued. The link is no longer needed.";
        ActivationEnded { name: &'a str, email: &'a str } =>
            "Deze aanvraag is afgerond zonder dat er een middel is uitgegeven. Vragen? Neem contact op met {name} ({email}).",
            "This request ended without a means being issued. Questions? Contact {name} ({email}).";
        // After what the register says (domain::organisation::OrganisationEnded::register_says).
        ActivationOrganisationEnded { name: &'a str, email: &'a str } =>
            "Daarom kan er geen eHerkenningsmiddel voor deze organisatie worden uitgegeven en is uw aanvraag gestopt. Uw machtigingenbeheerder {name} ({email}) heeft hiervan bericht gekregen.",
            "Therefore no eHerkenning means can be issued for this organisation, and your request has been stopped. Your authorisation manager {name} ({email}) has been told.";
        ActivationStoppedOrganisationEnded { name: &'a str, email: &'a str } =>
            "Deze aanvraag is gestopt zonder dat er een middel is uitgegeven: het Handelsregister vermeldt de organisatie als beëindigd. Vragen? Neem contact op met {name} ({email}).",
            "This request was stopped without a means being issued: the Business Register lists the organisation as ended. Questions? Contact {name} ({email}).";
        ActivationWrongStep =>
            "Deze stap past niet bij waar uw aanvraag nu is. Laad de pagina opnieuw om verder te gaan.",
            "This step does not match where your request is now. Reload the page to continue.";
        SmsResendTooSoon { seconds: u64 } =>
            "U kunt over {seconds} seconden een nieuwe code aanvragen.",
            "You can request a new code in {seconds} seconds.";
        SmsHourlyLimit { max: i64, minutes: u64 } =>
            "U heeft binnen een uur {max} codes aangevraagd. U kunt over {minutes} minuten een nieuwe code aanvragen.",
            "You requested {max} codes within an hour. You can request a new code in {minutes} minutes.";
        SmsDailyLimit { max: i64, hours: u64 } =>
            "U heeft binnen 24 uur {max} codes aangevraagd. U kunt over {hours} uur een nieuwe code aanvragen.",
            "You requested {max} codes within 24 hours. You can request a new code in {hours} hours.";
        SmsCodeFormat { digits: usize } =>
            "Vul de code in van {digits} cijfers uit de sms.",
            "Enter the {digits}-digit code from the text message.";
        SmsCodeWrongLastTry =>
            "Deze code klopt niet. U kunt het nog 1 keer proberen; daarna moet u een nieuwe code aanvragen.",
            "This code is not correct. You have 1 try left; after that you must request a new code.";
        SmsCodeWrong { attempts_left: i64 } =>
            "Deze code klopt niet. U kunt het nog {attempts_left} keer proberen.",
            "This code is not correct. You have {attempts_left} tries left.";
        SmsCodeBlocked { max: i64 } =>
            "U heeft {max} keer een verkeerde code ingevuld. Deze code werkt niet meer: vraag een nieuwe code aan.",
            "You entered a wrong code {max} times. This code no longer works: request a new code.";
        SmsCodeExpired { minutes: i64 } =>
            "Deze code is verlopen (een code is {minutes} minuten geldig). Vraag een nieuwe code aan.",
            "This code has expired (a code is valid for {minutes} minutes). Request a new code.";
        SmsCodeMissing =>
            "Er is nog geen code verstuurd. Vraag eerst een code aan.",
            "No code has been sent yet. Request a code first.";
        TermsNotAccepted =>
            "Ga akkoord met de Gebruiksvoorwaarden om te bestellen.",
            "Accept the terms of use to order.";

        // Machtigingen (crate::activation::authorisation_items).
        AllServices => "Alle diensten", "All services";
        AllServicesOf { provider: &'a str } =>
            "Alle diensten van {provider}",
            "All services of {provider}";

        // Passkeys (crate::auth::passkey).
        PasskeysUnavailable =>
            "Passkeys werken hier niet: het adres van Middelpunt is geen domeinnaam. Gebruik uw authenticator-app.",
            "Passkeys do not work here: Middelpunt's address is not a domain name. Use your authenticator app.";
        PasskeyCeremonyInvalid =>
            "Dit verzoek om uw passkey is verlopen of al gebruikt. Probeer het opnieuw.",
            "This passkey request has expired or was used already. Please try again.";
        PasskeyRefused =>
            "Deze passkey is niet geaccepteerd. Probeer het opnieuw, of gebruik uw authenticator-app of een herstelcode.",
            "This passkey was not accepted. Please try again, or use your authenticator app or a recovery code.";
        PasskeyExists =>
            "Deze passkey is al toegevoegd.",
            "This passkey has been added already.";
        LastSecondFactor =>
            "Dit is uw enige tweede factor: voeg eerst een andere passkey of een authenticator-app toe.",
            "This is your only second factor: add another passkey or an authenticator app first.";
        DemoPasswordFixed =>
            "Het wachtwoord van een demo-account staat vast: iedereen gebruikt het.",
            "A demo account's password is fixed: everyone uses it.";
        CurrentPasswordWrong =>
            "Uw huidige wachtwoord klopt niet.",
            "Your current password is not correct.";
        PasskeyNameInvalid { max: usize } =>
            "Geef de passkey een naam van hoogstens {max} tekens, bijvoorbeeld \"Laptop\".",
            "Give the passkey a name of at most {max} characters, for example \"Laptop\".";
        PasskeyNotFound =>
            "Deze passkey bestaat niet (meer).",
            "This passkey does not exist (any more).";

        // The back office's onboarding (crate::back_office).
        OrganisationRegistered { kvk_number: &'a str } =>
            "De organisatie met KvK-nummer {kvk_number} is al geregistreerd.",
            "The organisation with KvK number {kvk_number} is registered already.";
        ManagerExists { email: &'a str } =>
            "Er is al een account met het e-mailadres {email}.",
            "There is an account with the e-mail address {email} already.";
        ManagerNotFound =>
            "Deze machtigingenbeheerder bestaat niet.",
            "This authorisation manager does not exist.";
        AppointmentInvalid { count: usize } =>
            "Dit kan zo niet worden vastgelegd: {count} punt(en) moeten eerst worden aangepast.",
            "This cannot be recorded as it is: {count} point(s) must be changed first.";
        MandateExists { kvk_number: &'a str } =>
            "Deze machtigingenbeheerder beheert de organisatie met KvK-nummer {kvk_number} al.",
            "This authorisation manager manages the organisation with KvK number {kvk_number} already.";
        MandateNotFound { kvk_number: &'a str } =>
            "Deze machtigingenbeheerder beheert de organisatie met KvK-nummer {kvk_number} niet.",
            "This authorisation manager does not manage the organisation with KvK number {kvk_number}.";
        LastOrganisation =>
            "Dit is de enige organisatie van deze machtigingenbeheerder. Schort het account op in plaats daarvan.",
            "This is the authorisation manager's only organisation. Suspend the account instead.";
        AccountSetUp =>
            "Dit account is al ingesteld: een nieuwe link is niet nodig. Wachtwoord vergeten? Dat kan de persoon zelf opnieuw instellen.",
            "This account is set up already: no new link is needed. A forgotten password can be reset by the person themselves.";
        ChangedMeanwhile =>
            "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens.",
            "Someone else changed this meanwhile. Reload the page and try again.";
        MandateKvkInvalid =>
            "Vul een KvK-nummer van 8 cijfers in.",
            "Enter a KvK number of 8 digits.";
        OrganisationNotRegistered =>
            "Deze organisatie is nog niet geregistreerd. Registreer haar eerst onder Organisaties.",
            "This organisation is not registered yet. Register it under Organisations first.";
        RepresentativesMissing =>
            "Vul de naam in van de wettelijk vertegenwoordiger die de machtiging heeft getekend.",
            "Enter the name of the legal representative who signed the authorisation.";
        RepresentativesTooMany { max: usize } =>
            "Vul hoogstens {max} vertegenwoordigers in.",
            "Enter at most {max} representatives.";
        JointNeedsTwo =>
            "Bij gezamenlijke bevoegdheid tekenen ten minste twee vertegenwoordigers: vul ze allemaal in.",
            "With joint authority at least two representatives sign: enter all of them.";
        ReferenceMissing =>
            "Vul het kenmerk van de getekende machtiging in.",
            "Enter the reference of the signed authorisation.";
        ReferenceTooLong { max: usize } =>
            "Het kenmerk mag hoogstens {max} tekens lang zijn.",
            "The reference may be at most {max} characters long.";
        NameTooLong { max: usize } =>
            "Een naam mag hoogstens {max} tekens lang zijn.",
            "A name may be at most {max} characters long.";
        ManagerNameMissing =>
            "Vul de naam van de machtigingenbeheerder in.",
            "Enter the authorisation manager's name.";
        ManagerEmailInvalid =>
            "Vul een geldig e-mailadres in, zoals naam@organisatie.nl.",
            "Enter a valid e-mail address, such as name@organisation.nl.";

        // The back office's identification (crate::activation::identification).
        IdentificationNotFound { id: &'a str } =>
            "Er is geen aanvraag {id} die op identificatie wacht.",
            "There is no request {id} waiting for identification.";
        IdentificationNotWaiting { id: &'a str } =>
            "Aanvraag {id} wacht niet (meer) op identificatie: ze is al afgehandeld, verlopen of ingetrokken.",
            "Request {id} is no longer waiting for identification: it was handled, expired or cancelled.";
        // After what the register says (domain::organisation::OrganisationEnded::register_says).
        IdentificationOrganisationEnded =>
            "Daarom is er geen middel uitgegeven: de aanvraag is gestopt en de machtigingenbeheerder heeft hiervan bericht gekregen.",
            "Therefore no means was issued: the request has been stopped and the authorisation manager has been told.";
        IdentificationInvalid { count: usize } =>
            "De identificatie kan zo niet worden vastgelegd: {count} punt(en) moeten eerst worden aangepast.",
            "The identification cannot be recorded as it is: {count} point(s) must be changed first.";
        IdMethodMissing =>
            "Kies hoe de identificatie is gedaan.",
            "Choose how the identification was done.";
        IdDocumentTypeMissing =>
            "Kies het soort identiteitsbewijs.",
            "Choose the type of identity document.";
        IdLastCharsMissing { count: usize } =>
            "Vul de laatste {count} tekens van het documentnummer in.",
            "Enter the last {count} characters of the document number.";
        IdLastCharsFormat { count: usize } =>
            "Vul precies {count} letters of cijfers in: de laatste {count} tekens van het documentnummer.",
            "Enter exactly {count} letters or digits: the last {count} characters of the document number.";
        IdNameMatchesMissing =>
            "Geef aan of de naam overeenkomt met het identiteitsbewijs.",
            "Say whether the name matches the identity document.";
        IdBirthDateMatchesMissing =>
            "Geef aan of de geboortedatum overeenkomt met het identiteitsbewijs.",
            "Say whether the birth date matches the identity document.";
        IdOutcomeMissing =>
            "Kies de uitkomst: goedkeuren of afwijzen.",
            "Choose the outcome: approve or reject.";
        IdOutcomeMismatch =>
            "Goedkeuren kan alleen als naam en geboortedatum overeenkomen met het identiteitsbewijs. Wijs de aanvraag anders af, met de reden.",
            "You can only approve when name and birth date match the identity document. Otherwise reject the request, with the reason.";
        IdReasonMissing =>
            "Vul de reden van de afwijzing in; de machtigingenbeheerder krijgt die te lezen.",
            "Enter the reason for the rejection; the authorisation manager will read it.";
        IdReasonTooLong { max: usize } =>
            "De reden mag hoogstens {max} tekens lang zijn.",
            "The reason may be at most {max} characters long.";

        // "Lopende aanvragen" (crate::manage::requests::RequestError).
        RequestNotFound { id: &'a str } =>
            "Aanvraag {id} bestaat niet bij uw organisaties.",
            "Request {id} does not exist at your organisations.";
        RequestOrderNotFound { id: &'a str } =>
            "Bestelling {id} bestaat niet bij uw organisaties.",
            "Order {id} does not exist at your organisations.";
        RequestNotOpen { id: &'a str } =>
            "Aanvraag {id} loopt niet meer: ze is afgerond, verlopen of geannuleerd.",
            "Request {id} is no longer open: it was completed, expired or cancelled.";
        RequestWrongStep { id: &'a str } =>
            "Dit kan niet meer voor aanvraag {id}: de gebruiker heeft deze stap al gedaan.",
            "This is no longer possible for request {id}: the user has already done this step.";
        CorrectionInvalid { count: usize } =>
            "De correctie kan zo niet worden opgeslagen: {count} punt(en) moeten eerst worden aangepast.",
            "The correction cannot be saved as it is: {count} point(s) must be changed first.";
        CorrectionEmpty =>
            "Vul een nieuw e-mailadres of mobiel nummer in.",
            "Enter a new e-mail address or mobile number.";

        // "Gebruikers" (crate::manage::users::UserError).
        UserNotFound =>
            "Deze gebruiker bestaat niet bij uw organisaties.",
            "This user does not exist at your organisations.";
        MeansNotFound { id: &'a str } =>
            "Middel {id} bestaat niet bij uw organisaties.",
            "Means {id} does not exist at your organisations.";
        MeansNotActive { id: &'a str } =>
            "Middel {id} is al ingetrokken.",
            "Means {id} has already been revoked.";

        // Machtigingen beheren (crate::manage::machtigingen).
        MachtigingNoneChosen =>
            "Kies wat u wilt toevoegen of intrekken: alle diensten, of diensten of dienstverleners.",
            "Choose what to add or withdraw: all services, or services or providers.";
        MachtigingNeedsHigherLevel { service: &'a str, needs: &'a str, level: &'a str } =>
            "{service} vraagt minimaal {needs}; dit middel is {level}. Bestel een middel op niveau {needs} om deze dienst te machtigen, of kies een andere dienst.",
            "{service} requires at least {needs}; this means is {level}. Order a means at level {needs} to authorise this service, or choose another service.";
        MachtigingAboveOwnLevel { service: &'a str, needs: &'a str, own: &'a str } =>
            "{service} vraagt {needs}; u mag machtigingen registreren tot en met uw eigen niveau ({own}).",
            "{service} requires {needs}; you may register authorisations up to your own level ({own}).";
        MachtigingAlreadyPresent =>
            "Dit middel heeft deze machtigingen al; er is niets toegevoegd.",
            "This means holds these authorisations already; nothing was added.";
        MachtigingTermsNotAccepted =>
            "Deze machtigingen kosten geld: ga akkoord met de algemene voorwaarden om ze toe te voegen.",
            "These authorisations cost money: accept the terms and conditions to add them.";
        MachtigingNotFound { position: i64 } =>
            "Machtiging {position} bestaat niet bij dit middel.",
            "Authorisation {position} does not exist on this means.";
        MachtigingNotActive =>
            "Deze machtiging is al ingetrokken of verlopen; ze verandert niet meer.",
            "This authorisation has already been withdrawn or has ended; it no longer changes.";
        MeansNotValid { id: &'a str } =>
            "Middel {id} is ingetrokken of verlopen; de machtigingen ervan veranderen niet meer.",
            "Means {id} has been revoked or has expired; its authorisations no longer change.";
        MachtigingBranchWarning { branch: &'a str } =>
            "Dit middel geldt alleen voor vestiging {branch}. Diensten van UWV en de Belastingdienst weigeren een middel voor één vestiging.",
            "This means is for branch {branch} only. Services of UWV and the Belastingdienst refuse a means for one branch.";
        MachtigingBranchWarningMany { count: usize } =>
            "Van {count} gekozen gebruikers geldt het middel alleen voor één vestiging. Diensten van UWV en de Belastingdienst weigeren zo'n middel.",
            "For {count} of the chosen users the means is for one branch only. Services of UWV and the Belastingdienst refuse such a means.";
        SelectionEmpty =>
            "Kies minstens één gebruiker.",
            "Choose at least one user.";
        SelectionTooLarge { max: usize } =>
            "Dat zijn te veel gebruikers voor één keer: hoogstens {max}. Maak het filter nauwer.",
            "That is too many users at once: at most {max}. Narrow the filter.";
        SelectionUnknown { id: &'a str } =>
            "Gebruiker {id} bestaat niet bij uw organisaties; ververs de lijst en kies opnieuw.",
            "User {id} does not exist at your organisations; refresh the list and choose again.";
        SelectionFilterInvalid { reason: &'a str } =>
            "Het filter van de selectie klopt niet ({reason}); kies de gebruikers opnieuw in Gebruikers.",
            "The selection's filter is not valid ({reason}); choose the users again in Users.";
        SkipNoMeans =>
            "Overgeslagen: heeft nog geen middel (de aanvraag loopt nog of is gestopt).",
            "Skipped: has no means yet (the request is still open or has stopped).";
        SkipMeansNotActive =>
            "Overgeslagen: het middel is ingetrokken of verlopen.",
            "Skipped: the means has been revoked or has expired.";
        SkipLevelTooLow { service: &'a str, needs: &'a str, level: &'a str } =>
            "Overgeslagen: {service} vraagt minimaal {needs}, het middel is {level}. Bestel een middel op niveau {needs}.",
            "Skipped: {service} requires at least {needs}, the means is {level}. Order a means at level {needs}.";
        SkipAlreadyPresent =>
            "Overgeslagen: heeft deze machtiging al.",
            "Skipped: holds this authorisation already.";
        SkipNotPresent =>
            "Overgeslagen: heeft deze machtiging niet.",
            "Skipped: does not hold this authorisation.";
        DoneAdded { labels: &'a str, until: &'a str } =>
            "Toegevoegd: {labels}, geldig tot en met {until}.",
            "Added: {labels}, valid up to {until}.";
        DoneWithdrawn { labels: &'a str } =>
            "Ingetrokken: {labels}.",
            "Withdrawn: {labels}.";

        // Bulk actions on people (crate::manage::actions).
        SkipRequestNotOpen =>
            "Overgeslagen: de aanvraag loopt niet meer.",
            "Skipped: the request is no longer open.";
        SkipAlreadyOrdered =>
            "Overgeslagen: de gebruiker heeft de aanvraag al afgerond; een nieuwe uitnodiging is niet nodig.",
            "Skipped: the user has completed the request already; a new invitation is not needed.";
        SkipSuccessorExists { request: &'a str } =>
            "Overgeslagen: voor dit middel loopt al een verlenging of een hoger niveau ({request}).",
            "Skipped: a renewal or a higher level is already under way for this means ({request}).";
        SkipLevelNotHigher { level: &'a str } =>
            "Overgeslagen: het middel is al {level} of hoger.",
            "Skipped: the means is {level} or higher already.";
        SkipOrganisationEnded =>
            "Overgeslagen: volgens het KvK-register bestaat de organisatie niet meer; er komt geen nieuw middel.",
            "Skipped: according to the KvK register the organisation no longer exists; no new means.";
        DoneRevoked { means: &'a str } =>
            "Ingetrokken: {means} werkt niet meer.",
            "Revoked: {means} no longer works.";
        DoneResent { email: &'a str } =>
            "Nieuwe uitnodiging verstuurd naar {email}; de oude link werkt niet meer.",
            "New invitation sent to {email}; the old link no longer works.";
        DoneCancelled =>
            "Geannuleerd: de link werkt niet meer en de gebruiker krijgt bericht.",
            "Cancelled: the link no longer works and the user is told.";
        DoneRenewed { from: &'a str, until: &'a str } =>
            "Verlenging besteld: het nieuwe middel geldt van {from} tot en met {until}, zodra de gebruiker het bevestigt.",
            "Renewal ordered: the new means is valid from {from} up to {until}, once the user confirms it.";
        DoneLevelChanged { level: &'a str } =>
            "Middel op niveau {level} besteld; het oude stopt zodra het nieuwe is uitgegeven.",
            "Means at level {level} ordered; the old one stops once the new one is issued.";
        ActionTermInvalid =>
            "Kies een looptijd van 1, 3 of 5 jaar.",
            "Choose a term of 1, 3 or 5 years.";
        ActionLevelAboveOwn { level: &'a str, own: &'a str } =>
            "{level} kan niet: u bestelt hoogstens uw eigen niveau ({own}).",
            "{level} is not possible: you order at most your own level ({own}).";
        ActionKeyReused =>
            "Deze actie is al eens met een andere inhoud verstuurd. Begin opnieuw vanuit de lijst.",
            "This action was sent before with different content. Start again from the list.";

        // API clients (crate::clients).
        ClientInvalid { count: usize } =>
            "De koppeling kan zo niet worden gemaakt: {count} gegeven(s) kloppen niet.",
            "The connection cannot be created like this: {count} value(s) are not right.";
        ClientNotFound { id: &'a str } =>
            "Koppeling {id} bestaat niet bij uw organisaties.",
            "Connection {id} does not exist at your organisations.";
        ClientNotActive =>
            "Deze koppeling is ingetrokken of verlopen: ze kan niet meer worden gewijzigd.",
            "This connection is revoked or expired: it can no longer be changed.";
        ClientUnauthorized =>
            "Dit token werkt niet: het is onbekend, vervangen, of de koppeling is ingetrokken of verlopen.",
            "This token does not work: it is unknown or replaced, or the connection is revoked or expired.";
        ClientPermissionMissing { permission: &'a str } =>
            "Deze koppeling mag dit niet: daarvoor is de toestemming {permission} nodig.",
            "This connection may not do this: it needs the permission {permission}.";
        ClientNameMissing =>
            "Geef de koppeling een naam, bijvoorbeeld de naam van het systeem dat haar gebruikt.",
            "Give the connection a name, for example the name of the system that uses it.";
        ClientNameInvalid { max: usize } =>
            "Gebruik voor de naam hoogstens {max} tekens, zonder regeleinden.",
            "Use at most {max} characters for the name, without line breaks.";
        ClientPermissionsMissing =>
            "Kies minstens één toestemming.",
            "Choose at least one permission.";
        ClientExpiryInvalid { last: &'a str } =>
            "Kies een einddatum na vandaag en uiterlijk {last}.",
            "Choose an end date after today and no later than {last}.";
        WebhookUrlInvalid =>
            "Geef een volledig adres dat begint met https://, bijvoorbeeld https://hr.voorbeeld.nl/middelpunt.",
            "Give a full address that starts with https://, for example https://hr.example.com/middelpunt.";
        WebhookUrlNotHttps =>
            "Het adres moet met https:// beginnen; http:// kan alleen naar deze computer (localhost).",
            "The address must start with https://; http:// is possible only to this machine (localhost).";
        WebhookUrlInternal =>
            "Een adres in een intern netwerk kan niet: Middelpunt roept alleen adressen op internet aan, of deze computer.",
            "An address in an internal network is not possible: Middelpunt calls only addresses on the internet, or this machine.";
        WebhookUrlUserInfo =>
            "Zet geen gebruikersnaam of wachtwoord in het adres.",
            "Do not put a user name or password in the address.";
        WebhookUrlTooLong { max: usize } =>
            "Het adres mag hoogstens {max} tekens lang zijn.",
            "The address may be at most {max} characters long.";

        // Co-managers (crate::manage::co_manager).
        ManagerRoleLevelTooHigh { level: &'a str, max: &'a str } =>
            "{level} kan niet: een machtigingenbeheerder krijgt hoogstens het niveau van het eigen middel en van uzelf ({max}).",
            "{level} is not possible: a manager gets at most the level of their own means and your own ({max}).";
        ManagerRoleExists =>
            "Deze gebruiker is al machtigingenbeheerder van deze organisatie.",
            "This user is already a manager of this organisation.";
        ManagerAccountExists { email: &'a str } =>
            "Er is al een account voor {email}. Vraag de backoffice van uw leverancier om deze organisatie aan dat account toe te voegen.",
            "There is already an account for {email}. Ask your supplier's back office to add this organisation to that account.";
        ManagerRoleNotFound =>
            "Deze gebruiker is geen machtigingenbeheerder die u heeft aangesteld.",
            "This user is not a manager you appointed.";

        // The users step's list as a file with its errors (crate::routes::user_files::annotated).
        AnnotatedTooManyUsers { count: usize, max: usize } =>
            "De lijst heeft {count} gebruikers; een bestand van de lijst kan er hoogstens {max} bevatten, zoveel als een bestelling.",
            "The list has {count} users; a file of the list can hold at most {max}, as many as an order.";
        AnnotatedWarning { message: &'a str } => "Waarschuwing: {message}", "Warning: {message}";
        AnnotatedFileName => "gebruikers-met-fouten", "users-with-errors";
        AnnotatedSheetName => "Gebruikers", "Users";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{name}`s of a format string, in order of first appearance, without format specs.
    fn placeholders(template: &str) -> Vec<&str> {
        let mut names = Vec::new();
        for piece in template.split('{').skip(1) {
            let name = piece.split(['}', ':']).next().unwrap_or_default();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.sort_unstable();
        names
    }

    #[test]
    fn every_text_has_both_languages_with_the_same_placeholders() {
        assert!(Text::TEMPLATES.len() > 60, "the table holds every message");
        for (key, nl, en) in Text::TEMPLATES {
            assert!(!nl.trim().is_empty() && !en.trim().is_empty(), "{key}");
            assert_ne!(nl, en, "{key}: the English text is a translation");
            assert_eq!(placeholders(nl), placeholders(en), "{key}");
        }
    }

    #[test]
    fn texts_are_filled_from_their_fields() {
        let text = Text::AccountLocked {
            failures: 5,
            minutes: 15,
        };
        assert!(
            text.text(domain::Lang::Nl)
                .contains("Na 5 of meer mislukte")
        );
        assert!(text.text(domain::Lang::En).ends_with("in 15 minutes."));
    }
}
