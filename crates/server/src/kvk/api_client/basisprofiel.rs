//! KvK's Basisprofiel answers as Middelpunt reads them: only the fields it uses (everything else
//! is ignored), and the domain's [`Organisation`] made of them, addresses read back into their
//! parts.

use std::fmt;

use domain::kvk::{BranchNumber, KvkNumber};
use domain::organisation::{Address, Branch, Organisation};
use domain::{Date, RegisterDate};
use serde::{Deserialize, Deserializer};

use super::super::KvkError;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Basisprofiel {
    kvk_nummer: Option<String>,
    naam: Option<String>,
    statutaire_naam: Option<String>,
    #[serde(default)]
    handelsnamen: Vec<Handelsnaam>,
    materiele_registratie: Option<MaterieleRegistratie>,
    #[serde(rename = "_embedded", default)]
    embedded: Embedded,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MaterieleRegistratie {
    /// The day the organisation ended.
    #[serde(default, deserialize_with = "kvk_date")]
    datum_einde: Option<RegisterDate>,
}

/// KvK's `yyyymmdd` (`00` for an unknown month or day); absent, `null` or `""` is none.
fn kvk_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<RegisterDate>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) if text.trim().is_empty() => Ok(None),
        Some(text) => RegisterDate::parse_kvk(text.trim())
            .map(Some)
            .map_err(|error| serde::de::Error::custom(format!("{text:?}: {error}"))),
    }
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
    /// The day the owner was deregistered.
    #[serde(default, deserialize_with = "kvk_date")]
    datum_uitschrijving: Option<RegisterDate>,
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
pub(super) struct VestigingList {
    #[serde(default)]
    pub(super) vestigingen: Vec<VestigingBasis>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct VestigingBasis {
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

/// The organisation of `profile` and the branch `list`, asked on `today`.
pub(super) fn organisation(
    requested: &KvkNumber,
    profile: Basisprofiel,
    list: Vec<VestigingBasis>,
    today: Date,
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
    // The earlier of the two end dates that has come: a future one does not count yet.
    let ended_on = [
        profile
            .materiele_registratie
            .as_ref()
            .and_then(|registratie| registratie.datum_einde),
        eigenaar
            .as_ref()
            .and_then(|eigenaar| eigenaar.datum_uitschrijving),
    ]
    .into_iter()
    .flatten()
    .filter(|date| date.has_come(today))
    .min();
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
        ended_on,
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

    fn profile(json: serde_json::Value) -> Result<Basisprofiel, serde_json::Error> {
        serde_json::from_value(json)
    }

    #[test]
    fn the_earlier_end_that_has_come_counts() {
        let number = KvkNumber::parse("96354429").unwrap();
        let today = Date::new(2026, 6, 10).unwrap();
        let ended = |einde: &str, uitschrijving: &str| {
            let json = serde_json::json!({
                "kvkNummer": "96354429", "naam": "Coöperatie",
                "materieleRegistratie": { "datumAanvang": "20100101", "datumEinde": einde },
                "_embedded": { "eigenaar": { "rechtsvorm": "Coöperatie", "datumUitschrijving": uitschrijving } }
            });
            organisation(&number, profile(json).unwrap(), Vec::new(), today)
                .unwrap()
                .ended_on
                .map(|date| date.to_string())
        };
        assert_eq!(ended("", ""), None);
        assert_eq!(ended("20240301", ""), Some("2024-03-01".into()));
        assert_eq!(ended("", "20230500"), Some("2023-05".into()));
        assert_eq!(ended("20240301", "20230500"), Some("2023-05".into()));
        // A future end does not count (yet), whichever field.
        assert_eq!(ended("20260611", ""), None);
        assert_eq!(ended("20270000", "20250000"), Some("2025".into()));
        assert_eq!(ended("20260600", ""), Some("2026-06".into()));

        let active = serde_json::json!({ "kvkNummer": "96354429", "naam": "X" });
        let active = organisation(&number, profile(active).unwrap(), Vec::new(), today).unwrap();
        assert_eq!(active.ended_on, None);
    }

    #[test]
    fn a_date_in_another_form_is_no_documented_answer() {
        for bad in ["2024-03-01", "20241301", "2024", "20240015"] {
            let json = serde_json::json!({
                "kvkNummer": "96354429", "naam": "X", "materieleRegistratie": { "datumEinde": bad }
            });
            let error = profile(json).unwrap_err().to_string();
            assert!(error.contains(bad), "{error}");
        }
        let json = serde_json::json!({
            "kvkNummer": "96354429", "naam": "X", "materieleRegistratie": { "datumEinde": null }
        });
        assert!(
            profile(json)
                .unwrap()
                .materiele_registratie
                .unwrap()
                .datum_einde
                .is_none()
        );
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
