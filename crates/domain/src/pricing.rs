//! Prices and quotes. The price list is data (the server loads it from a file); this module only
//! computes: per user one means at the chosen level and term, plus the authorisations
//! (machtigingen) beyond the free allowance that comes with a new means, then 21% VAT.

use serde::{Deserialize, Serialize};

use crate::{Lang, Level};

/// How long the means and its authorisations are valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Term {
    /// One year, `1` on the wire.
    OneYear,
    /// Three years, `3` on the wire.
    ThreeYears,
    /// Five years, `5` on the wire.
    FiveYears,
}

impl Term {
    /// Every term offered, shortest first.
    pub const ALL: [Term; 3] = [Term::OneYear, Term::ThreeYears, Term::FiveYears];

    /// The term in years (1, 3 or 5), also its wire form.
    pub fn years(self) -> u8 {
        match self {
            Term::OneYear => 1,
            Term::ThreeYears => 3,
            Term::FiveYears => 5,
        }
    }

    /// "3 jaar" in Dutch, "3 years" (or "1 year") in English.
    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Term::OneYear, Lang::En) => "1 year".to_string(),
            (t, Lang::En) => format!("{} years", t.years()),
            (t, Lang::Nl) => format!("{} jaar", t.years()),
        }
    }
}

/// A term other than 1, 3 or 5 years.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a term is 1, 3 or 5 years, not {0}")]
pub struct TermError(pub u8);

impl TryFrom<u8> for Term {
    type Error = TermError;
    fn try_from(years: u8) -> Result<Term, TermError> {
        match years {
            1 => Ok(Term::OneYear),
            3 => Ok(Term::ThreeYears),
            5 => Ok(Term::FiveYears),
            other => Err(TermError(other)),
        }
    }
}

impl From<Term> for u8 {
    fn from(term: Term) -> u8 {
        term.years()
    }
}

/// An amount in euro cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    /// `€ 1.234,50` in Dutch, `€1,234.50` in English: for e-mails and exports.
    pub fn format(self, lang: Lang) -> String {
        self.format_with(lang, ' ')
    }

    /// As [`Cents::format`], with a non-breaking space after the euro sign: on a screen, a
    /// narrow one above all, the sign never ends one line and the number starts the next.
    pub fn on_screen(self, lang: Lang) -> String {
        self.format_with(lang, '\u{a0}')
    }

    fn format_with(self, lang: Lang, space: char) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (euros, cents) = (abs / 100, abs % 100);
        let (group, decimal) = match lang {
            Lang::Nl => ('.', ','),
            Lang::En => (',', '.'),
        };
        let digits = euros.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(c);
        }
        match lang {
            Lang::Nl => format!("{sign}€{space}{grouped}{decimal}{cents:02}"),
            Lang::En => format!("{sign}€{grouped}{decimal}{cents:02}"),
        }
    }
}

/// One price of the list: for a level and a term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PricePoint {
    /// The level of the means the price is for.
    pub level: Level,
    /// The term the price covers.
    pub term: Term,
    /// The price of one unit (one means, or one authorisation, for one user), excluding VAT.
    pub price: Cents,
}

/// The price list, as the server loads it (`prices.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceList {
    /// One means (middel) per user, excluding VAT.
    pub means: Vec<PricePoint>,
    /// One authorisation (machtiging) per user, excluding VAT.
    pub authorisation: Vec<PricePoint>,
    /// Authorisations per user that are free with a new means.
    pub free_authorisations_per_means: u32,
    /// VAT in percent (21).
    pub vat_percent: u32,
}

/// Why a quote cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    /// The price list has no means price for the level and term: a gap in the server's price
    /// list, not something the manager can fix.
    #[error("the price list has no price for a means at {level} for {years} years")]
    NoMeansPrice {
        /// The level ordered.
        level: Level,
        /// The term ordered, in years.
        years: u8,
    },
    /// The price list has no authorisation price for the level and term (only asked for when
    /// the order has authorisations): a gap in the server's price list.
    #[error("the price list has no price for an authorisation at {level} for {years} years")]
    NoAuthorisationPrice {
        /// The level ordered.
        level: Level,
        /// The term ordered, in years.
        years: u8,
    },
}

