//! `/activeren/{token}`: the invitation's link. Keeps the token in `sessionStorage` and replaces
//! the address with `/activeren/gegevens`, so that the token is neither in the address bar nor
//! in the history (nor in a screenshot, nor in a `Referer`).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{Step, neutral_heading, store_token, use_activation};
use crate::i18n::{T, use_i18n};

#[component]
pub fn StartActivation() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_activation();
    let params = use_params_map();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(token) = params.read_untracked().get("step") {
            store_token(&token);
        }
        // A new link starts afresh.
        state.view.set(None);
        state.problem.set(None);
        navigate(
            Step::Details.path(),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    });
    view! { {neutral_heading()} <p role="status">{i18n.tr(T::Loading)}</p> }
}
