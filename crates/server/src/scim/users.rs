//! `/Users` and `/Users/{id}`: a user is a person who should have a means at the client's
//! organisation. Creating or activating one orders a means under the client's profile;
//! deactivating or deleting one revokes the means or cancels the request; while the request
//! is live, its details follow the user until the person confirms them.

use api::ClientPermission;
use api::manage::Correction;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use domain::user::RawUser;
use serde::Deserialize;
use serde_json::Value;

use super::audit;
use super::resource::{
    active_of, external_id_of, is_live, person, record_of, render, user_name_of, version_tag,
};
use super::store::{self, Narrow, Stored, UserRow};
use super::{Client, MAX_RESULTS, ScimError, ScimJson, base_url, lang};
use crate::AppState;
use crate::clients::reads::{self, Read};
use crate::clock::unix_now;
use crate::db::begin_write;
use crate::manage::requests;

fn today(now: i64) -> String {
    crate::clock::today(now).iso_string()
}

fn parse_body(body: &Bytes) -> Result<Value, ScimError> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| ScimError::bad("invalidSyntax", "The body is not a JSON object"))
}

/// A list's query: RFC 7644 §3.4.2.
#[derive(Debug, Default, Deserialize)]
struct ListParams {
    filter: Option<String>,
    #[serde(rename = "startIndex")]
    start_index: Option<String>,
    count: Option<String>,
    attributes: Option<String>,
    #[serde(rename = "excludedAttributes")]
    excluded: Option<String>,
}

fn params(query: Option<String>) -> Result<ListParams, ScimError> {
    serde_urlencoded::from_str(query.as_deref().unwrap_or_default())
        .map_err(|_| ScimError::bad("invalidValue", "The query string cannot be read"))
}

/// `attributes` and `excludedAttributes` applied to `user`. The state of the request and the
/// means is returned on request only (RFC 7643 §7 `returned: request`): when `attributes`
/// names it.
fn project(user: &Value, params: &ListParams) -> Value {
    let attributes = scim::parse_list(params.attributes.as_deref().unwrap_or_default());
    let excluded = scim::parse_list(params.excluded.as_deref().unwrap_or_default());
    let attributes: Vec<&str> = attributes.iter().map(String::as_str).collect();
    let excluded: Vec<&str> = excluded.iter().map(String::as_str).collect();
    let mut user = user.clone();
    if attributes.is_empty() {
        without_state(&mut user);
    }
    scim::project(&user, &attributes, &excluded)
}

/// The user without the state returned on request only.
fn without_state(user: &mut Value) {
    if let Some(extension) = user
        .get_mut(super::EXTENSION)
        .and_then(Value::as_object_mut)
    {
        for derived in super::resource::READ_ONLY {
            extension.remove(derived);
        }
    }
}

/// A user as answered to a change: the default attributes.
fn changed(mut user: Value) -> Value {
    without_state(&mut user);
    user
}

pub(super) async fn list(
    State(state): State<AppState>,
    client: Client,
    RawQuery(query): RawQuery,
) -> Result<ScimJson, ScimError> {
    client.ensure(ClientPermission::ReadUsers)?;
    let users = format!("{}/Users", super::PREFIX);
    answer_list(&state, &client, params(query)?, ("GET", &users)).await
}

