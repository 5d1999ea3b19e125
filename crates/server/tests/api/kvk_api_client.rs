//! The KvK API client against a fake of KvK's API on 127.0.0.1 (`fake_kvk`).

use std::time::{Duration, Instant};

use domain::kvk::KvkNumber;
use domain::organisation::Organisation;
use middelpunt_server::config::ApiKey;
use middelpunt_server::kvk::{EmbeddedRegister, KvkApiClient, KvkError, KvkRegister};

use crate::fake_kvk::{
    self, API_KEY, BRANCHES_AWAY_NUMBER, BUSY_NUMBER, DEREGISTERED_NUMBER, ENDED_NUMBER,
    FLAKY_NUMBER, FakeKvk, GARBAGE_NUMBER, PROFILE_AWAY_NUMBER, SLOW, SLOW_NUMBER,
};

fn kvk(number: &str) -> KvkNumber {
    KvkNumber::parse(number).unwrap()
}

fn client(fake: &FakeKvk) -> KvkApiClient {
    KvkApiClient::new(&fake.base_url, ApiKey::new(API_KEY)).unwrap()
}

async fn fetch(fake: &FakeKvk, number: &str) -> Result<Organisation, KvkError> {
    // Through the trait, as the server uses it.
    let register: Box<dyn KvkRegister> = Box::new(client(fake));
    register.organisation(&kvk(number)).await
}

fn one_line(address: Option<&domain::organisation::Address>) -> Option<String> {
    address.map(domain::organisation::Address::one_line)
}

#[tokio::test]
async fn reads_an_organisation_with_its_addresses_and_branches() {
    let fake = fake_kvk::start().await;
    let donald = fetch(&fake, "68750110").await.unwrap();
    assert_eq!(donald.kvk_number, "68750110");
    assert_eq!(donald.name, "Test BV Donald");
    assert_eq!(
        donald.legal_form.as_deref(),
        Some("Besloten vennootschap met gewone structuur")
    );
    assert_eq!(
        one_line(donald.visiting_address.as_ref()).as_deref(),
        Some("Hizzaarderlaan 3 A, 8823 SJ Lollum")
    );
    let postal = donald.postal_address.as_ref().unwrap();
    assert_eq!(
        (postal.street.as_deref(), postal.po_box.as_deref()),
        (None, Some("200"))
    );
    assert_eq!(postal.one_line(), "Postbus 200, 1000 AE Rommeldam");
    assert_eq!(donald.main_branch.as_deref(), Some("000037178598"));
    let branches: Vec<(&str, &str, bool)> = donald
        .branches
        .iter()
        .map(|b| (b.branch_number.as_str(), b.trade_name.as_str(), b.is_main))
        .collect();
    assert_eq!(
        branches,
        [
            ("000037178598", "Test BV Donald", true),
            ("000037178601", "Test BV Donald Nevenvestiging", false),
        ]
    );
    assert_eq!(
        one_line(donald.branches[1].visiting_address.as_ref()).as_deref(),
        Some("Brinkerinckbaan 35, 7431 BR Diepenveen")
    );

    // Two calls, each with the key.
    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(
        requests,
        [
            (
                "/v1/basisprofielen/68750110".to_owned(),
                Some(API_KEY.to_owned())
            ),
            (
                "/v1/basisprofielen/68750110/vestigingen".to_owned(),
                Some(API_KEY.to_owned())
            ),
        ]
    );
}

#[tokio::test]
async fn gives_what_the_embedded_register_gives() {
    // For the entries recorded from KvK's test API (and the ended one, whose demo data the fake
    // answers in KvK's shape), switching MIDDELPUNT_KVK from embedded to api changes nothing.
    let fake = fake_kvk::start().await;
    let embedded = EmbeddedRegister::load().unwrap();
    for number in ["68750110", "69599084", "90001354", "90000749", ENDED_NUMBER] {
        let from_api = fetch(&fake, number).await.unwrap();
        let from_embedded = embedded.get(&kvk(number)).unwrap();
        assert_eq!(from_api, from_embedded, "{number}");
    }
}

