//! What the platform admin reads and changes across showrooms: every login, each showroom's
//! recent activity, the queues' health and recent failures, suspension and renaming, and a
//! showroom's channel settings without their secrets.

use super::{Store, StoreResult, platform_tx, with_pool};
use crate::domain::TenantId;
use time::OffsetDateTime;
use uuid::Uuid;

const PLATFORM_PEOPLE: &str = "SELECT a.id, a.email, t.slug, u.name, u.role, a.password_hash IS NOT NULL, \
     a.totp_secret IS NOT NULL, a.disabled_at, a.created_at FROM accounts a \
     LEFT JOIN tenants t ON t.id = a.tenant_id LEFT JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.id \
     WHERE ($1 = '' OR LOWER(a.email) LIKE $1 OR t.slug LIKE $1) ORDER BY a.created_at DESC LIMIT 500";
const TENANTS_OVERVIEW: &str = "SELECT t.id, t.slug, t.name, t.created_at, t.suspended_at, \
     (SELECT COUNT(*) FROM accounts a WHERE a.tenant_id = t.id), \
     (SELECT COUNT(*) FROM jobs j WHERE j.tenant_id = t.id AND j.queue = 'inbox' AND j.created_at >= $1), \
     (SELECT COUNT(*) FROM jobs j WHERE j.tenant_id = t.id AND j.status = 'failed' AND j.created_at >= $1), \
     (SELECT MAX(j.created_at) FROM jobs j WHERE j.tenant_id = t.id) \
     FROM tenants t ORDER BY t.created_at DESC, t.slug LIMIT $2";
const QUEUES: &str = "SELECT CASE WHEN queue LIKE 'web:%' THEN 'web' ELSE queue END AS q, \
     SUM(CASE WHEN status IN ('pending', 'running') THEN 1 ELSE 0 END), \
     MIN(CASE WHEN status IN ('pending', 'running') THEN created_at END), \
     SUM(CASE WHEN status = 'failed' AND created_at >= $1 THEN 1 ELSE 0 END) \
     FROM jobs GROUP BY q ORDER BY q";
const RECENT_FAILURES: &str = "SELECT j.queue, t.slug, j.last_error, j.created_at FROM jobs j \
     LEFT JOIN tenants t ON t.id = j.tenant_id WHERE j.status = 'failed' ORDER BY j.id DESC LIMIT $1";
const DEAD_LETTERS: &str = "SELECT j.id, j.queue, t.slug, j.last_error, j.created_at FROM jobs j \
     LEFT JOIN tenants t ON t.id = j.tenant_id WHERE j.status = 'dead' ORDER BY j.id DESC LIMIT $1";
const DEAD_COUNT: &str = "SELECT COUNT(*) FROM jobs WHERE status = 'dead'";
// Sent round again as a new job (a new id, so it queues behind whatever its chat has open
// now); the dead one is marked revived.
const MARK_REVIVED: &str = "UPDATE jobs SET status = 'revived' WHERE id = $1 AND status = 'dead'";
const REQUEUE: &str = "INSERT INTO jobs (queue, tenant_id, ref_id, chat_key, status, attempts, run_at, created_at) \
     SELECT queue, tenant_id, ref_id, chat_key, 'pending', 0, $2, $2 FROM jobs WHERE id = $1";
const CHANNELS: &str = "SELECT whatsapp_phone_number_id, whatsapp_access_token IS NOT NULL, telegram_bot_id \
     FROM tenant_channels WHERE tenant_id = $1";
const SET_SUSPENDED: &str = "UPDATE tenants SET suspended_at = $2 WHERE id = $1";
const SET_NAME: &str = "UPDATE tenants SET name = $2 WHERE id = $1";
const SUSPENDED: &str = "SELECT suspended_at FROM tenants WHERE id = $1";

/// A login of any showroom or the platform, as the platform admin lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: Uuid,
    pub email: String,
    pub tenant_slug: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    pub has_password: bool,
    pub has_totp: bool,
    pub disabled: bool,
    pub created_at: OffsetDateTime,
}

/// A showroom with its recent activity, for the platform admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantActivity {
    pub id: TenantId,
    pub slug: String,
    pub name: String,
    pub created_at: OffsetDateTime,
    pub suspended: bool,
    pub logins: i64,
    pub messages: i64,
    pub failures: i64,
    pub last_activity: Option<OffsetDateTime>,
}

/// One queue's depth, its oldest waiting job and recent failures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueHealth {
    pub queue: String,
    pub waiting: i64,
    pub oldest: Option<OffsetDateTime>,
    pub failed: i64,
}

type PersonSqlRow = (
    Uuid,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    bool,
    Option<OffsetDateTime>,
    OffsetDateTime,
);

type ActivityRow = (
    Uuid,
    String,
    String,
    OffsetDateTime,
    Option<OffsetDateTime>,
    i64,
    i64,
    i64,
    Option<OffsetDateTime>,
);

/// Queue, waiting, oldest waiting, failed.
type QueueRow = (String, Option<i64>, Option<OffsetDateTime>, Option<i64>);

