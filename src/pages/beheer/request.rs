//! `/beheer/aanvragen/{request_id}`: one request: its details, current step, timeline and the
//! manager's actions, each only when the request is at a step that allows it: re-send the
//! invitation (the old link stops working), correct the e-mail address (while not confirmed)
//! or the mobile number (while not verified), cancel the request or its whole order (each
//! behind a confirmation that names the person or the order).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::user::summary_row;
use super::{
    ConfirmRegion, date_time, focus_id, focus_notice, request_step_text, success_notice, timeline,
    waited,
};
use crate::api::{self, ApiError, OrderCancelled, RequestDetail, RequestRow, RequestStatus};
use crate::components::error_summary::{ErrorSummary, Problem, problem_at};
use crate::components::page::PAGE_HEADING_ID;
use crate::components::shared::shared;
use crate::components::text_field::TextField;
use crate::format::{long_date_of, mobile, now_seconds};
use crate::i18n::{I18n, T, Y, use_i18n};

/// What the manager asked for.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Resend,
    Email(String),
    Mobile(String),
    Cancel,
    CancelOrder(String),
}

impl Op {
    /// The control a refusal of this action links to.
    fn field(&self) -> &'static str {
        match self {
            Op::Resend => "resend",
            Op::Email(_) => "new-email",
            Op::Mobile(_) => "new-mobile",
            Op::Cancel => "cancel-request",
            Op::CancelOrder(_) => "cancel-order",
        }
    }
}

/// What the server answered.
#[derive(Debug, Clone, PartialEq)]
enum Done {
    Request(Box<RequestRow>),
    Order(OrderCancelled),
}

/// Which confirmation is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Confirm {
    Request,
    Order,
}

