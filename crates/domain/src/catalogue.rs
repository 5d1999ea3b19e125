//! The service catalogue (dienstencatalogus) and the authorisations (machtigingen) a manager
//! chooses from it. The catalogue itself is data the server loads; this module holds its shape
//! and the rules: a service can only be authorised on a means of at least its minimum level, and
//! "all services of a provider" covers that provider's services (today's and future ones).

use serde::{Deserialize, Serialize};

use crate::{Lang, Level};

/// The minimum assurance level a service demands. EH4 exists in the catalogue although
/// Middelpunt issues up to EH3: such services are shown, and say why they cannot be chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MinLevel {
    /// `EH2`: every means Middelpunt issues may log in.
    #[serde(rename = "EH2")]
    Eh2,
    /// `EH2+`: a means of EH2+ or EH3.
    #[serde(rename = "EH2+")]
    Eh2Plus,
    /// `EH3`: an EH3 means only.
    #[serde(rename = "EH3")]
    Eh3,
    /// `EH4`: no means Middelpunt issues; the service is shown but cannot be chosen.
    #[serde(rename = "EH4")]
    Eh4,
}

impl MinLevel {
    /// The name people know, also the wire spelling: `EH2`, `EH2+`, `EH3`, `EH4`.
    pub fn label(self) -> &'static str {
        match self {
            MinLevel::Eh2 => "EH2",
            MinLevel::Eh2Plus => "EH2+",
            MinLevel::Eh3 => "EH3",
            MinLevel::Eh4 => "EH4",
        }
    }

    /// Whether a means of `level` may log in to a service demanding `self`: a higher level
    /// also works for lower-level services.
    pub fn allows(self, level: Level) -> bool {
        let rank = match level {
            Level::Eh2 => MinLevel::Eh2,
            Level::Eh2Plus => MinLevel::Eh2Plus,
            Level::Eh3 => MinLevel::Eh3,
        };
        self <= rank
    }
}

/// One service of a provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    /// Stable key within the catalogue, e.g. `belastingdienst.mijn-zakelijk`.
    pub id: String,
    /// The service's name as shown to the manager, e.g. "Mijn Belastingdienst Zakelijk".
    pub name: String,
    /// The lowest level of means that may log in to the service.
    pub min_level: MinLevel,
}

/// A service provider (dienstverlener) and its services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Provider {
    /// Stable key, e.g. `belastingdienst`.
    pub id: String,
    /// The provider's name as shown to the manager, e.g. "Belastingdienst".
    pub name: String,
    /// The provider's website, where its services offer "Inloggen met eHerkenning": shown to a
    /// user whose means was just issued. Absent when the catalogue names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// The provider's services, in the catalogue file's order.
    pub services: Vec<Service>,
}

/// The catalogue, as the server loads it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalogue {
    /// Every provider, in the catalogue file's order.
    pub providers: Vec<Provider>,
}

/// The authorisations chosen for every user of an order (seed step 13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Authorisations {
    /// No authorisations now: the users can log in nowhere until some are added.
    None,
    /// All existing and future services at the ordered level (or lower).
    AllServices,
    /// All services of these providers, and these specific services.
    Selected {
        /// Ids of providers ([`Provider::id`]) all of whose services the level allows are
        /// authorised, today's and future ones; absent means none.
        #[serde(default)]
        providers: Vec<String>,
        /// Ids of single services ([`Service::id`]); absent means none.
        #[serde(default)]
        services: Vec<String>,
    },
}

/// Why a choice of authorisations cannot be ordered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthorisationError {
    /// A selection ([`Authorisations::Selected`]) with no provider and no service: the manager
    /// must choose at least one, or choose all services.
    #[error("no service chosen")]
    NothingSelected,
    /// A provider id that is not (or no longer) in the catalogue, as sent.
    #[error("unknown provider {0}")]
    UnknownProvider(String),
    /// A service id that is not (or no longer) in the catalogue, as sent.
    #[error("unknown service {0}")]
    UnknownService(String),
    /// A chosen service, or every service of a chosen provider, demands a higher level than
    /// the order's.
    #[error("service {service} needs {}, the order is {level}", needs.label())]
    LevelTooLow {
        /// The service's name as shown; for a provider, the provider's name.
        service: String,
        /// The level the service demands; for a provider, the lowest of its services.
        needs: MinLevel,
        /// The order's level.
        level: Level,
    },
}

