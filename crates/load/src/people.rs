//! Made-up people for the orders and users files: an e-mail address and a mobile number of their
//! own in every run, names and birth dates the import's rules accept, and never the same person
//! (names and birth date) twice in one order.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

const FIRST_NAMES: &[&str] = &[
    "Jan", "Anna", "Pieter", "Sanne", "Daan", "Emma", "Lucas", "Julia", "Sem", "Tess", "Noah",
    "Fleur", "Bram", "Lotte", "Thijs", "Eva",
];
const INFIXES: &[&str] = &["", "", "", "van", "de", "van der", "van den"];
const LAST_NAMES: &[&str] = &[
    "Dijk", "Vries", "Bakker", "Jansen", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos",
    "Peters", "Hendriks", "Dekker", "Brouwer",
];
const PLACES: &[&str] = &[
    "Utrecht",
    "Amsterdam",
    "Rotterdam",
    "Zwolle",
    "Groningen",
    "Maastricht",
];

/// Dutch mobile numbers 06 10000000 to 06 59999999 (the ranges 061–065 are mobile).
const MOBILE_FIRST: u64 = 10_000_000;
const MOBILE_COUNT: u64 = 50_000_000;

/// The most users one order may have (the server's `MIDDELPUNT_IMPORT_MAX_ROWS` default).
pub const MAX_ORDER: usize = 100;

/// One user of an order, as the manager types them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub first_names: &'static str,
    pub infix: &'static str,
    pub last_name: &'static str,
    /// `dd-mm-yyyy`, as people write it.
    pub birth_date: String,
    pub birth_place: &'static str,
    pub email: String,
    /// The 8 digits after `06`.
    mobile_digits: u64,
    pub employed: bool,
}

impl Person {
    /// The mobile number as typed: `06 12345678`.
    pub fn mobile(&self) -> String {
        format!("06 {}", self.mobile_digits)
    }

    /// The mobile number as the server stores it and the development mailbox lists it.
    pub fn mobile_e164(&self) -> String {
        format!("+316{}", self.mobile_digits)
    }

    fn employed_answer(&self) -> &'static str {
        if self.employed { "J" } else { "N" }
    }

    /// The user in an order's body (`POST /api/v1/orders`).
    pub fn json(&self) -> Value {
        json!({
            "first_names": self.first_names, "infix": self.infix, "last_name": self.last_name,
            "birth_date": self.birth_date, "birth_place": self.birth_place, "email": self.email,
            "mobile": self.mobile(), "employed": self.employed_answer(),
        })
    }

    /// The user as a row of the users file, in the template's column order.
    fn csv_row(&self) -> String {
        [
            self.first_names,
            self.infix,
            self.last_name,
            &self.birth_date,
            self.birth_place,
            &self.email,
            &self.mobile(),
            self.employed_answer(),
        ]
        .join(";")
    }
}

/// Hands out people whose addresses and numbers are unique within a run (`tag`) and, with a
/// random tag and number offset, very likely across runs on one database.
#[derive(Debug)]
pub struct People {
    tag: String,
    mobile_offset: u64,
    next: AtomicU64,
}

impl People {
    pub fn new(tag: &str, mobile_offset: u64) -> People {
        People {
            tag: tag.to_owned(),
            mobile_offset,
            next: AtomicU64::new(0),
        }
    }

    /// A number used once in this run (e-mail addresses, idempotency keys).
    pub fn next_serial(&self) -> u64 {
        self.next.fetch_add(1, Ordering::Relaxed)
    }

