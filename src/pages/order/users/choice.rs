//! A file read while the list already holds users: the panel that asks what the file does —
//! "Vervang de lijst", "Voeg toe" (merged: a row that is a user already in the list updates that
//! user in place, see [`domain::users_merge`]) or "Annuleren". Both changes can be undone
//! ([`super::history`]); neither may make the list longer than an order allows. A replacing
//! file's row for a person already in the list takes that user's place in the grid (its id), so
//! the grid keeps the row and redraws only what changed: a corrected file of 100 shows at once.

use domain::users_merge::{TooManyUsers, check_total, match_rows, plan_merge};
use domain::{Date, Lang};
use leptos::prelude::*;

use super::LIST_HEADING_ID;
use super::history::{Change, UsersHistory};
use super::upload::{FileState, INPUT_ID};
use crate::components::error_summary::focus_field;
use crate::components::users_grid::checks;
use crate::i18n::{T, U, use_i18n};
use crate::order_draft::{DraftUser, next_user_id, raw_users, use_draft};

/// The panel (a fieldset that takes focus when it appears).
pub const CHOICE_ID: &str = "users-file-choice";
const INTRO_ID: &str = "users-file-choice-intro";
const REPLACE_HINT_ID: &str = "users-file-choice-replace";
const MERGE_PREVIEW_ID: &str = "users-file-choice-merge";
const REFUSED_ID: &str = "users-file-choice-refused";

/// What a file did to a list that held users.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Replaced {
        count: usize,
    },
    Merged {
        added: usize,
        updated: usize,
        unchanged: usize,
    },
}

impl Outcome {
    /// The result as the upload's status says it.
    pub fn message(&self, file: &str, errors_in_list: usize, lang: Lang) -> String {
        let mut text = match self {
            Outcome::Replaced { count } => U::UsReplaced
                .text(lang)
                .replace("{n}", &count.to_string())
                .replace("{file}", file),
            Outcome::Merged {
                added,
                updated,
                unchanged,
            } => U::UsMerged
                .text(lang)
                .replace("{file}", file)
                .replace("{added}", &added.to_string())
                .replace("{updated}", &updated.to_string())
                .replace("{unchanged}", &unchanged.to_string()),
        };
        if errors_in_list > 0 {
            text.push(' ');
            text.push_str(&if errors_in_list == 1 {
                U::UsListErrorsOne.text(lang).to_string()
            } else {
                U::UsListErrors
                    .text(lang)
                    .replace("{n}", &errors_in_list.to_string())
            });
            text.push(' ');
            text.push_str(T::UsersFileFixErrors.text(lang));
        }
        text
    }
}

/// The message for a list that would be too long.
fn too_many_message(refused: TooManyUsers, lang: Lang) -> String {
    U::UsTooMany
        .text(lang)
        .replace("{total}", &refused.total.to_string())
        .replace("{max}", &refused.max.to_string())
        .replace("{excess}", &refused.excess().to_string())
}

