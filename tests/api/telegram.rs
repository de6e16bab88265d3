//! The Telegram webhook and sender against a fake Bot API on loopback, driven by teloxide's
//! client: the secret-token header, idempotent updates, staff linking by one-time code.

use crate::helpers::{TestApp, spawn_app_with};
use autolumiku::domain::{TenantId, utc_now};
use autolumiku::store::ChannelUpdate;
use autolumiku::tenants::{StaffRole, domain::hash_secret};
use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const BOT_TOKEN: &str = "123456:TEST-token-abc";
const SECRET: &str = "tg-secret-header-value";

#[derive(Clone, Default)]
struct BotApi {
    calls: Arc<Mutex<Vec<(String, Value)>>>,
}

/// The photo the fake provider hands out: a real JPEG, since photos are decoded on intake.
static PHOTO: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| crate::helpers::jpeg(1));

async fn method(
    State(api): State<BotApi>,
    Path((token, method)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Json<Value> {
    if method == "GetFile" {
        let id = body["file_id"].as_str().unwrap_or_default();
        return Json(
            json!({ "ok": true, "result": { "file_id": id, "file_unique_id": "u1", "file_size": PHOTO.len(), "file_path": "photos/file_1.jpg" } }),
        );
    }
    api.calls
        .lock()
        .unwrap()
        .push((format!("{token}/{method}"), body.clone()));
    let chat_id = body["chat_id"].as_i64().unwrap_or(5550001);
    Json(json!({ "ok": true, "result": {
        "message_id": 900 + api.calls.lock().unwrap().len(),
        "from": { "id": 123456, "is_bot": true, "first_name": "Showroom Bot", "username": "showroom_bot" },
        "chat": { "id": chat_id, "type": "private", "first_name": "Budi" },
        "date": 1764230500,
        "text": body["text"].as_str().unwrap_or("ok"),
    }}))
}

async fn fake_bot_api() -> (BotApi, String) {
    let api = BotApi::default();
    let app = Router::new()
        .route("/{token}/{method}", post(method))
        .route("/file/{token}/{*path}", axum::routing::get(|| async { PHOTO.clone() }))
        .with_state(api.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (api, base)
}

struct Tg {
    app: TestApp,
    api: BotApi,
    tenant: TenantId,
}

async fn telegram_app() -> Tg {
    let (api, base) = fake_bot_api().await;
    let app = spawn_app_with(&[("TELEGRAM_API_BASE", &base)]).await;
    let t = app.create_tenant("jaya-motor").await;
    let update = ChannelUpdate {
        telegram_bot_id: Some("123456".into()),
        telegram_bot_token: Some(BOT_TOKEN.into()),
        telegram_secret_token: Some(SECRET.into()),
        ..ChannelUpdate::default()
    };
    app.store.update_channels(t.id, &update, utc_now()).await.unwrap();
    Tg { app, api, tenant: t.id }
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/webhooks/telegram/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

async fn post_update(app: &TestApp, body: &[u8], secret: Option<&str>) -> u16 {
    let mut request = app
        .client
        .post(app.url("/webhooks/telegram/123456"))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(secret) = secret {
        request = request.header("x-telegram-bot-api-secret-token", secret);
    }
    request.send().await.unwrap().status().as_u16()
}

async fn wait_for_calls(api: &BotApi, n: usize) -> Vec<(String, Value)> {
    for _ in 0..200 {
        if api.calls.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    api.calls.lock().unwrap().clone()
}

#[tokio::test]
async fn every_sample_update_is_accepted() {
    let tg = telegram_app().await;
    for entry in std::fs::read_dir(format!("{}/webhooks/telegram", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".json") {
            assert_eq!(post_update(&tg.app, &sample(&name), Some(SECRET)).await, 200, "{name}");
        }
    }
    let rows = tg
        .app
        .store
        .count_for_tests(tg.tenant, "SELECT COUNT(*) FROM inbox")
        .await
        .unwrap();
    assert_eq!(rows, 7);
}

#[tokio::test]
async fn a_wrong_or_missing_secret_token_is_refused_and_writes_nothing() {
    let tg = telegram_app().await;
    for secret in [None, Some("guess"), Some(&SECRET[..SECRET.len() - 1])] {
        assert_eq!(
            post_update(&tg.app, &sample("text.json"), secret).await,
            401,
            "{secret:?}"
        );
    }
    let unknown_bot = tg
        .app
        .client
        .post(tg.app.url("/webhooks/telegram/999"))
        .header("x-telegram-bot-api-secret-token", SECRET)
        .body(sample("text.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_bot.status(), 401);
    assert_eq!(
        tg.app
            .store
            .count_for_tests(tg.tenant, "SELECT COUNT(*) FROM inbox")
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn an_update_delivered_twice_is_answered_once_through_the_bot_api() {
    let tg = telegram_app().await;
    for _ in 0..2 {
        assert_eq!(post_update(&tg.app, &sample("text.json"), Some(SECRET)).await, 200);
    }
    let calls = wait_for_calls(&tg.api, 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(tg.api.calls.lock().unwrap().len(), 1);
    let (path, body) = &calls[0];
    assert_eq!(path, &format!("bot{BOT_TOKEN}/SendMessage"));
    assert_eq!(body["chat_id"], 5550001);
    assert!(
        body["text"].as_str().is_some_and(|t| t.contains("belum ada stok")),
        "a stranger is a customer: {body}"
    );
}

#[tokio::test]
async fn a_staff_member_links_telegram_with_a_one_time_code() {
    let tg = telegram_app().await;
    tg.app
        .store
        .add_staff(tg.tenant, "Budi", StaffRole::Owner, Some("6281234567890"), utc_now())
        .await
        .unwrap();
    assert!(
        tg.app
            .store
            .set_telegram_link(tg.tenant, "6281234567890", &hash_secret("K7Q2M9XA"))
            .await
            .unwrap()
    );
    assert_eq!(
        post_update(&tg.app, &sample("start_link.json"), Some(SECRET)).await,
        200
    );
    assert!(
        tg.app
            .store
            .staff_by_telegram(tg.tenant, "5550001")
            .await
            .unwrap()
            .is_some(),
        "linked"
    );
    assert_eq!(post_update(&tg.app, &sample("text.json"), Some(SECRET)).await, 200);
    let calls = wait_for_calls(&tg.api, 2).await;
    let last = calls
        .last()
        .map(|(_, b)| b["text"].as_str().unwrap_or("").to_owned())
        .unwrap_or_default();
    assert!(
        last.contains("Tidak ada mobil yang cocok di stok"),
        "the same words from staff are a stock check: {last}"
    );
    let spent = tg
        .app
        .store
        .link_telegram(tg.tenant, &hash_secret("K7Q2M9XA"), "777")
        .await
        .unwrap();
    assert!(!spent, "a code works once");
}

#[tokio::test]
async fn a_photo_is_downloaded_with_get_file_into_the_media_store() {
    let tg = telegram_app().await;
    // Only staff photos are fetched: link the sender first.
    tg.app
        .store
        .add_staff(tg.tenant, "Budi", StaffRole::Staff, Some("6281234567890"), utc_now())
        .await
        .unwrap();
    tg.app
        .store
        .set_telegram_link(tg.tenant, "6281234567890", &hash_secret("K7Q2M9XA"))
        .await
        .unwrap();
    assert!(
        tg.app
            .store
            .link_telegram(tg.tenant, &hash_secret("K7Q2M9XA"), "5550001")
            .await
            .unwrap()
    );
    assert_eq!(
        post_update(&tg.app, &sample("photo_caption.json"), Some(SECRET)).await,
        200
    );
    wait_for_calls(&tg.api, 1).await;
    let stored = tg
        .app
        .store
        .count_for_tests(
            tg.tenant,
            "SELECT COUNT(*) FROM inbox WHERE message LIKE '%LARGEST%stored%'",
        )
        .await
        .unwrap();
    assert_eq!(stored, 1, "the largest size was fetched and recorded");
    let dir = tg.app.state.media.path_of(&tg.tenant.to_string());
    let masters = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|f| !f.file_name().to_string_lossy().contains('_'))
        .count();
    assert_eq!(masters, 1);
}
