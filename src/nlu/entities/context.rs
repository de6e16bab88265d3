//! Deciding what a number means from the words around it.

use crate::nlu::numbers::{Mention, Unit};

/// What an amount of money is in the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyRole {
    Price,
    Max,
    Min,
    DownPayment,
    Installment,
    /// "kurang 5jt": an amount off the price, not a price.
    Discount,
    /// `45rb` with no money word nearby: kilometres, not a price.
    Mileage,
}

/// Words that make a bare number ("jadi 118", "budget 200an") an amount in juta.
const MONEY_WORDS: &[&str] = &[
    "harga", "rp", "jadi", "ke", "cash", "nego", "net", "otr", "pas", "dp", "budget", "bawah", "atas", "maksimal",
    "minimal", "sampai", "dilepas", "lepas", "seharga", "turun", "naik", "<", "kredit", "angsuran", "cicilan",
];

/// Words after which even a four-digit number is money ("harga 2000" is not a year).
const PRICE_ONLY: &[&str] = &["harga", "rp", "dp", "budget", "cash", "otr", "seharga"];

/// A year: four digits 1950–2039, or two digits after "tahun" ("th 19" → 2019).
pub fn year(m: &Mention, before: &[&str]) -> Option<i32> {
    if m.unit.is_some() || m.rupiah || m.grouped || m.approx {
        return None;
    }
    let value = i32::try_from(m.integer()?).ok()?;
    let after_tahun = before.first() == Some(&"tahun");
    match m.int_digits {
        4 if (1950..=2039).contains(&value) && !before.first().is_some_and(|w| PRICE_ONLY.contains(w)) => Some(value),
        2 if after_tahun => Some(if value >= 50 { 1900 + value } else { 2000 + value }),
        _ => None,
    }
}

/// The money value of a mention and its role, or `None` for a number that is not money.
/// `right_after_car`: the number follows the model or trim directly ("crv prestige 370"),
/// the way people quote a price in juta.
pub fn money_role(m: &Mention, before: &[&str], after: &[&str], right_after_car: bool) -> Option<(MoneyRole, i64)> {
    let near = |words: &[&str]| before.iter().any(|w| words.contains(w));
    let money_context = near(MONEY_WORDS)
        || after
            .first()
            .is_some_and(|w| matches!(*w, "net" | "cash" | "nego" | "juta" | "deh" | "fix"))
        || (right_after_car && (50..=2_000).contains(&m.integer().unwrap_or(0)));
    let amount = match m.unit {
        Some(u) if u.money_factor().is_some() => m.rupiah_value(u)?,
        Some(_) => return None,
        None if m.rupiah || m.grouped => m.integer()?,
        None => {
            let v = m.integer()?;
            match v {
                1_000_000.. => v,
                10..=9_999 if money_context => v * 1_000_000,
                _ => return None,
            }
        }
    };
    if before
        .first()
        .is_some_and(|w| matches!(*w, "kurang" | "potong" | "potongan" | "diskon" | "turun" | "naik"))
    {
        return Some((MoneyRole::Discount, amount));
    }
    if near(&[
        "gaji",
        "penghasilan",
        "income",
        "gajinya",
        "tanda",
        "utj",
        "fee",
        "uang",
        "pinjam",
    ]) {
        return Some((MoneyRole::Installment, amount));
    }
    if near(&["dp", "muka"]) {
        return Some((MoneyRole::DownPayment, amount));
    }
    if near(&["angsuran", "cicilan", "cicil"]) || after.first() == Some(&"per") {
        return Some((MoneyRole::Installment, amount));
    }
    if amount < 1_000_000 {
        // No car costs less than a million: "45rb" is kilometres.
        return (m.unit == Some(Unit::Ribu)).then_some((MoneyRole::Mileage, amount));
    }
    let ends_with = |phrase: [&str; 2]| after.len() >= 2 && after[0] == phrase[0] && after[1] == phrase[1];
    // Below ten million is no car's price unless the message says "harga".
    if amount < 10_000_000 && !near(&["harga", "rp", "dp"]) && !money_context {
        return None;
    }
    let role = if near(&["budget", "bawah", "maksimal", "<", "sampai"]) || ends_with(["ke", "bawah"]) {
        MoneyRole::Max
    } else if near(&["atas", "minimal"]) || ends_with(["ke", "atas"]) {
        MoneyRole::Min
    } else {
        MoneyRole::Price
    };
    Some((role, amount))
}
