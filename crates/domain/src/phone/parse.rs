//! The parser: the ASCII fast path for plain Dutch mobile numbers, the full rules for every
//! notation, and the split of an international number into country and national number.

use super::*;

/// An E.164 number on the stack.
#[derive(Clone, Copy)]
pub(crate) struct E164 {
    buf: [u8; 24],
    len: u8,
}

impl E164 {
    fn new(code: &str, nsn: &str) -> Result<E164, MobileError> {
        let mut e = E164 {
            buf: [0; 24],
            len: 0,
        };
        for part in ["+", code, nsn] {
            for &b in part.as_bytes() {
                *e.buf
                    .get_mut(usize::from(e.len))
                    .ok_or(MobileError::Unrecognised)? = b;
                e.len += 1;
            }
        }
        Ok(e)
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..usize::from(self.len)]).unwrap_or("")
    }
}

/// [`parse_mobile`] without allocating.
pub(crate) fn check(input: &str) -> Result<(E164, Option<MobileWarning>), MobileError> {
    if let Some(e164) = plain_dutch_mobile(input) {
        return Ok((e164, None));
    }
    check_full(input)
}

/// [`check`] without the fast path.
pub(crate) fn check_full(input: &str) -> Result<(E164, Option<MobileWarning>), MobileError> {
    let text = trim(input);
    if text.is_empty() {
        return Err(MobileError::Empty);
    }
    if looks_scientific(text) {
        return Err(MobileError::ScientificNotation);
    }
    let mut digits = Digits::default();
    let mut plus = false;
    let mut bad = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("(0)") {
            // "+31 (0)6 …": the trunk prefix in parentheses; meaningless after a country code.
            if !(plus || digits.starts_with("00")) {
                digits.push('0');
            }
            rest = after;
            continue;
        }
        let mut chars = rest.chars();
        let c = chars.next().unwrap_or(' ');
        rest = chars.as_str();
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() && !plus => plus = true,
            '-' | '.' | '/' | '(' | ')' | '\u{2010}'..='\u{2015}' => {}
            c if crate::text::is_space(c) => {}
            c => {
                if !bad.contains(c) && bad.chars().count() < 5 {
                    bad.push(c);
                }
            }
        }
    }
    if !bad.is_empty() {
        return Err(MobileError::InvalidCharacters { chars: bad });
    }
    if digits.is_empty() || digits.len > 20 {
        return Err(MobileError::Unrecognised);
    }
    let digits = digits.as_str();
    let international = if plus {
        Some(digits)
    } else {
        digits.strip_prefix("00")
    };
    if let Some(intl) = international {
        if let Some(nsn) = intl.strip_prefix("31") {
            // "+31 06…" happens: drop the trunk zero people keep.
            let nsn = nsn.strip_prefix('0').unwrap_or(nsn);
            return dutch(nsn).map(|m| (m, None));
        }
        return foreign(intl);
    }
    if let Some(nsn) = digits.strip_prefix('0') {
        return dutch(nsn).map(|m| (m, None));
    }
    if digits.len() == 11 && digits.starts_with("31") {
        // "31612345678": Excel turned "+31612345678" into a number.
        return dutch(&digits[2..]).map(|m| (m, None));
    }
    if digits.len() == 9 {
        // "612345678": Excel dropped the leading zero.
        return dutch(digits).map(|m| (m, Some(MobileWarning::LeadingZeroRestored)));
    }
    Err(MobileError::Unrecognised)
}

/// The fast path of [`check`] for the common case: a Dutch mobile number written nationally
/// with digits and at most single spaces or dashes between them (`0612345678`, `06 12345678`,
/// `06-12345678`). `None` lets the full rules decide.
#[inline]
fn plain_dutch_mobile(input: &str) -> Option<E164> {
    let b = input.as_bytes();
    if b.len() > 16 {
        return None;
    }
    let mut e = E164 {
        buf: [0; 24],
        len: 3,
    };
    e.buf[..3].copy_from_slice(b"+31");
    // Digits seen, the first (the trunk zero) not stored.
    let mut digits = 0usize;
    let mut prev_digit = false;
    for &c in b {
        if c.is_ascii_digit() {
            if digits > 0 {
                *e.buf.get_mut(usize::from(e.len))? = c;
                e.len += 1;
            }
            digits += 1;
            prev_digit = true;
        } else if (c == b' ' || c == b'-') && prev_digit {
            prev_digit = false;
        } else {
            return None;
        }
    }
    let ok = prev_digit
        && digits == 10
        && b[0] == b'0'
        && e.buf[3] == b'6'
        && matches!(e.buf[4], b'1'..=b'5' | b'8');
    ok.then_some(e)
}

