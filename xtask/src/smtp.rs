//! A real SMTP server that records what it receives, for tests of the server's e-mail:
//! `xtask/smtp_recorder.py` on Python's aiosmtpd (PyPI, in a virtual environment under the
//! target directory: `tools::ensure_aiosmtpd`), one process per recorder, appending every
//! accepted message to a JSON-lines file before it answers 250. A test points the servers at it
//! ([`SmtpRecorder::server_env`]), reads the records, counts messages per `Message-ID` (the
//! server derives it from the outbox id, so a repeated delivery has the same one) and takes the
//! recorder down and up again on the same port ([`SmtpRecorder::stop`],
//! [`SmtpRecorder::start_again`]) to see the outbox retry.
//!
//! An SMTP server is no small thing (ESMTP, pipelining, 8BITMIME, SMTPUTF8, dot-stuffing):
//! aiosmtpd is the maintained one that Python's own smtpd module was replaced by.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;
use nix::unistd::Pid;
use serde::Deserialize;

use crate::cmd;
use crate::error::XtaskError;
use crate::server::free_port;
use crate::tools;

/// The script, relative to the workspace root.
const SCRIPT: &str = "xtask/smtp_recorder.py";
/// How long a start may take (Python and aiosmtpd import in well under a second).
const START_LIMIT: Duration = Duration::from_secs(15);
/// How long a stop waits for the process after SIGTERM before SIGKILL.
const STOP_LIMIT: Duration = Duration::from_secs(5);

/// One received message, as the recorder wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MailRecord {
    /// When the recorder accepted it (RFC 3339, UTC, microseconds).
    pub received_at: String,
    /// The client's address.
    pub peer: Option<String>,
    /// The envelope's sender (`MAIL FROM`) and recipients (`RCPT TO`).
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    /// The `Message-ID`, `Date` and decoded `Subject` headers, when present.
    pub message_id: Option<String>,
    pub date: Option<String>,
    pub subject: Option<String>,
    /// Every header as sent, in order.
    pub headers: Vec<(String, String)>,
    /// The message's size in bytes.
    pub size: u64,
    /// The first `text/plain` part, decoded.
    pub text: Option<String>,
    /// The message as received, byte for byte, when the recorder keeps them
    /// ([`SmtpRecorder::start_keeping_raw`]).
    #[serde(default)]
    pub raw_path: Option<PathBuf>,
}

impl MailRecord {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How many times each `Message-ID` was received (messages without one are not counted).
pub fn count_by_message_id(records: &[MailRecord]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for id in records.iter().filter_map(|r| r.message_id.as_ref()) {
        *counts.entry(id.clone()).or_insert(0) += 1;
    }
    counts
}

/// The `Message-ID`s received more than once, with their counts.
pub fn repeated_message_ids(records: &[MailRecord]) -> BTreeMap<String, usize> {
    let mut counts = count_by_message_id(records);
    counts.retain(|_, count| *count > 1);
    counts
}

/// Reads a records file: one JSON object per line (a missing file has none).
pub fn read_records(path: &Path) -> Result<Vec<MailRecord>, XtaskError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(XtaskError::io(path, e)),
    };
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            serde_json::from_str(line).map_err(|source| XtaskError::Record {
                path: path.to_path_buf(),
                line: index + 1,
                source,
            })
        })
        .collect()
}

/// A recording SMTP server on 127.0.0.1; stopped when dropped (its records stay).
pub struct SmtpRecorder {
    python: PathBuf,
    addr: SocketAddr,
    records: PathBuf,
    log: PathBuf,
    /// Where each message is kept as received, if anywhere.
    raw_dir: Option<PathBuf>,
    child: Option<Child>,
}

impl SmtpRecorder {
    /// Starts a recorder on a free port, its records in `dir/smtp-records.jsonl` (emptied
    /// first) and its output in `dir/smtp-recorder.log`; installs aiosmtpd when missing.
    pub fn start(dir: &Path) -> Result<SmtpRecorder, XtaskError> {
        SmtpRecorder::start_on(dir, free_port()?.port())
    }

    /// [`SmtpRecorder::start`], keeping each message as received in `dir/raw/` too.
    pub fn start_keeping_raw(dir: &Path) -> Result<SmtpRecorder, XtaskError> {
        SmtpRecorder::start_with(dir, free_port()?.port(), Some(dir.join("raw")))
    }

    /// [`SmtpRecorder::start`] on `port`.
    pub fn start_on(dir: &Path, port: u16) -> Result<SmtpRecorder, XtaskError> {
        SmtpRecorder::start_with(dir, port, None)
    }

