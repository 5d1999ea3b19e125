//! `/beheer/gebruikers/{request_id}`: one person: their details, their eHerkenningsmiddel with
//! its machtigingen and validity, the request's timeline, and "Intrekken" behind a confirmation
//! that names the person. Revoking is immediate; the page then says so and shows "Ingetrokken".

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::action::{Kind, action_href, higher_levels};
use super::authorisations::MeansAuthorisations;
use super::co_manager::CoManager;
use super::{
    ConfirmRegion, Notice, Outcome, date_time, focus_id, focus_notice, refusal, success_notice,
    take_flash, timeline, user_status,
};
use crate::api::year::{Succession, SuccessionKind};
use crate::api::{self, ApiError, MeansDetail, UserDetail, UserStatus};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::page::PAGE_HEADING_ID;
use crate::components::shared::shared;
use crate::components::step_up::{STEP_UP_FIELD, StepUp, StepUpField, is_step_up_problem};
use crate::format::{long_date, mobile};
use crate::i18n::{I18n, T, Y, use_i18n};
use crate::session::use_session;

#[component]
pub fn UserDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("request_id").unwrap_or_default());
    let detail = LocalResource::new(move || api::user(id.get()));
    let confirming = RwSignal::new(false);
    // What the page's actions came to; adding machtigingen (its own page) leaves its notice.
    let outcome = Outcome::new(take_flash());
    if outcome.notice.get_untracked().is_some() {
        focus_notice();
    }
    let changed = Callback::new(move |()| detail.refetch());
    let own_level = use_session().manager().map(|m| m.level);

    // Revoking asks for the second factor again when it was given long ago (step-up): the
    // confirmation stays open with the code field.
    let step_up = StepUp::new();
    let revoke = Action::new_local(
        move |(means_id, name, code): &(String, String, Option<String>)| {
            let (means_id, name, code) = (means_id.clone(), name.clone(), code.clone());
            async move {
                let result = StepUp::then(code, api::revoke_means(means_id)).await;
                let again =
                    matches!(&result, Err(error) if error.code().is_some_and(is_step_up_problem));
                if again {
                    step_up.watch(&result);
                } else if confirming.try_set(false).is_none() {
                    // (The page may be gone by now: `try_set` hands the value back then.)
                    detail.refetch();
                }
                match &result {
                    Ok(_) => outcome.done(Notice::new(T::BhRevoked).with("name", name)),
                    Err(error) => {
                        let field = if again { STEP_UP_FIELD } else { "means" };
                        outcome.failed(vec![refusal(error, field, i18n)]);
                    }
                }
                result
            }
        },
    );

    let name = Memo::new(move |_| {
        detail
            .get()
            .and_then(Result::ok)
            .map(|d| d.user.name)
            .unwrap_or_default()
    });
    Effect::new(move |_| {
        let heading = match name.get() {
            n if n.is_empty() => i18n.t(T::BhUserTitle).to_string(),
            n => n,
        };
        document().set_title(&format!(
            "{heading} – {} – {}",
            i18n.t(T::BhUsersTitle),
            i18n.t(T::ProductName)
        ));
    });

    let notice = Signal::derive(move || outcome.notice.get().map(|n| n.text(i18n)));
    let step_up_error = move || {
        let outcome = revoke.value().get().and_then(Result::err);
        step_up.problem(outcome.as_ref(), i18n)
    };
    let on_revoke = Callback::new(move |()| {
        if revoke.pending().get_untracked() {
            return;
        }
        let Ok(code) = step_up.take_code() else {
            outcome.failed(vec![Problem::new(
                STEP_UP_FIELD,
                i18n.t(T::StepUpCodeMissing),
            )]);
            return;
        };
        if let Some(Ok(d)) = detail.get_untracked()
            && let Some(means) = d.means
        {
            outcome.clear();
            revoke.dispatch((means.id, d.user.name, code));
        }
    });
    let on_cancel = Callback::new(move |()| {
        confirming.set(false);
        outcome.clear();
        request_animation_frame(|| {
            focus_id("revoke");
        });
    });
    let revoke_part = move |question: String| {
        shared(move || {
            if confirming.get() {
                view! {
                    <ConfirmRegion
                        question=question.clone()
                        confirm=T::BhRevokeYes
                        busy=revoke.pending()
                        on_confirm=on_revoke
                        on_cancel=on_cancel
                    >
                        <StepUpField step_up=step_up error=Signal::derive(step_up_error)/>
                    </ConfirmRegion>
                }
                .into_any()
            } else {
                view! {
                    <button type="button" id="revoke" class="button button--warning" on:click=move |_| confirming.set(true)>
                        {i18n.t(T::BhRevoke)}
                    </button>
                }
                .into_any()
            }
        })
    };

    let body = shared(move || match detail.get() {
        None => view! { <p>{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(ApiError::Server { status: 404, .. })) => {
            view! { <p class="notice notice--error" role="alert">{i18n.t(T::BhUserNotFound)}</p> }
                .into_any()
        }
        Some(Err(error)) => super::failure(&error, i18n),
        Some(Ok(d)) => {
            let question = i18n.t(T::BhRevokeQuestion).replace("{name}", &d.user.name);
            // The list's status: an active means past its validity is "Verlopen", not revocable.
            let active = d.means.is_some() && d.user.status == UserStatus::Active;
            let authorisations = d.means.clone().map(|m| {
                view! {
                    <h3 id="authorisations">{i18n.t(T::AuthorisationsLabel)}</h3>
                    <MeansAuthorisations
                        means=m
                        request_id=d.user.request_id.clone()
                        name=d.user.name.clone()
                        active=active
                        changed=changed
                        outcome=outcome
                    />
                }
            });
            let role = active.then(|| {
                view! {
                    <CoManager
                        user=d.user.clone()
                        means_level=d.means.as_ref().map(|m| m.level)
                        role=d.manager_role.clone()
                        changed=changed
                        outcome=outcome
                    />
                }
            });
            // Renewal, and a higher level up to the manager's own, for an active means.
            let next = active.then(|| {
                let id = d.user.request_id.clone();
                let higher = d.means.as_ref().is_some_and(|m| {
                    own_level.is_some_and(|own| higher_levels(own).iter().any(|l| *l > m.level))
                });
                view! {
                    <div class="button-group" id="means-actions">
                        <a class="button button--secondary" id="renew" href=action_href(Kind::Renew, Some(&id))>
                            {i18n.t(T::YrActRenew)}
                        </a>
                        {higher.then(|| view! {
                            <a class="button button--secondary" id="change-level" href=action_href(Kind::ChangeLevel, Some(&id))>
                                {i18n.t(T::YrActChangeLevel)}
                            </a>
                        })}
                    </div>
                }
            });
            view! {
                {person(&d, i18n)}
                <h2 id="means" tabindex="-1">{i18n.t(T::BhMeansTitle)}</h2>
                {means(d.means.as_ref(), d.user.status, i18n)}
                {succession(&d, i18n)}
                {next}
                {authorisations}
                {active.then(|| revoke_part(question))}
                {role}
                <h2>{i18n.t(T::BhTimeline)}</h2>
                {timeline(&d.events, i18n)}
            }
            .into_any()
        }
    });

    view! {
        <a href="/beheer/gebruikers" class="back-link">{i18n.tr(T::BhBackToUsers)}</a>
        <ErrorSummary problems=outcome.problems attempt=outcome.attempt/>
        {success_notice(notice)}
        <h1 id=PAGE_HEADING_ID tabindex="-1">
            {shared(move || match name.get() {
                n if n.is_empty() => i18n.t(T::BhUserTitle).to_string(),
                n => n,
            })}
        </h1>
        {body}
    }
}

