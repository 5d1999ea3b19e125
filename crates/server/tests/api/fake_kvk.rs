//! A fake of KvK's API on 127.0.0.1 for the KvK client's tests: answers as KvK's test
//! environment does (recorded answers, open-formulieren/open-forms contrib/kvk/tests/files),
//! checks the `apikey` header, and has numbers that fail, stall or answer nonsense.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// The key the fake accepts.
pub const API_KEY: &str = "l7xx-fake-test-key";

/// A number the fake answers only after [`SLOW`].
pub const SLOW_NUMBER: &str = "66666666";
pub const SLOW: Duration = Duration::from_secs(3);
/// A number the fake answers with HTML instead of JSON.
pub const GARBAGE_NUMBER: &str = "55555555";
/// Answers its profile with 404 and IPD1002: the data exists but is temporarily unavailable.
pub const PROFILE_AWAY_NUMBER: &str = "44444444";
/// Answers its profile, but its branch list with 404 and IPD1003 ("try again in 5 minutes").
pub const BRANCHES_AWAY_NUMBER: &str = "33333333";
/// Answers its profile with 503 twice, then as 68750110 does.
pub const FLAKY_NUMBER: &str = "22222222";
/// Always answers 429 with `Retry-After: 1`.
pub const BUSY_NUMBER: &str = "11111111";
/// KvK's inactive test case: `materieleRegistratie.datumEinde` 20240301 (the embedded register's
/// demo data in KvK's documented shape).
pub const ENDED_NUMBER: &str = "96354429";
/// An owner deregistered in May 2023 (`datumUitschrijving: "20230500"`, the day unknown), with
/// a `datumEinde` still to come.
pub const DEREGISTERED_NUMBER: &str = "77777777";

/// A running fake. Stops with the test's runtime.
pub struct FakeKvk {
    /// Like `https://api.kvk.nl/test/api`: `http://127.0.0.1:PORT/test/api`.
    pub base_url: String,
    /// Every request: its path and the `apikey` it carried.
    pub requests: Requests,
    /// Numbers whose profile says they ended, with KvK's `datumEinde` (`yyyymmdd`).
    ended: Ended,
}

impl FakeKvk {
    /// From now on the profile of `number` (68750110 or 69599084) answers `datumEinde: on`: the
    /// organisation ended after orders were placed.
    pub fn end(&self, number: &str, on: &str) {
        self.ended
            .lock()
            .unwrap()
            .insert(number.to_owned(), on.to_owned());
    }

    pub fn paths(&self) -> Vec<String> {
        let requests = self.requests.lock().unwrap();
        requests.iter().map(|(path, _)| path.clone()).collect()
    }
}

/// A request's path and the `apikey` it carried.
pub type Seen = (String, Option<String>);
pub type Requests = Arc<Mutex<Vec<Seen>>>;
type Ended = Arc<Mutex<HashMap<String, String>>>;

/// What the fake's handlers share.
#[derive(Clone, Default)]
struct Shared {
    requests: Requests,
    ended: Ended,
}

pub async fn start() -> FakeKvk {
    let shared = Shared::default();
    let app = Router::new()
        .route("/test/api/v1/basisprofielen/{kvk}", get(basisprofiel))
        .route(
            "/test/api/v1/basisprofielen/{kvk}/vestigingen",
            get(vestigingen),
        )
        .with_state(shared.clone());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}/test/api", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    FakeKvk {
        base_url,
        requests: shared.requests,
        ended: shared.ended,
    }
}

/// A base URL where nothing listens.
pub async fn unreachable_base_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/test/api")
}

fn hal(status: StatusCode, body: Value) -> Response {
    (
        status,
        [("content-type", "application/hal+json")],
        body.to_string(),
    )
        .into_response()
}

fn fout(status: StatusCode, code: &str, omschrijving: &str) -> Response {
    hal(
        status,
        json!({ "fout": [{ "code": code, "omschrijving": omschrijving }] }),
    )
}

/// Records the request; `Err` with a 401 when the key is wrong. KvK's API gateway checks the
/// key before the register is asked, and KvK does not document that answer's body (it is not
/// the register's `fout` list with an IPD code): the fake says no more than the status, so the
/// client must go by the status alone.
fn check(requests: &Requests, path: String, headers: &HeaderMap) -> Result<(), Box<Response>> {
    let key = headers
        .get("apikey")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let ok = key.as_deref() == Some(API_KEY);
    requests.lock().unwrap().push((path, key));
    if ok {
        Ok(())
    } else {
        Err(Box::new(
            (
                StatusCode::UNAUTHORIZED,
                [("content-type", "text/plain")],
                "Unauthorized",
            )
                .into_response(),
        ))
    }
}