#[component]
pub fn RequestDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("request_id").unwrap_or_default());
    let detail = LocalResource::new(move || api::request(id.get()));
    let confirming = RwSignal::new(None::<Confirm>);
    let new_email = RwSignal::new(String::new());
    let new_mobile = RwSignal::new(String::new());

    let act = Action::new_local(move |op: &Op| {
        let op = op.clone();
        let id = id.get_untracked();
        async move {
            let result = match &op {
                Op::Resend => api::resend_invitation(id)
                    .await
                    .map(|r| Done::Request(Box::new(r))),
                Op::Email(email) => api::correct_request(id, Some(email.clone()), None)
                    .await
                    .map(|r| Done::Request(Box::new(r))),
                Op::Mobile(number) => api::correct_request(id, None, Some(number.clone()))
                    .await
                    .map(|r| Done::Request(Box::new(r))),
                Op::Cancel => api::cancel_request(id)
                    .await
                    .map(|r| Done::Request(Box::new(r))),
                Op::CancelOrder(order) => api::cancel_order(order.clone()).await.map(Done::Order),
            };
            // The page may be gone by now (`try_set` hands the value back then).
            if confirming.try_set(None).is_some() {
                return (op, result);
            }
            if result.is_ok() {
                match op {
                    Op::Email(_) => {
                        new_email.try_set(String::new());
                    }
                    Op::Mobile(_) => {
                        new_mobile.try_set(String::new());
                    }
                    _ => {}
                }
                focus_notice();
            }
            detail.refetch();
            (op, result)
        }
    });

    let name = Memo::new(move |_| {
        detail
            .get()
            .and_then(Result::ok)
            .map(|d| d.request.name)
            .unwrap_or_default()
    });
    let heading = move || match name.get() {
        n if n.is_empty() => i18n.t(T::BhRequestTitle).to_string(),
        n => i18n.t(T::BhRequestOf).replace("{name}", &n),
    };
    Effect::new(move |_| {
        document().set_title(&format!(
            "{} – {} – {}",
            heading(),
            i18n.t(T::BhRequestsTitle),
            i18n.t(T::ProductName)
        ));
    });

    let notice = Signal::derive(move || {
        let (op, done) = match act.value().get()? {
            (op, Ok(done)) => (op, done),
            _ => return None,
        };
        Some(match (op, done) {
            (Op::CancelOrder(_), Done::Order(o)) => {
                let key = if o.cancelled == 1 {
                    T::BhOrderCancelledOne
                } else {
                    T::BhOrderCancelledMany
                };
                i18n.t(key)
                    .replace("{order}", &o.order_number)
                    .replace("{n}", &o.cancelled.to_string())
            }
            (op, Done::Request(r)) => {
                let key = match op {
                    Op::Resend => T::BhResent,
                    Op::Email(_) => T::BhEmailCorrected,
                    Op::Mobile(_) => T::BhMobileCorrected,
                    _ => T::BhRequestCancelled,
                };
                i18n.t(key)
                    .replace("{name}", &r.name)
                    .replace("{email}", &r.email)
                    .replace("{mobile}", &mobile(&r.mobile))
            }
            _ => return None,
        })
    });
    // Refusals by field: a correction's problems at its field, anything else at its button.
    let problems = Signal::derive(move || {
        let Some((op, Err(error))) = act.value().get() else {
            return Vec::new();
        };
        match error {
            ApiError::Server { body, .. } => {
                let listed: Vec<Problem> = body
                    .problems()
                    .iter()
                    .map(|p| {
                        let field = if p.location == "mobile" {
                            "new-mobile"
                        } else {
                            "new-email"
                        };
                        Problem::new(field, p.message_in(i18n.lang()).to_string())
                    })
                    .collect();
                if listed.is_empty() {
                    vec![Problem::new(
                        op.field(),
                        body.message_in(i18n.lang()).to_string(),
                    )]
                } else {
                    listed
                }
            }
            ApiError::Network(_) => vec![Problem::new(op.field(), i18n.t(T::NetworkError))],
        }
    });
    let attempt = Signal::derive(move || act.version().get());
    let error_at = move |field: &'static str| problem_at(problems, field);

    let run = move |op: Op| {
        if !act.pending().get_untracked() {
            act.dispatch(op);
        }
    };
    let on_cancel = Callback::new(move |()| {
        let back = match confirming.get_untracked() {
            Some(Confirm::Order) => "cancel-order",
            _ => "cancel-request",
        };
        confirming.set(None);
        request_animation_frame(move || {
            focus_id(back);
        });
    });
    let confirm_part = move |which: Confirm, question: String, order: String| {
        let (button_id, label, yes) = match which {
            Confirm::Request => ("cancel-request", T::BhCancelRequest, T::BhCancelRequestYes),
            Confirm::Order => ("cancel-order", T::BhCancelOrder, T::BhCancelOrderYes),
        };
        let on_confirm = Callback::new(move |()| {
            run(match which {
                Confirm::Request => Op::Cancel,
                Confirm::Order => Op::CancelOrder(order.clone()),
            })
        });
        shared(move || {
            if confirming.get() == Some(which) {
                view! {
                    <ConfirmRegion
                        question=question.clone()
                        confirm=yes
                        busy=act.pending()
                        on_confirm=on_confirm
                        on_cancel=on_cancel
                    />
                }
                .into_any()
            } else {
                view! {
                    <button type="button" id=button_id class="button button--warning" on:click=move |_| confirming.set(Some(which))>
                        {i18n.t(label)}
                    </button>
                }
                .into_any()
            }
        })
    };

    let actions = move |r: &RequestRow| -> AnyView {
        if !r.status.is_open() {
            return view! { <p>{i18n.t(T::BhNoActions)}</p> }.into_any();
        }
        let before_order = r.status.before_order();
        let email_open = r.status == RequestStatus::Invited && !r.email_confirmed;
        let mobile_open = matches!(
            r.status,
            RequestStatus::Invited | RequestStatus::EmailConfirmed
        ) && !r.mobile_verified;
        let cancel_question = i18n
            .t(T::BhCancelRequestQuestion)
            .replace("{name}", &r.name);
        let order_question = i18n
            .t(T::BhCancelOrderQuestion)
            .replace("{order}", &r.order_number);
        let label = move |key: T| Signal::derive(move || i18n.t(key).to_string());
        view! {
            {before_order.then(|| view! {
                <section class="action" aria-labelledby="resend-title">
                    <h3 id="resend-title">{i18n.t(T::BhResend)}</h3>
                    <p>{i18n.t(T::BhResendHint)}</p>
                    <button type="button" id="resend" class="button button--secondary" on:click=move |_| run(Op::Resend)>
                        {i18n.t(T::BhResend)}
                    </button>
                </section>
            })}
            {email_open.then(|| view! {
                <section class="action" aria-labelledby="email-title">
                    <h3 id="email-title">{i18n.t(T::BhCorrectEmail)}</h3>
                    <form novalidate class="form" on:submit=move |ev| {
                        ev.prevent_default();
                        run(Op::Email(new_email.get_untracked().trim().to_string()));
                    }>
                        <TextField
                            id="new-email"
                            label=label(T::BhNewEmail)
                            hint=label(T::BhNewEmailHint)
                            value=new_email
                            error=error_at("new-email")
                            input_type="email"
                            autocomplete="off"
                            spellcheck="false"
                        />
                        <button type="submit" class="button button--secondary">{i18n.t(T::BhCorrectEmail)}</button>
                    </form>
                </section>
            })}
            {mobile_open.then(|| view! {
                <section class="action" aria-labelledby="mobile-title">
                    <h3 id="mobile-title">{i18n.t(T::BhCorrectMobile)}</h3>
                    <form novalidate class="form" on:submit=move |ev| {
                        ev.prevent_default();
                        run(Op::Mobile(new_mobile.get_untracked().trim().to_string()));
                    }>
                        <TextField
                            id="new-mobile"
                            label=label(T::BhNewMobile)
                            hint=label(T::BhNewMobileHint)
                            value=new_mobile
                            error=error_at("new-mobile")
                            input_type="tel"
                            autocomplete="off"
                        />
                        <button type="submit" class="button button--secondary">{i18n.t(T::BhCorrectMobile)}</button>
                    </form>
                </section>
            })}
            <section class="action" aria-labelledby="cancel-title">
                <h3 id="cancel-title">{i18n.t(T::BhCancelTitle)}</h3>
                <p>{i18n.t(T::BhCancelHint)}</p>
                <div class="button-group">
                    {confirm_part(Confirm::Request, cancel_question, String::new())}
                </div>
                <div class="button-group">
                    {confirm_part(Confirm::Order, order_question, r.order_number.clone())}
                </div>
            </section>
        }
        .into_any()
    };

    let body = shared(move || {
        match detail.get() {
        None => view! { <p>{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(ApiError::Server { status: 404, .. })) => {
            view! { <p class="notice notice--error" role="alert">{i18n.t(T::BhRequestNotFound)}</p> }.into_any()
        }
        Some(Err(error)) => super::failure(&error, i18n),
        Some(Ok(d)) => view! {
            {summary(&d, i18n)}
            <h2>{i18n.t(T::BhActions)}</h2>
            {actions(&d.request)}
            <h2>{i18n.t(T::BhTimeline)}</h2>
            {timeline(&d.events, i18n)}
        }
        .into_any(),
    }
    });

    view! {
        <a href="/beheer/aanvragen" class="back-link">{i18n.tr(T::BhBackToRequests)}</a>
        <ErrorSummary problems=problems attempt=attempt/>
        {success_notice(notice)}
        <h1 id=PAGE_HEADING_ID tabindex="-1">{shared(heading)}</h1>
        {body}
    }
}

