//! The users of an order as an editable grid: a `<table>` with one row per user and an input in
//! every cell, named for screen readers ("Achternaam, rij 3"). An invalid cell is marked
//! (`aria-invalid`, a red border) with its message right under it, tied with
//! `aria-describedby`; a warning shows the same way as a note that does not block. A row's own
//! problem (the same person twice) shows as a line of text under the row, tied to the row's
//! "Verwijderen" button. Each row has a "Verwijderen" button that names the person.
//!
//! On a wide screen the grid fits its region: compact fixed columns, a wrapping e-mail cell, the
//! row number and first names sticky when a narrower window makes it scroll sideways. On a phone
//! (below 40em) the same rows show as cards (`style/users-grid.css`): the name, the e-mail
//! address and the number of errors and warnings as text, with "Wijzigen" and "Verwijderen".
//! "Wijzigen" is an inline disclosure rather than a modal dialog: the fields it opens are the
//! very inputs of the table (one element per cell, so `cell_id` and `remove_button_id` stay
//! unique and the error summary's links keep working), nothing traps focus, and the page keeps
//! its reading order. A link to a field in a closed card opens that card first
//! ([`REVEAL_EVENT`], sent by `focus_field`).
//!
//! When errors show: a cell that shows an error is re-validated as you type, so the message goes
//! as soon as the value is right; a cell that showed none keeps quiet while you type and shows
//! a new error once you leave it (`change`), as the NL Design System asks.
//!
//! Speed: every row reads its user and findings through memos of its own, found by an id→index
//! memo, so a keystroke re-renders only the cells whose value or message changed, and a longer
//! list never re-creates the rows that were already there (keyed `<For>`).

pub mod checks;

use std::collections::{HashMap, HashSet};

use domain::{Field, RawUser};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::error_summary::{REVEAL_EVENT, focus_field};
use crate::i18n::{T, U, use_i18n};
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
    /// Each user's position in `users`, by id: changes only when users come or go.
    index: Memo<HashMap<u32, usize>>,
    /// The ids of the rows shown, in list order.
    shown: Memo<Vec<u32>>,
    findings: Signal<HashMap<u32, Findings>>,
    quiet: QuietCells,
    /// The user whose card is open on a phone.
    open: RwSignal<Option<u32>>,
    /// Whether the window is phone-sized ([`PHONE`]): only then are the cards' heads rendered.
    phone: RwSignal<bool>,
    on_edit: Callback<(u32, Field, String)>,
    on_remove: Callback<u32>,
    focus_after_last: &'static str,
}

