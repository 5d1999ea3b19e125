//! Crafted workbooks that would make calamine allocate gigabytes (or abort on a failed
//! allocation) get a file error instead, quickly and without a large allocation: the peak heap
//! use of each import is measured with a counting allocator.
#![cfg(all(feature = "spreadsheet", not(target_arch = "wasm32")))]

mod common;

use std::time::{Duration, Instant};

use common::*;
use counting_alloc::{Counting, peak_during};
use domain::import::{FileFormat, ImportOutcome, WorkbookFormat};
use domain::{Lang, Limits, import};

// Peak heap use per thread (the workspace forbids `unsafe`; the allocator is its own crate).
#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Imports `bytes` and returns the outcome, the time and the peak heap use on top of what was
/// allocated before.
fn measured(bytes: &[u8], name: &str) -> (ImportOutcome, Duration, usize) {
    let start = Instant::now();
    let (outcome, peak) = peak_during(|| import(bytes, name, Limits::DEFAULT, today()));
    (outcome, start.elapsed(), peak)
}

fn codes(outcome: &ImportOutcome) -> Vec<&'static str> {
    outcome.file_errors.iter().map(|e| e.code()).collect()
}

/// A file error, in well under a second, with less than 16 MB allocated at the peak.
fn refused(bytes: &[u8], name: &str) -> ImportOutcome {
    let (outcome, took, peak) = measured(bytes, name);
    assert!(!outcome.file_errors.is_empty(), "{name}: {outcome:?}");
    assert!(outcome.rows.is_empty());
    assert!(took < Duration::from_secs(2), "{name}: {took:?}");
    assert!(peak < 16 << 20, "{name}: {peak} bytes at the peak");
    outcome
}

// ------------------------------------------------------------------------------------------------
// Zip files written by hand: stored entries, so that the XML inside is exactly what the test says.

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

