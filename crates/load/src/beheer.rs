//! Beheer's steps for a signed-in manager: the users list and the requests list with the
//! filters, sorts and pages people use, and the users export as CSV, read to its last byte.

use std::time::Instant;

use goose::prelude::*;

use crate::http::{Call, Credentials, exchange, failure, send};
use crate::manager::session;
use crate::shared::{DEMO_ORGANISATIONS, Shared};
use crate::steps;

/// Names people search for (the made-up people's last names) and the statuses they filter on.
const SEARCHES: [&str; 4] = ["jansen", "vries", "bakker", "dijk"];
const USER_STATUSES: [&str; 4] = ["active", "pending", "revoked", "expired"];
const USER_SORTS: [&str; 4] = ["name", "-valid_until", "organisation", "email"];
const REQUEST_STATUSES: [&str; 4] = ["open", "all", "invited", "identification_required"];
const REQUEST_SORTS: [&str; 4] = ["-created_at", "name", "deadline", "-waiting"];

fn pick<'a>(rng: &mut fastrand::Rng, list: &[&'a str]) -> &'a str {
    list[rng.usize(..list.len())]
}

/// A page of the list: mostly the first, now and then the next two.
fn page(rng: &mut fastrand::Rng) -> u8 {
    match rng.u8(..10) {
        0 => 3,
        1 | 2 => 2,
        _ => 1,
    }
}

/// A query of the users list as a person would filter it.
fn users_query(rng: &mut fastrand::Rng) -> String {
    let filter = match rng.u8(..5) {
        0 => String::new(),
        1 => format!("&organisation={}", pick(rng, &DEMO_ORGANISATIONS)),
        2 => format!("&level=EH3&status={}", pick(rng, &USER_STATUSES)),
        3 => format!("&q={}", pick(rng, &SEARCHES)),
        _ => format!(
            "&organisation={}&status=pending&q={}",
            pick(rng, &DEMO_ORGANISATIONS),
            pick(rng, &SEARCHES)
        ),
    };
    format!(
        "/api/v1/users?page={}&per_page=50&sort={}{filter}",
        page(rng),
        pick(rng, &USER_SORTS)
    )
}

/// A query of the requests list.
fn requests_query(rng: &mut fastrand::Rng) -> String {
    let organisation = if rng.bool() {
        format!("&organisation={}", pick(rng, &DEMO_ORGANISATIONS))
    } else {
        String::new()
    };
    format!(
        "/api/v1/requests?page={}&per_page=50&status={}&sort={}{organisation}",
        page(rng),
        pick(rng, &REQUEST_STATUSES),
        pick(rng, &REQUEST_SORTS)
    )
}

/// `GET /api/v1/users?…`.
pub async fn users_list(user: &mut GooseUser, _shared: &Shared) -> TransactionResult {
    let session = session(user)?;
    let path = users_query(&mut fastrand::Rng::new());
    let call = Call::get(steps::BEHEER_USERS, &path).by(Credentials::Manager(&session));
    send(user, call).await.map(drop)
}

/// `GET /api/v1/requests?…`.
pub async fn requests_list(user: &mut GooseUser, _shared: &Shared) -> TransactionResult {
    let session = session(user)?;
    let path = requests_query(&mut fastrand::Rng::new());
    let call = Call::get(steps::BEHEER_REQUESTS, &path).by(Credentials::Manager(&session));
    send(user, call).await.map(drop)
}

/// `GET /api/v1/users/export.csv` of one organisation, or of all: goose times the request to
/// its first byte (the streamed export's headers); the whole download is recorded beside it.
pub async fn export(user: &mut GooseUser, _shared: &Shared) -> TransactionResult {
    let session = session(user)?;
    let mut rng = fastrand::Rng::new();
    let path = match rng.u8(..3) {
        0 => "/api/v1/users/export.csv".to_owned(),
        _ => format!(
            "/api/v1/users/export.csv?organisation={}",
            pick(&mut rng, &DEMO_ORGANISATIONS)
        ),
    };
    let started = Instant::now();
    let call = Call::get(steps::BEHEER_EXPORT, &path).by(Credentials::Manager(&session));
    let (_request, mut response) = exchange(user, call).await?;
    let status = response.status().as_u16();
    let mut bytes = 0_usize;
    let mut error = None;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes += chunk.len(),
            Ok(None) => break,
            Err(e) => {
                error = Some(format!("the export broke off after {bytes} bytes: {e}"));
                break;
            }
        }
    }
    // A CSV export starts with a byte order mark and a header row, whatever the filter.
    if error.is_none() && (status != 200 || bytes < 3) {
        error = Some(format!("the export answered {status} with {bytes} bytes"));
    }
    user.record_custom_request_duration(
        "GET",
        steps::BEHEER_EXPORT_WHOLE,
        started.elapsed(),
        error.is_none(),
        Some(status),
        error.as_deref(),
    )
    .await?;
    match error {
        None => Ok(()),
        Some(error) => Err(failure(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_name_only_known_filters() {
        let mut rng = fastrand::Rng::with_seed(5);
        for _ in 0..200 {
            let users = users_query(&mut rng);
            assert!(users.starts_with("/api/v1/users?page="), "{users}");
            assert!(users.contains("&per_page=50&sort="), "{users}");
            let requests = requests_query(&mut rng);
            assert!(requests.contains("&status="), "{requests}");
        }
    }
}
