//! Outgoing webhooks of API clients: a local HTTPS receiver with a throwaway CA (trusted through
//! `MIDDELPUNT_WEBHOOK_CA_FILE`) checks every signature and sees each change of a client's
//! users' requests once, in order; a failed call is tried again; the URL rules; a host name
//! that resolves to an internal address is refused without a connection.

use std::collections::VecDeque;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::{TlsAcceptor, rustls};

use middelpunt_server::mail::BoxFuture;
use middelpunt_server::mail::webhook::{HostLookup, WebhookClient};

use crate::activation::{execute, step, verify_mobile};
use crate::clients::create_client;
use crate::helpers::{DEMO_MANAGER, LoggedIn, TestApp, log_in};
use crate::machtigingen::{call, get, post};
use crate::orders::{demo_app, demo_app_with, invitations};
use crate::outbox::eventually;
use crate::scim::{entra_patch, joiner, scim};

/// One call the receiver got.
#[derive(Debug, Clone)]
struct Seen {
    event: String,
    delivery: String,
    body: Value,
    /// The signature checked out with the signing secret and its time is within 5 minutes.
    verified: bool,
    /// What the receiver answered.
    answered: u16,
}

#[derive(Default)]
struct Shared {
    /// The signing secret, once the webhook is set.
    secret: Option<String>,
    /// Answers to give first (then 200).
    answers: VecDeque<u16>,
    seen: Vec<Seen>,
}

/// A host name the receiver's certificate names besides 127.0.0.1 and localhost: no DNS knows
/// it, so only a test's [`Lookup`] resolves it.
const HOOK_HOST: &str = "hooks.example.test";

/// A webhook receiver at `https://127.0.0.1:PORT/hook` with a certificate of a throwaway CA.
struct Receiver {
    url: String,
    port: u16,
    ca_file: String,
    shared: Arc<Mutex<Shared>>,
    /// TCP connections accepted, TLS or not.
    connections: Arc<AtomicUsize>,
    _dir: tempfile::TempDir,
}

impl Receiver {
    async fn start(answers: &[u16]) -> Receiver {
        let dir = tempfile::tempdir().unwrap();
        // The CA, and the receiver's certificate for 127.0.0.1 and localhost signed by it.
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Middelpunt test CA");
        ca_params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::DigitalSignature,
        ];
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let ca = ca_params.self_signed(&ca_key).unwrap();
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let mut params = rcgen::CertificateParams::new(vec![
            "127.0.0.1".to_owned(),
            "localhost".to_owned(),
            HOOK_HOST.to_owned(),
        ])
        .unwrap();
        params.use_authority_key_identifier_extension = true;
        params
            .extended_key_usages
            .push(rcgen::ExtendedKeyUsagePurpose::ServerAuth);
        let key = rcgen::KeyPair::generate().unwrap();
        let certificate = params.signed_by(&key, &issuer).unwrap();
        let ca_file = dir.path().join("ca.pem");
        std::fs::write(&ca_file, ca.pem()).unwrap();

        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![certificate.der().clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .unwrap();
        let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = tcp.local_addr().unwrap().port();
        let url = format!("https://127.0.0.1:{port}/hook");
        let connections = Arc::new(AtomicUsize::new(0));
        let shared = Arc::new(Mutex::new(Shared {
            answers: answers.iter().copied().collect(),
            ..Shared::default()
        }));
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(shared.clone());
        let listener = TlsListener {
            tcp,
            acceptor: TlsAcceptor::from(Arc::new(config)),
            connections: connections.clone(),
        };
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver {
            url,
            port,
            ca_file: ca_file.display().to_string(),
            shared,
            connections,
            _dir: dir,
        }
    }

    fn trust(&self, secret: &str) {
        self.shared.lock().unwrap().secret = Some(secret.to_owned());
    }

    fn seen(&self) -> Vec<Seen> {
        self.shared.lock().unwrap().seen.clone()
    }

    /// The delivered events' types, in the order they came.
    fn delivered(&self) -> Vec<String> {
        self.seen()
            .into_iter()
            .filter(|seen| seen.answered == 200)
            .map(|seen| seen.event)
            .collect()
    }

