//! A fake HTTP SMS gateway for tests of the server's SMS: it speaks the request of
//! crates/server/src/mail/sms_gateway.rs (`POST`, `Authorization: Bearer …`,
//! `Idempotency-Key: outbox-{id}`, JSON `{"to", "from", "text", "reference"}`), keeps a record
//! of every request and of what it "sent", and behaves like a real gateway about the key: a
//! repeated key is answered as before and not sent again. It can be told to fail, for the next
//! N requests or for a while: answer a status (500, 429, …), hang without sending, or send and
//! then hang (the answer is lost: the case the idempotency key exists for). A test then checks
//! that no code went out twice ([`FakeSmsGateway::repeated_texts`]).
//!
//! Rust's standard library in this process, not Python: the test holds the gateway itself,
//! switches its faults and reads its records by plain calls, with no control endpoint, no file
//! to parse and no race between "fail the next request" and that request; and one `POST` with a
//! `Content-Length` body needs no HTTP library (reqwest sends exactly that).

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use crate::error::XtaskError;
use crate::server::free_port;

/// The API key the servers must send (`MIDDELPUNT_SMS_GATEWAY_KEY`).
pub const API_KEY: &str = "fake-sms-gateway-key";
/// Where messages are `POST`ed.
pub const PATH: &str = "/v1/messages";
/// The longest a hanging request is held (the server gives up after 10 s).
const MAX_HANG: Duration = Duration::from_secs(120);
/// The longest a client may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 1024 * 1024;

/// How the gateway misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer this status (e.g. 500, 503, 429) without sending.
    Status(u16),
    /// Read the request, send nothing and answer nothing until the client gives up.
    Hang,
    /// Send the message (once per key, as always), then answer nothing: the answer is lost.
    SendThenHang,
}

/// What became of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Sent; answered 202.
    Sent,
    /// Its key was sent before: answered 200 as then, not sent again.
    Repeated,
    /// A fault's status, not sent.
    Failed(u16),
    /// A fault: held without an answer, not sent.
    Hung,
    /// A fault: sent (unless its key was sent before), then held without an answer.
    SentThenHung,
    /// Refused before looking at it: 401 (wrong key), 400 (not the documented body), 404, 405.
    Refused(u16),
}

/// One request, in the order they came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsRequest {
    pub received_at: SystemTime,
    pub idempotency_key: Option<String>,
    pub to: String,
    pub from: String,
    pub text: String,
    pub reference: String,
    pub outcome: Outcome,
}

/// One message the gateway sent (once per idempotency key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentSms {
    /// The gateway's id, `sms-1`, `sms-2`, … in order of sending.
    pub id: String,
    pub sent_at: SystemTime,
    pub idempotency_key: Option<String>,
    pub to: String,
    pub from: String,
    pub text: String,
    pub reference: String,
}

/// The scope of the fault in force.
#[derive(Debug, Clone, Copy)]
enum Scope {
    Next(usize),
    Until(Instant),
}

#[derive(Debug, Default)]
struct State {
    requests: Vec<SmsRequest>,
    sent: Vec<SentSms>,
    /// Idempotency key → index in `sent`.
    by_key: HashMap<String, usize>,
    fault: Option<(Fault, Scope)>,
}

impl State {
    /// The fault for the request now arriving, using up one of a `Next` scope.
    fn take_fault(&mut self) -> Option<Fault> {
        let (fault, scope) = self.fault?;
        match scope {
            Scope::Next(left) => {
                self.fault = (left > 1).then_some((fault, Scope::Next(left - 1)));
                Some(fault)
            }
            Scope::Until(end) if Instant::now() < end => Some(fault),
            Scope::Until(_) => {
                self.fault = None;
                None
            }
        }
    }

    /// Sends `request` unless its key was sent before: answers the message's index in `sent`
    /// and whether it was sent now.
    fn send(&mut self, request: &SmsRequest) -> (usize, bool) {
        if let Some(&index) = request
            .idempotency_key
            .as_ref()
            .and_then(|key| self.by_key.get(key))
        {
            return (index, false);
        }
        let index = self.sent.len();
        self.sent.push(SentSms {
            id: format!("sms-{}", index + 1),
            sent_at: SystemTime::now(),
            idempotency_key: request.idempotency_key.clone(),
            to: request.to.clone(),
            from: request.from.clone(),
            text: request.text.clone(),
            reference: request.reference.clone(),
        });
        if let Some(key) = &request.idempotency_key {
            self.by_key.insert(key.clone(), index);
        }
        (index, true)
    }
}

