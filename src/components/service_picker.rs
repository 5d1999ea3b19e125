//! The choice of machtigingen, shared by the order wizard and Beheer: "all services" yes or no,
//! then the searchable catalogue with per provider "all services of …" and its services;
//! services above the level are shown disabled with the reason.

use domain::Level;
use domain::catalogue::{Authorisations, Catalogue};
use leptos::prelude::*;

use crate::api;
use crate::components::field::error_message;
use crate::components::shared::shared;
use crate::i18n::{T, use_i18n};

/// The value of a yes/no radio's "yes".
pub const YES: &str = "ja";
/// The value of a yes/no radio's "no".
pub const NO: &str = "nee";

/// The id of the picker's group of services, for the error summary's link.
pub const SERVICES_GROUP: &str = "services";

/// What the "all services" radios (`all`) and the picker chose: `None` while "all services" is
/// not answered. A selection may be empty; the page says so.
pub fn chosen(
    all: Option<&str>,
    providers: &[String],
    services: &[String],
) -> Option<Authorisations> {
    match all {
        Some(YES) => Some(Authorisations::AllServices),
        Some(NO) => Some(Authorisations::Selected {
            providers: providers.to_vec(),
            services: services.to_vec(),
        }),
        _ => None,
    }
}

/// The searchable catalogue: per provider "all services of …" and its services; services above
/// the level are shown disabled with the reason.
///
/// The search field and the services are one fieldset ([`SERVICES_GROUP`]) named by `legend`
/// that carries `error`: the problem is the choice, not the search.
#[component]
pub fn ServicePicker(
    catalogue: LocalResource<Result<Catalogue, api::ApiError>>,
    level: Level,
    providers: RwSignal<Vec<String>>,
    services: RwSignal<Vec<String>>,
    search: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(into)] legend: Signal<String>,
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
    let group_error = shared(move || {
        error
            .get()
            .map(|message| error_message(SERVICES_GROUP, message, i18n))
    });
    view! {
        <div class="form-field" class:form-field--invalid=move || error.read().is_some()>
            <fieldset
                class="fieldset"
                id=SERVICES_GROUP
                tabindex="-1"
                aria-describedby=move || error.read().is_some().then(|| format!("{SERVICES_GROUP}-error"))
            >
                <legend class="fieldset__legend">{shared(move || legend.get())}</legend>
                {group_error}
                <div class="form-field">
                    <label class="form-field__label" for="service-search">{i18n.tr(T::ServiceSearchLabel)}</label>
                    <p class="form-field__hint" id="service-search-hint">{i18n.tr(T::ServiceSearchHint)}</p>
                    <input
                        class="form-field__input"
                        id="service-search"
                        type="search"
                        aria-describedby="service-search-hint"
                        prop:value=move || search.get()
                        on:input:target=move |ev| search.set(ev.target().value())
                    />
                </div>
                <div class="service-picker">{groups}</div>
            </fieldset>
        </div>
    }
    .into_any()
}
