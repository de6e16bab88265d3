//! Inventory: vehicles, their status and their history.

pub mod domain;
pub mod http;
pub mod service;
pub use service::InventoryError;

pub use domain::{
    Color, Fuel, HistoryEntry, NewVehicle, PublicScope, Transmission, Vehicle, VehicleError, VehicleFilter,
    VehiclePatch, VehicleSort, VehicleStatus,
};
