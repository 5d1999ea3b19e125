//! `/beheer/koppelingen/nieuw`: a new client, on one page (GOV.UK style): its name, the
//! organisation it acts for, what it may do, until when it works, and the profile of every user
//! it creates (level up to the manager's own, branch, machtigingen, term) with the price of one
//! user from the server's quote, and the terms. Checked here first (the error summary links each
//! field); the server's refusals land at their fields by location; nothing typed is lost. Made,
//! the client's page shows its secret, once.

use domain::Level;
use domain::catalogue::Authorisations;
use domain::pricing::{QuoteRequest, Term};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::super::add::{ACCEPT_TERMS, date_input, terms_field};
use super::super::filters::organisation_options;
use super::{client_href, hand_over, permission_text, term_text};
use crate::api::clients::{
    self as calls, ClientPermission, IssuedSecret, MAX_NAME_CHARS, MAX_VALIDITY_DAYS, NewApiClient,
    ProvisioningProfile,
};
use crate::api::{self, ApiError};
use crate::area::AppLink;
use crate::components::error_summary::{ErrorSummary, Problem, problem_at};
use crate::components::field::{Description, error_message};
use crate::components::page::PAGE_HEADING_ID;
use crate::components::price_table::price_table;
use crate::components::radios::{Choice, Radios};
use crate::components::shared::shared;
use crate::components::step_up::{STEP_UP_FIELD, StepUp, StepUpField, is_step_up_problem};
use crate::components::text_field::TextField;
use crate::i18n::{I18n, T, Y, use_i18n};
use crate::session::use_session;

/// The ids of the form's fields (the error summary links to them).
pub const NAME: &str = "client-name";
pub const ORGANISATION: &str = "client-organisation";
pub const PERMISSIONS: &str = "permission-read_users";
pub const EXPIRES: &str = "expires-on";
pub const LEVEL: &str = "level";
pub const BRANCH: &str = "branch-number";
pub const AUTHORISATIONS: &str = "authorisations";
pub const TERM: &str = "term";
pub const SUBMIT: &str = "client-submit";

/// The machtigingen choices.
const AUTH_NONE: &str = "none";
const AUTH_ALL: &str = "all";

/// The day `days` from today in the browser's time zone, as an ISO date.
fn iso_in_days(days: i64) -> String {
    let date = js_sys::Date::new_0();
    date.set_date((date.get_date() as i64 + days) as u32);
    format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    )
}

/// The same day next year (the 28th of February for the 29th), as an ISO date.
fn iso_in_a_year() -> String {
    let today = js_sys::Date::new_0();
    let (year, month, day) = (
        today.get_full_year() + 1,
        today.get_month() + 1,
        today.get_date(),
    );
    let day = if month == 2 && day == 29 { 28 } else { day };
    format!("{year:04}-{month:02}-{day:02}")
}

/// Which field a refusal of the server concerns, by its problem's location or its code.
pub fn field_of(location: &str) -> &'static str {
    match location {
        "name" => NAME,
        "kvk_number" | "organisation_not_managed" => ORGANISATION,
        "permissions" => PERMISSIONS,
        "expires_on" => EXPIRES,
        "profile.level" | "level_above_own" => LEVEL,
        "profile.branch_number" => BRANCH,
        "profile.authorisations" => AUTHORISATIONS,
        "profile.term" => TERM,
        "accepted_terms" | "terms_not_accepted" => ACCEPT_TERMS,
        code if is_step_up_problem(code) => STEP_UP_FIELD,
        _ => SUBMIT,
    }
}

/// The server's refusal as problems at their fields.
fn refusal_problems(error: &ApiError, i18n: I18n) -> Vec<Problem> {
    super::super::refusal_problems(error, |at| field_of(at).to_owned(), SUBMIT, i18n)
}

/// What the manager chose, as the form holds it.
#[derive(Debug, Clone, Copy)]
struct Form {
    name: RwSignal<String>,
    organisation: RwSignal<String>,
    permissions: RwSignal<Vec<ClientPermission>>,
    expires_on: RwSignal<String>,
    level: RwSignal<Option<String>>,
    branch: RwSignal<String>,
    authorisations: RwSignal<Option<String>>,
    term: RwSignal<Option<String>>,
    accepted: RwSignal<bool>,
}

impl Form {
    fn new(organisations: &[String]) -> Form {
        // One organisation is chosen already; among several the manager picks.
        let organisation = match organisations {
            [only] => only.clone(),
            _ => String::new(),
        };
        Form {
            name: RwSignal::new(String::new()),
            organisation: RwSignal::new(organisation),
            permissions: RwSignal::new(ClientPermission::ALL.to_vec()),
            expires_on: RwSignal::new(iso_in_a_year()),
            level: RwSignal::new(None),
            branch: RwSignal::new(String::new()),
            authorisations: RwSignal::new(Some(AUTH_NONE.to_string())),
            term: RwSignal::new(None),
            accepted: RwSignal::new(false),
        }
    }

