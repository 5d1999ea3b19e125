//! Step 6 (seed step 14): everything chosen, each part with a "Wijzigen" link; the server's
//! price, line by line, excluding and including VAT; the terms; "Bestellen".

use domain::catalogue::Authorisations;
use domain::order::OrderRequest;
use domain::pricing::QuoteRequest;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{Step, frame::StepFrame, register::use_selected_organisation};
use crate::api::{self, ApiError};
use crate::area::AppLink;
use crate::components::error_summary::Problem;
use crate::components::field::error_message;
use crate::components::price_table::price_table;
use crate::components::step_up::{STEP_UP_FIELD, StepUp, StepUpField, is_step_up_problem};
use crate::components::terms_links::TermsLinks;
use crate::i18n::{T, use_i18n};
use crate::order_draft::{OrderDraft, use_draft};

/// The order the draft describes, when every step has been answered.
pub fn order_request(draft: &OrderDraft, accepted_terms: bool) -> Option<OrderRequest> {
    let authorisations = match (draft.add_authorisations?, draft.all_services) {
        (false, _) => Authorisations::None,
        (true, Some(true)) => Authorisations::AllServices,
        (true, Some(false)) => Authorisations::Selected {
            providers: draft.providers.clone(),
            services: draft.services.clone(),
        },
        (true, None) => return None,
    };
    Some(OrderRequest {
        kvk_number: draft.kvk_number.clone()?,
        branch_number: draft.branch_number.clone(),
        level: draft.level?,
        users: draft.users.iter().map(|u| u.user.clone()).collect(),
        authorisations,
        term: draft.term?,
        accepted_terms,
    })
}

