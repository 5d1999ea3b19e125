//! Step 2 (seed step 4): the organisation's KvK number, and whether to restrict the users to
//! one branch (vestiging). The register's answer is read here first: an organisation it lists as
//! ended gets no order, said at once in the error summary.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::register::{ENDED_ID, use_selected_organisation};
use super::{Step, frame::StepFrame, use_next_path};
use crate::components::error_summary::Problem;
use crate::components::radios::{Choice, Radios};
use crate::i18n::{T, use_i18n};
use crate::order_draft::use_draft;

const YES: &str = "ja";
const NO: &str = "nee";

#[component]
pub fn BranchStep() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let navigate = use_navigate();
    let next_path = use_next_path(Step::Branch);
    let organisation = use_selected_organisation();

    let initial = draft.0.read_untracked().clone();
    let restrict = RwSignal::new(Some(
        if initial.restrict_to_branch == Some(true) {
            YES
        } else {
            NO
        }
        .to_string(),
    ));
    let branch = RwSignal::new(initial.branch_number.clone());
    let branch_error = RwSignal::new(false);
    let attempt = RwSignal::new(0_usize);

    let restricting = move || restrict.read().as_deref() == Some(YES);
    let branch_choices = Signal::derive(move || {
        organisation
            .loaded()
            .map(|org| {
                org.branches
                    .into_iter()
                    .map(|b| {
                        let mut hint = format!("{} {}", i18n.t(T::BranchNumber), b.branch_number);
                        if let Some(address) = &b.visiting_address {
                            hint.push_str(" · ");
                            hint.push_str(&address.one_line());
                        }
                        if b.is_main {
                            hint.push_str(" · ");
                            hint.push_str(i18n.t(T::MainBranch));
                        }
                        Choice::new(b.branch_number, b.trade_name).hint(hint)
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let problems = Signal::derive(move || {
        let mut problems: Vec<Problem> = organisation
            .ended_problem(ENDED_ID, i18n)
            .into_iter()
            .collect();
        if branch_error.get() {
            problems.push(Problem::new("branch", i18n.t(T::ChooseBranch)));
        }
        problems
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if organisation.ended().is_some() {
            attempt.update(|n| *n += 1);
            return;
        }
        let chosen = branch.get_untracked().filter(|b| {
            branch_choices
                .read_untracked()
                .iter()
                .any(|c| &c.value == b)
        });
        let restricted = restricting();
        branch_error.set(restricted && chosen.is_none());
        attempt.update(|n| *n += 1);
        if restricted && chosen.is_none() {
            return;
        }
        draft.0.update(|d| {
            d.restrict_to_branch = Some(restricted);
            d.branch_number = if restricted { chosen } else { None };
        });
        navigate(next_path(), Default::default());
    };

    view! {
        <StepFrame step=Step::Branch problems=problems attempt=attempt>
            {organisation.status_view()}
            {move || organisation.loaded().map(|org| view! {
                <dl class="summary-list">
                    <div class="summary-list__row">
                        <dt>{i18n.t(T::KvkNumberShort)}</dt>
                        <dd>{org.kvk_number.clone()}</dd>
                    </div>
                    <div class="summary-list__row">
                        <dt>{i18n.t(T::OrganisationName)}</dt>
                        <dd>{org.name.clone()}</dd>
                    </div>
                </dl>
            })}
            {organisation.ended_view()}
            // No way on for an ended organisation: only back.
            <form novalidate on:submit=on_submit class="form" hidden=move || organisation.ended().is_some()>
                <Radios
                    name="restrict"
                    legend=Signal::derive(move || i18n.t(T::RestrictQuestion).to_string())
                    hint=Signal::derive(move || i18n.t(T::RestrictWarning).to_string())
                    choices=Signal::derive(move || vec![
                        Choice::new(NO, i18n.t(T::NoAllBranches)),
                        Choice::new(YES, i18n.t(T::YesOneBranch)),
                    ])
                    selected=restrict
                />
                <Show when=restricting>
                    <Radios
                        name="branch"
                        legend=Signal::derive(move || i18n.t(T::BranchQuestion).to_string())
                        choices=branch_choices
                        selected=branch
                        error=Signal::derive(move || branch_error.get().then(|| i18n.t(T::ChooseBranch).to_string()))
                    />
                </Show>
                <button type="submit" class="button button--primary">{i18n.tr(T::Next)}</button>
            </form>
        </StepFrame>
    }
}
