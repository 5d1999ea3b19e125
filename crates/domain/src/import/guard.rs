//! Checks a workbook before calamine reads it, so that a small crafted file cannot make the
//! server allocate gigabytes (or abort on a failed allocation).
//!
//! calamine parses a whole `.ods` (every sheet) and an `.xls` in their constructors and sizes its
//! allocations by what the file declares, not by what it contains:
//! - `.ods`: `table:number-rows-repeated` / `table:number-columns-repeated` expand into a dense
//!   grid of up to 100 million cells per sheet (plus a grid of formulas and a copy of each), and
//!   `<text:s text:c="…"/>` into that many spaces, cloned into every repeated cell. A 1 MB file
//!   can ask for terabytes.
//! - `.xlsx`: `<sst uniqueCount="…">` reserves that many strings up front, every `<si>` becomes a
//!   string whatever the count said, and the XML reader walks every element however deeply
//!   nested: a 66 KB file of 9 million nested elements cost 1.3 s and 134 MB, one of 3.7 million
//!   shared strings 1.8 s and 133 MB.
//! - `.xls`: the DIMENSIONS record reserves rows × columns cells and two far-apart cells make a
//!   dense grid of up to 4 billion cells; this engine does not read `.xls` at all (see
//!   [`check`]).
//! - every zip part is inflated up to its declared size (the `zip` crate enforces that), so a
//!   small zip may unpack to gigabytes of XML.
//!
//! So, before calamine: the zip is opened with the same `zip` crate calamine uses (so the guard
//! sees exactly the parts calamine will read), their declared sizes are bounded, `.xlsx`'s
//! `uniqueCount` is read and bounded, and `.ods`'s `content.xml` is inflated (never past its
//! declared size) and scanned for the grid, the cells and the text calamine would build,
//! mirroring its reader and erring on the side of counting too much. `.xlsx`'s XML parts are
//! streamed through in 64 KB pieces (never held whole) and refused past a fixed number of
//! elements, of shared strings and of nesting levels.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::{FileError, WorkbookFormat};

/// At most this many cells in the dense grids calamine builds for an `.ods` (all sheets
/// together): 2 million cells are about 200 MB with calamine's copies; a users file has 800.
pub(crate) const MAX_GRID_CELLS: u64 = 1 << 21;
/// At most this many bytes of cell text in an `.ods`, repetitions included.
const MAX_TEXT_BYTES: u64 = 64 << 20;
/// At most this many shared strings declared by an `.xlsx`.
const MAX_SHARED_STRINGS: u64 = 1 << 22;
/// At most this many XML elements in all of an `.xlsx`'s XML parts together: a users file of
/// 100 rows has about 3,000; a workbook of 300,000 cells still fits.
pub(crate) const MAX_XML_ELEMENTS: u64 = 1_000_000;
/// At most this many shared strings (`<si>`) present in an `.xlsx`, whatever it declares.
pub(crate) const MAX_SHARED_STRING_ITEMS: u64 = 200_000;
/// Nesting deeper than this is no spreadsheet (Excel writes six or seven levels).
pub(crate) const MAX_XML_DEPTH: u64 = 64;

/// At most this many bytes unpacked, all zip parts together: 64 MiB plus 32 times the file (a
/// spreadsheet's XML packs about 5 to 15 times; a zip bomb up to 1,000 times).
fn max_unpacked(file_size: usize) -> u64 {
    (64 << 20) + 32 * file_size as u64
}

