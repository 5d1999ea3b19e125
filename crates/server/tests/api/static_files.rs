//! The built SPA: deep links, precompressed files, cache headers, and life before the build.

use crate::helpers::{
    HASHED_JS, JS, JS_BR, JS_GZ, PRERENDERED_PRICES, index_html, spawn, spawn_without_spa,
};

#[tokio::test]
async fn deep_links_get_index_html_with_200() {
    let app = spawn().await;
    for path in ["/", "/bestellen/controleren", "/bestaat/niet?x=1"] {
        let response = app.get(path).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(response.text().await.unwrap(), index_html(), "{path}");
    }
}

#[tokio::test]
async fn a_prerendered_page_is_sent_for_its_address_only() {
    let app = spawn().await;
    let response = app.get("/prijzen").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(response.text().await.unwrap(), PRERENDERED_PRICES);
    // Below it, and on pages without one, the app's entry page as before.
    for path in ["/prijzen/x", "/inloggen", "/"] {
        let response = app.get(path).send().await.unwrap();
        assert_eq!(response.text().await.unwrap(), index_html(), "{path}");
    }
}

#[tokio::test]
async fn precompressed_files_are_served_when_accepted() {
    let app = spawn().await;
    let path = format!("/{HASHED_JS}");
    let cases: [(&str, Option<&str>, &[u8]); 4] = [
        ("br", Some("br"), JS_BR),
        ("gzip, deflate, br;q=0.5", Some("gzip"), JS_GZ),
        ("gzip;q=0.5, br", Some("br"), JS_BR),
        ("identity", None, JS.as_bytes()),
    ];
    for (accept, encoding, body) in cases {
        let response = app
            .get(&path)
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{accept}");
        assert_eq!(
            response
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept}"
        );
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .contains("javascript")
        );
        let vary = response.headers()["vary"].to_str().unwrap().to_owned();
        assert!(vary.contains("accept-encoding"), "{vary}");
        assert_eq!(response.bytes().await.unwrap().as_ref(), body, "{accept}");
    }
}

#[tokio::test]
async fn hashed_files_are_immutable_the_rest_is_revalidated() {
    let app = spawn().await;
    let cache_control = async |path: &str| {
        let response = app.get(path).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        cache_control(&format!("/{HASHED_JS}")).await,
        "public, max-age=31536000, immutable"
    );
    assert_eq!(cache_control("/index.html").await, "no-cache");
    assert_eq!(cache_control("/").await, "no-cache");
    // A hashed name that does not exist (say, from before a deploy) gets index.html: never
    // cache that as the file.
    assert_eq!(cache_control("/app-ffffffffffffffff.js").await, "no-cache");
}

#[tokio::test]
async fn before_the_spa_is_built_pages_say_how_to_build_it_and_the_api_works() {
    let app = spawn_without_spa().await;
    for path in ["/", "/bestellen/controleren", "/favicon.svg"] {
        let response = app.get(path).send().await.unwrap();
        assert_eq!(response.status(), 503, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
        let text = response.text().await.unwrap();
        assert!(text.contains("cargo xtask run"), "{text}");
    }
    assert_eq!(
        app.get("/api/v1/health").send().await.unwrap().status(),
        200
    );
    assert_eq!(app.get("/api/v1/nope").send().await.unwrap().status(), 404);
}

/// An app's entry page in a test build, with its own inline loader.
fn app_html(name: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><title>{name}</title>\n\
         <script type=\"module\">import init from '/{name}-0123456789abcdef.js'; await init();</script>\n\
         </head><body></body></html>\n"
    )
}

#[tokio::test]
async fn each_app_has_its_own_entry_page_and_every_loader_is_allowed() {
    use sha2::{Digest, Sha256};
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), index_html()).unwrap();
    for app in ["order", "activation", "manage"] {
        std::fs::write(dist.join(format!("{app}.html")), app_html(app)).unwrap();
    }
    let app =
        crate::helpers::spawn_with_vars(&[("MIDDELPUNT_DIST_DIR", dist.to_str().unwrap())]).await;

    for (path, page) in [
        ("/bestellen", app_html("order")),
        ("/bestellen/gebruikers", app_html("order")),
        ("/bestellenlijst", index_html()),
        ("/prijzen", index_html()),
        ("/activeren/gegevens", app_html("activation")),
        ("/activeren/AbC-123_x", app_html("activation")),
        ("/beheer/gebruikers", app_html("manage")),
        ("/identificaties", app_html("manage")),
        ("/identificaties/42", app_html("manage")),
        ("/backoffice/beheerders/7", app_html("manage")),
        ("/beheerder", index_html()),
        // The account page is the back office's; its set-up from a link is the main app's.
        ("/account", app_html("manage")),
        ("/account/instellen", index_html()),
        ("/accounts", index_html()),
    ] {
        let response = app.get(path).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let pages = [
            index_html(),
            app_html("order"),
            app_html("activation"),
            app_html("manage"),
        ];
        for html in pages {
            let script = html
                .split("<script type=\"module\">")
                .nth(1)
                .unwrap()
                .split("</script>")
                .next()
                .unwrap();
            let hash = base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                Sha256::digest(script.as_bytes()),
            );
            assert!(csp.contains(&format!("'sha256-{hash}'")), "{path}: {csp}");
        }
        assert_eq!(response.text().await.unwrap(), page, "{path}");
    }
}
