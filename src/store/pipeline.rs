//! The message pipeline's storage: the inbox, the outbox and the job queue that points into
//! them. A message and its job are written in one transaction; a reply, its job and the
//! inbox row's completion too.

use super::jobs::{FINISH_JOB, INSERT_JOB, Job, JobEnd, RETRY_JOB, chat_key, held};
use super::{Store, StoreError, StoreResult, tenant_tx};
use crate::channels::{Channel, InboundKind, InboundMessage, OutboundMessage, SenderRole};
use crate::domain::TenantId;
use time::OffsetDateTime;
use uuid::Uuid;

const INSERT_INBOX: &str = "INSERT INTO inbox (tenant_id, id, channel, provider_message_id, chat_id, sender_id, \
     sender_name, sender_role, message, sent_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
     ON CONFLICT (tenant_id, channel, provider_message_id) DO NOTHING";
const TOUCH_CONVERSATION: &str = "INSERT INTO conversations (tenant_id, channel, chat_id, last_inbound_at, created_at) \
     VALUES ($1, $2, $3, $4, $4) ON CONFLICT (tenant_id, channel, chat_id) DO UPDATE SET last_inbound_at = excluded.last_inbound_at";
const LOAD_INBOX: &str = "SELECT channel, chat_id, sender_id, sender_name, sender_role, message, sent_at, processed_at FROM inbox \
     WHERE tenant_id = $1 AND id = $2";
const UPDATE_INBOX_MESSAGE: &str = "UPDATE inbox SET message = $3 WHERE tenant_id = $1 AND id = $2";
const MARK_PROCESSED: &str = "UPDATE inbox SET processed_at = $3 WHERE tenant_id = $1 AND id = $2";
pub(super) const INSERT_OUTBOX: &str = "INSERT INTO outbox (tenant_id, id, channel, chat_id, message, status, created_at) \
     VALUES ($1, $2, $3, $4, $5, 'pending', $6)";
const LOAD_OUTBOX: &str =
    "SELECT channel, chat_id, message, status, sending_at FROM outbox WHERE tenant_id = $1 AND id = $2";
const MARK_OUTBOX: &str = "UPDATE outbox SET status = $3, provider_message_id = $4, error = $5, sent_at = $6, \
     sending_at = NULL WHERE tenant_id = $1 AND id = $2 AND status = 'pending'";
const MARK_SENDING: &str = "UPDATE outbox SET sending_at = $3 WHERE tenant_id = $1 AND id = $2 AND status = 'pending'";
const CLEAR_SENDING: &str = "UPDATE outbox SET sending_at = NULL WHERE tenant_id = $1 AND id = $2";
// A provider's report naming a reply we sent but never heard back about (the sender died
// between the request and its answer): the reply went out.
const SETTLE_BY_REF: &str = "UPDATE outbox SET status = 'sent', provider_message_id = $3, sent_at = $4, sending_at = NULL \
     WHERE tenant_id = $1 AND id = $2 AND status = 'pending'";

const RECORD_DELIVERY: &str = concat!(
    "UPDATE outbox SET status = $3, error = COALESCE($4, error) WHERE tenant_id = $1 AND provider_message_id = $2 AND ",
    "CASE status WHEN 'pending' THEN 0 WHEN 'sent' THEN 1 WHEN 'failed' THEN 2 WHEN 'delivered' THEN 3 ELSE 4 END < $5"
);
const LAST_INBOUND: &str =
    "SELECT last_inbound_at FROM conversations WHERE tenant_id = $1 AND channel = $2 AND chat_id = $3";

/// Where a delivery status stands: reports never move a message backwards. A failure ranks
/// above sent (it ends the story) but below delivered (a delivered message did not fail).
fn delivery_rank(status: &str) -> Option<i32> {
    Some(match status {
        "sent" => 1,
        "failed" => 2,
        "delivered" => 3,
        "read" => 4,
        _ => return None,
    })
}

/// An inbox row as the processor needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredInbound {
    pub channel: Channel,
    pub chat_id: String,
    pub sender_id: String,
    pub sender_name: Option<String>,
    pub role: SenderRole,
    pub kind: InboundKind,
    pub sent_at: OffsetDateTime,
    pub processed: bool,
}

/// An outbox row as the sender needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredOutbound {
    pub channel: Channel,
    pub chat_id: String,
    pub message: OutboundMessage,
    pub pending: bool,
    /// When a send began that never came back (its worker died mid-request): whether the
    /// provider got it is in doubt until its report arrives or the wait for one is over.
    pub sending_since: Option<OffsetDateTime>,
}

#[derive(sqlx::FromRow)]
struct InboxRow {
    channel: String,
    chat_id: String,
    sender_id: String,
    sender_name: Option<String>,
    sender_role: String,
    message: String,
    sent_at: OffsetDateTime,
    processed_at: Option<OffsetDateTime>,
}