async fn basisprofiel(
    State(Shared { requests, ended }): State<Shared>,
    Path(kvk): Path<String>,
    headers: HeaderMap,
) -> Response {
    let response = profile(&requests, &kvk, &headers).await;
    let ended_on = ended.lock().unwrap().get(&kvk).cloned();
    match ended_on {
        Some(on) if response.status() == StatusCode::OK => {
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap();
            let mut profile: Value = serde_json::from_slice(&body).unwrap();
            profile["materieleRegistratie"]["datumEinde"] = json!(on);
            hal(StatusCode::OK, profile)
        }
        _ => response,
    }
}

async fn profile(requests: &Requests, kvk: &str, headers: &HeaderMap) -> Response {
    let path = format!("/v1/basisprofielen/{kvk}");
    if let Err(refused) = check(requests, path.clone(), headers) {
        return *refused;
    }
    let asked = requests
        .lock()
        .unwrap()
        .iter()
        .filter(|(seen, _)| *seen == path)
        .count();
    match kvk {
        FLAKY_NUMBER if asked <= 2 => fout(
            StatusCode::SERVICE_UNAVAILABLE,
            "IPD9999",
            "De dienst is tijdelijk niet beschikbaar.",
        ),
        FLAKY_NUMBER => {
            let mut profile = donald();
            profile["kvkNummer"] = json!(FLAKY_NUMBER);
            hal(StatusCode::OK, profile)
        }
        BUSY_NUMBER => (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "1")],
            json!({ "fout": [{ "code": "IPD9998", "omschrijving": "Te veel verzoeken." }] })
                .to_string(),
        )
            .into_response(),
        "68750110" => hal(StatusCode::OK, donald()),
        "69599084" => hal(StatusCode::OK, dagobert()),
        PROFILE_AWAY_NUMBER => fout(
            StatusCode::NOT_FOUND,
            "IPD1002",
            "De gegevens zijn tijdelijk niet beschikbaar.",
        ),
        BRANCHES_AWAY_NUMBER => {
            let mut profile = donald();
            profile["kvkNummer"] = json!(BRANCHES_AWAY_NUMBER);
            hal(StatusCode::OK, profile)
        }
        "90001354" => hal(StatusCode::OK, shielded()),
        "90000749" => hal(StatusCode::OK, vve()),
        ENDED_NUMBER => hal(StatusCode::OK, ended()),
        DEREGISTERED_NUMBER => {
            let mut profile = ended();
            profile["kvkNummer"] = json!(DEREGISTERED_NUMBER);
            profile["materieleRegistratie"]["datumEinde"] = json!("20991231");
            profile["_embedded"]["eigenaar"]["datumUitschrijving"] = json!("20230500");
            hal(StatusCode::OK, profile)
        }
        // KvK's error scenarios: a server error, or an answer that is only an error.
        "90002903" => fout(
            StatusCode::INTERNAL_SERVER_ERROR,
            "IPD9999",
            "Er is een technische fout opgetreden.",
        ),
        "90004973" => fout(
            StatusCode::OK,
            "IPD1999",
            "Het product kan op dit moment niet worden geleverd.",
        ),
        GARBAGE_NUMBER => (
            StatusCode::OK,
            [("content-type", "text/html")],
            "<html>Onderhoud</html>",
        )
            .into_response(),
        SLOW_NUMBER => {
            tokio::time::sleep(SLOW).await;
            hal(StatusCode::OK, donald())
        }
        other => fout(
            StatusCode::NOT_FOUND,
            "IPD0005",
            &format!("Op basis van het KVK-nummer {other} kan het product niet worden geleverd."),
        ),
    }
}

