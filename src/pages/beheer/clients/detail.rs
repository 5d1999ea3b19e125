//! `/beheer/koppelingen/{client_id}`: one client: its status, organisation, what it may do, the
//! profile of its users with the price of one, until when it works, who made it and when, its
//! last use, the start of its secret and the SCIM address. "Nieuw geheim maken" and "Koppeling
//! intrekken" each ask first (and for the second factor again when it was given long ago).
//! Below, the client's webhook ([`webhook`](super::webhook)).
//!
//! A secret just made (here, or on the page that created the client) is shown once, in a
//! notice with a copy button and how to use it; it lives only in this page's memory, so a
//! reload or a later visit no longer shows it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use wasm_bindgen::JsCast;

use super::super::user::summary_row;
use super::super::{ConfirmRegion, focus_id, focus_notice, refusal, success_notice};
use super::webhook::{self, Webhooks};
use super::{
    authorisations_text, last_used_text, organisation_text, permission_text, scim_url, status_text,
    take_secret, term_text,
};
use crate::api::ApiError;
use crate::api::clients::{self as calls, ApiClient, ClientStatus, ROTATION_GRACE_HOURS};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::page::PAGE_HEADING_ID;
use crate::components::shared::shared;
use crate::components::step_up::{STEP_UP_FIELD, StepUp, StepUpField, is_step_up_problem};
use crate::format::{date_time, long_date, number};
use crate::i18n::{I18n, T, Y, use_i18n};

/// The id of the secret's read-only field.
pub const SECRET: &str = "client-secret";

/// Which confirmation is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    Rotate,
    Revoke,
    RemoveWebhook,
}

impl Confirm {
    /// The id of the button that opens it (focus returns there on "Nee, terug").
    fn button(self) -> &'static str {
        match self {
            Confirm::Rotate => "rotate-secret",
            Confirm::Revoke => "revoke-client",
            Confirm::RemoveWebhook => webhook::REMOVE,
        }
    }
}

/// What the page's parts share: the client, its name, the notice, the error summary's problems,
/// the open confirmation and the step-up.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub client: LocalResource<Result<ApiClient, ApiError>>,
    pub name: Memo<String>,
    pub notice: RwSignal<Option<(Y, String)>>,
    pub problems: RwSignal<Vec<Problem>>,
    pub attempt: RwSignal<usize>,
    pub confirming: RwSignal<Option<Confirm>>,
    pub step_up: StepUp,
    i18n: I18n,
}

impl Ctx {
    /// An action went well: `text` (with the client's name) in the notice, which takes focus.
    pub fn done(self, text: Y) {
        self.problems.try_set(Vec::new());
        let named = self.name.try_get_untracked().unwrap_or_default();
        if self.notice.try_set(Some((text, named))).is_none() {
            focus_notice();
        }
    }

    /// An action was refused: the error summary says why, linked to `field`.
    pub fn failed(self, error: &ApiError, field: &str) {
        self.notice.try_set(None);
        self.problems
            .try_set(vec![refusal(error, field.to_string(), self.i18n)]);
        self.attempt.try_update(|n| *n += 1);
    }
}

/// A secret shown once: its label, the read-only field and "Kopieer", with how the copy went
/// announced. `ids` are the field's, the button's and the announcement's.
pub fn secret_field(ids: [&'static str; 3], label: Y, secret: String, i18n: I18n) -> AnyView {
    let [field, copy, outcome] = ids;
    let copied = RwSignal::new(None::<bool>);
    let to_copy = secret.clone();
    view! {
        <div class="form-field">
            <label class="form-field__label" for=field>{i18n.tr(label)}</label>
            <div class="secret-field">
                <input
                    class="form-field__input secret-field__input"
                    id=field
                    type="text"
                    readonly
                    spellcheck="false"
                    autocomplete="off"
                    prop:value=secret
                />
                <button
                    type="button"
                    class="button button--secondary"
                    id=copy
                    on:click=move |_| copy_secret(field, to_copy.clone(), copied)
                >
                    {i18n.tr(Y::KpCopy)}
                </button>
            </div>
            <div role="status" class="status-message">
                {move || copied.get().map(|done| {
                    let text = if done { Y::KpCopied } else { Y::KpCopyFailed };
                    view! { <p class="copy-outcome" id=outcome>{i18n.t(text)}</p> }
                })}
            </div>
        </div>
    }
    .into_any()
}

/// Copies `secret` with the browser's clipboard; the field `field_id` is selected as well, so
/// that a browser without a clipboard lets the manager copy it by hand. `copied` says how it
/// went.
fn copy_secret(field_id: &str, secret: String, copied: RwSignal<Option<bool>>) {
    if let Some(field) = document()
        .get_element_by_id(field_id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        field.select();
    }
    let write = js_sys::Reflect::get(&window(), &"navigator".into())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"clipboard".into()))
        .ok()
        .filter(|clipboard| !clipboard.is_undefined())
        .and_then(|clipboard| {
            let write = js_sys::Reflect::get(&clipboard, &"writeText".into()).ok()?;
            let write = write.dyn_into::<js_sys::Function>().ok()?;
            write.call1(&clipboard, &secret.into()).ok()
        })
        .and_then(|promise| promise.dyn_into::<js_sys::Promise>().ok());
    match write {
        Some(promise) => leptos::task::spawn_local(async move {
            let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            copied.try_set(Some(done));
        }),
        None => copied.set(Some(false)),
    }
}

