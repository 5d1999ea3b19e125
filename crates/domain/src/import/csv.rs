//! A CSV reader for the dialects spreadsheets write, built on `csv-core`: `;`, `,` or tab between
//! fields (or `|` after a `sep=` line), `"` quoting with `""` escapes, line breaks inside quoted
//! fields, CRLF, LF or bare CR (old Mac Excel) line endings, and text after a closing quote kept
//! in the field as Excel does (`"ab"c` → `abc`).
//!
//! csv-core parses; this module adds what the import needs on top:
//! - rows as a spreadsheet counts them: every line ending outside quotes ends a row, empty lines
//!   included (csv-core skips those; here they are rows of one empty field);
//! - fields that borrow from the text wherever they are the text's own bytes (a copy only when
//!   `""` or text after the closing quote made a field differ from its text);
//! - a quote still open at the end of the text, with its row (csv-core always finds *a* parse and
//!   reads such a field to the end, as Excel does; the import reports it);
//! - a fast path for the records spreadsheets write, whose quotes (if any) only wrap whole fields
//!   without `""` or line breaks: those are split here, without csv-core, which reads the same
//!   (debug builds assert it record by record; the random-text tests cover both ways). csv-core
//!   reads every other record, and its reader is only made when one comes.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// The delimiters we detect, in order of preference on a tie.
const CANDIDATES: [u8; 3] = [b';', b'\t', b','];

/// Splits off a leading `sep=;` line (Excel's delimiter hint); returns the delimiter and the rest.
pub(crate) fn strip_sep_line(text: &str) -> (Option<u8>, &str) {
    let line_end = text.find(['\n', '\r']).unwrap_or(text.len());
    let line = text[..line_end].trim_matches(|c| c == '"' || c == ' ');
    if !line
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("sep="))
    {
        return (None, text);
    }
    let rest_of_line = &line[4..];
    let delimiter = match rest_of_line.as_bytes() {
        [d, tail @ ..]
            if matches!(d, b';' | b',' | b'\t' | b'|')
                && tail.iter().all(|t| t == d || *t == b'"') =>
        {
            *d
        }
        _ => return (None, text),
    };
    let mut rest = &text[line_end..];
    if let Some(r) = rest.strip_prefix("\r\n") {
        rest = r;
    } else if let Some(r) = rest.strip_prefix(['\r', '\n']) {
        rest = r;
    }
    (Some(delimiter), rest)
}

/// Picks the delimiter from the first line with content: the candidate that occurs most often
/// outside quotes; `;` when none occurs.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    let mut seen_content = false;
    for &b in text.as_bytes().iter().take(64 * 1024) {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => {
                if seen_content && counts.iter().any(|&c| c > 0) {
                    break;
                }
            }
            _ if in_quotes => {}
            _ => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    counts[i] += 1;
                } else if !b.is_ascii_whitespace() {
                    seen_content = true;
                }
            }
        }
    }
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

thread_local! {
    /// Readers by delimiter, for reuse: csv-core builds a transition table for its delimiter when
    /// it makes a reader, which takes longer than reading a 100-row file.
    static READERS: RefCell<Vec<(u8, Reader)>> = const { RefCell::new(Vec::new()) };
}

/// A reader for `delimiter`, as new.
fn reader(delimiter: u8) -> Reader {
    let kept = READERS.with(|kept| {
        let mut kept = kept.borrow_mut();
        let at = kept.iter().position(|(d, _)| *d == delimiter)?;
        Some(kept.swap_remove(at).1)
    });
    // csv-core's defaults are the spreadsheets' dialect: `"` quotes doubled inside quoted fields,
    // no escape byte, no comments, and CR, LF and CRLF all ending a record.
    let mut reader = kept.unwrap_or_else(|| ReaderBuilder::new().delimiter(delimiter).build());
    // csv-core drops a UTF-8 byte-order mark at the start of its first input. The decoder has
    // already taken the file's own; a second one is text, kept in the first field as before (and
    // trimmed there like any space). An empty first read (the end of no input) passes that start.
    let _ = reader.read_record(&[], &mut [], &mut []);
    reader
}

