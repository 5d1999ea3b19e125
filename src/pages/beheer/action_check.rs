//! The check and the outcome of an action on many people ([`super::action`]): what will happen
//! and for how many, who is skipped and why, the price and the terms, the warning of a
//! revocation and the second factor; then the outcome per person and the orders placed.

use domain::catalogue::{Authorisations, Catalogue};
use leptos::prelude::*;

use super::action::{Kind, LEVEL, TERM};
use super::add::{ACCEPT_TERMS, SUBMIT, terms_field};
use super::bulk::{chosen_words, outcome_table};
use super::encode;
use super::selection::ListKind;
use crate::api::authorisations::{BulkOutcome, PersonOutcome};
use crate::api::year::{BulkAction, BulkActionResult, PeopleAction};
use crate::area::AppLink;
use crate::components::error_summary::{Problem, problem_at};
use crate::components::price_table::price_table;
use crate::components::service_picker::SERVICES_GROUP;
use crate::components::step_up::{STEP_UP_FIELD, StepUp, StepUpField};
use crate::i18n::{I18n, T, Text, Y};

/// Which field a refusal of the server concerns, by its code or its problem's location
/// (`action.term_years` as well as `term_years`).
pub fn field_of(code: &str) -> &'static str {
    match code.rsplit('.').next().unwrap_or(code) {
        "terms_not_accepted" | "accepted_terms" => ACCEPT_TERMS,
        "term_invalid" | "term_years" => TERM,
        "level_above_own" | "level" => LEVEL,
        "no_service_selected"
        | "authorisations"
        | "service_level_too_high"
        | "unknown_service"
        | "unknown_provider" => SERVICES_GROUP,
        _ => SUBMIT,
    }
}

/// The page's controls that the check needs.
#[derive(Clone, Copy)]
pub struct CheckControls {
    pub accepted: RwSignal<bool>,
    pub step_up: StepUp,
    pub problems: RwSignal<Vec<Problem>>,
    /// Whether the action is being sent.
    pub busy: Signal<bool>,
    pub on_confirm: Callback<leptos::ev::SubmitEvent>,
    pub change_choice: Callback<()>,
}

/// "1 jaar" / "3 jaar".
fn term_words(years: i64, i18n: I18n) -> String {
    if years == 1 {
        i18n.t(T::ActTermOneYear).to_string()
    } else {
        i18n.t(T::ActTermYears).replace("{n}", &years.to_string())
    }
}

/// The machtigingen of a renewal or change of level in words.
fn authorisation_words(
    chosen: Option<&Authorisations>,
    catalogue: Option<&Catalogue>,
    i18n: I18n,
) -> String {
    match chosen {
        None => i18n.t(Y::YrKeptAuthorisations).to_string(),
        Some(chosen) => i18n
            .t(Y::YrNewAuthorisations)
            .replace("{what}", &chosen_words(chosen, catalogue, i18n)),
    }
}

/// What the action does, in words.
fn what_view(action: &PeopleAction, catalogue: Option<&Catalogue>, i18n: I18n) -> AnyView {
    match action {
        PeopleAction::Renew {
            term_years,
            authorisations,
        } => view! {
            <p id="action-what">{i18n.t(Y::YrWillRenew).replace("{term}", &term_words(*term_years, i18n))}</p>
            <p id="action-authorisations">{authorisation_words(authorisations.as_ref(), catalogue, i18n)}</p>
        }
        .into_any(),
        PeopleAction::ChangeLevel {
            level,
            term_years,
            authorisations,
        } => view! {
            <p id="action-what">
                {i18n.t(Y::YrWillChangeLevel)
                    .replace("{level}", level.label())
                    .replace("{term}", &term_words(*term_years, i18n))}
            </p>
            <p id="action-authorisations">{authorisation_words(authorisations.as_ref(), catalogue, i18n)}</p>
        }
        .into_any(),
        PeopleAction::Revoke => view! {
            <p id="action-what">{i18n.t(Y::YrWillRevoke)}</p>
            <div class="notice notice--warning" id="revoke-warning">
                <p><strong>{i18n.t(Y::YrRevokeWarning)}</strong></p>
            </div>
        }
        .into_any(),
        PeopleAction::ResendInvitation => {
            view! { <p id="action-what">{i18n.t(Y::YrWillResend)}</p> }.into_any()
        }
        PeopleAction::CancelRequest => {
            view! { <p id="action-what">{i18n.t(Y::YrWillCancel)}</p> }.into_any()
        }
    }
}

/// Where a person's page is in `list`.
fn person_base(list: ListKind) -> &'static str {
    match list {
        ListKind::Users => "/beheer/gebruikers",
        ListKind::Requests => "/beheer/aanvragen",
    }
}

