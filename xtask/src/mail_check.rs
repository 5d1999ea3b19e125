//! `cargo xtask mail-check` (a step of `cargo xtask test`): whether the e-mail Middelpunt sends is
//! mail that real relays accept. The server sends one sample of every e-mail it has
//! (`middelpunt-server admin test-mail`, with a production-like sender and public URL) over a
//! real SMTP conversation to the recording SMTP server (`smtp.rs`), which keeps each message as
//! received. Then each message must be
//!
//! - well-formed: `xtask/mail_check.py` reads it with Python's standard e-mail parser and checks
//!   RFC 5322's rules (CRLF, line length, the required headers once each, a readable date, an
//!   ASCII head), `Auto-Submitted` and the parts' charsets;
//! - scored 0 or less by SpamAssassin's local rules (Debian's `spamassassin`, `-L`: none of the
//!   network tests, which would need DNS and the blocklists' servers).
//!
//! Two controls show that the checkers can say no: a message with a bare LF and no `Date` must
//! have problems, and SpamAssassin's own test message (GTUBE) must score as spam.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::cmd;
use crate::error::XtaskError;
use crate::server::{self, Profile};
use crate::smtp::SmtpRecorder;
use crate::tools;

/// The checker script, relative to the workspace root.
const SCRIPT: &str = "xtask/mail_check.py";

/// The most SpamAssassin may give a message: nothing.
const MAX_SCORE: f64 = 0.0;

/// SpamAssassin's Generic Test for Unsolicited Bulk Email: any SpamAssassin scores it 1000.
const GTUBE: &str = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

/// What was found of one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub subject: String,
    /// What makes it not well-formed (none: it is).
    pub problems: Vec<String>,
    /// SpamAssassin's score and the rules that hit.
    pub score: f64,
    pub rules: Vec<String>,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.problems.is_empty() && self.score <= MAX_SCORE
    }
}

/// The check's outcome: a verdict per message, and whether the controls were caught.
#[derive(Debug)]
pub struct Report {
    pub sent: usize,
    pub verdicts: Vec<Verdict>,
    pub controls_caught: bool,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.controls_caught
            && self.sent > 0
            && self.verdicts.len() == self.sent
            && self.verdicts.iter().all(Verdict::passed)
    }

    pub fn print(&self) {
        println!(
            "{:<70} {:>6}  {:<40} well-formed",
            "message (subject)", "score", "SpamAssassin rules that hit"
        );
        for verdict in &self.verdicts {
            println!(
                "{:<70} {:>6.1}  {:<40} {}",
                verdict.subject.chars().take(70).collect::<String>(),
                verdict.score,
                verdict.rules.join(","),
                if verdict.problems.is_empty() {
                    "yes".to_owned()
                } else {
                    format!("NO: {}", verdict.problems.join("; "))
                }
            );
        }
        println!(
            "{} of {} sample e-mails received; {} passed (score <= {MAX_SCORE} and well-formed); \
             the controls (a malformed message, GTUBE) {}",
            self.verdicts.len(),
            self.sent,
            self.verdicts.iter().filter(|v| v.passed()).count(),
            if self.controls_caught {
                "were caught"
            } else {
                "were NOT caught: the checkers do not work"
            }
        );
    }
}

/// `cargo xtask mail-check`: builds the debug server and checks its mail.
pub fn command(args: &[String]) -> Result<(), XtaskError> {
    if !args.is_empty() {
        return Err(XtaskError::Usage("usage: cargo xtask mail-check"));
    }
    server::build(Profile::Debug)?;
    let report = run(&server::binary(Profile::Debug))?;
    report.print();
    if report.passed() {
        Ok(())
    } else {
        Err(XtaskError::Build(
            "the mail check failed (see above)".into(),
        ))
    }
}

