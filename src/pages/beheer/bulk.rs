//! `/beheer/selectie/toevoegen` and `/beheer/selectie/intrekken`: a machtiging added to, or
//! withdrawn from, everyone selected in Gebruikers. Three steps on one page: the choice (the
//! shared picker; whether it fits each person's means is the server's to say), the check (the
//! server's preview: for how many it will be done, who is skipped and why, the price and the
//! terms when it costs money), and the outcome per person. "Keuze wijzigen" goes back to the
//! choice with everything kept; the selection stays until the change is done.

use domain::Level;
use domain::catalogue::{Authorisations, Catalogue};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::add::{
    ACCEPT_TERMS, ALL, SUBMIT, VALID_UNTIL, all_question, date_field, price_text, refusal_problems,
    terms_field,
};
use super::selection::{self, Selected, use_selected};
use super::{focus_id, success_notice};
use crate::api::authorisations::{
    self as calls, BulkAuthorisations, BulkChange, BulkOutcome, BulkResult, PersonOutcome,
    SkipReason, new_idempotency_key,
};
use crate::components::error_summary::{ErrorSummary, Problem, problem_at};
use crate::components::page::PAGE_HEADING_ID;
use crate::components::service_picker::{NO, SERVICES_GROUP, ServicePicker, chosen};
use crate::components::shared::shared;
use crate::i18n::{I18n, T, Text, Y, use_i18n};
use crate::session::use_session;

/// Where the page is.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Choose,
    /// The preview of `change`, to be sent with `key`.
    Check {
        change: Box<BulkAuthorisations>,
        preview: BulkResult,
        key: String,
    },
    Done(BulkResult),
}

/// A skipped person's reason in words.
pub fn reason_text(reason: SkipReason) -> Text {
    match reason {
        SkipReason::NoMeans => Y::BhReasonNoMeans.into(),
        SkipReason::MeansNotActive => Y::BhReasonMeansNotActive.into(),
        SkipReason::LevelTooLow => Y::BhReasonLevelTooLow.into(),
        SkipReason::AlreadyPresent => Y::BhReasonAlreadyPresent.into(),
        SkipReason::NotPresent => Y::BhReasonNotPresent.into(),
        SkipReason::RequestNotOpen => T::YrReasonRequestNotOpen.into(),
        SkipReason::AlreadyOrdered => T::YrReasonAlreadyOrdered.into(),
        SkipReason::SuccessorExists => T::YrReasonSuccessorExists.into(),
        SkipReason::LevelNotHigher => T::YrReasonLevelNotHigher.into(),
        SkipReason::OrganisationEnded => T::YrReasonOrganisationEnded.into(),
    }
}

/// The chosen machtigingen in words: "alle diensten", or the providers' and services' names.
pub fn chosen_words(chosen: &Authorisations, catalogue: Option<&Catalogue>, i18n: I18n) -> String {
    let Authorisations::Selected {
        providers,
        services,
    } = chosen
    else {
        return i18n.t(Y::BhBulkAllServices).to_string();
    };
    let providers = providers
        .iter()
        .map(|id| match catalogue.and_then(|c| c.provider(id)) {
            Some(p) => i18n.t(T::AllServicesOf).replace("{provider}", &p.name),
            None => id.clone(),
        });
    let services = services
        .iter()
        .map(|id| match catalogue.and_then(|c| c.service(id)) {
            Some((p, s)) => format!("{}: {}", p.name, s.name),
            None => id.clone(),
        });
    providers.chain(services).collect::<Vec<_>>().join("; ")
}