/// The fake gateway, listening on 127.0.0.1 until dropped or [`FakeSmsGateway::stop_listening`].
pub struct FakeSmsGateway {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl FakeSmsGateway {
    /// A gateway on a free port.
    pub fn start() -> Result<FakeSmsGateway, XtaskError> {
        FakeSmsGateway::start_on(free_port()?.port())
    }

    /// A gateway on `port`.
    pub fn start_on(port: u16) -> Result<FakeSmsGateway, XtaskError> {
        let mut gateway = FakeSmsGateway {
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            state: Arc::default(),
            stop: Arc::default(),
            accept: None,
        };
        gateway.start_listening()?;
        Ok(gateway)
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/v1/messages`.
    pub fn url(&self) -> String {
        format!("http://{}{PATH}", self.addr)
    }

    /// The server's variables that send its SMS here: `MIDDELPUNT_SMS_GATEWAY_URL` and
    /// `MIDDELPUNT_SMS_GATEWAY_KEY`.
    pub fn server_env(&self) -> Vec<(String, String)> {
        vec![
            ("MIDDELPUNT_SMS_GATEWAY_URL".into(), self.url()),
            ("MIDDELPUNT_SMS_GATEWAY_KEY".into(), API_KEY.into()),
        ]
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next `count` requests meet `fault` (replacing any fault in force).
    pub fn fail_next(&self, count: usize, fault: Fault) {
        self.state().fault = (count > 0).then_some((fault, Scope::Next(count)));
    }

    /// Every request in the next `period` meets `fault` (replacing any fault in force).
    pub fn fail_for(&self, period: Duration, fault: Fault) {
        self.state().fault = Some((fault, Scope::Until(Instant::now() + period)));
    }

    /// No more faults.
    pub fn heal(&self) {
        self.state().fault = None;
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<SmsRequest> {
        self.state().requests.clone()
    }

    /// Every message sent so far (once per idempotency key), in order.
    pub fn sent(&self) -> Vec<SentSms> {
        self.state().sent.clone()
    }

    /// How many requests carried each idempotency key.
    pub fn requests_by_key(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for key in self
            .state()
            .requests
            .iter()
            .filter_map(|r| r.idempotency_key.clone())
        {
            *counts.entry(key).or_insert(0) += 1;
        }
        counts
    }

    /// `(to, text, times)` for every text sent more than once to the same number (under
    /// different keys, or without one): a code that went out twice.
    pub fn repeated_texts(&self) -> Vec<(String, String, usize)> {
        let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
        for sms in &self.state().sent {
            *counts
                .entry((sms.to.clone(), sms.text.clone()))
                .or_insert(0) += 1;
        }
        counts
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|((to, text), n)| (to, text, n))
            .collect()
    }

    /// Waits up to `limit` until at least `count` messages were sent; answers them all, or a
    /// timeout naming how many were.
    pub fn wait_for_sent(&self, count: usize, limit: Duration) -> Result<Vec<SentSms>, XtaskError> {
        let start = Instant::now();
        loop {
            let sent = self.sent();
            if sent.len() >= count {
                return Ok(sent);
            }
            if start.elapsed() >= limit {
                return Err(XtaskError::Timeout {
                    what: format!(
                        "the fake SMS gateway sent {} of {count} messages",
                        sent.len()
                    ),
                    seconds: limit.as_secs(),
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Closes the port and drops held connections (a gateway that is down); the records stay.
    pub fn stop_listening(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }

    /// Listens again on the same port after [`FakeSmsGateway::stop_listening`]. Nothing
    /// happens when it listens.
    pub fn start_listening(&mut self) -> Result<(), XtaskError> {
        if self.accept.is_some() {
            return Ok(());
        }
        let listener =
            TcpListener::bind(self.addr).map_err(|e| XtaskError::io(self.addr.to_string(), e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| XtaskError::io(self.addr.to_string(), e))?;
        self.stop = Arc::default();
        let (state, stop) = (Arc::clone(&self.state), Arc::clone(&self.stop));
        self.accept = Some(std::thread::spawn(move || {
            accept_loop(&listener, &state, &stop)
        }));
        Ok(())
    }
}

impl Drop for FakeSmsGateway {
    fn drop(&mut self) {
        self.stop_listening();
    }
}

fn accept_loop(listener: &TcpListener, state: &Arc<Mutex<State>>, stop: &Arc<AtomicBool>) {
    while !stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((stream, _)) => {
                let (state, stop) = (Arc::clone(state), Arc::clone(stop));
                std::thread::spawn(move || {
                    let _ = handle(stream, &state, &stop);
                });
            }
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// A request's head and body.
struct HttpRequest {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl HttpRequest {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: &TcpStream) -> std::io::Result<HttpRequest> {
    let invalid = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
    let mut reader = BufReader::new(stream.take((MAX_HEAD + MAX_BODY) as u64));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, path) = match (parts.next(), parts.next()) {
        (Some(method), Some(path)) => (method.to_owned(), path.to_owned()),
        _ => return Err(invalid("no request line")),
    };
    let mut headers = Vec::new();
    let mut head = line.len();
    loop {
        line.clear();
        head += reader.read_line(&mut line)?;
        if head > MAX_HEAD {
            return Err(invalid("head too large"));
        }
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((name, value)) = trimmed.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let mut request = HttpRequest {
        method,
        path,
        headers,
        body: Vec::new(),
    };
    let length: usize = request
        .header("content-length")
        .map_or(Ok(0), str::parse)
        .map_err(|_| invalid("bad content-length"))?;
    if length > MAX_BODY {
        return Err(invalid("body too large"));
    }
    request.body = vec![0; length];
    reader.read_exact(&mut request.body)?;
    Ok(request)
}

fn respond(mut stream: &TcpStream, status: u16, body: &serde_json::Value) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        202 => "Accepted",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let body = body.to_string();
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

/// Holds `stream` without answering until the client closes it, the gateway stops or
/// [`MAX_HANG`] passes.
fn hang(mut stream: &TcpStream, stop: &AtomicBool) {
    let start = Instant::now();
    let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
    let mut buffer = [0; 1024];
    while !stop.load(Ordering::Relaxed) && start.elapsed() < MAX_HANG {
        match stream.read(&mut buffer) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return,
        }
    }
}

/// The documented body's fields, or `None`.
fn body_fields(body: &[u8]) -> Option<[String; 4]> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let field = |name: &str| value.get(name)?.as_str().map(str::to_owned);
    Some([
        field("to")?,
        field("from")?,
        field("text")?,
        field("reference")?,
    ])
}

fn handle(stream: TcpStream, state: &Mutex<State>, stop: &AtomicBool) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    let request = read_request(&stream)?;
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);
    if request.path != PATH {
        return respond(&stream, 404, &serde_json::json!({ "error": "not found" }));
    }
    if request.method != "POST" {
        return respond(&stream, 405, &serde_json::json!({ "error": "POST only" }));
    }
    let authorized = request.header("authorization") == Some(&format!("Bearer {API_KEY}"));
    let fields = body_fields(&request.body);
    let [to, from, text, reference] = fields.clone().unwrap_or_default();
    let mut record = SmsRequest {
        received_at: SystemTime::now(),
        idempotency_key: request.header("idempotency-key").map(str::to_owned),
        to,
        from,
        text,
        reference,
        outcome: Outcome::Refused(401),
    };
    if !authorized || fields.is_none() {
        let status = if authorized { 400 } else { 401 };
        record.outcome = Outcome::Refused(status);
        lock().requests.push(record);
        return respond(&stream, status, &serde_json::json!({ "error": "refused" }));
    }
    let mut state = lock();
    let (outcome, answer) = match state.take_fault() {
        Some(Fault::Status(status)) => (Outcome::Failed(status), Some((status, None))),
        Some(Fault::Hang) => (Outcome::Hung, None),
        Some(Fault::SendThenHang) => {
            state.send(&record);
            (Outcome::SentThenHung, None)
        }
        None => {
            let (index, now) = state.send(&record);
            let outcome = if now {
                Outcome::Sent
            } else {
                Outcome::Repeated
            };
            let status = if now { 202 } else { 200 };
            (outcome, Some((status, Some(state.sent[index].id.clone()))))
        }
    };
    record.outcome = outcome;
    state.requests.push(record);
    drop(state);
    match answer {
        Some((status, Some(id))) => respond(
            &stream,
            status,
            &serde_json::json!({ "id": id, "status": "accepted" }),
        ),
        Some((status, None)) => respond(&stream, status, &serde_json::json!({ "error": "fault" })),
        None => {
            hang(&stream, stop);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests;
