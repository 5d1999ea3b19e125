//! A labelled text input with optional hint and error message, wired for screen readers:
//! the error sits above the input and both hint and error are tied with `aria-describedby`
//! ([`Description`]).

use leptos::prelude::*;

use crate::components::field::Description;
use crate::components::shared::shared;
use crate::i18n::{T, use_i18n};

/// A text field bound to `value`. `error` is the message to show at the field (if any).
#[component]
pub fn TextField(
    /// The input's id (the error summary links to it) and name.
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(optional_no_strip, into)] hint: Option<Signal<String>>,
    #[prop(optional_no_strip, into)] error: Option<Signal<Option<String>>>,
    /// `text`, `email`, `password`, `tel`, …
    #[prop(default = "text")]
    input_type: &'static str,
    /// An HTML `autocomplete` token.
    #[prop(optional_no_strip, into)]
    autocomplete: Option<&'static str>,
    #[prop(optional_no_strip, into)] inputmode: Option<&'static str>,
    #[prop(optional_no_strip, into)] spellcheck: Option<&'static str>,
    /// Marks the field as optional in its label, as GOV.UK does (never asterisks).
    #[prop(optional)]
    optional: bool,
    /// Called when the field is left after a change (the input's `change` event): where a form
    /// shows a field's error only once it has been left, never while it is typed.
    #[prop(optional)]
    on_change: Option<Callback<()>>,
    /// The input element, for a form that reads it when it is sent.
    #[prop(optional)]
    node: Option<NodeRef<leptos::html::Input>>,
    /// The field's classes (its place in a layout may add one to `form-field`).
    #[prop(default = "form-field")]
    class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let described = Description::new(id, hint, error);
    view! {
        <div class=class class:form-field--invalid=shared(move || described.invalid())>
            <label class="form-field__label" for=id>
                {shared(move || label.get())}
                {optional.then(|| view! { " " {i18n.tr(T::OptionalSuffix)} })}
            </label>
            {described.messages()}
            <input
                class="form-field__input"
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck=spellcheck
                aria-describedby=shared(move || described.described_by())
                aria-invalid=shared(move || described.aria_invalid())
                prop:value=shared(move || value.get())
                node_ref=node.unwrap_or_default()
                on:input:target=move |ev| value.set(ev.target().value())
                on:change=move |_| {
                    if let Some(on_change) = on_change {
                        on_change.run(());
                    }
                }
            />
        </div>
    }
}
