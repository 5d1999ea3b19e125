//! The people of a bulk action: their requests and means as stored, what the action does for
//! each (done, or skipped and why), and the actions that place no order, done in one batch.

use std::collections::{BTreeMap, BTreeSet};

use api::authorisations::PersonOutcome;
use api::year::PeopleAction;
use api::{BulkOutcome, MeansStatus, SkipReason, SuccessionKind};
use domain::catalogue::Authorisations;
use domain::machtiging::{Machtiging, renewal_start, term_end};
use domain::{Date, Lang, Level};

use super::Checked;
use super::store::{self, Action};
use crate::AppState;
use crate::activation::RequestRecord;
use crate::activation::store::load_many;
use crate::auth::CurrentManager;
use crate::error::ApiError;
use crate::lang::Text;
use crate::manage::machtigingen::plan::too_high_for;
use crate::manage::{requests, users};
use crate::sql::{Sql, statuses};

/// Ids per `IN (…)`.
const CHUNK: usize = 500;

/// A person's means, as a renewal or revocation needs it.
#[derive(Debug, Clone)]
pub(crate) struct MeansFacts {
    pub id: String,
    pub status: MeansStatus,
    pub level: Level,
    pub valid_until: Date,
    pub branch_number: Option<String>,
    /// The request that renews or replaces it and is under way or done.
    pub successor: Option<String>,
}

impl MeansFacts {
    fn valid_on(&self, today: Date) -> bool {
        self.status == MeansStatus::Active && self.valid_until >= today
    }
}

/// A selected person: the request, and the means once issued.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub record: RequestRecord,
    pub means: Option<MeansFacts>,
    /// Where the person is in the selection, by name: the answer's order.
    pub position: usize,
}

/// What a renewal or change of level orders for one person.
#[derive(Debug, Clone)]
pub(crate) struct NewMeans {
    pub kind: SuccessionKind,
    pub level: Level,
    pub authorisations: Authorisations,
}

/// What the action does for one person.
#[derive(Debug, Clone)]
pub(crate) enum Decision {
    Skip(SkipReason, String),
    Do {
        message: String,
        new_means: Option<Box<NewMeans>>,
    },
}

