//! What a change would do to one means, decided without the database: which of the chosen
//! machtigingen it holds already, which it cannot hold (its level is too low), until when the
//! new ones run and how many of them fall within its free allowance.

use domain::catalogue::{AuthorisationError, Authorisations, Catalogue};
use domain::machtiging::{EndBounds, EndProblem, priced_term, term_end};
use domain::pricing::{Addition, PriceList, Term};
use domain::{Date, Lang, Level};

use super::store::Holder;
use crate::lang::Text;

/// What a machtiging is for, as stored in `means_authorisations.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    AllServices,
    Provider,
    Service,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::AllServices => "all_services",
            Kind::Provider => "provider",
            Kind::Service => "service",
        }
    }
}

/// One machtiging: all services, all services of a provider, or one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub kind: Kind,
    pub subject: String,
}

impl Item {
    /// The items of a (normalised) choice; none for [`Authorisations::None`].
    pub(crate) fn of(choice: &Authorisations) -> Vec<Item> {
        match choice {
            Authorisations::None => Vec::new(),
            Authorisations::AllServices => vec![Item {
                kind: Kind::AllServices,
                subject: String::new(),
            }],
            Authorisations::Selected {
                providers,
                services,
            } => providers
                .iter()
                .map(|p| Item {
                    kind: Kind::Provider,
                    subject: p.clone(),
                })
                .chain(services.iter().map(|s| Item {
                    kind: Kind::Service,
                    subject: s.clone(),
                }))
                .collect(),
        }
    }

    /// In words, in `lang`: "Alle diensten", "Alle diensten van UWV", "UWV: Werkgeversportaal".
    pub(crate) fn label(&self, lang: Lang) -> String {
        label(self.kind.as_str(), &self.subject, lang).unwrap_or_else(|| self.subject.clone())
    }
}

/// A stored machtiging in words, in `lang`; `None` for a kind or subject the catalogue no
/// longer knows (the stored label is shown then).
pub(crate) fn label(kind: &str, subject: &str, lang: Lang) -> Option<String> {
    let catalogue = crate::offer::catalogue();
    match kind {
        "all_services" => Some(Text::AllServices.text(lang)),
        "provider" => catalogue
            .provider(subject)
            .map(|p| Text::AllServicesOf { provider: &p.name }.text(lang)),
        "service" => catalogue
            .service(subject)
            .map(|(p, s)| format!("{}: {}", p.name, s.name)),
        _ => None,
    }
}

/// A machtiging a means holds (or held), as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Held {
    pub position: i64,
    pub kind: String,
    pub subject: String,
    pub label: String,
    pub valid_from: String,
    pub valid_until: String,
    pub withdrawn_at: Option<i64>,
    pub paid_until: Option<String>,
}

impl Held {
    /// Whether it works on `today_iso` or later: not withdrawn, not past its last day.
    pub(crate) fn active(&self, today_iso: &str) -> bool {
        self.withdrawn_at.is_none() && self.valid_until.as_str() >= today_iso
    }

    /// Whether it is exactly `item`.
    pub(crate) fn is(&self, item: &Item) -> bool {
        self.kind == item.kind.as_str() && self.subject == item.subject
    }

    /// Whether it makes `item` superfluous: the same, all services, or its provider's services.
    fn covers(&self, item: &Item, catalogue: &Catalogue) -> bool {
        self.is(item)
            || self.kind == Kind::AllServices.as_str()
            || (self.kind == Kind::Provider.as_str()
                && item.kind == Kind::Service
                && catalogue
                    .service(&item.subject)
                    .is_some_and(|(p, _)| p.id == self.subject))
    }

    /// In words, in `lang`.
    pub(crate) fn label_in(&self, lang: Lang) -> String {
        label(&self.kind, &self.subject, lang).unwrap_or_else(|| self.label.clone())
    }
}

/// Why a choice cannot be added to a means of this level, or by this manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ChoiceProblem {
    /// `none`, or a selection of nothing.
    NoneChosen,
    /// Not (or no longer) in the catalogue, or another problem of the choice as such.
    Catalogue(AuthorisationError),
    /// A service needs a higher level than the manager's own.
    AboveOwn { service: String, needs: String },
}

/// The choice, normalised by the catalogue at the manager's level (which bounds every
/// machtiging they register).
pub(crate) fn check_choice(
    choice: &Authorisations,
    manager_level: Level,
) -> Result<Authorisations, ChoiceProblem> {
    if matches!(choice, Authorisations::None) {
        return Err(ChoiceProblem::NoneChosen);
    }
    let catalogue = crate::offer::catalogue();
    catalogue
        .check(choice, manager_level, |s| s.name.clone())
        .map_err(|errors| match errors.into_iter().next() {
            Some(AuthorisationError::NothingSelected) | None => ChoiceProblem::NoneChosen,
            Some(AuthorisationError::LevelTooLow { service, needs, .. }) => {
                ChoiceProblem::AboveOwn {
                    service,
                    needs: needs.label().to_owned(),
                }
            }
            Some(other) => ChoiceProblem::Catalogue(other),
        })
}

