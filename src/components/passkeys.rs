//! Passkeys in the pages: adding one (at set-up, or on the account page, where a second factor
//! given long ago is asked for again first), and the account page's list of them.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::passkeys::{self, AccountPasskey, PasskeyError};
use crate::api::{self, ApiError, Manager};
use crate::components::step_up::{StepUp, StepUpField};
use crate::format::date_time;
use crate::i18n::{I18n, T, use_i18n};
use crate::passkey::{self, PasskeyFailure};

/// What the person reads when a passkey ceremony failed.
pub fn passkey_text(error: &PasskeyError, i18n: I18n) -> String {
    match error {
        PasskeyError::Server(error) => error.text(i18n),
        PasskeyError::Browser(failure) => i18n
            .t(match failure {
                PasskeyFailure::Unsupported => T::PasskeyUnsupported,
                PasskeyFailure::NotAllowed => T::PasskeyNotAllowed,
                PasskeyFailure::Exists => T::PasskeyOnDevice,
                PasskeyFailure::Other(_) => T::PasskeyBrowserFailed,
            })
            .to_string(),
    }
}

/// The name a new passkey gets: this browser and system ("Chrome op Linux").
fn this_browser(i18n: I18n) -> String {
    let agent = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"userAgent".into()))
        .ok()
        .and_then(|agent| agent.as_string());
    crate::pages::account::browser_name(agent.as_deref(), i18n)
}

/// A button that adds a passkey of this device; `on_added` gets the account and, at set-up,
/// the recovery codes. A refusal shows below it; a step-up is asked for in place. Nothing when
/// the browser has no passkeys.
#[component]
pub fn AddPasskey(
    #[prop(into)] on_added: Callback<(Manager, Vec<String>)>,
    /// The button's words.
    label: T,
) -> impl IntoView {
    let i18n = use_i18n();
    let step_up = StepUp::new();
    let error = RwSignal::new(None::<String>);
    // The server's last refusal, for the step-up's field.
    let refused = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let add = move |_| {
        if pending.get_untracked() {
            return;
        }
        let Ok(code) = step_up.take_code() else {
            return;
        };
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let given = match code {
                Some(code) => api::pass_second_factor(&code).await.map(|_| ()),
                None => Ok(()),
            };
            let result = match given {
                Ok(()) => passkeys::add(&this_browser(i18n)).await,
                Err(failure) => Err(PasskeyError::Server(failure)),
            };
            let _ = pending.try_set(false);
            match result {
                Ok(added) => on_added.run(added),
                Err(PasskeyError::Server(failure)) => {
                    let asked: Result<(), ApiError> = Err(failure.clone());
                    step_up.watch(&asked);
                    let at_step_up = step_up.problem(Some(&failure), i18n).is_some();
                    let _ = error.try_set((!at_step_up).then(|| failure.text(i18n)));
                    let _ = refused.try_set(Some(failure));
                }
                Err(failure) => {
                    let _ = error.try_set(Some(passkey_text(&failure, i18n)));
                }
            }
        });
    };
    let step_up_error = Signal::derive(move || step_up.problem(refused.get().as_ref(), i18n));
    passkey::supported().then(|| {
        view! {
            <div class="add-passkey">
                <StepUpField step_up=step_up error=step_up_error/>
                <button type="button" id="add-passkey" class="button button--secondary"
                    disabled=move || pending.get() on:click=add>
                    {move || i18n.t(label)}
                </button>
                <div role="alert">
                    {move || error.get().map(|text| view! { <p class="notice notice--error">{text}</p> })}
                </div>
            </div>
        }
    })
}

/// The account page's passkeys: each with when it was added and last used, and "remove".
#[component]
pub fn PasskeyList() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(passkeys::list);
    let notice = RwSignal::new(None::<Result<String, String>>);
    let remove = move |key: AccountPasskey| {
        spawn_local(async move {
            let result = passkeys::remove(key.id).await;
            notice.set(Some(match result {
                Ok(()) => Ok(i18n.t(T::PasskeyRemoved).replace("{name}", &key.name)),
                Err(error) => Err(error.text(i18n)),
            }));
            list.refetch();
        });
    };
    let rows = move |keys: Vec<AccountPasskey>| {
        let lang = i18n.lang();
        keys.into_iter()
            .map(|key| {
                let label = i18n.t(T::PasskeyRemoveLabel).replace("{name}", &key.name);
                let used = key.last_used_at.map_or_else(
                    || i18n.t(T::PasskeyNeverUsed).to_string(),
                    |at| date_time(at, lang),
                );
                let shown = key.name.clone();
                view! {
                    <tr>
                        <th scope="row">{shown}</th>
                        <td>{date_time(key.created_at, lang)}</td>
                        <td>{used}</td>
                        <td>
                            <button type="button" class="button button--secondary" aria-label=label
                                on:click=move |_| remove(key.clone())>
                                {i18n.t(T::PasskeyRemove)}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let table = move || {
        match list.get() {
        None => view! { <p role="status">{i18n.t(T::Loading)}</p> }.into_any(),
        Some(Err(error)) => view! { <p class="notice notice--error">{error.text(i18n)}</p> }.into_any(),
        Some(Ok(found)) if found.passkeys.is_empty() => {
            view! { <p>{i18n.t(T::PasskeyNone)}</p> }.into_any()
        }
        Some(Ok(found)) => view! {
            <table class="queue-table">
                <caption class="visually-hidden">{i18n.t(T::PasskeysTitle)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(T::PasskeyName)}</th>
                        <th scope="col">{i18n.t(T::PasskeyAdded)}</th>
                        <th scope="col">{i18n.t(T::PasskeyLastUsed)}</th>
                        <th scope="col"><span class="visually-hidden">{i18n.t(T::BhActions)}</span></th>
                    </tr>
                </thead>
                <tbody>{rows(found.passkeys)}</tbody>
            </table>
        }
        .into_any(),
    }
    };
    let on_added = move |_added: (Manager, Vec<String>)| {
        notice.set(Some(Ok(i18n.t(T::PasskeyAddedNotice).to_string())));
        list.refetch();
    };
    view! {
        <h2>{move || i18n.t(T::PasskeysTitle)}</h2>
        <p>{move || i18n.t(T::PasskeysIntro)}</p>
        <div role="status">
            {move || notice.get().map(|n| match n {
                Ok(text) => view! { <p class="notice notice--success">{text}</p> }.into_any(),
                Err(text) => view! { <p class="notice notice--error">{text}</p> }.into_any(),
            })}
        </div>
        {table}
        <AddPasskey on_added=on_added label=T::PasskeyAdd/>
    }
}
