//! Creating, reading, listing, changing and deleting cars through the API.

use crate::helpers::{avanza, error_code, spawn_app, with};
use serde_json::{Value, json};

#[tokio::test]
async fn a_new_car_gets_the_next_display_id_for_its_model() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    let first = app.create_vehicle(&t, &avanza()).await;
    let second = app
        .create_vehicle(&t, &with(avanza(), json!({"plate": "B 9 AB"})))
        .await;
    let brio = app
        .create_vehicle(
            &t,
            &json!({"make": "Honda", "model": "Brio", "year": 2020, "price": 152_000_000}),
        )
        .await;
    assert_eq!(first["display_id"], "AVZ-0001");
    assert_eq!(second["display_id"], "AVZ-0002");
    assert_eq!(brio["display_id"], "BRI-0001");
    assert_eq!(first["status"], "available");
    assert_eq!(first["price"], 163_000_000);
    assert_eq!(first["plate"], "B 1234 KJH");
    assert!(first["created_at"].as_str().is_some_and(|t| t.ends_with('Z')));
}

#[tokio::test]
async fn display_ids_are_never_reused_after_a_delete() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    let first = app.create_vehicle(&t, &avanza()).await;
    assert_eq!(app.delete(&t, "/api/v1/vehicles/AVZ-0001").await.status(), 204);
    let next = app.create_vehicle(&t, &avanza()).await;
    assert_eq!(first["display_id"], "AVZ-0001");
    assert_eq!(next["display_id"], "AVZ-0002");
}

#[tokio::test]
async fn a_car_is_found_by_uuid_and_by_display_id_as_staff_type_it() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    let car = app.create_vehicle(&t, &avanza()).await;
    let id = car["id"].as_str().unwrap_or_default();
    for path in [
        format!("/api/v1/vehicles/{id}"),
        "/api/v1/vehicles/avz-1".into(),
        "/api/v1/vehicles/AVZ-0001".into(),
    ] {
        let (status, body) = app.get_json(&t, &path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(body["data"]["id"], car["id"]);
    }
}