/// The check: what, for how many, who is skipped, the price, the terms, and the confirmation.
pub fn check_view(
    kind: Kind,
    action: &BulkAction,
    preview: BulkActionResult,
    catalogue: Option<&Catalogue>,
    controls: CheckControls,
    i18n: I18n,
) -> AnyView {
    let CheckControls {
        accepted,
        step_up,
        problems,
        busy,
        on_confirm,
        change_choice,
    } = controls;
    let list = kind.list();
    let total = preview.done + preview.skipped;
    let [some, none]: [Text; 2] = match list {
        ListKind::Users => [Y::BhBulkForSome.into(), Y::BhBulkNoneDone.into()],
        ListKind::Requests => [T::YrForSomeRequests.into(), T::YrNoneDoneRequests.into()],
    };
    let summary = if preview.done == 0 {
        i18n.t(none).replace("{total}", &total.to_string())
    } else {
        i18n.t(some)
            .replace("{done}", &preview.done.to_string())
            .replace("{total}", &total.to_string())
    };
    let skipped: Vec<PersonOutcome> = (preview.people.iter())
        .filter(|p| p.outcome == BulkOutcome::Skipped)
        .cloned()
        .collect();
    let skipped_caption: Text = match list {
        ListKind::Users => Y::BhBulkSkippedCaption.into(),
        ListKind::Requests => T::YrSkippedRequestsCaption.into(),
    };
    let costs = preview.quote.total_excl_vat.0 > 0;
    let price = (kind.orders() && preview.done > 0).then(|| {
        view! {
            <h3>{i18n.t(T::PriceTitle)}</h3>
            {price_table(&preview.quote, i18n)}
            <p><AppLink href="/prijzen">{i18n.tr(T::PriceListLink)}</AppLink></p>
        }
    });
    let warnings = (preview.warnings.iter())
        .map(|w| view! { <p class="notice notice--warning">{w.clone()}</p> })
        .collect_view();
    let confirm = match kind {
        Kind::Renew => Y::YrConfirmRenew,
        Kind::ChangeLevel => Y::YrConfirmChangeLevel,
        Kind::Revoke => Y::YrConfirmRevoke,
        Kind::Resend => Y::YrConfirmResend,
        Kind::Cancel => Y::YrConfirmCancel,
    };
    let button_class = if kind == Kind::Revoke || kind == Kind::Cancel {
        "button button--warning"
    } else {
        "button button--primary"
    };
    let nothing = preview.done == 0;
    let other = if kind.orders() {
        view! {
            <button type="button" class="button button--secondary" on:click=move |_| change_choice.run(())>
                {i18n.t(Y::BhBulkChange)}
            </button>
        }
        .into_any()
    } else {
        view! { <a href=list.path() class="button button--secondary">{i18n.t(list.back())}</a> }
            .into_any()
    };
    view! {
        <h2 id="check-title" tabindex="-1">{i18n.t(Y::BhBulkCheckTitle)}</h2>
        {what_view(&action.action, catalogue, i18n)}
        <p class="price-line" id="action-summary">{summary}</p>
        {(!skipped.is_empty()).then(|| view! {
            <h3>{i18n.t(Y::BhBulkSkippedTitle)}</h3>
            {outcome_table(&skipped, skipped_caption, person_base(list), i18n)}
        })}
        {price}
        {warnings}
        <form class="form" novalidate on:submit=move |ev| on_confirm.run(ev)>
            {costs.then(|| terms_field(accepted, problem_at(problems, ACCEPT_TERMS), i18n))}
            <StepUpField step_up=step_up error=problem_at(problems, STEP_UP_FIELD)/>
            <div class="button-group">
                <button
                    type="submit"
                    id=SUBMIT
                    class=button_class
                    disabled=move || busy.get() || nothing
                >
                    {move || if busy.get() { i18n.t(Y::BhBulkConfirming) } else { i18n.t(confirm) }}
                </button>
                {other}
            </div>
        </form>
    }
    .into_any()
}

/// The outcome: how many done and skipped, the orders placed (each a link to its requests),
/// and the outcome per person.
pub fn done_view(kind: Kind, result: BulkActionResult, i18n: I18n) -> AnyView {
    let list = kind.list();
    let line = i18n
        .t(Y::BhBulkResult)
        .replace("{done}", &result.done.to_string())
        .replace("{skipped}", &result.skipped.to_string());
    let orders = (!result.orders.is_empty()).then(|| {
        let items = (result.orders.iter())
            .map(|order| {
                let href = format!(
                    "/beheer/aanvragen?status=all&order_number={}",
                    encode(order)
                );
                view! { <li><a href=href class="order-link">{order.clone()}</a></li> }
            })
            .collect_view();
        view! {
            <h3>{i18n.t(Y::YrOrdersTitle)}</h3>
            <p>{i18n.t(Y::YrOrdersIntro)}</p>
            <ul id="action-orders">{items}</ul>
        }
    });
    view! {
        <h2>{i18n.t(Y::BhBulkResultTitle)}</h2>
        <p class="price-line" id="action-result">{line}</p>
        {orders}
        {outcome_table(&result.people, Y::BhBulkResultCaption, person_base(list), i18n)}
        <p><a href=list.path()>{i18n.t(list.back())}</a></p>
    }
    .into_any()
}
