//! The error summary at the top of a form (GOV.UK / NL Design System pattern): a heading, one
//! link per problem to the field it concerns, focus moved to it when it appears, and the
//! document title prefixed with "Fout: ".

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use domain::Lang;

use crate::i18n::{Key, T, use_i18n};

/// One problem: the id of the field to jump to, and the message (same words as at the field).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub field_id: String,
    pub message: String,
}

impl Problem {
    pub fn new(field_id: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            field_id: field_id.into(),
            message: message.into(),
        }
    }
}

/// The message of the problem at the field `id`, if any: the same words for the field's own
/// error text as in the summary.
pub fn problem_at(
    problems: impl Into<Signal<Vec<Problem>>>,
    id: &'static str,
) -> Signal<Option<String>> {
    let problems = problems.into();
    Signal::derive(move || {
        problems.with(|ps| {
            ps.iter()
                .find(|p| p.field_id == id)
                .map(|p| p.message.clone())
        })
    })
}

/// Shows `problems` when there are any. `attempt` changes with every submit, so focus returns
/// to the summary after each failed attempt, even when the problems stay the same. `more` is
/// a line under the links, for a form that links to only the first of many problems.
#[component]
pub fn ErrorSummary(
    #[prop(into)] problems: Signal<Vec<Problem>>,
    #[prop(into)] attempt: Signal<usize>,
    #[prop(optional, into)] more: MaybeProp<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<leptos::html::Div>::new();
    let has_problems = Memo::new(move |_| !problems.read().is_empty());
    // The title's prefix, in the language now: a switch of language rewrites it (whichever
    // language's prefix the title had), without moving focus.
    Effect::new(move |_| {
        let has_problems = has_problems.get();
        let prefix = i18n.t(T::ErrorTitlePrefix);
        let title = document().title();
        let bare = Lang::ALL
            .into_iter()
            .fold(title.as_str(), |title, lang| {
                title
                    .strip_prefix(T::ErrorTitlePrefix.text_in(lang))
                    .unwrap_or(title)
            })
            .to_string();
        document().set_title(&if has_problems {
            format!("{prefix}{bare}")
        } else {
            bare
        });
    });
    // Focus to the summary when problems appear, and after every failed attempt.
    Effect::new(move |_| {
        attempt.track();
        if has_problems.get() {
            request_animation_frame(move || {
                if let Some(el) = node.get_untracked() {
                    let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
                }
            });
        }
    });
    view! {
        <Show when=move || !problems.read().is_empty()>
            <div
                class="error-summary"
                role="alert"
                aria-labelledby="error-summary-title"
                tabindex="-1"
                node_ref=node
            >
                <h2 id="error-summary-title" class="error-summary__title">
                    {i18n.tr(T::ErrorSummaryTitle)}
                </h2>
                <ul class="error-summary__list">
                    {move || {
                        problems
                            .get()
                            .into_iter()
                            .map(|p| {
                                let href = format!("#{}", p.field_id);
                                let id = p.field_id.clone();
                                view! {
                                    <li>
                                        <a
                                            href=href
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                focus_field(&id);
                                            }
                                        >
                                            {p.message}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                {move || more.get().map(|line| view! { <p class="error-summary__more">{line}</p> })}
            </div>
        </Show>
    }
}

/// Sent (bubbling) to a field just before [`focus_field`] focuses it, so that a closed part of
/// the page that holds it (a card of the users grid on a phone) can open first.
pub const REVEAL_EVENT: &str = "middelpunt-reveal";

/// Moves focus to the field with `id` and scrolls its label into view. A field that cannot take
/// focus yet (its card still closed) gets it once [`REVEAL_EVENT`] has opened it, a frame later.
pub fn focus_field(id: &str) {
    let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict(REVEAL_EVENT, &init) {
        let _ = el.dispatch_event(&event);
    }
    if !focus_now(&el) {
        request_animation_frame(move || {
            focus_now(&el);
        });
    }
}

/// Focuses `el` and scrolls it into view; whether it has focus now.
fn focus_now(el: &web_sys::HtmlElement) -> bool {
    let _ = el.focus();
    let focused = document()
        .active_element()
        .is_some_and(|active| active == **el);
    if focused {
        el.scroll_into_view();
    }
    focused
}
