use super::*;

fn today() -> Date {
    Date::new(2026, 11, 25).unwrap()
}

fn user(n: usize) -> RawUser {
    RawUser {
        first_names: "Jan".into(),
        infix: String::new(),
        last_name: format!("Jansen{}", "x".repeat(n)),
        birth_date: "15-03-1985".into(),
        birth_place: "Utrecht".into(),
        email: format!("jan{n}@example.nl"),
        mobile: "06 12345678".into(),
        employed: "J".into(),
    }
}

fn with(n: usize, edit: impl FnOnce(&mut RawUser)) -> RawUser {
    let mut u = user(n);
    edit(&mut u);
    u
}

fn date_fix_of(input: &str) -> Option<String> {
    let u = with(0, |u| u.birth_date = input.into());
    row_fixes(&u, today())
        .into_iter()
        .find(|(k, _)| *k == FixKind::BirthDate)
        .map(|(_, changes)| changes[0].after.clone())
}

#[test]
fn refused_dates_with_one_meaning_are_fixed() {
    assert_eq!(date_fix_of("15 maart 1985").as_deref(), Some("15-03-1985"));
    assert_eq!(date_fix_of("15 mrt. 1985").as_deref(), Some("15-03-1985"));
    assert_eq!(date_fix_of("March 15, 1985").as_deref(), Some("15-03-1985"));
    assert_eq!(date_fix_of("15 03 1985").as_deref(), Some("15-03-1985"));
    assert_eq!(date_fix_of("1985 03 15").as_deref(), Some("15-03-1985"));
    assert_eq!(date_fix_of("03/15/1985").as_deref(), Some("15-03-1985"));
    assert_eq!(date_fix_of("31121").as_deref(), Some("15-03-1985"));
    // 2085 is in the future: only 1985 is a birth date.
    assert_eq!(date_fix_of("15-03-85").as_deref(), Some("15-03-1985"));
}

#[test]
fn dates_without_one_meaning_or_already_accepted_are_left_alone() {
    // 1905 and 2005 are both acceptable birth dates.
    assert_eq!(date_fix_of("15-03-05"), None);
    // Accepted as they are (the list shows them as dd-mm-jjjj already).
    assert_eq!(date_fix_of("1985/03/15"), None);
    assert_eq!(date_fix_of("15.03.1985"), None);
    assert_eq!(date_fix_of("15/3/1985"), None);
    // No such date, in the future, too young, nonsense.
    assert_eq!(date_fix_of("31 februari 1985"), None);
    assert_eq!(date_fix_of("15 maart 2030"), None);
    assert_eq!(date_fix_of("15 maart 2015"), None);
    assert_eq!(date_fix_of("gisteren"), None);
    assert_eq!(date_fix_of("15 foo 1985"), None);
    assert_eq!(date_fix_of(""), None);
}

#[test]
fn employed_words_become_j_or_n() {
    let fix = |input: &str| {
        let u = with(0, |u| u.employed = input.into());
        row_fixes(&u, today())
            .into_iter()
            .find(|(k, _)| *k == FixKind::Employed)
            .map(|(_, c)| c[0].after.clone())
    };
    assert_eq!(fix("waar").as_deref(), Some("J"));
    assert_eq!(fix("Onwaar").as_deref(), Some("N"));
    assert_eq!(fix("TRUE").as_deref(), Some("J"));
    assert_eq!(fix("0").as_deref(), Some("N"));
    assert_eq!(fix("ja."), Some("J".into()));
    assert_eq!(fix("ja"), None, "accepted already");
    assert_eq!(fix("misschien"), None);
    assert_eq!(fix(""), None);
}

#[test]
fn warnings_with_an_accepted_form_are_fixed() {
    let u = with(0, |u| {
        u.mobile = "612345678".into();
        u.last_name = "van der Berg".into();
        u.email = "jan@gmial.com".into();
    });
    let fixes = row_fixes(&u, today());
    assert_eq!(fixes.len(), 3);
    let find = |kind| fixes.iter().find(|(k, _)| *k == kind).unwrap().1.clone();
    assert_eq!(find(FixKind::Mobile)[0].after, "06 12345678");
    let split = find(FixKind::InfixInLastName);
    assert_eq!(
        (split[0].field, split[0].after.as_str()),
        (Field::Infix, "van der")
    );
    assert_eq!(
        (split[1].field, split[1].after.as_str()),
        (Field::LastName, "Berg")
    );
    assert_eq!(find(FixKind::EmailTypo)[0].after, "jan@gmail.com");
    assert!(row_fixes(&user(1), today()).is_empty());
}

#[test]
fn a_bulk_fix_names_the_rows_and_applies_to_exactly_those() {
    let mut users: Vec<RawUser> = (0..10).map(user).collect();
    for i in [1, 4, 7] {
        users[i].birth_date = "15 maart 1985".into();
    }
    users[5].birth_date = "31-02-1985".into();
    users[2].employed = "waar".into();
    let fixes = bulk_fixes(&users, today(), 2);
    assert_eq!(fixes.len(), 1, "employed applies to one row only");
    let dates = &fixes[0];
    assert_eq!(dates.kind, FixKind::BirthDate);
    assert_eq!(
        dates.rows.iter().map(|r| r.index).collect::<Vec<_>>(),
        [1, 4, 7]
    );
    assert_eq!(bulk_fixes(&users, today(), 1).len(), 2);

    // A row edited since the plan is left alone.
    users[7].birth_date = "16 maart 1985".into();
    let mut list = users.clone();
    assert_eq!(dates.apply_to(&mut list, |u| u), 2);
    assert_eq!(list[1].birth_date, "15-03-1985");
    assert_eq!(list[4].birth_date, "15-03-1985");
    assert_eq!(list[7].birth_date, "16 maart 1985");
    assert_eq!(list[5].birth_date, "31-02-1985");
    assert!(bulk_fixes(&list, today(), 2).is_empty());
}
