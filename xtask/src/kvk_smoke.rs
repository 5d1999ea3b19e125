//! `cargo xtask kvk-smoke [--base-url URL] [KVK_NUMBER …]`: for whoever has a KvK API key
//! (`MIDDELPUNT_KVK_API_KEY`; `MIDDELPUNT_KVK_BASE_URL`, default KvK's test environment). Builds
//! the server and runs its `kvk-smoke` command, which asks KvK's API through the server's own
//! client for KvK's documented test numbers, an unknown number and once with a wrong key, and
//! prints a table of the answers (crates/server/src/kvk/smoke.rs). Not part of `test`: it needs
//! the network and a key. Without a key it says so before building anything.

use crate::error::XtaskError;
use crate::server::{self, Profile};

/// The key's variable, as the server reads it.
const API_KEY: &str = "MIDDELPUNT_KVK_API_KEY";

pub const NO_KEY: &str = "kvk-smoke asks KvK's API and needs a key: set MIDDELPUNT_KVK_API_KEY \
     (for KvK's test environment, the public test key on \
     https://developers.kvk.nl/documentation/testing) and, for another environment than \
     https://api.kvk.nl/test/api, MIDDELPUNT_KVK_BASE_URL";

/// Refuses to start without a key (the server checks again).
pub fn precheck(get: impl Fn(&str) -> Option<String>) -> Result<(), XtaskError> {
    match get(API_KEY) {
        Some(key) if !key.trim().is_empty() => Ok(()),
        _ => Err(XtaskError::Usage(NO_KEY)),
    }
}

pub fn command(args: &[String]) -> Result<(), XtaskError> {
    precheck(|name| std::env::var(name).ok())?;
    server::build(Profile::Debug)?;
    server::kvk_smoke(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_key_it_stops_and_says_what_to_set() {
        let none = precheck(|_| None).unwrap_err();
        assert!(
            none.to_string().contains("set MIDDELPUNT_KVK_API_KEY"),
            "{none}"
        );
        assert!(precheck(|_| Some("  ".to_owned())).is_err());
        assert!(precheck(|name| (name == API_KEY).then(|| "l7xx".to_owned())).is_ok());
    }
}
