//! Rendered catalog pages, kept per showroom until one of its cars (or its profile) changes.
//!
//! A key carries the showroom's generation: a change bumps the generation and every older
//! page becomes unreachable at once (the size-bounded cache evicts it later). Changes arrive
//! as `kv` events — this replica's own before the change's request returns, other replicas'
//! through Redis pub/sub — and are read at the start of every request, so the next page load
//! after a change is rendered fresh. A short lifetime backs this up for changes made by other
//! processes without Redis (the command line on the embedded default).

use crate::domain::TenantId;
use crate::kv::Event;
use axum::body::Bytes;
use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::{self, error::TryRecvError};

/// How long a page may be served without a change event.
pub const LIFETIME: Duration = Duration::from_secs(60);
/// Total size of kept pages (both encodings).
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;

/// One rendered page in both encodings, with its validators.
#[derive(Debug)]
pub struct Page {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Bytes,
    pub gzip: Bytes,
    /// Quoted strong validator of the body.
    pub etag: String,
    /// `Last-Modified`, HTTP date.
    pub last_modified: String,
    made: Instant,
}

impl Page {
    pub fn new(status: u16, content_type: &'static str, body: Bytes) -> Page {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(&body);
        let etag = format!("\"{}\"", hex::encode(&digest[..12]));
        Page {
            status,
            content_type,
            gzip: gzip(&body),
            body,
            etag,
            last_modified: http_date(time::OffsetDateTime::now_utc()),
            made: Instant::now(),
        }
    }

    fn fresh(&self) -> bool {
        self.made.elapsed() < LIFETIME
    }
}

/// Level-6 gzip of a body (empty if encoding failed, which writing to memory does not).
pub fn gzip(body: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::new(6));
    // Writing to a Vec cannot fail.
    match encoder.write_all(body).and_then(|()| encoder.finish()) {
        Ok(out) => Bytes::from(out),
        Err(_) => Bytes::new(),
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(at: time::OffsetDateTime) -> String {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    at.to_offset(time::UtcOffset::UTC).format(&format).unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    tenant: TenantId,
    generation: u64,
    /// The link prefix the page was rendered for (`""` or `/s/{slug}`) and the request's path
    /// with its canonical query.
    address: String,
}

#[derive(Clone)]
struct Weigh;

impl quick_cache::Weighter<Key, std::sync::Arc<Page>> for Weigh {
    fn weight(&self, key: &Key, page: &std::sync::Arc<Page>) -> u64 {
        (key.address.len() + page.body.len() + page.gzip.len() + 256) as u64
    }
}

pub struct PageCache {
    pages: quick_cache::sync::Cache<Key, std::sync::Arc<Page>, Weigh>,
    state: Mutex<Generations>,
}

struct Generations {
    events: broadcast::Receiver<Event>,
    /// Bumped when events were missed (the receiver lagged): every page is stale then.
    epoch: u64,
    by_tenant: HashMap<TenantId, u64>,
    /// Bumped when any showroom's profile or domains change (or events were missed): the
    /// host → showroom directory is stale then.
    directory: u64,
}

impl Generations {
    fn bump(&mut self, tenant: TenantId) {
        *self.by_tenant.entry(tenant).or_insert(0) += 1;
    }

    /// Reads every change announced so far.
    fn drain(&mut self) {
        loop {
            match self.events.try_recv() {
                Ok(Event::VehicleChanged { tenant_id, .. }) => self.bump(tenant_id),
                Ok(Event::TenantChanged { tenant_id }) => {
                    self.bump(tenant_id);
                    self.directory += 1;
                }
                Err(TryRecvError::Lagged(_)) => {
                    self.epoch += 1;
                    self.directory += 1;
                }
                Err(TryRecvError::Empty | TryRecvError::Closed) => return,
            }
        }
    }
}

impl PageCache {
    pub fn new(events: broadcast::Receiver<Event>) -> PageCache {
        PageCache {
            pages: quick_cache::sync::Cache::with_weighter(10_000, CAPACITY_BYTES, Weigh),
            state: Mutex::new(Generations {
                events,
                epoch: 0,
                by_tenant: HashMap::new(),
                directory: 0,
            }),
        }
    }

    fn current(&self) -> std::sync::MutexGuard<'_, Generations> {
        let mut state = match self.state.lock() {
            Ok(s) => s,
            // The state is counters only: still right after a panic elsewhere.
            Err(poisoned) => poisoned.into_inner(),
        };
        state.drain();
        state
    }

    /// Changes whenever a showroom's profile or domains may have changed.
    pub fn directory_generation(&self) -> u64 {
        self.current().directory
    }

    /// The showroom's generation as of now: it changes with every change to its cars or
    /// profile, so anything derived from them may be kept under it.
    pub fn generation(&self, tenant: TenantId) -> u64 {
        let state = self.current();
        (state.epoch << 32) + state.by_tenant.get(&tenant).copied().unwrap_or(0)
    }

    /// The key for a page as of now (after reading pending change events).
    fn key(&self, tenant: TenantId, address: String) -> Key {
        Key {
            generation: self.generation(tenant),
            tenant,
            address,
        }
    }

    /// A handle for one request: look up, and store what was rendered under the same key.
    pub fn slot(&self, tenant: TenantId, address: String) -> Slot<'_> {
        Slot {
            key: self.key(tenant, address),
            cache: self,
        }
    }
}

