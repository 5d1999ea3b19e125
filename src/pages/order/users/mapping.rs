//! "Koppel de kolommen van uw bestand" (issue 10, item 5): a file whose columns the import
//! engine cannot all map is not refused; a panel asks the manager to choose, per field, the
//! column that holds it (the engine's guesses preselected, sample values in every option) and
//! then reads the same file again with that choice — the bytes are kept, the file is never asked
//! for again. The choice is remembered in `localStorage` under the file's normalised header row
//! ([`domain::import::header_key`]), so that the next file with the same headers is read with it
//! at once (the upload says so, with "Koppeling wijzigen").

use std::sync::Arc;

use domain::Field;
use domain::import::{ColumnProposal, Columns, ImportReport, column_letter, column_required};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Snapshot;
use super::upload::{FileState, INPUT_ID};
use crate::components::error_summary::{Problem, focus_field};
use crate::components::field::Description;
use crate::components::users_grid::column_title;
use crate::i18n::{U, use_i18n};
use crate::import_client;

/// The panel's heading, which takes focus when the panel opens.
pub const HEADING_ID: &str = "users-mapping-heading";
const INTRO_ID: &str = "users-mapping-intro";
/// `localStorage` keys: this and the header row's key.
const STORAGE_PREFIX: &str = "middelpunt.users.columns:";
/// Each field's select, in [`Field::ALL`]'s order.
const SELECT_IDS: [&str; 8] = [
    "users-map-first-names",
    "users-map-infix",
    "users-map-last-name",
    "users-map-birth-date",
    "users-map-birth-place",
    "users-map-email",
    "users-map-mobile",
    "users-map-employed",
];

fn select_id(field: Field) -> &'static str {
    SELECT_IDS[field as usize]
}

/// A file whose columns need (or needed) the manager: kept with its bytes, so that the mapping
/// can be chosen or changed without uploading it again.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedFile {
    pub name: String,
    pub bytes: Arc<[u8]>,
    pub proposal: ColumnProposal,
}

/// The open panel's choice, per field a column or none ([`Field::ALL`]'s order); `None` while
/// the panel is closed. The step reads it for its error summary.
pub type Choice = RwSignal<Option<[Option<usize>; 8]>>;

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn storage_key(proposal: &ColumnProposal) -> String {
    format!("{STORAGE_PREFIX}{}", proposal.header_key())
}

/// The mapping remembered for a file with these headers, when it fits the file.
pub fn remembered(proposal: &ColumnProposal) -> Option<Columns> {
    let json = storage()?.get_item(&storage_key(proposal)).ok()??;
    serde_json::from_str::<Columns>(&json)
        .ok()
        .filter(|columns| proposal.fits(columns))
}

fn remember(proposal: &ColumnProposal, columns: &Columns) {
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(columns)) {
        let _ = storage.set_item(&storage_key(proposal), &json);
    }
}

/// The problems of a choice at their selects, for the step's error summary.
pub fn problems(chosen: &[Option<usize>; 8], lang: domain::Lang) -> Vec<Problem> {
    Columns::problems(chosen)
        .into_iter()
        .map(|p| Problem::new(select_id(p.field()), p.message(lang)))
        .collect()
}

/// Opens the panel for `file` with `initial` chosen, and moves focus to its heading.
pub fn open(
    state: RwSignal<FileState>,
    choice: Choice,
    file: MappedFile,
    initial: [Option<usize>; 8],
) {
    choice.try_set(Some(initial));
    if state.try_set(FileState::Map { file }).is_none() {
        request_animation_frame(|| focus_field(HEADING_ID));
    }
}

