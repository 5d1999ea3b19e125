//! Whom a bulk action is for: the people chosen in a list, or everyone a list's filter shows
//! (Gebruikers or Lopende aanvragen), as request ids, every one at the manager's organisations.

use api::authorisations::Selection;

use super::machtigingen::MachtigingError;
use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::ApiError;

/// How many ids one `IN (…)` checks: far below SQLite's and PostgreSQL's limits on parameters.
const CHUNK: usize = 500;

/// The request ids of `selection`, unique, at most `max`: those chosen, sorted, or the
/// filter's in the list's order. Refused when empty, past `max`, or when a chosen id is not at
/// the manager's organisations (`selection_unknown`, also for an id that does not exist).
pub(crate) async fn request_ids(
    state: &AppState,
    manager: &CurrentManager,
    selection: &Selection,
    now: i64,
    max: usize,
) -> Result<Vec<String>, ApiError> {
    // A filter is part of the body: what is wrong with it is a 422, not a query's 400.
    let in_body = |error: ApiError| match error {
        ApiError::BadRequest { reason, .. } => MachtigingError::FilterInvalid(reason).into(),
        other => other,
    };
    let ids = match selection {
        Selection::People { request_ids } => {
            let mut ids = request_ids.clone();
            ids.sort();
            ids.dedup();
            if ids.len() > max {
                return Err(MachtigingError::SelectionTooLarge(max).into());
            }
            check_managed(state, manager, &ids).await?;
            ids
        }
        Selection::Filter { filter } => {
            let organisations = super::organisations(manager, filter).map_err(in_body)?;
            let today = crate::clock::today(now).iso_string();
            super::store::users::ids(&state.db, &organisations, filter, &today, max + 1)
                .await
                .map_err(in_body)?
        }
        Selection::Requests { filter } => {
            let organisations = super::organisations(manager, filter).map_err(in_body)?;
            if organisations.is_empty() {
                Vec::new()
            } else {
                super::store::requests::ids(&state.db, &organisations, filter, now, max + 1)
                    .await
                    .map_err(in_body)?
            }
        }
    };
    if ids.is_empty() {
        return Err(MachtigingError::SelectionEmpty.into());
    }
    if ids.len() > max {
        return Err(MachtigingError::SelectionTooLarge(max).into());
    }
    Ok(ids)
}

/// Refuses the first of `ids` that is not a request at the manager's organisations.
async fn check_managed(
    state: &AppState,
    manager: &CurrentManager,
    ids: &[String],
) -> Result<(), ApiError> {
    for chunk in ids.chunks(CHUNK) {
        let mut sql = crate::sql::Sql::new("SELECT id, kvk_number FROM requests WHERE id IN ");
        sql.push_tuple(chunk.to_vec());
        let found: Vec<(String, String)> = sql.build_as().fetch_all(&state.db).await?;
        for id in chunk {
            let managed = found
                .iter()
                .any(|(found, kvk)| found == id && manager.manages(kvk));
            if !managed {
                return Err(MachtigingError::SelectionUnknown(id.clone()).into());
            }
        }
    }
    Ok(())
}
