//! `/activeren/resultaat` (seed step 20): an employee now has the means (level, identifier,
//! validity, authorisations); anyone else learns that an identification comes first: how, what
//! to bring, and the date after which the request lapses.

use leptos::prelude::*;

use super::{Step, StepFrame, authorisations, guard, row, succession_notice, with_manager};
use crate::api::{ActivationView, RequestStatus};
use crate::components::error_summary::Problem;
use crate::components::shared::shared;
use crate::format::{long_date, long_date_of, mobile};
use crate::i18n::{I18n, T, use_i18n};
use ::api::activation::Means;

#[component]
pub fn ResultPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = guard(Step::Result, false);
    // `None` while the view loads.
    let issued = Memo::new(move |_| {
        state
            .view
            .with(|v| v.as_ref().map(|v| v.status == RequestStatus::Issued))
    });
    let no_problems = Signal::derive(Vec::<Problem>::new);
    shared(move || {
        let title = match issued.get() {
            Some(true) => T::ActIssuedTitle,
            Some(false) => T::ActIdentifyTitle,
            None => T::Loading,
        };
        let content = shared(move || match state.view.get() {
            None => ().into_any(),
            Some(view) if view.status == RequestStatus::Issued => issued_view(&view, i18n),
            Some(view) => identification_view(&view, i18n),
        });
        view! {
            <StepFrame step=Step::Result title=title problems=no_problems attempt=Signal::derive(|| 0)>
                {content}
            </StepFrame>
        }
        .into_any()
    })
}

fn issued_view(view: &ActivationView, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let means = view.means.as_ref().map(|means| {
        view! {
            <dl class="summary-list">
                {row(i18n.t(T::LevelLabel), means.level.label())}
                {row(i18n.t(T::ActMeansId), view! { <span class="means-id">{means.id.clone()}</span> })}
                {row(i18n.t(T::ActValidFrom), long_date(&means.valid_from, lang))}
                {row(i18n.t(T::ActValidUntil), long_date(&means.valid_until, lang))}
                {row(i18n.t(T::AuthorisationsLabel), authorisations(&means.authorisations, i18n))}
            </dl>
        }
    });
    view! {
        <div class="panel" role="status">
            <p class="panel__title">{i18n.t(T::ActIssuedPanel)}</p>
        </div>
        {succession_notice(view, i18n)}
        {means}
        <p>{i18n.t(T::ActIssuedUse)}</p>
        <p>{with_manager(i18n.t(T::ActIssuedManager), Some(&view.manager), i18n)}</p>
        {view.means.as_ref().map(|means| how_to_use(view, means, i18n))}
    }
    .into_any()
}

/// The journey's end: how signing in works at this level, where (the providers' websites),
/// what the identification number is for, until when the means works, and whom to ask.
fn how_to_use(view: &ActivationView, means: &Means, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let manager = Some(&view.manager);
    let sign_in = if means.level.has_second_factor() {
        i18n.t(T::ActHowSms)
            .replace("{email}", &view.user.email)
            .replace("{mobile}", &mobile(&view.user.mobile))
    } else {
        i18n.t(T::ActHowPassword)
            .replace("{email}", &view.user.email)
    };
    let list = &means.authorisations;
    let where_to = if list.all_services {
        let text = i18n
            .t(T::ActWhereAll)
            .replace("{level}", means.level.label());
        let link = view! { <a href="https://www.eherkenning.nl">"eherkenning.nl"</a> };
        view! { <p>{placeholder(&text, "{link}", link.into_any())}</p> }.into_any()
    } else if list.items.is_empty() {
        view! { <p>{with_manager(i18n.t(T::ActWhereNone), manager, i18n)}</p> }.into_any()
    } else {
        let websites = list
            .websites
            .iter()
            .map(|w| view! { <li><a href=w.url.clone()>{w.name.clone()}</a></li> })
            .collect_view();
        view! {
            <p>{i18n.t(T::ActWhereSome)}</p>
            <ul class="plain-list">{websites}</ul>
        }
        .into_any()
    };
    let valid_until = long_date(&means.valid_until, lang);
    let means_id = i18n.t(T::ActMeansIdText).replace("{id}", &means.id);
    let contact = view! { <a href="/contact">{i18n.t(T::ActContactLink)}</a> }.into_any();
    let questions = i18n.t(T::ActQuestionsText);
    let (before_contact, after_contact) =
        questions.split_once("{contact}").unwrap_or((questions, ""));
    view! {
        <h2>{i18n.t(T::ActHowTitle)}</h2>
        <ol class="steps">
            <li>{i18n.t(T::ActHowService)}</li>
            <li>{i18n.t(T::ActHowSupplier)}</li>
            <li>{sign_in}</li>
        </ol>
        <h2>{i18n.t(T::ActWhereTitle)}</h2>
        {where_to}
        <h2>{i18n.t(T::ActMeansIdTitle)}</h2>
        <p>{with_manager(&means_id, manager, i18n)}</p>
        <h2>{i18n.t(T::ActValidTitle).replace("{date}", &valid_until)}</h2>
        <p>{with_manager(i18n.t(T::ActValidText), manager, i18n)}</p>
        <h2>{i18n.t(T::ActQuestionsTitle)}</h2>
        <p>{with_manager(before_contact, manager, i18n)} {contact} {after_contact.to_string()}</p>
    }
    .into_any()
}

/// `text` with `placeholder` replaced by `part` (a link).
fn placeholder(text: &str, placeholder: &str, part: AnyView) -> AnyView {
    let (before, after) = text.split_once(placeholder).unwrap_or((text, ""));
    view! { {before.to_string()} {part} {after.to_string()} }.into_any()
}

fn identification_view(view: &ActivationView, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let deadline = view
        .identification
        .as_ref()
        .map(|i| long_date_of(i.deadline, lang));
    let why = i18n
        .t(T::ActIdentifyWhy)
        .replace("{organisation}", &view.organisation.name);
    let contact = i18n
        .t(T::ActIdentifyContact)
        .replace("{email}", &view.user.email)
        .replace("{mobile}", &mobile(&view.user.mobile));
    let deadline_part = deadline.map(|date| {
        let text = i18n.t(T::ActIdentifyDeadline).replace("{date}", &date);
        view! {
            <h2>{i18n.t(T::ActIdentifyDeadlineTitle).replace("{date}", &date)}</h2>
            <p>{with_manager(&text, Some(&view.manager), i18n)}</p>
        }
    });
    view! {
        {succession_notice(view, i18n)}
        <p class="lead">{why}</p>
        <h2>{i18n.t(T::WhatHappensNext)}</h2>
        <ol class="steps">
            <li>{contact}</li>
            <li>{i18n.t(T::ActIdentifyHow)}</li>
            <li>{with_manager(i18n.t(T::ActIdentifyAfter), Some(&view.manager), i18n)}</li>
        </ol>
        <h2>{i18n.t(T::ActIdentifyBringTitle)}</h2>
        <p>{i18n.t(T::ActIdentifyBring)}</p>
        {deadline_part}
    }
    .into_any()
}
