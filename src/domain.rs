//! Value types shared by every module: money, plates, identifiers. Pure, no I/O.

mod ids;
mod phone;
mod plate;
mod rupiah;

pub use ids::{DisplayId, TenantId, VehicleId};
pub use phone::Phone;
pub use plate::{Plate, PlateError};
pub use rupiah::{Rupiah, RupiahError};

/// The current time, truncated to whole seconds. SQLite keeps timestamps as RFC 3339 text;
/// with no fractional part every value has the same width and text order is time order.
pub fn utc_now() -> time::OffsetDateTime {
    let now = time::OffsetDateTime::now_utc();
    now.replace_nanosecond(0).unwrap_or(now)
}

/// Western Indonesia Time (UTC+7, no daylight saving): where every showroom's "today", "this
/// month" and opening hours are decided. Stored times stay UTC.
pub const JAKARTA: time::UtcOffset = match time::UtcOffset::from_hms(7, 0, 0) {
    Ok(offset) => offset,
    Err(_) => time::UtcOffset::UTC,
};

/// A UTC instant as Jakarta wall-clock time.
pub fn in_jakarta(at: time::OffsetDateTime) -> time::OffsetDateTime {
    at.to_offset(JAKARTA)
}

/// Whether two secrets are equal, in a time that does not depend on where they differ (a
/// plain `==` lets a caller learn a token byte by byte from response times).
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
