//! The users step's list as a file to fix in a spreadsheet: `POST
//! /api/v1/user-files/annotated.xlsx` and `….csv` (the values as typed, a last column with each
//! row's errors).

use domain::RawUser;
use gloo_net::http::Request;

use super::{ApiError, prepare, send};

pub use ::api::orders::UsersList;

/// Which file of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFile {
    /// An Excel workbook.
    Xlsx,
    /// `;`-separated UTF-8 with a byte-order mark.
    Csv,
}

impl ListFile {
    fn path(self) -> &'static str {
        match self {
            ListFile::Xlsx => "/api/v1/user-files/annotated.xlsx",
            ListFile::Csv => "/api/v1/user-files/annotated.csv",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            ListFile::Xlsx => "xlsx",
            ListFile::Csv => "csv",
        }
    }
}

/// A file the server answered: its name, media type and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// The name from `Content-Disposition` (the server's, in the request's language).
    pub name: String,
    /// The media type.
    pub content_type: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// `filename="…"` of a `Content-Disposition` header.
fn file_name(disposition: &str) -> Option<String> {
    let (_, rest) = disposition.split_once("filename=\"")?;
    let (name, _) = rest.split_once('"')?;
    (!name.is_empty()).then(|| name.to_string())
}

/// `POST /api/v1/user-files/annotated.{xlsx,csv}`: the list as a file with its errors.
pub async fn annotated_list(users: Vec<RawUser>, kind: ListFile) -> Result<Download, ApiError> {
    let request = prepare(Request::post(kind.path()), true).json(&UsersList { users });
    let response = send(request).await?;
    let headers = response.headers();
    let name = headers
        .get("content-disposition")
        .and_then(|d| file_name(&d))
        .unwrap_or_else(|| format!("users.{}", kind.extension()));
    let content_type = headers.get("content-type").unwrap_or_default();
    let bytes = response
        .binary()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    Ok(Download {
        name,
        content_type,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn the_file_name_comes_from_the_disposition() {
        assert_eq!(
            file_name("attachment; filename=\"gebruikers-met-fouten.xlsx\"").as_deref(),
            Some("gebruikers-met-fouten.xlsx")
        );
        assert_eq!(file_name("attachment"), None);
        assert_eq!(file_name("attachment; filename=\"\""), None);
    }
}