/// A row of a summary list.
pub fn summary_row(label: &'static str, value: AnyView) -> AnyView {
    view! {
        <div class="summary-list__row summary-list__row--two">
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
    .into_any()
}

fn person(d: &UserDetail, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let u = &d.user;
    let organisation = super::organisation_line(&u.organisation, i18n);
    let text = |s: String| s.into_any();
    view! {
        <dl class="summary-list">
            {summary_row(i18n.t(T::UsersColEmail), text(u.email.clone()))}
            {summary_row(i18n.t(T::BhColMobile), text(mobile(&u.mobile)))}
            {summary_row(i18n.t(T::OrganisationLabel), text(organisation))}
            {summary_row(i18n.t(T::KvkNumberShort), view! { <span id="kvk-number">{u.organisation.kvk_number.clone()}</span> }.into_any())}
            {summary_row(i18n.t(T::BranchNumber), text(u.branch_number.clone().unwrap_or_else(|| i18n.t(T::AllBranches).to_string())))}
            {summary_row(i18n.t(T::LevelLabel), text(u.level.clone()))}
            {summary_row(i18n.t(T::BhColStatus), view! { <strong id="user-status">{i18n.t(user_status(u.status))}</strong> }.into_any())}
            {summary_row(i18n.t(T::BhColValidUntil), text(u.valid_until.as_deref().map(|d| long_date(d, lang)).unwrap_or_else(|| "—".to_string())))}
        </dl>
        <p>
            <a href=format!("/beheer/aanvragen/{}", u.request_id)>{i18n.t(T::BhSeeRequest)}</a>
        </p>
    }
    .into_any()
}

/// The means with its machtigingen; `status` is the user's (`active`, `expired`, `revoked`).
fn means(means: Option<&MeansDetail>, status: UserStatus, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let Some(m) = means else {
        return view! { <p>{i18n.t(T::BhNoMeansYet)}</p> }.into_any();
    };
    let text = |s: String| s.into_any();
    view! {
        <dl class="summary-list">
            {summary_row(i18n.t(T::BhMeansId), view! { <span class="means-id">{m.id.clone()}</span> }.into_any())}
            {summary_row(i18n.t(T::BhColStatus), text(i18n.t(user_status(status)).to_string()))}
            {summary_row(i18n.t(T::BhColValidFrom), text(long_date(&m.valid_from, lang)))}
            {summary_row(i18n.t(T::BhColValidUntil), text(long_date(&m.valid_until, lang)))}
            {summary_row(i18n.t(T::BhIssuedAt), text(date_time(m.issued_at, lang)))}
            {m.revoked_at.map(|at| summary_row(i18n.t(T::BhRevokedAt), text(date_time(at, lang))))}
            {summary_row(i18n.t(T::LevelLabel), text(m.level.label().to_string()))}
        </dl>
    }
    .into_any()
}

/// A link to the user (request) of a succession, named by its means when issued.
fn succession_link(s: &Succession, i18n: I18n) -> AnyView {
    let text = s
        .means_id
        .clone()
        .unwrap_or_else(|| i18n.t(Y::YrTheNewRequest).to_string());
    view! { <a href=format!("/beheer/gebruikers/{}", s.request_id)>{text}</a> }.into_any()
}

/// What came before and after this means: the means it renews or replaces, the renewal or
/// higher level ordered for it, the means that replaced it.
fn succession(d: &UserDetail, i18n: I18n) -> Option<AnyView> {
    let before = d.user.predecessor.as_ref().map(|p| {
        let text = match p.kind {
            SuccessionKind::Renewal => Y::YrRenewalOf,
            SuccessionKind::LevelChange => Y::YrReplaces,
        };
        view! { <p id="predecessor">{i18n.t(text)} " " {succession_link(p, i18n)}</p> }
    });
    let after = d.user.successor.as_ref().map(|s| {
        let text = match s.kind {
            SuccessionKind::Renewal => Y::YrRenewalOrdered,
            SuccessionKind::LevelChange => Y::YrLevelChangeOrdered,
        };
        view! { <p id="successor">{i18n.t(text)} " " {succession_link(s, i18n)}</p> }
    });
    let replaced = d
        .means
        .as_ref()
        .and_then(|m| m.replaced_by.clone())
        .map(|by| {
            view! {
                <p id="replaced-by">
                    {i18n.t(Y::YrReplacedBy)} " " <span class="means-id">{by}</span>
                </p>
            }
        });
    (before.is_some() || after.is_some() || replaced.is_some())
        .then(|| view! { <div class="succession">{before} {after} {replaced}</div> }.into_any())
}
