//! "Snel herstellen": a finding that repeats across rows and has one certain fix (see
//! [`domain::bulk_fix`]) is offered for all those rows in one action. Each kind gets a sentence
//! and "Bekijk en herstel", which opens a preview (row, column, now → becomes; at most
//! [`PREVIEW_ROWS`] rows and a line for the rest) with "Herstel {n} rijen" and "Annuleren".
//! Applying goes through [`UsersHistory::apply`], so the notice above the list announces it and
//! offers to undo it.
//!
//! Offered from two rows on: for one row the cell's own message already says what to write,
//! and a section for a single value would add noise to a list that is fixed cell by cell.

use domain::Date;
use domain::bulk_fix::{BulkFix, FixKind, bulk_fixes};
use leptos::prelude::*;

use super::history::{Change, UNDO_BUTTON_ID, UsersHistory};
use crate::components::error_summary::focus_field;
use crate::components::users_grid::column_title;
use crate::i18n::{U, use_i18n};
use crate::order_draft::{DraftUser, raw_users};

/// A kind of fix is offered when it applies to at least this many rows.
const MIN_ROWS: usize = 2;
/// The most rows a preview lists.
const PREVIEW_ROWS: usize = 10;
const HEADING_ID: &str = "users-fixes-heading";

fn review_id(kind: FixKind) -> String {
    format!("users-fix-review-{}", kind.code())
}

fn preview_id(kind: FixKind) -> String {
    format!("users-fix-preview-{}", kind.code())
}

/// The sentence about a kind: how many rows, with the first one's value as an example.
fn sentence_key(kind: FixKind) -> U {
    match kind {
        FixKind::BirthDate => U::UsFixDates,
        FixKind::Mobile => U::UsFixMobiles,
        FixKind::Employed => U::UsFixEmployed,
        FixKind::InfixInLastName => U::UsFixInfix,
        FixKind::EmailTypo => U::UsFixEmail,
    }
}

/// What the notice says once a kind has been applied to `count` rows.
pub fn fixed_text(kind: FixKind, count: usize, t: impl Fn(U) -> &'static str) -> String {
    let key = match kind {
        FixKind::BirthDate => U::UsFixedDates,
        FixKind::Mobile => U::UsFixedMobiles,
        FixKind::Employed => U::UsFixedEmployed,
        FixKind::InfixInLastName => U::UsFixedInfix,
        FixKind::EmailTypo => U::UsFixedEmail,
    };
    t(key).replace("{n}", &count.to_string())
}

/// The section, hidden while no fix applies to [`MIN_ROWS`] rows.
#[component]
pub fn QuickFixes(#[prop(into)] users: Signal<Vec<DraftUser>>, today: Date) -> impl IntoView {
    let i18n = use_i18n();
    let fixes =
        Memo::new(move |_| users.with(|list| bulk_fixes(&raw_users(list), today, MIN_ROWS)));
    // The kind whose preview is open.
    let open = RwSignal::new(None::<FixKind>);
    view! {
        <section class="users-fixes" aria-labelledby=HEADING_ID hidden=move || fixes.read().is_empty()>
            <h3 id=HEADING_ID class="users-fixes__heading">{i18n.tr(U::UsFixHeading)}</h3>
            <ul class="users-fixes__list">
                <For
                    each=move || fixes.get()
                    key=|fix| (fix.kind, fix.rows.clone())
                    children=move |fix| view! { <FixEntry fix=fix open=open today=today/> }
                />
            </ul>
        </section>
    }
}

#[component]
fn FixEntry(fix: BulkFix, open: RwSignal<Option<FixKind>>, today: Date) -> impl IntoView {
    let i18n = use_i18n();
    let history = UsersHistory::use_context();
    let kind = fix.kind;
    let count = fix.rows.len();
    let example = fix
        .rows
        .first()
        .and_then(|r| r.changes.last())
        .map(|c| c.before.clone())
        .unwrap_or_default();
    let sentence = move || {
        i18n.t(sentence_key(kind))
            .replace("{n}", &count.to_string())
            .replace("{example}", &example)
    };
    let is_open = move || open.get() == Some(kind);
    let toggle = move |_| {
        open.set(if is_open() { None } else { Some(kind) });
    };
    let cancel = move |_| {
        open.set(None);
        focus_field(&review_id(kind));
    };
    let apply = move |_| {
        let Some(plan) = history.users_untracked(|list| {
            bulk_fixes(&raw_users(list), today, 1)
                .into_iter()
                .find(|f| f.kind == kind)
        }) else {
            open.set(None);
            return;
        };
        let count = plan.rows.len();
        history.apply(Change::Fixed { kind, count }, |users| {
            plan.apply_to(users, |u| &mut u.user)
        });
        open.set(None);
        // The notice announces the change; its button undoes it.
        request_animation_frame(|| focus_field(UNDO_BUTTON_ID));
    };
    let listed_rows = count.min(PREVIEW_ROWS);
    let shown: Vec<_> = fix
        .rows
        .iter()
        .take(PREVIEW_ROWS)
        .flat_map(|row| row.changes.iter().map(move |c| (row.index + 1, c.clone())))
        .collect();
    let more = count.saturating_sub(listed_rows);
    view! {
        <li class="users-fixes__item">
            <p class="users-fixes__sentence">{sentence}</p>
            <button
                type="button"
                class="button button--secondary"
                id=review_id(kind)
                aria-expanded=move || if is_open() { "true" } else { "false" }
                aria-controls=preview_id(kind)
                on:click=toggle
            >
                {i18n.tr(U::UsFixReview)}
            </button>
            <div class="users-fixes__preview" id=preview_id(kind) hidden=move || !is_open()>
                <table class="users-fixes__table">
                    <caption>{move || i18n.t(U::UsFixCaption).replace("{n}", &count.to_string())}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(U::UsFixRow)}</th>
                            <th scope="col">{i18n.tr(U::UsFixColumn)}</th>
                            <th scope="col">{i18n.tr(U::UsFixBefore)}</th>
                            <th scope="col">{i18n.tr(U::UsFixAfter)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {shown
                            .into_iter()
                            .map(|(position, change)| {
                                let field = change.field;
                                view! {
                                    <tr>
                                        <td>{position}</td>
                                        <td>{move || i18n.t(column_title(field))}</td>
                                        <td class="users-fixes__before">{change.before}</td>
                                        <td class="users-fixes__after">{change.after}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                {(more > 0)
                    .then(|| {
                        view! {
                            <p class="users-fixes__more">
                                {move || i18n.t(U::UsFixMore).replace("{n}", &more.to_string())}
                            </p>
                        }
                    })}
                <div class="button-group">
                    <button type="button" class="button button--primary" on:click=apply>
                        {move || i18n.t(U::UsFixApply).replace("{n}", &count.to_string())}
                    </button>
                    <button type="button" class="button button--secondary" on:click=cancel>
                        {i18n.tr(U::UsChoiceCancel)}
                    </button>
                </div>
            </div>
        </li>
    }
}
