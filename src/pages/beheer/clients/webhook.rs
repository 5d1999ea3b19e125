//! The webhook on a client's page (issue 12, item 4): the address Middelpunt calls when a
//! request of one of the client's users changes, with how its last delivery went, and (for an
//! active client) the form that sets it, "Webhook wijzigen" and "Webhook verwijderen" (which
//! asks first, like revoking). Saving answers a new signing secret, shown once in a notice like
//! the client's secret and kept only in this page's memory.

use leptos::prelude::*;

use super::super::focus_id;
use super::super::user::summary_row;
use super::detail::{Confirm, Ctx, secret_field};
use crate::api::ApiError;
use crate::api::clients::{self as calls, ApiClient, ClientStatus, NewWebhook, Webhook};
use crate::api::clients::{WebhookOutcome, WebhookSet};
use crate::components::error_summary::{Problem, problem_at};
use crate::components::field::error_message;
use crate::components::shared::shared;
use crate::components::step_up::{STEP_UP_FIELD, StepUp, StepUpField, is_step_up_problem};
use crate::components::text_field::TextField;
use crate::format::date_time;
use crate::i18n::{I18n, T, Y};

/// The ids of the form's field and button, and of the signing secret's read-only field.
pub const URL: &str = "webhook-url";
pub const SUBMIT: &str = "webhook-submit";
pub const SECRET: &str = "webhook-secret";
/// The ids of the buttons "Webhook wijzigen" (focus returns there from the form) and
/// "Webhook verwijderen".
pub const CHANGE: &str = "change-webhook";
pub const REMOVE: &str = "remove-webhook";

/// The webhook's part of the page: the field, whether it is being changed, the signing secret
/// just made, and saving and removing.
#[derive(Clone, Copy)]
pub struct Webhooks {
    url: RwSignal<String>,
    changing: RwSignal<bool>,
    secret: RwSignal<Option<String>>,
    pub save: Action<(String, String, Option<String>), Result<(), ApiError>>,
    pub remove: Action<(String, Option<String>), Result<(), ApiError>>,
}

/// Which field a refusal of the server concerns.
fn field_of(location: &str) -> &'static str {
    match location {
        "url" => URL,
        code if is_step_up_problem(code) => STEP_UP_FIELD,
        _ => SUBMIT,
    }
}

/// The server's refusal of a webhook as problems at their fields.
fn refusal_problems(error: &ApiError, i18n: I18n) -> Vec<Problem> {
    super::super::refusal_problems(error, |at| field_of(at).to_owned(), SUBMIT, i18n)
}

impl Webhooks {
    pub fn new(ctx: Ctx, i18n: I18n) -> Webhooks {
        let url = RwSignal::new(String::new());
        let changing = RwSignal::new(false);
        let secret = RwSignal::new(None::<String>);
        let save = Action::new_local(
            move |(client_id, address, code): &(String, String, Option<String>)| {
                let body = NewWebhook {
                    url: address.clone(),
                };
                let (client_id, code) = (client_id.clone(), code.clone());
                async move {
                    let result: Result<WebhookSet, ApiError> =
                        StepUp::then(code, calls::set_webhook(client_id, body)).await;
                    ctx.step_up.watch(&result);
                    match &result {
                        // (The page may be gone by now: `try_set` hands the value back then.)
                        Ok(set) if secret.try_set(Some(set.signing_secret.clone())).is_none() => {
                            changing.try_set(false);
                            url.try_set(String::new());
                            ctx.client.refetch();
                            ctx.done(Y::KpWhSaved);
                        }
                        Ok(_) => {}
                        Err(error) => {
                            ctx.notice.try_set(None);
                            ctx.problems.try_set(refusal_problems(error, i18n));
                            ctx.attempt.try_update(|n| *n += 1);
                        }
                    }
                    result.map(|_| ())
                }
            },
        );
        let remove = Action::new_local(move |(client_id, code): &(String, Option<String>)| {
            let (client_id, code) = (client_id.clone(), code.clone());
            async move {
                let result = StepUp::then(code, calls::remove_webhook(client_id)).await;
                ctx.step_up.watch(&result);
                match &result {
                    Ok(_) if ctx.confirming.try_set(None).is_none() => {
                        // Its signing secret stopped working: nothing left worth copying.
                        secret.try_set(None);
                        changing.try_set(false);
                        ctx.client.refetch();
                        ctx.done(Y::KpWhRemoved);
                    }
                    Ok(_) => {}
                    Err(error) => {
                        let again = error.code().is_some_and(is_step_up_problem);
                        if !again {
                            ctx.confirming.try_set(None);
                        }
                        ctx.failed(error, if again { STEP_UP_FIELD } else { REMOVE });
                    }
                }
                result.map(|_| ())
            }
        });
        Webhooks {
            url,
            changing,
            secret,
            save,
            remove,
        }
    }

