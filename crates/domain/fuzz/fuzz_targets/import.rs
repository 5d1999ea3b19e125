//! The users-file import on arbitrary bytes: it must never panic, whatever the file.
//! The first byte picks the file name, so that name-based hints are exercised too.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 6] = ["gebruikers.csv", "gebruikers.xlsx", "oud.xls", "lijst.ods", "lijst.txt", ""];

fuzz_target!(|data: &[u8]| {
    let (name, bytes) = match data.split_first() {
        Some((first, rest)) => (NAMES[usize::from(*first) % NAMES.len()], rest),
        None => ("", data),
    };
    let today = domain::Date::new(2026, 5, 1).unwrap();
    let outcome = domain::import(bytes, name, domain::Limits::DEFAULT, today);
    for lang in domain::Lang::ALL {
        let report = outcome.report(lang);
        assert_eq!(report.ok, outcome.is_ok());
    }
});
