//! Tenant value types: slugs and API keys. Pure.

use crate::domain::TenantId;
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use std::fmt;
use time::OffsetDateTime;

/// A showroom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    pub id: TenantId,
    pub slug: Slug,
    pub name: String,
    pub created_at: OffsetDateTime,
}

/// What a staff member may do: owners and admins may delete cars and see revenue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffRole {
    Owner,
    Admin,
    Staff,
}

impl StaffRole {
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Owner => "owner",
            StaffRole::Admin => "admin",
            StaffRole::Staff => "staff",
        }
    }
}

impl std::str::FromStr for StaffRole {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "owner" => Ok(StaffRole::Owner),
            "admin" => Ok(StaffRole::Admin),
            "staff" => Ok(StaffRole::Staff),
            _ => Err(()),
        }
    }
}

/// The URL-safe short name of a tenant (`{slug}.{PLATFORM_DOMAIN}`, `/s/{slug}`): lowercase
/// letters, digits and single hyphens, 3–40 characters, not a reserved word.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("a slug is 3 to 40 characters of a-z, 0-9 and single hyphens, not starting or ending with a hyphen")]
    Shape,
    #[error("\"{0}\" is reserved")]
    Reserved(String),
}

const RESERVED: &[&str] = &[
    "www", "api", "admin", "app", "mail", "static", "assets", "status", "help",
];

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, SlugError> {
        let s = raw.trim();
        let shape_ok = (3..=40).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if !shape_ok {
            return Err(SlugError::Shape);
        }
        if RESERVED.contains(&s) {
            return Err(SlugError::Reserved(s.to_owned()));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Hex SHA-256 of a high-entropy secret (API keys, one-time link codes): what the database
/// keeps instead of the secret.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.trim().as_bytes()))
}

/// A one-time code a staff member sends to the bot (`/start CODE`) to link their Telegram
/// account: 10 characters from an alphabet without look-alikes (≈50 bits, used once).
pub fn link_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..10)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// A tenant API key: shown once at creation, stored only as a SHA-256 hash. The key is 40
/// random alphanumerics (≈238 bits), so a fast hash is enough: nobody can brute-force it.
pub struct ApiKey(SecretString);

impl ApiKey {
    const PREFIX: &'static str = "alk_";

    pub fn generate() -> Self {
        let random: String = rand::rng()
            .sample_iter(rand::distr::Alphanumeric)
            .take(40)
            .map(char::from)
            .collect();
        Self(SecretString::from(format!("{}{random}", Self::PREFIX)))
    }

    /// Wraps a key presented by a client.
    pub fn from_presented(raw: &str) -> Self {
        Self(SecretString::from(raw.trim().to_owned()))
    }

    /// Hex SHA-256, what the database keeps.
    pub fn hash(&self) -> String {
        hash_secret(self.0.expose_secret())
    }

    /// The first characters, safe to show in lists and logs to tell keys apart.
    pub fn visible_prefix(&self) -> String {
        self.0.expose_secret().chars().take(8).collect()
    }

    /// The key itself, for the one time it is shown to its owner.
    pub fn reveal(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({}…)", self.visible_prefix())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_safe_and_not_reserved() {
        assert!(Slug::parse("jaya-motor").is_ok());
        assert!(Slug::parse("mobil88").is_ok());
        for bad in ["ab", "Jaya", "jaya motor", "-jaya", "jaya-", "ja--ya", "jaya_motor"] {
            assert_eq!(Slug::parse(bad), Err(SlugError::Shape), "{bad}");
        }
        assert!(matches!(Slug::parse("admin"), Err(SlugError::Reserved(_))));
    }

    #[test]
    fn keys_are_unique_and_hash_stably() {
        let a = ApiKey::generate();
        let b = ApiKey::generate();
        assert_ne!(a.reveal(), b.reveal());
        assert!(a.reveal().starts_with("alk_"));
        assert_eq!(a.hash(), ApiKey::from_presented(a.reveal()).hash());
        assert_eq!(a.hash().len(), 64);
        assert!(!format!("{a:?}").contains(&a.reveal()[8..]));
    }
}
