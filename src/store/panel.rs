//! What the web panel reads and changes beyond the inventory: a showroom's day in numbers,
//! its chats and their messages, a staff reply, lead stages, its people with their logins;
//! and for the platform admin, every showroom with its activity and the queues' health.

use super::pipeline::{INSERT_JOB, INSERT_OUTBOX, send_queue};
use super::{Store, StoreError, StoreResult, platform_tx, tenant_tx, with_pool};
use crate::channels::{Channel, OutboundMessage};
use crate::domain::TenantId;
use crate::leads::LeadStatus;
use crate::tenants::StaffRole;
use time::OffsetDateTime;
use uuid::Uuid;

const STATUS_COUNTS: &str = "SELECT status, COUNT(*) FROM vehicles WHERE tenant_id = $1 GROUP BY status";
const LISTED_SINCE: &str = "SELECT created_at FROM vehicles WHERE tenant_id = $1 AND created_at >= $2 \
     AND status <> 'deleted'";
const SOLD_SINCE: &str =
    "SELECT sold_at, price FROM vehicles WHERE tenant_id = $1 AND status = 'sold' AND sold_at >= $2";
const LEAD_STAGES: &str = "SELECT status, COUNT(*) FROM leads WHERE tenant_id = $1 GROUP BY status";
const CHATS: &str = "SELECT c.channel, c.chat_id, c.mode, c.human_until, c.last_inbound_at, c.created_at, \
     l.customer_name, l.phone FROM conversations c LEFT JOIN leads l ON l.tenant_id = c.tenant_id \
     AND l.channel = c.channel AND l.chat_id = c.chat_id WHERE c.tenant_id = $1 \
     ORDER BY COALESCE(c.last_inbound_at, c.created_at) DESC LIMIT $2";
const CHAT: &str = "SELECT mode, human_until FROM conversations WHERE tenant_id = $1 AND channel = $2 AND chat_id = $3";
const INBOX_OF_CHAT: &str = "SELECT sender_role, sender_name, message, sent_at FROM inbox WHERE tenant_id = $1 \
     AND channel = $2 AND chat_id = $3 ORDER BY sent_at DESC LIMIT $4";
const OUTBOX_OF_CHAT: &str = "SELECT message, status, created_at FROM outbox WHERE tenant_id = $1 \
     AND channel = $2 AND chat_id = $3 ORDER BY created_at DESC LIMIT $4";
const SET_LEAD_STATUS: &str = "UPDATE leads SET status = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2";
const LEAD_STATUS: &str = "SELECT status FROM leads WHERE tenant_id = $1 AND id = $2";
const MEMBERS: &str = "SELECT u.id, u.name, u.role, u.phone, u.telegram_user_id, u.disabled_at, a.email, \
     a.password_hash IS NOT NULL, a.totp_secret IS NOT NULL FROM users u LEFT JOIN accounts a ON a.id = u.id AND a.tenant_id = u.tenant_id \
     WHERE u.tenant_id = $1 ORDER BY u.created_at, u.id";
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
const SET_SUSPENDED: &str = "UPDATE tenants SET suspended_at = $2 WHERE id = $1";
const SET_NAME: &str = "UPDATE tenants SET name = $2 WHERE id = $1";
const CHANNELS: &str = "SELECT whatsapp_phone_number_id, whatsapp_access_token IS NOT NULL, telegram_bot_id \
     FROM tenant_channels WHERE tenant_id = $1";
const SUSPENDED: &str = "SELECT suspended_at FROM tenants WHERE id = $1";

/// A chat in the conversations list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatSummary {
    pub channel: String,
    pub chat_id: String,
    pub human_until: Option<OffsetDateTime>,
    pub last_at: OffsetDateTime,
    pub customer_name: Option<String>,
    pub phone: Option<String>,
}

/// One message of a chat, either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatLine {
    /// `customer`, `staff` (inbound) or `reply` (outbound).
    pub from: String,
    pub sender_name: Option<String>,
    /// The stored JSON of the message.
    pub message: String,
    /// Outbound delivery status.
    pub status: Option<String>,
    pub at: OffsetDateTime,
}

