//! The birth date (in every notation people and spreadsheets write it), the `employed` answer and
//! the spreadsheet-formula guard.

use super::*;

/// Parses a birth date written as `dd-mm-jjjj`, `d-m-jjjj` (also with `/` or `.`), ISO
/// `jjjj-mm-dd`, or `ddmmjjjj`/`jjjjmmdd`; a trailing time (`00:00:00`) is ignored. Then checks it
/// with [`check_birth_date`].
pub fn parse_birth_date(input: &str, today: Date) -> Result<Date, DateError> {
    check_birth_date(parse_date_text(input)?, today)
}

/// The rules for a birth date: not in the future, not before 1900, at least 16 years old on
/// `today`.
pub fn check_birth_date(date: Date, today: Date) -> Result<Date, DateError> {
    if date > today {
        return Err(DateError::InFuture);
    }
    if date.year() < EARLIEST_BIRTH_YEAR {
        return Err(DateError::Before1900);
    }
    let age = date.years_until(today);
    if age < i32::from(MINIMUM_AGE) {
        return Err(DateError::TooYoung {
            age: age.max(0) as u16,
        });
    }
    Ok(date)
}

/// The fast path of [`parse_date_text`] for `dd-mm-jjjj` and `jjjj-mm-dd` (with `-`, `/` or `.`)
/// naming a real date; `None` lets the full parser decide.
#[inline]
pub(super) fn plain_date(input: &str) -> Option<Date> {
    let b: &[u8; 10] = input.as_bytes().try_into().ok()?;
    let digit = |i: usize| {
        let d = b[i].wrapping_sub(b'0');
        (d < 10).then_some(u16::from(d))
    };
    let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
    let four = |i: usize| Some(two(i)? * 100 + two(i + 2)?);
    let sep = |c: u8| matches!(c, b'-' | b'/' | b'.');
    let (year, month, day) = if sep(b[2]) && b[5] == b[2] {
        (four(6)?, two(3)?, two(0)?)
    } else if sep(b[4]) && b[7] == b[4] {
        (four(0)?, two(5)?, two(8)?)
    } else {
        return None;
    };
    Date::new(year, month as u8, day as u8)
}

pub(crate) fn parse_date_text(input: &str) -> Result<Date, DateError> {
    if let Some(date) = plain_date(input) {
        return Ok(date);
    }
    parse_date_text_full(input)
}

/// [`parse_date_text`] without the fast path.
pub(super) fn parse_date_text_full(input: &str) -> Result<Date, DateError> {
    let mut text = trim(input);
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    // "1985-02-01 00:00:00", "1985-02-01T00:00:00", "01-02-1985 0:00": drop the time of day.
    if let Some(pos) = text.find([' ', 'T']) {
        let time = trim(&text[pos + 1..]);
        if !time.is_empty()
            && time
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
        {
            text = trim(&text[..pos]);
        }
    }
    let b = text.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        return match b.len() {
            5 => {
                let serial: u32 = text.parse().map_err(|_| DateError::Format)?;
                Date::from_excel_serial(f64::from(serial), false)
                    .map(|date| Err(DateError::SerialNumber { date }))
                    .unwrap_or(Err(DateError::Format))
            }
            8 => {
                let n = |r: std::ops::Range<usize>| text[r].parse::<u16>().unwrap_or(0);
                let ymd =
                    Date::new(n(0..4), n(4..6) as u8, n(6..8) as u8).filter(|d| d.year() >= 1800);
                let dmy = Date::new(n(4..8), n(2..4) as u8, n(0..2) as u8);
                ymd.or(dmy).ok_or(DateError::Nonexistent)
            }
            _ => Err(DateError::Format),
        };
    }
    let sep = b
        .iter()
        .copied()
        .find(|c| !c.is_ascii_digit())
        .unwrap_or(b'-');
    if !matches!(sep, b'-' | b'/' | b'.') {
        return Err(DateError::Format);
    }
    let mut parts = text.split(sep as char);
    let (Some(a), Some(m), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DateError::Format);
    };
    let is_num = |s: &str, max_len: usize| {
        !s.is_empty() && s.len() <= max_len && s.bytes().all(|c| c.is_ascii_digit())
    };
    let num = |s: &str| s.parse::<u16>().unwrap_or(0);
    let (year, month, day) = if a.len() == 4 && is_num(a, 4) && is_num(m, 2) && is_num(c, 2) {
        (num(a), num(m), num(c))
    } else if is_num(a, 2) && is_num(m, 2) && c.len() == 4 && is_num(c, 4) {
        (num(c), num(m), num(a))
    } else if is_num(a, 2) && is_num(m, 2) && c.len() == 2 && is_num(c, 2) {
        return Err(DateError::TwoDigitYear {
            day: num(a) as u8,
            month: num(m) as u8,
            year: num(c) as u8,
        });
    } else {
        return Err(DateError::Format);
    };
    if let Some(date) = Date::new(year, month as u8, day as u8) {
        return Ok(date);
    }
    if month > 12
        && let Some(suggestion) = Date::new(year, day as u8, month as u8)
    {
        return Err(DateError::DayMonthSwapped {
            month: month as u8,
            suggestion,
        });
    }
    Err(DateError::Nonexistent)
}

/// `J`, `Ja`, `Yes` → true; `N`, `Nee`, `No` → false; case-insensitive.
pub fn parse_employed(input: &str) -> Result<bool, EmployedError> {
    let text = trim(input);
    if text.is_empty() {
        return Err(EmployedError::Empty);
    }
    let is = |word: &str| text.eq_ignore_ascii_case(word);
    if is("j") || is("ja") || is("yes") {
        Ok(true)
    } else if is("n") || is("nee") || is("no") {
        Ok(false)
    } else {
        Err(EmployedError::Invalid)
    }
}

/// The first character when `input` would be a spreadsheet formula: `=` and `@` always; `+` and
/// `-` unless only digits and phone punctuation follow (`+31 6 …`, `-5`).
pub fn formula_start(input: &str) -> Option<char> {
    let text = trim(input);
    let first = text.chars().next()?;
    match first {
        '=' | '@' => Some(first),
        '+' | '-' => text[1..]
            .chars()
            .any(|c| !(c.is_ascii_digit() || " .-()/".contains(c) || crate::text::is_space(c)))
            .then_some(first),
        _ => None,
    }
}