    fn level(&self) -> Option<Level> {
        self.level.get().as_deref().and_then(Level::parse)
    }

    fn term(&self) -> Option<Term> {
        let years = self.term.get()?.parse::<u8>().ok()?;
        Term::ALL.into_iter().find(|t| t.years() == years)
    }

    fn authorisations(&self) -> Option<Authorisations> {
        match self.authorisations.get().as_deref()? {
            AUTH_ALL => Some(Authorisations::AllServices),
            _ => Some(Authorisations::None),
        }
    }

    /// The form's own checks: the problems, in the order of the fields.
    fn problems(&self, own: Level, i18n: I18n) -> Vec<Problem> {
        let mut found = Vec::new();
        let name = self.name.get_untracked();
        if name.trim().is_empty() {
            found.push(Problem::new(NAME, i18n.t(Y::KpNameMissing)));
        } else if name.trim().chars().count() > MAX_NAME_CHARS {
            found.push(Problem::new(NAME, i18n.t(Y::KpNameTooLong)));
        }
        if self.organisation.get_untracked().is_empty() {
            found.push(Problem::new(ORGANISATION, i18n.t(Y::KpChooseOrganisation)));
        }
        if self.permissions.read_untracked().is_empty() {
            found.push(Problem::new(PERMISSIONS, i18n.t(Y::KpChoosePermission)));
        }
        if self.expires_on.get_untracked().trim().is_empty() {
            found.push(Problem::new(EXPIRES, i18n.t(Y::KpExpiresMissing)));
        }
        match untrack(|| self.level()) {
            None => found.push(Problem::new(LEVEL, i18n.t(T::ChooseLevel))),
            Some(level) if level > own => found.push(Problem::new(
                LEVEL,
                i18n.t(T::LevelAboveOwn).replace("{level}", own.label()),
            )),
            Some(_) => {}
        }
        let branch = self.branch.get_untracked();
        let branch = branch.trim();
        let twelve_digits = branch.len() == 12 && branch.bytes().all(|b| b.is_ascii_digit());
        if !branch.is_empty() && !twelve_digits {
            found.push(Problem::new(BRANCH, i18n.t(T::BhBranchInvalid)));
        }
        if self.authorisations.get_untracked().is_none() {
            found.push(Problem::new(
                AUTHORISATIONS,
                i18n.t(Y::KpChooseAuthorisations),
            ));
        }
        if untrack(|| self.term()).is_none() {
            found.push(Problem::new(TERM, i18n.t(T::ChooseTerm)));
        }
        if !self.accepted.get_untracked() {
            found.push(Problem::new(ACCEPT_TERMS, i18n.t(Y::KpAcceptTermsError)));
        }
        found
    }

    /// The request, once every question is answered.
    fn body(&self) -> Option<NewApiClient> {
        untrack(|| {
            let branch = self.branch.get().trim().to_string();
            Some(NewApiClient {
                name: self.name.get().trim().to_string(),
                kvk_number: self.organisation.get(),
                permissions: ClientPermission::ALL
                    .iter()
                    .copied()
                    .filter(|p| self.permissions.read().contains(p))
                    .collect(),
                expires_on: self.expires_on.get().trim().to_string(),
                profile: ProvisioningProfile {
                    level: self.level()?,
                    branch_number: (!branch.is_empty()).then_some(branch),
                    authorisations: self.authorisations()?,
                    term: self.term()?,
                },
                accepted_terms: self.accepted.get(),
            })
        })
    }
}

