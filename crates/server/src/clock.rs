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

/// The last second of the Dutch day `days` days after the day of `now`: see
/// [`domain::dutch_time::last_second_of_day_after`].
pub fn end_of_dutch_day_after(now: i64, days: u32) -> i64 {
    domain::dutch_time::last_second_of_day_after(now, days)
        .expect("the server's days are years before 9999-12-31")
}
