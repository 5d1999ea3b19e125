//! The JSON contract of `POST /api/v1/user-files/validate`:
//! `{ "ok", "file_errors": [{"code","message"}], "rows": [{"line", "values", "errors":
//! [{"field","code","message"}], "warnings": [...]}] }`, plus `file_warnings` (same shape as
//! `file_errors`), present only when there are any, and `mapping` ([`ColumnProposal`]), present
//! only for a file whose columns the header matching cannot all map.

use serde::{Deserialize, Serialize};

use super::{ColumnProposal, ImportOutcome, ImportedRow};
use crate::Lang;
use crate::user::{Field, UserValues};

/// The import's findings rendered in one language; serialises as the HTTP contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// True when there is no error at all.
    pub ok: bool,
    /// Problems with the file as a whole.
    pub file_errors: Vec<ReportFileFinding>,
    /// Warnings about the file as a whole (ignored columns); omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub file_warnings: Vec<ReportFileFinding>,
    /// Every non-empty data row.
    pub rows: Vec<ReportRow>,
    /// For a file whose columns the header matching cannot all map (`missing_columns`,
    /// `duplicate_column`): its columns with sample values and the best guess per field, for a
    /// mapping screen; omitted otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapping: Option<ColumnProposal>,
}

/// A file-level finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportFileFinding {
    /// Stable snake_case code.
    pub code: String,
    /// Message in the requested language.
    pub message: String,
}

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRow {
    /// 1-based row of the file (spreadsheet row); the header is normally row 1.
    pub line: u32,
    /// Normalised values where valid, the file's text where not.
    pub values: UserValues,
    /// Errors.
    pub errors: Vec<ReportFinding>,
    /// Warnings.
    pub warnings: Vec<ReportFinding>,
}

/// A row-level finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportFinding {
    /// The field it concerns; `null` for the row as a whole (the same person twice).
    pub field: Option<Field>,
    /// Stable snake_case code.
    pub code: String,
    /// Message in the requested language, starting with the row: "Rij 7, mobiel nummer: …".
    pub message: String,
}

impl ImportOutcome {
    /// Renders the outcome in `lang` as the HTTP contract.
    pub fn report(&self, lang: Lang) -> ImportReport {
        ImportReport {
            ok: self.is_ok(),
            file_errors: self
                .file_errors
                .iter()
                .map(|e| ReportFileFinding {
                    code: e.code().into(),
                    message: e.message(lang),
                })
                .collect(),
            file_warnings: self
                .file_warnings
                .iter()
                .map(|w| ReportFileFinding {
                    code: w.code().into(),
                    message: w.message(lang),
                })
                .collect(),
            rows: self.rows.iter().map(|row| report_row(row, lang)).collect(),
            mapping: self.mapping.clone(),
        }
    }
}

fn report_row(row: &ImportedRow, lang: Lang) -> ReportRow {
    ReportRow {
        line: row.line,
        values: row.values(),
        errors: row
            .errors
            .iter()
            .map(|e| ReportFinding {
                field: e.field(),
                code: e.code().into(),
                message: e.message(lang, row.line),
            })
            .collect(),
        warnings: row
            .warnings
            .iter()
            .map(|w| ReportFinding {
                field: w.field(),
                code: w.code().into(),
                message: w.message(lang, row.line),
            })
            .collect(),
    }
}
