//! The import's findings about the file as a whole and across rows, with their stable codes and
//! their Dutch and English messages.

use crate::Lang;
use crate::date::Date;
use crate::phone::parse_mobile;
use crate::text::{column_letters, join_list};
use crate::user::{Field, FieldError, FieldWarning};

/// A spreadsheet workbook format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookFormat {
    /// Excel 2007+ (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Excel 97–2003 (`.xls`).
    Xls,
    /// OpenDocument spreadsheet (`.ods`, LibreOffice).
    Ods,
    /// Excel binary workbook (`.xlsb`): recognised, not read.
    Xlsb,
}

impl WorkbookFormat {
    fn extension(self) -> &'static str {
        match self {
            WorkbookFormat::Xlsx => ".xlsx",
            WorkbookFormat::Xls => ".xls",
            WorkbookFormat::Ods => ".ods",
            WorkbookFormat::Xlsb => ".xlsb",
        }
    }
}

/// What a file that is not a users file looks like, to say so in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A PDF document.
    Pdf,
    /// An image (PNG, JPEG, GIF, BMP, WebP, TIFF).
    Image,
    /// A Word (or OpenDocument text) document.
    WordDocument,
    /// A PowerPoint (or OpenDocument) presentation.
    Presentation,
    /// An Apple Numbers spreadsheet.
    Numbers,
    /// A web page (also "Excel" exports that are HTML tables).
    Html,
    /// An XML file (such as Excel 2003 XML).
    Xml,
    /// A rich-text document.
    Rtf,
    /// A compressed archive that is not a workbook.
    Archive,
    /// Other binary data.
    Binary,
}

impl FileKind {
    fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FileKind::Pdf, Lang::Nl) => "een PDF-document",
            (FileKind::Pdf, Lang::En) => "a PDF document",
            (FileKind::Image, Lang::Nl) => "een afbeelding",
            (FileKind::Image, Lang::En) => "an image",
            (FileKind::WordDocument, Lang::Nl) => "een Word-document",
            (FileKind::WordDocument, Lang::En) => "a Word document",
            (FileKind::Presentation, Lang::Nl) => "een presentatie",
            (FileKind::Presentation, Lang::En) => "a presentation",
            (FileKind::Numbers, Lang::Nl) => "een Numbers-bestand",
            (FileKind::Numbers, Lang::En) => "a Numbers file",
            (FileKind::Html, Lang::Nl) => "een webpagina (HTML)",
            (FileKind::Html, Lang::En) => "a web page (HTML)",
            (FileKind::Xml, Lang::Nl) => "een XML-bestand",
            (FileKind::Xml, Lang::En) => "an XML file",
            (FileKind::Rtf, Lang::Nl) => "een RTF-document",
            (FileKind::Rtf, Lang::En) => "an RTF document",
            (FileKind::Archive, Lang::Nl) => "een gecomprimeerd archief",
            (FileKind::Archive, Lang::En) => "a compressed archive",
            (FileKind::Binary, Lang::Nl) => "een binair bestand",
            (FileKind::Binary, Lang::En) => "a binary file",
        }
    }
}