/// What is ordered, as far as the price is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteRequest {
    /// The level of every means.
    pub level: Level,
    /// The term of every means and its authorisations.
    pub term: Term,
    /// How many users, each getting one means: 1 to [`QuoteRequest::MAX_USERS`]. JSON's `804`
    /// and `804.0` are the same number (and both a JSON Schema `integer`), so both are read.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000))]
    #[serde(deserialize_with = "whole_u32")]
    pub users: u32,
    /// Authorisations each user gets: "all services" and "all services of one provider" count
    /// as one each; at most [`QuoteRequest::MAX_AUTHORISATIONS_PER_USER`].
    #[cfg_attr(feature = "openapi", schema(maximum = 10_000))]
    #[serde(deserialize_with = "whole_u32")]
    pub authorisations_per_user: u32,
}

/// A count from JSON: a whole number, written with or without a fraction of zero (`804.0`); a
/// real fraction, a negative number or one past `u32` is refused.
fn whole_u32<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    use serde::de::{Error, Unexpected, Visitor};

    struct Whole;

    impl Visitor<'_> for Whole {
        type Value = u32;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "a whole number from 0 to {}", u32::MAX)
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
        }

        fn visit_f64<E: Error>(self, v: f64) -> Result<u32, E> {
            if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) {
                // Exact: a whole number within u32's range.
                Ok(v as u32)
            } else {
                Err(E::invalid_value(Unexpected::Float(v), &self))
            }
        }
    }

    deserializer.deserialize_any(Whole)
}

impl QuoteRequest {
    /// The most users one quote is for (far above an order's 100: a provider's price sheet).
    /// The OpenAPI schema's `maximum` above says the same number; a test keeps them equal.
    pub const MAX_USERS: u32 = 100_000;
    /// The most authorisations per user a quote counts.
    pub const MAX_AUTHORISATIONS_PER_USER: u32 = 10_000;
}

/// What a line of the quote is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LineKind {
    /// The means: one per user.
    Means {
        /// The level of the means.
        level: Level,
        /// Their term.
        term: Term,
    },
    /// The authorisations: users × authorisations per user.
    Authorisations {
        /// The level of the means they are on.
        level: Level,
        /// Their term.
        term: Term,
    },
    /// The authorisations that come free with a new means (per user, up to the allowance): one
    /// line at zero, rather than a charge and its cancellation.
    FreeAuthorisations {
        /// How many authorisations are free with each new means
        /// ([`PriceList::free_authorisations_per_means`]).
        per_means: u32,
    },
}

impl LineKind {
    /// The line's description on the quote, in `lang`: "eHerkenningsmiddel EH3, 3 jaar",
    /// "Authorisations EH3, 3 years", ….
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (LineKind::Means { level, term }, Lang::Nl) => {
                format!("eHerkenningsmiddel {level}, {}", term.label(lang))
            }
            (LineKind::Means { level, term }, Lang::En) => {
                format!("eHerkenning means {level}, {}", term.label(lang))
            }
            (LineKind::Authorisations { level, term }, Lang::Nl) => {
                format!("Machtigingen {level}, {}", term.label(lang))
            }
            (LineKind::Authorisations { level, term }, Lang::En) => {
                format!("Authorisations {level}, {}", term.label(lang))
            }
            (LineKind::FreeAuthorisations { per_means }, Lang::Nl) => {
                format!("Gratis: de eerste {per_means} machtigingen bij een nieuw middel")
            }
            (LineKind::FreeAuthorisations { per_means }, Lang::En) => {
                format!("Free: the first {per_means} authorisations with a new means")
            }
        }
    }
}

/// One line: quantity × unit price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteLine {
    /// What the line is for; on the wire its `kind` and fields are the line's own.
    #[serde(flatten)]
    pub kind: LineKind,
    /// How many units.
    pub quantity: u32,
    /// The price of one unit, excluding VAT; zero for the free authorisations.
    pub unit_price: Cents,
    /// Quantity × unit price, excluding VAT.
    pub total: Cents,
}

/// A priced order: its lines, the total excluding VAT, the VAT and the total including it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    /// The means, then (when the order has authorisations) those charged and those free, each
    /// when there are any.
    pub lines: Vec<QuoteLine>,
    /// The sum of the lines' totals.
    pub total_excl_vat: Cents,
    /// The VAT rate in percent, from the price list.
    pub vat_percent: u32,
    /// The VAT on the total excluding VAT, rounded half up to the cent.
    pub vat: Cents,
    /// The total excluding VAT plus the VAT: what the manager pays.
    pub total_incl_vat: Cents,
}

