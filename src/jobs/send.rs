//! The provider sender: replies claimed side by side, each sent once its number's slot has
//! come; a reply whose sender died mid-request waits for the provider's report of it.

use super::{SendError, Workers, backoff};
use crate::channels::Channel;
use crate::domain::{TenantId, utc_now};
use crate::store::{Job, JobEnd, StoreError, StoreResult};
use futures_util::StreamExt;
use std::time::Duration;
use time::OffsetDateTime;

/// A paced send whose slot is this close waits for it here rather than going back to the
/// queue.
const WAIT_IN_PLACE: Duration = Duration::from_millis(250);
/// Telegram's documented ceiling for one bot is about 30 messages a second.
const TELEGRAM_PER_SECOND: u32 = 25;

/// What the sender does with a claimed reply before talking to the provider.
enum Before {
    Send,
    /// Back to the queue until then, the try not counted; `slot` is reserved for it.
    Later {
        at: OffsetDateTime,
        slot: Option<OffsetDateTime>,
    },
}

/// Where a reply to a provider goes.
enum Target {
    Whatsapp(crate::store::WhatsappAccount),
    Telegram(secrecy::SecretString),
}

impl Workers {
    /// Sends one batch from an outbox queue, side by side; returns how many were claimed.
    pub async fn send_outbox_once(&self, queue: &str) -> StoreResult<usize> {
        let jobs = self
            .state
            .store
            .claim_jobs(queue, utc_now(), self.config.lease, self.config.sends)
            .await?;
        let width = usize::try_from(self.config.sends).unwrap_or(1).max(1);
        let work = futures_util::stream::iter(&jobs).for_each_concurrent(width, |job| async move {
            match self.send(job).await {
                Ok(()) => {}
                Err(StoreError::LeaseLost) => tracing::info!(job.id = job.id, "reply taken over by another worker"),
                Err(e) => tracing::warn!(job.id = job.id, error = %e, "reply left to its lease"),
            }
        });
        self.holding(&jobs, work).await;
        Ok(jobs.len())
    }

    #[tracing::instrument(skip_all, fields(tenant.id = %job.tenant_id, job.id = job.id))]
    async fn send(&self, job: &Job) -> StoreResult<()> {
        let store = &self.state.store;
        let tenant = TenantId::from_uuid(job.tenant_id);
        let outbound = match store.load_outbox(tenant, job.ref_id).await {
            Ok(outbound) => outbound,
            Err(StoreError::NotFound) => {
                return store.end_job(job, JobEnd::Failed, Some("outbox row missing")).await;
            }
            Err(e) => return Err(e),
        };
        if !outbound.pending {
            return store.end_job(job, JobEnd::Done, None).await;
        }
        let result = match outbound.channel {
            Channel::Web
                if self
                    .state
                    .web_chats
                    .deliver(&outbound.chat_id, outbound.message.clone()) =>
            {
                Ok(None)
            }
            Channel::Web => Err(SendError::Retry("the web chat is not open in this process".into())),
            Channel::Whatsapp | Channel::Telegram => match self.to_provider(tenant, job, &outbound).await? {
                Some(sent) => sent.map(Some),
                None => return Ok(()),
            },
        };
        let more = job.attempts < self.config.max_attempts;
        match result {
            Ok(provider_id) => {
                let provider_id = provider_id.filter(|id| !id.is_empty());
                store
                    .finish_outbox(tenant, job.ref_id, job, Ok(provider_id.as_deref()), utc_now())
                    .await
            }
            Err(SendError::Retry(why)) if more => {
                let at = utc_now() + backoff(job.attempts);
                store.retry_send(tenant, job.ref_id, job, at, &why).await
            }
            // Maybe delivered: the reply stays in doubt (its report may still settle it) and
            // is tried again only once the wait for that report is over.
            Err(SendError::InDoubt(why)) if more => {
                let at = utc_now() + backoff(job.attempts).max(self.config.in_doubt_wait);
                store.retry_job(job, at, &why).await
            }
            Err(SendError::Retry(why) | SendError::Permanent(why) | SendError::InDoubt(why)) => {
                tracing::warn!(error = %why, "reply could not be sent");
                store.finish_outbox(tenant, job.ref_id, job, Err(&why), utc_now()).await
            }
        }
    }