/// A problem with the file as a whole: nothing in it can be ordered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// No bytes, or only empty rows.
    #[error("the file is empty")]
    EmptyFile,
    /// More bytes than the limit.
    #[error("the file has {size} bytes, at most {max} allowed")]
    TooLarge {
        /// The file's size in bytes.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// More users than the limit.
    #[error("the file has {count} users, at most {max} allowed")]
    TooManyRows {
        /// The file's number of users.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// Neither CSV nor a workbook.
    #[error("not a CSV or Excel file")]
    NotCsvOrExcel {
        /// What it seems to be instead, when recognised.
        looks_like: Option<FileKind>,
    },
    /// A workbook that cannot be read (damaged, or an unexpected variant).
    #[error("the workbook cannot be read")]
    WorkbookUnreadable {
        /// Its format.
        format: WorkbookFormat,
    },
    /// A workbook that declares a grid far bigger than a users file (a value in A1 and one in
    /// XFD1048576, or rows and columns repeated a million times): refused before it is read, as
    /// reading it would take gigabytes of memory.
    #[error("the workbook declares {rows} rows × {columns} columns")]
    WorkbookTooLarge {
        /// Its format.
        format: WorkbookFormat,
        /// The rows its first to last used row span, repetitions included.
        rows: u64,
        /// The columns its first to last used column span.
        columns: u64,
    },
    /// A password-protected workbook.
    #[error("the workbook is password-protected")]
    WorkbookEncrypted,
    /// A workbook format this build does not read.
    #[error("this workbook format is not supported")]
    WorkbookUnsupported {
        /// Its format.
        format: WorkbookFormat,
    },
    /// A workbook without worksheets.
    #[error("the workbook has no worksheet")]
    NoWorksheet,
    /// The first row has no known column name at all.
    #[error("no header row")]
    HeaderNotFound {
        /// The first row as found (shortened).
        first_row: String,
    },
    /// Required columns are missing.
    #[error("missing columns: {fields:?}")]
    MissingColumns {
        /// The missing fields, in template order.
        fields: Vec<Field>,
    },
    /// More than one column for one field.
    #[error("more than one column for {field}")]
    DuplicateColumn {
        /// The field.
        field: Field,
        /// The 0-based columns and their header texts.
        columns: Vec<(usize, String)>,
    },
    /// A chosen column (see [`super::Columns`]) that the file's header row does not have.
    #[error("column {column} for {field} is not in the file")]
    ColumnNotInFile {
        /// The field it was chosen for.
        field: Field,
        /// The 0-based column.
        column: usize,
    },
    /// A header row and nothing under it.
    #[error("no users in this file")]
    NoUsers,
    /// A quoted field that never closes swallows the rest of the file.
    #[error("unterminated quote starting in row {line}")]
    UnterminatedQuote {
        /// The row where the quote opened.
        line: u32,
    },
}

fn megabytes(lang: Lang, bytes: usize) -> String {
    let mb = bytes as f64 / 1_048_576.0;
    let text = if mb >= 10.0 {
        format!("{mb:.0}")
    } else {
        format!("{mb:.1}")
    };
    match lang {
        Lang::Nl => format!("{} MB", text.replace('.', ",")),
        Lang::En => format!("{text} MB"),
    }
}

fn thousands(lang: Lang, n: usize) -> String {
    let digits = n.to_string();
    let sep = if lang == Lang::Nl { '.' } else { ',' };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn column_ref(column: usize, header: &str) -> String {
    format!("{} (\u{201C}{header}\u{201D})", column_letters(column))
}

impl FileError {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            FileError::EmptyFile => "empty_file",
            FileError::TooLarge { .. } => "file_too_large",
            FileError::TooManyRows { .. } => "too_many_rows",
            FileError::NotCsvOrExcel { .. } => "not_csv_or_excel",
            FileError::WorkbookUnreadable { .. } => "workbook_unreadable",
            FileError::WorkbookTooLarge { .. } => "workbook_too_large",
            FileError::WorkbookEncrypted => "workbook_encrypted",
            FileError::WorkbookUnsupported { .. } => "workbook_unsupported",
            FileError::NoWorksheet => "no_worksheet",
            FileError::HeaderNotFound { .. } => "header_not_found",
            FileError::MissingColumns { .. } => "missing_columns",
            FileError::DuplicateColumn { .. } => "duplicate_column",
            FileError::ColumnNotInFile { .. } => "column_not_in_file",
            FileError::NoUsers => "no_users",
            FileError::UnterminatedQuote { .. } => "unterminated_quote",
        }
    }

    /// The message in `lang`: what is wrong and how to fix it.
    pub fn message(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        let template_nl = "volledige voornamen; tussenvoegsel; achternaam; geboortedatum; geboorteplaats; e-mailadres; mobiel nummer; loondienst";
        match self {
            FileError::EmptyFile if nl => {
                "Het bestand is leeg. Vul het voorbeeldbestand in: een kopregel en daaronder één regel per gebruiker.".into()
            }
            FileError::EmptyFile => "The file is empty. Fill in the template: a header row and below it one row per user.".into(),
            FileError::TooLarge { size, max } if nl => format!(
                "Het bestand is {} ({} bytes); het mag maximaal {} ({} bytes) zijn. Verdeel de gebruikers over meerdere bestanden.",
                megabytes(lang, *size),
                thousands(lang, *size),
                megabytes(lang, *max),
                thousands(lang, *max)
            ),
            FileError::TooLarge { size, max } => format!(
                "The file is {} ({} bytes); it may be at most {} ({} bytes). Split the users over several files.",
                megabytes(lang, *size),
                thousands(lang, *size),
                megabytes(lang, *max),
                thousands(lang, *max)
            ),
            FileError::TooManyRows { count, max } if nl => format!(
                "Het bestand bevat {} gebruikers; er kunnen er maximaal {} tegelijk worden ingelezen. \
                 Verdeel de gebruikers over bestanden van hoogstens {} regels.",
                thousands(lang, *count),
                thousands(lang, *max),
                thousands(lang, *max)
            ),
            FileError::TooManyRows { count, max } => format!(
                "The file contains {} users; at most {} can be imported at once. Split the users over files of at most {} rows.",
                thousands(lang, *count),
                thousands(lang, *max),
                thousands(lang, *max)
            ),
            FileError::NotCsvOrExcel { looks_like } => {
                let what = looks_like
                    .map(|k| if nl { format!(" (het lijkt {})", k.name(lang)) } else { format!(" (it looks like {})", k.name(lang)) })
                    .unwrap_or_default();
                if nl {
                    format!(
                        "Dit is geen CSV- of Excel-bestand{what}. Sla de lijst met gebruikers in Excel op als \
                         \u{201C}CSV (gescheiden door lijstscheidingsteken)\u{201D} of als Excel-werkmap (.xlsx) en probeer het opnieuw."
                    )
                } else {
                    format!(
                        "This is not a CSV or Excel file{what}. Save the list of users in Excel as \
                         \u{201C}CSV (comma delimited)\u{201D} or as an Excel workbook (.xlsx) and try again."
                    )
                }
            }
            FileError::WorkbookUnreadable { format } if nl => format!(
                "Dit Excel-bestand ({}) kan niet worden gelezen; het is mogelijk beschadigd. Open het in Excel en sla het \
                 opnieuw op als Excel-werkmap (.xlsx) of als CSV.",
                format.extension()
            ),
            FileError::WorkbookUnreadable { format } => format!(
                "This Excel file ({}) cannot be read; it may be damaged. Open it in Excel and save it again as an Excel \
                 workbook (.xlsx) or as CSV.",
                format.extension()
            ),
            FileError::WorkbookTooLarge {
                format,
                rows,
                columns,
            } if nl => format!(
                "Dit {}-bestand beschrijft {} rijen \u{D7} {} kolommen; zo\u{2019}n groot bestand kan hier niet \
                 worden gelezen. Haal lege of verre cellen weg, of sla het bestand op als Excel-werkmap (.xlsx) of \
                 als CSV UTF-8.",
                format.extension(),
                thousands(lang, usize::try_from(*rows).unwrap_or(usize::MAX)),
                thousands(lang, usize::try_from(*columns).unwrap_or(usize::MAX)),
            ),
            FileError::WorkbookTooLarge {
                format,
                rows,
                columns,
            } => format!(
                "This {} file declares {} rows \u{D7} {} columns, too large to be read here. Remove empty or far-away \
                 cells, or save the file as an Excel workbook (.xlsx) or as CSV UTF-8.",
                format.extension(),
                thousands(lang, usize::try_from(*rows).unwrap_or(usize::MAX)),
                thousands(lang, usize::try_from(*columns).unwrap_or(usize::MAX)),
            ),
            FileError::WorkbookEncrypted if nl => "Dit Excel-bestand is met een wachtwoord beveiligd. Haal de beveiliging \
                 weg (Bestand > Info > Werkmap beveiligen) of sla het bestand op als CSV."
                .into(),
            FileError::WorkbookEncrypted => "This Excel file is password-protected. Remove the protection (File > Info > \
                 Protect Workbook) or save the file as CSV."
                .into(),
            FileError::WorkbookUnsupported {
                format: WorkbookFormat::Xls,
            } if nl => "Oude Excel-bestanden (.xls, Excel 97-2003) kunnen hier niet worden gelezen. Open het bestand in \
                 Excel en kies Opslaan als: Excel-werkmap (.xlsx) of CSV UTF-8."
                .into(),
            FileError::WorkbookUnsupported {
                format: WorkbookFormat::Xls,
            } => "Old Excel files (.xls, Excel 97-2003) cannot be read here. Open the file in Excel and choose Save As: \
                 Excel Workbook (.xlsx) or CSV UTF-8."
                .into(),
            FileError::WorkbookUnsupported { format } if nl => format!(
                "Bestanden in de indeling {} kunnen hier niet worden gelezen. Sla het bestand op als CSV UTF-8 of als \
                 Excel-werkmap (.xlsx).",
                format.extension()
            ),
            FileError::WorkbookUnsupported { format } => format!(
                "Files in the {} format cannot be read here. Save the file as CSV UTF-8 or as an Excel workbook (.xlsx).",
                format.extension()
            ),
            FileError::NoWorksheet if nl => "Deze werkmap heeft geen werkblad. Zet de gebruikers op het eerste werkblad.".into(),
            FileError::NoWorksheet => "This workbook has no worksheet. Put the users on the first worksheet.".into(),
            FileError::HeaderNotFound { first_row } if nl => format!(
                "De eerste regel moet de kolomnamen bevatten ({template_nl}), maar bevat \u{201C}{first_row}\u{201D}. \
                 Gebruik de kopregel uit het voorbeeldbestand."
            ),
            FileError::HeaderNotFound { first_row } => format!(
                "The first row must contain the column names ({template_nl}), but it contains \u{201C}{first_row}\u{201D}. \
                 Use the header row of the template."
            ),
            FileError::MissingColumns { fields } => {
                let names: Vec<String> = fields.iter().map(|f| format!("\u{201C}{}\u{201D}", f.template_header())).collect();
                let infix_note = fields.contains(&Field::Infix);
                if nl {
                    let (noun, verb) = if names.len() == 1 { ("De kolom", "ontbreekt") } else { ("De kolommen", "ontbreken") };
                    format!(
                        "{noun} {} {verb}. Voeg {} toe aan de kopregel, zoals in het voorbeeldbestand{}.",
                        join_list(&names, "en"),
                        if names.len() == 1 { "hem" } else { "ze" },
                        if infix_note { " (de kolom tussenvoegsel moet er zijn, maar mag leeg blijven)" } else { "" }
                    )
                } else {
                    let (noun, verb) = if names.len() == 1 { ("The column", "is") } else { ("The columns", "are") };
                    format!(
                        "{noun} {} {verb} missing. Add {} to the header row, as in the template{}.",
                        join_list(&names, "and"),
                        if names.len() == 1 { "it" } else { "them" },
                        if infix_note { " (the tussenvoegsel column must be there, but may stay empty)" } else { "" }
                    )
                }
            }
            FileError::DuplicateColumn { field, columns } => {
                let refs: Vec<String> = columns.iter().map(|(c, h)| column_ref(*c, h)).collect();
                if nl {
                    format!(
                        "De kolommen {} bevatten allebei {}. Houd er één over.",
                        join_list(&refs, "en"),
                        field.label(lang)
                    )
                } else {
                    format!("The columns {} both hold the {}. Keep one of them.", join_list(&refs, "and"), field.label(lang))
                }
            }
            FileError::ColumnNotInFile { field, column } if nl => format!(
                "Kolom {} is gekozen voor {}, maar dit bestand heeft geen kolom {}. Koppel de kolommen opnieuw.",
                column_letters(*column),
                field.label(lang),
                column_letters(*column)
            ),
            FileError::ColumnNotInFile { field, column } => format!(
                "Column {} was chosen for the {}, but this file has no column {}. Match the columns again.",
                column_letters(*column),
                field.label(lang),
                column_letters(*column)
            ),
            FileError::NoUsers if nl => {
                "Er staan geen gebruikers in dit bestand: onder de kopregel staat niets. Vul per gebruiker een regel in.".into()
            }
            FileError::NoUsers => "There are no users in this file: there is nothing below the header row. Add one row per user.".into(),
            FileError::UnterminatedQuote { line } if nl => format!(
                "Rij {line}: een aanhalingsteken (\") wordt niet afgesloten, waardoor de rest van het bestand als één \
                 waarde wordt gelezen. Verwijder het aanhalingsteken of sluit het af."
            ),
            FileError::UnterminatedQuote { line } => format!(
                "Row {line}: a quotation mark (\") is never closed, so the rest of the file reads as one value. \
                 Remove the quotation mark or close it."
            ),
        }
    }
}

