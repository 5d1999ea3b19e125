//! Placing an order: the manager's rights, the register, every rule of `domain::order`, the
//! price, and then — in ONE transaction — the order, one request per user with its invitation
//! token, the first event of each request and one invitation e-mail per user in the outbox. An
//! accepted order always gets its mails; a refused or failed one never does. The same
//! idempotency key returns the same order, so a double click never orders twice.

use axum::http::StatusCode;
use domain::Lang;
use domain::NewUser;
use domain::kvk::KvkNumber;
use domain::order::{CheckedOrder, OrderContext, OrderProblem, OrderRequest, check_order};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::auth::CurrentManager;
use crate::auth::session::random_token;
use crate::error::{ApiError, Problem};
use crate::lang::Text;
use crate::mail::templates::{self, InvitationMail};
use crate::{kvk, offer, outbox};
use store::find_by_key;
pub(crate) use store::{NewOrder, NewRequest, insert_order, insert_request};

mod store;

/// At most this many users per order: the import's row limit.
fn max_users(state: &AppState) -> usize {
    state.config.import_max_rows
}

/// Why an order is refused.
#[derive(Debug, thiserror::Error)]
pub(crate) enum OrderError {
    #[error("the order breaks {} rule(s)", .problems.len())]
    Invalid {
        problems: Vec<OrderProblem>,
        lang: Lang,
    },
    #[error("the idempotency key was used for a different order")]
    KeyReused,
    #[error("the Idempotency-Key header is missing or malformed")]
    KeyMissing,
    #[error("no order {0} of this manager")]
    NotFound(String),
}

impl Problem for OrderError {
    fn status(&self) -> StatusCode {
        match self {
            OrderError::Invalid { .. } | OrderError::KeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            OrderError::KeyMissing => StatusCode::BAD_REQUEST,
            OrderError::NotFound(_) => StatusCode::NOT_FOUND,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            OrderError::Invalid { .. } => "order_invalid",
            OrderError::KeyReused => "idempotency_key_reused",
            OrderError::KeyMissing => "idempotency_key_missing",
            OrderError::NotFound(_) => "order_not_found",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            OrderError::Invalid { problems, .. } => Text::OrderInvalid {
                count: problems.len(),
            },
            OrderError::KeyReused => Text::OrderKeyReused,
            OrderError::KeyMissing => Text::OrderKeyMissing {
                min: *KEY_LENGTH.start(),
                max: *KEY_LENGTH.end(),
            },
            OrderError::NotFound(number) => Text::OrderNotFound { number },
        }
        .text(lang)
    }

    /// For an invalid order: every problem, where it is, in the language it was checked in.
    fn details(&self, _: Lang) -> Option<Value> {
        match self {
            OrderError::Invalid { problems, lang } => Some(json!({
                "problems": problems.iter().map(|p| json!({
                    "location": p.location(),
                    "code": p.code(),
                    "message": p.message(*lang),
                    "messages": { "nl": p.message(Lang::Nl), "en": p.message(Lang::En) },
                })).collect::<Vec<_>>()
            })),
            _ => None,
        }
    }
}

/// One user of a placed order, and the placed order, as answered to the manager.
pub(crate) use api::orders::{OrderedUser, PlacedOrder};

/// The length of an `Idempotency-Key`, in (ASCII) characters.
const KEY_LENGTH: std::ops::RangeInclusive<usize> = 8..=100;

fn valid_key(key: &str) -> bool {
    KEY_LENGTH.contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// The request's `Idempotency-Key` header when it is a valid key (8 to 100 printable ASCII
/// characters), else `idempotency_key_missing`: an order's, and a change of machtigingen's.
pub(crate) fn idempotency_key(headers: &axum::http::HeaderMap) -> Result<&str, OrderError> {
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| valid_key(k))
        .ok_or(OrderError::KeyMissing)
}

/// A readable, unguessable order number: `MP-XXXXX-XXXXX`.
pub(crate) fn new_order_number() -> Result<String, ApiError> {
    crate::ids::readable("MP")
}

pub(crate) use crate::clock::today;

