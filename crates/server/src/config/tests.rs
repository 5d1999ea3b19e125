//! The configuration's tests: every variable, its default and its errors.

use super::*;
use std::collections::HashMap;

/// The configuration of `vars` with the development mailbox on (unless `vars` say
/// otherwise): without it or an SMTP host the server does not start, which
/// [`without_mail_settings_the_server_refuses_to_start`] shows.
fn parse(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let mut vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    vars.entry(crate::mail::config::DEV_MAILBOX.to_owned())
        .or_insert_with(|| "true".to_owned());
    Config::from_lookup(|var| vars.get(var).cloned())
}

#[test]
fn without_mail_settings_the_server_refuses_to_start() {
    let err = Config::from_lookup(|_| None).unwrap_err();
    assert_eq!(err.var(), crate::mail::config::SMTP_HOST);
    // Demo mode brings the mailbox (and says so at start).
    let demo = Config::from_lookup(|var| (var == DEMO).then(|| "true".to_owned())).unwrap();
    assert!(demo.mail.dev_mailbox);
}

#[test]
fn nothing_set_gives_the_documented_defaults() {
    let config = parse(&[]).unwrap();
    assert_eq!(config.listen, "127.0.0.1:8080".parse().unwrap());
    assert_eq!(config.database_url.as_str(), "sqlite://data/middelpunt.db");
    assert_eq!(
        config.database_url.kind(),
        DatabaseKind::SqliteFile(PathBuf::from("data/middelpunt.db"))
    );
    assert_eq!(config.dist_dir, PathBuf::from("dist"));
    assert_eq!(config.log, "info");
    assert_eq!(config.import_max_rows, 100);
    assert_eq!(config.import_max_bytes, 1_048_576);
    assert_eq!(config, Config::default());
}

#[test]
fn every_variable_is_read() {
    let config = parse(&[
        (LISTEN, "0.0.0.0:9000"),
        (
            DATABASE_URL,
            "postgres://mp:geheim@db.internal:5432/middelpunt",
        ),
        (DIST_DIR, "/srv/middelpunt/dist"),
        (LOG, "debug,sqlx=warn"),
        (IMPORT_MAX_ROWS, "250"),
        (IMPORT_MAX_BYTES, " 2048 "),
    ])
    .unwrap();
    assert_eq!(config.listen, "0.0.0.0:9000".parse().unwrap());
    assert_eq!(config.database_url.kind(), DatabaseKind::Postgres);
    assert_eq!(config.dist_dir, PathBuf::from("/srv/middelpunt/dist"));
    assert_eq!(config.log, "debug,sqlx=warn");
    assert_eq!(config.import_max_rows, 250);
    assert_eq!(config.import_max_bytes, 2048);
}

#[test]
fn an_empty_value_counts_as_unset() {
    let config = parse(&[(LISTEN, ""), (IMPORT_MAX_ROWS, "  ")]).unwrap();
    assert_eq!(config, Config::default());
}

#[test]
fn a_bad_listen_address_names_the_variable() {
    let err = parse(&[(LISTEN, "localhost")]).unwrap_err();
    assert_eq!(err.var(), "MIDDELPUNT_LISTEN");
    let message = err.to_string();
    assert!(
        message.starts_with("MIDDELPUNT_LISTEN=\"localhost\""),
        "{message}"
    );
    assert!(message.contains("127.0.0.1:8080"), "{message}");
}

#[test]
fn bad_values_name_their_variable() {
    let cases = [
        (DATABASE_URL, "mysql://localhost/db"),
        (DATABASE_URL, "data/middelpunt.db"),
        (DATABASE_URL, "sqlite://"),
        (LOG, "info,[["),
        (IMPORT_MAX_ROWS, "honderd"),
        (IMPORT_MAX_ROWS, "-1"),
        (IMPORT_MAX_BYTES, "0"),
    ];
    for (var, value) in cases {
        let err = parse(&[(var, value)]).unwrap_err();
        assert_eq!(err.var(), var, "{var}={value}");
        assert!(err.to_string().starts_with(var), "{err}");
    }
}

#[test]
fn sqlite_urls_are_read_like_sqlx_reads_them() {
    let kind = |url: &str| DatabaseUrl::parse(url).unwrap().kind();
    assert_eq!(
        kind("sqlite:///var/lib/middelpunt/mp.db"),
        DatabaseKind::SqliteFile(PathBuf::from("/var/lib/middelpunt/mp.db"))
    );
    assert_eq!(
        kind("sqlite:data/mp.db?mode=rwc"),
        DatabaseKind::SqliteFile(PathBuf::from("data/mp.db"))
    );
    assert_eq!(kind("sqlite::memory:"), DatabaseKind::SqliteMemory);
    assert_eq!(kind("sqlite://?mode=memory"), DatabaseKind::SqliteMemory);
    assert_eq!(kind("postgresql://localhost/mp"), DatabaseKind::Postgres);
}

