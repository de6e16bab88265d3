//! The audit log: who changed what, before and after, when and from where. Written inside the
//! showroom's scope for its changes and in the platform scope for the operator's; read back
//! only by the platform admin.

use super::{Store, StoreResult, platform_tx, tenant_tx};
use crate::domain::TenantId;
use time::OffsetDateTime;
use uuid::Uuid;

const INSERT: &str = "INSERT INTO audit_log (id, tenant_id, actor, action, target, before_value, after_value, ip, \
     created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
const SEARCH: &str = "SELECT a.id, a.tenant_id, t.slug, a.actor, a.action, a.target, a.before_value, a.after_value, \
     a.ip, a.created_at FROM audit_log a LEFT JOIN tenants t ON t.id = a.tenant_id \
     WHERE ($1 = '' OR LOWER(a.actor) LIKE $1 OR a.action LIKE $1 OR LOWER(a.target) LIKE $1 OR t.slug LIKE $1 \
     OR LOWER(a.before_value) LIKE $1 OR LOWER(a.after_value) LIKE $1) \
     AND ($2 = '' OR t.slug = $2) ORDER BY a.created_at DESC, a.id DESC LIMIT $3";

/// An entry to write.
#[derive(Debug, Clone, Default)]
pub struct NewAudit {
    pub tenant: Option<TenantId>,
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub ip: Option<String>,
}

/// An entry as the audit page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: Uuid,
    pub tenant: Option<TenantId>,
    pub tenant_slug: Option<String>,
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub ip: Option<String>,
    pub at: OffsetDateTime,
}

/// What the audit page searches for.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Words anywhere in the entry (actor, action, target, values, showroom).
    pub text: String,
    /// Only this showroom's entries.
    pub tenant_slug: String,
    pub limit: i64,
}

type AuditRow = (
    Uuid,
    Option<Uuid>,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    OffsetDateTime,
);

impl Store {
    pub async fn record_audit(&self, entry: &NewAudit, now: OffsetDateTime) -> StoreResult<()> {
        macro_rules! insert {
            ($tx:expr) => {
                sqlx::query(INSERT)
                    .bind(Uuid::now_v7())
                    .bind(entry.tenant.map(|t| t.as_uuid()))
                    .bind(&entry.actor)
                    .bind(&entry.action)
                    .bind(entry.target.as_deref())
                    .bind(entry.before.as_deref())
                    .bind(entry.after.as_deref())
                    .bind(entry.ip.as_deref())
                    .bind(now)
                    .execute(&mut *$tx)
                    .await
                    .map(|_| ())?
            };
        }
        match entry.tenant {
            Some(tenant) => tenant_tx!(self, tenant, Write, |tx| insert!(tx)),
            None => platform_tx!(self, |tx| insert!(tx)),
        };
        Ok(())
    }

    /// Newest first.
    pub async fn search_audit(&self, query: &AuditQuery) -> StoreResult<Vec<AuditRecord>> {
        let pattern = if query.text.trim().is_empty() {
            String::new()
        } else {
            let escaped = query.text.trim().to_lowercase().replace(['%', '_'], "");
            format!("%{escaped}%")
        };
        let rows: Vec<AuditRow> = platform_tx!(self, |tx| {
            sqlx::query_as(SEARCH)
                .bind(pattern)
                .bind(query.tenant_slug.trim())
                .bind(query.limit)
                .fetch_all(&mut *tx)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(id, tenant, tenant_slug, actor, action, target, before, after, ip, at)| AuditRecord {
                    id,
                    tenant: tenant.map(TenantId::from_uuid),
                    tenant_slug,
                    actor,
                    action,
                    target,
                    before,
                    after,
                    ip,
                    at,
                },
            )
            .collect())
    }
}
