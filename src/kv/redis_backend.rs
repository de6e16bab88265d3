//! The Redis backend. Every call is fail-open: errors are logged once per call and answered
//! with the neutral value.

use super::Event;
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use std::time::Duration;
use tokio::sync::{broadcast, oneshot};
use tokio_stream::StreamExt;

pub struct RedisKv {
    conn: ConnectionManager,
    /// While Redis is known to be down (until this instant, in ms since the Unix epoch) calls
    /// answer their neutral value at once instead of each waiting on a reconnection.
    down_until: std::sync::atomic::AtomicU64,
    /// Marks this replica's own messages, which it has already delivered locally.
    replica: uuid::Uuid,
    prefix: String,
    channel: String,
    /// Dropping this ends the subscription task.
    _stop: oneshot::Sender<()>,
}

fn log_failure(op: &str, err: &redis::RedisError) {
    tracing::warn!(kv.op = op, error = %err, "redis call failed; degrading");
}

/// How long calls skip Redis after one failed: short, so it is back in use soon after it is.
const RESTING_MS: u64 = 2000;

fn epoch_ms() -> u64 {
    u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(0)
}

impl RedisKv {
    pub async fn connect(url: &str, prefix: &str, events: broadcast::Sender<Event>) -> anyhow::Result<Self> {
        let client = redis::Client::open(url).map_err(|_| anyhow::anyhow!("REDIS_URL is not a valid Redis URL"))?;
        // One quick reconnection try per call (the default backs off for six seconds), and
        // answers within three seconds: a call that cannot be served is answered without Redis.
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_number_of_retries(1)
            .set_connection_timeout(Some(Duration::from_millis(500)))
            .set_response_timeout(Some(Duration::from_secs(3)));
        let conn = client.get_connection_manager_with_config(config).await?;
        let channel = format!("{prefix}:events");
        let mut pubsub = client.get_async_pubsub().await?;
        pubsub.subscribe(&channel).await?;
        let (stop_tx, stop_rx) = oneshot::channel();
        let replica = uuid::Uuid::new_v4();
        let forward = Forward {
            client,
            channel: channel.clone(),
            events,
            replica,
        };
        tokio::spawn(forward.run(pubsub, stop_rx));
        Ok(RedisKv {
            conn,
            down_until: std::sync::atomic::AtomicU64::new(0),
            replica,
            prefix: prefix.to_owned(),
            channel,
            _stop: stop_tx,
        })
    }

    fn key(&self, key: &str) -> String {
        format!("{}:{key}", self.prefix)
    }

    /// A connection to use, or `None` while Redis is resting after a failure.
    fn available(&self) -> Option<ConnectionManager> {
        (epoch_ms() >= self.down_until.load(std::sync::atomic::Ordering::Relaxed)).then(|| self.conn.clone())
    }

