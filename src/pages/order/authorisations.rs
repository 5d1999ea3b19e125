//! Step 5 (seed step 13): which authorisations (machtigingen) the users get, and for how long.
//! The price shown updates with every choice; it is the price list's own computation, the same
//! code the server runs for the overview.

use domain::Level;
use domain::catalogue::Authorisations;
use domain::pricing::{QuoteRequest, Term};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{Step, frame::StepFrame, use_next_path};
use crate::api;
use crate::area::AppLink;
use crate::components::error_summary::Problem;
use crate::components::radios::{Choice, Radios};
use crate::components::service_picker::{NO, SERVICES_GROUP, ServicePicker, YES};
use crate::i18n::{T, use_i18n};
use crate::order_draft::use_draft;

fn yes_no(value: Option<bool>) -> Option<String> {
    value.map(|v| if v { YES } else { NO }.to_string())
}

#[component]
pub fn AuthorisationsStep() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let navigate = use_navigate();
    let next_path = use_next_path(Step::Authorisations);
    let initial = draft.0.read_untracked().clone();
    let level = initial.level.unwrap_or(Level::Eh3);

    let add = RwSignal::new(yes_no(initial.add_authorisations));
    let all = RwSignal::new(yes_no(initial.all_services));
    let providers = RwSignal::new(initial.providers.clone());
    let services = RwSignal::new(initial.services.clone());
    let term = RwSignal::new(initial.term.map(|t| t.years().to_string()));
    let search = RwSignal::new(String::new());
    let attempt = RwSignal::new(0_usize);
    let shown_errors = RwSignal::new(Vec::<(&'static str, T)>::new());

    let catalogue = LocalResource::new(api::catalogue);
    let prices = LocalResource::new(api::prices);

    let choice = move || -> Option<Authorisations> {
        match add.get().as_deref() {
            Some(NO) => Some(Authorisations::None),
            Some(YES) => match all.get().as_deref() {
                Some(YES) => Some(Authorisations::AllServices),
                Some(NO) => Some(Authorisations::Selected {
                    providers: providers.get(),
                    services: services.get(),
                }),
                _ => None,
            },
            _ => None,
        }
    };
    let chosen_term = move || {
        term.get()
            .and_then(|t| t.parse::<u8>().ok())
            .and_then(|y| Term::try_from(y).ok())
    };

    let estimate = move || {
        let prices = prices.get()?.ok()?;
        let users = draft.0.read().users.len().max(1) as u32;
        let quote = prices
            .quote(QuoteRequest {
                level,
                term: chosen_term()?,
                users,
                authorisations_per_user: choice()?.count_per_user(),
            })
            .ok()?;
        let lang = i18n.lang();
        Some(
            i18n.t(if users == 1 {
                T::PriceEstimateOne
            } else {
                T::PriceEstimate
            })
            .replace("{excl}", &quote.total_excl_vat.on_screen(lang))
            .replace("{incl}", &quote.total_incl_vat.on_screen(lang))
            .replace("{users}", &users.to_string()),
        )
    };

    let problems = Signal::derive(move || {
        shown_errors
            .get()
            .into_iter()
            .map(|(id, key)| Problem::new(id, i18n.t(key)))
            .collect::<Vec<_>>()
    });
    let error_for = move |id: &'static str| {
        Signal::derive(move || {
            shown_errors
                .get()
                .into_iter()
                .find(|(field, _)| *field == id)
                .map(|(_, key)| i18n.t(key).to_string())
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut errors = Vec::new();
        match add.get_untracked().as_deref() {
            None => errors.push(("add", T::ChooseAddAuthorisations)),
            Some(YES) => match all.get_untracked().as_deref() {
                None => errors.push(("all", T::ChooseAllServices)),
                Some(NO)
                    if providers.read_untracked().is_empty()
                        && services.read_untracked().is_empty() =>
                {
                    errors.push((SERVICES_GROUP, T::ChooseAtLeastOneService))
                }
                _ => {}
            },
            _ => {}
        }
        if chosen_term().is_none() {
            errors.push(("term", T::ChooseTerm));
        }
        let ok = errors.is_empty();
        shown_errors.set(errors);
        attempt.update(|n| *n += 1);
        if ok {
            draft.0.update(|d| {
                d.add_authorisations = add.get_untracked().map(|v| v == YES);
                d.all_services = all.get_untracked().map(|v| v == YES);
                d.providers = providers.get_untracked();
                d.services = services.get_untracked();
                d.term = chosen_term();
            });
            navigate(next_path(), Default::default());
        }
    };

    let yes_no_choices = move |yes: T, no: T| {
        Signal::derive(move || vec![Choice::new(YES, i18n.t(yes)), Choice::new(NO, i18n.t(no))])
    };
    let term_choices = Signal::derive(move || {
        Term::ALL
            .into_iter()
            .map(|t| Choice::new(t.years().to_string(), t.label(i18n.lang())))
            .collect::<Vec<_>>()
    });

    view! {
        <StepFrame step=Step::Authorisations problems=problems attempt=attempt>
            <form novalidate on:submit=on_submit class="form form--wide">
                <Radios
                    name="add"
                    legend=Signal::derive(move || i18n.t(T::AddAuthorisationsQuestion).to_string())
                    choices=yes_no_choices(T::Yes, T::NoNotNow)
                    selected=add
                    error=error_for("add")
                />
                <Show when=move || add.read().as_deref() == Some(NO)>
                    <p class="notice notice--warning">{i18n.tr(T::NoAuthorisationsWarning)}</p>
                </Show>
                <Show when=move || add.read().as_deref() == Some(YES)>
                    <Radios
                        name="all"
                        legend=Signal::derive(move || i18n.t(T::AllServicesQuestion).to_string())
                        hint=Signal::derive(move || i18n.t(T::AllServicesHint).replace("{level}", level.label()))
                        choices=yes_no_choices(T::YesAllServices, T::NoSpecificServices)
                        selected=all
                        error=error_for("all")
                    />
                </Show>
                <Show when=move || add.read().as_deref() == Some(YES) && all.read().as_deref() == Some(NO)>
                    <ServicePicker
                        catalogue=catalogue
                        level=level
                        providers=providers
                        services=services
                        search=search
                        error=error_for(SERVICES_GROUP)
                        legend=Signal::derive(move || i18n.t(T::ServicesLegend).to_string())
                    />
                </Show>
                <Radios
                    name="term"
                    legend=Signal::derive(move || i18n.t(T::TermQuestion).to_string())
                    hint=Signal::derive(move || i18n.t(T::TermHint).to_string())
                    choices=term_choices
                    selected=term
                    error=error_for("term")
                />
                <div class="price-estimate" role="status" aria-live="polite">
                    {move || estimate().map(|text| view! { <p><strong>{text}</strong></p> })}
                </div>
                <p><AppLink href="/prijzen">{i18n.tr(T::PriceListLink)}</AppLink></p>
                <button type="submit" class="button button--primary">{i18n.tr(T::Next)}</button>
            </form>
        </StepFrame>
    }
}