#[tokio::test]
async fn price_and_status_changes_are_saved_with_history() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    app.create_vehicle(&t, &avanza()).await;
    let response = app
        .patch(
            &t,
            "/api/v1/vehicles/AVZ-0001",
            &json!({"price": 155_000_000, "status": "sold"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let car: Value = response.json().await.expect("json");
    assert_eq!(car["data"]["price"], 155_000_000);
    assert_eq!(car["data"]["status"], "sold");
    assert!(car["data"]["sold_at"].is_string());

    let (_, history) = app.get_json(&t, "/api/v1/vehicles/AVZ-0001/history").await;
    let changes: Vec<(String, Value, Value)> = history["data"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|h| {
                    (
                        h["field"].as_str().unwrap_or("").to_owned(),
                        h["old_value"].clone(),
                        h["new_value"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        changes,
        vec![
            ("status".into(), Value::Null, json!("available")),
            ("price".into(), json!("163000000"), json!("155000000")),
            ("status".into(), json!("available"), json!("sold")),
        ]
    );
    assert!(history["data"][1]["actor"] == "api");
}

#[tokio::test]
async fn a_patch_can_clear_an_optional_field_and_leaves_the_rest() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    app.create_vehicle(&t, &avanza()).await;
    let response = app
        .patch(
            &t,
            "/api/v1/vehicles/AVZ-0001",
            &json!({"variant": null, "mileage_km": 60000}),
        )
        .await;
    let car: Value = response.json().await.expect("json");
    assert_eq!(car["data"]["variant"], Value::Null);
    assert_eq!(car["data"]["mileage_km"], 60000);
    assert_eq!(car["data"]["color"], "putih");
}

#[tokio::test]
async fn deleted_cars_disappear_from_lookups_and_lists() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    app.create_vehicle(&t, &avanza()).await;
    assert_eq!(app.delete(&t, "/api/v1/vehicles/AVZ-0001").await.status(), 204);
    assert_eq!(
        error_code(app.get(&t, "/api/v1/vehicles/AVZ-0001").await).await,
        (404, "vehicle_not_found".into())
    );
    assert_eq!(app.delete(&t, "/api/v1/vehicles/AVZ-0001").await.status(), 404);
    let (_, list) = app.get_json(&t, "/api/v1/vehicles").await;
    assert_eq!(list["meta"]["total"], 0);
    let (_, deleted) = app.get_json(&t, "/api/v1/vehicles?status=deleted").await;
    assert_eq!(deleted["meta"]["total"], 1);
}

#[tokio::test]
async fn a_plate_belongs_to_one_live_car_per_showroom() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    app.create_vehicle(&t, &avanza()).await;
    let again = app
        .post_vehicle(&t, &with(avanza(), json!({"plate": "b1234kjh"})))
        .await;
    assert_eq!(error_code(again).await, (409, "plate_taken".into()));
    app.delete(&t, "/api/v1/vehicles/AVZ-0001").await;
    app.create_vehicle(&t, &avanza()).await;
    let other = app.create_tenant("maju-mobil").await;
    app.create_vehicle(&other, &avanza()).await;
}

async fn seed_list(app: &crate::helpers::TestApp, t: &crate::helpers::TestTenant) {
    let cars = [
        json!({"make": "Toyota", "model": "Avanza", "year": 2019, "price": 163_000_000, "transmission": "manual", "fuel": "bensin"}),
        json!({"make": "Toyota", "model": "Avanza", "year": 2021, "price": 215_000_000, "transmission": "automatic", "fuel": "bensin"}),
        json!({"make": "Honda", "model": "Brio", "variant": "RS", "year": 2020, "price": 152_000_000, "transmission": "automatic"}),
        json!({"make": "Toyota", "model": "Fortuner", "year": 2020, "price": 455_000_000, "transmission": "automatic", "fuel": "diesel"}),
        json!({"make": "Mitsubishi", "model": "Xpander", "year": 2022, "price": 235_000_000, "transmission": "automatic", "description": "Diskon 5% bulan ini"}),
    ];
    for car in &cars {
        app.create_vehicle(t, car).await;
    }
}

async fn display_ids(app: &crate::helpers::TestApp, t: &crate::helpers::TestTenant, query: &str) -> Vec<String> {
    let (status, body) = app.get_json(t, &format!("/api/v1/vehicles?{query}")).await;
    assert_eq!(status, 200, "{query}: {body}");
    body["data"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v["display_id"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn lists_filter_sort_and_page() {
    let app = spawn_app().await;
    let t = app.create_tenant("jaya-motor").await;
    seed_list(&app, &t).await;
    assert_eq!(
        display_ids(&app, &t, "make=toyota&sort=price").await,
        ["AVZ-0001", "AVZ-0002", "FRN-0001"]
    );
    assert_eq!(
        display_ids(&app, &t, "transmission=automatic&price_max=240000000&sort=-price").await,
        ["XPR-0001", "AVZ-0002", "BRI-0001"]
    );
    assert_eq!(
        display_ids(&app, &t, "year_min=2020&year_max=2020&sort=price").await,
        ["BRI-0001", "FRN-0001"]
    );
    assert_eq!(display_ids(&app, &t, "fuel=diesel").await, ["FRN-0001"]);
    assert_eq!(display_ids(&app, &t, "q=rs").await, ["BRI-0001"]);
    assert_eq!(display_ids(&app, &t, "q=5%25").await, ["XPR-0001"]);
    assert_eq!(
        display_ids(&app, &t, "model=AVANZA&price_min=200000000").await,
        ["AVZ-0002"]
    );
    assert_eq!(
        display_ids(&app, &t, "sort=year&per_page=2&page=2").await,
        ["FRN-0001", "AVZ-0002"]
    );
    assert_eq!(
        display_ids(&app, &t, "sort=created_at&per_page=2&page=3").await,
        ["XPR-0001"]
    );
    let (_, body) = app.get_json(&t, "/api/v1/vehicles?per_page=2").await;
    assert_eq!(body["meta"], json!({"page": 1, "per_page": 2, "total": 5}));
}
