//! The machtigingen a means holds ([`Machtiging`]: what each covers), and the rules for those
//! added to a means that is already issued, or given a new last day: when they may end, and for
//! which term the price list prices them. The machtigingen
//! themselves are checked by [`Catalogue::check`](crate::catalogue::Catalogue::check) at the
//! means' level, as in an order.

use crate::catalogue::{Authorisations, Catalogue};
use crate::pricing::Term;
use crate::{Date, Lang};

/// One machtiging as a means holds it: all services, all services of one provider (today's and
/// future ones), or one service. An order's or an addition's choice is a list of them
/// ([`Machtiging::of`]); `means_authorisations` stores each as its [`kind`](Machtiging::kind)
/// and [`subject`](Machtiging::subject).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Machtiging {
    /// All services at the means' level or lower.
    AllServices,
    /// All services of the provider with this id.
    Provider(String),
    /// The service with this id.
    Service(String),
}

impl Machtiging {
    /// The machtigingen of a choice: none for [`Authorisations::None`], the providers before
    /// the services.
    pub fn of(choice: &Authorisations) -> Vec<Machtiging> {
        match choice {
            Authorisations::None => Vec::new(),
            Authorisations::AllServices => vec![Machtiging::AllServices],
            Authorisations::Selected {
                providers,
                services,
            } => providers
                .iter()
                .cloned()
                .map(Machtiging::Provider)
                .chain(services.iter().cloned().map(Machtiging::Service))
                .collect(),
        }
    }

    /// The stored kind: `all_services`, `provider` or `service`.
    pub fn kind(&self) -> &'static str {
        match self {
            Machtiging::AllServices => "all_services",
            Machtiging::Provider(_) => "provider",
            Machtiging::Service(_) => "service",
        }
    }

    /// The stored subject: the provider's or service's id; empty for all services.
    pub fn subject(&self) -> &str {
        match self {
            Machtiging::AllServices => "",
            Machtiging::Provider(id) | Machtiging::Service(id) => id,
        }
    }

    /// The machtiging stored as `kind` and `subject`, if `kind` is one.
    pub fn stored(kind: &str, subject: &str) -> Option<Machtiging> {
        match kind {
            "all_services" => Some(Machtiging::AllServices),
            "provider" => Some(Machtiging::Provider(subject.to_owned())),
            "service" => Some(Machtiging::Service(subject.to_owned())),
            _ => None,
        }
    }

    /// Whether holding `self` makes `other` superfluous: the same, all services, or a service
    /// of the provider `self` covers.
    pub fn covers(&self, other: &Machtiging, catalogue: &Catalogue) -> bool {
        match (self, other) {
            (Machtiging::AllServices, _) => true,
            (Machtiging::Provider(provider), Machtiging::Service(service)) => catalogue
                .service(service)
                .is_some_and(|(p, _)| p.id == *provider),
            (held, other) => held == other,
        }
    }
}

/// The most years a machtiging may be registered for (Afsprakenstelsel: "maximale
/// geldigheidsperiode van 5 jaar").
pub const MAX_YEARS: u16 = 5;

/// The last day of a term of `years` starting on `from`: the day before the same date `years`
/// later (a term from 29 February ends on 28 February in a common year). The means' own term
/// too (crate users: the server's issuance).
pub fn term_end(from: Date, years: u16) -> Date {
    let year = from.year().saturating_add(years).min(9999);
    let anniversary = Date::new(year, from.month(), from.day())
        .or_else(|| Date::new(year, 3, 1))
        .expect("the same date, or 1 March, exists in every year");
    anniversary.add_days(-1).unwrap_or(anniversary)
}

/// The first day of a renewal's means issued `today` for a means valid until `old_until`: the
/// day after the old one ends, so that renewing early loses no days; today when that has
/// passed.
pub fn renewal_start(today: Date, old_until: Date) -> Date {
    old_until.add_days(1).unwrap_or(old_until).max(today)
}

/// The latest day a machtiging may end: the means' last day, five years from today, and (for
/// a paid addition) the end of the term it was paid for, whichever is first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndBounds {
    /// Today.
    pub today: Date,
    /// The means' last day.
    pub means_until: Date,
    /// The end of the term a paid addition was priced for; `None` for the machtigingen that
    /// came with the means or within its free allowance.
    pub paid_until: Option<Date>,
}

