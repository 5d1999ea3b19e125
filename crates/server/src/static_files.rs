//! The built SPA in `dist/`: files as they are (with their `.br`/`.gz` siblings when the browser
//! accepts them), `index.html` for every other path so that deep links such as
//! `/bestellen/controleren` load the app (status 200), and cache headers: files whose name
//! carries Trunk's content hash are immutable for a year, everything else is revalidated.
//!
//! A page prerendered at build time (`dist/prerendered/{slug}.html`, the SPA's
//! `src/prerender.rs`: `index` for `/`, `prijzen` for `/prijzen`) is sent for its address in
//! place of the app's entry page, so that its content shows before the WASM has run.
//!
//! Without `dist/index.html` every page answers 503 with a note to build the SPA first.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use tower::ServiceExt;
use tower::util::MapResponse;
use tower_http::services::fs::ServeFileSystemResponseBody;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::StartError;

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

/// The SPA as found at start.
#[derive(Debug, Clone)]
pub struct Spa {
    dist_dir: PathBuf,
    index_html: Option<String>,
    /// The entry pages of the other apps that were built, each with its [`App`]: the SPA ships
    /// as several apps so that each first page stays small (see the SPA's `src/area.rs`).
    apps: Vec<(&'static App, String)>,
    /// The addresses with a prerendered page, each with its file below `dist_dir`.
    prerendered: Vec<(String, PathBuf)>,
    /// Those pages' HTML (for the Content-Security-Policy's script hashes).
    prerendered_html: Vec<String>,
}

/// An app of the SPA other than the main one: its entry page and the paths it serves.
#[derive(Debug)]
pub(crate) struct App {
    pub entry: &'static str,
    pub prefixes: &'static [&'static str],
    /// Pages it serves without the paths below them.
    pub exact: &'static [&'static str],
}

/// The apps besides the main app (`index.html`, every other path). Keep in step with the
/// SPA's `src/area.rs` and `xtask/src/spa.rs`.
pub(crate) const APPS: [App; 3] = [
    App {
        entry: "order.html",
        prefixes: &["/bestellen"],
        exact: &[],
    },
    App {
        entry: "activation.html",
        prefixes: &["/activeren"],
        exact: &[],
    },
    App {
        entry: "manage.html",
        prefixes: &["/beheer", "/identificaties", "/backoffice"],
        // The account page, reached after a sign-in; its set-up below it is the main app's.
        exact: &["/account"],
    },
];

impl App {
    /// Whether `path` is one of this app's pages.
    pub(crate) fn serves(&self, path: &str) -> bool {
        self.exact.contains(&path)
            || self.prefixes.iter().any(|prefix| {
                path.strip_prefix(prefix)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
    }
}

/// `path` as it may be logged: an invitation link `/activeren/{token}` loses its token, which
/// opens a user's request.
pub(crate) fn redact_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path.strip_prefix("/activeren/") {
        Some(rest)
            if !rest.is_empty() && !ACTIVATION_PAGES.contains(&rest.trim_end_matches('/')) =>
        {
            "/activeren/[token]".into()
        }
        _ => path.into(),
    }
}

/// The activation pages after the token has left the address bar (the SPA's routes).
const ACTIVATION_PAGES: [&str; 5] = ["gegevens", "mobiel", "code", "overzicht", "resultaat"];

impl Spa {
    /// Reads `dist_dir/index.html`; a missing file (or directory) is not an error: the SPA has
    /// not been built.
    pub fn load(dist_dir: &Path) -> Result<Spa, StartError> {
        let path = dist_dir.join("index.html");
        let index_html = match std::fs::read_to_string(&path) {
            Ok(html) => Some(html),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!(
                    path = %path.display(),
                    "the SPA is not built: pages answer 503 until `cargo xtask run` builds it"
                );
                None
            }
            Err(source) => return Err(StartError::ReadIndex { path, source }),
        };
        let apps = APPS
            .iter()
            .filter_map(|app| {
                let html = std::fs::read_to_string(dist_dir.join(app.entry)).ok()?;
                Some((app, html))
            })
            .collect();
        let prerendered = prerendered_pages(&dist_dir.join(PRERENDERED_DIR));
        let prerendered_html = prerendered
            .iter()
            .filter_map(|(_, file)| std::fs::read_to_string(dist_dir.join(file)).ok())
            .collect();
        Ok(Spa {
            dist_dir: dist_dir.to_path_buf(),
            index_html,
            apps,
            prerendered,
            prerendered_html,
        })
    }

