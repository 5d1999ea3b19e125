//! `/identificaties/{request_id}`: the operator records how a person was identified and the
//! outcome. Approving issues the means (the server then mails the manager); rejecting needs a
//! reason. Missing answers are caught here; the server's rules (approving needs both matches, a
//! well-formed document number) come back as `details.problems` by field and show both in the
//! error summary and at the field.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::Recorded;
use super::list::failure;
use crate::api::{
    self, ApiError, DocumentType, Method, Outcome, Recording, RequestStatus,
    Waiting as WaitingIdentification,
};
use crate::components::error_summary::{ErrorSummary, Problem, problem_at};
use crate::components::field::Description;
use crate::components::page::PAGE_HEADING_ID;
use crate::components::radios::{Choice, Radios};
use crate::components::shared::shared;
use crate::components::summary::summary_row;
use crate::components::text_field::TextField;
use crate::format::{long_date_of, short_date};
use crate::i18n::{I18n, T, use_i18n};

/// The form's fields, in order; each id is the contract's field name.
const FIELDS: [&str; 7] = [
    "method",
    "document_type",
    "document_last4",
    "name_matches",
    "birth_date_matches",
    "outcome",
    "reason",
];

/// The answers as typed or chosen.
#[derive(Clone, Copy)]
struct Answers {
    method: RwSignal<Option<String>>,
    document_type: RwSignal<Option<String>>,
    document_last4: RwSignal<String>,
    name_matches: RwSignal<Option<String>>,
    birth_date_matches: RwSignal<Option<String>>,
    outcome: RwSignal<Option<String>>,
    reason: RwSignal<String>,
}

impl Answers {
    fn new() -> Answers {
        Answers {
            method: RwSignal::new(None),
            document_type: RwSignal::new(None),
            document_last4: RwSignal::new(String::new()),
            name_matches: RwSignal::new(None),
            birth_date_matches: RwSignal::new(None),
            outcome: RwSignal::new(None),
            reason: RwSignal::new(String::new()),
        }
    }

    fn rejecting(self) -> bool {
        self.outcome.read().as_deref() == Some(Outcome::Rejected.as_str())
    }

    /// What is missing, by field.
    fn missing(self) -> Vec<(&'static str, T)> {
        let mut missing = Vec::new();
        let mut check = |field, empty: bool, text| {
            if empty {
                missing.push((field, text));
            }
        };
        check(
            "method",
            self.method.read_untracked().is_none(),
            T::IdMethodMissing,
        );
        check(
            "document_type",
            self.document_type.read_untracked().is_none(),
            T::IdDocMissing,
        );
        check(
            "document_last4",
            self.document_last4.read_untracked().trim().is_empty(),
            T::IdLast4Missing,
        );
        check(
            "name_matches",
            self.name_matches.read_untracked().is_none(),
            T::IdNameMissing,
        );
        check(
            "birth_date_matches",
            self.birth_date_matches.read_untracked().is_none(),
            T::IdBirthMissing,
        );
        check(
            "outcome",
            self.outcome.read_untracked().is_none(),
            T::IdOutcomeMissing,
        );
        check(
            "reason",
            self.rejecting() && self.reason.read_untracked().trim().is_empty(),
            T::IdReasonMissing,
        );
        missing
    }

    /// The request body, once nothing is missing.
    fn outcome(self) -> Recording {
        let yes = |s: RwSignal<Option<String>>| Some(s.get_untracked().as_deref() == Some("yes"));
        let reason = self.reason.get_untracked().trim().to_string();
        Recording {
            outcome: self
                .outcome
                .read_untracked()
                .as_deref()
                .and_then(Outcome::parse),
            method: self
                .method
                .read_untracked()
                .as_deref()
                .and_then(Method::parse),
            document_type: (self.document_type.read_untracked().as_deref())
                .and_then(DocumentType::parse),
            document_last4: Some(self.document_last4.get_untracked().trim().to_uppercase()),
            name_matches: yes(self.name_matches),
            birth_date_matches: yes(self.birth_date_matches),
            reason: (self.rejecting() && !reason.is_empty()).then_some(reason),
        }
    }
}

