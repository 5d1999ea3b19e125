//! The name fields (first names, surname prefix, last name) and the birth place, with the ASCII
//! fast paths that the import takes for the common plain names; and the sort and search keys.

use super::*;

/// Common Dutch (and some Belgian/foreign) surname prefixes, lower case (domain brief §6.3).
pub const KNOWN_INFIXES: &[&str] = &[
    "van", "de", "van de", "van der", "van den", "van 't", "'t", "den", "der", "des", "te", "ten",
    "ter", "het", "in 't", "in de", "in den", "in het", "op de", "op den", "op ten", "op 't",
    "uit de", "uit den", "uit het", "uit 't", "van het", "van ter", "aan de", "aan den", "aan 't",
    "aan het", "bij de", "onder de", "over de", "voor de", "voor den", "d'", "da", "di", "du",
    "del", "della", "dos", "das", "do", "la", "le", "les", "l'", "von", "von der", "vom", "zu",
    "el", "al", "ver", "op", "in", "bij", "onder", "over",
];

/// Slots of [`INFIX_TABLE`]: a power of two, well over twice the number of known prefixes.
const INFIX_SLOTS: usize = 256;

const fn infix_slot(bytes: &[u8]) -> usize {
    // FNV-1a.
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as u32).wrapping_mul(0x0100_0193);
        i += 1;
    }
    h as usize & (INFIX_SLOTS - 1)
}

/// [`KNOWN_INFIXES`] as an open-addressing hash table of indices (`u8::MAX`: empty), built at
/// compile time: one or two probes instead of sixty string comparisons per row.
static INFIX_TABLE: [u8; INFIX_SLOTS] = {
    assert!(KNOWN_INFIXES.len() < INFIX_SLOTS / 2);
    let mut table = [u8::MAX; INFIX_SLOTS];
    let mut i = 0;
    while i < KNOWN_INFIXES.len() {
        let mut slot = infix_slot(KNOWN_INFIXES[i].as_bytes());
        while table[slot] != u8::MAX {
            slot = (slot + 1) & (INFIX_SLOTS - 1);
        }
        table[slot] = i as u8;
        i += 1;
    }
    table
};

/// Whether `value` (lower case) is one of [`KNOWN_INFIXES`].
pub(crate) fn is_known_infix(value: &str) -> bool {
    let mut slot = infix_slot(value.as_bytes());
    loop {
        match INFIX_TABLE[slot] {
            u8::MAX => return false,
            i if KNOWN_INFIXES[usize::from(i)] == value => return true,
            _ => slot = (slot + 1) & (INFIX_SLOTS - 1),
        }
    }
}

/// Byte classes of the ASCII fast paths for names: what the full rules accept unchanged.
const ALLOWED: u8 = 1;
const SPACE: u8 = 2;
const LETTER: u8 = 4;

/// The classes of every byte for a field whose names may contain letters, spaces and `extra`.
const fn name_bytes(extra: &[u8]) -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            table[b] = ALLOWED | LETTER;
        } else if c == b' ' {
            table[b] = ALLOWED | SPACE;
        }
        b += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] = ALLOWED;
        i += 1;
    }
    table
}

/// First names and last names: letters, spaces, hyphens and apostrophes.
pub(super) static NAME_BYTES: [u8; 256] = name_bytes(b"-'");
/// Birth places: also dots and parentheses.
pub(super) static PLACE_BYTES: [u8; 256] = name_bytes(b"-'.()");
/// Surname prefixes: no hyphen (an error) either.
static INFIX_BYTES: [u8; 256] = name_bytes(b"'");

/// The fast path of the name rules for the common case: `input` is plain ASCII that the full
/// rules would accept unchanged (already trimmed, single spaces, only bytes that `table` allows,
/// at least one letter, at most `max` bytes, and with `no_initials` no one-letter word). `false`
/// means "not sure": the caller runs the full rules.
#[inline]
pub(super) fn plain_name(input: &str, table: &[u8; 256], no_initials: bool, max: usize) -> bool {
    let b = input.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return false;
    };
    if b.len() > max || first == b' ' || last == b' ' {
        return false;
    }
    // Branch-free over the bytes: whether all are allowed, which classes were seen, and whether
    // two spaces follow each other.
    let (mut all, mut seen, mut pairs, mut prev) = (ALLOWED, 0u8, 0u8, 0u8);
    for &c in b {
        let class = table[usize::from(c)];
        all &= class;
        seen |= class;
        pairs |= class & prev;
        prev = class;
    }
    all & ALLOWED != 0
        && seen & LETTER != 0
        && pairs & SPACE == 0
        && !(no_initials
            && b.split(|&c| c == b' ' || c == b'-')
                .any(|w| w.len() == 1 && w[0].is_ascii_alphabetic()))
}