pub struct Slot<'a> {
    key: Key,
    cache: &'a PageCache,
}

impl Slot<'_> {
    pub fn get(&self) -> Option<std::sync::Arc<Page>> {
        self.cache.pages.get(&self.key).filter(|p| p.fresh())
    }

    /// Keeps a page rendered from data read after this slot was taken: a change in between
    /// has already bumped the generation, so the page is stored under a key nobody asks for.
    pub fn put(self, page: std::sync::Arc<Page>) {
        self.cache.pages.insert(self.key, page);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> std::sync::Arc<Page> {
        std::sync::Arc::new(Page::new(200, "text/html", Bytes::from(text.to_owned())))
    }

    #[test]
    fn a_change_of_one_showroom_leaves_the_others_cached() {
        let (tx, rx) = broadcast::channel(16);
        let cache = PageCache::new(rx);
        let (a, b) = (TenantId::new(), TenantId::new());
        cache.slot(a, "/mobil".into()).put(page("a"));
        cache.slot(b, "/mobil".into()).put(page("b"));
        assert!(cache.slot(a, "/mobil".into()).get().is_some());
        let _ = tx.send(Event::VehicleChanged {
            tenant_id: a,
            vehicle_id: crate::domain::VehicleId::new(),
            change: "updated".into(),
        });
        assert!(cache.slot(a, "/mobil".into()).get().is_none());
        assert_eq!(
            cache.slot(b, "/mobil".into()).get().map(|p| p.body.clone()),
            Some(Bytes::from("b"))
        );
        let _ = tx.send(Event::TenantChanged { tenant_id: b });
        assert!(cache.slot(b, "/mobil".into()).get().is_none());
    }

    #[test]
    fn a_page_rendered_across_a_change_is_never_served() {
        let (tx, rx) = broadcast::channel(16);
        let cache = PageCache::new(rx);
        let a = TenantId::new();
        let slot = cache.slot(a, "/".into());
        let _ = tx.send(Event::TenantChanged { tenant_id: a });
        slot.put(page("old"));
        assert!(cache.slot(a, "/".into()).get().is_none());
    }

    #[test]
    fn missed_events_make_every_page_stale() {
        let (tx, rx) = broadcast::channel(2);
        let cache = PageCache::new(rx);
        let a = TenantId::new();
        cache.slot(a, "/".into()).put(page("x"));
        for _ in 0..5 {
            let _ = tx.send(Event::TenantChanged {
                tenant_id: TenantId::new(),
            });
        }
        assert!(cache.slot(a, "/".into()).get().is_none());
    }

    #[test]
    fn pages_carry_gzip_and_validators() {
        let p = Page::new(200, "text/html", Bytes::from("halo ".repeat(200)));
        assert!(p.gzip.len() < p.body.len() / 5);
        assert_eq!(p.etag.len(), 26);
        assert_eq!(
            http_date(time::macros::datetime!(2026-11-27 03:04:05 UTC)),
            "Fri, 27 Nov 2026 03:04:05 GMT"
        );
    }
}
