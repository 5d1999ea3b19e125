//! "Errors first": above the list, when rows have errors, how many, a toggle that shows only
//! those rows, and "Naar de volgende fout", which moves focus to the next cell with an error
//! after the focused element (wrapping around) and says where it went.

use std::collections::HashMap;

use domain::Field;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::error_summary::focus_field;
use crate::components::users_grid::checks::Findings;
use crate::components::users_grid::{cell_id, column_title, remove_button_id};
use crate::i18n::{U, use_i18n};
use crate::order_draft::DraftUser;

const NEXT_ID: &str = "users-next-error";

/// Where an error can be fixed: a cell, or the row's "Verwijderen" for the row's own errors.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorTarget {
    /// The id of the element to focus.
    pub id: String,
    /// The row's position in the whole list (1-based).
    pub position: usize,
    /// The cell's field; `None` for the row as a whole.
    pub field: Option<Field>,
}

/// Every place with an error, in the list's order (each cell and each row's button once, as
/// their ids are unique).
pub fn error_targets(users: &[DraftUser], findings: &HashMap<u32, Findings>) -> Vec<ErrorTarget> {
    let mut targets: Vec<ErrorTarget> = Vec::new();
    for (index, user) in users.iter().enumerate() {
        let Some(found) = findings.get(&user.id) else {
            continue;
        };
        // Cells in the grid's column order, then the row's own errors.
        let mut fields: Vec<Option<Field>> = Field::ALL
            .into_iter()
            .filter(|field| found.error(*field).is_some())
            .map(Some)
            .collect();
        if found.errors.iter().any(|e| e.field().is_none()) {
            fields.push(None);
        }
        for field in fields {
            let id = match field {
                Some(field) => cell_id(user.id, field),
                None => remove_button_id(user.id),
            };
            targets.push(ErrorTarget {
                id,
                position: index + 1,
                field,
            });
        }
    }
    targets
}

/// The index of the target after the focused element, in document order, wrapping around. On
/// the bar's own button (clicked), the target after the last one it went to.
fn next_index(targets: &[ErrorTarget], last: Option<&str>) -> Option<usize> {
    if targets.is_empty() {
        return None;
    }
    let document = document();
    let active = document.active_element().filter(|el| {
        document
            .body()
            .is_none_or(|body| body.unchecked_ref::<web_sys::Element>() != el)
    });
    let Some(active) = active else {
        return Some(0);
    };
    let mut id = active.id();
    if id == NEXT_ID
        && let Some(last) = last
    {
        id = last.to_string();
    }
    if let Some(index) = targets.iter().position(|t| t.id == id) {
        return Some((index + 1) % targets.len());
    }
    let after = targets.iter().position(|t| {
        document.get_element_by_id(&t.id).is_some_and(|el| {
            active.compare_document_position(&el) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0
        })
    });
    Some(after.unwrap_or(0))
}

/// The bar. `only_errors` is the grid's filter; `rows` the number of rows in the whole list.
#[component]
pub fn ErrorsBar(
    #[prop(into)] targets: Signal<Vec<ErrorTarget>>,
    #[prop(into)] error_rows: Signal<usize>,
    #[prop(into)] rows: Signal<usize>,
    only_errors: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(String::new());
    // The target "Naar de volgende fout" went to last.
    let last = StoredValue::new(None::<String>);
    let count = move || match error_rows.get() {
        1 => i18n.t(U::UsErrorRowsOne).to_string(),
        n => i18n.t(U::UsErrorRowsMany).replace("{n}", &n.to_string()),
    };
    let toggle = move |_| {
        let on = !only_errors.get_untracked();
        only_errors.set(on);
        status.set(if on {
            i18n.t(U::UsShowingErrors)
                .replace("{n}", &error_rows.get_untracked().to_string())
                .replace("{total}", &rows.get_untracked().to_string())
        } else {
            String::new()
        });
    };
    let next = move |_| {
        let targets = targets.get_untracked();
        let Some(index) = last.with_value(|l| next_index(&targets, l.as_deref())) else {
            return;
        };
        let target = &targets[index];
        let column = match target.field {
            Some(field) => i18n.t(column_title(field)).to_string(),
            None => i18n.t(U::UsRowAsWhole).to_string(),
        };
        focus_field(&target.id);
        last.set_value(Some(target.id.clone()));
        status.set(
            i18n.t(U::UsErrorAt)
                .replace("{k}", &(index + 1).to_string())
                .replace("{total}", &targets.len().to_string())
                .replace("{n}", &target.position.to_string())
                .replace("{column}", &column),
        );
    };
    view! {
        <div class="users-errors" hidden=move || error_rows.get() == 0>
            <p class="users-errors__count">{count}</p>
            <div class="button-group users-errors__actions">
                <button
                    type="button"
                    class="button button--secondary"
                    aria-pressed=move || if only_errors.get() { "true" } else { "false" }
                    on:click=toggle
                >
                    {i18n.tr(U::UsOnlyErrors)}
                </button>
                <button type="button" class="button button--secondary" id=NEXT_ID on:click=next>
                    {i18n.tr(U::UsNextError)}
                </button>
            </div>
            <p role="status" class="users-errors__status">{move || status.get()}</p>
        </div>
    }
}
