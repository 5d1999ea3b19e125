//! One person's machtigingen: the quote and the addition
//! (`/api/v1/means/{means_id}/authorisations…`), a new last day, a withdrawal.

use domain::machtiging::EndBounds;
use domain::{Date, Lang};
use sqlx::AnyConnection;

use super::plan::{self, AdditionPlan, Held};
use super::store::{self, DoneChange, Holder, NewHeld};
use super::{MachtigingError, branch_warnings, request_hash};
use crate::AppState;
use crate::activation::events::{self, Actor, Event};
use crate::auth::CurrentManager;
use crate::error::ApiError;
use crate::mail::machtigingen::{self as mail, Change, Organisation};
use crate::manage::audit::{self, Action};
use crate::manage::users::MeansDetail;
use crate::orders::today;
use crate::outbox::{self, NewMessage};
use domain::machtiging::Machtiging;

use api::authorisations::AdditionPlan as PlanView;
pub(crate) use api::authorisations::{
    AuthorisationAddition, AuthorisationEnd, AuthorisationsAdded,
};

/// The means `means_id` of one of the manager's organisations.
async fn holder_of(
    state: &AppState,
    manager: &CurrentManager,
    means_id: &str,
) -> Result<Holder, ApiError> {
    match store::holder(&state.db, means_id).await? {
        Some(holder) if manager.manages(&holder.kvk_number) => Ok(holder),
        _ => Err(MachtigingError::MeansNotFound(means_id.to_owned()).into()),
    }
}

/// What the means holds.
async fn held_by(state: &AppState, means_id: &str) -> Result<Vec<Held>, ApiError> {
    let mut connection = state.db.acquire().await?;
    Ok(store::held(&mut connection, &[means_id.to_owned()])
        .await?
        .into_iter()
        .map(|(_, held)| held)
        .collect())
}

/// A checked addition to one means: the plan and its price.
struct Checked {
    holder: Holder,
    plan: AdditionPlan,
    view: PlanView,
}

async fn check(
    state: &AppState,
    manager: &CurrentManager,
    means_id: &str,
    addition: &AuthorisationAddition,
    now: i64,
    lang: Lang,
) -> Result<Checked, ApiError> {
    let holder = holder_of(state, manager, means_id).await?;
    let today = today(now);
    if !holder.valid_on(today) {
        return Err(MachtigingError::MeansNotValid(means_id.to_owned()).into());
    }
    let choice = plan::check_choice(&addition.authorisations, manager.level)
        .map_err(|p| MachtigingError::of_choice(p, manager.level))?;
    if let Some((service, needs)) = plan::too_high_for(&choice, holder.level) {
        return Err(MachtigingError::NeedsHigherLevel {
            service,
            needs,
            level: holder.level,
        }
        .into());
    }
    let held = held_by(state, means_id).await?;
    let plan = plan::plan_addition(
        &holder,
        &held,
        &Machtiging::of(&choice),
        (addition.valid_until.as_deref(), false),
        today,
        crate::offer::prices(),
    )
    .map_err(MachtigingError::End)?;
    let quote = crate::offer::prices()
        .quote_additions(&[plan.addition(holder.level)])
        .map_err(ApiError::internal)?;
    let labels = |items: &[Machtiging]| {
        items
            .iter()
            .map(|i| plan::label(i, lang))
            .collect::<Vec<_>>()
    };
    let view = PlanView {
        added: labels(&plan.new),
        already_present: labels(&plan.present),
        valid_until: plan.until.iso_string(),
        quote,
        warnings: branch_warnings([&holder.branch_number], lang),
    };
    Ok(Checked { holder, plan, view })
}

/// What adding would add and cost.
pub(crate) async fn quote(
    state: &AppState,
    manager: &CurrentManager,
    means_id: &str,
    addition: &AuthorisationAddition,
    now: i64,
    lang: Lang,
) -> Result<PlanView, ApiError> {
    Ok(check(state, manager, means_id, addition, now, lang)
        .await?
        .view)
}

