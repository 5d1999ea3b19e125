//! The mail configuration read from variables: defaults, every variable, and the errors.

use super::*;
use std::collections::HashMap;

/// The mail settings in demo mode (`MIDDELPUNT_DEMO=true`), as `cargo xtask run` starts.
fn parse(vars: &[(&str, &str)]) -> Result<MailConfig, MailConfigError> {
    parse_as(vars, true)
}

fn parse_as(vars: &[(&str, &str)], demo: bool) -> Result<MailConfig, MailConfigError> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    MailConfig::from_lookup(
        &|var: &str| vars.get(var).cloned().filter(|v| !v.trim().is_empty()),
        demo,
    )
}

/// A sender of the organisation's own domain, as a real mail server needs.
const OWN_SENDER: (&str, &str) = (MAIL_FROM, "Middelpunt <noreply@example.nl>");

#[test]
fn a_mail_server_elsewhere_needs_encryption_and_a_sender_of_a_real_domain() {
    let err = parse_as(&[(SMTP_HOST, "smtp.example.nl")], false).unwrap_err();
    assert!(matches!(err, MailConfigError::LocalSender { .. }), "{err}");
    assert_eq!(err.var(), MAIL_FROM);
    assert!(
        err.to_string().contains("noreply@middelpunt.localhost"),
        "{err}"
    );
    let err = parse_as(
        &[
            (SMTP_HOST, "smtp.example.nl"),
            (SMTP_TLS, "none"),
            OWN_SENDER,
        ],
        false,
    )
    .unwrap_err();
    assert!(matches!(err, MailConfigError::Unencrypted { .. }), "{err}");
    assert_eq!(err.var(), SMTP_TLS);
    assert!(err.to_string().contains("smtp.example.nl"), "{err}");
    // A relay on this machine may take both.
    for host in ["localhost", "127.0.0.1", "::1", "relay.localhost"] {
        let local = parse_as(&[(SMTP_HOST, host), (SMTP_TLS, "none")], false).unwrap();
        assert_eq!(local.smtp().unwrap().tls, SmtpTls::None, "{host}");
    }
}

#[test]
fn outside_demo_mode_the_mailbox_is_off_unless_asked_for_and_smtp_is_required() {
    let err = parse_as(&[], false).unwrap_err();
    assert!(matches!(err, MailConfigError::NowhereToGo), "{err}");
    assert_eq!(err.var(), SMTP_HOST);
    assert!(err.to_string().starts_with(SMTP_HOST), "{err}");
    assert!(err.to_string().contains(DEV_MAILBOX), "{err}");
    // An SMS gateway alone is no way to send e-mail.
    assert!(parse_as(&[(SMS_GATEWAY_URL, GATEWAY), (SMS_GATEWAY_KEY, KEY)], false).is_err());

    let production = parse_as(&[(SMTP_HOST, "smtp.example.nl"), OWN_SENDER], false).unwrap();
    assert!(!production.dev_mailbox);
    let asked = parse_as(&[(DEV_MAILBOX, "true")], false).unwrap();
    assert!(asked.dev_mailbox);
    assert_eq!(asked.transport, MailTransportConfig::DevMailbox);
}

#[test]
fn nothing_set_in_demo_mode_is_the_development_mailbox() {
    let config = parse(&[]).unwrap();
    assert_eq!(config, MailConfig::default());
    assert_eq!(config.transport, MailTransportConfig::DevMailbox);
    assert!(config.dev_mailbox);
    assert_eq!(
        config.from.to_string(),
        "Middelpunt <noreply@middelpunt.localhost>"
    );
    assert_eq!(config.poll_interval, Duration::from_secs(1));
}

#[test]
fn an_smtp_host_means_smtp_with_starttls_on_587_and_no_dev_mailbox() {
    let config = parse_as(&[(SMTP_HOST, " smtp.example.nl "), OWN_SENDER], false).unwrap();
    assert_eq!(
        config.transport,
        MailTransportConfig::Smtp(SmtpConfig {
            host: "smtp.example.nl".into(),
            port: 587,
            tls: SmtpTls::StartTls,
            credentials: None,
        })
    );
    assert!(!config.dev_mailbox);
    let tls = parse(&[
        (SMTP_HOST, "smtp.example.nl"),
        (SMTP_TLS, "TLS"),
        OWN_SENDER,
    ])
    .unwrap();
    assert_eq!(tls.smtp().unwrap().port, 465);
    assert_eq!(tls.smtp().unwrap().tls, SmtpTls::Tls);
}

