//! Renewing means, or ordering them at a higher level, for many people: the price (the wizard's
//! quote for each group of means alike), and the orders, each ONE transaction: the order, one
//! request per person that names the means it renews or replaces, the invitation, the event on
//! the old request, one audit entry per person, and each person's outcome. An order holds the
//! people of one organisation, branch, level and choice of machtigingen, at most as many as an
//! order of the wizard.

use std::collections::BTreeMap;

use api::SuccessionKind;
use domain::Lang;
use domain::catalogue::Authorisations;
use domain::kvk::{BranchNumber, KvkNumber};
use domain::order::CheckedOrder;
use domain::pricing::{Quote, QuoteRequest, Term};
use domain::{Date, NewUser};

use super::Checked;
use super::people::{Decision, NewMeans, Person};
use super::store::{self, Action};
use crate::AppState;
use crate::activation::events::{self, Actor, Event};
use crate::auth::CurrentManager;
use crate::error::ApiError;
use crate::manage::audit::{self, Action as AuditAction};
use crate::orders::{self, NewOrder, insert_order};

/// The price of the means a renewal or change of level orders: the price list's, as the
/// wizard quotes an order, for each level and number of machtigingen; zero otherwise.
pub(crate) fn quote(
    checked: &Checked,
    decisions: &[(Person, Decision)],
) -> Result<Quote, ApiError> {
    let prices = crate::offer::prices();
    let Some(term) = checked.term else {
        return Ok(prices.merge(&[]));
    };
    let mut groups: BTreeMap<(domain::Level, u32), u32> = BTreeMap::new();
    for (_, decision) in decisions {
        if let Decision::Do {
            new_means: Some(new),
            ..
        } = decision
        {
            *groups
                .entry((new.level, new.authorisations.count_per_user()))
                .or_default() += 1;
        }
    }
    let requests: Vec<QuoteRequest> = groups
        .into_iter()
        .map(|((level, authorisations_per_user), users)| QuoteRequest {
            level,
            term,
            users,
            authorisations_per_user,
        })
        .collect();
    prices.quote_all(&requests).map_err(ApiError::internal)
}

/// What one order is for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct OrderKey {
    kvk_number: String,
    branch_number: Option<String>,
    level: domain::Level,
    authorisations: String,
}

/// Records the skipped people, and places the orders of the others.
pub(crate) async fn place(
    state: &AppState,
    manager: &CurrentManager,
    action: &Action,
    checked: &Checked,
    decisions: Vec<(Person, Decision)>,
    now: i64,
) -> Result<(), ApiError> {
    let term = checked
        .term
        .ok_or_else(|| ApiError::internal("a renewal without a term"))?;
    let mut skipped = Vec::new();
    let mut groups: BTreeMap<OrderKey, Vec<(Person, NewMeans, String)>> = BTreeMap::new();
    for (person, decision) in decisions {
        match decision {
            Decision::Do {
                message,
                new_means: Some(new),
            } => {
                let key = OrderKey {
                    kvk_number: person.record.kvk_number.clone(),
                    branch_number: person.means.as_ref().and_then(|m| m.branch_number.clone()),
                    level: new.level,
                    authorisations: serde_json::to_string(&new.authorisations)
                        .map_err(ApiError::internal)?,
                };
                groups.entry(key).or_default().push((person, *new, message));
            }
            other => skipped.push((person, other)),
        }
    }
    for batch in skipped.chunks(super::BATCH) {
        let mut tx = crate::db::begin_write(&state.db).await?;
        for (person, decision) in batch {
            let outcome = decision.outcome(person);
            store::record_person(&mut tx, action, person.position, &outcome, None).await?;
        }
        tx.commit().await?;
    }
    let max = state.config.import_max_rows.max(1);
    for (key, people) in groups {
        for chunk in people.chunks(max) {
            place_one(state, manager, action, (&key, term), chunk, now).await?;
        }
    }
    Ok(())
}

/// The user of a request again, as a new order's user.
fn new_user(person: &Person) -> Result<NewUser, ApiError> {
    let r = &person.record;
    let stored = |what: &str| ApiError::internal(format!("request {}: stored {what}", r.id));
    Ok(NewUser {
        first_names: r.first_names.clone(),
        infix: r.infix.clone(),
        last_name: r.last_name.clone(),
        birth_date: Date::parse_iso(&r.birth_date).map_err(|_| stored("birth date"))?,
        birth_place: r.birth_place.clone(),
        email: domain::parse_email(&r.email)
            .map_err(|_| stored("e-mail address"))?
            .0,
        mobile: domain::parse_mobile(&r.mobile)
            .map_err(|_| stored("mobile number"))?
            .0,
        employed: r.employed,
    })
}

