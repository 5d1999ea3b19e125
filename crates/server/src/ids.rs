//! Identifiers people read aloud and type: order numbers (`MP-…`) and means (`EHM-…`).

use crate::error::ApiError;

/// Crockford's base32: no I, L, O or U, so nothing is mistaken for a digit.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `{prefix}-XXXXX-XXXXX`: 10 random characters of Crockford's base32 (50 bits), from the
/// operating system's CSPRNG, so that one identifier does not lead to the next.
pub(crate) fn readable(prefix: &str) -> Result<String, ApiError> {
    let mut bytes = [0_u8; 10];
    getrandom::getrandom(&mut bytes).map_err(|e| ApiError::internal(e.to_string()))?;
    // 256 is a multiple of 32: every character is equally likely.
    let code: String = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    Ok(format!("{prefix}-{}-{}", &code[..5], &code[5..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_grouped_and_use_no_ambiguous_letters() {
        let id = readable("EHM").unwrap();
        assert_eq!(id.len(), "EHM-XXXXX-XXXXX".len());
        assert!(id.starts_with("EHM-") && id.as_bytes()[9] == b'-');
        assert!(!id[4..].contains(['I', 'L', 'O', 'U']), "{id}");
        assert_ne!(readable("EHM").unwrap(), id);
    }
}