impl PriceList {
    fn find(points: &[PricePoint], level: Level, term: Term) -> Option<Cents> {
        points
            .iter()
            .find(|p| p.level == level && p.term == term)
            .map(|p| p.price)
    }

    /// Prices an order.
    pub fn quote(&self, request: QuoteRequest) -> Result<Quote, QuoteError> {
        let QuoteRequest {
            level,
            term,
            users,
            authorisations_per_user,
        } = request;
        let years = term.years();
        let means = Self::find(&self.means, level, term)
            .ok_or(QuoteError::NoMeansPrice { level, years })?;
        let mut lines = vec![line(LineKind::Means { level, term }, users, means)];
        if authorisations_per_user > 0 {
            let unit = Self::find(&self.authorisation, level, term)
                .ok_or(QuoteError::NoAuthorisationPrice { level, years })?;
            let free = authorisations_per_user.min(self.free_authorisations_per_means) * users;
            self.authorisation_lines(
                &mut lines,
                (level, term),
                users * authorisations_per_user,
                free,
                unit,
            );
        }
        Ok(self.totals(lines))
    }
}

/// Machtigingen added to means that exist: how many at one level and term, and how many of them
/// fall within the means' free allowance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Addition {
    /// The means' level.
    pub level: Level,
    /// The term the machtigingen are priced for
    /// ([`priced_term`](crate::machtiging::priced_term)).
    pub term: Term,
    /// How many machtigingen.
    pub count: u32,
    /// How many of them are free: what is left of each means' allowance.
    pub free: u32,
}

impl PriceList {
    /// What is left of a means' free allowance when it holds `registered` machtigingen (every
    /// one ever registered on it, withdrawn ones included).
    pub fn free_left(&self, registered: u32) -> u32 {
        self.free_authorisations_per_means
            .saturating_sub(registered)
    }

    /// Prices machtigingen added to existing means: per level and term, a line for them and one
    /// for those within the free allowance; no lines (and zero) when nothing is added.
    pub fn quote_additions(&self, additions: &[Addition]) -> Result<Quote, QuoteError> {
        let mut groups: Vec<Addition> = Vec::new();
        for a in additions.iter().filter(|a| a.count > 0) {
            match groups
                .iter_mut()
                .find(|g| g.level == a.level && g.term == a.term)
            {
                Some(g) => {
                    g.count += a.count;
                    g.free += a.free.min(a.count);
                }
                None => groups.push(Addition {
                    free: a.free.min(a.count),
                    ..*a
                }),
            }
        }
        let mut lines = Vec::new();
        for g in groups {
            let unit = Self::find(&self.authorisation, g.level, g.term).ok_or(
                QuoteError::NoAuthorisationPrice {
                    level: g.level,
                    years: g.term.years(),
                },
            )?;
            self.authorisation_lines(&mut lines, (g.level, g.term), g.count, g.free, unit);
        }
        Ok(self.totals(lines))
    }

    /// Prices several orders as one ([`PriceList::merge`] of their quotes).
    pub fn quote_all(&self, requests: &[QuoteRequest]) -> Result<Quote, QuoteError> {
        let quotes = requests
            .iter()
            .map(|request| self.quote(*request))
            .collect::<Result<Vec<Quote>, QuoteError>>()?;
        Ok(self.merge(&quotes))
    }

    /// Quotes added up as one: the lines of the same kind at the same unit price as one line,
    /// in the order they first appear, and the VAT over the whole.
    pub fn merge(&self, quotes: &[Quote]) -> Quote {
        let mut lines: Vec<QuoteLine> = Vec::new();
        for line in quotes.iter().flat_map(|quote| &quote.lines) {
            match lines
                .iter_mut()
                .find(|l| l.kind == line.kind && l.unit_price == line.unit_price)
            {
                Some(same) => {
                    same.quantity += line.quantity;
                    same.total = Cents(same.total.0 + line.total.0);
                }
                None => lines.push(*line),
            }
        }
        // As one quote writes them: the means, the authorisations charged, those free.
        lines.sort_by_key(|l| match l.kind {
            LineKind::Means { .. } => 0,
            LineKind::Authorisations { .. } => 1,
            LineKind::FreeAuthorisations { .. } => 2,
        });
        self.totals(lines)
    }

