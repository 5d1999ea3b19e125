//! When the link does not (or no longer) work: unknown or missing token (404
//! `activation_not_found`), expired, cancelled, or already finished (410s). Each has its own
//! heading and says what to do, naming the manager when the server did.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::with_manager;
use crate::api::{ApiError, Contact, EndReason, RequestStatus};
use crate::components::page::PAGE_HEADING_ID;
use crate::components::shared::shared;
use crate::format::long_date_of;
use crate::i18n::{T, use_i18n};

/// Why the link does not work.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkProblem {
    NotFound,
    Expired {
        at: Option<i64>,
        manager: Option<Contact>,
    },
    Cancelled {
        manager: Option<Contact>,
    },
    Finished {
        outcome: Outcome,
        manager: Option<Contact>,
    },
}

/// How a finished request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The means was issued.
    Issued,
    /// The identification failed.
    Rejected,
    /// The KvK register lists the organisation as ended: no means.
    OrganisationEnded,
}

impl LinkProblem {
    /// The problem an API error stands for, if it is one of the link's.
    pub fn from_error(error: &ApiError) -> Option<LinkProblem> {
        let ApiError::Server { body, .. } = error else {
            return None;
        };
        let details = body.details();
        let manager = details.and_then(|d| d.manager.clone());
        Some(match body.code.as_str() {
            "activation_not_found" | "activation_token_missing" => LinkProblem::NotFound,
            "activation_expired" => LinkProblem::Expired {
                at: details.and_then(|d| d.at),
                manager,
            },
            "activation_cancelled" => LinkProblem::Cancelled { manager },
            "activation_finished" => LinkProblem::Finished {
                outcome: match (
                    details.and_then(|d| d.status),
                    details.and_then(|d| d.end_reason),
                ) {
                    (_, Some(EndReason::OrganisationEnded)) => Outcome::OrganisationEnded,
                    (Some(RequestStatus::Rejected), _) => Outcome::Rejected,
                    _ => Outcome::Issued,
                },
                manager,
            },
            _ => return None,
        })
    }
}

#[component]
pub fn LinkProblemPage(problem: LinkProblem) -> impl IntoView {
    let i18n = use_i18n();
    let title = match &problem {
        LinkProblem::NotFound => T::ActNotFoundTitle,
        LinkProblem::Expired { .. } => T::ActExpiredTitle,
        LinkProblem::Cancelled { .. } => T::ActCancelledTitle,
        LinkProblem::Finished { .. } => T::ActFinishedTitle,
    };
    Effect::new(move |_| {
        document().set_title(&format!("{} – {}", i18n.t(title), i18n.t(T::ProductName)));
    });
    // The page replaces a step after a click (or the loading text): the heading takes focus so
    // that screen readers announce it.
    request_animation_frame(|| {
        if let Some(heading) = document()
            .get_element_by_id(PAGE_HEADING_ID)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = heading.focus();
        }
    });
    let body = shared(move || {
        let lang = i18n.lang();
        let p = |text: T| view! { <p>{i18n.t(text)}</p> }.into_any();
        let ask = |text: T, manager: &Option<Contact>| {
            view! { <p>{with_manager(i18n.t(text), manager.as_ref(), i18n)}</p> }.into_any()
        };
        match &problem {
            LinkProblem::NotFound => vec![p(T::ActNotFoundBody), p(T::ActNotFoundAsk)],
            LinkProblem::Expired { at, manager } => {
                let mut parts = Vec::new();
                if let Some(at) = at {
                    let text = i18n
                        .t(T::ActExpiredBody)
                        .replace("{date}", &long_date_of(*at, lang));
                    parts.push(view! { <p>{text}</p> }.into_any());
                }
                parts.push(ask(T::ActExpiredAsk, manager));
                parts
            }
            LinkProblem::Cancelled { manager } => {
                vec![p(T::ActCancelledBody), ask(T::ActAskManager, manager)]
            }
            LinkProblem::Finished { outcome, manager } => {
                let text = match outcome {
                    Outcome::Issued => T::ActFinishedIssued,
                    Outcome::Rejected => T::ActFinishedRejected,
                    Outcome::OrganisationEnded => T::ActFinishedOrganisationEnded,
                };
                vec![p(text), ask(T::ActAskManager, manager)]
            }
        }
    });
    view! {
        <h1 id=PAGE_HEADING_ID tabindex="-1">{i18n.tr(title)}</h1>
        {body}
    }
}
