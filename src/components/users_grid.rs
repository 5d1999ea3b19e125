//! The users of an order as an editable grid: a `<table>` with one row per user and an input in
//! every cell, named for screen readers ("Achternaam, rij 3"). An invalid cell is marked
//! (`aria-invalid`, a red border) with its message right under it, tied with
//! `aria-describedby`; a warning shows the same way as a note that does not block. Each row has
//! a "Verwijderen" button that names the person. On a narrow screen the grid scrolls
//! horizontally inside a focusable region instead of widening the page.
//!
//! When errors show: a cell that shows an error is re-validated as you type, so the message goes
//! as soon as the value is right; a cell that showed none keeps quiet while you type and shows
//! a new error once you leave it (`change`), as the NL Design System asks.

pub mod checks;

use std::collections::{HashMap, HashSet};

use domain::Field;
use leptos::prelude::*;

use crate::components::error_summary::focus_field;
use crate::i18n::{T, use_i18n};
use crate::order_draft::DraftUser;
use checks::Findings;

/// The id of the input of `field` of the user `id`, e.g. `user-3-last-name`.
pub fn cell_id(id: u32, field: Field) -> String {
    format!("user-{id}-{}", field.key().replace('_', "-"))
}

/// The id of the user's "Verwijderen" button (the error summary links there for a row's own
/// errors, whose fix is removing one of two rows).
pub fn remove_button_id(id: u32) -> String {
    format!("user-{id}-remove")
}

/// The column heading of a field.
pub fn column_title(field: Field) -> T {
    match field {
        Field::FirstNames => T::UsersColFirstNames,
        Field::Infix => T::UsersColInfix,
        Field::LastName => T::UsersColLastName,
        Field::BirthDate => T::UsersColBirthDate,
        Field::BirthPlace => T::UsersColBirthPlace,
        Field::Email => T::UsersColEmail,
        Field::Mobile => T::UsersColMobile,
        Field::Employed => T::UsersColEmployed,
    }
}

/// The cells being typed in while they showed no error: their new errors wait for `change`.
pub type QuietCells = RwSignal<HashSet<(u32, Field)>>;

/// What every row and cell of the grid reads.
#[derive(Clone, Copy)]
struct Grid {
    users: Signal<Vec<DraftUser>>,
    ids: Memo<Vec<u32>>,
    findings: Signal<HashMap<u32, Findings>>,
    quiet: QuietCells,
    on_edit: Callback<(u32, Field, String)>,
    on_remove: Callback<u32>,
    focus_after_last: &'static str,
}

/// The grid. `findings` holds each user's findings by id; `on_edit` receives every keystroke,
/// `on_remove` a row's removal. After a removal focus moves to the next row's "Verwijderen"
/// (the previous one for the last row), or to `focus_after_last` when the list is empty.
#[component]
pub fn UsersGrid(
    #[prop(into)] users: Signal<Vec<DraftUser>>,
    #[prop(into)] findings: Signal<HashMap<u32, Findings>>,
    quiet: QuietCells,
    on_edit: Callback<(u32, Field, String)>,
    on_remove: Callback<u32>,
    focus_after_last: &'static str,
    /// Only the rows whose findings have errors (any, the quiet cells' included); row numbers
    /// stay their place in the whole list.
    #[prop(optional, into)]
    only_errors: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ids = Memo::new(move |_| users.read().iter().map(|u| u.id).collect::<Vec<_>>());
    let grid = Grid {
        users,
        ids,
        findings,
        quiet,
        on_edit,
        on_remove,
        focus_after_last,
    };
    let caption = move || {
        i18n.t(T::UsersListCaption)
            .replace("{n}", &ids.read().len().to_string())
    };
    view! {
        <div class="users-grid" role="region" tabindex="0" aria-label=move || i18n.t(T::UsersGridLabel)>
            <table class="users-table">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="users-table__row-number">{i18n.tr(T::UsersColRow)}</th>
                        {Field::ALL
                            .into_iter()
                            .map(|field| view! { <th scope="col">{move || i18n.t(column_title(field))}</th> })
                            .collect_view()}
                        <th scope="col">
                            <span class="visually-hidden">{i18n.tr(T::UsersColActions)}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || {
                            if only_errors.get() {
                                findings.with(|f| {
                                    ids.get()
                                        .into_iter()
                                        .filter(|id| f.get(id).is_some_and(|f| f.has_errors()))
                                        .collect()
                                })
                            } else {
                                ids.get()
                            }
                        }
                        key=|id| *id
                        let:id
                    >
                        {user_row(grid, id)}
                    </For>
                </tbody>
            </table>
        </div>
    }
}