/// The digits of a phone number, on the stack; at most 32 are kept (no number has more than 15),
/// the rest only counted.
#[derive(Default)]
pub(super) struct Digits {
    buf: [u8; 32],
    len: usize,
}

impl Digits {
    fn push(&mut self, c: char) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = c as u8;
        }
        self.len += 1;
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn starts_with(&self, prefix: &str) -> bool {
        self.as_str().starts_with(prefix)
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits are pushed.
        std::str::from_utf8(&self.buf[..self.len.min(32)]).unwrap_or("")
    }
}

/// Classifies a Dutch national significant number (without the trunk 0).
fn dutch(nsn: &str) -> Result<E164, MobileError> {
    let kind = match nsn.as_bytes() {
        [b'6', b'1'..=b'5' | b'8', ..] => {
            return if nsn.len() == 9 {
                E164::new("31", nsn)
            } else {
                Err(MobileError::Length {
                    digits: nsn.len() + 1,
                })
            };
        }
        [b'6', b'6', ..] => DutchNumberKind::Pager,
        [b'6'] => return Err(MobileError::Length { digits: 2 }),
        [b'6', ..] => DutchNumberKind::Other,
        [b'8', b'0', b'0', ..] | [b'9', b'0', ..] => DutchNumberKind::Service,
        [b'8', b'4' | b'5' | b'7', ..] | [b'9', b'1', ..] => DutchNumberKind::Internet,
        [b'8', b'8', ..] => DutchNumberKind::Company,
        [b'9', b'7', ..] => DutchNumberKind::MachineToMachine,
        [b'1'..=b'5' | b'7', ..] => DutchNumberKind::Landline,
        [] => return Err(MobileError::Unrecognised),
        _ => DutchNumberKind::Other,
    };
    Err(MobileError::NotMobile { kind })
}

pub(super) fn foreign(intl: &str) -> Result<(E164, Option<MobileWarning>), MobileError> {
    let Some((rule, nsn)) = split_calling_code(intl) else {
        return Err(MobileError::ForeignUnsupported);
    };
    // A trunk zero written after the country code ("+49 0171 …"); Italy keeps it in fixed
    // numbers, but its mobile numbers start with 3, so stripping it is harmless there too.
    let nsn = nsn.strip_prefix('0').unwrap_or(nsn);
    let country = Country(rule);
    let mobile = rule.ranges.iter().any(|r| {
        (r.min as usize..=r.max as usize).contains(&nsn.len())
            && r.prefixes.iter().any(|p| nsn.starts_with(p))
    });
    if mobile {
        Ok((
            E164::new(rule.code, nsn)?,
            Some(MobileWarning::Foreign { country }),
        ))
    } else {
        Err(MobileError::ForeignNotMobile { country })
    }
}

/// Finds the table entry whose calling code starts `intl` (calling codes are prefix-free).
pub(super) fn split_calling_code(intl: &str) -> Option<(&'static CountryRule, &str)> {
    COUNTRIES
        .iter()
        .find_map(|rule| intl.strip_prefix(rule.code).map(|nsn| (rule, nsn)))
}

/// `6,12346E+08`, `6.12E+8`, `3.16123E+10`: what a spreadsheet makes of a long number.
fn looks_scientific(text: &str) -> bool {
    let Some(pos) = text.find(['E', 'e']) else {
        return false;
    };
    let (mantissa, exp) = (&text[..pos], &text[pos + 1..]);
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    !mantissa.is_empty()
        && mantissa
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && mantissa.starts_with(|c: char| c.is_ascii_digit())
        && !exp.is_empty()
        && exp.chars().all(|c| c.is_ascii_digit())
}
