use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use crate::helpers::{INLINE_SCRIPT, spawn, spawn_with_vars, spawn_without_spa};

fn csp_of(response: &reqwest::Response) -> String {
    response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn csp_allows_exactly_the_inline_loader_and_wasm() {
    let app = spawn().await;
    let hash = format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(INLINE_SCRIPT.as_bytes()))
    );
    for path in [
        "/",
        "/bestellen/controleren",
        "/api/v1/health",
        "/api/v1/nope",
    ] {
        let response = app.get(path).send().await.unwrap();
        let csp = csp_of(&response);
        let script_src = csp
            .split(';')
            .map(str::trim)
            .find(|directive| directive.starts_with("script-src "))
            .unwrap_or_else(|| panic!("no script-src in {csp}"));
        assert_eq!(
            script_src,
            format!("script-src 'self' 'wasm-unsafe-eval' {hash}"),
            "{path}"
        );
        for directive in [
            "default-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
        ] {
            assert!(csp.contains(directive), "{directive} missing in {csp}");
        }
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["cross-origin-opener-policy"], "same-origin");
        let permissions = headers["permissions-policy"].to_str().unwrap();
        for feature in ["camera=()", "microphone=()", "geolocation=()"] {
            assert!(permissions.contains(feature), "{permissions}");
        }
    }
}

#[tokio::test]
async fn without_the_spa_the_csp_allows_no_inline_script() {
    let app = spawn_without_spa().await;
    let response = app.get("/api/v1/health").send().await.unwrap();
    assert!(
        csp_of(&response).contains("script-src 'self' 'wasm-unsafe-eval'; "),
        "{}",
        csp_of(&response)
    );
}

#[tokio::test]
async fn an_https_deployment_tells_browsers_to_keep_to_https_and_a_local_one_does_not() {
    let public = spawn_with_vars(&[("MIDDELPUNT_PUBLIC_URL", "https://portaal.example")]).await;
    for path in ["/", "/api/v1/health", "/api/v1/nope"] {
        let response = public.get(path).send().await.unwrap();
        assert_eq!(
            response.headers()["strict-transport-security"],
            "max-age=31536000",
            "{path}"
        );
    }
    let local = spawn().await;
    let response = local.get("/api/v1/health").send().await.unwrap();
    assert!(
        response
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
}
