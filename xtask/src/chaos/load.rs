//! The steady load of the chaos run: a few managers, each in a thread of its own, placing an
//! order of two people through the proxy every `pace`, the way a careful client does:
//! a request that fails without an answer of the application (the connection broke, the proxy
//! answered 502/503/504, the application 500/503) is sent again with the same
//! `Idempotency-Key`, until it is accepted or [`GIVE_UP_AFTER`] has passed (then it is lost).
//!
//! Every answer is logged with the window (the fault) it came in and whether the fault was
//! over by then, for the report's "5xx during" and "5xx after".

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ureq::http::Method;

use crate::error::XtaskError;
use crate::http::Client;

/// The demo manager that `MIDDELPUNT_DEMO=true` creates.
const MANAGER: &str = "beheerder@demo.middelpunt.nl";
const PASSWORD: &str = "Middelpunt-demo-2026";

/// A request that gets no answer of the application for this long is lost.
pub const GIVE_UP_AFTER: Duration = Duration::from_secs(45);
/// The pause before sending a failed request again.
const RETRY_PAUSE: Duration = Duration::from_millis(250);
/// One request may take this long (the proxy's own server timeout is 15 s).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// One answer (or the lack of one) as a client saw it.
#[derive(Debug, Clone, Copy)]
pub struct Exchange {
    /// The window it was sent in.
    pub window: usize,
    /// The status; `None` when the connection failed or timed out.
    pub status: Option<u16>,
    /// Whether the window's fault was repaired when it was sent.
    pub after_repair: bool,
}

/// One order as the client placed it.
#[derive(Debug, Clone)]
pub struct PlacedOrder {
    pub key: String,
    /// The window of its first attempt.
    pub window: usize,
    /// The order number, once accepted.
    pub order_number: Option<String>,
    pub attempts: usize,
    /// The people's e-mail addresses.
    pub emails: Vec<String>,
}

/// What the load threads share with the conductor: the current window, whether its fault is
/// repaired, and the log.
#[derive(Default)]
pub struct Board {
    window: AtomicUsize,
    repaired: AtomicBool,
    stop: AtomicBool,
    exchanges: Mutex<Vec<Exchange>>,
    orders: Mutex<Vec<PlacedOrder>>,
}

impl Board {
    /// From now on answers count for `window`, its fault not yet repaired.
    pub fn enter(&self, window: usize) {
        self.repaired.store(false, Ordering::SeqCst);
        self.window.store(window, Ordering::SeqCst);
    }

    /// The current window's fault is repaired: later answers count as "after".
    pub fn repaired(&self) {
        self.repaired.store(true, Ordering::SeqCst);
    }

