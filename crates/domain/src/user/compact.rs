//! Checking a user for the import: the values of one row in one text buffer, the e-mail domain
//! remembered from row to row, and the "same person" key.

use super::*;

/// Where the seven text values of a checked user are in their text buffer: the end of each, in
/// [`Field::ALL`] order, the first starting at 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Spans {
    ends: [u32; 7],
}

impl Spans {
    /// A text field's value in `text` (the buffer the spans were made for).
    #[inline]
    pub(crate) fn get<'a>(&self, text: &'a str, field: Field) -> &'a str {
        let i = field.index().min(6);
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        text.get(start as usize..self.ends[i] as usize)
            .unwrap_or_default()
    }

    /// First names, surname prefix and last name, which are stored one after the other.
    #[inline]
    pub(crate) fn names<'a>(&self, text: &'a str) -> &'a str {
        text.get(..self.ends[Field::LastName.index()] as usize)
            .unwrap_or_default()
    }
}

/// The eight values of a checked user, the seven texts in one buffer: one allocation per row
/// instead of seven, which matters for the import's throughput.
///
/// (Sharing one buffer between many rows saves that allocation too, but glibc then returns the
/// freed buffers to the system after each import, and the next large import pays page faults for
/// all of them again: a 50 MB import was 25% slower that way.)
#[derive(Clone, Default)]
pub(crate) struct CompactValues {
    text: String,
    spans: Spans,
    employed: EmployedValue,
}

impl CompactValues {
    /// The values of a [`check_user`] that wrote to `text` at `spans`.
    pub(crate) fn new(text: String, spans: Spans, employed: EmployedValue) -> CompactValues {
        CompactValues {
            text,
            spans,
            employed,
        }
    }

    /// A field's value as text (`employed` as `J`/`N` when valid).
    #[inline]
    pub(crate) fn get(&self, field: Field) -> &str {
        if field == Field::Employed {
            return employed_text_of(&self.employed);
        }
        self.spans.get(&self.text, field)
    }

    /// The length of the seven texts together.
    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }

    pub(crate) fn employed(&self) -> &EmployedValue {
        &self.employed
    }

    pub(crate) fn to_values(&self) -> UserValues {
        UserValues {
            first_names: self.get(Field::FirstNames).to_owned(),
            infix: self.get(Field::Infix).to_owned(),
            last_name: self.get(Field::LastName).to_owned(),
            birth_date: self.get(Field::BirthDate).to_owned(),
            birth_place: self.get(Field::BirthPlace).to_owned(),
            email: self.get(Field::Email).to_owned(),
            mobile: self.get(Field::Mobile).to_owned(),
            employed: self.employed.clone(),
        }
    }

    pub(crate) fn to_user(&self) -> Option<NewUser> {
        let EmployedValue::Valid(employed) = self.employed else {
            return None;
        };
        Some(NewUser {
            first_names: self.get(Field::FirstNames).to_owned(),
            infix: self.get(Field::Infix).to_owned(),
            last_name: self.get(Field::LastName).to_owned(),
            birth_date: Date::parse_iso(self.get(Field::BirthDate)).ok()?,
            birth_place: self.get(Field::BirthPlace).to_owned(),
            email: Email::from_normalised(self.get(Field::Email).to_owned()),
            mobile: Mobile::from_normalised(self.get(Field::Mobile).to_owned()),
            employed,
        })
    }
}

/// Equal when the eight values are (wherever their text is stored).
impl PartialEq for CompactValues {
    fn eq(&self, other: &Self) -> bool {
        Field::ALL.iter().all(|&f| self.get(f) == other.get(f)) && self.employed == other.employed
    }
}

impl Eq for CompactValues {}

/// The eight values, not the buffer they are in.
impl fmt::Debug for CompactValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("CompactValues");
        for field in Field::ALL {
            if field == Field::Employed {
                d.field(field.key(), &self.employed);
            } else {
                d.field(field.key(), &self.get(field));
            }
        }
        d.finish()
    }
}

/// What [`check_user`] remembers from one user to the next: the last e-mail domain and whether it
/// looks like a typo of a big mail domain (the users of one file mostly share their domain).
#[derive(Debug, Default)]
pub(crate) struct Memo {
    domain: String,
    suggestion: Option<&'static str>,
}

impl Memo {
    /// [`crate::email::suggest_domain`], remembered for the last domain.
    fn suggest_domain(&mut self, domain: &str) -> Option<&'static str> {
        if self.domain != domain {
            self.suggestion = crate::email::suggest_domain(domain);
            self.domain.clear();
            self.domain.push_str(domain);
        }
        self.suggestion
    }
}

/// [`check_user`]'s result: the values' text went to the caller's buffer, at `spans`.
#[derive(Debug)]
pub(crate) struct CompactCheck {
    pub spans: Spans,
    pub employed: EmployedValue,
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldWarning>,
}

