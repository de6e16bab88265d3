//! The message pipeline's storage: the inbox, the outbox and the job queue that points into
//! them. A message and its job are written in one transaction; a reply, its job and the
//! inbox row's completion too.

use super::{Db, Store, StoreError, StoreResult, tenant_tx, with_pool};
use crate::channels::{Channel, InboundKind, InboundMessage, OutboundMessage, SenderRole};
use crate::domain::TenantId;
use std::time::Duration;
use time::OffsetDateTime;
use uuid::Uuid;

const INSERT_INBOX: &str = "INSERT INTO inbox (tenant_id, id, channel, provider_message_id, chat_id, sender_id, \
     sender_name, sender_role, message, sent_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
     ON CONFLICT (tenant_id, channel, provider_message_id) DO NOTHING";
const TOUCH_CONVERSATION: &str = "INSERT INTO conversations (tenant_id, channel, chat_id, last_inbound_at, created_at) \
     VALUES ($1, $2, $3, $4, $4) ON CONFLICT (tenant_id, channel, chat_id) DO UPDATE SET last_inbound_at = excluded.last_inbound_at";
pub(super) const INSERT_JOB: &str = "INSERT INTO jobs (queue, tenant_id, ref_id, chat_key, status, attempts, run_at, created_at) \
     VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5)";
// Claims take the oldest runnable job of each chat (a chat's later jobs wait for it) and stamp
// every claimed row with the claim's token: only the holder of the token may finish, retry or
// renew the job.
const CLAIM: &str = "UPDATE jobs SET status = 'running', lease_until = $1, lease_token = $5, attempts = attempts + 1 \
     WHERE id IN (SELECT j.id FROM jobs j WHERE j.queue = $2 AND j.run_at <= $3 \
     AND (j.status = 'pending' OR (j.status = 'running' AND j.lease_until < $3)) \
     AND NOT EXISTS (SELECT 1 FROM jobs e WHERE e.queue = j.queue AND e.chat_key = j.chat_key AND e.id < j.id \
     AND e.status IN ('pending', 'running')) ORDER BY j.id LIMIT $4) \
     RETURNING id, tenant_id, ref_id, attempts, lease_token, slot_at";
const CLAIM_PG: &str = "UPDATE jobs SET status = 'running', lease_until = $1, lease_token = $5, attempts = attempts + 1 \
     WHERE id IN (SELECT j.id FROM jobs j WHERE j.queue = $2 AND j.run_at <= $3 \
     AND (j.status = 'pending' OR (j.status = 'running' AND j.lease_until < $3)) \
     AND NOT EXISTS (SELECT 1 FROM jobs e WHERE e.queue = j.queue AND e.chat_key = j.chat_key AND e.id < j.id \
     AND e.status IN ('pending', 'running')) ORDER BY j.id LIMIT $4 FOR UPDATE SKIP LOCKED) \
     RETURNING id, tenant_id, ref_id, attempts, lease_token, slot_at";
const FINISH_JOB: &str =
    "UPDATE jobs SET status = $2, last_error = $3, lease_until = NULL WHERE id = $1 AND lease_token = $4";
const RETRY_JOB: &str = "UPDATE jobs SET status = 'pending', run_at = $2, last_error = $3, lease_until = NULL \
     WHERE id = $1 AND lease_token = $4";
// A deferral is not a try: the claim's attempt is given back.
const DEFER_JOB: &str = "UPDATE jobs SET status = 'pending', run_at = $2, slot_at = $3, attempts = attempts - 1, \
     lease_until = NULL WHERE id = $1 AND lease_token = $4";
const RENEW_LEASE: &str = "UPDATE jobs SET lease_until = $2 WHERE lease_token = $1 AND status = 'running' AND id = $3";
const LOAD_INBOX: &str = "SELECT channel, chat_id, sender_id, sender_name, sender_role, message, sent_at, processed_at FROM inbox \
     WHERE tenant_id = $1 AND id = $2";
const UPDATE_INBOX_MESSAGE: &str = "UPDATE inbox SET message = $3 WHERE tenant_id = $1 AND id = $2";
const MARK_PROCESSED: &str = "UPDATE inbox SET processed_at = $3 WHERE tenant_id = $1 AND id = $2";
pub(super) const INSERT_OUTBOX: &str = "INSERT INTO outbox (tenant_id, id, channel, chat_id, message, status, created_at) \
     VALUES ($1, $2, $3, $4, $5, 'pending', $6)";
const LOAD_OUTBOX: &str =
    "SELECT channel, chat_id, message, status, sending_at FROM outbox WHERE tenant_id = $1 AND id = $2";
const MARK_OUTBOX: &str = "UPDATE outbox SET status = $3, provider_message_id = $4, error = $5, sent_at = $6, \
     sending_at = NULL WHERE tenant_id = $1 AND id = $2";
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

