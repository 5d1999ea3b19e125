//! The one shape of every API error: `{"code", "message", "details"?}`.

use serde::{Deserialize, Serialize};

use crate::activation::Contact;
use crate::{EndReason, RequestStatus};

/// The JSON body of every API error: `{"code": "not_found", "message": "…", "details": {…}}`.
///
/// `details` are free-form per error (the server writes a `serde_json::Value`); a client reads
/// the parts it knows with `ErrorBody<ErrorDetails>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody<D = serde_json::Value> {
    /// Stable snake_case machine string, e.g. `not_found`; clients branch on it.
    pub code: String,
    /// Human text in the language of the request (`Accept-Language`, Dutch by default).
    pub message: String,
    /// The same text in every language of the interface, so that a client shows it again in
    /// the language its user switches to after the error came; absent from the few errors
    /// written before a request's language is known.
    /// (Boxed: an error stays small where it is passed around.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Box<Messages>>,
    /// Structured extras, e.g. `{"limit_bytes": 1048576}`; absent when there are none.
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub details: Option<D>,
    /// The request's id (`X-Request-Id`), to quote to the help desk: it finds the request in
    /// the server's logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// `None` whatever `D` is (serde's own `default` would ask `D: Default`).
fn none<D>() -> Option<D> {
    None
}

/// An error's message in Dutch and in English ([`ErrorBody::messages`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Messages {
    /// In Dutch.
    pub nl: String,
    /// In English.
    pub en: String,
}

impl Messages {
    /// The message in `lang`.
    pub fn get(&self, lang: domain::Lang) -> &str {
        match lang {
            domain::Lang::Nl => &self.nl,
            domain::Lang::En => &self.en,
        }
    }
}

impl<D> ErrorBody<D> {
    /// The error's details, when the server gave any.
    pub fn details(&self) -> Option<&D> {
        self.details.as_ref()
    }

    /// The message in `lang`: from [`messages`](Self::messages) when the server gave them,
    /// otherwise the one it wrote.
    pub fn message_in(&self, lang: domain::Lang) -> &str {
        self.messages
            .as_ref()
            .map_or(&self.message, |messages| messages.get(lang))
    }
}

impl ErrorBody<ErrorDetails> {
    /// The request's problems, when the server listed them (e.g. a refused order).
    pub fn problems(&self) -> &[Problem] {
        self.details.as_ref().map_or(&[], |d| &d.problems)
    }
}

/// The parts of `details` that clients act on: a refused request's problems, each where it is,
/// and what the activation and SMS errors add (when to try again, the manager to ask, …).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetails {
    /// A refused request's problems (orders, identifications, corrections).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// `sms_resend_too_soon`, `sms_hourly_limit`, `sms_daily_limit`: seconds until a new code
    /// can be asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
    /// `sms_code_wrong`: tries left with the current code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
    /// The request's status (`activation_wrong_step`, `activation_finished`, `request_not_open`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RequestStatus>,
    /// When the activation expired, was cancelled or finished (unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<i64>,
    /// Who to ask about an expired, cancelled or finished activation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<Contact>,
    /// Why a finished activation ended without a means (`activation_finished`,
    /// `organisation_ended`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<EndReason>,
}

/// One problem of a refused request: `location` is like `users[2].mobile` (orders) or a field
/// name such as `document_last4` (identifications and corrections, which call it `field`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// Where the problem is.
    #[serde(alias = "field")]
    pub location: String,
    /// Stable machine string of the problem.
    pub code: String,
    /// The problem in the request's language.
    pub message: String,
    /// The same in every language of the interface ([`ErrorBody::messages`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Messages>,
}

impl Problem {
    /// The problem in `lang`, when the server gave it in every language; otherwise as written.
    pub fn message_in(&self, lang: domain::Lang) -> &str {
        self.messages
            .as_ref()
            .map_or(&self.message, |messages| messages.get(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_reads_the_details_it_knows_and_skips_the_rest() {
        let json = r#"{"code":"activation_finished","message":"m","details":
            {"status":"rejected","at":5,"manager":{"name":"A","email":"a@b.nl"},"other":1}}"#;
        let body: ErrorBody<ErrorDetails> = serde_json::from_str(json).expect("an error body");
        let details = body.details.expect("details");
        assert_eq!(details.status, Some(RequestStatus::Rejected));
        assert_eq!(details.at, Some(5));
        let plain: ErrorBody = serde_json::from_str(r#"{"code":"c","message":"m"}"#).unwrap();
        assert_eq!(plain.details, None);
        assert_eq!(
            serde_json::to_string(&plain).unwrap(),
            r#"{"code":"c","message":"m"}"#
        );
    }

    #[test]
    fn problems_are_read_under_either_name() {
        let json = r#"{"code":"c","message":"m","details":{"problems":[
            {"location":"users[0].email","code":"a","message":"x"},
            {"field":"email","code":"b","message":"y"}]}}"#;
        let body: ErrorBody<ErrorDetails> = serde_json::from_str(json).expect("an error body");
        let locations: Vec<_> = body
            .problems()
            .iter()
            .map(|p| p.location.as_str())
            .collect();
        assert_eq!(locations, ["users[0].email", "email"]);
    }
}
