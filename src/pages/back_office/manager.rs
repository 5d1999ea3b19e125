//! `/backoffice/beheerders/{id}`: one machtigingenbeheerder: where the account stands, each
//! organisation with the authority it was given on, and what an admin changes: another
//! organisation (on its own authority), one taken away, the level, a new set-up link for an
//! account not set up yet, and suspending or reactivating (a suspended manager's sessions end at
//! once). Widening (an organisation, a level) asks for the second factor again when it was
//! given more than 15 minutes ago, in place.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::mandate::{MandateAnswers, MandateFields, OWN};
use super::{Notice, failure, refusal, state_text};
use crate::api::ApiError;
use crate::api::back_office::{
    self as api, AccountState, Authority, ManagedOrganisation, ManagerDetail,
};
use crate::components::error_summary::{ErrorSummary, Problem, problem_at};
use crate::components::page::PAGE_HEADING_ID;
use crate::components::radios::{Choice, Radios};
use crate::components::shared::shared;
use crate::components::step_up::{STEP_UP_FIELD, StepUp, StepUpField};
use crate::components::summary::summary_row;
use crate::format::long_date_of;
use crate::i18n::{I18n, T, use_i18n};
use crate::pages::account_settings::{StepUpButton, Work};

/// The level form's field.
const NEW_LEVEL: &str = "new-level";

/// What an action came to: the notice to show, or the problems by field.
type Outcome = Result<String, Vec<Problem>>;

#[component]
pub fn ManagerPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_default()
    });
    let detail = LocalResource::new(move || api::manager(id.get()));
    let appointed = query.with_untracked(|q| q.get("aangesteld").is_some());
    let outcome = RwSignal::new(None::<Outcome>);
    let attempt = RwSignal::new(0_usize);

    Effect::new(move |_| {
        let heading = match detail.get() {
            Some(Ok(d)) => d.name,
            _ => i18n.t(T::BoManagersTitle).to_string(),
        };
        document().set_title(&format!("{heading} – {}", i18n.t(T::ProductName)));
    });
    // Every action ends here: the page reloads the manager and says what happened.
    let done = Callback::new(move |result: Outcome| {
        if result.is_ok() {
            detail.refetch();
        }
        outcome.set(Some(result));
        attempt.update(|n| *n += 1);
    });
    let problems = Signal::derive(move || match outcome.get() {
        Some(Err(problems)) => problems,
        _ => Vec::new(),
    });
    let notice = move || match outcome.get() {
        Some(Ok(text)) => Some(Notice::new(text).view()),
        _ => None,
    };

    let body = shared(move || match detail.get() {
        None => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(error)) => failure(&error, i18n),
        Some(Ok(manager)) => {
            // Said once: until the first change on this page.
            let first = (appointed && outcome.with(Option::is_none)).then(|| {
                let text = i18n
                    .t(T::BoAppointed)
                    .replace("{name}", &manager.name)
                    .replace("{email}", &manager.email);
                Notice::new(text).view()
            });
            view! {
                {first}
                <h1 id=PAGE_HEADING_ID tabindex="-1">{manager.name.clone()}</h1>
                {summary(&manager, i18n)}
                <h2>{i18n.tr(T::BoColOrganisations)}</h2>
                {organisations(&manager, done, i18n)}
                <AddOrganisation id=manager.id name=manager.name.clone() done=done problems=problems/>
                <ChangeLevel manager=manager.clone() done=done problems=problems/>
                <AccountActions manager=manager done=done/>
            }
            .into_any()
        }
    });
    view! {
        <A href="/backoffice/beheerders" attr:class="back-link">{i18n.tr(T::BoBackToManagers)}</A>
        <ErrorSummary problems=problems attempt=attempt/>
        {notice}
        {body}
    }
}

fn summary(manager: &ManagerDetail, i18n: I18n) -> impl IntoView + use<> {
    let row = move |label: T, value: String| summary_row(i18n.t(label), value);
    view! {
        <dl class="summary-list">
            {row(T::BoEmailLabel, manager.email.clone())}
            {row(T::LevelLabel, manager.level.label().to_string())}
            {row(T::BoColState, state_text(manager.state, i18n).to_string())}
            {row(T::BoCreated, long_date_of(manager.created_at, i18n.lang()))}
        </dl>
    }
}

