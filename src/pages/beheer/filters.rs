//! The fields of a Beheer list's filter form: their values follow the URL, what is typed or
//! chosen is read when the form is sent; and the manager's organisations as filter options.

use std::cell::RefCell;

use domain::RegisterDate;
use leptos::prelude::*;

use crate::api;
use crate::components::shared::shared;
use crate::components::text_field::TextField;
use crate::i18n::{I18n, T, use_i18n};
use crate::session::use_session;

/// A text filter: its value follows the URL; what is typed is read (through `node`) when
/// the form is sent.
#[component]
pub fn FilterText(
    id: &'static str,
    label: T,
    /// The value in the URL.
    value: Signal<String>,
    node: NodeRef<leptos::html::Input>,
    #[prop(optional)] hint: Option<T>,
    #[prop(optional_no_strip, into)] error: Option<Signal<Option<String>>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional_no_strip, into)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(value.get_untracked());
    Effect::watch(
        move || value.get(),
        move |url, _, _| shown.set(url.clone()),
        false,
    );
    view! {
        <TextField
            id=id
            label=Signal::derive(move || i18n.t(label).to_string())
            value=shown
            hint=hint.map(|h| Signal::derive(move || i18n.t(h).to_string()))
            error=error
            input_type=input_type
            autocomplete="off"
            inputmode=inputmode
            node=node
            class="form-field filters__field"
        />
    }
}

/// A choice filter; the first option ("Alle") has the value `""`.
#[component]
pub fn FilterSelect(
    id: &'static str,
    label: T,
    /// The value in the URL.
    value: Signal<String>,
    /// `(value, text)` of every option.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    node: NodeRef<leptos::html::Select>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-field filters__field">
            <label class="form-field__label" for=id>{i18n.tr(label)}</label>
            <select class="form-field__input form-field__select" id=id name=id node_ref=node>
                {shared(move || {
                    let selected = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let is_selected = v == selected;
                            view! { <option value=v prop:selected=is_selected>{text}</option> }
                        })
                        .collect_view()
                        .into_any()
                })}
            </select>
        </div>
    }
}

/// The current value of a filter field.
pub fn input_value(node: NodeRef<leptos::html::Input>) -> String {
    node.get_untracked()
        .map(|el| el.value().trim().to_string())
        .unwrap_or_default()
}

/// Whether the browser holds an entry it cannot turn into a value (a half-typed date: the
/// field's `value` is then empty, as if nothing were typed).
pub fn has_bad_input(node: NodeRef<leptos::html::Input>) -> bool {
    node.get_untracked()
        .is_some_and(|el| el.validity().bad_input())
}

/// The current value of a choice filter.
pub fn select_value(node: NodeRef<leptos::html::Select>) -> String {
    node.get_untracked()
        .and_then(|el| js_sys::Reflect::get(&el, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// The options of a choice filter: "Alle …" (`all`, the value `""`) and then `options`.
pub fn options_with_all(
    all: T,
    options: impl IntoIterator<Item = (String, String)>,
    i18n: I18n,
) -> Vec<(String, String)> {
    let mut all = vec![(String::new(), i18n.t(all).to_string())];
    all.extend(options);
    all
}

/// The options of a level filter: "Alle niveaus" and every level.
pub fn level_options(i18n: I18n) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        options_with_all(
            T::BhAllLevels,
            domain::Level::ALL.map(|l| (l.label().to_string(), l.label().to_string())),
            i18n,
        )
    })
}

// ----- The manager's organisations, by name -----

/// An organisation as the register named it, and when it ended if it did.
type Named = (String, Option<RegisterDate>);

thread_local! {
    /// Organisations looked up once per page load: `(kvk_number, (name, ended_on))`.
    static ORGANISATION_NAMES: RefCell<Vec<(String, Named)>> = const { RefCell::new(Vec::new()) };
}

/// The manager's organisations as `(kvk_number, "Name (KvK-nummer)")`, with "Alle
/// organisaties" first: the options of an organisation filter. Names come from the register,
/// with the register's end when an organisation has ended; a number stands alone when its name
/// cannot be found.
pub fn organisation_options(i18n: I18n) -> Signal<Vec<(String, String)>> {
    let session = use_session();
    let numbers = session
        .manager()
        .map(|m| m.organisations)
        .unwrap_or_default();
    let names = LocalResource::new(move || {
        let numbers = numbers.clone();
        async move {
            let mut names = Vec::new();
            for kvk in numbers {
                let known = ORGANISATION_NAMES.with(|n| {
                    n.borrow()
                        .iter()
                        .find(|(k, _)| *k == kvk)
                        .map(|(_, name)| name.clone())
                });
                let name = match known {
                    Some(name) => Some(name),
                    None => match api::organisation(&kvk).await {
                        Ok(found) => {
                            let named = (found.name, found.ended_on);
                            ORGANISATION_NAMES
                                .with(|n| n.borrow_mut().push((kvk.clone(), named.clone())));
                            Some(named)
                        }
                        Err(_) => None,
                    },
                };
                names.push((kvk, name));
            }
            names
        }
    });
    Signal::derive(move || {
        let kvk = i18n.t(T::KvkNumberShort);
        let named = names
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|(number, named)| {
                let text = match named {
                    Some((name, ended_on)) => match super::ended_text(ended_on, i18n) {
                        Some(ended) => format!("{name} ({kvk} {number}) – {ended}"),
                        None => format!("{name} ({kvk} {number})"),
                    },
                    None => format!("{kvk} {number}"),
                };
                (number, text)
            });
        options_with_all(T::BhAllOrganisations, named, i18n)
    })
}

/// The organisation filter: "Alle organisaties" and the manager's organisations by name.
#[component]
pub fn OrganisationFilter(
    value: Signal<String>,
    node: NodeRef<leptos::html::Select>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <FilterSelect
            id="filter-organisation"
            label=T::OrganisationLabel
            value=value
            options=organisation_options(i18n)
            node=node
        />
    }
}