    /// Every entry page's HTML, the prerendered ones included (for the
    /// Content-Security-Policy's script hashes).
    pub fn entry_pages(&self) -> Vec<&str> {
        self.index_html
            .iter()
            .map(String::as_str)
            .chain(self.apps.iter().map(|(_, html)| html.as_str()))
            .chain(self.prerendered_html.iter().map(String::as_str))
            .collect()
    }

    /// The text of `index.html`; `None` when the SPA is not built.
    pub fn index_html(&self) -> Option<&str> {
        self.index_html.as_deref()
    }
}

/// Where the build puts the prerendered pages, below the dist directory.
const PRERENDERED_DIR: &str = "prerendered";

/// Every `{slug}.html` in `dir` with the address it is for; none when there is no such
/// directory (a build without the prerender).
fn prerendered_pages(dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut pages: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let path = page_address(name.strip_suffix(".html")?)?;
            Some((path, Path::new(PRERENDERED_DIR).join(name)))
        })
        .collect();
    pages.sort();
    pages
}

/// The address of the prerendered page `slug`: `index` is `/`, `prijzen` is `/prijzen`.
fn page_address(slug: &str) -> Option<String> {
    match slug {
        "" => None,
        "index" => Some("/".into()),
        slug => Some(format!("/{slug}")),
    }
}

/// Marks a response as the `index.html` fallback, which must never be cached as a hashed file.
#[derive(Debug, Clone, Copy)]
struct IndexFallback;

fn mark_index_fallback(
    mut response: axum::http::Response<ServeFileSystemResponseBody>,
) -> axum::http::Response<ServeFileSystemResponseBody> {
    response.extensions_mut().insert(IndexFallback);
    response
}

