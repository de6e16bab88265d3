//! `spawn_app()` and the typed helpers tests use.

use autolumiku::Application;
use autolumiku::config::Settings;
use autolumiku::kv::Kv;
use autolumiku::store::{Backend, Store};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use uuid::Uuid;

pub struct TestApp {
    pub state: autolumiku::AppState,
    pub base: String,
    pub client: reqwest::Client,
    pub store: Store,
    pub kv: Kv,
    /// Set on PostgreSQL: the owner's URL of this test's database, for raw checks.
    pub admin_url: Option<String>,
    /// Set on PostgreSQL: the app role's URL of this test's database.
    pub app_url: Option<String>,
    _dir: tempfile::TempDir,
}

/// A fresh database for one test: (app URL, migration URL, admin URL on PostgreSQL).
async fn fresh_database(dir: &std::path::Path) -> (String, String, Option<String>) {
    let db = autolumiku::testing::fresh_database(dir)
        .await
        .expect("a fresh test database");
    (db.app_url, db.migration_url, db.admin_url)
}

/// Settings for a test, from an environment map (as the service would read them).
pub fn settings(vars: &BTreeMap<&str, String>) -> Settings {
    Settings::from_sources(None, |name| vars.get(name).cloned()).expect("test settings are valid")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Spawns the app with extra environment variables on top of the test defaults.
pub async fn spawn_app_with(extra: &[(&'static str, &str)]) -> TestApp {
    autolumiku::tls::install_crypto_provider();
    let dir = tempfile::tempdir().expect("tempdir");
    let (app_url, migration_url, admin_url) = fresh_database(dir.path()).await;
    let mut vars: BTreeMap<&str, String> = BTreeMap::new();
    vars.insert("DATABASE_URL", app_url.clone());
    vars.insert("DATABASE_MIGRATION_URL", migration_url);
    vars.insert("DATABASE_MAX_CONNECTIONS", "4".into());
    vars.insert("BIND", "127.0.0.1:0".into());
    vars.insert("DATA_DIR", dir.path().display().to_string());
    if let Ok(redis) = std::env::var("TEST_REDIS_URL") {
        vars.insert("REDIS_URL", redis);
        vars.insert("REDIS_PREFIX", format!("alk_test_{}", Uuid::new_v4().simple()));
    }
    for (k, v) in extra {
        vars.insert(k, (*v).to_owned());
    }
    let app = Application::build(settings(&vars)).await.expect("app builds");
    let base = format!("http://{}", app.local_addr().expect("bound"));
    let state = app.state().clone();
    let store = state.store.clone();
    let kv = state.kv.clone();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    TestApp {
        state,
        base,
        client: reqwest::Client::new(),
        store,
        kv,
        app_url: admin_url.as_ref().map(|_| app_url),
        admin_url,
        _dir: dir,
    }
}

/// A created tenant as the tests use it.
pub struct TestTenant {
    pub id: autolumiku::domain::TenantId,
    pub key: String,
}

/// A valid car body; tests override fields with `with`.
pub fn avanza() -> Value {
    json!({
        "make": "Toyota", "model": "Avanza", "variant": "1.3 G", "year": 2019,
        "price": 163_000_000, "mileage_km": 58_000, "transmission": "manual",
        "fuel": "bensin", "color": "putih", "plate": "B 1234 KJH"
    })
}

pub fn with(mut body: Value, changes: Value) -> Value {
    if let (Some(b), Some(c)) = (body.as_object_mut(), changes.as_object()) {
        for (k, v) in c {
            b.insert(k.clone(), v.clone());
        }
    }
    body
}

impl TestApp {
    /// The SQLite URL of this test's database (SQLite runs only), for the binary.
    pub fn store_url_for_cli(&self) -> String {
        format!("sqlite://{}", self._dir.path().join("test.db").display())
    }

    /// The test's data directory (SQLite file, photos, the secret key file).
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    pub async fn create_tenant(&self, slug: &str) -> TestTenant {
        let (tenant, key) = autolumiku::tenants::service::create(&self.store, slug, "Showroom Uji")
            .await
            .expect("tenant created");
        TestTenant {
            id: tenant.id,
            key: key.reveal().to_owned(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn post_vehicle(&self, tenant: &TestTenant, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/vehicles"))
            .bearer_auth(&tenant.key)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// Posts a car that must be accepted and returns its JSON.
    pub async fn create_vehicle(&self, tenant: &TestTenant, body: &Value) -> Value {
        let response = self.post_vehicle(tenant, body).await;
        assert_eq!(response.status(), 201);
        response.json::<Value>().await.expect("json")["data"].clone()
    }

    pub async fn get(&self, tenant: &TestTenant, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(&tenant.key)
            .send()
            .await
            .expect("request")
    }

    pub async fn patch(&self, tenant: &TestTenant, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .patch(self.url(path))
            .bearer_auth(&tenant.key)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn delete(&self, tenant: &TestTenant, path: &str) -> reqwest::Response {
        self.client
            .delete(self.url(path))
            .bearer_auth(&tenant.key)
            .send()
            .await
            .expect("request")
    }

    /// `GET path` and the parsed JSON body.
    pub async fn get_json(&self, tenant: &TestTenant, path: &str) -> (u16, Value) {
        let response = self.get(tenant, path).await;
        let status = response.status().as_u16();
        (status, response.json().await.expect("json"))
    }
}

/// The error code of an API error response.
pub async fn error_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.expect("json error body");
    (status, body["error"]["code"].as_str().unwrap_or("<none>").to_owned())
}

/// A real JPEG a phone could have taken: detailed (sharp), well lit, 800×600, different for
/// every seed (so no two seeds look like the same photo).
pub fn jpeg(seed: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(800, 600, |x, y| {
        let s = u32::from(seed);
        let cell = ((x / 24 + s) * 31 + (y / 24) * (7 + s % 5)) % 97;
        let noise = (x.wrapping_mul(7919 + s) ^ y.wrapping_mul(104_729)) % 41;
        let v = (60 + cell + noise).min(255) as u8;
        image::Rgb([v, v.wrapping_add(seed), 255 - v])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&image)
        .expect("jpeg");
    out
}