/// `POST /Users/.search` (RFC 7644 §3.4.3): the list's query in the body.
pub(super) async fn search(
    State(state): State<AppState>,
    client: Client,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Result<ScimJson, ScimError> {
    client.ensure(ClientPermission::ReadUsers)?;
    let body = parse_body(&body)?;
    let joined = |key: &str| {
        body[key].as_array().map(|names| {
            let names: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
            names.join(",")
        })
    };
    let number = |key: &str| match &body[key] {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    };
    let params = ListParams {
        filter: body["filter"].as_str().map(str::to_owned),
        start_index: number("startIndex"),
        count: number("count"),
        attributes: joined("attributes"),
        excluded: joined("excludedAttributes"),
    };
    answer_list(&state, &client, params, ("POST", uri.path())).await
}

/// The page of users `params` asks for; the read is recorded as `method` and `path`.
async fn answer_list(
    state: &AppState,
    client: &Client,
    params: ListParams,
    (method, path): (&str, &str),
) -> Result<ScimJson, ScimError> {
    let filter = params
        .filter
        .as_deref()
        .filter(|f| !f.trim().is_empty())
        .map(scim::parse)
        .transpose()
        .map_err(|e| ScimError::bad(e.scim_type(), &e.to_string()))?;
    let paging = scim::Paging::parse(
        params.start_index.as_deref(),
        params.count.as_deref(),
        MAX_RESULTS,
    )
    .map_err(|e| ScimError::bad(e.scim_type(), &e.to_string()))?;
    // The common lookups of identity providers go to the database's index.
    let narrow = match filter.as_ref().and_then(scim::Filter::simple_eq) {
        Some(("username", Value::String(name))) => Narrow::UserName(name.clone()),
        Some(("externalid", Value::String(id))) => Narrow::ExternalId(id.clone()),
        Some(("id", Value::String(id))) => Narrow::Id(id.clone()),
        _ => Narrow::All,
    };
    let rows = store::list(&state.db, client.id(), narrow).await?;
    let (base, today) = (base_url(state), today(unix_now()));
    let matching: Vec<Value> = rows
        .iter()
        .map(|row| render(row, &base, &today))
        .filter(|user| filter.as_ref().is_none_or(|f| f.matches(user)))
        .collect();
    let total = matching.len();
    let page: Vec<Value> = matching
        .iter()
        .skip(paging.offset())
        .take(paging.count)
        .map(|user| project(user, &params))
        .collect();
    let read = Read {
        method,
        path,
        filter: params.filter.as_deref(),
        page: None,
        count: page.len(),
    };
    reads::record(state, &client.0, read, unix_now()).await?;
    Ok(ScimJson::ok(scim::list_response(
        total,
        paging.start_index,
        page,
    )))
}

async fn found(state: &AppState, client: &Client, id: &str) -> Result<UserRow, ScimError> {
    store::find(&state.db, client.id(), id)
        .await?
        .ok_or_else(|| ScimError::not_found(&format!("No user {id}")))
}

pub(super) async fn show(
    State(state): State<AppState>,
    client: Client,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<ScimJson, ScimError> {
    client.ensure(ClientPermission::ReadUsers)?;
    let params = params(query)?;
    let row = found(&state, &client, &id).await?;
    let now = unix_now();
    let user = render(&row, &base_url(&state), &today(now));
    let path = format!("{}/Users/{id}", super::PREFIX);
    reads::record(&state, &client.0, Read::one(&path), now).await?;
    Ok(ScimJson::ok(project(&user, &params)))
}

/// A fresh user id: 16 random bytes as a UUID's hex form.
fn new_id() -> Result<String, ScimError> {
    let mut bytes = [0_u8; 16];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| ScimError::from(crate::error::ApiError::internal(e.to_string())))?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    ))
}

fn taken(user_name: &str) -> ScimError {
    ScimError::new(
        StatusCode::CONFLICT,
        Some("uniqueness"),
        &format!("userName {user_name} is taken by another user of this connection"),
    )
}

pub(super) async fn create(
    State(state): State<AppState>,
    client: Client,
    body: Bytes,
) -> Result<ScimJson, ScimError> {
    client.ensure(ClientPermission::Order)?;
    let user = parse_body(&body)?;
    let user_name = user_name_of(&user)?;
    let active = active_of(&user)?.unwrap_or(true);
    if store::user_name_taken(&state.db, client.id(), &user_name, None).await? {
        return Err(taken(&user_name));
    }
    // The user first, so that a user name taken at the same moment orders nothing.
    let id = new_id()?;
    let now = unix_now();
    let person = person(&user);
    let external_id = external_id_of(&user);
    let resource = record_of(user).to_string();
    let stored = Stored {
        id: &id,
        client_id: client.id(),
        user_name: &user_name,
        external_id: external_id.as_deref(),
        resource: &resource,
        request_id: None,
        now,
    };
    let mut tx = begin_write(&state.db).await?;
    if !store::insert(&mut tx, stored).await? {
        return Err(taken(&user_name));
    }
    // An active user's call is the order's entry; an inactive one's is the user's.
    if !active {
        audit::created(&mut tx, &client, &id, &user_name, now).await?;
    }
    tx.commit().await?;
    if active {
        let ordered = order(&state, &client, &id, 0, person).await;
        let mut tx = begin_write(&state.db).await?;
        match ordered {
            Ok(request_id) => store::set_request(&mut tx, &id, &request_id).await?,
            Err(refused) => {
                store::delete(&mut tx, client.id(), &id).await?;
                tx.commit().await?;
                return Err(refused);
            }
        }
        tx.commit().await?;
    }
    let row = found(&state, &client, &id).await?;
    let user = render(&row, &base_url(&state), &today(now));
    Ok(ScimJson::with_status(StatusCode::CREATED, changed(user)))
}