#[tokio::test]
async fn an_ended_organisation_says_since_when() {
    let fake = fake_kvk::start().await;
    let ended = fetch(&fake, ENDED_NUMBER).await.unwrap();
    assert_eq!(
        ended.ended_on.map(|d| d.to_string()).as_deref(),
        Some("2024-03-01")
    );
    assert_eq!(ended.name, "Global Stimflex Coöperatie U.A.");
    // The owner's deregistration counts too, as precise as KvK knows it; the organisation's own
    // end date is still to come and does not.
    let deregistered = fetch(&fake, DEREGISTERED_NUMBER).await.unwrap();
    assert_eq!(
        deregistered.ended_on.map(|d| d.to_dutch()).as_deref(),
        Some("05-2023")
    );
    let active = fetch(&fake, "68750110").await.unwrap();
    assert_eq!(active.ended_on, None);
}

#[tokio::test]
async fn the_main_branch_comes_first_with_its_letter() {
    let fake = fake_kvk::start().await;
    let dagobert = fetch(&fake, "69599084").await.unwrap();
    assert_eq!(dagobert.legal_form.as_deref(), Some("Eenmanszaak"));
    assert_eq!(dagobert.postal_address, None);
    let numbers: Vec<&str> = dagobert
        .branches
        .iter()
        .map(|b| b.branch_number.as_str())
        .collect();
    assert_eq!(numbers, ["000038509504", "000038509520"]);
    assert_eq!(
        one_line(dagobert.branches[0].visiting_address.as_ref()).as_deref(),
        Some("Abebe Bikilalaan 17 M, 1034 WL Amsterdam")
    );
    assert_eq!(
        dagobert.branches[1].trade_name,
        "Test EMZ Nevenvestiging Govert"
    );
}

#[tokio::test]
async fn shielded_addresses_are_left_out() {
    let fake = fake_kvk::start().await;
    let shielded = fetch(&fake, "90001354").await.unwrap();
    assert_eq!(shielded.visiting_address, None);
    assert_eq!(shielded.branches.len(), 1);
    assert_eq!(shielded.branches[0].visiting_address, None);
    assert_eq!(
        one_line(shielded.postal_address.as_ref()).as_deref(),
        Some("Postbus 51, 6029 ZH Sterksel")
    );
    let json = serde_json::to_string(&shielded).unwrap();
    assert!(!json.contains("Geheime Laan"), "{json}");
    assert!(!json.contains("6029AA"), "{json}");
}

#[tokio::test]
async fn an_organisation_without_branches_has_the_owners_address() {
    let fake = fake_kvk::start().await;
    let vve = fetch(&fake, "90000749").await.unwrap();
    assert_eq!(vve.name, "Global Conron");
    assert_eq!(vve.legal_form.as_deref(), Some("Vereniging van Eigenaars"));
    assert_eq!(
        one_line(vve.visiting_address.as_ref()).as_deref(),
        Some("Blaauwweg 163, 3328 XD Dordrecht")
    );
    assert_eq!(vve.main_branch, None);
    assert!(vve.branches.is_empty());
}

#[tokio::test]
async fn an_unknown_number_is_not_found_after_one_call() {
    let fake = fake_kvk::start().await;
    assert_eq!(fetch(&fake, "12345678").await, Err(KvkError::NotFound));
    assert_eq!(fake.paths(), ["/v1/basisprofielen/12345678"]);
}

