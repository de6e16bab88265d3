//! Background work on the job queue: the inbox processor (message in → replies queued) and the
//! outbox sender (reply → channel). Jobs are claimed with a lease, in order per chat; a worker
//! that dies leaves its jobs to be claimed again when the lease runs out, and because a
//! message's replies and its completion are written in one transaction, nothing is done twice.

use crate::AppState;
use crate::assistant;
use crate::channels::{Channel, InboundKind};
use crate::domain::{TenantId, utc_now};
use crate::store::{Job, JobEnd, StoreError, StoreResult};
use futures_util::StreamExt;
use std::time::Duration;

mod send;

/// How workers pace themselves.
#[derive(Debug, Clone, Copy)]
pub struct WorkerConfig {
    /// How long a claimed job is ours before another worker may take it; renewed every third
    /// of it while the work goes on.
    pub lease: Duration,
    /// Inbox messages claimed at once (each from a different chat) and worked side by side.
    pub batch: i64,
    /// Replies claimed at once and sent side by side: a slow provider answers many requests
    /// in parallel, and each is well inside the lease (the client gives up after 15 s).
    pub sends: i64,
    /// Sleep when there is nothing to do (a new message wakes the worker sooner).
    pub idle: Duration,
    /// Tries of one job on errors that may pass before it is given up (a reply marked
    /// failed, a message parked as a dead letter).
    pub max_attempts: i32,
    /// Tries of an inbox message before it is parked as a dead letter (with backoff capped at
    /// five minutes, about 23 minutes of an outage).
    pub inbox_attempts: i32,
    /// How long a reply whose sender died mid-request waits for the provider's report of it
    /// before it is sent again.
    pub in_doubt_wait: Duration,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            // Renewed every 10 s while work goes on, so it can be short: a worker that died
            // gives its jobs back within half a minute.
            lease: Duration::from_secs(30),
            batch: 8,
            sends: 32,
            idle: Duration::from_millis(500),
            max_attempts: 8,
            inbox_attempts: 11,
            in_doubt_wait: Duration::from_secs(20),
        }
    }
}

/// Exponential backoff for a retried job: 2, 4, 8 … seconds, at most five minutes.
pub fn backoff(attempts: i32) -> Duration {
    Duration::from_secs(2u64.saturating_pow(attempts.clamp(1, 9) as u32).min(300))
}

/// Why processing an inbox message must be tried again later.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("media not fetched yet: {0}")]
    Media(String),
}

/// Why a send did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Try again later (throttled, provider down, nobody holding a web chat yet).
    Retry(String),
    /// Never going to work (bad number, channel not configured).
    Permanent(String),
    /// The request may have reached the provider (no answer, a server error): sent again only
    /// after waiting for the provider's report of it.
    InDoubt(String),
}

/// Which loop of the worker.
#[derive(Debug, Clone, Copy)]
enum Loop {
    Inbox,
    Send,
    Media,
}

#[derive(Clone)]
pub struct Workers {
    state: AppState,
    config: WorkerConfig,
}

impl Workers {
    pub fn new(state: AppState, config: WorkerConfig) -> Self {
        Workers { state, config }
    }

    /// Runs `work` while keeping the leases of a claim: they are renewed every third of the
    /// lease, so a slow provider or model never lets another worker take jobs still in hand.
    async fn holding<T>(&self, jobs: &[Job], work: impl std::future::Future<Output = T>) -> T {
        let Some(token) = jobs.first().map(|j| j.lease_token) else {
            return work.await;
        };
        // Its own task: a renewal waiting for a connection or SQLite's write lock never holds
        // up the work, and one statement renews the whole claim.
        let (store, lease) = (self.state.store.clone(), self.config.lease);
        let renewer = tokio::spawn(async move {
            loop {
                tokio::time::sleep(lease / 3).await;
                if let Err(e) = store.renew_claim(token, utc_now() + lease).await {
                    tracing::warn!(error = %e, "leases not renewed");
                }
            }
        });
        let out = work.await;
        renewer.abort();
        out
    }

    /// Processes one batch of inbox jobs; returns how many were claimed.
    pub async fn process_inbox_once(&self) -> StoreResult<usize> {
        let jobs = self
            .state
            .store
            .claim_jobs("inbox", utc_now(), self.config.lease, self.config.batch)
            .await?;
        let work = futures_util::stream::iter(&jobs).for_each_concurrent(4, |job| async move {
            // Changes made by chat commands are audited as coming from the chat.
            let processed = crate::audit::ORIGIN.scope("chat".to_owned(), self.process(job)).await;
            if let Err(e) = processed {
                self.after_failure(job, &e).await;
            }
        });
        self.holding(&jobs, work).await;
        Ok(jobs.len())
    }