impl Decision {
    /// The person's line of the answer.
    pub(crate) fn outcome(&self, person: &Person) -> PersonOutcome {
        let (outcome, reason, message) = match self {
            Decision::Skip(reason, message) => (BulkOutcome::Skipped, Some(*reason), message),
            Decision::Do { message, .. } => (BulkOutcome::Done, None, message),
        };
        PersonOutcome {
            request_id: person.record.id.clone(),
            name: person.record.full_name(),
            outcome,
            reason,
            message: message.clone(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct MeansRow {
    request_id: String,
    id: String,
    status: MeansStatus,
    level: String,
    valid_until: String,
    branch_number: Option<String>,
    successor: Option<String>,
}

/// The people of `ids`, by name.
pub(crate) async fn load(state: &AppState, ids: &[String]) -> Result<Vec<Person>, ApiError> {
    let mut connection = state.db.acquire().await?;
    let mut people = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let records = load_many(&mut connection, chunk).await?;
        let mut sql = Sql::new(format!(
            "SELECT m.request_id, m.id, m.status, m.level, m.valid_until, m.branch_number, \
             (SELECT s.id FROM requests s WHERE s.predecessor_means_id = m.id \
              AND s.predecessor_means_id IS NOT NULL AND s.status NOT IN {}) AS successor \
             FROM means m WHERE m.request_id IN ",
            statuses(&[
                api::RequestStatus::Cancelled,
                api::RequestStatus::Rejected,
                api::RequestStatus::Expired,
            ])
        ));
        sql.push_tuple(chunk.to_vec());
        let rows: Vec<MeansRow> = sql.build_as().fetch_all(&mut *connection).await?;
        let mut means: BTreeMap<String, MeansFacts> = BTreeMap::new();
        for row in rows {
            let valid_until = Date::parse_iso(&row.valid_until)
                .map_err(|_| ApiError::internal(format!("stored date {:?}", row.valid_until)))?;
            means.insert(
                row.request_id,
                MeansFacts {
                    id: row.id,
                    status: row.status,
                    level: crate::auth::parse_level(&row.level)?,
                    valid_until,
                    branch_number: row.branch_number,
                    successor: row.successor,
                },
            );
        }
        people.extend(records.into_iter().map(|record| Person {
            means: means.remove(&record.id),
            record,
            position: 0,
        }));
    }
    people.sort_by_cached_key(|p| {
        let r = &p.record;
        (
            domain::user::sort_name(&r.first_names, &r.infix, &r.last_name),
            r.id.clone(),
        )
    });
    for (position, person) in people.iter_mut().enumerate() {
        person.position = position;
    }
    Ok(people)
}

/// The machtigingen each means holds today, as a choice for its successor.
async fn kept(
    state: &AppState,
    people: &[Person],
    today: Date,
) -> Result<BTreeMap<String, Authorisations>, ApiError> {
    let today_iso = today.iso_string();
    let means_ids: Vec<String> = people
        .iter()
        .filter_map(|p| p.means.as_ref().map(|m| m.id.clone()))
        .collect();
    let mut held: BTreeMap<String, Vec<Machtiging>> = BTreeMap::new();
    let mut connection = state.db.acquire().await?;
    for chunk in means_ids.chunks(CHUNK) {
        for (means_id, h) in
            crate::manage::machtigingen::store::held(&mut connection, chunk).await?
        {
            let item = Machtiging::stored(&h.kind, &h.subject).filter(|_| h.active(&today_iso));
            let items = held.entry(means_id).or_default();
            items.extend(item);
        }
    }
    Ok(means_ids
        .into_iter()
        .map(|id| {
            let items = held.remove(&id).unwrap_or_default();
            (id, as_choice(&items))
        })
        .collect())
}

/// Machtigingen as the choice of an order.
fn as_choice(items: &[Machtiging]) -> Authorisations {
    if items.is_empty() {
        return Authorisations::None;
    }
    if items.contains(&Machtiging::AllServices) {
        return Authorisations::AllServices;
    }
    let (mut providers, mut services) = (Vec::new(), Vec::new());
    for item in items {
        match item {
            Machtiging::Provider(id) => providers.push(id.clone()),
            Machtiging::Service(id) => services.push(id.clone()),
            Machtiging::AllServices => {}
        }
    }
    Authorisations::Selected {
        providers,
        services,
    }
}

/// Decides for each person.
pub(crate) async fn decide(
    state: &AppState,
    checked: &Checked,
    people: Vec<Person>,
    now: i64,
    lang: Lang,
) -> Result<Vec<(Person, Decision)>, ApiError> {
    let today = crate::clock::today(now);
    let orders_means = matches!(
        checked.action,
        PeopleAction::Renew { .. } | PeopleAction::ChangeLevel { .. }
    );
    let (ended, kept) = if orders_means {
        let numbers: BTreeSet<String> =
            people.iter().map(|p| p.record.kvk_number.clone()).collect();
        let ended = crate::manage::ended::ended(state, numbers).await;
        let kept = if checked.authorisations.is_none() {
            kept(state, &people, today).await?
        } else {
            BTreeMap::new()
        };
        (ended, kept)
    } else {
        Default::default()
    };
    Ok(people
        .into_iter()
        .map(|person| {
            let decision = decide_one(checked, &person, today, &ended, &kept, lang);
            (person, decision)
        })
        .collect())
}

fn decide_one(
    checked: &Checked,
    person: &Person,
    today: Date,
    ended: &std::collections::HashMap<String, domain::RegisterDate>,
    kept: &BTreeMap<String, Authorisations>,
    lang: Lang,
) -> Decision {
    let record = &person.record;
    let skip = |reason, text: Text<'_>| Decision::Skip(reason, text.text(lang));
    let done = |text: Text<'_>| Decision::Do {
        message: text.text(lang),
        new_means: None,
    };
    match &checked.action {
        PeopleAction::ResendInvitation | PeopleAction::CancelRequest
            if !record.status.is_open() =>
        {
            skip(SkipReason::RequestNotOpen, Text::SkipRequestNotOpen)
        }
        PeopleAction::ResendInvitation if !record.status.before_order() => {
            skip(SkipReason::AlreadyOrdered, Text::SkipAlreadyOrdered)
        }
        PeopleAction::ResendInvitation => done(Text::DoneResent {
            email: &record.email,
        }),
        PeopleAction::CancelRequest => done(Text::DoneCancelled),
        PeopleAction::Revoke | PeopleAction::Renew { .. } | PeopleAction::ChangeLevel { .. } => {
            let Some(means) = &person.means else {
                return skip(SkipReason::NoMeans, Text::SkipNoMeans);
            };
            if !means.valid_on(today) {
                return skip(SkipReason::MeansNotActive, Text::SkipMeansNotActive);
            }
            if checked.action == PeopleAction::Revoke {
                return done(Text::DoneRevoked { means: &means.id });
            }
            if let Some(request) = &means.successor {
                return skip(
                    SkipReason::SuccessorExists,
                    Text::SkipSuccessorExists { request },
                );
            }
            if ended.contains_key(&record.kvk_number) {
                return skip(SkipReason::OrganisationEnded, Text::SkipOrganisationEnded);
            }
            let (kind, level, from) = match checked.level {
                Some(level) if means.level >= level => {
                    return skip(
                        SkipReason::LevelNotHigher,
                        Text::SkipLevelNotHigher {
                            level: means.level.label(),
                        },
                    );
                }
                Some(level) => (SuccessionKind::LevelChange, level, today),
                None => (
                    SuccessionKind::Renewal,
                    means.level,
                    renewal_start(today, means.valid_until),
                ),
            };
            let authorisations = match &checked.authorisations {
                Some(chosen) => {
                    if let Some((service, needs)) = too_high_for(chosen, level) {
                        return skip(
                            SkipReason::LevelTooLow,
                            Text::SkipLevelTooLow {
                                service: &service,
                                needs: &needs,
                                level: level.label(),
                            },
                        );
                    }
                    chosen.clone()
                }
                None => kept.get(&means.id).cloned().unwrap_or(Authorisations::None),
            };
            let years = checked.term.map_or(1, |t| u16::from(t.years()));
            let until = term_end(from, years);
            let (from_text, until_text) = (from.to_dutch(), until.to_dutch());
            let message = match kind {
                SuccessionKind::Renewal => Text::DoneRenewed {
                    from: &from_text,
                    until: &until_text,
                },
                SuccessionKind::LevelChange => Text::DoneLevelChanged {
                    level: level.label(),
                },
            }
            .text(lang);
            Decision::Do {
                message,
                new_means: Some(Box::new(NewMeans {
                    kind,
                    level,
                    authorisations,
                })),
            }
        }
    }
}

/// Does one batch of a revocation, re-sending or cancellation in one transaction, recording
/// each person's outcome with it. A person whose request or means changed since the decision
/// is recorded as skipped.
pub(crate) async fn apply_batch(
    state: &AppState,
    manager: &CurrentManager,
    action: &Action,
    batch: &[(Person, Decision)],
    now: i64,
    lang: Lang,
) -> Result<(), ApiError> {
    let mut tx = crate::db::begin_write(&state.db).await?;
    for (person, decision) in batch {
        let record = &person.record;
        let mut outcome = decision.outcome(person);
        if let Decision::Do { .. } = decision {
            let changed = match &action.kind {
                PeopleAction::Revoke => {
                    let means_id = person.means.as_ref().map(|m| m.id.as_str());
                    let revoked = match means_id {
                        Some(id) => users::revoke_in(&mut tx, manager, record, id, now).await?,
                        None => false,
                    };
                    (!revoked).then_some((SkipReason::MeansNotActive, Text::SkipMeansNotActive))
                }
                PeopleAction::ResendInvitation => {
                    requests::resend_in(state, &mut tx, manager, record, now).await?;
                    None
                }
                PeopleAction::CancelRequest => {
                    let cancelled = requests::cancel_one_in(&mut tx, manager, record, now).await?;
                    (!cancelled).then_some((SkipReason::RequestNotOpen, Text::SkipRequestNotOpen))
                }
                PeopleAction::Renew { .. } | PeopleAction::ChangeLevel { .. } => {
                    return Err(ApiError::internal("a renewal is placed as orders"));
                }
            };
            if let Some((reason, text)) = changed {
                outcome.outcome = BulkOutcome::Skipped;
                outcome.reason = Some(reason);
                outcome.message = text.text(lang);
            }
        }
        store::record_person(&mut tx, action, person.position, &outcome, None).await?;
    }
    tx.commit().await?;
    Ok(())
}
