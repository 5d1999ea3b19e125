//! The generator of the seed: orders and their requests, with everything that happened to each
//! request up to the seed's time ([`request`]), of people made up from Dutch names ([`people`]).

mod people;
mod request;

use std::collections::HashSet;

use api::{ActorKind, AuditAction, EventKind, RequestStatus};
use domain::catalogue::{Authorisations, Catalogue};
use domain::pricing::{QuoteRequest, Term};
use domain::{Date, Lang, Level};

use super::tables::{Tables, Value};
use super::{DAY, HOUR, MINUTE, SeedError, SeedOptions, SeedReport};
use crate::activation::store::EndReason;
use crate::auth::demo;
use crate::auth::session::hash_token;
use crate::offer;
use crate::sql::Placeholders;
use people::Organisation;

/// What becomes of one request of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Issued,
    /// Still open, at this status (one of [`RequestStatus::OPEN`]).
    Open(RequestStatus),
    Expired,
    Cancelled,
    Rejected,
}

/// The order being generated, as its requests need it.
struct OrderFacts {
    number: String,
    created_at: i64,
    organisation: usize,
    branch: Option<String>,
    level: Level,
    term_years: i64,
    authorisations: Authorisations,
}

/// A request's timeline and milestones as they are generated.
#[derive(Default)]
struct Progress {
    events: Vec<(i64, EventKind, String, Option<String>)>,
    email_confirmed_at: Option<i64>,
    mobile_verified_at: Option<i64>,
    user_ordered_at: Option<i64>,
    identification_deadline: Option<i64>,
    finished_at: Option<i64>,
    end_reason: Option<EndReason>,
}

impl Progress {
    fn event(&mut self, at: i64, kind: EventKind, actor: &str, detail: Option<String>) {
        self.events.push((at, kind, actor.to_owned(), detail));
    }

    fn last_at(&self) -> i64 {
        self.events.last().map_or(0, |e| e.0)
    }
}

pub(super) struct Generator {
    rng: fastrand::Rng,
    now: i64,
    today: Date,
    manager: String,
    manager_name: &'static str,
    manager_email: &'static str,
    operator: String,
    operator_id: i64,
    organisations: Vec<Organisation>,
    catalogue: &'static Catalogue,
    key_stem: String,
    pub(super) emails: HashSet<String>,
    ids: HashSet<String>,
    audit_ids: HashSet<i64>,
    issued_left: usize,
    open_left: usize,
    ended_left: usize,
    pub(super) tables: Tables,
    pub(super) report: SeedReport,
}

impl Generator {
    /// A generator of the seed `options` as of `now`, writing its statements with
    /// `placeholders`.
    pub(super) fn new(
        options: &SeedOptions,
        now: i64,
        (manager_id, operator_id): (i64, i64),
        placeholders: Placeholders,
    ) -> Result<Generator, SeedError> {
        let manager = demo::MANAGERS[0];
        Ok(Generator {
            rng: fastrand::Rng::with_seed(options.seed),
            now,
            today: crate::orders::today(now),
            manager: format!("{}:{manager_id}", ActorKind::Manager),
            manager_name: manager.name,
            manager_email: manager.email,
            operator: format!("{}:{operator_id}", ActorKind::Operator),
            operator_id,
            organisations: people::organisations()?,
            catalogue: offer::catalogue(),
            key_stem: options.key_stem(now),
            emails: HashSet::new(),
            ids: HashSet::new(),
            audit_ids: HashSet::new(),
            issued_left: options.users,
            open_left: options.open,
            ended_left: options.ended(),
            tables: Tables::new(placeholders),
            report: SeedReport::default(),
        })
    }

    fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            low
        } else {
            self.rng.i64(low..=high)
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }

    /// `at` plus a random delay of `low..=high` seconds, never after `now` minus a minute.
    fn after(&mut self, at: i64, low: i64, high: i64) -> i64 {
        let delay = self.between(low, high);
        (at + delay).min(self.now - MINUTE).max(at)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(..items.len())]
    }

    /// A readable identifier like the application's (`crate::ids::readable`), unique in the seed.
    fn readable(&mut self, prefix: &str) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        loop {
            let code: String = (0..10)
                .map(|_| char::from(ALPHABET[self.rng.usize(..ALPHABET.len())]))
                .collect();
            let id = format!("{prefix}-{}-{}", &code[..5], &code[5..]);
            if self.ids.insert(id.clone()) {
                return id;
            }
        }
    }

    fn random_hash(&mut self) -> String {
        let bytes: [u8; 16] = std::array::from_fn(|_| self.rng.u8(..));
        hash_token(&format!("{bytes:?}"))
    }

    /// 1–200 users: mostly a few, sometimes a department.
    fn order_size(&mut self) -> usize {
        let r = self.rng.f64();
        if r < 0.45 {
            self.rng.usize(1..=3)
        } else if r < 0.75 {
            self.rng.usize(4..=15)
        } else if r < 0.93 {
            self.rng.usize(16..=60)
        } else {
            self.rng.usize(61..=200)
        }
    }

    /// Generates the next order; false when every request has been generated.
    pub(super) fn next_order(&mut self) -> Result<bool, SeedError> {
        if self.open_left > 0 {
            self.recent_order()?;
            Ok(true)
        } else if self.issued_left + self.ended_left > 0 {
            self.past_order()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// An order of the last four weeks: mostly open requests, some users already done.
    fn recent_order(&mut self) -> Result<(), SeedError> {
        let size = self.order_size();
        let mut fates = Vec::with_capacity(size);
        for _ in 0..size {
            if self.open_left > 0 && (self.issued_left == 0 || self.chance(0.8)) {
                self.open_left -= 1;
                let r = self.rng.u32(..100);
                let status = match r {
                    0..40 => RequestStatus::Invited,
                    40..60 => RequestStatus::EmailConfirmed,
                    60..75 => RequestStatus::MobileVerified,
                    _ => RequestStatus::IdentificationRequired,
                };
                fates.push(Fate::Open(status));
            } else if self.issued_left > 0 {
                self.issued_left -= 1;
                fates.push(Fate::Issued);
            } else {
                break;
            }
        }
        // Open requests must not expire for a day or two after the seed (`cargo xtask bench`
        // reuses a seed for a day): the oldest order is 27 days old, its links work 30.
        let created_at = self.between(self.now - 27 * DAY, self.now - 2 * HOUR);
        let term = self.term();
        self.order(created_at, term, &fates)
    }

    /// An older order: its users have a means (active, revoked, validity passed or expiring
    /// soon) or a request that ended.
    fn past_order(&mut self) -> Result<(), SeedError> {
        let size = self.order_size().min(self.issued_left + self.ended_left);
        let mut fates = Vec::with_capacity(size);
        for _ in 0..size {
            let total = (self.issued_left + self.ended_left) as u64;
            if self.rng.u64(..total) < self.ended_left as u64 {
                self.ended_left -= 1;
                fates.push(match self.rng.u32(..10) {
                    0..4 => Fate::Expired,
                    4..8 => Fate::Cancelled,
                    _ => Fate::Rejected,
                });
            } else {
                self.issued_left -= 1;
                fates.push(Fate::Issued);
            }
        }
        // Choose when the means end, then when the order was placed: 82% well within their
        // validity, 8% ending within 60 days, 10% past it.
        let term = self.term();
        let years = i64::from(term.years());
        let r = self.rng.u32(..100);
        let ends = match r {
            0..82 => self.between(self.now + 61 * DAY, self.now + years * 365 * DAY - 28 * DAY),
            82..90 => self.between(self.now + DAY, self.now + 60 * DAY),
            _ => self.between(self.now - 730 * DAY, self.now - DAY),
        };
        let created_at = ends - years * 365 * DAY - self.between(0, 3 * DAY);
        // Older than the recent orders, and their links ended before the seed's time.
        let created_at = created_at.min(self.now - 35 * DAY);
        self.order(created_at, term, &fates)
    }

    fn term(&mut self) -> Term {
        match self.rng.u32(..10) {
            0..3 => Term::OneYear,
            3..8 => Term::ThreeYears,
            _ => Term::FiveYears,
        }
    }

    fn level(&mut self) -> Level {
        match self.rng.u32(..20) {
            0..3 => Level::Eh2,
            3..10 => Level::Eh2Plus,
            _ => Level::Eh3,
        }
    }

    /// Machtigingen as a manager chooses them, checked against the catalogue.
    fn authorisations(&mut self, level: Level) -> Authorisations {
        let r = self.rng.u32(..100);
        if level == Level::Eh2 {
            // No service of the catalogue asks for EH2 only: all services, or none yet.
            return if r < 60 {
                Authorisations::AllServices
            } else {
                Authorisations::None
            };
        }
        match r {
            0..35 => return Authorisations::AllServices,
            35..40 => return Authorisations::None,
            _ => {}
        }
        let catalogue = self.catalogue;
        let available: Vec<(&str, &str)> = catalogue
            .providers
            .iter()
            .flat_map(|p| {
                p.services
                    .iter()
                    .filter(|s| s.min_level.allows(level))
                    .map(move |s| (p.id.as_str(), s.id.as_str()))
            })
            .collect();
        let mut providers = Vec::new();
        let mut services = Vec::new();
        for _ in 0..self.rng.usize(1..=3) {
            let (provider, service) = *self.pick(&available);
            if self.chance(0.3) {
                providers.push(provider.to_owned());
            } else {
                services.push(service.to_owned());
            }
        }
        catalogue
            .check(
                &Authorisations::Selected {
                    providers,
                    services,
                },
                level,
                |s| s.name.clone(),
            )
            .unwrap_or(Authorisations::AllServices)
    }

    fn organisation(&mut self) -> usize {
        let total: u32 = self.organisations.iter().map(|o| o.weight).sum();
        let mut r = self.rng.u32(..total.max(1));
        for (index, organisation) in self.organisations.iter().enumerate() {
            if r < organisation.weight {
                return index;
            }
            r -= organisation.weight;
        }
        0
    }

    fn order(&mut self, created_at: i64, term: Term, fates: &[Fate]) -> Result<(), SeedError> {
        if fates.is_empty() {
            return Ok(());
        }
        let organisation = self.organisation();
        let branches = self.organisations[organisation].branches.clone();
        let branch =
            (!branches.is_empty() && self.chance(0.35)).then(|| self.pick(&branches).clone());
        let level = self.level();
        let authorisations = self.authorisations(level);
        let number = self.readable("MP");
        let quote = offer::prices()
            .quote(QuoteRequest {
                level,
                term,
                users: fates.len() as u32,
                authorisations_per_user: authorisations.count_per_user(),
            })
            .map_err(|error| SeedError::Generated {
                what: "quote",
                detail: error.to_string(),
            })?;
        let authorisations_json =
            serde_json::to_string(&authorisations).expect("authorisations serialise");
        let quote_json = serde_json::to_string(&quote).expect("a quote serialises");
        let org = &self.organisations[organisation];
        let kvk_number = org.kvk_number.clone();
        let organisation_name = org.name.clone();
        let request_hash = hash_token(&format!(
            "{kvk_number}/{branch:?}/{level}/{}/{authorisations_json}/{}/{}",
            term.years(),
            fates.len(),
            self.report.orders
        ));
        let manager_id = self.manager_id();
        let key = format!("{}{}", self.key_stem, self.report.orders);
        self.tables.orders.push([
            number.clone().into(),
            Value::Int(manager_id),
            key.into(),
            request_hash.into(),
            kvk_number.as_str().into(),
            organisation_name.as_str().into(),
            branch.clone().into(),
            level.label().into(),
            i64::from(term.years()).into(),
            authorisations_json.into(),
            quote_json.into(),
            quote.total_excl_vat.0.into(),
            quote.total_incl_vat.0.into(),
            created_at.into(),
        ]);
        self.report.orders += 1;
        self.audit(
            created_at,
            Some(&kvk_number),
            AuditAction::OrderPlaced,
            &number,
            Some(format!(
                "{}, {}, {}",
                crate::orders::users_nl(fates.len()),
                level.label(),
                term.label(Lang::Nl)
            )),
        );
        let facts = OrderFacts {
            number,
            created_at,
            organisation,
            branch,
            level,
            term_years: i64::from(term.years()),
            authorisations,
        };
        for (index, fate) in fates.iter().enumerate() {
            self.request(&facts, index, *fate)?;
        }
        Ok(())
    }

    fn manager_id(&self) -> i64 {
        self.manager
            .split_once(':')
            .map(|(_, id)| id)
            .and_then(|id| id.parse().ok())
            .unwrap_or_default()
    }

    fn audit(
        &mut self,
        at: i64,
        kvk_number: Option<&str>,
        action: AuditAction,
        subject: &str,
        detail: Option<String>,
    ) {
        // Time-ordered like the application's ids: milliseconds, then 10 random bits.
        let id = loop {
            let id = ((at * 1000 + self.rng.i64(0..1000)) << 10) | self.rng.i64(0..1024);
            if self.audit_ids.insert(id) {
                break id;
            }
        };
        let actor = self.manager.clone();
        let search = crate::manage::audit::search_text(subject, detail.as_deref());
        self.tables.audit.push([
            id.into(),
            at.into(),
            actor.into(),
            self.manager_name.into(),
            self.manager_email.into(),
            kvk_number.map(str::to_owned).into(),
            action.as_str().into(),
            subject.into(),
            detail.into(),
            search.into(),
        ]);
        self.report.audit += 1;
    }

    /// A few exports of the user list over the last year, recorded like
    /// `manage::export` records them.
    pub(super) fn audit_exports(&mut self) {
        let filters = [
            "organisation=68750110&status=active",
            "status=expired",
            "level=EH3",
            "expiring_within=60",
            "(geen filter)",
        ];
        for _ in 0..24 {
            let at = self.between(self.now - 365 * DAY, self.now - HOUR);
            let filter = *self.pick(&filters);
            let kvk = filter.contains("68750110").then_some("68750110");
            let file = if self.chance(0.7) {
                "gebruikers.csv"
            } else {
                "gebruikers.xlsx"
            };
            self.audit(
                at,
                kvk,
                AuditAction::UsersExported,
                file,
                Some(filter.to_owned()),
            );
        }
    }
}
