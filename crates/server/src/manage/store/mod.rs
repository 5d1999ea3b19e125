//! The SQL of Beheer: the lists of users ([`users`]), requests ([`requests`]) and audit entries
//! ([`audit`]) with their filters, sorting and paging, and the actions' writes. Rows are read by
//! column name into the private `*Row` structs of each module and handed out as Beheer's
//! response types.

pub(crate) mod audit;
pub(crate) mod requests;
pub(crate) mod users;

use api::RequestStatus;
use sqlx::AnyPool;
use sqlx::any::AnyRow;

use super::users::OrganisationRef;
use super::{ListQuery, Paging, given, invalid, like_pattern, present};
use crate::error::ApiError;
use crate::sql::Sql;

/// The columns the lists of users and of requests share: a request's person, organisation,
/// level and status (`r.id AS request_id`, `o.organisation_name`).
#[derive(Debug, sqlx::FromRow)]
struct PersonColumns {
    request_id: String,
    order_number: String,
    first_names: String,
    infix: String,
    last_name: String,
    email: String,
    mobile: String,
    kvk_number: String,
    organisation_name: String,
    branch_number: Option<String>,
    level: String,
    status: RequestStatus,
}

/// The select list of [`PersonColumns`], for `requests r` joined with `orders o`.
const PERSON_COLUMNS: &str = "r.id AS request_id, r.order_number, r.first_names, r.infix, \
     r.last_name, r.email, r.mobile, r.kvk_number, o.organisation_name, r.branch_number, r.level, \
     r.status";

impl PersonColumns {
    /// The full name, as shown.
    fn name(&self) -> String {
        domain::user::full_name(&self.first_names, &self.infix, &self.last_name)
    }

    fn organisation(&self) -> OrganisationRef {
        OrganisationRef {
            kvk_number: self.kvk_number.clone(),
            name: self.organisation_name.clone(),
            // The register's, filled in by `manage::ended`.
            ended_on: None,
        }
    }
}

/// Runs a list's count and reads one page. `from_where` appends the list's `FROM … WHERE …`
/// (the rows, filtered); the page's keys (`key`, such as `r.id`) are taken from it in
/// `order_by` with `LIMIT`/`OFFSET`, and only those rows are read whole by `select` (which has
/// no `WHERE`). Skipping rows of the narrow key query instead of joined rows keeps a page deep
/// in a long list nearly as fast as the first. Returns the total and the page's rows.
async fn fetch_page<T>(
    db: &AnyPool,
    select: &str,
    key: &str,
    from_where: impl Fn(&mut Sql) -> Result<(), ApiError>,
    order_by: &str,
    paging: Paging,
) -> Result<(i64, Vec<T>), ApiError>
where
    T: for<'r> sqlx::FromRow<'r, AnyRow> + Send + Unpin,
{
    let mut count = Sql::new("SELECT COUNT(*) ");
    from_where(&mut count)?;
    let total: i64 = count.build_scalar().fetch_one(db).await?;
    if paging.offset() >= total {
        return Ok((total, Vec::new()));
    }
    let mut page = Sql::new(format!("{select} WHERE {key} IN (SELECT {key} "));
    from_where(&mut page)?;
    page.push(order_by)
        .push(" LIMIT ")
        .push_bind(paging.per_page)
        .push(" OFFSET ")
        .push_bind(paging.offset())
        .push(")")
        .push(order_by);
    Ok((total, page.build_as().fetch_all(db).await?))
}

/// The filters the lists of people share (`r` is the request): the level, the branch (its exact
/// 12 digits) and free text on name and e-mail.
fn push_people_filters(sql: &mut Sql, query: &ListQuery) -> Result<(), ApiError> {
    if let Some(level) = super::level(query)? {
        sql.push(" AND r.level = ").push_bind(level.label());
    }
    if let Some(branch) = present(&query.branch) {
        let branch = domain::kvk::BranchNumber::parse_exact(branch)
            .ok_or_else(|| invalid("branch", "a vestigingsnummer of 12 digits"))?;
        sql.push(" AND r.branch_number = ")
            .push_bind(branch.as_str().to_owned());
    }
    if let Some(text) = given(&query.q) {
        sql.push(" AND r.search_text LIKE ")
            .push_bind(like_pattern(text))
            .push(" ESCAPE '\\'");
    }
    Ok(())
}
