//! The in-process backend: a map with expiry times.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Past this many entries, expired ones are swept on the next write.
const SWEEP_AT: usize = 10_000;

#[derive(Default)]
pub struct MemoryKv {
    entries: Mutex<HashMap<String, (String, Instant)>>,
}

impl MemoryKv {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<String, (String, Instant)>) -> T) -> T {
        // A poisoned lock only means another thread panicked mid-update of a cache; the map
        // is still usable.
        let mut map = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut map)
    }

    pub fn get(&self, key: &str) -> Option<String> {
        let now = Instant::now();
        self.with(|map| map.get(key).filter(|(_, until)| *until > now).map(|(v, _)| v.clone()))
    }

    pub fn set(&self, key: &str, value: &str, ttl: Duration) {
        let now = Instant::now();
        self.with(|map| {
            if map.len() >= SWEEP_AT {
                map.retain(|_, (_, until)| *until > now);
            }
            map.insert(key.to_owned(), (value.to_owned(), now + ttl));
        });
    }

    pub fn incr(&self, key: &str, ttl: Duration) -> u64 {
        let now = Instant::now();
        self.with(|map| {
            if map.len() >= SWEEP_AT {
                map.retain(|_, (_, until)| *until > now);
            }
            let entry = map.entry(key.to_owned()).or_insert_with(|| ("0".into(), now + ttl));
            if entry.1 <= now {
                *entry = ("0".into(), now + ttl);
            }
            let next = entry.0.parse::<u64>().unwrap_or(0) + 1;
            entry.0 = next.to_string();
            next
        })
    }
}

impl MemoryKv {
    /// See `Kv::reserve_slot`: the next free instant is kept as microseconds since this
    /// backend's first use.
    pub fn reserve_slot(&self, key: &str, interval: Duration) -> Duration {
        static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        let epoch = *EPOCH.get_or_init(Instant::now);
        let now_us = u64::try_from(epoch.elapsed().as_micros()).unwrap_or(u64::MAX);
        let step = u64::try_from(interval.as_micros()).unwrap_or(u64::MAX).max(1);
        let free = self.with(|map| {
            let next = map
                .get(key)
                .and_then(|(v, _)| v.parse::<u64>().ok())
                .unwrap_or(0)
                .max(now_us);
            let after = next.saturating_add(step);
            let ttl = Duration::from_micros(after - now_us) + Duration::from_secs(60);
            map.insert(key.to_owned(), (after.to_string(), Instant::now() + ttl));
            next
        });
        Duration::from_micros(free - now_us)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_expire() {
        let kv = MemoryKv::default();
        kv.set("a", "1", Duration::from_secs(60));
        kv.set("b", "2", Duration::ZERO);
        assert_eq!(kv.get("a").as_deref(), Some("1"));
        assert_eq!(kv.get("b"), None);
    }

    #[test]
    fn slots_are_handed_out_one_interval_apart() {
        let kv = MemoryKv::default();
        let step = Duration::from_millis(100);
        let waits: Vec<Duration> = (0..5).map(|_| kv.reserve_slot("s", step)).collect();
        assert!(waits[0] < Duration::from_millis(5), "{waits:?}");
        for (i, wait) in waits.iter().enumerate().skip(1) {
            let expected = step * u32::try_from(i).unwrap_or(0);
            assert!(
                *wait <= expected && *wait + Duration::from_millis(20) >= expected,
                "{waits:?}"
            );
        }
        assert!(kv.reserve_slot("other", step) < Duration::from_millis(5));
    }

    #[test]
    fn counters_count_up() {
        let kv = MemoryKv::default();
        assert_eq!(kv.incr("k", Duration::from_secs(60)), 1);
        assert_eq!(kv.incr("k", Duration::from_secs(60)), 2);
    }
}
