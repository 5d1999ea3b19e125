//! The one statement builder of the server, and the vocabularies' word lists for SQL.
//!
//! Why not sqlx's own `QueryBuilder<Any>`: its `push_bind` writes the placeholder that the
//! arguments type formats, and `AnyArguments` keeps `Arguments::format_placeholder`'s default,
//! `?` (sqlx-core 0.8.6, `any/arguments.rs`). The `Any` driver passes the text through
//! unchanged, and PostgreSQL only understands `$1, $2, …`, so every statement that
//! `QueryBuilder<Any>` builds fails there (`api_postgres_*` tests). [`Sql`] is the same idea
//! with numbered placeholders, which both SQLite and PostgreSQL accept, and positional ones
//! for SQLite's bulk inserts (the seed), where a `$N` costs a scan of all parameter names.

use api::RequestStatus;
use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments, Encode, Type};

/// How placeholders are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placeholders {
    /// `$1, $2, …`: both databases.
    Numbered,
    /// `?, ?, …`: SQLite only, bound by position (cheaper there in statements with thousands
    /// of parameters).
    Positional,
}

impl Placeholders {
    /// Positional on SQLite, numbered elsewhere.
    pub(crate) fn for_backend(backend_name: &str) -> Placeholders {
        if backend_name == "SQLite" {
            Placeholders::Positional
        } else {
            Placeholders::Numbered
        }
    }
}

/// A statement built from parts, with its bound values in order (like `sqlx::QueryBuilder`,
/// whose API it follows: `push`, `push_bind`, `build`).
pub(crate) struct Sql {
    text: String,
    arguments: Option<AnyArguments<'static>>,
    count: usize,
    placeholders: Placeholders,
}

impl std::fmt::Debug for Sql {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sql")
            .field("text", &self.text)
            .field("binds", &self.count)
            .finish()
    }
}

impl Sql {
    /// A statement starting with `text`, with numbered placeholders.
    pub(crate) fn new(text: impl Into<String>) -> Sql {
        Sql::with_placeholders(text, Placeholders::Numbered)
    }

    /// A statement starting with `text`, with placeholders written as `placeholders`.
    pub(crate) fn with_placeholders(text: impl Into<String>, placeholders: Placeholders) -> Sql {
        Sql {
            text: text.into(),
            arguments: Some(AnyArguments::default()),
            count: 0,
            placeholders,
        }
    }

    /// The text so far.
    #[cfg(test)]
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// How many values are bound.
    #[cfg(test)]
    pub(crate) fn binds(&self) -> usize {
        self.count
    }

    /// Appends SQL text (never a value from outside: those go through [`Sql::push_bind`]).
    pub(crate) fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Appends the placeholder of a new value.
    ///
    /// # Panics
    /// After [`Sql::build`], which takes the values.
    pub(crate) fn push_bind<T>(&mut self, value: T) -> &mut Sql
    where
        T: 'static + Encode<'static, Any> + Type<Any>,
    {
        self.arguments
            .as_mut()
            .expect("values are only bound before the statement is built")
            .add(value)
            .expect("the Any driver encodes every value type it implements Encode for");
        self.count += 1;
        match self.placeholders {
            Placeholders::Numbered => {
                self.text.push('$');
                self.text.push_str(&self.count.to_string());
            }
            Placeholders::Positional => self.text.push('?'),
        }
        self
    }

    /// Appends `(…)` with one placeholder per value, separated by commas: for `IN` and for a
    /// row of `VALUES`.
    pub(crate) fn push_tuple<T, I>(&mut self, values: I) -> &mut Sql
    where
        I: IntoIterator<Item = T>,
        T: 'static + Encode<'static, Any> + Type<Any>,
    {
        self.text.push('(');
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.push_bind(value);
        }
        self.text.push(')');
        self
    }

    /// The statement ready to run; its values are moved into it.
    ///
    /// # Panics
    /// When built twice.
    pub(crate) fn build(&mut self) -> sqlx::query::Query<'_, Any, AnyArguments<'_>> {
        let arguments: AnyArguments<'_> = self.arguments.take().expect("a statement is built once");
        sqlx::query_with(&self.text, arguments)
    }

    /// As [`Sql::build`], reading the first column of each row as `T`.
    pub(crate) fn build_scalar<T>(
        &mut self,
    ) -> sqlx::query::QueryScalar<'_, Any, T, AnyArguments<'_>>
    where
        (T,): for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let arguments: AnyArguments<'_> = self.arguments.take().expect("a statement is built once");
        sqlx::query_scalar_with(&self.text, arguments)
    }

    /// As [`Sql::build`], reading each row as `T`.
    pub(crate) fn build_as<T>(&mut self) -> sqlx::query::QueryAs<'_, Any, T, AnyArguments<'_>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let arguments: AnyArguments<'_> = self.arguments.take().expect("a statement is built once");
        sqlx::query_as_with(&self.text, arguments)
    }
}

