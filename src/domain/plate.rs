//! Indonesian number plates (`B 1234 XYZ`): region letters, number, suffix letters.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A normalised Indonesian plate: uppercase, single spaces, e.g. `B 1234 XYZ` or `AB 12 C`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Plate(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an Indonesian number plate")]
pub struct PlateError;

impl Plate {
    /// Accepts `b1234xyz`, `B-1234-XYZ`, `b 1234 xyz`; 1–2 region letters, 1–4 digits and
    /// 0–3 suffix letters (older and special plates have no suffix).
    pub fn parse(raw: &str) -> Result<Self, PlateError> {
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '.')
            .collect::<String>()
            .to_ascii_uppercase();
        let region_len = compact.chars().take_while(char::is_ascii_alphabetic).count();
        let rest = &compact[region_len..];
        let number_len = rest.chars().take_while(char::is_ascii_digit).count();
        let suffix = &rest[number_len..];
        let valid = (1..=2).contains(&region_len)
            && (1..=4).contains(&number_len)
            && suffix.len() <= 3
            && suffix.chars().all(|c| c.is_ascii_alphabetic())
            && !rest.starts_with('0');
        if !valid {
            return Err(PlateError);
        }
        let region = &compact[..region_len];
        let number = &rest[..number_len];
        Ok(Self(if suffix.is_empty() {
            format!("{region} {number}")
        } else {
            format!("{region} {number} {suffix}")
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Plate {
    type Error = PlateError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Plate> for String {
    fn from(value: Plate) -> Self {
        value.0
    }
}

impl fmt::Display for Plate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parsed(raw: &str) -> Option<String> {
        Plate::parse(raw).ok().map(|p| p.to_string())
    }

    #[test]
    fn common_spellings_normalise_to_one_form() {
        assert_eq!(parsed("B 1234 XYZ").as_deref(), Some("B 1234 XYZ"));
        assert_eq!(parsed("b1234xyz").as_deref(), Some("B 1234 XYZ"));
        assert_eq!(parsed("AB-12-C").as_deref(), Some("AB 12 C"));
        assert_eq!(parsed("d 1").as_deref(), Some("D 1"));
    }

    #[test]
    fn non_plates_are_refused() {
        for raw in ["", "1234", "ABC 1234 X", "B 12345 X", "B 1234 WXYZ", "B 0123 X"] {
            assert_eq!(parsed(raw), None, "{raw}");
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_is_idempotent(raw in ".{0,40}") {
            if let Ok(p) = Plate::parse(&raw) {
                prop_assert_eq!(Plate::parse(p.as_str()), Ok(p.clone()));
            }
        }
    }
}