#[test]
fn every_variable_is_read_and_the_password_never_shows() {
    let config = parse(&[
        (SMTP_HOST, "127.0.0.1"),
        (SMTP_PORT, "2525"),
        (SMTP_TLS, "none"),
        (SMTP_USERNAME, "middelpunt"),
        (SMTP_PASSWORD, " geheim wachtwoord "),
        (MAIL_FROM, "Aanvragen <aanvragen@example.nl>"),
        (DEV_MAILBOX, "true"),
        (OUTBOX_POLL_MS, "50"),
    ])
    .unwrap();
    let smtp = config.smtp().unwrap();
    assert_eq!((smtp.host.as_str(), smtp.port), ("127.0.0.1", 2525));
    assert_eq!(smtp.tls, SmtpTls::None);
    let credentials = smtp.credentials.as_ref().unwrap();
    assert_eq!(credentials.username, "middelpunt");
    assert_eq!(credentials.password(), " geheim wachtwoord ");
    assert_eq!(config.from.email.to_string(), "aanvragen@example.nl");
    assert!(config.dev_mailbox);
    assert_eq!(config.poll_interval, Duration::from_millis(50));
    assert!(!format!("{config:?}").contains("geheim"));
}

#[test]
fn bad_values_name_their_variable() {
    let smtp = (SMTP_HOST, "smtp.example.nl");
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (SMTP_TLS, vec![smtp, (SMTP_TLS, "foo")]),
        (SMTP_PORT, vec![smtp, (SMTP_PORT, "0")]),
        (SMTP_PORT, vec![smtp, (SMTP_PORT, "smtp")]),
        (SMTP_PORT, vec![smtp, (SMTP_PORT, "70000")]),
        (SMTP_HOST, vec![(SMTP_HOST, "smtp://smtp.example.nl")]),
        (SMTP_HOST, vec![(SMTP_HOST, "smtp.example.nl:587")]),
        (SMTP_HOST, vec![(SMTP_HOST, "smtp example")]),
        (SMTP_PASSWORD, vec![smtp, (SMTP_USERNAME, "u")]),
        (SMTP_USERNAME, vec![smtp, (SMTP_PASSWORD, "p")]),
        (SMTP_PORT, vec![(SMTP_PORT, "587")]),
        (SMTP_TLS, vec![(SMTP_TLS, "tls")]),
        (MAIL_FROM, vec![(MAIL_FROM, "noreply at example")]),
        (DEV_MAILBOX, vec![(DEV_MAILBOX, "misschien")]),
        (SMTP_HOST, vec![(DEV_MAILBOX, "false")]),
        (OUTBOX_POLL_MS, vec![(OUTBOX_POLL_MS, "0")]),
        (OUTBOX_POLL_MS, vec![(OUTBOX_POLL_MS, "1s")]),
    ];
    for (var, vars) in cases {
        let err = parse(&vars).unwrap_err();
        assert_eq!(err.var(), var, "{vars:?}");
        assert!(err.to_string().starts_with(var), "{err}");
    }
    let err = parse(&[smtp, (SMTP_TLS, "foo")]).unwrap_err();
    assert!(err.to_string().contains("starttls"), "{err}");
}

const GATEWAY: &str = "https://sms.example.nl/v1/messages";
const KEY: &str = "sk_live_geheim_42";

#[test]
fn an_sms_gateway_needs_url_and_key_and_never_shows_the_key() {
    let config = parse(&[(SMS_GATEWAY_URL, GATEWAY), (SMS_GATEWAY_KEY, KEY)]).unwrap();
    let gateway = config.sms_gateway.as_ref().unwrap();
    assert_eq!(gateway.url().as_str(), GATEWAY);
    assert_eq!(gateway.api_key().expose(), KEY);
    assert_eq!(gateway.sender(), "Middelpunt", "the default sender");
    // E-mail is unaffected: still the development mailbox.
    assert_eq!(config.transport, MailTransportConfig::DevMailbox);
    assert!(config.dev_mailbox);
    let debug = format!("{config:?}");
    assert!(!debug.contains(KEY), "{debug}");
    assert!(debug.contains("sms.example.nl"), "{debug}");

    assert_eq!(parse(&[]).unwrap().sms_gateway, None);
    let with_sender = parse(&[
        (SMS_GATEWAY_URL, GATEWAY),
        (SMS_GATEWAY_KEY, KEY),
        (SMS_SENDER, " +31201234567 "),
    ])
    .unwrap();
    assert_eq!(with_sender.sms_gateway.unwrap().sender(), "+31201234567");
}

#[test]
fn sms_senders_are_short_names_or_international_numbers() {
    for good in [
        "Middelpunt",
        "KvK2026",
        "ABCDEFGHIJK",
        "x",
        "+31201234567",
        "+3197010203040",
    ] {
        assert_eq!(
            SmsGatewayConfig::new(GATEWAY, KEY, good).unwrap().sender(),
            good
        );
    }
    for (bad, reason) in [
        ("ABCDEFGHIJKL", "at most 11"),
        ("Middel punt", "only the letters"),
        ("Café", "only the letters"),
        ("Middelpunt!", "only the letters"),
        ("0201234567", "international form"),
        ("12345", "international form"),
        ("+0201234567", "international form"),
        ("+31 20 1234567", "international form"),
        ("+3112", "international form"),
        ("+3120123456789012", "international form"),
    ] {
        let err = SmsGatewayConfig::new(GATEWAY, KEY, bad).unwrap_err();
        assert_eq!(err.var(), SMS_SENDER, "{bad}");
        assert!(err.to_string().contains(reason), "{bad}: {err}");
    }
}

