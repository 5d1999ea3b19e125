//! "Gebruikers uit een bestand" (seed steps 7–10): the rules of the file, the two example files,
//! and a drop zone that is also a "Kies een bestand" button. The file is read and checked in the
//! browser by the import engine (in its Web Worker). Into an empty list its rows go at once;
//! when the list already holds users, a panel asks first whether the file replaces the list or
//! is merged into it (see [`super::choice`]). A file whose columns the engine cannot all map
//! asks to match them first (see [`super::mapping`]), or is read with the mapping remembered for
//! its headers. Problems with the file as a whole are shown as such, with the engine's message
//! that says how to fix them.

use std::collections::VecDeque;
use std::sync::Arc;

use domain::import::{FileError, ImportReport, Limits};
use domain::users_merge::TooManyUsers;
use domain::{Date, RawUser};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Snapshot;
use super::choice::{CHOICE_ID, ChoicePanel, Outcome};
use super::mapping::{self, Choice, MappedFile, MappingPanel};
use crate::components::error_summary::focus_field;
use crate::components::file_drop::{FileDrop, read_file_bytes};
use crate::components::users_grid::checks;
use crate::i18n::{T, U, use_i18n};
use crate::import_client;
use crate::order_draft::{DraftUser, raw_users, use_draft};

pub const INPUT_ID: &str = "users-file-input";
const HINT_ID: &str = "users-file-hint";
const ERROR_ID: &str = "users-file-error";
const ACCEPT: &str = ".csv,.txt,.xlsx,.xls,.ods";
const TEMPLATE_CSV: &str = "/api/v1/user-files/template.csv";
const TEMPLATE_XLSX: &str = "/api/v1/user-files/template.xlsx";

/// Where the last file stands.
#[derive(Debug, Clone, PartialEq)]
pub enum FileState {
    Idle,
    Reading {
        name: String,
    },
    Read {
        name: String,
        rows: usize,
        with_errors: usize,
        /// Users in the list before this file.
        before: usize,
        total: usize,
        /// The engine's warnings about the file (ignored columns).
        notes: Vec<String>,
    },
    /// Read, and the list already holds users: the manager chooses what the file does.
    Choose {
        name: String,
        users: Vec<RawUser>,
        notes: Vec<String>,
        /// "Voeg toe" was refused: the list would hold too many users.
        refused: Option<TooManyUsers>,
    },
    /// The file replaced the list or was merged into it.
    Applied {
        name: String,
        outcome: Outcome,
        /// Rows of the whole list with an error now.
        errors_in_list: usize,
        notes: Vec<String>,
    },
    /// The file's columns need the manager: the mapping panel is open.
    Map {
        file: MappedFile,
    },
    /// The manager chose "Annuleren": nothing changed.
    Cancelled {
        name: String,
    },
    /// The file as a whole cannot be used; nothing was added.
    Refused {
        name: String,
        messages: Vec<String>,
    },
    /// The browser could not read the file or run the engine.
    Failed {
        name: String,
    },
}

