//! A vehicle, the input that creates one, the patch that changes one, and the history a change
//! leaves behind.

use super::attributes::{Color, Fuel, Transmission, VehicleStatus};
use crate::domain::{DisplayId, Plate, Rupiah, TenantId, VehicleId};
use serde::Deserialize;
use time::{Date, OffsetDateTime};

/// A car in a showroom's inventory.
#[derive(Debug, Clone, PartialEq)]
pub struct Vehicle {
    pub id: VehicleId,
    pub tenant_id: TenantId,
    pub display_id: DisplayId,
    pub make: String,
    pub model: String,
    pub variant: Option<String>,
    pub year: i32,
    pub price: Rupiah,
    pub mileage_km: Option<i64>,
    pub transmission: Option<Transmission>,
    pub fuel: Option<Fuel>,
    pub color: Option<Color>,
    pub plate: Option<Plate>,
    pub engine_cc: Option<i32>,
    pub status: VehicleStatus,
    pub description: Option<String>,
    pub tax_valid_until: Option<Date>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub sold_at: Option<OffsetDateTime>,
}

/// Why a vehicle input or change was refused. Each maps to one API error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VehicleError {
    #[error("missing field {0}")]
    Missing(&'static str),
    #[error("{0} is too long")]
    TooLong(&'static str),
    #[error("year out of range")]
    Year { min: i32, max: i32 },
    #[error("price out of range")]
    Price,
    #[error("mileage out of range")]
    Mileage,
    #[error("engine cc out of range")]
    EngineCc,
    #[error("invalid plate")]
    Plate,
    #[error("invalid {field}")]
    Word { field: &'static str, allowed: String },
    #[error("invalid date")]
    Date(&'static str),
    #[error("status deleted is set by deleting")]
    DeleteThroughStatus,
}

/// Raw fields as a client sends them to create a car; validated into [`NewVehicle`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VehicleInput {
    pub make: Option<String>,
    pub model: Option<String>,
    pub variant: Option<String>,
    pub year: Option<i32>,
    pub price: Option<i64>,
    pub mileage_km: Option<i64>,
    pub transmission: Option<String>,
    pub fuel: Option<String>,
    pub color: Option<String>,
    pub plate: Option<String>,
    pub engine_cc: Option<i32>,
    pub status: Option<String>,
    pub description: Option<String>,
    pub tax_valid_until: Option<String>,
}

/// A validated car, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVehicle {
    pub make: String,
    pub model: String,
    pub variant: Option<String>,
    pub year: i32,
    pub price: Rupiah,
    pub mileage_km: Option<i64>,
    pub transmission: Option<Transmission>,
    pub fuel: Option<Fuel>,
    pub color: Option<Color>,
    pub plate: Option<Plate>,
    pub engine_cc: Option<i32>,
    pub status: VehicleStatus,
    pub description: Option<String>,
    pub tax_valid_until: Option<Date>,
}

/// A partial change. `Some(None)` clears an optional field; `None` leaves it alone.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VehiclePatch {
    pub make: Option<String>,
    pub model: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub variant: Option<Option<String>>,
    pub year: Option<i32>,
    pub price: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    pub mileage_km: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    pub transmission: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub fuel: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub color: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub plate: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub engine_cc: Option<Option<i32>>,
    pub status: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub tax_valid_until: Option<Option<String>>,
}

/// Tells a present `null` (clear) from an absent field (leave alone).
fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// One changed field, as recorded in `vehicle_history`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub field: &'static str,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

const MIN_YEAR: i32 = 1950;
/// Below this a "price" is almost surely written in thousands or millions ("150" for 150 jt).
const MIN_PRICE: i64 = 1_000_000;
const MAX_MILEAGE_KM: i64 = 2_000_000;

fn year(value: i32, this_year: i32) -> Result<i32, VehicleError> {
    let max = this_year + 1;
    if (MIN_YEAR..=max).contains(&value) {
        Ok(value)
    } else {
        Err(VehicleError::Year { min: MIN_YEAR, max })
    }
}

fn price(value: i64) -> Result<Rupiah, VehicleError> {
    if value < MIN_PRICE {
        return Err(VehicleError::Price);
    }
    Rupiah::new(value).map_err(|_| VehicleError::Price)
}

fn mileage(value: i64) -> Result<i64, VehicleError> {
    if (0..=MAX_MILEAGE_KM).contains(&value) {
        Ok(value)
    } else {
        Err(VehicleError::Mileage)
    }
}