/// Places `request` for `manager`, or returns the order this key already placed.
/// `Ok((order, true))` when it was created now.
pub(crate) async fn place(
    state: &AppState,
    manager: &CurrentManager,
    key: &str,
    request: OrderRequest,
    lang: Lang,
) -> Result<(PlacedOrder, bool), ApiError> {
    let request_hash = hex_sha256(&serde_json::to_vec(&request).map_err(ApiError::internal)?);
    if let Some(existing) = find_by_key(&state.db, manager.id, key).await? {
        return if existing.1 == request_hash {
            Ok((load(state, manager.id, &existing.0).await?, false))
        } else {
            Err(OrderError::KeyReused.into())
        };
    }

    // Only the manager's own organisations are looked up in the register.
    let organisation = match KvkNumber::parse(&request.kvk_number) {
        Ok(number) if manager.manages(number.as_str()) => {
            Some(kvk::find(state.kvk.as_ref(), &number).await?)
        }
        _ => None,
    };
    let branches: Vec<String> = organisation
        .iter()
        .flat_map(|o| o.branches.iter().map(|b| b.branch_number.clone()))
        .collect();
    // An organisation the register lists as ended gets no new means.
    let ended = organisation.as_ref().and_then(|o| o.ended());
    let now = crate::auth::unix_now();
    let context = OrderContext {
        manager_level: manager.level,
        managed: &manager.organisations,
        branches: &branches,
        catalogue: offer::catalogue(),
        today: today(now),
        max_users: max_users(state),
        ended: ended.as_ref(),
    };
    let order = check_order(&request, context, lang)
        .map_err(|problems| OrderError::Invalid { problems, lang })?;
    let organisation =
        organisation.expect("a valid order names a managed, registered organisation");
    let quote = offer::prices()
        .quote(order.quote_request())
        .map_err(ApiError::internal)?;

    let order_number = new_order_number()?;
    let mut tx = crate::db::begin_write(&state.db).await?;
    let inserted = insert_order(
        &mut tx,
        NewOrder {
            order_number: &order_number,
            manager,
            key,
            request_hash: &request_hash,
            organisation_name: &organisation.name,
            order: &order,
            quote: &quote,
            now,
        },
    )
    .await;
    if let Err(error) = inserted {
        // A concurrent request with the same key won the race: answer its order.
        drop(tx);
        if let Some(existing) = find_by_key(&state.db, manager.id, key).await? {
            return if existing.1 == request_hash {
                Ok((load(state, manager.id, &existing.0).await?, false))
            } else {
                Err(OrderError::KeyReused.into())
            };
        }
        return Err(error.into());
    }
    for (index, user) in order.users.iter().enumerate() {
        let placed = (order_number.as_str(), organisation.name.as_str(), &order);
        invite(state, &mut tx, manager, placed, (index, user), None, now).await?;
    }
    crate::manage::audit::record(
        &mut tx,
        manager,
        Some(order.kvk_number.as_str()),
        crate::manage::audit::Action::OrderPlaced,
        &order_number,
        Some(&format!(
            "{}, {}, {}",
            users_nl(order.users.len()),
            order.level.label(),
            order.term.label(Lang::Nl)
        )),
        now,
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    crate::ops::metrics::order_placed(order.users.len());
    tracing::info!(%order_number, users = order.users.len(), "order placed");
    Ok((load(state, manager.id, &order_number).await?, true))
}

/// The request of the `index`th user of `order` (placed as `order_number` for the organisation
/// named `organisation`) with its first event, and the invitation e-mail in the outbox; for a
/// renewal or change of level, `predecessor` is the means it follows, how, and its last day.
/// Answers the request's id.
pub(crate) async fn invite(
    state: &AppState,
    tx: &mut sqlx::AnyConnection,
    manager: &CurrentManager,
    (order_number, organisation, order): (&str, &str, &CheckedOrder),
    (index, user): (usize, &NewUser),
    predecessor: Option<(&str, api::SuccessionKind, domain::Date)>,
    now: i64,
) -> Result<String, ApiError> {
    let valid_days = state.config.invitation_valid_days;
    let expires_at = crate::clock::end_of_dutch_day_after(now, valid_days);
    let token = random_token()?;
    let request_id = format!("{order_number}-{}", index + 1);
    insert_request(
        tx,
        NewRequest {
            id: &request_id,
            order_number,
            manager_id: manager.id,
            index,
            user,
            token: &token,
            expires_at,
            kvk_number: order.kvk_number.as_str(),
            branch_number: order.branch_number.as_ref().map(|b| b.as_str()),
            level: order.level,
            now,
            predecessor: predecessor.map(|(means_id, kind, _)| (means_id, kind)),
        },
    )
    .await?;
    let link = templates::activation_link(state.config.public_url.as_str(), &token);
    let mail = templates::invitation(InvitationMail {
        user_name: &user.full_name(),
        organisation,
        kvk_number: order.kvk_number.as_str(),
        manager_name: &manager.name,
        manager_email: &manager.email,
        level: order.level,
        link: &link,
        expires_on: today(expires_at),
        valid_days,
        succession: predecessor.map(|(means_id, kind, until)| (kind, means_id, until)),
    });
    let dedupe = format!("invitation:{request_id}");
    outbox::enqueue(
        tx,
        outbox::NewMessage::email(user.email.as_str(), mail, dedupe),
    )
    .await?;
    Ok(request_id)
}

pub(crate) fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A user the server already knows at an organisation: an open request or an active means.
pub(crate) use api::orders::KnownUser;

/// The order `order_number` of `manager_id`.
pub(crate) async fn load(
    state: &AppState,
    manager_id: i64,
    order_number: &str,
) -> Result<PlacedOrder, ApiError> {
    store::load(&state.db, manager_id, order_number)
        .await?
        .ok_or_else(|| OrderError::NotFound(order_number.to_owned()).into())
}

/// Of `emails`, those with an open request or an active means at the organisation
/// `kvk_number` (any manager's).
pub(crate) async fn known_users(
    state: &AppState,
    kvk_number: &str,
    emails: &[String],
) -> Result<Vec<KnownUser>, sqlx::Error> {
    if emails.is_empty() {
        return Ok(Vec::new());
    }
    let emails: Vec<String> = emails.iter().map(|e| e.trim().to_lowercase()).collect();
    store::known_users(&state.db, kvk_number, &emails).await
}

/// "1 gebruiker" or "n gebruikers": the audit log's Dutch.
pub(crate) fn users_nl(n: usize) -> String {
    if n == 1 {
        "1 gebruiker".to_string()
    } else {
        format!("{n} gebruikers")
    }
}
