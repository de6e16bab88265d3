//! Creating and listing tenants.

use super::domain::{ApiKey, Slug, SlugError, Tenant};
use crate::domain::TenantId;
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum TenantError {
    #[error("invalid slug: {0}")]
    Slug(#[from] SlugError),
    #[error("a name is 1 to 100 characters")]
    Name,
    #[error("the slug \"{0}\" is taken")]
    SlugTaken(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Registers a tenant and returns it with its API key — the only time the key is visible.
pub async fn create(store: &Store, slug: &str, name: &str) -> Result<(Tenant, ApiKey), TenantError> {
    let slug = Slug::parse(slug)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(TenantError::Name);
    }
    let tenant = Tenant {
        id: TenantId::new(),
        slug,
        name: name.to_owned(),
        created_at: crate::domain::utc_now(),
    };
    let key = ApiKey::generate();
    match store.create_tenant(&tenant, &key.hash(), &key.visible_prefix()).await {
        Ok(()) => Ok((tenant, key)),
        Err(StoreError::Conflict(_)) => Err(TenantError::SlugTaken(tenant.slug.to_string())),
        Err(e) => Err(e.into()),
    }
}