async fn vestigingen(
    State(Shared { requests, .. }): State<Shared>,
    Path(kvk): Path<String>,
    headers: HeaderMap,
) -> Response {
    let path = format!("/v1/basisprofielen/{kvk}/vestigingen");
    if let Err(refused) = check(&requests, path, &headers) {
        return *refused;
    }
    let list = |vestigingen: Value| {
        let total = vestigingen.as_array().map_or(0, Vec::len);
        json!({
            "kvkNummer": kvk,
            "aantalCommercieleVestigingen": total,
            "aantalNietCommercieleVestigingen": 0,
            "totaalAantalVestigingen": total,
            "vestigingen": vestigingen,
            "links": [{ "rel": "self", "href": format!("https://api.kvk.nl/test/api/v1/basisprofielen/{kvk}/vestigingen") }]
        })
    };
    match kvk.as_str() {
        "68750110" => hal(
            StatusCode::OK,
            list(json!([
                {
                    "vestigingsnummer": "000037178598",
                    "kvkNummer": "68750110",
                    "eersteHandelsnaam": "Test BV Donald",
                    "indHoofdvestiging": "Ja",
                    "indAdresAfgeschermd": "Nee",
                    "indCommercieleVestiging": "Ja",
                    "volledigAdres": "Hizzaarderlaan 3 A                                 8823SJ Lollum"
                },
                {
                    "vestigingsnummer": "000037178601",
                    "kvkNummer": "68750110",
                    "eersteHandelsnaam": "Test BV Donald Nevenvestiging",
                    "indHoofdvestiging": "Nee",
                    "indAdresAfgeschermd": "Nee",
                    "indCommercieleVestiging": "Ja",
                    "volledigAdres": "Brinkerinckbaan 35                                 7431BR Diepenveen"
                }
            ])),
        ),
        "69599084" => hal(
            StatusCode::OK,
            list(json!([
                {
                    "vestigingsnummer": "000038509520",
                    "kvkNummer": "69599084",
                    "eersteHandelsnaam": "Test EMZ Nevenvestiging Govert",
                    "indHoofdvestiging": "Nee",
                    "indAdresAfgeschermd": "Nee",
                    "indCommercieleVestiging": "Ja",
                    "volledigAdres": "Geneinde 4                                 6223GT Maastricht"
                },
                {
                    "vestigingsnummer": "000038509504",
                    "kvkNummer": "69599084",
                    "eersteHandelsnaam": "Test EMZ Dagobert",
                    "indHoofdvestiging": "Ja",
                    "indAdresAfgeschermd": "Nee",
                    "indCommercieleVestiging": "Ja",
                    "volledigAdres": "Abebe Bikilalaan 17 M                                 1034WL Amsterdam"
                }
            ])),
        ),
        "90001354" => hal(
            StatusCode::OK,
            list(json!([
                {
                    "vestigingsnummer": "990000541921",
                    "kvkNummer": "90001354",
                    "eersteHandelsnaam": "Grand Joyflex B.V.",
                    "indHoofdvestiging": "Ja",
                    "indAdresAfgeschermd": "Ja",
                    "indCommercieleVestiging": "Ja",
                    "volledigAdres": "Geheime Laan 1                                 6029AA Sterksel"
                }
            ])),
        ),
        "90000749" => hal(StatusCode::OK, list(json!([]))),
        ENDED_NUMBER | DEREGISTERED_NUMBER => hal(
            StatusCode::OK,
            list(json!([
                {
                    "vestigingsnummer": "990001987781",
                    "kvkNummer": kvk,
                    "eersteHandelsnaam": "Global Stimflex Coöperatie U.A.",
                    "indHoofdvestiging": "Ja",
                    "indAdresAfgeschermd": "Nee",
                    "indCommercieleVestiging": "Ja",
                    "volledigAdres": "Vismarkt 12                                 9712CB Groningen"
                }
            ])),
        ),
        FLAKY_NUMBER => hal(StatusCode::OK, list(json!([]))),
        BRANCHES_AWAY_NUMBER => fout(
            StatusCode::NOT_FOUND,
            "IPD1003",
            "Probeer het over 5 minuten opnieuw.",
        ),
        _ => fout(
            StatusCode::NOT_FOUND,
            "IPD0005",
            "Het product kan niet worden geleverd.",
        ),
    }
}