impl Store {
    /// Every login of every showroom and of the platform (at most 500), matching `text`.
    pub async fn platform_people(&self, text: &str) -> StoreResult<Vec<PersonRow>> {
        let pattern = match text.trim() {
            "" => String::new(),
            t => format!("%{}%", t.to_lowercase().replace(['%', '_'], "")),
        };
        let rows: Vec<PersonSqlRow> = platform_tx!(self, |tx| {
            sqlx::query_as(PLATFORM_PEOPLE)
                .bind(pattern)
                .fetch_all(&mut *tx)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(id, email, tenant_slug, name, role, has_password, has_totp, disabled_at, created_at)| PersonRow {
                    id,
                    email,
                    role: role.or_else(|| tenant_slug.is_none().then(|| "super_admin".to_owned())),
                    tenant_slug,
                    name,
                    has_password,
                    has_totp,
                    disabled: disabled_at.is_some(),
                    created_at,
                },
            )
            .collect())
    }

    /// Showrooms, newest first, with logins, messages and failures since `since`.
    pub async fn tenants_activity(&self, since: OffsetDateTime, limit: i64) -> StoreResult<Vec<TenantActivity>> {
        let rows: Vec<ActivityRow> = with_pool!(self, |pool| {
            sqlx::query_as(TENANTS_OVERVIEW)
                .bind(since)
                .bind(limit)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows
            .into_iter()
            .map(
                |(id, slug, name, created_at, suspended_at, logins, messages, failures, last_activity)| {
                    TenantActivity {
                        id: TenantId::from_uuid(id),
                        slug,
                        name,
                        created_at,
                        suspended: suspended_at.is_some(),
                        logins,
                        messages,
                        failures,
                        last_activity,
                    }
                },
            )
            .collect())
    }

    /// Each queue's waiting jobs, its oldest one, and failures since `since`.
    pub async fn queue_health(&self, since: OffsetDateTime) -> StoreResult<Vec<QueueHealth>> {
        let rows: Vec<QueueRow> = with_pool!(self, |pool| sqlx::query_as(QUEUES).bind(since).fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .map(|(queue, waiting, oldest, failed)| QueueHealth {
                queue,
                waiting: waiting.unwrap_or(0),
                oldest,
                failed: failed.unwrap_or(0),
            })
            .collect())
    }

    /// The latest failed jobs: queue, showroom, error (provider and processing errors carry
    /// no message content), when.
    pub async fn recent_failures(
        &self,
        limit: i64,
    ) -> StoreResult<Vec<(String, Option<String>, Option<String>, OffsetDateTime)>> {
        Ok(with_pool!(self, |pool| sqlx::query_as(RECENT_FAILURES)
            .bind(limit)
            .fetch_all(pool)
            .await)?)
    }

    /// Messages given up after their tries (dead letters), newest first, and how many there are.
    pub async fn dead_letters(&self, limit: i64) -> StoreResult<(Vec<DeadLetter>, i64)> {
        let rows: Vec<DeadRow> = with_pool!(self, |pool| sqlx::query_as(DEAD_LETTERS)
            .bind(limit)
            .fetch_all(pool)
            .await)?;
        let count: i64 = with_pool!(self, |pool| sqlx::query_scalar(DEAD_COUNT).fetch_one(pool).await)?;
        let letters = rows
            .into_iter()
            .map(|(id, queue, tenant, error, created_at)| DeadLetter {
                id,
                queue,
                tenant,
                error,
                created_at,
            })
            .collect();
        Ok((letters, count))
    }

    /// Puts a dead letter back on its queue; `false` when it is not (or no longer) one.
    pub async fn revive_dead_letter(&self, id: i64, now: OffsetDateTime) -> StoreResult<bool> {
        Ok(platform_tx!(self, |tx| {
            let marked = sqlx::query(MARK_REVIVED)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if marked == 1 {
                sqlx::query(REQUEUE).bind(id).bind(now).execute(&mut *tx).await?;
            }
            marked == 1
        }))
    }

    /// Suspends (`Some`) or resumes (`None`) a showroom; suspending ends its people's sessions.
    pub async fn set_tenant_suspended(&self, tenant: TenantId, at: Option<OffsetDateTime>) -> StoreResult<bool> {
        let changed = with_pool!(self, |pool| {
            sqlx::query(SET_SUSPENDED)
                .bind(tenant.as_uuid())
                .bind(at)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        if at.is_some() && changed > 0 {
            self.delete_tenant_sessions(tenant).await?;
        }
        Ok(changed > 0)
    }

    pub async fn tenant_suspended(&self, tenant: TenantId) -> StoreResult<bool> {
        let row: Option<(Option<OffsetDateTime>,)> = with_pool!(self, |pool| {
            sqlx::query_as(SUSPENDED)
                .bind(tenant.as_uuid())
                .fetch_optional(pool)
                .await
        })?;
        Ok(row.is_some_and(|(at,)| at.is_some()))
    }

    /// A showroom's channel settings without their secrets: WhatsApp number id, whether a
    /// WhatsApp token is set, Telegram bot id.
    pub async fn channel_summary(&self, tenant: TenantId) -> StoreResult<(Option<String>, bool, Option<String>)> {
        let row: Option<(Option<String>, bool, Option<String>)> = with_pool!(self, |pool| {
            sqlx::query_as(CHANNELS)
                .bind(tenant.as_uuid())
                .fetch_optional(pool)
                .await
        })?;
        Ok(row.unwrap_or((None, false, None)))
    }

    pub async fn rename_tenant(&self, tenant: TenantId, name: &str) -> StoreResult<()> {
        with_pool!(self, |pool| sqlx::query(SET_NAME)
            .bind(tenant.as_uuid())
            .bind(name)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}

type DeadRow = (i64, String, Option<String>, Option<String>, OffsetDateTime);

/// A job given up after its tries, waiting for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    pub id: i64,
    pub queue: String,
    pub tenant: Option<String>,
    pub error: Option<String>,
    pub created_at: OffsetDateTime,
}
