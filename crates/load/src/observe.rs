//! The server's side of a run: each server process's CPU time and peak memory from `/proc`
//! before and after, and the outbox from the servers' Prometheus metrics, scraped all along
//! (`middelpunt_outbox_queued`, `middelpunt_outbox_oldest_due_age_seconds` and
//! `middelpunt_outbox_deliveries_total`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::shared::{BacklogFigures, unix_ms};

/// One process's use of the machine over a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessReport {
    pub pid: u32,
    /// CPU time (user + system) spent during the run.
    pub cpu_seconds: f64,
    /// How long the run was watched.
    pub wall_seconds: f64,
    /// `VmHWM`, the most resident memory the process ever had, before and after the run. It
    /// counts the pages of a memory-mapped database file (SQLite's) too.
    pub peak_kb_before: u64,
    pub peak_kb_after: u64,
    /// `RssAnon` after the run: the process's own memory (heap and stacks), without the file's
    /// pages.
    pub anon_kb_after: u64,
}

/// The whole machine over a run, from `/proc/stat`: how much of its CPU time was busy, so that
/// other work on it (a build) shows beside the servers' and the load generator's own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MachineReport {
    pub cores: usize,
    /// CPU seconds available over the run (cores × wall time) and those spent busy.
    pub available_seconds: f64,
    pub busy_seconds: f64,
}

/// One scrape of every server's metrics. The outbox is one table that every instance counts
/// alike, so its gauges are the highest any instance answered; deliveries are counted per
/// instance and summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scrape {
    /// Unix milliseconds.
    pub at_ms: u64,
    pub queued_email: f64,
    pub queued_sms: f64,
    pub oldest_email_seconds: f64,
    pub oldest_sms_seconds: f64,
    pub sent_email: f64,
    pub sent_sms: f64,
}

/// The outbox over a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxReport {
    pub scrapes: usize,
    pub emails_sent: f64,
    pub sms_sent: f64,
    pub emails_per_second: f64,
    pub queued_email_max: f64,
    pub queued_email_end: f64,
    pub oldest_email_max_seconds: f64,
    pub oldest_sms_max_seconds: f64,
}

/// What the servers did during a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerReport {
    pub processes: Vec<ProcessReport>,
    pub outbox: Option<OutboxReport>,
    pub machine: Option<MachineReport>,
}

/// The backlog's drain: how long after the first order, and after the last, no e-mail was
/// queued any more.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrainReport {
    pub orders: usize,
    pub invitations: usize,
    /// From the first order sent to the last one placed.
    pub placing_seconds: f64,
    /// From the first order sent to the first scrape after the last order with no e-mail
    /// queued; `None` when the queue did not empty within the limit.
    pub seconds_from_first_order: Option<f64>,
    pub seconds_after_last_order: Option<f64>,
    /// Invitations over [`DrainReport::seconds_from_first_order`].
    pub invitations_per_second: Option<f64>,
    pub queued_email_max: f64,
    pub oldest_email_max_seconds: f64,
    pub emails_sent: f64,
}

impl DrainReport {
    /// The drain of `figures`' invitations, `drained` the first scrape that saw the queue empty
    /// after the last order.
    pub fn new(
        figures: &BacklogFigures,
        drained: Option<Scrape>,
        scrapes: &[Scrape],
    ) -> DrainReport {
        let since = |from_ms: u64| drained.map(|d| d.at_ms.saturating_sub(from_ms) as f64 / 1000.0);
        let from_first = since(figures.first_sent_ms);
        let outbox = outbox(scrapes);
        DrainReport {
            orders: figures.orders,
            invitations: figures.invitations,
            placing_seconds: figures.last_placed_ms.saturating_sub(figures.first_sent_ms) as f64
                / 1000.0,
            seconds_from_first_order: from_first,
            seconds_after_last_order: since(figures.last_placed_ms),
            invitations_per_second: from_first
                .filter(|s| *s > 0.0)
                .map(|s| figures.invitations as f64 / s),
            queued_email_max: outbox.as_ref().map_or(0.0, |o| o.queued_email_max),
            oldest_email_max_seconds: outbox.as_ref().map_or(0.0, |o| o.oldest_email_max_seconds),
            emails_sent: outbox.as_ref().map_or(0.0, |o| o.emails_sent),
        }
    }
}

