//! A request that renews or replaces an earlier means (the manager's year, issue 11). A
//! renewal is issued without an identification while the old means is valid, and its validity
//! starts the day after the old one ends (no days lost by renewing early); a change of level is
//! a new means from today, and the old means ends when it is issued.

use api::activation::ActivationSuccession;
use api::{MeansStatus, SuccessionKind};
use domain::Date;
use sqlx::AnyConnection;

use super::RequestRecord;
use super::events::{self, Actor, Event};
use crate::error::ApiError;

/// The means a request follows, as stored now.
#[derive(Debug, Clone)]
pub(crate) struct Predecessor {
    pub kind: SuccessionKind,
    pub means_id: String,
    pub request_id: String,
    pub status: MeansStatus,
    pub valid_until: Date,
}

impl Predecessor {
    /// Whether the old means stands in for the identification: a renewal, while the old
    /// means is active and valid `today`.
    pub(crate) fn spares_identification(&self, today: Date) -> bool {
        self.kind == SuccessionKind::Renewal
            && self.status == MeansStatus::Active
            && self.valid_until >= today
    }

    /// The first day of the new means issued `today`.
    pub(crate) fn new_start(&self, today: Date) -> Date {
        match self.kind {
            SuccessionKind::Renewal if self.status == MeansStatus::Active => {
                domain::machtiging::renewal_start(today, self.valid_until)
            }
            _ => today,
        }
    }
}

/// The means `record` renews or replaces, if any.
pub(crate) async fn predecessor(
    db: &mut AnyConnection,
    record: &RequestRecord,
) -> Result<Option<Predecessor>, ApiError> {
    let Some((means_id, kind)) = &record.predecessor else {
        return Ok(None);
    };
    let row: Option<(String, MeansStatus, String)> =
        sqlx::query_as("SELECT request_id, status, valid_until FROM means WHERE id = $1")
            .bind(means_id.clone())
            .fetch_optional(&mut *db)
            .await?;
    let Some((request_id, status, until)) = row else {
        return Err(ApiError::internal(format!(
            "request {} follows means {means_id}, which does not exist",
            record.id
        )));
    };
    Ok(Some(Predecessor {
        kind: *kind,
        means_id: means_id.clone(),
        request_id,
        status,
        valid_until: Date::parse_iso(&until)
            .map_err(|_| ApiError::internal(format!("stored date {until:?}")))?,
    }))
}

/// What the user's pages say about it.
pub(crate) fn view(predecessor: &Predecessor, employed: bool, today: Date) -> ActivationSuccession {
    ActivationSuccession {
        kind: predecessor.kind,
        means_id: predecessor.means_id.clone(),
        means_valid_until: predecessor.valid_until.iso_string(),
        identification_needed: !employed && !predecessor.spares_identification(today),
    }
}

/// After the new means `new_means_id` was issued in `tx`: a change of level ends the old
/// means (revoked, `replaced_by`), with an event on the old request.
pub(crate) async fn on_issue(
    tx: &mut AnyConnection,
    predecessor: &Predecessor,
    new_means_id: &str,
    today: Date,
    now: i64,
) -> Result<(), ApiError> {
    if predecessor.kind != SuccessionKind::LevelChange {
        return Ok(());
    }
    let ended =
        crate::manage::store::users::revoke(tx, &predecessor.means_id, &today.iso_string(), now)
            .await?;
    if ended {
        sqlx::query("UPDATE means SET replaced_by = $1 WHERE id = $2")
            .bind(new_means_id.to_owned())
            .bind(predecessor.means_id.clone())
            .execute(&mut *tx)
            .await?;
        events::record(
            tx,
            &predecessor.request_id,
            now,
            Event::Replaced,
            &Actor::System,
            Some(new_means_id),
        )
        .await?;
    }
    Ok(())
}