/// Replaces typographic apostrophes (’ ‘ ` ´ ʼ) by the plain one that the BRP uses.
fn plain_apostrophes(s: Cow<'_, str>) -> Cow<'_, str> {
    const CURLY: [char; 5] = ['\u{2019}', '\u{2018}', '`', '\u{B4}', '\u{2BC}'];
    if s.bytes().all(|b| b < 0x80 && b != b'`') {
        return s;
    }
    if s.contains(CURLY) {
        Cow::Owned(s.replace(CURLY, "'"))
    } else {
        s
    }
}

fn name_chars(value: &str, extra: &[char]) -> Result<(), NameError> {
    if value.is_ascii() {
        let b = value.as_bytes();
        let ok = |c: &u8| {
            c.is_ascii_alphabetic()
                || matches!(c, b' ' | b'-' | b'\'')
                || extra.contains(&char::from(*c))
        };
        if b.iter().all(ok) && b.iter().any(u8::is_ascii_alphabetic) {
            return Ok(());
        }
    }
    let mut bad = String::new();
    let mut letters = false;
    for c in value.chars() {
        if c.is_alphabetic() {
            letters = true;
        } else if !(c == ' '
            || c == '-'
            || c == '\''
            || extra.contains(&c)
            || is_combining_mark(c)
            || bad.contains(c))
            && bad.chars().count() < 5
        {
            bad.push(c);
        }
    }
    if !bad.is_empty() {
        return Err(NameError::InvalidCharacters { chars: bad });
    }
    if !letters {
        return Err(NameError::NoLetters);
    }
    Ok(())
}

pub(super) fn too_long(value: &str, max: usize) -> Result<(), NameError> {
    if value.len() <= max {
        return Ok(());
    }
    let len = value.chars().count();
    if len > max {
        Err(NameError::TooLong { max, len })
    } else {
        Ok(())
    }
}

/// Whether a word is an initial or an abbreviation: "J", "J.", "J.P.", "Th.".
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    word.contains('.') || (chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none())
}

/// The key people are sorted by in Dutch lists: last name, first names, infix, lower-cased and
/// without accents, so "Anna de Vries" sorts under V and "Émile Zola" with the Z's.
pub fn sort_name(first_names: &str, infix: &str, last_name: &str) -> String {
    crate::text::fold(&format!("{last_name} {first_names} {infix}"))
        .trim()
        .to_owned()
}

/// What the free-text filter of the lists searches: the full name and the e-mail address,
/// lower-cased and without accents.
pub fn search_text(first_names: &str, infix: &str, last_name: &str, email: &str) -> String {
    crate::text::fold(&format!("{first_names} {infix} {last_name} {email}"))
}

/// `input` as the free-text filter compares it: lower-cased, without accents, trimmed.
pub fn search_key(input: &str) -> String {
    crate::text::fold(input.trim())
}

/// All first names written out in full: letters, spaces, hyphens, apostrophes; no initials.
pub fn parse_first_names(input: &str) -> Result<String, NameError> {
    first_names(input).map(Cow::into_owned)
}

pub(super) fn first_names(input: &str) -> Result<Cow<'_, str>, NameError> {
    if plain_name(input, &NAME_BYTES, true, MAX_NAME_CHARS) {
        return Ok(Cow::Borrowed(input));
    }
    first_names_full(input)
}

/// [`first_names`] without the fast path.
pub(super) fn first_names_full(input: &str) -> Result<Cow<'_, str>, NameError> {
    let value = plain_apostrophes(clean(input));
    if value.is_empty() {
        return Err(NameError::Empty);
    }
    too_long(&value, MAX_NAME_CHARS)?;
    let initials = if value.is_ascii() {
        value
            .as_bytes()
            .split(|&b| b == b' ' || b == b'-')
            .any(|w| w.len() == 1 && w[0].is_ascii_alphabetic() || w.contains(&b'.'))
    } else {
        value.split([' ', '-']).any(is_initial)
    };
    if initials {
        return Err(NameError::Initials);
    }
    name_chars(&value, &[])?;
    Ok(value)
}

/// The last name without surname prefix: `'t Hart`, `Smit-de Vries`, `d'Ancona`, `IJzerman`.
pub fn parse_last_name(input: &str) -> Result<String, NameError> {
    last_name(input).map(Cow::into_owned)
}

