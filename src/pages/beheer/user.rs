//! `/beheer/gebruikers/{request_id}`: one person: their details, their eHerkenningsmiddel with
//! its machtigingen and validity, the request's timeline, and "Intrekken" behind a confirmation
//! that names the person. Revoking is immediate; the page then says so and shows "Ingetrokken".

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{
    ConfirmRegion, date_time, focus_id, focus_notice, success_notice, timeline, user_status,
};
use crate::api::{self, ApiError, MeansDetail, UserDetail, UserStatus};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::page::PAGE_HEADING_ID;
use crate::components::shared::shared;
use crate::components::step_up::{STEP_UP_FIELD, StepUp, StepUpField, is_step_up_problem};
use crate::format::{long_date, mobile};
use crate::i18n::{I18n, T, use_i18n};

#[component]
pub fn UserDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("request_id").unwrap_or_default());
    let detail = LocalResource::new(move || api::user(id.get()));
    let confirming = RwSignal::new(false);

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
                    return (name, result);
                }
                // The page may be gone by now (`try_set` hands the value back then).
                if confirming.try_set(false).is_some() {
                    return (name, result);
                }
                detail.refetch();
                if result.is_ok() {
                    focus_notice();
                }
                (name, result)
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

    let notice = Signal::derive(move || match revoke.value().get() {
        Some((name, Ok(_))) => Some(i18n.t(T::BhRevoked).replace("{name}", &name)),
        _ => None,
    });
    let tries = RwSignal::new(0_usize);
    let attempt = Signal::derive(move || revoke.version().get() + tries.get());
    let step_up_error = move || {
        let outcome = revoke.value().get().and_then(|(_, result)| result.err());
        step_up.problem(outcome.as_ref(), i18n)
    };
    let problems = Signal::derive(move || match revoke.value().get() {
        _ if step_up_error().is_some() => {
            vec![Problem::new(
                STEP_UP_FIELD,
                step_up_error().unwrap_or_default(),
            )]
        }
        Some((_, Err(ApiError::Server { body, .. }))) => vec![Problem::new("means", body.message)],
        Some((_, Err(ApiError::Network(_)))) => {
            vec![Problem::new("means", i18n.t(T::NetworkError))]
        }
        _ => Vec::new(),
    });
    let on_revoke = Callback::new(move |()| {
        if revoke.pending().get_untracked() {
            return;
        }
        let Ok(code) = step_up.take_code() else {
            tries.update(|n| *n += 1);
            return;
        };
        if let Some(Ok(d)) = detail.get_untracked()
            && let Some(means) = d.means
        {
            revoke.dispatch((means.id, d.user.name, code));
        }
    });
    let on_cancel = Callback::new(move |()| {
        confirming.set(false);
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
            view! {
                {person(&d, i18n)}
                <h2 id="means" tabindex="-1">{i18n.t(T::BhMeansTitle)}</h2>
                {means(d.means.as_ref(), d.user.status, i18n)}
                {active.then(|| revoke_part(question))}
                <h2>{i18n.t(T::BhTimeline)}</h2>
                {timeline(&d.events, i18n)}
            }
            .into_any()
        }
    });

    view! {
        <a href="/beheer/gebruikers" class="back-link">{i18n.tr(T::BhBackToUsers)}</a>
        <ErrorSummary problems=problems attempt=attempt/>
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
    let authorisations = if m.authorisations.is_empty() {
        view! { <p>{i18n.t(T::NoAuthorisationsYet)}</p> }.into_any()
    } else {
        let rows = m
            .authorisations
            .iter()
            .map(|a| {
                view! {
                    <tr>
                        <th scope="row">{a.label.clone()}</th>
                        <td>{long_date(&a.valid_from, lang)}</td>
                        <td>{long_date(&a.valid_until, lang)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-region" role="region" tabindex="0" aria-label=i18n.t(T::AuthorisationsLabel)>
                <table class="data-table">
                    <caption>{i18n.t(T::AuthorisationsLabel)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(T::BhColAuthorisation)}</th>
                            <th scope="col">{i18n.t(T::BhColValidFrom)}</th>
                            <th scope="col">{i18n.t(T::BhColValidUntil)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <dl class="summary-list">
            {summary_row(i18n.t(T::BhMeansId), view! { <span class="means-id">{m.id.clone()}</span> }.into_any())}
            {summary_row(i18n.t(T::BhColStatus), text(i18n.t(user_status(status)).to_string()))}
            {summary_row(i18n.t(T::BhColValidFrom), text(long_date(&m.valid_from, lang)))}
            {summary_row(i18n.t(T::BhColValidUntil), text(long_date(&m.valid_until, lang)))}
            {summary_row(i18n.t(T::BhIssuedAt), text(date_time(m.issued_at, lang)))}
            {m.revoked_at.map(|at| summary_row(i18n.t(T::BhRevokedAt), text(date_time(at, lang))))}
        </dl>
        {authorisations}
    }
    .into_any()
}
