//! The SMS code that proves the user's mobile number (seed steps 17–18): 6 digits, valid for
//! 10 minutes, single use, 5 wrong tries; a new code at the earliest 60 seconds after the last,
//! at most 5 per hour and 10 per 24 hours (so that a link valid for 30 days allows at most 1,500
//! guesses at a million codes, not 3,600). Only the newest code of a request counts. The code is stored as the
//! SHA-256 of `"{code id}:{code}"` and sent through the outbox (`sms-code:{code id}`), so it is
//! sent once, retried when the gateway fails, and never logged.

use sqlx::AnyPool;
use subtle::ConstantTimeEq;

use super::events::{self, Actor, Event};
use super::store;
use super::{ActivationError, Milestone, RequestRecord, Status, transition};
use crate::AppState;
use crate::auth::session::hash_token;
use crate::error::ApiError;
use crate::outbox::{self, NewMessage};

/// Digits of a code.
pub(crate) const CODE_DIGITS: usize = 6;
/// How many codes there are: 10 to the power [`CODE_DIGITS`].
const CODES: u32 = 10_u32.pow(CODE_DIGITS as u32);

/// How long a code works, in seconds.
pub(crate) const VALID_SECS: i64 = 10 * 60;
/// Wrong tries after which a code stops working.
pub(crate) const MAX_WRONG_ATTEMPTS: i64 = 5;
/// Seconds between two codes.
pub(crate) const RESEND_AFTER_SECS: i64 = 60;
/// Codes per request per hour.
pub(crate) const MAX_SENDS_PER_HOUR: i64 = 5;
/// Codes per request per 24 hours.
pub(crate) const MAX_SENDS_PER_DAY: i64 = 10;

const HOUR: i64 = 60 * 60;
const DAY: i64 = domain::SECONDS_PER_DAY;

pub(crate) use api::activation::SmsState;

/// The send times of the codes of the last 24 hours, oldest first.
async fn sent_last_day(db: &AnyPool, request_id: &str, now: i64) -> Result<Sent, sqlx::Error> {
    let times = store::codes_sent_since(db, request_id, now - DAY).await?;
    Ok(Sent { times, now })
}

/// The codes of a request sent in the last 24 hours, as of `now`.
struct Sent {
    /// Oldest first.
    times: Vec<i64>,
    now: i64,
}

impl Sent {
    fn in_last_hour(&self) -> &[i64] {
        let first = self.times.partition_point(|&at| at < self.now - HOUR);
        &self.times[first..]
    }

    /// The moment a window of `length` seconds holds fewer than `max` of these sends again.
    fn window_frees_at(times: &[i64], max: i64, length: i64) -> i64 {
        match usize::try_from(max) {
            Ok(max) if times.len() >= max => times[times.len() - max] + length,
            _ => 0,
        }
    }

    /// When the next code may be sent.
    fn next_send_at(&self) -> i64 {
        let after_last = self.times.last().map_or(0, |last| last + RESEND_AFTER_SECS);
        let after_hour = Self::window_frees_at(self.in_last_hour(), MAX_SENDS_PER_HOUR, HOUR);
        let after_day = Self::window_frees_at(&self.times, MAX_SENDS_PER_DAY, DAY);
        after_last.max(after_hour).max(after_day)
    }

    /// How many more codes may be sent before a limit is reached.
    fn left(&self) -> i64 {
        let hour = MAX_SENDS_PER_HOUR - self.in_last_hour().len() as i64;
        let day = MAX_SENDS_PER_DAY - self.times.len() as i64;
        hour.min(day).max(0)
    }
}

/// The SMS step of the request, if a code was sent.
pub(crate) async fn state(
    db: &AnyPool,
    request_id: &str,
    now: i64,
) -> Result<Option<SmsState>, sqlx::Error> {
    let Some(code) = store::latest_code(db, request_id).await? else {
        return Ok(None);
    };
    let sent = sent_last_day(db, request_id, now).await?;
    Ok(Some(SmsState {
        sent_at: code.sent_at,
        code_expires_at: code.expires_at,
        resend_at: sent.next_send_at().max(now),
        sends_left: sent.left(),
        attempts_left: if code.used_at.is_some() {
            0
        } else {
            (MAX_WRONG_ATTEMPTS - code.wrong_attempts).max(0)
        },
    }))
}