/// A zip of stored entries; `declared` overrides an entry's stated uncompressed size.
fn zip(entries: &[(&str, &[u8])], declared: Option<(&str, u32)>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let stated = match declared {
            Some((n, s)) if n == *name => s,
            _ => size,
        };
        let header = |sig: &[u8], central: bool| {
            let mut h = sig.to_vec();
            if central {
                h.extend(20u16.to_le_bytes()); // version made by
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(0u16.to_le_bytes()); // stored
            h.extend(0u32.to_le_bytes()); // time, date
            h.extend(crc.to_le_bytes());
            h.extend(size.to_le_bytes());
            h.extend(stated.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend(0u16.to_le_bytes()); // comment
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(b"PK\x03\x04", false));
        out.extend_from_slice(data);
        central.extend(header(b"PK\x01\x02", true));
    }
    let (cd_offset, cd_size) = (out.len() as u32, central.len() as u32);
    out.extend(central);
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend(cd_size.to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
const ODS_MANIFEST: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
    <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
    <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
    <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
    </manifest:manifest>";

fn ods_content(rows: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"Blad1\">{rows}</table:table>\
         </office:spreadsheet></office:body></office:document-content>"
    )
}

fn ods(rows: &str) -> Vec<u8> {
    zip(
        &[
            ("mimetype", ODS_MIME),
            ("META-INF/manifest.xml", ODS_MANIFEST),
            ("content.xml", ods_content(rows).as_bytes()),
        ],
        None,
    )
}

fn text_cell(text: &str) -> String {
    format!(
        "<table:table-cell office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>"
    )
}

fn text_row(cells: &[String]) -> String {
    let cells: String = cells.iter().map(|c| text_cell(c)).collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

/// A real users sheet, with LibreOffice's trailing empty rows and columns.
fn users_ods() -> Vec<u8> {
    let mut rows = text_row(&header());
    for n in 0..3 {
        rows.push_str(&text_row(&valid_row(n)));
    }
    rows.push_str(
        "<table:table-row table:number-rows-repeated=\"1048572\">\
         <table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>",
    );
    ods(&rows)
}

#[test]
fn a_real_ods_users_sheet_is_still_read() {
    let (outcome, _, peak) = measured(&users_ods(), "gebruikers.ods");
    assert_eq!(
        outcome.format,
        Some(FileFormat::Workbook(WorkbookFormat::Ods))
    );
    assert!(outcome.is_ok(), "{:?}", outcome.report(Lang::En));
    assert_eq!(outcome.rows.len(), 3);
    assert!(peak < 16 << 20, "{peak}");
}

#[test]
fn ods_with_two_cells_far_apart_is_refused() {
    // A1 and XFD1048576: calamine would build a grid of 17 billion cells.
    let rows = format!(
        "{}<table:table-row table:number-rows-repeated=\"1048574\"><table:table-cell/></table:table-row>\
         <table:table-row><table:table-cell table:number-columns-repeated=\"16383\"/>{}</table:table-row>",
        text_row(&["x".into()]),
        text_cell("y")
    );
    let bytes = ods(&rows);
    assert!(bytes.len() < 2_000);
    let outcome = refused(&bytes, "lijst.ods");
    assert_eq!(codes(&outcome), vec!["workbook_too_large"]);
    let message = &outcome.report(Lang::Nl).file_errors[0].message;
    assert!(
        message.starts_with("Dit .ods-bestand beschrijft 1.048.576 rijen \u{D7} 16.384 kolommen;"),
        "{message}"
    );
    assert!(
        message.contains("(.xlsx)") && message.contains("CSV UTF-8"),
        "{message}"
    );
    let message = &outcome.report(Lang::En).file_errors[0].message;
    assert!(
        message.starts_with("This .ods file declares 1,048,576 rows \u{D7} 16,384 columns"),
        "{message}"
    );
}

#[test]
fn ods_with_repeated_values_or_spaces_is_refused() {
    // One value repeated over 6,000 rows × 16,384 columns: under calamine's own cap of 100 million
    // cells, so calamine would really allocate its 5 GB.
    let repeated = ods(
        "<table:table-row table:number-rows-repeated=\"6000\"><table:table-cell \
         table:number-columns-repeated=\"16384\" office:value-type=\"float\" office:value=\"1\"/>\
         </table:table-row>",
    );
    assert_eq!(
        codes(&refused(&repeated, "lijst.ods")),
        vec!["workbook_too_large"]
    );
    // Many rows of 16,384 pushed cells each, no repetition at all.
    let wide = ods(
        &"<table:table-row><table:table-cell table:number-columns-repeated=\"16383\"/>\
         <table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>"
            .repeat(200),
    );
    assert_eq!(
        codes(&refused(&wide, "lijst.ods")),
        vec!["workbook_too_large"]
    );
    // Four billion spaces in one cell.
    let spaces = ods(
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>a<text:s \
         text:c=\"4000000000\"/></text:p></table:table-cell></table:table-row>",
    );
    assert_eq!(
        codes(&refused(&spaces, "lijst.ods")),
        vec!["workbook_too_large"]
    );
    // A second sheet counts too: calamine reads them all.
    let second = zip(
        &[
            ("mimetype", ODS_MIME),
            (
                "content.xml",
                ods_content(&format!(
                    "{}</table:table><table:table table:name=\"Blad2\">\
                     <table:table-row table:number-rows-repeated=\"3000\"><table:table-cell \
                     table:number-columns-repeated=\"1000\" office:value-type=\"float\" office:value=\"1\"/>\
                     </table:table-row>",
                    text_row(&header())
                ))
                .as_bytes(),
            ),
        ],
        None,
    );
    assert_eq!(
        codes(&refused(&second, "lijst.ods")),
        vec!["workbook_too_large"]
    );
}

#[test]
fn zips_that_unpack_to_far_more_than_they_hold_are_refused() {
    let mut content = ods_content(&text_row(&header()));
    content.push_str(&" ".repeat(1000));
    let bytes = zip(
        &[
            ("mimetype", ODS_MIME),
            ("META-INF/manifest.xml", ODS_MANIFEST),
            ("content.xml", content.as_bytes()),
        ],
        Some(("content.xml", 3_000_000_000)),
    );
    assert_eq!(
        codes(&refused(&bytes, "lijst.ods")),
        vec!["workbook_unreadable"]
    );
}

fn xlsx(shared_strings: &str) -> Vec<u8> {
    let mut sheet = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    let rows: Vec<Vec<String>> = std::iter::once(header())
        .chain((0..2).map(valid_row))
        .collect();
    let mut strings = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, value) in row.iter().enumerate() {
            let cell = format!("{}{}", char::from(b'A' + c as u8), r + 1);
            sheet.push_str(&format!(
                "<c r=\"{cell}\" t=\"s\"><v>{}</v></c>",
                strings.len()
            ));
            strings.push(value.clone());
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let items: String = strings
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    let shared = shared_strings.replace("{items}", &items);
    zip(
        &[
            (
                "[Content_Types].xml",
                b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types \
                  xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
                  <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
                  <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
                  <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
                  <Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
                  <Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>\
                  </Types>",
            ),
            (
                "_rels/.rels",
                b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships \
                  xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                  <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
                  </Relationships>",
            ),
            (
                "xl/workbook.xml",
                b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook \
                  xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
                  xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
                  <sheets><sheet name=\"Blad1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            ),
            (
                "xl/_rels/workbook.xml.rels",
                b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships \
                  xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                  <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
                  <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>\
                  </Relationships>",
            ),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
            ("xl/sharedStrings.xml", shared.as_bytes()),
        ],
        None,
    )
}

#[test]
fn xlsx_declaring_trillions_of_shared_strings_is_refused() {
    let sst = |count: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- strings -->\
             <sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             count=\"24\" uniqueCount = '{count}'>{{items}}</sst>"
        )
    };
    // The same workbook with a sane count reads: the refusal below is the count's doing.
    let (outcome, _, _) = measured(&xlsx(&sst("24")), "gebruikers.xlsx");
    assert!(outcome.is_ok(), "{:?}", outcome.report(Lang::En));
    assert_eq!(outcome.rows.len(), 2);
    // calamine reserves `uniqueCount` strings up front: 24 bytes each, an allocation that fails
    // and aborts the process.
    let outcome = refused(&xlsx(&sst("100000000000000")), "gebruikers.xlsx");
    assert_eq!(codes(&outcome), vec!["workbook_unreadable"]);
}

const SST: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst \
                   xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
                   count=\"24\" uniqueCount=\"24\">{items}</sst>";

/// A worksheet whose data is `inner`, repeated `times`.
fn sheet_of(inner: &str, times: usize) -> Vec<u8> {
    let mut sheet = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    sheet.push_str(&inner.repeat(times));
    sheet.push_str("</sheetData></worksheet>");
    sheet.into_bytes()
}

#[test]
fn xlsx_with_millions_of_nested_or_flat_elements_or_shared_strings_is_refused() {
    let base = xlsx(SST);
    // Deflated but otherwise the same, the workbook reads.
    let plain = deflated(&base, &[]);
    let (outcome, _, _) = measured(&plain, "gebruikers.xlsx");
    assert!(outcome.is_ok(), "{:?}", outcome.report(Lang::En));
    assert_eq!(outcome.rows.len(), 2);

    // 9 million nested elements, as in the attack: 63 MB of XML in a file of some 100 KB.
    let nested = nested_elements(&sheet_of("", 0), 9_000_000);
    let file = deflated(&base, &[("xl/worksheets/sheet1.xml", &nested)]);
    assert!(file.len() < 1 << 20, "{} bytes", file.len());
    let outcome = refused(&file, "gebruikers.xlsx");
    assert_eq!(codes(&outcome), vec!["workbook_unreadable"]);

    // 3 million empty cells side by side: no nesting, just too many elements.
    let flat = sheet_of("<row><c/></row>", 1_500_000);
    let outcome = refused(
        &deflated(&base, &[("xl/worksheets/sheet1.xml", &flat)]),
        "gebruikers.xlsx",
    );
    assert_eq!(codes(&outcome), vec!["workbook_unreadable"]);

    // 3.7 million shared strings while `uniqueCount` says 24.
    let shared = SST.replace("{items}", &"<si><t>a</t></si>".repeat(3_700_000));
    let outcome = refused(
        &deflated(&base, &[("xl/sharedStrings.xml", shared.as_bytes())]),
        "gebruikers.xlsx",
    );
    assert_eq!(codes(&outcome), vec!["workbook_unreadable"]);
}

#[test]
fn xls_is_refused_with_advice_to_save_as_xlsx_or_csv() {
    // A compound file's header, as Excel 97-2003 writes it, with its "Workbook" stream named.
    let mut xls = vec![0u8; 1536];
    xls[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    xls[24..34].copy_from_slice(&[0x3E, 0, 3, 0, 0xFE, 0xFF, 9, 0, 6, 0]);
    let name: Vec<u8> = "Workbook"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    xls[1024..1024 + name.len()].copy_from_slice(&name);
    let outcome = refused(&xls, "oud.xls");
    assert_eq!(codes(&outcome), vec!["workbook_unsupported"]);
    let message = &outcome.report(Lang::Nl).file_errors[0].message;
    assert!(
        message.contains(".xlsx") && message.contains("CSV UTF-8"),
        "{message}"
    );
    assert!(
        message.starts_with("Oude Excel-bestanden (.xls"),
        "{message}"
    );
}
