//! Platform-level tenant registry and API-key lookup (not tenant-scoped: these run before a
//! tenant is known).

use super::{Store, StoreError, StoreResult, with_pool};
use crate::domain::TenantId;
use crate::tenants::{Slug, Tenant};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
pub(super) struct TenantRow {
    id: Uuid,
    slug: String,
    name: String,
    created_at: OffsetDateTime,
}

impl TenantRow {
    pub(super) fn new(id: Uuid, slug: String, name: String, created_at: OffsetDateTime) -> Self {
        TenantRow {
            id,
            slug,
            name,
            created_at,
        }
    }
}

impl TryFrom<TenantRow> for Tenant {
    type Error = StoreError;
    fn try_from(row: TenantRow) -> Result<Self, Self::Error> {
        Ok(Tenant {
            id: TenantId::from_uuid(row.id),
            slug: Slug::parse(&row.slug).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            name: row.name,
            created_at: row.created_at,
        })
    }
}

const INSERT_TENANT: &str = "INSERT INTO tenants (id, slug, name, created_at) VALUES ($1, $2, $3, $4)";
const INSERT_KEY: &str = "INSERT INTO tenant_api_keys (tenant_id, id, key_hash, key_prefix, created_at) \
     VALUES ($1, $2, $3, $4, $5)";
const LIST_TENANTS: &str = "SELECT id, slug, name, created_at FROM tenants ORDER BY created_at, slug";
const TENANT_BY_KEY: &str = "SELECT t.id, t.slug, t.name, t.created_at, t.suspended_at IS NOT NULL FROM tenants t \
     JOIN tenant_api_keys k ON k.tenant_id = t.id \
     WHERE k.key_hash = $1 AND k.revoked_at IS NULL";

impl Store {
    /// Registers a tenant with its first API key (hash only), in one transaction.
    pub async fn create_tenant(&self, tenant: &Tenant, key_hash: &str, key_prefix: &str) -> StoreResult<()> {
        with_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(INSERT_TENANT)
                .bind(tenant.id.as_uuid())
                .bind(tenant.slug.as_str())
                .bind(&tenant.name)
                .bind(tenant.created_at)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::classify)?;
            sqlx::query(INSERT_KEY)
                .bind(tenant.id.as_uuid())
                .bind(Uuid::now_v7())
                .bind(key_hash)
                .bind(key_prefix)
                .bind(tenant.created_at)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::classify)?;
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn list_tenants(&self) -> StoreResult<Vec<Tenant>> {
        let rows: Vec<TenantRow> = with_pool!(self, |pool| sqlx::query_as(LIST_TENANTS).fetch_all(pool).await)?;
        rows.into_iter().map(Tenant::try_from).collect()
    }

    /// The tenant owning an unrevoked API key with this hash, and whether it is suspended (one
    /// round trip: this runs on every API request).
    pub async fn tenant_by_key_hash(&self, key_hash: &str) -> StoreResult<Option<(Tenant, bool)>> {
        let row: Option<(Uuid, String, String, OffsetDateTime, bool)> = with_pool!(self, |pool| {
            sqlx::query_as(TENANT_BY_KEY).bind(key_hash).fetch_optional(pool).await
        })?;
        row.map(|(id, slug, name, created_at, suspended)| {
            Ok((Tenant::try_from(TenantRow::new(id, slug, name, created_at))?, suspended))
        })
        .transpose()
    }
}
