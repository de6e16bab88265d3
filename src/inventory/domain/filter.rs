//! What a vehicle list may be filtered and sorted by.

use super::attributes::{Color, Fuel, Transmission, VehicleStatus};
use crate::domain::Rupiah;

/// Filters for listing vehicles. All present filters must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VehicleFilter {
    pub make: Option<String>,
    pub model: Option<String>,
    pub year_min: Option<i32>,
    pub year_max: Option<i32>,
    pub price_min: Option<Rupiah>,
    pub price_max: Option<Rupiah>,
    pub transmission: Option<Transmission>,
    pub fuel: Option<Fuel>,
    pub color: Option<Color>,
    /// The plate exactly as normalised (`B 1234 XYZ`).
    pub plate: Option<String>,
    /// `None` means every status but deleted.
    pub status: Option<VehicleStatus>,
    /// Leaves out cars already in this status (a car being marked sold is not a sold one).
    pub exclude_status: Option<VehicleStatus>,
    /// Free text over make, model, variant, plate, display id and description.
    pub q: Option<String>,
    pub sort: VehicleSort,
    /// The public catalog's view (see [`PublicScope`]); `None` for staff and the API.
    pub public: Option<PublicScope>,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

impl VehicleFilter {
    pub const MAX_PER_PAGE: u32 = 100;
    pub const DEFAULT_PER_PAGE: u32 = 20;

    pub fn offset(&self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.per_page)
    }
}

/// What buyers may see: cars for sale and booked ones, sold ones since `sold_since` (none
/// when `None`), never drafts or deleted cars; free text leaves out plates; for sale first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicScope {
    pub sold_since: Option<time::OffsetDateTime>,
}

/// Sort orders a client may ask for; anything else is refused, never pasted into SQL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum VehicleSort {
    #[default]
    Newest,
    Oldest,
    PriceAsc,
    PriceDesc,
    YearAsc,
    YearDesc,
    MileageAsc,
}

impl VehicleSort {
    /// The words accepted in `?sort=`.
    pub const WORDS: &'static [(&'static str, VehicleSort)] = &[
        ("-created_at", Self::Newest),
        ("created_at", Self::Oldest),
        ("price", Self::PriceAsc),
        ("-price", Self::PriceDesc),
        ("year", Self::YearAsc),
        ("-year", Self::YearDesc),
        ("mileage_km", Self::MileageAsc),
    ];

    pub fn parse(raw: &str) -> Option<Self> {
        Self::WORDS.iter().find(|(w, _)| *w == raw).map(|(_, s)| *s)
    }
}