/// The panel, shown while `state` is [`FileState::Map`]. `apply` continues with the report of
/// the file read with the chosen columns, as for any file; `on_problems` shows the step's error
/// summary.
#[component]
pub fn MappingPanel(
    state: RwSignal<FileState>,
    choice: Choice,
    on_problems: Callback<Snapshot>,
    apply: Callback<(String, ImportReport)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let file = Memo::new(move |_| match &*state.read() {
        FileState::Map { file } => Some(file.clone()),
        _ => None,
    });

    let panel = move |file: MappedFile| {
        let attempted = RwSignal::new(false);
        let initial = choice.get_untracked().unwrap_or_default();
        let error_of = move |field: Field| {
            Signal::derive(move || {
                if !attempted.get() {
                    return None;
                }
                let chosen = choice.get()?;
                Columns::problems(&chosen)
                    .into_iter()
                    .find(|p| p.field() == field)
                    .map(|p| p.message(i18n.lang()))
            })
        };
        let columns = file.proposal.columns().to_vec();
        let fields = Field::ALL
            .into_iter()
            .enumerate()
            .map(|(index, field)| {
                let id = select_id(field);
                let described = Description::new(id, None, Some(error_of(field)));
                let label = move || {
                    let title = i18n.t(column_title(field));
                    if column_required(field) {
                        title.to_string()
                    } else {
                        i18n.t(U::UsMapOptional).replace("{field}", title)
                    }
                };
                let empty = if column_required(field) {
                    U::UsMapChoose
                } else {
                    U::UsMapNone
                };
                let options = columns
                    .iter()
                    .enumerate()
                    .map(|(c, column)| {
                        let column = column.clone();
                        let text = move || {
                            let header = if column.header.is_empty() {
                                i18n.t(U::UsMapNoName).to_string()
                            } else {
                                column.header.clone()
                            };
                            let key = if column.samples.is_empty() {
                                U::UsMapOptionEmpty
                            } else {
                                U::UsMapOption
                            };
                            i18n.t(key)
                                .replace("{column}", &column_letter(c))
                                .replace("{header}", &header)
                                .replace("{samples}", &column.samples.join(", "))
                        };
                        view! { <option value=c.to_string() selected=initial[index] == Some(c)>{text}</option> }
                    })
                    .collect_view();
                let on_change = move |ev: leptos::ev::Targeted<leptos::ev::Event, web_sys::HtmlSelectElement>| {
                    let value = ev.target().value().parse::<usize>().ok();
                    choice.update(|c| {
                        if let Some(c) = c {
                            c[index] = value;
                        }
                    });
                };
                view! {
                    <div class="form-field" class:form-field--invalid=move || described.invalid()>
                        <label class="form-field__label" for=id>{label}</label>
                        {described.messages()}
                        <select
                            class="form-field__input form-field__select"
                            id=id
                            aria-describedby=move || described.described_by()
                            aria-invalid=move || described.aria_invalid()
                            on:change:target=on_change
                        >
                            <option value="" selected=initial[index].is_none()>{i18n.tr(empty)}</option>
                            {options}
                        </select>
                    </div>
                }
            })
            .collect_view();

        let read = {
            let file = file.clone();
            move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let Some(chosen) = choice.get_untracked() else {
                    return;
                };
                let columns = match Columns::new(chosen) {
                    Ok(columns) => columns,
                    Err(_) => {
                        attempted.set(true);
                        on_problems.run(Snapshot::of(|lang| problems(&chosen, lang)));
                        return;
                    }
                };
                remember(&file.proposal, &columns);
                choice.set(None);
                let MappedFile { name, bytes, .. } = file.clone();
                state.set(FileState::Reading { name: name.clone() });
                let lang = i18n.lang();
                spawn_local(async move {
                    match import_client::import_file(&bytes, &name, lang, Some(&columns)).await {
                        Ok(report) => apply.run((name, report)),
                        Err(error) => {
                            leptos::logging::warn!("reading {name} failed: {error}");
                            state.try_set(FileState::Failed { name });
                        }
                    }
                });
            }
        };
        let cancel = {
            let name = file.name.clone();
            move |_| {
                choice.set(None);
                state.set(FileState::Cancelled { name: name.clone() });
                request_animation_frame(|| focus_field(INPUT_ID));
            }
        };
        let intro = move || i18n.t(U::UsMapIntro).replace("{file}", &file.name);
        view! {
            <section class="users-mapping" aria-labelledby=HEADING_ID aria-describedby=INTRO_ID>
                <h3 id=HEADING_ID tabindex="-1">{i18n.tr(U::UsMapHeading)}</h3>
                <p id=INTRO_ID>{intro}</p>
                <p>{i18n.tr(U::UsMapRemember)}</p>
                <form novalidate class="form users-mapping__form" on:submit=read>
                    {fields}
                    <div class="button-group">
                        <button type="submit" class="button button--primary">{i18n.tr(U::UsMapRead)}</button>
                        <button type="button" class="button button--link" on:click=cancel>
                            {i18n.tr(U::UsMapCancel)}
                        </button>
                    </div>
                </form>
            </section>
        }
    };
    move || file.get().map(panel)
}