/// A process's CPU seconds, `VmHWM` and `RssAnon` now.
#[derive(Debug, Clone, Copy)]
struct ProcSample {
    cpu_seconds: f64,
    peak_kb: u64,
    anon_kb: u64,
}

fn proc_sample(pid: u32) -> Option<ProcSample> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    Some(ProcSample {
        cpu_seconds: crate::report::cpu_seconds(&stat)?,
        peak_kb: status_kb(&status, "VmHWM")?,
        anon_kb: status_kb(&status, "RssAnon").unwrap_or(0),
    })
}

/// The machine's busy and total CPU ticks so far (USER_HZ), from the first line of
/// `/proc/stat`: `cpu user nice system idle iowait irq softirq steal …`.
fn machine_ticks(stat: &str) -> Option<(u64, u64)> {
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let ticks: Vec<u64> = line
        .split_whitespace()
        .take(8)
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let [user, nice, system, idle, iowait, irq, softirq, steal] = ticks[..] else {
        return None;
    };
    let busy = user + nice + system + irq + softirq + steal;
    Some((busy, busy + idle + iowait))
}

fn machine_sample() -> Option<(u64, u64)> {
    machine_ticks(&std::fs::read_to_string("/proc/stat").ok()?)
}

/// A `/proc/PID/status` field in kB, e.g. `VmHWM:  123456 kB`.
fn status_kb(status: &str, field: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
}

/// The value of the sample `name{labels}` in Prometheus' text format (label values without
/// commas or quotes, as ours are); the sum when several lines match.
pub fn metric(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let mut found = None;
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        let Some((series, value)) = line.rsplit_once(' ') else {
            continue;
        };
        let (series_name, series_labels) = match series.split_once('{') {
            Some((n, rest)) => (n, rest.trim_end_matches('}')),
            None => (series, ""),
        };
        if series_name != name {
            continue;
        }
        let has = |(key, wanted): &(&str, &str)| {
            series_labels
                .split(',')
                .filter_map(|pair| pair.split_once('='))
                .any(|(k, v)| k == *key && v.trim_matches('"') == *wanted)
        };
        if labels.iter().all(has)
            && let Ok(value) = value.parse::<f64>()
        {
            found = Some(found.unwrap_or(0.0) + value);
        }
    }
    found
}

/// One scrape of `text`s, one per instance.
fn scrape_of(texts: &[String]) -> Scrape {
    let most = |name: &str, kind: &str| {
        texts
            .iter()
            .filter_map(|text| metric(text, name, &[("kind", kind)]))
            .fold(0.0, f64::max)
    };
    let sent = |kind: &str| {
        texts
            .iter()
            .filter_map(|text| {
                metric(
                    text,
                    "middelpunt_outbox_deliveries_total",
                    &[("kind", kind), ("outcome", "sent")],
                )
            })
            .sum()
    };
    Scrape {
        at_ms: unix_ms(),
        queued_email: most("middelpunt_outbox_queued", "email"),
        queued_sms: most("middelpunt_outbox_queued", "sms"),
        oldest_email_seconds: most("middelpunt_outbox_oldest_due_age_seconds", "email"),
        oldest_sms_seconds: most("middelpunt_outbox_oldest_due_age_seconds", "sms"),
        sent_email: sent("email"),
        sent_sms: sent("sms"),
    }
}

/// Scrapes every metrics address once; `None` when one did not answer.
pub async fn scrape(client: &reqwest::Client, addresses: &[String]) -> Option<Scrape> {
    let mut texts = Vec::with_capacity(addresses.len());
    for address in addresses {
        let response = client
            .get(format!("http://{address}/metrics"))
            .send()
            .await
            .ok()?;
        if !response.status().is_success() {
            return None;
        }
        texts.push(response.text().await.ok()?);
    }
    Some(scrape_of(&texts))
}