/// `Ok` when calamine may read `bytes` as `format`.
pub(crate) fn check(bytes: &[u8], format: WorkbookFormat) -> Result<(), FileError> {
    let unreadable = || FileError::WorkbookUnreadable { format };
    match format {
        // calamine's `.xls` reader sizes its grid by the file's DIMENSIONS record and cell
        // positions before anything can be checked, and checking first would take a second
        // implementation of the compound-file and BIFF formats: `.xls` is refused, with the advice
        // to save as `.xlsx` or CSV. A file that is not even a compound file is damaged.
        WorkbookFormat::Xls if compound_file_header(bytes) => {
            Err(FileError::WorkbookUnsupported { format })
        }
        WorkbookFormat::Xls => Err(unreadable()),
        WorkbookFormat::Xlsb => Err(FileError::WorkbookUnsupported { format }),
        WorkbookFormat::Xlsx | WorkbookFormat::Ods => {
            let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
            let mut unpacked = 0u64;
            // The parts to look into: `sharedStrings.xml` of an `.xlsx`, `content.xml` of an
            // `.ods` (by suffix, whatever the case: more than calamine's exact names).
            let wanted: &[u8] = match format {
                WorkbookFormat::Xlsx => b"sharedstrings.xml",
                _ => b"content.xml",
            };
            let mut parts = Vec::new();
            let mut xml_parts = Vec::new();
            for index in 0..archive.len() {
                let entry = archive.by_index_data(index).map_err(|_| unreadable())?;
                unpacked = unpacked.saturating_add(entry.size());
                let name = entry.name_raw();
                if ends_with_ignore_case(name, wanted) {
                    parts.push((index, entry.size()));
                }
                if ends_with_ignore_case(name, b".xml") || ends_with_ignore_case(name, b".rels") {
                    xml_parts.push(index);
                }
            }
            if unpacked > max_unpacked(bytes.len()) {
                return Err(unreadable());
            }
            if format == WorkbookFormat::Xlsx {
                for (index, _) in parts {
                    check_shared_strings(&mut archive, index).map_err(|_| unreadable())?;
                }
                let mut cost = XmlCost::default();
                for index in xml_parts {
                    scan_xml_part(&mut archive, index, &mut cost).map_err(|_| unreadable())?;
                }
                return Ok(());
            }
            let mut grid = Grid::default();
            for (index, size) in parts {
                let xml = read_part(&mut archive, index, size).map_err(|_| unreadable())?;
                scan_ods(&xml, &mut grid).map_err(|_| unreadable())?;
            }
            if grid.cells > MAX_GRID_CELLS
                || grid.pushed > MAX_GRID_CELLS
                || grid.text > MAX_TEXT_BYTES
            {
                return Err(FileError::WorkbookTooLarge {
                    format,
                    rows: grid.worst.0,
                    columns: grid.worst.1,
                });
            }
            Ok(())
        }
    }
}

/// A workbook's zip, read from memory.
type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

fn ends_with_ignore_case(name: &[u8], suffix: &[u8]) -> bool {
    name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

/// What an `.xlsx`'s XML parts ask of calamine's reader, counted over all of them.
#[derive(Debug, Default)]
struct XmlCost {
    elements: u64,
    shared_strings: u64,
}

/// Streams part `index` through [`next_tag`] in pieces of 64 KB, adding its elements and
/// shared strings to `cost`; malformed past [`MAX_XML_ELEMENTS`], [`MAX_SHARED_STRING_ITEMS`]
/// or [`MAX_XML_DEPTH`], or when one tag, comment or declaration runs over 1 MB.
fn scan_xml_part(
    archive: &mut Archive<'_>,
    index: usize,
    cost: &mut XmlCost,
) -> Result<(), Malformed> {
    const PIECE: usize = 64 << 10;
    const MAX_CARRIED: usize = 1 << 20;
    let mut part = archive.by_index(index).map_err(|_| Malformed)?;
    let mut buffer: Vec<u8> = Vec::with_capacity(2 * PIECE);
    let mut depth = 0u64;
    loop {
        let kept = buffer.len();
        buffer.resize(kept + PIECE, 0);
        let read = fill(&mut part, &mut buffer[kept..])?;
        buffer.truncate(kept + read);
        let last = read == 0;
        let mut pos = 0;
        loop {
            match next_tag(&buffer, pos) {
                Ok(Some(tag)) => {
                    pos = tag.stop;
                    if tag.end {
                        depth = depth.saturating_sub(1);
                        continue;
                    }
                    cost.elements += 1;
                    if local_name(tag.name) == b"si" {
                        cost.shared_strings += 1;
                    }
                    if !tag.empty {
                        depth += 1;
                    }
                    if cost.elements > MAX_XML_ELEMENTS
                        || cost.shared_strings > MAX_SHARED_STRING_ITEMS
                        || depth > MAX_XML_DEPTH
                    {
                        return Err(Malformed);
                    }
                }
                Ok(None) => {
                    pos = buffer.len();
                    break;
                }
                // Cut off by the end of this piece: read on, keeping it.
                Err(Malformed) if !last => break,
                Err(malformed) => return Err(malformed),
            }
        }
        if last {
            return Ok(());
        }
        // Keep what was not read yet: from the next `<` on (text before it is of no interest).
        let from = memchr::memchr(b'<', &buffer[pos..]).map_or(buffer.len(), |at| pos + at);
        buffer.drain(..from);
        if buffer.len() > MAX_CARRIED {
            return Err(Malformed);
        }
    }
}

/// Reads until `buffer` is full or the part ends: the bytes read.
fn fill(reader: &mut impl Read, buffer: &mut [u8]) -> Result<usize, Malformed> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Err(Malformed),
        }
    }
    Ok(filled)
}

