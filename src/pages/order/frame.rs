//! What every wizard step shows around its question: the back link, "Stap N van 6" (as text,
//! above the form, also in the document title), the error summary and the heading.

use leptos::prelude::*;
use leptos_router::components::A;

use super::Step;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::page::PAGE_HEADING_ID;
use crate::i18n::{T, use_i18n};

#[component]
pub fn StepFrame(
    step: Step,
    #[prop(into)] problems: Signal<Vec<Problem>>,
    #[prop(into)] attempt: Signal<usize>,
    /// A line under the summary's links (for a step that caps them).
    #[prop(optional, into)]
    more: MaybeProp<String>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let total = Step::ALL.len();
    let counter = move || {
        i18n.t(T::StepCounter)
            .replace("{n}", &step.number().to_string())
            .replace("{total}", &total.to_string())
    };
    Effect::new(move |_| {
        let prefix = if problems.read().is_empty() {
            ""
        } else {
            i18n.t(T::ErrorTitlePrefix)
        };
        document().set_title(&format!(
            "{prefix}{} – {} – {}",
            counter(),
            i18n.t(step.title()),
            i18n.t(T::ProductName)
        ));
    });
    view! {
        {step.previous().map(|previous| view! {
            <A href=previous.path() attr:class="back-link">{i18n.tr(T::Previous)}</A>
        })}
        <ErrorSummary problems=problems attempt=attempt more=more/>
        <p class="step-counter">{counter}</p>
        <h1 id=PAGE_HEADING_ID tabindex="-1">{move || i18n.t(step.title())}</h1>
        {children()}
    }
}
