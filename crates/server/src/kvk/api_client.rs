//! [`KvkApiClient`]: KvK's API (Basisprofiel v1), <https://developers.kvk.nl/documentation>.
//!
//! One organisation takes two calls, with header `apikey`:
//!
//! 1. `GET {base}/v1/basisprofielen/{kvkNummer}`: `naam`, `_embedded.eigenaar.rechtsvorm` /
//!    `uitgebreideRechtsvorm`, and `_embedded.hoofdvestiging` with its `vestigingsnummer`,
//!    `eersteHandelsnaam` and `adressen[{type, indAfgeschermd, straatnaam, huisnummer, huisletter,
//!    huisnummerToevoeging, postcode, postbusnummer, plaats, land}]`. Organisations without a
//!    main branch (a VvE, a stichting without activities) have their addresses on `eigenaar`.
//! 2. `GET {base}/v1/basisprofielen/{kvkNummer}/vestigingen`: every branch with
//!    `vestigingsnummer`, `eersteHandelsnaam`, `indHoofdvestiging`, `indAdresAfgeschermd` and
//!    `volledigAdres` (one padded line, read back into its parts).
//!
//! An address is given out only when KvK says it is not shielded (`indAfgeschermd: "Nee"`).
//! 404 is [`KvkError::NotFound`], unless its `fout` says the data is temporarily unavailable
//! (IPD1002, IPD1003): then, like no connection, no answer within [`KvkApiClient::TIMEOUT`], a
//! 5xx, a 429 or a `fout` answer (KvK's error scenarios), it is [`KvkError::Unavailable`], also
//! on the branch list, whose branches are never silently dropped. 401 and 403 are
//! [`KvkError::KeyRefused`]; anything else is [`KvkError::InvalidResponse`]. The API key is never logged: the header is
//! marked sensitive and the client's `Debug` leaves it out.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode};
use domain::kvk::{BranchNumber, KvkNumber};
use domain::organisation::{Address, Branch, Organisation};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{KvkError, KvkRegister, KvkSetupError, OrganisationFuture};
use crate::config::ApiKey;

/// A client of KvK's API.
#[derive(Clone)]
pub struct KvkApiClient {
    http: reqwest::Client,
    base_url: String,
    api_key: HeaderValue,
    timeout: Duration,
}

