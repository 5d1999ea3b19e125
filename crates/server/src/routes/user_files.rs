//! The users file: validation by the same import engine the SPA runs in the browser, the
//! template ("Voorbeeld CSV bestand") as CSV and as Excel workbook, and the users step's list as
//! such a file with each row's errors ([`annotated`]).

mod annotated;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::import::{ImportReport, Limits};
use domain::{Date, Field, RawUser, template};

use crate::AppState;
use crate::clients::caller::{Acting, Order};
use crate::clients::reads::{self, Read};
use crate::error::ApiError;
use crate::extract::{Json, RawBody};
use crate::lang::{self, Text};
use crate::openapi::{Binary, Error};
use annotated::AnnotatedList;
pub(crate) use api::orders::UsersList;

/// The media type of an `.xlsx` workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type of the CSV files.
const CSV: &str = "text/csv; charset=utf-8";

/// The header with the uploaded file's name (optional; it helps tell CSV from Excel).
const FILE_NAME_HEADER: &str = "x-file-name";

/// Today in the Netherlands, for the age and "not in the future" rules.
fn today() -> Date {
    crate::clock::today(crate::clock::unix_now())
}

/// `POST /api/v1/user-files/validate`: the body is the file's raw bytes. Answers the import
/// report in the request's language; a body over the configured byte limit is refused with 413
/// before it is read whole (the route's body limit).
///
/// Only for a signed-in manager (with the session's CSRF token): reading a workbook is the most
/// expensive thing the server does for a request, so it is no anonymous, cross-origin service.
/// The session is checked before the body is read.
#[utoipa::path(
    post, path = "/api/v1/user-files/validate", operation_id = "validateUserFile", tag = "users file",
    security(("session" = []), ("apiClient" = [])),
    params(("X-File-Name" = Option<String>, Header, description = "The file's name, percent-encoded; it helps tell CSV from a workbook.")),
    // Not required: an empty body is an empty file, answered with its file error (`empty_file`).
    request_body(content = Option<Binary>, content_type = "application/octet-stream", description = "The file's bytes: CSV, TXT, XLSX, XLS or ODS; an empty body is read as an empty file."),
    responses((status = 200, description = "The import report in the request's language.", body = ImportReport))
)]
pub(crate) async fn validate(
    State(state): State<AppState>,
    Acting(manager, _): Acting<Order>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<Json<ImportReport>, ApiError> {
    let file_name = headers
        .get(FILE_NAME_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .unwrap_or_default();
    let limits = Limits {
        max_rows: state.config.import_max_rows,
        max_bytes: state.config.import_max_bytes,
    };
    let lang = lang::current();
    let today = today();
    // Parsing a workbook is CPU work: keep it off the async workers.
    let report = tokio::task::spawn_blocking(move || {
        domain::import(&body, &file_name, limits, today).report(lang)
    })
    .await
    .map_err(ApiError::internal)?;
    // A client's call that changes nothing is recorded as a read: the rows it had checked.
    let read = Read {
        method: "POST",
        path: "/api/v1/user-files/validate",
        filter: None,
        page: None,
        count: report.rows.len(),
    };
    reads::record(&state, &manager, read, crate::clock::unix_now()).await?;
    Ok(Json(report))
}

/// Browsers send non-ASCII file names percent-encoded in a header; decode what we can.
fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn download(content_type: &'static str, file_name: &str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).expect("ASCII file name"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

/// `GET /api/v1/user-files/template.csv`: UTF-8 with BOM and `;`, so Dutch Excel opens it in
/// columns.
#[utoipa::path(
    get, path = "/api/v1/user-files/template.csv", operation_id = "getUserFileTemplateCsv", tag = "users file",
    responses((status = 200, description = "UTF-8 with BOM, `;`-separated.", content_type = "text/csv", body = String))
)]
pub(crate) async fn template_csv() -> Response {
    download(CSV, "middelpunt-gebruikers-voorbeeld.csv", template::csv())
}

/// `GET /api/v1/user-files/template.xlsx`: the same rows as a workbook whose date and mobile
/// columns are formatted as text, so Excel keeps the leading zero of `06…` and the date as typed.
#[utoipa::path(
    get, path = "/api/v1/user-files/template.xlsx", operation_id = "getUserFileTemplateXlsx", tag = "users file",
    responses((status = 200, description = "The date and mobile columns are formatted as text.", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Binary))
)]
pub(crate) async fn template_xlsx() -> Result<Response, ApiError> {
    let bytes = template_workbook().map_err(ApiError::internal)?;
    Ok(download(
        XLSX,
        "middelpunt-gebruikers-voorbeeld.xlsx",
        bytes,
    ))
}

