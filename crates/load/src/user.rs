//! The user's steps, one invitation per round: read the invitation e-mail in the development
//! mailbox and take the link's token, open the link, confirm the e-mail address, ask for the SMS
//! code, read it in the mailbox, verify it, and order. A step that fails ends the round: the
//! steps after it send nothing.

use std::time::{Duration, Instant};

use goose::prelude::*;
use serde_json::{Value, json};

use crate::http::{Answer, Body, Call, Credentials, query_value, reject, send};
use crate::shared::{Invitee, Shared};
use crate::steps;

/// How long a user waits for an invitation from the managers before the round is skipped.
const INVITEE_WAIT: Duration = Duration::from_secs(2);
/// How long after the order the mailbox is first read: the outbox worker is woken by the
/// order and delivers at once when it keeps up.
const FIRST_LOOK: Duration = Duration::from_millis(200);
/// The mailbox is read again after 250 ms, then after twice as long each time up to 2 s (a
/// lagging outbox is not made busier by the readers), for at most 20 s.
const POLL_FIRST: Duration = Duration::from_millis(250);
const POLL_MAX: Duration = Duration::from_secs(2);
const MAILBOX_WAIT: Duration = Duration::from_secs(20);

/// The round under way.
#[derive(Debug, Clone, Default)]
struct Round {
    invitee: Option<Invitee>,
    /// The invitation link's token, once read.
    token: Option<String>,
    /// When the SMS code was asked for, and the code once read.
    code_sent: Option<Instant>,
    code: Option<String>,
}

fn round(user: &GooseUser) -> Round {
    user.get_session_data::<Round>()
        .cloned()
        .unwrap_or_default()
}

/// Ends the round (the steps after a failed one send nothing) with `error`.
fn give_up(user: &mut GooseUser, error: Box<TransactionError>) -> Box<TransactionError> {
    user.set_session_data(Round::default());
    error
}

/// Reads the development mailbox for `recipient` until `found` finds what the step needs in
/// the listing, again and again (see [`POLL_FIRST`]) for at most [`MAILBOX_WAIT`]; each read
/// is a request of `step`.
async fn read_mailbox<T>(
    user: &mut GooseUser,
    step: &str,
    recipient: &str,
    limit: u32,
    found: impl Fn(&Value) -> Option<T>,
) -> Result<T, Box<TransactionError>> {
    let path = format!(
        "/api/v1/dev/messages?recipient={}&limit={limit}",
        query_value(recipient)
    );
    let deadline = Instant::now() + MAILBOX_WAIT;
    let mut poll = POLL_FIRST;
    loop {
        let mut answer: Answer = send(user, Call::get(step, &path)).await?;
        if let Some(value) = answer.json().as_ref().and_then(&found) {
            return Ok(value);
        }
        if Instant::now() >= deadline {
            let message = format!("{step}: nothing in the mailbox within {MAILBOX_WAIT:?}");
            return Err(reject(user, &mut answer, &message));
        }
        tokio::time::sleep(poll.min(deadline.saturating_duration_since(Instant::now()))).await;
        poll = (poll * 2).min(POLL_MAX);
    }
}

/// The token of the newest invitation link among the listed messages.
fn invitation_token(listing: &Value) -> Option<String> {
    const LINK: &str = "/activeren/";
    listing["messages"].as_array()?.iter().find_map(|message| {
        let text = message["text"].as_str()?;
        let start = text.find(LINK)? + LINK.len();
        let token: String = text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        (message["kind"] == "email" && !token.is_empty()).then_some(token)
    })
}

/// The 6-digit code of the newest SMS among the listed messages.
fn sms_code(listing: &Value) -> Option<String> {
    let message = listing["messages"]
        .as_array()?
        .iter()
        .find(|message| message["kind"] == "sms")?;
    let text = message["text"].as_str()?;
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(5)).find_map(|at| {
        let digits = &bytes[at..at + 6];
        let alone = (at == 0 || !bytes[at - 1].is_ascii_digit())
            && bytes.get(at + 6).is_none_or(|b| !b.is_ascii_digit());
        (alone && digits.iter().all(u8::is_ascii_digit)).then(|| text[at..at + 6].to_owned())
    })
}

/// Takes the next invitation and reads it in the development mailbox: the link's token.
pub async fn read_invitation(user: &mut GooseUser, shared: &Shared) -> TransactionResult {
    user.set_session_data(Round::default());
    let Some(invitee) = shared.next_invitee(INVITEE_WAIT).await else {
        return Ok(());
    };
    let first_look = invitee.invited_at + FIRST_LOOK;
    tokio::time::sleep(first_look.saturating_duration_since(Instant::now())).await;
    let email = invitee.email.clone();
    match read_mailbox(user, steps::USER_INVITATION, &email, 5, invitation_token).await {
        Ok(token) => {
            user.set_session_data(Round {
                invitee: Some(invitee),
                token: Some(token),
                ..Round::default()
            });
            Ok(())
        }
        Err(error) => Err(give_up(user, error)),
    }
}