/// The grid. `findings` holds each user's findings by id; `on_edit` receives every keystroke,
/// `on_remove` a row's removal. After a removal focus moves to the next row's "Verwijderen"
/// (the previous one for the last row), or to `focus_after_last` when the list is empty.
/// With `only_errors`, only the users with an error are shown (quiet cells or not), each with
/// its position in the whole list; a row fixed while the filter is on stays until it goes off.
#[component]
pub fn UsersGrid(
    #[prop(into)] users: Signal<Vec<DraftUser>>,
    #[prop(into)] findings: Signal<HashMap<u32, Findings>>,
    quiet: QuietCells,
    on_edit: Callback<(u32, Field, String)>,
    on_remove: Callback<u32>,
    focus_after_last: &'static str,
    #[prop(optional, into)] only_errors: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ids = Memo::new(move |_| users.read().iter().map(|u| u.id).collect::<Vec<_>>());
    let index = Memo::new(move |_| {
        ids.read()
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i))
            .collect::<HashMap<_, _>>()
    });
    // The rows that had an error when the filter went on stay in view while they are fixed, so
    // that a row does not vanish under the cursor as its last error goes; switching the filter
    // off and on again leaves only the rows with errors then.
    let kept = RwSignal::new(HashSet::<u32>::new());
    Effect::new(move |was_on: Option<bool>| {
        let on = only_errors.get();
        if on && was_on != Some(true) {
            kept.set(findings.with_untracked(|f| {
                f.iter()
                    .filter(|(_, found)| found.has_errors())
                    .map(|(id, _)| *id)
                    .collect()
            }));
        }
        on
    });
    let shown = Memo::new(move |_| {
        if only_errors.get() {
            ids.with(|ids| {
                findings.with(|f| {
                    kept.with(|kept| {
                        ids.iter()
                            .copied()
                            .filter(|id| {
                                kept.contains(id) || f.get(id).is_some_and(Findings::has_errors)
                            })
                            .collect()
                    })
                })
            })
        } else {
            ids.get()
        }
    });
    let open = RwSignal::new(None::<u32>);
    let phone = RwSignal::new(is_phone());
    let resize = window_event_listener_untyped("resize", move |_| {
        let now = is_phone();
        if phone.get_untracked() != now {
            phone.set(now);
        }
    });
    on_cleanup(move || resize.remove());
    let grid = Grid {
        users,
        index,
        shown,
        findings,
        quiet,
        open,
        phone,
        on_edit,
        on_remove,
        focus_after_last,
    };
    // A field in a closed card is about to get focus (the error summary's link): open its card.
    // ("Verwijderen", always in view, opens nothing.)
    let reveal = window_event_listener_untyped(REVEAL_EVENT, move |ev| {
        let id = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .filter(|el| el.closest(".users-table__cell").ok().flatten().is_some())
            .and_then(|el| el.closest("[data-user-id]").ok().flatten())
            .and_then(|row| row.get_attribute("data-user-id"))
            .and_then(|id| id.parse::<u32>().ok());
        if let Some(id) = id {
            open.set(Some(id));
        }
    });
    on_cleanup(move || reveal.remove());
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
                            .map(|field| {
                                let class = format!("users-table__col--{}", field.key().replace('_', "-"));
                                view! { <th scope="col" class=class>{move || i18n.t(column_title(field))}</th> }
                            })
                            .collect_view()}
                        <th scope="col" class="users-table__col--actions">
                            <span class="visually-hidden">{i18n.tr(T::UsersColActions)}</span>
                        </th>
                    </tr>
                </thead>
                <tbody
                    on:input=move |ev| on_cell_input(grid, &ev)
                    on:change=move |ev| on_cell_change(grid, &ev)
                    on:keydown=move |ev| {
                        // Enter never makes the e-mail address two lines.
                        if ev.key() == "Enter"
                            && ev.target().is_some_and(|t| t.has_type::<web_sys::HtmlTextAreaElement>())
                        {
                            ev.prevent_default();
                        }
                    }
                >
                    <For each=move || shown.get() key=|id| *id let:id>
                        {user_row(grid, id)}
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// Below this the rows show as cards (as in `style/users-grid.css`).
const PHONE: &str = "(max-width: 39.99em)";