fn summary(d: &RequestDetail, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let r = &d.request;
    let text = |s: String| s.into_any();
    let confirmed = |yes: bool| {
        i18n.t(if yes {
            T::BhConfirmed
        } else {
            T::BhNotConfirmed
        })
    };
    let organisation = super::organisation_line(&r.organisation, i18n);
    let waiting = if r.status.is_open() {
        waited(r.last_event_at, now_seconds(), i18n)
    } else {
        "—".to_string()
    };
    let order_href = format!(
        "/beheer/aanvragen?status=all&order_number={}",
        super::encode(&r.order_number)
    );
    let succession = r.predecessor.as_ref().map(|p| {
        let (kind, text) = match p.kind {
            crate::api::year::SuccessionKind::Renewal => (Y::YrTagRenewal, Y::YrRenewalOf),
            crate::api::year::SuccessionKind::LevelChange => (Y::YrTagLevelChange, Y::YrReplaces),
        };
        let means = p
            .means_id
            .clone()
            .unwrap_or_else(|| i18n.t(Y::YrAnEarlierMeans).to_string());
        let value = view! {
            <span id="request-succession">
                <strong>{i18n.t(kind)}</strong> ": " {i18n.t(text)} " "
                <a href=format!("/beheer/gebruikers/{}", p.request_id)>{means}</a>
            </span>
        };
        summary_row(i18n.t(Y::YrSuccessionLabel), value.into_any())
    });
    view! {
        <dl class="summary-list">
            {summary_row(i18n.t(T::BhColStep), view! { <strong id="request-status">{request_step_text(r.status, i18n)}</strong> }.into_any())}
            {succession}
            {summary_row(i18n.t(T::UsersColEmail), text(format!("{} ({})", r.email, confirmed(r.email_confirmed))))}
            {summary_row(i18n.t(T::BhColMobile), text(format!("{} ({})", mobile(&r.mobile), confirmed(r.mobile_verified))))}
            {summary_row(i18n.t(T::OrganisationLabel), text(organisation))}
            {summary_row(i18n.t(T::KvkNumberShort), view! { <span id="kvk-number">{r.organisation.kvk_number.clone()}</span> }.into_any())}
            {summary_row(i18n.t(T::BranchNumber), text(r.branch_number.clone().unwrap_or_else(|| i18n.t(T::AllBranches).to_string())))}
            {summary_row(i18n.t(T::LevelLabel), text(r.level.clone()))}
            {summary_row(i18n.t(T::BhEmployed), text(i18n.t(if r.employed { T::Yes } else { T::No }).to_string()))}
            {summary_row(i18n.t(T::BhColWaiting), text(waiting))}
            {summary_row(i18n.t(T::IdsColDeadline), text(r.deadline.map(|d| long_date_of(d, lang)).unwrap_or_else(|| "—".to_string())))}
            {summary_row(i18n.t(T::BhColOrderNumber), view! { <a href=order_href>{r.order_number.clone()}</a> }.into_any())}
            {summary_row(i18n.t(T::BhOrderedBy), text(r.ordered_by.clone()))}
            {summary_row(i18n.t(T::IdsColOrdered), text(date_time(r.created_at, lang)))}
        </dl>
        <p><a href=format!("/beheer/gebruikers/{}", r.request_id)>{i18n.t(T::BhSeeUser)}</a></p>
    }
    .into_any()
}