/// A claimed unit of work.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub tenant_id: Uuid,
    pub ref_id: Uuid,
    pub attempts: i32,
    /// The claim's fencing token: every change to the job names it.
    pub lease_token: Uuid,
    /// The send slot reserved for this job when it was paced (it is not reserved again).
    pub slot_at: Option<OffsetDateTime>,
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

/// One row changed means the job was still ours.
fn held(changed: u64) -> StoreResult<()> {
    if changed == 1 {
        Ok(())
    } else {
        Err(StoreError::LeaseLost)
    }
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

/// The key that orders a chat's jobs: a chat is one tenant's, so the tenant is in it (two
/// showrooms' chats with the same number never wait for each other).
pub(super) fn chat_key(tenant: TenantId, channel: Channel, chat_id: &str) -> String {
    format!("{}:{channel}:{chat_id}", tenant.as_uuid().simple())
}

/// How a finished job ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobEnd {
    Done,
    Failed,
    /// Gave up after its tries on an error that may pass: kept as a dead letter that the
    /// platform admin sees and can send round again.
    Dead,
}

impl JobEnd {
    fn as_str(self) -> &'static str {
        match self {
            JobEnd::Done => "done",
            JobEnd::Failed => "failed",
            JobEnd::Dead => "dead",
        }
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

    /// Claims up to `limit` runnable jobs of a queue, at most one per chat and always the
    /// oldest of its chat, leased until `now + lease`. A job whose lease ran out (its worker
    /// died) is claimed again.
    pub async fn claim_jobs(
        &self,
        queue: &str,
        now: OffsetDateTime,
        lease: Duration,
        limit: i64,
    ) -> StoreResult<Vec<Job>> {
        let until = now + lease;
        let token = Uuid::new_v4();
        let jobs = match &self.db {
            Db::Sqlite(pool) => {
                let mut tx = super::sqlite_begin(pool, super::TxMode::Write).await?;
                let jobs = sqlx::query_as(CLAIM)
                    .bind(until)
                    .bind(queue)
                    .bind(now)
                    .bind(limit)
                    .bind(token)
                    .fetch_all(&mut *tx)
                    .await?;
                tx.commit().await?;
                jobs
            }
            Db::Postgres(pool) => {
                sqlx::query_as(CLAIM_PG)
                    .bind(until)
                    .bind(queue)
                    .bind(now)
                    .bind(limit)
                    .bind(token)
                    .fetch_all(pool)
                    .await?
            }
        };
        Ok(jobs)
    }

    /// Puts a job back to run again at `run_at` (a retry with backoff).
    pub async fn retry_job(&self, job: &Job, run_at: OffsetDateTime, error: &str) -> StoreResult<()> {
        let changed = with_pool!(self, |pool| sqlx::query(RETRY_JOB)
            .bind(job.id)
            .bind(run_at)
            .bind(error)
            .bind(job.lease_token)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        held(changed)
    }

    /// Puts a job back until `run_at` without counting the try: a limit of our own (send
    /// pacing, waiting for a provider's report) delays work but never spends its attempts.
    /// `slot` is the send slot already reserved for it, if any.
    pub async fn defer_job(&self, job: &Job, run_at: OffsetDateTime, slot: Option<OffsetDateTime>) -> StoreResult<()> {
        let changed = with_pool!(self, |pool| sqlx::query(DEFER_JOB)
            .bind(job.id)
            .bind(run_at)
            .bind(slot)
            .bind(job.lease_token)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        held(changed)
    }

    /// Keeps a claimed job ours for another `lease` while its work goes on.
    pub async fn renew_lease(&self, job: &Job, until: OffsetDateTime) -> StoreResult<()> {
        let changed = with_pool!(self, |pool| sqlx::query(RENEW_LEASE)
            .bind(job.lease_token)
            .bind(until)
            .bind(job.id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        held(changed)
    }

    /// Ends a job that has nothing left to do, outside any tenant change.
    pub async fn end_job(&self, job: &Job, end: JobEnd, error: Option<&str>) -> StoreResult<()> {
        let changed = with_pool!(self, |pool| sqlx::query(FINISH_JOB)
            .bind(job.id)
            .bind(end.as_str())
            .bind(error)
            .bind(job.lease_token)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        held(changed)
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

    /// Unfinished jobs of one chat, across queues (the web chat waits on this).
    pub async fn open_jobs_for_chat(&self, tenant: TenantId, channel: Channel, chat_id: &str) -> StoreResult<i64> {
        let n: i64 = with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE chat_key = $1 AND status IN ('pending', 'running')")
                .bind(chat_key(tenant, channel, chat_id))
                .fetch_one(pool)
                .await
        })?;
        Ok(n)
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