    pub fn busy(&self) -> bool {
        self.save.pending().get() || self.remove.pending().get()
    }
}

/// The signing secret, shown once: that it will not be shown again, the read-only field with
/// "Kopieer", and how the receiver checks a message's signature.
fn secret_notice(secret: String, i18n: I18n) -> AnyView {
    view! {
        <section class="secret-banner" aria-labelledby="webhook-secret-title" id="webhook-secret-banner">
            <h3 class="secret-banner__title" id="webhook-secret-title">{i18n.tr(Y::KpWhSecretTitle)}</h3>
            <p><strong>{i18n.tr(Y::KpWhSecretOnce)}</strong></p>
            {secret_field([SECRET, "copy-webhook-secret", "webhook-copy-outcome"], Y::KpWhSecretLabel, secret, i18n)}
            <p>{i18n.tr(Y::KpWhHowCheck)}</p>
        </section>
    }
    .into_any()
}

/// The last delivery in words: "7 december 2026 08:15: Mislukt (HTTP 500)".
fn last_delivery(w: &Webhook, i18n: I18n) -> String {
    let Some(at) = w.last_delivery_at else {
        return i18n.t(Y::KpWhNothingYet).to_string();
    };
    let outcome = match w.last_outcome {
        Some(WebhookOutcome::Delivered) => i18n.t(Y::KpWhDelivered),
        Some(WebhookOutcome::Refused) => {
            return format!("{}: {}", date_time(at, i18n.lang()), i18n.t(Y::KpWhRefused));
        }
        _ => i18n.t(Y::KpWhFailed),
    };
    let status = match w.last_status {
        Some(status) => format!("HTTP {status}"),
        None => i18n.t(Y::KpWhNoAnswer).to_string(),
    };
    format!("{}: {outcome} ({status})", date_time(at, i18n.lang()))
}

/// The webhook as it is set: its address, the start of its signing secret, the last delivery,
/// and the failures since the last one that went well (a warning).
fn state(w: &Webhook, i18n: I18n) -> AnyView {
    let failures = match w.failures {
        0 => None,
        1 => Some(i18n.t(Y::KpWhFailure).to_string()),
        n => Some(
            i18n.t(Y::KpWhFailures)
                .replace("{n}", &crate::format::number(n, i18n.lang())),
        ),
    };
    view! {
        <dl class="summary-list" id="webhook-state">
            {summary_row(i18n.t(Y::KpWhAddress), view! { <code id="webhook-address">{w.url.clone()}</code> }.into_any())}
            {summary_row(i18n.t(Y::KpWhSecretStarts), view! { <code id="webhook-secret-hint">{format!("{}…", w.secret_hint)}</code> }.into_any())}
            {summary_row(i18n.t(Y::KpWhLast), view! { <span id="webhook-last">{last_delivery(w, i18n)}</span> }.into_any())}
        </dl>
        {failures.map(|text| view! { <p class="notice notice--warning" id="webhook-failures">{text}</p> })}
    }
    .into_any()
}