/// A cell's value: text, or a typed spreadsheet date or boolean.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(feature = "spreadsheet"), allow(dead_code))]
pub(crate) enum Input<'a> {
    Text(&'a str),
    Date(Date),
    Bool(bool),
}

impl Input<'_> {
    fn as_text(&self) -> Cow<'_, str> {
        match self {
            Input::Text(s) => Cow::Borrowed(s),
            Input::Date(d) => Cow::Owned(d.to_dutch()),
            Input::Bool(true) => Cow::Borrowed("WAAR"),
            Input::Bool(false) => Cow::Borrowed("ONWAAR"),
        }
    }

    fn len(&self) -> usize {
        match self {
            Input::Text(s) => s.len(),
            _ => 10,
        }
    }
}

pub(super) fn check_users_values(inputs: [Input<'_>; 8], today: Date) -> UserCheck {
    let mut text = String::new();
    let check = check_user(inputs, today, &mut text, &mut Memo::default());
    let get = |field: Field| check.spans.get(&text, field).to_owned();
    UserCheck {
        values: UserValues {
            first_names: get(Field::FirstNames),
            infix: get(Field::Infix),
            last_name: get(Field::LastName),
            birth_date: get(Field::BirthDate),
            birth_place: get(Field::BirthPlace),
            email: get(Field::Email),
            mobile: get(Field::Mobile),
            employed: check.employed,
        },
        errors: check.errors,
        warnings: check.warnings,
    }
}

/// Checks the eight inputs of one user, in [`Field::ALL`] order, and writes the seven text
/// values (normalised where valid, as entered where not) to `text`, which must be empty.
pub(crate) fn check_user(
    inputs: [Input<'_>; 8],
    today: Date,
    text: &mut String,
    memo: &mut Memo,
) -> CompactCheck {
    debug_assert!(text.is_empty());
    text.clear();
    // (The import sizes the text itself, from the same lengths.)
    if text.capacity() == 0 {
        text.reserve(inputs.iter().map(Input::len).sum::<usize>() + 8);
    }
    let mut spans = Spans::default();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let text_fields = [
        Field::FirstNames,
        Field::Infix,
        Field::LastName,
        Field::BirthDate,
        Field::BirthPlace,
        Field::Email,
        Field::Mobile,
    ];
    for (field, input) in text_fields.into_iter().zip(inputs) {
        if let Err(kind) = check_text_field(field, input, today, text, &mut warnings, memo) {
            let entered = input.as_text();
            let kind = formula_start(&entered)
                .map_or(kind, |first| FieldErrorKind::FormulaInjection { first });
            text.push_str(&entered);
            errors.push(FieldError {
                field,
                input: entered.into_owned(),
                kind,
            });
        }
        spans.ends[field.index()] = text.len() as u32;
    }
    let input = inputs[Field::Employed.index()];
    let result = match input {
        Input::Bool(b) => Ok(b),
        Input::Text(text) => parse_employed(text),
        Input::Date(_) => parse_employed(&input.as_text()),
    };
    let employed = match result {
        Ok(b) => EmployedValue::Valid(b),
        Err(kind) => {
            let text = input.as_text().into_owned();
            let kind = formula_start(&text).map_or(FieldErrorKind::Employed(kind), |first| {
                FieldErrorKind::FormulaInjection { first }
            });
            errors.push(FieldError {
                field: Field::Employed,
                input: text.clone(),
                kind,
            });
            EmployedValue::Invalid(text)
        }
    };
    if spans.get(text, Field::Infix).is_empty()
        && !errors
            .iter()
            .any(|e: &FieldError| e.field == Field::LastName)
        && let Some((infix, rest)) = infix_in_last_name(spans.get(text, Field::LastName))
    {
        warnings.push(FieldWarning {
            field: Field::LastName,
            input: inputs[Field::LastName.index()].as_text().into_owned(),
            kind: FieldWarningKind::InfixInLastName { infix, rest },
        });
    }
    CompactCheck {
        spans,
        employed,
        errors,
        warnings,
    }
}

/// Checks one text field, appends its normalised value to `out` (only when valid) and its
/// warnings to `warnings`.
fn check_text_field(
    field: Field,
    input: Input<'_>,
    today: Date,
    out: &mut String,
    warnings: &mut Vec<FieldWarning>,
    memo: &mut Memo,
) -> Result<(), FieldErrorKind> {
    let text = input.as_text();
    let warn = |warnings: &mut Vec<FieldWarning>, kind: FieldWarningKind| {
        warnings.push(FieldWarning {
            field,
            input: input.as_text().into_owned(),
            kind,
        });
    };
    match field {
        Field::FirstNames => out.push_str(&first_names(&text)?),
        Field::Infix => {
            let (value, found) = infix(&text)?;
            out.push_str(&value);
            for kind in found {
                warn(warnings, kind);
            }
        }
        Field::LastName => out.push_str(&last_name(&text)?),
        Field::BirthDate => {
            let date = match input {
                Input::Date(d) => check_birth_date(d, today)?,
                _ => parse_birth_date(&text, today)?,
            };
            date.push_iso(out);
        }
        Field::BirthPlace => out.push_str(&birth_place(&text)?),
        Field::Email => {
            let (email, typo) = crate::email::check_with(&text, |d| memo.suggest_domain(d))?;
            out.push_str(&email);
            if let Some(typo) = typo {
                warn(warnings, FieldWarningKind::EmailTypo(typo));
            }
        }
        Field::Mobile => {
            let (e164, warning) = crate::phone::check(&text)?;
            out.push_str(e164.as_str());
            if let Some(warning) = warning {
                warn(
                    warnings,
                    FieldWarningKind::Mobile {
                        warning,
                        mobile: Mobile::from_normalised(e164.as_str().to_owned()),
                    },
                );
            }
        }
        Field::Employed => {}
    }
    Ok(())
}

/// Writes the "same person" key of checked values to `out` (cleared first): the names folded
/// (lower case, without accents, hyphens and apostrophes), each followed by U+001F, then the birth
/// date. Two rows are the same person when their keys are equal.
pub(crate) fn person_key(values: &CompactValues, out: &mut Vec<u8>) {
    out.clear();
    for field in [Field::FirstNames, Field::Infix, Field::LastName] {
        push_folded_name(values.get(field), out);
    }
    out.extend_from_slice(values.get(Field::BirthDate).as_bytes());
}

/// Appends one name of the person key, folded, and U+001F.
fn push_folded_name(part: &str, out: &mut Vec<u8>) {
    if part.is_ascii() {
        out.extend(
            part.bytes()
                .filter(|&b| b != b'-' && b != b'\'')
                .map(|b| b.to_ascii_lowercase()),
        );
    } else {
        fold_chars(part, |c| {
            if c != '-' && c != '\'' {
                let mut utf8 = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            }
        });
    }
    out.push(0x1F);
}

/// The names of the person key as a byte string to hash with ASCII case folding
/// (`seen::hash_bytes(key, true)`): the three names one after the other, folded as in
/// [`person_key`] but without its separators; the common plain ASCII names (no hyphen or
/// apostrophe) are not even copied or lower-cased. Equal person keys give equal strings up to
/// ASCII case, so they hash equal; a hash match is confirmed with [`person_key`].
pub(crate) fn person_hash_names<'a>(
    text: &'a str,
    spans: &Spans,
    scratch: &'a mut Vec<u8>,
) -> &'a [u8] {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    // First names, surname prefix and last name are stored one after the other.
    let names = spans.names(text).as_bytes();
    // Eight bytes at a time: a non-ASCII byte, hyphen or apostrophe takes the exact way.
    let plain = names.chunks(8).all(|chunk| {
        let mut word = [b'a'; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        (w & HIGH) | has_zero(w ^ (ONES * 0x2D)) | has_zero(w ^ (ONES * 0x27)) == 0
    });
    if plain {
        return names;
    }
    scratch.clear();
    for field in [Field::FirstNames, Field::Infix, Field::LastName] {
        push_folded_name(spans.get(text, field), scratch);
        scratch.pop();
    }
    scratch
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Equal person keys hash equal, whichever way (fast or exact) each side was keyed.
    #[test]
    fn person_hash_follows_the_person_key() {
        let values = |first: &str, infix: &str, last: &str| {
            let mut text = String::new();
            let mut spans = Spans::default();
            for (field, value) in [
                (Field::FirstNames, first),
                (Field::Infix, infix),
                (Field::LastName, last),
                (Field::BirthDate, "1985-02-01"),
            ] {
                text.push_str(value);
                spans.ends[field.index()] = text.len() as u32;
            }
            CompactValues {
                text,
                spans,
                employed: EmployedValue::Valid(true),
            }
        };
        let hash = |v: &CompactValues| {
            let mut scratch = Vec::new();
            crate::import::hash_person_names(person_hash_names(&v.text, &v.spans, &mut scratch))
        };
        let same = [
            ("Zoë", "", "Smit-de Vries"),
            ("ZOE", "", "smit de vries"),
            ("zoe", "", "Smitde Vries"),
            ("Zoe\u{308}", "", "SMIT-DE VRIES"),
        ];
        let first = values(same[0].0, same[0].1, same[0].2);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        person_key(&first, &mut a);
        for (f, i, l) in same {
            let v = values(f, i, l);
            person_key(&v, &mut b);
            if a == b {
                assert_eq!(hash(&v), hash(&first), "{f} {i} {l}");
            }
        }
        person_key(&values("Jan", "van", "Dijk"), &mut a);
        person_key(&values("JAN", "VAN", "DIJK"), &mut b);
        assert_eq!(a, b);
        assert_eq!(
            hash(&values("Jan", "van", "Dijk")),
            hash(&values("JAN", "VAN", "DIJK"))
        );
        assert_eq!(
            hash(&values("Jan", "van", "Dijk")),
            hash(&values("Ján", "van", "D'ijk"))
        );
    }
}