    /// Logs a failed call; when Redis is plainly gone (refused or dropped connection, not a
    /// slow answer on a busy machine) it rests for a moment.
    fn failed(&self, op: &str, err: &redis::RedisError) {
        log_failure(op, err);
        if err.is_connection_refusal() || err.is_connection_dropped() || err.is_io_error() {
            self.down_until
                .store(epoch_ms() + RESTING_MS, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Whether Redis answers, with its error when it does not.
    pub async fn ping(&self) -> Result<(), String> {
        let mut conn = self.conn.clone();
        redis::cmd("PING")
            .query_async::<String>(&mut conn)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    pub async fn get(&self, key: &str) -> Option<String> {
        let mut conn = self.available()?;
        conn.get(self.key(key))
            .await
            .inspect_err(|e| self.failed("get", e))
            .ok()
            .flatten()
    }

    pub async fn set(&self, key: &str, value: &str, ttl: Duration) {
        let Some(mut conn) = self.available() else { return };
        let secs = ttl.as_secs().max(1);
        let result: redis::RedisResult<()> = conn.set_ex(self.key(key), value, secs).await;
        if let Err(e) = result {
            self.failed("set", &e);
        }
    }

    pub async fn incr(&self, key: &str, ttl_secs: u64) -> u64 {
        self.try_incr(key, ttl_secs).await.unwrap_or(0)
    }

    /// Like `incr`, but says when Redis did not answer (for limits that must fail closed).
    pub async fn try_incr(&self, key: &str, ttl_secs: u64) -> Option<u64> {
        let mut conn = self.available()?;
        let key = self.key(key);
        let ttl = i64::try_from(ttl_secs).unwrap_or(i64::MAX);
        let result: redis::RedisResult<(u64,)> = redis::pipe()
            .atomic()
            .incr(&key, 1)
            .expire(&key, ttl)
            .ignore()
            .query_async(&mut conn)
            .await;
        result.map(|(n,)| n).inspect_err(|e| self.failed("incr", e)).ok()
    }

    /// See `Kv::reserve_slot`. Redis' own clock decides, so replicas with skewed clocks still
    /// share one schedule.
    pub async fn reserve_slot(&self, key: &str, interval: Duration) -> Duration {
        const SCRIPT: &str = "local t = redis.call('TIME') \
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2]) \
            local step = tonumber(ARGV[1]) \
            local free = tonumber(redis.call('GET', KEYS[1]) or '0') \
            if free < now then free = now end \
            redis.call('SET', KEYS[1], string.format('%.0f', free + step), 'PX', math.floor((free + step - now) / 1000) + 60000) \
            return free - now";
        let Some(mut conn) = self.available() else {
            return Duration::ZERO;
        };
        let step = u64::try_from(interval.as_micros()).unwrap_or(u64::MAX).max(1);
        let result: redis::RedisResult<i64> = redis::cmd("EVAL")
            .arg(SCRIPT)
            .arg(1)
            .arg(self.key(key))
            .arg(step)
            .query_async(&mut conn)
            .await;
        match result {
            Ok(wait) => Duration::from_micros(wait.max(0).unsigned_abs()),
            Err(e) => {
                self.failed("reserve_slot", &e);
                Duration::ZERO
            }
        }
    }

    /// Sends to the other replicas (this one delivered it locally already).
    pub async fn publish(&self, event: &Event) {
        let envelope = Envelope {
            from: self.replica,
            event: event.clone(),
        };
        let Ok(payload) = serde_json::to_string(&envelope) else {
            return;
        };
        let Some(mut conn) = self.available() else { return };
        let result: redis::RedisResult<()> = conn.publish(&self.channel, payload).await;
        if let Err(e) = result {
            self.failed("publish", &e);
        }
    }
}

/// What travels on the Redis channel: the event and the replica that sent it.
#[derive(serde::Serialize, serde::Deserialize)]
struct Envelope {
    from: uuid::Uuid,
    event: Event,
}

/// Forwards other replicas' Redis messages into the local broadcast.
struct Forward {
    client: redis::Client,
    channel: String,
    events: broadcast::Sender<Event>,
    replica: uuid::Uuid,
}

impl Forward {
    /// Runs until `stop` is dropped (the store with it); on a dropped connection waits a
    /// second and subscribes again.
    async fn run(self, first: redis::aio::PubSub, mut stop: oneshot::Receiver<()>) {
        let Forward {
            client,
            channel,
            events,
            replica,
        } = self;
        let mut pubsub = Some(first);
        loop {
            if let Some(ps) = pubsub.take() {
                let mut stream = ps.into_on_message();
                loop {
                    let msg = tokio::select! {
                        msg = stream.next() => msg,
                        _ = &mut stop => return,
                    };
                    let Some(msg) = msg else { break };
                    let parsed = msg
                        .get_payload::<String>()
                        .ok()
                        .and_then(|p| serde_json::from_str::<Envelope>(&p).ok());
                    match parsed {
                        Some(envelope) if envelope.from == replica => {}
                        Some(envelope) => drop(events.send(envelope.event)),
                        None => tracing::warn!(kv.channel = %channel, "ignored an unreadable event"),
                    }
                }
                tracing::warn!(kv.channel = %channel, "redis event subscription dropped; reconnecting");
            }
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = &mut stop => return,
            }
            pubsub = match client.get_async_pubsub().await {
                Ok(mut ps) => ps.subscribe(&channel).await.ok().map(|()| ps),
                Err(e) => {
                    log_failure("subscribe", &e);
                    None
                }
            };
        }
    }
}
