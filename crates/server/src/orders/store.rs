//! The SQL of orders: placing one (the order, its requests), reading it back, and the users an
//! organisation already has. Rows are read by column name into private `*Row` structs.

use domain::NewUser;
use domain::pricing::Quote;
use sqlx::{AnyConnection, AnyPool};

use super::{KnownUser, OrderedUser, PlacedOrder};
use crate::activation::Status;
use crate::activation::events::{Actor, Event};
use crate::auth::CurrentManager;
use crate::auth::session::hash_token;
use crate::error::ApiError;
use crate::sql::{Sql, statuses};
use domain::order::CheckedOrder;

/// The order number and request hash of the order that `manager_id` placed with `key`.
pub(super) async fn find_by_key(
    db: &AnyPool,
    manager_id: i64,
    key: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT order_number, request_hash FROM orders WHERE manager_id = $1 AND idempotency_key = $2",
    )
    .bind(manager_id)
    .bind(key)
    .fetch_optional(db)
    .await
}

/// A new order, for [`insert_order`].
pub(crate) struct NewOrder<'a> {
    pub order_number: &'a str,
    pub manager: &'a CurrentManager,
    pub key: &'a str,
    pub request_hash: &'a str,
    pub organisation_name: &'a str,
    pub order: &'a CheckedOrder,
    pub quote: &'a Quote,
    pub now: i64,
}

/// Stores the order.
pub(crate) async fn insert_order(
    tx: &mut AnyConnection,
    new: NewOrder<'_>,
) -> Result<(), sqlx::Error> {
    let authorisations = serde_json::to_string(&new.order.authorisations).expect("serialisable");
    let quote = serde_json::to_string(new.quote).expect("serialisable");
    sqlx::query(
        "INSERT INTO orders (order_number, manager_id, idempotency_key, request_hash, kvk_number, \
         organisation_name, branch_number, level, term_years, authorisations, quote, \
         total_excl_vat, total_incl_vat, created_at, api_client_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
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
    // Whose requests these are: a client's when its token placed the order (SCIM or the
    // ordering API), so that its webhook is told of them.
    .bind(new.manager.client.as_ref().map(|client| client.id.clone()))
    .execute(&mut *tx)
    .await
    .map(|_| ())
}

/// One user's request of a new order, for [`insert_request`].
pub(crate) struct NewRequest<'a> {
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
    /// The means this request renews or replaces, and how.
    pub predecessor: Option<(&'a str, api::SuccessionKind)>,
}

/// Stores the request (with the order's organisation and level, and the name's sort and search
/// keys for the lists) and its first event.
pub(crate) async fn insert_request(
    tx: &mut AnyConnection,
    new: NewRequest<'_>,
) -> Result<(), sqlx::Error> {
    let user = new.user;
    sqlx::query(
        "INSERT INTO requests (id, order_number, position, first_names, infix, last_name, \
         birth_date, birth_place, email, mobile, employed, status, token_hash, token_expires_at, \
         created_at, kvk_number, branch_number, level, sort_name, search_text, last_event_at, \
         predecessor_means_id, succession) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $20, $12, $13, $14, $15, $16, \
         $17, $18, $19, $14, $21, $22)",
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
    .bind(Status::Invited.as_str())
    .bind(new.predecessor.map(|(means_id, _)| means_id.to_owned()))
    .bind(new.predecessor.map(|(_, kind)| kind.as_str()))
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

#[derive(sqlx::FromRow)]
struct OrderRow {
    order_number: String,
    kvk_number: String,
    organisation_name: String,
    branch_number: Option<String>,
    level: String,
    term_years: i64,
    quote: String,
    created_at: i64,
}

#[derive(sqlx::FromRow)]
struct OrderedUserRow {
    first_names: String,
    infix: String,
    last_name: String,
    email: String,
    /// 0/1: the `Any` driver maps no boolean on SQLite.
    employed: i64,
    status: Status,
}

/// The order `order_number` of `manager_id`, if there is one.
pub(super) async fn load(
    db: &AnyPool,
    manager_id: i64,
    order_number: &str,
) -> Result<Option<PlacedOrder>, ApiError> {
    let Some(order) = sqlx::query_as::<_, OrderRow>(
        "SELECT order_number, kvk_number, organisation_name, branch_number, level, term_years, \
         quote, created_at FROM orders WHERE order_number = $1 AND manager_id = $2",
    )
    .bind(order_number)
    .bind(manager_id)
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let users = sqlx::query_as::<_, OrderedUserRow>(
        "SELECT first_names, infix, last_name, email, employed, status FROM requests \
         WHERE order_number = $1 ORDER BY position",
    )
    .bind(order_number)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| OrderedUser {
        name: domain::user::full_name(&r.first_names, &r.infix, &r.last_name),
        email: r.email,
        employed: r.employed == 1,
        status: r.status,
    })
    .collect();
    Ok(Some(PlacedOrder {
        order_number: order.order_number,
        kvk_number: order.kvk_number,
        organisation_name: order.organisation_name,
        branch_number: order.branch_number,
        level: crate::auth::parse_level(&order.level)?,
        term_years: order.term_years,
        users,
        quote: serde_json::from_str(&order.quote).map_err(ApiError::internal)?,
        created_at: order.created_at,
    }))
}

#[derive(sqlx::FromRow)]
struct KnownRow {
    email: String,
    status: String,
    order_number: String,
    request_id: String,
    level: String,
    valid_until: Option<String>,
}

/// What a known user with an active means is listed as, instead of a request status.
const ACTIVE_MEANS: &str = "active_means";

/// Of `emails` (lower-cased), those with an open request or an active means at the
/// organisation `kvk_number` (any manager's).
pub(super) async fn known_users(
    db: &AnyPool,
    kvk_number: &str,
    emails: &[String],
) -> Result<Vec<KnownUser>, sqlx::Error> {
    let mut sql = Sql::new(format!(
        "SELECT r.email, r.status, r.order_number, r.id AS request_id, r.level, \
         NULL AS valid_until, r.created_at FROM requests r \
         JOIN orders o ON o.order_number = r.order_number \
         WHERE r.status IN {} AND o.kvk_number = ",
        statuses(Status::OPEN)
    ));
    sql.push_bind(kvk_number.to_owned())
        .push(" AND LOWER(r.email) IN ")
        .push_tuple(emails.to_vec())
        .push(" UNION ALL SELECT r.email, ")
        .push_bind(ACTIVE_MEANS)
        .push(
            " AS status, r.order_number, r.id AS request_id, m.level, m.valid_until, \
             r.created_at FROM means m \
             JOIN requests r ON r.id = m.request_id WHERE m.kvk_number = ",
        )
        .push_bind(kvk_number.to_owned())
        .push(" AND m.status = ")
        .push_bind(api::MeansStatus::Active.as_str())
        .push(" AND LOWER(m.email) IN ")
        .push_tuple(emails.to_vec())
        .push(" ORDER BY 1, 7");
    Ok(sql
        .build_as::<KnownRow>()
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|r| KnownUser {
            email: r.email,
            status: r.status,
            order_number: r.order_number,
            request_id: r.request_id,
            level: domain::Level::parse(&r.level),
            valid_until: r.valid_until,
        })
        .collect())
}