#[derive(sqlx::FromRow)]
struct OutboxRow {
    channel: String,
    chat_id: String,
    message: String,
    status: String,
    sending_at: Option<OffsetDateTime>,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_owned())
}

/// The queue an outbound message waits in: provider sends share one, each web chat has its
/// own (only the terminal that owns the chat can deliver to it).
pub fn send_queue(channel: Channel, chat_id: &str) -> String {
    match channel {
        Channel::Web => format!("web:{chat_id}"),
        _ => "send".to_owned(),
    }
}

impl Store {
    /// Stores an inbound message and its processing job. Returns `false` for a duplicate
    /// delivery, which changes nothing.
    pub async fn accept_inbound(
        &self,
        msg: &InboundMessage,
        role: SenderRole,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let body = serde_json::to_string(&msg.kind).map_err(|e| corrupt(&e.to_string()))?;
        let id = Uuid::now_v7();
        let tenant = msg.tenant_id;
        tenant_tx!(self, tenant, Write, |tx| {
            let inserted = sqlx::query(INSERT_INBOX)
                .bind(tenant.as_uuid())
                .bind(id)
                .bind(msg.channel.as_str())
                .bind(&msg.provider_message_id)
                .bind(&msg.chat_id)
                .bind(&msg.sender_id)
                .bind(msg.sender_name.as_deref())
                .bind(role.as_str())
                .bind(&body)
                .bind(msg.sent_at)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if inserted == 1 {
                sqlx::query(TOUCH_CONVERSATION)
                    .bind(tenant.as_uuid())
                    .bind(msg.channel.as_str())
                    .bind(&msg.chat_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(INSERT_JOB)
                    .bind("inbox")
                    .bind(tenant.as_uuid())
                    .bind(id)
                    .bind(chat_key(tenant, msg.channel, &msg.chat_id))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(inserted == 1)
        })
    }

    pub async fn load_inbox(&self, tenant: TenantId, id: Uuid) -> StoreResult<StoredInbound> {
        let row: Option<InboxRow> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(LOAD_INBOX)
                .bind(tenant.as_uuid())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
        });
        let row = row.ok_or(StoreError::NotFound)?;
        Ok(StoredInbound {
            channel: row.channel.parse().map_err(|()| corrupt("inbox channel"))?,
            chat_id: row.chat_id,
            sender_id: row.sender_id,
            sender_name: row.sender_name,
            role: if row.sender_role == "staff" {
                SenderRole::Staff
            } else {
                SenderRole::Customer
            },
            kind: serde_json::from_str(&row.message).map_err(|e| corrupt(&e.to_string()))?,
            sent_at: row.sent_at,
            processed: row.processed_at.is_some(),
        })
    }

    /// Rewrites an inbox row's message (after its photos were fetched into the media store).
    pub async fn update_inbox_message(&self, tenant: TenantId, id: Uuid, kind: &InboundKind) -> StoreResult<()> {
        let body = serde_json::to_string(kind).map_err(|e| corrupt(&e.to_string()))?;
        tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(UPDATE_INBOX_MESSAGE)
                .bind(tenant.as_uuid())
                .bind(id)
                .bind(&body)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// Marks an inbox row processed, saves the conversation's new state and queues the
    /// replies, all in one transaction with the end of its job: either everything happens or
    /// nothing does.
    pub async fn finish_inbox(
        &self,
        tenant: TenantId,
        inbox_id: Uuid,
        job: &Job,
        replies: &[(Channel, String, OutboundMessage)],
        conversation: Option<(Channel, &str, &super::ConversationSave)>,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        let mut bodies = Vec::with_capacity(replies.len());
        for (_, _, message) in replies {
            bodies.push(serde_json::to_string(message).map_err(|e| corrupt(&e.to_string()))?);
        }
        tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(MARK_PROCESSED)
                .bind(tenant.as_uuid())
                .bind(inbox_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            if let Some((channel, chat_id, save)) = conversation {
                sqlx::query(super::conversations::SAVE)
                    .bind(tenant.as_uuid())
                    .bind(channel.as_str())
                    .bind(chat_id)
                    .bind(&save.state)
                    .bind(super::conversations::mode(save.human_until))
                    .bind(save.human_until)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            for ((channel, chat_id, _), body) in replies.iter().zip(&bodies) {
                let id = Uuid::now_v7();
                sqlx::query(INSERT_OUTBOX)
                    .bind(tenant.as_uuid())
                    .bind(id)
                    .bind(channel.as_str())
                    .bind(chat_id)
                    .bind(body)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(INSERT_JOB)
                    .bind(send_queue(*channel, chat_id))
                    .bind(tenant.as_uuid())
                    .bind(id)
                    .bind(chat_key(tenant, *channel, chat_id))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            // Last, and fenced: a worker that lost the job rolls all of the above back.
            let ended = sqlx::query(FINISH_JOB)
                .bind(job.id)
                .bind(JobEnd::Done.as_str())
                .bind(None::<&str>)
                .bind(job.lease_token)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            held(ended)?;
            Ok(())
        })
    }

    pub async fn load_outbox(&self, tenant: TenantId, id: Uuid) -> StoreResult<StoredOutbound> {
        let row: Option<OutboxRow> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(LOAD_OUTBOX)
                .bind(tenant.as_uuid())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
        });
        let row = row.ok_or(StoreError::NotFound)?;
        Ok(StoredOutbound {
            channel: row.channel.parse().map_err(|()| corrupt("outbox channel"))?,
            chat_id: row.chat_id,
            message: serde_json::from_str(&row.message).map_err(|e| corrupt(&e.to_string()))?,
            pending: row.status == "pending",
            sending_since: row.sending_at,
        })
    }

