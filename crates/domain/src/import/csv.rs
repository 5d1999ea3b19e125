//! A CSV reader for the dialects spreadsheets write: `;`, `,` or tab between fields, `"` quoting
//! with `""` escapes, line breaks inside quoted fields, and CRLF, LF or bare CR (old Mac Excel)
//! line endings. Hand-written rather than the `csv` crate so that fields borrow from the text
//! (no copy unless a field contains `""`), bare CR is a line ending, and quoting errors can be
//! reported with their row.

use std::borrow::Cow;

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

/// Reads records one at a time, borrowing fields from the text.
pub(crate) struct Records<'a> {
    text: &'a str,
    pos: usize,
    delimiter: u8,
    row: u32,
    /// The row where a quoted field started that never closed.
    pub unterminated: Option<u32>,
}

impl<'a> Records<'a> {
    pub(crate) fn new(text: &'a str, delimiter: u8) -> Records<'a> {
        Records {
            text,
            pos: 0,
            delimiter,
            row: 0,
            unterminated: None,
        }
    }

    /// Reads the next record into `fields` and returns its 1-based row number (a spreadsheet's
    /// row: a quoted line break does not start a new row), or `None` at the end.
    pub(crate) fn next_into(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Option<u32> {
        fields.clear();
        let text = self.text;
        let bytes = text.as_bytes();
        let len = bytes.len();
        if self.pos >= len {
            return None;
        }
        self.row += 1;
        if bytes[self.pos] != b'"' && self.plain_record(fields) {
            return Some(self.row);
        }
        let d = self.delimiter;
        loop {
            let mut field: Cow<'a, str>;
            if bytes.get(self.pos) == Some(&b'"') {
                let mut seg = self.pos + 1;
                field = Cow::Borrowed("");
                loop {
                    match text[seg..].find('"').map(|i| seg + i) {
                        None => {
                            append(&mut field, &text[seg..]);
                            self.pos = len;
                            self.unterminated.get_or_insert(self.row);
                            fields.push(field);
                            return Some(self.row);
                        }
                        Some(q) if bytes.get(q + 1) == Some(&b'"') => {
                            append(&mut field, &text[seg..=q]);
                            seg = q + 2;
                        }
                        Some(q) => {
                            append(&mut field, &text[seg..q]);
                            self.pos = q + 1;
                            break;
                        }
                    }
                }
                // Text after the closing quote belongs to the field, as in Excel: "ab"c → abc.
                let start = self.pos;
                let end = scan(bytes, start, d);
                if end > start {
                    append(&mut field, &text[start..end]);
                }
                self.pos = end;
            } else {
                let start = self.pos;
                let end = scan(bytes, start, d);
                field = Cow::Borrowed(&text[start..end]);
                self.pos = end;
            }
            fields.push(field);
            match bytes.get(self.pos) {
                None => return Some(self.row),
                Some(&b) if b == d => self.pos += 1,
                Some(b'\r') => {
                    self.pos += if bytes.get(self.pos + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    return Some(self.row);
                }
                Some(_) => {
                    self.pos += 1;
                    return Some(self.row);
                }
            }
        }
    }
}

impl<'a> Records<'a> {
    /// The fast path of [`Records::next_into`] for a record without any quote: eight bytes at a
    /// time. `false` (with `fields` cleared and the position unchanged) when the record has a
    /// quote or a control character, or ends within the last eight bytes of the text: the general
    /// reader takes it from the start.
    #[inline]
    fn plain_record(&mut self, fields: &mut Vec<Cow<'a, str>>) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // The high bit of bytes that are zero / below 14 (line breaks, tabs, other controls).
        // Exact for the lowest such byte; a byte above one may be marked wrongly, so every mark
        // is checked against the byte itself.
        let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
        let below_14 = |v: u64| v.wrapping_sub(ONES * 14) & !v & HIGH;
        let text = self.text;
        let bytes = text.as_bytes();
        let d = self.delimiter;
        let (dd, qq) = (ONES * u64::from(d), ONES * u64::from(b'"'));
        let mut field_start = self.pos;
        let mut i = self.pos;
        while let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let w = u64::from_le_bytes(word);
            let mut marks = zero(w ^ dd) | below_14(w) | zero(w ^ qq);
            while marks != 0 {
                let at = i + (marks.trailing_zeros() / 8) as usize;
                marks &= marks - 1;
                match bytes[at] {
                    b if b == d => {
                        fields.push(Cow::Borrowed(&text[field_start..at]));
                        field_start = at + 1;
                    }
                    b'\n' | b'\r' => {
                        fields.push(Cow::Borrowed(&text[field_start..at]));
                        self.pos = at
                            + if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                                2
                            } else {
                                1
                            };
                        return true;
                    }
                    b'"' => {
                        fields.clear();
                        return false;
                    }
                    b if b < 14 => {
                        // A tab or another control character inside a field: rare, general.
                        fields.clear();
                        return false;
                    }
                    // A wrong mark above a real one.
                    _ => {}
                }
            }
            i += 8;
        }
        fields.clear();
        false
    }
}

/// The index of the first delimiter or line break at or after `from`.
#[inline]
fn scan(bytes: &[u8], from: usize, d: u8) -> usize {
    // Eight bytes at a time: a byte equal to `d`, `\n` or `\r` becomes zero after the XOR with
    // that byte repeated, and `has_zero` marks the lowest such byte exactly (the bits above the
    // first zero byte may be spurious; only the lowest one is used).
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let (dd, lf, cr) = (
        ONES * u64::from(d),
        ONES * u64::from(b'\n'),
        ONES * u64::from(b'\r'),
    );
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let hits = has_zero(w ^ dd) | has_zero(w ^ lf) | has_zero(w ^ cr);
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() {
        let b = bytes[i];
        if b == d || b == b'\n' || b == b'\r' {
            return i;
        }
        i += 1;
    }
    i
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

fn append<'a>(field: &mut Cow<'a, str>, part: &'a str) {
    if part.is_empty() {
        return;
    }
    match field {
        Cow::Borrowed("") => *field = Cow::Borrowed(part),
        _ => field.to_mut().push_str(part),
    }
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
    fn scanning_finds_the_first_stop_byte_at_any_offset() {
        for len in 0..40 {
            for stop in [None, Some(b';'), Some(b'\n'), Some(b'\r')] {
                for at in 0..len {
                    let mut bytes = vec![b'x'; len];
                    if let Some(s) = stop {
                        bytes[at] = s;
                        if at + 1 < len {
                            bytes[at + 1] = b';';
                        }
                    }
                    let expect = bytes
                        .iter()
                        .position(|&b| b == b';' || b == b'\n' || b == b'\r')
                        .unwrap_or(len);
                    for from in 0..=len.min(at + 1) {
                        let expect = if from > expect {
                            bytes[from..]
                                .iter()
                                .position(|&b| b == b';' || b == b'\n' || b == b'\r')
                                .map_or(len, |p| p + from)
                        } else {
                            expect
                        };
                        assert_eq!(scan(&bytes, from, b';'), expect, "{bytes:?} from {from}");
                    }
                }
            }
        }
        // Bytes just above and below the stops, and non-ASCII, are no stops.
        let bytes = "\u{0B}\u{0C}\u{0E}:<é\u{8A}\u{8D}\u{BB};".as_bytes();
        assert_eq!(scan(bytes, 0, b';'), bytes.len() - 1);
        assert_eq!(count_byte(&[b'\n'; 1000], b'\n'), 1000);
        assert_eq!(count_byte(b"a\nb\n", b'\n'), 2);
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
            let text: String = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    alphabet[x as usize % alphabet.len()]
                })
                .collect();
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
