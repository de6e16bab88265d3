//! What the public catalog reads: a showroom by slug or custom domain (platform tables, read
//! before a tenant is known), its domains, the main photo of each car on a page, and the
//! makes and models buyers can filter by.

use super::vehicle_query::{bind_each, where_clause};
use super::{Store, StoreError, StoreResult, tenant_tx, with_pool};
use crate::domain::{TenantId, VehicleId};
use crate::inventory::VehicleFilter;
use crate::tenants::Tenant;
use sqlx::AssertSqlSafe;
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// A showroom as its catalog needs it.
#[derive(Debug, Clone)]
pub struct SiteRecord {
    pub tenant: Tenant,
    /// The profile document (JSON).
    pub profile: String,
    /// The first custom domain added, which canonical links use.
    pub primary_domain: Option<String>,
}

/// A car's first photo: its key and whether its web sizes exist yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MainPhoto {
    pub key: String,
    pub sizes_ready: bool,
}

type SiteRow = (Uuid, String, String, OffsetDateTime, String, Option<String>);

const SITE_COLUMNS: &str = "SELECT t.id, t.slug, t.name, t.created_at, t.profile, \
     (SELECT d.domain FROM tenant_domains d WHERE d.tenant_id = t.id ORDER BY d.created_at, d.domain LIMIT 1) \
     FROM tenants t";
const INSERT_DOMAIN: &str = "INSERT INTO tenant_domains (domain, tenant_id, created_at) VALUES ($1, $2, $3)";
const DELETE_DOMAIN: &str = "DELETE FROM tenant_domains WHERE domain = $1 AND tenant_id = $2";
const DOMAINS_OF: &str = "SELECT domain FROM tenant_domains WHERE tenant_id = $1 ORDER BY created_at, domain";

fn site(row: SiteRow) -> StoreResult<SiteRecord> {
    let (id, slug, name, created_at, profile, primary_domain) = row;
    let tenant = Tenant::try_from(super::tenants::TenantRow::new(id, slug, name, created_at))?;
    Ok(SiteRecord {
        tenant,
        profile,
        primary_domain,
    })
}

impl Store {
    pub async fn site_by_slug(&self, slug: &str) -> StoreResult<Option<SiteRecord>> {
        let sql = format!("{SITE_COLUMNS} WHERE t.slug = $1 AND t.suspended_at IS NULL");
        let row: Option<SiteRow> = with_pool!(self, |pool| {
            sqlx::query_as(AssertSqlSafe(sql)).bind(slug).fetch_optional(pool).await
        })?;
        row.map(site).transpose()
    }

    /// The showroom a custom domain (lowercase, no port) belongs to.
    pub async fn site_by_domain(&self, domain: &str) -> StoreResult<Option<SiteRecord>> {
        let sql = format!(
            "{SITE_COLUMNS} JOIN tenant_domains x ON x.tenant_id = t.id WHERE x.domain = $1 AND t.suspended_at IS NULL"
        );
        let row: Option<SiteRow> = with_pool!(self, |pool| {
            sqlx::query_as(AssertSqlSafe(sql))
                .bind(domain)
                .fetch_optional(pool)
                .await
        })?;
        row.map(site).transpose()
    }

    /// Adds a custom domain; a domain another showroom has is a conflict.
    pub async fn add_tenant_domain(&self, tenant: TenantId, domain: &str, now: OffsetDateTime) -> StoreResult<()> {
        with_pool!(self, |pool| {
            sqlx::query(INSERT_DOMAIN)
                .bind(domain)
                .bind(tenant.as_uuid())
                .bind(now)
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(StoreError::classify)
        })?;
        Ok(())
    }

    pub async fn remove_tenant_domain(&self, tenant: TenantId, domain: &str) -> StoreResult<bool> {
        let removed = with_pool!(self, |pool| {
            sqlx::query(DELETE_DOMAIN)
                .bind(domain)
                .bind(tenant.as_uuid())
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(removed > 0)
    }

    pub async fn tenant_domains(&self, tenant: TenantId) -> StoreResult<Vec<String>> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar(DOMAINS_OF)
                .bind(tenant.as_uuid())
                .fetch_all(pool)
                .await
        })?)
    }

    /// The first photo of each of these cars (cars without photos are absent).
    pub async fn main_photos(
        &self,
        tenant: TenantId,
        cars: &[VehicleId],
    ) -> StoreResult<HashMap<VehicleId, MainPhoto>> {
        if cars.is_empty() {
            return Ok(HashMap::new());
        }
        let marks: Vec<String> = (0..cars.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT p.vehicle_id, p.storage_key, m.sizes_ready_at FROM vehicle_photos p \
             LEFT JOIN photo_meta m ON m.tenant_id = p.tenant_id AND m.storage_key = p.storage_key \
             WHERE p.tenant_id = $1 AND p.vehicle_id IN ({}) ORDER BY p.vehicle_id, p.position, p.id",
            marks.join(", ")
        );
        let rows: Vec<(Uuid, String, Option<OffsetDateTime>)> = tenant_tx!(self, tenant, Read, |tx| {
            let mut query = sqlx::query_as(AssertSqlSafe(sql)).bind(tenant.as_uuid());
            for car in cars {
                query = query.bind(car.as_uuid());
            }
            query.fetch_all(&mut *tx).await?
        });
        let mut out = HashMap::new();
        for (vehicle, key, ready) in rows {
            out.entry(VehicleId::from_uuid(vehicle)).or_insert(MainPhoto {
                key,
                sizes_ready: ready.is_some(),
            });
        }
        Ok(out)
    }

    /// Makes and models among the cars a filter reaches, with how many of each, for the
    /// catalog's filter menus.
    pub async fn make_model_counts(
        &self,
        tenant: TenantId,
        filter: &VehicleFilter,
    ) -> StoreResult<Vec<(String, String, i64)>> {
        let w = where_clause(tenant, filter);
        let sql = format!(
            "SELECT make, model, COUNT(*) FROM vehicles WHERE {} GROUP BY make, model ORDER BY make, model",
            w.sql
        );
        Ok(tenant_tx!(self, tenant, Read, |tx| {
            bind_each!(sqlx::query_as(AssertSqlSafe(sql)), &w.binds)
                .fetch_all(&mut *tx)
                .await?
        }))
    }
}
