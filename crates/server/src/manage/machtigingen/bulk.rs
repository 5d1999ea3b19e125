//! Machtigingen for many people at once (`/api/v1/authorisation-changes…`): the selection (the
//! people chosen in "Gebruikers", or everyone its filter lists), what the change does for each
//! (done, or skipped and why), the price, and then in ONE transaction (at most
//! [`Selection::MAX_PEOPLE`] people) every person's change with its event, audit entry and
//! e-mail, one confirmation per manager of each organisation listing the people, and the answer
//! kept under the idempotency key.

use std::collections::BTreeMap;

use api::authorisations::{BulkAuthorisations, BulkChange, BulkResult, PersonOutcome, Selection};
use api::{BulkOutcome, SkipReason};
use domain::catalogue::Authorisations;
use domain::{Date, Lang, Level};
use sqlx::AnyConnection;

use super::one::{audit_change, record_addition, tell_managers, tell_user};
use super::plan::{self, AdditionPlan, Held};
use super::store::{self, DoneChange, Holder, PersonRow};
use super::{MachtigingError, branch_warnings, request_hash};
use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::ApiError;
use crate::lang::Text;
use crate::mail::machtigingen::Change;
use crate::manage::audit::Action;
use crate::orders::today;
use domain::machtiging::Machtiging;

/// The people of a selection, by name; every one at the manager's organisations.
async fn people(
    state: &AppState,
    manager: &CurrentManager,
    selection: &Selection,
    now: i64,
) -> Result<Vec<PersonRow>, ApiError> {
    let ids = crate::manage::selection::request_ids(
        state,
        manager,
        selection,
        now,
        Selection::MAX_PEOPLE,
    )
    .await?;
    store::people(&state.db, &ids).await
}

/// What the change does for one person.
enum Decision {
    Skip(SkipReason, String),
    Add(Box<Holder>, AdditionPlan),
    Withdraw(Box<Holder>, Vec<Held>),
}

/// The change, checked as a whole: the choice normalised, the items.
struct Checked {
    items: Vec<Machtiging>,
    choice: Authorisations,
    add: bool,
    valid_until: Option<String>,
}

fn check_change(change: &BulkChange, level: Level) -> Result<Checked, MachtigingError> {
    let (choice, add, valid_until) = match change {
        BulkChange::Add {
            authorisations,
            valid_until,
        } => (authorisations, true, valid_until.clone()),
        BulkChange::Withdraw { authorisations } => (authorisations, false, None),
    };
    // A withdrawal is of what a means holds: only the catalogue's own rules apply.
    let bound = if add { level } else { Level::Eh3 };
    let choice =
        plan::check_choice(choice, bound).map_err(|p| MachtigingError::of_choice(p, level))?;
    Ok(Checked {
        items: Machtiging::of(&choice),
        choice,
        add,
        valid_until,
    })
}

