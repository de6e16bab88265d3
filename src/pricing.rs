//! Pricing: the credit simulation the assistant and the catalog both show. Pure.

mod credit;

pub use credit::{CreditError, CreditQuote, CreditRates, simulate};
