//! A calendar date without a clock. The domain crate never asks the system for "today": callers
//! pass it in (the server from its clock, the SPA from the browser's), so rules such as "at least
//! 16 years old" are deterministic and testable.
//!
//! Hand-written instead of `chrono`/`time`/`jiff` to keep the WASM bundle small: the import needs
//! only proleptic-Gregorian arithmetic, ISO formatting and Excel serial numbers. Which date it is
//! in the Netherlands at a given moment is [`crate::dutch_time`]'s (server-side, with the tz
//! database).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Seconds in a day of 24 hours: the unit of "valid for N days" durations. (A Dutch calendar day
/// lasts 23 or 25 hours when the clocks change: see [`crate::dutch_time`].)
pub const SECONDS_PER_DAY: i64 = 86_400;

/// A valid date in the proleptic Gregorian calendar, years 1..=9999.
///
/// Ordered chronologically. Serialised as ISO 8601 `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// The text is not an ISO 8601 `YYYY-MM-DD` date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a valid ISO date (YYYY-MM-DD)")]
pub struct InvalidIsoDate;

impl Date {
    /// The date, or `None` when it does not exist (31 April, 29 February 1985, month 13, year 0).
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if year == 0 || year > 9999 || month == 0 || month > 12 || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year, 1..=9999.
    pub const fn year(self) -> u16 {
        self.year
    }

    /// The month, 1..=12.
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1..=31.
    pub const fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub const fn days_since_unix_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, or `None` outside years 1..=9999.
    pub const fn from_days_since_unix_epoch(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
        if year < 1 || year > 9999 {
            return None;
        }
        Date::new(year as u16, month as u8, day as u8)
    }

    /// The UTC calendar date of a Unix timestamp in seconds. The date in the Netherlands is
    /// [`crate::dutch_time::date_at`]'s.
    pub const fn from_unix_seconds(seconds: i64) -> Option<Date> {
        Date::from_days_since_unix_epoch(seconds.div_euclid(SECONDS_PER_DAY))
    }

    /// The date `days` days later (earlier when negative), or `None` outside years 1..=9999.
    pub const fn add_days(self, days: i64) -> Option<Date> {
        match self.days_since_unix_epoch().checked_add(days) {
            Some(day) => Date::from_days_since_unix_epoch(day),
            None => None,
        }
    }

    /// The date of an Excel serial date number (the integer part; the fraction is the time of
    /// day). `is_1904` selects the Mac 1904 date system. Serial 60 in the 1900 system is Excel's
    /// fictitious 29 February 1900: `None`, like anything out of range.
    pub fn from_excel_serial(serial: f64, is_1904: bool) -> Option<Date> {
        if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
            return None;
        }
        let whole = serial.floor() as i64;
        // 1899-12-31 is day 0 of the 1900 system; 1904-01-01 is day 0 of the 1904 system.
        let (epoch, offset) = if is_1904 {
            (
                Date {
                    year: 1904,
                    month: 1,
                    day: 1,
                },
                whole,
            )
        } else if whole == 60 {
            return None;
        } else if whole < 60 {
            (
                Date {
                    year: 1899,
                    month: 12,
                    day: 31,
                },
                whole,
            )
        } else {
            (
                Date {
                    year: 1899,
                    month: 12,
                    day: 30,
                },
                whole,
            )
        };
        Date::from_days_since_unix_epoch(epoch.days_since_unix_epoch() + offset)
    }

    /// The Excel (1900 system) serial number of this date, for dates from 1 March 1900 on.
    pub const fn excel_serial(self) -> Option<i64> {
        let days = self.days_since_unix_epoch()
            - (Date {
                year: 1899,
                month: 12,
                day: 30,
            })
            .days_since_unix_epoch();
        if days > 60 { Some(days) } else { None }
    }

    /// Whole years from `self` to `on` (an age): 0 when `on` is before the first anniversary.
    pub const fn years_until(self, on: Date) -> i32 {
        let mut years = on.year as i32 - self.year as i32;
        if on.month < self.month || (on.month == self.month && on.day < self.day) {
            years -= 1;
        }
        years
    }

    /// The same day `years` years later; 29 February becomes 28 February in common years.
    pub const fn add_years(self, years: u16) -> Option<Date> {
        let year = self.year as u32 + years as u32;
        if year > 9999 {
            return None;
        }
        let year = year as u16;
        let last = days_in_month(year, self.month);
        Some(Date {
            year,
            month: self.month,
            day: if self.day > last { last } else { self.day },
        })
    }

    /// Parses strict ISO 8601 `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Result<Date, InvalidIsoDate> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(InvalidIsoDate);
        }
        let num = |range: std::ops::Range<usize>| -> Option<u16> {
            b[range].iter().try_fold(0u16, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u16::from(c - b'0'))
            })
        };
        let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(InvalidIsoDate);
        };
        Date::new(y, m as u8, d as u8).ok_or(InvalidIsoDate)
    }

    /// ISO 8601 `YYYY-MM-DD` (as `to_string()`, without the formatting machinery).
    pub fn iso_string(self) -> String {
        let mut out = String::with_capacity(10);
        self.push_iso(&mut out);
        out
    }

    /// Appends ISO 8601 `YYYY-MM-DD` to `out`.
    pub fn push_iso(self, out: &mut String) {
        let digit = |n: u16| b'0' + (n % 10) as u8;
        let (y, m, d) = (self.year, u16::from(self.month), u16::from(self.day));
        let iso = [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ];
        out.reserve(iso.len());
        out.extend(iso.iter().map(|&b| char::from(b)));
    }

    /// The Dutch notation `dd-mm-jjjj`, as shown to people.
    pub fn to_dutch(self) -> String {
        format!("{:02}-{:02}-{:04}", self.day, self.month, self.year)
    }
}

