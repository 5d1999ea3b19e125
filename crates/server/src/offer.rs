//! What Middelpunt offers: the service catalogue and the price list. Both are data
//! (`data/catalogue.json`, `data/prices.json`), read once; changing a price or adding a service
//! is an edit of those files, not of code.

use std::sync::LazyLock;

use domain::catalogue::Catalogue;
use domain::pricing::PriceList;

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../data/catalogue.json"))
        .expect("data/catalogue.json is a valid catalogue (checked by a test)")
});

static PRICES: LazyLock<PriceList> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../data/prices.json"))
        .expect("data/prices.json is a valid price list (checked by a test)")
});

/// The service catalogue.
pub(crate) fn catalogue() -> &'static Catalogue {
    &CATALOGUE
}

/// The price list.
pub(crate) fn prices() -> &'static PriceList {
    &PRICES
}

#[cfg(test)]
mod tests {
    use domain::Level;
    use domain::pricing::{QuoteRequest, Term};

    use super::*;

    #[test]
    fn every_level_and_term_has_a_price_for_means_and_authorisations() {
        for level in Level::ALL {
            for term in Term::ALL {
                let quote = prices().quote(QuoteRequest {
                    level,
                    term,
                    users: 1,
                    authorisations_per_user: 6,
                });
                assert!(quote.is_ok(), "{level} {term:?}: {quote:?}");
            }
        }
    }

    #[test]
    fn catalogue_ids_are_unique_and_every_provider_has_services() {
        let mut ids: Vec<&str> = catalogue()
            .providers
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        for provider in &catalogue().providers {
            assert!(!provider.services.is_empty(), "{}", provider.id);
            ids.extend(provider.services.iter().map(|s| s.id.as_str()));
        }
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "duplicate ids in catalogue.json");
    }
}