/// "Zelfstandig bevoegd: Jan Jansen (kenmerk R-1), vastgelegd door Ada op 6 december 2026".
fn mandate_text(organisation: &ManagedOrganisation, i18n: I18n) -> String {
    let Some(mandate) = &organisation.mandate else {
        return i18n.t(T::BoMandateUnknown).to_string();
    };
    let kind = i18n.t(match mandate.authority {
        Authority::Sole => T::BoAuthoritySole,
        Authority::Joint => T::BoAuthorityJoint,
    });
    i18n.t(T::BoMandateText)
        .replace("{kind}", kind)
        .replace("{names}", &mandate.representatives.join(", "))
        .replace("{reference}", &mandate.reference)
        .replace("{by}", mandate.appointed_by.as_deref().unwrap_or("–"))
        .replace("{date}", &long_date_of(mandate.appointed_at, i18n.lang()))
}

fn organisations(manager: &ManagerDetail, done: Callback<Outcome>, i18n: I18n) -> AnyView {
    let (organisation, authority) = (i18n.t(T::BoColName), i18n.t(T::BoColAuthority));
    let id = manager.id;
    let rows = manager
        .organisations
        .iter()
        .map(|o| {
            let name = o.name.clone().unwrap_or_else(|| i18n.t(T::BoNameUnknown).to_string());
            let label = i18n.t(T::BoRemoveLabel).replace("{name}", &name);
            let notice = i18n.t(T::BoRemoved).replace("{name}", &name);
            let kvk = o.kvk_number.clone();
            let remove = move |_| {
                let (kvk, notice) = (kvk.clone(), notice.clone());
                leptos::task::spawn_local(async move {
                    let result = api::remove_organisation(id, kvk).await;
                    done.run(result.map(|_| notice).map_err(|e| refusal(&e, &[], "organisations", i18n)));
                });
            };
            view! {
                <tr>
                    <th scope="row" data-label=organisation>
                        {name.clone()}<br/>
                        <span class="subtle">{i18n.t(T::KvkNumberShort)} " " {o.kvk_number.clone()}</span>
                    </th>
                    <td data-label=authority>{mandate_text(o, i18n)}</td>
                    <td>
                        <button type="button" class="button button--secondary" aria-label=label on:click=remove>
                            {i18n.t(T::BoRemove)}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="queue-table" id="organisations" tabindex="-1">
            <thead>
                <tr>
                    <th scope="col">{organisation}</th>
                    <th scope="col">{authority}</th>
                    <th scope="col"><span class="visually-hidden">{i18n.t(T::BhActions)}</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// Another organisation, on its own authority.
#[component]
fn AddOrganisation(
    id: i64,
    name: String,
    done: Callback<Outcome>,
    #[prop(into)] problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let answers = MandateAnswers::new(String::new());
    let step_up = StepUp::new();
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut missing = answers.missing(OWN, i18n);
        let code = step_up.take_code();
        if code.is_err() {
            missing.push(Problem::new(STEP_UP_FIELD, i18n.t(T::StepUpCodeMissing)));
        }
        let Ok(code) = code else {
            return done.run(Err(missing));
        };
        if !missing.is_empty() {
            return done.run(Err(missing));
        }
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let mandate = answers.mandate();
        let name = name.clone();
        leptos::task::spawn_local(async move {
            let result = StepUp::then(code, api::add_organisation(id, mandate)).await;
            step_up.watch(&result);
            let _ = pending.try_set(false);
            let outcome = match result {
                Ok(after) => {
                    answers.kvk_number.set(String::new());
                    answers.representatives.set(String::new());
                    answers.reference.set(String::new());
                    answers.authority.set(None);
                    let added = after.organisations.len();
                    Ok(i18n
                        .t(T::BoAdded)
                        .replace("{name}", &name)
                        .replace("{n}", &added.to_string()))
                }
                Err(error) => Err(step_up_refusal(
                    &error,
                    step_up,
                    &OWN.all(),
                    OWN.kvk_number,
                    i18n,
                )),
            };
            done.run(outcome);
        });
    };
    view! {
        <h2>{i18n.tr(T::BoAddTitle)}</h2>
        <form novalidate on:submit=on_submit class="form">
            <MandateFields answers=answers ids=OWN problems=problems/>
            <StepUpField step_up=step_up error=problem_at(problems, STEP_UP_FIELD)/>
            <button type="submit" class="button button--primary" disabled=move || pending.get()>
                {i18n.tr(T::BoAddSubmit)}
            </button>
        </form>
    }
}

/// The server's refusal, with a step-up's problems at the step-up's field.
fn step_up_refusal(
    error: &ApiError,
    step_up: StepUp,
    fields: &[&'static str],
    fallback: &'static str,
    i18n: I18n,
) -> Vec<Problem> {
    match step_up.problem(Some(error), i18n) {
        Some(message) => vec![Problem::new(STEP_UP_FIELD, message)],
        None => refusal(error, fields, fallback, i18n),
    }
}

/// The manager's level.
#[component]
fn ChangeLevel(
    manager: ManagerDetail,
    done: Callback<Outcome>,
    #[prop(into)] problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(Some(manager.level.label().to_string()));
    let step_up = StepUp::new();
    let pending = RwSignal::new(false);
    let levels = Signal::derive(move || {
        domain::Level::ALL
            .iter()
            .map(|l| Choice::new(l.label(), l.label()))
            .collect::<Vec<_>>()
    });
    let (id, name) = (manager.id, manager.name.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let level = chosen
            .read_untracked()
            .as_deref()
            .and_then(domain::Level::parse);
        let (Some(level), Ok(code)) = (level, step_up.take_code()) else {
            return done.run(Err(vec![Problem::new(
                STEP_UP_FIELD,
                i18n.t(T::StepUpCodeMissing),
            )]));
        };
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let name = name.clone();
        leptos::task::spawn_local(async move {
            let result = StepUp::then(code, api::change_level(id, level)).await;
            step_up.watch(&result);
            let _ = pending.try_set(false);
            done.run(match result {
                Ok(_) => Ok(i18n
                    .t(T::BoLevelChanged)
                    .replace("{name}", &name)
                    .replace("{level}", level.label())),
                Err(error) => Err(step_up_refusal(&error, step_up, &[], NEW_LEVEL, i18n)),
            });
        });
    };
    view! {
        <h2>{i18n.tr(T::BoLevelTitle)}</h2>
        <form novalidate on:submit=on_submit class="form">
            <Radios
                name=NEW_LEVEL
                legend=Signal::derive(move || i18n.t(T::BoLevelLegend).to_string())
                choices=levels
                selected=chosen
                error=problem_at(problems, NEW_LEVEL)
            />
            <StepUpField step_up=step_up error=problem_at(problems, STEP_UP_FIELD)/>
            <button type="submit" class="button button--secondary" disabled=move || pending.get()>
                {i18n.tr(T::BoLevelSubmit)}
            </button>
        </form>
    }
}

/// A new set-up link, suspending and reactivating.
#[component]
fn AccountActions(manager: ManagerDetail, done: Callback<Outcome>) -> impl IntoView {
    let i18n = use_i18n();
    let id = manager.id;
    let run =
        move |call: std::pin::Pin<Box<dyn Future<Output = Result<ManagerDetail, ApiError>>>>,
              notice: String| {
            leptos::task::spawn_local(async move {
                let result = call.await;
                done.run(
                    result
                        .map(|_| notice)
                        .map_err(|e| refusal(&e, &[], "account", i18n)),
                );
            });
        };
    let resend = (manager.state == AccountState::Invited).then(|| {
        let notice = i18n.t(T::BoLinkSent).replace("{email}", &manager.email);
        view! {
            <p>{i18n.t(T::BoLinkHint)}</p>
            <button type="button" class="button button--secondary"
                on:click=move |_| run(Box::pin(api::resend_setup_link(id)), notice.clone())>
                {i18n.t(T::BoResendLink)}
            </button>
        }
    });
    let suspended = manager.state == AccountState::Suspended;
    let (label, hint, notice) = if suspended {
        (T::BoReactivate, T::BoReactivateHint, T::BoReactivated)
    } else {
        (T::BoSuspend, T::BoSuspendHint, T::BoSuspended)
    };
    let notice = i18n.t(notice).replace("{name}", &manager.name);
    let reset_notice = i18n
        .t(T::BoSecondFactorReset)
        .replace("{name}", &manager.name);
    let reset = Callback::new(move |()| -> Work {
        let reset_notice = reset_notice.clone();
        Box::pin(async move {
            api::reset_second_factor(id).await?;
            done.run(Ok(reset_notice));
            Ok(())
        })
    });
    let set_up = manager.state != AccountState::Invited;
    view! {
        <h2 id="account" tabindex="-1">{i18n.tr(T::BoAccountTitle)}</h2>
        {resend}
        {set_up.then(|| view! {
            <p>{i18n.t(T::BoSecondFactorResetHint)}</p>
            <StepUpButton id="reset-second-factor" label=T::BoSecondFactorResetButton work=reset/>
        })}
        <p>{i18n.t(hint)}</p>
        <button type="button" class=if suspended { "button button--secondary" } else { "button button--warning" }
            on:click=move |_| run(Box::pin(api::set_suspended(id, !suspended)), notice.clone())>
            {i18n.t(label)}
        </button>
    }
}
