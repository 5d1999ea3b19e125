//! Beheer at scale (issue 6): `cargo xtask seed-demo` fills a database with a large demo
//! organisation (through `middelpunt-server seed-demo`), and the bench measures the release
//! server on it over HTTP: the latency of the list pages and the time and memory of the exports.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::cmd;
use crate::error::XtaskError;
use crate::http::Client;
use crate::server::{self, Profile};

mod renewal;

/// The size the issue asks for: 100,000 users and 10,000 open requests.
pub const USERS: usize = 100_000;
pub const OPEN: usize = 10_000;

/// A seed is reused for this long; after that its oldest open requests start to expire.
const SEED_REUSE: Duration = Duration::from_secs(24 * 60 * 60);

/// Timed requests per page, after the warm-up.
const SAMPLES: usize = 200;
const WARM_UP: usize = 20;

/// The goals of the issue.
const PAGE_P99_GOAL: Duration = Duration::from_millis(50);
const EXPORT_GOAL: Duration = Duration::from_secs(3);
/// "Flat memory": an export of 100,000 rows may grow the server by at most this much. Holding
/// the rows (or the whole file) in memory takes several times more.
const EXPORT_GROWTH_GOAL_KB: u64 = 32 * 1024;

const USAGE: &str = "usage: cargo xtask seed-demo [--users N] [--open M] [--database URL]";

fn release_binary() -> PathBuf {
    server::binary(Profile::Release)
}

fn bench_dir() -> PathBuf {
    cmd::root().join("target").join("bench")
}

/// The default seed database of a size, under `target/bench/`.
fn default_database(users: usize, open: usize) -> PathBuf {
    bench_dir().join(format!("seed-{users}-{open}.db"))
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// When the database at `path` was seeded, as written next to it after a seed.
fn marker(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".seeded");
    PathBuf::from(name)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Removes an SQLite database with its WAL, shared memory and marker.
fn remove_database(path: &Path) -> Result<(), XtaskError> {
    for suffix in ["", "-wal", "-shm", ".seeded"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = PathBuf::from(name);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(XtaskError::io(file, e)),
        }
    }
    Ok(())
}

/// `cargo xtask seed-demo [--users N] [--open M] [--database URL]`. Without `--database` the
/// database is `target/bench/seed-N-M.db`, made afresh; a database given is seeded unless it
/// already holds this seed (and refused when it holds another).
pub fn seed_demo(args: &[String]) -> Result<(), XtaskError> {
    let mut users = USERS;
    let mut open = OPEN;
    let mut database: Option<String> = None;
    for (flag, value) in cmd::flags(args, USAGE)? {
        match flag {
            "--users" => users = cmd::number(value, USAGE)?,
            "--open" => open = cmd::number(value, USAGE)?,
            "--database" => database = Some(value.to_owned()),
            _ => return Err(XtaskError::Usage(USAGE)),
        }
    }
    server::build(Profile::Release)?;
    match database {
        Some(url) => run_seed(&url, users, open).map(|_| ()),
        None => {
            let path = default_database(users, open);
            remove_database(&path)?;
            fresh_seed(&path, users, open)?;
            Ok(())
        }
    }
}

/// Runs `middelpunt-server seed-demo`; its wall time.
fn run_seed(url: &str, users: usize, open: usize) -> Result<Duration, XtaskError> {
    let started = Instant::now();
    cmd::run(
        Command::new(release_binary())
            .current_dir(cmd::root())
            .env("MIDDELPUNT_LOG", "warn")
            // The demo organisation is the demo manager's (and demo mode has a mailbox).
            .env("MIDDELPUNT_DEMO", "true")
            .args(["seed-demo", "--users", &users.to_string()])
            .args(["--open", &open.to_string(), "--database", url]),
    )?;
    let took = started.elapsed();
    println!(
        "seed-demo took {:.1} s (start-up and migrations included)",
        took.as_secs_f64()
    );
    Ok(took)
}

/// Seeds the (absent) SQLite database at `path`, marks it, prints its size.
fn fresh_seed(path: &Path, users: usize, open: usize) -> Result<Duration, XtaskError> {
    let dir = path.parent().expect("a file in a directory");
    std::fs::create_dir_all(dir).map_err(|e| XtaskError::io(dir, e))?;
    let took = run_seed(&sqlite_url(path), users, open)?;
    std::fs::write(marker(path), unix_now().to_string())
        .map_err(|e| XtaskError::io(marker(path), e))?;
    println!("{}: {}", path.display(), megabytes(file_size(path)));
    Ok(took)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn megabytes(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1_000_000.0)
}

