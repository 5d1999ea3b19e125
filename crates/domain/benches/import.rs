//! Native throughput of the users-file import: `cargo bench -p domain --bench import`.
//!
//! Prints lines like `import 1 MB: 312.4 MB/s`. Goal (issue 3): parse + validate faster than
//! 200 MB/s, and a 100-row file well under a millisecond.
//!
//! For profiling, after `cargo bench -p domain --bench import --no-run` (which prints the
//! executable; build with `CARGO_PROFILE_BENCH_DEBUG=line-tables-only` for source lines):
//! `--profile-1mb [RUNS]` or `--profile-50mb [RUNS]` runs only that import, e.g. under
//! `valgrind --tool=callgrind --toggle-collect='domain::import::import'` (instruction counts
//! do not depend on how busy the machine is); `--file PATH [RUNS]` times a real file.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use common::{Dialect, header, valid_row, write};
use domain::{Limits, import};

/// A valid Dutch-Excel CSV of at least `bytes` bytes.
fn csv_of_size(bytes: usize) -> (Vec<u8>, usize) {
    let mut rows = vec![header()];
    let mut size = 0;
    let mut n = 0;
    while size < bytes {
        let row = valid_row(n);
        size += row.iter().map(|c| c.len() + 1).sum::<usize>() + 1;
        rows.push(row);
        n += 1;
    }
    (write(&rows, Dialect::EXCEL_NL), n)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time_import(bytes: &[u8], runs: usize) -> Duration {
    let limits = Limits {
        max_rows: usize::MAX,
        max_bytes: usize::MAX,
    };
    let today = common::today();
    let times = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let outcome = import(black_box(bytes), "bench.csv", limits, today);
            let elapsed = start.elapsed();
            assert!(outcome.is_ok());
            black_box(outcome);
            elapsed
        })
        .collect();
    median(times)
}

fn throughput(label: &str, target: usize, runs: usize) {
    let (bytes, rows) = csv_of_size(target);
    let t = time_import(&bytes, runs);
    let mb = bytes.len() as f64 / 1_048_576.0;
    println!(
        "import {label}: {:.1} MB/s ({} bytes, {rows} rows, median {:.1} ms of {runs} runs)",
        mb / t.as_secs_f64(),
        bytes.len(),
        t.as_secs_f64() * 1e3
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing: run a smoke test.
    // `--profile-1mb [RUNS]` / `--profile-50mb [RUNS]`: only that import, RUNS times (200 or 5
    // by default), for a profiler such as `valgrind --tool=callgrind`.
    let args: Vec<String> = std::env::args().collect();
    for (flag, mb, default_runs) in [("--profile-1mb", 1, 200), ("--profile-50mb", 50, 5)] {
        if let Some(i) = args.iter().position(|a| a == flag) {
            let runs = args
                .get(i + 1)
                .and_then(|n| n.parse().ok())
                .unwrap_or(default_runs);
            let (bytes, _) = csv_of_size(mb * 1_048_576);
            let t = time_import(&bytes, runs);
            println!("median {:.2} ms", t.as_secs_f64() * 1e3);
            return;
        }
    }
    // `--file PATH [RUNS]`: a real file (any format), RUNS times (5 by default).
    if let Some(i) = args.iter().position(|a| a == "--file") {
        let bytes = std::fs::read(&args[i + 1]).expect("the file");
        let runs = args.get(i + 2).and_then(|n| n.parse().ok()).unwrap_or(5);
        let limits = Limits {
            max_rows: usize::MAX,
            max_bytes: usize::MAX,
        };
        let mut times = Vec::new();
        let mut outcome = None;
        for _ in 0..runs {
            let start = Instant::now();
            let o = import(black_box(&bytes), &args[i + 1], limits, common::today());
            times.push(start.elapsed());
            outcome = Some(o);
        }
        let outcome = outcome.expect("one run");
        println!(
            "{}: {} bytes, {} rows, {:?}, median {:.1} ms of {runs} runs",
            args[i + 1],
            bytes.len(),
            outcome.rows.len(),
            outcome
                .file_errors
                .iter()
                .map(|e| e.code())
                .collect::<Vec<_>>(),
            median(times).as_secs_f64() * 1e3
        );
        return;
    }
    if std::env::args().any(|a| a == "--micro") {
        micro();
        return;
    }
    let full = std::env::args().any(|a| a == "--bench");
    throughput("1 MB", 1_048_576, if full { 30 } else { 1 });
    if full {
        throughput("50 MB", 50 * 1_048_576, 5);
    }
    let rows: Vec<_> = std::iter::once(header())
        .chain((0..100).map(valid_row))
        .collect();
    let bytes = write(&rows, Dialect::EXCEL_NL);
    let runs = if full { 2000 } else { 10 };
    let t = time_import(&bytes, runs);
    println!(
        "import 100 rows: {:.1} µs (median of {runs} runs, {} bytes)",
        t.as_secs_f64() * 1e6,
        bytes.len()
    );
    crafted_workbook(if full { 10 } else { 1 });
}

/// How long crafted `.xlsx` files take to refuse (goal: well under 200 ms each; calamine alone
/// took 1.3 s and 134 MB for the nested one, 1.8 s and 133 MB for the shared strings): 9
/// million nested elements, 3 million cells side by side (the scanner reads a million elements
/// before it refuses: its worst case) and 3.7 million shared strings.
fn crafted_workbook(runs: usize) {
    let mut base = rust_xlsxwriter::Workbook::new();
    base.add_worksheet()
        .write_string(0, 0, "voornamen")
        .unwrap();
    let base = base.save_to_buffer().unwrap();
    let sheet = {
        use std::io::Read;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&base[..])).unwrap();
        let mut sheet = Vec::new();
        archive
            .by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_end(&mut sheet)
            .unwrap();
        sheet
    };
    let flat = String::from_utf8(sheet.clone()).unwrap().replace(
        "</sheetData>",
        &format!("{}</sheetData>", "<row><c/></row>".repeat(1_500_000)),
    );
    let shared = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" \
         uniqueCount=\"1\">{}</sst>",
        "<si><t>a</t></si>".repeat(3_700_000)
    );
    let cases: [(&str, &str, Vec<u8>); 3] = [
        (
            "9 million nested elements",
            "xl/worksheets/sheet1.xml",
            common::nested_elements(&sheet, 9_000_000),
        ),
        (
            "3 million flat elements",
            "xl/worksheets/sheet1.xml",
            flat.into_bytes(),
        ),
        (
            "3.7 million shared strings",
            "xl/sharedStrings.xml",
            shared.into_bytes(),
        ),
    ];
    for (label, part, xml) in cases {
        let file = common::deflated(&base, &[(part, &xml)]);
        let times = (0..runs)
            .map(|_| {
                let start = Instant::now();
                let outcome = import(
                    black_box(&file),
                    "aanval.xlsx",
                    Limits::DEFAULT,
                    common::today(),
                );
                let elapsed = start.elapsed();
                assert!(!outcome.file_errors.is_empty(), "{label}: refused");
                elapsed
            })
            .collect();
        println!(
            "refuse a crafted .xlsx of {label} ({} bytes, {} MB of XML): {:.1} ms (median of {runs} runs)",
            file.len(),
            xml.len() >> 20,
            median(times).as_secs_f64() * 1e3
        );
    }
}

