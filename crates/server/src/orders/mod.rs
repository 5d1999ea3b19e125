//! Placing an order: the manager's rights, the register, every rule of `domain::order`, the
//! price, and then — in ONE transaction — the order, one request per user with its invitation
//! token, the first event of each request and one invitation e-mail per user in the outbox. An
//! accepted order always gets its mails; a refused or failed one never does. The same
//! idempotency key returns the same order, so a double click never orders twice.

use axum::http::StatusCode;
use domain::kvk::KvkNumber;
use domain::order::{CheckedOrder, OrderContext, OrderProblem, OrderRequest, check_order};
use domain::pricing::Quote;
use domain::{Date, Lang, NewUser};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

use crate::AppState;
use crate::activation::events::{Actor, Event};
use crate::auth::CurrentManager;
use crate::auth::session::{hash_token, random_token};
use crate::error::ApiError;
use crate::mail::templates::{self, InvitationMail};
use crate::{kvk, offer, outbox};

/// At most this many users per order: the import's row limit.
fn max_users(state: &AppState) -> usize {
    state.config.import_max_rows
}

/// Why an order is refused.
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
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

impl OrderError {
    pub fn status(&self) -> StatusCode {
        match self {
            OrderError::Invalid { .. } | OrderError::KeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            OrderError::KeyMissing => StatusCode::BAD_REQUEST,
            OrderError::NotFound(_) => StatusCode::NOT_FOUND,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            OrderError::Invalid { .. } => "order_invalid",
            OrderError::KeyReused => "idempotency_key_reused",
            OrderError::KeyMissing => "idempotency_key_missing",
            OrderError::NotFound(_) => "order_not_found",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (OrderError::Invalid { problems, .. }, Lang::Nl) => format!(
                "De aanvraag kan zo niet worden besteld: {} punt(en) moeten eerst worden aangepast.",
                problems.len()
            ),
            (OrderError::Invalid { problems, .. }, Lang::En) => format!(
                "The order cannot be placed as it is: {} point(s) must be changed first.",
                problems.len()
            ),
            (OrderError::KeyReused, Lang::Nl) => {
                "Deze aanvraag is al eerder met andere gegevens besteld. Begin een nieuwe aanvraag."
                    .into()
            }
            (OrderError::KeyReused, Lang::En) => {
                "This order was already placed with different details. Start a new order.".into()
            }
            (OrderError::KeyMissing, Lang::Nl) => {
                "De kop Idempotency-Key ontbreekt of is ongeldig (8 tot 100 tekens).".into()
            }
            (OrderError::KeyMissing, Lang::En) => {
                "The Idempotency-Key header is missing or invalid (8 to 100 characters).".into()
            }
            (OrderError::NotFound(number), Lang::Nl) => {
                format!("Er is geen aanvraag {number} van u.")
            }
            (OrderError::NotFound(number), Lang::En) => format!("You have no order {number}."),
        }
    }

    /// For an invalid order: every problem, where it is, in the request's language.
    pub fn details(&self) -> Option<Value> {
        match self {
            OrderError::Invalid { problems, lang } => Some(json!({
                "problems": problems.iter().map(|p| json!({
                    "location": p.location(),
                    "code": p.code(),
                    "message": p.message(*lang),
                })).collect::<Vec<_>>()
            })),
            _ => None,
        }
    }
}

/// One user of a placed order, and the placed order, as answered to the manager.
pub use api::orders::{OrderedUser, PlacedOrder};

