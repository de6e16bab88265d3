//! Whole Indonesian rupiah. The one money type: no floats, no thousands-of-rupiah units.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in whole rupiah. Never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Rupiah(i64);

/// Why an amount is not a valid price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RupiahError {
    #[error("amount is negative")]
    Negative,
    #[error("amount is larger than any car")]
    TooLarge,
}

impl Rupiah {
    /// The largest amount we accept: 1 trillion rupiah, far above any car, far below `i64::MAX`
    /// so sums over a whole inventory cannot overflow.
    pub const MAX: i64 = 1_000_000_000_000;

    /// Accepts `0..=MAX`.
    pub fn new(amount: i64) -> Result<Self, RupiahError> {
        match amount {
            ..0 => Err(RupiahError::Negative),
            0..=Self::MAX => Ok(Self(amount)),
            _ => Err(RupiahError::TooLarge),
        }
    }

    pub fn amount(self) -> i64 {
        self.0
    }

    /// The chat form: `Rp 120 jt`, `Rp 1,25 M`, `Rp 97,5 jt`, `Rp 850 rb`. Exact to the
    /// shown digits; an amount that would lose precision in this form keeps every digit.
    pub fn short(self) -> String {
        let n = self.0;
        let unit = |value: i64, size: i64, word: &str| -> Option<String> {
            if value < size {
                return None;
            }
            let whole = value / size;
            let rest = value % size;
            // Up to two decimals, and only when they are exact.
            for (places, scale) in [(0usize, 1i64), (1, 10), (2, 100)] {
                if (rest * scale) % size == 0 {
                    let frac = rest * scale / size;
                    return Some(if places == 0 {
                        format!("Rp {whole} {word}")
                    } else {
                        format!("Rp {whole},{frac:0places$} {word}")
                    });
                }
            }
            None
        };
        // Only the largest unit that fits: 163.456.000 is not "163456 rb".
        let short = match n {
            1_000_000_000.. => unit(n, 1_000_000_000, "M"),
            1_000_000.. => unit(n, 1_000_000, "jt"),
            _ => unit(n, 1_000, "rb"),
        };
        short.unwrap_or_else(|| self.to_string())
    }
}

impl TryFrom<i64> for Rupiah {
    type Error = RupiahError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Rupiah> for i64 {
    fn from(value: Rupiah) -> Self {
        value.0
    }
}

impl fmt::Display for Rupiah {
    /// `Rp 150.000.000`: the way a price is printed on an Indonesian price tag.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(c);
        }
        write!(f, "Rp {grouped}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn negative_amounts_are_refused() {
        assert_eq!(Rupiah::new(-1), Err(RupiahError::Negative));
        assert_eq!(Rupiah::new(Rupiah::MAX + 1), Err(RupiahError::TooLarge));
    }

    #[test]
    fn display_groups_thousands_with_dots() {
        let shown = |n| Rupiah::new(n).map(|r| r.to_string());
        assert_eq!(shown(0), Ok("Rp 0".into()));
        assert_eq!(shown(999), Ok("Rp 999".into()));
        assert_eq!(shown(1_000), Ok("Rp 1.000".into()));
        assert_eq!(shown(150_000_000), Ok("Rp 150.000.000".into()));
        assert_eq!(shown(1_200_000_000), Ok("Rp 1.200.000.000".into()));
    }

    #[test]
    fn short_form_is_exact_or_falls_back_to_every_digit() {
        let short = |n| Rupiah::new(n).map(Rupiah::short).unwrap_or_default();
        assert_eq!(short(120_000_000), "Rp 120 jt");
        assert_eq!(short(97_500_000), "Rp 97,5 jt");
        assert_eq!(short(1_250_000_000), "Rp 1,25 M");
        assert_eq!(short(850_000), "Rp 850 rb");
        assert_eq!(short(163_450_000), "Rp 163,45 jt");
        assert_eq!(short(163_456_000), "Rp 163.456.000");
        assert_eq!(short(999), "Rp 999");
    }

    proptest! {
        #[test]
        fn display_round_trips_through_digits(n in 0i64..Rupiah::MAX) {
            let text = Rupiah::new(n).map(|r| r.to_string()).unwrap_or_default();
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            prop_assert_eq!(digits.parse::<i64>().ok(), Some(n));
        }
    }
}