/// One order for `people`, in one transaction with everything it brings.
async fn place_one(
    state: &AppState,
    manager: &CurrentManager,
    action: &Action,
    (key, term): (&OrderKey, Term),
    people: &[(Person, NewMeans, String)],
    now: i64,
) -> Result<(), ApiError> {
    let Some((first, _, _)) = people.first() else {
        return Ok(());
    };
    let authorisations: Authorisations =
        serde_json::from_str(&key.authorisations).map_err(ApiError::internal)?;
    let order = CheckedOrder {
        kvk_number: KvkNumber::parse_exact(&key.kvk_number)
            .ok_or_else(|| ApiError::internal("a stored KvK number"))?,
        branch_number: key
            .branch_number
            .as_deref()
            .map(|b| {
                BranchNumber::parse_exact(b).ok_or_else(|| ApiError::internal("a stored branch"))
            })
            .transpose()?,
        level: key.level,
        users: people
            .iter()
            .map(|(person, _, _)| new_user(person))
            .collect::<Result<_, _>>()?,
        authorisations,
        term,
    };
    let quote = crate::offer::prices()
        .quote(order.quote_request())
        .map_err(ApiError::internal)?;
    let order_number = orders::new_order_number()?;
    let kind = people[0].1.kind;
    let organisation_name = first.record.organisation_name.clone();
    let mut tx = crate::db::begin_write(&state.db).await?;
    insert_order(
        &mut tx,
        NewOrder {
            order_number: &order_number,
            manager,
            key: &format!("{}:{order_number}", action.id),
            request_hash: &action.request_hash,
            organisation_name: &organisation_name,
            order: &order,
            quote: &quote,
            now,
        },
    )
    .await?;
    for (index, ((person, new, message), user)) in people.iter().zip(&order.users).enumerate() {
        let means = person
            .means
            .as_ref()
            .ok_or_else(|| ApiError::internal("a renewal without a means"))?;
        let placed = (order_number.as_str(), organisation_name.as_str(), &order);
        let predecessor = Some((means.id.as_str(), new.kind, means.valid_until));
        let request_id = orders::invite(
            state,
            &mut tx,
            manager,
            placed,
            (index, user),
            predecessor,
            now,
        )
        .await?;
        let (event, audit_action) = match new.kind {
            SuccessionKind::Renewal => (Event::RenewalOrdered, AuditAction::RenewalOrdered),
            SuccessionKind::LevelChange => {
                (Event::LevelChangeOrdered, AuditAction::LevelChangeOrdered)
            }
        };
        let actor = Actor::Manager(manager.id);
        let old = &person.record;
        events::record(&mut tx, &old.id, now, event, &actor, Some(&request_id)).await?;
        let detail = format!(
            "{request_id}, {}, {}, {}",
            order.level.label(),
            term.label(Lang::Nl),
            old.audit_name()
        );
        let kvk = Some(order.kvk_number.as_str());
        audit::record(
            &mut tx,
            manager,
            kvk,
            audit_action,
            &means.id,
            Some(&detail),
            now,
        )
        .await?;
        let outcome = Decision::Do {
            message: message.clone(),
            new_means: None,
        }
        .outcome(person);
        store::record_person(
            &mut tx,
            action,
            person.position,
            &outcome,
            Some(&order_number),
        )
        .await?;
    }
    audit::record(
        &mut tx,
        manager,
        Some(order.kvk_number.as_str()),
        AuditAction::OrderPlaced,
        &order_number,
        Some(&format!(
            "{} {}, {}, {}",
            people.len(),
            match (kind, people.len()) {
                (SuccessionKind::Renewal, 1) => "verlenging",
                (SuccessionKind::Renewal, _) => "verlengingen",
                (SuccessionKind::LevelChange, 1) => "middel op hoger niveau",
                (SuccessionKind::LevelChange, _) => "middelen op hoger niveau",
            },
            order.level.label(),
            term.label(Lang::Nl)
        )),
        now,
    )
    .await?;
    tx.commit().await?;
    crate::ops::metrics::order_placed(people.len());
    tracing::info!(%order_number, users = people.len(), ?kind, "renewal order placed");
    Ok(())
}
