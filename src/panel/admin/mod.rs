//! The platform admin: every showroom with its activity and health, creating and suspending
//! showrooms, their domains, every login, the service's health, the audit log and the
//! platform's settings. Super admins only; they belong to no showroom.

pub mod audit;
pub mod health;
pub mod home;
pub mod settings;
pub mod tenants;
pub mod users;

use super::guard::Viewer;
use super::view::PanelError;
use crate::auth::Principal;
use uuid::Uuid;

/// The signed-in super admin.
pub struct Operator {
    pub account: Uuid,
    pub actor: String,
}

pub fn operator(viewer: &Viewer) -> Result<Operator, PanelError> {
    match viewer.principal() {
        Some(p @ Principal::SuperAdmin { account, .. }) => Ok(Operator {
            account: *account,
            actor: p.actor(),
        }),
        _ => Err(PanelError::Forbidden),
    }
}
