//! Security headers on every response, API and static alike.
//!
//! The Content-Security-Policy is computed once at start from the SPA's `index.html`: Trunk
//! injects an inline `<script type="module">` loader, which the policy allows by the SHA-256 of
//! its exact text; `'wasm-unsafe-eval'` lets the page compile its WebAssembly.
//!
//! With an `https://` public URL, `Strict-Transport-Security` tells browsers to use https only
//! for a year, so that nobody on the network can strip it from a manager's later visits. Without
//! `includeSubDomains`: the provider's other hosts are not ours to bind.

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// `Strict-Transport-Security` for an https deployment: one year.
const HSTS: &str = "max-age=31536000";

/// The headers, built once; [`apply`] copies them onto each response.
#[derive(Debug, Clone)]
pub(crate) struct SecurityHeaders(HeaderMap);

impl SecurityHeaders {
    /// The headers for an SPA with these entry pages (`index.html` and each other app's page;
    /// none: not built): the CSP allows exactly their inline scripts. `https`: the public URL is
    /// https, so browsers are told to keep to it (HSTS).
    pub(crate) fn new(entry_pages: &[&str], https: bool) -> SecurityHeaders {
        let mut hashes: Vec<String> = entry_pages
            .iter()
            .flat_map(|html| inline_script_hashes(html))
            .collect();
        hashes.sort();
        hashes.dedup();
        let csp = content_security_policy(hashes);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::try_from(csp).expect("base64 and ASCII directives make a valid header"),
        );
        let fixed = [
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (
                HeaderName::from_static("cross-origin-opener-policy"),
                "same-origin",
            ),
            (
                HeaderName::from_static("permissions-policy"),
                "camera=(), microphone=(), geolocation=()",
            ),
        ];
        for (name, value) in fixed {
            headers.insert(name, HeaderValue::from_static(value));
        }
        if https {
            headers.insert(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static(HSTS),
            );
        }
        SecurityHeaders(headers)
    }

    /// The Content-Security-Policy value.
    #[cfg(test)]
    pub(crate) fn content_security_policy(&self) -> &HeaderValue {
        &self.0[header::CONTENT_SECURITY_POLICY]
    }
}

/// `map_response_with_state` middleware: sets the headers, replacing any a handler set.
pub(crate) async fn apply(
    axum::extract::State(headers): axum::extract::State<SecurityHeaders>,
    mut response: Response,
) -> Response {
    for (name, value) in &headers.0 {
        response.headers_mut().insert(name, value.clone());
    }
    response
}

/// The policy, allowing the inline scripts whose `'sha256-…'` sources are given.
pub(crate) fn content_security_policy(script_hashes: Vec<String>) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        script_src.push(' ');
        script_src.push_str(&hash);
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The CSP hash sources (`'sha256-<base64>'`) of every inline `<script>` (one without a `src`
/// attribute) in `html`, in document order, without duplicates. The hash covers the exact text
/// between the start tag's `>` and `</script`.
pub(crate) fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    for script in inline_scripts(html) {
        let hash = format!(
            "'sha256-{}'",
            STANDARD.encode(Sha256::digest(script.as_bytes()))
        );
        if !hashes.contains(&hash) {
            hashes.push(hash);
        }
    }
    hashes
}

/// The text of every inline script in `html`. A small scanner, not an HTML parser: enough for
/// the `index.html` that Trunk writes.
fn inline_scripts(html: &str) -> Vec<&str> {
    // ASCII lowercase keeps every byte offset valid for `html`.
    let lower = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find("<script") {
        let name_end = from + found + "<script".len();
        // `<scripts>` or `<script-x>` is another element.
        if !lower[name_end..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        {
            from = name_end;
            continue;
        }
        let Some((attributes, content_start)) = start_tag(&html[name_end..]) else {
            break;
        };
        let content_start = name_end + content_start;
        let Some(content_len) = lower[content_start..].find("</script") else {
            break;
        };
        if !attributes.iter().any(|name| name == "src") {
            scripts.push(&html[content_start..content_start + content_len]);
        }
        from = content_start + content_len;
    }
    scripts
}

/// Reads a start tag's attributes after its name, up to and including `>`: the lowercase
/// attribute names and the offset just past `>`. `None` when the tag never closes.
fn start_tag(tag: &str) -> Option<(Vec<String>, usize)> {
    let bytes = tag.as_bytes();
    let mut names = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return Some((names, i + 1)),
            _ => {
                let start = i;
                while i < bytes.len()
                    && !matches!(bytes[i], b'=' | b'>' | b'/')
                    && !bytes[i].is_ascii_whitespace()
                {
                    i += 1;
                }
                names.push(tag[start..i].to_ascii_lowercase());
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    match bytes.get(i)? {
                        quote @ (b'"' | b'\'') => {
                            let close = tag[i + 1..].find(char::from(*quote))?;
                            i += close + 2;
                        }
                        _ => {
                            while i < bytes.len()
                                && bytes[i] != b'>'
                                && !bytes[i].is_ascii_whitespace()
                            {
                                i += 1;
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha256(text: &str) -> String {
        format!(
            "'sha256-{}'",
            STANDARD.encode(Sha256::digest(text.as_bytes()))
        )
    }

    #[test]
    fn finds_trunks_inline_loader_and_skips_external_scripts() {
        let loader = "\nimport init, * as bindings from '/middelpunt-5f3a9c1e2b7d4a60.js';\n\
                      const wasm = await init({ module_or_path: '/middelpunt-5f3a9c1e2b7d4a60_bg.wasm' });\n";
        let html = format!(
            r#"<html><head>
            <script src="/external.js"></script>
            <SCRIPT data-src="x" type = 'module' data-note="a > b">{loader}</SCRIPT>
            <script defer src=/other.js></script>
            <scripts>not a script</scripts>
            </head></html>"#
        );
        assert_eq!(inline_script_hashes(&html), vec![sha256(loader)]);
    }

    #[test]
    fn reads_trunks_minified_release_output() {
        let loader = "import init from '/middelpunt-18f5d0e1aede94d.js';\nawait init();";
        let html = format!(
            "<!doctype html><html lang=nl><title>Middelpunt</title><script type=module>{loader}</script>\
             <link crossorigin href=/middelpunt-18f5d0e1aede94d.js rel=modulepreload></head>"
        );
        assert_eq!(inline_script_hashes(&html), vec![sha256(loader)]);
    }

    #[test]
    fn empty_and_repeated_inline_scripts() {
        let html = "<script></script><script>a()</script><script>a()</script>";
        assert_eq!(inline_script_hashes(html), vec![sha256(""), sha256("a()")]);
    }

    #[test]
    fn unterminated_markup_does_not_panic() {
        for html in [
            "<script",
            "<script type=\"module",
            "<script>never closed",
            "<script x='",
        ] {
            assert!(inline_script_hashes(html).is_empty(), "{html}");
        }
    }

    #[test]
    fn policy_lists_the_hashes_after_wasm_unsafe_eval() {
        let headers = SecurityHeaders::new(&["<script>go()</script>"], false);
        let csp = headers.content_security_policy().to_str().unwrap();
        assert!(csp.starts_with(&format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; ",
            sha256("go()")
        )));
        assert!(csp.ends_with("frame-ancestors 'none'"));
        let unbuilt = SecurityHeaders::new(&[], false);
        assert!(
            unbuilt
                .content_security_policy()
                .to_str()
                .unwrap()
                .contains("script-src 'self' 'wasm-unsafe-eval'; ")
        );
    }
}
