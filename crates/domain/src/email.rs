//! E-mail addresses: the user's login name and the channel of the confirmation link.
//!
//! Syntax is the WHATWG HTML "valid e-mail address" (what `<input type=email>` accepts), plus two
//! deliberate restrictions for deliverability: the domain must contain a dot (`jan@gmail` is a
//! typo, not an intranet host) and the usual lengths (local part ≤ 64, whole address ≤ 254).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Lang;
use crate::text::{shown, trim};

/// A syntactically valid e-mail address with a lower-cased domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address as a `String`.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }

    /// Wraps an address [`parse_email`] produced before (trusted).
    pub(crate) fn from_normalised(address: String) -> Email {
        Email(address)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Email {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Email {
    /// Accepts only what [`parse_email`] accepts.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Email, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        parse_email(&text)
            .map(|(e, _)| e)
            .map_err(serde::de::Error::custom)
    }
}

/// The most characters (bytes) before the `@` (RFC 5321).
pub const MAX_LOCAL_PART: usize = 64;

/// The most characters (bytes) of a whole address (RFC 5321's path limit).
pub const MAX_ADDRESS: usize = 254;

/// Why a text is not a valid e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Nothing but spaces.
    #[error("empty")]
    Empty,
    /// `Jan Jansen <jan@example.nl>`, as copied from Outlook.
    #[error("contains a name as well as the address")]
    DisplayName {
        /// The address between the angle brackets.
        address: String,
    },
    /// A space inside the address.
    #[error("contains a space")]
    Whitespace,
    /// No `@`.
    #[error("has no @")]
    MissingAt,
    /// More than one `@`: usually two addresses in one cell.
    #[error("has more than one @")]
    MultipleAt,
    /// Nothing before the `@`.
    #[error("nothing before the @")]
    EmptyLocalPart,
    /// Characters not allowed before the `@` (accents, commas, brackets …).
    #[error("characters not allowed before the @: {chars}")]
    LocalPartCharacters {
        /// The offending characters, each once.
        chars: String,
    },
    /// The part after the `@` is not a domain name.
    #[error("the part after the @ is not a valid domain name")]
    Domain,
    /// A domain without a dot, such as `gmail`.
    #[error("the domain has no extension such as .nl or .com")]
    DomainWithoutDot,
    /// More than [`MAX_LOCAL_PART`] characters before the `@`.
    #[error("more than {MAX_LOCAL_PART} characters before the @")]
    LocalPartTooLong,
    /// More than [`MAX_ADDRESS`] characters.
    #[error("longer than {MAX_ADDRESS} characters")]
    TooLong,
}