/// A warning about the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileWarning {
    /// A column whose header is none of the fields: ignored.
    UnknownColumn {
        /// The 0-based column.
        column: usize,
        /// Its header text (shortened).
        header: String,
    },
}

impl FileWarning {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            FileWarning::UnknownColumn { .. } => "unknown_column",
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (FileWarning::UnknownColumn { column, header }, Lang::Nl) => {
                format!(
                    "Kolom {} is geen bekende kolom en wordt genegeerd.",
                    column_ref(*column, header)
                )
            }
            (FileWarning::UnknownColumn { column, header }, Lang::En) => {
                format!(
                    "Column {} is not a known column and is ignored.",
                    column_ref(*column, header)
                )
            }
        }
    }
}

/// An error in one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowError {
    /// A field's value breaks its rules.
    Field(FieldError),
    /// The e-mail address is on an earlier row too.
    DuplicateEmail {
        /// The address.
        email: String,
        /// The earlier row.
        first_line: u32,
    },
    /// The same person (names and birth date) is on an earlier row too.
    DuplicatePerson {
        /// The person's full name.
        name: String,
        /// The birth date.
        birth_date: Date,
        /// The earlier row.
        first_line: u32,
    },
}

impl RowError {
    /// The field it concerns; `None` for the row as a whole.
    pub fn field(&self) -> Option<Field> {
        match self {
            RowError::Field(e) => Some(e.field),
            RowError::DuplicateEmail { .. } => Some(Field::Email),
            RowError::DuplicatePerson { .. } => None,
        }
    }

    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            RowError::Field(e) => e.code(),
            RowError::DuplicateEmail { .. } => "duplicate_email",
            RowError::DuplicatePerson { .. } => "duplicate_person",
        }
    }

    /// The message in `lang` for the row `line`: "Rij 7, mobiel nummer: …".
    pub fn message(&self, lang: Lang, line: u32) -> String {
        let row = row_word(lang);
        match (self, lang) {
            (RowError::Field(e), _) => format!("{row} {line}, {}", e.message(lang)),
            (RowError::DuplicateEmail { email, first_line }, Lang::Nl) => format!(
                "Rij {line}, e-mailadres: {email} staat ook op rij {first_line}; iedere gebruiker heeft een eigen \
                 e-mailadres nodig"
            ),
            (RowError::DuplicateEmail { email, first_line }, Lang::En) => format!(
                "Row {line}, e-mail address: {email} is also on row {first_line}; every user needs their own e-mail address"
            ),
            (
                RowError::DuplicatePerson {
                    name,
                    birth_date,
                    first_line,
                },
                Lang::Nl,
            ) => format!(
                "Rij {line}: {name}, geboren {}, staat ook op rij {first_line}; verwijder een van beide rijen",
                birth_date.to_dutch()
            ),
            (
                RowError::DuplicatePerson {
                    name,
                    birth_date,
                    first_line,
                },
                Lang::En,
            ) => format!(
                "Row {line}: {name}, born {}, is also on row {first_line}; remove one of the two rows",
                birth_date.to_dutch()
            ),
        }
    }
}