/// A uniformly random code of 6 digits from the operating system's CSPRNG.
fn random_code() -> Result<String, ApiError> {
    loop {
        let mut bytes = [0_u8; 4];
        getrandom::getrandom(&mut bytes).map_err(|e| ApiError::internal(e.to_string()))?;
        let value = u32::from_le_bytes(bytes);
        // Reject the top of the range so that every code is equally likely.
        if value < u32::MAX - u32::MAX % CODES {
            return Ok(format!("{:0width$}", value % CODES, width = CODE_DIGITS));
        }
    }
}

/// The text of the SMS: the code, its validity, a warning, and the WebOTP line with which a
/// phone's browser offers to fill in the code (`@host #code`).
pub(crate) fn text(code: &str, host: &str) -> String {
    format!(
        "Uw Middelpunt-code is {code}. De code is {} minuten geldig. Deel hem met niemand.\n\n@{host} #{code}",
        VALID_SECS / 60
    )
}

/// The host of a URL such as `https://portaal.example:8443/x`: `portaal.example`.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if authority.starts_with('[') {
        return authority.split(']').next().map_or(authority, |h| &h[1..]);
    }
    authority.split(':').next().unwrap_or(authority)
}

/// Sends a new code to the user's mobile number: refused too soon after the last and beyond
/// the hourly and daily limits.
pub(crate) async fn send(
    state: &AppState,
    record: &RequestRecord,
    now: i64,
) -> Result<(), ApiError> {
    if record.status != Status::EmailConfirmed {
        return Err(ActivationError::WrongStep(record.status).into());
    }
    let sent = sent_last_day(&state.db, &record.id, now).await?;
    let next = sent.next_send_at();
    let retry_after = (next - now).max(1) as u64;
    if sent.times.len() as i64 >= MAX_SENDS_PER_DAY {
        return Err(ActivationError::DailyLimit { retry_after }.into());
    }
    if sent.in_last_hour().len() as i64 >= MAX_SENDS_PER_HOUR {
        return Err(ActivationError::HourlyLimit { retry_after }.into());
    }
    if next > now {
        return Err(ActivationError::ResendTooSoon {
            retry_after: (next - now) as u64,
        }
        .into());
    }
    let code = random_code()?;
    let id = crate::ids::readable("SMS")?;
    let mut tx = crate::db::begin_write(&state.db).await?;
    let code_hash = hash_token(&format!("{id}:{code}"));
    store::insert_code(&mut tx, &id, &record.id, &code_hash, now, now + VALID_SECS).await?;
    let host = host_of(state.config.public_url.as_str());
    outbox::enqueue(
        &mut tx,
        NewMessage::sms(&record.mobile, text(&code, host), format!("sms-code:{id}")),
    )
    .await?;
    events::record(&mut tx, &record.id, now, Event::SmsSent, &Actor::User, None).await?;
    tx.commit().await?;
    state.outbox.wake();
    crate::ops::metrics::sms_code_sent();
    tracing::info!(request = %record.id, "SMS code sent");
    Ok(())
}

/// Checks `input` against the newest code; the request's mobile number is verified when it is
/// right.
pub(crate) async fn verify(
    state: &AppState,
    record: &mut RequestRecord,
    input: &str,
    now: i64,
) -> Result<(), ApiError> {
    let result = check(state, record, input, now).await;
    crate::ops::metrics::sms_code_verified(result)
}

