//! What a showroom tells its customers about itself: address, map link, contact, opening
//! hours and credit rates. Stored as one JSON document per tenant; everything optional, so an
//! unset fact is answered honestly as unknown, never guessed.

use super::branding::{Branding, BrandingError, CatalogOptions};
use crate::pricing::CreditRates;
use serde::{Deserialize, Serialize};
use time::{Time, Weekday};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    pub address: Option<String>,
    pub map_url: Option<String>,
    /// The public contact number (not a staff member's own phone).
    pub phone: Option<String>,
    /// The showroom's WhatsApp number for the catalog's "ask on WhatsApp" buttons (any
    /// Indonesian spelling); `phone` is used when unset.
    pub whatsapp: Option<String>,
    pub hours: Option<OpeningHours>,
    pub credit_rates: Option<CreditRates>,
    pub branding: Branding,
    pub catalog: CatalogOptions,
}

/// When the showroom is open: the same hours on each listed weekday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningHours {
    /// `HH:MM`, Jakarta time.
    pub open: String,
    pub close: String,
    /// ISO weekday numbers, 1 = Monday … 7 = Sunday.
    pub days: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("hours must be HH:MM with open before close")]
    Hours,
    #[error("days are 1 (Monday) to 7 (Sunday)")]
    Days,
    #[error("credit rates: {0}")]
    Rates(String),
    #[error("not a profile: {0}")]
    Json(String),
    #[error(transparent)]
    Branding(#[from] BrandingError),
    #[error("whatsapp is not an Indonesian phone number")]
    Whatsapp,
}

fn clock(raw: &str) -> Option<Time> {
    let (h, m) = raw.trim().split_once(':')?;
    Time::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok()
}

impl OpeningHours {
    /// Opening and closing time.
    pub fn span(&self) -> Option<(Time, Time)> {
        let (open, close) = (clock(&self.open)?, clock(&self.close)?);
        (open < close).then_some((open, close))
    }

    pub fn open_on(&self, day: Weekday) -> bool {
        self.days.contains(&day.number_from_monday())
    }

    /// Whether a Jakarta wall-clock moment falls inside the hours (closing time excluded).
    pub fn contains(&self, day: Weekday, at: Time) -> bool {
        self.open_on(day) && self.span().is_some_and(|(open, close)| open <= at && at < close)
    }
}

impl Profile {
    /// Reads and checks a profile document.
    pub fn parse(json: &str) -> Result<Profile, ProfileError> {
        let profile: Profile = serde_json::from_str(json).map_err(|e| ProfileError::Json(e.to_string()))?;
        profile.validate()?;
        Ok(profile)
    }

    pub fn validate(&self) -> Result<(), ProfileError> {
        if let Some(hours) = &self.hours {
            hours.span().ok_or(ProfileError::Hours)?;
            if hours.days.is_empty() || hours.days.iter().any(|d| !(1..=7).contains(d)) {
                return Err(ProfileError::Days);
            }
        }
        if let Some(rates) = &self.credit_rates {
            rates.validate().map_err(|e| ProfileError::Rates(e.to_string()))?;
        }
        if let Some(wa) = &self.whatsapp
            && crate::domain::Phone::parse_typed(wa).is_none()
        {
            return Err(ProfileError::Whatsapp);
        }
        self.branding.validate()?;
        self.catalog.validate()?;
        Ok(())
    }

    /// The number for `wa.me` links (`628…`), from `whatsapp` or else `phone`.
    pub fn whatsapp_number(&self) -> Option<String> {
        [&self.whatsapp, &self.phone]
            .into_iter()
            .flatten()
            .find_map(|n| crate::domain::Phone::parse_typed(n).map(crate::domain::Phone::into_string))
    }

    /// The showroom's rates, or the platform defaults.
    pub fn rates(&self) -> CreditRates {
        self.credit_rates.clone().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::time;

    #[test]
    fn hours_are_checked_and_closing_time_is_excluded() {
        let hours = OpeningHours {
            open: "08:00".into(),
            close: "17:00".into(),
            days: vec![1, 2, 3, 4, 5, 6],
        };
        assert!(hours.contains(Weekday::Saturday, time!(08:00)));
        assert!(!hours.contains(Weekday::Saturday, time!(17:00)));
        assert!(!hours.contains(Weekday::Sunday, time!(10:00)));
        assert!(Profile::parse(r#"{"hours":{"open":"17:00","close":"08:00","days":[1]}}"#).is_err());
        assert!(Profile::parse(r#"{"hours":{"open":"08:00","close":"17:00","days":[8]}}"#).is_err());
        assert!(Profile::parse(r#"{"address":"Jl. Raya 1","colour":"x"}"#).is_err());
        assert_eq!(Profile::parse("{}"), Ok(Profile::default()));
    }
}
