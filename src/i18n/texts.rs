//! Every visible text of the SPA, Dutch then English: the table behind [`T`](super::T). A key
//! without both languages does not build. One table, written in parts along the app's areas:
//! this file, Beheer with the back office ([`manage`]) and the manager's year ([`year`]), whose
//! macros add their keys to these and build the table.

#[macro_use]
mod year;
#[macro_use]
mod manage;

with_manage_texts! {
    ProductName => "Middelpunt", "Middelpunt";
    SkipToContent => "Direct naar de inhoud", "Skip to main content";
    MainNavigation => "Hoofdmenu", "Main menu";
    MenuButton => "Menu", "Menu";
    NavHome => "Start", "Home";
    LanguageSwitchLabel => "Taal", "Language";
    SwitchToOther => "English", "Nederlands";
    SwitchToOtherHint => "Switch to English", "Schakel over naar Nederlands";
    FooterText => "Middelpunt: eHerkenningsmiddelen uitgeven aan de mensen in uw organisatie.",
        "Middelpunt: issue eHerkenning means to the people in your organisation.";
    FooterLinks => "Over deze website", "About this website";

    HomeTitle => "eHerkenning voor uw hele organisatie", "eHerkenning for your whole organisation";
    HomeIntro => "Met Middelpunt geeft u als machtigingenbeheerder eHerkenningsmiddelen uit aan de mensen in uw organisatie: aan één persoon, of aan tot 100 mensen tegelijk met een Excel- of CSV-bestand.",
        "With Middelpunt you, as authorisation manager, issue eHerkenning means to the people in your organisation: to one person, or to up to 100 people at once with an Excel or CSV file.";
    HomeHowTitle => "Zo werkt het", "How it works";
    HomeStep1 => "Kies de organisatie (KvK-nummer, eventueel één vestiging) en het betrouwbaarheidsniveau: EH2, EH2+ of EH3.",
        "Choose the organisation (KvK number, optionally one branch) and the assurance level: EH2, EH2+ or EH3.";
    HomeStep2 => "Geef de gebruikers op: één voor één, of in één keer met een bestand.",
        "Enter the users: one by one, or all at once with a file.";
    HomeStep3 => "Kies de machtigingen en de geldigheidsduur, controleer de prijs en bestel.",
        "Choose the authorisations and their validity, check the price and order.";
    HomeStep4 => "Iedere gebruiker krijgt een e-mail, bevestigt zijn gegevens en zijn mobiele nummer met een sms-code en rondt de aanvraag af.",
        "Every user receives an e-mail, confirms their details and their mobile number with an SMS code, and completes the request.";
    HomeStep5 => "Medewerkers in loondienst krijgen hun middel direct; anderen worden eerst geïdentificeerd. U krijgt bericht zodra een middel is uitgegeven.",
        "Employees receive their means at once; others are identified first. You are notified as soon as a means has been issued.";
    HomeLevelsTitle => "Betrouwbaarheidsniveaus", "Assurance levels";
    HomeWhoTitle => "Voor wie", "Who it is for";
    HomeWho => "Voor machtigingenbeheerders: de mensen die binnen een organisatie bepalen wie namens die organisatie mag inloggen bij overheid en bedrijven.",
        "For authorisation managers: the people who decide, within an organisation, who may log in on its behalf with government and businesses.";

    ErrorTitlePrefix => "Fout: ", "Error: ";
    ErrorPrefix => "Fout: ", "Error: ";
    ErrorSummaryTitle => "Er is een probleem", "There is a problem";
    OptionalSuffix => "(niet verplicht)", "(optional)";
    ErrorReference => "Neemt u contact op? Noem dan deze foutcode: {id}.",
        "Contacting us? Please quote this error code: {id}.";
    NetworkError => "Middelpunt is nu niet bereikbaar. Controleer uw internetverbinding en probeer het opnieuw; wat u invulde blijft staan.",
        "Middelpunt cannot be reached right now. Check your internet connection and try again; what you entered is kept.";

    NavLogIn => "Inloggen", "Log in";
    NavLogOut => "Uitloggen", "Log out";
    LoggedInAs => "Ingelogd als", "Logged in as";
    LoginTitle => "Inloggen", "Log in";
    LoginIntro => "Log in als machtigingenbeheerder van uw organisatie.", "Log in as your organisation's authorisation manager.";
    LoginEmail => "E-mailadres", "E-mail address";
    LoginPassword => "Wachtwoord", "Password";
    LoginSubmit => "Inloggen", "Log in";
    LoginBusy => "Bezig met inloggen…", "Logging in…";
    LoginEmailMissing => "Vul uw e-mailadres in", "Enter your e-mail address";
    LoginPasswordMissing => "Vul uw wachtwoord in", "Enter your password";
    LoginAlready => "U bent ingelogd als", "You are logged in as";
    LoggedOut => "U bent uitgelogd.", "You have been logged out.";
    LoginCodeTitle => "Code uit uw authenticator-app", "Code from your authenticator app";
    LoginCodeIntro => "Open de authenticator-app op uw telefoon en vul de code van 6 cijfers voor Middelpunt in. Heeft u uw telefoon niet bij de hand? Vul dan een van uw herstelcodes in.",
        "Open the authenticator app on your phone and enter the 6-digit code for Middelpunt. Don't have your phone to hand? Enter one of your recovery codes instead.";
    LoginCode => "Code", "Code";
    LoginCodeHint => "6 cijfers uit de app, of een herstelcode zoals ABCDE-FGHJK", "6 digits from the app, or a recovery code such as ABCDE-FGHJK";
    LoginCodeMissing => "Vul de code uit uw app in, of een herstelcode", "Enter the code from your app, or a recovery code";
    LoginCodeSubmit => "Doorgaan", "Continue";
    LoginOtherAccount => "Met een ander account inloggen", "Log in with another account";
    LoginForgot => "Wachtwoord vergeten?", "Forgot your password?";
    StepUpIntro => "Bevestig dit met de code uit uw authenticator-app (of een herstelcode): voor deze handeling vraagt Middelpunt die opnieuw als u hem langer dan 15 minuten geleden gaf. Wat u invulde blijft staan.",
        "Confirm this with the code from your authenticator app (or a recovery code): for this action Middelpunt asks for it again when you gave it more than 15 minutes ago. What you entered stays.";
    StepUpCodeMissing => "Vul de code uit uw authenticator-app in", "Enter the code from your authenticator app";
    ResetTitle => "Wachtwoord vergeten", "Forgot your password";
    ResetIntro => "Vul het e-mailadres van uw account in. U krijgt dan een e-mail met een link om een nieuw wachtwoord te kiezen. Daarna vraagt Middelpunt zoals altijd om de code uit uw authenticator-app.",
        "Enter your account's e-mail address. You will receive an e-mail with a link to choose a new password. After that, Middelpunt asks for the code from your authenticator app as always.";
    ResetSubmit => "Stuur mij een link", "Send me a link";
    ResetSent => "Als er een account bij {email} hoort, ontvangt u binnen een paar minuten een e-mail met een link. De link werkt één keer, een uur lang. Geen e-mail? Kijk ook bij uw ongewenste e-mail.",
        "If {email} belongs to an account, you will receive an e-mail with a link within a few minutes. The link works once, for one hour. No e-mail? Also check your spam folder.";
    ResetBack => "Terug naar inloggen", "Back to log in";
    AccountTitle => "Uw account", "Your account";
    AccountLink => "Uw account", "Your account";
    AccountName => "Naam", "Name";
    AccountEmail => "E-mailadres", "E-mail address";
    AccountRole => "Rol", "Role";
    AccountRoleManager => "Machtigingenbeheerder", "Authorisation manager";
    AccountRoleOperator => "Backoffice (identificaties)", "Back office (identifications)";
    AccountRoleAdmin => "Backoffice (organisaties en machtigingenbeheerders)", "Back office (organisations and authorisation managers)";
    AccountSecondFactor => "Tweede factor", "Second factor";
    AccountSecondFactorApp => "Authenticator-app of passkey, met herstelcodes", "Authenticator app or passkey, with recovery codes";
    PasskeysTitle => "Passkeys", "Passkeys";
    PasswordChangeTitle => "Wachtwoord wijzigen", "Change your password";
    PasswordCurrentLabel => "Huidig wachtwoord", "Current password";
    PasswordNewLabel => "Nieuw wachtwoord", "New password";
    PasswordCurrentMissing => "Vul uw huidige wachtwoord in", "Enter your current password";
    PasswordNewMissing => "Vul een nieuw wachtwoord in", "Enter a new password";
    PasswordChangeSubmit => "Wachtwoord wijzigen", "Change the password";
    PasswordChanged => "Uw wachtwoord is gewijzigd. Overal waar u nog meer was ingelogd, bent u uitgelogd.", "Your password has been changed. Wherever else you were logged in, you have been logged out.";
    AppTitle => "Authenticator-app", "Authenticator app";
    AppLinked => "Er is een authenticator-app gekoppeld.", "An authenticator app is linked.";
    AppNone => "Er is geen authenticator-app gekoppeld.", "No authenticator app is linked.";
    AppAdd => "Authenticator-app toevoegen", "Add an authenticator app";
    AppRemove => "Authenticator-app verwijderen", "Remove the authenticator app";
    AppRemoved => "De authenticator-app is verwijderd. U gebruikt uw passkey.", "The authenticator app has been removed. You use your passkey.";
    CodesTitle => "Herstelcodes", "Recovery codes";
    CodesIntro => "Kwijt of opgebruikt? Maak tien nieuwe herstelcodes; de oude werken dan niet meer.", "Lost or used up? Make ten new recovery codes; the old ones then stop working.";
    CodesRenew => "Nieuwe herstelcodes maken", "Make new recovery codes";
    CodesNew => "Dit zijn uw nieuwe herstelcodes. Bewaar ze goed: ze worden maar één keer getoond.", "These are your new recovery codes. Keep them safe: they are shown only once.";
    PasskeysIntro => "Met een passkey logt u in met de vingerafdruk, het gezicht of de pincode van dit apparaat, zonder wachtwoord en zonder code.", "With a passkey you log in with the fingerprint, face or PIN of this device, without password and without code.";
    PasskeyNone => "U heeft nog geen passkey.", "You have no passkey yet.";
    PasskeyName => "Passkey", "Passkey";
    PasskeyAdded => "Toegevoegd", "Added";
    PasskeyLastUsed => "Laatst gebruikt", "Last used";
    PasskeyNeverUsed => "Nog niet", "Not yet";
    PasskeyRemove => "Verwijderen", "Remove";
    PasskeyRemoveLabel => "Passkey {name} verwijderen", "Remove passkey {name}";
    PasskeyRemoved => "De passkey {name} is verwijderd.", "The passkey {name} has been removed.";
    PasskeyAdd => "Passkey van dit apparaat toevoegen", "Add a passkey of this device";
    PasskeyAddedNotice => "De passkey is toegevoegd.", "The passkey has been added.";
    PasskeyUnsupported => "Deze browser ondersteunt geen passkeys. Gebruik uw authenticator-app.", "This browser does not support passkeys. Use your authenticator app.";
    PasskeyNotAllowed => "Er is geen passkey gebruikt: het is afgebroken, de tijd was om, of er staat geen passkey voor Middelpunt op dit apparaat.", "No passkey was used: it was cancelled, the time ran out, or there is no passkey for Middelpunt on this device.";
    PasskeyOnDevice => "Op dit apparaat staat al een passkey voor uw account.", "There is a passkey for your account on this device already.";
    PasskeyBrowserFailed => "De browser kon de passkey niet gebruiken. Probeer het opnieuw, of gebruik uw authenticator-app.", "The browser could not use the passkey. Please try again, or use your authenticator app.";
    SetupPasskeyTitle => "Of: een passkey", "Or: a passkey";
    SetupPasskeyIntro => "Liever geen app? Gebruik dan een passkey van dit apparaat: u bevestigt met uw vingerafdruk, gezicht of pincode.", "Rather no app? Use a passkey of this device instead: you confirm with your fingerprint, face or PIN.";
    SetupPasskeyAdd => "Passkey toevoegen", "Add a passkey";
    LoginPasskey => "Inloggen met een passkey", "Log in with a passkey";
    LoginPasskeySecondFactor => "Gebruik uw passkey", "Use your passkey";
    AccountSessionsTitle => "Waar u bent ingelogd", "Where you are logged in";
    AccountSessionsIntro => "Herkent u een sessie niet, beëindig die dan en kies een nieuw wachtwoord via 'Wachtwoord vergeten?'.",
        "If you don't recognise a session, end it and choose a new password through 'Forgot your password?'.";
    AccountSessionsCaption => "Ingelogde browsers, de laatst gebruikte eerst", "Logged-in browsers, most recently used first";
    AccountSessionBrowser => "Browser", "Browser";
    AccountSessionStarted => "Ingelogd", "Logged in";
    AccountSessionLastUsed => "Laatst gebruikt", "Last used";
    AccountSessionAction => "Actie", "Action";
    AccountSessionThis => "Deze browser", "This browser";
    AccountSessionEnd => "Beëindigen", "End";
    AccountSessionEndLabel => "Sessie van {browser} beëindigen", "End the session of {browser}";
    AccountSessionsEndOthers => "Alle andere sessies beëindigen", "End all other sessions";
    AccountSessionEnded => "De sessie is beëindigd: die browser is uitgelogd.", "The session has ended: that browser is logged out.";
    AccountSessionsEnded => "{n} andere sessies beëindigd.", "{n} other sessions ended.";
    AccountSessionEndedOne => "1 andere sessie beëindigd.", "1 other session ended.";
    AccountBrowserOn => "{browser} op {os}", "{browser} on {os}";
    AccountBrowserUnknown => "Onbekende browser", "Unknown browser";
    SetupTitle => "Account instellen", "Set up your account";
    SetupResetTitle => "Nieuw wachtwoord kiezen", "Choose a new password";
    SetupFor => "Voor {name} ({email}). U logt voortaan in met dit e-mailadres.", "For {name} ({email}). From now on you log in with this e-mail address.";
    SetupChecking => "De link wordt gecontroleerd…", "Checking the link…";
    SetupNoLink => "Deze pagina opent u met de link uit uw e-mail. Gebruik de hele link, of vraag een nieuwe aan bij wie u uitnodigde.",
        "You open this page with the link from your e-mail. Use the whole link, or ask whoever invited you for a new one.";
    SetupPasswordTitle => "Kies een wachtwoord", "Choose a password";
    SetupPassword => "Nieuw wachtwoord", "New password";
    SetupPasswordHint => "Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden. Gebruik geen wachtwoord dat u elders ook gebruikt.",
        "At least 12 characters. A sentence of a few words is strong and easy to remember. Don't use a password you use elsewhere.";
    SetupPasswordMissing => "Kies een wachtwoord", "Choose a password";
    SetupPasswordSubmit => "Wachtwoord opslaan", "Save password";
    SetupAppTitle => "Voeg een authenticator-app toe", "Add an authenticator app";
    SetupAppIntro => "Bij elke keer inloggen vraagt Middelpunt, na uw wachtwoord, om een code uit een authenticator-app op uw telefoon (bijvoorbeeld Microsoft Authenticator, Google Authenticator of FreeOTP). Zo kan niemand met alleen uw wachtwoord bij uw account.",
        "Every time you log in, Middelpunt asks, after your password, for a code from an authenticator app on your phone (for example Microsoft Authenticator, Google Authenticator or FreeOTP). That way nobody can get into your account with your password alone.";
    SetupAppScan => "Scan deze QR-code met de app:", "Scan this QR code with the app:";
    SetupAppQrAlt => "QR-code om Middelpunt aan uw authenticator-app toe te voegen", "QR code to add Middelpunt to your authenticator app";
    SetupAppManual => "Kunt u niet scannen? Vul in de app deze sleutel in:", "Can't scan? Enter this key in the app:";
    SetupAppCode => "Code uit de app", "Code from the app";
    SetupAppCodeHint => "De 6 cijfers die de app nu toont bij Middelpunt", "The 6 digits the app now shows for Middelpunt";
    SetupAppCodeMissing => "Vul de code uit de app in", "Enter the code from the app";
    SetupAppSubmit => "App toevoegen", "Add app";
    SetupAppLoading => "Een nieuwe sleutel wordt gemaakt…", "Creating a new key…";
    SetupCodesTitle => "Bewaar uw herstelcodes", "Keep your recovery codes";
    SetupCodesIntro => "Raakt u uw telefoon kwijt, dan logt u in met een van deze codes in plaats van de code uit de app. Elke code werkt één keer. Bewaar ze op een veilige plek, bijvoorbeeld in uw wachtwoordbeheerder of uitgeprint. U ziet ze maar één keer.",
        "If you lose your phone, you log in with one of these codes instead of the code from the app. Each code works once. Keep them somewhere safe, for example in your password manager or printed. You see them only once.";
    SetupCodesListLabel => "Uw herstelcodes", "Your recovery codes";
    SetupCodesDownload => "Download de codes als tekstbestand", "Download the codes as a text file";
    SetupCodesFileHeader => "Herstelcodes voor Middelpunt. Elke code werkt één keer.", "Recovery codes for Middelpunt. Each code works once.";
    SetupDone => "Ik heb de codes bewaard: verder", "I have kept the codes: continue";

    StartOrder => "Gebruikers toevoegen", "Add users";
    StepCounter => "Stap {n} van {total}", "Step {n} of {total}";
    Previous => "Vorige", "Previous";
    Next => "Volgende", "Next";
    KvkNumberShort => "KvK-nummer", "KvK number";
    StepOrganisationTitle => "Organisatie en betrouwbaarheidsniveau", "Organisation and assurance level";
    StepBranchTitle => "KvK-nummer en vestiging", "KvK number and branch";
    StepOrganisationCheckTitle => "Controleer uw organisatiegegevens", "Check your organisation's details";
    StepUsersTitle => "Geef de gebruikers op", "Enter the users";
    StepAuthorisationsTitle => "Machtigingen en geldigheidsduur", "Authorisations and validity";
    StepOverviewTitle => "Controleer het overzicht van uw aanvraag", "Check your order";
    OrganisationQuestion => "Voor welke organisatie vraagt u eHerkenning aan?", "For which organisation are you ordering eHerkenning?";
    ChooseOrganisation => "Kies de organisatie waarvoor de gebruikers gemachtigd worden", "Choose the organisation the users will be authorised for";
    LevelQuestion => "Welk betrouwbaarheidsniveau?", "Which assurance level?";
    LevelHint => "Kies het hoogste niveau dat de diensten vragen waarop de gebruikers moeten inloggen.", "Choose the highest level required by the services the users need to log in to.";
    ChooseLevel => "Kies het betrouwbaarheidsniveau van de middelen", "Choose the assurance level of the means";
    LevelAboveOwn => "Niet beschikbaar: hoger dan uw eigen niveau ({level}). U mag middelen aanvragen tot en met uw eigen niveau.", "Not available: above your own level ({level}). You may order means up to your own level.";

    Loading => "Bezig met laden…", "Loading…";
    TryAgain => "Probeer opnieuw", "Try again";
    ChooseOrganisationFirst => "Kies eerst de organisatie in stap 1.", "First choose the organisation in step 1.";
    OrganisationEndedMark => "Beëindigd volgens het Handelsregister: {date}", "Ended according to the Business Register: {date}";
    ChooseOtherOrganisation => "Kies een andere organisatie", "Choose another organisation";
    OrganisationName => "Naam", "Name";
    LegalForm => "Rechtsvorm", "Legal form";
    VisitingAddress => "Bezoekadres", "Visiting address";
    PostalAddress => "Postadres", "Postal address";
    Branch => "Vestiging", "Branch";
    BranchNumber => "Vestigingsnummer", "Branch number";
    MainBranch => "hoofdvestiging", "main branch";
    AllBranches => "Alle vestigingen (geen beperking)", "All branches (no restriction)";
    NotShown => "Niet openbaar of niet bekend", "Not public or not known";
    RestrictQuestion => "Wilt u de gebruikers beperken tot één vestiging?", "Do you want to restrict the users to one branch?";
    RestrictWarning => "Let op: sommige diensten, zoals die van de Belastingdienst en UWV, accepteren geen beperking tot een vestiging.", "Note: some services, such as those of the Tax Administration and UWV, do not accept a branch restriction.";
    NoAllBranches => "Nee, alle vestigingen", "No, all branches";
    YesOneBranch => "Ja, één vestiging", "Yes, one branch";
    BranchQuestion => "Welke vestiging?", "Which branch?";
    ChooseBranch => "Kies de vestiging waartoe u de gebruikers beperkt", "Choose the branch to restrict the users to";
    OrganisationCheckIntro => "Dit zijn de gegevens van de organisatie zoals de Kamer van Koophandel ze kent. Is dit niet de juiste organisatie? Ga dan terug met ‘Vorige’.", "These are the organisation's details as the Chamber of Commerce holds them. Not the right organisation? Go back with ‘Previous’.";

    // Step 5: authorisations and validity
    Yes => "Ja", "Yes";
    NoNotNow => "Nee, nu niet", "No, not now";
    AddAuthorisationsQuestion => "Wilt u direct machtigingen toevoegen?", "Do you want to add authorisations now?";
    ChooseAddAuthorisations => "Kies of u direct machtigingen wilt toevoegen", "Choose whether to add authorisations now";
    NoAuthorisationsWarning => "Zonder machtigingen kunnen de gebruikers nog nergens inloggen. U kunt later machtigingen toevoegen.", "Without authorisations the users cannot log in anywhere yet. You can add authorisations later.";
    AllServicesQuestion => "Machtiging voor alle diensten?", "Authorisation for all services?";
    AllServicesHint => "Met een machtiging voor alle diensten kunnen de gebruikers inloggen bij alle bestaande en toekomstige diensten op niveau {level} of lager.", "With an authorisation for all services the users can log in to all existing and future services at level {level} or lower.";
    YesAllServices => "Ja, alle diensten", "Yes, all services";
    NoSpecificServices => "Nee, ik kies specifieke diensten", "No, I choose specific services";
    ChooseAllServices => "Kies of de gebruikers een machtiging voor alle diensten krijgen", "Choose whether the users get an authorisation for all services";
    ServicesLegend => "Kies de diensten", "Choose the services";
    ChooseAtLeastOneService => "Kies minstens één dienst of dienstverlener", "Choose at least one service or provider";
    ServiceSearchLabel => "Zoek een dienst of dienstverlener", "Search for a service or provider";
    ServiceSearchHint => "Typ bijvoorbeeld ‘Belastingdienst’ of ‘VOG’. Kies ‘alle diensten van …’ om ook toekomstige diensten van die dienstverlener mee te nemen.", "Type for example ‘Belastingdienst’ or ‘VOG’. Choose ‘all services of …’ to include that provider's future services too.";
    AllServicesOf => "Alle diensten van {provider}", "All services of {provider}";
    MinimumLevel => "Minimaal {level}", "At least {level}";
    TermQuestion => "Geldigheidsduur", "Validity";
    TermHint => "Het middel en de machtigingen zijn even lang geldig.", "The means and the authorisations are valid for the same period.";
    ChooseTerm => "Kies de geldigheidsduur", "Choose the validity";
    PriceEstimate => "Prijs voor {users} gebruikers: {excl} excl. btw ({incl} incl. btw)", "Price for {users} users: {excl} excl. VAT ({incl} incl. VAT)";
    PriceEstimateOne => "Prijs voor 1 gebruiker: {excl} excl. btw ({incl} incl. btw)", "Price for 1 user: {excl} excl. VAT ({incl} incl. VAT)";

    // Step 6: overview
    Change => "Wijzigen", "Change";
    OrganisationLabel => "Organisatie", "Organisation";
    LevelLabel => "Betrouwbaarheidsniveau", "Assurance level";
    UsersLabel => "Gebruikers", "Users";
    AuthorisationsLabel => "Machtigingen", "Authorisations";
    NoAuthorisationsYet => "Nog geen machtigingen", "No authorisations yet";
    OrderIncomplete => "Nog niet alle stappen zijn ingevuld; ga terug met ‘Vorige’.", "Not every step has been completed yet; go back with ‘Previous’.";
    PriceTitle => "Prijs", "Price";
    PriceItem => "Omschrijving", "Item";
    PriceQuantity => "Aantal", "Quantity";
    PriceUnit => "Prijs per stuk", "Unit price";
    PriceAmount => "Bedrag", "Amount";
    TotalExclVat => "Totaal excl. btw", "Total excl. VAT";
    Vat => "Btw {percent}%", "VAT {percent}%";
    TotalInclVat => "Totaal incl. btw", "Total incl. VAT";
    AcceptTerms => "Ik ga akkoord met de algemene voorwaarden en de gebruiksvoorwaarden van eHerkenning", "I accept the general terms and conditions and the eHerkenning terms of use";
    AcceptTermsError => "Ga akkoord met de voorwaarden om te bestellen", "Accept the terms and conditions to order";
    Order => "Bestellen", "Order";
    Ordering => "Bezig met bestellen…", "Placing the order…";

    // Confirmation
    ConfirmationTitle => "Uw bestelling is geplaatst", "Your order has been placed";
    OrderPlaced => "Aanvraag besteld", "Order placed";
    OrderNumber => "Uw bestelnummer is", "Your order number is";
    OrderNotFound => "Deze aanvraag is niet gevonden. Kijk in ‘Lopende aanvragen’ of begin een nieuwe aanvraag.", "This order was not found. Look in ‘Pending requests’ or start a new order.";
    OrderSummary => "{level}-middelen voor {organisation}, totaal {total} incl. btw.", "{level} means for {organisation}, total {total} incl. VAT.";
    WhoGetsMail => "Deze gebruikers krijgen nu een e-mail", "These users now receive an e-mail";
    WhatHappensNext => "Wat gebeurt er nu?", "What happens next?";
    NextConfirm => "Iedere gebruiker klikt op de link in de e-mail, controleert zijn gegevens en bevestigt zijn mobiele nummer met een sms-code.", "Every user clicks the link in the e-mail, checks their details and confirms their mobile number with an SMS code.";
    NextEmployees => "Medewerkers in loondienst krijgen hun eHerkenningsmiddel direct daarna.", "Employees receive their eHerkenning means straight after that.";
    NextOthers => "Wie niet in loondienst is, wordt eerst geïdentificeerd met een geldig paspoort of identiteitskaart.", "Anyone not employed is first identified with a valid passport or identity card.";
    NextNotified => "U krijgt een e-mail zodra een middel is uitgegeven.", "You receive an e-mail as soon as a means has been issued.";
    StartAnotherOrder => "Nog een aanvraag doen", "Place another order";

    // Development mailbox
    DevMailboxTitle => "Berichten (ontwikkeling)", "Messages (development)";
    DevMailboxIntro => "Alle e-mails en sms-berichten die Middelpunt verstuurt zonder echte mailserver, nieuwste eerst.", "Every e-mail and text message Middelpunt sends without a real mail server, newest first.";
    DevMailboxOff => "Deze server verstuurt echte e-mail; de ontwikkelpostbus staat uit.", "This server sends real e-mail; the development mailbox is off.";
    DevMailboxEmpty => "Er zijn nog geen berichten.", "There are no messages yet.";
    DevSms => "Sms-bericht", "Text message";
    DevTo => "Aan", "To";
    DevRecipientLabel => "Alleen berichten aan", "Only messages to";
    DevRecipientHint => "Een e-mailadres, of een mobiel nummer zoals +31612345678.", "An e-mail address, or a mobile number such as +31612345678.";
    DevRecipientShow => "Tonen", "Show";
    DevRecipientAll => "Alle berichten tonen", "Show all messages";
    DevRecipientNone => "Er zijn geen berichten aan {to}.", "There are no messages to {to}.";
    Refresh => "Vernieuwen", "Refresh";

    // Step 4: the users (gebruikers) — the form, the file and the list
    UsersIntro => "Geef op voor wie u eHerkenning aanvraagt. Dat kan op twee manieren, die u kunt combineren: lees de gebruikers in één keer in uit een bestand, of vul ze één voor één in met het formulier. Alle gebruikers komen in de lijst, waarin u ze nog kunt aanpassen of verwijderen.",
        "Enter who you are ordering eHerkenning for. There are two ways, which you can combine: read the users all at once from a file, or enter them one by one with the form. Every user ends up in the list, where you can still change or remove them.";
    UsersListHeading => "Gebruikers in deze aanvraag ({n})", "Users in this order ({n})";
    UsersListEmpty => "Er staan nog geen gebruikers in deze aanvraag.", "There are no users in this order yet.";
    UsersListCaption => "Gebruikers in deze aanvraag ({n}). Iedere cel is te bewerken; een fout of opmerking staat onder de cel.",
        "Users in this order ({n}). Every cell can be edited; an error or a note is shown below the cell.";
    UsersGridLabel => "Lijst van gebruikers (schuift horizontaal)", "List of users (scrolls horizontally)";
    UsersColRow => "Rij", "Row";
    UsersColFirstNames => "Volledige voornamen", "First names in full";
    UsersColInfix => "Tussenvoegsel", "Surname prefix";
    UsersColLastName => "Achternaam", "Last name";
    UsersColBirthDate => "Geboortedatum", "Date of birth";
    UsersColBirthPlace => "Geboorteplaats", "Place of birth";
    UsersColEmail => "E-mailadres", "E-mail address";
    UsersColMobile => "Mobiel nummer", "Mobile number";
    UsersColEmployed => "Loondienst (J/N)", "Employed (J/N)";
    UsersColActions => "Acties", "Actions";
    UsersCellName => "{column}, rij {n}", "{column}, row {n}";
    UsersRemove => "Verwijderen", "Remove";
    UsersRowN => "rij {n}", "row {n}";
    UsersRemoved => "{name} is verwijderd uit de lijst.", "{name} has been removed from the list.";
    UsersNotePrefix => "Let op: ", "Note: ";

    UsersAddHeading => "Gebruiker toevoegen", "Add a user";
    UsersAddIntro => "Alle velden zijn verplicht, tenzij er ‘(niet verplicht)’ bij staat.", "All fields are required unless marked ‘(optional)’.";
    UsersFirstNamesLabel => "Volledige voornamen", "First names in full";
    UsersFirstNamesHint => "Alle voornamen voluit, zoals op het identiteitsbewijs", "All first names in full, as on the identity document";
    UsersInfixLabel => "Tussenvoegsel", "Surname prefix";
    UsersInfixHint => "Bijvoorbeeld van der", "For example van der";
    UsersLastNameLabel => "Achternaam", "Last name";
    UsersLastNameHint => "Zonder tussenvoegsel", "Without the surname prefix";
    UsersBirthDateLabel => "Geboortedatum", "Date of birth";
    UsersBirthDateHint => "Bijvoorbeeld 15-03-1985", "For example 15-03-1985";
    UsersBirthPlaceLabel => "Geboorteplaats", "Place of birth";
    UsersBirthPlaceHint => "Zoals op het identiteitsbewijs", "As on the identity document";
    UsersEmailLabel => "E-mailadres", "E-mail address";
    UsersEmailHint => "Hierop ontvangt de gebruiker de uitnodiging om de aanvraag af te ronden", "The user receives the invitation to complete the request at this address";
    UsersMobileLabel => "Mobiel nummer", "Mobile number";
    UsersMobileHint => "Bijvoorbeeld 06 12345678. Hierop ontvangt de gebruiker sms-codes", "For example 06 12345678. The user receives text message codes on it";
    UsersEmployedQuestion => "In loondienst bij deze organisatie?", "Employed by this organisation?";
    UsersEmployedHint => "Dat bepaalt hoe de gebruiker het middel krijgt: medewerkers in loondienst krijgen het direct nadat ze hun e-mailadres en mobiele nummer hebben bevestigd; anderen worden eerst geïdentificeerd.",
        "This decides how the user receives the means: employees receive it as soon as they have confirmed their e-mail address and mobile number; others are identified first.";
    UsersEmployedYes => "Ja, in loondienst", "Yes, employed";
    UsersEmployedNo => "Nee", "No";
    UsersEmployedMissing => "Loondienst: kies of de gebruiker in loondienst is bij deze organisatie", "Employed: choose whether the user is employed by this organisation";
    UsersFormDuplicatePerson => "Volledige voornamen: {name}, geboren {date}, staat al in de lijst (rij {row}); deze gebruiker hoeft u niet nog eens toe te voegen",
        "First names: {name}, born {date}, is already in the list (row {row}); there is no need to add this user again";
    UsersSave => "Opslaan", "Save";
    UsersClearForm => "Formulier leegmaken", "Clear the form";
    UsersAdded => "{name} is toegevoegd aan de lijst; daarin staan nu {n} gebruikers.", "{name} has been added to the list, which now holds {n} users.";
    UsersFormCleared => "Het formulier is leeggemaakt.", "The form has been cleared.";
    UsersUnsavedForm => "Gebruiker toevoegen: u heeft gegevens ingevuld maar nog niet opgeslagen; kies ‘Opslaan’, of ‘Formulier leegmaken’ als u deze gebruiker niet wilt toevoegen",
        "Add a user: you have entered details but not saved them; choose ‘Save’, or ‘Clear the form’ if you do not want to add this user";
    UsersNoUsers => "Voeg minstens één gebruiker toe: vul het formulier in en kies ‘Opslaan’, of lees een bestand in",
        "Add at least one user: fill in the form and choose ‘Save’, or read a file";

    UsersFileHeading => "Gebruikers uit een bestand", "Users from a file";
    UsersFileIntro => "Vul het voorbeeldbestand in en lees het hier in. Staan er al gebruikers in de lijst, dan kiest u of het bestand de lijst vervangt of erbij komt.",
        "Fill in the example file and read it here. If the list already holds users, you choose whether the file replaces the list or is added to it.";
    UsersFileRuleFormats => "CSV (ook .txt), Excel-werkmap (.xlsx) of OpenDocument (.ods)", "CSV (also .txt), Excel workbook (.xlsx) or OpenDocument (.ods)";
    UsersFileRuleLimits => "maximaal 100 gebruikers en 1 MB per bestand", "at most 100 users and 1 MB per file";
    UsersFileRuleColumns => "de kolommen van het voorbeeldbestand: volledige voornamen, tussenvoegsel, achternaam, geboortedatum, geboorteplaats, e-mailadres, mobiel nummer, loondienst",
        "the columns of the example file: volledige voornamen (first names), tussenvoegsel (surname prefix), achternaam (last name), geboortedatum (date of birth), geboorteplaats (place of birth), e-mailadres, mobiel nummer, loondienst (employed)";
    UsersFileRuleEmployed => "loondienst: J (ja) of N (nee)", "loondienst (employed): J (yes) or N (no)";
    UsersTemplateCsv => "Voorbeeld CSV-bestand downloaden", "Download the example CSV file";
    UsersTemplateXlsx => "Voorbeeld Excel-bestand (.xlsx) downloaden", "Download the example Excel file (.xlsx)";
    UsersDropInstruction => "Sleep het bestand hierheen, of", "Drag the file here, or";
    UsersDropRelease => "Laat het bestand los om het in te lezen", "Release the file to read it";
    UsersChooseFile => "Kies een bestand", "Choose a file";
    UsersFileReading => "{file} wordt ingelezen…", "Reading {file}…";
    UsersFileReadOne => "{file}: 1 gebruiker gelezen, {errors} met fouten.", "{file}: 1 user read, {errors} with errors.";
    UsersFileReadMany => "{file}: {n} gebruikers gelezen, {errors} met fouten.", "{file}: {n} users read, {errors} with errors.";
    UsersFileAddedToList => "Ze zijn toegevoegd aan de {before} gebruikers die al in de lijst stonden; de lijst telt nu {total} gebruikers.",
        "They have been added to the {before} users already in the list; the list now holds {total} users.";
    UsersFileAddedNew => "Ze staan nu in de lijst ‘Gebruikers in deze aanvraag’.", "They are now in the list ‘Users in this order’.";
    UsersFileFixErrors => "Verbeter de fouten in de lijst, of verwijder die gebruikers.", "Correct the errors in the list, or remove those users.";
    UsersFileRefused => "{file} is niet ingelezen", "{file} has not been read";
    UsersFileNothingAdded => "Er zijn geen gebruikers uit dit bestand toegevoegd. Verbeter het bestand en lees het opnieuw in.",
        "No users from this file have been added. Correct the file and read it again.";
    UsersFileFailed => "Het bestand kon in deze browser niet worden gelezen. Probeer het opnieuw; lukt het niet, vul de gebruikers dan in met het formulier.",
        "The file could not be read in this browser. Try again; if that fails, enter the users with the form.";
    UsersFileNotes => "Let op bij {file}:", "Note about {file}:";

    // Price list
    PricesTitle => "Prijzen", "Prices";
    PricesIntro => "Alle prijzen zijn in euro's, per gebruiker, exclusief btw.", "All prices are in euros, per user, excluding VAT.";
    PricesMeans => "eHerkenningsmiddel per gebruiker", "eHerkenning means per user";
    PricesAuthorisations => "Machtiging per gebruiker", "Authorisation per user";
    PricesFree => "Bij een nieuw middel zijn de eerste {n} machtigingen per gebruiker gratis. ‘Alle diensten’ en ‘alle diensten van één dienstverlener’ tellen elk als één machtiging.", "With a new means the first {n} authorisations per user are free. ‘All services’ and ‘all services of one provider’ each count as one authorisation.";
    PricesVat => "Over het totaal komt {percent}% btw.", "{percent}% VAT is added to the total.";
    PriceListLink => "Bekijk alle prijzen", "See all prices";
    NavPrices => "Prijzen", "Prices";

    UsersKnownTitle => "Let op: deze gebruikers hebben al een lopende aanvraag bij deze organisatie", "Note: these users already have a pending request at this organisation";
    UsersKnown => "{email} (aanvraag {order}); bestel alleen opnieuw als dat echt nodig is", "{email} (order {order}); only order again if that is really needed";

    NotFoundTitle => "Pagina niet gevonden", "Page not found";
    NotFoundBody => "Deze pagina bestaat niet. Hebt u het adres getypt of geplakt? Controleer dan of het klopt.",
        "This page does not exist. If you typed or pasted the address, check that it is correct.";
    NotFoundHome => "Naar de startpagina", "Go to the home page";

    // The pages of `content/` (their prose is fetched; see `pages/content.rs`).
    GeneralTermsTitle => "Algemene voorwaarden", "General terms and conditions";
    PrivacyTitle => "Privacyverklaring", "Privacy statement";
    AccessibilityTitle => "Toegankelijkheidsverklaring", "Accessibility statement";
    ContactTitle => "Contact", "Contact";
    ContentUnavailable => "Deze tekst kon niet worden geladen. Laad de pagina opnieuw of probeer het later nog eens.",
        "This text could not be loaded. Reload the page or try again later.";
    TermsRead => "Lees voordat u bestelt de {general} en de {use}.", "Before you order, read the {general} and the {use}.";
    GeneralTermsLink => "algemene voorwaarden", "general terms and conditions";
    UseTermsLink => "gebruiksvoorwaarden van eHerkenning", "eHerkenning terms of use";

    // The user's activation (seed steps 16–20): no login, the invitation's link is the key.
    No => "Nee", "No";
    ActStepCounter => "Stap {n} van 4", "Step {n} of 4";
    ActDetailsTitle => "Controleer uw gegevens", "Check your details";
    ActEmailConfirmed => "Uw e-mailadres is bevestigd", "Your e-mail address has been confirmed";
    ActDetailsIntro => "{manager} heeft eHerkenning voor u aangevraagd. Controleer of uw gegevens kloppen: ze moeten precies overeenkomen met uw paspoort of identiteitskaart.",
        "{manager} has requested eHerkenning for you. Check that your details are correct: they must match your passport or identity card exactly.";
    ActYourDetails => "Uw gegevens", "Your details";
    ActWrongDetails => "Klopt er iets niet? Vraag dan uw machtigingenbeheerder {manager} om het te corrigeren. U kunt uw gegevens hier niet zelf wijzigen.",
        "Is something wrong? Then ask your authorisation manager {manager} to correct it. You cannot change your details here yourself.";
    ActYourRequest => "Uw aanvraag", "Your request";
    ActAllServices => "Alle diensten", "All services";
    ActTermOneYear => "1 jaar", "1 year";
    ActTermYears => "{n} jaar", "{n} years";
    ActMobileTitle => "Controleer uw mobiele nummer", "Check your mobile number";
    ActMobileIntro => "Wij sturen een sms met een code naar dit nummer. Met die code bevestigt u dat het uw nummer is.",
        "We will send a text message with a code to this number. With that code you confirm that it is your number.";
    ActMobileWrong => "Klopt dit nummer niet? Vraag {manager} het te corrigeren.", "Is this number wrong? Ask {manager} to correct it.";
    ActSending => "De sms wordt verstuurd…", "Sending the text message…";
    ActCodeTitle => "Vul de sms-code in", "Enter the code from the text message";
    ActCodeSent => "Wij hebben een sms met een code van 6 cijfers gestuurd naar {mobile}. De code is 10 minuten geldig.",
        "We have sent a text message with a 6-digit code to {mobile}. The code is valid for 10 minutes.";
    ActCodeLabel => "SMS-code", "Text message code";
    ActCodeHint => "6 cijfers, bijvoorbeeld 123456", "6 digits, for example 123456";
    ActCodeMissing => "Vul de sms-code in", "Enter the code from the text message";
    ActCodeFormat => "Vul de 6 cijfers van de sms-code in", "Enter the 6 digits of the code from the text message";
    ActCodeWrongMany => "Deze code klopt niet. Controleer de sms en probeer het opnieuw: u kunt het nog {n} keer proberen.",
        "This code is not correct. Check the text message and try again: you have {n} more tries.";
    ActCodeWrongOne => "Deze code klopt niet. U kunt het nog 1 keer proberen; daarna moet u een nieuwe code aanvragen.",
        "This code is not correct. You have 1 more try; after that you need to ask for a new code.";
    ActCodeBlocked => "U heeft 5 keer een verkeerde code ingevuld. Deze code werkt daarom niet meer: vraag een nieuwe code aan met ‘Stuur een nieuwe code’.",
        "You have entered a wrong code 5 times, so this code no longer works: ask for a new code with ‘Send a new code’.";
    ActCodeExpired => "Deze code is verlopen: een code is 10 minuten geldig. Vraag een nieuwe code aan met ‘Stuur een nieuwe code’.",
        "This code has expired: a code is valid for 10 minutes. Ask for a new code with ‘Send a new code’.";
    ActCodeNone => "Er is nog geen code naar u gestuurd. Vraag een code aan met ‘Stuur een nieuwe code’.",
        "No code has been sent to you yet. Ask for a code with ‘Send a new code’.";
    ActResendTooSoon => "U heeft net een code gekregen. Wacht nog {n} seconden voordat u een nieuwe code aanvraagt.",
        "You have just been sent a code. Wait {n} more seconds before asking for a new one.";
    ActHourlyLimitOne => "U heeft in het afgelopen uur al 5 codes aangevraagd. Probeer het over 1 minuut opnieuw.",
        "You have asked for 5 codes in the past hour. Try again in 1 minute.";
    ActHourlyLimit => "U heeft in het afgelopen uur al 5 codes aangevraagd. Probeer het over {n} minuten opnieuw.",
        "You have asked for 5 codes in the past hour. Try again in {n} minutes.";
    ActResendHeading => "Geen sms ontvangen?", "No text message received?";
    ActResendHint => "Controleer of {mobile} uw nummer is. Een nieuwe code vervangt de vorige.", "Check that {mobile} is your number. A new code replaces the previous one.";
    ActResendWait => "U kunt over {n} seconden een nieuwe code laten sturen.", "You can have a new code sent in {n} seconds.";
    ActResend => "Stuur een nieuwe code", "Send a new code";
    ActResent => "Wij hebben een nieuwe code gestuurd naar {mobile}. De vorige code werkt niet meer.", "We have sent a new code to {mobile}. The previous code no longer works.";
    ActVerifying => "Bezig met controleren…", "Checking…";
    ActOverviewTitle => "Controleer uw aanvraag", "Check your request";
    ActOverviewIntro => "Dit is wat u bestelt. Klopt er iets niet? Vraag {manager} het te corrigeren voordat u bestelt.",
        "This is what you are ordering. Is something wrong? Ask {manager} to correct it before you order.";
    ActName => "Naam", "Name";
    ActConfirmed => "(bevestigd)", "(confirmed)";
    ActNextEmployee => "U bent in loondienst bij {organisation}: u krijgt uw eHerkenningsmiddel direct nadat u heeft besteld.",
        "You are employed by {organisation}: you receive your eHerkenning means as soon as you have ordered.";
    ActNextIdentify => "U bent niet in loondienst bij {organisation}. Nadat u heeft besteld, stellen wij daarom eerst vast wie u bent; daarna krijgt u het middel.",
        "You are not employed by {organisation}. After you have ordered, we therefore first establish who you are; after that you receive the means.";
    ActTermsRead => "Lees voordat u bestelt de {terms} van eHerkenning.", "Before you order, read the eHerkenning {terms}.";
    ActTermsLink => "Gebruiksvoorwaarden", "terms of use";
    ActNewTab => "(opent in een nieuw tabblad)", "(opens in a new tab)";
    ActAcceptTerms => "Ik ga akkoord met de Gebruiksvoorwaarden", "I accept the terms of use";
    ActAcceptTermsError => "Ga akkoord met de Gebruiksvoorwaarden om te bestellen", "Accept the terms of use to order";
    ActOrder => "Bestel", "Order";
    ActIssuedTitle => "U beschikt nu over eHerkenning", "You now have eHerkenning";
    ActIssuedPanel => "Uw eHerkenningsmiddel is uitgegeven", "Your eHerkenning means has been issued";
    ActMeansId => "Identificatienummer", "Identification number";
    ActValidFrom => "Geldig vanaf", "Valid from";
    ActValidUntil => "Geldig tot en met", "Valid until";
    ActIssuedUse => "U kunt nu met eHerkenning inloggen bij de diensten waarvoor u bent gemachtigd.",
        "You can now log in with eHerkenning to the services you are authorised for.";
    ActIssuedManager => "{manager} heeft hiervan bericht gekregen.", "{manager} has been notified.";
    ActHowTitle => "Zo logt u in", "How to log in";
    ActHowService => "Ga naar de website van de dienst en kies daar 'Inloggen met eHerkenning'.",
        "Go to the service's website and choose 'Log in with eHerkenning' there.";
    ActHowSupplier => "Kies in de lijst de leverancier van uw eHerkenningsmiddel: de aanbieder van Middelpunt.",
        "Choose the supplier of your eHerkenning means from the list: the provider of Middelpunt.";
    ActHowPassword => "Log in met uw e-mailadres {email} en uw wachtwoord.",
        "Log in with your e-mail address {email} and your password.";
    ActHowSms => "Log in met uw e-mailadres {email} en uw wachtwoord. Daarna krijgt u een sms-code op {mobile}: vul die in.",
        "Log in with your e-mail address {email} and your password. You then receive an SMS code on {mobile}: enter it.";
    ActWhereTitle => "Hier kunt u inloggen", "Where you can log in";
    ActWhereAll => "U mag inloggen bij alle diensten die eHerkenning {level} of lager vragen. Welke diensten dat zijn, leest u op {link}.",
        "You may log in to every service that asks for eHerkenning {level} or lower. Which services those are, you can read on {link}.";
    ActWhereSome => "Bij deze organisaties kunt u inloggen voor de diensten waarvoor u bent gemachtigd:",
        "At these organisations you can log in to the services you are authorised for:";
    ActWhereNone => "U heeft nog geen machtigingen. U kunt inloggen zodra {manager} die voor u heeft toegevoegd.",
        "You have no authorisations yet. You can log in as soon as {manager} has added them for you.";
    ActMeansIdTitle => "Uw identificatienummer", "Your identification number";
    ActMeansIdText => "{id} is het nummer van uw eHerkenningsmiddel, het EHM-nummer. U heeft het niet nodig om in te loggen. Noem het als u een vraag heeft over uw middel, aan {manager} of aan ons.",
        "{id} is the number of your eHerkenning means, the EHM number. You do not need it to log in. Mention it when you have a question about your means, to {manager} or to us.";
    ActValidTitle => "Geldig tot en met {date}", "Valid until {date}";
    ActValidText => "Daarna werkt uw middel niet meer. 60 en 14 dagen ervoor krijgen {manager} en u bericht, zodat het op tijd verlengd kan worden.",
        "After that date your means no longer works. 60 and 14 days before, {manager} and you are notified, so that it can be renewed in time.";
    ActQuestionsTitle => "Vragen?", "Questions?";
    ActQuestionsText => "Over uw machtigingen: {manager}. Over inloggen met eHerkenning: {contact}.",
        "About your authorisations: {manager}. About logging in with eHerkenning: {contact}.";
    ActContactLink => "neem contact met ons op", "contact us";
    ActIdentifyTitle => "Identificatie vereist", "Identification required";
    ActIdentifyWhy => "U heeft uw aanvraag bevestigd. U bent niet in loondienst bij {organisation}; daarom moeten wij eerst vaststellen wie u bent voordat u uw eHerkenningsmiddel krijgt.",
        "You have confirmed your request. You are not employed by {organisation}, so we first need to establish who you are before you receive your eHerkenning means.";
    ActIdentifyContact => "Onze identificatiepartner neemt contact met u op via {email} of {mobile} om een afspraak te maken.",
        "Our identification partner will contact you at {email} or {mobile} to make an appointment.";
    ActIdentifyHow => "De identificatie gebeurt persoonlijk, op een afgesproken plek, of via een videogesprek.",
        "The identification takes place in person, at an agreed place, or by video call.";
    ActIdentifyAfter => "Na een geslaagde identificatie krijgt u uw eHerkenningsmiddel en krijgt {manager} bericht.",
        "After a successful identification you receive your eHerkenning means and {manager} is notified.";
    ActIdentifyBringTitle => "Wat heeft u nodig?", "What do you need?";
    ActIdentifyBring => "Een geldig paspoort of een geldige Nederlandse identiteitskaart. Een rijbewijs is niet genoeg.",
        "A valid passport or a valid Dutch identity card. A driving licence is not enough.";
    ActIdentifyDeadlineTitle => "Uiterlijk {date}", "By {date}";
    ActIdentifyDeadline => "Laat u uiterlijk op {date} identificeren. Daarna vervalt de aanvraag en moet {manager} opnieuw bestellen.",
        "Be identified by {date} at the latest. After that the request lapses and {manager} has to order again.";
    ActNotFoundTitle => "Deze link werkt niet", "This link does not work";
    ActNotFoundBody => "Controleer of u de hele link uit de e-mail heeft aangeklikt of gekopieerd: soms valt het laatste deel weg.",
        "Check that you clicked or copied the whole link in the e-mail: sometimes the last part gets lost.";
    ActNotFoundAsk => "Werkt de link nog steeds niet? Vraag dan uw machtigingenbeheerder om u een nieuwe uitnodiging te sturen.",
        "Does the link still not work? Then ask your authorisation manager to send you a new invitation.";
    ActExpiredTitle => "Deze link is verlopen", "This link has expired";
    ActExpiredBody => "De uitnodiging was geldig tot {date}.", "The invitation was valid until {date}.";
    ActExpiredAsk => "Vraag {manager} om u een nieuwe uitnodiging te sturen.", "Ask {manager} to send you a new invitation.";
    ActCancelledTitle => "Deze aanvraag is geannuleerd", "This request has been cancelled";
    ActCancelledBody => "Uw machtigingenbeheerder heeft deze aanvraag geannuleerd. U hoeft niets te doen.",
        "Your authorisation manager has cancelled this request. You do not need to do anything.";
    ActAskManager => "Heeft u vragen, of denkt u dat dit niet klopt? Neem dan contact op met {manager}.",
        "Do you have questions, or do you think this is wrong? Then contact {manager}.";
    ActFinishedTitle => "Deze aanvraag is al afgerond", "This request has already been completed";
    ActFinishedIssued => "U heeft uw eHerkenningsmiddel al gekregen. U hoeft niets meer te doen.",
        "You have already received your eHerkenning means. You do not need to do anything else.";
    ActFinishedRejected => "De identificatie is niet gelukt en de aanvraag is afgewezen.", "The identification did not succeed and the request has been rejected.";
    ActFinishedOrganisationEnded => "Het Handelsregister vermeldt de organisatie als beëindigd. Daarom is er geen eHerkenningsmiddel uitgegeven en is de aanvraag gestopt.", "The Business Register lists the organisation as ended. Therefore no eHerkenning means has been issued and the request has been stopped.";
    ActYourManager => "uw machtigingenbeheerder", "your authorisation manager";
    ActLoadingHeading => "Uitnodiging voor eHerkenning", "Invitation to eHerkenning";

    TermsTitle => "Gebruiksvoorwaarden eHerkenning", "eHerkenning terms of use";

    // The operator's identification queue.
    NavIdentifications => "Identificaties", "Identifications";
    NavBackOffice => "Backoffice", "Back office";
    IdsTitle => "Identificaties", "Identifications";
    IdsIntro => "Deze mensen zijn niet in loondienst bij de organisatie waarvoor ze eHerkenning krijgen. Identificeer ze vóór de uiterste datum en leg de uitkomst vast.",
        "These people are not employed by the organisation they receive eHerkenning for. Identify them before the deadline and record the outcome.";
    IdsEmpty => "Er wacht niemand op identificatie.", "Nobody is waiting for identification.";
    IdsCaption => "Wachten op identificatie ({n}); de eerste uiterste datum bovenaan", "Waiting for identification ({n}); the earliest deadline first";
    IdsColBorn => "Geboren", "Born";
    IdsColOrdered => "Besteld op", "Ordered on";
    IdsColDeadline => "Uiterste datum", "Deadline";
    IdsIssued => "De identificatie van {name} is vastgelegd: het eHerkenningsmiddel is uitgegeven ({means}).",
        "The identification of {name} has been recorded: the eHerkenning means has been issued ({means}).";
    IdsRejected => "De identificatie van {name} is vastgelegd: de aanvraag is afgewezen.", "The identification of {name} has been recorded: the request has been rejected.";
    NoAccessTitle => "Geen toegang", "No access";
    IdsNoAccessBody => "Deze pagina's zijn alleen voor medewerkers die identificaties vastleggen. U bent ingelogd als {name}, als machtigingenbeheerder.",
        "These pages are only for staff who record identifications. You are logged in as {name}, as an authorisation manager.";
    IdRecordTitle => "Identificatie vastleggen", "Record an identification";
    IdPerson => "Te identificeren persoon", "Person to identify";
    IdOrderNumber => "Bestelnummer", "Order number";
    IdMethodQuestion => "Hoe is de persoon geïdentificeerd?", "How was the person identified?";
    IdMethodInPerson => "Persoonlijk, op locatie", "In person";
    IdMethodVideo => "Via een videogesprek", "By video call";
    IdDocQuestion => "Welk identiteitsbewijs is getoond?", "Which identity document was shown?";
    IdDocHint => "Een rijbewijs is niet toegestaan.", "A driving licence is not allowed.";
    IdDocPassport => "Paspoort", "Passport";
    IdDocIdCard => "Nederlandse identiteitskaart", "Dutch identity card";
    IdLast4Label => "Laatste 4 tekens van het documentnummer", "Last 4 characters of the document number";
    IdLast4Hint => "Bijvoorbeeld AB12. Leg nooit het hele nummer vast.", "For example AB12. Never record the whole number.";
    IdNameQuestion => "Komt de naam overeen met het identiteitsbewijs?", "Does the name match the identity document?";
    IdBirthQuestion => "Komt de geboortedatum overeen met het identiteitsbewijs?", "Does the date of birth match the identity document?";
    IdOutcomeQuestion => "Wat is de uitkomst?", "What is the outcome?";
    IdApprove => "Goedgekeurd: het middel uitgeven", "Approved: issue the means";
    IdReject => "Afgewezen: de aanvraag stopt", "Rejected: the request ends";
    IdReasonLabel => "Reden van afwijzing", "Reason for rejection";
    IdReasonHint => "Bijvoorbeeld: de naam op het paspoort wijkt af van de aanvraag.", "For example: the name on the passport differs from the request.";
    IdSubmit => "Uitkomst vastleggen", "Record the outcome";
    IdSubmitting => "Bezig met vastleggen…", "Recording…";
    IdMethodMissing => "Kies hoe de persoon is geïdentificeerd", "Choose how the person was identified";
    IdDocMissing => "Kies welk identiteitsbewijs is getoond", "Choose which identity document was shown";
    IdLast4Missing => "Vul de laatste 4 tekens van het documentnummer in", "Enter the last 4 characters of the document number";
    IdNameMissing => "Kies of de naam overeenkomt", "Choose whether the name matches";
    IdBirthMissing => "Kies of de geboortedatum overeenkomt", "Choose whether the date of birth matches";
    IdOutcomeMissing => "Kies de uitkomst", "Choose the outcome";
    IdReasonMissing => "Vul de reden van afwijzing in", "Enter the reason for rejection";
    IdNotFound => "Dit verzoek is niet gevonden of al afgehandeld.", "This request was not found or has already been handled.";
    IdBackToList => "Terug naar de lijst", "Back to the list";
}
