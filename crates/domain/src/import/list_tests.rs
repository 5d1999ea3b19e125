//! Tests of [`super::check_users`]: a list gets a file's findings, many rows keep their values.

mod check_users_tests {
    use super::super::*;
    use crate::Lang;
    use crate::user::RawUser;

    fn user(first: &str, last: &str, email: &str, mobile: &str) -> RawUser {
        RawUser {
            first_names: first.into(),
            infix: String::new(),
            last_name: last.into(),
            birth_date: "01-02-1980".into(),
            birth_place: "Utrecht".into(),
            email: email.into(),
            mobile: mobile.into(),
            employed: "J".into(),
        }
    }

    #[test]
    fn a_list_gets_the_same_findings_as_a_file_with_positions_as_rows() {
        let today = Date::new(2026, 11, 25).unwrap();
        let users = [
            user("Jan", "Smit", "jan@voorbeeld.nl", "0612345678"),
            user("Piet", "Bos", "JAN@voorbeeld.nl", "0201234567"),
        ];
        let outcome = check_users(&users, today);
        assert!(!outcome.is_ok());
        let report = outcome.report(Lang::Nl);
        assert_eq!(report.rows.len(), 2);
        let codes: Vec<&str> = report.rows[1]
            .errors
            .iter()
            .map(|e| e.code.as_str())
            .collect();
        assert!(codes.contains(&"duplicate_email"), "{codes:?}");
        assert!(
            report.rows[1]
                .errors
                .iter()
                .any(|e| e.message.starts_with("Rij 2, mobiel nummer"))
        );
        assert!(check_users(&users[..1], today).is_ok());
    }

    #[test]
    fn a_list_under_a_header_row_names_the_rows_of_the_file() {
        let today = Date::new(2026, 11, 25).unwrap();
        let users = [
            user("Jan", "Smit", "jan@voorbeeld.nl", "0612345678"),
            user("Piet", "Bos", "JAN@voorbeeld.nl", "0612345679"),
        ];
        let outcome = check_users_from(&users, today, 2);
        assert_eq!(outcome.rows[1].line, 3);
        assert_eq!(
            outcome.rows[1].errors,
            vec![RowError::DuplicateEmail {
                email: "JAN@voorbeeld.nl".into(),
                first_line: 2
            }]
        );
        let report = outcome.report(Lang::Nl);
        assert!(
            report.rows[1].errors[0].message.starts_with("Rij 3, "),
            "{}",
            report.rows[1].errors[0].message
        );
        assert!(
            report.rows[1].errors[0].message.contains("rij 2"),
            "{}",
            report.rows[1].errors[0].message
        );
    }
}

mod many_rows_tests {
    use super::super::*;
    use crate::user::RawUser;

    /// Many rows keep their own values, and a duplicate is found far from its first row.
    #[test]
    fn values_and_duplicates_of_many_rows() {
        let today = Date::new(2026, 5, 1).unwrap();
        let user = |n: usize| RawUser {
            first_names: format!(
                "Jan {}{}",
                "x".repeat(n % 50 + 2),
                (0..3)
                    .map(|i| char::from(b'a' + (n / 26usize.pow(i) % 26) as u8))
                    .collect::<String>()
            ),
            infix: if n.is_multiple_of(3) {
                "van".into()
            } else {
                String::new()
            },
            last_name: format!("Berg{}", "a".repeat(n % 7 + 1)),
            birth_date: format!("{:02}-{:02}-{}", n % 28 + 1, n % 12 + 1, 1950 + n % 50),
            birth_place: "Utrecht".into(),
            email: format!("jan.{n}@voorbeeld.nl"),
            mobile: format!("06{:08}", 12_000_000 + n),
            employed: "N".into(),
        };
        let mut users: Vec<RawUser> = (0..3000).map(user).collect();
        // The last row repeats the first one's e-mail address.
        users[2999].email = "JAN.0@voorbeeld.nl".into();
        let outcome = check_users(&users, today);
        assert_eq!(outcome.rows.len(), 3000);
        for (n, row) in outcome.rows.iter().enumerate() {
            let expect = users[n].validate(today).values;
            if n < 2999 {
                assert_eq!(row.values(), expect, "row {n}");
                assert!(row.errors.is_empty(), "row {n}: {:?}", row.errors);
            }
        }
        assert_eq!(
            outcome.rows[2999].errors,
            vec![RowError::DuplicateEmail {
                email: "JAN.0@voorbeeld.nl".into(),
                first_line: 1
            }]
        );
        // Equality and clones look at the values, not at how they are stored.
        let mut copy = outcome.rows[5].clone();
        assert_eq!(copy, outcome.rows[5]);
        copy.line = 6;
        assert_eq!(copy.values(), outcome.rows[5].values());
        assert!(format!("{:?}", outcome.rows[0]).contains("jan.0@voorbeeld.nl"));
    }
}