#[test]
fn the_gateway_url_is_https_or_local_http() {
    for good in [
        "https://sms.example.nl/v1/messages",
        "https://sms.example.nl:8443/",
        "http://127.0.0.1:9000/sms",
        "http://localhost:9000/sms",
        "http://LOCALHOST/sms",
        "http://[::1]:9000/sms",
    ] {
        assert!(
            SmsGatewayConfig::new(good, KEY, "Middelpunt").is_ok(),
            "{good}"
        );
    }
    for (bad, reason) in [
        ("http://sms.example.nl/v1/messages", "must be https"),
        ("http://10.0.0.5/sms", "must be https"),
        ("http://127.0.0.1.example.nl/sms", "must be https"),
        ("ftp://sms.example.nl/", "scheme must be https"),
        ("sms.example.nl/v1/messages", "does not parse"),
        ("https://user:pass@sms.example.nl/", "user or password"),
        ("https://sms.example.nl/send?key=abc", "query"),
        ("https://sms.example.nl/send#x", "fragment"),
    ] {
        let err = SmsGatewayConfig::new(bad, KEY, "Middelpunt").unwrap_err();
        assert_eq!(err.var(), SMS_GATEWAY_URL, "{bad}");
        assert!(err.to_string().contains(reason), "{bad}: {err}");
    }
    // A secret written into the URL does not reach the error (it is logged at start).
    for bad in [
        "https://user:topgeheim@sms.example.nl/",
        "https://sms.example.nl/send?key=topgeheim",
        "http://sms.example.nl/send?key=topgeheim",
    ] {
        let err = SmsGatewayConfig::new(bad, KEY, "Middelpunt").unwrap_err();
        assert!(!err.to_string().contains("topgeheim"), "{err}");
        assert!(err.to_string().contains("sms.example.nl"), "{err}");
    }
}

#[test]
fn an_unusable_gateway_key_is_refused_without_showing_it() {
    for bad in ["geheim\nregel", "sleutel-é-geheim"] {
        let err = SmsGatewayConfig::new(GATEWAY, bad, "Middelpunt").unwrap_err();
        assert_eq!(err.var(), SMS_GATEWAY_KEY);
        assert!(!err.to_string().contains("geheim"), "{err}");
    }
}

#[test]
fn the_sms_gateway_variables_go_together() {
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (SMS_GATEWAY_KEY, vec![(SMS_GATEWAY_URL, GATEWAY)]),
        (SMS_GATEWAY_URL, vec![(SMS_GATEWAY_KEY, KEY)]),
        (SMS_SENDER, vec![(SMS_SENDER, "Middelpunt")]),
        (
            SMS_GATEWAY_URL,
            vec![
                (SMS_GATEWAY_URL, "http://sms.example.nl/"),
                (SMS_GATEWAY_KEY, KEY),
            ],
        ),
        (
            SMS_SENDER,
            vec![
                (SMS_GATEWAY_URL, GATEWAY),
                (SMS_GATEWAY_KEY, KEY),
                (SMS_SENDER, "Middelpunt B.V."),
            ],
        ),
    ];
    for (var, vars) in cases {
        let err = parse(&vars).unwrap_err();
        assert_eq!(err.var(), var, "{vars:?}");
        assert!(err.to_string().starts_with(var), "{err}");
        assert!(!err.to_string().contains(KEY), "{err}");
    }
    let err = parse(&[(SMS_GATEWAY_URL, GATEWAY)]).unwrap_err();
    assert!(err.to_string().contains(SMS_GATEWAY_URL), "{err}");
}

#[test]
fn an_ipv6_host_is_fine() {
    let config = parse(&[(SMTP_HOST, "::1"), (SMTP_TLS, "none")]).unwrap();
    assert_eq!(config.smtp().unwrap().host, "::1");
}

#[test]
fn the_webhook_ca_file_is_optional_and_read_as_a_path() {
    assert_eq!(parse(&[]).unwrap().webhook_ca_file, None);
    let config = parse(&[(WEBHOOK_CA_FILE, " /etc/middelpunt/webhook-ca.pem ")]).unwrap();
    assert_eq!(
        config.webhook_ca_file.as_deref(),
        Some(std::path::Path::new("/etc/middelpunt/webhook-ca.pem"))
    );
}