/// Decides for each person, reading what their means hold through `db`.
async fn decide(
    db: &mut AnyConnection,
    people: &[PersonRow],
    checked: &Checked,
    today: Date,
    lang: Lang,
) -> Result<Vec<(PersonRow, Decision)>, ApiError> {
    let means_ids: Vec<String> = people.iter().filter_map(|p| p.means_id.clone()).collect();
    let mut held: BTreeMap<String, Vec<Held>> = BTreeMap::new();
    for (means_id, h) in store::held(db, &means_ids).await? {
        held.entry(means_id).or_default().push(h);
    }
    let today_iso = today.iso_string();
    let mut decisions = Vec::with_capacity(people.len());
    for person in people {
        let skip = |reason, text: Text<'_>| Decision::Skip(reason, text.text(lang));
        let decision = match person.holder()? {
            None => skip(SkipReason::NoMeans, Text::SkipNoMeans),
            Some(holder) if !holder.valid_on(today) => {
                skip(SkipReason::MeansNotActive, Text::SkipMeansNotActive)
            }
            Some(holder) => {
                let holds = held.get(&holder.means_id).map_or(&[][..], Vec::as_slice);
                if checked.add {
                    match plan::too_high_for(&checked.choice, holder.level) {
                        Some((service, needs)) => Decision::Skip(
                            SkipReason::LevelTooLow,
                            Text::SkipLevelTooLow {
                                service: &service,
                                needs: &needs,
                                level: holder.level.label(),
                            }
                            .text(lang),
                        ),
                        None => {
                            let plan = plan::plan_addition(
                                &holder,
                                holds,
                                &checked.items,
                                (checked.valid_until.as_deref(), true),
                                today,
                                crate::offer::prices(),
                            )
                            .map_err(MachtigingError::End)?;
                            if plan.new.is_empty() {
                                skip(SkipReason::AlreadyPresent, Text::SkipAlreadyPresent)
                            } else {
                                Decision::Add(Box::new(holder), plan)
                            }
                        }
                    }
                } else {
                    let matching: Vec<Held> = holds
                        .iter()
                        .filter(|h| h.active(&today_iso) && checked.items.iter().any(|i| h.is(i)))
                        .cloned()
                        .collect();
                    if matching.is_empty() {
                        skip(SkipReason::NotPresent, Text::SkipNotPresent)
                    } else {
                        Decision::Withdraw(Box::new(holder), matching)
                    }
                }
            }
        };
        decisions.push((person.clone(), decision));
    }
    Ok(decisions)
}

/// The answer for these decisions.
fn result(decisions: &[(PersonRow, Decision)], lang: Lang) -> Result<BulkResult, ApiError> {
    let mut additions = Vec::new();
    let mut branches = Vec::new();
    let people: Vec<PersonOutcome> = decisions
        .iter()
        .map(|(person, decision)| {
            let (outcome, reason, message) = match decision {
                Decision::Skip(reason, message) => {
                    (BulkOutcome::Skipped, Some(*reason), message.clone())
                }
                Decision::Add(holder, plan) => {
                    additions.push(plan.addition(holder.level));
                    branches.push(&holder.branch_number);
                    let labels: Vec<String> =
                        plan.new.iter().map(|i| plan::label(i, lang)).collect();
                    let text = Text::DoneAdded {
                        labels: &labels.join("; "),
                        until: &plan.until.to_dutch(),
                    };
                    (BulkOutcome::Done, None, text.text(lang))
                }
                Decision::Withdraw(_, held) => {
                    let labels: Vec<String> = held.iter().map(|h| h.label_in(lang)).collect();
                    let text = Text::DoneWithdrawn {
                        labels: &labels.join("; "),
                    };
                    (BulkOutcome::Done, None, text.text(lang))
                }
            };
            PersonOutcome {
                request_id: person.request_id.clone(),
                name: person.name(),
                outcome,
                reason,
                message,
            }
        })
        .collect();
    let quote = crate::offer::prices()
        .quote_additions(&additions)
        .map_err(ApiError::internal)?;
    let done = people
        .iter()
        .filter(|p| p.outcome == BulkOutcome::Done)
        .count() as u32;
    Ok(BulkResult {
        done,
        skipped: people.len() as u32 - done,
        people,
        quote,
        warnings: branch_warnings(branches, lang),
    })
}

/// What the change would do.
pub(crate) async fn preview(
    state: &AppState,
    manager: &CurrentManager,
    body: &BulkAuthorisations,
    now: i64,
    lang: Lang,
) -> Result<BulkResult, ApiError> {
    let today = today(now);
    let checked = check_change(&body.change, manager.level)?;
    let people = people(state, manager, &body.selection, now).await?;
    let mut connection = state.db.acquire().await?;
    let decisions = decide(&mut connection, &people, &checked, today, lang).await?;
    result(&decisions, lang)
}

