//! Small text helpers shared by the validators and the import: trimming the way people expect
//! (also non-breaking and zero-width spaces), Unicode NFC, accent-insensitive folding, and short
//! quotations of user input inside messages.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Whitespace as a person sees it: ASCII whitespace, no-break spaces (Excel and web pages are full
/// of U+00A0), zero-width spaces and a stray byte-order mark.
pub(crate) fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{A0}'
            | '\u{2007}'
            | '\u{202F}'
            | '\u{200B}'
            | '\u{FEFF}'
    ) || (c > '\u{7F}' && c.is_whitespace())
}

/// Trims with [`is_space`].
pub(crate) fn trim(s: &str) -> &str {
    let t = s.trim_ascii();
    let slow = |b: Option<&u8>| b.is_some_and(|&b| b >= 0x80 || b == 0x0B);
    if slow(t.as_bytes().first()) || slow(t.as_bytes().last()) {
        t.trim_matches(is_space)
    } else {
        t
    }
}

/// Unicode NFC; borrows when the text is already NFC (always for ASCII).
pub(crate) fn nfc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// Trims, collapses every run of inner whitespace to one space, and applies NFC.
pub(crate) fn clean(s: &str) -> Cow<'_, str> {
    let t = trim(s);
    if t.is_ascii() {
        let mut prev_space = false;
        let mut needs = false;
        for &b in t.as_bytes() {
            let sp = b == b' ' || (0x09..=0x0D).contains(&b);
            if sp && (prev_space || b != b' ') {
                needs = true;
                break;
            }
            prev_space = sp;
        }
        if !needs {
            return Cow::Borrowed(t);
        }
    }
    let needs_collapse = {
        let mut prev_space = false;
        let mut needs = false;
        for c in t.chars() {
            let sp = is_space(c);
            if sp && (prev_space || c != ' ') {
                needs = true;
                break;
            }
            prev_space = sp;
        }
        needs
    };
    if !needs_collapse {
        return nfc(t);
    }
    let mut out = String::with_capacity(t.len());
    let mut prev_space = false;
    for c in t.chars() {
        if is_space(c) {
            if !prev_space {
                out.push(' ');
            }
            prev_space = true;
        } else {
            out.push(c);
            prev_space = false;
        }
    }
    match nfc(&out) {
        Cow::Borrowed(_) => Cow::Owned(out),
        Cow::Owned(n) => Cow::Owned(n),
    }
}

/// Calls `f` with the characters of `s`, lower-cased and without accents (é → e, ß → ss is not
/// attempted): the key for case- and accent-insensitive comparisons.
pub(crate) fn fold_chars(s: &str, mut f: impl FnMut(char)) {
    for c in s.chars() {
        if c.is_ascii() {
            f(c.to_ascii_lowercase());
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                for l in d.to_lowercase() {
                    f(l);
                }
            }
        });
    }
}

/// [`fold_chars`] collected into a string.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_chars(s, |c| out.push(c));
    out
}

/// The combining diacritical marks that NFD splits off Latin, Greek and Cyrillic letters.
pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// User input as quoted inside a message: trimmed, control characters made visible, and cut to
/// 40 characters so that a pasted paragraph doesn't drown the message.
pub(crate) fn shown(s: &str) -> String {
    const MAX: usize = 40;
    let t = trim(s);
    let mut out = String::new();
    for (n, c) in t.chars().enumerate() {
        if n == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.push('\u{FFFD}');
        } else {
            out.push(c);
        }
    }
    out
}

/// The letters of a spreadsheet column: 0 → A, 25 → Z, 26 → AA.
pub(crate) fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A list joined the way a sentence does: "a, b en c" / "a, b and c".
pub(crate) fn join_list(items: &[String], last_word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {last_word} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_trims_collapses_and_composes() {
        assert_eq!(clean("  Jan   Pieter "), "Jan Pieter");
        assert_eq!(clean("\u{A0}Jan\u{A0}\u{A0}Pieter\t"), "Jan Pieter");
        // "Zoë" typed on a Mac and pasted from a PDF: e + combining diaeresis.
        assert_eq!(clean("Zoe\u{308}"), "Zo\u{EB}");
        assert!(matches!(clean("Jan"), Cow::Borrowed(_)));
    }

    #[test]
    fn fold_ignores_case_and_accents() {
        assert_eq!(fold("Zoë Çelik-Éen"), "zoe celik-een");
        assert_eq!(fold("IJZERMAN"), "ijzerman");
    }

    #[test]
    fn columns_are_lettered_like_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn shown_cuts_long_input() {
        let long = "x".repeat(100);
        assert_eq!(shown(&long).chars().count(), 41);
        assert_eq!(shown(" a\u{7}b "), "a\u{FFFD}b");
    }
}
