//! Vehicle types and the rules for creating and changing one. Pure: no I/O, no clock reads
//! (the caller passes `now`).

pub mod attributes;
mod filter;
pub mod vehicle;

pub use attributes::{Color, Fuel, Transmission, VehicleStatus};
pub use filter::{PublicScope, VehicleFilter, VehicleSort};
pub use vehicle::{HistoryEntry, NewVehicle, Vehicle, VehicleError, VehiclePatch};