fn user_row(grid: Grid, id: u32) -> impl IntoView {
    let i18n = use_i18n();
    let position = Memo::new(move |_| {
        grid.ids
            .read()
            .iter()
            .position(|x| *x == id)
            .map_or(0, |p| p + 1)
    });
    let name = Memo::new(move |_| {
        grid.users
            .read()
            .iter()
            .find(|u| u.id == id)
            .map(|u| checks::display_name(&u.user))
            .unwrap_or_default()
    });
    let row_errors = Memo::new(move |_| {
        let lang = i18n.lang();
        grid.findings.with(|f| {
            f.get(&id)
                .map(|f| {
                    f.row_errors()
                        .map(|e| checks::error_detail(e, lang))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|text| !text.is_empty())
        })
    });
    // Marks the row while any of its errors shows.
    let invalid = Memo::new(move |_| {
        grid.findings.with(|f| {
            f.get(&id).is_some_and(|f| {
                f.errors.iter().any(|e| match e.field() {
                    Some(field) => !grid.quiet.with(|q| q.contains(&(id, field))),
                    None => true,
                })
            })
        })
    });
    let row_error_id = format!("user-{id}-row-error");
    let remove = move |_| {
        // Where focus goes once the row is gone.
        let target = grid.ids.with_untracked(|ids| {
            let index = ids.iter().position(|x| *x == id)?;
            ids.get(index + 1)
                .or_else(|| index.checked_sub(1).and_then(|i| ids.get(i)))
                .map(|other| remove_button_id(*other))
        });
        let target = target.unwrap_or_else(|| grid.focus_after_last.to_string());
        grid.on_remove.run(id);
        request_animation_frame(move || focus_field(&target));
    };
    let hidden_name = move || {
        let name = name.get();
        if name.is_empty() {
            i18n.t(T::UsersRowN)
                .replace("{n}", &position.get().to_string())
        } else {
            name
        }
    };
    view! {
        <tr class="users-table__row" class:users-table__row--invalid=move || invalid.get()>
            <th scope="row" class="users-table__row-number">{move || position.get()}</th>
            {Field::ALL.into_iter().map(|field| cell(grid, id, field, position)).collect_view()}
            <td class="users-table__actions">
                <button
                    type="button"
                    class="button button--secondary users-table__remove"
                    id=remove_button_id(id)
                    aria-describedby={
                        let row_error_id = row_error_id.clone();
                        move || row_errors.read().is_some().then(|| row_error_id.clone())
                    }
                    on:click=remove
                >
                    {i18n.tr(T::UsersRemove)}
                    <span class="visually-hidden">" " {hidden_name}</span>
                </button>
                {move || row_errors.get().map(|message| view! {
                    <p class="users-table__error" id=row_error_id.clone()>
                        <span class="visually-hidden">{i18n.t(T::ErrorPrefix)}</span>
                        {message}
                    </p>
                })}
            </td>
        </tr>
    }
}

fn cell(grid: Grid, id: u32, field: Field, position: Memo<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let input_id = cell_id(id, field);
    let error_id = format!("{input_id}-error");
    let note_id = format!("{input_id}-note");
    let value = Memo::new(move |_| {
        grid.users
            .read()
            .iter()
            .find(|u| u.id == id)
            .map(|u| checks::value(&u.user, field).to_string())
            .unwrap_or_default()
    });
    let quiet = move || grid.quiet.with(|q| q.contains(&(id, field)));
    let error = Memo::new(move |_| {
        if quiet() {
            return None;
        }
        let lang = i18n.lang();
        grid.findings.with(|f| {
            f.get(&id)
                .and_then(|f| f.error(field))
                .map(|e| checks::error_detail(e, lang))
        })
    });
    let note = Memo::new(move |_| {
        if quiet() {
            return None;
        }
        let lang = i18n.lang();
        grid.findings.with(|f| {
            f.get(&id)
                .map(|f| {
                    f.warnings(field)
                        .map(|w| checks::warning_detail(w, lang))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|text| !text.is_empty())
        })
    });
    let described_by = {
        let (error_id, note_id) = (error_id.clone(), note_id.clone());
        move || {
            let mut ids = Vec::new();
            if error.read().is_some() {
                ids.push(error_id.clone());
            }
            if note.read().is_some() {
                ids.push(note_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let accessible_name = move || {
        i18n.t(T::UsersCellName)
            .replace("{column}", i18n.t(column_title(field)))
            .replace("{n}", &position.get().to_string())
    };
    let (inputmode, spellcheck) = match field {
        Field::Email => (Some("email"), Some("false")),
        Field::Mobile => (Some("tel"), Some("false")),
        Field::BirthDate => (None, Some("false")),
        _ => (None, None),
    };
    let class = format!(
        "users-table__input users-table__input--{}",
        field.key().replace('_', "-")
    );
    view! {
        <td class="users-table__cell">
            <input
                class=class
                id=input_id
                type="text"
                autocomplete="off"
                inputmode=inputmode
                spellcheck=spellcheck
                aria-label=accessible_name
                aria-invalid=move || error.read().is_some().then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input:target=move |ev| {
                    // A cell without an error keeps quiet while typed in.
                    if error.get_untracked().is_none()
                        && !grid.quiet.with_untracked(|q| q.contains(&(id, field)))
                    {
                        grid.quiet.update(|q| {
                            q.insert((id, field));
                        });
                    }
                    grid.on_edit.run((id, field, ev.target().value()));
                }
                on:change=move |_| {
                    if grid.quiet.with_untracked(|q| q.contains(&(id, field))) {
                        grid.quiet.update(|q| {
                            q.remove(&(id, field));
                        });
                    }
                }
            />
            {move || error.get().map(|message| view! {
                <p class="users-table__error" id=error_id.clone()>
                    <span class="visually-hidden">{i18n.t(T::ErrorPrefix)}</span>
                    {message}
                </p>
            })}
            {move || note.get().map(|message| view! {
                <p class="users-table__note" id=note_id.clone()>
                    <span class="users-table__note-prefix">{i18n.t(T::UsersNotePrefix)}</span>
                    {message}
                </p>
            })}
        </td>
    }
}
