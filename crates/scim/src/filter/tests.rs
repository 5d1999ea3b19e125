use serde_json::{Value, json};

use super::*;

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "externalId": "BJensen-Ext",
        "userName": "bjensen@example.com",
        "name": {"familyName": "O'Malley", "givenName": "Barbara"},
        "title": "Tour Guide",
        "userType": "Employee",
        "nickName": "",
        "active": true,
        "loginCount": 42,
        "score": 2.5,
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "meta": {"lastModified": "2011-05-13T04:42:34Z", "resourceType": "User"},
        ENTERPRISE: {"employeeNumber": "701984", "manager": {"value": "26118915"}}
    })
}

/// Parses `filter` and tests it against [`user`].
fn m(filter: &str) -> bool {
    match parse(filter) {
        Ok(f) => f.matches(&user()),
        Err(e) => panic!("{filter:?} did not parse: {e}"),
    }
}

fn err(filter: &str) -> FilterError {
    match parse(filter) {
        Ok(f) => panic!("{filter:?} parsed as {f:?}"),
        Err(e) => e,
    }
}

#[test]
fn rfc_7644_example_filters() {
    assert!(m(r#"userName eq "bjensen@example.com""#));
    assert!(!m(r#"userName eq "bjensen""#));
    assert!(m(r#"name.familyName co "O'Malley""#));
    assert!(!m(r#"name.familyName co "Jensen""#));
    assert!(!m(r#"userName sw "J""#));
    assert!(m(r#"userName sw "B""#));
    assert!(m(
        r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "bj""#
    ));
    assert!(m("title pr"));
    assert!(!m("displayName pr"));
    assert!(!m(r#"meta.lastModified gt "2011-05-13T04:42:34Z""#));
    assert!(m(r#"meta.lastModified ge "2011-05-13T04:42:34Z""#));
    assert!(m(r#"meta.lastModified lt "2011-05-14T00:00:00Z""#));
    assert!(m(r#"meta.lastModified le "2011-05-13T04:42:34Z""#));
    assert!(m(r#"meta.lastModified gt "2011-01-01T00:00:00Z""#));
    assert!(m(r#"title pr and userType eq "Employee""#));
    assert!(!m(r#"title pr and userType eq "Intern""#));
    assert!(m(r#"title pr or userType eq "Intern""#));
    assert!(m(
        r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#
    ));
    assert!(m(
        r#"userType eq "Employee" and (emails co "nowhere.com" or emails.value co "jensen.org")"#
    ));
    assert!(!m(
        r#"userType eq "Employee" and (emails co "nowhere.com" or emails.value co "example.org")"#
    ));
    assert!(!m(
        r#"userType ne "Employee" and not (emails co "example.com")"#
    ));
    assert!(m(r#"userType eq "Employee" and (emails.type eq "work")"#));
    assert!(m(r#"emails[type eq "work" and value co "@example.com"]"#));
    assert!(!m(r#"emails[type eq "home" and value co "@example.com"]"#));
    assert!(m(
        r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#
    ));
    assert!(m(r#"not (userName eq "x")"#));
    assert!(!m(r#"not (userName eq "bjensen@example.com")"#));
}

#[test]
fn every_operator_on_strings() {
    assert!(m(r#"title eq "tour guide""#));
    assert!(!m(r#"title ne "TOUR GUIDE""#));
    assert!(m(r#"title ne "Driver""#));
    assert!(m(r#"title co "UR G""#));
    assert!(!m(r#"title co "bus""#));
    assert!(m(r#"title sw "tour""#));
    assert!(!m(r#"title sw "guide""#));
    assert!(m(r#"title ew "GUIDE""#));
    assert!(!m(r#"title ew "tour""#));
    assert!(m(r#"title gt "S""#));
    assert!(!m(r#"title gt "U""#));
    assert!(m(r#"title ge "tour guide""#));
    assert!(m(r#"title lt "U""#));
    assert!(!m(r#"title lt "tour guide""#));
    assert!(m(r#"title le "TOUR GUIDE""#));
    assert!(!m(r#"title le "A""#));
}

#[test]
fn every_operator_on_numbers_and_booleans() {
    assert!(m("loginCount eq 42"));
    assert!(m("loginCount eq 42.0"));
    assert!(!m("loginCount ne 42"));
    assert!(m("loginCount gt 41"));
    assert!(!m("loginCount gt 42"));
    assert!(m("loginCount ge 42"));
    assert!(m("loginCount lt 100"));
    assert!(!m("loginCount lt -1"));
    assert!(m("loginCount le 42"));
    assert!(m("score gt 2.25"));
    assert!(m("score lt 2.5e1"));
    assert!(m("active eq true"));
    assert!(m("active eq TRUE"));
    assert!(!m("active eq false"));
    assert!(m("active ne false"));
    // A string is not a number, nor a boolean.
    assert!(!m(r#"loginCount eq "42""#));
    assert!(!m(r#"active eq "true""#));
}

#[test]
fn null_literal_and_presence() {
    assert!(m("displayName eq null"));
    assert!(!m("title eq null"));
    assert!(m("title ne null"));
    // An empty string is not present.
    assert!(!m("nickName pr"));
    assert!(m("emails pr"));
    assert!(m("emails.value pr"));
    assert!(!m("emails.display pr"));
    assert!(m("name.givenName pr"));
    let empty = json!({"emails": [], "name": {}, "x": null});
    for f in ["emails pr", "name pr", "x pr", "y pr"] {
        assert!(!parse(f).unwrap().matches(&empty), "{f}");
    }
}

#[test]
fn keywords_and_names_are_case_insensitive() {
    assert!(m(r#"USERNAME EQ "BJENSEN@EXAMPLE.COM""#));
    assert!(m(r#"Name.FamilyName Co "o'malley""#));
    assert!(m(r#"title PR AnD userType eQ "employee""#));
    assert!(m(r#"NOT (userName eq "x")"#));
    assert!(m(r#"not(userName eq "x")"#));
    assert!(m(r#"EMAILS[TYPE EQ "WORK"]"#));
}

#[test]
fn id_and_external_id_are_case_exact() {
    assert!(m(r#"id eq "2819c223-7f76-453a-919d-413861904646""#));
    assert!(!m(r#"id eq "2819C223-7F76-453A-919D-413861904646""#));
    assert!(m(r#"externalId eq "BJensen-Ext""#));
    assert!(!m(r#"externalId eq "bjensen-ext""#));
    assert!(m(r#"externalId ne "bjensen-ext""#));
    assert!(!m(r#"externalId sw "bj""#));
}

#[test]
fn and_binds_tighter_than_or() {
    // false and false or true = (false and false) or true = true
    assert!(m(r#"title eq "x" and title eq "y" or title pr"#));
    // true or false and false = true or (false and false) = true
    assert!(m(r#"title pr or title eq "x" and title eq "y""#));
    // (true or false) and false = false
    assert!(!m(r#"(title pr or title eq "x") and title eq "y""#));
    let f = parse(r#"a eq 1 or b eq 2 and c eq 3"#).unwrap();
    assert!(matches!(f, Filter::Or(_, ref right) if matches!(**right, Filter::And(..))));
}

#[test]
fn urn_qualified_attributes() {
    assert!(m(&format!(r#"{ENTERPRISE}:employeeNumber eq "701984""#)));
    assert!(!m(&format!(r#"{ENTERPRISE}:employeeNumber eq "1""#)));
    assert!(m(&format!(r#"{ENTERPRISE}:manager.value eq "26118915""#)));
    // Matched case-insensitively, URN included.
    assert!(m(
        r#"URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:EMPLOYEENUMBER pr"#
    ));
    // Not at the top level of the resource.
    assert!(!m(r#"employeeNumber pr"#));
    assert!(!m(r#"urn:example:other:1.0:User:employeeNumber pr"#));
    let f = parse(&format!(r#"{ENTERPRISE}:employeeNumber eq "701984""#)).unwrap();
    let Filter::Compare { path, .. } = &f else {
        panic!("{f:?}")
    };
    assert_eq!(path.urn(), Some(ENTERPRISE));
    assert_eq!(path.name(), "employeeNumber");
}

#[test]
fn value_paths() {
    assert!(m(r#"emails[type eq "work"]"#));
    assert!(m(r#"emails[primary eq true]"#));
    assert!(!m(r#"emails[type eq "home" and primary eq true]"#));
    assert!(m(r#"emails[not (type eq "work")]"#));
    assert!(m(r#"emails[type eq "work"].value"#));
    assert!(!m(r#"emails[type eq "work"].display"#));
    assert!(!m(r#"phoneNumbers[type eq "work"]"#));
    let f = parse(r#"emails[type eq "work"].value"#).unwrap();
    let Filter::ValuePath { path, sub, .. } = &f else {
        panic!("{f:?}")
    };
    assert_eq!((path.name(), sub.as_deref()), ("emails", Some("value")));
}

#[test]
fn string_escapes() {
    let f = parse(r#"title eq "a \"quoted\" \\ \u00e9 \n""#).unwrap();
    assert_eq!(f.simple_eq().unwrap().1, &json!("a \"quoted\" \\ é \n"));
    assert!(
        parse(r#"title eq "Tour\u0020Guide""#)
            .unwrap()
            .matches(&user())
    );
    assert!(matches!(
        err(r#"title eq "bad \x escape""#),
        FilterError::InvalidString { pos: 9 }
    ));
}

#[test]
fn simple_eq() {
    let f = parse(r#"userName eq "bjensen""#).unwrap();
    assert_eq!(f.simple_eq(), Some(("username", &json!("bjensen"))));
    let f = parse(r#"urn:ietf:params:scim:schemas:core:2.0:User:externalId EQ "X1""#).unwrap();
    assert_eq!(f.simple_eq(), Some(("externalid", &json!("X1"))));
    let f = parse(r#"name.familyName eq "O'Malley""#).unwrap();
    assert_eq!(f.simple_eq(), Some(("name.familyname", &json!("O'Malley"))));
    let f = parse(&format!(r#"{ENTERPRISE}:employeeNumber eq "42""#)).unwrap();
    assert_eq!(
        f.simple_eq(),
        Some((
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:employeenumber",
            &json!("42")
        ))
    );
    let f = parse("active eq true").unwrap();
    assert_eq!(f.simple_eq(), Some(("active", &json!(true))));
    for other in [
        r#"userName ne "x""#,
        r#"userName co "x""#,
        "userName pr",
        r#"userName eq "x" and active eq true"#,
        r#"(userName eq "x") or (userName eq "y")"#,
        r#"not (userName eq "x")"#,
        r#"emails[value eq "x"]"#,
    ] {
        assert_eq!(parse(other).unwrap().simple_eq(), None, "{other}");
    }
    // Parentheses around a single comparison are only grouping.
    let f = parse(r#"(userName eq "x")"#).unwrap();
    assert_eq!(f.simple_eq(), Some(("username", &json!("x"))));
}

#[test]
fn errors_report_where() {
    assert_eq!(err(""), FilterError::Empty);
    assert_eq!(err("   "), FilterError::Empty);
    assert_eq!(
        err(r#"(userName eq "x""#),
        FilterError::UnclosedParenthesis { pos: 0 }
    );
    assert_eq!(
        err(r#"title pr and (userName eq "x" or (title pr)"#),
        FilterError::UnclosedParenthesis { pos: 13 }
    );
    assert_eq!(
        err(r#"userName eq "x")"#),
        FilterError::UnexpectedCloseParenthesis { pos: 15 }
    );
    assert_eq!(err(")"), FilterError::UnexpectedCloseParenthesis { pos: 0 });
    assert_eq!(
        err(r#"userName xx "x""#),
        FilterError::UnknownOperator {
            pos: 9,
            operator: "xx".into()
        }
    );
    assert_eq!(err("userName eq"), FilterError::MissingValue { pos: 11 });
    assert_eq!(
        err("userName eq and title pr"),
        FilterError::MissingValue { pos: 12 }
    );
    assert_eq!(err("(userName eq)"), FilterError::MissingValue { pos: 12 });
    assert_eq!(
        err("userName eq bjensen"),
        FilterError::InvalidValue {
            pos: 12,
            value: "bjensen".into()
        }
    );
    assert_eq!(err("userName"), FilterError::MissingOperator { pos: 8 });
    assert_eq!(
        err(r#"userName eq "x" and"#),
        FilterError::ExpectedExpression { pos: 19 }
    );
    assert_eq!(err("()"), FilterError::ExpectedExpression { pos: 1 });
    assert_eq!(
        err(r#"userName eq "x"#),
        FilterError::UnterminatedString { pos: 12 }
    );
    assert_eq!(
        err(r#"emails[type eq "work""#),
        FilterError::UnclosedBracket { pos: 6 }
    );
    assert_eq!(
        err(r#"emails[type[value eq "x"]]"#),
        FilterError::NestedValuePath { pos: 11 }
    );
    assert_eq!(
        err(r#"userName eq "x" title pr"#),
        FilterError::TrailingInput { pos: 16 }
    );
    assert_eq!(
        err(r#"userName eq "x" # "#),
        FilterError::UnexpectedChar { pos: 16, ch: '#' }
    );
    assert_eq!(
        err("a.b.c pr"),
        FilterError::InvalidAttributePath {
            pos: 0,
            path: "a.b.c".into()
        }
    );
    assert_eq!(
        err("count eq 1.2.3"),
        FilterError::InvalidNumber {
            pos: 9,
            text: "1.2.3".into()
        }
    );
}

#[test]
fn operators_that_do_not_apply() {
    assert_eq!(
        err("title co 5"),
        FilterError::OperatorNotApplicable {
            pos: 6,
            op: CompareOp::Co,
            kind: "number"
        }
    );
    assert!(matches!(
        err("active sw true"),
        FilterError::OperatorNotApplicable {
            kind: "boolean",
            ..
        }
    ));
    assert!(matches!(
        err("title ew null"),
        FilterError::OperatorNotApplicable { kind: "null", .. }
    ));
    assert!(matches!(
        err("active gt false"),
        FilterError::OperatorNotApplicable {
            op: CompareOp::Gt,
            ..
        }
    ));
    assert!(matches!(
        err("title le null"),
        FilterError::OperatorNotApplicable {
            op: CompareOp::Le,
            ..
        }
    ));
}

#[test]
fn error_messages_and_scim_type() {
    let e = err(r#"userName xx "x""#);
    assert_eq!(e.to_string(), r#"unknown operator "xx" at position 9"#);
    assert_eq!(e.scim_type(), "invalidFilter");
    assert_eq!(
        err("(a pr").to_string(),
        "the parenthesis at position 0 is not closed"
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = format!("{}a pr{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(matches!(err(&deep), FilterError::TooDeep { .. }));
    let fine = format!("{}a pr{}", "(".repeat(20), ")".repeat(20));
    assert!(parse(&fine).is_ok());
}

#[test]
fn patch_paths() {
    let p = parse_patch_path(r#"emails[type eq "work"].value"#).unwrap();
    assert_eq!(p.attr.name(), "emails");
    assert_eq!(p.sub.as_deref(), Some("value"));
    assert!(p.filter.is_some());
    let p = parse_patch_path("name.givenName").unwrap();
    assert_eq!(
        (p.attr.name(), p.attr.sub_attribute(), p.sub.as_deref()),
        ("name", None, Some("givenName"))
    );
    let p = parse_patch_path(&format!("{ENTERPRISE}:manager")).unwrap();
    assert_eq!(p.attr.extension(), Some(ENTERPRISE));
    assert!(parse_patch_path(r#"emails[type eq "work""#).is_err());
    assert!(parse_patch_path(r#"emails[type eq "work"]."#).is_err());
    assert!(parse_patch_path("name.givenName extra").is_err());
    assert!(parse_patch_path(r#"name.x[type eq "w"]"#).is_err());
    assert!(parse_patch_path("").is_err());
}