/// Basisprofiel 68750110 as recorded (open-forms `basisprofiel_detail`, `links` as an array).
fn donald() -> Value {
    json!({
        "kvkNummer": "68750110",
        "indNonMailing": "Ja",
        "naam": "Test BV Donald",
        "formeleRegistratiedatum": "20170519",
        "materieleRegistratie": { "datumAanvang": "20170519" },
        "totaalWerkzamePersonen": 1,
        "statutaireNaam": "Test BV Donald",
        "handelsnamen": [{ "naam": "Test BV Donald", "volgorde": 0 }],
        "sbiActiviteiten": [
            { "sbiCode": "01241", "sbiOmschrijving": "Teelt van appels en peren", "indHoofdactiviteit": "Ja" }
        ],
        "links": [
            { "rel": "self", "href": "https://api.kvk.nl/test/api/v1/basisprofielen/68750110" },
            { "rel": "vestigingen", "href": "https://api.kvk.nl/test/api/v1/basisprofielen/68750110/vestigingen" }
        ],
        "_embedded": {
            "hoofdvestiging": {
                "vestigingsnummer": "000037178598",
                "kvkNummer": "68750110",
                "formeleRegistratiedatum": "20200210",
                "materieleRegistratie": { "datumAanvang": "20140210" },
                "eersteHandelsnaam": "Test BV Donald",
                "indHoofdvestiging": "Ja",
                "indCommercieleVestiging": "Ja",
                "totaalWerkzamePersonen": 1,
                "adressen": [
                    {
                        "type": "correspondentieadres",
                        "indAfgeschermd": "Nee",
                        "volledigAdres": "Postbus 200                                 1000AE Rommeldam",
                        "straatnaam": "Postbus",
                        "postcode": "1000AE",
                        "postbusnummer": 200,
                        "plaats": "Rommeldam",
                        "land": "Nederland"
                    },
                    {
                        "type": "bezoekadres",
                        "indAfgeschermd": "Nee",
                        "volledigAdres": "Hizzaarderlaan 3 A                                 8823SJ Lollum",
                        "straatnaam": "Hizzaarderlaan",
                        "huisnummer": 3,
                        "huisnummerToevoeging": "A",
                        "postcode": "8823SJ",
                        "plaats": "Lollum",
                        "land": "Nederland"
                    }
                ],
                "links": [
                    { "rel": "self", "href": "https://api.kvk.nl/test/api/v1/basisprofielen/68750110/hoofdvestiging" }
                ]
            },
            "eigenaar": {
                "rsin": "857587973",
                "rechtsvorm": "Besloten vennootschap met gewone structuur",
                "uitgebreideRechtsvorm": "Besloten vennootschap met gewone structuur",
                "links": [
                    { "rel": "self", "href": "https://api.kvk.nl/test/api/v1/basisprofielen/68750110/eigenaar" }
                ]
            }
        }
    })
}

/// Basisprofiel 69599084 as recorded in August 2025 (`_links` as an object, a `huisletter`).
fn dagobert() -> Value {
    json!({
        "kvkNummer": "69599084",
        "indNonMailing": "Ja",
        "naam": "Test EMZ Dagobert",
        "formeleRegistratiedatum": "20170710",
        "materieleRegistratie": { "datumAanvang": "20170108" },
        "totaalWerkzamePersonen": 1,
        "handelsnamen": [
            { "naam": "Test EMZ Dagobert", "volgorde": 0 },
            { "naam": "Tweede handelsnaam 1MZ", "volgorde": 1 },
            { "naam": "Test EMZ Nevenvestiging Govert", "volgorde": 4 }
        ],
        "_links": {
            "self": { "href": "https://api.kvk.nl/test/api/v1/basisprofielen/69599084" },
            "vestigingen": { "href": "https://api.kvk.nl/test/api/v1/basisprofielen/69599084/vestigingen" }
        },
        "_embedded": {
            "hoofdvestiging": {
                "vestigingsnummer": "000038509504",
                "kvkNummer": "69599084",
                "eersteHandelsnaam": "Test EMZ Dagobert",
                "indHoofdvestiging": "Ja",
                "indCommercieleVestiging": "Ja",
                "totaalWerkzamePersonen": 1,
                "adressen": [
                    {
                        "type": "bezoekadres",
                        "indAfgeschermd": "Nee",
                        "volledigAdres": "Abebe Bikilalaan 17 M                                 1034WL Amsterdam",
                        "straatnaam": "Abebe Bikilalaan",
                        "huisnummer": 17,
                        "huisletter": "M",
                        "postcode": "1034WL",
                        "plaats": "Amsterdam",
                        "land": "Nederland"
                    }
                ],
                "_links": {
                    "self": { "href": "https://api.kvk.nl/test/api/v1/basisprofielen/69599084/hoofdvestiging" }
                }
            },
            "eigenaar": {
                "rechtsvorm": "Eenmanszaak",
                "uitgebreideRechtsvorm": "Eenmanszaak",
                "_links": {
                    "self": { "href": "https://api.kvk.nl/test/api/v1/basisprofielen/69599084/eigenaar" }
                }
            }
        }
    })
}

