//! The header's account corner: "Inloggen" when nobody is logged in, otherwise the manager's
//! name and "Uitloggen" (and the link to Beheer for a manager, to the identifications for an
//! operator, to the back office's onboarding for an admin).

use leptos::prelude::*;

use crate::api;
use crate::area::AppLink;
use crate::i18n::{T, use_i18n};
use crate::session::use_session;

#[component]
pub fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let log_out = Action::new_local(move |_: &()| async move {
        // Logged out locally even when the server cannot be reached: the session expires there.
        let _ = api::log_out().await;
        // A draft order holds personal data: it goes with the session.
        crate::order_draft::forget();
        // A full load leaves nothing of the session in memory either.
        let _ = window().location().assign("/inloggen?uitgelogd=1");
    });
    view! {
        <div class="account-menu">
            {move || match session.manager() {
                Some(manager) => {
                        let operator = manager.is_operator().then(|| view! {
                            <AppLink href="/identificaties" class="header-link">
                                {i18n.tr(T::NavIdentifications)}
                            </AppLink>
                        });
                        let back_office = manager.is_admin().then(|| view! {
                            <AppLink href="/backoffice/beheerders" class="header-link">
                                {i18n.tr(T::NavBackOffice)}
                            </AppLink>
                        });
                        let beheer = manager.is_manager().then(|| view! {
                            <AppLink href="/beheer" class="header-link">
                                {i18n.tr(T::NavBeheer)}
                            </AppLink>
                        });
                    view! {
                        {operator}
                        {back_office}
                        {beheer}
                        <AppLink href="/account" class="header-link account-menu__who">
                            <span class="visually-hidden">{i18n.tr(T::LoggedInAs)} " "</span>
                            {manager.name}
                        </AppLink>
                        <button
                            type="button"
                            class="header-button"
                            on:click=move |_| {
                                log_out.dispatch(());
                            }
                        >
                            {i18n.t(T::NavLogOut)}
                        </button>
                    }
                        .into_any()
                }
                None => {
                    view! { <AppLink href="/inloggen" class="header-link">{i18n.tr(T::NavLogIn)}</AppLink> }
                        .into_any()
                }
            }}
        </div>
    }
}