/// Orders a means for `person` under the client's profile; answers the request's id. The
/// idempotency key is the user's id and `generation`, so a retry never orders twice.
async fn order(
    state: &AppState,
    client: &Client,
    user_id: &str,
    generation: i64,
    person: RawUser,
) -> Result<String, ScimError> {
    let manager = &client.0;
    let identity = manager
        .client
        .as_ref()
        .expect("a SCIM caller is an API client (Client's extractor)");
    let kvk_number = manager
        .organisations
        .first()
        .expect("an API client acts for exactly one organisation");
    let request = crate::clients::order_of(kvk_number, &identity.profile, vec![person], true);
    let key = format!("scim-{user_id}-{generation}");
    let (placed, _) = crate::orders::place(state, manager, &key, request, lang()).await?;
    Ok(format!("{}-1", placed.order_number))
}

/// `412` when `If-Match` names another version than the user's.
fn check_if_match(headers: &HeaderMap, row: &UserRow) -> Result<(), ScimError> {
    let Some(wanted) = headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let current = version_tag(row.version);
    let matches = wanted
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag == current || tag.trim_start_matches("W/") == &current[2..]);
    if matches {
        Ok(())
    } else {
        Err(ScimError::new(
            StatusCode::PRECONDITION_FAILED,
            None,
            &format!("The user is at version {current}; read it again"),
        ))
    }
}

