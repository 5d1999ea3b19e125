//! `middelpunt-server kvk-smoke` (`cargo xtask kvk-smoke`): for whoever has a KvK API key. Asks
//! KvK's API, through Middelpunt's own client ([`KvkApiClient`]), for KvK's documented test
//! numbers, an unknown number and, once, with a deliberately wrong key, and prints a table of
//! what each answered beside what KvK documents. Exits 0 when every answer is as documented, 1
//! when one is not, 2 without a key or with wrong arguments. Never part of the tests: it needs
//! the network and a key.

use std::fmt;

use domain::kvk::KvkNumber;
use domain::organisation::Organisation;

use super::{KvkApiClient, KvkError, KvkSetupError};
use crate::config::{ApiKey, DEFAULT_KVK_BASE_URL, KVK_API_KEY, KVK_BASE_URL};

/// How to call it.
pub const USAGE: &str = "usage: middelpunt-server kvk-smoke [--base-url URL] [KVK_NUMBER …]\n\
     Asks KvK's API (MIDDELPUNT_KVK_BASE_URL, default https://api.kvk.nl/test/api) with the key \
     in MIDDELPUNT_KVK_API_KEY for KvK's test numbers, an unknown number and once with a wrong \
     key; KVK_NUMBERs are asked too.";

/// KvK's production API, where every lookup is paid.
const PRODUCTION_BASE_URL: &str = "https://api.kvk.nl/api";

/// The key sent for the lookup that must be refused.
const WRONG_KEY: &str = "middelpunt-kvk-smoke-deliberately-wrong-key";

/// What a lookup answered, as the table says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The organisation, not ended.
    Found,
    /// The organisation, which the register lists as ended.
    Ended,
    /// No such organisation.
    NotFound,
    /// The register cannot answer now (an outage, a timeout, one of KvK's error scenarios).
    Unavailable,
    /// The key was refused.
    KeyRefused,
    /// An answer not as documented.
    Invalid,
}

impl Answer {
    fn as_str(self) -> &'static str {
        match self {
            Answer::Found => "found",
            Answer::Ended => "ended",
            Answer::NotFound => "not found",
            Answer::Unavailable => "unavailable",
            Answer::KeyRefused => "refused key",
            Answer::Invalid => "invalid answer",
        }
    }
}

/// One lookup to make: a number, what KvK documents for it, and what it should answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub number: KvkNumber,
    pub documented: String,
    /// `None` for a number given on the command line: whatever it answers.
    pub expected: Option<Answer>,
    /// Asked with [`WRONG_KEY`] instead of the key.
    pub wrong_key: bool,
}

/// KvK's documented test numbers (developers.kvk.nl/documentation/testing; domain.md 4.4), an
/// unknown one, and Test BV Donald once more with a wrong key.
const PROBES: [(&str, &str, Answer, bool); 8] = [
    ("68750110", "BV, Test BV Donald", Answer::Found, false),
    (
        "69599084",
        "eenmanszaak, Test EMZ Dagobert",
        Answer::Found,
        false,
    ),
    (
        "90000749",
        "vereniging van eigenaars, no branch",
        Answer::Found,
        false,
    ),
    ("90004973", "error scenario", Answer::Unavailable, false),
    ("90002903", "error scenario", Answer::Unavailable, false),
    ("96354429", "coöperatie, inactive", Answer::Ended, false),
    ("12345678", "no test number", Answer::NotFound, false),
    ("68750110", "with a wrong key", Answer::KeyRefused, true),
];

/// What to ask, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Smoke {
    pub base_url: String,
    pub api_key: ApiKey,
    pub probes: Vec<Probe>,
}

