//! The HTTP client of the benchmarks, the test servers' readiness and the Schemathesis
//! sign-in: a [`ureq`] agent (blocking, keep-alive, no TLS) bound to one loopback server, that
//! keeps the session cookie it was given and sends the CSRF token with state-changing requests.

use std::io::Read;
use std::net::SocketAddr;
use std::time::Duration;

use ureq::Agent;
use ureq::http::Method;

/// The name of the server's session cookie.
const SESSION_COOKIE: &str = "middelpunt_session";

/// An answer: status and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The value of a top-level field of a JSON object body, e.g. `"total": 42` → `42`, or
    /// `"csrf_token": "abc"` → `abc`; `None` when the body is not such an object or lacks it.
    pub fn json_field(&self, name: &str) -> Option<String> {
        json_field(&self.body, name)
    }
}

/// A client of one server, keeping its connection open and the session cookie it was given.
pub struct Client {
    agent: Agent,
    addr: SocketAddr,
    /// `middelpunt_session=…`, once the server set it.
    cookie: Option<String>,
    /// Sent as `X-CSRF-Token` with state-changing requests once known.
    pub csrf_token: Option<String>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        // A 100,000-row export takes seconds; a stuck server should not hang the bench.
        Client::with_timeout(addr, Duration::from_secs(120))
    }

    /// A client whose every request gives up after `timeout` (probes of a server that may
    /// hang, such as a stopped cluster instance).
    pub fn with_timeout(addr: SocketAddr, timeout: Duration) -> Client {
        let agent = Agent::config_builder()
            // Every status is an answer to look at, not an error.
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(5).min(timeout)))
            .timeout_global(Some(timeout))
            .build()
            .new_agent();
        Client {
            agent,
            addr,
            cookie: None,
            csrf_token: None,
        }
    }

    /// `http://ADDR`, the server's origin.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The session cookie as `name=value`, once the server set it.
    pub fn cookie(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    pub fn get(&mut self, path: &str) -> Result<Response, ureq::Error> {
        self.request(Method::GET, path, None)
    }

    /// `POST` of a JSON body.
    pub fn post_json(&mut self, path: &str, json: &str) -> Result<Response, ureq::Error> {
        self.request(Method::POST, path, Some(json.as_bytes()))
    }

    /// Sends one request and reads the whole answer.
    pub fn request(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&[u8]>,
    ) -> Result<Response, ureq::Error> {
        self.request_with(method, path, body, &[])
    }

    /// [`Client::request`] with `extra` headers, e.g. an `Idempotency-Key`.
    pub fn request_with(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&[u8]>,
        extra: &[(&str, &str)],
    ) -> Result<Response, ureq::Error> {
        let mut body_out = Vec::new();
        let (status, _headers) = self.exchange(method, path, body, extra, &mut |chunk| {
            body_out.extend_from_slice(chunk);
        })?;
        Ok(Response {
            status,
            body: body_out,
        })
    }

    /// Like [`Client::get`], handing the body to `sink` piece by piece as it arrives instead of
    /// keeping it (for large exports); answers the status and the headers (names lower-cased).
    pub fn get_streamed(
        &mut self,
        path: &str,
        sink: &mut dyn FnMut(&[u8]),
    ) -> Result<(u16, Vec<(String, String)>), ureq::Error> {
        self.exchange(Method::GET, path, None, &[], sink)
    }

    fn exchange(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&[u8]>,
        extra: &[(&str, &str)],
        sink: &mut dyn FnMut(&[u8]),
    ) -> Result<(u16, Vec<(String, String)>), ureq::Error> {
        let origin = self.origin();
        let mut request = ureq::http::Request::builder()
            .method(method.clone())
            .uri(format!("{origin}{path}"))
            .header("Origin", &origin)
            .header("Accept", "application/json, */*")
            .header("Accept-Language", "nl");
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        if let (Some(token), false) = (&self.csrf_token, method == Method::GET) {
            request = request.header("X-CSRF-Token", token);
        }
        if body.is_some() {
            request = request.header("Content-Type", "application/json");
        }
        for (name, value) in extra {
            request = request.header(*name, *value);
        }
        let mut response = match body {
            Some(body) => self.agent.run(request.body(body)?)?,
            None => self.agent.run(request.body(())?)?,
        };
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        if let Some(cookie) = session_cookie(&headers) {
            self.cookie = Some(cookie);
        }
        // Read as it arrives; no size limit (an export of 100,000 rows is tens of MB).
        let mut reader = response.body_mut().with_config().limit(u64::MAX).reader();
        let mut buffer = vec![0; 64 * 1024];
        loop {
            let n = reader.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            sink(&buffer[..n]);
        }
        Ok((status, headers))
    }
}

