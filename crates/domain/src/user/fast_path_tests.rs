//! The fast paths agree with the full rules: on the inputs they take, they give exactly what the
//! full rules give.

use proptest::prelude::*;
use proptest::sample::select;

use super::*;

fn text(chars: Vec<char>, max_len: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(select(chars), 0..max_len).prop_map(|c| c.into_iter().collect())
}

fn name_chars_strategy() -> impl Strategy<Value = String> {
    text(
        vec![
            'a', 'b', 'J', 'Z', 'i', 'J', ' ', ' ', '-', '\'', '.', '(', ')', '`', '\u{2019}', 'é',
            'ë', 'e', '\u{308}', '\u{A0}', '\t', '1', '=', 'v', 'a', 'n', 'd', 'e', 'r', 't', 'V',
        ],
        14,
    )
}

fn known_infix() -> impl Strategy<Value = String> {
    (select(KNOWN_INFIXES.to_vec()), any::<bool>(), any::<bool>()).prop_map(|(s, upper, space)| {
        let mut s = if upper {
            s.to_uppercase()
        } else {
            s.to_string()
        };
        if space {
            s.push(' ');
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn names_fast_path_agrees(s in name_chars_strategy()) {
        prop_assert_eq!(first_names(&s), first_names_full(&s));
        prop_assert_eq!(last_name(&s), last_name_full(&s));
        prop_assert_eq!(birth_place(&s), birth_place_full(&s));
        prop_assert_eq!(infix(&s), infix_full(&s));
    }

    #[test]
    fn infix_fast_path_agrees_on_known_ones(s in known_infix()) {
        prop_assert_eq!(infix(&s), infix_full(&s));
    }

    #[test]
    fn date_fast_path_agrees(
        s in text(vec!['0', '1', '2', '3', '9', '-', '/', '.', ' ', 'T', ':'], 12),
        d in 0u16..40, m in 0u16..20, y in 1800u16..2100, iso in any::<bool>(), sep in select(vec!['-', '/', '.', ':'])
    ) {
        prop_assert_eq!(parse_date_text(&s), parse_date_text_full(&s));
        let written = if iso { format!("{y:04}{sep}{m:02}{sep}{d:02}") } else { format!("{d:02}{sep}{m:02}{sep}{y:04}") };
        prop_assert_eq!(parse_date_text(&written), parse_date_text_full(&written));
    }

    #[test]
    fn mobile_fast_path_agrees(
        s in text(vec!['0', '6', '1', '2', '5', '8', '9', ' ', '-', '+', '(', ')', '.'], 16),
        tail in 0u32..100_000_000, third in 0u8..10, sep in select(vec!["", " ", "-", "  ", "--", " -"]),
    ) {
        let same = |a: &str| {
            let fast = crate::phone::check(a).map(|(e, w)| (e.as_str().to_owned(), w));
            let full = crate::phone::check_full(a).map(|(e, w)| (e.as_str().to_owned(), w));
            (fast, full)
        };
        let (fast, full) = same(&s);
        prop_assert_eq!(fast, full);
        for written in [format!("06{third}{sep}{tail:07}"), format!("{sep}06{sep}{third}{tail:07}"), format!("06{third}{tail:07}{sep}")] {
            let (fast, full) = same(&written);
            prop_assert_eq!(fast, full, "{}", written);
        }
    }
}

#[test]
fn every_known_infix_is_known_and_others_are_not() {
    for infix in KNOWN_INFIXES {
        assert!(is_known_infix(infix), "{infix}");
    }
    for other in ["", "vander", "van  der", "Van", "zum", "'s", "van den der"] {
        assert!(!is_known_infix(other), "{other}");
    }
}

#[test]
fn examples_of_each_fast_path() {
    assert!(plain_name("Jan-Willem", &NAME_BYTES, true, MAX_NAME_CHARS));
    assert!(plain_name("'t Hart", &NAME_BYTES, false, MAX_NAME_CHARS));
    assert!(!plain_name("Jan P", &NAME_BYTES, true, MAX_NAME_CHARS));
    assert!(!plain_name(
        "Jan  Pieter",
        &NAME_BYTES,
        true,
        MAX_NAME_CHARS
    ));
    assert!(!plain_name(" Jan", &NAME_BYTES, true, MAX_NAME_CHARS));
    assert!(plain_name(
        "Bergen (NH)",
        &PLACE_BYTES,
        false,
        MAX_PLACE_CHARS
    ));
    assert_eq!(plain_date("01-02-1985"), Date::new(1985, 2, 1));
    assert_eq!(plain_date("1985/02/01"), Date::new(1985, 2, 1));
    assert_eq!(plain_date("31-02-1985"), None);
    assert_eq!(plain_date("01-02/1985"), None);
    assert_eq!(infix("Van Der").unwrap().0, "van der");
    assert_eq!(
        infix("zum").unwrap().1,
        vec![FieldWarningKind::InfixUnusual]
    );
}