fn engine_cc(value: i32) -> Result<i32, VehicleError> {
    if (50..=10_000).contains(&value) {
        Ok(value)
    } else {
        Err(VehicleError::EngineCc)
    }
}

fn text(field: &'static str, value: &str, max: usize) -> Result<Option<String>, VehicleError> {
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        return Err(VehicleError::TooLong(field));
    }
    Ok((!trimmed.is_empty()).then(|| trimmed.to_owned()))
}

fn required(field: &'static str, value: Option<&str>, max: usize) -> Result<String, VehicleError> {
    text(field, value.unwrap_or_default(), max)?.ok_or(VehicleError::Missing(field))
}

fn word<T: std::str::FromStr + ToString + Copy>(field: &'static str, raw: &str, all: &[T]) -> Result<T, VehicleError> {
    raw.parse().map_err(|_| VehicleError::Word {
        field,
        allowed: all.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
    })
}

fn status(raw: &str) -> Result<VehicleStatus, VehicleError> {
    match word("status", raw, VehicleStatus::ALL)? {
        VehicleStatus::Deleted => Err(VehicleError::DeleteThroughStatus),
        other => Ok(other),
    }
}

fn date(field: &'static str, raw: &str) -> Result<Date, VehicleError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(raw.trim(), format).map_err(|_| VehicleError::Date(field))
}

fn opt<T, U>(value: Option<T>, f: impl FnOnce(T) -> Result<U, VehicleError>) -> Result<Option<U>, VehicleError> {
    value.map(f).transpose()
}

impl NewVehicle {
    /// Validates raw input. `this_year` bounds the model year (next year's models are sold
    /// from the autumn).
    pub fn validate(input: VehicleInput, this_year: i32) -> Result<Self, VehicleError> {
        Ok(Self {
            make: required("make", input.make.as_deref(), 40)?,
            model: required("model", input.model.as_deref(), 40)?,
            variant: opt(input.variant, |v| text("variant", &v, 60))?.flatten(),
            year: year(input.year.ok_or(VehicleError::Missing("year"))?, this_year)?,
            price: price(input.price.ok_or(VehicleError::Missing("price"))?)?,
            mileage_km: opt(input.mileage_km, mileage)?,
            transmission: opt(input.transmission, |t| word("transmission", &t, Transmission::ALL))?,
            fuel: opt(input.fuel, |f| word("fuel", &f, Fuel::ALL))?,
            color: opt(input.color, |c| word("color", &c, Color::ALL))?,
            plate: opt(input.plate, |p| Plate::parse(&p).map_err(|_| VehicleError::Plate))?,
            engine_cc: opt(input.engine_cc, engine_cc)?,
            status: opt(input.status, |s| status(&s))?.unwrap_or(VehicleStatus::Available),
            description: opt(input.description, |d| text("description", &d, 5_000))?.flatten(),
            tax_valid_until: opt(input.tax_valid_until, |d| date("tax_valid_until", &d))?,
        })
    }
}

impl NewVehicle {
    /// The stored vehicle this becomes, once the store has numbered it.
    pub fn into_vehicle(self, tenant: TenantId, display_id: DisplayId, now: OffsetDateTime) -> Vehicle {
        Vehicle {
            id: VehicleId::new(),
            tenant_id: tenant,
            display_id,
            make: self.make,
            model: self.model,
            variant: self.variant,
            year: self.year,
            price: self.price,
            mileage_km: self.mileage_km,
            transmission: self.transmission,
            fuel: self.fuel,
            color: self.color,
            plate: self.plate,
            engine_cc: self.engine_cc,
            sold_at: (self.status == VehicleStatus::Sold).then_some(now),
            status: self.status,
            description: self.description,
            tax_valid_until: self.tax_valid_until,
            created_at: now,
            updated_at: now,
        }
    }
}

/// How a field's value is written in history: machine-readable (price as plain rupiah, enums
/// as their canonical words), so reports can parse it back.
trait HistoryValue {
    fn history_value(&self) -> String;
}

impl HistoryValue for Rupiah {
    fn history_value(&self) -> String {
        self.amount().to_string()
    }
}

macro_rules! history_value_by_display {
    ($($t:ty),+) => { $(impl HistoryValue for $t {
        fn history_value(&self) -> String { self.to_string() }
    })+ };
}

history_value_by_display!(String, i32, i64, Plate, Date, Transmission, Fuel, Color, VehicleStatus);

/// Collects changed fields while a patch is applied.
struct Changes(Vec<HistoryEntry>);