/// The secret, shown once: a warning that it will not be shown again, the read-only field with
/// "Kopieer", and how a system uses it.
fn secret_notice(secret: String, i18n: I18n) -> AnyView {
    let header = format!("Authorization: Bearer {secret}");
    view! {
        <section class="secret-banner" aria-labelledby="secret-title" id="secret-banner">
            <h2 class="secret-banner__title" id="secret-title">{i18n.tr(Y::KpSecretTitle)}</h2>
            <p><strong>{i18n.tr(Y::KpSecretOnce)}</strong></p>
            {secret_field([SECRET, "copy-secret", "copy-outcome"], Y::KpSecretLabel, secret, i18n)}
            <h3>{i18n.tr(Y::KpHowTitle)}</h3>
            <p>{i18n.tr(Y::KpHowHeader)}</p>
            <pre class="code-block"><code>{header}</code></pre>
            <p>{i18n.tr(Y::KpHowScim)}</p>
            <pre class="code-block"><code>{scim_url()}</code></pre>
        </section>
    }
    .into_any()
}

/// Everything known about the client.
fn summary(c: &ApiClient, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let text = |s: String| s.into_any();
    let permissions = c
        .permissions
        .iter()
        .map(|p| view! { <li>{i18n.t(permission_text(*p).0)}</li> })
        .collect_view();
    let price = i18n
        .t(Y::KpPriceLine)
        .replace("{excl}", &c.price_per_user.total_excl_vat.on_screen(lang))
        .replace("{incl}", &c.price_per_user.total_incl_vat.on_screen(lang));
    let created = i18n
        .t(Y::KpCreatedLine)
        .replace("{when}", &date_time(c.created_at, lang))
        .replace("{who}", &c.created_by);
    let branch = c
        .profile
        .branch_number
        .clone()
        .unwrap_or_else(|| i18n.t(Y::KpBranchAll).to_string());
    view! {
        <dl class="summary-list" id="client-summary">
            {summary_row(i18n.t(T::BhColStatus), view! { <strong id="client-status">{i18n.t(status_text(c.status))}</strong> }.into_any())}
            {summary_row(i18n.t(T::OrganisationLabel), text(organisation_text(c, i18n)))}
            {summary_row(i18n.t(Y::KpPermissions), view! { <ul class="plain-list" id="client-permissions">{permissions}</ul> }.into_any())}
            {summary_row(i18n.t(Y::KpExpiresOn), text(long_date(&c.expires_on, lang)))}
            {c.revoked_at.map(|at| summary_row(i18n.t(T::BhRevokedAt), text(date_time(at, lang))))}
            {summary_row(i18n.t(Y::KpCreatedLabel), text(created))}
            {summary_row(i18n.t(Y::KpColLastUsed), text(last_used_text(c, i18n)))}
            {summary_row(i18n.t(Y::KpUsersCount), text(number(c.users, lang)))}
            {summary_row(i18n.t(Y::KpSecretStarts), view! { <code id="secret-hint">{format!("{}…", c.secret_hint)}</code> }.into_any())}
            {summary_row(i18n.t(Y::KpScimUrl), view! { <code id="scim-url">{scim_url()}</code> }.into_any())}
        </dl>
        // After a revocation or the last day no secret works, the previous one neither.
        {c.previous_secret_valid_until.filter(|_| c.status == ClientStatus::Active).map(|until| view! {
            <p class="notice notice--warning" id="previous-secret">
                {i18n.t(Y::KpPreviousValid).replace("{when}", &date_time(until, lang))}
            </p>
        })}
        <h2>{i18n.t(Y::KpProfileTitle)}</h2>
        <dl class="summary-list" id="client-profile">
            {summary_row(i18n.t(T::LevelLabel), text(c.profile.level.label().to_string()))}
            {summary_row(i18n.t(T::BranchNumber), text(branch))}
            {summary_row(i18n.t(T::AuthorisationsLabel), text(authorisations_text(&c.profile.authorisations, i18n)))}
            {summary_row(i18n.t(T::TermQuestion), text(term_text(c.profile.term, i18n)))}
            {summary_row(i18n.t(Y::KpPricePerUser), view! { <span id="client-price">{price}</span> }.into_any())}
        </dl>
    }
    .into_any()
}

