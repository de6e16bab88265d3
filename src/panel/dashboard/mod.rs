//! The showroom dashboard. Every handler takes its tenant from the session (never from the
//! URL or the form), so another showroom's ids simply are not found.

pub mod conversations;
pub mod home;
pub mod leads;
pub mod settings;
pub mod users;
pub mod vehicles;

use super::guard::Viewer;
use super::view::PanelError;
use crate::auth::Principal;
use crate::domain::TenantId;
use crate::tenants::StaffRole;
use uuid::Uuid;

/// The signed-in showroom member a dashboard request is for.
pub struct Member {
    pub tenant: TenantId,
    pub account: Uuid,
    pub role: StaffRole,
    pub actor: String,
}

impl Member {
    /// Owners and admins see money figures and may delete; staff may not.
    pub fn is_manager(&self) -> bool {
        self.role != StaffRole::Staff
    }
}

pub fn member(viewer: &Viewer) -> Result<Member, PanelError> {
    match viewer.principal() {
        Some(
            p @ Principal::Member {
                tenant, account, role, ..
            },
        ) => Ok(Member {
            tenant: *tenant,
            account: *account,
            role: *role,
            actor: p.actor(),
        }),
        _ => Err(PanelError::Forbidden),
    }
}