    async fn wait_for(&self, event: &str) -> Seen {
        eventually(&format!("the webhook call {event}"), || async {
            self.seen()
                .into_iter()
                .find(|seen| seen.event == event && seen.answered == 200)
        })
        .await
    }
}

/// The receiver's handler: checks the signature as a client would (docs/clients-api.md).
async fn receive(
    State(shared): State<Arc<Mutex<Shared>>>,
    headers: HeaderMap,
    body: String,
) -> axum::http::StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let mut shared = shared.lock().unwrap();
    let verified = shared
        .secret
        .as_deref()
        .is_some_and(|secret| verify(secret, &header("middelpunt-signature"), &body))
        && header("content-type") == "application/json";
    let answered = if verified {
        shared.answers.pop_front().unwrap_or(200)
    } else {
        400
    };
    shared.seen.push(Seen {
        event: header("middelpunt-event"),
        delivery: header("middelpunt-delivery"),
        body: serde_json::from_str(&body).unwrap_or(Value::Null),
        verified,
        answered,
    });
    axum::http::StatusCode::from_u16(answered).unwrap()
}

/// Whether `signature` (`t=…,v1=…`) signs `body` with `secret`, made in the last 5 minutes.
fn verify(secret: &str, signature: &str, body: &str) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in signature.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => t = value.parse::<i64>().ok(),
            Some(("v1", value)) => v1 = Some(value.to_owned()),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else {
        return false;
    };
    let now = middelpunt_server::clock::unix_now();
    if (now - t).abs() > 300 {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    expected == v1
}

/// A TCP listener that answers TLS, for `axum::serve`.
struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
    connections: Arc<AtomicUsize>,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, addr)) = self.tcp.accept().await else {
                continue;
            };
            self.connections.fetch_add(1, Ordering::SeqCst);
            if let Ok(tls) = self.acceptor.accept(stream).await {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.tcp.local_addr()
    }
}

/// The application trusting the receiver's CA, a client with a webhook to it; answers the
/// manager, the client's id and its bearer secret.
async fn client_with_webhook(receiver: &Receiver) -> (TestApp, LoggedIn, String, String) {
    let app = demo_app(&[("MIDDELPUNT_WEBHOOK_CA_FILE", receiver.ca_file.as_str())]).await;
    let (client, secret) =
        create_client(&app, "Entra ID", &["read_users", "order", "revoke"]).await;
    let id = client["id"].as_str().unwrap().to_owned();
    let manager = log_in(&app, DEMO_MANAGER).await;
    let (status, set) = put_webhook(&app, &manager, &id, &receiver.url).await;
    assert_eq!(status, StatusCode::OK, "{set}");
    let signing = set["signing_secret"].as_str().unwrap();
    assert!(
        signing.starts_with("whsec_") && signing.len() == 49,
        "{signing}"
    );
    let webhook = &set["client"]["webhook"];
    assert_eq!(webhook["url"], receiver.url.as_str());
    assert_eq!(webhook["secret_hint"], &signing[..10]);
    assert_eq!(webhook["failures"], 0);
    assert_eq!(webhook["last_outcome"], Value::Null);
    receiver.trust(signing);
    (app, manager, id, secret)
}

async fn put_webhook(
    app: &TestApp,
    manager: &LoggedIn,
    id: &str,
    url: &str,
) -> (StatusCode, Value) {
    let path = format!("/api/v1/api-clients/{id}/webhook");
    call(
        app,
        manager,
        Method::PUT,
        &path,
        None,
        Some(json!({ "url": url })),
    )
    .await
}

