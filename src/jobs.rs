//! Background work on the job queue: the inbox processor (message in → replies queued) and the
//! outbox sender (reply → channel). Jobs are claimed with a lease, in order per chat; a worker
//! that dies leaves its jobs to be claimed again when the lease runs out, and because a
//! message's replies and its completion are written in one transaction, nothing is done twice.

use crate::AppState;
use crate::assistant;
use crate::channels::{Channel, InboundKind};
use crate::domain::{TenantId, utc_now};
use crate::store::{Job, JobEnd, StoreError, StoreResult};
use std::time::Duration;

/// How workers pace themselves.
#[derive(Debug, Clone, Copy)]
pub struct WorkerConfig {
    /// How long a claimed job is ours before another worker may take it.
    pub lease: Duration,
    pub batch: i64,
    /// Sleep when there is nothing to do (a new message wakes the worker sooner).
    pub idle: Duration,
    /// Sends of one reply before it is given up and marked failed.
    pub max_attempts: i32,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            lease: Duration::from_secs(60),
            batch: 32,
            idle: Duration::from_millis(500),
            max_attempts: 8,
        }
    }
}

/// Exponential backoff for a retried job: 2, 4, 8 … seconds, at most five minutes.
pub fn backoff(attempts: i32) -> Duration {
    Duration::from_secs(2u64.saturating_pow(attempts.clamp(1, 9) as u32).min(300))
}