impl AuthorisationError {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            AuthorisationError::NothingSelected => "no_service_selected",
            AuthorisationError::UnknownProvider(_) => "unknown_provider",
            AuthorisationError::UnknownService(_) => "unknown_service",
            AuthorisationError::LevelTooLow { .. } => "service_level_too_high",
        }
    }

    /// What is wrong and how to fix it, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (AuthorisationError::NothingSelected, Lang::Nl) => {
                "Kies minstens één dienst of dienstverlener, of kies ‘Machtiging voor alle diensten’".into()
            }
            (AuthorisationError::NothingSelected, Lang::En) => {
                "Choose at least one service or provider, or choose ‘Authorisation for all services’".into()
            }
            (AuthorisationError::UnknownProvider(id), Lang::Nl) => {
                format!("De dienstverlener ‘{id}’ staat niet (meer) in de catalogus; kies opnieuw")
            }
            (AuthorisationError::UnknownProvider(id), Lang::En) => {
                format!("The provider ‘{id}’ is not (or no longer) in the catalogue; choose again")
            }
            (AuthorisationError::UnknownService(id), Lang::Nl) => {
                format!("De dienst ‘{id}’ staat niet (meer) in de catalogus; kies opnieuw")
            }
            (AuthorisationError::UnknownService(id), Lang::En) => {
                format!("The service ‘{id}’ is not (or no longer) in the catalogue; choose again")
            }
            (AuthorisationError::LevelTooLow { service, needs, level }, Lang::Nl) => format!(
                "{service} vraagt minimaal {}; uw aanvraag is {level}. Kies een hoger niveau in stap 1 of laat deze dienst weg",
                needs.label()
            ),
            (AuthorisationError::LevelTooLow { service, needs, level }, Lang::En) => format!(
                "{service} requires at least {}; your order is {level}. Choose a higher level in step 1 or leave this service out",
                needs.label()
            ),
        }
    }
}

impl Catalogue {
    /// The provider with `id`, if the catalogue has it.
    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// The service with `id` and its provider.
    pub fn service(&self, id: &str) -> Option<(&Provider, &Service)> {
        self.providers
            .iter()
            .find_map(|p| p.services.iter().find(|s| s.id == id).map(|s| (p, s)))
    }

    /// Why `service` cannot be chosen at `level` (in `lang`), or `None` when it can.
    pub fn unavailable_reason(service: &Service, level: Level, lang: Lang) -> Option<String> {
        (!service.min_level.allows(level)).then(|| match lang {
            Lang::Nl => format!(
                "Niet te kiezen: deze dienst vraagt minimaal {}, uw aanvraag is {level}",
                service.min_level.label()
            ),
            Lang::En => format!(
                "Cannot be chosen: this service requires at least {}, your order is {level}",
                service.min_level.label()
            ),
        })
    }

