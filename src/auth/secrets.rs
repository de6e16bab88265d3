//! Random tokens of the panel: session ids, CSRF tokens, setup links and recovery codes. Only
//! their SHA-256 hashes are stored where a stolen database must not let anyone in.

use rand::Rng;

/// 32 random bytes, URL-safe base64 (256 bits).
pub fn token() -> String {
    use base64::Engine;
    let bytes: [u8; 32] = rand::rng().random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub use crate::tenants::domain::hash_secret as hash;

/// How many recovery codes a person gets.
pub const RECOVERY_CODES: usize = 8;

/// Recovery codes: `XXXXX-XXXXX` from an alphabet without look-alikes (50 bits each, used
/// once), shown once and stored hashed.
pub fn recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let code = crate::tenants::domain::link_code();
            format!("{}-{}", &code[..5], &code[5..])
        })
        .collect()
}

/// A recovery code as typed: case, spaces and the dash do not matter.
pub fn normalize_recovery(raw: &str) -> String {
    let compact: String = raw
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.len() == 10 {
        format!("{}-{}", &compact[..5], &compact[5..])
    } else {
        compact
    }
}

/// Compares two secrets in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    crate::domain::same_secret(a.as_bytes(), b.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, b) = (token(), token());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
    }

    #[test]
    fn recovery_codes_read_back_however_typed() {
        let codes = recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let typed = codes[0].to_lowercase().replace('-', " ");
        assert_eq!(normalize_recovery(&typed), codes[0]);
        assert!(same(&codes[1], &codes[1].clone()));
        assert!(!same(&codes[1], &codes[2]));
    }
}
