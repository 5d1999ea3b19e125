//! `/beheer/gebruikers/{request_id}/machtigingen-toevoegen`: machtigingen added to one person's
//! active means. The choice is the wizard's ("alle diensten", or providers and services,
//! searchable, level-aware: the means' level and at most the manager's own), with an end date
//! (at the latest, and by default, the means' own). The price comes from the server's quote as
//! the choice changes (the first machtigingen of a means are free); the terms only when it
//! costs money. Added, the user's page says which.
//!
//! The form's parts (the price, the terms, the end date, the server's refusal by field) serve
//! the change for many people too ([`super::bulk`]).

use std::time::Duration;

use domain::Level;
use domain::catalogue::Authorisations;
use domain::pricing::Quote;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{Notice, flash};
use crate::api::authorisations::{self as calls, AuthorisationAddition, new_idempotency_key};
use crate::api::{self, ApiError, UserStatus};
use crate::area::AppLink;
use crate::components::error_summary::{ErrorSummary, Problem, problem_at};
use crate::components::field::{Description, error_message};
use crate::components::page::PAGE_HEADING_ID;
use crate::components::radios::{Choice, Radios};
use crate::components::service_picker::{NO, SERVICES_GROUP, ServicePicker, YES, chosen};
use crate::components::shared::shared;
use crate::components::terms_links::TermsLinks;
use crate::format::{long_date, today_iso};
use crate::i18n::{I18n, T, Y, use_i18n};
use crate::session::use_session;

/// The ids of the form's fields.
pub const ALL: &str = "all";
pub const VALID_UNTIL: &str = "valid-until";
pub const ACCEPT_TERMS: &str = "accept-terms";
pub const SUBMIT: &str = "change-submit";

/// `source`, `ms` milliseconds after it last changed: for asking the server only once the
/// choice has settled.
pub fn debounce<V: Clone + PartialEq + Send + Sync + 'static>(
    source: Memo<V>,
    ms: u64,
) -> RwSignal<V> {
    let settled = RwSignal::new(source.get_untracked());
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let next = source.get();
        if let Some(handle) = timer.try_get_value().flatten() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                settled.try_set(next);
            },
            Duration::from_millis(ms),
        )
        .ok();
        timer.try_set_value(handle);
    });
    settled
}

/// The price in words: "Gratis …" at zero, otherwise excluding and including VAT.
pub fn price_text(quote: &Quote, i18n: I18n) -> String {
    let lang = i18n.lang();
    if quote.total_excl_vat.0 == 0 {
        i18n.t(Y::BhPriceFree).to_string()
    } else {
        i18n.t(Y::BhPrice)
            .replace("{excl}", &quote.total_excl_vat.on_screen(lang))
            .replace("{incl}", &quote.total_incl_vat.on_screen(lang))
    }
}

/// Which field a refusal of the server concerns, by its code (or its problem's location).
pub fn field_of(code: &str) -> &'static str {
    match code {
        "terms_not_accepted" | "accepted_terms" => ACCEPT_TERMS,
        c if c.starts_with("valid_until") => VALID_UNTIL,
        "authorisations"
        | "no_service_selected"
        | "already_present"
        | "service_level_too_high"
        | "level_above_own"
        | "unknown_service"
        | "unknown_provider" => SERVICES_GROUP,
        _ => SUBMIT,
    }
}

/// The server's refusal as problems at their fields; a choice of "all services" has no group of
/// services, so its problems go to the yes/no question.
pub fn refusal_problems(error: &ApiError, all_services: bool, i18n: I18n) -> Vec<Problem> {
    let at = |field: &'static str| {
        if field == SERVICES_GROUP && all_services {
            ALL
        } else {
            field
        }
    };
    super::refusal_problems(
        error,
        |location| at(field_of(location)).to_string(),
        SUBMIT,
        i18n,
    )
}