/// A showroom member with their login, as the users page lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub id: Uuid,
    pub name: String,
    pub role: StaffRole,
    pub phone: Option<String>,
    pub telegram_linked: bool,
    pub disabled: bool,
    pub email: Option<String>,
    pub has_password: bool,
    pub has_totp: bool,
}

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

type ChatRow = (
    String,
    String,
    String,
    Option<OffsetDateTime>,
    Option<OffsetDateTime>,
    OffsetDateTime,
    Option<String>,
    Option<String>,
);
type MemberSqlRow = (
    Uuid,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<OffsetDateTime>,
    Option<String>,
    Option<bool>,
    Option<bool>,
);
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

/// Sender role, sender name, message JSON, sent at.
type InboundLine = (String, Option<String>, String, OffsetDateTime);
/// Message JSON, delivery status, created at.
type OutboundLine = (String, String, OffsetDateTime);
/// Queue, waiting, oldest waiting, failed.
type QueueRow = (String, Option<i64>, Option<OffsetDateTime>, Option<i64>);

fn role_of(raw: &str) -> StoreResult<StaffRole> {
    raw.parse().map_err(|()| StoreError::Corrupt(format!("role {raw}")))
}

impl Store {
    /// Cars by status (deleted ones included; the caller leaves them out).
    pub async fn status_counts(&self, tenant: TenantId) -> StoreResult<Vec<(String, i64)>> {
        Ok(tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(STATUS_COUNTS)
                .bind(tenant.as_uuid())
                .fetch_all(&mut *tx)
                .await?
        }))
    }

    /// Every lead of the showroom by stage.
    pub async fn lead_stage_counts(&self, tenant: TenantId) -> StoreResult<Vec<(LeadStatus, i64)>> {
        let rows: Vec<(String, i64)> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(LEAD_STAGES)
                .bind(tenant.as_uuid())
                .fetch_all(&mut *tx)
                .await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|(s, n)| Some((LeadStatus::parse(&s)?, n)))
            .collect())
    }

    /// When each car listed since `since` was listed, and each car sold since then was sold
    /// with its price.
    pub async fn listings_and_sales(
        &self,
        tenant: TenantId,
        since: OffsetDateTime,
    ) -> StoreResult<(Vec<OffsetDateTime>, Vec<(OffsetDateTime, i64)>)> {
        Ok(tenant_tx!(self, tenant, Read, |tx| {
            let listed: Vec<(OffsetDateTime,)> = sqlx::query_as(LISTED_SINCE)
                .bind(tenant.as_uuid())
                .bind(since)
                .fetch_all(&mut *tx)
                .await?;
            let sold: Vec<(OffsetDateTime, i64)> = sqlx::query_as(SOLD_SINCE)
                .bind(tenant.as_uuid())
                .bind(since)
                .fetch_all(&mut *tx)
                .await?;
            (listed.into_iter().map(|(t,)| t).collect(), sold)
        }))
    }

    /// The latest chats, newest first.
    pub async fn chats(&self, tenant: TenantId, limit: i64) -> StoreResult<Vec<ChatSummary>> {
        let rows: Vec<ChatRow> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(CHATS)
                .bind(tenant.as_uuid())
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(channel, chat_id, _mode, human_until, last_inbound, created, customer_name, phone)| ChatSummary {
                    channel,
                    chat_id,
                    human_until,
                    last_at: last_inbound.unwrap_or(created),
                    customer_name,
                    phone,
                },
            )
            .collect())
    }

    /// A chat's mode (`Some(until)` when a person answers it), or `None` when the chat does
    /// not exist in this tenant.
    pub async fn chat_mode(
        &self,
        tenant: TenantId,
        channel: Channel,
        chat_id: &str,
    ) -> StoreResult<Option<Option<OffsetDateTime>>> {
        let row: Option<(String, Option<OffsetDateTime>)> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(CHAT)
                .bind(tenant.as_uuid())
                .bind(channel.as_str())
                .bind(chat_id)
                .fetch_optional(&mut *tx)
                .await?
        });
        Ok(row.map(|(_, until)| until))
    }

    /// The last `limit` messages of a chat each way, oldest first.
    pub async fn chat_lines(
        &self,
        tenant: TenantId,
        channel: Channel,
        chat_id: &str,
        limit: i64,
    ) -> StoreResult<Vec<ChatLine>> {
        let (inbound, outbound): (Vec<InboundLine>, Vec<OutboundLine>) = tenant_tx!(self, tenant, Read, |tx| {
            let inbound = sqlx::query_as(INBOX_OF_CHAT)
                .bind(tenant.as_uuid())
                .bind(channel.as_str())
                .bind(chat_id)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?;
            let outbound = sqlx::query_as(OUTBOX_OF_CHAT)
                .bind(tenant.as_uuid())
                .bind(channel.as_str())
                .bind(chat_id)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?;
            (inbound, outbound)
        });
        let mut lines: Vec<ChatLine> = inbound
            .into_iter()
            .map(|(role, sender_name, message, at)| ChatLine {
                from: role,
                sender_name,
                message,
                status: None,
                at,
            })
            .chain(outbound.into_iter().map(|(message, status, at)| ChatLine {
                from: "reply".to_owned(),
                sender_name: None,
                message,
                status: Some(status),
                at,
            }))
            .collect();
        lines.sort_by_key(|l| l.at);
        Ok(lines)
    }

    /// Queues a person's reply to a chat and hands the chat to people until `human_until`,
    /// in one transaction. `false` when the chat does not exist in this tenant.
    pub async fn queue_staff_reply(
        &self,
        tenant: TenantId,
        channel: Channel,
        chat_id: &str,
        message: &OutboundMessage,
        human_until: OffsetDateTime,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let body = serde_json::to_string(message).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let id = Uuid::now_v7();
        let found = tenant_tx!(self, tenant, Write, |tx| {
            let changed = sqlx::query(super::conversations::SET_MODE)
                .bind(tenant.as_uuid())
                .bind(channel.as_str())
                .bind(chat_id)
                .bind("human")
                .bind(human_until)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed > 0 {
                sqlx::query(INSERT_OUTBOX)
                    .bind(tenant.as_uuid())
                    .bind(id)
                    .bind(channel.as_str())
                    .bind(chat_id)
                    .bind(&body)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(INSERT_JOB)
                    .bind(send_queue(channel, chat_id))
                    .bind(tenant.as_uuid())
                    .bind(id)
                    .bind(super::pipeline::chat_key(channel, chat_id))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            changed > 0
        });
        Ok(found)
    }

    /// Moves a lead to a stage; returns the stage it was in, `None` when not of this tenant.
    pub async fn set_lead_status(
        &self,
        tenant: TenantId,
        lead: Uuid,
        status: LeadStatus,
        now: OffsetDateTime,
    ) -> StoreResult<Option<LeadStatus>> {
        let before: Option<(String,)> = tenant_tx!(self, tenant, Write, |tx| {
            let before = sqlx::query_as(LEAD_STATUS)
                .bind(tenant.as_uuid())
                .bind(lead)
                .fetch_optional(&mut *tx)
                .await?;
            if before.is_some() {
                sqlx::query(SET_LEAD_STATUS)
                    .bind(tenant.as_uuid())
                    .bind(lead)
                    .bind(status.as_str())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            before
        });
        before
            .map(|(raw,)| LeadStatus::parse(&raw).ok_or(StoreError::Corrupt(raw)))
            .transpose()
    }

    /// A showroom's people with their logins.
    pub async fn members(&self, tenant: TenantId) -> StoreResult<Vec<MemberRow>> {
        let rows: Vec<MemberSqlRow> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(MEMBERS)
                .bind(tenant.as_uuid())
                .fetch_all(&mut *tx)
                .await?
        });
        rows.into_iter()
            .map(
                |(id, name, role, phone, telegram, disabled_at, email, has_password, has_totp)| {
                    Ok(MemberRow {
                        id,
                        name,
                        role: role_of(&role)?,
                        phone,
                        telegram_linked: telegram.is_some(),
                        disabled: disabled_at.is_some(),
                        email,
                        has_password: has_password.unwrap_or(false),
                        has_totp: has_totp.unwrap_or(false),
                    })
                },
            )
            .collect()
    }

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
