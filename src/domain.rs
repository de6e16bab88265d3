//! Value types shared by every module: money, plates, identifiers. Pure, no I/O.

mod ids;
mod plate;
mod rupiah;

pub use ids::{DisplayId, TenantId, VehicleId};
pub use plate::{Plate, PlateError};
pub use rupiah::{Rupiah, RupiahError};

/// The current time, truncated to whole seconds. SQLite keeps timestamps as RFC 3339 text;
/// with no fractional part every value has the same width and text order is time order.
pub fn utc_now() -> time::OffsetDateTime {
    let now = time::OffsetDateTime::now_utc();
    now.replace_nanosecond(0).unwrap_or(now)
}