pub(super) async fn replace(
    State(state): State<AppState>,
    client: Client,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<ScimJson, ScimError> {
    let row = found(&state, &client, &id).await?;
    check_if_match(&headers, &row)?;
    let user = parse_body(&body)?;
    Ok(ScimJson::ok(changed(
        change(&state, &client, &row, user, true).await?,
    )))
}

pub(super) async fn patch(
    State(state): State<AppState>,
    client: Client,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<ScimJson, ScimError> {
    let row = found(&state, &client, &id).await?;
    check_if_match(&headers, &row)?;
    let request = scim::PatchRequest::from_json(&body)
        .map_err(|e| ScimError::bad(e.scim_type(), &e.to_string()))?;
    let mut user = render(&row, &base_url(&state), &today(unix_now()));
    scim::apply(&mut user, &request).map_err(|e| ScimError::bad(e.scim_type(), &e.to_string()))?;
    Ok(ScimJson::ok(changed(
        change(&state, &client, &row, user, false).await?,
    )))
}

pub(super) async fn delete(
    State(state): State<AppState>,
    client: Client,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ScimError> {
    let row = found(&state, &client, &id).await?;
    check_if_match(&headers, &row)?;
    if is_live(&row, &today(unix_now())) {
        client.ensure(ClientPermission::Revoke)?;
        end(&state, &client, &row).await?;
    }
    let mut tx = begin_write(&state.db).await?;
    store::delete(&mut tx, client.id(), &id).await?;
    audit::deleted(&mut tx, &client, &row, unix_now()).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The user as `new` says (a `PUT`'s body, or the user after a `PATCH`): a live request's
/// details follow it, `active` orders or ends, and the record is stored.
async fn change(
    state: &AppState,
    client: &Client,
    row: &UserRow,
    new: Value,
    replace: bool,
) -> Result<Value, ScimError> {
    let now = unix_now();
    let (base, today) = (base_url(state), today(now));
    let user_name = user_name_of(&new)?;
    if store::user_name_taken(&state.db, client.id(), &user_name, Some(&row.id)).await? {
        return Err(taken(&user_name));
    }
    let live = is_live(row, &today);
    // A PUT without `active` means active, as a POST; a PATCH leaves it as it is.
    let wanted = active_of(&new)?.unwrap_or(replace || live);
    let old = person(&render(row, &base, &today));
    let new_person = person(&new);
    let mut request_id = row.request_id.clone();
    // Whether an order, revocation, cancellation or correction recorded this call already.
    let recorded = match (live, wanted) {
        (true, true) if old != new_person => {
            client.ensure(ClientPermission::Order)?;
            amend(state, client, row, &old, &new_person, now).await?;
            true
        }
        (true, false) => {
            client.ensure(ClientPermission::Revoke)?;
            end(state, client, row).await?;
            true
        }
        (false, true) => {
            client.ensure(ClientPermission::Order)?;
            request_id = Some(order(state, client, &row.id, row.version, new_person).await?);
            true
        }
        _ => {
            client.ensure(ClientPermission::Order)?;
            false
        }
    };
    let external_id = external_id_of(&new);
    let record = record_of(new);
    let changed = audit::changed_attributes(row, &user_name, external_id.as_deref(), &record);
    let identifiers = changed
        .iter()
        .any(|name| name == "userName" || name == "externalId");
    let resource = record.to_string();
    let stored = Stored {
        id: &row.id,
        client_id: client.id(),
        user_name: &user_name,
        external_id: external_id.as_deref(),
        resource: &resource,
        request_id: request_id.as_deref(),
        now,
    };
    let mut tx = begin_write(&state.db).await?;
    if !store::update(&mut tx, stored, row.version).await? {
        return Err(ScimError::new(
            StatusCode::CONFLICT,
            None,
            "The user changed meanwhile; read it again",
        ));
    }
    if !recorded || identifiers {
        audit::changed(&mut tx, client, &row.id, &user_name, &changed, now).await?;
    }
    tx.commit().await?;
    let row = found(state, client, &row.id).await?;
    Ok(render(&row, &base, &today))
}

/// The live request follows the person's new details: names, birth, employment while the
/// person has not confirmed them; e-mail address and mobile number as the manager corrects
/// them. Anything later is `400 mutability`.
async fn amend(
    state: &AppState,
    client: &Client,
    row: &UserRow,
    old: &RawUser,
    new: &RawUser,
    now: i64,
) -> Result<(), ScimError> {
    let request_id = row
        .request_id
        .as_deref()
        .expect("a live user has a request (is_live)");
    let identity = |p: &RawUser| {
        (
            p.first_names.clone(),
            p.infix.clone(),
            p.last_name.clone(),
            p.birth_date.clone(),
            p.birth_place.clone(),
            p.employed.clone(),
        )
    };
    if identity(old) != identity(new) {
        let outcome =
            domain::import::check_users(std::slice::from_ref(new), crate::clock::today(now));
        if !outcome.is_ok() {
            let messages: Vec<String> = outcome
                .report(lang())
                .rows
                .into_iter()
                .flat_map(|row| row.errors)
                .map(|finding| finding.message)
                .collect();
            return Err(ScimError::bad("invalidValue", &messages.join("; ")));
        }
        let checked = outcome.users();
        let person = checked
            .first()
            .expect("one valid user checked gives one user");
        requests::amend_person(state, &client.0, request_id, person, now).await?;
    }
    let email = (!old.email.eq_ignore_ascii_case(&new.email)).then(|| new.email.clone());
    let mobile = (old.mobile != new.mobile).then(|| new.mobile.clone());
    if email.is_some() || mobile.is_some() {
        let correction = Correction { email, mobile };
        requests::correct(state, &client.0, request_id, &correction, now, lang()).await?;
    }
    Ok(())
}

/// Revokes the user's means, or cancels the open request.
async fn end(state: &AppState, client: &Client, row: &UserRow) -> Result<(), ScimError> {
    let now = unix_now();
    match (&row.means_id, &row.request_id) {
        (Some(means_id), _) if row.means_status.as_deref() == Some("active") => {
            crate::manage::users::revoke(state, &client.0, means_id, now).await?;
        }
        (_, Some(request_id)) => {
            requests::cancel(state, &client.0, request_id, now).await?;
        }
        _ => {}
    }
    Ok(())
}