    /// Sends a reply to WhatsApp or Telegram once its turn has come; `None` when it went back
    /// to the queue (paced, or in doubt and waiting for the provider's report).
    async fn to_provider(
        &self,
        tenant: TenantId,
        job: &Job,
        outbound: &crate::store::StoredOutbound,
    ) -> StoreResult<Option<Result<String, SendError>>> {
        let target = match self.target(tenant, outbound).await {
            Ok(target) => target,
            Err(e) => return Ok(Some(Err(e))),
        };
        match self.before_sending(job, outbound, &target).await {
            Before::Send => {}
            Before::Later { at, slot } => {
                self.state.store.defer_job(job, at, slot).await?;
                return Ok(None);
            }
        }
        self.state.store.mark_sending(tenant, job.ref_id, utc_now()).await?;
        let reference = crate::channels::whatsapp::reference(job.ref_id);
        Ok(Some(match &target {
            Target::Whatsapp(account) => {
                self.state
                    .whatsapp
                    .send(account, &outbound.chat_id, &outbound.message, &reference)
                    .await
            }
            Target::Telegram(token) => {
                self.state
                    .telegram
                    .send(token, &outbound.chat_id, &outbound.message)
                    .await
            }
        }))
    }

    /// Where a reply goes. WhatsApp only inside the 24-hour window after the customer last
    /// wrote (outside it only an approved template may be sent).
    async fn target(&self, tenant: TenantId, outbound: &crate::store::StoredOutbound) -> Result<Target, SendError> {
        let store = &self.state.store;
        let db = |e: StoreError| SendError::Retry(e.to_string());
        if outbound.channel == Channel::Telegram {
            let token = store.telegram_token(tenant).await.map_err(db)?;
            let token = token.ok_or_else(|| SendError::Permanent("this showroom has no Telegram bot set up".into()))?;
            return Ok(Target::Telegram(token));
        }
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
        Ok(Target::Whatsapp(account))
    }

    /// Decides whether a reply goes now. A send that began and never came back (its worker
    /// died mid-request) waits for the provider's report naming it; without one in time it
    /// is sent again. Every send takes the next slot of its number's schedule: a limit of our
    /// own delays a reply, it never spends its tries.
    async fn before_sending(&self, job: &Job, outbound: &crate::store::StoredOutbound, target: &Target) -> Before {
        let now = utc_now();
        if let (Some(since), Target::Whatsapp(_)) = (outbound.sending_since, target) {
            // Counted from when the job can first be taken back (its lease lapsed), so the
            // report always gets the whole wait.
            let until = since + self.config.lease + self.config.in_doubt_wait;
            if now < until {
                tracing::info!(job.id = job.id, "reply in doubt: waiting for the provider's report");
                return Before::Later {
                    at: until,
                    slot: job.slot_at,
                };
            }
        }
        // A slot reserved for this send is used when its time comes; one long past (the
        // queue was held up) is not, or a backlog would go out all at once.
        if job.slot_at.is_some_and(|slot| now - slot <= time::Duration::seconds(1)) {
            return Before::Send;
        }
        let (key, per_second) = match target {
            Target::Whatsapp(account) => (
                format!("wa-send:{}", account.phone_number_id),
                self.state.settings.whatsapp.sends_per_second,
            ),
            Target::Telegram(_) => (format!("tg-send:{}", job.tenant_id.simple()), TELEGRAM_PER_SECOND),
        };
        let wait = self
            .state
            .kv
            .reserve_slot(&key, Duration::from_secs(1) / per_second.max(1))
            .await;
        if wait <= WAIT_IN_PLACE {
            tokio::time::sleep(wait).await;
            return Before::Send;
        }
        // Stored times are whole seconds (see `utc_now`): the slot's second, which holds at
        // most the rate's worth of slots.
        let at = now + Duration::from_secs(wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
        Before::Later { at, slot: Some(at) }
    }
}