#[component]
pub fn ClientDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("client_id").unwrap_or_default());
    let client = LocalResource::new(move || calls::client(id.get()));
    // A secret made on the page that created the client, once; never stored anywhere else.
    let secret = RwSignal::new(take_secret(&id.get_untracked()));
    let notice = RwSignal::new(None::<(Y, String)>);
    let problems = RwSignal::new(Vec::<Problem>::new());
    let attempt = RwSignal::new(0_usize);
    let confirming = RwSignal::new(None::<Confirm>);
    let step_up = StepUp::new();

    let name = Memo::new(move |_| {
        client
            .get()
            .and_then(Result::ok)
            .map(|c| c.name)
            .unwrap_or_default()
    });
    if secret.get_untracked().is_some() {
        // The client was just made: say so, and that the secret below is shown only now.
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) {
                return true;
            }
            let known = name.get();
            if known.is_empty() {
                return false;
            }
            notice.set(Some((Y::KpCreated, known)));
            focus_notice();
            true
        });
    }
    Effect::new(move |_| {
        let heading = match name.get() {
            n if n.is_empty() => i18n.t(Y::KpClient).to_string(),
            n => n,
        };
        document().set_title(&format!(
            "{heading} – {} – {}",
            i18n.t(Y::KpTitle),
            i18n.t(T::ProductName)
        ));
    });

    let ctx = Ctx {
        client,
        name,
        notice,
        problems,
        attempt,
        confirming,
        step_up,
        i18n,
    };
    let webhooks = Webhooks::new(ctx, i18n);
    let done = move |text: Y| ctx.done(text);
    let failed = move |error: &ApiError, again: bool| {
        ctx.failed(
            error,
            if again {
                STEP_UP_FIELD
            } else {
                "client-actions"
            },
        );
    };
    let is_again = |error: &ApiError| error.code().is_some_and(is_step_up_problem);
    let rotate = Action::new_local(move |(client_id, code): &(String, Option<String>)| {
        let (client_id, code) = (client_id.clone(), code.clone());
        async move {
            let result = StepUp::then(code, calls::rotate_secret(client_id)).await;
            step_up.watch(&result);
            match &result {
                // (The page may be gone by now: `try_set` hands the value back then.)
                Ok(issued) if confirming.try_set(None).is_none() => {
                    secret.try_set(Some(issued.secret.clone()));
                    client.refetch();
                    done(Y::KpRotated);
                }
                Ok(_) => {}
                Err(error) => {
                    let again = is_again(error);
                    if !again {
                        confirming.try_set(None);
                    }
                    failed(error, again);
                }
            }
            result.map(|_| ())
        }
    });
    let revoke = Action::new_local(move |(client_id, code): &(String, Option<String>)| {
        let (client_id, code) = (client_id.clone(), code.clone());
        async move {
            let result = StepUp::then(code, calls::revoke(client_id)).await;
            step_up.watch(&result);
            match &result {
                Ok(_) if confirming.try_set(None).is_none() => {
                    // Every secret stopped working: nothing left worth copying.
                    secret.try_set(None);
                    client.refetch();
                    done(Y::KpRevoked);
                }
                Ok(_) => {}
                Err(error) => {
                    let again = is_again(error);
                    if !again {
                        confirming.try_set(None);
                    }
                    failed(error, again);
                }
            }
            result.map(|_| ())
        }
    });
    let busy =
        Signal::derive(move || rotate.pending().get() || revoke.pending().get() || webhooks.busy());
    let step_up_error = move || {
        let last = match confirming.get() {
            Some(Confirm::Rotate) => rotate.value().get(),
            Some(Confirm::Revoke) => revoke.value().get(),
            Some(Confirm::RemoveWebhook) => webhooks.remove.value().get(),
            None => None,
        };
        step_up.problem(last.and_then(Result::err).as_ref(), i18n)
    };
    let on_confirm = Callback::new(move |()| {
        if busy.get_untracked() {
            return;
        }
        let Ok(code) = step_up.take_code() else {
            problems.set(vec![Problem::new(
                STEP_UP_FIELD,
                i18n.t(T::StepUpCodeMissing),
            )]);
            attempt.update(|n| *n += 1);
            return;
        };
        problems.set(Vec::new());
        match confirming.get_untracked() {
            Some(Confirm::Rotate) => {
                rotate.dispatch((id.get_untracked(), code));
            }
            Some(Confirm::Revoke) => {
                revoke.dispatch((id.get_untracked(), code));
            }
            Some(Confirm::RemoveWebhook) => {
                webhooks.remove.dispatch((id.get_untracked(), code));
            }
            None => {}
        }
    });
    let on_cancel = Callback::new(move |()| {
        let open = confirming.get_untracked();
        confirming.set(None);
        problems.set(Vec::new());
        if let Some(open) = open {
            request_animation_frame(move || {
                focus_id(open.button());
            });
        }
    });

    // The open confirmation: its question, the "yes" button and the step-up's code field.
    let confirm_view = move |question: String, yes: Y| -> AnyView {
        view! {
            <ConfirmRegion
                question=question
                confirm=yes
                busy=busy
                on_confirm=on_confirm
                on_cancel=on_cancel
            >
                <StepUpField step_up=step_up error=Signal::derive(step_up_error)/>
            </ConfirmRegion>
        }
        .into_any()
    };
    let actions = move |c: &ApiClient| -> AnyView {
        if c.status != ClientStatus::Active {
            return view! { <p id="client-actions">{i18n.t(Y::KpNotActive)}</p> }.into_any();
        }
        let client_name = c.name.clone();
        shared(move || match confirming.get() {
            Some(Confirm::Rotate) => {
                let question = i18n
                    .t(Y::KpRotateQuestion)
                    .replace("{hours}", &ROTATION_GRACE_HOURS.to_string());
                confirm_view(question.replace("{name}", &client_name), Y::KpRotateYes)
            }
            Some(Confirm::Revoke) => {
                let question = i18n.t(Y::KpRevokeQuestion).replace("{name}", &client_name);
                confirm_view(question, Y::KpRevokeYes)
            }
            Some(Confirm::RemoveWebhook) | None => view! {
                <div class="button-group" id="client-actions">
                    <button
                        type="button"
                        id=Confirm::Rotate.button()
                        class="button button--secondary"
                        on:click=move |_| confirming.set(Some(Confirm::Rotate))
                    >
                        {i18n.t(Y::KpRotate)}
                    </button>
                    <button
                        type="button"
                        id=Confirm::Revoke.button()
                        class="button button--warning"
                        on:click=move |_| confirming.set(Some(Confirm::Revoke))
                    >
                        {i18n.t(Y::KpRevoke)}
                    </button>
                </div>
            }
            .into_any(),
        })
        .into_any()
    };

    let body = shared(move || match client.get() {
        None => view! { <p>{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(ApiError::Server { status: 404, .. })) => {
            view! { <p class="notice notice--error" role="alert">{i18n.t(Y::KpNotFound)}</p> }
                .into_any()
        }
        Some(Err(error)) => super::super::failure(&error, i18n),
        Some(Ok(c)) => view! {
            {summary(&c, i18n)}
            {actions(&c)}
            {webhook::section(&c, webhooks, ctx, confirm_view, i18n)}
        }
        .into_any(),
    });
    let notice_text = Signal::derive(move || {
        notice
            .get()
            .map(|(key, name)| i18n.t(key).replace("{name}", &name))
    });

    view! {
        <a href="/beheer/koppelingen" class="back-link">{i18n.tr(Y::KpBack)}</a>
        <ErrorSummary problems=problems attempt=attempt/>
        {success_notice(notice_text)}
        <h1 id=PAGE_HEADING_ID tabindex="-1">
            {move || match name.get() {
                n if n.is_empty() => i18n.t(Y::KpClient).to_string(),
                n => n,
            }}
        </h1>
        {move || secret.get().map(|s| secret_notice(s, i18n))}
        {body}
    }
}
