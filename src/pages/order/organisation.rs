//! Step 1 (seed step 3): for which organisation, and at which assurance level.

use domain::Level;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{Step, frame::StepFrame, use_next_path};
use crate::api;
use crate::components::error_summary::Problem;
use crate::components::radios::{Choice, Radios};
use crate::i18n::{T, use_i18n};
use crate::order_draft::use_draft;
use crate::session::use_session;

#[component]
pub fn OrganisationStep() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let session = use_session();
    let navigate = use_navigate();
    let next_path = use_next_path(Step::Organisation);

    // "Gebruiker(s) toevoegen" in Beheer → Gebruikers names the organisation its filter chose.
    let asked = use_query_map()
        .read_untracked()
        .get("organisatie")
        .filter(|kvk| untrack(|| session.manager()).is_some_and(|m| m.organisations.contains(kvk)));
    let organisation = RwSignal::new(asked.or_else(|| draft.0.read_untracked().kvk_number.clone()));
    let level = RwSignal::new(
        draft
            .0
            .read_untracked()
            .level
            .map(|l| l.label().to_string()),
    );
    let organisation_error = RwSignal::new(false);
    let level_error = RwSignal::new(false);
    let attempt = RwSignal::new(0_usize);

    let managed = move || {
        session
            .manager()
            .map(|m| m.organisations)
            .unwrap_or_default()
    };
    // The register's names for the managed organisations, and whether they ended; the KvK
    // number alone until they come.
    let names = LocalResource::new(move || {
        let numbers = managed();
        async move {
            let mut names = Vec::new();
            for number in numbers {
                let found = api::organisation(&number).await.ok();
                names.push((number, found.map(|o| (o.name, o.ended_on))));
            }
            names
        }
    });
    let organisation_choices = Signal::derive(move || {
        let names = names.get().unwrap_or_default();
        managed()
            .into_iter()
            .map(|number| {
                let found = names
                    .iter()
                    .find(|(n, _)| *n == number)
                    .and_then(|(_, found)| found.clone());
                let kvk = format!("{} {number}", i18n.t(T::KvkNumberShort));
                match found {
                    Some((name, ended_on)) => {
                        let hint = match ended_on {
                            Some(on) => format!(
                                "{kvk} · {}",
                                i18n.t(T::OrganisationEndedMark)
                                    .replace("{date}", &on.to_dutch())
                            ),
                            None => kvk,
                        };
                        Choice::new(number, name).hint(hint)
                    }
                    None => Choice::new(number, kvk),
                }
            })
            .collect::<Vec<_>>()
    });
    let own_level = move || session.manager().map(|m| m.level);
    let level_choices = Signal::derive(move || {
        let own = own_level();
        Level::ALL
            .into_iter()
            .map(|l| {
                let above_own = own.is_some_and(|own| l > own);
                let reason = above_own.then(|| {
                    i18n.t(T::LevelAboveOwn)
                        .replace("{level}", own.map(|o| o.label()).unwrap_or_default())
                });
                Choice::new(l.label(), l.label())
                    .hint(l.explanation(i18n.lang()))
                    .unavailable(reason)
            })
            .collect::<Vec<_>>()
    });

    let problems = Signal::derive(move || {
        let mut problems = Vec::new();
        if organisation_error.get() {
            problems.push(Problem::new("organisation", i18n.t(T::ChooseOrganisation)));
        }
        if level_error.get() {
            problems.push(Problem::new("level", i18n.t(T::ChooseLevel)));
        }
        problems
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen_org = organisation
            .get_untracked()
            .filter(|o| managed().contains(o));
        let chosen_level = level
            .get_untracked()
            .and_then(|l| Level::parse(&l))
            .filter(|l| own_level().is_none_or(|own| *l <= own));
        organisation_error.set(chosen_org.is_none());
        level_error.set(chosen_level.is_none());
        attempt.update(|n| *n += 1);
        if let (Some(org), Some(lvl)) = (chosen_org, chosen_level) {
            let organisation_changed =
                draft.0.read_untracked().kvk_number.as_deref() != Some(org.as_str());
            draft.0.update(|d| {
                if organisation_changed {
                    // Another organisation: its branch no longer applies.
                    d.restrict_to_branch = None;
                    d.branch_number = None;
                }
                d.kvk_number = Some(org);
                d.level = Some(lvl);
            });
            // A new organisation always passes its branch question, even coming from the overview.
            navigate(
                if organisation_changed {
                    Step::Branch.path()
                } else {
                    next_path()
                },
                Default::default(),
            );
        }
    };

    view! {
        <StepFrame step=Step::Organisation problems=problems attempt=attempt>
            <form novalidate on:submit=on_submit class="form">
                <Radios
                    name="organisation"
                    legend=Signal::derive(move || i18n.t(T::OrganisationQuestion).to_string())
                    choices=organisation_choices
                    selected=organisation
                    error=Signal::derive(move || organisation_error.get().then(|| i18n.t(T::ChooseOrganisation).to_string()))
                />
                <Radios
                    name="level"
                    legend=Signal::derive(move || i18n.t(T::LevelQuestion).to_string())
                    hint=Signal::derive(move || i18n.t(T::LevelHint).to_string())
                    choices=level_choices
                    selected=level
                    error=Signal::derive(move || level_error.get().then(|| i18n.t(T::ChooseLevel).to_string()))
                />
                <button type="submit" class="button button--primary">{i18n.tr(T::Next)}</button>
            </form>
        </StepFrame>
    }
}