/// Whether `year` is a Gregorian leap year.
pub const fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// The number of days in `month` (1..=12) of `year`; 0 for an invalid month.
pub const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = InvalidIsoDate;

    fn from_str(s: &str) -> Result<Date, InvalidIsoDate> {
        Date::parse_iso(s)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Date::parse_iso(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn rejects_dates_that_do_not_exist() {
        assert!(Date::new(1985, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(1985, 4, 31).is_none());
        assert!(Date::new(1985, 13, 1).is_none());
        assert!(Date::new(0, 1, 1).is_none());
    }

    #[test]
    fn epoch_days_round_trip() {
        assert_eq!(d(1970, 1, 1).days_since_unix_epoch(), 0);
        assert_eq!(d(2000, 3, 1).days_since_unix_epoch(), 11_017);
        for days in (-719_162..2_932_896).step_by(997) {
            let date = Date::from_days_since_unix_epoch(days).unwrap();
            assert_eq!(date.days_since_unix_epoch(), days);
        }
        assert_eq!(
            Date::from_unix_seconds(1_700_000_000),
            Some(d(2023, 11, 14))
        );
        assert_eq!(Date::from_unix_seconds(-1), Some(d(1969, 12, 31)));
    }

    #[test]
    fn days_are_added_across_months_and_years() {
        assert_eq!(d(2024, 2, 28).add_days(1), Some(d(2024, 2, 29)));
        assert_eq!(d(2023, 2, 28).add_days(1), Some(d(2023, 3, 1)));
        assert_eq!(d(2026, 12, 31).add_days(1), Some(d(2027, 1, 1)));
        assert_eq!(d(2027, 1, 1).add_days(-1), Some(d(2026, 12, 31)));
        assert_eq!(d(2026, 5, 1).add_days(60), Some(d(2026, 6, 30)));
        assert_eq!(d(2026, 5, 1).add_days(0), Some(d(2026, 5, 1)));
        assert_eq!(d(9999, 12, 31).add_days(1), None);
        assert_eq!(d(1, 1, 1).add_days(-1), None);
        assert_eq!(d(2026, 5, 1).add_days(i64::MAX), None);
    }

    #[test]
    fn excel_serials_match_excel() {
        // Values as Excel shows them with a number format.
        assert_eq!(Date::from_excel_serial(1.0, false), Some(d(1900, 1, 1)));
        assert_eq!(Date::from_excel_serial(59.0, false), Some(d(1900, 2, 28)));
        assert_eq!(Date::from_excel_serial(60.0, false), None);
        assert_eq!(Date::from_excel_serial(61.0, false), Some(d(1900, 3, 1)));
        assert_eq!(
            Date::from_excel_serial(31_079.0, false),
            Some(d(1985, 2, 1))
        );
        assert_eq!(
            Date::from_excel_serial(31_079.75, false),
            Some(d(1985, 2, 1))
        );
        assert_eq!(Date::from_excel_serial(29_617.0, true), Some(d(1985, 2, 1)));
        assert_eq!(d(1985, 2, 1).excel_serial(), Some(31_079));
        assert_eq!(Date::from_excel_serial(f64::NAN, false), None);
        assert_eq!(Date::from_excel_serial(-1.0, false), None);
    }

    #[test]
    fn ages_count_whole_years() {
        let born = d(2008, 6, 15);
        assert_eq!(born.years_until(d(2024, 6, 14)), 15);
        assert_eq!(born.years_until(d(2024, 6, 15)), 16);
        assert_eq!(d(2008, 2, 29).add_years(16), Some(d(2024, 2, 29)));
        assert_eq!(d(2008, 2, 29).add_years(17), Some(d(2025, 2, 28)));
    }

    #[test]
    fn iso_parsing_and_formatting() {
        assert_eq!(Date::parse_iso("1985-02-01"), Ok(d(1985, 2, 1)));
        assert_eq!(d(1985, 2, 1).to_string(), "1985-02-01");
        assert_eq!(d(1985, 2, 1).iso_string(), "1985-02-01");
        assert_eq!(d(12, 12, 31).iso_string(), "0012-12-31");
        assert_eq!(d(1985, 2, 1).to_dutch(), "01-02-1985");
        for bad in [
            "1985-2-1",
            "1985-02-30",
            "85-02-01",
            "1985/02/01",
            "١٩٨٥-٠٢-٠١",
            "",
        ] {
            assert_eq!(Date::parse_iso(bad), Err(InvalidIsoDate), "{bad}");
        }
    }
}