/// Reads records one at a time, borrowing fields from the text.
pub(crate) struct Records<'a> {
    text: &'a str,
    pos: usize,
    row: u32,
    delimiter: u8,
    /// csv-core's reader, made when the first record that needs it comes (a file whose quotes
    /// only wrap whole fields never does: see [`simple_record`]).
    reader: Option<Reader>,
    /// The current record's fields as csv-core writes them (unescaped), and where each ends.
    output: Vec<u8>,
    ends: Vec<usize>,
    /// The row where a quoted field started that never closed.
    pub unterminated: Option<u32>,
}

impl<'a> Records<'a> {
    pub(crate) fn new(text: &'a str, delimiter: u8) -> Records<'a> {
        Records {
            text,
            pos: 0,
            row: 0,
            delimiter,
            reader: None,
            output: Vec::new(),
            ends: Vec::new(),
            unterminated: None,
        }
    }

    /// Reads the next record into `fields` and returns its 1-based row number (a spreadsheet's
    /// row: a quoted line break does not start a new row), or `None` at the end.
    pub(crate) fn next_into(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Option<u32> {
        fields.clear();
        let text = self.text;
        let bytes = text.as_bytes();
        // The LF of a CRLF whose CR ended the previous row.
        if self.pos > 0 && bytes[self.pos - 1] == b'\r' && bytes.get(self.pos) == Some(&b'\n') {
            self.pos += 1;
        }
        let start = self.pos;
        let first = *bytes.get(start)?;
        self.row += 1;
        if first == b'\r' || first == b'\n' {
            self.pos += 1;
            fields.push(Cow::Borrowed(""));
            return Some(self.row);
        }
        if let Some(end) = simple_record(text, start, self.delimiter, fields) {
            self.pos = end;
            #[cfg(debug_assertions)]
            self.assert_csv_core_agrees(start, fields);
            return Some(self.row);
        }
        fields.clear();
        let (len, count, open) = self.read_record(start);
        if open {
            self.unterminated.get_or_insert(self.row);
        }
        // Each field is borrowed from the text where it lies there whole (see `place`).
        let mut at = Some(start);
        let mut from = 0;
        for &to in &self.ends[..count] {
            let value = &self.output[from..to];
            from = to;
            let (place, next) = at.map_or((None, None), |at| place(bytes, at, value));
            at = next;
            let field = match place.and_then(|place| text.get(place)) {
                Some(field) => Cow::Borrowed(field),
                None => Cow::Owned(String::from_utf8_lossy(value).into_owned()),
            };
            debug_assert_eq!(field.as_bytes(), value);
            fields.push(field);
        }
        debug_assert_eq!(from, len);
        Some(self.row)
    }

    /// Checks that csv-core reads the record at `start` as [`simple_record`] did: the same
    /// fields, and the same end.
    #[cfg(debug_assertions)]
    fn assert_csv_core_agrees(&mut self, start: usize, fields: &[Cow<'a, str>]) {
        let end = self.pos;
        let (len, count, open) = self.read_record(start);
        assert!(!open, "a simple record has no open quote");
        assert_eq!(
            self.pos, end,
            "csv-core ends the record where the fast path did"
        );
        let mut from = 0;
        let by_csv_core: Vec<&[u8]> = self.ends[..count]
            .iter()
            .map(|&to| {
                let value = &self.output[from..to];
                from = to;
                value
            })
            .collect();
        let fast: Vec<&[u8]> = fields.iter().map(|f| f.as_bytes()).collect();
        assert_eq!(fast, by_csv_core, "the fast path reads as csv-core");
        assert_eq!(from, len);
    }

    /// Reads the record at `start` into `output` and `ends` and moves past it (and past the CR
    /// or LF that ends it). Returns the length of its output, its number of fields, and whether
    /// the text ended inside a quoted field.
    fn read_record(&mut self, start: usize) -> (usize, usize, bool) {
        let bytes = self.text.as_bytes();
        let mut input = &bytes[start..];
        let (mut len, mut count) = (0, 0);
        let mut past_end = false;
        let mut open = false;
        let delimiter = self.delimiter;
        let reader = self.reader.get_or_insert_with(|| reader(delimiter));
        if self.output.is_empty() {
            self.output.resize(1024, 0);
            self.ends.resize(32, 0);
        }
        loop {
            let (result, read, written, ended) =
                reader.read_record(input, &mut self.output[len..], &mut self.ends[count..]);
            input = &input[read..];
            len += written;
            count += ended;
            match result {
                ReadRecordResult::Record | ReadRecordResult::End => break,
                ReadRecordResult::OutputFull => self.output.resize(self.output.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::InputEmpty if !past_end => {
                    // The text ends inside the record. csv-core does not say whether a quote is
                    // still open there; a line break fed after the end does: outside quotes it
                    // ends the record, inside them it joins the field (and is taken off below).
                    past_end = true;
                    input = b"\n";
                }
                ReadRecordResult::InputEmpty => {
                    open = true;
                    input = &[];
                }
            }
        }
        if open {
            len -= 1;
            self.ends[count - 1] -= 1;
        }
        self.pos = bytes.len() - if past_end { 0 } else { input.len() };
        (len, count, open)
    }
}

impl Drop for Records<'_> {
    /// Keeps the reader for the next file with this delimiter.
    fn drop(&mut self) {
        let Some(mut reader) = self.reader.take() else {
            return;
        };
        reader.reset();
        let delimiter = self.delimiter;
        let _ = READERS.try_with(|kept| {
            if let Ok(mut kept) = kept.try_borrow_mut()
                && !kept.iter().any(|(d, _)| *d == delimiter)
            {
                kept.push((delimiter, reader));
            }
        });
    }
}

/// Reads the record at `start` into `fields` without csv-core when its quotes, if any, only wrap
/// whole fields that hold no quote and no line break (the records spreadsheets write), and returns
/// where the next record starts (past the CR or LF that ends this one). `None` (with `fields`
/// partly filled) for any other record: csv-core reads it. Such a record reads the same either
/// way (asserted in debug builds and by the random-text tests below): an unquoted field runs to
/// the delimiter or line break (a `"` inside it is text), a quoted one to its closing quote.
fn simple_record<'a>(
    text: &'a str,
    start: usize,
    delimiter: u8,
    fields: &mut Vec<Cow<'a, str>>,
) -> Option<usize> {
    let bytes = text.as_bytes();
    // The line's end, unless a quote comes first.
    let stop =
        memchr::memchr3(b'\r', b'\n', b'"', &bytes[start..]).map_or(bytes.len(), |i| start + i);
    if bytes.get(stop) != Some(&b'"') {
        let line_end = stop;
        split_plain(text, start..line_end, delimiter, fields);
        return Some(if line_end == bytes.len() {
            line_end
        } else {
            line_end + 1
        });
    }
    let mut at = start;
    loop {
        let (field, next) = if bytes.get(at) == Some(&b'"') {
            let inner = at + 1;
            let close = inner + memchr::memchr3(b'"', b'\r', b'\n', &bytes[inner..])?;
            if bytes[close] != b'"' {
                return None;
            }
            (inner..close, close + 1)
        } else {
            let end = memchr::memchr3(delimiter, b'\r', b'\n', &bytes[at..])
                .map_or(bytes.len(), |i| at + i);
            (at..end, end)
        };
        // Every field ends at an ASCII byte, so at a character boundary.
        fields.push(Cow::Borrowed(text.get(field)?));
        match bytes.get(next) {
            None => return Some(next),
            Some(&b) if b == delimiter => at = next + 1,
            Some(b'\r' | b'\n') => return Some(next + 1),
            // A `""` or text after the closing quote.
            Some(_) => return None,
        }
    }
}

/// Pushes the fields of `line`, a range of `text` without quotes or line breaks, split at every
/// `delimiter`: eight bytes at a time, the delimiters found as the zero bytes of the word XOR the
/// delimiter repeated.
fn split_plain<'a>(
    text: &'a str,
    line: Range<usize>,
    delimiter: u8,
    fields: &mut Vec<Cow<'a, str>>,
) {
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let bytes = text.as_bytes();
    let repeated = u64::from(delimiter) * 0x0101_0101_0101_0101;
    let mut from = line.start;
    let mut i = line.start;
    while i + 8 <= line.end {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let w = u64::from_le_bytes(word) ^ repeated;
        // The high bit of each byte that is zero in `w` (exactly: no carry crosses a byte).
        let mut zeros = !(((w & LOW) + LOW) | w | LOW);
        while zeros != 0 {
            let at = i + (zeros.trailing_zeros() / 8) as usize;
            fields.push(Cow::Borrowed(&text[from..at]));
            from = at + 1;
            zeros &= zeros - 1;
        }
        i += 8;
    }
    for at in i..line.end {
        if bytes[at] == delimiter {
            fields.push(Cow::Borrowed(&text[from..at]));
            from = at + 1;
        }
    }
    fields.push(Cow::Borrowed(&text[from..line.end]));
}

/// Where a field that starts at `at` in the text and reads as `value` lies in the text (`None`
/// when the value is not one piece of it), and where the next field starts (`None` when that is no
/// longer followed). An unquoted field is its text. A quoted one whose value has no `"` is the text
/// between its quotes, or that plus text after the closing quote (then not one piece). A value with
/// a `"` from a `""` or from text after the closing quote leaves the rest of the record copied.
fn place(bytes: &[u8], at: usize, value: &[u8]) -> (Option<Range<usize>>, Option<usize>) {
    if bytes.get(at) != Some(&b'"') {
        let end = at + value.len();
        return (Some(at..end), Some(end + 1));
    }
    if value.contains(&b'"') {
        return (None, None);
    }
    let inner = at + 1;
    let close = bytes[inner..]
        .iter()
        .position(|&b| b == b'"')
        .map_or(bytes.len(), |i| inner + i);
    let after = value.len() - (close - inner).min(value.len());
    (
        (after == 0).then_some(inner..close),
        Some(close + 1 + after + 1),
    )
}

/// The number of times `needle` occurs in `bytes` (written so that it vectorises).
pub(crate) fn count_byte(bytes: &[u8], needle: u8) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            usize::from(
                chunk
                    .iter()
                    .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == needle))),
            )
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, d: u8) -> Vec<(u32, Vec<String>)> {
        let mut records = Records::new(text, d);
        let mut fields = Vec::new();
        let mut out = Vec::new();
        while let Some(row) = records.next_into(&mut fields) {
            out.push((row, fields.iter().map(|f| f.to_string()).collect()));
        }
        out
    }

    /// `len` characters of `alphabet`, drawn by a xorshift generator whose state is `x`.
    fn random_text(x: &mut u32, alphabet: &[char], len: usize) -> String {
        (0..len)
            .map(|_| {
                *x ^= *x << 13;
                *x ^= *x >> 17;
                *x ^= *x << 5;
                alphabet[*x as usize % alphabet.len()]
            })
            .collect()
    }

    fn rows(text: &str, d: u8) -> Vec<Vec<String>> {
        read(text, d).into_iter().map(|(_, f)| f).collect()
    }

    #[test]
    fn line_endings() {
        let expect = vec![vec!["a", "b"], vec!["c", "d"]];
        for text in ["a;b\r\nc;d\r\n", "a;b\nc;d\n", "a;b\rc;d\r", "a;b\r\nc;d"] {
            assert_eq!(rows(text, b';'), expect, "{text:?}");
        }
        assert_eq!(
            rows("a;b\n\nc;d", b';'),
            vec![vec!["a", "b"], vec![""], vec!["c", "d"]]
        );
    }

    #[test]
    fn quoting() {
        assert_eq!(
            rows(
                "\"Jansen; Jan\";\"zei \"\"hoi\"\"\";\"regel 1\r\nregel 2\";x\r\nnext",
                b';'
            ),
            vec![
                vec!["Jansen; Jan", "zei \"hoi\"", "regel 1\r\nregel 2", "x"],
                vec!["next"]
            ]
        );
        let records = read("\"a\nb\";c\nd;e", b';');
        assert_eq!(records[1].0, 2, "a quoted line break stays in its row");
        assert_eq!(rows("\"ab\"c;d", b';'), vec![vec!["abc", "d"]]);
        assert_eq!(rows("a\"b;c", b';'), vec![vec!["a\"b", "c"]]);
        assert_eq!(rows("a;", b';'), vec![vec!["a", ""]]);
        assert_eq!(rows("\"\";\"\"", b';'), vec![vec!["", ""]]);
    }

    #[test]
    fn unterminated_quote_is_noted() {
        let mut records = Records::new("a;b\n\"open;c\nd;e\n", b';');
        let mut f = Vec::new();
        while records.next_into(&mut f).is_some() {}
        assert_eq!(records.unterminated, Some(2));
    }

    #[test]
    fn counting_bytes() {
        assert_eq!(count_byte(&[b'\n'; 1000], b'\n'), 1000);
        assert_eq!(count_byte(b"a\nb\n", b'\n'), 2);
        assert_eq!(count_byte(b"", b'\n'), 0);
    }

    /// Quote-free text, read with the fast path where it applies, equals a plain split.
    #[test]
    fn the_plain_record_fast_path_agrees_with_a_plain_split() {
        let read_all = |text: &str, d: u8| {
            let mut out = Vec::new();
            let mut records = Records::new(text, d);
            let mut fields = Vec::new();
            while let Some(row) = records.next_into(&mut fields) {
                out.push((
                    row,
                    fields.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
                ));
            }
            out
        };
        let by_hand = |text: &str, d: char| {
            let mut out = Vec::new();
            let mut row = 0;
            let mut rest = text;
            while !rest.is_empty() {
                row += 1;
                let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
                out.push((
                    row,
                    rest[..end].split(d).map(str::to_owned).collect::<Vec<_>>(),
                ));
                rest = &rest[end..];
                rest = rest
                    .strip_prefix("\r\n")
                    .or_else(|| rest.strip_prefix(['\r', '\n']))
                    .unwrap_or(rest);
            }
            out
        };
        let mut x: u32 = 0x1234_5678;
        let alphabet = ['a', 'b', ';', ',', '\t', '\r', '\n', 'é', ' ', '1'];
        for len in 0..300 {
            let text = random_text(&mut x, &alphabet, len);
            for d in [';', ',', '\t'] {
                assert_eq!(read_all(&text, d as u8), by_hand(&text, d), "{text:?}");
            }
        }
        // With quotes the general reader takes over, record by record.
        assert_eq!(
            rows(
                "aaaaaaaaaa;bbbbbbbbbbbb;\"c;c\"\r\ndddddddddd;eeeeeeeeeeee\r\n",
                b';'
            ),
            vec![
                vec!["aaaaaaaaaa", "bbbbbbbbbbbb", "c;c"],
                vec!["dddddddddd", "eeeeeeeeeeee"]
            ]
        );
    }

    /// The rules as a spreadsheet reads them, character by character: the reference for random
    /// texts with quotes. Returns the rows and the row of a quote left open.
    fn by_the_rules(text: &str, d: char) -> (Vec<(u32, Vec<String>)>, Option<u32>) {
        let chars: Vec<char> = text.chars().collect();
        let (mut out, mut row, mut i, mut open) = (Vec::new(), 0, 0, None);
        while i < chars.len() {
            row += 1;
            let mut fields = Vec::new();
            loop {
                let mut field = String::new();
                if chars.get(i) == Some(&'"') {
                    i += 1;
                    loop {
                        match chars.get(i) {
                            None => {
                                open.get_or_insert(row);
                                break;
                            }
                            Some('"') if chars.get(i + 1) == Some(&'"') => {
                                field.push('"');
                                i += 2;
                            }
                            Some('"') => {
                                i += 1;
                                break;
                            }
                            Some(&c) => {
                                field.push(c);
                                i += 1;
                            }
                        }
                    }
                }
                while let Some(&c) = chars.get(i).filter(|&&c| c != d && c != '\r' && c != '\n') {
                    field.push(c);
                    i += 1;
                }
                fields.push(field);
                match chars.get(i) {
                    Some(&c) if c == d => i += 1,
                    Some('\r') if chars.get(i + 1) == Some(&'\n') => {
                        i += 2;
                        break;
                    }
                    Some(_) => {
                        i += 1;
                        break;
                    }
                    None => break,
                }
            }
            out.push((row, fields));
        }
        (out, open)
    }

    /// Random texts full of quotes, delimiters and line breaks read as the rules say, with the
    /// same rows and the same open quote (and, in debug builds, every borrowed field checked
    /// against csv-core's own value).
    #[test]
    fn random_quoted_texts_read_by_the_rules() {
        let mut x: u32 = 0x2545_F491;
        let alphabet = ['a', '"', '"', ';', ',', '\r', '\n', 'é', ' '];
        for len in 0..400 {
            let text = random_text(&mut x, &alphabet, len);
            for d in [';', ','] {
                let mut records = Records::new(&text, d as u8);
                let mut fields = Vec::new();
                let mut out = Vec::new();
                while let Some(row) = records.next_into(&mut fields) {
                    out.push((row, fields.iter().map(|f| f.to_string()).collect()));
                }
                assert_eq!(
                    (out, records.unterminated),
                    by_the_rules(&text, d),
                    "{text:?}"
                );
            }
        }
    }

    /// Fields are copied only where their value is not one piece of the text.
    #[test]
    fn fields_borrow_from_the_text_where_they_can() {
        let text = "\"Jan\";Piet;\"a\"\"b\";c\r\n\"ab\"c;\"d\";e\r\n\"x\";\"y\"";
        let mut records = Records::new(text, b';');
        let mut fields = Vec::new();
        let mut kinds = Vec::new();
        while records.next_into(&mut fields).is_some() {
            kinds.push(
                fields
                    .iter()
                    .map(|f| (f.to_string(), matches!(f, Cow::Borrowed(_))))
                    .collect::<Vec<_>>(),
            );
        }
        let kind = |v: &str, borrowed| (v.to_string(), borrowed);
        assert_eq!(
            kinds,
            vec![
                vec![
                    kind("Jan", true),
                    kind("Piet", true),
                    kind("a\"b", false),
                    // After a `""` the rest of the record is copied.
                    kind("c", false)
                ],
                vec![kind("abc", false), kind("d", true), kind("e", true)],
                vec![kind("x", true), kind("y", true)],
            ]
        );
    }

    #[test]
    fn a_second_byte_order_mark_is_text() {
        assert_eq!(
            rows("\u{FEFF}\"a;b\";c", b';'),
            vec![vec!["\u{FEFF}\"a", "b\"", "c"]]
        );
    }

    /// A reader kept from a file that ended inside quotes or halfway a CRLF reads the next file
    /// as new.
    #[test]
    fn a_kept_reader_starts_afresh() {
        for first in ["a;\"open", "a;b\r", "\"x\"\"", "a;b"] {
            let _ = read(first, b';');
            assert_eq!(
                read("\u{FEFF}x;\"y\"\n\nz", b';'),
                vec![
                    (1, vec!["\u{FEFF}x".to_string(), "y".to_string()]),
                    (2, vec![String::new()]),
                    (3, vec!["z".to_string()])
                ],
                "after {first:?}"
            );
        }
    }

    #[test]
    fn long_records_and_many_fields() {
        let long = "x".repeat(5000);
        let many = vec!["v"; 300].join(";");
        let text = format!("{long};\"{long}\"\n{many}\n\"open {long}");
        let records = read(&text, b';');
        assert_eq!(records[0].1, vec![long.clone(), long.clone()]);
        assert_eq!(records[1].1.len(), 300);
        assert_eq!(records[2], (3, vec![format!("open {long}")]));
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter("voornamen;achternaam;e-mail\r\n"), b';');
        assert_eq!(sniff_delimiter("voornamen,achternaam,e-mail\n"), b',');
        assert_eq!(sniff_delimiter("voornamen\tachternaam\te-mail\n"), b'\t');
        assert_eq!(sniff_delimiter("\n\n\"a;b\",c,d\n"), b',');
        assert_eq!(sniff_delimiter("naam"), b';');
    }

    #[test]
    fn sep_line() {
        assert_eq!(strip_sep_line("sep=;\r\na;b"), (Some(b';'), "a;b"));
        assert_eq!(strip_sep_line("SEP=,\na,b"), (Some(b','), "a,b"));
        assert_eq!(strip_sep_line("\"sep=;\";;;\na"), (Some(b';'), "a"));
        assert_eq!(strip_sep_line("sep=\t\na"), (Some(b'\t'), "a"));
        assert_eq!(strip_sep_line("separator;x\na"), (None, "separator;x\na"));
    }
}