/// `('invited', 'email_confirmed', …)`: a set of request statuses for `IN`, written from the
/// vocabulary (its words are constants of our own, never input, so they are safe as literals).
pub(crate) fn statuses(set: &[RequestStatus]) -> String {
    let words: Vec<String> = set.iter().map(|s| format!("'{}'", s.as_str())).collect();
    format!("({})", words.join(", "))
}

/// `'word'`: one word of a vocabulary as an SQL literal (see [`statuses`]).
pub(crate) fn word(word: &'static str) -> String {
    format!("'{word}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_number_their_placeholders() {
        let mut sql = Sql::new("SELECT 1 WHERE kvk IN ");
        sql.push_tuple(["1".to_owned(), "2".to_owned()])
            .push(" AND level = ")
            .push_bind("EH3".to_owned());
        assert_eq!(sql.text(), "SELECT 1 WHERE kvk IN ($1, $2) AND level = $3");
        assert_eq!(sql.binds(), 3);
        let mut rows =
            Sql::with_placeholders("INSERT INTO t (a, b) VALUES ", Placeholders::Positional);
        rows.push_tuple([1_i64, 2])
            .push(", ")
            .push_tuple([3_i64, 4]);
        assert_eq!(rows.text(), "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)");
    }

    #[test]
    fn sqlx_query_builder_writes_question_marks_for_any() {
        // Why [`Sql`] exists: PostgreSQL rejects `?`.
        let mut builder = sqlx::QueryBuilder::<Any>::new("SELECT 1 WHERE a = ");
        builder.push_bind(1_i64);
        assert_eq!(builder.sql(), "SELECT 1 WHERE a = ?");
    }

    /// A row as the stores read them: an alias, a renamed field, an optional column and a 0/1
    /// flag (the `Any` driver maps no boolean on SQLite).
    #[derive(Debug, PartialEq, sqlx::FromRow)]
    struct Probe {
        request_id: String,
        #[sqlx(rename = "display_name")]
        name: String,
        deadline: Option<i64>,
        employed: i64,
    }

    #[tokio::test]
    async fn rows_are_read_by_name_through_the_any_driver() {
        let url = crate::config::DatabaseUrl::parse("sqlite::memory:").unwrap();
        let pool = crate::db::connect(&url).await.unwrap();
        let mut sql = Sql::new(
            "SELECT 'R-1' AS request_id, 'Jan' AS display_name, NULL AS deadline, 1 AS employed \
             UNION ALL SELECT ",
        );
        sql.push_bind("R-2")
            .push(", ")
            .push_bind("Piet")
            .push(", ")
            .push_bind(Some(7_i64))
            .push(", ")
            .push_bind(0_i64);
        let rows: Vec<Probe> = sql.build_as().fetch_all(&pool).await.unwrap();
        assert_eq!(
            rows,
            [
                Probe {
                    request_id: "R-1".into(),
                    name: "Jan".into(),
                    deadline: None,
                    employed: 1,
                },
                Probe {
                    request_id: "R-2".into(),
                    name: "Piet".into(),
                    deadline: Some(7),
                    employed: 0,
                },
            ]
        );
    }

    #[test]
    fn status_sets_are_written_from_the_vocabulary() {
        assert_eq!(
            statuses(RequestStatus::BEFORE_ORDER),
            "('invited', 'email_confirmed', 'mobile_verified')"
        );
    }
}