    /// `count` authorisations at `unit` of which `free` come with a new means: a line for those
    /// charged and one at zero for those free, each only when there are any.
    fn authorisation_lines(
        &self,
        lines: &mut Vec<QuoteLine>,
        (level, term): (Level, Term),
        count: u32,
        free: u32,
        unit: Cents,
    ) {
        let charged = count.saturating_sub(free);
        if charged > 0 {
            lines.push(line(
                LineKind::Authorisations { level, term },
                charged,
                unit,
            ));
        }
        if free > 0 {
            let kind = LineKind::FreeAuthorisations {
                per_means: self.free_authorisations_per_means,
            };
            lines.push(line(kind, free, Cents(0)));
        }
    }

    fn totals(&self, lines: Vec<QuoteLine>) -> Quote {
        let total_excl_vat = Cents(lines.iter().map(|l| l.total.0).sum());
        // VAT rounded half up to the cent, as on an invoice.
        let vat = Cents((total_excl_vat.0 * i64::from(self.vat_percent) + 50).div_euclid(100));
        Quote {
            lines,
            total_excl_vat,
            vat_percent: self.vat_percent,
            vat,
            total_incl_vat: Cents(total_excl_vat.0 + vat.0),
        }
    }
}

fn line(kind: LineKind, quantity: u32, unit_price: Cents) -> QuoteLine {
    QuoteLine {
        kind,
        quantity,
        unit_price,
        total: Cents(unit_price.0 * i64::from(quantity)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> PriceList {
        let p = |level, years: u8, euros: i64| PricePoint {
            level,
            term: Term::try_from(years).unwrap(),
            price: Cents(euros * 100),
        };
        PriceList {
            means: vec![p(Level::Eh3, 3, 90), p(Level::Eh2Plus, 1, 20)],
            authorisation: vec![p(Level::Eh3, 3, 25)],
            free_authorisations_per_means: 5,
            vat_percent: 21,
        }
    }

    #[test]
    fn additions_are_priced_per_level_and_term_with_what_is_left_of_the_allowance() {
        let list = list();
        assert_eq!(list.free_left(3), 2);
        assert_eq!(list.free_left(7), 0);
        let none = list.quote_additions(&[]).unwrap();
        assert!(none.lines.is_empty());
        assert_eq!(none.total_incl_vat, Cents(0));
        let a = |count, free| Addition {
            level: Level::Eh3,
            term: Term::ThreeYears,
            count,
            free,
        };
        // Two people: one with 1 of 5 free left (3 added), one with none left (1 added).
        let quote = list.quote_additions(&[a(3, 1), a(1, 0)]).unwrap();
        assert_eq!(quote.lines.len(), 2);
        assert_eq!(quote.lines[0].quantity, 3);
        assert_eq!(quote.lines[1].quantity, 1);
        assert_eq!(quote.lines[1].total, Cents(0));
        assert_eq!(quote.total_excl_vat, Cents(3 * 2500));
        assert_eq!(quote.total_incl_vat, Cents(9075));
        let free = list.quote_additions(&[a(2, 5)]).unwrap();
        assert_eq!(free.total_excl_vat, Cents(0));
        assert_eq!(free.lines.len(), 1, "only the free line: {:?}", free.lines);
        assert!(
            list.quote_additions(&[Addition {
                term: Term::OneYear,
                ..a(1, 0)
            }])
            .is_err()
        );
    }

    #[test]
    fn several_orders_priced_as_one_add_up_their_lines() {
        let list = list();
        let request = |users, authorisations_per_user| QuoteRequest {
            level: Level::Eh3,
            term: Term::ThreeYears,
            users,
            authorisations_per_user,
        };
        // 20 people with 1 machtiging, 10 with 7: 30 means, 90 machtigingen of which 70 free.
        let quote = list.quote_all(&[request(20, 1), request(10, 7)]).unwrap();
        let quantities: Vec<u32> = quote.lines.iter().map(|l| l.quantity).collect();
        assert_eq!(quantities, [30, 20, 70]);
        assert_eq!(quote.total_excl_vat, Cents(30 * 9000 + 20 * 2500));
        assert_eq!(
            quote.total_excl_vat,
            Cents(
                list.quote(request(20, 1)).unwrap().total_excl_vat.0
                    + list.quote(request(10, 7)).unwrap().total_excl_vat.0
            )
        );
        assert_eq!(quote.vat, Cents(quote.total_excl_vat.0 * 21 / 100));
        assert_eq!(list.quote_all(&[]).unwrap().total_incl_vat, Cents(0));
    }

    #[test]
    fn a_quote_request_reads_whole_numbers_written_with_or_without_a_zero_fraction() {
        let read = |users: &str| {
            serde_json::from_str::<QuoteRequest>(&format!(
                r#"{{"level":"EH3","term":3,"users":{users},"authorisations_per_user":2}}"#
            ))
            .map(|request| request.users)
        };
        assert_eq!(read("804").unwrap(), 804);
        assert_eq!(read("804.0").unwrap(), 804);
        assert_eq!(read("8.04e2").unwrap(), 804);
        for refused in ["804.5", "-1", "4294967296", "\"804\"", "null"] {
            assert!(read(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn four_users_eh3_three_years_two_services_are_within_the_free_allowance() {
        let quote = list()
            .quote(QuoteRequest {
                level: Level::Eh3,
                term: Term::ThreeYears,
                users: 4,
                authorisations_per_user: 2,
            })
            .unwrap();
        assert_eq!(quote.total_excl_vat, Cents(36_000));
        assert_eq!(quote.vat, Cents(7_560));
        assert_eq!(quote.total_incl_vat, Cents(43_560));
        // One line for the 8 free machtigingen, at zero: no charge and its cancellation.
        assert_eq!(quote.lines.len(), 2);
        assert_eq!(quote.lines[1].quantity, 8);
        assert_eq!(quote.lines[1].unit_price, Cents(0));
        assert_eq!(quote.lines[1].total, Cents(0));
    }

    #[test]
    fn authorisations_beyond_the_allowance_are_charged() {
        let quote = list()
            .quote(QuoteRequest {
                level: Level::Eh3,
                term: Term::ThreeYears,
                users: 2,
                authorisations_per_user: 7,
            })
            .unwrap();
        // 2 × 90 + 2 × (7 − 5) × 25 = 180 + 100
        assert_eq!(quote.total_excl_vat, Cents(28_000));
        let quantities: Vec<u32> = quote.lines.iter().map(|l| l.quantity).collect();
        assert_eq!(quantities, [2, 4, 10]);
    }

    #[test]
    fn a_missing_price_is_an_error_not_zero() {
        let err = list()
            .quote(QuoteRequest {
                level: Level::Eh2,
                term: Term::FiveYears,
                users: 1,
                authorisations_per_user: 0,
            })
            .unwrap_err();
        assert_eq!(
            err,
            QuoteError::NoMeansPrice {
                level: Level::Eh2,
                years: 5
            }
        );
    }

    #[test]
    fn money_reads_as_people_write_it() {
        assert_eq!(Cents(12_345_678).format(Lang::Nl), "€ 123.456,78");
        assert_eq!(Cents(12_345_678).format(Lang::En), "€123,456.78");
        assert_eq!(Cents(-2_500).format(Lang::Nl), "-€ 25,00");
        assert_eq!(Cents(5).format(Lang::Nl), "€ 0,05");
    }

    #[test]
    fn on_a_screen_an_amount_stays_on_one_line() {
        assert_eq!(Cents(1_250).on_screen(Lang::Nl), "€\u{a0}12,50");
        assert_eq!(Cents(-123_456).on_screen(Lang::Nl), "-€\u{a0}1.234,56");
        assert_eq!(Cents(1_250).on_screen(Lang::En), "€12.50");
    }

    #[test]
    fn terms_are_one_three_or_five_years() {
        assert_eq!(Term::try_from(3), Ok(Term::ThreeYears));
        assert_eq!(Term::try_from(2), Err(TermError(2)));
        assert_eq!(Term::FiveYears.label(Lang::Nl), "5 jaar");
        assert_eq!(Term::OneYear.label(Lang::En), "1 year");
    }
}
