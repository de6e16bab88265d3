//! Cache, rate-limit counters and change notifications: Redis when `REDIS_URL` is set, the
//! process's own memory otherwise. Nothing depends on it for correctness: a Redis failure is
//! logged and degrades to a cache miss, an allowed request, a lost notification.

mod memory;
mod redis_backend;

use memory::MemoryKv;
use redis_backend::RedisKv;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// A notification to every replica (catalog cache purge, live dashboards).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    VehicleChanged {
        tenant_id: crate::domain::TenantId,
        vehicle_id: crate::domain::VehicleId,
        change: String,
    },
    /// The showroom's profile, branding or domains changed.
    TenantChanged { tenant_id: crate::domain::TenantId },
}

/// Handle to the shared key-value services. Cheap to clone.
#[derive(Clone)]
pub struct Kv {
    backend: Arc<Backend>,
    events: broadcast::Sender<Event>,
}

enum Backend {
    Memory(MemoryKv),
    Redis(RedisKv),
}

impl Kv {
    /// In-process: for the embedded default and for a single replica.
    pub fn memory() -> Self {
        let (events, _) = broadcast::channel(1024);
        Kv {
            backend: Arc::new(Backend::Memory(MemoryKv::default())),
            events,
        }
    }

    /// Redis-backed: connects, and subscribes to the event channel before returning so no
    /// event published after this call is missed.
    pub async fn redis(url: &str, prefix: &str) -> anyhow::Result<Self> {
        let (events, _) = broadcast::channel(1024);
        let redis = RedisKv::connect(url, prefix, events.clone()).await?;
        Ok(Kv {
            backend: Arc::new(Backend::Redis(redis)),
            events,
        })
    }

    pub fn is_redis(&self) -> bool {
        matches!(*self.backend, Backend::Redis(_))
    }

    /// Whether the backend answers (always, in memory).
    pub async fn ping(&self) -> Result<(), String> {
        match &*self.backend {
            Backend::Memory(_) => Ok(()),
            Backend::Redis(r) => r.ping().await,
        }
    }

    pub async fn get(&self, key: &str) -> Option<String> {
        match &*self.backend {
            Backend::Memory(m) => m.get(key),
            Backend::Redis(r) => r.get(key).await,
        }
    }

    pub async fn set(&self, key: &str, value: &str, ttl: Duration) {
        match &*self.backend {
            Backend::Memory(m) => m.set(key, value, ttl),
            Backend::Redis(r) => r.set(key, value, ttl).await,
        }
    }

    /// Counts one hit in the current fixed window of `window` for `key` and returns the
    /// count so far (0 when the backend is unreachable: fail open).
    pub async fn hit(&self, key: &str, window: Duration) -> u64 {
        let secs = window.as_secs().max(1);
        let slot = time::OffsetDateTime::now_utc().unix_timestamp().unsigned_abs() / secs;
        let key = format!("rl:{key}:{slot}");
        match &*self.backend {
            Backend::Memory(m) => m.incr(&key, Duration::from_secs(secs)),
            Backend::Redis(r) => r.incr(&key, secs).await,
        }
    }

    /// Counts a hit like [`Kv::hit`] but fails closed: `None` when the backend did not answer,
    /// for limits that protect accounts (a login is refused rather than let through unchecked).
    pub async fn hit_or_refuse(&self, key: &str, window: Duration) -> Option<u64> {
        let secs = window.as_secs().max(1);
        let slot = time::OffsetDateTime::now_utc().unix_timestamp().unsigned_abs() / secs;
        let key = format!("rl:{key}:{slot}");
        match &*self.backend {
            Backend::Memory(m) => Some(m.incr(&key, Duration::from_secs(secs))),
            Backend::Redis(r) => r.try_incr(&key, secs).await,
        }
    }

    /// Reserves the next free slot of a schedule that lets one event through every `interval`
    /// (a token bucket with no burst) and says how long to wait for it. Slots are handed out
    /// in order across every replica, so a queue of sends drains at exactly the rate. Fails
    /// open: with the backend unreachable the wait is zero.
    pub async fn reserve_slot(&self, key: &str, interval: Duration) -> Duration {
        let key = format!("slot:{key}");
        match &*self.backend {
            Backend::Memory(m) => m.reserve_slot(&key, interval),
            Backend::Redis(r) => r.reserve_slot(&key, interval).await,
        }
    }

    /// Starts `key`'s current window over (a successful login clears its failures).
    pub async fn reset(&self, key: &str, window: Duration) {
        let secs = window.as_secs().max(1);
        let slot = time::OffsetDateTime::now_utc().unix_timestamp().unsigned_abs() / secs;
        self.set(&format!("rl:{key}:{slot}"), "0", Duration::from_secs(secs))
            .await;
    }

    /// Tells every replica (including this one) about a change. This replica hears it before
    /// the call returns, so its next request already sees the change.
    pub async fn publish(&self, event: &Event) {
        // No receivers is fine: nobody is listening yet.
        drop(self.events.send(event.clone()));
        if let Backend::Redis(r) = &*self.backend {
            r.publish(event).await;
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }
}