impl fmt::Debug for KvkApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KvkApiClient")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl KvkApiClient {
    /// How long one call may take, connecting included.
    pub const TIMEOUT: Duration = Duration::from_secs(5);

    /// A client of the API at `base_url` (e.g. `https://api.kvk.nl/test/api`).
    pub fn new(base_url: &str, api_key: ApiKey) -> Result<KvkApiClient, KvkSetupError> {
        KvkApiClient::with_timeout(base_url, api_key, KvkApiClient::TIMEOUT)
    }

    /// [`KvkApiClient::new`] with another timeout (tests).
    pub fn with_timeout(
        base_url: &str,
        api_key: ApiKey,
        timeout: Duration,
    ) -> Result<KvkApiClient, KvkSetupError> {
        let mut api_key =
            HeaderValue::from_str(api_key.expose()).map_err(|_| KvkSetupError::InvalidApiKey)?;
        api_key.set_sensitive(true);
        let http = reqwest::Client::builder()
            .connect_timeout(timeout)
            .timeout(timeout)
            // A redirect would carry the `apikey` header elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Middelpunt/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(KvkApiClient {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_key,
            timeout,
        })
    }

    /// The organisation with `kvk_number` and its branches.
    pub async fn fetch(&self, kvk_number: &KvkNumber) -> Result<Organisation, KvkError> {
        let profile_url = format!("{}/v1/basisprofielen/{kvk_number}", self.base_url);
        let profile: Basisprofiel = self.get_json(&profile_url).await?;
        // Paid per call: the branch list only for an organisation that exists.
        let branches_url = format!("{profile_url}/vestigingen");
        let branches = match self.get_json::<VestigingList>(&branches_url).await {
            Ok(list) => list.vestigingen,
            // An organisation without branches.
            Err(KvkError::NotFound) => Vec::new(),
            Err(error) => return Err(error),
        };
        organisation(kvk_number, profile, branches)
    }

    /// One documented answer of `url`, trying again after a 429, a 5xx or a refused connection:
    /// at most [`MAX_ATTEMPTS`] calls, waiting [`backoff`] (or a 429's shorter `Retry-After`)
    /// between them and at most [`MAX_RETRY_WAIT`] in all. A timeout is not tried again: it
    /// already took [`KvkApiClient::TIMEOUT`], and the manager is waiting.
    async fn get_json<T: DeserializeOwned>(&self, url: &str) -> Result<T, KvkError> {
        let mut waited = Duration::ZERO;
        let mut attempt = 1;
        loop {
            let (error, wait) = match self.get_json_once(url).await {
                Ok(value) => return Ok(value),
                Err(Failed { error, retry }) => match retry {
                    Retry::No => return Err(error),
                    Retry::AfterBackoff => (error, backoff(attempt)),
                    Retry::After(wait) => (error, wait),
                },
            };
            match wait {
                wait if attempt < MAX_ATTEMPTS && waited + wait <= MAX_RETRY_WAIT => {
                    let wait_ms = wait.as_millis();
                    tracing::info!(attempt, wait_ms, %error, "KvK did not answer; trying again");
                    tokio::time::sleep(wait).await;
                    waited += wait;
                    attempt += 1;
                }
                _ => return Err(error),
            }
        }
    }

    async fn get_json_once<T: DeserializeOwned>(&self, url: &str) -> Result<T, Failed> {
        // Every call is paid: counted in the log (the path names the number, never the key).
        let paid = PAID_CALLS.fetch_add(1, Ordering::Relaxed) + 1;
        tracing::info!(paid_calls = paid, path = %url.trim_start_matches(&self.base_url), "KvK API call");
        let response = self
            .http
            .get(url)
            .header("apikey", self.api_key.clone())
            .header("accept", "application/hal+json, application/json")
            .send()
            .await
            .map_err(|error| self.transport_error(&error))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = response
            .bytes()
            .await
            .map_err(|error| self.transport_error(&error))?;
        let json: Option<Value> = serde_json::from_slice(&body).ok();
        let codes = json.as_ref().map(fout_codes).unwrap_or_default();
        let fout = json.as_ref().and_then(fout);
        match status {
            StatusCode::OK => {
                let json = json.ok_or_else(|| {
                    KvkError::InvalidResponse(format!("GET {url}: the answer is not JSON"))
                })?;
                // KvK's error scenarios can answer 200 with only a `fout` list.
                if let Some(fout) = fout.filter(|_| json.get("kvkNummer").is_none()) {
                    return Err(KvkError::Unavailable(format!("GET {url}: KvK says {fout}")).into());
                }
                serde_json::from_value(json).map_err(|error| {
                    KvkError::InvalidResponse(format!(
                        "GET {url}: not a documented answer: {error}"
                    ))
                    .into()
                })
            }
            StatusCode::NOT_FOUND
                if codes
                    .iter()
                    .any(|code| TEMPORARILY_UNAVAILABLE.contains(&code.as_str())) =>
            {
                let fout = fout.unwrap_or_default();
                Err(KvkError::Unavailable(format!("GET {url}: 404 but temporarily: {fout}")).into())
            }
            StatusCode::NOT_FOUND => Err(KvkError::NotFound.into()),
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                let fout = fout.map(|f| format!(": {f}")).unwrap_or_default();
                Err(KvkError::KeyRefused(format!("GET {url}: {status}{fout}")).into())
            }
            status if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS => {
                let fout = fout.map(|f| format!(": {f}")).unwrap_or_default();
                Err(Failed {
                    error: KvkError::Unavailable(format!("GET {url}: {status}{fout}")),
                    retry: retry_after.map_or(Retry::AfterBackoff, Retry::After),
                })
            }
            status => {
                let fout = fout.map(|f| format!(": {f}")).unwrap_or_default();
                Err(KvkError::InvalidResponse(format!("GET {url}: {status}{fout}")).into())
            }
        }
    }

    fn transport_error(&self, error: &reqwest::Error) -> Failed {
        if error.is_timeout() {
            KvkError::Unavailable(format!(
                "no answer within {} ms: {error}",
                self.timeout.as_millis()
            ))
            .into()
        } else {
            // No connection: quick to find out, so worth another try.
            Failed {
                error: KvkError::Unavailable(error.to_string()),
                retry: Retry::AfterBackoff,
            }
        }
    }
}

