//! The expiry warnings with a moved clock: the means that come within 60 and then 14 days of
//! their last day produce exactly one digest per manager on each of those days, and a notice per
//! user, also when two instances run the day at the same moment.

use middelpunt_server::activation::means_expiry::{Sent, send_due};

use crate::helpers::{DEMO_MANAGER, TestApp, log_in};
use crate::machtigingen::{issued, none};
use crate::orders::{demo_app, invitations};
use crate::outbox::eventually;

/// Noon (UTC, so the same day in the Netherlands) `days_before` days before the ISO date `until`.
fn noon_before(until: &str, days_before: i64) -> i64 {
    let until = domain::Date::parse_iso(until).unwrap();
    (until.days_since_unix_epoch() - days_before) * 86_400 + 12 * 3_600
}

/// The last valid day of means `id` (ISO).
async fn valid_until(app: &TestApp, id: &str) -> String {
    sqlx::query_scalar("SELECT valid_until FROM means WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

/// The day's run on two instances at once: what each sent.
async fn both(app: &TestApp, at: i64) -> (Sent, Sent) {
    let (a, b) = tokio::join!(send_due(&app.state, at), send_due(&app.state, at));
    (a.unwrap(), b.unwrap())
}

async fn mails(app: &TestApp, to: &str, subject_part: &str) -> usize {
    invitations(app)
        .await
        .iter()
        .filter(|m| {
            m["recipient"] == to
                && m["subject"]
                    .as_str()
                    .is_some_and(|s| s.contains(subject_part))
        })
        .count()
}

#[tokio::test]
async fn each_threshold_gives_one_digest_per_manager_per_day_even_with_two_instances() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (_, jan) = issued(
        &app,
        &manager,
        ("Jan", "jan@voorbeeld.nl", "06 11111111"),
        "EH3",
        none(),
    )
    .await;
    issued(
        &app,
        &manager,
        ("Eva", "eva@voorbeeld.nl", "06 22222222"),
        "EH2+",
        none(),
    )
    .await;
    let until = valid_until(&app, &jan).await;

    // 61 days before: nothing yet.
    assert_eq!(
        both(&app, noon_before(&until, 61)).await,
        (Sent::default(), Sent::default())
    );
    // 60 days before: one instance sends both means in one digest; the other finds the day done.
    let (a, b) = both(&app, noon_before(&until, 60)).await;
    let sent = if a.means > 0 { (a, b) } else { (b, a) };
    assert_eq!(
        sent,
        (
            Sent {
                means: 2,
                digests: 1
            },
            Sent::default()
        )
    );
    // Later that day and the next days: nothing again.
    assert_eq!(
        send_due(&app.state, noon_before(&until, 60) + 3_600)
            .await
            .unwrap(),
        Sent::default()
    );
    assert_eq!(
        both(&app, noon_before(&until, 59)).await,
        (Sent::default(), Sent::default())
    );
    // 14 days before: the second warning, once.
    let (a, b) = both(&app, noon_before(&until, 14)).await;
    assert_eq!(a.means + b.means, 2);
    assert_eq!(a.digests + b.digests, 1);

    let digests = eventually("two digests", || async {
        let n = mails(
            &app,
            DEMO_MANAGER,
            "2 eHerkenningsmiddelen verlopen binnenkort",
        )
        .await;
        (n >= 2).then_some(n)
    })
    .await;
    assert_eq!(digests, 2, "one digest per threshold day");
    // Jan's notices travel apart from the digests: waited for on their own.
    let notices = eventually("Jan's two notices", || async {
        let n = mails(
            &app,
            "jan@voorbeeld.nl",
            "Uw eHerkenningsmiddel voor Test BV Donald verloopt op",
        )
        .await;
        (n >= 2).then_some(n)
    })
    .await;
    assert_eq!(notices, 2, "Jan is told at 60 and at 14 days");
}

#[tokio::test]
async fn a_day_missed_is_made_up_once_at_the_nearer_threshold() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (_, jan) = issued(
        &app,
        &manager,
        ("Jan", "jan@voorbeeld.nl", "06 11111111"),
        "EH3",
        none(),
    )
    .await;
    let until = valid_until(&app, &jan).await;
    // The server was down from 61 to 10 days before: one warning then, not two.
    assert_eq!(
        send_due(&app.state, noon_before(&until, 10)).await.unwrap(),
        Sent {
            means: 1,
            digests: 1
        }
    );
    assert_eq!(
        send_due(&app.state, noon_before(&until, 9)).await.unwrap(),
        Sent::default()
    );
    let marks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM expiry_warnings WHERE means_id = $1")
        .bind(&jan)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(marks, 2, "both thresholds marked");
}
