//! Tests of the field rules and of whole users.

use super::*;

#[test]
fn people_sort_by_last_name_the_dutch_way() {
    let mut names = vec![
        sort_name("Anna", "de", "Vries"),
        sort_name("Émile", "", "Zola"),
        sort_name("Piet", "van", "Dam"),
        sort_name("Bert", "", "Aalders"),
    ];
    names.sort();
    assert_eq!(
        names,
        [
            "aalders bert",
            "dam piet van",
            "vries anna de",
            "zola emile"
        ]
    );
    assert_eq!(
        search_text("Jan", "van", "Dijk", "Jan@Voorbeeld.nl"),
        "jan van dijk jan@voorbeeld.nl"
    );
    assert_eq!(search_key(" DÍJK "), "dijk");
}

fn today() -> Date {
    Date::new(2026, 5, 1).unwrap()
}

fn raw() -> RawUser {
    RawUser {
        first_names: "Johanna Maria".into(),
        infix: "van der".into(),
        last_name: "Berg".into(),
        birth_date: "01-02-1985".into(),
        birth_place: "Amsterdam".into(),
        email: "j.vanderberg@voorbeeld.nl".into(),
        mobile: "06 12345678".into(),
        employed: "J".into(),
    }
}

#[test]
fn a_valid_user_is_normalised() {
    let check = raw().validate(today());
    assert!(check.errors.is_empty(), "{:?}", check.errors);
    let user = check.user().unwrap();
    assert_eq!(user.birth_date, Date::new(1985, 2, 1).unwrap());
    assert_eq!(user.mobile.as_str(), "+31612345678");
    assert!(user.employed);
    assert_eq!(user.full_name(), "Johanna Maria van der Berg");
    // Idempotent.
    assert_eq!(user.to_raw().validate(today()).user().unwrap(), user);
}

#[test]
fn first_names_must_be_written_in_full() {
    for initials in ["J.", "J.P.", "J.P", "A B", "Jan P.", "Th. Maria", "J"] {
        assert_eq!(
            parse_first_names(initials),
            Err(NameError::Initials),
            "{initials}"
        );
    }
    assert_eq!(parse_first_names("Jan-Willem").as_deref(), Ok("Jan-Willem"));
    assert_eq!(
        parse_first_names("  Zoë   Anaïs ").as_deref(),
        Ok("Zoë Anaïs")
    );
    assert_eq!(
        parse_first_names("Jan2"),
        Err(NameError::InvalidCharacters { chars: "2".into() })
    );
    assert_eq!(parse_first_names("  "), Err(NameError::Empty));
    assert_eq!(parse_first_names("--"), Err(NameError::NoLetters));
    assert!(matches!(
        parse_first_names(&"a".repeat(201)),
        Err(NameError::TooLong { max: 200, len: 201 })
    ));
}

#[test]
fn dutch_last_names() {
    for name in [
        "'t Hart",
        "Smit-de Vries",
        "d'Ancona",
        "IJzerman",
        "Çelik",
        "O'Brien",
    ] {
        assert_eq!(parse_last_name(name).as_deref(), Ok(name));
    }
    assert_eq!(parse_last_name("d’Ancona").as_deref(), Ok("d'Ancona"));
    assert_eq!(
        parse_last_name("Jansen (oud)"),
        Err(NameError::InvalidCharacters { chars: "()".into() })
    );
}

#[test]
fn infixes_are_lower_cased_and_checked() {
    assert_eq!(parse_infix("Van Der").unwrap().value, "van der");
    assert!(parse_infix("van der").unwrap().warnings.is_empty());
    assert_eq!(parse_infix("").unwrap().value, "");
    assert_eq!(parse_infix("v.d."), Err(NameError::InfixAbbreviation));
    assert_eq!(parse_infix("v/d"), Err(NameError::InfixAbbreviation));
    assert!(matches!(
        parse_infix("van de van der"),
        Err(NameError::TooLong { .. })
    ));
    assert_eq!(
        parse_infix("zum").unwrap().warnings,
        vec![FieldWarningKind::InfixUnusual]
    );
    assert_eq!(parse_infix("van ’t").unwrap().value, "van 't");
}

#[test]
fn van_dijk_in_the_last_name_column_is_a_warning() {
    let mut r = raw();
    r.infix = String::new();
    r.last_name = "van Dijk".into();
    let check = r.validate(today());
    assert!(check.errors.is_empty());
    assert_eq!(
        check.warnings[0].kind,
        FieldWarningKind::InfixInLastName {
            infix: "van".into(),
            rest: "Dijk".into()
        }
    );
    assert_eq!(
        infix_in_last_name("Van der Berg"),
        Some(("van der".into(), "Berg".into()))
    );
    assert_eq!(infix_in_last_name("Vandenberg"), None);
    assert_eq!(infix_in_last_name("van"), None);
}

#[test]
fn birth_places() {
    for place in [
        "'s-Gravenhage",
        "Bergen (NH)",
        "St. Michielsgestel",
        "Den Haag",
        "Zürich",
    ] {
        assert_eq!(parse_birth_place(place).as_deref(), Ok(place));
    }
    assert_eq!(
        parse_birth_place("1012 AB"),
        Err(NameError::InvalidCharacters {
            chars: "102".into()
        })
    );
}

