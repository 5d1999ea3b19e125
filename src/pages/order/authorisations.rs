//! Step 5 (seed step 13): which authorisations (machtigingen) the users get, and for how long.
//! The price shown updates with every choice; it is the price list's own computation, the same
//! code the server runs for the overview.

use domain::Level;
use domain::catalogue::{Authorisations, Catalogue};
use domain::pricing::{QuoteRequest, Term};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{Step, frame::StepFrame, use_next_path};
use crate::api;
use crate::area::AppLink;
use crate::components::error_summary::Problem;
use crate::components::field::Description;
use crate::components::radios::{Choice, Radios};
use crate::i18n::{T, use_i18n};
use crate::order_draft::use_draft;

const YES: &str = "ja";
const NO: &str = "nee";

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
            i18n.t(T::PriceEstimate)
                .replace("{excl}", &quote.total_excl_vat.format(lang))
                .replace("{incl}", &quote.total_incl_vat.format(lang))
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
                    errors.push(("service-search", T::ChooseAtLeastOneService))
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
                        error=error_for("service-search")
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

/// The searchable catalogue: per provider "all services of …" and its services; services above
/// the level are shown disabled with the reason.
#[component]
fn ServicePicker(
    catalogue: LocalResource<Result<Catalogue, api::ApiError>>,
    level: Level,
    providers: RwSignal<Vec<String>>,
    services: RwSignal<Vec<String>>,
    search: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toggle = |list: RwSignal<Vec<String>>, id: String| {
        move |_| {
            list.update(|l| {
                if let Some(at) = l.iter().position(|x| *x == id) {
                    l.remove(at);
                } else {
                    l.push(id.clone());
                }
            })
        }
    };
    let matches = move |text: &str| {
        let query = search.read().trim().to_lowercase();
        query.is_empty() || text.to_lowercase().contains(&query)
    };
    let groups = move || {
        let Some(Ok(catalogue)) = catalogue.get() else {
            return view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any();
        };
        let lang = i18n.lang();
        catalogue
            .providers
            .into_iter()
            .filter(|p| matches(&p.name) || p.services.iter().any(|s| matches(&s.name)))
            .map(|provider| {
                let whole_id = format!("provider-{}", provider.id);
                let whole_checked = {
                    let id = provider.id.clone();
                    move || providers.read().contains(&id)
                };
                let any_allowed = provider.services.iter().any(|s| s.min_level.allows(level));
                let all_label = i18n
                    .t(T::AllServicesOf)
                    .replace("{provider}", &provider.name);
                let covered = whole_checked.clone();
                let service_items = provider
                    .services
                    .into_iter()
                    .map(|service| {
                        let id = format!("service-{}", service.id);
                        let reason = Catalogue::unavailable_reason(&service, level, lang);
                        let hint = reason.clone().unwrap_or_else(|| {
                            i18n.t(T::MinimumLevel)
                                .replace("{level}", service.min_level.label())
                        });
                        let checked = {
                            let sid = service.id.clone();
                            let covered = covered.clone();
                            move || covered() || services.read().contains(&sid)
                        };
                        let disabled = {
                            let covered = covered.clone();
                            let unavailable = reason.is_some();
                            move || unavailable || covered()
                        };
                        let hint_id = format!("{id}-hint");
                        view! {
                            <div class="checkboxes__item">
                                <input
                                    type="checkbox"
                                    class="checkboxes__input"
                                    id=id.clone()
                                    prop:checked=checked
                                    disabled=disabled
                                    aria-describedby=hint_id.clone()
                                    on:change=toggle(services, service.id.clone())
                                />
                                <label class="checkboxes__label" for=id>{service.name}</label>
                                <p class="checkboxes__hint" id=hint_id>{hint}</p>
                            </div>
                        }
                    })
                    .collect_view();
                view! {
                    <fieldset class="fieldset service-group">
                        <legend class="fieldset__legend">{provider.name.clone()}</legend>
                        <div class="checkboxes__item">
                            <input
                                type="checkbox"
                                class="checkboxes__input"
                                id=whole_id.clone()
                                prop:checked=whole_checked
                                disabled=!any_allowed
                                on:change=toggle(providers, provider.id.clone())
                            />
                            <label class="checkboxes__label" for=whole_id>{all_label}</label>
                        </div>
                        {service_items}
                    </fieldset>
                }
            })
            .collect_view()
            .into_any()
    };
    let hint = Signal::derive(move || i18n.t(T::ServiceSearchHint).to_string());
    let described = Description::new("service-search", Some(hint), Some(error));
    view! {
        <div class="form-field" class:form-field--invalid=move || described.invalid()>
            <label class="form-field__label" for="service-search">{i18n.tr(T::ServiceSearchLabel)}</label>
            {described.messages()}
            <input
                class="form-field__input"
                id="service-search"
                type="search"
                aria-describedby=move || described.described_by()
                prop:value=move || search.get()
                on:input:target=move |ev| search.set(ev.target().value())
            />
        </div>
        <div class="service-picker">{groups}</div>
    }
}
