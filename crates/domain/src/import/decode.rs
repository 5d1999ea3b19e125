//! Text encodings of the files Excel and friends write: UTF-8 with or without BOM, UTF-16 with BOM
//! (Excel's "Unicode text"), and Windows-1252 (Excel's plain "CSV" on Dutch Windows).
//!
//! Windows-1252 is a hand-written table instead of `encoding_rs`, which would add about 98 KB to
//! the WASM bundle for one 32-entry table.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// The encoding a text file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// UTF-8 without byte-order mark.
    Utf8,
    /// UTF-8 with byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 little-endian (Excel's "Unicode text").
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
    /// Windows-1252 (Excel's "CSV" on Western-European Windows).
    Windows1252,
}

/// Decodes `bytes` to text, picking the encoding from a byte-order mark, a UTF-16 pattern, UTF-8
/// validity, and otherwise Windows-1252.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, TextEncoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest), TextEncoding::Utf8Bom);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (
            Cow::Owned(utf16(rest, u16::from_le_bytes)),
            TextEncoding::Utf16Le,
        );
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (
            Cow::Owned(utf16(rest, u16::from_be_bytes)),
            TextEncoding::Utf16Be,
        );
    }
    // UTF-16 without BOM: ASCII text with a zero in every other byte.
    if bytes.len() >= 4 && bytes.len().is_multiple_of(2) {
        if bytes[0] != 0 && bytes[1] == 0 && bytes[2] != 0 && bytes[3] == 0 {
            return (
                Cow::Owned(utf16(bytes, u16::from_le_bytes)),
                TextEncoding::Utf16Le,
            );
        }
        if bytes[0] == 0 && bytes[1] != 0 && bytes[2] == 0 && bytes[3] != 0 {
            return (
                Cow::Owned(utf16(bytes, u16::from_be_bytes)),
                TextEncoding::Utf16Be,
            );
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), TextEncoding::Utf8),
        Err(_) => (Cow::Owned(windows_1252(bytes)), TextEncoding::Windows1252),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Windows-1252 bytes 0x80–0x9F; the five unassigned ones map to the C1 control of the same
/// number, as Windows does.
const CP1252_80_9F: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decodes Windows-1252: ASCII and 0xA0–0xFF are Latin-1, 0x80–0x9F the table above.
pub fn windows_1252(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut rest = bytes;
    // ASCII is the same in UTF-8: each run of it is copied at once, and only the bytes between
    // the runs are mapped one by one. (Pushing every byte as a char was a fifth of a large
    // import in WebAssembly built for size, where `String::push` is a call per byte.)
    while !rest.is_empty() {
        let run = rest
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (ascii, after) = rest.split_at(run);
        out.push_str(std::str::from_utf8(ascii).expect("a run of ASCII is UTF-8"));
        let Some((&b, after)) = after.split_first() else {
            break;
        };
        out.push(match b {
            0x80..=0x9F => CP1252_80_9F[usize::from(b - 0x80)],
            _ => char::from(b),
        });
        rest = after;
    }
    out
}

/// Encodes text as Windows-1252, `?` for what it cannot hold (as Excel does); for tests and
/// for writing files Dutch Excel opens without a BOM.
pub fn encode_windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\0'..='\u{7F}' | '\u{A0}'..='\u{FF}' => c as u8,
            _ => CP1252_80_9F
                .iter()
                .position(|&t| t == c)
                .map_or(b'?', |i| 0x80 + i as u8),
        })
        .collect()
}

/// Whether decoded text is really binary data: NUL characters, or more than a few other control
/// characters (C0 except tab and line breaks, DEL, C1).
pub(crate) fn looks_binary(text: &str) -> bool {
    // The common case, ASCII text, byte by byte (the same as character by character there).
    let head = &text.as_bytes()[..text.len().min(65_536)];
    if head.is_ascii() {
        // Counted in byte-sized pieces, which vectorises: C0 controls but tab and line breaks,
        // and DEL.
        let control = |b: u8| {
            u8::from(b < 0x20) & u8::from(b != b'\t') & u8::from(b != b'\n') & u8::from(b != b'\r')
                | u8::from(b == 0x7F)
        };
        let controls: usize = head
            .chunks(255)
            .map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + control(b))))
            .sum();
        return head.contains(&0) || (controls > 2 && controls * 100 > head.len());
    }
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in text.chars().take(65_536) {
        total += 1;
        match c {
            '\0' => return true,
            '\t' | '\n' | '\r' => {}
            '\u{1}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFD}' => controls += 1,
            _ => {}
        }
    }
    controls > 2 && controls * 100 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_marks_pick_the_encoding() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFZo\xC3\xAB"),
            (Cow::Borrowed("Zoë"), TextEncoding::Utf8Bom)
        );
        assert_eq!(decode(b"\xFF\xFEZ\0o\0\xEB\0").0, "Zoë");
        assert_eq!(decode(b"\xFE\xFF\0Z\0o\0\xEB").0, "Zoë");
        assert_eq!(decode(b"Z\0o\0e\0!\0").1, TextEncoding::Utf16Le);
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        // "Zoë Bénédicte – €5" as Dutch Excel's plain CSV writes it.
        let (text, enc) = decode(b"Zo\xEB B\xE9n\xE9dicte \x96 \x805");
        assert_eq!(enc, TextEncoding::Windows1252);
        assert_eq!(text, "Zoë Bénédicte – €5");
        assert_eq!(encode_windows_1252("Zoë – €"), b"Zo\xEB \x96 \x80");
        assert_eq!(encode_windows_1252("Ł"), b"?");
    }

    #[test]
    fn every_1252_byte_round_trips() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(encode_windows_1252(&windows_1252(&all)), all);
        // Runs of ASCII between, before and after the other bytes, and none at all.
        assert_eq!(windows_1252(b"\xC9\xE9n na\xEFef \x80"), "Één naïef €");
        assert_eq!(windows_1252(b""), "");
    }

    #[test]
    fn the_ascii_fast_path_of_binary_detection_agrees() {
        // The character-by-character rule, as before the fast path.
        let by_chars = |text: &str| {
            let (mut controls, mut total) = (0usize, 0usize);
            for c in text.chars().take(65_536) {
                total += 1;
                match c {
                    '\0' => return true,
                    '\t' | '\n' | '\r' => {}
                    '\u{1}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFD}' => controls += 1,
                    _ => {}
                }
            }
            controls > 2 && controls * 100 > total
        };
        let mut x: u32 = 0x9E37_79B9;
        for len in [0usize, 1, 3, 50, 299, 300, 301, 1000, 70_000] {
            for density in [0u32, 1, 3, 50] {
                let text: String = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 17;
                        x ^= x << 5;
                        if x % 1000 < density {
                            char::from((x >> 12) as u8 % 32)
                        } else {
                            char::from(b' ' + (x >> 12) as u8 % 95)
                        }
                    })
                    .collect();
                assert_eq!(looks_binary(&text), by_chars(&text), "{len} {density}");
            }
        }
        let long = format!("{}\u{1}\u{2}\u{3}\u{4}", "a".repeat(65_534));
        assert_eq!(looks_binary(&long), by_chars(&long));
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary("PK\u{3}\u{4}\0\0"));
        assert!(!looks_binary("naam;e-mail\r\nJan;jan@x.nl\r\n"));
        assert!(!looks_binary("a\u{B}b"));
        assert!(looks_binary(&windows_1252(&[
            0x89, 0x8D, 0x01, 0x02, 0x03, 0x1A, 0x9D
        ])));
    }
}
