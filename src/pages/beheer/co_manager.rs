//! The co-manager role on the user's page: a manager makes one of their users a
//! machtigingenbeheerder of the same organisation, at most at the level of the user's means and
//! the manager's own (free); the user gets an e-mail to set up an account. Once given, the page
//! says since when, at which level and how far the account is, and "Rol intrekken" takes it
//! away. Both ask for the second factor again when it was given long ago (step-up), as revoking
//! a means does.

use domain::Level;
use leptos::prelude::*;

use super::{ConfirmRegion, Notice, Outcome, focus_id, refusal};
use crate::api::UserRow;
use crate::api::authorisations::{self as calls, AccountState, ManagerRole};
use crate::components::error_summary::{Problem, problem_at};
use crate::components::radios::{Choice, Radios};
use crate::components::shared::shared;
use crate::components::step_up::{STEP_UP_FIELD, StepUp, StepUpField, is_step_up_problem};
use crate::format::long_date_of;
use crate::i18n::{I18n, T, Y, use_i18n};
use crate::session::use_session;

/// The id of the level's radios (the first one).
const ROLE_LEVEL: &str = "role-level";

/// What the manager asked for.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Give(Level),
    Withdraw,
}

/// The account's state in words.
fn state_text(state: AccountState) -> Y {
    match state {
        AccountState::Invited => Y::BhRoleInvited,
        AccountState::Active => Y::BhRoleActive,
        AccountState::Suspended => Y::BhRoleSuspended,
    }
}

/// "Machtigingenbeheerder sinds …, niveau …, account: …".
fn role_text(role: &ManagerRole, i18n: I18n) -> String {
    i18n.t(Y::BhRoleSince)
        .replace("{date}", &long_date_of(role.appointed_at, i18n.lang()))
        .replace("{level}", role.level.label())
        .replace("{state}", i18n.t(state_text(role.state)))
}

#[component]
pub fn CoManager(
    user: UserRow,
    /// The level of the user's means.
    means_level: Option<Level>,
    role: Option<ManagerRole>,
    changed: Callback<()>,
    outcome: Outcome,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let own_level = session.manager().map(|m| m.level).unwrap_or(Level::Eh2);
    let max = means_level.map_or(own_level, |l| l.min(own_level));
    let confirming = RwSignal::new(false);
    let level = RwSignal::new(None::<String>);
    let step_up = StepUp::new();
    let (request_id, name) = (user.request_id.clone(), user.name.clone());
    let person = name.clone();

    let act = Action::new_local(move |(op, code): &(Op, Option<String>)| {
        let (op, code, request_id, person) =
            (op.clone(), code.clone(), request_id.clone(), person.clone());
        async move {
            let result = match &op {
                Op::Give(level) => StepUp::then(code, calls::give_manager_role(request_id, *level))
                    .await
                    .map(|_| Notice::new(Y::BhRoleGiven).with("level", level.label())),
                Op::Withdraw => StepUp::then(code, calls::withdraw_manager_role(request_id))
                    .await
                    .map(|()| Notice::new(Y::BhRoleWithdrawn)),
            };
            let again =
                matches!(&result, Err(error) if error.code().is_some_and(is_step_up_problem));
            if again {
                step_up.watch(&result);
            } else if confirming.try_set(false).is_none() && result.is_ok() {
                changed.run(());
            }
            match &result {
                Ok(notice) => outcome.done(notice.clone().with("name", person)),
                Err(error) => {
                    let field = match (&op, again) {
                        (_, true) => STEP_UP_FIELD,
                        (Op::Give(_), false) => ROLE_LEVEL,
                        (Op::Withdraw, false) => "withdraw-role",
                    };
                    outcome.failed(vec![refusal(error, field, i18n)]);
                }
            }
            result.err()
        }
    });
    let step_up_error = Signal::derive(move || {
        let error = act.value().get().flatten();
        step_up.problem(error.as_ref(), i18n)
    });
    let chosen = move || {
        level
            .get_untracked()
            .and_then(|l| Level::parse(&l))
            .filter(|l| *l <= max)
    };
    let has_role = role.is_some();
    let op = move || {
        if has_role {
            Some(Op::Withdraw)
        } else {
            chosen().map(Op::Give)
        }
    };
    let on_confirm = Callback::new(move |()| {
        if act.pending().get_untracked() {
            return;
        }
        let Ok(code) = step_up.take_code() else {
            outcome.failed(vec![Problem::new(
                STEP_UP_FIELD,
                i18n.t(T::StepUpCodeMissing),
            )]);
            return;
        };
        if let Some(op) = op() {
            outcome.clear();
            act.dispatch((op, code));
        }
    });
    let back = if has_role {
        "withdraw-role"
    } else {
        "give-role"
    };
    let on_cancel = Callback::new(move |()| {
        confirming.set(false);
        outcome.clear();
        request_animation_frame(move || {
            focus_id(back);
        });
    });
    let open = move |_| {
        if !has_role && chosen().is_none() {
            outcome.failed(vec![Problem::new(
                ROLE_LEVEL,
                i18n.t(Y::BhRoleLevelMissing),
            )]);
            return;
        }
        outcome.clear();
        confirming.set(true);
    };

    let question = move || {
        let key = if has_role {
            Y::BhRoleWithdrawQuestion
        } else {
            Y::BhRoleGiveQuestion
        };
        i18n.t(key)
            .replace("{name}", &name)
            .replace("{level}", chosen().map(Level::label).unwrap_or_default())
    };
    let yes = if has_role {
        Y::BhRoleWithdrawYes
    } else {
        Y::BhRoleGiveYes
    };
    let action = shared(move || {
        if confirming.get() {
            view! {
                <ConfirmRegion question=question() confirm=yes busy=act.pending() on_confirm=on_confirm on_cancel=on_cancel>
                    <StepUpField step_up=step_up error=step_up_error/>
                </ConfirmRegion>
            }
            .into_any()
        } else {
            let (id, label, class) = if has_role {
                ("withdraw-role", Y::BhRoleWithdraw, "button button--warning")
            } else {
                ("give-role", Y::BhRoleGive, "button button--secondary")
            };
            view! {
                <button type="button" id=id class=class on:click=open>{i18n.t(label)}</button>
            }
            .into_any()
        }
    });

    let about = match &role {
        Some(role) => view! { <p id="role-status">{role_text(role, i18n)}</p> }.into_any(),
        None => {
            let intro = i18n
                .t(Y::BhRoleIntro)
                .replace("{name}", &user.name)
                .replace("{organisation}", &user.organisation.name);
            let who = user.name.clone();
            let choices = Signal::derive(move || {
                Level::ALL
                    .into_iter()
                    .filter(|l| *l <= max)
                    .map(|l| Choice::new(l.label(), l.label()))
                    .collect::<Vec<_>>()
            });
            let legend = i18n.t(Y::BhRoleLevel).replace("{name}", &who);
            let hint = i18n.t(Y::BhRoleLevelHint).replace("{name}", &who);
            view! {
                <p>{intro}</p>
                <Radios
                    name=ROLE_LEVEL
                    legend=Signal::derive(move || legend.clone())
                    hint=Signal::derive(move || hint.clone())
                    choices=choices
                    selected=level
                    error=problem_at(outcome.problems, ROLE_LEVEL)
                />
            }
            .into_any()
        }
    };
    view! {
        <section class="action" aria-labelledby="role-title">
            <h2 id="role-title">{i18n.t(Y::BhRoleTitle)}</h2>
            {about}
            {action}
        </section>
    }
}
