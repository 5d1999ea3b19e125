//! The exports of "Gebruikers" and the audit log: exactly the filtered rows, all pages.
//!
//! - CSV: UTF-8 with a BOM and `;` between cells, so Dutch Excel opens it in columns. Streamed:
//!   one query whose rows are written in chunks while they are read, so memory does not grow
//!   with the number of rows. A cell that a spreadsheet would run as a formula (starting with
//!   `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'` (OWASP's advice).
//! - XLSX: the same rows as string cells (never formulas), written in rust_xlsxwriter's
//!   constant-memory mode (rows go to a temporary file, not to memory) on a blocking thread.
//!
//! Every export is recorded in the audit log with its filter.

use api::UserStatus;
use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::Lang;
use futures_util::TryStreamExt;
use futures_util::future::BoxFuture;
use sqlx::AnyPool;

use super::audit::{self, Action, ActionLabel};
use super::store::audit::EntryRow;
use super::store::users::ListedUser;
use super::users::{AuthorisationLabels, UserRow};
use super::{ListQuery, given};
use crate::AppState;
use crate::auth::CurrentManager;
use crate::error::ApiError;
use crate::orders::today;
use crate::sql::Sql;

/// The header row of the users export.
pub(crate) const USER_COLUMNS: [&str; 10] = [
    "Naam",
    "E-mailadres",
    "Mobiel nummer",
    "Organisatie",
    "KvK-nummer",
    "Vestigingsnummer",
    "Niveau",
    "Status",
    "Geldig tot en met",
    "Machtigingen",
];

/// The header row of the audit export.
pub(crate) const AUDIT_COLUMNS: [&str; 7] = [
    "Tijdstip (Nederlandse tijd)",
    "Door",
    "E-mailadres",
    "Actie",
    "KvK-nummer",
    "Onderwerp",
    "Details",
];

/// Bytes per chunk of the CSV stream.
const CHUNK_BYTES: usize = 64 * 1024;

/// `value` as one CSV cell: neutralised when a spreadsheet would run it as a formula, quoted
/// when it holds the separator, a quote or a line break.
pub(crate) fn csv_cell(value: &str, out: &mut String) {
    let neutralise = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote =
        value.contains([';', '"', '\n', '\r']) || value.starts_with(' ') || value.ends_with(' ');
    if quote {
        out.push('"');
    }
    if neutralise {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

/// One CSV line (with `\r\n`).
pub(crate) fn csv_line(cells: &[String], out: &mut String) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        csv_cell(cell, out);
    }
    out.push_str("\r\n");
}

/// `2029-11-24` → `24-11-2029`, as Dutch Excel reads a date.
fn dutch_date(iso: &str) -> String {
    domain::Date::parse_iso(iso).map_or_else(|_| iso.to_owned(), |d| d.to_dutch())
}

/// The status of a user as the export shows it.
fn status_label(status: UserStatus) -> &'static str {
    match status {
        UserStatus::Active => "Actief",
        UserStatus::Revoked => "Ingetrokken",
        UserStatus::Expired => "Verlopen",
        UserStatus::Pending => "In aanvraag",
    }
}

/// The filter of an export as the audit log records it: `level=EH3&q=jan`.
fn filter_text(query: &ListQuery) -> String {
    filter_given(query).unwrap_or_else(|| "(geen filter)".to_owned())
}

/// The filter of a list or export (`level=EH3&q=jan`), `None` when there is none.
pub(crate) fn filter_given(query: &ListQuery) -> Option<String> {
    let parts = [
        ("organisation", &query.organisation),
        ("branch", &query.branch),
        ("level", &query.level),
        ("status", &query.status),
        ("expiring_within", &query.expiring_within),
        ("q", &query.q),
        ("action", &query.action),
        ("from", &query.from),
        ("to", &query.to),
        ("sort", &query.sort),
    ];
    let text: Vec<String> = parts
        .iter()
        .filter_map(|(name, value)| given(value).map(|v| format!("{name}={v}")))
        .collect();
    (!text.is_empty()).then(|| text.join("&"))
}