/// The first `limit` bytes of part `index`, inflated (all of it when it is shorter). The `zip`
/// crate also stops at the part's declared size, and checks the CRC-32 of a part read whole.
fn read_part(archive: &mut Archive<'_>, index: usize, limit: u64) -> Result<Vec<u8>, Malformed> {
    let part = archive.by_index(index).map_err(|_| Malformed)?;
    let mut data = Vec::new();
    part.take(limit)
        .read_to_end(&mut data)
        .map_err(|_| Malformed)?;
    Ok(data)
}

/// Whether `bytes` starts with a valid compound-file (OLE2) header, as `.xls` files do.
fn compound_file_header(bytes: &[u8]) -> bool {
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    bytes.len() >= 512
        && bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
        && u16_at(28) == 0xFFFE
        && matches!((u16_at(26), u16_at(30)), (3, 9) | (4, 12))
        && u16_at(32) == 6
}

/// The sizes that calamine's `.ods` reader would build, summed over its sheets.
#[derive(Debug, Default)]
struct Grid {
    /// Cells of the dense grids (first to last used row, repetitions included, × first to last
    /// used column).
    cells: u64,
    /// Cells collected row by row before the grid is built (up to each row's last used cell).
    pushed: u64,
    /// Bytes of cell text and formulas, with every repetition.
    text: u64,
    /// The largest sheet's rows and columns, for the message.
    worst: (u64, u64),
}

/// One sheet's extent while it is scanned.
#[derive(Debug, Default)]
struct Sheet {
    rows: u64,
    first_used_row: Option<u64>,
    used_rows_end: u64,
    first_column: u64,
    last_column: u64,
}

impl Sheet {
    fn finish(self, grid: &mut Grid) {
        let Some(first) = self.first_used_row else {
            return;
        };
        let rows = self.used_rows_end.saturating_sub(first);
        let columns = (self.last_column + 1).saturating_sub(self.first_column);
        let cells = rows.saturating_mul(columns);
        grid.cells = grid.cells.saturating_add(cells);
        if cells >= grid.worst.0.saturating_mul(grid.worst.1) {
            grid.worst = (rows, columns);
        }
    }
}