#[test]
fn the_password_never_shows() {
    let url = DatabaseUrl::parse("postgres://mp:geheim@db:5432/mp?sslmode=require").unwrap();
    assert_eq!(
        url.to_string(),
        "postgres://mp:***@db:5432/mp?sslmode=require"
    );
    assert!(!format!("{url:?}").contains("geheim"));
    let config = Config {
        database_url: url,
        ..Config::default()
    };
    assert!(!format!("{config:?}").contains("geheim"));
    let typo = DatabaseUrl::parse("postgress://mp:geheim@db/mp").unwrap_err();
    assert!(!typo.to_string().contains("geheim"), "{typo}");
    let no_password = DatabaseUrl::parse("postgres://mp@db/mp").unwrap();
    assert_eq!(no_password.to_string(), "postgres://mp@db/mp");
}

#[test]
fn the_kvk_register_is_embedded_unless_the_api_is_chosen() {
    assert_eq!(parse(&[]).unwrap().kvk, KvkSource::Embedded);
    // Base URL and key are read only for the API.
    let embedded = parse(&[
        (KVK, " Embedded "),
        (KVK_BASE_URL, "niet gelezen"),
        (KVK_API_KEY, "k"),
    ])
    .unwrap();
    assert_eq!(embedded.kvk, KvkSource::Embedded);

    let test_api = parse(&[(KVK, "api"), (KVK_API_KEY, " l7xx-test ")]).unwrap();
    assert_eq!(
        test_api.kvk,
        KvkSource::Api {
            base_url: "https://api.kvk.nl/test/api".into(),
            api_key: ApiKey::new("l7xx-test"),
            cache_ttl_secs: DEFAULT_KVK_CACHE_TTL_SECS,
        }
    );

    let production = parse(&[
        (KVK, "API"),
        (KVK_BASE_URL, "https://api.kvk.nl/api/"),
        (KVK_API_KEY, "geheim"),
        (KVK_CACHE_TTL, " 3600 "),
    ])
    .unwrap();
    let KvkSource::Api {
        base_url,
        api_key,
        cache_ttl_secs,
    } = &production.kvk
    else {
        panic!("{:?}", production.kvk);
    };
    assert_eq!(base_url, "https://api.kvk.nl/api");
    assert_eq!(*cache_ttl_secs, 3600);
    assert_eq!(api_key.expose(), "geheim");
    assert!(!format!("{production:?}").contains("geheim"));
}

#[test]
fn the_api_needs_a_key_and_a_usable_url() {
    let err = parse(&[(KVK, "api")]).unwrap_err();
    assert_eq!(err.var(), "MIDDELPUNT_KVK_API_KEY");
    let message = err.to_string();
    assert!(
        message.starts_with("MIDDELPUNT_KVK_API_KEY is not set, but MIDDELPUNT_KVK=api"),
        "{message}"
    );

    let cases = [
        (KVK, "handelsregister"),
        (KVK_CACHE_TTL, "een dag"),
        (KVK_CACHE_TTL, "604801"),
        (KVK_BASE_URL, "api.kvk.nl/test/api"),
        (KVK_BASE_URL, "ftp://api.kvk.nl/test/api"),
        (KVK_BASE_URL, "https://api.kvk.nl/test/api?apikey=x"),
    ];
    for (var, value) in cases {
        let mut vars = vec![(KVK, "api"), (KVK_API_KEY, "k")];
        vars.retain(|(name, _)| *name != var);
        vars.push((var, value));
        let err = parse(&vars).unwrap_err();
        assert_eq!(err.var(), var, "{var}={value}");
        assert!(err.to_string().starts_with(var), "{err}");
    }
}

#[test]
fn the_public_url_gives_the_origin_and_whether_cookies_are_secure() {
    let local = parse(&[]).unwrap();
    assert_eq!(local.public_url.origin(), "http://localhost:8080");
    assert!(!local.public_url.is_https());
    assert!(!local.demo);

    let public = parse(&[
        (PUBLIC_URL, " https://Middelpunt.Example.nl:443/portaal/ "),
        (DEMO, "TRUE"),
    ])
    .unwrap();
    assert_eq!(public.public_url.origin(), "https://middelpunt.example.nl");
    assert_eq!(
        public.public_url.as_str(),
        "https://middelpunt.example.nl/portaal"
    );
    assert!(public.public_url.is_https());
    assert!(public.demo);
    assert!(!parse(&[(DEMO, "0")]).unwrap().demo);

    for (var, value) in [
        (PUBLIC_URL, "middelpunt.example.nl"),
        (PUBLIC_URL, "ftp://middelpunt.example.nl"),
        (PUBLIC_URL, "https://middelpunt.example.nl/?x=1"),
        (DEMO, "misschien"),
    ] {
        let err = parse(&[(var, value)]).unwrap_err();
        assert_eq!(err.var(), var, "{var}={value}");
        assert!(err.to_string().starts_with(var), "{err}");
    }
}