/// The service for every path outside `/api`.
pub(crate) fn service(spa: &Spa) -> Router {
    if spa.index_html.is_none() {
        return Router::new().fallback(not_built);
    }
    let serve_with = |entry: &str| {
        let page = MapResponse::new(
            ServeFile::new(spa.dist_dir.join(entry))
                .precompressed_br()
                .precompressed_gzip(),
            mark_index_fallback as fn(_) -> _,
        );
        ServeDir::new(&spa.dist_dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(page)
    };
    let main_files = serve_with("index.html");
    // A prerendered page is an entry page: never cached as a hashed file either.
    let prerendered: Vec<(String, _)> = spa
        .prerendered
        .iter()
        .map(|(path, file)| {
            let page = MapResponse::new(
                ServeFile::new(spa.dist_dir.join(file))
                    .precompressed_br()
                    .precompressed_gzip(),
                mark_index_fallback as fn(_) -> _,
            );
            (path.clone(), page)
        })
        .collect();
    // An app that was not built falls back to the main app (which shows its 404 page).
    let app_files: Vec<(&'static App, _)> = spa
        .apps
        .iter()
        .map(|(app, _)| (*app, serve_with(app.entry)))
        .collect();
    Router::new().fallback(move |request: Request| {
        let path = request.uri().path();
        let page = prerendered
            .iter()
            .find(|(page, _)| page == path)
            .map(|(_, page)| page.clone());
        let files = app_files
            .iter()
            .find(|(app, _)| app.serves(path))
            .map_or(&main_files, |(_, files)| files)
            .clone();
        async move {
            let hashed = has_content_hash(request.uri().path());
            let served = match page {
                Some(page) => page.oneshot(request).await,
                None => files.oneshot(request).await,
            };
            let mut response = match served {
                Ok(response) => response.into_response(),
                Err(infallible) => match infallible {},
            };
            let cacheable =
                response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
            let fallback = response.extensions().get::<IndexFallback>().is_some();
            let cache_control = if hashed && cacheable && !fallback {
                IMMUTABLE
            } else {
                NO_CACHE
            };
            let headers = response.headers_mut();
            headers.insert(header::CACHE_CONTROL, cache_control);
            headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
            response
        }
    })
}

/// Whether the file name at the end of `path` carries Trunk's content hash: `-` and the hash in
/// hex, followed by the extension (`app-0123456789abcdef.js`) or a suffix
/// (`app-0123456789abcdef_bg.wasm`). Trunk writes the 64-bit hash without leading zeros, so
/// it may be shorter than 16 digits (`middelpunt-18f5d0e1aede94d.js`); at least
/// [`MIN_HASH_DIGITS`] are required, so that names like `logo-cafe.svg` do not count.
pub(crate) fn has_content_hash(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default().as_bytes();
    name.iter().enumerate().any(|(dash, &byte)| {
        let rest = &name[dash + 1..];
        let digits = rest.iter().take_while(|b| b.is_ascii_hexdigit()).count();
        byte == b'-'
            && (MIN_HASH_DIGITS..=16).contains(&digits)
            && matches!(rest.get(digits), Some(b'.' | b'_'))
    })
}

/// The fewest hex digits taken for a hash: a 64-bit hash has 4 or more leading zero digits
/// once in 65,536 files, which are then merely revalidated.
pub(crate) const MIN_HASH_DIGITS: usize = 12;

async fn not_built() -> impl IntoResponse {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        "Middelpunt is nog niet klaar: de webapplicatie is niet gebouwd \
         (geen index.html in MIDDELPUNT_DIST_DIR).\n\
         Start de server met `cargo xtask run`; dat bouwt eerst de webapplicatie.\n\
         \n\
         Middelpunt is not ready: the web application has not been built \
         (no index.html in MIDDELPUNT_DIST_DIR).\n\
         Start the server with `cargo xtask run`, which builds the web application first.\n",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prerendered_pages_are_found_by_their_address() {
        let dist =
            std::env::temp_dir().join(format!("middelpunt-prerendered-{}", std::process::id()));
        let dir = dist.join(PRERENDERED_DIR);
        std::fs::create_dir_all(&dir).unwrap();
        for name in [
            "index.html",
            "prijzen.html",
            "index.html.br",
            "notes.txt",
            ".html",
        ] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        let pages = prerendered_pages(&dir);
        std::fs::remove_dir_all(&dist).unwrap();
        assert_eq!(
            pages,
            [
                ("/".to_string(), PathBuf::from("prerendered/index.html")),
                (
                    "/prijzen".to_string(),
                    PathBuf::from("prerendered/prijzen.html")
                ),
            ]
        );
        assert!(prerendered_pages(&dist.join("nowhere")).is_empty());
    }

    #[test]
    fn invitation_tokens_are_not_logged() {
        assert_eq!(redact_path("/activeren/abcDEF-123_x"), "/activeren/[token]");
        assert_eq!(redact_path("/activeren/code"), "/activeren/code");
        assert_eq!(redact_path("/bestellen/overzicht"), "/bestellen/overzicht");
    }

    #[test]
    fn recognises_trunks_hashed_names() {
        for path in [
            "/middelpunt-5f3a9c1e2b7d4a60_bg.wasm",
            "/middelpunt-5f3a9c1e2b7d4a60.js",
            "/tokens-8a9b0c1d2e3f4a5b.css",
            "/assets/app-0123456789ABCDEF.js",
            "/my-app-0123456789abcdef.js",
            "/middelpunt-18f5d0e1aede94d.js",
            "/middelpunt-18f5d0e1aede94d_bg.wasm",
            "/x-0123456789ab.css",
        ] {
            assert!(has_content_hash(path), "{path}");
        }
        for path in [
            "/",
            "/index.html",
            "/favicon.svg",
            "/bestellen/controleren",
            "/logo-cafe.svg",
            "/x-0123456789a.css",
            "/app-0123456789abcdefa.js",
            "/app-0123456789abcdeg.js",
            "/app-0123456789abcdef",
            "/snippets/middelpunt-0123456789abcdef/inline0.js",
        ] {
            assert!(!has_content_hash(path), "{path}");
        }
    }
}
