//! `/backoffice/beheerders/nieuw[?kvk=…]`: appointing a machtigingenbeheerder for one registered
//! organisation, on the authority of its wettelijk vertegenwoordiger(s): who signed, whether one
//! may sign alone or they sign together, and the reference of the signed authorisation. The
//! manager then gets an e-mail with a one-time link to set up the account. Appointing asks for
//! the second factor again when it was given more than 15 minutes ago, in place.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::mandate::{IN_APPOINTMENT, MandateAnswers, MandateFields};
use super::refusal;
use crate::api::back_office::{self as api, Appointment};
use crate::components::error_summary::{ErrorSummary, Problem, problem_at};
use crate::components::page::Page;
use crate::components::radios::{Choice, Radios};
use crate::components::shared::shared;
use crate::components::step_up::{STEP_UP_FIELD, StepUp, StepUpField};
use crate::components::text_field::TextField;
use crate::i18n::{T, use_i18n};

/// The form's own fields (the mandate's follow).
const NAME: &str = "name";
const EMAIL: &str = "email";
const LEVEL: &str = "level";

/// Every field, in order: where the server's problems go.
const FIELDS: [&str; 7] = [
    NAME,
    EMAIL,
    LEVEL,
    IN_APPOINTMENT.kvk_number,
    IN_APPOINTMENT.representatives,
    IN_APPOINTMENT.authority,
    IN_APPOINTMENT.reference,
];

#[component]
pub fn AppointPage() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let query = use_query_map();
    let kvk = query.with_untracked(|q| q.get("kvk")).unwrap_or_default();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let level = RwSignal::new(None::<String>);
    let mandate = MandateAnswers::new(kvk);
    let missing = RwSignal::new(Vec::<Problem>::new());
    let attempt = RwSignal::new(0_usize);
    let step_up = StepUp::new();

    let appoint = Action::new_local(move |(appointment, code): &(Appointment, Option<String>)| {
        let (appointment, code) = (appointment.clone(), code.clone());
        let navigate = navigate.clone();
        async move {
            let result = StepUp::then(code, api::appoint(appointment)).await;
            step_up.watch(&result);
            if let Ok(appointed) = &result {
                navigate(
                    &format!("/backoffice/beheerders/{}?aangesteld=1", appointed.id),
                    Default::default(),
                );
            }
            result
        }
    });

    let step_up_error = move || {
        let outcome = appoint.value().get().and_then(Result::err);
        step_up.problem(outcome.as_ref(), i18n)
    };
    let problems = Signal::derive(move || {
        let mut problems = missing.get();
        if let Some(message) = step_up_error() {
            problems.push(Problem::new(STEP_UP_FIELD, message));
        }
        if let Some(Err(error)) = appoint.value().get() {
            let at = if error.code() == Some("manager_exists") {
                EMAIL
            } else {
                NAME
            };
            problems.extend(refusal(&error, &FIELDS, at, i18n));
        }
        problems
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut now_missing = Vec::new();
        if name.read_untracked().trim().is_empty() {
            now_missing.push(Problem::new(NAME, i18n.t(T::BoNameMissing)));
        }
        if email.read_untracked().trim().is_empty() {
            now_missing.push(Problem::new(EMAIL, i18n.t(T::BoEmailMissing)));
        }
        let chosen = level
            .read_untracked()
            .as_deref()
            .and_then(domain::Level::parse);
        if chosen.is_none() {
            now_missing.push(Problem::new(LEVEL, i18n.t(T::BoLevelMissing)));
        }
        now_missing.extend(mandate.missing(IN_APPOINTMENT, i18n));
        let code = step_up.take_code();
        let complete = now_missing.is_empty();
        missing.set(now_missing);
        appoint.value().set(None);
        attempt.update(|n| *n += 1);
        let (Some(chosen), Ok(code)) = (chosen, code) else {
            return;
        };
        if complete && !appoint.pending().get_untracked() {
            let appointment = Appointment {
                name: name.get_untracked().trim().to_string(),
                email: email.get_untracked().trim().to_string(),
                level: chosen,
                mandate: mandate.mandate(),
            };
            appoint.dispatch((appointment, code));
        }
    };

    let text = move |key: T| Signal::derive(move || i18n.t(key).to_string());
    let levels = Signal::derive(move || {
        domain::Level::ALL
            .iter()
            .map(|l| Choice::new(l.label(), l.label()).hint(l.explanation(i18n.lang())))
            .collect::<Vec<_>>()
    });
    view! {
        <A href="/backoffice/beheerders" attr:class="back-link">{i18n.tr(T::BoBackToManagers)}</A>
        <ErrorSummary problems=problems attempt=attempt/>
        <Page title=T::BoAppointTitle>
            <p>{i18n.tr(T::BoAppointIntro)}</p>
            <form novalidate on:submit=on_submit class="form">
                <h2>{i18n.tr(T::BoPersonTitle)}</h2>
                <TextField
                    id=NAME
                    label=text(T::BoNameLabel)
                    value=name
                    error=problem_at(problems, NAME)
                    autocomplete="off"
                    spellcheck="false"
                />
                <TextField
                    id=EMAIL
                    label=text(T::BoEmailLabel)
                    hint=text(T::BoEmailHint)
                    value=email
                    input_type="email"
                    error=problem_at(problems, EMAIL)
                    autocomplete="off"
                    spellcheck="false"
                />
                <Radios
                    name=LEVEL
                    legend=text(T::BoLevelLegend)
                    hint=text(T::BoLevelHint)
                    choices=levels
                    selected=level
                    error=problem_at(problems, LEVEL)
                />
                <h2>{i18n.tr(T::BoAuthorityTitle)}</h2>
                <p>{i18n.tr(T::BoAuthorityIntro)}</p>
                <MandateFields answers=mandate ids=IN_APPOINTMENT problems=problems/>
                <StepUpField step_up=step_up error=Signal::derive(step_up_error)/>
                <button type="submit" class="button button--primary" disabled=shared(move || appoint.pending().get())>
                    {i18n.tr(T::BoAppointSubmit)}
                </button>
            </form>
        </Page>
    }
}
