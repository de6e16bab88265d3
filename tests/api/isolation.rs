//! Tenant isolation: through the API, through the store, and (PostgreSQL) in the database
//! itself through row-level security.

use crate::helpers::{avanza, error_code, settings, spawn_app};
use autolumiku::Application;
use autolumiku::domain::VehicleId;
use autolumiku::store::{Backend, StoreError};
use serde_json::json;
use sqlx::{Connection, Row};
use std::collections::BTreeMap;

#[tokio::test]
async fn tenant_b_cannot_read_list_change_or_delete_tenant_a_vehicles() {
    let app = spawn_app().await;
    let a = app.create_tenant("jaya-motor").await;
    let b = app.create_tenant("maju-mobil").await;
    let car = app.create_vehicle(&a, &avanza()).await;
    let id = car["id"].as_str().unwrap_or_default().to_owned();

    for path in [
        format!("/api/v1/vehicles/{id}"),
        "/api/v1/vehicles/AVZ-0001".into(),
        format!("/api/v1/vehicles/{id}/history"),
    ] {
        assert_eq!(
            error_code(app.get(&b, &path).await).await,
            (404, "vehicle_not_found".into()),
            "{path}"
        );
    }
    let (_, list) = app.get_json(&b, "/api/v1/vehicles").await;
    assert_eq!(list["meta"]["total"], 0);
    let patch = app
        .patch(&b, &format!("/api/v1/vehicles/{id}"), &json!({"price": 1_000_000}))
        .await;
    assert_eq!(error_code(patch).await, (404, "vehicle_not_found".into()));
    assert_eq!(app.delete(&b, &format!("/api/v1/vehicles/{id}")).await.status(), 404);

    let (status, still) = app.get_json(&a, &format!("/api/v1/vehicles/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(still["data"]["price"], 163_000_000);
    assert_eq!(still["data"]["status"], "available");
}

#[tokio::test]
async fn the_store_answers_not_found_for_another_tenants_id() {
    let app = spawn_app().await;
    let a = app.create_tenant("jaya-motor").await;
    let b = app.create_tenant("maju-mobil").await;
    let car = app.create_vehicle(&a, &avanza()).await;
    let id = VehicleId::from_uuid(car["id"].as_str().and_then(|s| s.parse().ok()).expect("uuid"));
    assert!(matches!(
        app.store.get_vehicle(b.id, id).await,
        Err(StoreError::NotFound)
    ));
    assert!(app.store.get_vehicle(a.id, id).await.is_ok());
}

/// On PostgreSQL, RLS holds even for hand-written SQL as the app role.
#[tokio::test]
async fn row_level_security_hides_and_refuses_other_tenants_rows() {
    let app = spawn_app().await;
    let a = app.create_tenant("jaya-motor").await;
    let b = app.create_tenant("maju-mobil").await;
    app.create_vehicle(&a, &avanza()).await;
    let Some(app_url) = &app.app_url else {
        assert_eq!(
            app.backend(),
            Backend::Sqlite,
            "only SQLite runs without an app-role URL"
        );
        return;
    };
    let mut conn = sqlx::PgConnection::connect(app_url).await.expect("connect as app role");

    let unscoped: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vehicles")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(unscoped, 0, "no tenant set: no rows");

    let mut tx = conn.begin().await.expect("begin");
    sqlx::query("SELECT set_config('app.tenant_id', $1, true)")
        .bind(b.id.to_string())
        .execute(&mut *tx)
        .await
        .expect("scope");
    let as_b: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vehicles")
        .fetch_one(&mut *tx)
        .await
        .expect("count");
    assert_eq!(as_b, 0, "tenant B sees none of A's rows");
    let forged = sqlx::query(
        "INSERT INTO vehicle_history (tenant_id, id, vehicle_id, field, actor, created_at) \
         SELECT $1, gen_random_uuid(), gen_random_uuid(), 'price', 'attacker', now()",
    )
    .bind(a.id.as_uuid())
    .execute(&mut *tx)
    .await;
    let message = forged.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("row-level security"),
        "insert with another tenant's id must be refused: {message}"
    );
    drop(tx);

    let mut tx = conn.begin().await.expect("begin");
    sqlx::query("SELECT set_config('app.tenant_id', $1, true)")
        .bind(a.id.to_string())
        .execute(&mut *tx)
        .await
        .expect("scope");
    let row = sqlx::query("SELECT COUNT(*) AS n FROM vehicles")
        .fetch_one(&mut *tx)
        .await
        .expect("count");
    assert_eq!(row.get::<i64, _>("n"), 1, "tenant A sees its own row");
}

#[tokio::test]
async fn the_service_refuses_a_database_role_that_bypasses_rls() {
    let app = spawn_app().await;
    let Some(admin) = &app.admin_url else {
        let role_check = app.store.check_role(autolumiku::store::RoleCheck::Refuse).await;
        assert!(role_check.is_ok(), "SQLite has no roles to refuse");
        return;
    };
    let mut vars: BTreeMap<&str, String> = BTreeMap::new();
    vars.insert("DATABASE_URL", admin.clone());
    vars.insert("BIND", "127.0.0.1:0".into());
    let refused = Application::build(settings(&vars))
        .await
        .err()
        .map(|e| format!("{e:#}"))
        .unwrap_or_default();
    assert!(
        refused.contains("BYPASSRLS") && refused.contains("ALLOW_UNSAFE_DB_ROLE"),
        "{refused}"
    );
    vars.insert("ALLOW_UNSAFE_DB_ROLE", "true".into());
    assert!(Application::build(settings(&vars)).await.is_ok());
}

/// Every table holding a tenant's rows is under RLS, except the platform tables read before
/// a tenant is known; the audit log is append-only for the app and hidden outside a scope.
#[tokio::test]
async fn every_tenant_table_is_under_row_level_security() {
    let app = spawn_app().await;
    let a = app.create_tenant("rls-motor").await;
    app.create_vehicle(&a, &avanza()).await;
    let Some(app_url) = &app.app_url else {
        assert_eq!(
            app.backend(),
            Backend::Sqlite,
            "only SQLite runs without an app-role URL"
        );
        return;
    };
    let admin = app.admin_url.as_ref().expect("admin url on PostgreSQL");
    let mut owner = sqlx::PgConnection::connect(admin).await.expect("connect as owner");
    let tables: Vec<(String, bool, bool)> = sqlx::query_as(
        "SELECT c.relname::text, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind = 'r' AND n.nspname = current_schema() \
         AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')",
    )
    .fetch_all(&mut owner)
    .await
    .expect("tables");
    const PLATFORM: [&str; 5] = [
        "tenant_api_keys",
        "tenant_channels",
        "jobs",
        "tenant_domains",
        "accounts",
    ];
    let unguarded: Vec<&str> = tables
        .iter()
        .filter(|(name, rls, forced)| !(PLATFORM.contains(&name.as_str()) || (*rls && *forced)))
        .map(|(name, _, _)| name.as_str())
        .collect();
    assert!(tables.len() >= 10, "{tables:?}");
    assert!(unguarded.is_empty(), "tenant tables without forced RLS: {unguarded:?}");

    let mut conn = sqlx::PgConnection::connect(app_url).await.expect("connect as app role");
    let unscoped: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(unscoped, 0, "no scope: no audit entries");
    let erased = sqlx::query("DELETE FROM audit_log").execute(&mut conn).await;
    assert!(erased.is_err(), "the app role cannot erase the audit log");
}
