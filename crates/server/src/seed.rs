//! `middelpunt-server seed-demo`: fills a database with a large, realistic organisation for the
//! demo manager (beheerder@demo.middelpunt.nl), so that "Gebruikers", "Lopende aanvragen" and the
//! audit log can be tried and measured at scale (issue 6, "Scale"; `cargo xtask bench`).
//!
//! What is written, with the columns and value formats the application itself writes:
//! - orders of 1–200 users for the demo manager's three organisations (some for a branch), at
//!   EH2, EH2+ or EH3, with their machtigingen and the price list's quote;
//! - `users` people with an issued means (most active; some revoked, some whose validity has
//!   passed, some expiring within 60 days), with the means' machtigingen, the used SMS codes and,
//!   for non-employees, the operator's identification;
//! - `open` open requests spread over invited, email_confirmed, mobile_verified and
//!   identification_required, from orders of the last four weeks;
//! - a few ended requests (expired, cancelled, rejected: 1% of `users`);
//! - a timeline in `request_events` for every request, and the audit log of it all.
//!
//! People are generated from Dutch first names, infixes and last names (some with accents) and
//! pass the same validation as an imported users file. The seed is deterministic for a given
//! `seed` and start time; it is written in ONE transaction, so a database either holds the whole
//! seed or none of it. No e-mail or SMS is put in the outbox, and the e-mail addresses are under
//! `.example`, so a seeded database never mails anyone.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use domain::catalogue::{Authorisations, Catalogue};
use domain::kvk::KvkNumber;
use domain::pricing::{QuoteRequest, Term};
use domain::user::RawUser;
use domain::{Date, Lang, Level, NewUser};
use sqlx::{AnyConnection, AnyPool, Connection};

use crate::activation::authorisation_items;
use crate::activation::issuance::valid_until;
use crate::auth::demo;
use crate::auth::session::hash_token;
use crate::config::DatabaseUrl;
use crate::error::{BoxError, StartError};
use crate::kvk::embedded::EmbeddedRegister;
use crate::offer;

/// How many users with a means, unless asked otherwise.
pub const DEFAULT_USERS: usize = 100_000;
/// How many open requests, unless asked otherwise.
pub const DEFAULT_OPEN: usize = 10_000;
/// The random generator's seed, unless asked otherwise.
pub const DEFAULT_SEED: u64 = 2026;

/// Every seeded order's idempotency key starts with this, followed by the seed's size, so that a
/// seeded database can be recognised: `seed-demo/u100000/o10000/s2026/t1764000000/17`.
pub const KEY_PREFIX: &str = "seed-demo/";

/// The invitation link's validity the seed assumes (the server's default).
const INVITATION_DAYS: i64 = crate::mail::templates::INVITATION_VALID_DAYS as i64;

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// The size of the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedOptions {
    /// People with an issued means.
    pub users: usize,
    /// Open requests.
    pub open: usize,
    /// The random generator's seed.
    pub seed: u64,
}

impl Default for SeedOptions {
    fn default() -> Self {
        SeedOptions {
            users: DEFAULT_USERS,
            open: DEFAULT_OPEN,
            seed: DEFAULT_SEED,
        }
    }
}

impl SeedOptions {
    /// Ended requests (expired, cancelled, rejected) that come along: 1% of the users.
    pub fn ended(&self) -> usize {
        self.users / 100
    }

    fn key_stem(&self, now: i64) -> String {
        format!(
            "{KEY_PREFIX}u{}/o{}/s{}/t{now}/",
            self.users, self.open, self.seed
        )
    }
}

/// What a seed wrote (or, when `existing`, what the database already held), and how long it took.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// The database already held this seed: nothing was written.
    pub existing: bool,
    /// When the seed was made (unix seconds).
    pub seeded_at: i64,
    pub manager_id: i64,
    pub orders: u64,
    pub requests: u64,
    pub means: u64,
    pub active: u64,
    pub revoked: u64,
    pub validity_passed: u64,
    pub expiring_soon: u64,
    pub open: u64,
    pub open_by_status: [u64; 4],
    pub ended: u64,
    pub events: u64,
    pub authorisations: u64,
    pub sms_codes: u64,
    pub identifications: u64,
    pub audit: u64,
    pub elapsed: Duration,
}

impl SeedReport {
    /// Every row written.
    pub fn rows(&self) -> u64 {
        self.orders
            + self.requests
            + self.means
            + self.events
            + self.authorisations
            + self.sms_codes
            + self.identifications
            + self.audit
    }
}

/// Why seeding failed.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Start(#[from] StartError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the demo managers: {0}")]
    Demo(BoxError),
    #[error(
        "the database already holds a different seed ({found}); seed a fresh database \
         (remove the SQLite file) or ask for the same size"
    )]
    OtherSeed { found: String },
    #[error("the database already holds orders that are not a seed; seed a fresh database")]
    NotEmpty,
    #[error("the seed generated an invalid {what}: {detail}")]
    Generated { what: &'static str, detail: String },
}

/// Connects to `url` (creating an SQLite file when missing), runs the migrations, creates the
/// demo managers and seeds; the same start-up path as the server's.
pub async fn run(url: &DatabaseUrl, options: &SeedOptions) -> Result<SeedReport, SeedError> {
    let pool = crate::db::connect(url).await?;
    demo::seed(&pool).await.map_err(SeedError::Demo)?;
    let report = seed(&pool, options, crate::clock::unix_now()).await;
    if report.as_ref().is_ok_and(|r| !r.existing) && url.as_str().starts_with("sqlite:") {
        // Fold the WAL into the file: its size is then the database's.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&pool)
            .await?;
    }
    pool.close().await;
    report
}

