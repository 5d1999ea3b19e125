//! The one translation mechanism of the SPA: a typed table of every visible string.
//!
//! Each key is a variant of [`T`] and the [`texts!`] macro demands a Dutch and an English text
//! for every one, so a missing translation is a compile error, not a runtime surprise. The
//! language lives in a context signal, persists in `localStorage` and drives `<html lang>`.

use domain::Lang;
use leptos::prelude::*;

const STORAGE_KEY: &str = "middelpunt.lang";

macro_rules! texts {
    ($($key:ident => $nl:literal, $en:literal;)*) => {
        /// A key of a visible text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            /// The text in the given language.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::Nl) => $nl, (T::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

texts! {
    ProductName => "Middelpunt", "Middelpunt";
    SkipToContent => "Direct naar de inhoud", "Skip to main content";
    MainNavigation => "Hoofdmenu", "Main menu";
    NavHome => "Start", "Home";
    NavAccessibility => "Toegankelijkheid", "Accessibility";
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

    StartOrder => "Gebruiker(s) toevoegen", "Add user(s)";
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

    NotFoundTitle => "Pagina niet gevonden", "Page not found";
    NotFoundBody => "Deze pagina bestaat niet. Hebt u het adres getypt of geplakt? Controleer dan of het klopt.",
        "This page does not exist. If you typed or pasted the address, check that it is correct.";
    NotFoundHome => "Naar de startpagina", "Go to the home page";

    AccessibilityTitle => "Toegankelijkheid", "Accessibility";
    AccessibilityIntro => "Middelpunt moet voor iedereen bruikbaar zijn. Wij bouwen het volgens de Web Content Accessibility Guidelines (WCAG) 2.1, niveau AA.",
        "Middelpunt must be usable by everyone. We build it to the Web Content Accessibility Guidelines (WCAG) 2.1, level AA.";
    AccessibilityHow => "Iedere pagina is met alleen het toetsenbord te bedienen, elk formulierveld heeft een label en foutmeldingen worden voorgelezen. Bij elke wijziging controleren we alle pagina's automatisch met axe-core in een echte browser.",
        "Every page can be used with the keyboard alone, every form field has a label and error messages are announced. With every change we check all pages automatically with axe-core in a real browser.";
    AccessibilityContact => "Loopt u toch tegen een probleem aan? Laat het ons weten via uw vaste contactpersoon; wij reageren binnen vijf werkdagen.",
        "Do you still run into a problem? Let us know through your usual contact; we respond within five working days.";
}

/// The current language, provided once at the root.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The current language (tracked).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The text for `key` in the current language (tracked).
    pub fn t(&self, key: T) -> &'static str {
        key.text(self.lang.get())
    }

    /// Switches the language; it persists and is announced through `<html lang>`.
    pub fn set(&self, lang: Lang) {
        self.lang.set(lang);
    }
}

/// Creates the language context from the stored choice (Dutch when there is none) and keeps
/// `<html lang>` and `localStorage` in step with it.
pub fn provide_i18n() -> I18n {
    let initial = stored_lang().unwrap_or_default();
    let i18n = I18n {
        lang: RwSignal::new(initial),
    };
    Effect::new(move |_| {
        let lang = i18n.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
    });
    provide_context(i18n);
    i18n
}

/// The language context; panics when [`provide_i18n`] was not called at the root.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn stored_lang() -> Option<Lang> {
    local_storage()?
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()
        .and_then(|code| Lang::from_code(&code))
}
