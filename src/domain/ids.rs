//! Identifiers: tenants and vehicles by UUID, vehicles also by their per-tenant display id.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// A showroom. Only ever taken from the server side (API key, webhook, host, session).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TenantId(Uuid);

impl TenantId {
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }
    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }
    pub fn as_uuid(self) -> Uuid {
        self.0
    }
}

impl Default for TenantId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A vehicle's stable internal id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VehicleId(Uuid);

impl VehicleId {
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }
    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }
    pub fn as_uuid(self) -> Uuid {
        self.0
    }
}

impl Default for VehicleId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for VehicleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The short id staff say out loud and type in chat: `AVZ-0007`. Unique per tenant, never
/// reused: the number comes from a per-tenant, per-prefix counter that only goes up.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DisplayId(String);

impl DisplayId {
    /// Three letters read from the model name: its first letter, then its first consonant and
    /// its last consonant that differs from that one (Avanza → AVZ, Xpander → XPR,
    /// Fortuner → FRN, HR-V → HRV), filling from the remaining letters when there are too
    /// few consonants (Brio → BRI).
    pub fn prefix_for_model(model: &str) -> String {
        let letters: Vec<char> = model
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let Some((&first, rest)) = letters.split_first() else {
            return "CAR".to_owned();
        };
        let consonants: Vec<usize> = (0..rest.len()).filter(|&i| !"AEIOU".contains(rest[i])).collect();
        let mut picked: Vec<usize> = match consonants.first() {
            Some(&a) => match consonants.iter().rev().find(|&&b| rest[b] != rest[a]) {
                Some(&b) => vec![a, b],
                None => vec![a],
            },
            None => Vec::new(),
        };
        for i in 0..rest.len() {
            if picked.len() < 2 && !picked.contains(&i) {
                picked.push(i);
                picked.sort_unstable();
            }
        }
        let mut prefix: String = std::iter::once(first).chain(picked.iter().map(|&i| rest[i])).collect();
        while prefix.len() < 3 {
            prefix.push('X');
        }
        prefix
    }

    pub fn new(prefix: &str, number: i64) -> Self {
        Self(format!("{prefix}-{number:04}"))
    }

    /// Accepts what staff type (`avz-7`, `AVZ 0007`, `avz0007`) and returns the canonical form.
    pub fn parse(raw: &str) -> Option<Self> {
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        // The prefix is always three characters and may hold a digit ("XL7" for the XL7).
        if !compact.is_char_boundary(3.min(compact.len())) || compact.len() < 4 {
            return None;
        }
        let (prefix, digits) = compact.split_at(3);
        let valid_prefix = prefix.chars().all(|c| c.is_ascii_alphanumeric());
        if !valid_prefix || digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let number: i64 = digits.parse().ok()?;
        Some(Self::new(prefix, number))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DisplayId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn prefixes_read_like_the_model() {
        for (model, prefix) in [
            ("Avanza", "AVZ"),
            ("Xpander", "XPR"),
            ("Brio", "BRI"),
            ("HR-V", "HRV"),
            ("Fortuner", "FRN"),
            ("Jazz", "JAZ"),
            ("Pajero Sport", "PJT"),
            ("Ioniq", "INQ"),
            ("C", "CXX"),
            ("", "CAR"),
        ] {
            assert_eq!(DisplayId::prefix_for_model(model), prefix, "{model}");
        }
    }

    #[test]
    fn typed_forms_parse_to_the_canonical_id() {
        for raw in ["AVZ-0007", "avz-7", "avz 0007", "Avz0007"] {
            assert_eq!(
                DisplayId::parse(raw).map(|d| d.to_string()).as_deref(),
                Some("AVZ-0007")
            );
        }
        assert_eq!(DisplayId::parse("AV-7"), None);
        assert_eq!(DisplayId::parse("AVZ-"), None);
        // A model with a digit in its prefix reads back (it used to break every list).
        assert_eq!(
            DisplayId::parse("XL7-0001").map(|d| d.to_string()).as_deref(),
            Some("XL7-0001")
        );
        assert_eq!(
            DisplayId::parse("xl7 1").map(|d| d.to_string()).as_deref(),
            Some("XL7-0001")
        );
        assert_eq!(DisplayId::parse("AVZ-12a"), None);
    }

    proptest! {
        #[test]
        fn parse_never_panics(raw in ".{0,32}") {
            let _ = DisplayId::parse(&raw);
            prop_assert!(DisplayId::prefix_for_model(&raw).len() == 3);
        }
    }
}