impl EmailError {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            EmailError::Empty => "required",
            EmailError::DisplayName { .. } => "email_display_name",
            EmailError::Whitespace => "email_whitespace",
            EmailError::MissingAt => "email_missing_at",
            EmailError::MultipleAt => "email_multiple_at",
            EmailError::EmptyLocalPart => "email_local_part_empty",
            EmailError::LocalPartCharacters { .. } => "email_local_part_characters",
            EmailError::Domain => "email_domain",
            EmailError::DomainWithoutDot => "email_domain_without_dot",
            EmailError::LocalPartTooLong => "email_local_part_too_long",
            EmailError::TooLong => "too_long",
        }
    }

    /// What is wrong with `input` and how to fix it, in `lang`.
    pub fn detail(&self, lang: Lang, input: &str) -> String {
        let v = shown(input);
        let nl = lang == Lang::Nl;
        match self {
            EmailError::Empty if nl => {
                "ontbreekt; vul het e-mailadres van de gebruiker in, zoals jan.jansen@voorbeeld.nl"
                    .into()
            }
            EmailError::Empty => {
                "is missing; enter the user's e-mail address, such as jan.jansen@example.nl".into()
            }
            EmailError::DisplayName { address } if nl => {
                format!(
                    "{v} bevat naast het adres ook een naam; vul alleen het adres in: {address}"
                )
            }
            EmailError::DisplayName { address } => {
                format!(
                    "{v} contains a name as well as the address; enter only the address: {address}"
                )
            }
            EmailError::Whitespace if nl => format!("{v} bevat een spatie; haal de spatie weg"),
            EmailError::Whitespace => format!("{v} contains a space; remove it"),
            EmailError::MissingAt if nl => {
                format!(
                    "{v} mist het @-teken; een e-mailadres ziet eruit als jan.jansen@voorbeeld.nl"
                )
            }
            EmailError::MissingAt => {
                format!("{v} has no @ sign; an e-mail address looks like jan.jansen@example.nl")
            }
            EmailError::MultipleAt if nl => {
                format!("{v} bevat meer dan één @; vul per gebruiker één e-mailadres in")
            }
            EmailError::MultipleAt => {
                format!("{v} contains more than one @; enter one e-mail address per user")
            }
            EmailError::EmptyLocalPart if nl => {
                format!("{v} heeft niets vóór de @; vul het volledige adres in")
            }
            EmailError::EmptyLocalPart => {
                format!("{v} has nothing before the @; enter the full address")
            }
            EmailError::LocalPartCharacters { chars } if nl => format!(
                "{v} bevat vóór de @ tekens die in een e-mailadres niet mogen ({chars}); controleer het adres"
            ),
            EmailError::LocalPartCharacters { chars } => {
                format!(
                    "{v} contains characters before the @ that an e-mail address cannot have ({chars}); check the address"
                )
            }
            EmailError::Domain if nl => format!(
                "{v}: het deel na de @ is geen geldige domeinnaam; controleer op tikfouten, spaties en punten"
            ),
            EmailError::Domain => {
                format!(
                    "{v}: the part after the @ is not a valid domain name; check for typos, spaces and dots"
                )
            }
            EmailError::DomainWithoutDot if nl => {
                format!("{v} mist de extensie van het domein, zoals .nl of .com")
            }
            EmailError::DomainWithoutDot => {
                format!("{v} lacks the domain's extension, such as .nl or .com")
            }
            EmailError::LocalPartTooLong if nl => {
                format!(
                    "{v} heeft meer dan {MAX_LOCAL_PART} tekens vóór de @; controleer het adres"
                )
            }
            EmailError::LocalPartTooLong => {
                format!(
                    "{v} has more than {MAX_LOCAL_PART} characters before the @; check the address"
                )
            }
            EmailError::TooLong if nl => {
                format!("{v} is langer dan {MAX_ADDRESS} tekens; controleer het adres")
            }
            EmailError::TooLong => {
                format!("{v} is longer than {MAX_ADDRESS} characters; check the address")
            }
        }
    }
}

/// An accepted address whose domain looks like a typo of a big mail provider's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailTypo {
    /// The address with the domain we think was meant.
    pub suggestion: String,
}

impl EmailTypo {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        "email_domain_typo"
    }

    /// The warning for `input` in `lang`.
    pub fn detail(&self, lang: Lang, input: &str) -> String {
        let v = shown(input);
        match lang {
            Lang::Nl => format!(
                "{v}: bedoelt u {}? Controleer het domein na de @",
                self.suggestion
            ),
            Lang::En => format!(
                "{v}: did you mean {}? Check the domain after the @",
                self.suggestion
            ),
        }
    }
}

/// Parses an e-mail address: trims, drops a `mailto:` prefix, checks the WHATWG syntax and
/// lower-cases the domain. A likely typo of a big mail domain (gmial.com) comes back as a warning.
pub fn parse_email(input: &str) -> Result<(Email, Option<EmailTypo>), EmailError> {
    check_with(input, suggest_domain).map(|(address, typo)| (Email(address.into_owned()), typo))
}