impl Changes {
    fn set<T: PartialEq + HistoryValue>(&mut self, field: &'static str, slot: &mut T, new: T) {
        if *slot != new {
            self.0.push(HistoryEntry {
                field,
                old_value: Some(slot.history_value()),
                new_value: Some(new.history_value()),
            });
            *slot = new;
        }
    }

    fn set_opt<T: PartialEq + HistoryValue>(&mut self, field: &'static str, slot: &mut Option<T>, new: Option<T>) {
        if *slot != new {
            self.0.push(HistoryEntry {
                field,
                old_value: slot.as_ref().map(HistoryValue::history_value),
                new_value: new.as_ref().map(HistoryValue::history_value),
            });
            *slot = new;
        }
    }
}

impl Vehicle {
    /// Applies a patch, returning the changed vehicle and one history entry per changed field.
    /// An empty history means nothing changed.
    pub fn apply(
        &self,
        patch: VehiclePatch,
        now: OffsetDateTime,
        this_year: i32,
    ) -> Result<(Vehicle, Vec<HistoryEntry>), VehicleError> {
        let mut next = self.clone();
        let mut changes = Changes(Vec::new());
        if let Some(v) = patch.make {
            changes.set("make", &mut next.make, required("make", Some(&v), 40)?);
        }
        if let Some(v) = patch.model {
            changes.set("model", &mut next.model, required("model", Some(&v), 40)?);
        }
        if let Some(v) = patch.variant {
            let v = opt(v, |v| text("variant", &v, 60))?.flatten();
            changes.set_opt("variant", &mut next.variant, v);
        }
        if let Some(v) = patch.year {
            changes.set("year", &mut next.year, year(v, this_year)?);
        }
        if let Some(v) = patch.price {
            changes.set("price", &mut next.price, price(v)?);
        }
        if let Some(v) = patch.mileage_km {
            changes.set_opt("mileage_km", &mut next.mileage_km, opt(v, mileage)?);
        }
        Self::apply_words(&patch.transmission, &patch.fuel, &patch.color, &mut next, &mut changes)?;
        if let Some(v) = patch.plate {
            let v = opt(v, |p| Plate::parse(&p).map_err(|_| VehicleError::Plate))?;
            changes.set_opt("plate", &mut next.plate, v);
        }
        if let Some(v) = patch.engine_cc {
            changes.set_opt("engine_cc", &mut next.engine_cc, opt(v, engine_cc)?);
        }
        if let Some(v) = patch.description {
            let v = opt(v, |d| text("description", &d, 5_000))?.flatten();
            changes.set_opt("description", &mut next.description, v);
        }
        if let Some(v) = patch.tax_valid_until {
            let v = opt(v, |d| date("tax_valid_until", &d))?;
            changes.set_opt("tax_valid_until", &mut next.tax_valid_until, v);
        }
        if let Some(v) = patch.status {
            next.set_status(status(&v)?, now, &mut changes);
        }
        if !changes.0.is_empty() {
            next.updated_at = now;
        }
        Ok((next, changes.0))
    }

    fn apply_words(
        transmission: &Option<Option<String>>,
        fuel: &Option<Option<String>>,
        color: &Option<Option<String>>,
        next: &mut Vehicle,
        changes: &mut Changes,
    ) -> Result<(), VehicleError> {
        if let Some(v) = transmission {
            let v = opt(v.as_deref(), |t| word("transmission", t, Transmission::ALL))?;
            changes.set_opt("transmission", &mut next.transmission, v);
        }
        if let Some(v) = fuel {
            let v = opt(v.as_deref(), |f| word("fuel", f, Fuel::ALL))?;
            changes.set_opt("fuel", &mut next.fuel, v);
        }
        if let Some(v) = color {
            let v = opt(v.as_deref(), |c| word("color", c, Color::ALL))?;
            changes.set_opt("color", &mut next.color, v);
        }
        Ok(())
    }

    /// Moves the car to a new status; `sold_at` follows the sold status in and out.
    pub fn set_status_at(&self, status: VehicleStatus, now: OffsetDateTime) -> (Vehicle, Vec<HistoryEntry>) {
        let mut next = self.clone();
        let mut changes = Changes(Vec::new());
        next.set_status(status, now, &mut changes);
        if !changes.0.is_empty() {
            next.updated_at = now;
        }
        (next, changes.0)
    }

    fn set_status(&mut self, status: VehicleStatus, now: OffsetDateTime, changes: &mut Changes) {
        if self.status == status {
            return;
        }
        self.sold_at = (status == VehicleStatus::Sold).then_some(now);
        changes.set("status", &mut self.status, status);
    }
}

#[cfg(test)]
mod tests;