    /// A message that could not be worked goes back with backoff; after its tries it is
    /// parked as a dead letter (listed on the platform's health page, sent round again from
    /// there). A lost lease means another worker has it: nothing to do here.
    async fn after_failure(&self, job: &Job, e: &ProcessError) {
        let store = &self.state.store;
        let result = match e {
            ProcessError::Store(StoreError::LeaseLost) => {
                tracing::info!(job.id = job.id, "inbox job taken over by another worker");
                return;
            }
            _ if job.attempts >= self.config.inbox_attempts => {
                tracing::error!(job.id = job.id, error = %e, "inbox job given up: parked as a dead letter");
                store.end_job(job, JobEnd::Dead, Some(&e.to_string())).await
            }
            _ => {
                tracing::warn!(job.id = job.id, error = %e, "inbox job failed; will retry");
                store
                    .retry_job(job, utc_now() + backoff(job.attempts), &e.to_string())
                    .await
            }
        };
        if let Err(e) = result {
            tracing::warn!(job.id = job.id, error = %e, "inbox job left to its lease");
        }
    }

    #[tracing::instrument(skip_all, fields(tenant.id = %job.tenant_id, job.id = job.id))]
    async fn process(&self, job: &Job) -> Result<(), ProcessError> {
        let store = &self.state.store;
        let tenant = TenantId::from_uuid(job.tenant_id);
        let mut inbound = match store.load_inbox(tenant, job.ref_id).await {
            Ok(inbound) => inbound,
            Err(StoreError::NotFound) => {
                return Ok(store.end_job(job, JobEnd::Failed, Some("inbox row missing")).await?);
            }
            Err(e) => return Err(e.into()),
        };
        if inbound.processed {
            return Ok(store.end_job(job, JobEnd::Done, None).await?);
        }
        // Only staff photos are fetched: they become listings. A customer's photo (often an
        // ID card or registration paper for a trade-in) is never copied into the photo store.
        let give_up = job.attempts >= self.config.max_attempts;
        if inbound.role == crate::channels::SenderRole::Staff
            && self.fetch_photos(tenant, &mut inbound, give_up).await?
        {
            store.update_inbox_message(tenant, job.ref_id, &inbound.kind).await?;
        }
        let turn = assistant::Turn {
            tenant,
            message_ref: job.ref_id,
            channel: inbound.channel,
            chat_id: inbound.chat_id,
            sender_id: inbound.sender_id,
            sender_name: inbound.sender_name,
            role: inbound.role,
            kind: inbound.kind,
            at: inbound.sent_at,
        };
        let outcome = assistant::respond(&self.state, &turn).await?;
        let conversation = outcome
            .save
            .as_ref()
            .map(|save| (turn.channel, turn.chat_id.as_str(), save));
        store
            .finish_inbox(tenant, job.ref_id, job, &outcome.replies, conversation, utc_now())
            .await?;
        self.state.wake.notify_waiters();
        Ok(())
    }

    /// Fetches a message's photos from the provider into the media store. A photo that can
    /// never be had (foreign host, not a photo, too large) is logged and left out; a
    /// temporary failure retries the whole message later. Returns whether anything changed.
    /// After many failed tries (`give_up`), a photo that still cannot be had is marked refused
    /// so the message — and the chat behind it — moves on.
    async fn fetch_photos(
        &self,
        tenant: TenantId,
        inbound: &mut crate::store::StoredInbound,
        give_up: bool,
    ) -> Result<bool, ProcessError> {
        let InboundKind::Photos { photos, .. } = &mut inbound.kind else {
            return Ok(false);
        };
        let mut changed = false;
        for photo in photos.iter_mut().filter(|p| p.stored.is_none() && p.refused.is_none()) {
            let bytes = match self.download(tenant, inbound.channel, &photo.id).await {
                Ok(bytes) => bytes,
                Err(SendError::Retry(why) | SendError::InDoubt(why)) if !give_up => {
                    return Err(ProcessError::Media(why));
                }
                Err(SendError::Retry(why) | SendError::InDoubt(why)) => {
                    tracing::warn!(error = %why, "photo could not be fetched after many tries");
                    photo.refused = Some(crate::media::MediaError::Io(why).key().to_owned());
                    changed = true;
                    continue;
                }
                Err(SendError::Permanent(why)) => {
                    tracing::warn!(error = %why, "photo could not be fetched");
                    continue;
                }
            };
            match crate::media::http::intake(&self.state, tenant, &bytes).await {
                Ok(stored) => {
                    photo.stored = Some(stored.key);
                    changed = true;
                }
                Err(crate::media::MediaError::Io(why)) if !give_up => return Err(ProcessError::Media(why)),
                Err(e) => {
                    tracing::warn!(error = %e, "photo refused");
                    photo.refused = Some(e.key().to_owned());
                    changed = true;
                }
            }
        }
        Ok(changed)
    }

