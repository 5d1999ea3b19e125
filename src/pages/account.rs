//! `/account`: the signed-in person's own account: who they are, the browsers where they are
//! signed in, each of which they can end (or all others at once), their passkeys, authenticator
//! app and recovery codes, and a new password.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, AccountSession, ApiError, Manager, Role};
use crate::components::page::Page;
use crate::components::passkeys::PasskeyList;
use crate::format::date_time;
use crate::i18n::{I18n, T, use_i18n};
use crate::pages::account_settings::{AppAndCodes, ChangePassword};
use crate::session::{RoleOnly, use_session};

/// "Firefox op Windows" from a `User-Agent`; the common browsers and systems only.
pub fn browser_name(user_agent: Option<&str>, i18n: I18n) -> String {
    const BROWSERS: [(&str, &str); 5] = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("OPR/", "Opera"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];
    const SYSTEMS: [(&str, &str); 7] = [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ];
    let Some(agent) = user_agent else {
        return i18n.t(T::AccountBrowserUnknown).to_string();
    };
    let find = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(needle, _)| agent.contains(needle))
            .map(|(_, name)| *name)
    };
    match (find(&BROWSERS), find(&SYSTEMS)) {
        (Some(browser), Some(os)) => i18n
            .t(T::AccountBrowserOn)
            .replace("{browser}", browser)
            .replace("{os}", os),
        (Some(name), None) | (None, Some(name)) => name.to_string(),
        (None, None) => i18n.t(T::AccountBrowserUnknown).to_string(),
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <RoleOnly allowed=|_: &Manager| true refused=T::AccountTitle>
            <AccountDetails/>
        </RoleOnly>
    }
}

#[component]
fn AccountDetails() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sessions = RwSignal::new(None::<Result<Vec<AccountSession>, String>>);
    let notice = RwSignal::new(None::<String>);
    let message = move |error: ApiError| error.text(i18n);
    let reload = move || {
        spawn_local(async move {
            let listed = api::account_sessions().await.map_err(message);
            sessions.try_set(Some(listed));
        });
    };
    reload();
    let end = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            match api::end_session(&id).await {
                Ok(()) => notice.set(Some(i18n.t(T::AccountSessionEnded).to_string())),
                Err(error) => notice.set(Some(message(error))),
            }
            reload();
        }
    });
    let end_others = Action::new_local(move |_: &()| async move {
        match api::end_other_sessions().await {
            Ok(n) => notice.set(Some(
                i18n.t(if n == 1 {
                    T::AccountSessionEndedOne
                } else {
                    T::AccountSessionsEnded
                })
                .replace("{n}", &n.to_string()),
            )),
            Err(error) => notice.set(Some(message(error))),
        }
        reload();
    });

    let who = move || {
        session.manager().map(|manager| {
            let roles = manager
                .roles
                .iter()
                .map(|role| {
                    i18n.t(match role {
                        Role::Manager => T::AccountRoleManager,
                        Role::Operator => T::AccountRoleOperator,
                        Role::Admin => T::AccountRoleAdmin,
                    })
                })
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <dl class="summary-list">
                    <div class="summary-list__row"><dt>{i18n.t(T::AccountName)}</dt><dd>{manager.name.clone()}</dd></div>
                    <div class="summary-list__row"><dt>{i18n.t(T::AccountEmail)}</dt><dd>{manager.email.clone()}</dd></div>
                    <div class="summary-list__row"><dt>{i18n.t(T::AccountRole)}</dt><dd>{roles}</dd></div>
                    <div class="summary-list__row"><dt>{i18n.t(T::AccountSecondFactor)}</dt><dd>{i18n.t(T::AccountSecondFactorApp)}</dd></div>
                </dl>
            }
        })
    };
    let rows = move |list: Vec<AccountSession>| {
        let lang = i18n.lang();
        list.into_iter()
            .map(|s| {
                let browser = browser_name(s.user_agent.as_deref(), i18n);
                let action = if s.current {
                    view! { <strong>{i18n.t(T::AccountSessionThis)}</strong> }.into_any()
                } else {
                    let label = i18n
                        .t(T::AccountSessionEndLabel)
                        .replace("{browser}", &browser);
                    let id = s.id.clone();
                    view! {
                        <button
                            type="button"
                            class="button button--secondary"
                            aria-label=label
                            disabled=move || end.pending().get()
                            on:click=move |_| { end.dispatch(id.clone()); }
                        >
                            {i18n.t(T::AccountSessionEnd)}
                        </button>
                    }
                    .into_any()
                };
                view! {
                    <tr>
                        <th scope="row">{browser}</th>
                        <td>{date_time(s.created_at, lang)}</td>
                        <td>{date_time(s.last_seen_at, lang)}</td>
                        <td>{action}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let table = move || match sessions.get() {
        None => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(text)) => view! { <p class="notice notice--error">{text}</p> }.into_any(),
        Some(Ok(list)) => {
            let others = list.iter().filter(|s| !s.current).count();
            view! {
                <div class="table-region" role="region" tabindex="0" aria-label=i18n.t(T::AccountSessionsCaption)>
                    <table class="data-table">
                        <caption>{i18n.t(T::AccountSessionsCaption)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t(T::AccountSessionBrowser)}</th>
                                <th scope="col">{i18n.t(T::AccountSessionStarted)}</th>
                                <th scope="col">{i18n.t(T::AccountSessionLastUsed)}</th>
                                <th scope="col">{i18n.t(T::AccountSessionAction)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows(list)}</tbody>
                    </table>
                </div>
                {(others > 0).then(|| view! {
                    <p>
                        <button
                            type="button"
                            class="button button--secondary"
                            disabled=move || end_others.pending().get()
                            on:click=move |_| { end_others.dispatch(()); }
                        >
                            {i18n.t(T::AccountSessionsEndOthers)}
                        </button>
                    </p>
                })}
            }
            .into_any()
        }
    };
    view! {
        <Page title=T::AccountTitle>
            {who}
            <h2>{move || i18n.t(T::AccountSessionsTitle)}</h2>
            <p>{move || i18n.t(T::AccountSessionsIntro)}</p>
            <div role="status">
                {move || notice.get().map(|text| view! { <p class="notice notice--success">{text}</p> })}
            </div>
            {table}
            <PasskeyList/>
            <AppAndCodes/>
            <ChangePassword/>
        </Page>
    }
}