/// [`parse_email`] without allocating when the address is already normalised, with `suggest`
/// for [`suggest_domain`] (which may remember its last answer: the addresses of one file mostly
/// share their domain).
pub(crate) fn check_with(
    input: &str,
    mut suggest: impl FnMut(&str) -> Option<&'static str>,
) -> Result<(std::borrow::Cow<'_, str>, Option<EmailTypo>), EmailError> {
    let mut text = trim(input);
    if text.is_empty() {
        return Err(EmailError::Empty);
    }
    if let Some((address, local)) = plain_address(text) {
        let typo = suggest(&address[local + 1..]).map(|d| EmailTypo {
            suggestion: format!("{}@{d}", &text[..local]),
        });
        return Ok((address, typo));
    }
    if let Some(rest) = text
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("mailto:"))
        .map(|_| &text[7..])
    {
        text = trim(rest);
    }
    if let (Some(open), Some(close)) = (text.find('<'), text.rfind('>'))
        && open < close
    {
        return Err(EmailError::DisplayName {
            address: trim(&text[open + 1..close]).to_string(),
        });
    }
    let has_space = if text.is_ascii() {
        text.bytes().any(|b| b.is_ascii_whitespace() || b == 0x0B)
    } else {
        text.chars().any(crate::text::is_space)
    };
    if has_space {
        return Err(EmailError::Whitespace);
    }
    let mut parts = text.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(if text.contains('@') {
            EmailError::MultipleAt
        } else {
            EmailError::MissingAt
        });
    };
    if local.is_empty() {
        return Err(EmailError::EmptyLocalPart);
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c);
    if !local.bytes().all(|b| allowed(char::from(b))) {
        let mut bad = String::new();
        for c in local.chars() {
            if !allowed(c) && !bad.contains(c) && bad.chars().count() < 5 {
                bad.push(c);
            }
        }
        return Err(EmailError::LocalPartCharacters { chars: bad });
    }
    let valid_label = |label: &str| {
        let b = label.as_bytes();
        !b.is_empty()
            && b.len() <= 63
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
            && b[0] != b'-'
            && b[b.len() - 1] != b'-'
    };
    if !domain.split('.').all(valid_label) {
        return Err(EmailError::Domain);
    }
    if !domain.contains('.') {
        return Err(EmailError::DomainWithoutDot);
    }
    if local.len() > MAX_LOCAL_PART {
        return Err(EmailError::LocalPartTooLong);
    }
    if text.len() > MAX_ADDRESS {
        return Err(EmailError::TooLong);
    }
    let address = if domain.bytes().any(|b| b.is_ascii_uppercase()) {
        let mut address = String::with_capacity(text.len());
        address.push_str(local);
        address.push('@');
        address.extend(domain.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        std::borrow::Cow::Owned(address)
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let typo = suggest(&address[local.len() + 1..]).map(|d| EmailTypo {
        suggestion: format!("{local}@{d}"),
    });
    Ok((address, typo))
}

/// Bytes allowed before the `@` (WHATWG).
const LOCAL_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'.' | b'!'
                    | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'/'
                    | b'='
                    | b'?'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'{'
                    | b'|'
                    | b'}'
                    | b'~'
                    | b'-'
            );
        b += 1;
    }
    table
};

/// The fast path for the common case, one pass over the bytes: a plain, valid ASCII address
/// (normalised) and the position of its `@`, or `None` to let the precise checks find what is
/// wrong.
fn plain_address(text: &str) -> Option<(std::borrow::Cow<'_, str>, usize)> {
    let b = text.as_bytes();
    let at = b.iter().position(|&c| !LOCAL_BYTES[usize::from(c)])?;
    if b[at] != b'@' || at == 0 || at > MAX_LOCAL_PART || b.len() > MAX_ADDRESS {
        return None;
    }
    let (mut label, mut dots, mut upper, mut prev) = (0usize, 0usize, false, b'.');
    for &c in &b[at + 1..] {
        match c {
            b'a'..=b'z' | b'0'..=b'9' => label += 1,
            b'A'..=b'Z' => {
                label += 1;
                upper = true;
            }
            b'-' if prev != b'.' => label += 1,
            b'.' if prev != b'-' && label > 0 && label <= 63 => {
                label = 0;
                dots += 1;
            }
            _ => return None,
        }
        prev = c;
    }
    if label == 0 || label > 63 || prev == b'-' || dots == 0 {
        return None;
    }
    if !upper {
        return Some((std::borrow::Cow::Borrowed(text), at));
    }
    let mut address = String::with_capacity(b.len());
    address.push_str(&text[..=at]);
    address.extend(
        b[at + 1..]
            .iter()
            .map(|&c| char::from(c.to_ascii_lowercase())),
    );
    Some((std::borrow::Cow::Owned(address), at))
}

/// Mail domains big enough that a near miss is more likely a typo than a real domain.
const BIG_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.nl",
    "outlook.com",
    "outlook.nl",
    "live.com",
    "live.nl",
    "msn.com",
    "icloud.com",
    "yahoo.com",
    "yahoo.nl",
    "ziggo.nl",
    "kpnmail.nl",
    "kpnplanet.nl",
    "planet.nl",
    "home.nl",
    "xs4all.nl",
    "casema.nl",
    "chello.nl",
    "upcmail.nl",
    "hetnet.nl",
    "tele2.nl",
    "online.nl",
    "quicknet.nl",
    "telfort.nl",
    "zeelandnet.nl",
    "gmx.com",
    "gmx.net",
    "protonmail.com",
    "proton.me",
    "aol.com",
    "telenet.be",
    "skynet.be",
    "hotmail.be",
    "outlook.be",
];

