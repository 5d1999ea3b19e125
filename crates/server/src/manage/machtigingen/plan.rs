//! What a change would do to one means, decided without the database: which of the chosen
//! machtigingen it holds already, which it cannot hold (its level is too low), until when the
//! new ones run and how many of them fall within its free allowance.

use domain::catalogue::{AuthorisationError, Authorisations, Catalogue};
use domain::machtiging::{EndBounds, EndProblem, Machtiging, priced_term, term_end};
use domain::pricing::{Addition, PriceList, Term};
use domain::{Date, Lang, Level};

use super::store::Holder;
use crate::activation::machtiging_label;

/// A machtiging in words, in `lang`; its id when the catalogue no longer has it.
pub(crate) fn label(item: &Machtiging, lang: Lang) -> String {
    machtiging_label(item, lang).unwrap_or_else(|| item.subject().to_owned())
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

    /// What it is, if its stored kind is one.
    fn machtiging(&self) -> Option<Machtiging> {
        Machtiging::stored(&self.kind, &self.subject)
    }

    /// Whether it is exactly `item`.
    pub(crate) fn is(&self, item: &Machtiging) -> bool {
        self.kind == item.kind() && self.subject == item.subject()
    }

    /// Whether it makes `item` superfluous ([`Machtiging::covers`]).
    fn covers(&self, item: &Machtiging, catalogue: &Catalogue) -> bool {
        self.machtiging()
            .is_some_and(|held| held.covers(item, catalogue))
    }

    /// In words, in `lang`; as stored when the catalogue no longer knows it.
    pub(crate) fn label_in(&self, lang: Lang) -> String {
        self.machtiging()
            .and_then(|m| machtiging_label(&m, lang))
            .unwrap_or_else(|| self.label.clone())
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
    pub new: Vec<Machtiging>,
    /// Held already (or covered by what is held).
    pub present: Vec<Machtiging>,
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
    items: &[Machtiging],
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
    let (present, new): (Vec<Machtiging>, Vec<Machtiging>) =
        items.iter().cloned().partition(|item| {
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

    fn service(id: &str) -> Machtiging {
        Machtiging::Service(id.into())
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
