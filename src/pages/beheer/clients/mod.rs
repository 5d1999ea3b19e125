//! Koppelingen (issue 12): the API clients of the manager's organisations, through which an HR
//! system or identity provider (Microsoft Entra ID, say) orders and revokes means itself with
//! SCIM 2.0. `/beheer/koppelingen` lists them; `nieuw` adds one ([`new`]); each has its own page
//! ([`detail`]), which shows a new secret once, right after it was made, and nowhere else, and
//! the client's webhook ([`webhook`]).
//!
//! This module holds the list and the words the pages share.

pub mod detail;
pub mod new;
pub mod webhook;

use std::cell::RefCell;

use domain::catalogue::Authorisations;
use domain::pricing::Term;
use leptos::prelude::*;

use crate::api::clients::{self as calls, ApiClient, ClientPermission, ClientStatus};
use crate::components::page::Page;
use crate::components::shared::shared;
use crate::format::date_time;
use crate::i18n::{I18n, T, Y, use_i18n};

// ----- Words -----

/// A client's status in words.
pub fn status_text(status: ClientStatus) -> Y {
    match status {
        ClientStatus::Active => Y::KpStatusActive,
        ClientStatus::Expired => Y::KpStatusExpired,
        ClientStatus::Revoked => Y::KpStatusRevoked,
    }
}

/// What a permission allows, in words, and its explanation.
pub fn permission_text(permission: ClientPermission) -> (Y, Y) {
    match permission {
        ClientPermission::ReadUsers => (Y::KpPermReadUsers, Y::KpPermReadUsersHint),
        ClientPermission::Order => (Y::KpPermOrder, Y::KpPermOrderHint),
        ClientPermission::Revoke => (Y::KpPermRevoke, Y::KpPermRevokeHint),
    }
}

/// A term in words: "1 jaar", "3 jaar".
pub fn term_text(term: Term, i18n: I18n) -> String {
    match term.years() {
        1 => i18n.t(T::ActTermOneYear).to_string(),
        n => i18n.t(T::ActTermYears).replace("{n}", &n.to_string()),
    }
}

/// The machtigingen of a profile in words.
pub fn authorisations_text(authorisations: &Authorisations, i18n: I18n) -> String {
    match authorisations {
        Authorisations::None => i18n.t(Y::KpAuthNone).to_string(),
        Authorisations::AllServices => i18n.t(Y::KpAuthAll).to_string(),
        selected => i18n
            .t(Y::KpAuthSelected)
            .replace("{n}", &selected.count_per_user().to_string()),
    }
}

/// The organisation a client acts for: "Name (KvK-nummer …)", or the number alone.
pub fn organisation_text(client: &ApiClient, i18n: I18n) -> String {
    let kvk = i18n.t(T::KvkNumberShort);
    match &client.organisation_name {
        Some(name) => format!("{name} ({kvk} {})", client.kvk_number),
        None => format!("{kvk} {}", client.kvk_number),
    }
}

/// When a client was last used: the moment, or "Nog niet gebruikt".
pub fn last_used_text(client: &ApiClient, i18n: I18n) -> String {
    match client.last_used_at {
        Some(at) => date_time(at, i18n.lang()),
        None => i18n.t(Y::KpNeverUsed).to_string(),
    }
}

/// The address of the SCIM 2.0 service: this site's origin and `/scim/v2`.
pub fn scim_url() -> String {
    let origin = window().location().origin().unwrap_or_default();
    format!("{origin}/scim/v2")
}

/// The page of one client.
pub fn client_href(id: &str) -> String {
    format!("/beheer/koppelingen/{id}")
}

// ----- The secret, from the page that made it to the client's page -----

thread_local! {
    /// A secret just made, for the client's page to show once: `(client_id, secret)`. Only in
    /// memory, never in the URL or the browser's storage, so a reload forgets it.
    static FRESH_SECRET: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Leaves the new `secret` of `client_id` for its page, which shows it once.
pub fn hand_over(client_id: String, secret: String) {
    FRESH_SECRET.with(|s| *s.borrow_mut() = Some((client_id, secret)));
}

/// The secret left for `client_id`, once; any other client's is dropped.
pub fn take_secret(client_id: &str) -> Option<String> {
    FRESH_SECRET
        .with(|s| s.borrow_mut().take())
        .and_then(|(id, secret)| (id == client_id).then_some(secret))
}

// ----- The list -----

fn row(client: ApiClient, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let profile = i18n
        .t(Y::KpProfileShort)
        .replace("{level}", client.profile.level.label())
        .replace("{term}", &term_text(client.profile.term, i18n));
    let organisation = organisation_text(&client, i18n);
    let last_used = last_used_text(&client, i18n);
    let users = crate::format::number(client.users, lang);
    view! {
        <tr id=format!("client-{}", client.id)>
            <th scope="row">
                <a href=client_href(&client.id)>{client.name.clone()}</a>
                <br/>
                <span class="subtle means-id">{client.id.clone()}</span>
            </th>
            <td>{organisation}</td>
            <td class="data-table__nowrap client-status">{i18n.t(status_text(client.status))}</td>
            <td class="data-table__nowrap">{profile}</td>
            <td class="data-table__nowrap">{last_used}</td>
            <td class="number">{users}</td>
        </tr>
    }
    .into_any()
}

fn table(clients: Vec<ApiClient>, i18n: I18n) -> AnyView {
    let rows = clients.into_iter().map(|c| row(c, i18n)).collect_view();
    view! {
        <div class="table-region" role="region" tabindex="0" aria-labelledby="clients-caption">
            <table class="data-table" id="clients">
                <caption id="clients-caption">{i18n.t(Y::KpCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Y::KpColName)}</th>
                        <th scope="col">{i18n.t(T::OrganisationLabel)}</th>
                        <th scope="col">{i18n.t(T::BhColStatus)}</th>
                        <th scope="col">{i18n.t(Y::KpColProfile)}</th>
                        <th scope="col">{i18n.t(Y::KpColLastUsed)}</th>
                        <th scope="col" class="number">{i18n.t(Y::KpColUsers)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/beheer/koppelingen`: every client, newest first, and "Koppeling toevoegen".
#[component]
pub fn ClientList() -> impl IntoView {
    let i18n = use_i18n();
    let clients = LocalResource::new(calls::clients);
    let body = shared(move || match clients.get() {
        None => view! { <p>{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(error)) => super::failure(&error, i18n),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p id="clients-empty">{i18n.t(Y::KpEmpty)}</p> }.into_any()
        }
        Some(Ok(list)) => table(list, i18n),
    });
    view! {
        <Page title=Y::KpTitle>
            <p>{i18n.tr(Y::KpIntro)}</p>
            <p>
                <a href="/beheer/koppelingen/nieuw" class="button button--primary" id="add-client">
                    {i18n.tr(Y::KpAdd)}
                </a>
            </p>
            {body}
        </Page>
    }
}