    pub fn exchanges(&self) -> Vec<Exchange> {
        self.exchanges
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn orders(&self) -> Vec<PlacedOrder> {
        self.orders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn log(&self, window: usize, status: Option<u16>) {
        let exchange = Exchange {
            window,
            status,
            after_repair: self.repaired.load(Ordering::SeqCst),
        };
        self.exchanges
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(exchange);
    }
}

/// The running load.
pub struct Load {
    board: Arc<Board>,
    threads: Vec<JoinHandle<Result<(), XtaskError>>>,
}

impl Load {
    /// Signs `managers` clients in through the proxy at `proxy` and starts them ordering, each
    /// one order per `pace` (or as fast as the answers come, when slower).
    pub fn start(
        proxy: SocketAddr,
        managers: usize,
        pace: Duration,
        run: &str,
    ) -> Result<Load, XtaskError> {
        let board = Arc::new(Board::default());
        let mut threads = Vec::new();
        for thread in 0..managers {
            let mut client = Client::with_timeout(proxy, REQUEST_TIMEOUT);
            sign_in(&mut client)?;
            let board = Arc::clone(&board);
            let prefix = format!("{run}-{thread}");
            threads.push(std::thread::spawn(move || {
                order_loop(&mut client, &board, pace, &prefix)
            }));
        }
        Ok(Load { board, threads })
    }

    pub fn board(&self) -> &Board {
        &self.board
    }

    /// Stops placing new orders, lets the ones under way finish (each within
    /// [`GIVE_UP_AFTER`]), and answers the board.
    pub fn stop(self) -> Result<Arc<Board>, XtaskError> {
        self.board.stop.store(true, Ordering::SeqCst);
        for thread in self.threads {
            thread
                .join()
                .map_err(|_| XtaskError::Build("a load thread panicked".into()))??;
        }
        Ok(self.board)
    }
}

fn sign_in(client: &mut Client) -> Result<(), XtaskError> {
    let body = serde_json::json!({ "email": MANAGER, "password": PASSWORD }).to_string();
    let response = client
        .post_json("/api/v1/session", &body)
        .map_err(|e| XtaskError::Build(format!("chaos: cannot sign in: {e}")))?;
    client.csrf_token = response.json_field("csrf_token");
    if response.status != 200 || client.csrf_token.is_none() {
        return Err(XtaskError::Build(format!(
            "chaos: sign-in answered {}: {}",
            response.status,
            response.text()
        )));
    }
    Ok(())
}

/// Places orders until the board says stop.
fn order_loop(
    client: &mut Client,
    board: &Board,
    pace: Duration,
    prefix: &str,
) -> Result<(), XtaskError> {
    let mut n = 0_usize;
    let mut next = Instant::now();
    while !board.stop.load(Ordering::SeqCst) {
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
        next += pace;
        n += 1;
        let key = format!("chaos-{prefix}-{n}");
        let emails: Vec<String> = (1..=2)
            .map(|person| format!("{prefix}-{n}-{person}@chaos.example.nl"))
            .collect();
        let body = order_body(&key, &emails);
        let window = board.window.load(Ordering::SeqCst);
        let mut order = PlacedOrder {
            key: key.clone(),
            window,
            order_number: None,
            attempts: 0,
            emails,
        };
        let started = Instant::now();
        while started.elapsed() < GIVE_UP_AFTER {
            order.attempts += 1;
            let sent_in = board.window.load(Ordering::SeqCst);
            let answer = client.request_with(
                Method::POST,
                "/api/v1/orders",
                Some(body.as_bytes()),
                &[("Idempotency-Key", &key)],
            );
            match answer {
                Ok(response) => {
                    board.log(sent_in, Some(response.status));
                    if matches!(response.status, 200 | 201) {
                        order.order_number = response.json_field("order_number");
                        break;
                    }
                    if !matches!(response.status, 500 | 502 | 503 | 504) {
                        // Not a fault of the moment: a wrong order, which this run never sends.
                        return Err(XtaskError::Build(format!(
                            "chaos: order {key} answered {}: {}",
                            response.status,
                            response.text()
                        )));
                    }
                }
                Err(_) => board.log(sent_in, None),
            }
            std::thread::sleep(RETRY_PAUSE);
        }
        board
            .orders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(order);
    }
    Ok(())
}

/// An order of two employees (no identification) at the demo manager's organisation, with
/// names of letters only (the server checks names) made from `key`.
fn order_body(key: &str, emails: &[String]) -> String {
    let users: Vec<serde_json::Value> = emails
        .iter()
        .map(|email| {
            serde_json::json!({
                "first_names": "Chaos",
                "infix": "",
                "last_name": letters(&format!("{key}{email}")),
                "birth_date": "15-03-1985",
                "birth_place": "Utrecht",
                "email": email,
                "mobile": "06 12345678",
                "employed": "J"
            })
        })
        .collect();
    serde_json::json!({
        "kvk_number": "68750110",
        "branch_number": null,
        "level": "EH3",
        "users": users,
        "authorisations": { "kind": "selected", "providers": [], "services": ["belastingdienst.mijn-zakelijk"] },
        "term": 3,
        "accepted_terms": true
    })
    .to_string()
}

/// A surname of letters that differs for every `seed`: its FNV-1a hash in base 26.
fn letters(seed: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in seed.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut name = String::from("Z");
    for _ in 0..10 {
        let letter = u8::try_from(hash % 26).expect("a remainder of 26 fits a byte");
        name.push(char::from(b'a' + letter));
        hash /= 26;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_order_has_its_own_names_of_letters() {
        let a = letters("chaos-1-1a@x");
        let b = letters("chaos-1-1b@x");
        assert_ne!(a, b);
        assert!(
            a.chars().all(|c| c.is_ascii_alphabetic()) && a.len() == 11,
            "{a}"
        );
        let body: serde_json::Value =
            serde_json::from_str(&order_body("k", &["a@x.nl".into(), "b@x.nl".into()])).unwrap();
        assert_eq!(body["users"].as_array().unwrap().len(), 2);
        assert_ne!(body["users"][0]["last_name"], body["users"][1]["last_name"]);
    }
}
