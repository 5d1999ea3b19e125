//! A small SMTP server for the tests: listens on 127.0.0.1, speaks just enough SMTP (EHLO,
//! MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT; no TLS) and keeps what it receives. It can be told
//! to refuse recipients, e.g. with `451` (try again later) or `550` (no such mailbox).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// One mail as the sink received it.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    /// The `MAIL FROM` argument, e.g. `<noreply@middelpunt.test>`.
    pub mail_from: String,
    /// The accepted `RCPT TO` arguments.
    pub rcpt_to: Vec<String>,
    /// The message after `DATA`, dot-unstuffed, CRLF line ends, without the final `.`.
    pub data: String,
}

impl ReceivedMail {
    /// The top-level header block, folded lines joined.
    pub fn headers(&self) -> String {
        let end = self.data.find("\r\n\r\n").unwrap_or(self.data.len());
        self.data[..end]
            .replace("\r\n ", " ")
            .replace("\r\n\t", " ")
    }

    /// The value of top-level header `name`, if present.
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.headers()
            .split("\r\n")
            .find(|line| line.to_ascii_lowercase().starts_with(&prefix))
            .map(|line| line[prefix.len()..].trim().to_owned())
    }

    /// The whole message with quoted-printable undone (soft line breaks and `=XX`), as UTF-8.
    pub fn decoded(&self) -> String {
        let joined = self.data.replace("=\r\n", "");
        let bytes = joined.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'='
                && i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit()
            {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

#[derive(Default)]
struct SinkState {
    /// The `EHLO`/`HELO` arguments, one per greeting.
    greetings: Mutex<Vec<String>>,
    mails: Mutex<Vec<ReceivedMail>>,
    /// The reply to every `RCPT TO`, when refusing; `None` accepts.
    refusal: Mutex<Option<String>>,
    refused: Mutex<usize>,
    changed: Notify,
}

/// The running sink; stops accepting when dropped.
pub struct SmtpSink {
    pub port: u16,
    state: Arc<SinkState>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(SinkState::default());
        let accepting = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = accepting.clone();
                tokio::spawn(async move {
                    let _ = session(stream, state).await;
                });
            }
        });
        SmtpSink { port, state, task }
    }

    /// Answers every `RCPT TO` with `reply` (e.g. `451 4.3.0 Try again later`) from now on.
    pub fn refuse_recipients(&self, reply: &str) {
        *self.state.refusal.lock().unwrap() = Some(reply.to_owned());
    }

    /// Accepts recipients again.
    pub fn accept_recipients(&self) {
        *self.state.refusal.lock().unwrap() = None;
    }

    /// How many `RCPT TO`s were refused.
    pub fn refused(&self) -> usize {
        *self.state.refused.lock().unwrap()
    }

    pub fn mails(&self) -> Vec<ReceivedMail> {
        self.state.mails.lock().unwrap().clone()
    }

    /// The names the clients greeted with (`EHLO name`), in order.
    pub fn greetings(&self) -> Vec<String> {
        self.state.greetings.lock().unwrap().clone()
    }

    /// Waits (at most 10 s) until `count` mails arrived, and answers them.
    pub async fn wait_for_mails(&self, count: usize) -> Vec<ReceivedMail> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let changed = self.state.changed.notified();
            let mails = self.mails();
            if mails.len() >= count {
                return mails;
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                panic!("{count} mail(s) expected, {} arrived", mails.len());
            }
        }
    }
}

async fn session(stream: TcpStream, state: Arc<SinkState>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP ready\r\n").await?;
    let mut mail_from = String::new();
    let mut rcpt_to = Vec::new();
    loop {
        let Some(line) = read_line(&mut read).await? else {
            return Ok(());
        };
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            state
                .greetings
                .lock()
                .unwrap()
                .push(line[4..].trim().to_owned());
        }
        let reply = if upper.starts_with("EHLO") {
            "250-sink.test greets you\r\n250 HELP\r\n".to_owned()
        } else if upper.starts_with("HELO") {
            "250 sink.test\r\n".to_owned()
        } else if upper.starts_with("MAIL FROM:") {
            mail_from = line["MAIL FROM:".len()..].trim().to_owned();
            rcpt_to.clear();
            "250 2.1.0 OK\r\n".to_owned()
        } else if upper.starts_with("RCPT TO:") {
            let refusal = state.refusal.lock().unwrap().clone();
            match refusal {
                Some(reply) => {
                    *state.refused.lock().unwrap() += 1;
                    state.changed.notify_waiters();
                    format!("{reply}\r\n")
                }
                None => {
                    rcpt_to.push(line["RCPT TO:".len()..].trim().to_owned());
                    "250 2.1.5 OK\r\n".to_owned()
                }
            }
        } else if upper == "DATA" {
            if rcpt_to.is_empty() {
                "503 5.5.1 No valid recipients\r\n".to_owned()
            } else {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let mut data = String::new();
                loop {
                    let Some(line) = read_line(&mut read).await? else {
                        return Ok(());
                    };
                    if line == "." {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    data.push_str("\r\n");
                }
                state.mails.lock().unwrap().push(ReceivedMail {
                    mail_from: std::mem::take(&mut mail_from),
                    rcpt_to: std::mem::take(&mut rcpt_to),
                    data,
                });
                state.changed.notify_waiters();
                "250 2.0.0 OK queued\r\n".to_owned()
            }
        } else if upper == "RSET" {
            mail_from.clear();
            rcpt_to.clear();
            "250 2.0.0 OK\r\n".to_owned()
        } else if upper == "NOOP" {
            "250 2.0.0 OK\r\n".to_owned()
        } else if upper == "QUIT" {
            write.write_all(b"221 2.0.0 Bye\r\n").await?;
            return Ok(());
        } else {
            "502 5.5.2 Command not recognised\r\n".to_owned()
        };
        write.write_all(reply.as_bytes()).await?;
    }
}

/// One line without its CRLF; `None` at the end of the stream.
async fn read_line(
    read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> std::io::Result<Option<String>> {
    let mut bytes = Vec::new();
    if read.read_until(b'\n', &mut bytes).await? == 0 {
        return Ok(None);
    }
    let line = String::from_utf8_lossy(&bytes);
    Ok(Some(line.trim_end_matches(['\r', '\n']).to_owned()))
}