/// How the bench's database came about.
enum SeedOrigin {
    Reused { age: Duration },
    Seeded { took: Duration },
}

/// The bench's database: reused when it holds this seed and is younger than a day.
fn bench_database(users: usize, open: usize) -> Result<(PathBuf, SeedOrigin), XtaskError> {
    let path = default_database(users, open);
    let seeded_at = std::fs::read_to_string(marker(&path))
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok());
    if let Some(at) = seeded_at
        && path.is_file()
    {
        let age = Duration::from_secs(unix_now().saturating_sub(at));
        if age < SEED_REUSE {
            return Ok((path, SeedOrigin::Reused { age }));
        }
    }
    remove_database(&path)?;
    let took = fresh_seed(&path, users, open)?;
    Ok((path, SeedOrigin::Seeded { took }))
}

/// The release server on a free port, on the seeded database; stopped on drop.
pub(crate) struct BenchServer {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl BenchServer {
    fn start(database: &Path) -> Result<BenchServer, XtaskError> {
        let addr = server::free_port()?;
        let log = bench_dir().join("server.log");
        let out = std::fs::File::create(&log).map_err(|e| XtaskError::io(&log, e))?;
        let err = out.try_clone().map_err(|e| XtaskError::io(&log, e))?;
        let child = Command::new(release_binary())
            .current_dir(cmd::root())
            .env("MIDDELPUNT_LISTEN", addr.to_string())
            .env("MIDDELPUNT_DATABASE_URL", sqlite_url(database))
            .env("MIDDELPUNT_DIST_DIR", cmd::root().join("dist"))
            .env("MIDDELPUNT_PUBLIC_URL", format!("http://{addr}"))
            .env("MIDDELPUNT_DEMO", "true")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|source| XtaskError::Spawn {
                command: release_binary().display().to_string(),
                source,
            })?;
        let server = BenchServer { child, addr, log };
        if server::wait_healthy(addr, Duration::from_secs(60)) {
            return Ok(server);
        }
        Err(XtaskError::ServerNotHealthy {
            url: format!("http://{addr} (log: {})", server.log.display()),
            seconds: 60,
        })
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for BenchServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http_error(what: &str, source: ureq::Error) -> XtaskError {
    XtaskError::Http {
        what: what.to_owned(),
        source,
    }
}

/// Latencies of one page, sorted.
struct Latencies {
    samples: Vec<Duration>,
    total: Option<String>,
}

impl Latencies {
    /// The nearest-rank percentile `p` (0–100).
    fn percentile(&self, p: usize) -> Duration {
        let n = self.samples.len();
        let rank = (p * n).div_ceil(100).clamp(1, n);
        self.samples[rank - 1]
    }
}

fn measure_page(client: &mut Client, path: &str) -> Result<Latencies, XtaskError> {
    let mut total = None;
    for _ in 0..WARM_UP {
        let response = client.get(path).map_err(|e| http_error(path, e))?;
        if response.status != 200 {
            return Err(XtaskError::Build(format!(
                "GET {path} answered {}: {}",
                response.status,
                response.text()
            )));
        }
        total = response.json_field("total");
    }
    let mut samples = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let started = Instant::now();
        let response = client.get(path).map_err(|e| http_error(path, e))?;
        samples.push(started.elapsed());
        if response.status != 200 {
            return Err(XtaskError::Build(format!(
                "GET {path} answered {}",
                response.status
            )));
        }
    }
    samples.sort();
    Ok(Latencies { samples, total })
}

/// A field of `/proc/PID/status` in kB (`VmRSS`, `RssAnon`).
fn proc_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
}

/// One export: its rows as read back, time, and the server's memory around it.
struct Export {
    rows: usize,
    bytes: u64,
    first_byte: Duration,
    time: Duration,
    rss_before_kb: u64,
    peak_kb: u64,
}

impl Export {
    fn growth_kb(&self) -> u64 {
        self.peak_kb.saturating_sub(self.rss_before_kb)
    }
}