/// The `name=value` of the session cookie among `Set-Cookie` headers, if set.
fn session_cookie(headers: &[(String, String)]) -> Option<String> {
    headers
        .iter()
        .filter(|(name, _)| name == "set-cookie")
        .map(|(_, value)| value.split(';').next().unwrap_or_default().trim())
        .find(|pair| {
            pair.strip_prefix(SESSION_COOKIE)
                .is_some_and(|rest| rest.starts_with('='))
        })
        .map(str::to_owned)
}

/// The value of a top-level field of the JSON object `body`: a string as it is, any other value
/// as its JSON text.
pub fn json_field(body: &[u8], name: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    match value.get(name)? {
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_fields_are_found() {
        let json = br#"{"manager":{"email":"a@b"},"csrf_token":"xyz","total": 100000,"page":1}"#;
        assert_eq!(json_field(json, "csrf_token").as_deref(), Some("xyz"));
        assert_eq!(json_field(json, "total").as_deref(), Some("100000"));
        assert_eq!(json_field(json, "page").as_deref(), Some("1"));
        assert_eq!(json_field(json, "missing"), None);
        assert_eq!(json_field(b"not json", "total"), None);
    }

    #[test]
    fn only_the_session_cookie_is_kept() {
        let headers = [
            ("content-type".to_owned(), "application/json".to_owned()),
            ("set-cookie".to_owned(), "other=1; Path=/".to_owned()),
            (
                "set-cookie".to_owned(),
                "middelpunt_session=abc; HttpOnly; SameSite=Strict".to_owned(),
            ),
        ];
        assert_eq!(
            session_cookie(&headers).as_deref(),
            Some("middelpunt_session=abc")
        );
        assert_eq!(session_cookie(&headers[..2]), None);
    }

    /// One exchange with a loopback listener: the request carries the origin, the cookie and the
    /// CSRF token, and a chunked answer arrives whole.
    #[test]
    fn a_request_carries_the_session_and_reads_a_chunked_answer() {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let mut head = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim_end().is_empty() {
                    break;
                }
                head.push(line.trim_end().to_ascii_lowercase());
            }
            let mut body = vec![0; 2];
            reader.read_exact(&mut body).unwrap();
            reader
                .get_mut()
                .write_all(
                    b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\
                      Set-Cookie: middelpunt_session=new; Path=/\r\n\r\n\
                      5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                )
                .unwrap();
            (head, body)
        });
        let mut client = Client::new(addr);
        client.cookie = Some("middelpunt_session=old".into());
        client.csrf_token = Some("token".into());
        let response = client.post_json("/api/v1/x", "{}").unwrap();
        assert_eq!(
            (response.status, response.text().as_str()),
            (201, "hello world")
        );
        assert_eq!(client.cookie(), Some("middelpunt_session=new"));
        let (head, body) = server.join().unwrap();
        assert_eq!(head[0], "post /api/v1/x http/1.1");
        for line in [
            format!("origin: http://{addr}"),
            "cookie: middelpunt_session=old".into(),
            "x-csrf-token: token".into(),
            "content-type: application/json".into(),
        ] {
            assert!(head.contains(&line), "{line} in {head:?}");
        }
        assert_eq!(body, b"{}");
    }
}