#[component]
pub fn RecordIdentification(request_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let waiting = LocalResource::new(move || {
        let id = request_id.clone();
        async move { api::identification(&id).await }
    });
    Effect::new(move |_| {
        document().set_title(&format!(
            "{} – {}",
            i18n.t(T::IdRecordTitle),
            i18n.t(T::ProductName)
        ));
    });
    let body = shared(move || match waiting.get() {
        None => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(ApiError::Server { status: 404, .. })) => {
            view! { <p class="notice notice--error" role="alert">{i18n.t(T::IdNotFound)}</p> }
                .into_any()
        }
        Some(Err(error)) => failure(&error, i18n),
        Some(Ok(person)) => view! { <RecordForm person=person/> }.into_any(),
    });
    view! {
        <A href="/identificaties" attr:class="back-link">{i18n.tr(T::IdBackToList)}</A>
        {body}
    }
}

#[component]
fn RecordForm(person: WaitingIdentification) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let recorded = use_context::<Recorded>();
    let answers = Answers::new();
    let missing = RwSignal::new(Vec::<(&'static str, T)>::new());
    let attempt = RwSignal::new(0_usize);
    let name = person.full_name.clone();
    let request_id = person.request_id.clone();

    let record = Action::new_local(move |outcome: &Recording| {
        let outcome = outcome.clone();
        let (request_id, name) = (request_id.clone(), name.clone());
        let navigate = navigate.clone();
        async move {
            let result = api::record_identification(&request_id, &outcome).await;
            if let Ok(done) = &result {
                let text = match done.means_id.as_deref() {
                    Some(means) if done.status == RequestStatus::Issued => {
                        i18n.t(T::IdsIssued).replace("{means}", means)
                    }
                    _ if done.status == RequestStatus::Issued => {
                        i18n.t(T::IdsIssued).replace(" ({means})", "")
                    }
                    _ => i18n.t(T::IdsRejected).to_string(),
                };
                if let Some(recorded) = recorded {
                    recorded.0.try_set(Some(text.replace("{name}", &name)));
                }
                navigate("/identificaties", Default::default());
            }
            result
        }
    });

    // Every problem by field: what is missing, then what the server refused.
    let problems = Signal::derive(move || {
        let mut problems: Vec<Problem> = missing
            .get()
            .into_iter()
            .map(|(field, text)| Problem::new(field, i18n.t(text)))
            .collect();
        match record.value().get() {
            Some(Err(ApiError::Server { body, .. })) => {
                let listed = body.problems();
                if listed.is_empty() {
                    problems.push(Problem::new(
                        "outcome",
                        body.message_in(i18n.lang()).to_string(),
                    ));
                }
                for field in FIELDS {
                    for p in listed.iter().filter(|p| p.location == field) {
                        problems.push(Problem::new(field, p.message_in(i18n.lang()).to_string()));
                    }
                }
                for p in listed
                    .iter()
                    .filter(|p| !FIELDS.contains(&p.location.as_str()))
                {
                    problems.push(Problem::new(
                        "method",
                        p.message_in(i18n.lang()).to_string(),
                    ));
                }
            }
            Some(Err(ApiError::Network(_))) => {
                problems.push(Problem::new("outcome", i18n.t(T::NetworkError)));
            }
            _ => {}
        }
        problems
    });
    let error_at = move |field: &'static str| problem_at(problems, field);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let now_missing = answers.missing();
        let complete = now_missing.is_empty();
        missing.set(now_missing);
        record.value().set(None);
        attempt.update(|n| *n += 1);
        if complete && !record.pending().get_untracked() {
            record.dispatch(answers.outcome());
        }
    };

    let choices = move |a: (&'static str, T), b: (&'static str, T)| {
        Signal::derive(move || vec![Choice::new(a.0, i18n.t(a.1)), Choice::new(b.0, i18n.t(b.1))])
    };
    let legend = move |key: T| Signal::derive(move || i18n.t(key).to_string());
    let yes_no = choices(("yes", T::Yes), ("no", T::No));

    view! {
        <ErrorSummary problems=problems attempt=attempt/>
        <h1 id=PAGE_HEADING_ID tabindex="-1">{i18n.tr(T::IdRecordTitle)}</h1>
        <h2>{i18n.tr(T::IdPerson)}</h2>
        {person_rows(&person, i18n)}
        <form novalidate on:submit=on_submit class="form">
            <Radios
                name="method"
                legend=legend(T::IdMethodQuestion)
                choices=choices(
                    (Method::InPerson.as_str(), T::IdMethodInPerson),
                    (Method::Video.as_str(), T::IdMethodVideo),
                )
                selected=answers.method
                error=error_at("method")
            />
            <Radios
                name="document_type"
                legend=legend(T::IdDocQuestion)
                hint=legend(T::IdDocHint)
                choices=choices(
                    (DocumentType::Passport.as_str(), T::IdDocPassport),
                    (DocumentType::IdCard.as_str(), T::IdDocIdCard),
                )
                selected=answers.document_type
                error=error_at("document_type")
            />
            <TextField
                id="document_last4"
                label=legend(T::IdLast4Label)
                hint=legend(T::IdLast4Hint)
                value=answers.document_last4
                error=error_at("document_last4")
                autocomplete="off"
                spellcheck="false"
            />
            <Radios
                name="name_matches"
                legend=legend(T::IdNameQuestion)
                choices=yes_no
                selected=answers.name_matches
                error=error_at("name_matches")
            />
            <Radios
                name="birth_date_matches"
                legend=legend(T::IdBirthQuestion)
                choices=yes_no
                selected=answers.birth_date_matches
                error=error_at("birth_date_matches")
            />
            <Radios
                name="outcome"
                legend=legend(T::IdOutcomeQuestion)
                choices=choices(
                    (Outcome::Approved.as_str(), T::IdApprove),
                    (Outcome::Rejected.as_str(), T::IdReject),
                )
                selected=answers.outcome
                error=error_at("outcome")
            />
            {shared(move || answers.rejecting().then(|| view! {
                <ReasonField value=answers.reason error=error_at("reason")/>
            }.into_any()))}
            <button type="submit" class="button button--primary" disabled=shared(move || record.pending().get())>
                {shared(move || if record.pending().get() { i18n.t(T::IdSubmitting) } else { i18n.t(T::IdSubmit) })}
            </button>
        </form>
    }
}