impl KvkRegister for KvkApiClient {
    fn organisation<'a>(&'a self, kvk_number: &'a KvkNumber) -> OrganisationFuture<'a> {
        Box::pin(self.fetch(kvk_number))
    }
}

/// Calls per lookup at most, when KvK answers 429 or 5xx or refuses the connection.
const MAX_ATTEMPTS: u32 = 3;

/// The wait before the second call.
const FIRST_BACKOFF: Duration = Duration::from_millis(250);

/// The most the tries of one call wait together: a manager is looking at a spinner.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(2);

/// A failed call, and whether another try may help.
#[derive(Debug)]
struct Failed {
    error: KvkError,
    retry: Retry,
}

/// Whether to call again after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retry {
    /// Another try would not change the answer.
    No,
    /// Try again after [`backoff`].
    AfterBackoff,
    /// Try again after KvK's `Retry-After`.
    After(Duration),
}

impl From<KvkError> for Failed {
    /// A failure that another try would not change.
    fn from(error: KvkError) -> Failed {
        Failed {
            error,
            retry: Retry::No,
        }
    }
}

/// The wait after the `attempt`th call: [`FIRST_BACKOFF`], three times as long after the second.
fn backoff(attempt: u32) -> Duration {
    FIRST_BACKOFF * 3_u32.saturating_pow(attempt.saturating_sub(1))
}

/// Calls to KvK's API since the process started, for the log (each one is paid).
static PAID_CALLS: AtomicU64 = AtomicU64::new(0);

/// KvK's codes for data that cannot be delivered now but exists: "temporarily unavailable" and
/// "try again in 5 minutes" (Basisprofiel API, `fout` codes).
const TEMPORARILY_UNAVAILABLE: [&str; 2] = ["IPD1002", "IPD1003"];

/// The codes of KvK's error list.
fn fout_codes(json: &Value) -> Vec<String> {
    json.get("fout")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.get("code").and_then(Value::as_str))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// KvK's error list, `{"fout":[{"code":"IPD0005","omschrijving":"…"}]}`, as one line.
fn fout(json: &Value) -> Option<String> {
    let items = json.get("fout")?.as_array()?;
    let text = items
        .iter()
        .map(|item| {
            let code = item.get("code").and_then(Value::as_str).unwrap_or("?");
            let text = item
                .get("omschrijving")
                .and_then(Value::as_str)
                .unwrap_or("");
            format!("{code} {text}").trim().to_owned()
        })
        .collect::<Vec<_>>()
        .join("; ");
    Some(text)
}

// KvK's JSON: only the fields Middelpunt reads; everything else is ignored.

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Basisprofiel {
    kvk_nummer: Option<String>,
    naam: Option<String>,
    statutaire_naam: Option<String>,
    #[serde(default)]
    handelsnamen: Vec<Handelsnaam>,
    #[serde(rename = "_embedded", default)]
    embedded: Embedded,
}

#[derive(Debug, Deserialize)]
struct Handelsnaam {
    naam: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Embedded {
    hoofdvestiging: Option<Hoofdvestiging>,
    eigenaar: Option<Eigenaar>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Hoofdvestiging {
    vestigingsnummer: Option<String>,
    eerste_handelsnaam: Option<String>,
    #[serde(default)]
    adressen: Vec<Adres>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Eigenaar {
    rechtsvorm: Option<String>,
    uitgebreide_rechtsvorm: Option<String>,
    #[serde(default)]
    adressen: Vec<Adres>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Adres {
    #[serde(rename = "type")]
    kind: Option<String>,
    ind_afgeschermd: Option<String>,
    straatnaam: Option<String>,
    huisnummer: Option<NumberOrText>,
    huisletter: Option<String>,
    huisnummer_toevoeging: Option<String>,
    postcode: Option<String>,
    postbusnummer: Option<NumberOrText>,
    plaats: Option<String>,
    land: Option<String>,
    /// Foreign addresses: street and number in one.
    straat_huisnummer: Option<String>,
    /// Foreign addresses: postcode and place in one.
    postcode_woonplaats: Option<String>,
}

/// `huisnummer` and `postbusnummer` are numbers in KvK's JSON; accept text too.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum NumberOrText {
    Number(u64),
    Text(String),
}

impl fmt::Display for NumberOrText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberOrText::Number(number) => write!(f, "{number}"),
            NumberOrText::Text(text) => f.write_str(text.trim()),
        }
    }
}

