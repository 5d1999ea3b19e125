//! Building the SPA with Trunk, precompressing `dist/` and measuring the first load.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cmd::{self, command};
use crate::error::XtaskError;
use crate::server::{self, TestServer};
use crate::tools::CHROMIUM;

/// A kilobyte as the first-load figures count it.
const KB: u64 = 1024;

/// File types worth compressing; the server serves the `.br`/`.gz` siblings.
const COMPRESSIBLE: &[&str] = &[
    "html", "js", "wasm", "css", "svg", "json", "txt", "csv", "map",
];

pub fn dist_dir() -> PathBuf {
    cmd::root().join("dist")
}

/// The apps besides the main one (`index.html`), by entry page (see the SPA's `src/area.rs`).
pub const APPS: [&str; 3] = ["order.html", "activation.html", "manage.html"];

/// Each app's first-load budget in brotli bytes, by entry page: what the browser may download
/// for a first page of it (HTML, JS, WASM, CSS). The home page and the invitation's link (the
/// activation, opened on phones) are where a visit begins; the wizard is reached after a login
/// but is still a first load of its own. Beheer has none: it is printed only. Each is what the
/// app weighs now with a little room (issue 18's goal: 150, 150 and 300 KB). The home page is
/// measured as it is sent, prerendered (`dist/prerendered/index.html`).
pub const BUDGETS: [(&str, Option<u64>); 4] = [
    ("index.html", Some(239 * KB)),
    ("activation.html", Some(208 * KB)),
    ("order.html", Some(471 * KB)),
    ("manage.html", None),
];

/// The WASM binaries the release build ships (the pages' `data-bin`s): the main app, the
/// wizard, its import worker, the activation and Beheer.
const RELEASE_BINARIES: [&str; 5] = [
    "middelpunt",
    "middelpunt-order",
    "import_worker",
    "middelpunt-activation",
    "middelpunt-manage",
];

/// Compiles the shipped WASM binaries in one `cargo build`, as Trunk will ask for them (same
/// target, profile and package selection, so the same features: with `--package` cargo would
/// unify them differently and Trunk would compile again), so that the Trunk runs below find
/// them built. Each binary's
/// link is one long single-threaded LTO pass; one cargo run links two at a time on two cores,
/// where the Trunk runs would link them one by one.
fn prebuild_release_binaries() -> Result<(), XtaskError> {
    let mut cargo = command("cargo");
    cargo.args([
        "build",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]);
    for binary in RELEASE_BINARIES {
        cargo.args(["--bin", binary]);
    }
    cmd::run(&mut cargo)
}

/// Builds every app of the SPA with `trunk build --release --offline`: the main app
/// (`index.html`) into `dist/`, each other app (the order wizard with the import worker, the
/// activation, Beheer) beside it, prerenders its pages with the `server` (which must be built),
/// then writes `.br` and `.gz` next to every text asset.
pub fn build_release(server: server::Profile) -> Result<(), XtaskError> {
    prebuild_release_binaries()?;
    cmd::run(command("trunk").args(["build", "--release", "--offline"]))?;
    for entry in APPS {
        let app_dist = cmd::root()
            .join("target")
            .join(format!("trunk-{}", entry.trim_end_matches(".html")));
        cmd::run(
            command("trunk")
                .args(["build", entry, "--release", "--offline", "--dist"])
                .arg(&app_dist),
        )?;
        for file in files_in(&app_dist)? {
            let name = file.strip_prefix(&app_dist).expect("below the app's dist");
            // Trunk names its output page index.html whatever the source page's name.
            let target = if name == Path::new("index.html") {
                dist_dir().join(entry)
            } else {
                dist_dir().join(name)
            };
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| XtaskError::io(parent, e))?;
            }
            std::fs::copy(&file, &target).map_err(|e| XtaskError::io(&target, e))?;
        }
    }
    prerender(server)?;
    compress_dir(&dist_dir())
}

/// Content before the WASM (the SPA's `src/prerender.rs`): the built apps, run in Chromium
/// against a server of their own without the demo (as a new deployment), draw the public pages
/// and their first screens, which `xtask/prerender.mjs` keeps in `dist/`.
fn prerender(server: server::Profile) -> Result<(), XtaskError> {
    let running = TestServer::start_with("prerender", server, None, false)?;
    cmd::run(
        command("node")
            .arg(cmd::root().join("xtask").join("prerender.mjs"))
            .arg(&running.url)
            .arg(dist_dir())
            .arg(CHROMIUM),
    )
}

fn compress_dir(dir: &Path) -> Result<(), XtaskError> {
    for path in files_in(dir)? {
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if compressible {
            let bytes = std::fs::read(&path).map_err(|e| XtaskError::io(&path, e))?;
            write(&with_suffix(&path, "br"), &brotli_compress(&bytes))?;
            write(&with_suffix(&path, "gz"), &gzip_compress(&bytes))?;
        }
    }
    Ok(())
}

fn files_in(dir: &Path) -> Result<Vec<PathBuf>, XtaskError> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| XtaskError::io(&dir, e))? {
            let path = entry.map_err(|e| XtaskError::io(&dir, e))?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    Ok(files)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), XtaskError> {
    std::fs::write(path, bytes).map_err(|e| XtaskError::io(path, e))
}

pub fn brotli_compress(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("in-memory brotli");
    out
}

fn gzip_compress(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("in-memory gzip");
    encoder.finish().expect("in-memory gzip")
}