    async fn download(&self, tenant: TenantId, channel: Channel, id: &str) -> Result<Vec<u8>, SendError> {
        let store = &self.state.store;
        let db = |e: StoreError| SendError::Retry(e.to_string());
        match channel {
            Channel::Whatsapp => {
                let account = store.whatsapp_account(tenant).await.map_err(db)?;
                let account = account.ok_or_else(|| SendError::Permanent("no WhatsApp number set up".into()))?;
                self.state.whatsapp.download_media(&account, id).await
            }
            Channel::Telegram => {
                let token = store.telegram_token(tenant).await.map_err(db)?;
                let token = token.ok_or_else(|| SendError::Permanent("no Telegram bot set up".into()))?;
                self.state.telegram.download(&token, id).await
            }
            // The terminal chat sends a local file path.
            Channel::Web => tokio::fs::read(id)
                .await
                .map_err(|e| SendError::Permanent(format!("cannot read {id}: {e}"))),
        }
    }

    /// Works one batch of photo jobs: making a photo's sizes (`media`) and removing the files
    /// of photos no car shows any more (`media-gc`). Returns how many were claimed.
    pub async fn process_media_once(&self) -> StoreResult<usize> {
        let mut claimed = 0;
        for queue in ["media", "media-gc"] {
            let jobs = self
                .state
                .store
                // Two at a time: a photo takes a few hundred ms of a core.
                .claim_jobs(queue, utc_now(), self.config.lease, 2)
                .await?;
            claimed += jobs.len();
            for job in &jobs {
                let done = self
                    .holding(std::slice::from_ref(job), self.media_job(queue, job))
                    .await;
                if let Err(e) = done {
                    tracing::warn!(job.id = job.id, error = %e, "photo job left to its lease");
                }
            }
        }
        Ok(claimed)
    }

    async fn media_job(&self, queue: &str, job: &Job) -> StoreResult<()> {
        let tenant = TenantId::from_uuid(job.tenant_id);
        let store = &self.state.store;
        let done = match queue {
            "media" => crate::media::http::make_sizes(&self.state, tenant, job.ref_id).await,
            _ => crate::media::http::collect_garbage(&self.state, tenant, job.ref_id).await,
        };
        match done {
            Ok(()) => store.end_job(job, JobEnd::Done, None).await,
            Err(e) if job.attempts < self.config.max_attempts && matches!(e, crate::media::MediaError::Io(_)) => {
                store
                    .retry_job(job, utc_now() + backoff(job.attempts), &e.to_string())
                    .await
            }
            Err(e) => {
                tracing::warn!(job.id = job.id, error = %e, "photo job failed");
                store.end_job(job, JobEnd::Failed, Some(&e.to_string())).await
            }
        }
    }

    /// Works one loop until `stop` says so.
    async fn keep_working(&self, which: Loop, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            let worked = match which {
                Loop::Inbox => self.process_inbox_once().await,
                Loop::Send => self.send_outbox_once("send").await,
                Loop::Media => self.process_media_once().await,
            };
            match worked {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::error!(worker = ?which, error = %e, "worker cannot reach the database"),
            }
            tokio::select! {
                _ = stop.changed() => return,
                () = self.state.wake.notified() => {}
                () = tokio::time::sleep(self.config.idle) => {}
            }
        }
    }

    /// Runs the inbox processor, the provider sender and the photo worker side by side until
    /// `stop` completes; each finishes the batch in hand.
    pub async fn run(self, stop: impl std::future::Future<Output = ()>) {
        let (tx, rx) = tokio::sync::watch::channel(false);
        let signal = async move {
            stop.await;
            let _ = tx.send(true);
        };
        tokio::join!(
            signal,
            self.keep_working(Loop::Inbox, rx.clone()),
            self.keep_working(Loop::Send, rx.clone()),
            self.keep_working(Loop::Media, rx),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::from_secs(2));
        assert_eq!(backoff(3), Duration::from_secs(8));
        assert_eq!(backoff(50), Duration::from_secs(300));
        assert_eq!(backoff(-1), Duration::from_secs(2));
    }
}