/// A client for the metrics listeners.
pub fn metrics_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap_or_default()
}

/// Watches the servers during a run: `/proc` at the start and the end, the metrics every
/// `interval` in between.
pub struct Observer {
    pids: Vec<u32>,
    before: Vec<Option<ProcSample>>,
    machine_before: Option<(u64, u64)>,
    started: Instant,
    interval: Duration,
    stop: Arc<AtomicBool>,
    scrapes: Arc<Mutex<Vec<Scrape>>>,
    scraper: Option<tokio::task::JoinHandle<()>>,
}

impl Observer {
    /// Starts watching (within a Tokio runtime).
    pub fn start(pids: &[u32], addresses: &[String], interval: Duration) -> Observer {
        let stop = Arc::new(AtomicBool::new(false));
        let scrapes = Arc::new(Mutex::new(Vec::new()));
        let scraper = (!addresses.is_empty()).then(|| {
            let addresses = addresses.to_vec();
            let stop = Arc::clone(&stop);
            let scrapes = Arc::clone(&scrapes);
            tokio::spawn(async move {
                let client = metrics_client();
                while !stop.load(Ordering::Relaxed) {
                    if let Some(scrape) = scrape(&client, &addresses).await {
                        lock(&scrapes).push(scrape);
                    }
                    tokio::time::sleep(interval).await;
                }
            })
        });
        Observer {
            pids: pids.to_vec(),
            before: pids.iter().map(|&pid| proc_sample(pid)).collect(),
            machine_before: machine_sample(),
            started: Instant::now(),
            interval,
            stop,
            scrapes,
            scraper,
        }
    }

    /// Waits, at most `limit`, until a scrape taken at `after_ms` (unix ms) or later shows no
    /// e-mail queued: that scrape, or `None` (also when no metrics are scraped).
    pub async fn until_no_email_queued(&self, after_ms: u64, limit: Duration) -> Option<Scrape> {
        self.scraper.as_ref()?;
        let until = Instant::now() + limit;
        loop {
            let drained = lock(&self.scrapes)
                .iter()
                .find(|s| s.at_ms >= after_ms && s.queued_email == 0.0)
                .copied();
            if drained.is_some() || Instant::now() >= until {
                return drained;
            }
            tokio::time::sleep(self.interval).await;
        }
    }

    /// Stops watching: the processes' and the machine's use, and every scrape.
    pub async fn finish(self) -> (Vec<ProcessReport>, Option<MachineReport>, Vec<Scrape>) {
        let wall_seconds = self.started.elapsed().as_secs_f64();
        let machine = self.machine_before.zip(machine_sample()).map(
            |((busy_before, total_before), (busy, total))| {
                const USER_HZ: f64 = 100.0;
                MachineReport {
                    cores: std::thread::available_parallelism().map_or(1, usize::from),
                    available_seconds: total.saturating_sub(total_before) as f64 / USER_HZ,
                    busy_seconds: busy.saturating_sub(busy_before) as f64 / USER_HZ,
                }
            },
        );
        let processes = self
            .pids
            .iter()
            .zip(&self.before)
            .filter_map(|(&pid, before)| {
                let (before, after) = ((*before)?, proc_sample(pid)?);
                Some(ProcessReport {
                    pid,
                    cpu_seconds: after.cpu_seconds - before.cpu_seconds,
                    wall_seconds,
                    peak_kb_before: before.peak_kb,
                    peak_kb_after: after.peak_kb,
                    anon_kb_after: after.anon_kb,
                })
            })
            .collect();
        self.stop.store(true, Ordering::Relaxed);
        if let Some(task) = self.scraper {
            let _ = task.await;
        }
        let scrapes = std::mem::take(&mut *lock(&self.scrapes));
        (processes, machine, scrapes)
    }
}