/// The first service of `choice` a means of `level` cannot hold: its name and the level it
/// needs.
pub(crate) fn too_high_for(choice: &Authorisations, level: Level) -> Option<(String, String)> {
    let catalogue = crate::offer::catalogue();
    match catalogue.check(choice, level, |s| s.name.clone()) {
        Err(errors) => errors.into_iter().find_map(|e| match e {
            AuthorisationError::LevelTooLow { service, needs, .. } => {
                Some((service, needs.label().to_owned()))
            }
            _ => None,
        }),
        Ok(_) => None,
    }
}

/// What adding a choice to one means does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AdditionPlan {
    /// To add (not held yet).
    pub new: Vec<Item>,
    /// Held already (or covered by what is held).
    pub present: Vec<Item>,
    pub until: Date,
    pub term: Term,
    /// How many of `new` are free: the first ones.
    pub free: u32,
}

impl AdditionPlan {
    /// Its line of the price.
    pub(crate) fn addition(&self, level: Level) -> Addition {
        Addition {
            level,
            term: self.term,
            count: self.new.len() as u32,
            free: self.free,
        }
    }

    /// The end of the paid term of the `index`th new machtiging; `None` when it is free.
    pub(crate) fn paid_until(&self, index: usize, today: Date) -> Option<String> {
        (index as u32 >= self.free)
            .then(|| term_end(today, u16::from(self.term.years())).iso_string())
    }
}

/// Plans adding `items` (checked) to `holder`'s means holding `held`, until `requested` (or the
/// means' last day). For many people at once (`each_means`) a day past a means' own last day
/// becomes that day; for one means it is refused.
pub(crate) fn plan_addition(
    holder: &Holder,
    held: &[Held],
    items: &[Item],
    (requested, each_means): (Option<&str>, bool),
    today: Date,
    prices: &PriceList,
) -> Result<AdditionPlan, EndProblem> {
    let bounds = EndBounds {
        today,
        means_until: holder.valid_until,
        paid_until: None,
    };
    let until = match requested {
        Some(text) => match bounds.check(Some(text)) {
            Err(EndProblem::PastMeansEnd(end)) if each_means => end,
            other => other?,
        },
        None => bounds.check(None)?,
    };
    let catalogue = crate::offer::catalogue();
    let today_iso = today.iso_string();
    let (present, new): (Vec<Item>, Vec<Item>) = items.iter().cloned().partition(|item| {
        held.iter()
            .any(|h| h.active(&today_iso) && h.covers(item, catalogue))
    });
    let registered = held.len() as u32;
    Ok(AdditionPlan {
        free: prices.free_left(registered).min(new.len() as u32),
        new,
        present,
        until,
        term: priced_term(today, until),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(position: i64, kind: &str, subject: &str, withdrawn: bool) -> Held {
        Held {
            position,
            kind: kind.into(),
            subject: subject.into(),
            label: subject.into(),
            valid_from: "2026-01-01".into(),
            valid_until: "2029-01-01".into(),
            withdrawn_at: withdrawn.then_some(1),
            paid_until: None,
        }
    }

    fn service(id: &str) -> Item {
        Item {
            kind: Kind::Service,
            subject: id.into(),
        }
    }

    #[test]
    fn what_a_means_holds_is_not_added_again_and_a_withdrawn_one_can_come_back() {
        let catalogue = crate::offer::catalogue();
        let provider = held(1, "provider", "uwv", false);
        assert!(provider.covers(&service("uwv.werkgeversportaal"), catalogue));
        assert!(!provider.covers(&service("rvo.mijn-rvo"), catalogue));
        assert!(held(2, "all_services", "", false).covers(&service("rvo.mijn-rvo"), catalogue));
        assert!(!held(3, "service", "rvo.mijn-rvo", true).active("2026-12-07"));
    }

    #[test]
    fn a_service_above_the_means_level_is_named_with_the_level_it_needs() {
        let choice = Authorisations::Selected {
            providers: vec![],
            services: vec!["belastingdienst.mijn-zakelijk".into()],
        };
        let (service, needs) = too_high_for(&choice, Level::Eh2Plus).expect("too high");
        assert!(service.starts_with("Mijn Belastingdienst Zakelijk"));
        assert_eq!(needs, "EH3");
        assert_eq!(too_high_for(&choice, Level::Eh3), None);
        assert_eq!(
            check_choice(&Authorisations::None, Level::Eh3),
            Err(ChoiceProblem::NoneChosen)
        );
        assert!(matches!(
            check_choice(&choice, Level::Eh2Plus),
            Err(ChoiceProblem::AboveOwn { .. })
        ));
    }
}
