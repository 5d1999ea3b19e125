//! A minimal blocking HTTP/1.1 client for the benchmarks: one keep-alive connection to a
//! loopback server, `Content-Length` and chunked bodies, a session cookie. No TLS, no redirects,
//! no compression: only what timing our own API needs, without a dependency to compile.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

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
}

/// A client of one server, keeping its connection open and the session cookie it was given.
pub struct Client {
    addr: SocketAddr,
    connection: Option<BufReader<TcpStream>>,
    cookie: Option<String>,
    /// Sent as `X-CSRF-Token` with state-changing requests once known.
    pub csrf_token: Option<String>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        Client {
            addr,
            connection: None,
            cookie: None,
            csrf_token: None,
        }
    }

    pub fn get(&mut self, path: &str) -> io::Result<Response> {
        self.request("GET", path, None)
    }

    /// `POST` of a JSON body.
    pub fn post_json(&mut self, path: &str, json: &str) -> io::Result<Response> {
        self.request("POST", path, Some(json.as_bytes()))
    }

    /// Sends one request and reads the whole answer. A connection the server closed while idle
    /// is opened again once.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
    ) -> io::Result<Response> {
        let mut body_out = Vec::new();
        let (status, _headers) = self.exchange(method, path, body, &mut |chunk| {
            body_out.extend_from_slice(chunk);
        })?;
        Ok(Response {
            status,
            body: body_out,
        })
    }

    /// Like [`Client::request`] for a `GET`, handing the body to `sink` piece by piece as it
    /// arrives instead of keeping it (for large exports); answers the status and the headers
    /// (names lower-cased).
    pub fn get_streamed(
        &mut self,
        path: &str,
        sink: &mut dyn FnMut(&[u8]),
    ) -> io::Result<(u16, Vec<(String, String)>)> {
        self.exchange("GET", path, None, sink)
    }

    fn exchange(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        sink: &mut dyn FnMut(&[u8]),
    ) -> io::Result<(u16, Vec<(String, String)>)> {
        let reused = self.connection.is_some();
        match self.try_exchange(method, path, body, sink) {
            Err(error) if reused && is_closed(&error) => {
                self.connection = None;
                self.try_exchange(method, path, body, sink)
            }
            other => other,
        }
    }

    fn try_exchange(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        sink: &mut dyn FnMut(&[u8]),
    ) -> io::Result<(u16, Vec<(String, String)>)> {
        if self.connection.is_none() {
            let stream = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5))?;
            stream.set_nodelay(true)?;
            stream.set_read_timeout(Some(Duration::from_secs(120)))?;
            self.connection = Some(BufReader::with_capacity(64 * 1024, stream));
        }
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
             Accept: application/json, */*\r\nAccept-Language: nl\r\n",
            addr = self.addr
        );
        if let Some(cookie) = &self.cookie {
            head.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        if let (Some(token), false) = (&self.csrf_token, method == "GET") {
            head.push_str(&format!("X-CSRF-Token: {token}\r\n"));
        }
        if let Some(body) = body {
            head.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        let connection = self.connection.as_mut().expect("connected above");
        {
            let stream = connection.get_mut();
            let mut request = head.into_bytes();
            request.extend_from_slice(body.unwrap_or_default());
            stream.write_all(&request)?;
        }

        let mut line = String::new();
        if connection.read_line(&mut line)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ));
        }
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| invalid(format!("bad status line {line:?}")))?;
        let mut headers = Vec::new();
        loop {
            line.clear();
            connection.read_line(&mut line)?;
            let trimmed = line.trim_end();
            if trimmed.is_empty() {
                break;
            }
            if let Some((name, value)) = trimmed.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let chunked = header("transfer-encoding").is_some_and(|v| v.contains("chunked"));
        let length: Option<usize> = header("content-length").and_then(|v| v.parse().ok());
        let close = header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
        if chunked {
            read_chunked(connection, sink)?;
        } else if let Some(length) = length {
            read_exact_into(connection, length, sink)?;
        } else if method != "HEAD" && status != 204 && status != 304 {
            // No length: the body ends with the connection.
            let mut buffer = vec![0; 64 * 1024];
            loop {
                let n = connection.read(&mut buffer)?;
                if n == 0 {
                    break;
                }
                sink(&buffer[..n]);
            }
            self.connection = None;
        }
        if close {
            self.connection = None;
        }
        for (name, value) in &headers {
            if name == "set-cookie" {
                let pair = value.split(';').next().unwrap_or_default().trim();
                if pair.starts_with("middelpunt_session=") {
                    self.cookie = Some(pair.to_owned());
                }
            }
        }
        Ok((status, headers))
    }
}

fn is_closed(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::UnexpectedEof
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
    )
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

fn read_exact_into(
    reader: &mut impl BufRead,
    mut length: usize,
    sink: &mut dyn FnMut(&[u8]),
) -> io::Result<()> {
    while length > 0 {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the body ended early",
            ));
        }
        let n = available.len().min(length);
        sink(&available[..n]);
        reader.consume(n);
        length -= n;
    }
    Ok(())
}

fn read_chunked(reader: &mut impl BufRead, sink: &mut dyn FnMut(&[u8])) -> io::Result<()> {
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let size = line.trim().split(';').next().unwrap_or_default();
        let size = usize::from_str_radix(size, 16)
            .map_err(|_| invalid(format!("bad chunk size {line:?}")))?;
        if size == 0 {
            // Trailers, then the empty line.
            loop {
                line.clear();
                reader.read_line(&mut line)?;
                if line.trim_end().is_empty() {
                    return Ok(());
                }
            }
        }
        read_exact_into(reader, size, sink)?;
        line.clear();
        reader.read_line(&mut line)?;
    }
}

/// The value of a top-level scalar field of a JSON object, e.g. `"total": 42` → `42`, or
/// `"csrf_token": "abc"` → `abc` (no escapes expected). Enough for the few fields the
/// benchmarks read, without a JSON parser to compile.
pub fn json_field(json: &str, name: &str) -> Option<String> {
    let key = format!("\"{name}\"");
    let at = json.find(&key)? + key.len();
    let rest = json[at..].trim_start().strip_prefix(':')?.trim_start();
    if let Some(string) = rest.strip_prefix('"') {
        return string.find('"').map(|end| string[..end].to_owned());
    }
    let end = rest
        .find(|c: char| c == ',' || c == '}' || c.is_whitespace())
        .unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined() {
        let wire = b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\nNEXT";
        let mut reader = BufReader::new(&wire[..]);
        let mut body = Vec::new();
        read_chunked(&mut reader, &mut |c| body.extend_from_slice(c)).unwrap();
        assert_eq!(body, b"hello world");
        let mut rest = String::new();
        reader.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "NEXT");
    }

    #[test]
    fn json_fields_are_found() {
        let json = r#"{"manager":{"email":"a@b"},"csrf_token":"xyz","total": 100000,"page":1}"#;
        assert_eq!(json_field(json, "csrf_token").as_deref(), Some("xyz"));
        assert_eq!(json_field(json, "total").as_deref(), Some("100000"));
        assert_eq!(json_field(json, "page").as_deref(), Some("1"));
        assert_eq!(json_field(json, "missing"), None);
    }
}
