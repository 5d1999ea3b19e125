//! Outgoing webhooks of API clients (docs/clients-api.md, "Webhooks"): a client may name a URL
//! that is told when one of its users' requests changes.
//!
//! - [`set`] and [`remove`]: the manager's side; setting makes a new signing secret (`whsec_…`),
//!   shown once and kept in the database (the server signs with it).
//! - [`on_event`]: called by `activation::store::insert_event` in the change's transaction;
//!   when the request's order was placed by a client with a webhook, and the event is one a
//!   client is told of, an outbox message of kind `webhook` is enqueued with the JSON payload,
//!   once per event (`dedupe_key` `webhook:<event id>`).
//! - Delivery is the outbox worker's, through [`crate::mail::webhook`]: to the client's current
//!   URL, signed, with retries.

use std::net::IpAddr;

use api::EventKind;
use api::clients::{MAX_WEBHOOK_URL_CHARS, NewWebhook, WEBHOOK_SECRET_PREFIX, WebhookSet};
use domain::Lang;
use serde_json::json;
use sqlx::AnyConnection;

use super::{ApiClient, ClientError, ClientProblem, active, show, store};
use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::ApiError;
use crate::lang::Text;
use crate::manage::audit::{self, Action};
use crate::outbox::{self, NewMessage};

/// The event type a client is told of for `kind` (`request.issued`), `None` for the events
/// that are not sent.
pub(crate) fn event_type(kind: EventKind) -> Option<&'static str> {
    Some(match kind {
        EventKind::Invited => "request.invited",
        EventKind::EmailConfirmed => "request.email_confirmed",
        EventKind::IdentificationRequired => "request.identification_required",
        EventKind::Issued => "request.issued",
        EventKind::Rejected => "request.rejected",
        EventKind::Expired => "request.expired",
        EventKind::Cancelled => "request.cancelled",
        EventKind::Revoked => "request.revoked",
        _ => return None,
    })
}

/// What is wrong with a webhook URL: the problem's code and text; `None` when it is right.
pub(crate) fn check_url(url: &str) -> Option<(&'static str, Text<'static>)> {
    if url.chars().count() > MAX_WEBHOOK_URL_CHARS {
        let max = MAX_WEBHOOK_URL_CHARS;
        return Some(("url_too_long", Text::WebhookUrlTooLong { max }));
    }
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return Some(("url_invalid", Text::WebhookUrlInvalid));
    };
    if parsed.host_str().is_none_or(str::is_empty) || parsed.cannot_be_a_base() {
        return Some(("url_invalid", Text::WebhookUrlInvalid));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Some(("url_userinfo", Text::WebhookUrlUserInfo));
    }
    if parsed.host_str().is_some_and(internal_address) {
        return Some(("url_internal", Text::WebhookUrlInternal));
    }
    let local = matches!(parsed.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match parsed.scheme() {
        "https" => None,
        "http" if local => None,
        _ => Some(("url_not_https", Text::WebhookUrlNotHttps)),
    }
}

/// Whether `host` is an IP address of an internal network ([`internal_ip`]). A name is not
/// resolved here but at every delivery ([`crate::mail::webhook`]), where each address it
/// resolves to is checked by the same rule.
fn internal_address(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.parse::<IpAddr>().is_ok_and(internal_ip)
}

/// Whether `ip` is an address of an internal network (private, link-local, shared,
/// unspecified or broadcast; this machine's loopback is allowed): a webhook must not make the
/// server call into the provider's own network.
pub(crate) fn internal_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => {
            let [a, b, ..] = ip.octets();
            ip.is_private()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(ip) => {
            let first = ip.segments()[0];
            ip.is_unspecified()
                || first & 0xfe00 == 0xfc00
                || first & 0xffc0 == 0xfe80
                || ip
                    .to_ipv4_mapped()
                    .is_some_and(|v4| internal_ip(IpAddr::V4(v4)) || v4.is_loopback())
        }
    }
}