    /// The run's tag, in e-mail addresses and idempotency keys.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// `size` people (at most [`MAX_ORDER`]) for one order: each has another birth day of the
    /// year, so no two are the same person.
    pub fn order(&self, size: usize, rng: &mut fastrand::Rng) -> Vec<Person> {
        (0..size.min(MAX_ORDER))
            .map(|index| {
                let serial = self.next_serial();
                let pick =
                    |list: &[&'static str], rng: &mut fastrand::Rng| list[rng.usize(..list.len())];
                Person {
                    first_names: pick(FIRST_NAMES, rng),
                    infix: pick(INFIXES, rng),
                    last_name: pick(LAST_NAMES, rng),
                    birth_date: format!(
                        "{:02}-{:02}-{}",
                        1 + index % 28,
                        1 + index / 28,
                        rng.u32(1950..2000)
                    ),
                    birth_place: pick(PLACES, rng),
                    email: format!("load-{}-{serial}@voorbeeld.nl", self.tag),
                    mobile_digits: MOBILE_FIRST + (self.mobile_offset + serial) % MOBILE_COUNT,
                    // Most users are employees (issued at once); the others wait for an
                    // identification by the back office.
                    employed: rng.u8(..10) < 7,
                }
            })
            .collect()
    }
}

/// A users file of `people` under the template's `header` line (as the server's template gives
/// it, byte order mark included): `;` between fields, CRLF line ends.
pub fn users_file(header: &str, people: &[Person]) -> Vec<u8> {
    let mut file = String::with_capacity(64 * (people.len() + 1));
    file.push_str(header.trim_end_matches(['\r', '\n']));
    file.push_str("\r\n");
    for person in people {
        file.push_str(&person.csv_row());
        file.push_str("\r\n");
    }
    file.into_bytes()
}

/// An order's size: 1 to 100 users, evenly spread on a log scale (half the orders have 10 users
/// or fewer, one in ten has more than 63): most orders are small, a few are a whole department.
pub fn order_size(rng: &mut fastrand::Rng) -> usize {
    let size = (rng.f64() * (MAX_ORDER as f64).ln()).exp().round();
    // The float lies in [1, 100] by construction; the clamp names the bounds.
    (size as usize).clamp(1, MAX_ORDER)
}

/// The body of `POST /api/v1/orders` for `people` at the organisation `kvk_number`.
pub fn order_body(kvk_number: &str, people: &[Person]) -> Value {
    json!({
        "kvk_number": kvk_number,
        "branch_number": null,
        "level": "EH3",
        "users": people.iter().map(Person::json).collect::<Vec<_>>(),
        "authorisations": {
            "kind": "selected",
            "providers": [],
            "services": ["belastingdienst.mijn-zakelijk", "uwv.werkgeversportaal"],
        },
        "term": 3,
        "accepted_terms": true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_of_one_order_are_all_different_and_their_numbers_mobile() {
        let people = People::new("t1", 49_999_990);
        let mut rng = fastrand::Rng::with_seed(7);
        let order = people.order(100, &mut rng);
        assert_eq!(order.len(), 100);
        let mut persons: Vec<_> = order
            .iter()
            .map(|p| (p.first_names, p.infix, p.last_name, p.birth_date.clone()))
            .collect();
        persons.sort();
        persons.dedup();
        assert_eq!(persons.len(), 100, "no person twice");
        let mut emails: Vec<_> = order.iter().map(|p| p.email.clone()).collect();
        emails.dedup();
        assert_eq!(emails.len(), 100);
        for person in &order {
            let mobile = person.mobile();
            assert_eq!(mobile.len(), 11, "{mobile}");
            assert!(
                matches!(&mobile[..4], "06 1" | "06 2" | "06 3" | "06 4" | "06 5"),
                "{mobile}"
            );
            assert_eq!(
                person.mobile_e164(),
                format!("+31{}", mobile[1..].replace(' ', ""))
            );
        }
        // The offset wraps within the mobile ranges.
        assert_eq!(order[10].mobile(), "06 10000000");
    }

    #[test]
    fn a_users_file_has_the_header_and_one_line_per_person() {
        let people = People::new("t2", 0);
        let order = people.order(2, &mut fastrand::Rng::with_seed(1));
        let file = String::from_utf8(users_file("\u{feff}a;b;c\r\n", &order)).unwrap();
        let lines: Vec<_> = file.split("\r\n").collect();
        assert_eq!(lines.len(), 4, "{file:?}");
        assert_eq!(lines[0], "\u{feff}a;b;c");
        assert!(lines[1].ends_with(";06 10000000;J") || lines[1].ends_with(";06 10000000;N"));
        assert_eq!(lines[1].split(';').count(), 8);
        assert_eq!(lines[3], "");
    }

    #[test]
    fn order_sizes_stay_within_one_to_a_hundred_and_are_mostly_small() {
        let mut rng = fastrand::Rng::with_seed(3);
        let sizes: Vec<usize> = (0..10_000).map(|_| order_size(&mut rng)).collect();
        assert!(sizes.iter().all(|s| (1..=100).contains(s)));
        let small = sizes.iter().filter(|&&s| s <= 10).count();
        assert!((4_500..6_000).contains(&small), "{small}");
        assert!(sizes.contains(&100) && sizes.contains(&1));
    }
}
