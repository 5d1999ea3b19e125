//! Step 4 (seed steps 6–12): "Geef de gebruikers op". Two ways that can be mixed — the form
//! "Gebruiker toevoegen" and a file — both end in one list: the grid of the users in this order,
//! where every value can still be corrected and every user removed. Every user is checked by the
//! import engine's rules, the duplicates across the list included. "Volgende" needs at least one
//! user and no errors; warnings never block. Everything lives in the draft (sessionStorage).
//!
//! For a hundred people (issue 10): the file comes first; a file dropped on a list that holds
//! users asks to replace or merge (`choice`); list-wide changes can be undone (`history`);
//! with errors the step leads with them (`errors`) and offers the fixes that are certain for
//! many rows at once (`fixes`); the list goes to Excel and back with its errors (`download`). A
//! file whose columns the engine cannot all map asks to match them (`mapping`).

mod choice;
mod download;
mod errors;
mod fixes;
mod form;
mod history;
mod known;
mod mapping;
mod upload;

use std::collections::{HashMap, HashSet};

use domain::{Field, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{Step, frame::StepFrame, use_next_path};
use crate::components::error_summary::Problem;
use crate::components::users_grid::{QuietCells, UsersGrid, cell_id, checks, remove_button_id};
use crate::i18n::{T, U, use_i18n};
use crate::import_client;
use crate::order_draft::{raw_users, use_draft};
use errors::{ErrorsBar, error_targets};
use form::{AddUserForm, FIRST_FIELD_ID, UserForm};
use history::{Change, UNDO_BUTTON_ID, UndoNotice, UsersHistory};
use upload::UploadSection;

const LIST_HEADING_ID: &str = "users-list-heading";
/// The most problems the error summary links to; the rest are reached from the list itself.
const SUMMARY_CAP: usize = 10;

#[component]
pub fn UsersStep() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let navigate = use_navigate();
    let next_path = use_next_path(Step::Users);
    // The import engine's worker starts now, so a file reads at once.
    import_client::warm_up();
    let today = import_client::today();

    let users = Memo::new(move |_| draft.0.read().users.clone());
    let findings = Memo::new(move |_| {
        users.with(|list| {
            let raw = raw_users(list);
            list.iter()
                .map(|u| u.id)
                .zip(checks::check_list(&raw, today))
                .collect::<HashMap<_, _>>()
        })
    });
    let quiet: QuietCells = RwSignal::new(HashSet::new());
    let form = UserForm::new(&draft.0.read_untracked().user_form, users, today);
    let history = UsersHistory::provide();
    let only_errors = RwSignal::new(false);
    let mapping_choice: mapping::Choice = RwSignal::new(None);

    // The error summary shows the problems as they were at the last attempt ("Volgende", a
    // refused "Opslaan", a file with errors), so that it never changes — and takes focus —
    // while a cell is typed in. It goes once none of its problems remains.
    let snapshot = RwSignal::new(Snapshot::default());
    let attempt = RwSignal::new(0_usize);
    let grid_problems = move |lang: Lang| {
        let mut problems = Vec::new();
        users.with(|list| {
            findings.with(|found| {
                for (index, user) in list.iter().enumerate() {
                    let position = index as u32 + 1;
                    for error in found
                        .get(&user.id)
                        .map(|f| f.errors.as_slice())
                        .unwrap_or_default()
                    {
                        let target = match error.field() {
                            Some(field) => cell_id(user.id, field),
                            None => remove_button_id(user.id),
                        };
                        problems.push(Problem::new(target, error.message(lang, position)));
                    }
                }
            })
        });
        problems
    };
    let current_targets = move || {
        let mut targets: HashSet<String> = grid_problems(Lang::Nl)
            .into_iter()
            .map(|p| p.field_id)
            .collect();
        targets.extend(form.problems(i18n.lang()).into_iter().map(|p| p.field_id));
        if users.read().is_empty() || !form.is_blank() {
            targets.insert(FIRST_FIELD_ID.to_string());
        }
        // The mapping panel's selects, while it is open.
        if let Some(chosen) = mapping_choice.get() {
            targets.extend(
                mapping::problems(&chosen, Lang::Nl)
                    .into_iter()
                    .map(|p| p.field_id),
            );
        }
        targets
    };
    let shown = Memo::new(move |previous: Option<&(usize, Vec<Problem>)>| {
        let n = attempt.get();
        let snap = snapshot.with(|s| s.in_lang(i18n.lang()).to_vec());
        let dismissed = previous.is_some_and(|(m, p)| *m == n && p.is_empty());
        if dismissed || snap.is_empty() {
            return (n, Vec::new());
        }
        let current = current_targets();
        if snap.iter().any(|p| current.contains(&p.field_id)) {
            (n, snap)
        } else {
            (n, Vec::new())
        }
    });
    // At most SUMMARY_CAP links, so that the heading stays in sight; a line says how many more.
    let problems = Memo::new(move |_| {
        shown
            .read()
            .1
            .iter()
            .take(SUMMARY_CAP)
            .cloned()
            .collect::<Vec<_>>()
    });
    let more_problems = Signal::derive(move || {
        let more = shown.read().1.len().saturating_sub(SUMMARY_CAP);
        (more > 0).then(|| i18n.t(U::UsMoreProblems).replace("{n}", &more.to_string()))
    });
    let show_problems = move |found: Snapshot| {
        snapshot.set(found);
        attempt.update(|n| *n += 1);
    };

    let on_edit = Callback::new(move |(id, field, value): (u32, Field, String)| {
        draft.0.update(|d| {
            if let Some(user) = d.users.iter_mut().find(|u| u.id == id) {
                *user.user.get_mut(field) = value;
            }
        });
    });
    let on_remove = Callback::new(move |id: u32| {
        let Some((position, name)) = draft.0.with_untracked(|d| {
            let index = d.users.iter().position(|u| u.id == id)?;
            Some((index + 1, checks::display_name(&d.users[index].user)))
        }) else {
            return;
        };
        history.apply(Change::Removed { position, name }, |users| {
            users.retain(|u| u.id != id);
        });
        quiet.update(|q| q.retain(|(user, _)| *user != id));
    });
    let on_clear_list = move |_| {
        let count = users.read_untracked().len();
        history.apply(Change::Cleared { count }, Vec::clear);
        quiet.set(HashSet::new());
        only_errors.set(false);
        request_animation_frame(|| crate::components::error_summary::focus_field(UNDO_BUTTON_ID));
    };
    let targets = Memo::new(move |_| users.with(|list| findings.with(|f| error_targets(list, f))));
    let error_rows =
        Memo::new(move |_| findings.with(|f| f.values().filter(|f| f.has_errors()).count()));
    // Only while there are rows with errors: the filter never empties the grid.
    let filter = Signal::derive(move || only_errors.get() && error_rows.get() > 0);
    let on_form_problems =
        Callback::new(move |()| show_problems(Snapshot::of(|lang| form.all_problems(lang))));
    let on_file_errors = Callback::new(move |()| show_problems(Snapshot::of(grid_problems)));
    let on_mapping_problems = Callback::new(show_problems);

    let on_next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let found = Snapshot::of(|lang| {
            let mut found = Vec::new();
            if users.read_untracked().is_empty() {
                found.push(Problem::new(FIRST_FIELD_ID, T::UsersNoUsers.text(lang)));
            }
            found.extend(grid_problems(lang));
            if !form.is_blank() {
                found.push(Problem::new(FIRST_FIELD_ID, T::UsersUnsavedForm.text(lang)));
            }
            found
        });
        // Every error in the grid shows now, also in cells still being typed in.
        quiet.set(HashSet::new());
        let ok = found.nl.is_empty();
        show_problems(found);
        if ok {
            navigate(next_path(), Default::default());
        }
    };

    let heading = move || {
        i18n.t(T::UsersListHeading)
            .replace("{n}", &users.read().len().to_string())
    };
    view! {
        <StepFrame step=Step::Users problems=problems attempt=attempt more=more_problems>
            <p>{i18n.tr(T::UsersIntro)}</p>
            <UploadSection
                today=today
                on_errors=on_file_errors
                on_problems=on_mapping_problems
                choice=mapping_choice
            />
            <section class="users-section" aria-labelledby=LIST_HEADING_ID>
                <div class="users-list-head">
                    <h2 id=LIST_HEADING_ID tabindex="-1">{heading}</h2>
                    <Show when=move || !users.read().is_empty()>
                        <button type="button" class="button button--link users-clear-list" on:click=on_clear_list>
                            {i18n.tr(U::UsClearList)}
                        </button>
                    </Show>
                </div>
                <UndoNotice/>
                <Show
                    when=move || !users.read().is_empty()
                    fallback=move || view! { <p>{i18n.tr(T::UsersListEmpty)}</p> }
                >
                    <ErrorsBar
                        targets=targets
                        error_rows=error_rows
                        rows=Signal::derive(move || users.read().len())
                        only_errors=only_errors
                    />
                    <download::ListDownload users=users error_rows=error_rows/>
                    <fixes::QuickFixes users=users today=today/>
                    <UsersGrid
                        users=users
                        findings=findings
                        quiet=quiet
                        on_edit=on_edit
                        on_remove=on_remove
                        focus_after_last=LIST_HEADING_ID
                        only_errors=filter
                    />
                </Show>
                <known::KnownUsers/>
            </section>
            <AddUserForm form=form today=today on_problems=on_form_problems/>
            <form novalidate class="form" on:submit=on_next>
                <button type="submit" class="button button--primary">{i18n.tr(T::Next)}</button>
            </form>
        </StepFrame>
    }
}

/// The error summary's problems as they were at an attempt, in both languages, so that the
/// summary follows a language switch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    nl: Vec<Problem>,
    en: Vec<Problem>,
}

impl Snapshot {
    fn of(problems: impl Fn(Lang) -> Vec<Problem>) -> Snapshot {
        Snapshot {
            nl: problems(Lang::Nl),
            en: problems(Lang::En),
        }
    }

    fn in_lang(&self, lang: Lang) -> &[Problem] {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}