/// Sets the webhook of client `id` to `new.url`, with a new signing secret shown this once.
pub(crate) async fn set(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
    new: NewWebhook,
    now: i64,
    lang: Lang,
) -> Result<WebhookSet, ApiError> {
    let client = active(state, manager, id, now).await?;
    let url = new.url.trim();
    if let Some((code, text)) = check_url(url) {
        return Err(ClientError::Invalid(vec![ClientProblem {
            location: "url".to_owned(),
            code: code.to_owned(),
            message: text.text(lang),
        }])
        .into());
    }
    let secret = format!(
        "{WEBHOOK_SECRET_PREFIX}{}",
        crate::auth::session::random_token()?
    );
    let mut tx = crate::db::begin_write(&state.db).await?;
    store::set_webhook(&mut tx, id, Some((url, &secret))).await?;
    let detail = format!("{}; {url}", client.name);
    audit::record(
        &mut tx,
        manager,
        Some(&client.kvk_number),
        Action::ApiClientWebhookSet,
        id,
        Some(&detail),
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(client = %id, "API client webhook set");
    Ok(WebhookSet {
        client: show(state, manager, id, now).await?,
        signing_secret: secret,
    })
}

/// Removes the webhook of client `id`: events not yet delivered are dropped.
pub(crate) async fn remove(
    state: &AppState,
    manager: &CurrentManager,
    id: &str,
    now: i64,
) -> Result<ApiClient, ApiError> {
    let client = active(state, manager, id, now).await?;
    if client.webhook.is_some() {
        let mut tx = crate::db::begin_write(&state.db).await?;
        store::set_webhook(&mut tx, id, None).await?;
        audit::record(
            &mut tx,
            manager,
            Some(&client.kvk_number),
            Action::ApiClientWebhookRemoved,
            id,
            Some(&client.name),
            now,
        )
        .await?;
        tx.commit().await?;
    }
    show(state, manager, id, now).await
}

/// What a webhook's payload says of the request.
#[derive(sqlx::FromRow)]
struct Subject {
    client_id: String,
    order_number: String,
    kvk_number: Option<String>,
    status: String,
    means_id: Option<String>,
    means_status: Option<String>,
    scim_user_id: Option<String>,
}

/// Enqueues the webhook call for event `event_id` (`kind`, at `at`) of request `request_id`, in
/// the event's transaction, when the request's order was placed by a client that has a webhook
/// and is not revoked, and the event is one a client is told of.
pub(crate) async fn on_event(
    tx: &mut AnyConnection,
    request_id: &str,
    event_id: i64,
    kind: EventKind,
    at: i64,
) -> Result<(), sqlx::Error> {
    let Some(event_type) = event_type(kind) else {
        return Ok(());
    };
    // The SCIM user: linked to the request once its order is placed; while it is being placed
    // (the first event), known by the order's idempotency key, `scim-{user id}-{generation}`
    // (crate::scim::users).
    let subject: Option<Subject> = sqlx::query_as(
        "SELECT c.id AS client_id, r.order_number, r.kvk_number, r.status, \
         (SELECT m.id FROM means m WHERE m.request_id = r.id) AS means_id, \
         (SELECT m.status FROM means m WHERE m.request_id = r.id) AS means_status, \
         COALESCE((SELECT MIN(u.id) FROM scim_users u WHERE u.request_id = r.id), \
          (SELECT MIN(u.id) FROM scim_users u WHERE u.client_id = c.id \
           AND o.idempotency_key LIKE 'scim-' || u.id || '-%')) AS scim_user_id \
         FROM requests r JOIN orders o ON o.order_number = r.order_number \
         JOIN api_clients c ON c.id = o.api_client_id \
         WHERE r.id = $1 AND c.webhook_url IS NOT NULL AND c.revoked_at IS NULL",
    )
    .bind(request_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(subject) = subject else {
        return Ok(());
    };
    let delivery_id = delivery_id(event_id);
    let payload = json!({
        "id": delivery_id,
        "type": event_type,
        "created": at,
        "data": {
            "request_id": request_id,
            "order_number": subject.order_number,
            "kvk_number": subject.kvk_number,
            "status": subject.status,
            "scim_user_id": subject.scim_user_id,
            "means_id": subject.means_id,
            "means_status": subject.means_status,
        }
    });
    let message = NewMessage::webhook(
        &subject.client_id,
        event_type,
        payload.to_string(),
        format!("webhook:{event_id}"),
    );
    outbox::enqueue(tx, message).await?;
    tracing::debug!(client = %subject.client_id, event = event_type, "webhook call enqueued");
    Ok(())
}

/// The id of the delivery of event `event_id`: the payload's `id` and `Middelpunt-Delivery`.
pub(crate) fn delivery_id(event_id: i64) -> String {
    format!("whd_{event_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_https_or_local_http_without_user() {
        for good in [
            "https://hr.example.com/hook",
            "https://hr.example.com:8443/a?b=c",
            "http://localhost:8080/hook",
            "http://127.0.0.1:1/hook",
            "http://[::1]/hook",
            "https://127.0.0.1:8443/hook",
            "https://8.8.8.8/hook",
        ] {
            assert_eq!(check_url(good).map(|p| p.0), None, "{good}");
        }
        for (bad, code) in [
            ("http://example.org/hook", "url_not_https"),
            ("ftp://example.org/hook", "url_not_https"),
            ("http://10.0.0.1/hook", "url_internal"),
            ("https://10.1.2.3/hook", "url_internal"),
            ("https://192.168.1.10/hook", "url_internal"),
            ("https://172.16.0.1/hook", "url_internal"),
            ("https://169.254.169.254/latest/meta-data", "url_internal"),
            ("https://100.64.0.1/hook", "url_internal"),
            ("https://0.0.0.0/hook", "url_internal"),
            ("https://[fd00::1]/hook", "url_internal"),
            ("https://[fe80::1]/hook", "url_internal"),
            ("https://[::ffff:10.0.0.1]/hook", "url_internal"),
            ("https://user:pw@example.org/hook", "url_userinfo"),
            ("/hook", "url_invalid"),
            ("mailto:a@example.org", "url_invalid"),
        ] {
            assert_eq!(check_url(bad).map(|p| p.0), Some(code), "{bad}");
        }
        let long = format!("https://example.org/{}", "a".repeat(MAX_WEBHOOK_URL_CHARS));
        assert_eq!(check_url(&long).map(|p| p.0), Some("url_too_long"));
    }

    #[test]
    fn only_the_changes_a_client_cares_for_are_sent() {
        assert_eq!(event_type(EventKind::Issued), Some("request.issued"));
        assert_eq!(event_type(EventKind::SmsSent), None);
        assert_eq!(event_type(EventKind::MobileVerified), None);
    }
}
