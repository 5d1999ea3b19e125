//! The fake gateway over real loopback connections, sent what the server's client sends.

use super::*;

/// What `HttpSmsGateway::deliver` sends for outbox message `id`: status, or `None` when no
/// answer came within `timeout`.
fn post(
    gateway: &FakeSmsGateway,
    id: u32,
    text: &str,
    key: &str,
    timeout: Duration,
) -> Option<u16> {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .build()
        .new_agent();
    let reference = format!("outbox-{id}");
    let body = serde_json::json!({
        "to": "+31612345678", "from": "Middelpunt", "text": text, "reference": reference,
    });
    agent
        .post(gateway.url())
        .header("Authorization", format!("Bearer {key}"))
        .header("Idempotency-Key", &reference)
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .ok()
        .map(|response| response.status().as_u16())
}

const SECOND: Duration = Duration::from_secs(1);

#[test]
fn a_repeated_key_is_answered_but_not_sent_again() {
    let gateway = FakeSmsGateway::start().unwrap();
    assert_eq!(
        post(&gateway, 1, "Uw code is 123456", API_KEY, SECOND),
        Some(202)
    );
    assert_eq!(
        post(&gateway, 1, "Uw code is 123456", API_KEY, SECOND),
        Some(200)
    );
    assert_eq!(
        post(&gateway, 2, "Uw code is 654321", API_KEY, SECOND),
        Some(202)
    );
    let sent = gateway.sent();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].id, "sms-1");
    assert_eq!(sent[0].idempotency_key.as_deref(), Some("outbox-1"));
    assert_eq!(sent[0].reference, "outbox-1");
    assert_eq!(
        (sent[0].to.as_str(), sent[0].from.as_str()),
        ("+31612345678", "Middelpunt")
    );
    let outcomes: Vec<Outcome> = gateway.requests().into_iter().map(|r| r.outcome).collect();
    assert_eq!(outcomes, [Outcome::Sent, Outcome::Repeated, Outcome::Sent]);
    assert_eq!(gateway.requests_by_key()["outbox-1"], 2);
    assert!(gateway.repeated_texts().is_empty());
}

#[test]
fn the_same_text_under_two_keys_is_a_repeat() {
    let gateway = FakeSmsGateway::start().unwrap();
    post(&gateway, 1, "Uw code is 111111", API_KEY, SECOND);
    post(&gateway, 2, "Uw code is 111111", API_KEY, SECOND);
    assert_eq!(
        gateway.repeated_texts(),
        [("+31612345678".to_owned(), "Uw code is 111111".to_owned(), 2)]
    );
}

#[test]
fn faults_apply_to_the_next_requests_then_stop() {
    let gateway = FakeSmsGateway::start().unwrap();
    gateway.fail_next(2, Fault::Status(500));
    assert_eq!(post(&gateway, 1, "a", API_KEY, SECOND), Some(500));
    assert_eq!(post(&gateway, 1, "a", API_KEY, SECOND), Some(500));
    assert_eq!(post(&gateway, 1, "a", API_KEY, SECOND), Some(202));
    assert_eq!(gateway.sent().len(), 1);
    assert_eq!(gateway.requests()[0].outcome, Outcome::Failed(500));
}

#[test]
fn a_hang_sends_nothing_and_a_lost_answer_sends_once() {
    let gateway = FakeSmsGateway::start().unwrap();
    let short = Duration::from_millis(300);
    gateway.fail_next(1, Fault::Hang);
    assert_eq!(post(&gateway, 1, "a", API_KEY, short), None);
    assert!(gateway.sent().is_empty());
    gateway.fail_next(1, Fault::SendThenHang);
    assert_eq!(post(&gateway, 2, "b", API_KEY, short), None);
    // The client tries again with the same key: answered, not sent twice.
    assert_eq!(post(&gateway, 2, "b", API_KEY, SECOND), Some(200));
    assert_eq!(gateway.sent().len(), 1);
    let outcomes: Vec<Outcome> = gateway.requests().into_iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        [Outcome::Hung, Outcome::SentThenHung, Outcome::Repeated]
    );
}

#[test]
fn a_fault_for_a_period_ends_by_itself() {
    let gateway = FakeSmsGateway::start().unwrap();
    gateway.fail_for(Duration::from_millis(300), Fault::Status(503));
    assert_eq!(post(&gateway, 1, "a", API_KEY, SECOND), Some(503));
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(post(&gateway, 1, "a", API_KEY, SECOND), Some(202));
    gateway.fail_for(Duration::from_secs(60), Fault::Status(500));
    gateway.heal();
    assert_eq!(post(&gateway, 2, "b", API_KEY, SECOND), Some(202));
}

#[test]
fn a_wrong_key_is_refused() {
    let gateway = FakeSmsGateway::start().unwrap();
    assert_eq!(post(&gateway, 1, "a", "wrong", SECOND), Some(401));
    assert!(gateway.sent().is_empty());
    assert_eq!(gateway.requests()[0].outcome, Outcome::Refused(401));
}

#[test]
fn it_goes_down_and_comes_back_on_the_same_port_with_its_records() {
    let mut gateway = FakeSmsGateway::start().unwrap();
    assert_eq!(post(&gateway, 1, "a", API_KEY, SECOND), Some(202));
    gateway.stop_listening();
    assert_eq!(post(&gateway, 2, "b", API_KEY, SECOND), None);
    gateway.start_listening().unwrap();
    assert_eq!(post(&gateway, 1, "a", API_KEY, SECOND), Some(200));
    assert_eq!(gateway.wait_for_sent(1, SECOND).unwrap().len(), 1);
    assert!(
        gateway
            .wait_for_sent(2, Duration::from_millis(100))
            .is_err()
    );
}
