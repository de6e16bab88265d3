//! The demo catalog in headless Chromium, driven over WebDriver (chromedriver) as a buyer on a
//! phone would use it: filter by budget, open a car, check the WhatsApp text; screenshots at
//! 360 px and 1280 px wide land in `target/screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver`. `.ci/run` installs them and sets
//! `CI_REQUIRE_BROWSER=1`, which turns a missing browser into a failure; elsewhere the test
//! says it did not run.

use crate::helpers::{avanza, jpeg, spawn_app_with};
use autolumiku::auth::totp;
use autolumiku::tenants::StaffRole;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A WebDriver session over chromedriver's HTTP API (JSON over loopback).
struct Browser {
    http: reqwest::Client,
    session: String,
    _driver: tokio::process::Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start() -> Option<Browser> {
        autolumiku::tls::install_crypto_provider();
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .into_iter()
            .find(|p| Path::new(p).exists());
        let driver = Path::new("/usr/bin/chromedriver").exists();
        let Some(chromium) = chromium.filter(|_| driver) else {
            assert!(
                std::env::var("CI_REQUIRE_BROWSER").is_err(),
                "CI_REQUIRE_BROWSER is set but chromium / chromedriver are not installed"
            );
            eprintln!("browser test NOT RUN: install chromium and chromium-driver");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = tokio::process::Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .kill_on_drop(true)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if http.get(format!("{base}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        }}});
        let created: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .expect("new session")
            .json()
            .await
            .unwrap();
        let session = created["value"]["sessionId"].as_str().expect("session id").to_owned();
        Some(Browser {
            http,
            session: format!("{base}/session/{session}"),
            _driver: child,
            _profile: profile,
        })
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.http.request(method, format!("{}{path}", self.session));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let out: Value = req.send().await.expect("webdriver").json().await.unwrap();
        assert!(out["value"]["error"].is_null(), "{path}: {}", out["value"]);
        out["value"].clone()
    }

    async fn open(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn find(&self, css: &str) -> String {
        let v = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        v[ELEMENT].as_str().unwrap_or_else(|| panic!("{css}: {v}")).to_owned()
    }

    async fn texts(&self, css: &str) -> Vec<String> {
        let found = self
            .call(
                reqwest::Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        let mut out = Vec::new();
        for e in found.as_array().unwrap() {
            let id = e[ELEMENT].as_str().unwrap_or_else(|| panic!("{css}: {found}"));
            let text = self
                .call(reqwest::Method::GET, &format!("/element/{id}/text"), None)
                .await;
            out.push(text.as_str().unwrap_or_default().to_owned());
        }
        out
    }

    async fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    async fn clear(&self, css: &str) {
        let id = self.find(css).await;
        self.call(reqwest::Method::POST, &format!("/element/{id}/clear"), Some(json!({})))
            .await;
    }

    async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.call(reqwest::Method::POST, &format!("/element/{id}/click"), Some(json!({})))
            .await;
    }

    async fn attribute(&self, css: &str, name: &str) -> String {
        let id = self.find(css).await;
        let v = self
            .call(reqwest::Method::GET, &format!("/element/{id}/attribute/{name}"), None)
            .await;
        v.as_str().unwrap_or_default().to_owned()
    }

    async fn wait_for_url(&self, part: &str) -> String {
        for _ in 0..100 {
            let url = self.url().await;
            if url.contains(part) {
                return url;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the page never reached a URL with {part:?}");
    }

    async fn width(&self, width: u32) {
        self.call(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({"width": width, "height": 900})),
        )
        .await;
    }

    async fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine;
        let data = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap())
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, png).unwrap();
        path
    }

    async fn close(self) {
        let _ = self.http.delete(&self.session).send().await;
    }
}

fn rupiah_digits(text: &str) -> i64 {
    text.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_buyer_filters_the_demo_catalog_by_budget_and_asks_about_a_car_on_whatsapp() {
    let Some(browser) = Browser::start().await else { return };
    let app = spawn_app_with(&[]).await;
    autolumiku::demo::seed(&app.state).await.expect("demo showroom");
    // Chromium sends *.localhost to loopback: the subdomain form, as on a real domain.
    let port = app.base.rsplit(':').next().unwrap().to_owned();
    let site = format!("http://demo-motor.localhost:{port}");

    browser.width(360).await;
    browser.open(&format!("{site}/")).await;
    assert!(browser.texts("h1").await.contains(&"Demo Motor Jakarta".to_owned()));
    browser.screenshot("catalog-home-360.png").await;

    browser.open(&format!("{site}/mobil")).await;
    let before = browser.texts(".card .price").await.len();
    assert_eq!(before, 20);
    browser.type_into("#harga_max", "150jt").await;
    browser.click(".filter-main button[type=submit]").await;
    browser.wait_for_url("harga_max=150jt").await;
    let prices = browser.texts(".card .price").await;
    assert!(!prices.is_empty() && prices.len() < before, "{prices:?}");
    assert!(prices.iter().all(|p| rupiah_digits(p) <= 150_000_000), "{prices:?}");
    browser.screenshot("catalog-list-150jt-360.png").await;

    browser.click(".card .card-link").await;
    let url = browser.wait_for_url("/mobil/").await;
    let display_id = url.rsplitn(3, '-').take(2).collect::<Vec<_>>();
    let display_id = format!("{}-{}", display_id[1].to_uppercase(), display_id[0]);
    let href = browser.attribute("#wa-button", "href").await;
    let wa = url::Url::parse(&href).expect("wa.me link");
    assert_eq!(wa.host_str(), Some("wa.me"));
    let text = wa
        .query_pairs()
        .find(|(k, _)| k == "text")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    assert!(
        text.contains(&display_id) && text.contains("Demo Motor Jakarta"),
        "{text}"
    );
    let slug = url.rsplit('/').next().unwrap();
    assert!(
        text.contains(&format!("/mobil/{slug}")),
        "the link names the page: {text}"
    );
    browser.screenshot("catalog-car-360.png").await;

    browser.width(1280).await;
    browser.screenshot("catalog-car-1280.png").await;
    browser.open(&format!("{site}/mobil?harga_max=150jt")).await;
    browser.screenshot("catalog-list-150jt-1280.png").await;
    browser.close().await;
}

fn unix_now() -> u64 {
    u64::try_from(autolumiku::domain::utc_now().unix_timestamp()).unwrap()
}

#[tokio::test]
async fn an_owner_signs_in_with_totp_edits_a_car_adds_a_photo_and_answers_a_customer() {
    let Some(browser) = Browser::start().await else { return };
    let app = spawn_app_with(&[]).await;
    let tenant = app.create_tenant("panel-motor").await;
    let owner = crate::panel::member(&app, tenant.id, "sari@panel.id", StaffRole::Owner, None).await;
    let secret = totp::new_secret();
    app.store.set_totp(owner, &secret, 0, "[]").await.unwrap();
    let car = app.create_vehicle(&tenant, &avanza()).await;
    let car_id = car["id"].as_str().unwrap().to_owned();
    crate::panel::customer_writes(&app, tenant.id, "6281277776666", "avanza masih ada?").await;
    // `localhost` is a secure context for Chromium, so it keeps the `__Host-` cookie on http.
    let port = app.base.rsplit(':').next().unwrap().to_owned();
    let site = format!("http://localhost:{port}");

    browser.width(1280).await;
    browser.open(&format!("{site}/login")).await;
    browser.type_into("input[name=email]", "sari@panel.id").await;
    browser.type_into("input[name=password]", crate::panel::PASSWORD).await;
    browser.click("form button[type=submit]").await;
    browser.wait_for_url("/login/2fa").await;
    browser.screenshot("panel-2fa-1280.png").await;
    let code = totp::code_at(&secret, unix_now()).unwrap();
    browser.type_into("input[name=code]", &code).await;
    browser.click("main form button[type=submit]").await;
    browser.wait_for_url("/dashboard").await;
    assert!(browser.texts("h1").await.iter().any(|t| !t.is_empty()));
    browser.screenshot("panel-home-1280.png").await;

    // Edit the car's price.
    browser.open(&format!("{site}/dashboard/vehicles")).await;
    browser.screenshot("panel-vehicles-1280.png").await;
    browser.click("table.list tbody a").await;
    browser.wait_for_url("/dashboard/vehicles/AVZ-").await;
    browser.clear("#car-form input[name=price]").await;
    browser.type_into("#car-form input[name=price]", "155jt").await;
    browser.click("#car-form button[type=submit]").await;
    browser.wait_for_url("ok=saved").await;
    assert_eq!(
        browser.attribute("#car-form input[name=price]", "value").await,
        "155.000.000"
    );
    let stored = app.state.inventory.find(tenant.id, &car_id).await.unwrap();
    assert_eq!(i64::from(stored.price), 155_000_000);

    // Upload a photo from disk.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("avanza.jpg");
    std::fs::write(&file, jpeg(9)).unwrap();
    browser.type_into("input[type=file]", &file.display().to_string()).await;
    browser.click("form[enctype] button[type=submit]").await;
    browser.wait_for_url("ok=photos").await;
    assert_eq!(browser.texts("#photos li").await.len(), 1);
    browser.screenshot("panel-vehicle-1280.png").await;

    // Answer the customer; the chat goes to a person.
    browser.open(&format!("{site}/dashboard/conversations")).await;
    browser.click("#chat-list a").await;
    browser.wait_for_url("/dashboard/conversations/whatsapp/").await;
    browser
        .type_into("textarea[name=text]", "Masih ada Pak, mau lihat kapan?")
        .await;
    browser.click("#send-reply").await;
    browser.wait_for_url("ok=sent").await;
    let lines = browser.texts("#thread li").await;
    assert!(lines.iter().any(|l| l.contains("Masih ada Pak")), "{lines:?}");
    browser.width(800).await;
    browser.screenshot("panel-conversation-800.png").await;
    browser.close().await;
}
