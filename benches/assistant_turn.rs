//! How long the assistant takes to answer, end to end through the pipeline: a message is
//! stored in the inbox, a worker claims it, the assistant reads the showroom's data and
//! decides, and the replies land in the outbox. A showroom with 1,000 cars; a mix of customer
//! and staff messages. Two figures:
//!
//! - one chat, message after message: p50 / p99 of inbox → replies queued;
//! - 200 chats at once, drained by two workers: messages per second.
//!
//! SQLite by default; PostgreSQL when TEST_DATABASE_URL is set.
//!
//!     cargo bench --bench assistant_turn
//!     TEST_DATABASE_URL=postgres://postgres@127.0.0.1/postgres cargo bench --bench assistant_turn

use autolumiku::channels::{Channel, InboundKind, InboundMessage, intake};
use autolumiku::config::Settings;
use autolumiku::domain::{TenantId, utc_now};
use autolumiku::inventory::domain::vehicle::VehicleInput;
use autolumiku::jobs::{WorkerConfig, Workers};
use autolumiku::tenants::StaffRole;
use autolumiku::{AppState, Application};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const CARS: usize = 1_000;
const OWNER: &str = "6281234567890";

const MODELS: &[(&str, &str, i64)] = &[
    ("Toyota", "Avanza", 160),
    ("Honda", "Brio", 130),
    ("Mitsubishi", "Xpander", 220),
    ("Toyota", "Innova", 300),
    ("Suzuki", "Ertiga", 170),
    ("Daihatsu", "Xenia", 150),
    ("Honda", "HR-V", 280),
    ("Toyota", "Fortuner", 420),
];
const COLORS: &[&str] = &["putih", "hitam", "silver", "merah", "abu-abu"];

const CUSTOMER: &[&str] = &[
    "halo",
    "ada avanza matic di bawah 200jt?",
    "kredit dp 20% 3 tahun",
    "BRI-0001",
    "lokasi dimana?",
    "mobil keluarga budget 250jt ada?",
];
const STAFF: &[&str] = &[
    "stok matic di bawah 150jt",
    "harga AVZ-0002 jadi 210jt",
    "AVZ-0003 udah dibooking",
    "laporan bulan ini",
];

fn car(i: usize) -> VehicleInput {
    let (make, model, base) = MODELS[i % MODELS.len()];
    VehicleInput {
        make: Some(make.into()),
        model: Some(model.into()),
        year: Some(2012 + (i % 13) as i32),
        price: Some((base + (i % 40) as i64) * 1_000_000),
        mileage_km: Some(10_000 + (i as i64 * 137) % 120_000),
        transmission: Some(if i.is_multiple_of(3) { "manual" } else { "automatic" }.into()),
        fuel: Some("bensin".into()),
        color: Some(COLORS[i % COLORS.len()].into()),
        ..VehicleInput::default()
    }
}

fn message(tenant: TenantId, chat: &str, id: String, text: &str) -> InboundMessage {
    InboundMessage {
        tenant_id: tenant,
        channel: Channel::Web,
        chat_id: chat.to_owned(),
        sender_id: chat.to_owned(),
        sender_name: None,
        kind: InboundKind::Text { text: text.to_owned() },
        provider_message_id: id,
        sent_at: utc_now(),
    }
}

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)]
}

/// One chat: each message is answered before the next is sent.
async fn one_chat(
    state: &AppState,
    tenant: TenantId,
    chat: &str,
    lines: &[&str],
    rounds: usize,
) -> anyhow::Result<Vec<Duration>> {
    let workers = Workers::new(state.clone(), WorkerConfig::default());
    let mut latencies = Vec::new();
    for round in 0..rounds {
        for (i, text) in lines.iter().enumerate() {
            let started = Instant::now();
            let msg = message(tenant, chat, format!("{chat}-{round}-{i}"), text);
            intake::accept(&state.store, &msg).await?;
            while workers.process_inbox_once().await? == 0 {}
            latencies.push(started.elapsed());
        }
    }
    latencies.sort();
    Ok(latencies)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    autolumiku::tls::install_crypto_provider();
    let dir = tempfile::tempdir()?;
    let db = autolumiku::testing::fresh_database(dir.path()).await?;
    let mut vars: BTreeMap<&str, String> = BTreeMap::new();
    vars.insert("DATABASE_URL", db.app_url.clone());
    vars.insert("DATABASE_MIGRATION_URL", db.migration_url.clone());
    vars.insert("DATABASE_MAX_CONNECTIONS", "16".into());
    vars.insert("BIND", "127.0.0.1:0".into());
    vars.insert("DATA_DIR", dir.path().display().to_string());
    vars.insert("LOG_FORMAT", "json".into());
    let settings = Settings::from_sources(None, |n| vars.get(n).cloned())?;
    // Built, not run: the benchmark drives the workers itself.
    let app = Application::build(settings).await?;
    let state = app.state().clone();
    let (tenant, _) = autolumiku::tenants::service::create(&state.store, "bench-motor", "Bench Motor").await?;
    for i in 0..CARS {
        state.inventory.create(tenant.id, car(i), "bench").await?;
    }
    state
        .store
        .add_staff(tenant.id, "Owner", StaffRole::Owner, Some(OWNER), utc_now())
        .await?;
    let backend = if db.admin_url.is_some() { "PostgreSQL" } else { "SQLite" };

    let customer = one_chat(&state, tenant.id, "6289900000001", CUSTOMER, 20).await?;
    let staff = one_chat(&state, tenant.id, OWNER, STAFF, 20).await?;
    for (who, l) in [("customer", &customer), ("staff", &staff)] {
        println!(
            "assistant turn on {backend}, {CARS} cars, {who} chat: {} messages; p50 {:?}, p99 {:?}, max {:?}",
            l.len(),
            quantile(l, 0.50),
            quantile(l, 0.99),
            l[l.len() - 1]
        );
    }

    let chats = 200;
    for c in 0..chats {
        let chat = format!("62899{c:08}");
        for (i, text) in CUSTOMER.iter().enumerate() {
            intake::accept(
                &state.store,
                &message(tenant.id, &chat, format!("{chat}-many-{i}"), text),
            )
            .await?;
        }
    }
    let total = chats * CUSTOMER.len();
    let started = Instant::now();
    let drain = |w: Workers| async move {
        while w.process_inbox_once().await? > 0 {}
        anyhow::Ok(())
    };
    let a = Workers::new(state.clone(), WorkerConfig::default());
    let b = Workers::new(state.clone(), WorkerConfig::default());
    let mut left = total;
    while left > 0 {
        let (ra, rb) = tokio::join!(drain(a.clone()), drain(b.clone()));
        ra?;
        rb?;
        left = usize::try_from(
            state
                .store
                .count_for_tests(tenant.id, "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL")
                .await?,
        )?;
    }
    let elapsed = started.elapsed();
    println!(
        "assistant throughput on {backend}: {total} messages from {chats} chats in {:.2} s = {:.0} messages/s (two workers)",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}