async fn check(
    state: &AppState,
    record: &mut RequestRecord,
    input: &str,
    now: i64,
) -> Result<(), ApiError> {
    if record.status != Status::EmailConfirmed {
        return Err(ActivationError::WrongStep(record.status).into());
    }
    let typed: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != CODE_DIGITS || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ActivationError::CodeFormat.into());
    }
    let code = match store::latest_code(&state.db, &record.id).await? {
        Some(code) if code.used_at.is_none() => code,
        _ => return Err(ActivationError::CodeMissing.into()),
    };
    if code.wrong_attempts >= MAX_WRONG_ATTEMPTS {
        return Err(ActivationError::CodeBlocked.into());
    }
    if code.expires_at <= now {
        return Err(ActivationError::CodeExpired.into());
    }
    let expected = hash_token(&format!("{}:{typed}", code.id));
    if !bool::from(expected.as_bytes().ct_eq(code.code_hash.as_bytes())) {
        let counted = store::count_wrong_try(&state.db, &code.id, MAX_WRONG_ATTEMPTS).await?;
        let wrong = counted.unwrap_or(MAX_WRONG_ATTEMPTS);
        tracing::info!(request = %record.id, wrong, "wrong SMS code");
        return Err(if counted.is_none() || wrong >= MAX_WRONG_ATTEMPTS {
            ActivationError::CodeBlocked
        } else {
            ActivationError::CodeWrong {
                attempts_left: MAX_WRONG_ATTEMPTS - wrong,
            }
        }
        .into());
    }
    let mut tx = crate::db::begin_write(&state.db).await?;
    let used = store::use_code(&mut tx, &code.id, MAX_WRONG_ATTEMPTS, now).await?;
    if !used
        || !transition(
            &mut tx,
            &record.id,
            Status::EmailConfirmed,
            Status::MobileVerified,
            Milestone::MobileVerified,
            now,
        )
        .await?
    {
        return Err(ActivationError::CodeMissing.into());
    }
    events::record(
        &mut tx,
        &record.id,
        now,
        Event::MobileVerified,
        &Actor::User,
        None,
    )
    .await?;
    tx.commit().await?;
    record.status = Status::MobileVerified;
    tracing::info!(request = %record.id, "mobile number verified");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..200 {
            let code = random_code().unwrap();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    fn sent(times: &[i64], now: i64) -> Sent {
        Sent {
            times: times.to_vec(),
            now,
        }
    }

    #[test]
    fn the_next_code_waits_a_minute_and_five_per_hour() {
        assert_eq!(sent(&[], 2000).next_send_at(), 0);
        assert_eq!(sent(&[], 2000).left(), 5);
        assert_eq!(sent(&[1000], 1500).next_send_at(), 1060);
        let five = sent(&[1000, 1100, 1200, 1300, 1400], 1500);
        assert_eq!(five.next_send_at(), 1000 + HOUR);
        assert_eq!(five.left(), 0);
    }

    #[test]
    fn at_most_ten_codes_in_24_hours_however_they_are_spread() {
        // Every 15 minutes: four in the last hour, ten in two and a half hours.
        let now = 10 * DAY;
        let times: Vec<i64> = (0..10).rev().map(|i| now - 60 - i * 15 * 60).collect();
        let ten = sent(&times, now);
        assert_eq!(ten.in_last_hour().len(), 4);
        assert_eq!(ten.left(), 0);
        assert_eq!(ten.next_send_at(), times[0] + DAY);
        let nine = sent(&times[1..], now);
        assert_eq!(nine.left(), 1);
        assert!(nine.next_send_at() < now + HOUR);
    }

    #[test]
    fn the_text_holds_the_code_and_the_webotp_line() {
        let text = text("123456", host_of("https://portaal.example:8443/x"));
        assert!(text.starts_with("Uw Middelpunt-code is 123456."), "{text}");
        assert!(text.ends_with("\n\n@portaal.example #123456"), "{text}");
        assert!(
            text.chars().count() <= 160,
            "one SMS: {}",
            text.chars().count()
        );
        assert_eq!(host_of("http://127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(host_of("http://[::1]:8080/"), "::1");
    }
}
