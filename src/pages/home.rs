//! `/`: what the portal is for and how ordering works.

use domain::Level;
use leptos::prelude::*;

use crate::area::AppLink;
use crate::components::page::Page;
use crate::i18n::{T, use_i18n};
use crate::session::use_session;

/// The home page.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let t = move |key| move || i18n.t(key);
    view! {
        <Page title=T::HomeTitle>
            <p class="lead">{t(T::HomeIntro)}</p>
            {move || match session.manager() {
                Some(m) if m.is_admin() => view! {
                    <p><AppLink href="/backoffice/beheerders" class="button button--primary">{i18n.tr(T::NavBackOffice)}</AppLink></p>
                }.into_any(),
                Some(m) if m.is_operator() => view! {
                    <p><AppLink href="/identificaties" class="button button--primary">{i18n.tr(T::NavIdentifications)}</AppLink></p>
                }.into_any(),
                Some(_) => view! {
                    <p><AppLink href="/bestellen" class="button button--primary">{i18n.tr(T::StartOrder)}</AppLink></p>
                }.into_any(),
                None => view! {
                    <p><AppLink href="/inloggen" class="button button--primary">{i18n.tr(T::NavLogIn)}</AppLink></p>
                }.into_any(),
            }}
            <section aria-labelledby="how">
                <h2 id="how">{t(T::HomeHowTitle)}</h2>
                <ol class="steps">
                    <li>{t(T::HomeStep1)}</li>
                    <li>{t(T::HomeStep2)}</li>
                    <li>{t(T::HomeStep3)}</li>
                    <li>{t(T::HomeStep4)}</li>
                    <li>{t(T::HomeStep5)}</li>
                </ol>
            </section>
            <section aria-labelledby="levels">
                <h2 id="levels">{t(T::HomeLevelsTitle)}</h2>
                <dl class="levels">
                    {Level::ALL
                        .map(|level| {
                            view! {
                                <dt>{level.label()}</dt>
                                <dd>{move || level.explanation(i18n.lang())}</dd>
                            }
                        })
                        .collect_view()}
                </dl>
            </section>
            <section aria-labelledby="who">
                <h2 id="who">{t(T::HomeWhoTitle)}</h2>
                <p>{t(T::HomeWho)}</p>
            </section>
        </Page>
    }
}