    fn start_with(
        dir: &Path,
        port: u16,
        raw_dir: Option<PathBuf>,
    ) -> Result<SmtpRecorder, XtaskError> {
        let python = tools::ensure_aiosmtpd()?;
        std::fs::create_dir_all(dir).map_err(|e| XtaskError::io(dir, e))?;
        let records = dir.join("smtp-records.jsonl");
        std::fs::write(&records, "").map_err(|e| XtaskError::io(&records, e))?;
        let mut recorder = SmtpRecorder {
            python,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            records,
            log: dir.join("smtp-recorder.log"),
            raw_dir,
            child: None,
        };
        recorder.start_again()?;
        Ok(recorder)
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The JSON-lines file of everything it received (kept across restarts).
    pub fn records_path(&self) -> &Path {
        &self.records
    }

    /// The server's variables that send its e-mail here: `MIDDELPUNT_SMTP_HOST`,
    /// `MIDDELPUNT_SMTP_PORT` and `MIDDELPUNT_SMTP_TLS=none` (a plain relay on this machine).
    pub fn server_env(&self) -> Vec<(String, String)> {
        vec![
            ("MIDDELPUNT_SMTP_HOST".into(), self.addr.ip().to_string()),
            ("MIDDELPUNT_SMTP_PORT".into(), self.addr.port().to_string()),
            ("MIDDELPUNT_SMTP_TLS".into(), "none".into()),
        ]
    }

    /// Whether its process runs.
    pub fn is_running(&mut self) -> bool {
        match self.child.as_mut().map(Child::try_wait) {
            Some(Ok(None)) => true,
            Some(_) => {
                self.child = None;
                false
            }
            None => false,
        }
    }

    /// Starts it again on the same port after [`SmtpRecorder::stop`] or
    /// [`SmtpRecorder::kill`], appending to the same records; waits until it greets. Nothing
    /// happens when it runs.
    pub fn start_again(&mut self) -> Result<(), XtaskError> {
        if self.is_running() {
            return Ok(());
        }
        let open = || {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.log)
                .map_err(|e| XtaskError::io(&self.log, e))
        };
        let mut command = Command::new(&self.python);
        command
            .arg(cmd::root().join(SCRIPT))
            .args(["--host", &self.addr.ip().to_string()])
            .args(["--port", &self.addr.port().to_string()])
            .arg("--out")
            .arg(&self.records)
            .args(
                self.raw_dir
                    .iter()
                    .flat_map(|dir| [std::ffi::OsStr::new("--raw-dir"), dir.as_os_str()]),
            )
            .stdin(Stdio::null())
            .stdout(open()?)
            .stderr(open()?);
        // Stopped by its owner, not by a Ctrl-C meant for xtask.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command.spawn().map_err(|source| XtaskError::Spawn {
            command: format!("{} {SCRIPT}", self.python.display()),
            source,
        })?;
        self.child = Some(child);
        let start = Instant::now();
        while start.elapsed() < START_LIMIT {
            if greets(self.addr) {
                return Ok(());
            }
            if !self.is_running() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.kill();
        Err(XtaskError::Timeout {
            what: format!(
                "the SMTP recorder did not listen on {} (log: {})",
                self.addr,
                self.log.display()
            ),
            seconds: START_LIMIT.as_secs(),
        })
    }

    /// Stops it (SIGTERM: it closes its port and open connections; SIGKILL after 5 s), as a
    /// mail server that goes away; its records stay.
    pub fn stop(&mut self) -> Result<(), XtaskError> {
        let Some(child) = self.child.as_mut() else {
            return Ok(());
        };
        let pid = Pid::from_raw(i32::try_from(child.id()).expect("a process id fits in i32"));
        if let Err(source) = nix::sys::signal::kill(pid, Signal::SIGTERM) {
            self.kill();
            return Err(XtaskError::Signal {
                what: format!("the SMTP recorder (pid {pid})"),
                source,
            });
        }
        let start = Instant::now();
        while start.elapsed() < STOP_LIMIT {
            if !self.is_running() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.kill();
        Ok(())
    }

    /// SIGKILL: a mail server that dies mid-conversation.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Everything received so far, in order.
    pub fn records(&self) -> Result<Vec<MailRecord>, XtaskError> {
        read_records(&self.records)
    }

    /// Waits up to `limit` until at least `count` messages were received; answers them all,
    /// or a timeout naming how many came.
    pub fn wait_for_records(
        &self,
        count: usize,
        limit: Duration,
    ) -> Result<Vec<MailRecord>, XtaskError> {
        let start = Instant::now();
        loop {
            let records = self.records()?;
            if records.len() >= count {
                return Ok(records);
            }
            if start.elapsed() >= limit {
                return Err(XtaskError::Timeout {
                    what: format!(
                        "the SMTP recorder received {} of {count} messages",
                        records.len()
                    ),
                    seconds: limit.as_secs(),
                });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for SmtpRecorder {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

/// Whether an SMTP server at `addr` answers with its `220` greeting.
fn greets(addr: SocketAddr) -> bool {
    let Ok(stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).is_ok() && line.starts_with("220")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(message_id: Option<&str>) -> MailRecord {
        MailRecord {
            received_at: "2026-01-01T12:00:00+00:00".into(),
            peer: Some("127.0.0.1".into()),
            mail_from: "noreply@middelpunt.localhost".into(),
            rcpt_tos: vec!["jan@voorbeeld.nl".into()],
            message_id: message_id.map(str::to_owned),
            date: None,
            subject: Some("Uw aanvraag".into()),
            headers: vec![("Subject".into(), "Uw aanvraag".into())],
            size: 100,
            text: None,
            raw_path: None,
        }
    }

    #[test]
    fn repeated_message_ids_are_found() {
        let records = [
            record(Some("<outbox.1@m>")),
            record(Some("<outbox.2@m>")),
            record(Some("<outbox.1@m>")),
            record(None),
        ];
        assert_eq!(count_by_message_id(&records).len(), 2);
        assert_eq!(
            repeated_message_ids(&records),
            BTreeMap::from([("<outbox.1@m>".to_owned(), 2)])
        );
        assert_eq!(records[0].header("subject"), Some("Uw aanvraag"));
    }

    /// One message over a plain SMTP conversation, as lettre would send it.
    fn send(addr: SocketAddr, message_id: &str) -> std::io::Result<()> {
        use std::io::Write;
        let stream = TcpStream::connect(addr)?;
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut writer = stream;
        let mut expect = |code: &str| -> std::io::Result<()> {
            loop {
                let mut line = String::new();
                reader.read_line(&mut line)?;
                assert!(line.starts_with(code), "{code} expected, got {line:?}");
                if line.as_bytes().get(3) != Some(&b'-') {
                    return Ok(());
                }
            }
        };
        expect("220")?;
        for (command, code) in [
            ("EHLO test.localhost", "250"),
            ("MAIL FROM:<noreply@middelpunt.localhost>", "250"),
            ("RCPT TO:<jan@voorbeeld.nl>", "250"),
            ("DATA", "354"),
        ] {
            write!(writer, "{command}\r\n")?;
            expect(code)?;
        }
        write!(
            writer,
            "Message-ID: {message_id}\r\nSubject: =?utf-8?q?Uw_aanvraag_=C3=A9?=\r\n\r\nHallo Jan\r\n.\r\n"
        )?;
        expect("250")?;
        write!(writer, "QUIT\r\n")?;
        expect("221")
    }

    /// `cargo test -p xtask -- --ignored smtp`: installs aiosmtpd when missing.
    #[test]
    #[ignore = "installs aiosmtpd in target/smtp-venv when missing"]
    fn the_recorder_keeps_its_records_across_a_restart_on_the_same_port() {
        let dir = cmd::target_dir().join("smtp-recorder-test");
        let mut recorder = SmtpRecorder::start(&dir).unwrap();
        send(recorder.addr(), "<outbox.1@m>").unwrap();
        recorder.stop().unwrap();
        assert!(!recorder.is_running());
        assert!(
            send(recorder.addr(), "<outbox.2@m>").is_err(),
            "nobody listens"
        );
        recorder.start_again().unwrap();
        send(recorder.addr(), "<outbox.1@m>").unwrap();
        recorder.kill();
        recorder.start_again().unwrap();
        send(recorder.addr(), "<outbox.3@m>").unwrap();
        let records = recorder
            .wait_for_records(3, Duration::from_secs(5))
            .unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].rcpt_tos, ["jan@voorbeeld.nl"]);
        assert_eq!(records[0].mail_from, "noreply@middelpunt.localhost");
        assert_eq!(records[0].subject.as_deref(), Some("Uw aanvraag é"));
        assert_eq!(records[0].text.as_deref(), Some("Hallo Jan\r\n"));
        assert_eq!(
            repeated_message_ids(&records),
            BTreeMap::from([("<outbox.1@m>".to_owned(), 2)])
        );
    }

    #[test]
    fn reads_the_recorders_lines() {
        let dir = std::env::temp_dir().join(format!("xtask-smtp-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("records.jsonl");
        assert!(read_records(&path).unwrap().is_empty());
        std::fs::write(
            &path,
            r#"{"received_at": "2026-01-01T12:00:00.5+00:00", "peer": "127.0.0.1", "mail_from": "a@b", "rcpt_tos": ["c@d"], "message_id": "<outbox.7@b>", "date": "Thu, 1 Jan 2026 12:00:00 +0000", "subject": "Één", "headers": [["Message-ID", "<outbox.7@b>"], ["Subject", "=?utf-8?b?w4nDqW4=?="]], "size": 321, "text": "Hallo"}
"#,
        )
        .unwrap();
        let records = read_records(&path).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].message_id.as_deref(), Some("<outbox.7@b>"));
        assert_eq!(records[0].subject.as_deref(), Some("Één"));
        assert_eq!(records[0].header("message-id"), Some("<outbox.7@b>"));
        std::fs::write(&path, "{not json}\n").unwrap();
        let error = read_records(&path).unwrap_err().to_string();
        assert!(error.contains("line 1"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