/// The panel, shown while `state` is [`FileState::Choose`]. `on_errors` as for the section.
#[component]
pub fn ChoicePanel(
    state: RwSignal<FileState>,
    today: Date,
    on_errors: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let history = UsersHistory::use_context();

    // What "Voeg toe" would do to the list as it is now.
    let preview = Memo::new(move |_| {
        let FileState::Choose { users, .. } = &*state.read() else {
            return None;
        };
        let existing = raw_users(&draft.0.read().users);
        let plan = plan_merge(&existing, users);
        Some((plan.added.len(), plan.updated.len(), plan.unchanged.len()))
    });

    // After a change: the result, the error summary when rows have errors, else the list.
    let finish = move |name: String, outcome: Outcome, notes: Vec<String>| {
        let raw = draft.0.with_untracked(|d| raw_users(&d.users));
        let errors_in_list = checks::check_list(&raw, today)
            .iter()
            .filter(|f| f.has_errors())
            .count();
        state.set(FileState::Applied {
            name,
            outcome,
            errors_in_list,
            notes,
        });
        if errors_in_list > 0 {
            on_errors.run(());
        } else {
            request_animation_frame(|| focus_field(LIST_HEADING_ID));
        }
    };
    let refuse = move |refused: TooManyUsers| {
        state.update(|s| {
            if let FileState::Choose { refused: r, .. } = s {
                *r = Some(refused);
            }
        });
    };
    let replace = move |_| {
        let FileState::Choose {
            name, users, notes, ..
        } = state.get_untracked()
        else {
            return;
        };
        if let Err(refused) = check_total(users.len()) {
            refuse(refused);
            return;
        }
        let count = users.len();
        history.apply(
            Change::Replaced {
                file: name.clone(),
                count,
            },
            |list| {
                let found = match_rows(&raw_users(list), &users);
                let mut next = next_user_id(list);
                let replaced = users
                    .into_iter()
                    .zip(found)
                    .map(|(user, found)| {
                        let id = match found {
                            Some(index) => list[index].id,
                            None => {
                                next += 1;
                                next - 1
                            }
                        };
                        DraftUser { id, user }
                    })
                    .collect();
                *list = replaced;
            },
        );
        finish(name, Outcome::Replaced { count }, notes);
    };
    let merge = move |_| {
        let FileState::Choose {
            name, users, notes, ..
        } = state.get_untracked()
        else {
            return;
        };
        let existing = draft.0.with_untracked(|d| raw_users(&d.users));
        let plan = plan_merge(&existing, &users);
        if let Err(refused) = check_total(plan.total(existing.len())) {
            refuse(refused);
            return;
        }
        let (added, updated, unchanged) =
            (plan.added.len(), plan.updated.len(), plan.unchanged.len());
        history.apply(
            Change::Merged {
                file: name.clone(),
                added,
                updated,
            },
            |list| {
                plan.apply(
                    list,
                    |item| &mut item.user,
                    |list, user| DraftUser {
                        id: next_user_id(list),
                        user,
                    },
                );
            },
        );
        let outcome = Outcome::Merged {
            added,
            updated,
            unchanged,
        };
        finish(name, outcome, notes);
    };
    let cancel = move |_| {
        let FileState::Choose { name, .. } = state.get_untracked() else {
            return;
        };
        state.set(FileState::Cancelled { name });
        request_animation_frame(|| focus_field(INPUT_ID));
    };

    // The panel's parts follow the state each on its own, so that a refusal or an edit of the
    // list never re-creates the buttons (focus stays where it is).
    let choosing = Memo::new(move |_| matches!(*state.read(), FileState::Choose { .. }));
    let file = Memo::new(move |_| match &*state.read() {
        FileState::Choose { name, users, .. } => (name.clone(), users.len()),
        _ => (String::new(), 0),
    });
    let refused = Memo::new(move |_| match &*state.read() {
        FileState::Choose { refused, .. } => *refused,
        _ => None,
    });
    let intro = move || {
        let (name, rows) = file.get();
        i18n.t(U::UsChoiceIntro)
            .replace("{file}", &name)
            .replace("{n}", &rows.to_string())
            .replace("{m}", &draft.0.read().users.len().to_string())
    };
    let replace_hint = move || {
        i18n.t(U::UsChoiceReplaceHint)
            .replace("{n}", &file.read().1.to_string())
    };
    let merge_preview = move || {
        preview.get().map(|(added, updated, unchanged)| {
            i18n.t(U::UsChoiceMergePreview)
                .replace("{added}", &added.to_string())
                .replace("{updated}", &updated.to_string())
                .replace("{unchanged}", &unchanged.to_string())
        })
    };
    let merge_described = move || {
        if refused.read().is_some() {
            format!("{MERGE_PREVIEW_ID} {REFUSED_ID}")
        } else {
            MERGE_PREVIEW_ID.to_string()
        }
    };
    view! {
        <Show when=move || choosing.get()>
            <fieldset class="users-choice" id=CHOICE_ID tabindex="-1" aria-describedby=INTRO_ID>
                <legend class="users-choice__legend">{i18n.tr(U::UsChoiceLegend)}</legend>
                <p id=INTRO_ID>{intro}</p>
                <ul class="users-choice__effects">
                    <li id=REPLACE_HINT_ID>{replace_hint}</li>
                    <li id=MERGE_PREVIEW_ID>{merge_preview}</li>
                </ul>
                {move || refused.get().map(|refused| view! {
                    <p class="users-choice__error" role="alert" id=REFUSED_ID>
                        <span class="visually-hidden">{i18n.t(T::ErrorPrefix)}</span>
                        {too_many_message(refused, i18n.lang())}
                    </p>
                })}
                <div class="button-group">
                    <button type="button" class="button button--primary" aria-describedby=REPLACE_HINT_ID on:click=replace>
                        {i18n.tr(U::UsChoiceReplace)}
                    </button>
                    <button type="button" class="button button--secondary" aria-describedby=merge_described on:click=merge>
                        {i18n.tr(U::UsChoiceMerge)}
                    </button>
                    <button type="button" class="button button--link" on:click=cancel>
                        {i18n.tr(U::UsChoiceCancel)}
                    </button>
                </div>
            </fieldset>
        </Show>
    }
}
