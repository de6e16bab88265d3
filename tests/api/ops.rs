//! Health, readiness, metrics, request ids, and which backends a run really used.

use crate::helpers::spawn_app;
use autolumiku::store::Backend;

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    let health = app.client.get(app.url("/healthz")).send().await.expect("request");
    assert_eq!(health.status(), 200);
    assert!(health.headers().contains_key("x-request-id"));
    assert_eq!(
        app.client
            .get(app.url("/readyz"))
            .send()
            .await
            .expect("request")
            .status(),
        200
    );
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.store.close().await;
    assert_eq!(
        app.client
            .get(app.url("/readyz"))
            .send()
            .await
            .expect("request")
            .status(),
        503
    );
    assert_eq!(
        app.client
            .get(app.url("/healthz"))
            .send()
            .await
            .expect("request")
            .status(),
        200
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_template() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    app.get(&t, "/api/v1/vehicles/AVZ-0042").await;
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("text");
    assert!(
        text.contains(r#"autolumiku_http_requests_total{method="GET",route="/api/v1/vehicles/{id}",status="404"} 1"#),
        "{text}"
    );
    assert!(!text.contains("AVZ-0042"));
}

/// `.ci/run` sets `CI_EXPECT_BACKEND=postgres` for its PostgreSQL + Redis pass, so a pass
/// that silently fell back to SQLite fails here.
#[tokio::test]
async fn the_backends_under_test_are_the_ones_asked_for() {
    let app = spawn_app().await;
    let expected = std::env::var("CI_EXPECT_BACKEND").ok();
    let wants_pg = std::env::var("TEST_DATABASE_URL").is_ok() || expected.as_deref() == Some("postgres");
    assert_eq!(
        app.backend(),
        if wants_pg { Backend::Postgres } else { Backend::Sqlite }
    );
    let wants_redis = std::env::var("TEST_REDIS_URL").is_ok() || expected.as_deref() == Some("postgres");
    assert_eq!(app.kv.is_redis(), wants_redis);
}
