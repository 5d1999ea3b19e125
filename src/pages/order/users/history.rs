//! Undo and redo of changes to the list as a whole: removing a row, emptying the list, replacing
//! it by a file and merging a file. Any action that replaces the users goes through
//! [`UsersHistory::apply`] with a [`Change`] naming it, so that it can be undone from the
//! notice above the list. Editing a cell is not such a change (the browser undoes typing).
//! The history lives in memory only, for as long as the step is open.

use domain::bulk_fix::FixKind;
use domain::users_merge::History;
use leptos::prelude::*;

use crate::components::error_summary::focus_field;
use crate::components::users_grid::checks;
use crate::i18n::{U, use_i18n};
use crate::order_draft::{Draft, DraftUser, use_draft};

/// The notice's button (it reads "Ongedaan maken" or "Opnieuw doen").
pub const UNDO_BUTTON_ID: &str = "users-undo-button";
/// How many changes can be undone.
const CAPACITY: usize = 20;

/// A change of the list as a whole, as the notice names it.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// One row removed: its position (1-based) and name (may be empty).
    Removed { position: usize, name: String },
    /// The list emptied: how many users it held.
    Cleared { count: usize },
    /// The list replaced by a file's `count` users.
    Replaced { file: String, count: usize },
    /// A file merged into the list.
    Merged {
        file: String,
        added: usize,
        updated: usize,
    },
    /// One kind of "Snel herstellen" applied to `count` rows.
    Fixed { kind: FixKind, count: usize },
}

impl Change {
    /// What the notice says after the change.
    fn text(&self, t: impl Fn(U) -> &'static str) -> String {
        match self {
            Change::Removed { position, name } if name.is_empty() => {
                t(U::UsRemovedRowNoName).replace("{n}", &position.to_string())
            }
            Change::Removed { position, name } => t(U::UsRemovedRow)
                .replace("{n}", &position.to_string())
                .replace("{name}", name),
            Change::Cleared { count: 1 } => t(U::UsClearedOne).to_string(),
            Change::Cleared { count } => t(U::UsClearedMany).replace("{n}", &count.to_string()),
            Change::Replaced { file, count } => t(U::UsReplacedChange)
                .replace("{n}", &count.to_string())
                .replace("{file}", file),
            Change::Merged {
                file,
                added,
                updated,
            } => t(U::UsMergedChange)
                .replace("{file}", file)
                .replace("{added}", &added.to_string())
                .replace("{updated}", &updated.to_string()),
            Change::Fixed { kind, count } => super::fixes::fixed_text(*kind, *count, t),
        }
    }
}

/// What the notice shows: the last change, done or undone.
#[derive(Debug, Clone, PartialEq)]
enum Notice {
    Done(Change),
    Undone(Change),
}

/// The history of the step's list, in context.
#[derive(Clone, Copy)]
pub struct UsersHistory {
    draft: Draft,
    history: StoredValue<History<Vec<DraftUser>, Change>>,
    notice: RwSignal<Option<Notice>>,
}

impl UsersHistory {
    /// A new, empty history, provided to the step's parts.
    pub fn provide() -> UsersHistory {
        let history = UsersHistory {
            draft: use_draft(),
            history: StoredValue::new(History::new(CAPACITY)),
            notice: RwSignal::new(None),
        };
        provide_context(history);
        history
    }

    pub fn use_context() -> UsersHistory {
        expect_context::<UsersHistory>()
    }

    /// Replaces the users by what `change` makes of them, and records the change as `label`
    /// so that it can be undone. Returns what `change` returned.
    pub fn apply<R>(&self, label: Change, change: impl FnOnce(&mut Vec<DraftUser>) -> R) -> R {
        let before = self.draft.0.with_untracked(|d| d.users.clone());
        let mut users = before.clone();
        let result = change(&mut users);
        let after = users.clone();
        self.draft.0.update(|d| d.users = users);
        self.history
            .update_value(|h| h.record(label.clone(), before, after));
        self.notice.set(Some(Notice::Done(label)));
        result
    }

    /// Reads the users as they are now, without tracking.
    pub fn users_untracked<R>(&self, read: impl FnOnce(&[DraftUser]) -> R) -> R {
        self.draft.0.with_untracked(|d| read(&d.users))
    }

    /// Undoes the last change; focus goes to the notice's button (now "Opnieuw doen").
    pub fn undo(&self) {
        self.restore(
            |h| h.undo().map(|e| (e.label.clone(), e.before.clone())),
            Notice::Undone,
        );
    }

    /// Redoes the last undone change; focus stays on the notice's button.
    pub fn redo(&self) {
        self.restore(
            |h| h.redo().map(|e| (e.label.clone(), e.after.clone())),
            Notice::Done,
        );
    }

    /// Puts back the list that `step` takes from the history, and says so in the notice.
    fn restore(
        &self,
        step: impl FnOnce(&mut History<Vec<DraftUser>, Change>) -> Option<(Change, Vec<DraftUser>)>,
        notice: fn(Change) -> Notice,
    ) {
        let Some((label, users)) = self.history.try_update_value(step).flatten() else {
            return;
        };
        self.draft.0.update(|d| d.users = users);
        self.notice.set(Some(notice(label)));
        request_animation_frame(|| focus_field(UNDO_BUTTON_ID));
    }
}

/// The notice above the list: the last change, announced, with "Ongedaan maken" (or, once
/// undone, "Opnieuw doen").
#[component]
pub fn UndoNotice() -> impl IntoView {
    let i18n = use_i18n();
    let history = UsersHistory::use_context();
    let text = move || {
        history.notice.with(|notice| match notice {
            None => String::new(),
            Some(Notice::Done(change)) => checks::capitalise(&change.text(|k| i18n.t(k))),
            Some(Notice::Undone(change)) => i18n
                .t(U::UsUndone)
                .replace("{change}", &change.text(|k| i18n.t(k))),
        })
    };
    let undone = move || matches!(*history.notice.read(), Some(Notice::Undone(_)));
    let on_click = move |_| {
        if undone() {
            history.redo();
        } else {
            history.undo();
        }
    };
    view! {
        <div class="users-undo" class:users-undo--empty=move || history.notice.read().is_none()>
            <p role="status" class="users-undo__text">{text}</p>
            <Show when=move || history.notice.read().is_some()>
                <button type="button" class="button button--secondary users-undo__button" id=UNDO_BUTTON_ID on:click=on_click>
                    {move || i18n.t(if undone() { U::UsRedo } else { U::UsUndo })}
                </button>
            </Show>
        </div>
    }
}
