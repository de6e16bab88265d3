//! WhatsApp webhook intake under load: signed text messages posted on loopback at a fixed
//! rate (default 500/s for 10 s) while the service's own workers process the inbox and send
//! the replies to a fake Graph API. Prints the achieved rate and the p50 / p99 / max latency
//! of verify + store + 200. SQLite by default; PostgreSQL when TEST_DATABASE_URL is set.
//!
//!     cargo bench --bench webhook_intake
//!     TEST_DATABASE_URL=postgres://postgres@127.0.0.1/postgres cargo bench --bench webhook_intake
//!     BENCH_RATE=1000 BENCH_SECONDS=5 cargo bench --bench webhook_intake

use autolumiku::Application;
use autolumiku::channels::whatsapp::signature::sign;
use autolumiku::config::Settings;
use autolumiku::domain::utc_now;
use autolumiku::store::ChannelUpdate;
use axum::routing::post;
use serde_json::json;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const SECRET: &str = "bench-secret";
const PHONE_NUMBER_ID: &str = "109876543210001";

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A Graph API that accepts every send, so replies flow while intake is measured.
async fn fake_graph() -> anyhow::Result<String> {
    let app = axum::Router::new().route(
        "/v21.0/{phone}/messages",
        post(|| async { axum::Json(json!({ "messages": [{ "id": "wamid.bench" }] })) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(base)
}

fn body(i: u64) -> Vec<u8> {
    json!({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
        "messaging_product":"whatsapp","metadata":{"phone_number_id":PHONE_NUMBER_ID},
        "contacts":[{"profile":{"name":"Pembeli"},"wa_id":format!("62812{:07}", i % 2000)}],
        "messages":[{"from":format!("62812{:07}", i % 2000),"id":format!("wamid.bench{i}"),"timestamp":"1764230400",
            "type":"text","text":{"body":"ada avanza matic 2019 di bawah 200jt?"}}]}}]}]})
    .to_string()
    .into_bytes()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    autolumiku::tls::install_crypto_provider();
    let rate = env_number("BENCH_RATE", 500);
    let seconds = env_number("BENCH_SECONDS", 10);
    let dir = tempfile::tempdir()?;
    let db = autolumiku::testing::fresh_database(dir.path()).await?;
    let graph = fake_graph().await?;
    let mut vars: BTreeMap<&str, String> = BTreeMap::new();
    vars.insert("DATABASE_URL", db.app_url.clone());
    vars.insert("DATABASE_MIGRATION_URL", db.migration_url.clone());
    vars.insert("DATABASE_MAX_CONNECTIONS", "16".into());
    vars.insert("BIND", "127.0.0.1:0".into());
    vars.insert("DATA_DIR", dir.path().display().to_string());
    vars.insert("WHATSAPP_APP_SECRET", SECRET.into());
    vars.insert("WHATSAPP_API_BASE", graph);
    vars.insert("LOG_FORMAT", "json".into());
    let settings = Settings::from_sources(None, |n| vars.get(n).cloned())?;
    let app = Application::build(settings).await?;
    let base = format!("http://{}/webhooks/whatsapp", app.local_addr()?);
    let store = app.state().store.clone();
    let (tenant, _) = autolumiku::tenants::service::create(&store, "bench-motor", "Bench Motor").await?;
    let update = ChannelUpdate {
        whatsapp_phone_number_id: Some(PHONE_NUMBER_ID.into()),
        whatsapp_access_token: Some("bench-token".into()),
        ..ChannelUpdate::default()
    };
    store.update_channels(tenant.id, &update, utc_now()).await?;
    tokio::spawn(app.run_until_stopped(std::future::pending()));

    let client = reqwest::Client::new();
    let total = rate * seconds;
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        let due = started + interval.mul_f64(i as f64);
        tokio::time::sleep_until(due.into()).await;
        let (client, url, payload) = (client.clone(), base.clone(), body(i));
        let signature = sign(SECRET.as_bytes(), &payload);
        tasks.push(tokio::spawn(async move {
            let t = Instant::now();
            let ok = client
                .post(url)
                .header("x-hub-signature-256", signature)
                .body(payload)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            (t.elapsed(), ok)
        }));
    }
    let mut latencies = Vec::with_capacity(tasks.len());
    let mut failures = 0;
    for task in tasks {
        let (latency, ok) = task.await?;
        latencies.push(latency);
        failures += usize::from(!ok);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let backend = if db.admin_url.is_some() { "PostgreSQL" } else { "SQLite" };
    println!(
        "webhook intake on {backend}: {} requests at {rate}/s target, {:.0}/s achieved, {failures} failed; \
         p50 {:?}, p99 {:?}, max {:?}",
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.50),
        at(0.99),
        latencies[latencies.len() - 1]
    );
    Ok(())
}