pub(super) fn last_name(input: &str) -> Result<Cow<'_, str>, NameError> {
    if plain_name(input, &NAME_BYTES, false, MAX_NAME_CHARS) {
        return Ok(Cow::Borrowed(input));
    }
    last_name_full(input)
}

/// [`last_name`] without the fast path.
pub(super) fn last_name_full(input: &str) -> Result<Cow<'_, str>, NameError> {
    let value = plain_apostrophes(clean(input));
    if value.is_empty() {
        return Err(NameError::Empty);
    }
    too_long(&value, MAX_NAME_CHARS)?;
    name_chars(&value, &[])?;
    Ok(value)
}

/// The surname prefix ("van der"): optional (empty is fine), lower-cased, at most 10 characters;
/// an unusual one is a warning.
pub fn parse_infix(input: &str) -> Result<Checked<String>, NameError> {
    let (value, warnings) = infix(input)?;
    Ok(Checked {
        value: value.into_owned(),
        warnings,
    })
}

pub(super) fn infix(input: &str) -> Result<(Cow<'_, str>, Vec<FieldWarningKind>), NameError> {
    if input.is_empty() {
        return Ok((Cow::Borrowed(""), Vec::new()));
    }
    // Fast path: plain letters, single spaces and apostrophes (no hyphen: an error below).
    if plain_name(input, &INFIX_BYTES, false, MAX_INFIX_CHARS) {
        let value = if input.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(input.to_ascii_lowercase())
        } else {
            Cow::Borrowed(input)
        };
        let warnings = if is_known_infix(&value) {
            Vec::new()
        } else {
            vec![FieldWarningKind::InfixUnusual]
        };
        return Ok((value, warnings));
    }
    infix_full(input)
}

/// [`infix`] without the fast path.
pub(super) fn infix_full(input: &str) -> Result<(Cow<'_, str>, Vec<FieldWarningKind>), NameError> {
    let value = plain_apostrophes(clean(input));
    if value.is_empty() {
        return Ok((value, Vec::new()));
    }
    if value.bytes().any(|b| b == b'.' || b == b'/') {
        return Err(NameError::InfixAbbreviation);
    }
    too_long(&value, MAX_INFIX_CHARS)?;
    name_chars(&value, &[])?;
    if value.contains('-') {
        return Err(NameError::InvalidCharacters { chars: "-".into() });
    }
    let upper = if value.is_ascii() {
        value.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        value.chars().any(char::is_uppercase)
    };
    let value = if upper {
        Cow::Owned(value.to_lowercase())
    } else {
        value
    };
    let warnings = if is_known_infix(&value) {
        Vec::new()
    } else {
        vec![FieldWarningKind::InfixUnusual]
    };
    Ok((value, warnings))
}

/// When the prefix field is empty and `last_name` starts with a known prefix ("van Dijk"), the
/// suggested split ("van", "Dijk").
pub fn infix_in_last_name(last_name: &str) -> Option<(String, String)> {
    if !last_name.contains(' ') {
        return None;
    }
    let words: Vec<&str> = last_name.split(' ').collect();
    (1..=3.min(words.len().saturating_sub(1)))
        .rev()
        .find_map(|n| {
            let candidate = words[..n].join(" ").to_lowercase();
            KNOWN_INFIXES
                .contains(&candidate.as_str())
                .then(|| (candidate, words[n..].join(" ")))
        })
}

/// The place of birth: letters, spaces, hyphens, apostrophes, dots and parentheses
/// (`'s-Gravenhage`, `Bergen (NH)`, `St. Michielsgestel`).
pub fn parse_birth_place(input: &str) -> Result<String, NameError> {
    birth_place(input).map(Cow::into_owned)
}

pub(super) fn birth_place(input: &str) -> Result<Cow<'_, str>, NameError> {
    if plain_name(input, &PLACE_BYTES, false, MAX_PLACE_CHARS) {
        return Ok(Cow::Borrowed(input));
    }
    birth_place_full(input)
}

/// [`birth_place`] without the fast path.
pub(super) fn birth_place_full(input: &str) -> Result<Cow<'_, str>, NameError> {
    let value = plain_apostrophes(clean(input));
    if value.is_empty() {
        return Err(NameError::Empty);
    }
    too_long(&value, MAX_PLACE_CHARS)?;
    name_chars(&value, &['.', '(', ')'])?;
    Ok(value)
}