/// The section. `on_errors` is called when a file added users with errors, so that the step can
/// show its error summary; `on_problems` shows the mapping panel's problems there. `choice` is
/// the mapping panel's choice (the step reads it for its error summary).
#[component]
pub fn UploadSection(
    today: Date,
    on_errors: Callback<()>,
    on_problems: Callback<Snapshot>,
    choice: Choice,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let state = RwSignal::new(FileState::Idle);
    // The last file, when it was read with the mapping remembered for its headers.
    let auto_mapped = RwSignal::new(None::<MappedFile>);

    // A report of a file that needs no mapping (any more): refused, or its users into the list
    // (or the replace/merge question).
    let apply = Callback::new(move |(name, report): (String, ImportReport)| {
        if !report.file_errors.is_empty() {
            state.try_set(FileState::Refused {
                name,
                messages: report.file_errors.into_iter().map(|e| e.message).collect(),
            });
            return;
        }
        let new_users: Vec<RawUser> = report
            .rows
            .iter()
            .map(|row| checks::from_values(&row.values, today))
            .collect();
        let notes: Vec<String> = report
            .file_warnings
            .into_iter()
            .map(|w| w.message)
            .collect();
        if !draft.0.with_untracked(|d| d.users.is_empty()) {
            // The list holds users: nothing changes until the manager chooses.
            let choose = FileState::Choose {
                name,
                users: new_users,
                notes,
                refused: None,
            };
            if state.try_set(choose).is_none() {
                request_animation_frame(|| focus_field(CHOICE_ID));
            }
            return;
        }
        let rows = new_users.len();
        let Some((before, list)) = draft.0.try_update(|d| {
            let before = d.users.len();
            for user in new_users {
                let id = d.next_user_id();
                d.users.push(DraftUser { id, user });
            }
            (before, raw_users(&d.users))
        }) else {
            return;
        };
        // Errors as the list shows them: duplicates with users already there included.
        let with_errors = checks::check_list(&list, today)
            .iter()
            .skip(before)
            .filter(|f| f.has_errors())
            .count();
        let read = FileState::Read {
            name,
            rows,
            with_errors,
            before,
            total: list.len(),
            notes,
        };
        // `None`: still on this page.
        if state.try_set(read).is_none() && with_errors > 0 {
            on_errors.run(());
        }
    });

    let read_one = move |file: web_sys::File| async move {
        let name = file.name();
        let lang = i18n.lang();
        let size = file.size() as usize;
        let max = Limits::DEFAULT.max_bytes;
        if size > max {
            // Not even read: the engine's own message for a file that is too large.
            state.try_set(FileState::Refused {
                name,
                messages: vec![FileError::TooLarge { size, max }.message(lang)],
            });
            return;
        }
        state.try_set(FileState::Reading { name: name.clone() });
        auto_mapped.try_set(None);
        choice.try_set(None);
        let failed = |name: String, error: String| {
            leptos::logging::warn!("reading {name} failed: {error}");
            state.try_set(FileState::Failed { name });
        };
        let bytes: Arc<[u8]> = match read_file_bytes(&file).await {
            Ok(bytes) => bytes.into(),
            Err(error) => return failed(name, error),
        };
        let report = match import_client::import_file(&bytes, &name, lang, None).await {
            Ok(report) => report,
            Err(error) => return failed(name, error.to_string()),
        };
        let Some(proposal) = report.mapping else {
            apply.run((name, report));
            return;
        };
        let file = MappedFile {
            name,
            bytes,
            proposal,
        };
        let Some(columns) = mapping::remembered(&file.proposal) else {
            let guesses = file.proposal.guesses();
            mapping::open(state, choice, file, guesses);
            return;
        };
        // Mapped as the last file with these headers: read at once, and said so.
        match import_client::import_file(&file.bytes, &file.name, lang, Some(&columns)).await {
            Ok(report) => {
                let name = file.name.clone();
                auto_mapped.try_set(Some(file));
                apply.run((name, report));
            }
            Err(error) => failed(file.name, error.to_string()),
        }
    };

    // One file at a time: the worker answers requests in turn, so a file chosen while another
    // is being read waits for it (and its rows come after the other's).
    let queue = StoredValue::new_local(VecDeque::<web_sys::File>::new());
    let busy = StoredValue::new(false);
    let on_file = Callback::new(move |file: web_sys::File| {
        queue.update_value(|q| q.push_back(file));
        if busy.get_value() {
            return;
        }
        busy.set_value(true);
        spawn_local(async move {
            while let Some(file) = queue.try_update_value(|q| q.pop_front()).flatten() {
                read_one(file).await;
            }
            busy.try_set_value(false);
        });
    });

    let failed = move || {
        matches!(
            *state.read(),
            FileState::Refused { .. } | FileState::Failed { .. }
        )
    };
    let status = move || {
        let t = |key: T| i18n.t(key);
        match state.get() {
            FileState::Idle
            | FileState::Refused { .. }
            | FileState::Failed { .. }
            | FileState::Map { .. }
            | FileState::Choose { .. } => String::new(),
            FileState::Cancelled { name } => i18n.t(U::UsCancelled).replace("{file}", &name),
            FileState::Applied {
                name,
                outcome,
                errors_in_list,
                ..
            } => outcome.message(&name, errors_in_list, i18n.lang()),
            FileState::Reading { name } => t(T::UsersFileReading).replace("{file}", &name),
            FileState::Read {
                name,
                rows,
                with_errors,
                before,
                total,
                ..
            } => {
                let read = if rows == 1 {
                    t(T::UsersFileReadOne)
                } else {
                    t(T::UsersFileReadMany)
                };
                let mut text = read
                    .replace("{file}", &name)
                    .replace("{n}", &rows.to_string())
                    .replace("{errors}", &with_errors.to_string());
                text.push(' ');
                if before > 0 {
                    text.push_str(
                        &t(T::UsersFileAddedToList)
                            .replace("{before}", &before.to_string())
                            .replace("{total}", &total.to_string()),
                    );
                } else {
                    text.push_str(t(T::UsersFileAddedNew));
                }
                if with_errors > 0 {
                    text.push(' ');
                    text.push_str(t(T::UsersFileFixErrors));
                }
                text
            }
        }
    };
    let alert = move || {
        let (name, messages) = match state.get() {
            FileState::Refused { name, messages } => (name, messages),
            FileState::Failed { name } => (name, vec![i18n.t(T::UsersFileFailed).to_string()]),
            _ => return None,
        };
        Some(view! {
            <div class="notice notice--error users-file-error" role="alert" id=ERROR_ID>
                <p class="notice__title">{i18n.t(T::UsersFileRefused).replace("{file}", &name)}</p>
                <ul>{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                <p>{i18n.t(T::UsersFileNothingAdded)}</p>
            </div>
        })
    };
    let notes = move || match state.get() {
        FileState::Read { name, notes, .. } | FileState::Applied { name, notes, .. }
            if !notes.is_empty() =>
        {
            Some(view! {
            <div class="notice notice--warning">
                <p class="notice__title">{i18n.t(T::UsersFileNotes).replace("{file}", &name)}</p>
                <ul>{notes.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            </div>
            })
        }
        _ => None,
    };
    let text = move |key: T| Signal::derive(move || i18n.t(key).to_string());
    let change_mapping = move |_| {
        let Some(file) = auto_mapped.get_untracked() else {
            return;
        };
        let initial = mapping::remembered(&file.proposal)
            .map_or_else(|| file.proposal.guesses(), |columns| columns.to_array());
        auto_mapped.set(None);
        mapping::open(state, choice, file, initial);
    };
    let mapped = move || auto_mapped.read().is_some().then(|| i18n.t(U::UsMapped));

    view! {
        <section class="users-section" aria-labelledby="users-file-heading">
            <h2 id="users-file-heading">{i18n.tr(T::UsersFileHeading)}</h2>
            <p>{i18n.tr(T::UsersFileIntro)}</p>
            <ul id=HINT_ID class="users-file-rules">
                <li>{i18n.tr(T::UsersFileRuleFormats)}</li>
                <li>{i18n.tr(T::UsersFileRuleLimits)}</li>
                <li>{i18n.tr(T::UsersFileRuleColumns)}</li>
                <li>{i18n.tr(T::UsersFileRuleEmployed)}</li>
            </ul>
            <ul class="plain-list users-templates">
                <li><a href=TEMPLATE_CSV download="">{i18n.tr(T::UsersTemplateCsv)}</a></li>
                <li><a href=TEMPLATE_XLSX download="">{i18n.tr(T::UsersTemplateXlsx)}</a></li>
            </ul>
            <FileDrop
                id=INPUT_ID
                button_label=text(T::UsersChooseFile)
                instruction=text(T::UsersDropInstruction)
                release_instruction=text(T::UsersDropRelease)
                accept=ACCEPT
                described_by=Signal::derive(move || Some(if failed() {
                    format!("{HINT_ID} {ERROR_ID}")
                } else {
                    HINT_ID.to_string()
                }))
                invalid=Signal::derive(failed)
                on_file=on_file
            />
            <p role="status" class="users-status">{status}</p>
            <div class="users-mapped">
                <p role="status" class="users-mapped__text">{mapped}</p>
                <Show when=move || auto_mapped.read().is_some()>
                    <button type="button" class="button button--link" on:click=change_mapping>
                        {i18n.tr(U::UsMapChange)}
                    </button>
                </Show>
            </div>
            <MappingPanel state=state choice=choice on_problems=on_problems apply=apply/>
            <ChoicePanel state=state today=today on_errors=on_errors/>
            {alert}
            {notes}
        </section>
    }
}
