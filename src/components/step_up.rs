//! Step-up: an action that needs the second factor given in the last 15 minutes (an EH3 order,
//! revoking a means) is answered `step_up_required` when it was longer ago. The page then shows
//! [`StepUpField`] in its own form, in place, so nothing typed or chosen is lost; sending the
//! form again first gives the code ([`api::pass_second_factor`]) and then repeats the action.

use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::text_field::TextField;
use crate::i18n::{I18n, T, use_i18n};

/// The id of the step-up's code field, for the error summary's links.
pub const STEP_UP_FIELD: &str = "step-up-code";

/// The error codes whose message belongs at the step-up's field.
pub fn is_step_up_problem(code: &str) -> bool {
    matches!(
        code,
        "step_up_required" | "invalid_code" | "second_factor_locked"
    )
}

/// The step-up's field was shown but empty when the form was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeMissing;

/// A step-up in a form: whether it is asked for, the code typed, and whether the form was sent
/// with the field empty.
#[derive(Debug, Clone, Copy)]
pub struct StepUp {
    asked: RwSignal<bool>,
    code: RwSignal<String>,
    missing: RwSignal<bool>,
}

impl StepUp {
    pub fn new() -> StepUp {
        StepUp {
            asked: RwSignal::new(false),
            code: RwSignal::new(String::new()),
            missing: RwSignal::new(false),
        }
    }

    /// Whether the field is shown (tracked).
    pub fn asked(&self) -> bool {
        self.asked.get()
    }

    /// Shows the field when `result` asks for a step-up.
    pub fn watch<T>(&self, result: &Result<T, ApiError>) {
        if let Err(error) = result
            && error.code() == Some("step_up_required")
        {
            self.asked.set(true);
        }
    }

    /// On sending the form: the code to give before the action (`None` when the field is not
    /// shown), or [`CodeMissing`] when the field is shown but empty, which [`StepUp::problem`]
    /// then says.
    pub fn take_code(&self) -> Result<Option<String>, CodeMissing> {
        let code = self
            .asked
            .get_untracked()
            .then(|| self.code.get_untracked().trim().to_string());
        let missing = code.as_deref() == Some("");
        self.missing.set(missing);
        if missing { Err(CodeMissing) } else { Ok(code) }
    }

    /// The message at the field (tracked): the empty field, or the server's answer `outcome`
    /// when it is about the step-up (asked for, a wrong code, a wait).
    pub fn problem(&self, outcome: Option<&ApiError>, i18n: I18n) -> Option<String> {
        if self.missing.get() {
            return Some(i18n.t(T::StepUpCodeMissing).to_string());
        }
        match outcome? {
            ApiError::Server { body, .. } if is_step_up_problem(&body.code) => {
                Some(body.message_in(i18n.lang()).to_string())
            }
            _ => None,
        }
    }

    /// Gives `code` (when there is one) and then runs `action`.
    pub async fn then<T, F>(code: Option<String>, action: F) -> Result<T, ApiError>
    where
        F: std::future::Future<Output = Result<T, ApiError>>,
    {
        if let Some(code) = code {
            api::pass_second_factor(&code).await?;
        }
        action.await
    }
}

impl Default for StepUp {
    fn default() -> Self {
        StepUp::new()
    }
}

/// The code field of a step-up, shown once it is asked for; `error` is the message at it.
#[component]
pub fn StepUpField(step_up: StepUp, #[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        step_up.asked().then(|| {
            view! {
                <div class="step-up">
                    <p>{move || i18n.t(T::StepUpIntro)}</p>
                    <TextField
                        id=STEP_UP_FIELD
                        label=Signal::derive(move || i18n.t(T::LoginCode).to_string())
                        hint=Signal::derive(move || i18n.t(T::LoginCodeHint).to_string())
                        value=step_up.code
                        autocomplete="one-time-code"
                        spellcheck="false"
                        error=error
                    />
                </div>
            }
        })
    }
}
