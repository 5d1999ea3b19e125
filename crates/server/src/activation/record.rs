//! A request as the activation works with it: read from the store with its order and manager.

use domain::catalogue::Authorisations;
use domain::machtiging::Machtiging;
use domain::{Lang, Level};

use super::{AuthorisationList, ManagerContact, Status};
use crate::lang::Text;
use crate::offer;
use api::activation::Website;

/// A request with its order and manager, as stored.
#[derive(Debug, Clone)]
pub struct RequestRecord {
    pub id: String,
    pub order_number: String,
    pub first_names: String,
    pub infix: String,
    pub last_name: String,
    /// ISO.
    pub birth_date: String,
    pub birth_place: String,
    pub email: String,
    pub mobile: String,
    pub employed: bool,
    pub status: Status,
    pub token_expires_at: i64,
    pub identification_deadline: Option<i64>,
    pub finished_at: Option<i64>,
    pub created_at: i64,
    pub user_ordered_at: Option<i64>,
    pub kvk_number: String,
    pub organisation_name: String,
    pub branch_number: Option<String>,
    pub level: Level,
    pub term_years: i64,
    pub authorisations: Authorisations,
    pub manager_id: i64,
    pub manager: ManagerContact,
    /// Why it ended without a means, once it did.
    pub end_reason: Option<api::EndReason>,
    /// The means this request renews or replaces, and how.
    pub predecessor: Option<(String, api::SuccessionKind)>,
}

impl RequestRecord {
    pub fn full_name(&self) -> String {
        domain::user::full_name(&self.first_names, &self.infix, &self.last_name)
    }

    /// The person as an audit entry names them: "Jan Jansen (jan@voorbeeld.nl)".
    pub fn audit_name(&self) -> String {
        format!("{} ({})", self.full_name(), self.email)
    }

    /// When the request is due to expire: the link's end before the user ordered, the
    /// identification deadline while waiting for it, never otherwise.
    pub fn expires_at(&self) -> Option<i64> {
        match self.status {
            s if s.before_order() => Some(self.token_expires_at),
            Status::IdentificationRequired => self.identification_deadline,
            _ => None,
        }
    }

    /// The facts the notices name; `full_name` is [`RequestRecord::full_name`].
    pub fn facts<'a>(&'a self, full_name: &'a str) -> crate::mail::notices::RequestFacts<'a> {
        crate::mail::notices::RequestFacts {
            user_name: full_name,
            user_email: &self.email,
            organisation: &self.organisation_name,
            kvk_number: &self.kvk_number,
            level: self.level,
            order_number: &self.order_number,
        }
    }
}

/// One machtiging as stored with a means: kind, subject (provider or service id) and label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorisationItem {
    pub kind: &'static str,
    pub subject: String,
    pub label: String,
}

/// The machtigingen of an order, one item per grant, labelled from the catalogue in `lang`.
pub fn authorisation_items(authorisations: &Authorisations, lang: Lang) -> Vec<AuthorisationItem> {
    Machtiging::of(authorisations)
        .into_iter()
        .map(|m| AuthorisationItem {
            kind: m.kind(),
            subject: m.subject().to_owned(),
            label: machtiging_label(&m, lang).unwrap_or_else(|| m.subject().to_owned()),
        })
        .collect()
}

/// A machtiging in words, in `lang`: "Alle diensten", "Alle diensten van UWV",
/// "UWV: Werkgeversportaal"; `None` for a provider or service the catalogue no longer has.
pub fn machtiging_label(machtiging: &Machtiging, lang: Lang) -> Option<String> {
    let catalogue = offer::catalogue();
    match machtiging {
        Machtiging::AllServices => Some(Text::AllServices.text(lang)),
        Machtiging::Provider(id) => catalogue
            .provider(id)
            .map(|p| Text::AllServicesOf { provider: &p.name }.text(lang)),
        Machtiging::Service(id) => catalogue
            .service(id)
            .map(|(p, s)| format!("{}: {}", p.name, s.name)),
    }
}

/// Machtigingen as shown, in `lang`: all services, or these items.
pub fn authorisation_list(authorisations: &Authorisations, lang: Lang) -> AuthorisationList {
    AuthorisationList {
        all_services: matches!(authorisations, Authorisations::AllServices),
        items: match authorisations {
            Authorisations::AllServices => Vec::new(),
            other => authorisation_items(other, lang)
                .into_iter()
                .map(|i| i.label)
                .collect(),
        },
        websites: websites(authorisations),
    }
}

/// The websites of the providers of `authorisations`' services, each once, in the order of the
/// machtigingen; none for all services.
fn websites(authorisations: &Authorisations) -> Vec<Website> {
    let catalogue = offer::catalogue();
    let mut websites: Vec<Website> = Vec::new();
    for machtiging in Machtiging::of(authorisations) {
        let provider = match &machtiging {
            Machtiging::AllServices => None,
            Machtiging::Provider(id) => catalogue.provider(id),
            Machtiging::Service(id) => catalogue.service(id).map(|(p, _)| p),
        };
        let Some((provider, url)) = provider.and_then(|p| Some((p, p.website.as_ref()?))) else {
            continue;
        };
        if websites.iter().all(|w| w.url != *url) {
            websites.push(Website {
                name: provider.name.clone(),
                url: url.clone(),
            });
        }
    }
    websites
}
