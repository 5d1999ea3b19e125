//! `/backoffice/beheerders`: the machtigingenbeheerders, searchable by name, e-mail address or
//! KvK number, each with where their account stands; the way to appoint one.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{failure, state_text};
use crate::api::back_office::{self as api, Managers};
use crate::components::page::Page;
use crate::components::shared::shared;
use crate::components::text_field::TextField;
use crate::i18n::{I18n, T, use_i18n};

#[component]
pub fn ManagersPage() -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let list = LocalResource::new(move || api::managers(search.get()));
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search.set(typed.get_untracked());
    };
    view! {
        <Page title=T::BoManagersTitle>
            <p>{i18n.tr(T::BoManagersIntro)}</p>
            <p>
                <A href="/backoffice/beheerders/nieuw" attr:class="button button--primary">
                    {i18n.tr(T::BoAppointTitle)}
                </A>
            </p>
            <form role="search" class="form form--inline" on:submit=on_search>
                <TextField
                    id="q"
                    label=Signal::derive(move || i18n.t(T::BoSearchLabel).to_string())
                    hint=Signal::derive(move || i18n.t(T::BoSearchHint).to_string())
                    value=typed
                    input_type="search"
                    autocomplete="off"
                    spellcheck="false"
                />
                <button type="submit" class="button button--secondary">{i18n.tr(T::BoSearch)}</button>
            </form>
            {shared(move || match list.get() {
                None => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
                Some(Err(error)) => failure(&error, i18n),
                Some(Ok(found)) if found.managers.is_empty() => {
                    view! { <p role="status">{i18n.t(T::BoNoManagers)}</p> }.into_any()
                }
                Some(Ok(found)) => table(found, i18n),
            })}
        </Page>
    }
}

fn table(found: Managers, i18n: I18n) -> AnyView {
    let (name, email, level, organisations, state) = (
        i18n.t(T::BoColName),
        i18n.t(T::UsersColEmail),
        i18n.t(T::LevelLabel),
        i18n.t(T::BoColOrganisations),
        i18n.t(T::BoColState),
    );
    let caption = i18n
        .t(T::BoManagersCaption)
        .replace("{n}", &found.managers.len().to_string());
    let rows = found
        .managers
        .into_iter()
        .map(|m| {
            view! {
                <tr>
                    <th scope="row" data-label=name>
                        <A href=format!("/backoffice/beheerders/{}", m.id)>{m.name.clone()}</A>
                    </th>
                    <td data-label=email>{m.email.clone()}</td>
                    <td data-label=level>{m.level.label()}</td>
                    <td data-label=organisations>{m.organisations.join(", ")}</td>
                    <td data-label=state>{state_text(m.state, i18n)}</td>
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
                    <th scope="col">{email}</th>
                    <th scope="col">{level}</th>
                    <th scope="col">{organisations}</th>
                    <th scope="col">{state}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {found.truncated.then(|| view! { <p>{i18n.t(T::BoTruncated)}</p> })}
    }
    .into_any()
}