fn is_phone() -> bool {
    window()
        .match_media(PHONE)
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

/// The per-row state every cell of a row reads.
#[derive(Clone, Copy)]
struct Row {
    id: u32,
    /// The 1-based position in the whole list.
    position: Memo<usize>,
    user: Memo<RawUser>,
    found: Memo<Findings>,
    /// The row's quiet fields.
    quiet: Memo<Vec<Field>>,
}

fn user_row(grid: Grid, id: u32) -> impl IntoView {
    let i18n = use_i18n();
    let position = Memo::new(move |_| grid.index.with(|ix| ix.get(&id).map_or(0, |p| p + 1)));
    let user = Memo::new(move |_| {
        let at = position.get().checked_sub(1);
        grid.users.with(|list| {
            at.and_then(|i| list.get(i))
                .filter(|u| u.id == id)
                .map(|u| u.user.clone())
                .unwrap_or_default()
        })
    });
    let found = Memo::new(move |_| {
        grid.findings
            .with(|f| f.get(&id).cloned().unwrap_or_default())
    });
    let quiet = Memo::new(move |_| {
        grid.quiet.with(|q| {
            Field::ALL
                .into_iter()
                .filter(|field| q.contains(&(id, *field)))
                .collect::<Vec<_>>()
        })
    });
    let row = Row {
        id,
        position,
        user,
        found,
        quiet,
    };
    let name = Memo::new(move |_| user.with(checks::display_name));
    let row_errors = Memo::new(move |_| {
        let lang = i18n.lang();
        found.with(|f| {
            let text = f
                .row_errors()
                .map(|e| checks::error_detail(e, lang))
                .collect::<Vec<_>>()
                .join(" ");
            (!text.is_empty()).then_some(text)
        })
    });
    // Marks the row while any of its errors shows.
    let invalid = Memo::new(move |_| {
        found.with(|f| {
            f.errors.iter().any(|e| match e.field() {
                Some(field) => !quiet.with(|q| q.contains(&field)),
                None => true,
            })
        })
    });
    let row_error_id = format!("user-{id}-row-error");
    let remove = move |_| {
        // Where focus goes once the row is gone.
        let target = grid.shown.with_untracked(|ids| {
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
    let message_row = {
        let row_error_id = row_error_id.clone();
        move || {
            row_errors.get().map(|message| {
                view! {
                    <tr class="users-table__message-row" data-user-id=id>
                        <td colspan="10" class="users-table__message" id=row_error_id.clone()>
                            <span class="users-table__message-prefix">{i18n.t(T::ErrorPrefix)}</span>
                            " "
                            {message}
                        </td>
                    </tr>
                }
            })
        }
    };
    view! {
        <tr
            class="users-table__row"
            class:users-table__row--invalid=move || invalid.get()
            class:users-table__row--open=move || grid.open.get() == Some(id)
            class:users-table__row--has-message=move || row_errors.read().is_some()
            data-user-id=id
        >
            <th scope="row" class="users-table__row-number">{move || position.get()}</th>
            // The card's head exists only on a phone: on a wide screen it would be hidden anyway,
            // and a hundred of them make the first render of a file slower.
            <td class="users-card">
                {move || grid.phone.get().then(|| card_summary(grid, row, name))}
            </td>
            {Field::ALL.into_iter().map(|field| cell(row, field)).collect_view()}
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
            </td>
        </tr>
        {message_row}
    }
}

/// The card's head on a phone (hidden on a wide screen, where the columns say it all): the
/// name, the e-mail address, the number of errors and warnings as text, and "Wijzigen".
fn card_summary(grid: Grid, row: Row, name: Memo<String>) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.id;
    let email = Memo::new(move |_| row.user.with(|u| u.email.trim().to_string()));
    let counts = move || {
        let (errors, warnings) = row.found.with(|f| (f.errors.len(), f.warnings.len()));
        let count = |n: usize, one: U, many: U| match n {
            1 => i18n.t(one).to_string(),
            n => i18n.t(many).replace("{n}", &n.to_string()),
        };
        let mut parts = Vec::new();
        if errors > 0 {
            parts.push(count(errors, U::UgErrorsOne, U::UgErrorsMany));
        }
        if warnings > 0 {
            parts.push(count(warnings, U::UgWarningsOne, U::UgWarningsMany));
        }
        if parts.is_empty() {
            i18n.t(U::UgNoProblems).to_string()
        } else {
            parts.join(", ")
        }
    };
    let title = move || {
        let row_n = checks::capitalise(
            &i18n
                .t(T::UsersRowN)
                .replace("{n}", &row.position.get().to_string()),
        );
        let name = name.get();
        if name.is_empty() {
            row_n
        } else {
            format!("{row_n}: {name}")
        }
    };
    let toggle = move |_| {
        grid.open
            .update(|open| *open = if *open == Some(id) { None } else { Some(id) });
    };
    view! {
            <p class="users-card__name">{title}</p>
            <p class="users-card__email">
                {move || {
                    let email = email.get();
                    if email.is_empty() { i18n.t(U::UgNoEmail).to_string() } else { email }
                }}
            </p>
            <p
                class="users-card__counts"
                class:users-card__counts--errors=move || row.found.with(Findings::has_errors)
            >
                {counts}
            </p>
            <button
                type="button"
                class="button button--secondary users-card__edit"
                aria-expanded=move || if grid.open.get() == Some(id) { "true" } else { "false" }
                on:click=toggle
            >
                {i18n.tr(U::UgEditPerson)}
                <span class="visually-hidden">" " {move || name.get()}</span>
            </button>
    }
}

fn cell(row: Row, field: Field) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.id;
    let input_id = cell_id(id, field);
    let error_id = format!("{input_id}-error");
    let note_id = format!("{input_id}-note");
    let value = Memo::new(move |_| row.user.with(|u| u.get(field).to_string()));
    let quiet = move || row.quiet.with(|q| q.contains(&field));
    let error = Memo::new(move |_| {
        if quiet() {
            return None;
        }
        let lang = i18n.lang();
        row.found
            .with(|f| f.error(field).map(|e| checks::error_detail(e, lang)))
    });
    let note = Memo::new(move |_| {
        if quiet() {
            return None;
        }
        let lang = i18n.lang();
        row.found.with(|f| {
            let text = f
                .warnings(field)
                .map(|w| checks::warning_detail(w, lang))
                .collect::<Vec<_>>()
                .join(" ");
            (!text.is_empty()).then_some(text)
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
            .replace("{n}", &row.position.get().to_string())
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
    // A long e-mail address wraps in a textarea that grows with it (`field-sizing: content`)
    // instead of being cut off; Enter and pasted line breaks never make it two lines. Typing is
    // handled once for the whole grid (`on_cell_input` on the `<tbody>`): 1,600 listeners less
    // for a list of 100.
    let input = if field == Field::Email {
        view! {
            <textarea
                class=class
                id=input_id
                rows="1"
                autocomplete="off"
                inputmode=inputmode
                spellcheck=spellcheck
                aria-label=accessible_name
                aria-invalid=move || error.read().is_some().then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
            ></textarea>
        }
        .into_any()
    } else {
        view! {
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
            />
        }
        .into_any()
    };
    let messages = move || {
        let error = error.get().map(|message| {
            view! {
                <p class="users-table__error" id=error_id.clone()>
                    <span class="visually-hidden">{i18n.t(T::ErrorPrefix)}</span>
                    {message}
                </p>
            }
        });
        let note = note.get().map(|message| {
            view! {
                <p class="users-table__note" id=note_id.clone()>
                    <span class="users-table__note-prefix">{i18n.t(T::UsersNotePrefix)}</span>
                    {message}
                </p>
            }
        });
        (error, note)
    };
    // `data-label`: the column's name over the field in a card on a phone (CSS generated
    // content, left out of the accessibility tree: the input's own name already holds it).
    view! {
        <td class="users-table__cell" data-label=move || i18n.t(column_title(field))>
            {input}
            {messages}
        </td>
    }
}

/// The user and field of a cell's input, from its id ([`cell_id`]).
fn cell_of(element_id: &str) -> Option<(u32, Field)> {
    let (user, key) = element_id.strip_prefix("user-")?.split_once('-')?;
    let user = user.parse().ok()?;
    let field = Field::ALL
        .into_iter()
        .find(|f| f.key().replace('_', "-") == key)?;
    Some((user, field))
}

/// The cell and its value that an `input` or `change` event of the grid came from.
fn edited(ev: &web_sys::Event) -> Option<(u32, Field, String)> {
    let target = ev.target()?;
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        let (id, field) = cell_of(&input.id())?;
        Some((id, field, input.value()))
    } else {
        let area = target.dyn_ref::<web_sys::HtmlTextAreaElement>()?;
        let (id, field) = cell_of(&area.id())?;
        Some((id, field, area.value().replace(['\n', '\r'], "")))
    }
}

/// A keystroke in a cell. A cell without an error keeps quiet while typed in.
fn on_cell_input(grid: Grid, ev: &web_sys::Event) {
    let Some((id, field, text)) = edited(ev) else {
        return;
    };
    let has_error = grid
        .findings
        .with_untracked(|f| f.get(&id).is_some_and(|found| found.error(field).is_some()));
    if !has_error && !quiet_untracked(grid, id, field) {
        grid.quiet.update(|q| {
            q.insert((id, field));
        });
    }
    grid.on_edit.run((id, field, text));
}

/// A cell left after a change: its errors show again.
fn on_cell_change(grid: Grid, ev: &web_sys::Event) {
    let Some((id, field, _)) = edited(ev) else {
        return;
    };
    if quiet_untracked(grid, id, field) {
        grid.quiet.update(|q| {
            q.remove(&(id, field));
        });
    }
}

fn quiet_untracked(grid: Grid, id: u32, field: Field) -> bool {
    grid.quiet.with_untracked(|q| q.contains(&(id, field)))
}
