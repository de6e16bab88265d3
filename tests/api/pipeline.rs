//! The inbox → assistant → outbox pipeline: idempotent intake, exactly-once processing after
//! a worker dies, order per chat, proven staff identity.

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use autolumiku::channels::{Channel, InboundKind, InboundMessage, OutboundMessage, intake};
use autolumiku::domain::{TenantId, utc_now};
use autolumiku::jobs::{WorkerConfig, Workers};
use autolumiku::tenants::StaffRole;
use std::time::Duration;

fn text(tenant: TenantId, chat: &str, id: &str, text: &str) -> InboundMessage {
    InboundMessage {
        tenant_id: tenant,
        channel: Channel::Web,
        chat_id: chat.to_owned(),
        sender_id: chat.to_owned(),
        sender_name: None,
        kind: InboundKind::Text { text: text.to_owned() },
        provider_message_id: id.to_owned(),
        sent_at: utc_now(),
    }
}

async fn count(app: &TestApp, tenant: TenantId, sql: &'static str) -> i64 {
    app.store.count_for_tests(tenant, sql).await.expect("count")
}

/// Works the inbox and one chat's outbox until both are empty.
async fn drain(app: &TestApp, tenant: TenantId, chat: &str) {
    let workers = Workers::new(
        app.state.clone(),
        WorkerConfig {
            lease: Duration::from_secs(1),
            ..WorkerConfig::default()
        },
    );
    let key = format!("web:{chat}");
    for _ in 0..500 {
        workers.process_inbox_once().await.expect("inbox");
        workers.send_outbox_once(&key).await.expect("outbox");
        let open = app.store.open_jobs_for_chat(tenant, Channel::Web, chat);
        if open.await.expect("open jobs") == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the pipeline did not drain");
}

#[tokio::test]
async fn the_same_message_delivered_five_times_at_once_is_stored_and_answered_once() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    let mut replies = app.state.web_chats.open("62811000111");
    let msg = text(t.id, "62811000111", "wamid.same", "ada brio matic?");
    let results = futures_join(&app, &msg).await;
    assert_eq!(
        results.iter().filter(|r| **r == intake::Intake::Accepted).count(),
        1,
        "{results:?}"
    );
    drain(&app, t.id, "62811000111").await;
    assert_eq!(count(&app, t.id, "SELECT COUNT(*) FROM inbox").await, 1);
    assert_eq!(count(&app, t.id, "SELECT COUNT(*) FROM outbox").await, 1);
    let reply = replies.try_recv().expect("one reply");
    assert!(
        matches!(reply, OutboundMessage::Text { ref text } if text.contains("belum ada stok")),
        "{reply:?}"
    );
    assert!(replies.try_recv().is_err(), "only one reply");
}

async fn futures_join(app: &TestApp, msg: &InboundMessage) -> Vec<intake::Intake> {
    let mut handles = Vec::new();
    for _ in 0..5 {
        let (store, msg) = (app.store.clone(), msg.clone());
        handles.push(tokio::spawn(async move { intake::accept(&store, &msg).await }));
    }
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task").expect("intake"));
    }
    out
}

#[tokio::test]
async fn a_worker_that_dies_mid_batch_leaves_every_message_processed_exactly_once() {
    let app = spawn_app_with(&[("WORKER_LEASE_SECS", "1")]).await;
    let t = app.create_tenant("jaya-motor").await;
    for i in 0..1_000 {
        let chat = format!("6281100{:04}", i % 50);
        intake::accept(&app.store, &text(t.id, &chat, &format!("m{i}"), "halo"))
            .await
            .expect("intake");
    }
    // A worker claims a batch and dies without finishing it.
    let claimed = app
        .store
        .claim_jobs("inbox", utc_now(), Duration::from_secs(1), 40)
        .await
        .expect("claim");
    assert!(!claimed.is_empty(), "the dead worker held some jobs");
    // The service's own workers (lease 1 s) pick everything up, the dead worker's jobs too.
    for _ in 0..600 {
        if count(&app, t.id, "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL").await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        count(&app, t.id, "SELECT COUNT(*) FROM inbox WHERE processed_at IS NOT NULL").await,
        1_000
    );
    assert_eq!(
        count(&app, t.id, "SELECT COUNT(*) FROM outbox").await,
        1_000,
        "exactly one reply per message"
    );
    assert_eq!(
        count(
            &app,
            t.id,
            "SELECT COUNT(*) FROM jobs WHERE queue = 'inbox' AND status <> 'done'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn messages_of_one_chat_are_answered_in_order() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    let mut replies = app.state.web_chats.open("62811222333");
    for (i, words) in ["halo", "ada brio?", "brp harganya?", "makasih"].iter().enumerate() {
        intake::accept(&app.store, &text(t.id, "62811222333", &format!("o{i}"), words))
            .await
            .expect("intake");
    }
    drain(&app, t.id, "62811222333").await;
    let mut got = Vec::new();
    while let Ok(OutboundMessage::Text { text }) = replies.try_recv() {
        got.push(text);
    }
    assert_eq!(got.len(), 4, "{got:?}");
    for (reply, expected) in got
        .iter()
        .zip(["Selamat datang", "belum ada stok", "mobil yang mana", "Sama-sama"])
    {
        assert!(reply.contains(expected), "{expected:?} in {reply:?}");
    }
}

#[tokio::test]
async fn only_a_registered_phone_is_staff() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    app.store
        .add_staff(t.id, "Budi", StaffRole::Owner, Some("6281234567890"), utc_now())
        .await
        .expect("staff");
    // A provider's id is compared exactly: the registered number as the provider writes it.
    let mut staff_replies = app.state.web_chats.open("6281234567890");
    let mut customer_replies = app.state.web_chats.open("6289999999999");
    intake::accept(&app.store, &text(t.id, "6281234567890", "s1", "ada stok innova?"))
        .await
        .expect("intake");
    intake::accept(&app.store, &text(t.id, "6289999999999", "c1", "ada stok innova?"))
        .await
        .expect("intake");
    drain(&app, t.id, "6281234567890").await;
    drain(&app, t.id, "6289999999999").await;
    let said = |r: Option<OutboundMessage>| match r {
        Some(OutboundMessage::Text { text }) => text,
        other => format!("{other:?}"),
    };
    assert!(
        said(staff_replies.try_recv().ok()).contains("Tidak ada mobil yang cocok di stok"),
        "staff reads as a stock check"
    );
    assert!(
        said(customer_replies.try_recv().ok()).contains("Maaf Kak, saat ini belum ada stok"),
        "a customer reads as a search"
    );
}