async fn record_export(
    state: &AppState,
    manager: &CurrentManager,
    query: &ListQuery,
    action: Action,
    subject: &str,
    now: i64,
) -> Result<(), ApiError> {
    let mut tx = crate::db::begin_write(&state.db).await?;
    audit::record(
        &mut tx,
        manager,
        given(&query.organisation),
        action,
        subject,
        Some(&filter_text(query)),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn attachment(content_type: &'static str, filename: &str, body: Body) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Rows read per batch: a batch's people get their machtigingen in one query.
const BATCH_ROWS: usize = 500;

/// Turns a batch of rows into their cells (it may ask the database for more, on another
/// connection).
type Cells<T> =
    Box<dyn FnMut(Vec<T>) -> BoxFuture<'static, Result<Vec<Vec<String>>, ApiError>> + Send>;

/// Cells computed from each row alone.
fn each<T: Send + 'static>(cells: fn(T) -> Vec<String>) -> Cells<T> {
    Box::new(move |rows: Vec<T>| {
        let out: Vec<Vec<String>> = rows.into_iter().map(cells).collect();
        Box::pin(async move { Ok(out) })
    })
}

/// Streams the rows of `sql`, read as `T`, as CSV with `header`, each batch of rows turned into
/// cells by `cells`.
fn csv_stream<T>(
    db: AnyPool,
    mut sql: Sql,
    header: &'static [&'static str],
    mut cells: Cells<T>,
) -> Body
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin + 'static,
{
    let (sender, receiver) = tokio::sync::mpsc::channel::<String>(4);
    tokio::spawn(async move {
        let mut chunk = String::with_capacity(CHUNK_BYTES + 1024);
        chunk.push('\u{feff}');
        let titles: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
        csv_line(&titles, &mut chunk);
        let mut connection = match db.acquire().await {
            Ok(connection) => connection,
            Err(error) => {
                tracing::error!(%error, "export: no database connection");
                return;
            }
        };
        let mut rows = sql.build_as::<T>().fetch(&mut *connection);
        let mut batch = Vec::with_capacity(BATCH_ROWS);
        loop {
            let last = match rows.try_next().await {
                Ok(Some(row)) => {
                    batch.push(row);
                    false
                }
                Ok(None) => true,
                Err(error) => {
                    tracing::error!(%error, "export: query failed");
                    return;
                }
            };
            if batch.len() >= BATCH_ROWS || (last && !batch.is_empty()) {
                match cells(std::mem::take(&mut batch)).await {
                    Ok(lines) => lines.iter().for_each(|line| csv_line(line, &mut chunk)),
                    Err(error) => {
                        tracing::error!(%error, "export: a batch failed");
                        return;
                    }
                }
            }
            if last {
                break;
            }
            if chunk.len() >= CHUNK_BYTES {
                let full = std::mem::replace(&mut chunk, String::with_capacity(CHUNK_BYTES + 1024));
                if sender.send(full).await.is_err() {
                    return; // The client went away.
                }
            }
        }
        let _ = sender.send(chunk).await;
    });
    Body::from_stream(futures_util::stream::unfold(
        receiver,
        |mut receiver| async move {
            receiver
                .recv()
                .await
                .map(|chunk| (Ok::<_, std::convert::Infallible>(chunk), receiver))
        },
    ))
}

/// The users of `query` (all pages), as their export row.
fn users_sql(
    manager: &CurrentManager,
    query: &ListQuery,
    today_iso: &str,
) -> Result<Sql, ApiError> {
    let organisations = super::organisations(manager, query)?;
    super::store::users::all(&organisations, query, today_iso)
}

/// The cells of a batch of users, with what each one's means holds today.
fn user_cells(db: AnyPool, today_iso: String) -> Cells<ListedUser> {
    Box::new(move |rows: Vec<ListedUser>| {
        let (db, today_iso) = (db.clone(), today_iso.clone());
        Box::pin(async move {
            let mut labels = AuthorisationLabels::default();
            let mut users: Vec<UserRow> = rows
                .into_iter()
                .map(|r| r.into_user(&today_iso, &mut labels, Lang::Nl))
                .collect();
            super::users::held_labels(&db, &mut users, &today_iso, Lang::Nl).await?;
            Ok(users.into_iter().map(user_line).collect())
        })
    })
}

fn user_line(user: UserRow) -> Vec<String> {
    vec![
        user.name,
        user.email,
        user.mobile,
        user.organisation.name,
        user.organisation.kvk_number,
        user.branch_number.unwrap_or_default(),
        user.level,
        status_label(user.status).to_owned(),
        user.valid_until
            .as_deref()
            .map(dutch_date)
            .unwrap_or_default(),
        user.authorisations.join(", "),
    ]
}

/// `GET /api/v1/users/export.csv`.
pub(crate) async fn users_csv(
    state: &AppState,
    manager: &CurrentManager,
    query: &ListQuery,
    now: i64,
) -> Result<Response, ApiError> {
    let today_iso = today(now).iso_string();
    let sql = users_sql(manager, query, &today_iso)?;
    record_export(
        state,
        manager,
        query,
        Action::UsersExported,
        "gebruikers.csv",
        now,
    )
    .await?;
    let cells = user_cells(state.db.clone(), today_iso);
    let body = csv_stream(state.db.clone(), sql, &USER_COLUMNS, cells);
    Ok(attachment(
        "text/csv; charset=utf-8",
        &format!("gebruikers-{}.csv", today(now).iso_string()),
        body,
    ))
}

/// `GET /api/v1/users/export.xlsx`.
pub(crate) async fn users_xlsx(
    state: &AppState,
    manager: &CurrentManager,
    query: &ListQuery,
    now: i64,
) -> Result<Response, ApiError> {
    let today_iso = today(now).iso_string();
    let mut sql = users_sql(manager, query, &today_iso)?;
    record_export(
        state,
        manager,
        query,
        Action::UsersExported,
        "gebruikers.xlsx",
        now,
    )
    .await?;
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<String>>(256);
    let writer = tokio::task::spawn_blocking(move || write_xlsx(&mut receiver));
    let mut connection = state.db.acquire().await?;
    let mut cells = user_cells(state.db.clone(), today_iso);
    'read: {
        let mut rows = sql.build_as::<ListedUser>().fetch(&mut *connection);
        let mut batch = Vec::with_capacity(BATCH_ROWS);
        loop {
            let row = rows.try_next().await?;
            let last = row.is_none();
            batch.extend(row);
            if batch.len() >= BATCH_ROWS || (last && !batch.is_empty()) {
                for line in cells(std::mem::take(&mut batch)).await? {
                    // A full channel waits for the writer; a gone writer ends the loop.
                    if sender.send(line).await.is_err() {
                        break 'read;
                    }
                }
            }
            if last {
                break;
            }
        }
    }
    drop(sender);
    let bytes = writer
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("gebruikers-{}.xlsx", today(now).iso_string()),
        Body::from(bytes),
    ))
}