fn row_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Rij",
        Lang::En => "Row",
    }
}

/// A warning in one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowWarning {
    /// About a field's accepted value.
    Field(FieldWarning),
    /// The mobile number is on another row for a different person.
    SharedMobile {
        /// The number, E.164.
        mobile: String,
        /// The other (earlier) row.
        other_line: u32,
    },
}

impl RowWarning {
    /// The field it concerns.
    pub fn field(&self) -> Option<Field> {
        match self {
            RowWarning::Field(w) => Some(w.field),
            RowWarning::SharedMobile { .. } => Some(Field::Mobile),
        }
    }

    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            RowWarning::Field(w) => w.code(),
            RowWarning::SharedMobile { .. } => "shared_mobile",
        }
    }

    /// The message in `lang` for the row `line`.
    pub fn message(&self, lang: Lang, line: u32) -> String {
        let row = row_word(lang);
        match (self, lang) {
            (RowWarning::Field(w), _) => format!("{row} {line}, {}", w.message(lang)),
            (RowWarning::SharedMobile { mobile, other_line }, _) => {
                let shown =
                    parse_mobile(mobile).map_or_else(|_| mobile.clone(), |(m, _)| m.display());
                match lang {
                    Lang::Nl => format!(
                        "Rij {line}, mobiel nummer: {shown} staat ook op rij {other_line}, bij een andere persoon; de \
                         sms-code voor het inloggen gaat naar dit nummer, dus controleer of het van deze gebruiker zelf is"
                    ),
                    Lang::En => format!(
                        "Row {line}, mobile number: {shown} is also on row {other_line}, for a different person; the \
                         login text message goes to this number, so check that it is this user's own"
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_messages_are_localised() {
        assert_eq!(thousands(Lang::Nl, 1_048_576), "1.048.576");
        assert_eq!(thousands(Lang::En, 1_048_576), "1,048,576");
        assert_eq!(thousands(Lang::En, 100), "100");
        assert_eq!(megabytes(Lang::Nl, 1_468_006), "1,4 MB");
        assert_eq!(megabytes(Lang::En, 52_428_800), "50 MB");
    }
}
