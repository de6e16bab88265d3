//! The WhatsApp webhook and sender against a fake Graph API on loopback, driven by our real
//! HTTP client: signatures, idempotency, 503 when the database is gone, retries on throttling,
//! statuses that never move backwards.

use crate::helpers::{TestApp, spawn_app_with};
use autolumiku::channels::whatsapp::signature::sign;
use autolumiku::domain::{TenantId, utc_now};
use autolumiku::store::ChannelUpdate;
use autolumiku::tenants::StaffRole;
use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SECRET: &str = "wa-app-secret-for-tests";
pub(crate) const PHONE_NUMBER_ID: &str = "109876543210001";

/// A fake Graph API: records every send; answers with throttling errors while `throttle` > 0.
#[derive(Clone, Default)]
pub(crate) struct Graph {
    pub(crate) sent: Arc<Mutex<Vec<(String, Value)>>>,
    throttle: Arc<Mutex<u32>>,
    /// How long each send takes to answer (a slow provider); the send counts on arrival.
    pub(crate) delay: Arc<Mutex<Duration>>,
}

async fn messages(
    State(g): State<Graph>,
    headers: axum::http::HeaderMap,
    Json(body): Json<Value>,
) -> (axum::http::StatusCode, Json<Value>) {
    {
        let mut throttle = g.throttle.lock().unwrap();
        if *throttle > 0 {
            *throttle -= 1;
            let error = json!({ "error": { "code": 130429, "message": "Rate limit hit" } });
            return (axum::http::StatusCode::TOO_MANY_REQUESTS, Json(error));
        }
    }
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let id = {
        let mut sent = g.sent.lock().unwrap();
        sent.push((auth, body));
        format!("wamid.OUT{}", sent.len())
    };
    let delay = *g.delay.lock().unwrap();
    tokio::time::sleep(delay).await;
    (
        axum::http::StatusCode::OK,
        Json(json!({ "messaging_product": "whatsapp", "messages": [{ "id": id }] })),
    )
}

/// The photo the fake provider hands out: a real JPEG, since photos are decoded on intake.
static PHOTO: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| crate::helpers::jpeg(1));

async fn media_meta(State(base): State<String>, Path((_version, id)): Path<(String, String)>) -> Json<Value> {
    let url = if id == "2012345678905678" {
        "http://foreign.example/leak".to_owned()
    } else {
        format!("{base}/media-bytes/{id}")
    };
    Json(json!({ "messaging_product": "whatsapp", "url": url, "mime_type": "image/jpeg", "id": id }))
}

pub(crate) async fn fake_graph() -> (Graph, String) {
    let graph = Graph::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let media = Router::new()
        .route("/{version}/{id}", axum::routing::get(media_meta))
        .route("/media-bytes/{id}", axum::routing::get(|| async { PHOTO.clone() }))
        .with_state(base.clone());
    let app = Router::new()
        .route("/v21.0/{phone}/messages", post(messages))
        .with_state(graph.clone())
        .merge(media);
    tokio::spawn(async move { axum::serve(listener, app).await });
    (graph, base)
}

pub(crate) struct Wa {
    pub(crate) app: TestApp,
    pub(crate) graph: Graph,
    pub(crate) tenant: TenantId,
}

async fn whatsapp_app() -> Wa {
    whatsapp_app_with(&[("WORKER_LEASE_SECS", "2")]).await
}

