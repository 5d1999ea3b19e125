//! [`EmbeddedRegister`]: KvK's documented test numbers with demo data, compiled in from
//! `data/kvk_test_register.json` (data, not code: its `_about` says how it is made, each entry
//! its `source`). The default register, so that the wizard works without a KvK API key. It is
//! no copy of KvK's test environment: a few entries are recordings of it, the rest are KvK's
//! test numbers and branch numbers with names, addresses and dates invented for the demo, among
//! them an ended organisation (96354429, KvK's inactive test case).

use std::collections::{BTreeMap, BTreeSet};

use domain::RegisterDate;
use domain::kvk::{BranchNumber, KvkNumber};
use domain::organisation::{Address, Branch, Organisation};
use serde::Deserialize;

use super::{KvkError, KvkRegister, KvkSetupError, OrganisationFuture};

/// The register's data, compiled in.
pub(crate) const DATA: &str = include_str!("../../data/kvk_test_register.json");

/// KvK's test numbers with demo data, in memory.
#[derive(Debug, Clone)]
pub struct EmbeddedRegister {
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone)]
enum Entry {
    Organisation(Box<Organisation>),
    /// One of KvK's error scenarios ("Foutmelding"): answers as an unreachable register.
    ErrorScenario,
}

impl EmbeddedRegister {
    /// The register of `data/kvk_test_register.json`.
    pub fn load() -> Result<EmbeddedRegister, KvkSetupError> {
        EmbeddedRegister::from_json(DATA)
    }

    /// A register from JSON in the shape of `data/kvk_test_register.json`, checked: numbers of
    /// the right length and unique, at most one main branch per organisation.
    pub fn from_json(json: &str) -> Result<EmbeddedRegister, KvkSetupError> {
        let invalid = |message: String| KvkSetupError::EmbeddedData(message);
        let data: Data = serde_json::from_str(json).map_err(|error| invalid(error.to_string()))?;
        let mut entries = BTreeMap::new();
        let mut branch_numbers = BTreeSet::new();
        for stored in data.organisations {
            let number = KvkNumber::parse(&stored.kvk_number)
                .ok()
                .filter(|number| number.as_str() == stored.kvk_number)
                .ok_or_else(|| invalid(format!("{:?} is not a KvK number", stored.kvk_number)))?;
            if stored.source.trim().is_empty() {
                return Err(invalid(format!("{number} says not where it comes from")));
            }
            let entry = match stored.scenario {
                Some(Scenario::Error) => Entry::ErrorScenario,
                None => {
                    let organisation = stored.into_organisation(&number).map_err(invalid)?;
                    for branch in &organisation.branches {
                        if !branch_numbers.insert(branch.branch_number.clone()) {
                            return Err(invalid(format!(
                                "branch {} appears twice",
                                branch.branch_number
                            )));
                        }
                    }
                    Entry::Organisation(Box::new(organisation))
                }
            };
            if entries.insert(number.to_string(), entry).is_some() {
                return Err(invalid(format!("{number} appears twice")));
            }
        }
        Ok(EmbeddedRegister { entries })
    }

    /// How many KvK numbers the register knows, error scenarios included.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every organisation, by KvK number (error scenarios left out): e.g. to seed a demo
    /// manager with organisations that exist.
    pub fn organisations(&self) -> impl Iterator<Item = &Organisation> {
        self.entries.values().filter_map(|entry| match entry {
            Entry::Organisation(organisation) => Some(organisation.as_ref()),
            Entry::ErrorScenario => None,
        })
    }

    /// The organisation with `kvk_number`, at once.
    pub fn get(&self, kvk_number: &KvkNumber) -> Result<Organisation, KvkError> {
        match self.entries.get(kvk_number.as_str()) {
            Some(Entry::Organisation(organisation)) => Ok(organisation.as_ref().clone()),
            Some(Entry::ErrorScenario) => Err(KvkError::Unavailable(format!(
                "{kvk_number} is one of KvK's error scenarios"
            ))),
            None => Err(KvkError::NotFound),
        }
    }
}