/// Exact look-alikes that an edit distance of one does not catch.
const KNOWN_TYPOS: &[(&str, &str)] = &[
    ("gmail.nl", "gmail.com"),
    ("gmail.co", "gmail.com"),
    ("gmail.con", "gmail.com"),
];

/// The big mail domain that `domain` (lower case) is probably a typo of, if any.
pub fn suggest_domain(domain: &str) -> Option<&'static str> {
    if let Some((_, d)) = KNOWN_TYPOS.iter().find(|(typo, _)| *typo == domain) {
        return Some(d);
    }
    let d = domain.as_bytes();
    if d.len() < 2 {
        return None;
    }
    // Within one edit, the first two bytes survive in some order: a cheap filter before the edit
    // distance, evaluated for all big domains at once with the bit sets below. An exact match (a
    // big domain itself) is no typo, and no two big domains are one edit apart.
    let mut candidates = (BIG_BY_BYTE[usize::from(d[0])] | BIG_BY_BYTE[usize::from(d[1])])
        & BIG_BY_LEN.get(d.len()).copied().unwrap_or(0);
    while candidates != 0 {
        let big = BIG_DOMAINS[candidates.trailing_zeros() as usize];
        candidates &= candidates - 1;
        if big != domain && within_one_edit(domain, big) {
            return Some(big);
        }
    }
    None
}

/// For each byte, the big domains (bit i: `BIG_DOMAINS[i]`) whose first or second byte it is.
static BIG_BY_BYTE: [u64; 256] = {
    assert!(BIG_DOMAINS.len() <= 64);
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < BIG_DOMAINS.len() {
        let b = BIG_DOMAINS[i].as_bytes();
        table[b[0] as usize] |= 1 << i;
        table[b[1] as usize] |= 1 << i;
        i += 1;
    }
    table
};

/// For each length, the big domains of at least 8 bytes within one byte of it.
static BIG_BY_LEN: [u64; 64] = {
    let mut table = [0u64; 64];
    let mut i = 0;
    while i < BIG_DOMAINS.len() {
        let len = BIG_DOMAINS[i].len();
        assert!(len < 63);
        if len >= 8 {
            table[len - 1] |= 1 << i;
            table[len] |= 1 << i;
            table[len + 1] |= 1 << i;
        }
        i += 1;
    }
    table
};

