//! Photos through the service: upload over the API, sizes made by the workers, served with
//! long cache headers, reordered, removed, files collected once no car shows them; the same
//! against an S3-compatible server (moto) on loopback; bad files refused with nothing stored.

use crate::helpers::{TestApp, TestTenant, avanza, jpeg, spawn_app, spawn_app_with};
use autolumiku::jobs::{WorkerConfig, Workers};
use serde_json::{Value, json};
use std::time::Duration;

async fn upload(app: &TestApp, tenant: &TestTenant, car: &str, files: Vec<(&str, Vec<u8>)>) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (name, bytes) in files {
        form = form.part(
            "photos",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    }
    app.client
        .post(app.url(&format!("/api/v1/vehicles/{car}/photos")))
        .bearer_auth(&tenant.key)
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

/// Runs the photo queues until they are empty.
pub(crate) async fn work_photos(app: &TestApp) {
    let workers = Workers::new(app.state.clone(), WorkerConfig::default());
    for _ in 0..200 {
        if workers.process_media_once().await.expect("media jobs") == 0 {
            let open = app
                .store
                .count_for_tests(
                    autolumiku::domain::TenantId::new(),
                    "SELECT COUNT(*) FROM jobs WHERE queue LIKE 'media%' AND status IN ('pending', 'running')",
                )
                .await
                .expect("jobs");
            if open == 0 {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("photo jobs did not finish");
}

pub(crate) async fn fetch(app: &TestApp, url: &str) -> reqwest::Response {
    // Photo URLs carry the configured public address; ask this test server instead.
    let path = url
        .split_once("/media/")
        .map(|(_, p)| format!("/media/{p}"))
        .expect("media url");
    app.client.get(app.url(&path)).send().await.expect("get")
}

async fn car_photos(app: &TestApp, tenant: &TestTenant, car: &str) -> Vec<Value> {
    let (status, body) = app.get_json(tenant, &format!("/api/v1/vehicles/{car}/photos")).await;
    assert_eq!(status, 200, "{body}");
    body["data"].as_array().cloned().unwrap_or_default()
}

/// The whole path on whichever store the app was given.
async fn upload_serve_reorder_remove(app: &TestApp) {
    let t = app.create_tenant("foto-motor").await;
    app.create_vehicle(&t, &avanza()).await;
    let res = upload(
        app,
        &t,
        "AVZ-0001",
        vec![("depan.jpg", jpeg(1)), ("samping.jpg", jpeg(2))],
    )
    .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.expect("json");
    let photos = body["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(photos.len(), 2);
    assert_eq!(photos[0]["main"], true);
    assert_eq!(
        photos[0]["sizes_ready"], false,
        "the listing is usable before the sizes exist"
    );

    let original = fetch(app, photos[0]["urls"]["original"].as_str().unwrap_or_default()).await;
    assert_eq!(original.status(), 200);
    assert_eq!(
        original.headers()["cache-control"].to_str().unwrap_or_default(),
        "public, max-age=31536000, immutable"
    );

    work_photos(app).await;
    let listed = car_photos(app, &t, "AVZ-0001").await;
    assert!(listed.iter().all(|p| p["sizes_ready"] == true), "{listed:?}");
    let thumb = fetch(app, listed[0]["urls"]["thumb"].as_str().unwrap_or_default()).await;
    assert_eq!(thumb.status(), 200);
    assert_eq!(thumb.headers()["content-type"], "image/webp");
    let thumb_bytes = thumb.bytes().await.expect("bytes");
    assert!(
        thumb_bytes.len() < 60_000,
        "a thumbnail of a few tens of KB: {}",
        thumb_bytes.len()
    );
    let wa = fetch(app, listed[0]["urls"]["whatsapp"].as_str().unwrap_or_default()).await;
    assert_eq!(wa.headers()["content-type"], "image/jpeg");

    // The second photo becomes the main one.
    let second = listed[1]["id"].as_str().unwrap_or_default().to_owned();
    let res = app
        .patch(&t, "/api/v1/vehicles/AVZ-0001/photos", &json!({ "main": second }))
        .await;
    assert_eq!(res.status(), 200);
    let listed = car_photos(app, &t, "AVZ-0001").await;
    assert_eq!(listed[0]["id"], second.as_str());
    let res = app
        .patch(&t, "/api/v1/vehicles/AVZ-0001/photos", &json!({ "order": [second] }))
        .await;
    assert_eq!(
        crate::helpers::error_code(res).await,
        (422, "invalid_photo_order".into())
    );

    // Removing a photo removes its files, later, through the queue.
    let gone_url = listed[1]["urls"]["thumb"].as_str().unwrap_or_default().to_owned();
    let first = listed[1]["id"].as_str().unwrap_or_default().to_owned();
    let res = app
        .delete(&t, &format!("/api/v1/vehicles/AVZ-0001/photos/{first}"))
        .await;
    assert_eq!(res.status(), 204);
    work_photos(app).await;
    assert_eq!(fetch(app, &gone_url).await.status(), 404);
    assert_eq!(car_photos(app, &t, "AVZ-0001").await.len(), 1);

    // Deleting the car removes the rest.
    let kept_url = listed[0]["urls"]["large"].as_str().unwrap_or_default().to_owned();
    assert_eq!(fetch(app, &kept_url).await.status(), 200);
    assert_eq!(app.delete(&t, "/api/v1/vehicles/AVZ-0001").await.status(), 204);
    work_photos(app).await;
    assert_eq!(fetch(app, &kept_url).await.status(), 404);
}

#[tokio::test]
async fn photos_on_the_local_store() {
    let app = spawn_app().await;
    upload_serve_reorder_remove(&app).await;
}

/// moto's S3 server on a free loopback port, with one bucket; stopped when dropped.
pub(crate) struct Moto {
    child: tokio::process::Child,
    pub(crate) endpoint: String,
}

impl Moto {
    /// The service with its photos in this server's bucket.
    pub(crate) async fn app(&self) -> TestApp {
        spawn_app_with(&[
            ("S3_BUCKET", "photos"),
            ("S3_ENDPOINT", &self.endpoint),
            ("S3_PATH_STYLE", "true"),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
        ])
        .await
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

pub(crate) async fn moto() -> Moto {
    autolumiku::tls::install_crypto_provider();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let child = tokio::process::Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("moto_server runs (pip install 'moto[server]'; .ci/run installs it)");
    let endpoint = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client
            .put(format!("{endpoint}/photos"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return Moto { child, endpoint };
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("moto_server did not start on {endpoint}");
}

#[tokio::test]
async fn photos_on_an_s3_compatible_server() {
    let s3 = moto().await;
    let app = s3.app().await;
    upload_serve_reorder_remove(&app).await;
}

#[tokio::test]
async fn bad_files_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let t = app.create_tenant("foto-motor").await;
    app.create_vehicle(&t, &avanza()).await;
    let good = jpeg(3);
    let cases = [
        ("mobil.heic", b"\0\0\0\x18ftypheic\0\0\0\0".to_vec(), 415, "photo_heic"),
        ("stnk.pdf", b"%PDF-1.7 not a photo".to_vec(), 415, "photo_not_image"),
        ("potong.jpg", good[..good.len() / 2].to_vec(), 422, "photo_corrupt"),
    ];
    for (name, bytes, status, code) in cases {
        // A good photo in the same request is not kept either.
        let res = upload(&app, &t, "AVZ-0001", vec![("ok.jpg", good.clone()), (name, bytes)]).await;
        assert_eq!(
            crate::helpers::error_code(res).await,
            (status, code.to_owned()),
            "{name}"
        );
    }
    assert!(car_photos(&app, &t, "AVZ-0001").await.is_empty());
    // The good photo stored before the bad part is collected, not left for ever.
    let mut left = i64::MAX;
    for _ in 0..100 {
        left = app
            .store
            .count_for_tests(t.id, "SELECT COUNT(*) FROM photo_meta")
            .await
            .expect("count");
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(left, 0, "photos of failed uploads are collected");
    let form = reqwest::multipart::Form::new().text("caption", "tanpa foto");
    let res = app
        .client
        .post(app.url("/api/v1/vehicles/AVZ-0001/photos"))
        .bearer_auth(&t.key)
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(crate::helpers::error_code(res).await, (400, "photo_missing".into()));
}

#[tokio::test]
async fn another_showrooms_car_and_photos_are_not_found() {
    let app = spawn_app().await;
    let a = app.create_tenant("satu-motor").await;
    let b = app.create_tenant("dua-motor").await;
    app.create_vehicle(&a, &avanza()).await;
    assert_eq!(
        upload(&app, &a, "AVZ-0001", vec![("a.jpg", jpeg(4))]).await.status(),
        201
    );
    let photo = car_photos(&app, &a, "AVZ-0001").await[0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (status, _) = app.get_json(&b, "/api/v1/vehicles/AVZ-0001/photos").await;
    assert_eq!(status, 404);
    let res = app
        .delete(&b, &format!("/api/v1/vehicles/AVZ-0001/photos/{photo}"))
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        upload(&app, &b, "AVZ-0001", vec![("b.jpg", jpeg(5))]).await.status(),
        404
    );
    assert_eq!(car_photos(&app, &a, "AVZ-0001").await.len(), 1);
}