/// A tag of an XML document.
struct Tag<'a> {
    name: &'a [u8],
    /// The text between the name and the closing `>` (or `/>`).
    attrs: &'a [u8],
    /// `</name>`.
    end: bool,
    /// `<name/>`.
    empty: bool,
    /// Offsets of the `<` and after the `>`.
    start: usize,
    stop: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Malformed;

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// The next tag at or after `pos`, skipping comments, CDATA, processing instructions and the
/// document type; `Ok(None)` at the end, an error for a tag cut off.
fn next_tag(xml: &[u8], mut pos: usize) -> Result<Option<Tag<'_>>, Malformed> {
    loop {
        let Some(lt) = xml
            .get(pos..)
            .and_then(|r| r.iter().position(|&b| b == b'<'))
        else {
            return Ok(None);
        };
        let start = pos + lt;
        let rest = &xml[start..];
        let skip_to = |close: &[u8]| find(xml, start, close).map(|p| p + close.len());
        if rest.starts_with(b"<!--") {
            pos = skip_to(b"-->").ok_or(Malformed)?;
            continue;
        }
        if rest.starts_with(b"<![CDATA[") {
            pos = skip_to(b"]]>").ok_or(Malformed)?;
            continue;
        }
        if rest.starts_with(b"<?") {
            pos = skip_to(b"?>").ok_or(Malformed)?;
            continue;
        }
        if rest.starts_with(b"<!") {
            // A document type, with an internal subset in brackets or without.
            let gt = find(xml, start, b">").ok_or(Malformed)?;
            pos = if xml[start..gt].contains(&b'[') {
                skip_to(b"]>").ok_or(Malformed)?
            } else {
                gt + 1
            };
            continue;
        }
        let end = rest.get(1) == Some(&b'/');
        let name_start = start + if end { 2 } else { 1 };
        let mut i = name_start;
        while i < xml.len() && !matches!(xml[i], b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>') {
            i += 1;
        }
        let name = &xml[name_start..i];
        let attrs_start = i;
        let mut quote = None;
        while i < xml.len() {
            match (quote, xml[i]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            i += 1;
        }
        if i >= xml.len() {
            return Err(Malformed);
        }
        let empty = i > attrs_start && xml[i - 1] == b'/';
        let attrs = &xml[attrs_start..if empty { i - 1 } else { i }];
        return Ok(Some(Tag {
            name,
            attrs,
            end,
            empty,
            start,
            stop: i + 1,
        }));
    }
}

/// The attributes of a tag: `(name, raw value)`.
fn attributes(mut attrs: &[u8]) -> impl Iterator<Item = Result<(&[u8], &[u8]), Malformed>> {
    std::iter::from_fn(move || {
        attrs = attrs.trim_ascii_start();
        if attrs.is_empty() {
            return None;
        }
        let eq = attrs.iter().position(|&b| b == b'=');
        let Some(eq) = eq else {
            attrs = &[];
            return Some(Err(Malformed));
        };
        let name = attrs[..eq].trim_ascii();
        let rest = attrs[eq + 1..].trim_ascii_start();
        let (Some(b'"' | b'\''), Some(close)) = (
            rest.first(),
            rest.get(1..)
                .and_then(|r| r.iter().position(|&b| b == rest[0])),
        ) else {
            attrs = &[];
            return Some(Err(Malformed));
        };
        let value = &rest[1..1 + close];
        attrs = &rest[2 + close..];
        Some(Ok((name, value)))
    })
}