    /// Checks a choice at `level` and returns it normalised: duplicates removed, services that a
    /// chosen provider already covers dropped, ids sorted. "All services of a provider" counts
    /// only that provider's services the level allows; a provider none of whose services the
    /// level allows cannot be chosen.
    pub fn check(
        &self,
        choice: &Authorisations,
        level: Level,
        service_name: impl Fn(&Service) -> String,
    ) -> Result<Authorisations, Vec<AuthorisationError>> {
        let Authorisations::Selected {
            providers,
            services,
        } = choice
        else {
            return Ok(choice.clone());
        };
        let mut errors = Vec::new();
        let mut kept_providers: Vec<String> = Vec::new();
        for id in providers {
            match self.provider(id) {
                None => errors.push(AuthorisationError::UnknownProvider(id.clone())),
                Some(p) if !p.services.iter().any(|s| s.min_level.allows(level)) => {
                    let lowest = p.services.iter().map(|s| s.min_level).min();
                    errors.push(AuthorisationError::LevelTooLow {
                        service: p.name.clone(),
                        needs: lowest.unwrap_or(MinLevel::Eh4),
                        level,
                    });
                }
                Some(p) if !kept_providers.contains(&p.id) => kept_providers.push(p.id.clone()),
                Some(_) => {}
            }
        }
        let mut kept_services: Vec<String> = Vec::new();
        for id in services {
            match self.service(id) {
                None => errors.push(AuthorisationError::UnknownService(id.clone())),
                Some((_, s)) if !s.min_level.allows(level) => {
                    errors.push(AuthorisationError::LevelTooLow {
                        service: service_name(s),
                        needs: s.min_level,
                        level,
                    })
                }
                Some((p, s)) => {
                    if !kept_providers.contains(&p.id) && !kept_services.contains(&s.id) {
                        kept_services.push(s.id.clone());
                    }
                }
            }
        }
        if errors.is_empty() && kept_providers.is_empty() && kept_services.is_empty() {
            errors.push(AuthorisationError::NothingSelected);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        kept_providers.sort();
        kept_services.sort();
        Ok(Authorisations::Selected {
            providers: kept_providers,
            services: kept_services,
        })
    }
}

impl Authorisations {
    /// How many authorisations each user gets, for the price: "all services" and "all
    /// services of one provider" count as one each.
    pub fn count_per_user(&self) -> u32 {
        match self {
            Authorisations::None => 0,
            Authorisations::AllServices => 1,
            Authorisations::Selected {
                providers,
                services,
            } => (providers.len() + services.len()) as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        let service = |id: &str, min_level| Service {
            id: id.into(),
            name: id.into(),
            min_level,
        };
        Catalogue {
            providers: vec![
                Provider {
                    id: "belastingdienst".into(),
                    name: "Belastingdienst".into(),
                    website: None,
                    services: vec![
                        service("bd.zakelijk", MinLevel::Eh3),
                        service("bd.dividend", MinLevel::Eh3),
                    ],
                },
                Provider {
                    id: "rvo".into(),
                    name: "RVO".into(),
                    website: None,
                    services: vec![service("rvo.mijn", MinLevel::Eh2Plus)],
                },
                Provider {
                    id: "uwv".into(),
                    name: "UWV".into(),
                    website: None,
                    services: vec![service("uwv.gegevensdiensten", MinLevel::Eh4)],
                },
            ],
        }
    }

    fn selected(providers: &[&str], services: &[&str]) -> Authorisations {
        Authorisations::Selected {
            providers: providers.iter().map(|s| s.to_string()).collect(),
            services: services.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_higher_level_also_serves_lower_level_services() {
        assert!(MinLevel::Eh2Plus.allows(Level::Eh3));
        assert!(!MinLevel::Eh3.allows(Level::Eh2Plus));
        assert!(!MinLevel::Eh4.allows(Level::Eh3));
    }

    #[test]
    fn services_above_the_level_are_refused_with_the_reason() {
        let err = catalogue()
            .check(&selected(&[], &["bd.zakelijk"]), Level::Eh2Plus, |s| {
                s.name.clone()
            })
            .unwrap_err();
        assert_eq!(err[0].code(), "service_level_too_high");
        assert!(
            err[0]
                .message(Lang::Nl)
                .contains("minimaal EH3; uw aanvraag is EH2+")
        );
    }

    #[test]
    fn a_chosen_provider_covers_its_services_and_counts_once() {
        let checked = catalogue()
            .check(
                &selected(
                    &["belastingdienst"],
                    &["bd.zakelijk", "rvo.mijn", "rvo.mijn"],
                ),
                Level::Eh3,
                |s| s.name.clone(),
            )
            .unwrap();
        assert_eq!(checked, selected(&["belastingdienst"], &["rvo.mijn"]));
        assert_eq!(checked.count_per_user(), 2);
    }

    #[test]
    fn nothing_unknown_or_empty_slips_through() {
        let cat = catalogue();
        let err = cat
            .check(&selected(&[], &[]), Level::Eh3, |s| s.name.clone())
            .unwrap_err();
        assert_eq!(err, vec![AuthorisationError::NothingSelected]);
        let err = cat
            .check(&selected(&["kvk"], &["x"]), Level::Eh3, |s| s.name.clone())
            .unwrap_err();
        assert_eq!(err.len(), 2);
        let err = cat
            .check(&selected(&["uwv"], &[]), Level::Eh3, |s| s.name.clone())
            .unwrap_err();
        assert_eq!(err[0].code(), "service_level_too_high");
        assert_eq!(Authorisations::AllServices.count_per_user(), 1);
        assert_eq!(Authorisations::None.count_per_user(), 0);
    }
}