/// Does the change, or answers what this key did before. `Ok((answer, true))` when done now.
pub(crate) async fn apply(
    state: &AppState,
    manager: &CurrentManager,
    key: &str,
    body: &BulkAuthorisations,
    now: i64,
    lang: Lang,
) -> Result<(BulkResult, bool), ApiError> {
    let hash = request_hash(body)?;
    if let Some(done) = super::one::replay(state, manager, key, &hash).await? {
        return Ok((done, false));
    }
    let today = today(now);
    let checked = check_change(&body.change, manager.level)?;
    let people = people(state, manager, &body.selection, now).await?;
    let mut tx = crate::db::begin_write(&state.db).await?;
    // The write lock first (SQLite), then the decisions on what the means hold now.
    for person in &people {
        if let Some(means_id) = &person.means_id {
            store::lock_valid_means(&mut tx, means_id, &today.iso_string()).await?;
        }
    }
    let decisions = decide(&mut tx, &people, &checked, today, lang).await?;
    let answer = result(&decisions, lang)?;
    if answer.quote.total_excl_vat.0 > 0 && !body.accepted_terms {
        return Err(MachtigingError::TermsNotAccepted.into());
    }
    // Per organisation, the people done and what they got, for the managers' confirmation.
    let mut told: BTreeMap<String, (&Holder, Vec<String>)> = BTreeMap::new();
    // The dedupe keys of the change's e-mails: this manager's change under this key.
    let bulk_key = format!("bulk:{}:{key}", manager.id);
    let mut change_labels = Vec::new();
    let mut until = None;
    for (_, decision) in &decisions {
        let holder = match decision {
            Decision::Skip(..) => continue,
            Decision::Add(holder, plan) => {
                let labels = record_addition(&mut tx, manager, holder, plan, now).await?;
                let what = format!("{} t/m {}", labels.join("; "), plan.until.to_dutch());
                audit_change(
                    &mut tx,
                    manager,
                    holder,
                    Action::AuthorisationsAdded,
                    &what,
                    now,
                )
                .await?;
                let change = Change::Added {
                    labels: &labels,
                    until: plan.until,
                };
                tell_user(&mut tx, manager, holder, change, &bulk_key).await?;
                until = until.max(Some(plan.until));
                if change_labels.len() < labels.len() {
                    change_labels = labels;
                }
                holder
            }
            Decision::Withdraw(holder, held) => {
                for h in held {
                    store::withdraw(
                        &mut tx,
                        &holder.means_id,
                        h.position,
                        &today.iso_string(),
                        now,
                    )
                    .await?;
                }
                let labels =
                    super::one::record_withdrawal_quietly(&mut tx, manager, holder, held, now)
                        .await?;
                let change = Change::Withdrawn { labels: &labels };
                tell_user(&mut tx, manager, holder, change, &bulk_key).await?;
                if change_labels.len() < labels.len() {
                    change_labels = labels;
                }
                holder
            }
        };
        told.entry(holder.kvk_number.clone())
            .or_insert_with(|| (holder, Vec::new()))
            .1
            .push(holder.name.clone());
    }
    let change = match until {
        Some(until) => Change::Added {
            labels: &change_labels,
            until,
        },
        None => Change::Withdrawn {
            labels: &change_labels,
        },
    };
    for (holder, names) in told.values() {
        tell_managers(&mut tx, manager, holder, names, change, &bulk_key).await?;
    }
    let stored_result = serde_json::to_string(&answer).map_err(ApiError::internal)?;
    let kvk_numbers: Vec<String> = told.keys().cloned().collect();
    let stored = store::insert_change(
        &mut tx,
        manager.id,
        &DoneChange {
            key,
            request_hash: &hash,
            kvk_numbers: &kvk_numbers,
            total_excl_vat: answer.quote.total_excl_vat.0,
            total_incl_vat: answer.quote.total_incl_vat.0,
            result: &stored_result,
        },
        now,
    )
    .await?;
    if !stored {
        drop(tx);
        return super::one::replay(state, manager, key, &hash)
            .await?
            .map(|done| (done, false))
            .ok_or_else(|| ApiError::internal("a bulk change's key taken but not found"));
    }
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(
        manager = manager.id,
        done = answer.done,
        skipped = answer.skipped,
        "bulk machtigingen change"
    );
    Ok((answer, true))
}
