//! Flat-rate credit simulation, the way Indonesian leasing companies quote used cars:
//! interest is charged on the whole principal for every year of the tenor.
//! `monthly = (principal + principal × rate × years) / months`. Rates are basis points per
//! year (730 = 7.30 %), so no float ever touches money.

use crate::domain::Rupiah;
use serde::{Deserialize, Serialize};

/// Flat rates per year by tenor (index 0 = 1 year … 4 = 5 years), in basis points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditRates {
    pub by_tenor_bp: [u32; 5],
}

impl Default for CreditRates {
    fn default() -> Self {
        CreditRates {
            by_tenor_bp: [730, 825, 890, 970, 1070],
        }
    }
}

impl CreditRates {
    pub fn validate(&self) -> Result<(), CreditError> {
        if self.by_tenor_bp.iter().any(|bp| *bp > 5_000) {
            return Err(CreditError::Rate);
        }
        Ok(())
    }

    /// The rate for a tenor and a car of this age: +0.5 point a year past five years of age,
    /// at most +3 points.
    pub fn rate_bp(&self, years: u8, car_age: i32) -> Option<u32> {
        let base = *self.by_tenor_bp.get(usize::from(years).checked_sub(1)?)?;
        let over = u32::try_from((car_age - 5).max(0)).unwrap_or(0);
        Some(base + (over * 50).min(300))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CreditError {
    #[error("tenor is 1 to 5 years")]
    Tenor,
    #[error("the down payment is not less than the price")]
    DownPayment,
    #[error("a rate is above 50 % a year")]
    Rate,
}

/// One simulated credit, every figure whole rupiah.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreditQuote {
    pub price: Rupiah,
    pub down_payment: Rupiah,
    pub principal: Rupiah,
    pub years: u8,
    pub rate_bp: u32,
    /// Rounded up to the next rupiah, as leasing companies do.
    pub monthly: Rupiah,
}

pub fn simulate(
    price: Rupiah,
    down_payment: Rupiah,
    years: u8,
    car_age: i32,
    rates: &CreditRates,
) -> Result<CreditQuote, CreditError> {
    let rate_bp = rates.rate_bp(years, car_age).ok_or(CreditError::Tenor)?;
    if down_payment >= price {
        return Err(CreditError::DownPayment);
    }
    let principal = i128::from(price.amount() - down_payment.amount());
    let years_i = i128::from(years);
    // principal × (1 + rate × years) / months, all in integers: scale by 10 000 for the bp.
    let total_scaled = principal * (10_000 + i128::from(rate_bp) * years_i);
    let months_scaled = 12 * years_i * 10_000;
    let monthly = (total_scaled + months_scaled - 1) / months_scaled;
    let to_rupiah = |v: i128| i64::try_from(v).ok().and_then(|v| Rupiah::new(v).ok());
    Ok(CreditQuote {
        price,
        down_payment,
        principal: to_rupiah(principal).ok_or(CreditError::DownPayment)?,
        years,
        rate_bp,
        monthly: to_rupiah(monthly).ok_or(CreditError::DownPayment)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rp(n: i64) -> Rupiah {
        Rupiah::new(n).expect("valid amount")
    }

    #[test]
    fn the_issue_example_by_hand() {
        // 150 jt car, DP 30 jt, 3 years, 8.9 %: 120 jt + 120 jt × 0.089 × 3 = 152.04 jt / 36.
        let q = simulate(rp(150_000_000), rp(30_000_000), 3, 2, &CreditRates::default()).expect("valid");
        assert_eq!(q.principal, rp(120_000_000));
        assert_eq!(q.rate_bp, 890);
        assert_eq!(q.monthly, rp(4_223_334));
    }

    #[test]
    fn older_cars_pay_half_a_point_a_year_capped_at_three() {
        let rates = CreditRates::default();
        assert_eq!(rates.rate_bp(1, 5), Some(730));
        assert_eq!(rates.rate_bp(1, 7), Some(830));
        assert_eq!(rates.rate_bp(5, 30), Some(1370));
        assert_eq!(rates.rate_bp(0, 1), None);
        assert_eq!(rates.rate_bp(6, 1), None);
    }

    #[test]
    fn a_down_payment_at_or_above_the_price_is_refused() {
        let r = CreditRates::default();
        assert_eq!(simulate(rp(100), rp(100), 1, 0, &r), Err(CreditError::DownPayment));
        assert_eq!(simulate(rp(100), rp(0), 0, 0, &r), Err(CreditError::Tenor));
    }

    proptest! {
        #[test]
        fn instalments_repay_at_least_principal_plus_interest(
            price in 10_000_000i64..2_000_000_000, dp_pct in 0i64..90, years in 1u8..=5, age in 0i32..40
        ) {
            let r = CreditRates::default();
            let q = simulate(rp(price), rp(price * dp_pct / 100), years, age, &r).expect("valid");
            let months = i128::from(years) * 12;
            let paid = i128::from(q.monthly.amount()) * months;
            let owed = i128::from(q.principal.amount())
                + i128::from(q.principal.amount()) * i128::from(q.rate_bp) * i128::from(years) / 10_000;
            prop_assert!(paid >= owed && paid - owed < months + 1);
        }
    }
}
