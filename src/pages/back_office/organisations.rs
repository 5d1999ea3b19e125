//! `/backoffice/organisaties`: the organisations the provider has registered, and registering
//! one: the admin types its KvK number, sees the organisation as the register holds it (name,
//! legal form, address) and confirms. A registered organisation can be given managers.

use domain::organisation::Organisation;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{Notice, failure};
use crate::api::back_office::{self as api, RegisteredOrganisation};
use crate::api::{self as client, ApiError};
use crate::components::error_summary::{ErrorSummary, Problem, problem_at};
use crate::components::page::Page;
use crate::components::shared::shared;
use crate::components::summary::summary_row;
use crate::components::text_field::TextField;
use crate::i18n::{I18n, T, use_i18n};

/// The KvK number's field.
const KVK_FIELD: &str = "kvk_number";

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(api::organisations);
    let notice = RwSignal::new(None::<Notice>);
    view! {
        <Page title=T::BoOrganisationsTitle>
            <p>{i18n.tr(T::BoOrganisationsIntro)}</p>
            {move || notice.get().map(|n| n.view())}
            <Register on_lookup=move || notice.set(None) on_registered=move |registered: RegisteredOrganisation| {
                let name = registered.name.clone().unwrap_or_default();
                notice.set(Some(Notice::with_link(
                    i18n.t(T::BoRegistered).replace("{name}", &name),
                    format!("/backoffice/beheerders/nieuw?kvk={}", registered.kvk_number),
                    i18n.t(T::BoAppointFor).replace("{name}", &name),
                )));
                list.refetch();
            }/>
            <h2>{i18n.tr(T::BoRegisteredTitle)}</h2>
            {shared(move || match list.get() {
                None => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
                Some(Err(error)) => failure(&error, i18n),
                Some(Ok(organisations)) if organisations.is_empty() => {
                    view! { <p>{i18n.t(T::BoNoOrganisations)}</p> }.into_any()
                }
                Some(Ok(organisations)) => table(organisations, i18n),
            })}
        </Page>
    }
}

/// Looking an organisation up and registering it.
#[component]
fn Register(
    /// A new lookup begins: what was said about the previous one goes.
    #[prop(into)]
    on_lookup: Callback<()>,
    #[prop(into)] on_registered: Callback<RegisteredOrganisation>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kvk = RwSignal::new(String::new());
    let attempt = RwSignal::new(0_usize);
    let missing = RwSignal::new(false);
    let lookup = Action::new_local(|kvk: &String| {
        let kvk = kvk.clone();
        async move { client::organisation(&kvk).await }
    });
    let register = Action::new_local(move |kvk: &String| {
        let kvk = kvk.clone();
        async move {
            let result = api::register_organisation(&kvk).await;
            if let Ok(registered) = &result {
                on_registered.run(registered.clone());
            }
            result
        }
    });
    let found = move || lookup.value().get().and_then(Result::ok);
    let problems = Signal::derive(move || {
        let mut problems = Vec::new();
        if missing.get() {
            problems.push(Problem::new(KVK_FIELD, i18n.t(T::BoKvkMissing)));
        }
        let refused = |outcome: Option<Result<_, ApiError>>| match outcome {
            Some(Err(error)) => Some(error.text(i18n)),
            _ => None,
        };
        if let Some(message) = refused(lookup.value().get().map(|r| r.map(|_| ()))) {
            problems.push(Problem::new(KVK_FIELD, message));
        }
        if let Some(message) = refused(register.value().get().map(|r| r.map(|_| ()))) {
            problems.push(Problem::new(KVK_FIELD, message));
        }
        problems
    });
    let on_lookup = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed: String = kvk
            .get_untracked()
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .collect();
        missing.set(typed.is_empty());
        on_lookup.run(());
        register.value().set(None);
        lookup.value().set(None);
        attempt.update(|n| *n += 1);
        if !typed.is_empty() {
            lookup.dispatch(typed);
        }
    };
    let confirm = move |_| {
        if let Some(organisation) = found() {
            register.dispatch(organisation.kvk_number.clone());
            lookup.value().set(None);
            kvk.set(String::new());
        }
    };
    view! {
        <h2>{i18n.tr(T::BoRegisterTitle)}</h2>
        <ErrorSummary problems=problems attempt=attempt/>
        <form novalidate on:submit=on_lookup class="form">
            <TextField
                id=KVK_FIELD
                label=Signal::derive(move || i18n.t(T::KvkNumberShort).to_string())
                hint=Signal::derive(move || i18n.t(T::BoKvkHint).to_string())
                value=kvk
                error=problem_at(problems, KVK_FIELD)
                inputmode="numeric"
                autocomplete="off"
                spellcheck="false"
            />
            <button type="submit" class="button button--secondary" disabled=shared(move || lookup.pending().get())>
                {i18n.tr(T::BoLookUp)}
            </button>
        </form>
        {move || found().map(|organisation| view! {
            <section class="confirm-panel" aria-labelledby="found-heading">
                <h3 id="found-heading" tabindex="-1">{i18n.tr(T::BoFoundTitle)}</h3>
                {found_rows(&organisation, i18n)}
                <button type="button" class="button button--primary" on:click=confirm
                    disabled=shared(move || register.pending().get())>
                    {i18n.tr(T::BoRegister)}
                </button>
            </section>
        })}
    }
}

/// The organisation as the register holds it.
fn found_rows(organisation: &Organisation, i18n: I18n) -> impl IntoView + use<> {
    let address = organisation
        .visiting_address
        .as_ref()
        .or(organisation.postal_address.as_ref())
        .map_or_else(
            || i18n.t(T::BoAddressShielded).to_string(),
            |a| a.one_line(),
        );
    let row = move |label: T, value: String| summary_row(i18n.t(label), value);
    view! {
        <dl class="summary-list">
            {row(T::BoColName, organisation.name.clone())}
            {row(T::KvkNumberShort, organisation.kvk_number.clone())}
            {row(T::BoLegalForm, organisation.legal_form.clone().unwrap_or_default())}
            {row(T::BoAddress, address)}
        </dl>
    }
}

fn table(organisations: Vec<RegisteredOrganisation>, i18n: I18n) -> AnyView {
    let (name, kvk, place, managers) = (
        i18n.t(T::BoColName),
        i18n.t(T::KvkNumberShort),
        i18n.t(T::BoColPlace),
        i18n.t(T::BoColManagers),
    );
    let caption = i18n
        .t(T::BoOrganisationsCaption)
        .replace("{n}", &organisations.len().to_string());
    let rows = organisations
        .into_iter()
        .map(|o| {
            let shown = o
                .name
                .clone()
                .unwrap_or_else(|| i18n.t(T::BoNameUnknown).to_string());
            let appoint = i18n.t(T::BoAppointFor).replace("{name}", &shown);
            view! {
                <tr>
                    <th scope="row" data-label=name>{shown}</th>
                    <td data-label=kvk>{o.kvk_number.clone()}</td>
                    <td data-label=place>{o.place.clone().unwrap_or_default()}</td>
                    <td data-label=managers>{o.managers}</td>
                    <td>
                        <A href=format!("/backoffice/beheerders/nieuw?kvk={}", o.kvk_number)>{appoint}</A>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="queue-table">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{name}</th>
                    <th scope="col">{kvk}</th>
                    <th scope="col">{place}</th>
                    <th scope="col">{managers}</th>
                    <th scope="col"><span class="visually-hidden">{i18n.t(T::BhActions)}</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
