//! The fields of a mandate (an organisation and the authority of its representatives), shared by
//! the appointment and by giving a manager another organisation. Each field's id is the
//! server's name for it, so that its problems land at the field.

use leptos::prelude::*;

use crate::api::back_office::{Authority, Mandate};
use crate::components::error_summary::{Problem, problem_at};
use crate::components::field::Description;
use crate::components::radios::{Choice, Radios};
use crate::components::shared::shared;
use crate::components::text_field::TextField;
use crate::i18n::{I18n, T, use_i18n};

/// The ids of a mandate's fields.
#[derive(Debug, Clone, Copy)]
pub struct MandateIds {
    pub kvk_number: &'static str,
    pub representatives: &'static str,
    pub authority: &'static str,
    pub reference: &'static str,
}

/// In an appointment, under `mandate.`.
pub const IN_APPOINTMENT: MandateIds = MandateIds {
    kvk_number: "mandate.kvk_number",
    representatives: "mandate.representatives",
    authority: "mandate.authority",
    reference: "mandate.reference",
};

/// On its own.
pub const OWN: MandateIds = MandateIds {
    kvk_number: "kvk_number",
    representatives: "representatives",
    authority: "authority",
    reference: "reference",
};

impl MandateIds {
    pub fn all(self) -> [&'static str; 4] {
        [
            self.kvk_number,
            self.representatives,
            self.authority,
            self.reference,
        ]
    }
}

/// A mandate as typed.
#[derive(Debug, Clone, Copy)]
pub struct MandateAnswers {
    pub kvk_number: RwSignal<String>,
    /// One name per line.
    pub representatives: RwSignal<String>,
    pub authority: RwSignal<Option<String>>,
    pub reference: RwSignal<String>,
}

impl MandateAnswers {
    pub fn new(kvk_number: String) -> MandateAnswers {
        MandateAnswers {
            kvk_number: RwSignal::new(kvk_number),
            representatives: RwSignal::new(String::new()),
            authority: RwSignal::new(None),
            reference: RwSignal::new(String::new()),
        }
    }

    /// What is missing, by field id.
    pub fn missing(self, ids: MandateIds, i18n: I18n) -> Vec<Problem> {
        let mut missing = Vec::new();
        let mut check = |id: &'static str, empty: bool, text: T| {
            if empty {
                missing.push(Problem::new(id, i18n.t(text)));
            }
        };
        check(
            ids.kvk_number,
            self.kvk_number.read_untracked().trim().is_empty(),
            T::BoKvkMissing,
        );
        check(
            ids.representatives,
            self.names().is_empty(),
            T::BoRepresentativesMissing,
        );
        check(
            ids.authority,
            self.authority.read_untracked().is_none(),
            T::BoAuthorityMissing,
        );
        check(
            ids.reference,
            self.reference.read_untracked().trim().is_empty(),
            T::BoReferenceMissing,
        );
        missing
    }

    fn names(self) -> Vec<String> {
        self.representatives
            .read_untracked()
            .lines()
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The request body, once nothing is missing.
    pub fn mandate(self) -> Mandate {
        Mandate {
            kvk_number: self.kvk_number.get_untracked().trim().to_string(),
            representatives: self.names(),
            authority: self
                .authority
                .read_untracked()
                .as_deref()
                .and_then(Authority::parse)
                .unwrap_or(Authority::Sole),
            reference: self.reference.get_untracked().trim().to_string(),
        }
    }
}

/// The mandate's fields.
#[component]
pub fn MandateFields(
    answers: MandateAnswers,
    ids: MandateIds,
    #[prop(into)] problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |key: T| Signal::derive(move || i18n.t(key).to_string());
    let authorities = Signal::derive(move || {
        vec![
            Choice::new(Authority::Sole.as_str(), i18n.t(T::BoAuthoritySole))
                .hint(i18n.t(T::BoAuthoritySoleHint)),
            Choice::new(Authority::Joint.as_str(), i18n.t(T::BoAuthorityJoint))
                .hint(i18n.t(T::BoAuthorityJointHint)),
        ]
    });
    let names = Description::new(
        ids.representatives,
        Some(text(T::BoRepresentativesHint)),
        Some(problem_at(problems, ids.representatives)),
    );
    view! {
        <TextField
            id=ids.kvk_number
            label=text(T::KvkNumberShort)
            hint=text(T::BoMandateKvkHint)
            value=answers.kvk_number
            error=problem_at(problems, ids.kvk_number)
            inputmode="numeric"
            autocomplete="off"
            spellcheck="false"
        />
        <Radios
            name=ids.authority
            legend=text(T::BoAuthorityLegend)
            choices=authorities
            selected=answers.authority
            error=problem_at(problems, ids.authority)
        />
        <div class="form-field" class:form-field--invalid=shared(move || names.invalid())>
            <label class="form-field__label" for=ids.representatives>{i18n.tr(T::BoRepresentativesLabel)}</label>
            {names.messages()}
            <textarea
                class="form-field__input form-field__textarea"
                id=ids.representatives
                name=ids.representatives
                rows="3"
                autocomplete="off"
                aria-describedby=shared(move || names.described_by())
                aria-invalid=shared(move || names.aria_invalid())
                prop:value=shared(move || answers.representatives.get())
                on:input:target=move |ev| answers.representatives.set(ev.target().value())
            ></textarea>
        </div>
        <TextField
            id=ids.reference
            label=text(T::BoReferenceLabel)
            hint=text(T::BoReferenceHint)
            value=answers.reference
            error=problem_at(problems, ids.reference)
            autocomplete="off"
            spellcheck="false"
        />
    }
}
