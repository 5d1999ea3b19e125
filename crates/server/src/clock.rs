//! The one clock of the server: unix seconds, as every table stores times; and the day it is in
//! the Netherlands, the day of every date the server reckons (validity, expiry, filters, exports).

use std::time::{SystemTime, UNIX_EPOCH};

use domain::Date;

/// Now, in unix seconds (0 if the clock is before 1970).
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

/// Now, in unix milliseconds (0 if the clock is before 1970).
pub fn unix_now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)
        })
}

/// The date in the Netherlands at `at` (unix seconds): today, when given [`unix_now`].
pub fn today(at: i64) -> Date {
    domain::dutch_time::date_at(at)
        .expect("the server's times (its clock and days ahead of it) are within years 1..=9999")
}

/// The last second of the Dutch day `days` days after the day of `now`: an invitation said to
/// work "tot en met 5 januari" works until 23:59:59 that day, whatever the time it was sent.
pub fn end_of_dutch_day_after(now: i64, days: u32) -> i64 {
    let last_day = today(now + i64::from(days) * domain::SECONDS_PER_DAY);
    domain::dutch_time::end_of_day(last_day).expect("the server's days are years before 9999-12-31")
        - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_works_to_the_end_of_the_dutch_day_it_names() {
        // Sent on 6 December 2026 at 06:21 Dutch time (05:21 UTC), for 30 days.
        let sent = 1_796_534_460;
        assert_eq!(domain::dutch_time::local_time(sent), "2026-12-06 06:21:00");
        let end = end_of_dutch_day_after(sent, 30);
        assert_eq!(domain::dutch_time::local_time(end), "2027-01-05 23:59:59");
        // In summer too (CEST): sent 1 July 2026 23:30, for 1 day: to 2 July 23:59:59.
        let summer = 1_782_941_400;
        assert_eq!(
            domain::dutch_time::local_time(summer),
            "2026-07-01 23:30:00"
        );
        assert_eq!(
            domain::dutch_time::local_time(end_of_dutch_day_after(summer, 1)),
            "2026-07-02 23:59:59"
        );
    }
}