/// Why the smoke test cannot run.
#[derive(Debug, thiserror::Error)]
pub enum SmokeError {
    #[error(
        "{KVK_API_KEY} is not set: kvk-smoke asks KvK's API and needs a key (for KvK's test \
         environment, the public test key on https://developers.kvk.nl/documentation/testing); \
         nothing was asked"
    )]
    NoKey,
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Config(#[from] crate::config::ConfigError),
    #[error("{0}")]
    Setup(#[from] KvkSetupError),
}

/// Reads the arguments after `kvk-smoke` and the environment (`env`).
pub fn parse(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Smoke, SmokeError> {
    let mut base_url = env(KVK_BASE_URL);
    let mut extra = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--base-url" => {
                let url = args
                    .next()
                    .ok_or_else(|| SmokeError::Usage("--base-url needs a URL".to_owned()))?;
                base_url = Some(url.clone());
            }
            "-h" | "--help" => return Err(SmokeError::Usage("help".to_owned())),
            number => {
                let parsed = KvkNumber::parse(number).map_err(|error| {
                    SmokeError::Usage(format!("{number:?} is no KvK number: {error}"))
                })?;
                extra.push(Probe {
                    number: parsed,
                    documented: "asked for".to_owned(),
                    expected: None,
                    wrong_key: false,
                });
            }
        }
    }
    let api_key = env(KVK_API_KEY)
        .map(|key| key.trim().to_owned())
        .filter(|key| !key.is_empty())
        .ok_or(SmokeError::NoKey)?;
    let base_url = match base_url {
        Some(url) => crate::config::kvk_base_url(url)?,
        None => DEFAULT_KVK_BASE_URL.to_owned(),
    };
    let mut probes: Vec<Probe> = PROBES
        .iter()
        .map(|&(number, documented, expected, wrong_key)| Probe {
            number: KvkNumber::parse(number).expect("the probes are 8-digit KvK numbers"),
            documented: documented.to_owned(),
            expected: Some(expected),
            wrong_key,
        })
        .collect();
    probes.extend(extra);
    Ok(Smoke {
        base_url,
        api_key: ApiKey::new(api_key),
        probes,
    })
}

/// One line of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub probe: Probe,
    pub answer: Answer,
    pub name: String,
    pub branches: String,
    pub ended_on: String,
    /// Why, for an answer without an organisation (never the key).
    pub detail: String,
}

impl Row {
    /// The row of `probe`'s `result`.
    pub fn new(probe: Probe, result: Result<Organisation, KvkError>) -> Row {
        let blank = || "—".to_owned();
        let (answer, detail) = match &result {
            Ok(organisation) if organisation.ended_on.is_some() => (Answer::Ended, String::new()),
            Ok(_) => (Answer::Found, String::new()),
            Err(KvkError::NotFound) => (Answer::NotFound, String::new()),
            Err(KvkError::Unavailable(reason)) => (Answer::Unavailable, reason.clone()),
            Err(KvkError::KeyRefused(reason)) => (Answer::KeyRefused, reason.clone()),
            Err(KvkError::InvalidResponse(reason)) => (Answer::Invalid, reason.clone()),
        };
        let organisation = result.ok();
        Row {
            probe,
            answer,
            name: organisation.as_ref().map_or_else(blank, |o| o.name.clone()),
            branches: organisation
                .as_ref()
                .map_or_else(blank, |o| o.branches.len().to_string()),
            ended_on: organisation
                .as_ref()
                .and_then(|o| o.ended_on)
                .map_or_else(blank, |on| on.to_dutch()),
            detail,
        }
    }

    /// Whether it answered as KvK documents (a number of the command line always does).
    pub fn as_expected(&self) -> bool {
        self.probe
            .expected
            .is_none_or(|expected| expected == self.answer)
    }
}

/// The rows as an aligned table, with a line saying how many answered as documented.
pub struct Table<'a>(pub &'a [Row]);