impl EndBounds {
    /// The latest last day allowed.
    pub fn latest(&self) -> Date {
        let mut latest = self.means_until.min(term_end(self.today, MAX_YEARS));
        if let Some(paid) = self.paid_until {
            latest = latest.min(paid);
        }
        latest
    }

    /// The requested last day (ISO), or the latest allowed when none is asked for, checked.
    pub fn check(&self, requested: Option<&str>) -> Result<Date, EndProblem> {
        let Some(text) = requested.map(str::trim) else {
            return if self.means_until < self.today {
                Err(EndProblem::InPast)
            } else {
                Ok(self.latest())
            };
        };
        let date = Date::parse_iso(text).map_err(|_| EndProblem::Invalid(text.to_owned()))?;
        if date < self.today {
            return Err(EndProblem::InPast);
        }
        if date > self.means_until {
            return Err(EndProblem::PastMeansEnd(self.means_until));
        }
        let five_years = term_end(self.today, MAX_YEARS);
        if date > five_years {
            return Err(EndProblem::TooFar(five_years));
        }
        match self.paid_until {
            Some(paid) if date > paid => Err(EndProblem::PastPaid(paid)),
            _ => Ok(date),
        }
    }
}

/// The term the price list prices a machtiging from `today` to `until` at: the shortest of 1,
/// 3 and 5 years that covers it.
pub fn priced_term(today: Date, until: Date) -> Term {
    Term::ALL
        .into_iter()
        .find(|term| until <= term_end(today, u16::from(term.years())))
        .unwrap_or(Term::FiveYears)
}

/// Why a last day cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndProblem {
    /// Not an ISO date (`YYYY-MM-DD`), as sent.
    #[error("{0:?} is not a date")]
    Invalid(String),
    /// Before today.
    #[error("the date has passed")]
    InPast,
    /// After the means' own last day.
    #[error("after the means' last day {0}")]
    PastMeansEnd(Date),
    /// More than five years from today.
    #[error("more than five years ahead; at most {0}")]
    TooFar(Date),
    /// After the end of the term the machtiging was paid for.
    #[error("after the paid term's end {0}")]
    PastPaid(Date),
}