/// Adds machtigingen to means `means_id`, or answers what this key added before. `Ok((answer,
/// true))` when added now.
pub(crate) async fn add(
    state: &AppState,
    manager: &CurrentManager,
    means_id: &str,
    key: &str,
    addition: &AuthorisationAddition,
    now: i64,
    lang: Lang,
) -> Result<(AuthorisationsAdded, bool), ApiError> {
    let hash = request_hash(&(means_id, addition))?;
    if let Some(done) = replay(state, manager, key, &hash).await? {
        return Ok((done, false));
    }
    let Checked { holder, plan, view } =
        check(state, manager, means_id, addition, now, lang).await?;
    if plan.new.is_empty() {
        return Err(MachtigingError::AlreadyPresent.into());
    }
    if view.quote.total_excl_vat.0 > 0 && !addition.accepted_terms {
        return Err(MachtigingError::TermsNotAccepted.into());
    }
    let today = today(now);
    let mut tx = crate::db::begin_write(&state.db).await?;
    if !store::lock_valid_means(&mut tx, means_id, &today.iso_string()).await? {
        return Err(MachtigingError::MeansNotValid(means_id.to_owned()).into());
    }
    // Checked again under the lock: what a concurrent addition added is not added twice.
    let held: Vec<Held> = store::held(&mut tx, &[means_id.to_owned()])
        .await?
        .into_iter()
        .map(|(_, h)| h)
        .collect();
    let plan = plan::plan_addition(
        &holder,
        &held,
        &plan.new,
        (addition.valid_until.as_deref(), false),
        today,
        crate::offer::prices(),
    )
    .map_err(MachtigingError::End)?;
    if plan.new.is_empty() {
        return Err(MachtigingError::AlreadyPresent.into());
    }
    let labels = record_addition(&mut tx, manager, &holder, &plan, now).await?;
    let price = crate::offer::prices()
        .quote_additions(&[plan.addition(holder.level)])
        .map_err(ApiError::internal)?;
    let what = format!(
        "{} t/m {}; {}",
        labels.join("; "),
        plan.until.to_dutch(),
        price.total_incl_vat.format(Lang::Nl)
    );
    audit_change(
        &mut tx,
        manager,
        &holder,
        Action::AuthorisationsAdded,
        &what,
        now,
    )
    .await?;
    tell(
        &mut tx,
        manager,
        &holder,
        Change::Added {
            labels: &labels,
            until: plan.until,
        },
        &format!("added:{means_id}:{key}"),
    )
    .await?;
    let answer = AuthorisationsAdded {
        plan: PlanView {
            added: plan.new.iter().map(|i| plan::label(i, lang)).collect(),
            quote: price,
            ..view
        },
        means: means_in(&mut tx, means_id, now, lang).await?,
    };
    let result = serde_json::to_string(&answer).map_err(ApiError::internal)?;
    let stored = store::insert_change(
        &mut tx,
        manager.id,
        &DoneChange {
            key,
            request_hash: &hash,
            kvk_numbers: std::slice::from_ref(&holder.kvk_number),
            total_excl_vat: answer.plan.quote.total_excl_vat.0,
            total_incl_vat: answer.plan.quote.total_incl_vat.0,
            result: &result,
        },
        now,
    )
    .await?;
    if !stored {
        // The same key, at the same moment, in another request: that one answers.
        drop(tx);
        return replay(state, manager, key, &hash)
            .await?
            .map(|done| (done, false))
            .ok_or_else(|| ApiError::internal("an addition's key taken but not found"));
    }
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(means = %means_id, manager = manager.id, "machtigingen added");
    Ok((answer, true))
}

/// The answer of an earlier change under `key`, or `idempotency_key_reused`.
pub(super) async fn replay<T: serde::de::DeserializeOwned>(
    state: &AppState,
    manager: &CurrentManager,
    key: &str,
    hash: &str,
) -> Result<Option<T>, ApiError> {
    match store::find_change(&state.db, manager.id, key).await? {
        None => Ok(None),
        Some((stored, _)) if stored != hash => Err(crate::orders::OrderError::KeyReused.into()),
        Some((_, result)) => serde_json::from_str(&result)
            .map(Some)
            .map_err(ApiError::internal),
    }
}