/// The permissions as a group of checkboxes; the first one's id is [`PERMISSIONS`].
fn permissions_field(
    chosen: RwSignal<Vec<ClientPermission>>,
    error: Signal<Option<String>>,
    i18n: I18n,
) -> AnyView {
    let hint = Signal::derive(move || i18n.t(Y::KpPermissionsHint).to_string());
    let described = Description::new(PERMISSIONS, Some(hint), Some(error));
    let boxes = ClientPermission::ALL
        .iter()
        .copied()
        .map(|permission| {
            let id = format!("permission-{}", permission.as_str());
            let hint_id = format!("{id}-item-hint");
            let (label, explanation) = permission_text(permission);
            view! {
                <div class="checkboxes__item">
                    <input
                        type="checkbox"
                        class="checkboxes__input"
                        id=id.clone()
                        name="permissions"
                        value=permission.as_str()
                        aria-describedby=hint_id.clone()
                        prop:checked=move || chosen.read().contains(&permission)
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            chosen.update(|all| {
                                all.retain(|p| *p != permission);
                                if on {
                                    all.push(permission);
                                }
                            });
                        }
                    />
                    <label class="checkboxes__label" for=id>{i18n.tr(label)}</label>
                    <p class="checkboxes__hint" id=hint_id>{i18n.tr(explanation)}</p>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="form-field" class:form-field--invalid=move || described.invalid()>
            <fieldset class="fieldset" aria-describedby=move || described.described_by()>
                <legend class="fieldset__legend">{i18n.tr(Y::KpPermissionsLegend)}</legend>
                {described.messages()}
                <div class="checkboxes">{boxes}</div>
            </fieldset>
        </div>
    }
    .into_any()
}

/// The organisation: one of the manager's, by name.
fn organisation_field(
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    i18n: I18n,
) -> AnyView {
    // The filters' options, with "Kies een organisatie" in place of "Alle organisaties".
    let named = organisation_options(i18n);
    let options = move || {
        let mut options = vec![(
            String::new(),
            i18n.t(Y::KpChooseOrganisationOption).to_string(),
        )];
        options.extend(named.get().into_iter().skip(1));
        options
    };
    let hint = Signal::derive(move || i18n.t(Y::KpOrganisationHint).to_string());
    let described = Description::new(ORGANISATION, Some(hint), Some(error));
    view! {
        <div class="form-field" class:form-field--invalid=move || described.invalid()>
            <label class="form-field__label" for=ORGANISATION>{i18n.tr(T::OrganisationLabel)}</label>
            {described.messages()}
            <select
                class="form-field__input form-field__select"
                id=ORGANISATION
                name=ORGANISATION
                aria-describedby=move || described.described_by()
                aria-invalid=move || described.aria_invalid()
                on:change:target=move |ev| value.set(ev.target().value())
            >
                {move || {
                    let selected = value.get();
                    options()
                        .into_iter()
                        .map(|(v, text)| {
                            let is_selected = v == selected;
                            view! { <option value=v prop:selected=is_selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
    .into_any()
}

#[component]
pub fn NewClient() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let manager = use_session().manager();
    let own = manager.as_ref().map(|m| m.level).unwrap_or(Level::Eh2);
    let organisations = manager.map(|m| m.organisations).unwrap_or_default();
    let form = Form::new(&organisations);
    let problems = RwSignal::new(Vec::<Problem>::new());
    let attempt = RwSignal::new(0_usize);
    Effect::new(move |_| {
        document().set_title(&format!(
            "{} – {} – {}",
            i18n.t(Y::KpAdd),
            i18n.t(Y::KpTitle),
            i18n.t(T::ProductName)
        ));
    });

    // The price of one user under the profile, as the wizard asks it of the server.
    let asked = Memo::new(move |_| {
        Some(QuoteRequest {
            level: form.level()?,
            term: form.term()?,
            users: 1,
            authorisations_per_user: form.authorisations()?.count_per_user(),
        })
    });
    let quote = LocalResource::new(move || {
        let request = asked.get();
        async move {
            match request {
                Some(request) => Some(api::quote(request).await),
                None => None,
            }
        }
    });

    // Creating asks for the second factor again when it was given long ago (step-up): the
    // form stays as it is, with the code field.
    let step_up = StepUp::new();
    let create = Action::new_local(move |(body, code): &(NewApiClient, Option<String>)| {
        let (body, code) = (body.clone(), code.clone());
        let navigate = navigate.clone();
        async move {
            let created: Result<IssuedSecret, ApiError> =
                StepUp::then(code, calls::create(body)).await;
            step_up.watch(&created);
            match &created {
                Ok(issued) => {
                    hand_over(issued.client.id.clone(), issued.secret.clone());
                    navigate(&client_href(&issued.client.id), Default::default());
                }
                Err(error) => {
                    problems.try_set(refusal_problems(error, i18n));
                    attempt.try_update(|n| *n += 1);
                }
            }
            created
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if create.pending().get_untracked() {
            return;
        }
        let mut found = form.problems(own, i18n);
        let code = match step_up.take_code() {
            Ok(code) => code,
            Err(_) => {
                found.push(Problem::new(STEP_UP_FIELD, i18n.t(T::StepUpCodeMissing)));
                None
            }
        };
        match form.body() {
            Some(body) if found.is_empty() => {
                problems.set(Vec::new());
                create.dispatch((body, code));
            }
            _ => {
                problems.set(found);
                attempt.update(|n| *n += 1);
            }
        }
    };

    let error_at = move |id: &'static str| problem_at(problems, id);
    let level_choices = Signal::derive(move || {
        Level::ALL
            .into_iter()
            .filter(|l| *l <= own)
            .map(|l| Choice::new(l.label(), l.label()).hint(l.explanation(i18n.lang())))
            .collect::<Vec<_>>()
    });
    let auth_choices = Signal::derive(move || {
        vec![
            Choice::new(AUTH_NONE, i18n.t(Y::KpAuthNone)),
            Choice::new(AUTH_ALL, i18n.t(Y::KpAuthAll)),
        ]
    });
    let term_choices = Signal::derive(move || {
        Term::ALL
            .into_iter()
            .map(|t| Choice::new(t.years().to_string(), term_text(t, i18n)))
            .collect::<Vec<_>>()
    });
    let price = shared(move || match quote.get().flatten() {
        _ if asked.get().is_none() => {
            view! { <p class="subtle">{i18n.t(Y::KpPriceChoose)}</p> }.into_any()
        }
        None => view! { <p>{i18n.t(Y::BhPriceBusy)}</p> }.into_any(),
        Some(Err(error)) => {
            view! { <p class="notice notice--warning">{error.text(i18n)}</p> }.into_any()
        }
        Some(Ok(q)) => price_table(&q, i18n),
    });
    let submit_error = error_at(SUBMIT);
    let step_up_error = move || {
        let outcome = create.value().get().and_then(Result::err);
        step_up.problem(outcome.as_ref(), i18n)
    };
    let expires_hint = i18n.t(Y::KpExpiresHint).to_string();

    view! {
        <a href="/beheer/koppelingen" class="back-link">{i18n.tr(Y::KpBack)}</a>
        <ErrorSummary problems=problems attempt=attempt/>
        <h1 id=PAGE_HEADING_ID tabindex="-1">{i18n.tr(Y::KpAdd)}</h1>
        <p>{i18n.tr(Y::KpNewIntro)}</p>
        {organisations.is_empty().then(|| view! {
            <p class="notice notice--warning">{i18n.tr(Y::KpNoOrganisations)}</p>
        })}
        <form class="form form--wide" novalidate on:submit=on_submit>
            <TextField
                id=NAME
                label=Signal::derive(move || i18n.t(Y::KpName).to_string())
                hint=Signal::derive(move || i18n.t(Y::KpNameHint).to_string())
                value=form.name
                autocomplete="off"
                error=error_at(NAME)
            />
            {organisation_field(form.organisation, error_at(ORGANISATION), i18n)}
            {permissions_field(form.permissions, error_at(PERMISSIONS), i18n)}
            {date_input(
                EXPIRES,
                i18n.t(Y::KpExpires).to_string(),
                form.expires_on,
                Some(iso_in_days(MAX_VALIDITY_DAYS)),
                expires_hint,
                error_at(EXPIRES),
            )}
            <h2>{i18n.tr(Y::KpProfileTitle)}</h2>
            <p>{i18n.tr(Y::KpProfileIntro)}</p>
            <Radios
                name=LEVEL
                legend=Signal::derive(move || i18n.t(T::LevelQuestion).to_string())
                hint=Signal::derive(move || i18n.t(Y::KpLevelHint).replace("{level}", own.label()))
                choices=level_choices
                selected=form.level
                error=error_at(LEVEL)
            />
            <TextField
                id=BRANCH
                label=Signal::derive(move || i18n.t(T::BranchNumber).to_string())
                hint=Signal::derive(move || i18n.t(Y::KpBranchHint).to_string())
                value=form.branch
                inputmode="numeric"
                autocomplete="off"
                optional=true
                error=error_at(BRANCH)
            />
            <Radios
                name=AUTHORISATIONS
                legend=Signal::derive(move || i18n.t(T::AuthorisationsLabel).to_string())
                hint=Signal::derive(move || i18n.t(Y::KpAuthHint).to_string())
                choices=auth_choices
                selected=form.authorisations
                error=error_at(AUTHORISATIONS)
            />
            <Radios
                name=TERM
                legend=Signal::derive(move || i18n.t(T::TermQuestion).to_string())
                hint=Signal::derive(move || i18n.t(T::TermHint).to_string())
                choices=term_choices
                selected=form.term
                error=error_at(TERM)
            />
            <h2 id="price-title">{i18n.tr(Y::KpPricePerUser)}</h2>
            <p>{i18n.tr(Y::KpPriceHint)}</p>
            <div class="price-estimate" id="client-price" role="status" aria-live="polite">{price}</div>
            <p><AppLink href="/prijzen">{i18n.tr(T::PriceListLink)}</AppLink></p>
            <p>{i18n.tr(Y::KpTermsApply)}</p>
            {terms_field(form.accepted, error_at(ACCEPT_TERMS), i18n)}
            <StepUpField step_up=step_up error=Signal::derive(step_up_error)/>
            {move || submit_error.get().map(|message| error_message(SUBMIT, message, i18n))}
            <button type="submit" id=SUBMIT class="button button--primary" disabled=move || create.pending().get()>
                {move || if create.pending().get() { i18n.t(Y::KpCreating) } else { i18n.t(Y::KpCreate) }}
            </button>
        </form>
    }
}
