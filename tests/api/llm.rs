//! The LLM fallback against a fake OpenAI-compatible server on loopback, driven by the real
//! client: used only when the rules are unsure, checked strictly, and never a reason to fail.

use autolumiku::llm::{LlmFallback, LlmSettings, understand};
use autolumiku::nlu::{Intent, Role};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the fake answers with.
#[derive(Clone)]
enum Reply {
    Content(String),
    Slow,
}

#[derive(Clone)]
struct Fake {
    reply: Arc<Mutex<Reply>>,
    calls: Arc<AtomicUsize>,
    last_request: Arc<Mutex<Option<(String, Value)>>>,
}

async fn completions(State(fake): State<Fake>, headers: HeaderMap, Json(body): Json<Value>) -> Json<Value> {
    fake.calls.fetch_add(1, Ordering::SeqCst);
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    *fake.last_request.lock().unwrap() = Some((auth, body));
    let reply = fake.reply.lock().unwrap().clone();
    let content = match reply {
        Reply::Content(c) => c,
        Reply::Slow => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "{}".into()
        }
    };
    Json(json!({
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "fake",
        "choices": [{ "index": 0, "finish_reason": "stop", "message": { "role": "assistant", "content": content } }]
    }))
}

async fn fake_llm(reply: Reply) -> (Fake, LlmFallback) {
    let fake = Fake {
        reply: Arc::new(Mutex::new(reply)),
        calls: Arc::new(AtomicUsize::new(0)),
        last_request: Arc::new(Mutex::new(None)),
    };
    let app = Router::new()
        .route("/v1/chat/completions", post(completions))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let settings = LlmSettings {
        base_url: format!("http://{addr}/v1"),
        api_key: "sk-test-key".to_owned().into(),
        model: "fake-model".into(),
        timeout: Duration::from_millis(300),
        vision_model: None,
    };
    (fake, LlmFallback::new(&settings).unwrap())
}

/// The rules cannot place this; a person would read it as a buyer looking for a car.
const UNSURE: &str = "anak sy baru lulus sim, pengen yg enak dibawa";

#[tokio::test]
async fn an_unsure_message_takes_the_llm_intent() {
    let (fake, llm) = fake_llm(Reply::Content(r#"{"intent":"search_vehicle","entities":{}}"#.into())).await;
    let rules = autolumiku::nlu::parse(UNSURE, Role::Customer);
    assert!(
        rules.confidence < autolumiku::nlu::CLARIFY_BELOW,
        "the probe must be unsure: {rules:?}"
    );
    let parse = understand(UNSURE, Role::Customer, Some(&llm)).await;
    assert_eq!(parse.intent, Intent::SearchVehicle);
    assert_eq!(fake.calls.load(Ordering::SeqCst), 1);
    let (auth, body) = fake.last_request.lock().unwrap().clone().unwrap();
    assert_eq!(auth, "Bearer sk-test-key");
    assert_eq!(body["model"], "fake-model");
    assert!(
        body["messages"][0]["content"]
            .as_str()
            .is_some_and(|p| p.contains("book_test_drive"))
    );
}

#[tokio::test]
async fn a_confident_rule_reading_never_calls_the_llm() {
    let (fake, llm) = fake_llm(Reply::Content(r#"{"intent":"greeting","entities":{}}"#.into())).await;
    let parse = understand("brp harga avanza 2019?", Role::Customer, Some(&llm)).await;
    assert_eq!(parse.intent, Intent::AskPrice);
    assert_eq!(fake.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn malformed_or_wrong_role_answers_leave_the_rule_reading() {
    for content in [
        "maaf, saya tidak mengerti",
        r#"{"intent":"fly_to_the_moon","entities":{}}"#,
        r#"{"intent":"book_test_drive","entities":{"horsepower":300}}"#,
        r#"{"intent":"delete_vehicle","entities":{}}"#,
    ] {
        let (fake, llm) = fake_llm(Reply::Content(content.into())).await;
        let parse = understand(UNSURE, Role::Customer, Some(&llm)).await;
        assert_eq!(parse.intent, Intent::Unknown, "{content}");
        assert_eq!(fake.calls.load(Ordering::SeqCst), 1);
    }
}

#[tokio::test]
async fn a_slow_llm_times_out_and_then_the_circuit_opens() {
    let (fake, llm) = fake_llm(Reply::Slow).await;
    for _ in 0..3 {
        let started = Instant::now();
        let parse = understand(UNSURE, Role::Customer, Some(&llm)).await;
        assert_eq!(parse.intent, Intent::Unknown);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the timeout bounds the wait"
        );
    }
    assert!(llm.is_circuit_open());
    let started = Instant::now();
    understand(UNSURE, Role::Customer, Some(&llm)).await;
    assert!(
        started.elapsed() < Duration::from_millis(50),
        "an open circuit makes no call"
    );
    assert_eq!(fake.calls.load(Ordering::SeqCst), 3);
}
