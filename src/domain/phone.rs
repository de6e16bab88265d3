//! Phone numbers in E.164. A provider's id is taken exactly as given; only what a person
//! typed is read with Indonesian habits (a leading 0 or 62), and only where that reading is
//! the one possible reading.

use std::fmt;

/// A phone number in E.164, kept as its digits without the plus (`6281234567890`, which is
/// also how WhatsApp writes a `wa_id`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

/// E.164 allows at most 15 digits; no country's numbers are shorter than 8 with the code.
const DIGITS: std::ops::RangeInclusive<usize> = 8..=15;
/// Indonesian numbers have 8 to 12 digits after the country code.
const NATIONAL: std::ops::RangeInclusive<usize> = 8..=12;

impl Phone {
    /// A number as a provider gives it (WhatsApp's `wa_id`, a stored number): digits only,
    /// compared as they are. `85251234567` is a Hong Kong number and stays one.
    pub fn from_provider(id: &str) -> Option<Phone> {
        let digits = id.strip_prefix('+').unwrap_or(id);
        let well_formed =
            DIGITS.contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
        well_formed.then(|| Phone(digits.to_owned()))
    }

    /// A number a person typed: `0812-3456-789`, `+62 812 3456 789`, `62 812…` and
    /// `(0812) 3456789` are Indonesian; `+852 5123 4567` and `00852…` are foreign numbers
    /// written with their code. Bare digits that start otherwise (`8123456789`,
    /// `85251234567`) could be either, so they are refused rather than guessed.
    pub fn parse_typed(raw: &str) -> Option<Phone> {
        let raw = raw.trim();
        if raw.is_empty() || raw.chars().any(|c| !(c.is_ascii_digit() || " -.()+/".contains(c))) {
            return None;
        }
        let international = raw.starts_with('+') || raw.starts_with("00");
        if raw.chars().skip(1).any(|c| c == '+') {
            return None;
        }
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        let digits = if raw.starts_with("00") {
            &digits[2..]
        } else {
            digits.as_str()
        };
        if let Some(national) = digits.strip_prefix("62") {
            return indonesian(national);
        }
        if international {
            return Phone::from_provider(digits);
        }
        digits.strip_prefix('0').and_then(indonesian)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// `62` and the national number, where a stray trunk 0 after the code (`+62 0812…`) is dropped.
fn indonesian(national: &str) -> Option<Phone> {
    let national = national.strip_prefix('0').unwrap_or(national);
    (NATIONAL.contains(&national.len()) && !national.starts_with('0')).then(|| Phone(format!("62{national}")))
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn typed(raw: &str) -> Option<String> {
        Phone::parse_typed(raw).map(Phone::into_string)
    }

    #[test]
    fn every_indonesian_way_of_writing_a_number_is_one_number() {
        for raw in [
            "0812-3456-789",
            "+62 812 3456 789",
            "628123456789",
            "62 0812 3456 789",
            "(0812) 3456.789",
            "0062 812 3456 789",
        ] {
            assert_eq!(typed(raw).as_deref(), Some("628123456789"), "{raw}");
        }
    }

    #[test]
    fn foreign_numbers_keep_their_country() {
        assert_eq!(typed("+852 5123 4567").as_deref(), Some("85251234567"));
        assert_eq!(typed("00852 5123 4567").as_deref(), Some("85251234567"));
        assert_eq!(typed("+65 9123 4567").as_deref(), Some("6591234567"));
    }

    #[test]
    fn bare_digits_that_could_be_either_are_refused() {
        for raw in [
            "8123456789",
            "85251234567",
            "12345",
            "",
            "0812abc",
            "08-12",
            "+62 +812 345 678",
        ] {
            assert_eq!(typed(raw), None, "{raw}");
        }
    }

    #[test]
    fn a_provider_id_is_never_guessed_at() {
        let hk = Phone::from_provider("85251234567").map(Phone::into_string);
        assert_eq!(hk.as_deref(), Some("85251234567"));
        assert_ne!(hk, typed("0852-5123-4567"));
        assert_eq!(
            Phone::from_provider("6285251234567"),
            Phone::parse_typed("0852-5123-4567")
        );
        assert_eq!(Phone::from_provider("085251234567"), None);
        assert_eq!(Phone::from_provider("62 812"), None);
        assert_eq!(Phone::from_provider("1234567890123456"), None);
    }

    proptest! {
        #[test]
        fn reading_never_panics_and_a_reading_reads_back_the_same(raw in ".{0,30}") {
            if let Some(p) = Phone::parse_typed(&raw) {
                prop_assert_eq!(Phone::from_provider(p.as_str()), Some(p.clone()));
                prop_assert_eq!(Phone::parse_typed(&format!("+{p}")), Some(p));
            }
            let _ = Phone::from_provider(&raw);
        }
    }
}
