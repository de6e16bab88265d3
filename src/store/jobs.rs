//! The job queue under the pipeline: claiming runnable jobs in order per chat with a leased,
//! fenced claim, then renewing, retrying, deferring or ending them. Every change to a claimed
//! job names its claim's token. (The operator's view of the queues is in `platform.rs`.)

use super::{Db, Store, StoreError, StoreResult, with_pool};
use crate::channels::Channel;
use crate::domain::TenantId;
use std::time::Duration;
use time::OffsetDateTime;
use uuid::Uuid;

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
pub(super) const FINISH_JOB: &str =
    "UPDATE jobs SET status = $2, last_error = $3, lease_until = NULL WHERE id = $1 AND lease_token = $4";
pub(super) const RETRY_JOB: &str = "UPDATE jobs SET status = 'pending', run_at = $2, last_error = $3, lease_until = NULL, \
     slot_at = NULL \
     WHERE id = $1 AND lease_token = $4";
// A deferral is not a try: the claim's attempt is given back.
const DEFER_JOB: &str = "UPDATE jobs SET status = 'pending', run_at = $2, slot_at = $3, attempts = attempts - 1, \
     lease_until = NULL WHERE id = $1 AND lease_token = $4";
const RENEW_CLAIM: &str = "UPDATE jobs SET lease_until = $2 WHERE lease_token = $1 AND status = 'running'";

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

/// One row changed means the job was still ours.
pub(super) fn held(changed: u64) -> StoreResult<()> {
    if changed == 1 {
        Ok(())
    } else {
        Err(StoreError::LeaseLost)
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
    pub(super) fn as_str(self) -> &'static str {
        match self {
            JobEnd::Done => "done",
            JobEnd::Failed => "failed",
            JobEnd::Dead => "dead",
        }
    }
}

impl Store {
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

    /// Keeps the unfinished jobs of a claim ours until `until` while their work goes on.
    pub async fn renew_claim(&self, token: Uuid, until: OffsetDateTime) -> StoreResult<()> {
        with_pool!(self, |pool| sqlx::query(RENEW_CLAIM)
            .bind(token)
            .bind(until)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
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
}