/// One activation request of `step` with the round's token; the answer's `status` must be one
/// of `statuses`. `Ok(None)` when the round has no token (an earlier step failed).
async fn activation(
    user: &mut GooseUser,
    step: &str,
    path: &str,
    body: Option<Value>,
    statuses: &[&str],
) -> Result<Option<Round>, Box<TransactionError>> {
    let round = round(user);
    let Some(token) = round.token.clone() else {
        return Ok(None);
    };
    let call = match body {
        None if path == "/api/v1/activation" => Call::get(step, path),
        body => Call::post(step, path, body.map(Body::Json)),
    }
    .by(Credentials::Invitation(&token));
    let mut answer = match send(user, call).await {
        Ok(answer) => answer,
        Err(error) => return Err(give_up(user, error)),
    };
    let status = answer
        .json()
        .and_then(|view| view["status"].as_str().map(str::to_owned));
    if !status.is_some_and(|status| statuses.contains(&status.as_str())) {
        let message = format!("{step}: the request is not {statuses:?}");
        let error = reject(user, &mut answer, &message);
        return Err(give_up(user, error));
    }
    Ok(Some(round))
}

/// `GET /api/v1/activation`: the link opened, the request still `invited`.
pub async fn open_link(user: &mut GooseUser, _shared: &Shared) -> TransactionResult {
    activation(
        user,
        steps::USER_OPEN,
        "/api/v1/activation",
        None,
        &["invited"],
    )
    .await
    .map(drop)
}

/// `POST /api/v1/activation/email-confirmation`.
pub async fn confirm_email(user: &mut GooseUser, _shared: &Shared) -> TransactionResult {
    let path = "/api/v1/activation/email-confirmation";
    activation(user, steps::USER_CONFIRM, path, None, &["email_confirmed"])
        .await
        .map(drop)
}

/// `POST /api/v1/activation/sms-code`: a code goes to the user's mobile number.
pub async fn request_code(user: &mut GooseUser, _shared: &Shared) -> TransactionResult {
    let path = "/api/v1/activation/sms-code";
    let sent = activation(
        user,
        steps::USER_SEND_CODE,
        path,
        None,
        &["email_confirmed"],
    )
    .await?;
    if let Some(round) = sent {
        user.set_session_data(Round {
            code_sent: Some(Instant::now()),
            ..round
        });
    }
    Ok(())
}

/// Reads the SMS code in the development mailbox.
pub async fn read_code(user: &mut GooseUser, _shared: &Shared) -> TransactionResult {
    let round = round(user);
    let (Some(invitee), Some(sent)) = (round.invitee.clone(), round.code_sent) else {
        return Ok(());
    };
    tokio::time::sleep((sent + FIRST_LOOK).saturating_duration_since(Instant::now())).await;
    match read_mailbox(
        user,
        steps::USER_READ_CODE,
        &invitee.mobile_e164,
        1,
        sms_code,
    )
    .await
    {
        Ok(code) => {
            user.set_session_data(Round {
                code: Some(code),
                ..round
            });
            Ok(())
        }
        Err(error) => Err(give_up(user, error)),
    }
}

/// `POST /api/v1/activation/sms-code/verification` with the code read.
pub async fn verify_code(user: &mut GooseUser, _shared: &Shared) -> TransactionResult {
    let Some(code) = round(user).code else {
        return Ok(());
    };
    let path = "/api/v1/activation/sms-code/verification";
    let body = json!({ "code": code });
    activation(
        user,
        steps::USER_VERIFY,
        path,
        Some(body),
        &["mobile_verified"],
    )
    .await
    .map(drop)
}

/// `POST /api/v1/activation/order`: an employee's means is issued, anyone else waits for an
/// identification. The round is over.
pub async fn order(user: &mut GooseUser, _shared: &Shared) -> TransactionResult {
    if round(user).code.is_none() {
        return Ok(());
    }
    let path = "/api/v1/activation/order";
    let body = json!({ "accepted_terms": true });
    let statuses = ["issued", "identification_required"];
    let ordered = activation(user, steps::USER_ORDER, path, Some(body), &statuses).await;
    user.set_session_data(Round::default());
    ordered.map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_read_from_the_invitation() {
        let listing = json!({ "messages": [
            { "kind": "sms", "text": "Je code is 123456." },
            { "kind": "email", "text": "Open http://127.0.0.1:8080/activeren/AbC-d_9\nGroet" },
        ]});
        assert_eq!(invitation_token(&listing).as_deref(), Some("AbC-d_9"));
        assert_eq!(invitation_token(&json!({ "messages": [] })), None);
    }

    #[test]
    fn the_code_is_six_digits_on_their_own() {
        let listing = |text: &str| json!({ "messages": [{ "kind": "sms", "text": text }] });
        assert_eq!(
            sms_code(&listing("Je code is 042917. @localhost:8080 #042917")).as_deref(),
            Some("042917")
        );
        assert_eq!(
            sms_code(&listing("1234567 and 654321")).as_deref(),
            Some("654321")
        );
        assert_eq!(sms_code(&listing("no code")), None);
        assert_eq!(sms_code(&json!({ "messages": [] })), None);
    }
}