/// Has `server_bin` send its samples to a recorder in `target/mail-check/`, and checks them.
pub fn run(server_bin: &Path) -> Result<Report, XtaskError> {
    let spamassassin = tools::ensure_spamassassin()?;
    let dir = cmd::target_dir().join("mail-check");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| XtaskError::io(&dir, e))?;
    let recorder = SmtpRecorder::start_keeping_raw(&dir)?;
    let sent = send_samples(server_bin, &recorder, &dir)?;
    let records = recorder.wait_for_records(sent, Duration::from_secs(10))?;
    let python = tools::ensure_aiosmtpd()?;
    let mut raws = Vec::new();
    let mut subjects = Vec::new();
    for record in &records {
        let raw = record.raw_path.clone().ok_or_else(|| {
            XtaskError::Build("the SMTP recorder did not keep a message as received".into())
        })?;
        raws.push(raw);
        // A long subject arrives folded over lines.
        let subject = record.subject.as_deref().unwrap_or_default();
        subjects.push(subject.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let problems = well_formed(&python, &raws)?;
    let prefs = dir.join("user_prefs");
    std::fs::write(&prefs, "").map_err(|e| XtaskError::io(&prefs, e))?;
    let mut verdicts = Vec::new();
    for ((raw, subject), problems) in raws.iter().zip(subjects).zip(problems) {
        let (score, rules) = spam_score(&spamassassin, &prefs, raw)?;
        verdicts.push(Verdict {
            subject,
            problems,
            score,
            rules,
        });
    }
    let controls_caught = controls(&python, &spamassassin, &prefs, &dir)?;
    Ok(Report {
        sent,
        verdicts,
        controls_caught,
    })
}

/// Runs `admin test-mail` against a fresh database, its e-mail to `recorder`; how many it sent.
fn send_samples(
    server_bin: &Path,
    recorder: &SmtpRecorder,
    dir: &Path,
) -> Result<usize, XtaskError> {
    let database = dir.join("mail-check.db");
    let output = Command::new(server_bin)
        .current_dir(cmd::root())
        .args(["admin", "test-mail", "--to", "postmaster@example.nl"])
        .env(
            "MIDDELPUNT_DATABASE_URL",
            format!("sqlite://{}", database.display()),
        )
        // As in production: a real domain in the links, the sender and the greeting.
        .env("MIDDELPUNT_PUBLIC_URL", "https://middelpunt.example.nl")
        .env(
            "MIDDELPUNT_MAIL_FROM",
            "Middelpunt <noreply@middelpunt.example.nl>",
        )
        .env("MIDDELPUNT_DEMO", "false")
        .envs(recorder.server_env())
        .stdin(Stdio::null())
        .output()
        .map_err(|source| XtaskError::Spawn {
            command: format!("{} admin test-mail", server_bin.display()),
            source,
        })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(XtaskError::Build(format!(
            "admin test-mail failed: {}{}",
            stdout,
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let sent = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("sent "))
        .count();
    if sent == 0 {
        return Err(XtaskError::Build(format!(
            "admin test-mail sent nothing: {stdout}"
        )));
    }
    Ok(sent)
}

/// The problems `xtask/mail_check.py` finds in each of `files`, in order.
fn well_formed(python: &Path, files: &[PathBuf]) -> Result<Vec<Vec<String>>, XtaskError> {
    let output = Command::new(python)
        .arg(cmd::root().join(SCRIPT))
        .args(files)
        .stdin(Stdio::null())
        .output()
        .map_err(|source| XtaskError::Spawn {
            command: SCRIPT.to_owned(),
            source,
        })?;
    if !output.status.success() {
        return Err(XtaskError::Build(format!(
            "{SCRIPT} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .map_err(|e| XtaskError::Build(format!("{SCRIPT} answered {text:?}: {e}")))?;
    if lines.len() != files.len() {
        return Err(XtaskError::Build(format!(
            "{SCRIPT} judged {} of {} messages",
            lines.len(),
            files.len()
        )));
    }
    Ok(lines
        .iter()
        .map(|line| {
            line["problems"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str().map(str::to_owned))
                .collect()
        })
        .collect())
}

/// SpamAssassin's score of the message in `file` with its local rules, and the rules that hit.
fn spam_score(
    spamassassin: &Path,
    prefs: &Path,
    file: &Path,
) -> Result<(f64, Vec<String>), XtaskError> {
    let input = std::fs::File::open(file).map_err(|e| XtaskError::io(file, e))?;
    let output = Command::new(spamassassin)
        .args(["-L", "-t", "-p"])
        .arg(prefs)
        .stdin(input)
        .output()
        .map_err(|source| XtaskError::Spawn {
            command: "spamassassin -L -t".to_owned(),
            source,
        })?;
    let text = String::from_utf8_lossy(&output.stdout);
    spam_status(&text).ok_or_else(|| {
        XtaskError::Build(format!(
            "spamassassin gave no X-Spam-Status for {}: {}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        ))
    })
}

/// The score and rules of SpamAssassin's `X-Spam-Status` header (folded over lines) in `text`:
/// `X-Spam-Status: No, score=-0.0 required=5.0 tests=HTML_MESSAGE,NO_RECEIVED,\n\tNO_RELAYS
/// autolearn=ham …`.
fn spam_status(text: &str) -> Option<(f64, Vec<String>)> {
    let mut lines = text
        .lines()
        .skip_while(|l| !l.starts_with("X-Spam-Status:"));
    let mut header = lines.next()?.to_owned();
    for line in lines.take_while(|l| l.starts_with([' ', '\t'])) {
        header.push(' ');
        header.push_str(line.trim());
    }
    let value = |name: &str| {
        header
            .split([' ', ','])
            .find_map(|word| word.strip_prefix(name))
            .map(str::to_owned)
    };
    let score = value("score=")?.parse().ok()?;
    // `tests=` lists the rules, comma-separated, and may continue after a fold.
    let rules = header
        .split_once("tests=")
        .map(|(_, rest)| {
            rest.split(|c: char| c == ',' || c.is_whitespace())
                .take_while(|rule| !rule.contains('='))
                .filter(|rule| !rule.is_empty() && *rule != "none")
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Some((score, rules))
}

/// Whether the checkers reject what they must: a malformed message, and GTUBE.
fn controls(
    python: &Path,
    spamassassin: &Path,
    prefs: &Path,
    dir: &Path,
) -> Result<bool, XtaskError> {
    let malformed = dir.join("control-malformed.eml");
    let spam = dir.join("control-gtube.eml");
    let write =
        |path: &Path, text: String| std::fs::write(path, text).map_err(|e| XtaskError::io(path, e));
    write(
        &malformed,
        "From: a@example.nl\nTo: b@example.nl\nSubject: no date, bare LF\n\nHallo\n".to_owned(),
    )?;
    write(
        &spam,
        format!(
            "From: a@example.nl\r\nTo: b@example.nl\r\nSubject: GTUBE\r\n\
             Date: Sun, 06 Dec 2026 12:00:00 +0100\r\nMessage-ID: <gtube@example.nl>\r\n\r\n\
             {GTUBE}\r\n"
        ),
    )?;
    let malformed_caught = well_formed(python, std::slice::from_ref(&malformed))?
        .first()
        .is_some_and(|problems| !problems.is_empty());
    let (gtube_score, _) = spam_score(spamassassin, prefs, &spam)?;
    Ok(malformed_caught && gtube_score > 5.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spam_status_is_read_across_its_folds() {
        let text = "Subject: x\nX-Spam-Status: No, score=-0.0 required=5.0 tests=HTML_MESSAGE,NO_RECEIVED,\n\
                    \tNO_RELAYS autolearn=ham autolearn_force=no version=4.0.1\nFrom: a\n";
        let (score, rules) = spam_status(text).unwrap();
        assert_eq!(score, 0.0);
        assert_eq!(rules, ["HTML_MESSAGE", "NO_RECEIVED", "NO_RELAYS"]);
        let spam = "X-Spam-Status: Yes, score=1000.0 required=5.0 tests=GTUBE\n\tautolearn=no\n";
        assert_eq!(
            spam_status(spam).unwrap(),
            (1000.0, vec!["GTUBE".to_owned()])
        );
        let none = "X-Spam-Status: No, score=0.2 required=5.0 tests=none\n";
        assert_eq!(spam_status(none).unwrap(), (0.2, vec![]));
        assert_eq!(spam_status("Subject: nothing\n"), None);
    }

    #[test]
    fn a_verdict_passes_only_well_formed_and_unscored() {
        let verdict = |problems: Vec<String>, score| Verdict {
            subject: "s".into(),
            problems,
            score,
            rules: vec![],
        };
        assert!(verdict(vec![], 0.0).passed());
        assert!(verdict(vec![], -0.1).passed());
        assert!(!verdict(vec![], 0.1).passed());
        assert!(!verdict(vec!["no Date".into()], 0.0).passed());
    }
}
