//! The manager's overview, the first page of Beheer: what needs attention, each with the list
//! that shows exactly those requests or users. Each count IS that list's total (the same
//! function, the same filter), so the number on the overview and the list it links to agree.

use api::AttentionKind;
use api::year::{Attention, AttentionList, Overview};
use domain::Lang;

use super::ListQuery;
use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::ApiError;

/// Requests waiting for the user longer than this many days, identifications due within it.
pub(crate) const WAITING_DAYS: i64 = 7;
/// Means expiring within this many days (the first expiry warning's).
pub(crate) const EXPIRING_DAYS: i64 = 60;
/// Failed requests of the last this many days.
pub(crate) const FAILED_DAYS: i64 = 30;

/// Which list shows `kind`, with which filter.
pub(crate) fn list_of(kind: AttentionKind) -> (AttentionList, ListQuery) {
    let query = |status: &str| ListQuery {
        status: Some(status.to_owned()),
        ..ListQuery::default()
    };
    match kind {
        AttentionKind::WaitingForUser => (
            AttentionList::Requests,
            ListQuery {
                waiting_over: Some(WAITING_DAYS.to_string()),
                sort: Some("-waiting".to_owned()),
                ..query("waiting_for_user")
            },
        ),
        AttentionKind::WaitingForIdentification => (
            AttentionList::Requests,
            ListQuery {
                sort: Some("deadline".to_owned()),
                ..query("identification_required")
            },
        ),
        AttentionKind::IdentificationDue => (
            AttentionList::Requests,
            ListQuery {
                deadline_within: Some(WAITING_DAYS.to_string()),
                sort: Some("deadline".to_owned()),
                ..query("identification_required")
            },
        ),
        AttentionKind::Expiring => (
            AttentionList::Users,
            ListQuery {
                expiring_within: Some(EXPIRING_DAYS.to_string()),
                sort: Some("valid_until".to_owned()),
                ..query("active")
            },
        ),
        AttentionKind::Failed => (
            AttentionList::Requests,
            ListQuery {
                ended_within: Some(FAILED_DAYS.to_string()),
                ..query("failed")
            },
        ),
    }
}

/// The overview of `manager` at `now`.
pub(crate) async fn overview(
    state: &AppState,
    manager: &CurrentManager,
    now: i64,
) -> Result<Overview, ApiError> {
    let mut items = Vec::with_capacity(AttentionKind::ALL.len());
    for kind in AttentionKind::ALL {
        let (list, query) = list_of(*kind);
        let counted = ListQuery {
            per_page: Some("1".to_owned()),
            ..query.clone()
        };
        let count = match list {
            AttentionList::Users => {
                super::users::list(state, manager, &counted, now, Lang::Nl)
                    .await?
                    .total
            }
            AttentionList::Requests => {
                super::requests::list(state, manager, &counted, now)
                    .await?
                    .total
            }
        };
        items.push(Attention {
            kind: *kind,
            count,
            list,
            query,
        });
    }
    Ok(Overview { items })
}
