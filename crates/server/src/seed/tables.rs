//! The seed's rows, written per table as multi-row `INSERT`s built with the server's one
//! statement builder ([`Sql`]): full statements of a fixed number of rows (prepared once and
//! reused: the same text each time) and one shorter statement for the rest.

use sqlx::AnyConnection;

use crate::sql::{Placeholders, Sql};

/// Pending requests after which every table is written.
pub(super) const FLUSH_REQUESTS: usize = 5_000;

/// Bound parameters per statement: below SQLite's 32,766 and PostgreSQL's 65,535.
const MAX_PARAMETERS: usize = 8_000;

/// One cell of a row.
#[derive(Debug, Clone)]
pub(super) enum Value {
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

impl Value {
    fn bind(self, sql: &mut Sql) {
        match self {
            Value::Text(v) => sql.push_bind(v),
            Value::OptText(v) => sql.push_bind(v),
            Value::Int(v) => sql.push_bind(v),
            Value::OptInt(v) => sql.push_bind(v),
        };
    }
}

/// The rows waiting for one table, as statements.
pub(super) struct Batch {
    table: &'static str,
    column_list: &'static str,
    columns: usize,
    rows_per_statement: usize,
    placeholders: Placeholders,
    /// Full statements, ready to run.
    full: Vec<Sql>,
    /// The statement being filled, and its rows.
    current: Option<(Sql, usize)>,
}

impl Batch {
    /// `columns` as in SQL: `"a, b, c"`.
    fn new(table: &'static str, columns: &'static str, placeholders: Placeholders) -> Batch {
        let count = columns.split(',').count();
        Batch {
            table,
            column_list: columns,
            columns: count,
            rows_per_statement: (MAX_PARAMETERS / count).max(1),
            placeholders,
            full: Vec::new(),
            current: None,
        }
    }

    /// Adds a row of `N` cells, one per column.
    pub(super) fn push<const N: usize>(&mut self, row: [Value; N]) {
        debug_assert_eq!(N, self.columns, "a row of {}", self.table);
        let (sql, rows) = self.current.get_or_insert_with(|| {
            let text = format!("INSERT INTO {} ({}) VALUES ", self.table, self.column_list);
            (Sql::with_placeholders(text, self.placeholders), 0)
        });
        sql.push(if *rows == 0 { "(" } else { ", (" });
        for (i, value) in row.into_iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            value.bind(sql);
        }
        sql.push(")");
        *rows += 1;
        if *rows == self.rows_per_statement {
            let (full, _) = self.current.take().expect("the statement being filled");
            self.full.push(full);
        }
    }

    /// The rows not yet written.
    pub(super) fn pending(&self) -> usize {
        self.full.len() * self.rows_per_statement + self.current.as_ref().map_or(0, |c| c.1)
    }

    async fn flush(&mut self, connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
        for mut sql in self.full.drain(..) {
            sql.build().execute(&mut *connection).await?;
        }
        if let Some((mut rest, _)) = self.current.take() {
            // A statement of another length: not worth keeping prepared.
            rest.build()
                .persistent(false)
                .execute(&mut *connection)
                .await?;
        }
        Ok(())
    }
}

/// One batch per table, written parents first (foreign keys are checked at once on PostgreSQL).
pub(super) struct Tables {
    pub(super) orders: Batch,
    pub(super) requests: Batch,
    pub(super) events: Batch,
    pub(super) sms_codes: Batch,
    pub(super) identifications: Batch,
    pub(super) means: Batch,
    pub(super) authorisations: Batch,
    pub(super) expiry_warnings: Batch,
    pub(super) audit: Batch,
}

impl Tables {
    /// Empty batches whose statements write `placeholders`.
    pub(super) fn new(placeholders: Placeholders) -> Tables {
        let batch = |table, columns| Batch::new(table, columns, placeholders);
        Tables {
            orders: batch(
                "orders",
                "order_number, manager_id, idempotency_key, request_hash, kvk_number, \
                 organisation_name, branch_number, level, term_years, authorisations, quote, \
                 total_excl_vat, total_incl_vat, created_at",
            ),
            requests: batch(
                "requests",
                "id, order_number, position, first_names, infix, last_name, birth_date, \
                 birth_place, email, mobile, employed, status, token_hash, token_expires_at, \
                 created_at, email_confirmed_at, mobile_verified_at, user_ordered_at, \
                 identification_deadline, finished_at, end_reason, kvk_number, branch_number, \
                 level, sort_name, search_text, last_event_at",
            ),
            events: batch("request_events", "request_id, at, kind, actor, detail"),
            sms_codes: batch(
                "sms_codes",
                "id, request_id, code_hash, sent_at, expires_at, wrong_attempts, used_at",
            ),
            identifications: batch(
                "identifications",
                "request_id, outcome, method, document_type, document_last4, name_matches, \
                 birth_date_matches, reason, checked_by, checked_at",
            ),
            means: batch(
                "means",
                "id, request_id, kvk_number, organisation_name, branch_number, level, email, \
                 valid_from, valid_until, status, issued_at, revoked_at",
            ),
            authorisations: batch(
                "means_authorisations",
                "means_id, position, kind, subject, label, valid_from, valid_until",
            ),
            expiry_warnings: batch("expiry_warnings", "means_id, threshold_days, warned_on"),
            audit: batch(
                "audit_log",
                "id, at, actor, actor_name, actor_email, kvk_number, action, subject, detail, \
                 search_text",
            ),
        }
    }

    /// Writes every pending row.
    pub(super) async fn flush(
        &mut self,
        connection: &mut AnyConnection,
    ) -> Result<(), sqlx::Error> {
        for batch in [
            &mut self.orders,
            &mut self.requests,
            &mut self.events,
            &mut self.sms_codes,
            &mut self.identifications,
            &mut self.means,
            &mut self.authorisations,
            &mut self.expiry_warnings,
            &mut self.audit,
        ] {
            batch.flush(connection).await?;
        }
        Ok(())
    }
}