/// A count attribute: plain digits (saturating), else malformed (calamine would fail on it, or
/// read an entity-encoded number this check does not bother to decode).
fn count(value: &[u8]) -> Result<u64, Malformed> {
    let digits = value.trim_ascii();
    let digits = digits.strip_prefix(b"+").unwrap_or(digits);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(Malformed);
    }
    Ok(digits.iter().fold(0u64, |n, &d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

fn local_name(name: &[u8]) -> &[u8] {
    name.rsplit(|&b| b == b':').next().unwrap_or(name)
}

/// The `uniqueCount` of the `<sst>` element that starts `sharedStrings.xml` must be sane.
fn check_shared_strings(archive: &mut Archive<'_>, index: usize) -> Result<(), Malformed> {
    const PREFIX: usize = 64 << 10;
    let xml = read_part(archive, index, PREFIX as u64)?;
    let mut pos = 0;
    while let Some(tag) = next_tag(&xml, pos)? {
        pos = tag.stop;
        if tag.end {
            continue;
        }
        if local_name(tag.name) == b"sst" {
            for attr in attributes(tag.attrs) {
                let (name, value) = attr?;
                if local_name(name).eq_ignore_ascii_case(b"uniqueCount")
                    && count(value).is_ok_and(|n| n > MAX_SHARED_STRINGS)
                {
                    return Err(Malformed);
                }
            }
            return Ok(());
        }
        // Anything before `<sst>` but the prolog: calamine reads on to the first `<sst>`, which
        // this check must then see too.
    }
    // No `<sst>` in the first 64 KB: calamine finds none either when that was all of it (and
    // then fails); a real file starts with it.
    if xml.len() < PREFIX {
        Ok(())
    } else {
        Err(Malformed)
    }
}

/// Scans an `.ods` `content.xml` the way calamine's reader walks it and adds what it would build
/// to `grid`. Counts generously where the two could disagree.
fn scan_ods(xml: &[u8], grid: &mut Grid) -> Result<(), Malformed> {
    const TABLE: &[u8] = b"table:table";
    const ROW: &[u8] = b"table:table-row";
    const CELLS: [&[u8]; 2] = [b"table:table-cell", b"table:covered-table-cell"];
    let mut sheet: Option<Sheet> = None;
    // Within a row: its repetitions, the next column, the first and last used columns, and the
    // bytes of text of its cells (with their column repetitions).
    let mut row: Option<(u64, u64, Option<u64>, u64, u64)> = None;
    let mut pos = 0;
    while let Some(tag) = next_tag(xml, pos)? {
        pos = tag.stop;
        let Some(s) = sheet.as_mut() else {
            // Outside a sheet calamine only looks for the next `<table:table>`.
            if !tag.end && tag.name == TABLE {
                sheet = Some(Sheet::default());
            }
            continue;
        };
        let Some((_, column, first, last, text)) = row.as_mut() else {
            if tag.end && tag.name == TABLE {
                if let Some(s) = sheet.take() {
                    s.finish(grid);
                }
            } else if !tag.end && tag.name == ROW {
                let mut repeats = 1;
                for attr in attributes(tag.attrs) {
                    let (name, value) = attr?;
                    if name == b"table:number-rows-repeated" {
                        repeats = count(value)?;
                    }
                }
                row = Some((repeats, 0, None, 0, 0));
                if tag.empty {
                    finish_row(s, row.take(), grid);
                }
            }
            continue;
        };
        if tag.end && tag.name == ROW {
            finish_row(s, row.take(), grid);
            continue;
        }
        if tag.end || !CELLS.contains(&tag.name) {
            // calamine stops with an error on anything else in a row; counting on is generous.
            continue;
        }
        let mut repeats = 1;
        let mut used = !tag.empty;
        let cell_text = tag.stop - tag.start;
        for attr in attributes(tag.attrs) {
            let (name, value) = attr?;
            if name == b"table:number-columns-repeated" {
                repeats = count(value)?;
            } else if name.starts_with(b"office:") || name == b"table:formula" {
                used = true;
            }
        }
        let mut cell_text = cell_text as u64;
        if !tag.empty {
            // The content runs at least to the first end of a cell (calamine's string reader
            // stops there; its skipping reader may go further, which only means more is counted
            // here). Spaces of `<text:s text:c="n"/>` count n times.
            let mut p = tag.stop;
            loop {
                let inner = next_tag(xml, p)?.ok_or(Malformed)?;
                p = inner.stop;
                if inner.end && CELLS.contains(&inner.name) {
                    break;
                }
                if !inner.end && inner.name == b"text:s" {
                    let mut spaces = 1;
                    for attr in attributes(inner.attrs) {
                        let (name, value) = attr?;
                        if name == b"text:c" {
                            spaces = count(value)?;
                        }
                    }
                    cell_text = cell_text.saturating_add(spaces);
                }
            }
            cell_text = cell_text.saturating_add((p - tag.stop) as u64);
            pos = p;
        }
        if used {
            first.get_or_insert(*column);
            *last = column.saturating_add(repeats.max(1) - 1);
            *text = text.saturating_add(cell_text.saturating_mul(repeats));
        }
        *column = column.saturating_add(repeats);
    }
    if let Some(mut s) = sheet.take() {
        finish_row(&mut s, row.take(), grid);
        s.finish(grid);
    }
    Ok(())
}

/// Adds a finished row to its sheet: its repetitions to the rows, its used columns to the span.
fn finish_row(sheet: &mut Sheet, row: Option<(u64, u64, Option<u64>, u64, u64)>, grid: &mut Grid) {
    let Some((repeats, _, first, last, text)) = row else {
        return;
    };
    if let Some(first) = first {
        if sheet.first_used_row.is_none() {
            sheet.first_used_row = Some(sheet.rows);
            sheet.first_column = first;
            sheet.last_column = last;
        }
        sheet.first_column = sheet.first_column.min(first);
        sheet.last_column = sheet.last_column.max(last);
        sheet.used_rows_end = sheet.rows.saturating_add(repeats);
        grid.pushed = grid.pushed.saturating_add(last.saturating_add(1));
        // The row's cells once as read, then once per repetition in the grid.
        grid.text = grid
            .text
            .saturating_add(text.saturating_mul(repeats.saturating_add(1)));
    }
    sheet.rows = sheet.rows.saturating_add(repeats);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(xml: &str) -> Grid {
        let mut grid = Grid::default();
        scan_ods(xml.as_bytes(), &mut grid).unwrap();
        grid
    }

    fn table(rows: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?><!-- <table:table> --><office:document-content><office:body>\
             <office:spreadsheet><table:table table:name=\"Blad1\">\
             <table:table-column table:number-columns-repeated=\"8\"/>{rows}</table:table>\
             </office:spreadsheet></office:body></office:document-content>"
        )
    }

    const CELL: &str =
        "<table:table-cell office:value-type=\"string\"><text:p>Jan</text:p></table:table-cell>";

    #[test]
    fn a_users_sheet_is_small() {
        let row = format!(
            "<table:table-row>{}<table:table-cell table:number-columns-repeated=\"1016\"/></table:table-row>",
            CELL.repeat(8)
        );
        let xml = table(&format!(
            "{}<table:table-row table:number-rows-repeated=\"1048475\"><table:table-cell \
             table:number-columns-repeated=\"1024\"/></table:table-row>",
            row.repeat(101)
        ));
        let g = grid(&xml);
        assert_eq!((g.cells, g.pushed, g.worst), (808, 808, (101, 8)));
        assert!(g.text < 200_000, "{}", g.text);
    }

    #[test]
    fn far_apart_cells_and_repetitions_are_counted() {
        let xml = table(&format!(
            "<table:table-row>{CELL}</table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048574\"><table:table-cell/></table:table-row>\
             <table:table-row><table:table-cell table:number-columns-repeated=\"16383\"/>{CELL}</table:table-row>"
        ));
        let g = grid(&xml);
        assert_eq!(g.worst, (1_048_576, 16_384));
        assert_eq!(g.cells, 1_048_576 * 16_384);
        let xml = table(
            "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell \
             table:number-columns-repeated=\"16384\" office:value-type=\"float\" office:value=\"1\"/>\
             </table:table-row>",
        );
        assert_eq!(grid(&xml).cells, 16_384_000_000);
        let spaces = table(
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>a<text:s \
             text:c=\"4000000000\"/></text:p></table:table-cell></table:table-row>",
        );
        assert!(grid(&spaces).text > 8_000_000_000);
    }

    #[test]
    fn rows_inside_a_cell_are_not_rows_but_a_nested_table_start_is_no_reset() {
        let xml = table(&format!(
            "<table:table-row>{CELL}</table:table-row><table:table table:name=\"x\">\
             <table:table-row table:number-rows-repeated=\"999\"><table:table-cell/></table:table-row>\
             <table:table-row><table:table-cell table:number-columns-repeated=\"99\"/>{CELL}</table:table-row>"
        ));
        assert_eq!(grid(&xml).worst, (1001, 100));
    }

    #[test]
    fn malformed_counts_and_cut_tags_are_errors() {
        let mut g = Grid::default();
        for xml in [
            table("<table:table-row table:number-rows-repeated=\"&#49;0\"></table:table-row>"),
            table("<table:table-row table:number-rows-repeated=\"-1\"></table:table-row>"),
            "<table:table><table:table-row".into(),
        ] {
            assert_eq!(scan_ods(xml.as_bytes(), &mut g), Err(Malformed), "{xml}");
        }
    }

    #[test]
    fn scanning_is_linear() {
        // Many declarations, comments and cut-off constructs: no rescanning of the rest.
        let xml = "<!a><!--b--><?c?>".repeat(200_000) + &table("");
        let start = std::time::Instant::now();
        let g = grid(&xml);
        assert_eq!(g.cells, 0);
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    /// Every part of a real workbook (written by rust_xlsxwriter, deflated) reads to its
    /// declared size, or as far as asked.
    #[test]
    fn parts_of_a_real_workbook_read_whole_or_as_a_prefix() {
        let bytes = include_bytes!("../../tests/fixtures/users.xlsx");
        let mut archive = ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        assert!(archive.len() >= 5, "{}", archive.len());
        let mut deflated = 0;
        for index in 0..archive.len() {
            let entry = archive.by_index_data(index).unwrap();
            let size = entry.size();
            deflated += usize::from(entry.compressed_size() < size);
            let data = read_part(&mut archive, index, size).unwrap();
            assert_eq!(data.len() as u64, size);
            let prefix = read_part(&mut archive, index, 10).unwrap();
            assert_eq!(prefix, data[..data.len().min(10)]);
        }
        assert!(deflated > 0);
        assert_eq!(check(bytes, WorkbookFormat::Xlsx), Ok(()));
    }

    #[test]
    fn damaged_workbooks_are_an_error_not_a_panic() {
        let bytes = include_bytes!("../../tests/fixtures/users.xlsx");
        for cut in [
            0,
            4,
            22,
            100,
            bytes.len() / 2,
            bytes.len() - 23,
            bytes.len() - 1,
        ] {
            // Cut off before its end record: no zip at all.
            assert!(check(&bytes[..cut], WorkbookFormat::Xlsx).is_err());
            assert!(check(&bytes[..cut], WorkbookFormat::Ods).is_err());
            let _ = check(&bytes[cut..], WorkbookFormat::Xlsx);
            let _ = check(&bytes[cut..], WorkbookFormat::Ods);
        }
        let mut x: u32 = 1;
        let mut damaged = bytes.to_vec();
        for _ in 0..200 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let i = x as usize % damaged.len();
            damaged[i] ^= (x >> 8) as u8;
            let _ = check(&damaged, WorkbookFormat::Xlsx);
            let _ = check(&damaged, WorkbookFormat::Ods);
        }
    }

    #[test]
    fn compound_file_headers() {
        let mut header = vec![0u8; 512];
        header[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
        header[26] = 3;
        header[28..30].copy_from_slice(&[0xFE, 0xFF]);
        header[30] = 9;
        header[32] = 6;
        assert!(compound_file_header(&header));
        assert!(!compound_file_header(&header[..511]));
        header[30] = 12;
        assert!(!compound_file_header(&header));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod property_tests {
    use proptest::prelude::*;
    use proptest::sample::select;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        /// Any XML-ish text: a result, never a panic.
        #[test]
        fn scanning_never_panics(parts in proptest::collection::vec(select(vec![
            "<table:table>", "</table:table>", "<table:table-row>", "</table:table-row>",
            "<table:table-row table:number-rows-repeated=\"99999999999999999999999\">",
            "<table:table-cell/>", "<table:table-cell office:value=\"1\"/>",
            "<table:table-cell table:number-columns-repeated=\"16384\" office:value=\"1\">",
            "</table:table-cell>", "<text:s text:c='7'/>", "<!--", "-->", "<![CDATA[", "]]>",
            "<?", "?>", "<!DOCTYPE [", "]>", "\"", "'", "=", "<", ">", "/", " ", "x", "<sst uniqueCount=\"9\">",
        ]), 0..40)) {
            let xml = parts.concat();
            let mut grid = Grid::default();
            let _ = scan_ods(xml.as_bytes(), &mut grid);
            let mut pos = 0;
            while let Ok(Some(tag)) = next_tag(xml.as_bytes(), pos) {
                prop_assert!(tag.stop > pos);
                pos = tag.stop;
                for attr in attributes(tag.attrs) {
                    let _ = attr;
                }
            }
        }
    }
}