impl EndProblem {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            EndProblem::Invalid(_) => "valid_until_invalid",
            EndProblem::InPast => "valid_until_in_past",
            EndProblem::PastMeansEnd(_) => "valid_until_past_means_end",
            EndProblem::TooFar(_) => "valid_until_too_far",
            EndProblem::PastPaid(_) => "valid_until_past_paid",
        }
    }

    /// What is wrong and what to do, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (EndProblem::Invalid(_), Lang::Nl) => {
                "Vul een einddatum in als dag, maand en jaar, bijvoorbeeld 31-12-2027".into()
            }
            (EndProblem::Invalid(_), Lang::En) => {
                "Enter an end date as day, month and year, for example 31-12-2027".into()
            }
            (EndProblem::InPast, Lang::Nl) => "De einddatum moet vandaag of later zijn".into(),
            (EndProblem::InPast, Lang::En) => "The end date must be today or later".into(),
            (EndProblem::PastMeansEnd(end), Lang::Nl) => format!(
                "Een machtiging kan niet langer geldig zijn dan het middel: kies {} of eerder",
                end.to_dutch()
            ),
            (EndProblem::PastMeansEnd(end), Lang::En) => format!(
                "An authorisation cannot outlast the means: choose {} or earlier",
                end.to_dutch()
            ),
            (EndProblem::TooFar(end), Lang::Nl) => format!(
                "Een machtiging is hoogstens 5 jaar geldig: kies {} of eerder",
                end.to_dutch()
            ),
            (EndProblem::TooFar(end), Lang::En) => format!(
                "An authorisation is valid for at most 5 years: choose {} or earlier",
                end.to_dutch()
            ),
            (EndProblem::PastPaid(end), Lang::Nl) => format!(
                "Deze machtiging is betaald tot en met {}; kies die datum of eerder, of voeg de machtiging opnieuw toe voor langer",
                end.to_dutch()
            ),
            (EndProblem::PastPaid(end), Lang::En) => format!(
                "This authorisation is paid for up to {}; choose that date or earlier, or add it again for longer",
                end.to_dutch()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn a_renewal_starts_the_day_after_the_old_means_ends() {
        // Renewed 20 days early: no day lost.
        assert_eq!(
            renewal_start(d(2026, 12, 7), d(2026, 12, 27)),
            d(2026, 12, 28)
        );
        // Across a year and a leap day.
        assert_eq!(
            renewal_start(d(2027, 12, 1), d(2027, 12, 31)),
            d(2028, 1, 1)
        );
        assert_eq!(renewal_start(d(2028, 2, 1), d(2028, 2, 28)), d(2028, 2, 29));
        // The old one ended already: from today.
        assert_eq!(
            renewal_start(d(2026, 12, 7), d(2026, 12, 1)),
            d(2026, 12, 7)
        );
        // Its last day is today: from tomorrow.
        assert_eq!(
            renewal_start(d(2026, 12, 7), d(2026, 12, 7)),
            d(2026, 12, 8)
        );
    }

    fn bounds(paid: Option<Date>) -> EndBounds {
        EndBounds {
            today: d(2026, 12, 7),
            means_until: d(2029, 12, 6),
            paid_until: paid,
        }
    }

    #[test]
    fn without_a_date_a_machtiging_ends_with_its_means() {
        assert_eq!(bounds(None).check(None), Ok(d(2029, 12, 6)));
        assert_eq!(bounds(Some(d(2027, 12, 6))).check(None), Ok(d(2027, 12, 6)));
    }

    #[test]
    fn a_last_day_is_from_today_and_within_the_means_and_the_paid_term() {
        let b = bounds(Some(d(2027, 12, 6)));
        assert_eq!(b.check(Some("2026-12-07")), Ok(d(2026, 12, 7)));
        assert_eq!(b.check(Some("2026-12-06")), Err(EndProblem::InPast));
        assert_eq!(
            b.check(Some("2027-12-07")),
            Err(EndProblem::PastPaid(d(2027, 12, 6)))
        );
        assert_eq!(
            bounds(None).check(Some("2029-12-07")),
            Err(EndProblem::PastMeansEnd(d(2029, 12, 6)))
        );
        assert_eq!(
            bounds(None).check(Some("7-12-2027")),
            Err(EndProblem::Invalid("7-12-2027".into()))
        );
        let long = EndBounds {
            means_until: d(2040, 1, 1),
            ..bounds(None)
        };
        assert_eq!(
            long.check(Some("2031-12-07")),
            Err(EndProblem::TooFar(d(2031, 12, 6)))
        );
        assert_eq!(long.latest(), d(2031, 12, 6));
    }

    #[test]
    fn all_services_and_a_provider_cover_what_they_include() {
        use crate::catalogue::{MinLevel, Provider, Service};
        let catalogue = Catalogue {
            providers: vec![Provider {
                id: "uwv".into(),
                name: "UWV".into(),
                website: None,
                services: vec![Service {
                    id: "uwv.portaal".into(),
                    name: "Portaal".into(),
                    min_level: MinLevel::Eh3,
                }],
            }],
        };
        let service = |id: &str| Machtiging::Service(id.into());
        let uwv = Machtiging::Provider("uwv".into());
        assert!(uwv.covers(&service("uwv.portaal"), &catalogue));
        assert!(!uwv.covers(&service("rvo.mijn-rvo"), &catalogue));
        assert!(!uwv.covers(&Machtiging::AllServices, &catalogue));
        assert!(Machtiging::AllServices.covers(&uwv, &catalogue));
        assert!(service("x").covers(&service("x"), &catalogue));
        for m in [Machtiging::AllServices, uwv, service("x")] {
            assert_eq!(Machtiging::stored(m.kind(), m.subject()), Some(m));
        }
        let choice = Authorisations::Selected {
            providers: vec!["uwv".into()],
            services: vec!["x".into()],
        };
        assert_eq!(
            Machtiging::of(&choice),
            [Machtiging::Provider("uwv".into()), service("x")]
        );
    }

    #[test]
    fn a_term_from_29_february_ends_on_28_february() {
        assert_eq!(term_end(d(2028, 2, 29), 1), d(2029, 2, 28));
        assert_eq!(term_end(d(2026, 11, 25), 3), d(2029, 11, 24));
    }

    #[test]
    fn the_price_is_for_the_shortest_term_that_covers_the_validity() {
        let today = d(2026, 12, 7);
        assert_eq!(priced_term(today, d(2027, 12, 6)), Term::OneYear);
        assert_eq!(priced_term(today, d(2027, 12, 7)), Term::ThreeYears);
        assert_eq!(priced_term(today, d(2029, 12, 6)), Term::ThreeYears);
        assert_eq!(priced_term(today, d(2031, 12, 6)), Term::FiveYears);
    }
}