/// A table of people with their outcome: name (to their page under `link_base`), outcome (with
/// the reason when skipped) and the server's words.
pub fn outcome_table(
    people: &[PersonOutcome],
    caption: impl Into<Text>,
    link_base: &'static str,
    i18n: I18n,
) -> AnyView {
    let caption = caption.into();
    let rows = people
        .iter()
        .map(|p| {
            let outcome = match (p.outcome, p.reason) {
                (BulkOutcome::Done, _) => i18n.t(Y::BhOutcomeDone).to_string(),
                (BulkOutcome::Skipped, Some(reason)) => format!(
                    "{}: {}",
                    i18n.t(Y::BhOutcomeSkipped),
                    i18n.t(reason_text(reason))
                ),
                (BulkOutcome::Skipped, None) => i18n.t(Y::BhOutcomeSkipped).to_string(),
            };
            view! {
                <tr>
                    <th scope="row"><a href=format!("{link_base}/{}", p.request_id)>{p.name.clone()}</a></th>
                    <td>{outcome}</td>
                    <td>{p.message.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-region" role="region" tabindex="0" aria-label=i18n.t(caption)>
            <table class="data-table">
                <caption>{i18n.t(caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(T::ActName)}</th>
                        <th scope="col">{i18n.t(Y::BhColOutcome)}</th>
                        <th scope="col">{i18n.t(Y::BhColReason)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn BulkChangePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let adding = Memo::new(move |_| params.read().get("action").as_deref() != Some("intrekken"));
    let title = move || {
        if adding.get() {
            Y::BhBulkAddTitle
        } else {
            Y::BhBulkWithdrawTitle
        }
    };
    Effect::new(move |_| {
        document().set_title(&format!(
            "{} – {} – {}",
            i18n.t(title()),
            i18n.t(T::BhUsersTitle),
            i18n.t(T::ProductName)
        ));
    });
    let selected = use_selected();
    let own_level = use_session()
        .manager()
        .map(|m| m.level)
        .unwrap_or(Level::Eh2);

    let stage = RwSignal::new(Stage::Choose);
    let problems = RwSignal::new(Vec::<Problem>::new());
    let attempt = RwSignal::new(0_usize);
    let all = RwSignal::new(None::<String>);
    let providers = RwSignal::new(Vec::<String>::new());
    let services = RwSignal::new(Vec::<String>::new());
    let search = RwSignal::new(String::new());
    let valid_until = RwSignal::new(String::new());
    let accepted = RwSignal::new(false);
    let catalogue = LocalResource::new(crate::api::catalogue);
    let notice = RwSignal::new(None::<String>);

    let fail = move |found: Vec<Problem>| {
        problems.set(found);
        attempt.update(|n| *n += 1);
    };
    let preview = Action::new_local(move |change: &BulkAuthorisations| {
        let change = change.clone();
        async move {
            let result = calls::preview_bulk(change.clone()).await;
            (change, result)
        }
    });
    Effect::new(move |_| match preview.value().get() {
        Some((change, Ok(result))) => {
            problems.set(Vec::new());
            accepted.set(false);
            stage.set(Stage::Check {
                change: Box::new(change),
                preview: result,
                key: new_idempotency_key(),
            });
            request_animation_frame(|| {
                focus_id("check-title");
            });
        }
        Some((change, Err(error))) => {
            let all_services = matches!(
                change.change,
                BulkChange::Add {
                    authorisations: Authorisations::AllServices,
                    ..
                } | BulkChange::Withdraw {
                    authorisations: Authorisations::AllServices
                }
            );
            fail(refusal_problems(&error, all_services, i18n));
        }
        None => {}
    });
    let apply = Action::new_local(move |(change, key): &(BulkAuthorisations, String)| {
        let (change, key) = (change.clone(), key.clone());
        async move { calls::bulk_change(change, key).await }
    });
    Effect::new(move |_| match apply.value().get() {
        Some(Ok(result)) => {
            problems.set(Vec::new());
            notice.set(Some(
                i18n.t(Y::BhBulkChanged)
                    .replace("{done}", &result.done.to_string())
                    .replace("{skipped}", &result.skipped.to_string()),
            ));
            stage.set(Stage::Done(result));
            selection::update(|s| *s = Selected::default());
            super::focus_notice();
        }
        Some(Err(error)) => fail(refusal_problems(&error, false, i18n)),
        None => {}
    });

    let on_preview = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if preview.pending().get_untracked() {
            return;
        }
        let choice = chosen(
            all.get_untracked().as_deref(),
            &providers.get_untracked(),
            &services.get_untracked(),
        );
        let change = match choice {
            None => return fail(vec![Problem::new(ALL, i18n.t(T::ChooseAllServices))]),
            Some(Authorisations::Selected {
                providers,
                services,
            }) if providers.is_empty() && services.is_empty() => {
                return fail(vec![Problem::new(
                    SERVICES_GROUP,
                    i18n.t(T::ChooseAtLeastOneService),
                )]);
            }
            Some(authorisations) if adding.get_untracked() => BulkChange::Add {
                authorisations,
                valid_until: Some(valid_until.get_untracked().trim().to_string())
                    .filter(|v| !v.is_empty()),
            },
            Some(authorisations) => BulkChange::Withdraw { authorisations },
        };
        problems.set(Vec::new());
        preview.dispatch(BulkAuthorisations {
            selection: selected.with_untracked(Selected::selection),
            change,
            accepted_terms: false,
        });
    };
    let on_confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Stage::Check {
            mut change,
            preview,
            key,
        } = stage.get_untracked()
        else {
            return;
        };
        if apply.pending().get_untracked() {
            return;
        }
        let costs = preview.quote.total_excl_vat.0 > 0;
        if costs && !accepted.get_untracked() {
            return fail(vec![Problem::new(
                ACCEPT_TERMS,
                i18n.t(T::AcceptTermsError),
            )]);
        }
        change.accepted_terms = costs;
        problems.set(Vec::new());
        apply.dispatch((*change, key));
    };
    let change_choice = move |_| {
        problems.set(Vec::new());
        stage.set(Stage::Choose);
        request_animation_frame(|| {
            focus_id(ALL);
        });
    };

    let error_at = move |id: &'static str| problem_at(problems, id);
    let choose = move || {
        let (legend, hint) = if adding.get_untracked() {
            (
                i18n.t(Y::BhAddAllQuestion).to_string(),
                i18n.t(Y::BhBulkAllHint)
                    .replace("{level}", own_level.label()),
            )
        } else {
            (
                i18n.t(Y::BhAddAllQuestion).to_string(),
                i18n.t(Y::BhBulkWithdrawHint).to_string(),
            )
        };
        // A withdrawal may name any service; an addition at most the manager's own level.
        let level = if adding.get_untracked() {
            own_level
        } else {
            Level::Eh3
        };
        view! {
            <form class="form form--wide" novalidate on:submit=on_preview>
                {all_question(all, legend, hint, error_at(ALL), i18n)}
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
                {adding.get_untracked().then(|| date_field(
                    valid_until,
                    None,
                    i18n.t(Y::BhBulkValidUntilHint).to_string(),
                    error_at(VALID_UNTIL),
                    i18n,
                ))}
                <button type="submit" id=SUBMIT class="button button--primary" disabled=move || preview.pending().get()>
                    {move || if preview.pending().get() { i18n.t(Y::BhBulkPreviewing) } else { i18n.t(Y::BhBulkPreview) }}
                </button>
            </form>
        }
        .into_any()
    };
    let check = move |change: &BulkAuthorisations, preview: BulkResult| {
        let (key, chosen) = match &change.change {
            BulkChange::Add { authorisations, .. } => (Y::BhBulkWillAdd, authorisations),
            BulkChange::Withdraw { authorisations } => (Y::BhBulkWillWithdraw, authorisations),
        };
        let names = catalogue.get().and_then(Result::ok);
        let what = i18n
            .t(key)
            .replace("{what}", &chosen_words(chosen, names.as_ref(), i18n));
        let total = preview.people.len();
        let summary = if preview.done == 0 {
            i18n.t(Y::BhBulkNoneDone)
                .replace("{total}", &total.to_string())
        } else {
            i18n.t(Y::BhBulkForSome)
                .replace("{done}", &preview.done.to_string())
                .replace("{total}", &total.to_string())
        };
        let skipped: Vec<PersonOutcome> = (preview.people.iter())
            .filter(|p| p.outcome == BulkOutcome::Skipped)
            .cloned()
            .collect();
        let costs = preview.quote.total_excl_vat.0 > 0;
        let price = adding
            .get_untracked()
            .then(|| view! { <p class="price-line">{price_text(&preview.quote, i18n)}</p> });
        let warnings = (preview.warnings.iter())
            .map(|w| view! { <p class="notice notice--warning">{w.clone()}</p> })
            .collect_view();
        view! {
            <h2 id="check-title" tabindex="-1">{i18n.t(Y::BhBulkCheckTitle)}</h2>
            <p id="bulk-what">{what}</p>
            <p class="price-line" id="bulk-summary">{summary}</p>
            {(!skipped.is_empty()).then(|| view! {
                <h3>{i18n.t(Y::BhBulkSkippedTitle)}</h3>
                {outcome_table(&skipped, Y::BhBulkSkippedCaption, "/beheer/gebruikers", i18n)}
            })}
            {price}
            {warnings}
            <form class="form" novalidate on:submit=on_confirm>
                {costs.then(|| terms_field(accepted, error_at(ACCEPT_TERMS), i18n))}
                <div class="button-group">
                    <button
                        type="submit"
                        id=SUBMIT
                        class="button button--primary"
                        disabled=move || apply.pending().get() || preview.done == 0
                    >
                        {move || if apply.pending().get() { i18n.t(Y::BhBulkConfirming) } else { i18n.t(Y::BhBulkConfirm) }}
                    </button>
                    <button type="button" class="button button--secondary" on:click=change_choice>
                        {i18n.t(Y::BhBulkChange)}
                    </button>
                </div>
            </form>
        }
        .into_any()
    };
    let done = move |result: BulkResult| {
        let line = i18n
            .t(Y::BhBulkResult)
            .replace("{done}", &result.done.to_string())
            .replace("{skipped}", &result.skipped.to_string());
        view! {
            <h2>{i18n.t(Y::BhBulkResultTitle)}</h2>
            <p class="price-line" id="bulk-result">{line}</p>
            {outcome_table(&result.people, Y::BhBulkResultCaption, "/beheer/gebruikers", i18n)}
            <p><a href="/beheer/gebruikers">{i18n.t(Y::BhBulkBack)}</a></p>
        }
        .into_any()
    };

    let body = shared(move || {
        let stage = stage.get();
        if matches!(stage, Stage::Choose | Stage::Check { .. }) && selected.with(Selected::is_empty)
        {
            return view! {
                <p>{i18n.t(Y::BhBulkNobody)}</p>
                <p><a href="/beheer/gebruikers">{i18n.t(Y::BhBulkBack)}</a></p>
            }
            .into_any();
        }
        let who = selected.with(|s| s.who_text(i18n));
        let for_whom = (!matches!(stage, Stage::Done(_)))
            .then(|| view! { <p>{i18n.t(Y::BhBulkFor).replace("{who}", &who)}</p> });
        let part = match stage {
            Stage::Choose => choose(),
            Stage::Check {
                change, preview, ..
            } => check(&change, preview),
            Stage::Done(result) => done(result),
        };
        view! { {for_whom} {part} }.into_any()
    });

    view! {
        <a href="/beheer/gebruikers" class="back-link">{i18n.tr(Y::BhBulkBack)}</a>
        <ErrorSummary problems=problems attempt=attempt/>
        {success_notice(Signal::derive(move || notice.get()))}
        <h1 id=PAGE_HEADING_ID tabindex="-1">{move || i18n.t(title())}</h1>
        {body}
    }
}
