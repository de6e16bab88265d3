//! Tenants (showrooms) and the API keys that identify them.

pub mod domain;
pub mod service;

pub use domain::{ApiKey, Slug, StaffRole, Tenant};
