//! An organisation as the KvK register (Handelsregister) holds it, with its branches. Shared by
//! the server (which reads the register) and the SPA (which shows it). Shielded addresses
//! (`indAfgeschermd`) are never present here. An organisation the register lists as ended gets
//! no new means ([`OrganisationEnded`]), in the same words in the wizard and on the server.

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::register_date::RegisterDate;

/// An organisation registered at the KvK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    /// 8 digits, leading zeros kept.
    pub kvk_number: String,
    /// The name in the register: the profile's name, else the statutory name (statutaire
    /// naam), else the first trade name.
    pub name: String,
    /// E.g. "Besloten vennootschap met gewone structuur".
    pub legal_form: Option<String>,
    /// The visiting address (bezoekadres) of the main branch; `None` when shielded or not
    /// registered.
    pub visiting_address: Option<Address>,
    /// The postal address (correspondentieadres), often a PO box; `None` when shielded or not
    /// registered.
    pub postal_address: Option<Address>,
    /// The branch number of the main branch (hoofdvestiging), if it has one.
    pub main_branch: Option<String>,
    /// Every branch, the main branch first; empty when the organisation has none.
    pub branches: Vec<Branch>,
    /// The day the register lists the organisation as ended (KvK's `materieleRegistratie.
    /// datumEinde`, or its owner's `datumUitschrijving`, whichever came first), possibly only a
    /// month or a year; `None` while it exists. A date still in the future when the register
    /// was asked does not count.
    pub ended_on: Option<RegisterDate>,
}

impl Organisation {
    /// The place of its visiting address, else of its postal address; `None` when both are
    /// shielded or absent.
    pub fn place(&self) -> Option<&str> {
        self.visiting_address
            .as_ref()
            .or(self.postal_address.as_ref())
            .map(|address| address.city.as_str())
    }

    /// Why no new means may be ordered or issued for the organisation, if the register lists it
    /// as ended.
    pub fn ended(&self) -> Option<OrganisationEnded> {
        self.ended_on.map(|on| OrganisationEnded {
            kvk_number: self.kvk_number.clone(),
            name: self.name.clone(),
            on,
        })
    }
}

/// The register lists the organisation as ended: no new means may be ordered or issued for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the register lists organisation {kvk_number} as ended ({on})")]
pub struct OrganisationEnded {
    /// The organisation's KvK number.
    pub kvk_number: String,
    /// Its name in the register.
    pub name: String,
    /// The day (or month or year) the register lists it as ended.
    pub on: RegisterDate,
}

impl OrganisationEnded {
    /// What the register says: "Het Handelsregister vermeldt … als beëindigd op 01-03-2024."
    pub fn register_says(&self, lang: Lang) -> String {
        let (name, kvk_number) = (self.name.as_str(), self.kvk_number.as_str());
        let date = &self.on.to_dutch();
        match self.on.exact() {
            Some(_) => EndedText::EndedOn {
                name,
                kvk_number,
                date,
            },
            None => EndedText::EndedIn {
                name,
                kvk_number,
                date,
            },
        }
        .text(lang)
    }

    /// The refusal of a new order: what the register says, and that no means can be ordered.
    pub fn message(&self, lang: Lang) -> String {
        format!(
            "{} {}",
            self.register_says(lang),
            EndedText::NoNewOrders.text(lang)
        )
    }
}

crate::texts! {
    /// The words for an ended organisation that the wizard and the server share.
    pub enum EndedText<'a> {
        /// The register knows the day.
        EndedOn { name: &'a str, kvk_number: &'a str, date: &'a str } =>
            "Het Handelsregister vermeldt {name} (KvK-nummer {kvk_number}) als beëindigd op {date}.",
            "The Business Register lists {name} (KvK number {kvk_number}) as ended on {date}.";
        /// The register knows only the month or the year.
        EndedIn { name: &'a str, kvk_number: &'a str, date: &'a str } =>
            "Het Handelsregister vermeldt {name} (KvK-nummer {kvk_number}) als beëindigd in {date}.",
            "The Business Register lists {name} (KvK number {kvk_number}) as ended in {date}.";
        /// Why the order is refused, and what to do.
        NoNewOrders =>
            "Voor een beëindigde organisatie kunt u geen eHerkenningsmiddelen bestellen; kies een andere organisatie.",
            "You cannot order eHerkenning means for an organisation that has ended; choose another organisation.";
    }
}

/// A branch (vestiging).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Branch {
    /// 12 digits, leading zeros kept.
    pub branch_number: String,
    /// The branch's first trade name (eerste handelsnaam); the organisation's name when it has
    /// none.
    pub trade_name: String,
    /// Whether this is the main branch (hoofdvestiging).
    pub is_main: bool,
    /// The branch's visiting address; `None` when shielded or not registered.
    pub visiting_address: Option<Address>,
}

