//! The SMS code step: wrong codes, the limits on sending new ones, and expiry.

use reqwest::StatusCode;
use serde_json::json;

use super::{call, execute, ordered, sms_code, step};
use crate::helpers::{DEMO_MANAGER, log_in, retry_after};
use crate::orders::{demo_app, invitations};
use crate::outbox::eventually;

#[tokio::test]
async fn five_wrong_codes_block_the_code_until_a_new_one_is_sent() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (jan, _) = ordered(&app, &manager).await;
    step(&app, "/email-confirmation", &jan, None).await;
    step(&app, "/sms-code", &jan, None).await;
    let code = sms_code(&app, "+31611111111", 1).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..=4).rev() {
        let (status, body) = step(
            &app,
            "/sms-code/verification",
            &jan,
            Some(json!({ "code": wrong })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["details"]["attempts_left"], left);
    }
    let (status, body) = step(
        &app,
        "/sms-code/verification",
        &jan,
        Some(json!({ "code": wrong })),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("sms_code_blocked"))
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("vraag een nieuwe code aan"),
        "{body}"
    );
    let (status, body) = step(
        &app,
        "/sms-code/verification",
        &jan,
        Some(json!({ "code": code })),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("sms_code_blocked")),
        "even the right code"
    );

    // A minute later a new code works.
    execute(&app, "UPDATE sms_codes SET sent_at = sent_at - 61").await;
    let (status, body) = step(&app, "/sms-code", &jan, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = sms_code(&app, "+31611111111", 2).await;
    let (status, body) = step(
        &app,
        "/sms-code/verification",
        &jan,
        Some(json!({ "code": code })),
    )
    .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("mobile_verified"))
    );
}

#[tokio::test]
async fn at_most_ten_codes_in_24_hours_even_when_spread_over_the_hours() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (jan, _) = ordered(&app, &manager).await;
    step(&app, "/email-confirmation", &jan, None).await;
    // One code every 15 minutes keeps under the hourly limit; the tenth is the day's last.
    for n in 1..=10 {
        let (status, body) = step(&app, "/sms-code", &jan, None).await;
        assert_eq!(status, StatusCode::OK, "code {n}: {body}");
        execute(&app, "UPDATE sms_codes SET sent_at = sent_at - 900").await;
    }
    let (status, body, headers) = call(
        &app,
        "POST",
        "/api/v1/activation/sms-code",
        Some(&jan),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("sms_daily_limit"))
    );
    // The oldest of the ten leaves the 24 hours 2 h 30 min after it was sent.
    let retry = retry_after(&headers);
    assert!(
        (86_400 - 9_000 - 5..=86_400 - 9_000).contains(&retry),
        "{retry}"
    );
    assert_eq!(body["details"]["retry_after_seconds"], retry);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("binnen 24 uur 10 codes"),
        "{body}"
    );
    let (_, view) = step(&app, "", &jan, None).await;
    assert_eq!(view["sms"]["sends_left"], 0);
}

#[tokio::test]
async fn codes_are_resent_at_most_once_a_minute_and_five_times_an_hour_and_expire() {
    let app = demo_app(&[]).await;
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (jan, _) = ordered(&app, &manager).await;
    step(&app, "/email-confirmation", &jan, None).await;
    let (status, _) = step(&app, "/sms-code", &jan, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body, headers) = call(
        &app,
        "POST",
        "/api/v1/activation/sms-code",
        Some(&jan),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("sms_resend_too_soon"))
    );
    let retry = retry_after(&headers);
    assert!((55..=60).contains(&retry), "{retry}");
    assert!(
        body["message"].as_str().unwrap().contains("seconden"),
        "{body}"
    );

    for _ in 0..4 {
        execute(&app, "UPDATE sms_codes SET sent_at = sent_at - 61").await;
        let (status, body) = step(&app, "/sms-code", &jan, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    execute(&app, "UPDATE sms_codes SET sent_at = sent_at - 61").await;
    let (status, body) = step(&app, "/sms-code", &jan, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("sms_hourly_limit"))
    );
    assert!(
        body["message"].as_str().unwrap().contains("minuten"),
        "{body}"
    );
    let (_, view) = step(&app, "", &jan, None).await;
    assert_eq!(view["sms"]["sends_left"], 0);

    // Five SMS reached the mailbox, one per code.
    let sent = eventually("five SMS", || async {
        let n = invitations(&app)
            .await
            .iter()
            .filter(|m| m["kind"] == "sms")
            .count();
        (n == 5).then_some(n)
    })
    .await;
    assert_eq!(sent, 5);

    // The newest code, 10 minutes on, has expired.
    let code = sms_code(&app, "+31611111111", 5).await;
    execute(&app, "UPDATE sms_codes SET expires_at = 1000").await;
    let (status, body) = step(
        &app,
        "/sms-code/verification",
        &jan,
        Some(json!({ "code": code })),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::GONE, Some("sms_code_expired"))
    );
}
