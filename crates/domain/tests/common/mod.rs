//! Helpers shared by the import tests: files written the way Excel and friends write them.
#![allow(dead_code)]

use domain::import::{FileError, RowError, RowWarning, encode_windows_1252};
use domain::{Date, Field, ImportOutcome, Limits, import};

/// The seed's header row (template order).
pub const HEADER: [&str; 8] = [
    "volledige voornamen",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "geboorteplaats",
    "e-mailadres",
    "mobiel nummer",
    "loondienst",
];

/// "Today" in every test: the age rules are relative to it.
pub fn today() -> Date {
    Date::new(2026, 5, 1).unwrap()
}

/// How a file is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

/// The text dialect of a delimited file.
#[derive(Debug, Clone, Copy)]
pub struct Dialect {
    pub delimiter: char,
    pub encoding: Encoding,
    /// Quote every field (else only where needed).
    pub quote_all: bool,
    pub line_ending: &'static str,
    /// Start with Excel's `sep=` line.
    pub sep_line: bool,
}

impl Dialect {
    /// Dutch Excel's "CSV (gescheiden door lijstscheidingsteken)": `;`, Windows-1252, CRLF.
    pub const EXCEL_NL: Dialect = Dialect {
        delimiter: ';',
        encoding: Encoding::Windows1252,
        quote_all: false,
        line_ending: "\r\n",
        sep_line: false,
    };
}

/// Writes rows of cells as a delimited file in `dialect`.
pub fn write(rows: &[Vec<String>], dialect: Dialect) -> Vec<u8> {
    let mut text = String::new();
    if dialect.sep_line {
        text.push_str("sep=");
        text.push(dialect.delimiter);
        text.push_str(dialect.line_ending);
    }
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                text.push(dialect.delimiter);
            }
            let needs = dialect.quote_all
                || cell.contains(dialect.delimiter)
                || cell.contains(['"', '\r', '\n'])
                || cell.starts_with(' ');
            if needs {
                text.push('"');
                text.push_str(&cell.replace('"', "\"\""));
                text.push('"');
            } else {
                text.push_str(cell);
            }
        }
        text.push_str(dialect.line_ending);
    }
    encode(&text, dialect.encoding)
}

pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Encoding::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Encoding::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        Encoding::Windows1252 => encode_windows_1252(text),
    }
}

/// A row of eight values in template order.
pub fn row(values: [&str; 8]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

pub fn header() -> Vec<String> {
    row(HEADER)
}

/// A valid user, numbered to keep e-mail addresses and people distinct.
pub fn valid_row(n: usize) -> Vec<String> {
    vec![
        format!("Jan Pieter{}", letters(n)),
        "van der".into(),
        format!("Berg{}", letters(n)),
        format!("{:02}-{:02}-{}", n % 28 + 1, n % 12 + 1, 1950 + n % 50),
        "Amsterdam".into(),
        format!("jan.{n}@voorbeeld.nl"),
        format!("06{:08}", 12_000_000 + n % 80_000_000),
        if n.is_multiple_of(2) { "J" } else { "N" }.into(),
    ]
}

/// A number written as letters (names may not contain digits): 0 → "", 1 → "a", 27 → "ab".
pub fn letters(mut n: usize) -> String {
    let mut out = String::new();
    while n > 0 {
        out.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    out
}

pub fn field_index(field: Field) -> usize {
    Field::ALL.iter().position(|f| *f == field).unwrap()
}

/// Imports `bytes` named `name` with the default limits, as of [`today`].
pub fn run(bytes: &[u8], name: &str) -> ImportOutcome {
    import(bytes, name, Limits::DEFAULT, today())
}

pub fn codes(outcome: &ImportOutcome) -> Vec<&'static str> {
    outcome.file_errors.iter().map(FileError::code).collect()
}

pub fn row_codes(outcome: &ImportOutcome, line: u32) -> Vec<&'static str> {
    outcome
        .rows
        .iter()
        .find(|r| r.line == line)
        .unwrap()
        .errors
        .iter()
        .map(RowError::code)
        .collect()
}

pub fn warning_codes(outcome: &ImportOutcome, line: u32) -> Vec<&'static str> {
    outcome
        .rows
        .iter()
        .find(|r| r.line == line)
        .unwrap()
        .warnings
        .iter()
        .map(RowWarning::code)
        .collect()
}

#[cfg(all(feature = "spreadsheet", not(target_arch = "wasm32")))]
/// `stored` (a zip) deflated as Excel writes it, with the parts named in `replace` replaced: a
/// file of a few dozen KB that unpacks to tens of MB of XML.
pub fn deflated(stored: &[u8], replace: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored)).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if let Some((_, new)) = replace.iter().find(|(part, _)| *part == name) {
            data = new.to_vec();
        }
        writer.start_file(name, options).unwrap();
        writer.write_all(&data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// 9 million nested elements in a worksheet, as in the attack the workbook guard stops: 63 MB of
/// XML. `sheet` is a worksheet whose `</sheetData>` it goes before.
pub fn nested_elements(sheet: &[u8], depth: usize) -> Vec<u8> {
    let end = b"</sheetData>";
    let at = sheet
        .windows(end.len())
        .position(|w| w == end)
        .expect("the worksheet has sheetData");
    [
        &sheet[..at],
        &b"<a>".repeat(depth),
        &b"</a>".repeat(depth),
        &sheet[at..],
    ]
    .concat()
}