/// A Dutch (or foreign) address: a street address or a PO box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// The street name; `None` for a PO box.
    pub street: Option<String>,
    /// House number with its letter and addition: "3 A", "12-2".
    pub house_number: Option<String>,
    /// The PO box number (postbusnummer), without the word "Postbus"; `None` for a street
    /// address.
    pub po_box: Option<String>,
    /// The postcode as registered: "8823SJ", or a foreign one ("B-2000"). [`Address::one_line`]
    /// writes a Dutch one as "8823 SJ".
    pub postcode: Option<String>,
    /// The place (woonplaats); an address always has one.
    pub city: String,
    /// The country as registered ("Nederland"); `None` when not given. [`Address::one_line`]
    /// leaves the Netherlands out.
    pub country: Option<String>,
}

impl Address {
    /// "Hizzaarderlaan 3 A, 8823 SJ Lollum", or "Postbus 200, 1000 AE Rommeldam".
    pub fn one_line(&self) -> String {
        let first = match (&self.street, &self.house_number, &self.po_box) {
            (Some(street), Some(number), _) => Some(format!("{street} {number}")),
            (Some(street), None, _) => Some(street.clone()),
            (None, _, Some(po_box)) => Some(format!("Postbus {po_box}")),
            _ => None,
        };
        let postcode = self.postcode.as_deref().map(format_postcode);
        let second = match postcode {
            Some(postcode) => format!("{postcode} {}", self.city),
            None => self.city.clone(),
        };
        let mut parts: Vec<String> = first.into_iter().collect();
        parts.push(second);
        if let Some(country) = self.country.as_ref().filter(|c| !is_netherlands(c)) {
            parts.push(country.clone());
        }
        parts.join(", ")
    }
}

fn is_netherlands(country: &str) -> bool {
    matches!(
        country.trim().to_lowercase().as_str(),
        "nederland" | "netherlands" | "the netherlands" | "nl"
    )
}

/// "8823SJ" → "8823 SJ"; anything else unchanged.
fn format_postcode(postcode: &str) -> String {
    let compact: String = postcode.chars().filter(|c| !c.is_whitespace()).collect();
    let is_dutch = compact.len() == 6
        && compact[..4].chars().all(|c| c.is_ascii_digit())
        && compact[4..].chars().all(|c| c.is_ascii_alphabetic());
    if is_dutch {
        format!("{} {}", &compact[..4], compact[4..].to_ascii_uppercase())
    } else {
        postcode.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address() -> Address {
        Address {
            street: Some("Hizzaarderlaan".into()),
            house_number: Some("3 A".into()),
            po_box: None,
            postcode: Some("8823SJ".into()),
            city: "Lollum".into(),
            country: Some("Nederland".into()),
        }
    }

    #[test]
    fn an_ended_organisation_says_when_in_both_languages() {
        let mut organisation = Organisation {
            kvk_number: "96354429".into(),
            name: "Coöperatie Test U.A.".into(),
            legal_form: None,
            visiting_address: None,
            postal_address: None,
            main_branch: None,
            branches: Vec::new(),
            ended_on: None,
        };
        assert_eq!(organisation.ended(), None);
        organisation.ended_on = Some(RegisterDate::parse_kvk("20240301").unwrap());
        let ended = organisation.ended().unwrap();
        assert_eq!(
            ended.message(Lang::Nl),
            "Het Handelsregister vermeldt Coöperatie Test U.A. (KvK-nummer 96354429) als beëindigd op 01-03-2024. Voor een beëindigde organisatie kunt u geen eHerkenningsmiddelen bestellen; kies een andere organisatie."
        );
        assert_eq!(
            ended.message(Lang::En),
            "The Business Register lists Coöperatie Test U.A. (KvK number 96354429) as ended on 01-03-2024. You cannot order eHerkenning means for an organisation that has ended; choose another organisation."
        );
        organisation.ended_on = Some(RegisterDate::parse_kvk("20240300").unwrap());
        assert_eq!(
            organisation.ended().unwrap().register_says(Lang::Nl),
            "Het Handelsregister vermeldt Coöperatie Test U.A. (KvK-nummer 96354429) als beëindigd in 03-2024."
        );
        // In the JSON as ISO, as precise as the register.
        let json = serde_json::to_value(&organisation).unwrap();
        assert_eq!(json["ended_on"], "2024-03");
    }

    #[test]
    fn addresses_read_as_on_an_envelope() {
        assert_eq!(address().one_line(), "Hizzaarderlaan 3 A, 8823 SJ Lollum");
        let po_box = Address {
            street: None,
            house_number: None,
            po_box: Some("200".into()),
            postcode: Some("1000 ae".into()),
            city: "Rommeldam".into(),
            country: None,
        };
        assert_eq!(po_box.one_line(), "Postbus 200, 1000 AE Rommeldam");
        let foreign = Address {
            postcode: Some("B-2000".into()),
            city: "Antwerpen".into(),
            country: Some("België".into()),
            ..address()
        };
        assert_eq!(
            foreign.one_line(),
            "Hizzaarderlaan 3 A, B-2000 Antwerpen, België"
        );
    }
}
