//! A date as the KvK register (Handelsregister) records it: a day, or only a month or a year
//! when the register knows no more. KvK's API writes it `yyyymmdd` with `00` for an unknown
//! month or day (`20240300`, `20240000`); Middelpunt's JSON writes it as ISO 8601 with the
//! unknown parts left off (`2024-03-01`, `2024-03`, `2024`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Date;

/// A day, a month or a year in the register. Ordered by the first day it may mean, the less
/// precise first (`2024` < `2024-03` < `2024-03-01`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegisterDate {
    year: u16,
    /// 1..=12, or 0 when unknown.
    month: u8,
    /// A day of the month, or 0 when unknown; 0 whenever `month` is.
    day: u8,
}

/// The text is not a date of the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "not a register date (yyyymmdd with 00 for an unknown month or day, or ISO yyyy[-mm[-dd]])"
)]
pub struct InvalidRegisterDate;

impl RegisterDate {
    /// The date: `month` and `day` 0 when unknown. `None` when it does not exist (31 April, month
    /// 13, a day without its month, year 0).
    pub fn new(year: u16, month: u8, day: u8) -> Option<RegisterDate> {
        let valid = match (month, day) {
            (0, 0) => (1..=9999).contains(&year),
            (0, _) => false,
            (month, 0) => (1..=9999).contains(&year) && (1..=12).contains(&month),
            (month, day) => Date::new(year, month, day).is_some(),
        };
        valid.then_some(RegisterDate { year, month, day })
    }

    /// A whole day.
    pub fn on(date: Date) -> RegisterDate {
        RegisterDate {
            year: date.year(),
            month: date.month(),
            day: date.day(),
        }
    }

    /// KvK's `yyyymmdd`, `00` for an unknown month or day: `20240301`, `20240300`, `20240000`.
    pub fn parse_kvk(text: &str) -> Result<RegisterDate, InvalidRegisterDate> {
        let digits = text.as_bytes();
        if digits.len() != 8 || !digits.iter().all(u8::is_ascii_digit) {
            return Err(InvalidRegisterDate);
        }
        let number = |range: std::ops::Range<usize>| {
            digits[range]
                .iter()
                .fold(0_u16, |acc, d| acc * 10 + u16::from(d - b'0'))
        };
        let (year, month, day) = (number(0..4), number(4..6), number(6..8));
        RegisterDate::new(year, month as u8, day as u8).ok_or(InvalidRegisterDate)
    }

    /// ISO 8601 with the unknown parts left off: `2024-03-01`, `2024-03` or `2024`.
    pub fn parse_iso(text: &str) -> Result<RegisterDate, InvalidRegisterDate> {
        let mut parts = text.split('-');
        let mut part = |len: usize| -> Result<Option<u16>, InvalidRegisterDate> {
            match parts.next() {
                None => Ok(None),
                Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| InvalidRegisterDate)
                }
                Some(_) => Err(InvalidRegisterDate),
            }
        };
        let year = part(4)?.ok_or(InvalidRegisterDate)?;
        let month = part(2)?.unwrap_or(0);
        let day = part(2)?.unwrap_or(0);
        if parts.next().is_some() || (month == 0 && text.len() > 4) || (day == 0 && text.len() > 7)
        {
            // More parts than a day, or a part written as 00.
            return Err(InvalidRegisterDate);
        }
        RegisterDate::new(year, month as u8, day as u8).ok_or(InvalidRegisterDate)
    }

    /// The day, when the register knows it.
    pub fn exact(self) -> Option<Date> {
        Date::new(self.year, self.month, self.day)
    }

    /// The first day the date may mean: the day itself, or the first of its month or year.
    pub fn first_day(self) -> Date {
        Date::new(self.year, self.month.max(1), self.day.max(1))
            .expect("a register date's year, month and day exist, so its first day does")
    }

    /// Whether the date has come by `today`: counted from the first day it may mean, so that an
    /// end in "2024" has come on 1 January 2024.
    pub fn has_come(self, today: Date) -> bool {
        self.first_day() <= today
    }

    /// The Dutch notation, as precise as the register: `01-03-2024`, `03-2024` or `2024`.
    pub fn to_dutch(self) -> String {
        match (self.month, self.day) {
            (0, _) => format!("{:04}", self.year),
            (month, 0) => format!("{month:02}-{:04}", self.year),
            (month, day) => format!("{day:02}-{month:02}-{:04}", self.year),
        }
    }
}

impl fmt::Display for RegisterDate {
    /// ISO 8601 with the unknown parts left off.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month != 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day != 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl Serialize for RegisterDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RegisterDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RegisterDate, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        RegisterDate::parse_iso(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn kvk_dates_may_leave_the_day_or_month_unknown() {
        let full = RegisterDate::parse_kvk("20240301").unwrap();
        assert_eq!(full.exact(), Some(day(2024, 3, 1)));
        assert_eq!(
            (full.to_string(), full.to_dutch()),
            ("2024-03-01".into(), "01-03-2024".into())
        );

        let month = RegisterDate::parse_kvk("20240300").unwrap();
        assert_eq!(month.exact(), None);
        assert_eq!(month.first_day(), day(2024, 3, 1));
        assert_eq!(
            (month.to_string(), month.to_dutch()),
            ("2024-03".into(), "03-2024".into())
        );

        let year = RegisterDate::parse_kvk("20240000").unwrap();
        assert_eq!(year.first_day(), day(2024, 1, 1));
        assert_eq!(
            (year.to_string(), year.to_dutch()),
            ("2024".into(), "2024".into())
        );

        for bad in [
            "2024031",
            "202403011",
            "2024-03-",
            "20240231",
            "20241301",
            "20240015",
            "00000000",
            "",
            "2024030A",
        ] {
            assert_eq!(
                RegisterDate::parse_kvk(bad),
                Err(InvalidRegisterDate),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn iso_form_round_trips_and_refuses_the_rest() {
        for text in ["2024-03-01", "2024-03", "2024", "0001"] {
            let date = RegisterDate::parse_iso(text).unwrap();
            assert_eq!(date.to_string(), text);
            let json = serde_json::to_string(&date).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<RegisterDate>(&json).unwrap(), date);
        }
        for bad in [
            "2024-00",
            "2024-03-00",
            "2024-3",
            "24",
            "2024-02-30",
            "2024-03-01-01",
            "20240301",
            "2024-13",
            "",
        ] {
            assert_eq!(
                RegisterDate::parse_iso(bad),
                Err(InvalidRegisterDate),
                "{bad:?}"
            );
        }
        assert_eq!(RegisterDate::on(day(2024, 3, 1)).to_string(), "2024-03-01");
    }

    #[test]
    fn a_date_has_come_from_the_first_day_it_may_mean() {
        let today = day(2026, 6, 10);
        let date = |text| RegisterDate::parse_kvk(text).unwrap();
        assert!(date("20260610").has_come(today));
        assert!(!date("20260611").has_come(today));
        assert!(date("20260600").has_come(today));
        assert!(!date("20260700").has_come(today));
        assert!(date("20260000").has_come(today));
        assert!(!date("20270000").has_come(today));
        // Ordered by their first day, the less precise first.
        assert!(date("20260000") < date("20260100"));
        assert!(date("20260100") < date("20260101"));
        assert!(date("20260101") < date("20260200"));
        assert!(date("20251231") < date("20260000"));
    }
}