/// The list checked and written by `write` off the async workers (a workbook of 100 rows with
/// notes is some milliseconds of CPU work), answered as the download `name.extension` in the
/// request's language.
async fn annotated_download(
    users: Vec<RawUser>,
    content_type: &'static str,
    extension: &str,
    write: fn(&AnnotatedList) -> Result<Vec<u8>, ApiError>,
) -> Result<Response, ApiError> {
    let lang = lang::current();
    let today = today();
    let bytes =
        tokio::task::spawn_blocking(move || write(&AnnotatedList::check(users, lang, today)?))
            .await
            .map_err(ApiError::internal)??;
    let name = format!("{}.{extension}", Text::AnnotatedFileName.text(lang));
    Ok(download(content_type, &name, bytes))
}

/// `POST /api/v1/user-files/annotated.csv`: the users step's list as CSV to fix in a
/// spreadsheet and upload again: the template's columns in the request's language, the values
/// as typed, and a last column "Fouten" ("Errors") with each row's errors and warnings, whose
/// row numbers are the file's (the header is row 1). The import skips that column.
#[utoipa::path(
    post, path = "/api/v1/user-files/annotated.csv", operation_id = "downloadAnnotatedUsersCsv", tag = "users file",
    security(("session" = []), ("apiClient" = [])),
    request_body = UsersList,
    responses(
        (status = 200, description = "`gebruikers-met-fouten.csv` (`users-with-errors.csv` in English): UTF-8 with BOM, `;`-separated, the errors column last.", content_type = "text/csv", body = String),
        (status = 422, description = "`too_many_users`: more than 100 users.", body = Error),
    )
)]
pub(crate) async fn annotated_csv(
    Acting(_manager, _): Acting<Order>,
    Json(list): Json<UsersList>,
) -> Result<Response, ApiError> {
    annotated_download(list.users, CSV, "csv", |list| Ok(list.csv())).await
}

/// `POST /api/v1/user-files/annotated.xlsx`: the same as a workbook: every value a text cell,
/// each cell with an error filled light red with its messages as a note, the errors column
/// wrapped, the header row bold and frozen.
#[utoipa::path(
    post, path = "/api/v1/user-files/annotated.xlsx", operation_id = "downloadAnnotatedUsersXlsx", tag = "users file",
    security(("session" = []), ("apiClient" = [])),
    request_body = UsersList,
    responses(
        (status = 200, description = "`gebruikers-met-fouten.xlsx` (`users-with-errors.xlsx` in English), the errors column last.", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Binary),
        (status = 422, description = "`too_many_users`: more than 100 users.", body = Error),
    )
)]
pub(crate) async fn annotated_xlsx(
    Acting(_manager, _): Acting<Order>,
    Json(list): Json<UsersList>,
) -> Result<Response, ApiError> {
    annotated_download(list.users, XLSX, "xlsx", |list| {
        list.xlsx().map_err(ApiError::internal)
    })
    .await
}

fn template_workbook() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Gebruikers")?;
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    for (column, field) in Field::ALL.into_iter().enumerate() {
        let column = column as u16;
        if matches!(field, Field::BirthDate | Field::Mobile) {
            sheet.set_column_format(column, &text)?;
        }
        sheet.set_column_width(column, 22)?;
        sheet.write_string_with_format(0, column, field.template_header(), &bold)?;
        let value = template::EXAMPLE_ROW[column as usize];
        if matches!(field, Field::BirthDate | Field::Mobile) {
            sheet.write_string_with_format(1, column, value, &text)?;
        } else {
            sheet.write_string(1, column, value)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_encoded_file_names() {
        assert_eq!(
            percent_decode("gebruikers%20m%C3%A4rz.csv"),
            "gebruikers märz.csv"
        );
        assert_eq!(percent_decode("plain.csv"), "plain.csv");
        assert_eq!(percent_decode("bad%zz.csv"), "bad%zz.csv");
    }

    #[test]
    fn the_workbook_template_imports_as_one_valid_user() {
        let bytes = template_workbook().unwrap();
        let outcome = domain::import(&bytes, "voorbeeld.xlsx", Limits::DEFAULT, today());
        assert!(outcome.is_ok(), "{:?}", outcome.report(domain::Lang::Nl));
        assert_eq!(outcome.users().len(), 1);
    }
}