/// The form: one field, the step-up's code when it is asked for, "Webhook opslaan" (and "Niet
/// wijzigen" when a webhook is set already). Checked here for an empty field first.
fn form(wh: Webhooks, ctx: Ctx, client_id: String, is_set: bool, i18n: I18n) -> AnyView {
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if wh.save.pending().get_untracked() {
            return;
        }
        let address = wh.url.get_untracked().trim().to_string();
        let mut found = Vec::new();
        if address.is_empty() {
            found.push(Problem::new(URL, i18n.t(Y::KpWhUrlMissing)));
        }
        let code = match ctx.step_up.take_code() {
            Ok(code) => code,
            Err(_) => {
                found.push(Problem::new(STEP_UP_FIELD, i18n.t(T::StepUpCodeMissing)));
                None
            }
        };
        if found.is_empty() {
            ctx.problems.set(Vec::new());
            wh.save.dispatch((client_id.clone(), address, code));
        } else {
            ctx.notice.set(None);
            ctx.problems.set(found);
            ctx.attempt.update(|n| *n += 1);
        }
    };
    let on_cancel = move |_| {
        wh.changing.set(false);
        ctx.problems.set(Vec::new());
        request_animation_frame(|| {
            focus_id(CHANGE);
        });
    };
    let step_up_error = move || {
        let outcome = wh.save.value().get().and_then(Result::err);
        ctx.step_up.problem(outcome.as_ref(), i18n)
    };
    let submit_error = problem_at(ctx.problems, SUBMIT);
    view! {
        <form class="form" novalidate on:submit=on_submit id="webhook-form">
            <TextField
                id=URL
                label=Signal::derive(move || i18n.t(Y::KpWhUrl).to_string())
                hint=Signal::derive(move || i18n.t(Y::KpWhUrlHint).to_string())
                value=wh.url
                input_type="url"
                inputmode="url"
                autocomplete="off"
                spellcheck="false"
                error=problem_at(ctx.problems, URL)
            />
            // One code field on the page: while a confirmation is open, it holds it.
            {move || ctx.confirming.get().is_none().then(|| view! {
                <StepUpField step_up=ctx.step_up error=Signal::derive(step_up_error)/>
            })}
            {move || submit_error.get().map(|message| error_message(SUBMIT, message, i18n))}
            <div class="button-group">
                <button type="submit" id=SUBMIT class="button button--primary" disabled=move || wh.save.pending().get()>
                    {move || if wh.save.pending().get() { i18n.t(Y::KpWhSaving) } else { i18n.t(Y::KpWhSave) }}
                </button>
                {is_set.then(|| view! {
                    <button type="button" class="button button--secondary" id="cancel-webhook" on:click=on_cancel>
                        {i18n.t(Y::KpWhCancel)}
                    </button>
                })}
            </div>
        </form>
    }
    .into_any()
}

/// The section "Webhook" of client `c`. `confirm` draws the page's confirmation (question and
/// the "yes" button's words) with its step-up field.
pub fn section(
    c: &ApiClient,
    wh: Webhooks,
    ctx: Ctx,
    confirm: impl Fn(String, Y) -> AnyView + Send + Sync + Copy + 'static,
    i18n: I18n,
) -> AnyView {
    let current = c.webhook.clone();
    let controls = (c.status == ClientStatus::Active).then(|| {
        let (client_id, client_name) = (c.id.clone(), c.name.clone());
        let current = current.clone();
        shared(move || match &current {
            Some(w) if !wh.changing.get() => {
                if ctx.confirming.get() == Some(Confirm::RemoveWebhook) {
                    let question = i18n.t(Y::KpWhRemoveQuestion).replace("{name}", &client_name);
                    return confirm(question, Y::KpWhRemoveYes);
                }
                let address = w.url.clone();
                view! {
                    <div class="button-group" id="webhook-actions">
                        <button
                            type="button"
                            id=CHANGE
                            class="button button--secondary"
                            on:click=move |_| {
                                wh.url.set(address.clone());
                                ctx.problems.set(Vec::new());
                                wh.changing.set(true);
                                request_animation_frame(|| {
                                    focus_id(URL);
                                });
                            }
                        >
                            {i18n.t(Y::KpWhChange)}
                        </button>
                        <button
                            type="button"
                            id=REMOVE
                            class="button button--warning"
                            on:click=move |_| ctx.confirming.set(Some(Confirm::RemoveWebhook))
                        >
                            {i18n.t(Y::KpWhRemove)}
                        </button>
                    </div>
                    {move || problem_at(ctx.problems, REMOVE).get().map(|message| error_message(REMOVE, message, i18n))}
                }
                .into_any()
            }
            set => form(wh, ctx, client_id.clone(), set.is_some(), i18n),
        })
        .into_any()
    });
    view! {
        <section aria-labelledby="webhook-title" id="webhook">
            <h2 id="webhook-title">{i18n.tr(Y::KpWhTitle)}</h2>
            <p>{i18n.tr(Y::KpWhIntro)}</p>
            {move || wh.secret.get().map(|s| secret_notice(s, i18n))}
            {match &current {
                Some(w) => state(w, i18n),
                None => view! { <p id="webhook-none">{i18n.t(Y::KpWhNone)}</p> }.into_any(),
            }}
            {controls}
        </section>
    }
    .into_any()
}