#[test]
fn birth_date_notations() {
    let expect = Date::new(1985, 2, 1).unwrap();
    for input in [
        "01-02-1985",
        "1-2-1985",
        "01/02/1985",
        "1.2.1985",
        "1985-02-01",
        "1985-02-01 00:00:00",
        "1985-02-01T00:00:00",
        "01021985",
        "19850201",
        " 01-02-1985 ",
    ] {
        assert_eq!(parse_birth_date(input, today()), Ok(expect), "{input}");
    }
}

#[test]
fn birth_date_errors() {
    let t = today();
    assert_eq!(
        parse_birth_date("1-2-85", t),
        Err(DateError::TwoDigitYear {
            day: 1,
            month: 2,
            year: 85
        })
    );
    assert_eq!(
        parse_birth_date("31-02-1985", t),
        Err(DateError::Nonexistent)
    );
    assert_eq!(
        parse_birth_date("12/31/1985", t),
        Err(DateError::DayMonthSwapped {
            month: 31,
            suggestion: Date::new(1985, 12, 31).unwrap()
        })
    );
    assert_eq!(
        parse_birth_date("31079", t),
        Err(DateError::SerialNumber {
            date: Date::new(1985, 2, 1).unwrap()
        })
    );
    assert_eq!(parse_birth_date("01-02-2030", t), Err(DateError::InFuture));
    assert_eq!(
        parse_birth_date("01-02-1899", t),
        Err(DateError::Before1900)
    );
    assert_eq!(
        parse_birth_date("02-05-2010", t),
        Err(DateError::TooYoung { age: 15 })
    );
    assert_eq!(
        parse_birth_date("01-05-2010", t),
        Ok(Date::new(2010, 5, 1).unwrap())
    );
    assert_eq!(
        parse_birth_date("1 februari 1985", t),
        Err(DateError::Format)
    );
    assert_eq!(parse_birth_date("", t), Err(DateError::Empty));
}

#[test]
fn employed_answers() {
    for yes in ["J", "j", "Ja", "JA", "yes", "Yes"] {
        assert_eq!(parse_employed(yes), Ok(true), "{yes}");
    }
    for no in ["N", "n", "Nee", "no", " NEE "] {
        assert_eq!(parse_employed(no), Ok(false), "{no}");
    }
    for bad in ["Y", "1", "true", "ja!", "Misschien"] {
        assert_eq!(parse_employed(bad), Err(EmployedError::Invalid), "{bad}");
    }
    assert_eq!(parse_employed(""), Err(EmployedError::Empty));
}

#[test]
fn formula_injection_is_rejected_with_its_own_code() {
    let mut r = raw();
    r.first_names = "=HYPERLINK(\"http://x\",\"klik\")".into();
    r.last_name = "@SUM(A1)".into();
    r.mobile = "+cmd|' /C calc'!A0".into();
    r.birth_place = "-2+3".into();
    let check = r.validate(today());
    let codes: Vec<_> = check.errors.iter().map(|e| (e.field, e.code())).collect();
    assert_eq!(
        codes,
        vec![
            (Field::FirstNames, "formula_injection"),
            (Field::LastName, "formula_injection"),
            (Field::BirthPlace, "formula_injection"),
            (Field::Mobile, "formula_injection"),
        ]
    );
    // A valid value that starts with + is fine; an invalid phone number keeps its precise error.
    assert_eq!(formula_start("+31 6 12345678"), None);
    r = raw();
    r.mobile = "+31 20 1234567".into();
    assert_eq!(r.validate(today()).errors[0].code(), "mobile_landline");
    // The original text is kept as the value, never interpreted.
    assert_eq!(
        check.values.first_names,
        "=HYPERLINK(\"http://x\",\"klik\")"
    );
}

#[test]
fn messages_name_the_field_and_the_fix() {
    let mut r = raw();
    r.mobile = "0201234567".into();
    let check = r.validate(today());
    assert_eq!(
        check.errors[0].message(Lang::Nl),
        "mobiel nummer: 0201234567 is een vast nummer; vul een mobiel nummer in, zoals 06 12345678"
    );
    assert_eq!(
        check.errors[0].message(Lang::En),
        "mobile number: 0201234567 is a landline number; enter a mobile number, such as 06 12345678"
    );
}

#[test]
fn employed_value_serialises_as_bool_or_text() {
    let json = serde_json::to_string(&[
        EmployedValue::Valid(true),
        EmployedValue::Invalid("Misschien".into()),
    ])
    .unwrap();
    assert_eq!(json, r#"[true,"Misschien"]"#);
    let back: Vec<EmployedValue> = serde_json::from_str(&json).unwrap();
    assert_eq!(
        back,
        vec![
            EmployedValue::Valid(true),
            EmployedValue::Invalid("Misschien".into())
        ]
    );
    let raw: RawUser = serde_json::from_str(
        r#"{"first_names":"Jan","last_name":"Smit","birth_date":"1985-02-01","birth_place":"Ede",
            "email":"jan@x.nl","mobile":"0612345678","employed":false}"#,
    )
    .unwrap();
    assert_eq!(raw.employed, "N");
    assert!(raw.validate(today()).user().is_some());
}
