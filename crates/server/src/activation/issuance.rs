//! Issuing the means: an identifier, the level, the organisation (and branch), valid from today
//! for the ordered term, its machtigingen with the same validity, status active; the manager is
//! told by e-mail, and the user too when the issuance follows an identification (they are no
//! longer on the page then).

use domain::{Date, Lang};
use sqlx::AnyConnection;

use super::events::{self, Actor, Event};
use super::{RequestRecord, authorisation_items, authorisation_list};
use crate::error::ApiError;
use crate::mail::notices::{self, MeansFacts};
use crate::outbox::{self, NewMessage};

/// An issued means, as the user's result page shows it.
pub(crate) use api::activation::Means as MeansView;

/// The last day of a term of `years` starting on `from` ([`domain::machtiging::term_end`]).
pub(crate) fn valid_until(from: Date, years: i64) -> Date {
    domain::machtiging::term_end(from, u16::try_from(years).unwrap_or(u16::MAX))
}

/// Issues the means of `record` in `tx` (the caller has moved the request to `issued`): the
/// means and its machtigingen, the request's end, the event and the e-mails.
pub(crate) async fn issue(
    tx: &mut AnyConnection,
    record: &RequestRecord,
    actor: &Actor,
    now: i64,
    lang: Lang,
) -> Result<MeansView, ApiError> {
    let id = crate::ids::readable("EHM")?;
    let today = crate::orders::today(now);
    let predecessor = super::succession::predecessor(tx, record).await?;
    let from = predecessor.as_ref().map_or(today, |p| p.new_start(today));
    let until = valid_until(from, record.term_years);
    let (from_iso, until_iso) = (from.iso_string(), until.iso_string());
    // Stored with Dutch labels, the language of the register and its exports.
    let items = authorisation_items(&record.authorisations, Lang::Nl);
    super::store::insert_means(tx, &id, record, (&from_iso, &until_iso), &items, now).await?;
    events::record(tx, &record.id, now, Event::Issued, actor, Some(&id)).await?;
    if let Some(predecessor) = &predecessor {
        super::succession::on_issue(tx, predecessor, &id, today, now).await?;
    }

    let labels: Vec<String> = items.into_iter().map(|item| item.label).collect();
    let full_name = record.full_name();
    let facts = record.facts(&full_name);
    let means = MeansFacts {
        id: &id,
        valid_from: from,
        valid_until: until,
        authorisations: &labels,
    };
    outbox::enqueue(
        tx,
        NewMessage::email(
            &record.manager.email,
            notices::issued_to_manager(&record.manager.name, facts, means),
            format!("issued:{}", record.id),
        ),
    )
    .await?;
    if matches!(actor, Actor::Operator(_)) {
        outbox::enqueue(
            tx,
            NewMessage::email(
                &record.email,
                notices::issued_to_user(facts, means),
                format!("issued-user:{}", record.id),
            ),
        )
        .await?;
    }
    Ok(MeansView {
        id,
        level: record.level,
        valid_from: from_iso,
        valid_until: until_iso,
        authorisations: authorisation_list(&record.authorisations, lang),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_ends_the_day_before_its_anniversary() {
        let from = Date::new(2026, 11, 25).unwrap();
        assert_eq!(valid_until(from, 3), Date::new(2029, 11, 24).unwrap());
        assert_eq!(
            valid_until(Date::new(2028, 2, 29).unwrap(), 1),
            Date::new(2029, 2, 28).unwrap()
        );
        assert_eq!(
            valid_until(Date::new(2027, 1, 1).unwrap(), 5),
            Date::new(2031, 12, 31).unwrap()
        );
    }
}