/// The terms' checkbox with its error, and a link to read them first.
pub fn terms_field(accepted: RwSignal<bool>, error: Signal<Option<String>>, i18n: I18n) -> AnyView {
    let invalid = move || error.read().is_some();
    view! {
        <div class="form-field" class:form-field--invalid=invalid>
            <TermsLinks/>
            {shared(move || error.get().map(|message| error_message(ACCEPT_TERMS, message, i18n)))}
            <div class="checkboxes__item">
                <input
                    type="checkbox"
                    class="checkboxes__input"
                    id=ACCEPT_TERMS
                    aria-describedby=move || invalid().then(|| format!("{ACCEPT_TERMS}-error"))
                    prop:checked=move || accepted.get()
                    on:change:target=move |ev| accepted.set(ev.target().checked())
                />
                <label class="checkboxes__label" for=ACCEPT_TERMS>{i18n.tr(T::AcceptTerms)}</label>
            </div>
        </div>
    }
    .into_any()
}

/// The end date: from today to `max` (when given), with `hint`.
pub fn date_field(
    value: RwSignal<String>,
    max: Option<String>,
    hint: String,
    error: Signal<Option<String>>,
    i18n: I18n,
) -> AnyView {
    date_input(
        VALID_UNTIL,
        i18n.t(Y::BhValidUntil).to_string(),
        value,
        max,
        hint,
        error,
    )
}

/// A date field `id` labelled `label`: from today to `max` (when given), with `hint` and the
/// error, if any.
pub fn date_input(
    id: &'static str,
    label: String,
    value: RwSignal<String>,
    max: Option<String>,
    hint: String,
    error: Signal<Option<String>>,
) -> AnyView {
    let described = Description::new(id, Some(Signal::derive(move || hint.clone())), Some(error));
    view! {
        <div class="form-field" class:form-field--invalid=move || described.invalid()>
            <label class="form-field__label" for=id>{label}</label>
            {described.messages()}
            <input
                class="form-field__input form-field__input--date"
                id=id
                name=id
                type="date"
                min=today_iso()
                max=max
                aria-describedby=move || described.described_by()
                aria-invalid=move || described.aria_invalid()
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
        </div>
    }
    .into_any()
}

/// The "all services" question.
pub fn all_question(
    all: RwSignal<Option<String>>,
    legend: String,
    hint: String,
    error: Signal<Option<String>>,
    i18n: I18n,
) -> impl IntoView {
    let choices = Signal::derive(move || {
        vec![
            Choice::new(YES, i18n.t(T::YesAllServices)),
            Choice::new(NO, i18n.t(T::NoSpecificServices)),
        ]
    });
    view! {
        <Radios
            name=ALL
            legend=Signal::derive(move || legend.clone())
            hint=Signal::derive(move || hint.clone())
            choices=choices
            selected=all
            error=error
        />
    }
}

/// The means to add to, as the page needs it.
#[derive(Debug, Clone, PartialEq)]
struct Target {
    means_id: String,
    name: String,
    level: Level,
    valid_until: String,
}

#[component]
pub fn AddAuthorisations() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("request_id").unwrap_or_default());
    let detail = LocalResource::new(move || api::user(id.get()));
    let name = Memo::new(move |_| {
        detail
            .get()
            .and_then(Result::ok)
            .map(|d| d.user.name)
            .unwrap_or_default()
    });
    let heading = move || match name.get() {
        n if n.is_empty() => i18n.t(Y::BhAddTitle).to_string(),
        n => i18n.t(Y::BhAddFor).replace("{name}", &n),
    };
    Effect::new(move |_| {
        document().set_title(&format!(
            "{} – {} – {}",
            heading(),
            i18n.t(T::BhUsersTitle),
            i18n.t(T::ProductName)
        ));
    });
    let back = move || format!("/beheer/gebruikers/{}", id.get());
    let back_text = move || match name.get() {
        n if n.is_empty() => i18n.t(T::BhBackToUsers).to_string(),
        n => i18n.t(Y::BhAddBack).replace("{name}", &n),
    };
    let problems = RwSignal::new(Vec::<Problem>::new());
    let attempt = RwSignal::new(0_usize);

    let body = shared(move || match detail.get() {
        None => view! { <p>{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(ApiError::Server { status: 404, .. })) => {
            view! { <p class="notice notice--error" role="alert">{i18n.t(T::BhUserNotFound)}</p> }
                .into_any()
        }
        Some(Err(error)) => super::failure(&error, i18n),
        Some(Ok(d)) => match d.means {
            Some(m) if d.user.status == UserStatus::Active => view! {
                <AddForm
                    request_id=d.user.request_id.clone()
                    target=Target {
                        means_id: m.id,
                        name: d.user.name.clone(),
                        level: m.level,
                        valid_until: m.valid_until,
                    }
                    problems=problems
                    attempt=attempt
                />
            }
            .into_any(),
            Some(_) => view! { <p>{i18n.t(Y::BhAuthMeansNotActive)}</p> }.into_any(),
            None => view! { <p>{i18n.t(T::BhNoMeansYet)}</p> }.into_any(),
        },
    });

    view! {
        <a href=back class="back-link">{back_text}</a>
        <ErrorSummary problems=problems attempt=attempt/>
        <h1 id=PAGE_HEADING_ID tabindex="-1">{heading}</h1>
        {body}
    }
}