/// The invitation token in the mail to `to`.
async fn token_of(app: &TestApp, to: &str) -> String {
    let mail = eventually("the invitation", || async {
        invitations(app)
            .await
            .into_iter()
            .find(|m| m["recipient"] == to)
    })
    .await;
    let text = mail["text"].as_str().unwrap();
    let start = text.find("/activeren/").unwrap() + "/activeren/".len();
    text[start..]
        .split(char::is_whitespace)
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_client_hears_each_change_of_its_users_request_once_signed() {
    let receiver = Receiver::start(&[]).await;
    let (app, manager, client_id, secret) = client_with_webhook(&receiver).await;

    // A joiner through SCIM: invited.
    let body = joiner("sanne@gemeente.nl", "sanne@voorbeeld.nl");
    let (status, user, _) = scim(&app, &secret, Method::POST, "/Users", Some(body), None).await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    let scim_id = user["id"].as_str().unwrap().to_owned();
    let invited = receiver.wait_for("request.invited").await;
    let request_id = invited.body["data"]["request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(invited.body["type"], "request.invited");
    assert_eq!(invited.body["id"], invited.delivery.as_str());
    assert_eq!(invited.body["data"]["kvk_number"], "68750110");
    assert_eq!(invited.body["data"]["status"], "invited");
    assert_eq!(invited.body["data"]["scim_user_id"], scim_id.as_str());
    assert!(invited.body["created"].as_i64().unwrap() > 1_700_000_000);

    // The user confirms (told), verifies the mobile (not told) and orders: issued (told).
    let token = token_of(&app, "sanne@voorbeeld.nl").await;
    verify_mobile(&app, &token, "+31611223344").await;
    receiver.wait_for("request.email_confirmed").await;
    let (status, ordered) = step(
        &app,
        "/order",
        &token,
        Some(json!({ "accepted_terms": true })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ordered}");
    let issued = receiver.wait_for("request.issued").await;
    assert_eq!(issued.body["data"]["status"], "issued");
    assert_eq!(issued.body["data"]["scim_user_id"], scim_id.as_str());
    let means_id = issued.body["data"]["means_id"].as_str().unwrap().to_owned();
    assert!(means_id.starts_with("EHM"), "{means_id}");

    // The identity provider ends the user: the means is revoked (told).
    let leave = entra_patch(json!([{ "op": "Replace", "path": "active", "value": "False" }]));
    let path = format!("/Users/{scim_id}");
    let (status, left, _) = scim(&app, &secret, Method::PATCH, &path, Some(leave), None).await;
    assert_eq!(status, StatusCode::OK, "{left}");
    let revoked = receiver.wait_for("request.revoked").await;
    assert_eq!(revoked.body["data"]["means_id"], means_id.as_str());
    assert_eq!(revoked.body["data"]["means_status"], "revoked");

    // Nothing more is coming: every webhook message is done; each event came once, in order,
    // every call signed.
    eventually("the outbox done with webhooks", || async {
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE kind = 'webhook' AND sent_at IS NULL",
        )
        .fetch_one(&app.state.db)
        .await
        .unwrap();
        (open == 0).then_some(())
    })
    .await;
    let seen = receiver.seen();
    assert!(seen.iter().all(|s| s.verified), "{seen:?}");
    assert_eq!(
        receiver.delivered(),
        [
            "request.invited",
            "request.email_confirmed",
            "request.issued",
            "request.revoked"
        ],
        "{seen:?}"
    );
    let mut deliveries: Vec<&str> = seen.iter().map(|s| s.delivery.as_str()).collect();
    deliveries.dedup();
    assert_eq!(deliveries.len(), 4, "one delivery id per event: {seen:?}");
    assert!(
        seen.iter()
            .all(|s| s.body["data"]["request_id"] == request_id.as_str()),
        "{seen:?}"
    );

    let (_, client) = get(&app, &manager, &format!("/api/v1/api-clients/{client_id}")).await;
    let webhook = &client["webhook"];
    assert_eq!(webhook["last_outcome"], "delivered", "{client}");
    assert_eq!(webhook["last_status"], 200, "{client}");
    assert_eq!(webhook["failures"], 0, "{client}");
    assert!(webhook["last_delivery_at"].as_i64().is_some(), "{client}");
    assert_eq!(client["secret_hint"].as_str().map(|h| h.len()), Some(8));
}

#[tokio::test]
async fn a_failed_call_is_tried_again_and_the_page_shows_how_it_went() {
    let receiver = Receiver::start(&[500]).await;
    let (app, manager, client_id, secret) = client_with_webhook(&receiver).await;
    let path = format!("/api/v1/api-clients/{client_id}");
    let body = joiner("piet@gemeente.nl", "piet@voorbeeld.nl");
    let (status, user, _) = scim(&app, &secret, Method::POST, "/Users", Some(body), None).await;
    assert_eq!(status, StatusCode::CREATED, "{user}");

    // The receiver answers 500: failed, counted, due again after the backoff (10 s).
    let failed = eventually("the failed call recorded", || async {
        let (_, client) = get(&app, &manager, &path).await;
        (client["webhook"]["failures"] == 1).then_some(client)
    })
    .await;
    assert_eq!(failed["webhook"]["last_outcome"], "failed", "{failed}");
    assert_eq!(failed["webhook"]["last_status"], 500, "{failed}");
    // The page's record comes a moment before the outbox's (the worker writes it after).
    let due = eventually("the call due again", || async {
        let due: i64 =
            sqlx::query_scalar("SELECT next_attempt_at FROM outbox WHERE kind = 'webhook'")
                .fetch_one(&app.state.db)
                .await
                .unwrap();
        (due > middelpunt_server::clock::unix_now()).then_some(due)
    })
    .await;
    let now = middelpunt_server::clock::unix_now();
    assert!((now + 5..=now + 11).contains(&due), "due in 10 s: {due}");

    // Due now rather than in 10 s: delivered, the same delivery; the failures back to 0.
    execute(
        &app,
        "UPDATE outbox SET next_attempt_at = 0 WHERE kind = 'webhook' AND sent_at IS NULL",
    )
    .await;
    app.state.outbox.wake();
    let delivered = receiver.wait_for("request.invited").await;
    let seen = receiver.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].answered, 500);
    assert_eq!(seen[0].delivery, delivered.delivery);
    assert!(seen.iter().all(|s| s.verified), "{seen:?}");
    let client = eventually("the delivery recorded", || async {
        let (_, client) = get(&app, &manager, &path).await;
        (client["webhook"]["last_outcome"] == "delivered").then_some(client)
    })
    .await;
    assert_eq!(client["webhook"]["failures"], 0, "{client}");
    assert_eq!(client["webhook"]["last_status"], 200, "{client}");
}