/// A showroom with a WhatsApp number, its service's settings on top of the webhook's.
pub(crate) async fn whatsapp_app_with(extra: &[(&'static str, &str)]) -> Wa {
    let (graph, base) = fake_graph().await;
    let mut vars = vec![
        ("WHATSAPP_APP_SECRET", SECRET),
        ("WHATSAPP_VERIFY_TOKEN", "verify-me"),
        ("WHATSAPP_API_BASE", base.as_str()),
    ];
    vars.extend_from_slice(extra);
    let app = spawn_app_with(&vars).await;
    let t = app.create_tenant("jaya-motor").await;
    let update = ChannelUpdate {
        whatsapp_phone_number_id: Some(PHONE_NUMBER_ID.into()),
        whatsapp_access_token: Some("EAAG-test-token".into()),
        ..ChannelUpdate::default()
    };
    app.store.update_channels(t.id, &update, utc_now()).await.unwrap();
    Wa {
        app,
        graph,
        tenant: t.id,
    }
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/webhooks/whatsapp/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

async fn post_signed(app: &TestApp, body: &[u8], signature: Option<&str>) -> u16 {
    let mut request = app
        .client
        .post(app.url("/webhooks/whatsapp"))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(sig) = signature {
        request = request.header("x-hub-signature-256", sig);
    }
    request.send().await.unwrap().status().as_u16()
}

/// Posts a body signed with the right secret, as Meta would.
pub(crate) async fn post_valid(app: &TestApp, body: &[u8]) -> u16 {
    post_signed(app, body, Some(&sign(SECRET.as_bytes(), body))).await
}

async fn inbox_rows(wa: &Wa) -> i64 {
    wa.app
        .store
        .count_for_tests(wa.tenant, "SELECT COUNT(*) FROM inbox")
        .await
        .unwrap()
}

pub(crate) async fn wait_for_sends(graph: &Graph, n: usize) -> Vec<(String, Value)> {
    for _ in 0..200 {
        if graph.sent.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    graph.sent.lock().unwrap().clone()
}

#[tokio::test]
async fn the_handshake_echoes_the_challenge_only_for_our_token() {
    let wa = whatsapp_app().await;
    let url = |token: &str| {
        wa.app.url(&format!(
            "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444"
        ))
    };
    let ok = wa.app.client.get(url("verify-me")).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "1158201444");
    assert_eq!(wa.app.client.get(url("guess")).send().await.unwrap().status(), 403);
}

#[tokio::test]
async fn every_sample_is_accepted_and_each_message_stored_once() {
    let wa = whatsapp_app().await;
    let mut messages = 0;
    for entry in std::fs::read_dir(format!("{}/webhooks/whatsapp", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.ends_with(".json") {
            continue;
        }
        let body = sample(&name);
        assert_eq!(post_valid(&wa.app, &body).await, 200, "{name}");
        messages += usize::from(!name.starts_with("status_"));
    }
    assert_eq!(inbox_rows(&wa).await, messages as i64);
}

#[tokio::test]
async fn bad_signatures_are_refused_and_write_nothing() {
    let wa = whatsapp_app().await;
    let body = sample("text.json");
    let good = sign(SECRET.as_bytes(), &body);
    let wrong = sign(b"someone-else", &body);
    for signature in [
        None,
        Some("sha256=00"),
        Some(&good[..good.len() - 4]),
        Some(wrong.as_str()),
    ] {
        assert_eq!(post_signed(&wa.app, &body, signature).await, 401, "{signature:?}");
    }
    let mut tampered = body.clone();
    tampered.push(b' ');
    assert_eq!(
        post_signed(&wa.app, &tampered, Some(&good)).await,
        401,
        "body changed after signing"
    );
    assert_eq!(inbox_rows(&wa).await, 0);
}

#[tokio::test]
async fn five_concurrent_deliveries_give_one_row_and_one_reply() {
    let wa = whatsapp_app().await;
    let body = sample("text.json");
    let signature = sign(SECRET.as_bytes(), &body);
    let mut posts = Vec::new();
    for _ in 0..5 {
        let (client, url, body, signature) = (
            wa.app.client.clone(),
            wa.app.url("/webhooks/whatsapp"),
            body.clone(),
            signature.clone(),
        );
        posts.push(tokio::spawn(async move {
            client
                .post(url)
                .header("x-hub-signature-256", signature)
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    for p in posts {
        assert_eq!(p.await.unwrap(), 200);
    }
    let sent = wait_for_sends(&wa.graph, 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(inbox_rows(&wa).await, 1);
    assert_eq!(wa.graph.sent.lock().unwrap().len(), 1, "exactly one reply");
    let (auth, reply) = &sent[0];
    assert_eq!(auth, "Bearer EAAG-test-token");
    assert_eq!(reply["to"], "6281311112222");
    assert!(
        reply["text"]["body"]
            .as_str()
            .is_some_and(|t| t.contains("belum ada stok")),
        "{reply}"
    );
}

#[tokio::test]
async fn a_throttled_send_is_retried_and_not_lost() {
    let wa = whatsapp_app().await;
    *wa.graph.throttle.lock().unwrap() = 1;
    let body = sample("image_caption.json");
    assert_eq!(post_valid(&wa.app, &body).await, 200);
    let sent = wait_for_sends(&wa.graph, 1).await;
    assert_eq!(sent.len(), 1, "sent after the throttled attempt");
    assert_eq!(*wa.graph.throttle.lock().unwrap(), 0, "the first attempt was throttled");
}

#[tokio::test]
async fn delivery_statuses_never_move_backwards() {
    let wa = whatsapp_app().await;
    let body = sample("text.json");
    post_valid(&wa.app, &body).await;
    wait_for_sends(&wa.graph, 1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let status = |s: &str| {
        json!({"entry":[{"changes":[{"value":{"metadata":{"phone_number_id": PHONE_NUMBER_ID},
        "statuses":[{"id":"wamid.OUT1","status": s,"timestamp":"1764230470","recipient_id":"6281311112222"}]}}]}]})
        .to_string()
    };
    for s in ["read", "delivered", "sent"] {
        let b = status(s);
        assert_eq!(post_valid(&wa.app, b.as_bytes()).await, 200);
    }
    let read = wa
        .app
        .store
        .count_for_tests(wa.tenant, "SELECT COUNT(*) FROM outbox WHERE status = 'read'")
        .await
        .unwrap();
    assert_eq!(read, 1, "a late 'delivered' or 'sent' does not undo 'read'");
}

#[tokio::test]
async fn the_webhook_answers_503_when_the_database_is_gone() {
    let wa = whatsapp_app().await;
    wa.app.store.close().await;
    let body = sample("text.json");
    assert_eq!(post_valid(&wa.app, &body).await, 503);
}

#[tokio::test]
async fn a_replayed_sample_gets_one_reply_and_a_second_replay_none() {
    let wa = whatsapp_app().await;
    let file = format!("{}/webhooks/whatsapp/text.json", env!("CARGO_MANIFEST_DIR"));
    let url = wa.app.url("/webhooks/whatsapp");
    for _ in 0..2 {
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_autolumiku"))
            .args(["replay", &file, "--to", &url, "--secret", SECRET])
            .env("RUST_LOG", "warn")
            .output()
            .await
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("200"));
        wait_for_sends(&wa.graph, 1).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(wa.graph.sent.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_customers_photo_is_not_copied_into_the_photo_store() {
    let wa = whatsapp_app().await;
    assert_eq!(post_valid(&wa.app, &sample("image_caption.json")).await, 200);
    let sent = wait_for_sends(&wa.graph, 1).await;
    let reply = sent[0].1["text"]["body"].as_str().unwrap_or_default().to_owned();
    assert!(reply.contains("Terima kasih fotonya"), "{reply}");
    let dir = wa.app.state.media.path_of(&wa.tenant.to_string());
    assert!(!dir.exists(), "nothing stored for a customer");
}

#[tokio::test]
async fn photos_are_fetched_from_the_graph_api_into_the_media_store() {
    let wa = whatsapp_app().await;
    // Staff photos become listings and are fetched; a customer's are not (see below).
    wa.app
        .store
        .add_staff(wa.tenant, "Budi", StaffRole::Staff, Some("6281311112222"), utc_now())
        .await
        .unwrap();
    let body = sample("image_caption.json");
    assert_eq!(post_valid(&wa.app, &body).await, 200);
    wait_for_sends(&wa.graph, 1).await;
    let stored = wa
        .app
        .store
        .count_for_tests(
            wa.tenant,
            "SELECT COUNT(*) FROM inbox WHERE message LIKE '%\"stored\"%'",
        )
        .await
        .unwrap();
    assert_eq!(stored, 1, "the photo's key is recorded on the message");
    let dir = wa.app.state.media.path_of(&wa.tenant.to_string());
    // The master only (its sizes may be made meanwhile by the workers).
    let files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|f| !f.file_name().to_string_lossy().contains('_'))
        .collect();
    assert_eq!(files.len(), 1);
    let kept = std::fs::read(files[0].path()).unwrap();
    assert!(
        kept.starts_with(&[0xFF, 0xD8]) && kept != *PHOTO,
        "re-encoded, not the bytes sent"
    );
}

#[tokio::test]
async fn a_media_url_on_another_host_is_never_followed() {
    let wa = whatsapp_app().await;
    let body = sample("image_no_caption.json");
    assert_eq!(post_valid(&wa.app, &body).await, 200);
    let sent = wait_for_sends(&wa.graph, 1).await;
    assert_eq!(sent.len(), 1, "the message is still answered");
    let stored = wa
        .app
        .store
        .count_for_tests(
            wa.tenant,
            "SELECT COUNT(*) FROM inbox WHERE message LIKE '%\"stored\"%'",
        )
        .await
        .unwrap();
    assert_eq!(stored, 0);
    assert!(!wa.app.state.media.path_of(&wa.tenant.to_string()).exists());
}
