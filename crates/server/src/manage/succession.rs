//! Which means a listed request renews or replaces, and which request renews or replaces a
//! listed means: filled in on a page of Gebruikers or Lopende aanvragen with two queries.

use api::manage::{RequestRow, UserRow};
use api::year::Succession;
use api::{RequestStatus, SuccessionKind};
use sqlx::AnyPool;

use crate::error::ApiError;
use crate::sql::{Sql, statuses};

#[derive(sqlx::FromRow)]
struct Link {
    /// The request (predecessor query) or the means (successor query) it is about.
    about: String,
    kind: SuccessionKind,
    request_id: String,
    means_id: Option<String>,
}

/// For each of `request_ids`, the means it follows: `(request, succession)`.
async fn predecessors(
    db: &AnyPool,
    request_ids: Vec<String>,
) -> Result<Vec<(String, Succession)>, ApiError> {
    if request_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT r.id AS about, r.succession AS kind, m.request_id, m.id AS means_id \
         FROM requests r JOIN means m ON m.id = r.predecessor_means_id WHERE r.id IN ",
    );
    sql.push_tuple(request_ids);
    let links: Vec<Link> = sql.build_as().fetch_all(db).await?;
    Ok(links.into_iter().map(split).collect())
}

/// For each of `means_ids`, the request under way or done that follows it.
async fn successors(
    db: &AnyPool,
    means_ids: Vec<String>,
) -> Result<Vec<(String, Succession)>, ApiError> {
    if means_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(format!(
        "SELECT s.predecessor_means_id AS about, s.succession AS kind, s.id AS request_id, \
         n.id AS means_id FROM requests s LEFT JOIN means n ON n.request_id = s.id \
         WHERE s.predecessor_means_id IS NOT NULL AND s.status NOT IN {} \
         AND s.predecessor_means_id IN ",
        statuses(&[
            RequestStatus::Cancelled,
            RequestStatus::Rejected,
            RequestStatus::Expired
        ])
    ));
    sql.push_tuple(means_ids);
    let links: Vec<Link> = sql.build_as().fetch_all(db).await?;
    Ok(links.into_iter().map(split).collect())
}

fn split(link: Link) -> (String, Succession) {
    (
        link.about,
        Succession {
            kind: link.kind,
            request_id: link.request_id,
            means_id: link.means_id,
        },
    )
}

/// Fills in `predecessor` and `successor` of a page of users.
pub(crate) async fn fill_users(db: &AnyPool, users: &mut [UserRow]) -> Result<(), ApiError> {
    let ids = users.iter().map(|u| u.request_id.clone()).collect();
    for (about, succession) in predecessors(db, ids).await? {
        if let Some(user) = users.iter_mut().find(|u| u.request_id == about) {
            user.predecessor = Some(succession);
        }
    }
    let means = users.iter().filter_map(|u| u.means_id.clone()).collect();
    for (about, succession) in successors(db, means).await? {
        if let Some(user) = users
            .iter_mut()
            .find(|u| u.means_id.as_deref() == Some(&about))
        {
            user.successor = Some(succession);
        }
    }
    Ok(())
}

/// Fills in `predecessor` of a page of requests.
pub(crate) async fn fill_requests(
    db: &AnyPool,
    requests: &mut [RequestRow],
) -> Result<(), ApiError> {
    let ids = requests.iter().map(|r| r.request_id.clone()).collect();
    for (about, succession) in predecessors(db, ids).await? {
        if let Some(request) = requests.iter_mut().find(|r| r.request_id == about) {
            request.predecessor = Some(succession);
        }
    }
    Ok(())
}
