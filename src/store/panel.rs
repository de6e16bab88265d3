//! What a showroom's dashboard reads and changes beyond the inventory: its day in numbers,
//! its chats and their messages, a staff reply, lead stages, its people with their logins.
//! (The platform admin's cross-showroom reads are in `platform`.)

use super::jobs::INSERT_JOB;
use super::pipeline::{INSERT_OUTBOX, send_queue};
use super::{Store, StoreError, StoreResult, tenant_tx};
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
/// An owner's or admin's own chat with the assistant (reports, revenue, leads) is theirs
/// alone: hidden from every other member. `$3` is the member looking.
macro_rules! not_someone_elses_private_chat {
    () => {
        " AND NOT EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = c.tenant_id \
          AND u.role IN ('owner', 'admin') AND u.id <> $3 \
          AND ((c.channel IN ('whatsapp', 'web') AND u.phone = c.chat_id) \
               OR (c.channel = 'telegram' AND u.telegram_user_id = c.chat_id)))"
    };
}

const CHATS: &str = concat!(
    "SELECT c.channel, c.chat_id, c.mode, c.human_until, c.last_inbound_at, c.created_at, \
     l.customer_name, l.phone FROM conversations c LEFT JOIN leads l ON l.tenant_id = c.tenant_id \
     AND l.channel = c.channel AND l.chat_id = c.chat_id WHERE c.tenant_id = $1",
    not_someone_elses_private_chat!(),
    " ORDER BY COALESCE(c.last_inbound_at, c.created_at) DESC LIMIT $2"
);
const CHAT: &str = concat!(
    "SELECT c.mode, c.human_until FROM conversations c WHERE c.tenant_id = $1 AND c.channel = $2 AND c.chat_id = $4",
    not_someone_elses_private_chat!()
);
const INBOX_OF_CHAT: &str = "SELECT sender_role, sender_name, message, sent_at FROM inbox WHERE tenant_id = $1 \
     AND channel = $2 AND chat_id = $3 ORDER BY sent_at DESC LIMIT $4";
const OUTBOX_OF_CHAT: &str = "SELECT message, status, created_at FROM outbox WHERE tenant_id = $1 \
     AND channel = $2 AND chat_id = $3 ORDER BY created_at DESC LIMIT $4";
const SET_LEAD_STATUS: &str = "UPDATE leads SET status = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2";
const LEAD_STATUS: &str = "SELECT status FROM leads WHERE tenant_id = $1 AND id = $2";
const MEMBERS: &str = "SELECT u.id, u.name, u.role, u.phone, u.telegram_user_id, u.disabled_at, a.email, \
     a.password_hash IS NOT NULL, a.totp_secret IS NOT NULL FROM users u LEFT JOIN accounts a ON a.id = u.id AND a.tenant_id = u.tenant_id \
     WHERE u.tenant_id = $1 ORDER BY u.created_at, u.id";

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

/// Sender role, sender name, message JSON, sent at.
type InboundLine = (String, Option<String>, String, OffsetDateTime);
/// Message JSON, delivery status, created at.
type OutboundLine = (String, String, OffsetDateTime);

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

    /// The latest chats `viewer` may see, newest first.
    pub async fn chats(&self, tenant: TenantId, viewer: Uuid, limit: i64) -> StoreResult<Vec<ChatSummary>> {
        let rows: Vec<ChatRow> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(CHATS)
                .bind(tenant.as_uuid())
                .bind(limit)
                .bind(viewer)
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
    /// not exist in this tenant or is not for `viewer` to see.
    pub async fn chat_mode(
        &self,
        tenant: TenantId,
        viewer: Uuid,
        channel: Channel,
        chat_id: &str,
    ) -> StoreResult<Option<Option<OffsetDateTime>>> {
        let row: Option<(String, Option<OffsetDateTime>)> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(CHAT)
                .bind(tenant.as_uuid())
                .bind(channel.as_str())
                .bind(viewer)
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
                    .bind(super::jobs::chat_key(tenant, channel, chat_id))
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
}