#[tokio::test]
async fn a_webhook_goes_to_https_or_this_machine_of_an_active_client() {
    let app = demo_app(&[]).await;
    let (client, _) = create_client(&app, "HR", &["read_users"]).await;
    let id = client["id"].as_str().unwrap();
    let manager = log_in(&app, DEMO_MANAGER).await;

    for (url, code) in [
        ("http://example.org/hook", "url_not_https"),
        ("https://user:secret@example.org/hook", "url_userinfo"),
        ("hook", "url_invalid"),
    ] {
        let (status, error) = put_webhook(&app, &manager, id, url).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {error}");
        assert_eq!(error["code"], "api_client_invalid");
        let problem = &error["details"]["problems"][0];
        assert_eq!(problem["location"], "url", "{error}");
        assert_eq!(problem["code"], code, "{error}");
        assert!(problem["message"].as_str().unwrap().len() > 10, "{error}");
    }
    let long = format!("https://example.org/{}", "a".repeat(2000));
    let (status, error) = put_webhook(&app, &manager, id, &long).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["details"]["problems"][0]["code"], "url_too_long");

    let (status, set) = put_webhook(&app, &manager, id, "http://127.0.0.1:1/hook").await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["client"]["webhook"]["url"], "http://127.0.0.1:1/hook");
    // Set again: a new signing secret.
    let (_, again) = put_webhook(&app, &manager, id, "https://hr.example.com/hook").await;
    assert_ne!(again["signing_secret"], set["signing_secret"]);

    let path = format!("/api/v1/api-clients/{id}/webhook");
    let (status, removed) = call(&app, &manager, Method::DELETE, &path, None, None).await;
    assert_eq!(status, StatusCode::OK, "{removed}");
    assert_eq!(removed["webhook"], Value::Null);
    let (_, audit) = get(&app, &manager, &format!("/api/v1/audit?q={id}")).await;
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .filter_map(|e| e["action"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        actions.contains(&"api_client_webhook_set")
            && actions.contains(&"api_client_webhook_removed"),
        "{audit}"
    );

    // A revoked client gets no webhook.
    let (status, _) = post(
        &app,
        &manager,
        &format!("/api/v1/api-clients/{id}/revocation"),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, error) = put_webhook(&app, &manager, id, "https://hr.example.com/hook").await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("api_client_not_active"))
    );
}

