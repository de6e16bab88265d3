//! Tenants (showrooms) and the API keys that identify them.

pub mod domain;
pub mod profile;
pub mod service;

pub use domain::{ApiKey, Slug, StaffRole, Tenant};
pub use profile::{OpeningHours, Profile};
