//! The key-value layer (memory or Redis) and the change notifications carried on it.

use crate::helpers::{avanza, spawn_app};
use autolumiku::kv::Event;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn every_change_to_a_car_is_announced() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    let mut events = app.kv.subscribe();
    let car = app.create_vehicle(&t, &avanza()).await;
    app.patch(&t, "/api/v1/vehicles/AVZ-0001", &json!({"status": "booked"}))
        .await;
    app.patch(&t, "/api/v1/vehicles/AVZ-0001", &json!({"status": "booked"}))
        .await;
    app.delete(&t, "/api/v1/vehicles/AVZ-0001").await;
    let mut changes = Vec::new();
    while changes.len() < 3 {
        let event = tokio::time::timeout(Duration::from_secs(5), events.recv())
            .await
            .expect("event in time")
            .expect("open");
        let Event::VehicleChanged {
            tenant_id,
            vehicle_id,
            change,
        } = event
        else {
            continue;
        };
        assert_eq!(tenant_id, t.id);
        assert_eq!(vehicle_id.to_string(), car["id"].as_str().unwrap_or_default());
        changes.push(change);
    }
    assert_eq!(
        changes,
        ["created", "updated", "deleted"],
        "an unchanged patch announces nothing"
    );
}

#[tokio::test]
async fn cached_values_and_counters_work_on_the_configured_backend() {
    let app = spawn_app().await;
    app.kv.set("greeting", "halo", Duration::from_secs(60)).await;
    assert_eq!(app.kv.get("greeting").await.as_deref(), Some("halo"));
    assert_eq!(app.kv.get("missing").await, None);
    let first = app.kv.hit("counter", Duration::from_secs(3600)).await;
    let second = app.kv.hit("counter", Duration::from_secs(3600)).await;
    assert_eq!(second, first + 1);
}