#[tokio::test]
async fn kvks_error_scenarios_are_unavailable() {
    let fake = fake_kvk::start().await;
    for number in ["90002903", "90004973"] {
        match fetch(&fake, number).await {
            Err(KvkError::Unavailable(reason)) => {
                assert!(reason.contains("IPD"), "KvK's code is logged: {reason}");
            }
            other => panic!("{number}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_5xx_is_tried_again_and_a_429_waits_its_retry_after_within_two_seconds() {
    let fake = fake_kvk::start().await;
    let started = Instant::now();
    let flaky = fetch(&fake, FLAKY_NUMBER).await.unwrap();
    assert_eq!(flaky.kvk_number, FLAKY_NUMBER);
    let profile = format!("/v1/basisprofielen/{FLAKY_NUMBER}");
    let calls = |fake: &FakeKvk, path: &str| fake.paths().iter().filter(|p| *p == path).count();
    assert_eq!(calls(&fake, &profile), 3, "two 503s, then the answer");
    // 250 ms and 750 ms between the three calls.
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "{:?}",
        started.elapsed()
    );

    // 429 with Retry-After: 1 s: one second, one more second, then the third answer stands.
    let started = Instant::now();
    let busy = fetch(&fake, BUSY_NUMBER).await;
    assert!(
        matches!(&busy, Err(KvkError::Unavailable(reason)) if reason.contains("429")),
        "{busy:?}"
    );
    assert_eq!(
        calls(&fake, &format!("/v1/basisprofielen/{BUSY_NUMBER}")),
        3
    );
    let took = started.elapsed();
    assert!(
        (Duration::from_secs(2)..Duration::from_secs(4)).contains(&took),
        "{took:?}"
    );

    // What another call cannot change is not tried again: unknown, refused, an error scenario.
    for number in ["12345678", "90004973"] {
        let _ = fetch(&fake, number).await;
        assert_eq!(
            calls(&fake, &format!("/v1/basisprofielen/{number}")),
            1,
            "{number}"
        );
    }
}

#[tokio::test]
async fn an_answer_that_is_not_json_is_invalid() {
    let fake = fake_kvk::start().await;
    assert!(matches!(
        fetch(&fake, GARBAGE_NUMBER).await,
        Err(KvkError::InvalidResponse(_))
    ));
}

#[tokio::test]
async fn a_slow_register_is_unavailable_after_the_timeout() {
    let fake = fake_kvk::start().await;
    let client = KvkApiClient::with_timeout(
        &fake.base_url,
        ApiKey::new(API_KEY),
        Duration::from_millis(300),
    )
    .unwrap();
    let started = Instant::now();
    let result = client.fetch(&kvk(SLOW_NUMBER)).await;
    assert!(
        matches!(&result, Err(KvkError::Unavailable(reason)) if reason.contains("300 ms")),
        "{result:?}"
    );
    assert!(started.elapsed() < SLOW, "gave up at the timeout");
    assert_eq!(KvkApiClient::TIMEOUT, Duration::from_secs(5));
}

#[tokio::test]
async fn an_unreachable_register_is_unavailable() {
    let base_url = fake_kvk::unreachable_base_url().await;
    let client = KvkApiClient::new(&base_url, ApiKey::new(API_KEY)).unwrap();
    let result = client.fetch(&kvk("68750110")).await;
    assert!(
        matches!(result, Err(KvkError::Unavailable(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_404_that_says_temporarily_is_unavailable_not_unknown_on_the_profile_and_the_branches() {
    let fake = fake_kvk::start().await;
    match fetch(&fake, PROFILE_AWAY_NUMBER).await {
        Err(KvkError::Unavailable(reason)) => assert!(reason.contains("IPD1002"), "{reason}"),
        other => panic!("{other:?}"),
    }
    // The profile answered, the branch list did not: no organisation without its branches.
    match fetch(&fake, BRANCHES_AWAY_NUMBER).await {
        Err(KvkError::Unavailable(reason)) => assert!(reason.contains("IPD1003"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        fake.paths(),
        [
            format!("/v1/basisprofielen/{PROFILE_AWAY_NUMBER}"),
            format!("/v1/basisprofielen/{BRANCHES_AWAY_NUMBER}"),
            format!("/v1/basisprofielen/{BRANCHES_AWAY_NUMBER}/vestigingen"),
        ]
    );
}

#[tokio::test]
async fn a_refused_key_is_its_own_error_and_the_key_is_never_shown() {
    let fake = fake_kvk::start().await;
    let secret = "l7xx-wrong-secret-key";
    let client = KvkApiClient::new(&fake.base_url, ApiKey::new(secret)).unwrap();
    let error = client.fetch(&kvk("68750110")).await.unwrap_err();
    assert!(
        matches!(&error, KvkError::KeyRefused(reason) if reason.contains("401")),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("MIDDELPUNT_KVK_API_KEY"),
        "{error}"
    );
    assert!(!error.to_string().contains(secret));
    assert!(!format!("{client:?}").contains(secret));
    assert!(!format!("{:?}", ApiKey::new(secret)).contains(secret));
}