/// Stores the plan's new machtigingen on the holder's means with its event; answers their
/// labels as stored (Dutch, like the rest of the timeline).
pub(crate) async fn record_addition(
    tx: &mut AnyConnection,
    manager: &CurrentManager,
    holder: &Holder,
    plan: &AdditionPlan,
    now: i64,
) -> Result<Vec<String>, ApiError> {
    let today = today(now);
    let (from, until) = (today.iso_string(), plan.until.iso_string());
    let labels: Vec<String> = plan.new.iter().map(|i| plan::label(i, Lang::Nl)).collect();
    let rows: Vec<NewHeld<'_>> = plan
        .new
        .iter()
        .zip(&labels)
        .enumerate()
        .map(|(index, (item, label))| NewHeld {
            item,
            label,
            valid_from: &from,
            valid_until: &until,
            paid_until: plan.paid_until(index, today),
        })
        .collect();
    store::insert(tx, &holder.means_id, &rows, manager.id, now).await?;
    events::record(
        tx,
        &holder.request_id,
        now,
        Event::AuthorisationsAdded,
        &Actor::Manager(manager.id),
        Some(&format!(
            "{} (t/m {})",
            labels.join("; "),
            plan.until.to_dutch()
        )),
    )
    .await?;
    Ok(labels)
}

/// The e-mails of a change of one person: each manager of the organisation, and the user.
async fn tell(
    tx: &mut AnyConnection,
    manager: &CurrentManager,
    holder: &Holder,
    change: Change<'_>,
    dedupe: &str,
) -> Result<(), ApiError> {
    let people = [holder.name.clone()];
    tell_managers(tx, manager, holder, &people, change, dedupe).await?;
    tell_user(tx, manager, holder, change, dedupe).await
}

/// The organisation of the holder, as the notices name it.
fn organisation(holder: &Holder) -> Organisation<'_> {
    Organisation {
        name: &holder.organisation_name,
        kvk_number: &holder.kvk_number,
    }
}

/// Each manager of `holder`'s organisation: the confirmation of `change` for `people` (the
/// holder, or everyone of the organisation a bulk change was done for).
pub(crate) async fn tell_managers(
    tx: &mut AnyConnection,
    manager: &CurrentManager,
    holder: &Holder,
    people: &[String],
    change: Change<'_>,
    dedupe: &str,
) -> Result<(), ApiError> {
    for recipient in store::managers_of(tx, &holder.kvk_number).await? {
        let mail = mail::changed_to_manager(
            &recipient.name,
            &manager.name,
            organisation(holder),
            people,
            change,
        );
        // Per organisation: a manager of two gets a bulk change's confirmation for each.
        let key = format!(
            "machtigingen-manager:{dedupe}:{}:{}",
            holder.kvk_number, recipient.email
        );
        outbox::enqueue(tx, NewMessage::email(&recipient.email, mail, key)).await?;
    }
    Ok(())
}

/// The user: what they gained or lost.
pub(crate) async fn tell_user(
    tx: &mut AnyConnection,
    manager: &CurrentManager,
    holder: &Holder,
    change: Change<'_>,
    dedupe: &str,
) -> Result<(), ApiError> {
    let mail = mail::changed_to_user(
        &holder.name,
        organisation(holder),
        (&manager.name, &manager.email),
        change,
    );
    let key = format!("machtigingen-user:{dedupe}:{}", holder.means_id);
    outbox::enqueue(tx, NewMessage::email(&holder.email, mail, key)).await?;
    Ok(())
}

/// The audit entry of a change of the holder's machtigingen: whose, and `what`.
pub(crate) async fn audit_change(
    tx: &mut AnyConnection,
    manager: &CurrentManager,
    holder: &Holder,
    action: Action,
    what: &str,
    now: i64,
) -> Result<(), ApiError> {
    let detail = format!("{} ({}): {what}", holder.name, holder.email);
    audit::record(
        tx,
        manager,
        Some(&holder.kvk_number),
        action,
        &holder.means_id,
        Some(&detail),
        now,
    )
    .await?;
    Ok(())
}

/// The means as it is now, in the transaction.
async fn means_in(
    tx: &mut AnyConnection,
    means_id: &str,
    now: i64,
    lang: Lang,
) -> Result<MeansDetail, ApiError> {
    crate::manage::store::users::means(tx, means_id, now, lang).await
}

/// The machtiging at `position` of the manager's means `means_id`, with the means' holder.
async fn machtiging(
    state: &AppState,
    manager: &CurrentManager,
    means_id: &str,
    position: i64,
    today: Date,
) -> Result<(Holder, Held), ApiError> {
    let holder = holder_of(state, manager, means_id).await?;
    let held = held_by(state, means_id)
        .await?
        .into_iter()
        .find(|h| h.position == position)
        .ok_or(MachtigingError::NotFound(position))?;
    if !holder.valid_on(today) {
        return Err(MachtigingError::MeansNotValid(means_id.to_owned()).into());
    }
    if !held.active(&today.iso_string()) {
        return Err(MachtigingError::NotActive.into());
    }
    Ok((holder, held))
}