fn write_xlsx(
    rows: &mut tokio::sync::mpsc::Receiver<Vec<String>>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("Gebruikers")?;
    for (column, title) in USER_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *title, &bold)?;
    }
    let widths = [28, 32, 16, 28, 12, 16, 8, 12, 16, 60];
    for (column, width) in widths.iter().enumerate() {
        sheet.set_column_width(column as u16, *width)?;
    }
    let mut line = 1_u32;
    while let Some(cells) = rows.blocking_recv() {
        for (column, cell) in cells.iter().enumerate() {
            sheet.write_string(line, column as u16, cell)?;
        }
        line += 1;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(
        0,
        0,
        line.saturating_sub(1).max(1),
        (USER_COLUMNS.len() - 1) as u16,
    )?;
    workbook.save_to_buffer()
}

/// `GET /api/v1/audit/export.csv`.
pub(crate) async fn audit_csv(
    state: &AppState,
    manager: &CurrentManager,
    query: &ListQuery,
    now: i64,
) -> Result<Response, ApiError> {
    let sql = super::store::audit::all(manager, query)?;
    record_export(
        state,
        manager,
        query,
        Action::AuditExported,
        "auditlog.csv",
        now,
    )
    .await?;
    let body = csv_stream(
        state.db.clone(),
        sql,
        &AUDIT_COLUMNS,
        each(|r: EntryRow| {
            let entry = audit::Entry::from(r);
            vec![
                domain::dutch_time::local_time(entry.at),
                entry.actor_name,
                entry.actor_email,
                entry.action.label().to_owned(),
                entry.kvk_number.unwrap_or_default(),
                entry.subject,
                entry.detail.unwrap_or_default(),
            ]
        }),
    );
    Ok(attachment(
        "text/csv; charset=utf-8",
        &format!("auditlog-{}.csv", today(now).iso_string()),
        body,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(cells: &[&str]) -> String {
        let mut out = String::new();
        csv_line(
            &cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>(),
            &mut out,
        );
        out
    }

    #[test]
    fn formulas_are_neutralised_and_separators_quoted() {
        assert_eq!(
            line(&["=HYPERLINK(\"x\")", "+31612345678", "a;b", "Jan"]),
            "\"'=HYPERLINK(\"\"x\"\")\";'+31612345678;\"a;b\";Jan\r\n"
        );
        assert_eq!(
            line(&["@SUM(A1)", "-1", "regel\nnieuw"]),
            "'@SUM(A1);'-1;\"regel\nnieuw\"\r\n"
        );
    }

    #[test]
    fn times_and_dates_read_as_in_the_netherlands() {
        // The audit export's time column: CET, one hour ahead of UTC in 1970.
        assert_eq!(
            domain::dutch_time::local_time(domain::SECONDS_PER_DAY + 3_723),
            "1970-01-02 02:02:03"
        );
        assert_eq!(dutch_date("2029-11-24"), "24-11-2029");
    }
}
