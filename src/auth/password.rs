//! Password hashing with argon2id at OWASP's minimum parameters (19 MiB, two passes, one lane:
//! the crate's defaults), and the few rules a new password must meet.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};
use std::sync::LazyLock;

/// Shortest password accepted. Every account with a password also has (or may add) a second
/// factor, so OWASP's 8 would do; 10 leaves room for the accounts that do not.
pub const MIN_LEN: usize = 10;
/// Longest, so nobody can make us hash a megabyte.
pub const MAX_LEN: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("too short")]
    TooShort,
    #[error("too long")]
    TooLong,
    #[error("too simple")]
    TooSimple,
    #[error("does not match its confirmation")]
    Mismatch,
}

impl PasswordProblem {
    /// The Fluent message telling the person what to change.
    pub fn message_key(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "auth-password-short",
            PasswordProblem::TooLong => "auth-password-long",
            PasswordProblem::TooSimple => "auth-password-simple",
            PasswordProblem::Mismatch => "auth-password-mismatch",
        }
    }
}

/// Checks a new password and its confirmation.
pub fn check_new(password: &str, confirmation: &str, email: &str) -> Result<(), PasswordProblem> {
    let length = password.chars().count();
    if length < MIN_LEN {
        return Err(PasswordProblem::TooShort);
    }
    if length > MAX_LEN {
        return Err(PasswordProblem::TooLong);
    }
    let distinct = password.chars().collect::<std::collections::BTreeSet<_>>().len();
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    if distinct < 4 || (local.chars().count() >= 3 && password.to_lowercase().contains(&local)) {
        return Err(PasswordProblem::TooSimple);
    }
    if password != confirmation {
        return Err(PasswordProblem::Mismatch);
    }
    Ok(())
}

/// The PHC string kept in the database.
pub fn hash(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash a password: {e}"))
}

/// Whether `password` matches a stored PHC string; an unreadable hash matches nothing.
pub fn verify(stored: &str, password: &str) -> bool {
    if password.len() > MAX_LEN * 4 {
        return false;
    }
    PasswordHash::new(stored)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash nobody's password matches, verified against when the email is unknown so that a
/// wrong email takes as long as a wrong password and cannot be told apart by timing.
static DECOY: LazyLock<Option<String>> = LazyLock::new(|| hash("decoy password never used").ok());

pub fn verify_decoy(password: &str) {
    if let Some(decoy) = DECOY.as_deref() {
        let _ = verify(decoy, password);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash("kuda-lari-kencang").unwrap();
        let b = hash("kuda-lari-kencang").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert!(verify(&a, "kuda-lari-kencang"));
        assert!(!verify(&a, "kuda-lari-kencanG"));
        assert!(!verify("not a hash", "kuda-lari-kencang"));
    }

    #[test]
    fn new_password_rules() {
        assert_eq!(check_new("pendek", "pendek", "a@b.id"), Err(PasswordProblem::TooShort));
        assert_eq!(
            check_new("aaaaaaaaaaaa", "aaaaaaaaaaaa", "a@b.id"),
            Err(PasswordProblem::TooSimple)
        );
        assert_eq!(
            check_new("budi-showroom-99", "budi-showroom-99", "budi@x.id"),
            Err(PasswordProblem::TooSimple)
        );
        assert_eq!(
            check_new("mobil-bekas-2026", "mobil-bekas-2027", "a@b.id"),
            Err(PasswordProblem::Mismatch)
        );
        assert_eq!(
            check_new(&"x1".repeat(70), &"x1".repeat(70), "a@b.id"),
            Err(PasswordProblem::TooLong)
        );
        assert_eq!(check_new("mobil-bekas-2026", "mobil-bekas-2026", "budi@x.id"), Ok(()));
    }
}