/// A test's name resolution: `HOOK_HOST` resolves to what the test says, and every name asked
/// for is remembered.
#[derive(Default)]
struct Lookup {
    addresses: Mutex<Vec<IpAddr>>,
    asked: Mutex<Vec<String>>,
}

impl Lookup {
    fn answer(&self, addresses: &[&str]) {
        *self.addresses.lock().unwrap() = addresses.iter().map(|a| a.parse().unwrap()).collect();
    }
}

impl HostLookup for Lookup {
    fn lookup<'a>(&'a self, host: &'a str) -> BoxFuture<'a, std::io::Result<Vec<IpAddr>>> {
        Box::pin(async move {
            self.asked.lock().unwrap().push(host.to_owned());
            if host == HOOK_HOST {
                Ok(self.addresses.lock().unwrap().clone())
            } else {
                Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    host.to_owned(),
                ))
            }
        })
    }
}

#[tokio::test]
async fn a_name_of_an_internal_address_is_refused_without_a_connection_and_this_machine_is_not() {
    let receiver = Receiver::start(&[]).await;
    // The name resolves to this machine and to an address of an internal network.
    let lookup = Arc::new(Lookup::default());
    lookup.answer(&["127.0.0.1", "10.0.0.7"]);
    let webhook = WebhookClient::with_lookup(
        Some(std::path::Path::new(&receiver.ca_file)),
        lookup.clone(),
    )
    .unwrap();
    let app = demo_app_with(&[], |state| {
        state.outbox = state.outbox.clone().with_webhook(webhook);
    })
    .await;
    let (client, secret) = create_client(&app, "Entra ID", &["read_users", "order"]).await;
    let id = client["id"].as_str().unwrap().to_owned();
    let manager = log_in(&app, DEMO_MANAGER).await;
    let url = format!("https://{HOOK_HOST}:{}/hook", receiver.port);
    let (status, set) = put_webhook(&app, &manager, &id, &url).await;
    assert_eq!(status, StatusCode::OK, "{set}");
    receiver.trust(set["signing_secret"].as_str().unwrap());

    let body = joiner("sanne@gemeente.nl", "sanne@voorbeeld.nl");
    let (status, user, _) = scim(&app, &secret, Method::POST, "/Users", Some(body), None).await;
    assert_eq!(status, StatusCode::CREATED, "{user}");

    // Refused: shown on the client's page, counted, tried again later; no connection made.
    let path = format!("/api/v1/api-clients/{id}");
    let refused = eventually("the refused call recorded", || async {
        let (_, client) = get(&app, &manager, &path).await;
        (client["webhook"]["failures"] == 1).then_some(client)
    })
    .await;
    assert_eq!(refused["webhook"]["last_outcome"], "refused", "{refused}");
    assert_eq!(refused["webhook"]["last_status"], Value::Null, "{refused}");
    assert_eq!(lookup.asked.lock().unwrap().as_slice(), [HOOK_HOST]);
    assert_eq!(receiver.connections.load(Ordering::SeqCst), 0);
    assert!(receiver.seen().is_empty());
    let error = eventually("the refusal in the outbox", || async {
        let (error, sent): (Option<String>, Option<i64>) =
            sqlx::query_as("SELECT last_error, sent_at FROM outbox WHERE kind = 'webhook'")
                .fetch_one(&app.state.db)
                .await
                .unwrap();
        assert_eq!(sent, None, "tried again later");
        error
    })
    .await;
    assert!(
        error.contains("10.0.0.7") && error.contains(HOOK_HOST),
        "{error}"
    );

    // The name now points at this machine alone: the same call is delivered there.
    lookup.answer(&["127.0.0.1"]);
    execute(
        &app,
        "UPDATE outbox SET next_attempt_at = 0 WHERE kind = 'webhook' AND sent_at IS NULL",
    )
    .await;
    app.state.outbox.wake();
    let delivered = receiver.wait_for("request.invited").await;
    assert!(delivered.verified, "{delivered:?}");
    let client = eventually("the delivery recorded", || async {
        let (_, client) = get(&app, &manager, &path).await;
        (client["webhook"]["last_outcome"] == "delivered").then_some(client)
    })
    .await;
    assert_eq!(client["webhook"]["failures"], 0, "{client}");
    assert_eq!(client["webhook"]["last_status"], 200, "{client}");
}