/// The form, once the means is known.
#[component]
fn AddForm(
    request_id: String,
    target: Target,
    problems: RwSignal<Vec<Problem>>,
    attempt: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let own_level = use_session()
        .manager()
        .map(|m| m.level)
        .unwrap_or(Level::Eh2);
    let level = target.level.min(own_level);
    let catalogue = LocalResource::new(api::catalogue);
    let all = RwSignal::new(None::<String>);
    let providers = RwSignal::new(Vec::<String>::new());
    let services = RwSignal::new(Vec::<String>::new());
    let search = RwSignal::new(String::new());
    let valid_until = RwSignal::new(target.valid_until.clone());
    let accepted = RwSignal::new(false);
    // One key per distinct addition sent: a retry of the same one (after a network failure)
    // cannot add twice; a changed one is a new attempt.
    let sent = StoredValue::new(None::<(AuthorisationAddition, String)>);

    let addition = Memo::new(move |_| {
        let choice = chosen(all.get().as_deref(), &providers.get(), &services.get())?;
        if let Authorisations::Selected {
            providers,
            services,
        } = &choice
            && providers.is_empty()
            && services.is_empty()
        {
            return None;
        }
        Some(AuthorisationAddition {
            authorisations: choice,
            valid_until: Some(valid_until.get().trim().to_string()).filter(|v| !v.is_empty()),
            accepted_terms: false,
        })
    });
    let settled = debounce(addition, 400);
    let means_id = target.means_id.clone();
    let quote = LocalResource::new(move || {
        let (body, means_id) = (settled.get(), means_id.clone());
        async move {
            match body {
                Some(body) => Some(calls::quote_addition(means_id, body).await),
                None => None,
            }
        }
    });
    let plan = move || quote.get().flatten();
    let costs = move || matches!(plan(), Some(Ok(p)) if p.quote.total_excl_vat.0 > 0);

    let name = target.name.clone();
    let redirect = format!("/beheer/gebruikers/{request_id}");
    let means_id = target.means_id.clone();
    let add = Action::new_local(move |(body, key): &(AuthorisationAddition, String)| {
        let (means_id, body, key) = (means_id.clone(), body.clone(), key.clone());
        async move { calls::add_authorisations(means_id, body, key).await }
    });
    let refused = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| match add.value().get() {
        Some(Ok(added)) => {
            let key = if added.plan.added.len() == 1 {
                Y::BhAuthAddedOne
            } else {
                Y::BhAuthAddedMany
            };
            flash(Notice::new(key).with("services", added.plan.added.join(", ")));
            navigate(&redirect, Default::default());
        }
        Some(Err(error)) => {
            let all_services = all.get_untracked().as_deref() == Some(YES);
            problems.set(refusal_problems(&error, all_services, i18n));
            attempt.update(|n| *n += 1);
            refused.set(Some(error));
        }
        None => {}
    });
    let show_terms = move || {
        costs()
            || refused.with(|e| e.as_ref().and_then(ApiError::code) == Some("terms_not_accepted"))
    };

    let who = name.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if add.pending().get_untracked() {
            return;
        }
        let mut found = Vec::new();
        match all.get_untracked().as_deref() {
            None => found.push(Problem::new(
                ALL,
                i18n.t(Y::BhAddChooseAll).replace("{name}", &who),
            )),
            Some(NO)
                if providers.read_untracked().is_empty()
                    && services.read_untracked().is_empty() =>
            {
                found.push(Problem::new(
                    SERVICES_GROUP,
                    i18n.t(T::ChooseAtLeastOneService),
                ))
            }
            _ => {}
        }
        if show_terms() && !accepted.get_untracked() {
            found.push(Problem::new(ACCEPT_TERMS, i18n.t(T::AcceptTermsError)));
        }
        let body = addition.get_untracked().map(|mut body| {
            body.accepted_terms = show_terms() && accepted.get_untracked();
            body
        });
        match body {
            Some(body) if found.is_empty() => {
                problems.set(Vec::new());
                let key = match sent.get_value() {
                    Some((last, key)) if last == body => key,
                    _ => new_idempotency_key(),
                };
                sent.set_value(Some((body.clone(), key.clone())));
                add.dispatch((body, key));
            }
            _ => {
                problems.set(found);
                attempt.update(|n| *n += 1);
            }
        }
    };

    let error_at = move |id: &'static str| problem_at(problems, id);
    let price = shared(move || {
        let busy = addition.get() != settled.get();
        match plan() {
            _ if addition.get().is_none() => ().into_any(),
            _ if busy => view! { <p>{i18n.t(Y::BhPriceBusy)}</p> }.into_any(),
            None => view! { <p>{i18n.t(Y::BhPriceBusy)}</p> }.into_any(),
            Some(Err(error)) => {
                view! { <p class="notice notice--warning">{error.text(i18n)}</p> }.into_any()
            }
            Some(Ok(p)) => {
                let present = (!p.already_present.is_empty()).then(|| {
                    i18n.t(Y::BhAlreadyPresent)
                        .replace("{name}", &name)
                        .replace("{services}", &p.already_present.join(", "))
                });
                let warnings = p
                    .warnings
                    .iter()
                    .map(|w| view! { <p class="notice notice--warning">{w.clone()}</p> })
                    .collect_view();
                view! {
                    <p class="price-line">{price_text(&p.quote, i18n)}</p>
                    {present.map(|text| view! { <p>{text}</p> })}
                    {warnings}
                }
                .into_any()
            }
        }
    });
    let intro = i18n
        .t(Y::BhAddIntro)
        .replace("{name}", &target.name)
        .replace("{level}", target.level.label())
        .replace("{max}", level.label());
    let all_hint = i18n
        .t(Y::BhAddAllHint)
        .replace("{name}", &target.name)
        .replace("{level}", level.label());
    let date_hint = i18n
        .t(Y::BhValidUntilHint)
        .replace("{date}", &long_date(&target.valid_until, i18n.lang()));

    view! {
        <p>{intro}</p>
        <form class="form form--wide" novalidate on:submit=on_submit>
            {all_question(all, i18n.t(Y::BhAddAllQuestion).to_string(), all_hint, error_at(ALL), i18n)}
            <Show when=move || all.read().as_deref() == Some(NO)>
                <ServicePicker
                    catalogue=catalogue
                    level=level
                    providers=providers
                    services=services
                    search=search
                    error=error_at(SERVICES_GROUP)
                    legend=Signal::derive(move || i18n.t(Y::BhServicesLegend).to_string())
                />
            </Show>
            {date_field(valid_until, Some(target.valid_until.clone()), date_hint, error_at(VALID_UNTIL), i18n)}
            <div class="price-estimate" role="status" aria-live="polite">{price}</div>
            <p><AppLink href="/prijzen">{i18n.tr(T::PriceListLink)}</AppLink></p>
            {move || show_terms().then(|| terms_field(accepted, error_at(ACCEPT_TERMS), i18n))}
            <button type="submit" id=SUBMIT class="button button--primary" disabled=move || add.pending().get()>
                {move || if add.pending().get() { i18n.t(Y::BhAdding) } else { i18n.t(Y::BhAddSubmit) }}
            </button>
        </form>
    }
}