/// Downloads `path`, counting its rows with `count` (given the whole body for XLSX, or
/// `None` to count CSV lines as they stream), while sampling the server's memory.
fn measure_export(
    client: &mut Client,
    pid: u32,
    path: &str,
    xlsx: bool,
) -> Result<Export, XtaskError> {
    // The server's own memory (heap and stacks: `RssAnon`), not its resident total: the
    // SQLite file is memory-mapped, and the pages of it that an export reads are the OS's
    // file cache, shared and reclaimable, whatever the number of rows.
    let rss_before_kb = proc_kb(pid, "RssAnon").unwrap_or(0);
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut peak = 0;
            while !stop.load(Ordering::Relaxed) {
                peak = peak.max(proc_kb(pid, "RssAnon").unwrap_or(0));
                std::thread::sleep(Duration::from_millis(1));
            }
            peak
        })
    };
    let started = Instant::now();
    let mut first_byte = None;
    let mut bytes = 0_u64;
    let mut lines = 0_usize;
    let mut head = Vec::new();
    let mut body = Vec::new();
    let (status, headers) = client
        .get_streamed(path, &mut |chunk| {
            first_byte.get_or_insert_with(|| started.elapsed());
            bytes += chunk.len() as u64;
            if head.len() < 3 {
                head.extend_from_slice(&chunk[..chunk.len().min(3)]);
            }
            if xlsx {
                body.extend_from_slice(chunk);
            } else {
                lines += chunk.iter().filter(|&&b| b == b'\n').count();
            }
        })
        .map_err(|e| http_error(path, e))?;
    let time = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let sampled = sampler.join().unwrap_or(0);
    if status != 200 {
        return Err(XtaskError::Build(format!(
            "GET {path} answered {status}: {}",
            String::from_utf8_lossy(&body)
        )));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let expected_type = if xlsx { "spreadsheetml" } else { "text/csv" };
    if !header("content-type").contains(expected_type)
        || !header("content-disposition").starts_with("attachment")
    {
        return Err(XtaskError::Build(format!(
            "{path}: answered {:?} as {:?}, not an attachment of {expected_type}",
            header("content-type"),
            header("content-disposition")
        )));
    }
    let rows = if xlsx {
        xlsx_rows(&body).map_err(|e| XtaskError::Build(format!("{path}: {e}")))?
    } else {
        if !head.starts_with(b"\xEF\xBB\xBF") {
            return Err(XtaskError::Build(format!(
                "{path}: no UTF-8 byte order mark"
            )));
        }
        lines.saturating_sub(1)
    };
    Ok(Export {
        rows,
        bytes,
        first_byte: first_byte.unwrap_or(time),
        time,
        rss_before_kb,
        peak_kb: sampled.max(rss_before_kb),
    })
}

/// The data rows (all rows but the header) of the first worksheet of an XLSX workbook.
fn xlsx_rows(workbook: &[u8]) -> Result<usize, zip::result::ZipError> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(workbook))?;
    let mut xml = Vec::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")?
        .read_to_end(&mut xml)?;
    let rows = xml
        .windows(5)
        .filter(|w| w.starts_with(b"<row") && matches!(w[4], b' ' | b'>'))
        .count();
    Ok(rows.saturating_sub(1))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn mb(kb: u64) -> String {
    format!("{:.0} MB", kb as f64 / 1024.0)
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "MISSED" }
}

