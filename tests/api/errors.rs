//! Bad input gets a clear JSON error with the right status, and loses nothing.

use crate::helpers::{avanza, error_code, spawn_app, spawn_app_with, with};
use serde_json::{Value, json};

#[tokio::test]
async fn requests_without_a_valid_key_are_unauthorized() {
    let app = spawn_app().await;
    let none = app
        .client
        .get(app.url("/api/v1/vehicles"))
        .send()
        .await
        .expect("request");
    assert_eq!(error_code(none).await, (401, "unauthorized".into()));
    let wrong = app
        .client
        .get(app.url("/api/v1/vehicles"))
        .bearer_auth("alk_not-a-key")
        .send()
        .await
        .expect("request");
    assert_eq!(error_code(wrong).await, (401, "unauthorized".into()));
}

#[tokio::test]
async fn invalid_fields_are_refused_with_their_own_codes() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    let cases = [
        (json!({"year": 1800}), 422, "invalid_year"),
        (json!({"price": -5}), 422, "invalid_price"),
        (json!({"price": 150}), 422, "invalid_price"),
        (json!({"plate": "123"}), 422, "invalid_plate"),
        (json!({"color": "pink"}), 422, "invalid_value"),
        (json!({"tax_valid_until": "17-08-2027"}), 422, "invalid_date"),
        (json!({"model": ""}), 422, "missing_field"),
        (json!({"status": "deleted"}), 422, "invalid_status_change"),
        (json!({"colour": "merah"}), 400, "invalid_body"),
        (json!({"year": "2019"}), 400, "invalid_body"),
    ];
    for (change, status, code) in cases {
        let response = app.post_vehicle(&t, &with(avanza(), change.clone())).await;
        assert_eq!(error_code(response).await, (status, code.to_owned()), "{change}");
    }
    let (_, list) = app.get_json(&t, "/api/v1/vehicles").await;
    assert_eq!(list["meta"]["total"], 0);
}

#[tokio::test]
async fn an_error_names_the_field_and_speaks_indonesian_by_default() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    let response = app.post_vehicle(&t, &with(avanza(), json!({"year": 1800}))).await;
    assert_eq!(
        response.headers().get("content-language").and_then(|v| v.to_str().ok()),
        Some("id")
    );
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"]["field"], "year");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Tahun harus antara 1950 dan"))
    );
    let english = app
        .client
        .post(app.url("/api/v1/vehicles"))
        .bearer_auth(&t.key)
        .header("accept-language", "en-GB,en;q=0.9")
        .json(&with(avanza(), json!({"year": 1800})))
        .send()
        .await
        .expect("request");
    let body: Value = english.json().await.expect("json");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("The year must be between 1950 and"))
    );
}

#[tokio::test]
async fn wrong_content_type_malformed_json_and_huge_bodies_are_refused() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    let url = app.url("/api/v1/vehicles");
    let text = app
        .client
        .post(&url)
        .bearer_auth(&t.key)
        .header("content-type", "text/plain")
        .body(avanza().to_string())
        .send()
        .await
        .expect("request");
    assert_eq!(error_code(text).await, (415, "unsupported_media_type".into()));
    let broken = app
        .client
        .post(&url)
        .bearer_auth(&t.key)
        .header("content-type", "application/json")
        .body("{\"make\": ")
        .send()
        .await
        .expect("request");
    assert_eq!(error_code(broken).await, (400, "invalid_body".into()));
    let huge = format!("{{\"description\": \"{}\"}}", "a".repeat(10 * 1024 * 1024));
    let big = app
        .client
        .post(&url)
        .bearer_auth(&t.key)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .expect("request");
    assert_eq!(error_code(big).await, (413, "payload_too_large".into()));
}

#[tokio::test]
async fn bad_query_parameters_and_unknown_routes_get_json_errors() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    for query in [
        "sort=cheapest",
        "per_page=1000",
        "year_min=abc",
        "transmission=hover",
        "colour=red",
        "price_min=-1",
    ] {
        let response = app.get(&t, &format!("/api/v1/vehicles?{query}")).await;
        assert_eq!(error_code(response).await, (400, "invalid_query".into()), "{query}");
    }
    assert_eq!(
        error_code(app.get(&t, "/api/v1/nothing-here").await).await,
        (404, "not_found".into())
    );
    let put = app
        .client
        .put(app.url("/api/v1/vehicles"))
        .bearer_auth(&t.key)
        .send()
        .await
        .expect("request");
    assert_eq!(error_code(put).await, (405, "method_not_allowed".into()));
}

fn minute_slot() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp() / 60
}

#[tokio::test]
async fn a_tenant_over_its_rate_limit_is_told_to_wait() {
    let app = spawn_app_with(&[("API_RATE_LIMIT_PER_MINUTE", "3")]).await;
    // The limit counts per clock minute; a run that straddles a minute boundary is repeated
    // in a fresh tenant.
    for slug in ["jaya-motor", "jaya-motor-2"] {
        let t = app.create_tenant(slug).await;
        let started = minute_slot();
        let mut statuses = Vec::new();
        for _ in 0..3 {
            statuses.push(app.get(&t, "/api/v1/vehicles").await.status().as_u16());
        }
        let over = error_code(app.get(&t, "/api/v1/vehicles").await).await;
        if minute_slot() != started {
            continue;
        }
        assert_eq!(statuses, [200, 200, 200]);
        assert_eq!(over, (429, "rate_limited".into()));
        let other = app.create_tenant("maju-mobil").await;
        assert_eq!(app.get(&other, "/api/v1/vehicles").await.status(), 200);
        return;
    }
    panic!("two runs straddled a minute boundary");
}