/// Seeds `pool` (migrated, with the demo managers) as of `now`. A database that already holds
/// this seed (same size and generator seed) is left alone (`existing`); one holding another
/// seed, or orders of its own, is refused.
pub async fn seed(
    pool: &AnyPool,
    options: &SeedOptions,
    now: i64,
) -> Result<SeedReport, SeedError> {
    let started = Instant::now();
    let manager = demo::MANAGERS[0];
    let operator = demo::MANAGERS[2];
    let manager_id = find_manager(pool, manager.email).await?;
    let operator_id = find_manager(pool, operator.email).await?;

    let key: Option<String> = sqlx::query_scalar(
        "SELECT idempotency_key FROM orders WHERE idempotency_key LIKE $1 \
         ORDER BY created_at LIMIT 1",
    )
    .bind(format!("{KEY_PREFIX}%"))
    .fetch_optional(pool)
    .await?;
    if let Some(key) = key {
        return existing(pool, options, &key, manager_id, started).await;
    }
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(pool)
        .await?;
    if orders > 0 {
        return Err(SeedError::NotEmpty);
    }

    let mut generator = Generator::new(options, now, manager_id, operator_id)?;
    let mut connection = pool.acquire().await?;
    if connection.backend_name() == "SQLite" {
        // The whole seed's indexes in memory: random keys (ids, token hashes, names) would
        // otherwise thrash the default 2 MB cache.
        sqlx::query("PRAGMA cache_size = -262144")
            .execute(&mut *connection)
            .await?;
    }
    let mut tx = connection.begin().await?;
    while generator.next_order()? {
        if generator.tables.requests.pending() >= FLUSH_REQUESTS {
            generator.tables.flush(&mut tx).await?;
        }
    }
    generator.audit_exports();
    generator.tables.flush(&mut tx).await?;
    tx.commit().await?;
    // Statistics for the query planner over the whole seed (portable: both databases have it).
    sqlx::query("ANALYZE").execute(&mut *connection).await?;
    if connection.backend_name() == "SQLite" {
        sqlx::query("PRAGMA cache_size = -2000")
            .execute(&mut *connection)
            .await?;
    }
    drop(connection);

    let mut report = generator.report;
    report.seeded_at = now;
    report.manager_id = manager_id;
    report.elapsed = started.elapsed();
    Ok(report)
}

async fn find_manager(pool: &AnyPool, email: &str) -> Result<i64, SeedError> {
    sqlx::query_scalar("SELECT id FROM managers WHERE email = $1")
        .bind(email)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| SeedError::Generated {
            what: "demo manager",
            detail: format!("{email} is missing"),
        })
}

/// The report of a seed found in the database, or why it is not the one asked for.
async fn existing(
    pool: &AnyPool,
    options: &SeedOptions,
    key: &str,
    manager_id: i64,
    started: Instant,
) -> Result<SeedReport, SeedError> {
    let seeded_at = key
        .split('/')
        .find_map(|part| part.strip_prefix('t')?.parse::<i64>().ok())
        .unwrap_or_default();
    if !key.starts_with(&options.key_stem(seeded_at)) {
        return Err(SeedError::OtherSeed {
            found: key
                .rsplit_once('/')
                .map_or(key, |(stem, _)| stem)
                .to_owned(),
        });
    }
    let count = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(pool)
            .await
            .map(|n| n as u64)
    };
    Ok(SeedReport {
        existing: true,
        seeded_at,
        manager_id,
        orders: count("SELECT COUNT(*) FROM orders").await?,
        requests: count("SELECT COUNT(*) FROM requests").await?,
        means: count("SELECT COUNT(*) FROM means").await?,
        open: count(
            "SELECT COUNT(*) FROM requests WHERE status IN \
             ('invited', 'email_confirmed', 'mobile_verified', 'identification_required')",
        )
        .await?,
        events: count("SELECT COUNT(*) FROM request_events").await?,
        authorisations: count("SELECT COUNT(*) FROM means_authorisations").await?,
        sms_codes: count("SELECT COUNT(*) FROM sms_codes").await?,
        identifications: count("SELECT COUNT(*) FROM identifications").await?,
        audit: count("SELECT COUNT(*) FROM audit_log").await?,
        elapsed: started.elapsed(),
        ..SeedReport::default()
    })
}

// ---------------------------------------------------------------------------------------------
// Batched inserts

/// Pending requests after which every table is written.
const FLUSH_REQUESTS: usize = 5_000;

/// Bound parameters per statement: below SQLite's 32,766 and PostgreSQL's 65,535.
const MAX_PARAMETERS: usize = 8_000;

#[derive(Debug, Clone)]
enum Value {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    OptInt(Option<i64>),
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::Text(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::Text(value.to_owned())
    }
}

impl From<Option<String>> for Value {
    fn from(value: Option<String>) -> Self {
        Value::OptText(value)
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Value::Int(value)
    }
}

impl From<Option<i64>> for Value {
    fn from(value: Option<i64>) -> Self {
        Value::OptInt(value)
    }
}

/// Rows waiting for one table, written as multi-row `INSERT`s of a fixed size (prepared once and
/// reused) and one shorter statement for the rest.
struct Batch {
    columns: usize,
    rows_per_statement: usize,
    table: &'static str,
    column_list: &'static str,
    /// The statement of `rows_per_statement` rows, made at the first flush.
    full_sql: Option<String>,
    values: Vec<Value>,
}

impl Batch {
    /// `columns` as in SQL: `"a, b, c"`.
    fn new(table: &'static str, columns: &'static str) -> Batch {
        let count = columns.split(',').count();
        Batch {
            columns: count,
            rows_per_statement: (MAX_PARAMETERS / count).max(1),
            table,
            column_list: columns,
            full_sql: None,
            values: Vec::new(),
        }
    }

