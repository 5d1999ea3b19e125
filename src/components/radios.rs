//! A group of radio buttons in a fieldset whose legend asks the question; each option may have
//! a hint and may be unavailable with a reason. Errors sit above the options, as at a field
//! ([`Description`]).

use leptos::prelude::*;

use crate::components::field::Description;
use crate::components::shared::shared;

/// One choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
    /// Why it cannot be chosen; `None` when it can.
    pub unavailable: Option<String>,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice {
            value: value.into(),
            label: label.into(),
            hint: None,
            unavailable: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Choice {
        self.hint = Some(hint.into());
        self
    }

    pub fn unavailable(mut self, reason: Option<String>) -> Choice {
        self.unavailable = reason;
        self
    }
}

/// Radio buttons bound to `selected`. The first input's id is `{name}` so that the error
/// summary can link to the group; the others are `{name}-{index}`.
#[component]
pub fn Radios(
    name: &'static str,
    #[prop(into)] legend: Signal<String>,
    #[prop(into)] choices: Signal<Vec<Choice>>,
    selected: RwSignal<Option<String>>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
    /// Render the legend as the page's question in large type.
    #[prop(optional)]
    large_legend: bool,
    /// Called when a choice is made (the `change` event); see [`TextField`]'s `on_change`.
    ///
    /// [`TextField`]: crate::components::text_field::TextField
    #[prop(optional)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let described = Description::new(name, hint, error);
    view! {
        <div class="form-field" class:form-field--invalid=shared(move || described.invalid())>
            <fieldset class="fieldset" aria-describedby=shared(move || described.described_by())>
                <legend class="fieldset__legend" class:fieldset__legend--large=large_legend>
                    {shared(move || legend.get())}
                </legend>
                {described.messages()}
                <div class="radios">
                    {move || {
                        choices
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(index, choice)| {
                                let id = if index == 0 { name.to_string() } else { format!("{name}-{index}") };
                                let hint_id = format!("{id}-item-hint");
                                let value = choice.value.clone();
                                let checked = {
                                    let value = value.clone();
                                    move || selected.read().as_deref() == Some(value.as_str())
                                };
                                let disabled = choice.unavailable.is_some();
                                let note = choice.hint.clone().into_iter().chain(choice.unavailable.clone()).collect::<Vec<_>>();
                                let has_note = !note.is_empty();
                                view! {
                                    <div class="radios__item" class:radios__item--disabled=disabled>
                                        <input
                                            class="radios__input"
                                            type="radio"
                                            id=id.clone()
                                            name=name
                                            value=value.clone()
                                            disabled=disabled
                                            aria-describedby=has_note.then(|| hint_id.clone())
                                            prop:checked=checked
                                            on:change=move |_| {
                                                selected.set(Some(value.clone()));
                                                if let Some(on_change) = on_change {
                                                    on_change.run(());
                                                }
                                            }
                                        />
                                        <label class="radios__label" for=id>{choice.label}</label>
                                        {has_note.then(|| view! {
                                            <p class="radios__hint" id=hint_id>
                                                {note.join(" ")}
                                            </p>
                                        })}
                                    </div>
                                }
                            })
                            .collect_view()
                    }}
                </div>
            </fieldset>
        </div>
    }
}