    /// Notes that a reply is about to go to the provider, before the request is made.
    pub async fn mark_sending(&self, tenant: TenantId, outbox_id: Uuid, now: OffsetDateTime) -> StoreResult<()> {
        tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(MARK_SENDING)
                .bind(tenant.as_uuid())
                .bind(outbox_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// A send the provider answered with a passing error: not in doubt any more, tried again
    /// at `run_at`.
    pub async fn retry_send(
        &self,
        tenant: TenantId,
        outbox_id: Uuid,
        job: &Job,
        run_at: OffsetDateTime,
        error: &str,
    ) -> StoreResult<()> {
        tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(CLEAR_SENDING)
                .bind(tenant.as_uuid())
                .bind(outbox_id)
                .execute(&mut *tx)
                .await?;
            let changed = sqlx::query(RETRY_JOB)
                .bind(job.id)
                .bind(run_at)
                .bind(error)
                .bind(job.lease_token)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            held(changed)?;
            Ok(())
        })
    }

    /// Records that a reply in doubt reached the provider (its report named our reference).
    pub async fn settle_sent(
        &self,
        tenant: TenantId,
        outbox_id: Uuid,
        provider_id: &str,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let changed = tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(SETTLE_BY_REF)
                .bind(tenant.as_uuid())
                .bind(outbox_id)
                .bind(provider_id)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        Ok(changed == 1)
    }

    /// Records the result of a send together with the end of its job.
    pub async fn finish_outbox(
        &self,
        tenant: TenantId,
        outbox_id: Uuid,
        job: &Job,
        sent: Result<Option<&str>, &str>,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        let (status, provider_id, error, end) = match sent {
            Ok(provider_id) => ("sent", provider_id, None, JobEnd::Done),
            Err(error) => ("failed", None, Some(error), JobEnd::Failed),
        };
        tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(MARK_OUTBOX)
                .bind(tenant.as_uuid())
                .bind(outbox_id)
                .bind(status)
                .bind(provider_id)
                .bind(error)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            let ended = sqlx::query(FINISH_JOB)
                .bind(job.id)
                .bind(end.as_str())
                .bind(error)
                .bind(job.lease_token)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            held(ended)?;
            Ok(())
        })
    }

    /// A count from a fixed query inside one tenant's scope, for tests that check what the
    /// pipeline wrote.
    #[doc(hidden)]
    pub async fn count_for_tests(&self, tenant: TenantId, sql: &'static str) -> StoreResult<i64> {
        Ok(tenant_tx!(self, tenant, Read, |tx| sqlx::query_scalar(sql)
            .fetch_one(&mut *tx)
            .await?))
    }

    /// Applies a delivery report to the reply it is about. Reports only move forward
    /// (sent → delivered → read); an older one arriving late changes nothing. A failure is
    /// recorded unless the message was already delivered or read.
    pub async fn record_delivery(
        &self,
        tenant: TenantId,
        provider_id: &str,
        status: &str,
        error: Option<&str>,
    ) -> StoreResult<bool> {
        let Some(rank) = delivery_rank(status) else {
            return Ok(false);
        };
        let changed = tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(RECORD_DELIVERY)
                .bind(tenant.as_uuid())
                .bind(provider_id)
                .bind(status)
                .bind(error)
                .bind(rank)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        Ok(changed > 0)
    }

    /// When a chat last wrote to us (WhatsApp's 24-hour window runs from it).
    pub async fn last_inbound_at(
        &self,
        tenant: TenantId,
        channel: Channel,
        chat_id: &str,
    ) -> StoreResult<Option<OffsetDateTime>> {
        let at: Option<Option<OffsetDateTime>> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_scalar(LAST_INBOUND)
                .bind(tenant.as_uuid())
                .bind(channel.as_str())
                .bind(chat_id)
                .fetch_optional(&mut *tx)
                .await?
        });
        Ok(at.flatten())
    }
}