impl KvkRegister for EmbeddedRegister {
    fn organisation<'a>(&'a self, kvk_number: &'a KvkNumber) -> OrganisationFuture<'a> {
        Box::pin(std::future::ready(self.get(kvk_number)))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    #[serde(rename = "_about")]
    _about: Vec<String>,
    organisations: Vec<StoredOrganisation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
enum Scenario {
    Error,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredOrganisation {
    kvk_number: String,
    #[serde(default)]
    scenario: Option<Scenario>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    legal_form: Option<String>,
    #[serde(default)]
    visiting_address: Option<StoredAddress>,
    #[serde(default)]
    postal_address: Option<StoredAddress>,
    #[serde(default)]
    branches: Vec<StoredBranch>,
    /// When the register lists the organisation as ended: ISO, as precise as known.
    #[serde(default)]
    ended_on: Option<RegisterDate>,
    source: String,
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredBranch {
    branch_number: String,
    trade_name: String,
    #[serde(default)]
    is_main: bool,
    #[serde(default)]
    visiting_address: Option<StoredAddress>,
    #[serde(default, rename = "source")]
    _source: Option<String>,
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredAddress {
    #[serde(default)]
    street: Option<String>,
    #[serde(default)]
    house_number: Option<String>,
    #[serde(default)]
    po_box: Option<String>,
    #[serde(default)]
    postcode: Option<String>,
    city: String,
    #[serde(default)]
    country: Option<String>,
    /// KvK's `indAfgeschermd: "Ja"`: held, never given out.
    #[serde(default)]
    shielded: bool,
}

impl StoredAddress {
    /// The address to give out: none when shielded.
    fn public(self) -> Option<Address> {
        (!self.shielded).then_some(Address {
            street: self.street,
            house_number: self.house_number,
            po_box: self.po_box,
            postcode: self.postcode,
            city: self.city,
            country: self.country,
        })
    }
}

impl StoredOrganisation {
    fn into_organisation(self, number: &KvkNumber) -> Result<Organisation, String> {
        let name = self
            .name
            .filter(|name| !name.trim().is_empty())
            .ok_or_else(|| format!("{number} has no name"))?;
        let mut branches = Vec::with_capacity(self.branches.len());
        for stored in self.branches {
            let branch_number = BranchNumber::parse(&stored.branch_number)
                .ok()
                .filter(|parsed| parsed.as_str() == stored.branch_number)
                .ok_or_else(|| {
                    format!("{number}: {:?} is no branch number", stored.branch_number)
                })?;
            branches.push(Branch {
                branch_number: branch_number.to_string(),
                trade_name: stored.trade_name,
                is_main: stored.is_main,
                visiting_address: stored.visiting_address.and_then(StoredAddress::public),
            });
        }
        let mut mains = branches.iter().filter(|branch| branch.is_main);
        let main_branch = mains.next().map(|branch| branch.branch_number.clone());
        if mains.next().is_some() {
            return Err(format!("{number} has more than one main branch"));
        }
        // The main branch first, as KvK's API client gives them.
        branches.sort_by_key(|branch| !branch.is_main);
        Ok(Organisation {
            kvk_number: number.to_string(),
            name,
            legal_form: self.legal_form,
            visiting_address: self.visiting_address.and_then(StoredAddress::public),
            postal_address: self.postal_address.and_then(StoredAddress::public),
            main_branch,
            branches,
            ended_on: self.ended_on,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register() -> EmbeddedRegister {
        EmbeddedRegister::load().expect("data/kvk_test_register.json is valid")
    }

    fn kvk(number: &str) -> KvkNumber {
        KvkNumber::parse(number).unwrap()
    }

    fn branch_numbers(organisation: &Organisation) -> Vec<&str> {
        organisation
            .branches
            .iter()
            .map(|branch| branch.branch_number.as_str())
            .collect()
    }

    /// domain.md 4.4: every KvK test number, and nothing else.
    const TEST_NUMBERS: [&str; 21] = [
        "69599084", "90004973", "68727720", "90004760", "68750110", "90001354", "90006577",
        "69599068", "90000102", "90006623", "69599076", "90005414", "55344526", "96354429",
        "90002520", "90002490", "90002903", "90000749", "90001745", "90003942", "55505201",
    ];

    /// domain.md 4.4: every documented test branch number, and nothing else.
    const TEST_BRANCHES: [&str; 19] = [
        "000038509504",
        "000038509520",
        "000037178598",
        "000037178601",
        "990000541921",
        "000037143557",
        "990064773193",
        "990064773207",
        "000038509474",
        "000038509490",
        "990000216645",
        "990000821206",
        "990001987781",
        "990000246858",
        "990000637800",
        "990000008288",
        "990000246530",
        "990000768218",
        "990000852070",
    ];

    #[test]
    fn holds_exactly_the_kvk_test_numbers_and_branches() {
        let register = register();
        let mut numbers: Vec<&str> = register.entries.keys().map(String::as_str).collect();
        let mut expected = TEST_NUMBERS.to_vec();
        numbers.sort_unstable();
        expected.sort_unstable();
        assert_eq!(numbers, expected);

        let mut branches: Vec<&str> = register.organisations().flat_map(branch_numbers).collect();
        let mut expected = TEST_BRANCHES.to_vec();
        branches.sort_unstable();
        expected.sort_unstable();
        assert_eq!(branches, expected);
    }

    #[test]
    fn test_bv_donald_is_as_kvk_records_it() {
        let donald = register().get(&kvk("68750110")).unwrap();
        assert_eq!(donald.name, "Test BV Donald");
        assert_eq!(
            donald.legal_form.as_deref(),
            Some("Besloten vennootschap met gewone structuur")
        );
        assert_eq!(
            donald.visiting_address.as_ref().unwrap().one_line(),
            "Hizzaarderlaan 3 A, 8823 SJ Lollum"
        );
        assert_eq!(
            donald.postal_address.as_ref().unwrap().one_line(),
            "Postbus 200, 1000 AE Rommeldam"
        );
        assert_eq!(donald.main_branch.as_deref(), Some("000037178598"));
        assert_eq!(branch_numbers(&donald), ["000037178598", "000037178601"]);
        assert!(donald.branches[0].is_main && !donald.branches[1].is_main);
    }

    #[test]
    fn dagobert_has_a_branch_in_maastricht() {
        let dagobert = register().get(&kvk("69599084")).unwrap();
        assert_eq!(dagobert.name, "Test EMZ Dagobert");
        assert_eq!(dagobert.legal_form.as_deref(), Some("Eenmanszaak"));
        assert_eq!(branch_numbers(&dagobert), ["000038509504", "000038509520"]);
        let govert = &dagobert.branches[1];
        assert_eq!(govert.trade_name, "Test EMZ Nevenvestiging Govert");
        assert_eq!(govert.visiting_address.as_ref().unwrap().city, "Maastricht");
    }

    #[test]
    fn shielded_addresses_are_never_given_out() {
        let register = register();
        let shielded = register.get(&kvk("90001354")).unwrap();
        assert_eq!(shielded.visiting_address, None);
        assert_eq!(branch_numbers(&shielded), ["990000541921"]);
        assert_eq!(shielded.branches[0].visiting_address, None);
        let json = serde_json::to_string(&shielded).unwrap();
        assert!(!json.contains("Afgeschermde"), "{json}");
        // Only shielded addresses go: the rest of the register keeps its addresses.
        assert!(shielded.postal_address.is_some());
        for organisation in register.organisations() {
            let json = serde_json::to_string(organisation).unwrap();
            assert!(!json.contains("Afgeschermde"), "{json}");
        }
    }

    #[test]
    fn error_scenarios_are_unavailable_unknown_numbers_not_found() {
        let register = register();
        for number in ["90002903", "90004973"] {
            assert!(matches!(
                register.get(&kvk(number)),
                Err(KvkError::Unavailable(_))
            ));
        }
        assert_eq!(register.get(&kvk("12345678")), Err(KvkError::NotFound));
    }

    #[test]
    fn every_organisation_has_at_most_one_main_branch_listed_first() {
        for organisation in register().organisations() {
            let mains: Vec<&Branch> = organisation.branches.iter().filter(|b| b.is_main).collect();
            assert!(mains.len() <= 1, "{}", organisation.kvk_number);
            if let Some(main) = mains.first() {
                assert_eq!(organisation.branches[0].branch_number, main.branch_number);
                assert_eq!(
                    organisation.main_branch.as_deref(),
                    Some(main.branch_number.as_str())
                );
                assert_eq!(
                    main.visiting_address, organisation.visiting_address,
                    "{}: the main branch is where the organisation is",
                    organisation.kvk_number
                );
            }
        }
    }

    #[test]
    fn invalid_data_is_refused_with_the_reason() {
        let refuse = |json: &str| match EmbeddedRegister::from_json(json) {
            Err(KvkSetupError::EmbeddedData(reason)) => reason,
            other => panic!("{other:?}"),
        };
        let org = |number: &str, branch: &str| {
            format!(
                r#"{{"kvk_number":"{number}","name":"X","source":"s",
                    "branches":[{{"branch_number":"{branch}","trade_name":"X"}}]}}"#
            )
        };
        let data =
            |orgs: &[String]| format!(r#"{{"_about":[],"organisations":[{}]}}"#, orgs.join(","));
        assert!(refuse(&data(&[org("1234567", "000000000001")])).contains("KvK number"));
        assert!(refuse(&data(&[org("12345678", "1")])).contains("branch number"));
        let twice = refuse(&data(&[
            org("12345678", "000000000001"),
            org("12345678", "000000000002"),
        ]));
        assert!(twice.contains("twice"), "{twice}");
        let shared = refuse(&data(&[
            org("12345678", "000000000001"),
            org("87654321", "000000000001"),
        ]));
        assert!(shared.contains("twice"), "{shared}");
        let typo = refuse(
            r#"{"_about":[],"organisations":[{"kvk_number":"12345678","nmae":"X","source":"s"}]}"#,
        );
        assert!(typo.contains("nmae"), "{typo}");
    }
}