/// Withdraws machtiging `position` of means `means_id`: it stops today.
pub(crate) async fn withdraw(
    state: &AppState,
    manager: &CurrentManager,
    means_id: &str,
    position: i64,
    now: i64,
    lang: Lang,
) -> Result<MeansDetail, ApiError> {
    let today = today(now);
    let (holder, held) = machtiging(state, manager, means_id, position, today).await?;
    let mut tx = crate::db::begin_write(&state.db).await?;
    if !store::withdraw(&mut tx, means_id, position, &today.iso_string(), now).await? {
        return Err(MachtigingError::NotActive.into());
    }
    let labels = record_withdrawal_quietly(&mut tx, manager, &holder, &[held], now).await?;
    tell(
        &mut tx,
        manager,
        &holder,
        Change::Withdrawn { labels: &labels },
        &format!("withdrawn:{means_id}:{position}"),
    )
    .await?;
    let means = means_in(&mut tx, means_id, now, lang).await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(means)
}

/// The event and audit entry of withdrawing `held` from the holder's means (already stored);
/// answers their labels as stored. The caller sends the e-mails.
pub(crate) async fn record_withdrawal_quietly(
    tx: &mut AnyConnection,
    manager: &CurrentManager,
    holder: &Holder,
    held: &[Held],
    now: i64,
) -> Result<Vec<String>, ApiError> {
    let labels: Vec<String> = held.iter().map(|h| h.label_in(Lang::Nl)).collect();
    events::record(
        tx,
        &holder.request_id,
        now,
        Event::AuthorisationWithdrawn,
        &Actor::Manager(manager.id),
        Some(&labels.join("; ")),
    )
    .await?;
    let what = labels.join("; ");
    audit_change(
        tx,
        manager,
        holder,
        Action::AuthorisationWithdrawn,
        &what,
        now,
    )
    .await?;
    Ok(labels)
}

/// Gives machtiging `position` of means `means_id` a new last day.
pub(crate) async fn set_end(
    state: &AppState,
    manager: &CurrentManager,
    means_id: &str,
    position: i64,
    end: &AuthorisationEnd,
    now: i64,
    lang: Lang,
) -> Result<MeansDetail, ApiError> {
    let today = today(now);
    let (holder, held) = machtiging(state, manager, means_id, position, today).await?;
    let paid_until = held
        .paid_until
        .as_deref()
        .map(Date::parse_iso)
        .transpose()
        .map_err(|_| ApiError::internal("a stored paid_until"))?;
    let bounds = EndBounds {
        today,
        means_until: holder.valid_until,
        paid_until,
    };
    let until = bounds
        .check(Some(&end.valid_until))
        .map_err(MachtigingError::End)?;
    let was = Date::parse_iso(&held.valid_until)
        .map_err(|_| ApiError::internal("a stored valid_until"))?;
    if until == was {
        let mut connection = state.db.acquire().await?;
        return means_in(&mut connection, means_id, now, lang).await;
    }
    let mut tx = crate::db::begin_write(&state.db).await?;
    let dates = (
        held.valid_until.as_str(),
        until.iso_string(),
        today.iso_string(),
    );
    if !store::set_end(&mut tx, means_id, position, (dates.0, &dates.1, &dates.2)).await? {
        return Err(MachtigingError::NotActive.into());
    }
    let label = held.label_in(Lang::Nl);
    let detail = format!("{label}: {} → {}", was.to_dutch(), until.to_dutch());
    events::record(
        &mut tx,
        &holder.request_id,
        now,
        Event::AuthorisationEndChanged,
        &Actor::Manager(manager.id),
        Some(&detail),
    )
    .await?;
    audit_change(
        &mut tx,
        manager,
        &holder,
        Action::AuthorisationEndChanged,
        &detail,
        now,
    )
    .await?;
    tell(
        &mut tx,
        manager,
        &holder,
        Change::EndChanged {
            label: &label,
            from: was,
            to: until,
        },
        &format!("end:{means_id}:{position}:{now}"),
    )
    .await?;
    let means = means_in(&mut tx, means_id, now, lang).await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(means)
}