#[derive(Debug, Deserialize)]
struct VestigingList {
    #[serde(default)]
    vestigingen: Vec<VestigingBasis>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VestigingBasis {
    vestigingsnummer: Option<String>,
    eerste_handelsnaam: Option<String>,
    ind_hoofdvestiging: Option<String>,
    ind_adres_afgeschermd: Option<String>,
    volledig_adres: Option<String>,
}

/// KvK's "Ja"/"Nee"; anything else is no.
fn yes(indicator: Option<&str>) -> bool {
    indicator.is_some_and(|value| value.trim().eq_ignore_ascii_case("ja"))
}

/// Only an explicit "Nee" makes an address public: when in doubt, it stays shielded.
fn not_shielded(indicator: Option<&str>) -> bool {
    indicator.is_some_and(|value| value.trim().eq_ignore_ascii_case("nee"))
}

fn text(value: Option<&String>) -> Option<String> {
    value
        .map(|value| value.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|value| !value.is_empty())
}

fn organisation(
    requested: &KvkNumber,
    profile: Basisprofiel,
    list: Vec<VestigingBasis>,
) -> Result<Organisation, KvkError> {
    if let Some(number) = &profile.kvk_nummer
        && number.trim() != requested.as_str()
    {
        return Err(KvkError::InvalidResponse(format!(
            "asked for {requested}, got the basisprofiel of {number}"
        )));
    }
    let name = text(profile.naam.as_ref())
        .or_else(|| text(profile.statutaire_naam.as_ref()))
        .or_else(|| {
            profile
                .handelsnamen
                .iter()
                .find_map(|h| text(h.naam.as_ref()))
        })
        .ok_or_else(|| KvkError::InvalidResponse(format!("{requested} has no name")))?;
    let Embedded {
        hoofdvestiging,
        eigenaar,
    } = profile.embedded;
    let legal_form = eigenaar.as_ref().and_then(|eigenaar| {
        text(eigenaar.uitgebreide_rechtsvorm.as_ref())
            .or_else(|| text(eigenaar.rechtsvorm.as_ref()))
    });
    // The main branch's addresses; the owner's only when there is no main branch, so that a
    // shielded branch address is never replaced by another one.
    let adressen = match (&hoofdvestiging, &eigenaar) {
        (Some(main), _) => main.adressen.as_slice(),
        (None, Some(eigenaar)) => eigenaar.adressen.as_slice(),
        (None, None) => &[],
    };
    let visiting_address = find_address(adressen, &["bezoekadres"]);
    let postal_address = find_address(adressen, &["correspondentieadres", "postadres"]);

    let mut branches = Vec::new();
    if let Some(main) = &hoofdvestiging
        && let Some(number) = main.vestigingsnummer.as_deref().and_then(branch_number)
    {
        branches.push(Branch {
            branch_number: number,
            trade_name: text(main.eerste_handelsnaam.as_ref()).unwrap_or_else(|| name.clone()),
            is_main: true,
            visiting_address: visiting_address.clone(),
        });
    }
    for vestiging in list {
        let Some(number) = vestiging
            .vestigingsnummer
            .as_deref()
            .and_then(branch_number)
        else {
            tracing::warn!(kvk = %requested, "KvK listed a branch without a valid number; skipped");
            continue;
        };
        if branches.iter().any(|b| b.branch_number == number) {
            continue;
        }
        let visiting_address = if not_shielded(vestiging.ind_adres_afgeschermd.as_deref()) {
            vestiging
                .volledig_adres
                .as_deref()
                .and_then(parse_full_address)
        } else {
            None
        };
        branches.push(Branch {
            branch_number: number,
            trade_name: text(vestiging.eerste_handelsnaam.as_ref()).unwrap_or_else(|| name.clone()),
            is_main: yes(vestiging.ind_hoofdvestiging.as_deref()),
            visiting_address,
        });
    }
    // The main branch first; KvK's order otherwise.
    branches.sort_by_key(|branch| !branch.is_main);
    let main_branch = branches
        .iter()
        .find(|branch| branch.is_main)
        .map(|branch| branch.branch_number.clone());
    Ok(Organisation {
        kvk_number: requested.to_string(),
        name,
        legal_form,
        visiting_address,
        postal_address,
        main_branch,
        branches,
    })
}

fn branch_number(text: &str) -> Option<String> {
    BranchNumber::parse(text)
        .ok()
        .map(|number| number.to_string())
}

/// The first public address of one of `kinds`.
fn find_address(adressen: &[Adres], kinds: &[&str]) -> Option<Address> {
    adressen
        .iter()
        .filter(|adres| {
            adres
                .kind
                .as_deref()
                .is_some_and(|kind| kinds.iter().any(|k| kind.trim().eq_ignore_ascii_case(k)))
        })
        .filter(|adres| not_shielded(adres.ind_afgeschermd.as_deref()))
        .find_map(address)
}

/// One of KvK's `adressen`, as the domain's [`Address`]; `None` without a place.
fn address(adres: &Adres) -> Option<Address> {
    let po_box = adres
        .postbusnummer
        .as_ref()
        .map(ToString::to_string)
        .filter(|po_box| !po_box.is_empty());
    let (street, house_number) = if po_box.is_some() {
        // KvK writes `straatnaam: "Postbus"` for a PO box.
        (None, None)
    } else {
        let number = adres.huisnummer.as_ref().map(ToString::to_string);
        let parts = [
            number,
            text(adres.huisletter.as_ref()),
            text(adres.huisnummer_toevoeging.as_ref()),
        ];
        let house_number: Vec<String> = parts.into_iter().flatten().collect();
        let house_number = (!house_number.is_empty()).then(|| house_number.join(" "));
        let street =
            text(adres.straatnaam.as_ref()).or_else(|| text(adres.straat_huisnummer.as_ref()));
        (street, house_number)
    };
    let city = text(adres.plaats.as_ref()).or_else(|| text(adres.postcode_woonplaats.as_ref()))?;
    Some(Address {
        street,
        house_number,
        po_box,
        postcode: text(adres.postcode.as_ref()),
        city,
        country: text(adres.land.as_ref()),
    })
}

/// KvK's `volledigAdres`, street and place padded apart
/// (`"Hizzaarderlaan 3 A          8823SJ Lollum"`), read back into its parts.
fn parse_full_address(full: &str) -> Option<Address> {
    let tokens: Vec<&str> = full.split_whitespace().collect();
    // The postcode: `8823SJ`, or `8823 SJ` in two tokens.
    let postcode_at = (0..tokens.len()).find_map(|i| {
        let token = tokens[i];
        if is_postcode(token) {
            Some((i, 1, token.to_ascii_uppercase()))
        } else {
            let next = tokens.get(i + 1)?;
            let joined = format!("{token}{next}");
            is_postcode(&joined).then(|| (i, 2, joined.to_ascii_uppercase()))
        }
    });
    let (street_tokens, postcode, city_tokens) = match postcode_at {
        Some((i, len, postcode)) => (&tokens[..i], Some(postcode), &tokens[i + len..]),
        None => {
            // No Dutch postcode: "street number" and the place, padded apart.
            let parts: Vec<&str> = full
                .split("  ")
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .collect();
            let (street, place) = match parts.as_slice() {
                [street, .., place] => (*street, *place),
                _ => return None,
            };
            let street_tokens: Vec<&str> = street.split_whitespace().collect();
            let (street, house_number) = split_street(&street_tokens);
            return Some(Address {
                street,
                house_number,
                po_box: None,
                postcode: None,
                city: place.to_owned(),
                country: None,
            });
        }
    };
    let city = city_tokens.join(" ");
    if city.is_empty() {
        return None;
    }
    let (street, house_number, po_box) = match street_tokens {
        [postbus, number] if postbus.eq_ignore_ascii_case("postbus") => {
            (None, None, Some((*number).to_owned()))
        }
        _ => {
            let (street, house_number) = split_street(street_tokens);
            (street, house_number, None)
        }
    };
    Some(Address {
        street,
        house_number,
        po_box,
        postcode,
        city,
        country: Some("Nederland".to_owned()),
    })
}

/// `["Abebe", "Bikilalaan", "17", "M"]` → `("Abebe Bikilalaan", "17 M")`.
fn split_street(tokens: &[&str]) -> (Option<String>, Option<String>) {
    let number_at = tokens
        .iter()
        .skip(1)
        .position(|token| token.starts_with(|c: char| c.is_ascii_digit()))
        .map(|i| i + 1)
        .unwrap_or(tokens.len());
    let street = tokens[..number_at].join(" ");
    let number = tokens[number_at..].join(" ");
    (
        (!street.is_empty()).then_some(street),
        (!number.is_empty()).then_some(number),
    )
}

fn is_postcode(token: &str) -> bool {
    let bytes = token.as_bytes();
    bytes.len() == 6
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[0] != b'0'
        && bytes[4..].iter().all(u8::is_ascii_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_addresses_are_read_back_into_their_parts() {
        let address =
            parse_full_address("Hizzaarderlaan 3 A                                 8823SJ Lollum")
                .unwrap();
        assert_eq!(address.street.as_deref(), Some("Hizzaarderlaan"));
        assert_eq!(address.house_number.as_deref(), Some("3 A"));
        assert_eq!(address.postcode.as_deref(), Some("8823SJ"));
        assert_eq!(address.city, "Lollum");
        assert_eq!(address.one_line(), "Hizzaarderlaan 3 A, 8823 SJ Lollum");

        let two_words = parse_full_address("Abebe Bikilalaan 17 M   1034 WL Amsterdam").unwrap();
        assert_eq!(
            two_words.one_line(),
            "Abebe Bikilalaan 17 M, 1034 WL Amsterdam"
        );

        let po_box =
            parse_full_address("Postbus 200                         1000AE Rommeldam").unwrap();
        assert_eq!(po_box.one_line(), "Postbus 200, 1000 AE Rommeldam");

        let foreign = parse_full_address("Meir 24          2000 Antwerpen").unwrap();
        assert_eq!(foreign.street.as_deref(), Some("Meir"));
        assert_eq!(foreign.city, "2000 Antwerpen");

        assert_eq!(parse_full_address("   "), None);
        assert_eq!(parse_full_address("Lollum"), None);
    }

    #[test]
    fn house_numbers_keep_their_letter_and_addition() {
        let adres: Adres = serde_json::from_value(serde_json::json!({
            "type": "bezoekadres", "indAfgeschermd": "Nee", "straatnaam": "Abebe Bikilalaan",
            "huisnummer": 17, "huisletter": "M", "huisnummerToevoeging": "2",
            "postcode": "1034WL", "plaats": "Amsterdam", "land": "Nederland"
        }))
        .unwrap();
        let address = address(&adres).unwrap();
        assert_eq!(address.house_number.as_deref(), Some("17 M 2"));
        assert_eq!(address.po_box, None);
    }

    #[test]
    fn only_an_explicit_nee_makes_an_address_public() {
        let adressen: Vec<Adres> = serde_json::from_value(serde_json::json!([
            { "type": "bezoekadres", "indAfgeschermd": "Ja", "straatnaam": "Geheim", "plaats": "X" },
            { "type": "bezoekadres", "straatnaam": "Onbekend", "plaats": "Y" },
            { "type": "correspondentieadres", "indAfgeschermd": "Nee", "straatnaam": "Postbus",
              "postbusnummer": 51, "postcode": "6029ZH", "plaats": "Sterksel" }
        ]))
        .unwrap();
        assert_eq!(find_address(&adressen, &["bezoekadres"]), None);
        let postal = find_address(&adressen, &["correspondentieadres"]).unwrap();
        assert_eq!(postal.one_line(), "Postbus 51, 6029 ZH Sterksel");
    }
}
