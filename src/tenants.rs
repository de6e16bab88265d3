//! Tenants (showrooms) and the API keys that identify them.

pub mod branding;
pub mod domain;
pub mod people;
pub mod profile;
pub mod service;

pub use branding::{Branding, CatalogOptions, Font, Theme};
pub use domain::{ApiKey, Slug, StaffRole, Tenant};
pub use profile::{OpeningHours, Profile};