    fn push<const N: usize>(&mut self, row: [Value; N]) {
        debug_assert_eq!(N, self.columns, "a row of {}", self.table);
        self.values.extend(row);
    }

    fn pending(&self) -> usize {
        self.values.len() / self.columns
    }

    async fn flush(&mut self, connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
        // SQLite looks a `$N` parameter up by name, scanning all names: a statement of N
        // parameters costs N² there. Its `?` parameters are bound by position.
        let style = if connection.backend_name() == "SQLite" {
            Placeholders::Positional
        } else {
            Placeholders::Numbered
        };
        let (table, column_list, columns) = (self.table, self.column_list, self.columns);
        let full_rows = self.rows_per_statement;
        let full_sql = self
            .full_sql
            .get_or_insert_with(|| insert_sql(table, column_list, columns, full_rows, style));
        while !self.values.is_empty() {
            let rows = (self.values.len() / columns).min(full_rows);
            let rest_sql;
            let (sql, persistent) = if rows == full_rows {
                (full_sql.as_str(), true)
            } else {
                rest_sql = insert_sql(table, column_list, columns, rows, style);
                (rest_sql.as_str(), false)
            };
            let mut query = sqlx::query(sql).persistent(persistent);
            for value in self.values.drain(..rows * columns) {
                query = match value {
                    Value::Text(v) => query.bind(v),
                    Value::OptText(v) => query.bind(v),
                    Value::Int(v) => query.bind(v),
                    Value::OptInt(v) => query.bind(v),
                };
            }
            query.execute(&mut *connection).await?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placeholders {
    /// `$1, $2, …` (PostgreSQL).
    Numbered,
    /// `?, ?, …` (SQLite).
    Positional,
}

fn insert_sql(
    table: &str,
    column_list: &str,
    columns: usize,
    rows: usize,
    style: Placeholders,
) -> String {
    let mut sql = format!("INSERT INTO {table} ({column_list}) VALUES ");
    let mut n = 0;
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..columns {
            if column > 0 {
                sql.push_str(", ");
            }
            n += 1;
            match style {
                Placeholders::Numbered => {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                }
                Placeholders::Positional => sql.push('?'),
            }
        }
        sql.push(')');
    }
    sql
}

/// One batch per table, written parents first (foreign keys are checked at once on PostgreSQL).
struct Tables {
    orders: Batch,
    requests: Batch,
    events: Batch,
    sms_codes: Batch,
    identifications: Batch,
    means: Batch,
    authorisations: Batch,
    audit: Batch,
}

impl Tables {
    fn new() -> Tables {
        Tables {
            orders: Batch::new(
                "orders",
                "order_number, manager_id, idempotency_key, request_hash, kvk_number, \
                 organisation_name, branch_number, level, term_years, authorisations, quote, \
                 total_excl_vat, total_incl_vat, created_at",
            ),
            requests: Batch::new(
                "requests",
                "id, order_number, position, first_names, infix, last_name, birth_date, \
                 birth_place, email, mobile, employed, status, token_hash, token_expires_at, \
                 created_at, email_confirmed_at, mobile_verified_at, user_ordered_at, \
                 identification_deadline, finished_at, end_reason, kvk_number, branch_number, \
                 level, sort_name, search_text, last_event_at",
            ),
            events: Batch::new("request_events", "request_id, at, kind, actor, detail"),
            sms_codes: Batch::new(
                "sms_codes",
                "id, request_id, code_hash, sent_at, expires_at, wrong_attempts, used_at",
            ),
            identifications: Batch::new(
                "identifications",
                "request_id, outcome, method, document_type, document_last4, name_matches, \
                 birth_date_matches, reason, checked_by, checked_at",
            ),
            means: Batch::new(
                "means",
                "id, request_id, kvk_number, organisation_name, branch_number, level, email, \
                 valid_from, valid_until, status, issued_at, revoked_at",
            ),
            authorisations: Batch::new(
                "means_authorisations",
                "means_id, position, kind, subject, label, valid_from, valid_until",
            ),
            audit: Batch::new(
                "audit_log",
                "id, at, actor, actor_name, actor_email, kvk_number, action, subject, detail, \
                 search_text",
            ),
        }
    }

    async fn flush(&mut self, connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
        for batch in [
            &mut self.orders,
            &mut self.requests,
            &mut self.events,
            &mut self.sms_codes,
            &mut self.identifications,
            &mut self.means,
            &mut self.authorisations,
            &mut self.audit,
        ] {
            batch.flush(connection).await?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The people

/// Official first names ("volledige voornamen"), Dutch and of the Netherlands' other
/// communities; some with diacritics. Men's and women's, so that two go together.
#[rustfmt::skip]
const FIRST_NAMES: [&[&str]; 2] = [
    &[
        "Jan", "Johannes", "Pieter", "Hendrik", "Willem", "Cornelis", "Gerrit", "Jacobus", "Dirk",
        "Adrianus", "Jan Willem", "Jan Pieter", "Hendrikus", "Petrus", "Theodorus", "Wilhelmus",
        "Daan", "Sem", "Lucas", "Levi", "Finn", "Milan", "Bram", "Thijs", "Jesse", "Ruben",
        "Lars", "Sven", "Stijn", "Niels", "Koen", "Joris", "Maarten", "Sjoerd", "Wouter", "Bas",
        "Tim", "Joost", "Michiel", "Rutger", "Gijs", "Teun", "Wessel", "Jeroen", "Erik", "Frank",
        "Marco", "Mohamed", "Ahmed", "Youssef", "Mehmet", "Emre", "Rachid", "Ömer", "Noël",
        "Joël", "André", "José", "René", "Jannes",
    ],
    &[
        "Anna", "Maria", "Johanna", "Cornelia", "Elisabeth", "Wilhelmina", "Anna Maria", "Emma",
        "Julia", "Sophie", "Tess", "Mila", "Sara", "Eva", "Lotte", "Fenna", "Noor", "Lieke",
        "Fleur", "Sanne", "Anouk", "Iris", "Femke", "Marloes", "Ingrid", "Marieke", "Janneke",
        "Jantine", "Hanneke", "Petra", "Monique", "Esther", "Linda", "Yvonne", "Karin", "Fatima",
        "Ayşe", "Zeynep", "Samira", "Chloë", "Zoë", "Daniëlle", "Anaïs", "Inès", "Loïs", "Renée",
        "Céline", "Hélène", "Mariëlle", "Noëlle", "Gwendolyn",
    ],
];

/// Last names with their usual infix ("de Vries"); some with diacritics.
#[rustfmt::skip]
const LAST_NAMES: &[(&str, &str)] = &[
    ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"),
    ("", "Bakker"), ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"),
    ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"),
    ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"),
    ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"), ("van der", "Linden"),
    ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"), ("van den", "Heuvel"),
    ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"), ("de", "Bruin"),
    ("van der", "Heijden"), ("", "Schouten"), ("van", "Beek"), ("", "Willems"), ("van", "Vliet"),
    ("van de", "Ven"), ("", "Hoekstra"), ("", "Maas"), ("", "Verhoeven"), ("", "Koster"),
    ("van", "Dam"), ("van der", "Wal"), ("", "Prins"), ("", "Blom"), ("", "Huisman"),
    ("", "Peeters"), ("de", "Jonge"), ("", "Kuipers"), ("van", "Veen"), ("", "Post"),
    ("", "Kuiper"), ("", "Veenstra"), ("", "Kramer"), ("van den", "Brink"), ("", "Scholten"),
    ("van", "Wijk"), ("", "Postma"), ("", "Martens"), ("", "Vink"), ("de", "Ruiter"),
    ("", "Timmermans"), ("", "Groen"), ("", "Gerritsen"), ("", "Jonker"), ("van", "Loon"),
    ("", "Boer"), ("van der", "Velde"), ("", "Willemsen"), ("", "Smeets"), ("de", "Lange"),
    ("de", "Vos"), ("", "Bosch"), ("van", "Dongen"), ("", "Schipper"), ("de", "Koning"),
    ("van der", "Laan"), ("", "Koning"), ("van der", "Velden"), ("", "Driessen"),
    ("van", "Doorn"), ("", "Hermans"), ("", "Evers"), ("van den", "Bosch"), ("van der", "Meulen"),
    ("", "Hofman"), ("", "Bosman"), ("", "Wouters"), ("", "Sanders"), ("", "Jansma"),
    ("", "Mol"), ("", "Lammers"), ("ter", "Horst"), ("te", "Riele"), ("van 't", "Hof"),
    ("in 't", "Veld"), ("'t", "Hart"), ("van", "Rijn"), ("", "Zwart"), ("", "Aalders"),
    ("", "IJzerman"), ("", "Zijlstra"), ("", "Wijnands"), ("", "Oosterhuis"), ("van", "Gogh"),
    ("", "Yılmaz"), ("", "Öztürk"), ("", "Çelik"), ("", "Şahin"), ("", "Kaya"), ("el", "Amrani"),
    ("", "Bouzid"), ("", "Nguyen"), ("", "Müller"), ("", "Gómez"), ("", "Désiré"),
    ("", "Hoogendoorn-de Wit"), ("", "Jansen-van der Steen"),
];

#[rustfmt::skip]
const BIRTH_PLACES: &[&str] = &[
    "Amsterdam", "Rotterdam", "'s-Gravenhage", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
    "Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort",
    "Zaanstad", "'s-Hertogenbosch", "Zwolle", "Leiden", "Maastricht", "Dordrecht", "Zoetermeer",
    "Ede", "Leeuwarden", "Alkmaar", "Delft", "Venlo", "Deventer", "Lochem", "Heerlen",
    "Hilversum", "Bergen (NH)", "St. Michielsgestel", "Den Helder", "Paramaribo", "Willemstad",
    "Antwerpen", "Istanbul", "Casablanca", "Düsseldorf", "Liège",
];

/// Private mail domains of non-employees; `.example` so that nobody can be mailed.
const PRIVATE_DOMAINS: &[&str] = &[
    "gmail.example",
    "hotmail.example",
    "outlook.example",
    "ziggo.example",
    "kpnmail.example",
    "xs4all.example",
];

/// Why a request that ended did.
const REJECTION_REASONS: &[&str] = &[
    "Naam op het document wijkt af van de aanvraag",
    "Document verlopen",
    "Gebruiker niet verschenen",
];

/// One of the demo manager's organisations.
#[derive(Debug, Clone)]
struct Organisation {
    kvk_number: String,
    name: String,
    branches: Vec<String>,
    /// The employees' mail domain (under `.example`).
    domain: &'static str,
    /// Share of the orders.
    weight: u32,
}

fn organisations() -> Result<Vec<Organisation>, SeedError> {
    let register = EmbeddedRegister::load().map_err(|error| SeedError::Generated {
        what: "organisation",
        detail: error.to_string(),
    })?;
    let demo = demo::MANAGERS[0].organisations;
    let shares: [(&str, &'static str, u32); 3] = [
        ("68750110", "testbvdonald.example", 60),
        ("69599084", "emzdagobert.example", 25),
        ("69599068", "bolderbast.example", 15),
    ];
    shares
        .iter()
        .filter(|(kvk, _, _)| demo.contains(kvk))
        .map(|&(kvk, domain, weight)| {
            let number = KvkNumber::parse(kvk).map_err(|error| SeedError::Generated {
                what: "KvK number",
                detail: format!("{kvk}: {error:?}"),
            })?;
            let organisation = register
                .get(&number)
                .map_err(|error| SeedError::Generated {
                    what: "organisation",
                    detail: format!("{kvk}: {error}"),
                })?;
            Ok(Organisation {
                kvk_number: organisation.kvk_number,
                name: organisation.name,
                branches: organisation
                    .branches
                    .into_iter()
                    .map(|b| b.branch_number)
                    .collect(),
                domain,
                weight,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The generator

/// What becomes of one request of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Issued,
    Open(OpenStatus),
    Expired,
    Cancelled,
    Rejected,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpenStatus {
    Invited,
    EmailConfirmed,
    MobileVerified,
    IdentificationRequired,
}

impl OpenStatus {
    const ALL: [OpenStatus; 4] = [
        OpenStatus::Invited,
        OpenStatus::EmailConfirmed,
        OpenStatus::MobileVerified,
        OpenStatus::IdentificationRequired,
    ];

    fn as_str(self) -> &'static str {
        match self {
            OpenStatus::Invited => "invited",
            OpenStatus::EmailConfirmed => "email_confirmed",
            OpenStatus::MobileVerified => "mobile_verified",
            OpenStatus::IdentificationRequired => "identification_required",
        }
    }
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
    events: Vec<(i64, &'static str, String, Option<String>)>,
    email_confirmed_at: Option<i64>,
    mobile_verified_at: Option<i64>,
    user_ordered_at: Option<i64>,
    identification_deadline: Option<i64>,
    finished_at: Option<i64>,
    end_reason: Option<&'static str>,
}

impl Progress {
    fn event(&mut self, at: i64, kind: &'static str, actor: &str, detail: Option<String>) {
        self.events.push((at, kind, actor.to_owned(), detail));
    }

    fn last_at(&self) -> i64 {
        self.events.last().map_or(0, |e| e.0)
    }
}

struct Generator {
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
    emails: HashSet<String>,
    ids: HashSet<String>,
    audit_ids: HashSet<i64>,
    issued_left: usize,
    open_left: usize,
    ended_left: usize,
    tables: Tables,
    report: SeedReport,
}

impl Generator {
    fn new(
        options: &SeedOptions,
        now: i64,
        manager_id: i64,
        operator_id: i64,
    ) -> Result<Generator, SeedError> {
        let manager = demo::MANAGERS[0];
        Ok(Generator {
            rng: fastrand::Rng::with_seed(options.seed),
            now,
            today: crate::orders::today(now),
            manager: format!("manager:{manager_id}"),
            manager_name: manager.name,
            manager_email: manager.email,
            operator: format!("operator:{operator_id}"),
            operator_id,
            organisations: organisations()?,
            catalogue: offer::catalogue(),
            key_stem: options.key_stem(now),
            emails: HashSet::new(),
            ids: HashSet::new(),
            audit_ids: HashSet::new(),
            issued_left: options.users,
            open_left: options.open,
            ended_left: options.ended(),
            tables: Tables::new(),
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
    fn next_order(&mut self) -> Result<bool, SeedError> {
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
                    0..40 => OpenStatus::Invited,
                    40..60 => OpenStatus::EmailConfirmed,
                    60..75 => OpenStatus::MobileVerified,
                    _ => OpenStatus::IdentificationRequired,
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
            "order_placed",
            &number,
            Some(format!(
                "{} gebruiker(s), {}, {}",
                fates.len(),
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
            .strip_prefix("manager:")
            .and_then(|id| id.parse().ok())
            .unwrap_or_default()
    }

    /// A person as a manager would enter them, validated like an imported users file.
    fn person(&mut self, organisation: usize, employed: bool) -> Result<NewUser, SeedError> {
        let names = FIRST_NAMES[self.rng.usize(..FIRST_NAMES.len())];
        let first_names = if self.chance(0.2) {
            let (a, b) = (*self.pick(names), *self.pick(names));
            if a == b || a.contains(' ') || b.contains(' ') {
                a.to_owned()
            } else {
                format!("{a} {b}")
            }
        } else {
            (*self.pick(names)).to_owned()
        };
        let (infix, last_name) = *self.pick(LAST_NAMES);
        let birth_date = Date::from_days_since_unix_epoch(
            self.today.days_since_unix_epoch() - self.between(18 * 365 + 5, 66 * 365),
        )
        .expect("a birth date after 1900");
        let birth_place = *self.pick(BIRTH_PLACES);
        let email = self.email(&first_names, infix, last_name, organisation, employed);
        let mobile = format!(
            "+316{}{:07}",
            self.rng.u8(1..=5),
            self.rng.u32(..10_000_000)
        );
        let raw = RawUser {
            first_names,
            infix: infix.to_owned(),
            last_name: last_name.to_owned(),
            birth_date: birth_date.iso_string(),
            birth_place: birth_place.to_owned(),
            email,
            mobile,
            employed: if employed { "J" } else { "N" }.to_owned(),
        };
        let check = raw.validate(self.today);
        check.user().ok_or_else(|| SeedError::Generated {
            what: "person",
            detail: format!("{raw:?}: {:?}", check),
        })
    }

    /// `voornaam.achternaam@organisatie.example`, or a private address for non-employees;
    /// unique in the seed.
    fn email(
        &mut self,
        first_names: &str,
        infix: &str,
        last_name: &str,
        organisation: usize,
        employed: bool,
    ) -> String {
        let ascii = |s: &str| -> String {
            domain::user::search_key(s)
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect()
        };
        let first = first_names.split(' ').next().unwrap_or(first_names);
        let local = match self.rng.u32(..4) {
            0 => format!("{}{}{}", &ascii(first)[..1], ascii(infix), ascii(last_name)),
            1 => format!(
                "{}.{}",
                &ascii(first)[..1],
                ascii(&format!("{infix}{last_name}"))
            ),
            _ => format!("{}.{}{}", ascii(first), ascii(infix), ascii(last_name)),
        };
        let domain = if employed {
            self.organisations[organisation].domain
        } else {
            *self.pick(PRIVATE_DOMAINS)
        };
        let mut candidate = format!("{local}@{domain}");
        let mut n = 1;
        while !self.emails.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{local}{n}@{domain}");
        }
        candidate
    }

    fn audit(
        &mut self,
        at: i64,
        kvk_number: Option<&str>,
        action: &str,
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
            action.into(),
            subject.into(),
            detail.into(),
            search.into(),
        ]);
        self.report.audit += 1;
    }

    /// A few exports of the user list over the last year, recorded like
    /// `manage::export` records them.
    fn audit_exports(&mut self) {
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
            self.audit(at, kvk, "users_exported", file, Some(filter.to_owned()));
        }
    }

    /// The SMS step: one or two codes, the last one used at `verified_at` if given. Returns the
    /// time of the last code.
    fn sms(&mut self, id: &str, progress: &mut Progress, from: i64, verify: bool) -> i64 {
        let codes = if self.chance(0.15) { 2 } else { 1 };
        let mut sent_at = from;
        for code in 0..codes {
            sent_at = if code == 0 {
                self.after(from, 10, 3 * MINUTE)
            } else {
                self.after(sent_at, 60, 10 * MINUTE)
            };
            progress.event(sent_at, "sms_sent", "user", None);
            let last = code + 1 == codes;
            let used_at = (last && verify).then(|| self.after(sent_at, 15, 5 * MINUTE));
            let sms_id = self.readable("SMS");
            let wrong = if self.chance(0.1) { 1 } else { 0 };
            let code_hash = self.random_hash();
            self.tables.sms_codes.push([
                sms_id.into(),
                id.into(),
                code_hash.into(),
                sent_at.into(),
                (sent_at + crate::activation::sms_code::VALID_SECS).into(),
                Value::Int(wrong),
                used_at.into(),
            ]);
            self.report.sms_codes += 1;
            if let Some(used_at) = used_at {
                progress.event(used_at, "mobile_verified", "user", None);
                progress.mobile_verified_at = Some(used_at);
                return used_at;
            }
        }
        sent_at
    }

    fn identification(&mut self, id: &str, at: i64, approved: bool) -> Option<String> {
        let reason = (!approved).then(|| (*self.pick(REJECTION_REASONS)).to_owned());
        let last4: String = (0..4)
            .map(|_| char::from(b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ"[self.rng.usize(..33)]))
            .collect();
        let method = if self.chance(0.6) {
            "video"
        } else {
            "in_person"
        };
        let document = if self.chance(0.55) {
            "id_card"
        } else {
            "passport"
        };
        let name_matches = approved || self.chance(0.5);
        self.tables.identifications.push([
            id.into(),
            if approved { "approved" } else { "rejected" }.into(),
            method.into(),
            document.into(),
            last4.into(),
            Value::Int(i64::from(name_matches)),
            Value::Int(1),
            reason.clone().into(),
            self.operator_id.into(),
            at.into(),
        ]);
        self.report.identifications += 1;
        reason
    }

    fn request(&mut self, order: &OrderFacts, index: usize, fate: Fate) -> Result<(), SeedError> {
        let employed = match fate {
            Fate::Open(OpenStatus::IdentificationRequired) | Fate::Rejected => false,
            _ => self.chance(0.88),
        };
        let user = self.person(order.organisation, employed)?;
        let id = format!("{}-{}", order.number, index + 1);
        let t0 = order.created_at;
        let mut token_expires_at = t0 + INVITATION_DAYS * DAY;
        let mut p = Progress::default();
        p.event(t0, "invited", &self.manager.clone(), None);
        let manager = self.manager.clone();
        let status: &'static str;
        let mut means: Option<i64> = None;

        // How far the user got before the request's fate.
        let reach = match fate {
            Fate::Open(status) => status,
            Fate::Issued | Fate::Rejected => OpenStatus::IdentificationRequired,
            Fate::Expired | Fate::Cancelled => {
                if self.chance(0.3) {
                    OpenStatus::EmailConfirmed
                } else {
                    OpenStatus::Invited
                }
            }
        };
        if reach == OpenStatus::Invited
            && matches!(fate, Fate::Open(_))
            && t0 < self.now - 3 * DAY
            && self.chance(0.15)
        {
            // The manager sent a new link: the old one stopped working.
            let resent = self.between(t0 + 2 * DAY, self.now - HOUR);
            p.event(resent, "invitation_resent", &manager, None);
            token_expires_at = resent + INVITATION_DAYS * DAY;
            let kvk = self.organisations[order.organisation].kvk_number.clone();
            self.audit(
                resent,
                Some(&kvk),
                "invitation_resent",
                &id,
                Some(user.email.as_str().to_owned()),
            );
        }
        if reach != OpenStatus::Invited {
            let confirmed = self.after(t0, 5 * MINUTE, 3 * DAY);
            p.event(confirmed, "email_confirmed", "user", None);
            p.email_confirmed_at = Some(confirmed);
            if reach == OpenStatus::EmailConfirmed {
                if matches!(fate, Fate::Open(_)) && self.chance(0.4) {
                    self.sms(&id, &mut p, confirmed, false);
                }
            } else {
                let verified = self.sms(&id, &mut p, confirmed, true);
                if reach != OpenStatus::MobileVerified {
                    let ordered = self.after(verified, 30, 20 * MINUTE);
                    p.event(ordered, "user_ordered", "user", None);
                    p.user_ordered_at = Some(ordered);
                    if employed {
                        means = Some(ordered);
                    } else {
                        p.event(ordered, "identification_required", "system", None);
                        let deadline = ordered + crate::activation::IDENTIFICATION_DAYS * DAY;
                        p.identification_deadline = Some(deadline);
                        token_expires_at = token_expires_at.max(deadline);
                        if matches!(fate, Fate::Issued | Fate::Rejected) {
                            let checked = self.after(ordered, HOUR, 20 * DAY);
                            let approved = fate == Fate::Issued;
                            let reason = self.identification(&id, checked, approved);
                            if approved {
                                p.event(checked, "identified", &self.operator.clone(), None);
                                means = Some(checked);
                            } else {
                                p.event(checked, "rejected", &self.operator.clone(), reason);
                                p.finished_at = Some(checked);
                                p.end_reason = Some("identification_rejected");
                            }
                        }
                    }
                }
            }
        }

        let organisation = self.organisations[order.organisation].clone();
        match fate {
            Fate::Open(open) => {
                status = open.as_str();
                self.report.open += 1;
                self.report.open_by_status[OpenStatus::ALL
                    .iter()
                    .position(|s| *s == open)
                    .unwrap_or_default()] += 1;
            }
            Fate::Issued => {
                status = "issued";
                let issued_at = means.unwrap_or(p.last_at());
                let actor = if employed {
                    "user".to_owned()
                } else {
                    self.operator.clone()
                };
                let means_id = self.readable("EHM");
                p.event(issued_at, "issued", &actor, Some(means_id.clone()));
                p.finished_at = Some(issued_at);
                self.means(
                    order,
                    &organisation,
                    &id,
                    &means_id,
                    &user,
                    issued_at,
                    &mut p,
                );
            }
            Fate::Expired => {
                status = "expired";
                let at = token_expires_at.min(self.now - MINUTE);
                p.event(
                    at,
                    "expired",
                    "system",
                    Some("invitation_expired".to_owned()),
                );
                p.finished_at = Some(at);
                p.end_reason = Some("invitation_expired");
                self.report.ended += 1;
            }
            Fate::Cancelled => {
                status = "cancelled";
                let at = self.after(p.last_at(), HOUR, 10 * DAY);
                p.event(at, "cancelled", &manager, None);
                p.finished_at = Some(at);
                p.end_reason = Some("cancelled");
                self.audit(
                    at,
                    Some(&organisation.kvk_number),
                    "request_cancelled",
                    &id,
                    Some(format!("{} ({})", user.full_name(), user.email.as_str())),
                );
                self.report.ended += 1;
            }
            Fate::Rejected => {
                status = "rejected";
                self.report.ended += 1;
            }
        }

        let last_event_at = p.last_at();
        let token_hash = self.random_hash();
        self.tables.requests.push([
            id.as_str().into(),
            order.number.as_str().into(),
            (index as i64 + 1).into(),
            user.first_names.as_str().into(),
            user.infix.as_str().into(),
            user.last_name.as_str().into(),
            user.birth_date.iso_string().into(),
            user.birth_place.as_str().into(),
            user.email.as_str().into(),
            user.mobile.as_str().into(),
            i64::from(user.employed).into(),
            status.into(),
            token_hash.into(),
            token_expires_at.into(),
            t0.into(),
            p.email_confirmed_at.into(),
            p.mobile_verified_at.into(),
            p.user_ordered_at.into(),
            p.identification_deadline.into(),
            p.finished_at.into(),
            p.end_reason.map(str::to_owned).into(),
            organisation.kvk_number.as_str().into(),
            order.branch.clone().into(),
            order.level.label().into(),
            domain::user::sort_name(&user.first_names, &user.infix, &user.last_name).into(),
            domain::user::search_text(
                &user.first_names,
                &user.infix,
                &user.last_name,
                user.email.as_str(),
            )
            .into(),
            last_event_at.into(),
        ]);
        self.report.requests += 1;
        for (at, kind, actor, detail) in p.events {
            self.tables.events.push([
                id.as_str().into(),
                at.into(),
                kind.into(),
                actor.into(),
                detail.into(),
            ]);
            self.report.events += 1;
        }
        Ok(())
    }

    /// The means of request `id`, issued at `issued_at`, its machtigingen, and perhaps its
    /// revocation.
    #[allow(clippy::too_many_arguments)]
    fn means(
        &mut self,
        order: &OrderFacts,
        organisation: &Organisation,
        id: &str,
        means_id: &str,
        user: &NewUser,
        issued_at: i64,
        p: &mut Progress,
    ) {
        let from = crate::orders::today(issued_at);
        let until = valid_until(from, order.term_years);
        let until_ends = (until.days_since_unix_epoch() + 1) * DAY;
        // 5% revoked by the manager, at some time while the means was valid.
        let revoked_at = if self.chance(0.05) {
            let last = until_ends.min(self.now - HOUR);
            (last > issued_at + DAY).then(|| self.between(issued_at + DAY, last))
        } else {
            None
        };
        let today = self.today.days_since_unix_epoch();
        let until_day = until.days_since_unix_epoch();
        self.report.means += 1;
        if revoked_at.is_some() {
            self.report.revoked += 1;
        } else if until_day < today {
            self.report.validity_passed += 1;
        } else {
            self.report.active += 1;
            if until_day <= today + 60 {
                self.report.expiring_soon += 1;
            }
        }
        let (from_iso, until_iso) = (from.iso_string(), until.iso_string());
        self.tables.means.push([
            means_id.into(),
            id.into(),
            organisation.kvk_number.as_str().into(),
            organisation.name.as_str().into(),
            order.branch.clone().into(),
            order.level.label().into(),
            user.email.as_str().into(),
            from_iso.as_str().into(),
            until_iso.as_str().into(),
            if revoked_at.is_some() {
                "revoked"
            } else {
                "active"
            }
            .into(),
            issued_at.into(),
            revoked_at.into(),
        ]);
        // Revoking ends the machtigingen on the day of the revocation.
        let authorisations_until = revoked_at
            .map(|at| crate::orders::today(at).iso_string())
            .filter(|day| *day < until_iso)
            .unwrap_or_else(|| until_iso.clone());
        for (position, item) in authorisation_items(&order.authorisations, Lang::Nl)
            .into_iter()
            .enumerate()
        {
            self.tables.authorisations.push([
                means_id.into(),
                (position as i64 + 1).into(),
                item.kind.into(),
                item.subject.into(),
                item.label.into(),
                from_iso.as_str().into(),
                authorisations_until.as_str().into(),
            ]);
            self.report.authorisations += 1;
        }
        if let Some(at) = revoked_at {
            let manager = self.manager.clone();
            p.event(at, "revoked", &manager, Some(means_id.to_owned()));
            self.audit(
                at,
                Some(&organisation.kvk_number),
                "means_revoked",
                means_id,
                Some(format!("{} ({})", user.full_name(), user.email.as_str())),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use super::*;

    async fn memory_pool() -> AnyPool {
        let pool = crate::db::connect(&DatabaseUrl::parse("sqlite::memory:").unwrap())
            .await
            .unwrap();
        demo::seed(&pool).await.unwrap();
        pool
    }

    async fn count(pool: &AnyPool, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
    }

    #[test]
    fn people_pass_the_users_file_validation() {
        let options = SeedOptions {
            users: 0,
            open: 0,
            seed: 7,
        };
        let mut generator = Generator::new(&options, 1_764_000_000, 1, 3).unwrap();
        for i in 0..5_000 {
            let user = generator.person(i % 3, i % 4 != 0).unwrap();
            assert!(user.email.as_str().ends_with(".example"), "{user:?}");
            assert!(user.mobile.as_str().starts_with("+316"), "{user:?}");
        }
        let accented = generator.emails.iter().filter(|e| !e.is_ascii()).count();
        assert_eq!(accented, 0, "e-mail addresses are plain ASCII");
    }

    #[test]
    fn statements_number_their_parameters_in_order() {
        assert_eq!(
            insert_sql("t", "a, b", 2, 2, Placeholders::Numbered),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            insert_sql("t", "a, b", 2, 2, Placeholders::Positional),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
    }

    #[tokio::test]
    async fn a_small_seed_is_complete_and_consistent() {
        let pool = memory_pool().await;
        let options = SeedOptions {
            users: 600,
            open: 150,
            seed: 11,
        };
        let now = 1_764_000_000;
        let report = seed(&pool, &options, now).await.unwrap();
        assert!(!report.existing);
        assert_eq!(report.means, 600);
        assert_eq!(report.open, 150);
        assert_eq!(report.ended, 6);
        assert_eq!(report.requests, 756);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM means").await, 600);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM requests").await, 756);
        assert_eq!(
            count(
                &pool,
                "SELECT COUNT(*) FROM requests WHERE status IN \
                 ('invited', 'email_confirmed', 'mobile_verified', 'identification_required')"
            )
            .await,
            150
        );
        for status in OpenStatus::ALL {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM requests WHERE status = $1")
                .bind(status.as_str())
                .fetch_one(&pool)
                .await
                .unwrap();
            assert!(n > 0, "no request {}", status.as_str());
        }
        assert!(report.revoked > 0 && report.validity_passed > 0 && report.expiring_soon > 0);
        // Every request starts with its invitation and ends at last_event_at.
        assert_eq!(
            count(
                &pool,
                "SELECT COUNT(*) FROM requests r WHERE last_event_at IS NOT \
                 (SELECT MAX(at) FROM request_events e WHERE e.request_id = r.id) \
                 OR created_at IS NOT \
                 (SELECT MIN(at) FROM request_events e WHERE e.request_id = r.id)"
            )
            .await,
            0
        );
        // Issued requests have their means; nothing happens after the seed's time.
        assert_eq!(
            count(
                &pool,
                "SELECT COUNT(*) FROM requests r LEFT JOIN means m ON m.request_id = r.id \
                 WHERE (r.status = 'issued') <> (m.id IS NOT NULL)"
            )
            .await,
            0
        );
        assert_eq!(
            count(
                &pool,
                "SELECT COUNT(*) FROM request_events WHERE at > 1764000000"
            )
            .await,
            0
        );
        // Open links still work for at least two days.
        assert_eq!(
            count(
                &pool,
                "SELECT COUNT(*) FROM requests WHERE status IN ('invited', 'email_confirmed', \
                 'mobile_verified') AND token_expires_at < 1764000000 + 2 * 86400"
            )
            .await,
            0
        );
        let fk: Vec<sqlx::any::AnyRow> = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert!(fk.is_empty());
        let row = sqlx::query(
            "SELECT first_names, infix, last_name, email, sort_name, search_text FROM requests \
             WHERE infix <> '' LIMIT 1",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        let part = |i: usize| row.try_get::<String, _>(i).unwrap();
        assert_eq!(
            part(4),
            domain::user::sort_name(&part(0), &part(1), &part(2))
        );
        assert_eq!(
            part(5),
            domain::user::search_text(&part(0), &part(1), &part(2), &part(3))
        );

        // The same seed again is recognised; another size is refused.
        let again = seed(&pool, &options, now + 10).await.unwrap();
        assert!(again.existing);
        assert_eq!(again.means, 600);
        let other = SeedOptions {
            users: 601,
            ..options
        };
        assert!(matches!(
            seed(&pool, &other, now).await,
            Err(SeedError::OtherSeed { .. })
        ));
    }
}