impl fmt::Display for Table<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header = [
            "KvK number",
            "KvK documents",
            "answer",
            "as documented",
            "name",
            "branches",
            "ended on",
            "detail",
        ];
        let lines: Vec<[String; 8]> = self
            .0
            .iter()
            .map(|row| {
                [
                    row.probe.number.to_string(),
                    row.probe.documented.clone(),
                    row.answer.as_str().to_owned(),
                    match row.probe.expected {
                        None => "—".to_owned(),
                        Some(_) if row.as_expected() => "yes".to_owned(),
                        Some(expected) => format!("NO (expected {})", expected.as_str()),
                    },
                    row.name.clone(),
                    row.branches.clone(),
                    row.ended_on.clone(),
                    row.detail.clone(),
                ]
            })
            .collect();
        let mut widths = header.map(|h| h.chars().count());
        for line in &lines {
            for (width, cell) in widths.iter_mut().zip(line) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let write_line = |f: &mut fmt::Formatter<'_>, cells: &[&str]| -> fmt::Result {
            let mut text = String::new();
            for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
                if i + 1 == cells.len() {
                    text.push_str(cell);
                } else {
                    let pad = width - cell.chars().count();
                    text.push_str(cell);
                    text.push_str(&" ".repeat(pad + 2));
                }
            }
            writeln!(f, "{}", text.trim_end())
        };
        write_line(f, &header)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        write_line(f, &rule.iter().map(String::as_str).collect::<Vec<_>>())?;
        for line in &lines {
            write_line(f, &line.iter().map(String::as_str).collect::<Vec<_>>())?;
        }
        let documented = self.0.iter().filter(|row| row.probe.expected.is_some());
        let (total, good) = documented.fold((0, 0), |(total, good), row| {
            (total + 1, good + usize::from(row.as_expected()))
        });
        writeln!(f, "\n{good} of {total} answered as KvK documents.")
    }
}

/// Asks every probe of `smoke`, one after another; the rows in order.
pub async fn run(smoke: &Smoke) -> Result<Vec<Row>, SmokeError> {
    let client = KvkApiClient::new(&smoke.base_url, smoke.api_key.clone())?;
    let wrong = KvkApiClient::new(&smoke.base_url, ApiKey::new(WRONG_KEY))?;
    let mut rows = Vec::with_capacity(smoke.probes.len());
    for probe in &smoke.probes {
        let asked = if probe.wrong_key { &wrong } else { &client };
        let result = asked.fetch(&probe.number).await;
        rows.push(Row::new(probe.clone(), result));
    }
    Ok(rows)
}