/// Messages per second we send from one WhatsApp number (Meta allows more; staying well under
/// keeps a showroom's number out of trouble).
const WHATSAPP_PER_SECOND: u64 = 20;

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

    /// Processes one batch of inbox jobs; returns how many were claimed.
    pub async fn process_inbox_once(&self) -> StoreResult<usize> {
        let jobs = self
            .state
            .store
            .claim_jobs("inbox", utc_now(), self.config.lease, self.config.batch)
            .await?;
        for job in &jobs {
            // Changes made by chat commands are audited as coming from the chat.
            let processed = crate::audit::ORIGIN.scope("chat".to_owned(), self.process(job)).await;
            if let Err(e) = processed {
                tracing::warn!(job.id = job.id, error = %e, "inbox job failed; will retry");
                let at = utc_now() + backoff(job.attempts);
                self.state.store.retry_job(job.id, at, &e.to_string()).await?;
            }
        }
        Ok(jobs.len())
    }

    #[tracing::instrument(skip_all, fields(tenant.id = %job.tenant_id, job.id = job.id))]
    async fn process(&self, job: &Job) -> Result<(), ProcessError> {
        let store = &self.state.store;
        let tenant = TenantId::from_uuid(job.tenant_id);
        let mut inbound = match store.load_inbox(tenant, job.ref_id).await {
            Ok(inbound) => inbound,
            Err(StoreError::NotFound) => {
                return Ok(store.end_job(job.id, JobEnd::Failed, Some("inbox row missing")).await?);
            }
            Err(e) => return Err(e.into()),
        };
        if inbound.processed {
            return Ok(store.end_job(job.id, JobEnd::Done, None).await?);
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
            .finish_inbox(tenant, job.ref_id, job.id, &outcome.replies, conversation, utc_now())
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
                Err(SendError::Retry(why)) if !give_up => return Err(ProcessError::Media(why)),
                Err(SendError::Retry(why)) => {
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
                // Two at a time: a photo takes a few hundred ms, and chat replies share this loop.
                .claim_jobs(queue, utc_now(), self.config.lease, 2)
                .await?;
            claimed += jobs.len();
            for job in &jobs {
                let tenant = TenantId::from_uuid(job.tenant_id);
                let done = match queue {
                    "media" => crate::media::http::make_sizes(&self.state, tenant, job.ref_id).await,
                    _ => crate::media::http::collect_garbage(&self.state, tenant, job.ref_id).await,
                };
                match done {
                    Ok(()) => self.state.store.end_job(job.id, JobEnd::Done, None).await?,
                    Err(e)
                        if job.attempts < self.config.max_attempts && matches!(e, crate::media::MediaError::Io(_)) =>
                    {
                        let at = utc_now() + backoff(job.attempts);
                        self.state.store.retry_job(job.id, at, &e.to_string()).await?;
                    }
                    Err(e) => {
                        tracing::warn!(job.id = job.id, error = %e, "photo job failed");
                        self.state
                            .store
                            .end_job(job.id, JobEnd::Failed, Some(&e.to_string()))
                            .await?;
                    }
                }
            }
        }
        Ok(claimed)
    }

    /// Sends one batch from an outbox queue; returns how many were claimed.
    pub async fn send_outbox_once(&self, queue: &str) -> StoreResult<usize> {
        let jobs = self
            .state
            .store
            .claim_jobs(queue, utc_now(), self.config.lease, self.config.batch)
            .await?;
        for job in &jobs {
            self.send(job).await?;
        }
        Ok(jobs.len())
    }

    #[tracing::instrument(skip_all, fields(tenant.id = %job.tenant_id, job.id = job.id))]
    async fn send(&self, job: &Job) -> StoreResult<()> {
        let store = &self.state.store;
        let tenant = TenantId::from_uuid(job.tenant_id);
        let outbound = match store.load_outbox(tenant, job.ref_id).await {
            Ok(outbound) => outbound,
            Err(StoreError::NotFound) => {
                return store.end_job(job.id, JobEnd::Failed, Some("outbox row missing")).await;
            }
            Err(e) => return Err(e),
        };
        if !outbound.pending {
            return store.end_job(job.id, JobEnd::Done, None).await;
        }
        let delivered_here =
            |o: &crate::store::StoredOutbound| self.state.web_chats.deliver(&o.chat_id, o.message.clone());
        let result = match outbound.channel {
            Channel::Web if delivered_here(&outbound) => Ok(None),
            Channel::Web => Err(SendError::Retry("the web chat is not open in this process".into())),
            Channel::Whatsapp => self.send_whatsapp(tenant, &outbound).await.map(Some),
            Channel::Telegram => self.send_telegram(tenant, &outbound).await.map(Some),
        };
        match result {
            Ok(provider_id) => {
                store
                    .finish_outbox(tenant, job.ref_id, job.id, Ok(provider_id.as_deref()), utc_now())
                    .await
            }
            Err(SendError::Retry(why)) if job.attempts < self.config.max_attempts => {
                store.retry_job(job.id, utc_now() + backoff(job.attempts), &why).await
            }
            Err(SendError::Retry(why) | SendError::Permanent(why)) => {
                tracing::warn!(error = %why, "reply could not be sent");
                store
                    .finish_outbox(tenant, job.ref_id, job.id, Err(&why), utc_now())
                    .await
            }
        }
    }

    /// WhatsApp: only inside the 24-hour window after the customer last wrote (outside it only
    /// an approved template may be sent), and at most a few messages a second per number.
    async fn send_whatsapp(
        &self,
        tenant: TenantId,
        outbound: &crate::store::StoredOutbound,
    ) -> Result<String, SendError> {
        let store = &self.state.store;
        let db = |e: StoreError| SendError::Retry(e.to_string());
        let account = store.whatsapp_account(tenant).await.map_err(db)?;
        let account =
            account.ok_or_else(|| SendError::Permanent("this showroom has no WhatsApp number set up".into()))?;
        let last = store
            .last_inbound_at(tenant, Channel::Whatsapp, &outbound.chat_id)
            .await
            .map_err(db)?;
        if last.is_none_or(|at| utc_now() - at > time::Duration::hours(24)) {
            return Err(SendError::Permanent(
                "outside the 24-hour window: only a template message may be sent".into(),
            ));
        }
        let key = format!("wa-send:{}", account.phone_number_id);
        if self.state.kv.hit(&key, Duration::from_secs(1)).await > WHATSAPP_PER_SECOND {
            return Err(SendError::Retry("per-number rate limit".into()));
        }
        self.state
            .whatsapp
            .send(&account, &outbound.chat_id, &outbound.message)
            .await
    }

    async fn send_telegram(
        &self,
        tenant: TenantId,
        outbound: &crate::store::StoredOutbound,
    ) -> Result<String, SendError> {
        let token = self
            .state
            .store
            .telegram_token(tenant)
            .await
            .map_err(|e| SendError::Retry(e.to_string()))?;
        let token = token.ok_or_else(|| SendError::Permanent("this showroom has no Telegram bot set up".into()))?;
        self.state
            .telegram
            .send(&token, &outbound.chat_id, &outbound.message)
            .await
    }

    /// Runs the inbox processor and the provider sender until `stop` completes.
    pub async fn run(self, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            let worked = match (
                self.process_inbox_once().await,
                self.send_outbox_once("send").await,
                self.process_media_once().await,
            ) {
                (Ok(a), Ok(b), Ok(c)) => a + b + c,
                (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                    tracing::error!(error = %e, "worker cannot reach the database");
                    0
                }
            };
            if worked > 0 {
                continue;
            }
            tokio::select! {
                () = &mut stop => return,
                () = self.state.wake.notified() => {}
                () = tokio::time::sleep(self.config.idle) => {}
            }
        }
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
