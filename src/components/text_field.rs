//! A labelled text input with optional hint and error message, wired for screen readers:
//! the error sits above the input and both hint and error are tied with `aria-describedby`.

use leptos::prelude::*;

use crate::i18n::{T, use_i18n};

/// A text field bound to `value`. `error` is the message to show at the field (if any).
#[component]
pub fn TextField(
    /// The input's id (the error summary links to it) and name.
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
    /// `text`, `email`, `password`, `tel`, …
    #[prop(default = "text")]
    input_type: &'static str,
    /// An HTML `autocomplete` token.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] spellcheck: Option<&'static str>,
    /// Marks the field as optional in its label, as GOV.UK does (never asterisks).
    #[prop(optional)]
    optional: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.read().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="form-field" class:form-field--invalid=move || error.read().is_some()>
            <label class="form-field__label" for=id>
                {move || label.get()}
                {optional.then(|| view! { " " {i18n.tr(T::OptionalSuffix)} })}
            </label>
            {hint.map(|hint| view! { <p class="form-field__hint" id=hint_id>{move || hint.get()}</p> })}
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="form-field__error" id=error_id.clone()>
                                <span class="visually-hidden">{i18n.t(T::ErrorPrefix)}</span>
                                {message}
                            </p>
                        }
                    })
            }}
            <input
                class="form-field__input"
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck=spellcheck
                aria-describedby=described_by
                aria-invalid=move || error.read().is_some().then_some("true")
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
        </div>
    }
}