/// Whether `a` and `b` differ by at most one insertion, deletion, substitution or swap of two
/// neighbouring characters (optimal string alignment distance ≤ 1). ASCII only.
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match (a.len(), b.len()) {
        (0, 0) => true,
        (x, y) if x == y => {
            a[1..] == b[1..] || (x >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        (x, y) if x > y => a[1..] == *b,
        _ => *a == b[1..],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_suggestions_agree_with_the_plain_filter() {
        // The filter as a loop over the big domains, before the bit sets.
        let plain = |domain: &str| -> Option<&'static str> {
            if let Some((_, d)) = KNOWN_TYPOS.iter().find(|(typo, _)| *typo == domain) {
                return Some(d);
            }
            let d = domain.as_bytes();
            if d.len() < 2 {
                return None;
            }
            BIG_DOMAINS.iter().copied().find(|big| {
                let b = big.as_bytes();
                b.len() >= 8
                    && d.len().abs_diff(b.len()) <= 1
                    && (d[0] == b[0] || d[1] == b[1] || d[0] == b[1] || d[1] == b[0])
                    && d != b
                    && within_one_edit(domain, big)
            })
        };
        let mut domains: Vec<String> = vec!["".into(), "a".into(), "voorbeeld.nl".into()];
        for big in BIG_DOMAINS {
            let b = big.as_bytes();
            for i in 0..=b.len() {
                for c in [b'a', b'o', b'.', b'm', b'x'] {
                    let mut ins = b.to_vec();
                    ins.insert(i, c);
                    domains.push(String::from_utf8(ins).unwrap());
                    if i < b.len() {
                        let mut sub = b.to_vec();
                        sub[i] = c;
                        domains.push(String::from_utf8(sub).unwrap());
                        let mut del = b.to_vec();
                        del.remove(i);
                        domains.push(String::from_utf8(del).unwrap());
                    }
                    if i + 1 < b.len() {
                        let mut swap = b.to_vec();
                        swap.swap(i, i + 1);
                        domains.push(String::from_utf8(swap).unwrap());
                    }
                }
            }
        }
        for domain in &domains {
            assert_eq!(suggest_domain(domain), plain(domain), "{domain}");
        }
        assert_eq!(suggest_domain("gmial.com"), Some("gmail.com"));
    }

    fn ok(input: &str) -> String {
        parse_email(input)
            .unwrap_or_else(|e| panic!("{input}: {e}"))
            .0
            .0
    }

    fn err(input: &str) -> EmailError {
        parse_email(input).expect_err(input)
    }

    #[test]
    fn valid_addresses_are_normalised() {
        assert_eq!(ok(" Jan.Jansen@Voorbeeld.NL "), "Jan.Jansen@voorbeeld.nl");
        assert_eq!(ok("mailto:info@gemeente.nl"), "info@gemeente.nl");
        assert_eq!(err("NZ@/0\u{FEFF}\u{FEFF} é"), EmailError::Whitespace);
        assert_eq!(
            ok("j.de-vries+eh@sub.domein-x.nl"),
            "j.de-vries+eh@sub.domein-x.nl"
        );
        assert_eq!(ok("o'brien@example.ie"), "o'brien@example.ie");
        assert_eq!(ok("a@b.co"), "a@b.co");
    }

    #[test]
    fn invalid_addresses_say_why() {
        assert_eq!(err("jan.jansen.voorbeeld.nl"), EmailError::MissingAt);
        assert_eq!(err("jan@x.nl;piet@x.nl"), EmailError::MultipleAt);
        assert_eq!(err("jan @x.nl"), EmailError::Whitespace);
        assert_eq!(err("@x.nl"), EmailError::EmptyLocalPart);
        assert_eq!(
            err("zoë@x.nl"),
            EmailError::LocalPartCharacters { chars: "ë".into() }
        );
        assert_eq!(
            err("jan,jansen@x.nl"),
            EmailError::LocalPartCharacters { chars: ",".into() }
        );
        assert_eq!(err("jan@x..nl"), EmailError::Domain);
        assert_eq!(err("jan@x.nl."), EmailError::Domain);
        assert_eq!(err("jan@-x.nl"), EmailError::Domain);
        assert_eq!(err("jan@xn--bcher-kva.ch-"), EmailError::Domain);
        assert_eq!(err("jan@gmail"), EmailError::DomainWithoutDot);
        assert_eq!(
            err(&format!("{}@x.nl", "a".repeat(65))),
            EmailError::LocalPartTooLong
        );
        assert_eq!(
            err(&format!("a@{}.nl", vec!["b".repeat(63); 4].join("."))),
            EmailError::TooLong
        );
        assert_eq!(
            err("Jan Jansen <jan@x.nl>"),
            EmailError::DisplayName {
                address: "jan@x.nl".into()
            }
        );
    }

    #[test]
    fn typo_domains_are_suggested() {
        let typo = |s: &str| parse_email(s).unwrap().1.map(|t| t.suggestion);
        assert_eq!(typo("jan@gmial.com").as_deref(), Some("jan@gmail.com"));
        assert_eq!(typo("jan@hotmial.com").as_deref(), Some("jan@hotmail.com"));
        assert_eq!(typo("jan@hotmal.com").as_deref(), Some("jan@hotmail.com"));
        assert_eq!(typo("jan@gmail.con").as_deref(), Some("jan@gmail.com"));
        assert_eq!(typo("jan@zigo.nl").as_deref(), Some("jan@ziggo.nl"));
        assert_eq!(typo("jan@live.nk"), None, "too short to guess");
        assert_eq!(typo("jan@gmail.com"), None);
        assert_eq!(typo("jan@hotmail.nl"), None);
        assert_eq!(typo("jan@rijksoverheid.nl"), None);
    }

    #[test]
    fn big_domains_are_not_typos_of_each_other() {
        for a in BIG_DOMAINS {
            assert_eq!(suggest_domain(a), None, "{a}");
        }
    }

    #[test]
    fn edit_distance_of_one() {
        assert!(within_one_edit("gmial.com", "gmail.com"));
        assert!(within_one_edit("gmai.com", "gmail.com"));
        assert!(within_one_edit("gmaill.com", "gmail.com"));
        assert!(within_one_edit("gmall.com", "gmail.com"));
        assert!(!within_one_edit("gmx.com", "gmail.com"));
        assert!(!within_one_edit("mgial.com", "gmail.com"));
    }
}
