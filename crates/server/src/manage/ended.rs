//! Which of a page's organisations the KvK register lists as ended, so that Beheer marks them
//! and their requests. Each organisation on the page is asked once, through the register's
//! cache (no paid call within its time), all at once and for at most [`REGISTER_WAIT`]: a list
//! is never held up by an outage of the register, whose marks are then left off.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use api::manage::OrganisationRef;
use domain::RegisterDate;
use futures_util::future::join_all;

use crate::AppState;
use crate::kvk;

/// The longest Beheer waits for the register.
const REGISTER_WAIT: Duration = Duration::from_secs(2);

/// Sets `ended_on` on every organisation of `organisations` that the register lists as ended.
pub(crate) async fn mark<'a>(
    state: &AppState,
    organisations: impl IntoIterator<Item = &'a mut OrganisationRef>,
) {
    let mut organisations: Vec<&mut OrganisationRef> = organisations.into_iter().collect();
    let numbers: BTreeSet<String> = organisations
        .iter()
        .map(|organisation| organisation.kvk_number.clone())
        .collect();
    let ended = ended(state, numbers).await;
    for organisation in &mut organisations {
        organisation.ended_on = ended.get(&organisation.kvk_number).copied();
    }
}

/// The end dates of those of `numbers` that the register lists as ended.
pub(crate) async fn ended(
    state: &AppState,
    numbers: BTreeSet<String>,
) -> HashMap<String, RegisterDate> {
    let lookups = numbers.into_iter().map(|number| async move {
        let parsed = kvk::parse_number(&number).ok()?;
        let lookup = kvk::find(state.kvk.as_ref(), &parsed);
        match tokio::time::timeout(REGISTER_WAIT, lookup).await {
            Ok(Ok(organisation)) => Some((number, organisation.ended_on?)),
            Ok(Err(error)) => {
                tracing::warn!(kvk = %number, %error, "Beheer cannot say whether the organisation has ended");
                None
            }
            Err(_) => {
                tracing::warn!(kvk = %number, "the KvK register did not answer in time; Beheer leaves its end unmarked");
                None
            }
        }
    });
    join_all(lookups).await.into_iter().flatten().collect()
}