/// The person as ordered: what the operator compares with the identity document.
fn person_rows(person: &WaitingIdentification, i18n: I18n) -> impl IntoView + use<> {
    let lang = i18n.lang();
    let row = |label: T, value: String| summary_row(i18n.t(label), value);
    let organisation = format!(
        "{} ({} {})",
        person.organisation.name,
        i18n.t(T::KvkNumberShort),
        person.organisation.kvk_number
    );
    view! {
        <dl class="summary-list">
            {row(T::ActName, person.full_name.clone())}
            {row(T::UsersColBirthDate, short_date(&person.birth_date))}
            {row(T::UsersColBirthPlace, person.birth_place.clone())}
            {row(T::UsersColEmail, person.email.clone())}
            {row(T::OrganisationLabel, organisation)}
            {row(T::LevelLabel, person.level.clone())}
            {row(T::IdOrderNumber, person.order_number.clone())}
            {row(T::IdsColDeadline, long_date_of(person.deadline, lang))}
        </dl>
    }
}

/// The reason for a rejection: a labelled text area, its error above it.
#[component]
fn ReasonField(value: RwSignal<String>, error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let hint = Signal::derive(move || i18n.t(T::IdReasonHint).to_string());
    let described = Description::new("reason", Some(hint), Some(error));
    view! {
        <div class="form-field" class:form-field--invalid=shared(move || described.invalid())>
            <label class="form-field__label" for="reason">{i18n.tr(T::IdReasonLabel)}</label>
            {described.messages()}
            <textarea
                class="form-field__input form-field__textarea"
                id="reason"
                name="reason"
                rows="4"
                aria-describedby=shared(move || described.described_by())
                aria-invalid=shared(move || described.aria_invalid())
                prop:value=shared(move || value.get())
                on:input:target=move |ev| value.set(ev.target().value())
            ></textarea>
        </div>
    }
}
