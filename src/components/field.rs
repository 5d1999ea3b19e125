//! What every form field shares: its hint and its error message, each with its own id, tied to
//! the control with `aria-describedby`, and `aria-invalid` while there is an error (GOV.UK and
//! NL Design System: the message sits above the control and starts with a visually hidden
//! "Fout:"). Text fields, radio groups and Beheer's filters all describe themselves this way.

use leptos::prelude::*;

use crate::components::shared::shared;
use crate::i18n::{I18n, T, use_i18n};

/// A field's hint and error, for the field whose control (or first radio) has the id `id`:
/// the hint is `{id}-hint`, the error `{id}-error`.
#[derive(Clone, Copy)]
pub struct Description {
    id: &'static str,
    hint: Option<Signal<String>>,
    error: Signal<Option<String>>,
}

impl Description {
    /// The description of the field `id`; no error when `error` is `None`.
    pub fn new(
        id: &'static str,
        hint: Option<Signal<String>>,
        error: Option<Signal<Option<String>>>,
    ) -> Description {
        Description {
            id,
            hint,
            error: error.unwrap_or_else(|| Signal::derive(|| None)),
        }
    }

    /// Whether the field has an error now (tracked): for `form-field--invalid`.
    pub fn invalid(self) -> bool {
        self.error.read().is_some()
    }

    /// `aria-invalid`: `"true"` while there is an error, absent otherwise (tracked).
    pub fn aria_invalid(self) -> Option<&'static str> {
        self.invalid().then_some("true")
    }

    /// `aria-describedby`: the hint's id and, while there is one, the error's (tracked).
    pub fn described_by(self) -> Option<String> {
        let hint = self.hint.map(|_| format!("{}-hint", self.id));
        let error = self.invalid().then(|| format!("{}-error", self.id));
        match (hint, error) {
            (Some(hint), Some(error)) => Some(format!("{hint} {error}")),
            (hint, error) => hint.or(error),
        }
    }

    /// The hint (if any) and then the error message (while there is one), in that order, for
    /// between the label (or legend) and the control.
    pub fn messages(self) -> impl IntoView {
        let (id, i18n) = (self.id, use_i18n());
        let hint = self.hint.map(|hint| {
            view! { <p class="form-field__hint" id=format!("{id}-hint")>{shared(move || hint.get())}</p> }
        });
        let error = shared(move || {
            self.error
                .get()
                .map(|message| error_message(id, message, i18n))
        });
        view! { {hint} {error} }
    }
}

/// A field's error message `{id}-error`: "Fout:" for screen readers, then the message.
pub fn error_message(id: &str, message: String, i18n: I18n) -> AnyView {
    view! {
        <p class="form-field__error" id=format!("{id}-error")>
            <span class="visually-hidden">{i18n.t(T::ErrorPrefix)}</span>
            {message}
        </p>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(hint: bool, error: Option<&str>) -> Description {
        let hint = hint.then(|| Signal::stored("Hint".to_string()));
        let error = Signal::stored(error.map(str::to_string));
        Description::new("field", hint, Some(error))
    }

    #[test]
    fn described_by_names_the_hint_and_only_a_present_error() {
        assert_eq!(described(false, None).described_by(), None);
        assert_eq!(
            described(true, None).described_by().as_deref(),
            Some("field-hint")
        );
        assert_eq!(
            described(false, Some("Wrong")).described_by().as_deref(),
            Some("field-error")
        );
        assert_eq!(
            described(true, Some("Wrong")).described_by().as_deref(),
            Some("field-hint field-error")
        );
    }

    #[test]
    fn invalid_only_with_an_error() {
        assert_eq!(described(true, None).aria_invalid(), None);
        assert!(!Description::new("field", None, None).invalid());
        assert_eq!(described(true, Some("Wrong")).aria_invalid(), Some("true"));
    }
}