fn valid_key(key: &str) -> bool {
    (8..=100).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// A readable, unguessable order number: `MP-XXXXX-XXXXX`.
fn new_order_number() -> Result<String, ApiError> {
    crate::ids::readable("MP")
}

pub(crate) fn today(now: i64) -> Date {
    Date::from_unix_seconds(now).expect("the clock is after 1970")
}

/// Places `request` for `manager`, or returns the order this key already placed.
/// `Ok((order, true))` when it was created now.
pub async fn place(
    state: &AppState,
    manager: &CurrentManager,
    idempotency_key: Option<&str>,
    request: OrderRequest,
    lang: Lang,
) -> Result<(PlacedOrder, bool), ApiError> {
    let key = idempotency_key
        .filter(|k| valid_key(k))
        .ok_or(OrderError::KeyMissing)?;
    let request_hash = hex_sha256(&serde_json::to_vec(&request).map_err(ApiError::internal)?);
    if let Some(existing) = find_by_key(state, manager.id, key).await? {
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
    let now = crate::auth::unix_now();
    let context = OrderContext {
        manager_level: manager.level,
        managed: &manager.organisations,
        branches: &branches,
        catalogue: offer::catalogue(),
        today: today(now),
        max_users: max_users(state),
    };
    let order = check_order(&request, context, lang)
        .map_err(|problems| OrderError::Invalid { problems, lang })?;
    let organisation =
        organisation.expect("a valid order names a managed, registered organisation");
    let quote = offer::prices()
        .quote(order.quote_request())
        .map_err(ApiError::internal)?;

    let order_number = new_order_number()?;
    let mut tx = state.db.begin().await?;
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
        if let Some(existing) = find_by_key(state, manager.id, key).await? {
            return if existing.1 == request_hash {
                Ok((load(state, manager.id, &existing.0).await?, false))
            } else {
                Err(OrderError::KeyReused.into())
            };
        }
        return Err(error.into());
    }
    let valid_days = state.config.invitation_valid_days;
    let expires_at = now + i64::from(valid_days) * 86_400;
    for (index, user) in order.users.iter().enumerate() {
        let token = random_token()?;
        let request_id = format!("{order_number}-{}", index + 1);
        insert_request(
            &mut tx,
            NewRequest {
                id: &request_id,
                order_number: &order_number,
                manager_id: manager.id,
                index,
                user,
                token: &token,
                expires_at,
                kvk_number: order.kvk_number.as_str(),
                branch_number: order.branch_number.as_ref().map(|b| b.as_str()),
                level: order.level,
                now,
            },
        )
        .await?;
        let link = templates::activation_link(state.config.public_url.as_str(), &token);
        let mail = templates::invitation(InvitationMail {
            user_name: &user.full_name(),
            organisation: &organisation.name,
            kvk_number: order.kvk_number.as_str(),
            manager_name: &manager.name,
            manager_email: &manager.email,
            level: order.level,
            link: &link,
            expires_on: today(expires_at),
            valid_days,
        });
        outbox::enqueue(
            &mut tx,
            outbox::NewMessage::email(
                user.email.as_str(),
                mail,
                format!("invitation:{request_id}"),
            ),
        )
        .await?;
    }
    crate::manage::audit::record(
        &mut tx,
        manager,
        Some(order.kvk_number.as_str()),
        crate::manage::audit::Action::OrderPlaced,
        &order_number,
        Some(&format!(
            "{} gebruiker(s), {}, {}",
            order.users.len(),
            order.level.label(),
            order.term.label(Lang::Nl)
        )),
        now,
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    tracing::info!(%order_number, users = order.users.len(), "order placed");
    Ok((load(state, manager.id, &order_number).await?, true))
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn find_by_key(
    state: &AppState,
    manager_id: i64,
    key: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT order_number, request_hash FROM orders WHERE manager_id = $1 AND idempotency_key = $2",
    )
    .bind(manager_id)
    .bind(key)
    .fetch_optional(&state.db)
    .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

struct NewOrder<'a> {
    order_number: &'a str,
    manager: &'a CurrentManager,
    key: &'a str,
    request_hash: &'a str,
    organisation_name: &'a str,
    order: &'a CheckedOrder,
    quote: &'a Quote,
    now: i64,
}

async fn insert_order(tx: &mut AnyConnection, new: NewOrder<'_>) -> Result<(), sqlx::Error> {
    let authorisations = serde_json::to_string(&new.order.authorisations).expect("serialisable");
    let quote = serde_json::to_string(new.quote).expect("serialisable");
    sqlx::query(
        "INSERT INTO orders (order_number, manager_id, idempotency_key, request_hash, kvk_number, \
         organisation_name, branch_number, level, term_years, authorisations, quote, \
         total_excl_vat, total_incl_vat, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(new.order_number)
    .bind(new.manager.id)
    .bind(new.key)
    .bind(new.request_hash)
    .bind(new.order.kvk_number.as_str())
    .bind(new.organisation_name)
    .bind(
        new.order
            .branch_number
            .as_ref()
            .map(|b| b.as_str().to_owned()),
    )
    .bind(new.order.level.label())
    .bind(i64::from(new.order.term.years()))
    .bind(authorisations)
    .bind(quote)
    .bind(new.quote.total_excl_vat.0)
    .bind(new.quote.total_incl_vat.0)
    .bind(new.now)
    .execute(&mut *tx)
    .await
    .map(|_| ())
}

/// One user's request of a new order, for [`insert_request`].
pub struct NewRequest<'a> {
    pub id: &'a str,
    pub order_number: &'a str,
    pub manager_id: i64,
    /// 0-based position in the order.
    pub index: usize,
    pub user: &'a NewUser,
    /// The invitation token; only its hash is stored.
    pub token: &'a str,
    pub expires_at: i64,
    pub kvk_number: &'a str,
    pub branch_number: Option<&'a str>,
    pub level: domain::Level,
    pub now: i64,
}

/// Stores the request (with the order's organisation and level, and the name's sort and search
/// keys for the lists) and its first event.
pub async fn insert_request(
    tx: &mut AnyConnection,
    new: NewRequest<'_>,
) -> Result<(), sqlx::Error> {
    let user = new.user;
    sqlx::query(
        "INSERT INTO requests (id, order_number, position, first_names, infix, last_name, \
         birth_date, birth_place, email, mobile, employed, status, token_hash, token_expires_at, \
         created_at, kvk_number, branch_number, level, sort_name, search_text, last_event_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'invited', $12, $13, $14, $15, $16, \
         $17, $18, $19, $14)",
    )
    .bind(new.id)
    .bind(new.order_number)
    .bind(new.index as i64 + 1)
    .bind(&user.first_names)
    .bind(&user.infix)
    .bind(&user.last_name)
    .bind(user.birth_date.iso_string())
    .bind(&user.birth_place)
    .bind(user.email.as_str())
    .bind(user.mobile.as_str())
    // 0/1: the Any driver has no boolean that both SQLite and PostgreSQL map.
    .bind(i64::from(user.employed))
    .bind(hash_token(new.token))
    .bind(new.expires_at)
    .bind(new.now)
    .bind(new.kvk_number)
    .bind(new.branch_number)
    .bind(new.level.label())
    .bind(domain::user::sort_name(
        &user.first_names,
        &user.infix,
        &user.last_name,
    ))
    .bind(domain::user::search_text(
        &user.first_names,
        &user.infix,
        &user.last_name,
        user.email.as_str(),
    ))
    .execute(&mut *tx)
    .await?;
    crate::activation::events::record(
        tx,
        new.id,
        new.now,
        Event::Invited,
        &Actor::Manager(new.manager_id),
        None,
    )
    .await
}

/// The order `order_number` of `manager_id`.
pub async fn load(
    state: &AppState,
    manager_id: i64,
    order_number: &str,
) -> Result<PlacedOrder, ApiError> {
    let row = sqlx::query(
        "SELECT order_number, kvk_number, organisation_name, branch_number, level, term_years, \
         quote, created_at FROM orders WHERE order_number = $1 AND manager_id = $2",
    )
    .bind(order_number)
    .bind(manager_id)
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| OrderError::NotFound(order_number.to_owned()))?;
    let quote: String = row.try_get("quote")?;
    let users = sqlx::query(
        "SELECT first_names, infix, last_name, email, employed, status FROM requests \
         WHERE order_number = $1 ORDER BY position",
    )
    .bind(order_number)
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| {
        Ok(OrderedUser {
            name: crate::manage::name_from(&r, 0)?,
            email: r.try_get(3)?,
            employed: r.try_get::<i64, _>(4)? == 1,
            status: r.try_get(5)?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(PlacedOrder {
        order_number: row.try_get("order_number")?,
        kvk_number: row.try_get("kvk_number")?,
        organisation_name: row.try_get("organisation_name")?,
        branch_number: row.try_get("branch_number")?,
        level: crate::auth::parse_level(&row.try_get::<String, _>("level")?)?,
        term_years: row.try_get("term_years")?,
        users,
        quote: serde_json::from_str(&quote).map_err(ApiError::internal)?,
        created_at: row.try_get("created_at")?,
    })
}

/// A user the server already knows at an organisation: an open request or an active means.
pub use api::orders::KnownUser;

/// Request states in which a request is still open.
pub const OPEN_STATUSES: &str =
    "'invited', 'email_confirmed', 'mobile_verified', 'identification_required'";

/// Of `emails`, those with an open request or an active means at the organisation
/// `kvk_number` (any manager's).
pub async fn known_users(
    state: &AppState,
    kvk_number: &str,
    emails: &[String],
) -> Result<Vec<KnownUser>, sqlx::Error> {
    if emails.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..emails.len()).map(|i| format!("${}", i + 2)).collect();
    let placeholders = placeholders.join(", ");
    let sql = format!(
        "SELECT r.email, r.status, r.order_number, r.created_at FROM requests r \
         JOIN orders o ON o.order_number = r.order_number \
         WHERE o.kvk_number = $1 AND r.status IN ({OPEN_STATUSES}) AND LOWER(r.email) IN ({placeholders}) \
         UNION ALL \
         SELECT r.email, 'active_means', r.order_number, r.created_at FROM means m \
         JOIN requests r ON r.id = m.request_id \
         WHERE m.kvk_number = $1 AND m.status = 'active' AND LOWER(m.email) IN ({placeholders}) \
         ORDER BY 1, 4"
    );
    let mut query = sqlx::query(&sql).bind(kvk_number);
    for email in emails {
        query = query.bind(email.trim().to_lowercase());
    }
    query
        .fetch_all(&state.db)
        .await?
        .into_iter()
        .map(|r| {
            Ok(KnownUser {
                email: r.try_get(0)?,
                status: r.try_get(1)?,
                order_number: r.try_get(2)?,
            })
        })
        .collect()
}