fn lock(scrapes: &Mutex<Vec<Scrape>>) -> std::sync::MutexGuard<'_, Vec<Scrape>> {
    // Only pushes and reads happen under the lock: a panic there leaves a valid list.
    scrapes
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The outbox over `scrapes` (at least two).
pub fn outbox(scrapes: &[Scrape]) -> Option<OutboxReport> {
    let (first, last) = (scrapes.first()?, scrapes.last()?);
    let seconds = last.at_ms.saturating_sub(first.at_ms) as f64 / 1000.0;
    let most = |value: fn(&Scrape) -> f64| scrapes.iter().map(value).fold(0.0, f64::max);
    let emails_sent = last.sent_email - first.sent_email;
    Some(OutboxReport {
        scrapes: scrapes.len(),
        emails_sent,
        sms_sent: last.sent_sms - first.sent_sms,
        emails_per_second: if seconds > 0.0 {
            emails_sent / seconds
        } else {
            0.0
        },
        queued_email_max: most(|s| s.queued_email),
        queued_email_end: last.queued_email,
        oldest_email_max_seconds: most(|s| s.oldest_email_seconds),
        oldest_sms_max_seconds: most(|s| s.oldest_sms_seconds),
    })
    .filter(|_| scrapes.len() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# TYPE middelpunt_outbox_queued gauge\n\
        middelpunt_outbox_queued{kind=\"email\"} 120\n\
        middelpunt_outbox_queued{kind=\"sms\"} 3\n\
        middelpunt_outbox_oldest_due_age_seconds{kind=\"email\"} 4\n\
        middelpunt_outbox_deliveries_total{kind=\"email\",outcome=\"sent\"} 1000\n\
        middelpunt_outbox_deliveries_total{kind=\"email\",outcome=\"retry\"} 7\n\
        middelpunt_outbox_deliveries_total{outcome=\"sent\",kind=\"sms\"} 50\n";

    #[test]
    fn samples_are_found_by_name_and_labels() {
        assert_eq!(
            metric(TEXT, "middelpunt_outbox_queued", &[("kind", "email")]),
            Some(120.0)
        );
        let sent = [("kind", "sms"), ("outcome", "sent")];
        assert_eq!(
            metric(TEXT, "middelpunt_outbox_deliveries_total", &sent),
            Some(50.0)
        );
        assert_eq!(
            metric(TEXT, "middelpunt_outbox_deliveries_total", &[]),
            Some(1057.0)
        );
        assert_eq!(metric(TEXT, "middelpunt_outbox", &[]), None);
    }

    #[test]
    fn instances_share_the_queue_and_add_up_deliveries() {
        let scrape = scrape_of(&[TEXT.to_owned(), TEXT.replace("} 120", "} 80")]);
        assert_eq!(scrape.queued_email, 120.0);
        assert_eq!(scrape.sent_email, 2000.0);
        assert_eq!(scrape.oldest_sms_seconds, 0.0);
    }

    #[test]
    fn the_outbox_report_spans_the_scrapes() {
        let scrape = |at_ms, queued_email, sent_email| Scrape {
            at_ms,
            queued_email,
            sent_email,
            ..Scrape::default()
        };
        let report = outbox(&[
            scrape(0, 0.0, 10.0),
            scrape(1000, 50.0, 60.0),
            scrape(2000, 0.0, 210.0),
        ])
        .unwrap();
        assert_eq!(report.emails_sent, 200.0);
        assert_eq!(report.emails_per_second, 100.0);
        assert_eq!(report.queued_email_max, 50.0);
        assert!(outbox(&[scrape(0, 0.0, 0.0)]).is_none());
    }

    #[test]
    fn the_machine_s_busy_time_leaves_out_idle_and_iowait() {
        let stat = "cpu  100 5 50 1000 20 3 2 0 0 0\ncpu0 50 2 25 500 10 1 1 0 0 0\n";
        assert_eq!(machine_ticks(stat), Some((160, 1180)));
        assert_eq!(machine_ticks("intr 1 2 3"), None);
        assert!(machine_sample().is_some());
    }

    #[test]
    fn this_process_can_be_watched() {
        let sample = proc_sample(std::process::id()).unwrap();
        assert!(sample.peak_kb > 0);
        assert_eq!(status_kb("VmHWM:\t  2048 kB\n", "VmHWM"), Some(2048));
    }
}