/// `--micro`: what the pieces cost, in nanoseconds: validating one user, each single-value
/// parser, splitting a 1 MB CSV naively (per row) and a one-byte import, to set the import's
/// throughput against.
#[allow(dead_code)]
pub fn micro() {
    use domain::{RawUser, parse_birth_date, parse_email, parse_first_names, parse_mobile};
    let raw = RawUser {
        first_names: "Jan Pieterab".into(),
        infix: "van der".into(),
        last_name: "Bergab".into(),
        birth_date: "02-02-1951".into(),
        birth_place: "Amsterdam".into(),
        email: "jan.123@voorbeeld.nl".into(),
        mobile: "0612000123".into(),
        employed: "J".into(),
    };
    let today = common::today();
    let n = 200_000;
    let t = Instant::now();
    for _ in 0..n {
        black_box(black_box(&raw).validate(today));
    }
    println!(
        "validate: {:.0} ns",
        t.elapsed().as_nanos() as f64 / n as f64
    );
    let (bytes, rows) = csv_of_size(1_048_576);
    let t = Instant::now();
    for _ in 0..20 {
        let text = std::str::from_utf8(&bytes).unwrap();
        let mut c = 0usize;
        for line in text.split("\r\n") {
            for f in line.split(';') {
                c += black_box(f).len();
            }
        }
        black_box(c);
    }
    println!(
        "split 1MB: {:.0} ns/row",
        t.elapsed().as_nanos() as f64 / 20.0 / rows as f64
    );
    let t = Instant::now();
    for _ in 0..20 {
        black_box(domain::import::import(
            black_box(b"a"),
            "x",
            domain::Limits::DEFAULT,
            today,
        ));
    }
    println!(
        "tiny import: {:.0} ns",
        t.elapsed().as_nanos() as f64 / 20.0
    );
    let t = Instant::now();
    for _ in 0..n {
        let _ = black_box(parse_email(black_box("jan.123@voorbeeld.nl")));
    }
    println!("email: {:.0} ns", t.elapsed().as_nanos() as f64 / n as f64);
    let t = Instant::now();
    for _ in 0..n {
        let _ = black_box(parse_mobile(black_box("0612000123")));
    }
    println!("mobile: {:.0} ns", t.elapsed().as_nanos() as f64 / n as f64);
    let t = Instant::now();
    for _ in 0..n {
        let _ = black_box(parse_first_names(black_box("Jan Pieterab")));
    }
    println!("first: {:.0} ns", t.elapsed().as_nanos() as f64 / n as f64);
    let t = Instant::now();
    for _ in 0..n {
        let _ = black_box(parse_birth_date(black_box("02-02-1951"), today));
    }
    println!("date: {:.0} ns", t.elapsed().as_nanos() as f64 / n as f64);
}