/// A BV whose visiting address is shielded (KvK's test case 90001354).
fn shielded() -> Value {
    json!({
        "kvkNummer": "90001354",
        "indNonMailing": "Nee",
        "naam": "Grand Joyflex B.V.",
        "_embedded": {
            "hoofdvestiging": {
                "vestigingsnummer": "990000541921",
                "kvkNummer": "90001354",
                "eersteHandelsnaam": "Grand Joyflex B.V.",
                "indHoofdvestiging": "Ja",
                "adressen": [
                    {
                        "type": "bezoekadres",
                        "indAfgeschermd": "Ja",
                        "volledigAdres": "Geheime Laan 1                                 6029AA Sterksel",
                        "straatnaam": "Geheime Laan",
                        "huisnummer": 1,
                        "postcode": "6029AA",
                        "plaats": "Sterksel",
                        "land": "Nederland"
                    },
                    {
                        "type": "correspondentieadres",
                        "indAfgeschermd": "Nee",
                        "straatnaam": "Postbus",
                        "postbusnummer": 51,
                        "postcode": "6029ZH",
                        "plaats": "Sterksel",
                        "land": "Nederland"
                    }
                ]
            },
            "eigenaar": {
                "rechtsvorm": "BesloteVennootschap",
                "uitgebreideRechtsvorm": "Besloten vennootschap met gewone structuur"
            }
        }
    })
}

/// Basisprofiel 90000749 as recorded in August 2025: no main branch, the owner's address.
fn vve() -> Value {
    json!({
        "kvkNummer": "90000749",
        "indNonMailing": "Ja",
        "naam": "Global Conron",
        "formeleRegistratiedatum": "20100208",
        "materieleRegistratie": { "datumAanvang": "19991103" },
        "statutaireNaam": "Global Conron",
        "sbiActiviteiten": [
            { "sbiCode": "94997", "sbiOmschrijving": "Overige belangenbehartiging (rest)", "indHoofdactiviteit": "Ja" }
        ],
        "_links": { "self": { "href": "https://api.kvk.nl/test/api/v1/basisprofielen/90000749" } },
        "_embedded": {
            "eigenaar": {
                "rsin": "992340597",
                "rechtsvorm": "Vereniging van Eigenaars",
                "uitgebreideRechtsvorm": "Vereniging van Eigenaars",
                "adressen": [
                    {
                        "type": "bezoekadres",
                        "indAfgeschermd": "Nee",
                        "volledigAdres": "Blaauwweg 163 3328XD Dordrecht",
                        "straatnaam": "Blaauwweg",
                        "huisnummer": 163,
                        "postcode": "3328XD",
                        "plaats": "Dordrecht",
                        "land": "Nederland"
                    }
                ]
            }
        }
    })
}

/// KvK's inactive test case 96354429 in the Basisprofiel's documented shape, with the embedded
/// register's demo data (no recording of it is known): ended on 1 March 2024.
fn ended() -> Value {
    json!({
        "kvkNummer": ENDED_NUMBER,
        "indNonMailing": "Nee",
        "naam": "Global Stimflex Coöperatie U.A.",
        "formeleRegistratiedatum": "20100104",
        "materieleRegistratie": { "datumAanvang": "20100104", "datumEinde": "20240301" },
        "_embedded": {
            "hoofdvestiging": {
                "vestigingsnummer": "990001987781",
                "kvkNummer": ENDED_NUMBER,
                "eersteHandelsnaam": "Global Stimflex Coöperatie U.A.",
                "indHoofdvestiging": "Ja",
                "adressen": [
                    {
                        "type": "bezoekadres",
                        "indAfgeschermd": "Nee",
                        "volledigAdres": "Vismarkt 12                                 9712CB Groningen",
                        "straatnaam": "Vismarkt",
                        "huisnummer": 12,
                        "postcode": "9712CB",
                        "plaats": "Groningen",
                        "land": "Nederland"
                    }
                ]
            },
            "eigenaar": {
                "rechtsvorm": "Coöperatie",
                "uitgebreideRechtsvorm": "Coöperatie"
            }
        }
    })
}
