//! Dates, numbers and phone numbers the way people read them, for the pages that show what the
//! server sent (ISO dates, unix seconds, E.164 numbers). Amounts: `Cents::on_screen`.

use domain::Lang;

use crate::i18n::month_name;

/// `(year, month, day)` of an ISO date such as `1985-03-15`.
fn iso_parts(iso: &str) -> Option<(i32, u32, u32)> {
    let mut parts = iso.get(..10)?.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month, day))
}

/// An ISO date as `15-03-1985` (as the manager entered it); the text itself when it is not one.
pub fn short_date(iso: &str) -> String {
    match iso_parts(iso) {
        Some((year, month, day)) => format!("{day:02}-{month:02}-{year:04}"),
        None => iso.to_string(),
    }
}

/// An ISO date as `15 maart 1985` / `15 March 1985`.
pub fn long_date(iso: &str, lang: Lang) -> String {
    match iso_parts(iso) {
        Some((year, month, day)) => format!("{day} {} {year}", month_name(month, lang)),
        None => iso.to_string(),
    }
}

/// A moment (unix seconds) as its date in the browser's time zone, `25 december 2026`.
pub fn long_date_of(unix_seconds: i64, lang: Lang) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        unix_seconds as f64 * 1000.0,
    ));
    format!(
        "{} {} {}",
        date.get_date(),
        month_name(date.get_month() + 1, lang),
        date.get_full_year()
    )
}

/// A moment as `25 december 2026, 14:05` in the browser's time zone.
pub fn date_time(unix_seconds: i64, lang: Lang) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        unix_seconds as f64 * 1000.0,
    ));
    format!(
        "{}, {:02}:{:02}",
        long_date_of(unix_seconds, lang),
        date.get_hours(),
        date.get_minutes()
    )
}

/// Today in the browser's time zone, as an ISO date (`2026-12-07`): the earliest day a date
/// field offers.
pub fn today_iso() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// A whole number with thousands grouped: `1.234` in Dutch, `1,234` in English.
pub fn number(n: i64, lang: Lang) -> String {
    let group = match lang {
        Lang::Nl => '.',
        Lang::En => ',',
    };
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(group);
        }
        grouped.push(c);
    }
    if n < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// Now, in unix seconds.
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// A mobile number as people know it: a Dutch `+31 6…` as `06 12345678`, others unchanged.
pub fn mobile(number: &str) -> String {
    match number.strip_prefix("+316") {
        Some(rest) if rest.len() == 8 && rest.bytes().all(|b| b.is_ascii_digit()) => {
            format!("06 {rest}")
        }
        _ => number.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_iso_dates() {
        assert_eq!(short_date("1985-03-15"), "15-03-1985");
        assert_eq!(long_date("2029-11-25", Lang::Nl), "25 november 2029");
        assert_eq!(long_date("2029-11-25", Lang::En), "25 November 2029");
        assert_eq!(short_date("gisteren"), "gisteren");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(number(1234, Lang::Nl), "1.234");
        assert_eq!(number(1_234_567, Lang::En), "1,234,567");
        assert_eq!(number(20, Lang::Nl), "20");
    }

    #[test]
    fn formats_dutch_mobiles() {
        assert_eq!(mobile("+31612345678"), "06 12345678");
        assert_eq!(mobile("+32470123456"), "+32470123456");
    }
}