/// The scale part of `cargo xtask bench`. Ok(false) when a goal was missed.
pub fn bench() -> Result<bool, XtaskError> {
    println!(
        "\n==> Beheer at scale: {USERS} users with a means, {OPEN} open requests (SQLite, release server)"
    );
    server::build(Profile::Release)?;
    let (database, origin) = bench_database(USERS, OPEN)?;
    let seed_line = match origin {
        SeedOrigin::Reused { age } => {
            format!("reused (seeded {:.1} h ago)", age.as_secs_f64() / 3600.0)
        }
        SeedOrigin::Seeded { took } => format!("seeded in {:.1} s", took.as_secs_f64()),
    };
    let server = BenchServer::start(&database)?;
    println!(
        "database {} ({}), {seed_line}; server pid {} (log: {})",
        database.display(),
        megabytes(file_size(&database)),
        server.pid(),
        server.log.display()
    );
    let mut client = server::sign_in(server.addr)?;

    let probe = client
        .get("/api/v1/users?per_page=1")
        .map_err(|e| http_error("/api/v1/users", e))?;
    if probe.status == 404 {
        println!("GET /api/v1/users answers 404: the Beheer endpoints are not there yet; skipped");
        return Ok(true);
    }
    let all_users: Option<usize> = probe.json_field("total").and_then(|t| t.parse().ok());

    let pages = [
        ("users, first page", "/api/v1/users"),
        (
            "users, filtered",
            "/api/v1/users?organisation=68750110&level=EH3&status=active&q=jan",
        ),
        (
            "users, by name, page 1500",
            "/api/v1/users?sort=name&page=1500",
        ),
        ("requests, first page", "/api/v1/requests"),
        ("audit log, first page", "/api/v1/audit"),
    ];
    let mut ok = true;
    let mut rows = Vec::new();
    for (label, path) in pages {
        let latencies = measure_page(&mut client, path)?;
        let (p50, p99) = (latencies.percentile(50), latencies.percentile(99));
        ok &= p99 < PAGE_P99_GOAL;
        rows.push((label, path, latencies.total.clone(), p50, p99));
    }
    let exports = [
        ("users export, CSV", "/api/v1/users/export.csv", false),
        ("users export, XLSX", "/api/v1/users/export.xlsx", true),
    ];
    let mut export_rows = Vec::new();
    for (label, path, xlsx) in exports {
        // The memory of the first run (later runs reuse what the allocator kept), the time
        // of the second (with the database's pages in the cache).
        let first = measure_export(&mut client, server.pid(), path, xlsx)?;
        let mut export = measure_export(&mut client, server.pid(), path, xlsx)?;
        export.peak_kb = export.peak_kb.max(first.peak_kb);
        export.rss_before_kb = first.rss_before_kb;
        let complete = all_users.is_none_or(|n| n == export.rows);
        ok &= export.time < EXPORT_GOAL && export.growth_kb() < EXPORT_GROWTH_GOAL_KB && complete;
        export_rows.push((label, path, export, complete));
    }
    drop(client);
    drop(server);

    println!(
        "\n{:<28} {:>9} {:>10} {:>10}  goal p99 < {} ms",
        "page (200 requests each)",
        "rows",
        "p50",
        "p99",
        PAGE_P99_GOAL.as_millis()
    );
    for (label, path, total, p50, p99) in &rows {
        println!(
            "{label:<28} {:>9} {:>10} {:>10}  {}   GET {path}",
            total.as_deref().unwrap_or("?"),
            ms(*p50),
            ms(*p99),
            verdict(*p99 < PAGE_P99_GOAL)
        );
    }
    println!(
        "\n{:<28} {:>9} {:>9} {:>10} {:>9} {:>9} {:>9} {:>8}  goal < {} s, growth < {}",
        "export (all rows)",
        "rows",
        "size",
        "1st byte",
        "time",
        "heap",
        "peak",
        "growth",
        EXPORT_GOAL.as_secs(),
        mb(EXPORT_GROWTH_GOAL_KB)
    );
    for (label, path, export, complete) in &export_rows {
        let met = export.time < EXPORT_GOAL && export.growth_kb() < EXPORT_GROWTH_GOAL_KB;
        println!(
            "{label:<28} {:>9} {:>9} {:>10} {:>8.2} s {:>9} {:>9} {:>8}  {}{}   GET {path}",
            export.rows,
            megabytes(export.bytes),
            ms(export.first_byte),
            export.time.as_secs_f64(),
            mb(export.rss_before_kb),
            mb(export.peak_kb),
            format!("+{}", mb(export.growth_kb())),
            verdict(met),
            if *complete {
                String::new()
            } else {
                format!(
                    " (read back {} rows, the list has {})",
                    export.rows,
                    all_users.unwrap_or_default()
                )
            }
        );
    }
    ok &= renewal::bench(&database)?;
    Ok(ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let latencies = Latencies {
            samples: (1..=200).map(Duration::from_millis).collect(),
            total: None,
        };
        assert_eq!(latencies.percentile(50), Duration::from_millis(100));
        assert_eq!(latencies.percentile(99), Duration::from_millis(198));
        assert_eq!(latencies.percentile(100), Duration::from_millis(200));
    }

    #[test]
    fn proc_fields_are_read_in_kilobytes() {
        let pid = std::process::id();
        assert!(proc_kb(pid, "VmRSS").is_some_and(|kb| kb > 0));
        assert!(proc_kb(pid, "VmNoSuchField").is_none());
    }

    #[test]
    fn the_rows_of_a_workbook_are_counted() {
        use std::io::Write;
        let xml =
            b"<sheetData><row r=\"1\"><c/></row><row r=\"2\"></row><row r=\"3\"/></sheetData>";
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, method) in [
            ("xl/workbook.xml", zip::CompressionMethod::Stored),
            ("xl/worksheets/sheet1.xml", zip::CompressionMethod::Deflated),
        ] {
            let options = zip::write::SimpleFileOptions::default().compression_method(method);
            zip.start_file(name, options).unwrap();
            zip.write_all(xml).unwrap();
        }
        let workbook = zip.finish().unwrap().into_inner();
        assert_eq!(xlsx_rows(&workbook).unwrap(), 2);
        assert!(xlsx_rows(b"not a zip").is_err());
    }
}
