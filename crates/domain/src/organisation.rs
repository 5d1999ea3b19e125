//! An organisation as the KvK register (Handelsregister) holds it, with its branches. Shared by
//! the server (which reads the register) and the SPA (which shows it). Shielded addresses
//! (`indAfgeschermd`) are never present here.

use serde::{Deserialize, Serialize};

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