/// One file of the first load and its brotli size.
pub struct Asset {
    pub name: String,
    pub brotli_bytes: u64,
}

/// Everything the browser downloads for a first page of the app with this entry page
/// (`index.html`, …): the page and every local file it references (scripts, the WASM module,
/// stylesheets, icons), brotli-compressed.
pub fn first_load(dist: &Path, entry: &str) -> Result<Vec<Asset>, XtaskError> {
    let index_path = dist.join(entry);
    let index = std::fs::read_to_string(&index_path).map_err(|e| XtaskError::io(&index_path, e))?;
    let mut names = vec![entry.to_string()];
    for reference in local_references(&index) {
        if dist.join(&reference).is_file() && !names.contains(&reference) {
            names.push(reference);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let path = dist.join(&name);
            let bytes = std::fs::read(&path).map_err(|e| XtaskError::io(&path, e))?;
            Ok(Asset {
                brotli_bytes: brotli_compress(&bytes).len() as u64,
                name,
            })
        })
        .collect()
}

/// Every absolute local path the HTML references: `href`/`src` attribute values, quoted or not
/// (Trunk's minifier drops the quotes), and quoted strings such as the paths in Trunk's inline
/// loader (`'/x_bg.wasm'`). Returned without the leading slash.
fn local_references(html: &str) -> Vec<String> {
    let mut candidates: Vec<&str> = Vec::new();
    for attribute in ["href=", "src="] {
        for (_, rest) in html
            .match_indices(attribute)
            .map(|(i, a)| ((), &html[i + a.len()..]))
        {
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
                _ => rest.split(|c: char| c.is_whitespace() || c == '>').next(),
            };
            candidates.extend(value);
        }
    }
    for quote in ['"', '\''] {
        candidates.extend(html.split(quote).skip(1).step_by(2));
    }
    let mut refs: Vec<String> = Vec::new();
    for candidate in candidates {
        if let Some(path) = candidate.strip_prefix('/').filter(|p| !p.starts_with('/')) {
            let path = path.split(['?', '#']).next().unwrap_or_default();
            if !path.is_empty() && !path.contains(char::is_whitespace) {
                refs.push(path.to_string());
            }
        }
    }
    refs
}

/// Prints each app's first-load figure with its budget, and whether every budgeted app fits.
pub fn report_first_load() -> Result<bool, XtaskError> {
    let mut fits = true;
    for (entry, budget) in BUDGETS {
        // The home page is sent prerendered (see `prerender`): that is what it downloads.
        let home = Path::new("prerendered").join("index.html");
        let page = if entry == "index.html" && dist_dir().join(&home).is_file() {
            home.to_string_lossy().into_owned()
        } else {
            entry.to_string()
        };
        let assets = first_load(&dist_dir(), &page)?;
        let total: u64 = assets.iter().map(|a| a.brotli_bytes).sum();
        println!("{entry}:");
        for asset in &assets {
            println!("  {:>9.1} KB  {}", kb(asset.brotli_bytes), asset.name);
        }
        match budget {
            None => println!(
                "first load of {entry}: {:.1} KB brotli (no budget: reached after a login)",
                kb(total)
            ),
            Some(budget) => {
                let verdict = if total <= budget {
                    "within budget"
                } else {
                    fits = false;
                    "OVER BUDGET"
                };
                println!(
                    "first load of {entry}: {:.1} KB brotli (budget {:.0} KB): {verdict}",
                    kb(total),
                    kb(budget),
                );
            }
        }
    }
    Ok(fits)
}

fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_app_has_a_budget_line() {
        let budgeted: Vec<&str> = BUDGETS.iter().map(|(entry, _)| *entry).collect();
        for entry in std::iter::once("index.html").chain(APPS) {
            assert!(budgeted.contains(&entry), "{entry} in BUDGETS");
        }
        assert_eq!(budgeted.len(), APPS.len() + 1);
    }

    #[test]
    fn finds_links_scripts_and_loader_paths() {
        let html = r#"<link href=/tokens-0123456789abcdef.css integrity=sha384-x rel=stylesheet>
            <link rel="modulepreload" href="/middelpunt-aa.js"><link rel="icon" href="/favicon.svg">
            <a href="https://example.org/x">x</a><a href="//cdn/x">y</a>
            <script type="module">import init from '/middelpunt-aa.js';
            init({ module_or_path: '/middelpunt-aa_bg.wasm' });</script>"#;
        let refs = local_references(html);
        for expected in [
            "tokens-0123456789abcdef.css",
            "middelpunt-aa.js",
            "favicon.svg",
            "middelpunt-aa_bg.wasm",
        ] {
            assert!(refs.iter().any(|r| r == expected), "{expected} in {refs:?}");
        }
        assert!(
            !refs
                .iter()
                .any(|r| r.contains("example.org") || r.contains("cdn"))
        );
    }

    #[test]
    fn measures_every_referenced_file_once() {
        let dir = std::env::temp_dir().join(format!("xtask-first-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("index.html"),
            r#"<script src="/a.js"></script><link href="/a.js">"#,
        )
        .unwrap();
        std::fs::write(dir.join("a.js"), "x".repeat(10_000)).unwrap();
        std::fs::write(dir.join("unrelated.js"), "y").unwrap();
        let names: Vec<String> = first_load(&dir, "index.html")
            .unwrap()
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(names, ["index.html", "a.js"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