/// The lines printed before the table: where it asks, and whether that costs money.
pub fn preamble(smoke: &Smoke) -> String {
    let mut text = format!(
        "Asking KvK's API at {} with Middelpunt's client ({} lookups).",
        smoke.base_url,
        smoke.probes.len()
    );
    if smoke.base_url == PRODUCTION_BASE_URL {
        text.push_str(
            "\nThis is KvK's production API: every lookup that finds an organisation is paid \
             (two calls: the profile and its branches).",
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::RegisterDate;
    use domain::organisation::Branch;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    fn args(args: &[&str]) -> Vec<String> {
        args.iter().map(|a| (*a).to_owned()).collect()
    }

    #[test]
    fn without_a_key_nothing_is_asked_and_it_says_why() {
        for vars in [&[][..], &[(KVK_API_KEY, "  ")][..]] {
            let error = parse(&[], env(vars)).unwrap_err();
            assert!(matches!(error, SmokeError::NoKey), "{error:?}");
            let message = error.to_string();
            assert!(
                message.contains("MIDDELPUNT_KVK_API_KEY is not set"),
                "{message}"
            );
        }
    }

    #[test]
    fn asks_the_test_environment_for_kvks_test_numbers_unless_told_otherwise() {
        let smoke = parse(&[], env(&[(KVK_API_KEY, " l7xx-key ")])).unwrap();
        assert_eq!(smoke.base_url, "https://api.kvk.nl/test/api");
        assert_eq!(smoke.api_key.expose(), "l7xx-key");
        let numbers: Vec<(&str, bool)> = smoke
            .probes
            .iter()
            .map(|p| (p.number.as_str(), p.wrong_key))
            .collect();
        assert_eq!(
            numbers,
            [
                ("68750110", false),
                ("69599084", false),
                ("90000749", false),
                ("90004973", false),
                ("90002903", false),
                ("96354429", false),
                ("12345678", false),
                ("68750110", true),
            ]
        );
        assert!(!preamble(&smoke).contains("paid"));

        let vars = [
            (KVK_API_KEY, "k"),
            (KVK_BASE_URL, "https://api.kvk.nl/api/"),
        ];
        let production = parse(&args(&["6875 0110"]), env(&vars)).unwrap();
        assert_eq!(production.base_url, PRODUCTION_BASE_URL);
        assert!(preamble(&production).contains("paid"));
        let last = production.probes.last().unwrap();
        assert_eq!((last.number.as_str(), last.expected), ("68750110", None));

        let flag = parse(
            &args(&["--base-url", "http://127.0.0.1:9/test/api"]),
            env(&vars),
        )
        .unwrap();
        assert_eq!(flag.base_url, "http://127.0.0.1:9/test/api");
    }

    #[test]
    fn wrong_arguments_are_refused() {
        let vars = [(KVK_API_KEY, "k")];
        for bad in [
            &["--base-url"][..],
            &["1234"][..],
            &["--base-url", "ftp://x"][..],
        ] {
            let error = parse(&args(bad), env(&vars)).unwrap_err();
            assert!(
                matches!(error, SmokeError::Usage(_) | SmokeError::Config(_)),
                "{bad:?}: {error:?}"
            );
        }
        assert!(matches!(
            parse(&args(&["--help"]), env(&vars)),
            Err(SmokeError::Usage(_))
        ));
    }

    fn probe(number: &str, expected: Option<Answer>) -> Probe {
        Probe {
            number: KvkNumber::parse(number).unwrap(),
            documented: "doc".to_owned(),
            expected,
            wrong_key: false,
        }
    }

    fn organisation(ended_on: Option<&str>) -> Organisation {
        Organisation {
            kvk_number: "96354429".into(),
            name: "Coöperatie".into(),
            legal_form: None,
            visiting_address: None,
            postal_address: None,
            main_branch: None,
            branches: vec![Branch {
                branch_number: "990001987781".into(),
                trade_name: "Coöperatie".into(),
                is_main: true,
                visiting_address: None,
            }],
            ended_on: ended_on.map(|on| RegisterDate::parse_iso(on).unwrap()),
        }
    }

    #[test]
    fn the_table_says_what_each_answered_and_whether_as_documented() {
        let rows = vec![
            Row::new(
                probe("96354429", Some(Answer::Ended)),
                Ok(organisation(Some("2024-03-01"))),
            ),
            Row::new(
                probe("68750110", Some(Answer::Found)),
                Err(KvkError::KeyRefused("GET …: 401".into())),
            ),
            Row::new(probe("12345678", None), Err(KvkError::NotFound)),
        ];
        assert!(rows[0].as_expected() && !rows[1].as_expected() && rows[2].as_expected());
        let table = Table(&rows).to_string();
        let lines: Vec<&str> = table.lines().collect();
        assert!(
            lines[0].starts_with("KvK number  KvK documents  answer"),
            "{table}"
        );
        assert!(lines[1].starts_with("----------  "), "{table}");
        assert_eq!(
            lines[2],
            "96354429    doc            ended        yes                  Coöperatie  1         01-03-2024"
        );
        assert!(
            lines[3].contains("refused key  NO (expected found)")
                && lines[3].ends_with("GET …: 401"),
            "{table}"
        );
        assert!(lines[4].contains("not found    —"), "{table}");
        assert_eq!(lines.last(), Some(&"1 of 2 answered as KvK documents."));
    }
}