#[component]
pub fn OverviewStep() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let navigate = use_navigate();
    let organisation = use_selected_organisation();
    let catalogue = LocalResource::new(api::catalogue);
    let accepted = RwSignal::new(false);
    let terms_error = RwSignal::new(false);
    let attempt = RwSignal::new(0_usize);

    let quote = LocalResource::new(move || {
        let request = order_request(&draft.0.read(), false);
        async move {
            let request = request?;
            Some(
                api::quote(QuoteRequest {
                    level: request.level,
                    term: request.term,
                    users: request.users.len().max(1) as u32,
                    authorisations_per_user: request.authorisations.count_per_user(),
                })
                .await,
            )
        }
    });

    // An EH3 order asks for the second factor again when it was given long ago (step-up).
    let step_up = StepUp::new();
    let place = Action::new_local(
        move |(request, key, code): &(OrderRequest, String, Option<String>)| {
            let (request, key, code) = (request.clone(), key.clone(), code.clone());
            let navigate = navigate.clone();
            async move {
                let placed = StepUp::then(code, api::place_order(&request, &key)).await;
                step_up.watch(&placed);
                if let Ok(order) = &placed {
                    draft.reset();
                    navigate(
                        &format!("/bestellen/bevestiging/{}", order.order_number),
                        Default::default(),
                    );
                }
                placed
            }
        },
    );

    let step_up_problem =
        move || step_up.problem(place.value().get().and_then(Result::err).as_ref(), i18n);
    let server_problems = move || -> Vec<Problem> {
        match place.value().get() {
            Some(Err(ApiError::Server { body, .. })) if is_step_up_problem(&body.code) => {
                Vec::new()
            }
            Some(Err(ApiError::Server { body, .. })) => {
                let listed: Vec<Problem> = body
                    .problems()
                    .iter()
                    .map(|p| {
                        Problem::new(
                            anchor_for(&p.location),
                            p.message_in(i18n.lang()).to_string(),
                        )
                    })
                    .collect();
                if listed.is_empty() {
                    vec![Problem::new(
                        "accept-terms",
                        body.message_in(i18n.lang()).to_string(),
                    )]
                } else {
                    listed
                }
            }
            Some(Err(ApiError::Network(_))) => {
                vec![Problem::new("accept-terms", i18n.t(T::NetworkError))]
            }
            _ => Vec::new(),
        }
    };
    let problems = Signal::derive(move || {
        let mut problems = Vec::new();
        if terms_error.get() {
            problems.push(Problem::new("accept-terms", i18n.t(T::AcceptTermsError)));
        }
        if let Some(message) = step_up_problem() {
            problems.push(Problem::new(STEP_UP_FIELD, message));
        }
        let ended = organisation.ended_problem(anchor_for("kvk_number"), i18n);
        let server = server_problems();
        // The server's own refusal of an ended organisation says the same: once is enough.
        if let Some(ended) = ended.filter(|ended| !server.contains(ended)) {
            problems.push(ended);
        }
        problems.extend(server);
        problems
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ok = accepted.get_untracked();
        terms_error.set(!ok);
        let code = step_up.take_code();
        attempt.update(|n| *n += 1);
        let Ok(code) = code else {
            return;
        };
        if !ok || place.pending().get_untracked() || organisation.ended().is_some() {
            return;
        }
        let d = draft.0.get_untracked();
        if let Some(request) = order_request(&d, true) {
            place.value().set(None);
            place.dispatch((request, d.idempotency_key.clone(), code));
        }
    };

    let row = move |label: T, value: AnyView, change: Step, what: T, id: &'static str| {
        view! {
            <div class="summary-list__row">
                <dt>{move || i18n.t(label)}</dt>
                <dd>{value}</dd>
                <dd class="summary-list__actions">
                    <A href=format!("{}?terug=overzicht", change.path()) attr:id=id>
                        {i18n.tr(T::Change)}
                        <span class="visually-hidden">" " {move || i18n.t(what)}</span>
                    </A>
                </dd>
            </div>
        }
    };

    let summary = move || {
        let d = draft.0.get();
        let lang = i18n.lang();
        let org_name = organisation.loaded().map(|o| o.name).unwrap_or_default();
        let organisation_text = format!(
            "{org_name} ({} {})",
            i18n.t(T::KvkNumberShort),
            d.kvk_number.clone().unwrap_or_default()
        );
        let branch_text = d
            .branch_number
            .clone()
            .unwrap_or_else(|| i18n.t(T::AllBranches).to_string());
        let level_text = d.level.map(|l| l.label().to_string()).unwrap_or_default();
        let users = d
            .users
            .iter()
            .map(|u| {
                let name = [
                    u.user.first_names.as_str(),
                    u.user.infix.as_str(),
                    u.user.last_name.as_str(),
                ]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
                view! { <li>{name} " – " {u.user.email.clone()}</li> }
            })
            .collect_view();
        let service_names = move |ids: &[String], providers: &[String]| -> Vec<String> {
            let Some(Ok(catalogue)) = catalogue.get() else {
                return ids.iter().chain(providers).cloned().collect();
            };
            providers
                .iter()
                .map(|p| {
                    let name = catalogue
                        .provider(p)
                        .map(|p| p.name.clone())
                        .unwrap_or_else(|| p.clone());
                    i18n.t(T::AllServicesOf).replace("{provider}", &name)
                })
                .chain(ids.iter().map(|s| {
                    catalogue
                        .service(s)
                        .map(|(_, s)| s.name.clone())
                        .unwrap_or_else(|| s.clone())
                }))
                .collect()
        };
        let authorisations = match order_request(&d, false).map(|r| r.authorisations) {
            Some(Authorisations::None) => {
                view! { <span>{i18n.t(T::NoAuthorisationsYet)}</span> }.into_any()
            }
            Some(Authorisations::AllServices) => {
                view! { <span>{i18n.t(T::YesAllServices)}</span> }.into_any()
            }
            Some(Authorisations::Selected {
                providers,
                services,
            }) => {
                let names = service_names(&services, &providers);
                view! { <ul class="plain-list">{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> }.into_any()
            }
            None => view! { <span>"–"</span> }.into_any(),
        };
        let term_text = d.term.map(|t| t.label(lang)).unwrap_or_default();
        view! {
            <dl class="summary-list">
                {row(T::OrganisationLabel, view! { <span>{organisation_text}</span> }.into_any(), Step::Organisation, T::OrganisationLabel, "change-organisation")}
                {row(T::Branch, view! { <span>{branch_text}</span> }.into_any(), Step::Branch, T::Branch, "change-branch")}
                {row(T::LevelLabel, view! { <span>{level_text}</span> }.into_any(), Step::Organisation, T::LevelLabel, "change-level")}
                {row(T::UsersLabel, view! { <ul class="plain-list">{users}</ul> }.into_any(), Step::Users, T::UsersLabel, "change-users")}
                {row(T::AuthorisationsLabel, authorisations, Step::Authorisations, T::AuthorisationsLabel, "change-authorisations")}
                {row(T::TermQuestion, view! { <span>{term_text}</span> }.into_any(), Step::Authorisations, T::TermQuestion, "change-term")}
            </dl>
        }
    };

    let price = move || match quote.get() {
        None => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
        Some(None) => view! { <p class="notice">{i18n.t(T::OrderIncomplete)}</p> }.into_any(),
        Some(Some(Err(_))) => {
            view! { <p class="notice notice--error" role="alert">{i18n.t(T::NetworkError)}</p> }
                .into_any()
        }
        Some(Some(Ok(q))) => price_table(&q, i18n),
    };

    view! {
        <StepFrame step=Step::Overview problems=problems attempt=attempt>
            {organisation.status_view()}
            {summary}
            <h2>{i18n.tr(T::PriceTitle)}</h2>
            {price}
            <p><AppLink href="/prijzen">{i18n.tr(T::PriceListLink)}</AppLink></p>
            <form novalidate on:submit=on_submit class="form">
                <TermsLinks/>
                <div class="form-field" class:form-field--invalid=move || terms_error.get()>
                    {move || terms_error.get().then(|| error_message("accept-terms", i18n.t(T::AcceptTermsError).to_string(), i18n))}
                    <div class="checkboxes__item">
                        <input
                            type="checkbox"
                            class="checkboxes__input"
                            id="accept-terms"
                            aria-describedby=move || terms_error.get().then_some("accept-terms-error")
                            prop:checked=move || accepted.get()
                            on:change:target=move |ev| accepted.set(ev.target().checked())
                        />
                        <label class="checkboxes__label" for="accept-terms">{i18n.tr(T::AcceptTerms)}</label>
                    </div>
                </div>
                <StepUpField step_up=step_up error=Signal::derive(step_up_problem)/>
                <button type="submit" class="button button--primary" disabled=move || place.pending().get()>
                    {move || if place.pending().get() { i18n.t(T::Ordering) } else { i18n.t(T::Order) }}
                </button>
            </form>
        </StepFrame>
    }
}

/// The id of the link on this page that leads to where a server problem at `location`
/// (`users[2].mobile`, `level`, …) can be fixed.
fn anchor_for(location: &str) -> &'static str {
    match location.split(['[', '.']).next().unwrap_or_default() {
        "kvk_number" => "change-organisation",
        "level" => "change-level",
        "branch_number" => "change-branch",
        "users" => "change-users",
        "authorisations" => "change-authorisations",
        "term" => "change-term",
        _ => "accept-terms",
    }
}
