//! The public catalog: tenant resolution, pages and filters, what buyers may and may not see,
//! caching, SEO output and the lead forms — through the running service on each backend.

use crate::assistant::Chat;
use crate::helpers::{TestApp, TestTenant, avanza, spawn_app_with, with};
use autolumiku::kv::Event;
use autolumiku::tenants::StaffRole;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{Value, json};

const PLATFORM: &str = "catalog.test";
const OWNER: &str = "6281234567890";

async fn app() -> TestApp {
    spawn_app_with(&[("PLATFORM_DOMAIN", PLATFORM)]).await
}

async fn showroom(app: &TestApp, slug: &str) -> TestTenant {
    let t = app.create_tenant(slug).await;
    let profile = json!({
        "address": "Jl. Fatmawati 10, Jakarta Selatan",
        "phone": "021-7650000",
        "whatsapp": "0812-1111-2222",
        "hours": {"open": "08:00", "close": "17:00", "days": [1, 2, 3, 4, 5, 6]},
        "branding": {"primary": "#aa2233", "theme": "bold", "hero": "Mobil pilihan keluarga"}
    });
    app.store
        .set_tenant_profile(t.id, &profile.to_string())
        .await
        .expect("profile");
    t
}

/// A page as a buyer's browser asks for it: by the showroom's own host name.
async fn page(app: &TestApp, host: &str, path: &str) -> (StatusCode, HeaderMap, String) {
    let r = app
        .client
        .get(app.url(path))
        .header("host", host)
        .send()
        .await
        .expect("request");
    let (status, headers) = (r.status(), r.headers().clone());
    (status, headers, r.text().await.expect("body"))
}

fn host(slug: &str) -> String {
    format!("{slug}.{PLATFORM}")
}

async fn set_status(app: &TestApp, t: &TestTenant, id: &str, status: &str) {
    let r = app
        .patch(t, &format!("/api/v1/vehicles/{id}"), &json!({ "status": status }))
        .await;
    assert_eq!(r.status(), 200, "{id} → {status}");
}

/// Every car of a showroom's lists (display ids in order of appearance).
fn ids_in(body: &str) -> Vec<String> {
    body.match_indices("<span class=\"year\">")
        .filter_map(|(i, _)| {
            let href_start = body[..i].rfind("href=\"")? + 6;
            let href = &body[href_start..body[href_start..].find('"')? + href_start];
            let slug = href.rsplit('/').next()?;
            let mut parts = slug.rsplitn(3, '-');
            let digits = parts.next()?;
            let prefix = parts.next()?;
            Some(format!("{}-{digits}", prefix.to_uppercase()))
        })
        .collect()
}

#[tokio::test]
async fn buyers_see_cars_for_sale_booked_and_recently_sold_never_drafts_or_deleted() {
    let app = app().await;
    let t = showroom(&app, "maju-motor").await;
    for (i, status) in ["available", "booked", "sold", "draft", "available"].iter().enumerate() {
        let body = with(
            avanza(),
            json!({ "plate": format!("B {} KJH", 1000 + i), "status": "available" }),
        );
        app.create_vehicle(&t, &body).await;
        if *status != "available" {
            set_status(&app, &t, &format!("AVZ-000{}", i + 1), status).await;
        }
    }
    app.delete(&t, "/api/v1/vehicles/AVZ-0005").await;
    let (status, headers, body) = page(&app, &host("maju-motor"), "/mobil").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(
        ids_in(&body),
        ["AVZ-0001", "AVZ-0002", "AVZ-0003"],
        "for sale, booked, sold"
    );
    assert!(body.contains("badge badge-booked\">Sudah dipesan"));
    assert!(body.contains("badge badge-sold\">Terjual"));
    assert!(!body.contains("B 1000 KJH"), "plates are the showroom's business");

    let (s, _, sold) = page(&app, &host("maju-motor"), "/mobil/toyota-avanza-1-3-g-2019-avz-0003").await;
    assert_eq!(s, 200);
    assert!(sold.contains("badge badge-sold\">Terjual"));
    assert!(!sold.contains("Tanya via WhatsApp"), "no 'ask' button on a sold car");
    let (s, _, _) = page(&app, &host("maju-motor"), "/mobil/toyota-avanza-1-3-g-2019-avz-0004").await;
    assert_eq!(s, 404, "a draft is not public");
    let (s, _, gone) = page(&app, &host("maju-motor"), "/mobil/toyota-avanza-1-3-g-2019-avz-0005").await;
    assert_eq!(s, 410, "a deleted car is gone");
    assert!(gone.contains("sudah tidak dijual"));
    assert_eq!(ids_in(&gone), ["AVZ-0001"], "similar cars for sale are offered");

    // The showroom may hide sold cars at once.
    let profile = json!({"catalog": {"show_sold": false}, "whatsapp": "081211112222"});
    app.store
        .set_tenant_profile(t.id, &profile.to_string())
        .await
        .expect("profile");
    app.kv.publish(&Event::TenantChanged { tenant_id: t.id }).await;
    let (_, _, body) = page(&app, &host("maju-motor"), "/mobil").await;
    assert_eq!(ids_in(&body), ["AVZ-0001", "AVZ-0002"]);
    let (s, _, _) = page(&app, &host("maju-motor"), "/mobil/toyota-avanza-1-3-g-2019-avz-0003").await;
    assert_eq!(s, 410);
}

async fn stock(app: &TestApp, t: &TestTenant) {
    let cars = [
        json!({"make": "Toyota", "model": "Avanza", "variant": "1.5 Veloz", "year": 2021, "price": 215_000_000, "mileage_km": 32_000, "transmission": "automatic", "fuel": "bensin", "color": "hitam"}),
        json!({"make": "Honda", "model": "Brio", "variant": "RS", "year": 2020, "price": 150_000_000, "mileage_km": 30_000, "transmission": "automatic", "fuel": "bensin", "color": "merah"}),
        json!({"make": "Honda", "model": "HR-V", "variant": "E", "year": 2018, "price": 235_000_000, "mileage_km": 70_000, "transmission": "automatic", "fuel": "bensin", "color": "putih"}),
        json!({"make": "Mitsubishi", "model": "Xpander", "variant": "Ultimate", "year": 2019, "price": 199_000_000, "mileage_km": 55_000, "transmission": "manual", "fuel": "bensin", "color": "silver"}),
        json!({"make": "Toyota", "model": "Fortuner", "variant": "VRZ", "year": 2017, "price": 365_000_000, "mileage_km": 90_000, "transmission": "automatic", "fuel": "diesel", "color": "hitam"}),
        json!({"make": "Daihatsu", "model": "Ayla", "variant": "X", "year": 2016, "price": 85_000_000, "mileage_km": 80_000, "transmission": "manual", "fuel": "bensin", "color": "putih"}),
    ];
    for car in cars {
        app.create_vehicle(t, &car).await;
    }
}

async fn list(app: &TestApp, query: &str) -> Vec<String> {
    let (status, _, body) = page(app, &host("maju-motor"), &format!("/mobil?{query}")).await;
    assert_eq!(status, 200, "{query}");
    ids_in(&body)
}

#[tokio::test]
async fn every_filter_sort_and_page_is_read_from_the_url() {
    let app = app().await;
    let t = showroom(&app, "maju-motor").await;
    stock(&app, &t).await;
    let all = list(&app, "").await;
    assert_eq!(all.len(), 6);
    assert_eq!(all[0], "AYL-0001", "newest first");
    assert_eq!(list(&app, "harga_max=150jt").await, ["AYL-0001", "BRI-0001"]);
    assert_eq!(
        list(&app, "harga_min=200jt&harga_max=300jt").await,
        ["HRV-0001", "AVZ-0001"]
    );
    assert_eq!(list(&app, "merek=honda").await, ["HRV-0001", "BRI-0001"]);
    assert_eq!(list(&app, "merek=honda&model=brio").await, ["BRI-0001"]);
    assert_eq!(
        list(&app, "tahun_min=2019&tahun_max=2020").await,
        ["XPR-0001", "BRI-0001"]
    );
    assert_eq!(list(&app, "transmisi=manual").await, ["AYL-0001", "XPR-0001"]);
    assert_eq!(list(&app, "bbm=diesel").await, ["FRN-0001"]);
    assert_eq!(list(&app, "warna=hitam").await, ["FRN-0001", "AVZ-0001"]);
    assert_eq!(list(&app, "q=veloz").await, ["AVZ-0001"]);
    assert_eq!(list(&app, "q=tidak-ada").await, Vec::<String>::new());
    assert_eq!(
        list(&app, "urut=harga-termurah").await,
        ["AYL-0001", "BRI-0001", "XPR-0001", "AVZ-0001", "HRV-0001", "FRN-0001"]
    );
    assert_eq!(
        list(&app, "urut=harga-tertinggi&merek=toyota").await,
        ["FRN-0001", "AVZ-0001"]
    );
    assert_eq!(list(&app, "urut=tahun-terbaru").await[0], "AVZ-0001");
    assert_eq!(list(&app, "urut=km-terendah").await[0], "BRI-0001");
    // Unreadable values are dropped, not an error page.
    assert_eq!(list(&app, "tahun_min=abc&urut=acak&hal=-1").await.len(), 6);
    set_status(&app, &t, "BRI-0001", "booked").await;
    assert_eq!(list(&app, "harga_max=150jt&tersedia=1").await, ["AYL-0001"]);

    // 30 more cars: two pages of 24; the filters ride along in the page links.
    for i in 0..30 {
        let car = with(
            avanza(),
            json!({"plate": format!("B {} XY", 2000 + i), "price": 100_000_000 + i * 1_000_000}),
        );
        app.create_vehicle(&t, &car).await;
    }
    let (_, _, first) = page(&app, &host("maju-motor"), "/mobil?merek=toyota").await;
    assert!(first.contains("32 mobil"), "result count");
    assert!(
        first.contains("href=\"/mobil?merek=toyota&#38;hal=2\""),
        "next page keeps the filter: {}",
        &first[first.find("pager").unwrap_or(0)..]
    );
    assert_eq!(ids_in(&first).len(), 24);
    assert_eq!(list(&app, "merek=toyota&hal=2").await.len(), 8);
    assert_eq!(list(&app, "merek=toyota&hal=9").await.len(), 0);
}

#[tokio::test]
async fn the_host_decides_the_showroom_and_unknown_hosts_get_a_plain_404() {
    let app = app().await;
    let maju = showroom(&app, "maju-motor").await;
    let jaya = showroom(&app, "jaya-mobil").await;
    app.create_vehicle(&maju, &avanza()).await;
    app.create_vehicle(
        &jaya,
        &with(
            avanza(),
            json!({"model": "Innova", "variant": "2.0 G", "plate": "B 9 ZZ"}),
        ),
    )
    .await;
    app.store
        .set_tenant_profile(jaya.id, &json!({"branding": {"primary": "#123456"}}).to_string())
        .await
        .expect("profile");

    let (s, _, body) = page(&app, &host("maju-motor"), "/").await;
    assert_eq!(s, 200);
    assert!(body.contains("Showroom Uji") && body.contains("--brand:#aa2233"));
    assert!(body.contains("theme-bold") && body.contains("Mobil pilihan keluarga"));
    let (s, _, body) = page(&app, &host("Jaya-Mobil").to_uppercase(), "/mobil").await;
    assert_eq!(s, 200);
    assert!(body.contains("--brand:#123456"));

    // A custom domain, visible once announced.
    app.store
        .add_tenant_domain(jaya.id, "mobil.jaya.co.id", autolumiku::domain::utc_now())
        .await
        .expect("domain");
    app.kv.publish(&Event::TenantChanged { tenant_id: jaya.id }).await;
    let (s, _, body) = page(&app, "mobil.jaya.co.id:443", "/mobil").await;
    assert_eq!(s, 200);
    assert_eq!(ids_in(&body), ["INV-0001"]);
    assert!(body.contains("<link rel=\"canonical\" href=\"http://mobil.jaya.co.id/mobil\">"));
    // A custom domain never serves another showroom through the path form.
    let (s, _, body) = page(&app, "mobil.jaya.co.id", "/s/maju-motor/mobil").await;
    assert_eq!(s, 404);
    assert!(!body.contains("AVZ-0001"));

    // The path form on the platform's own host.
    let platform = app.base.trim_start_matches("http://").to_owned();
    let (s, _, body) = page(&app, &platform, "/s/maju-motor/mobil").await;
    assert_eq!(s, 200);
    assert!(body.contains("href=\"/s/maju-motor/mobil/toyota-avanza-1-3-g-2019-avz-0001\""));

    for (h, path) in [
        (host("nobody"), "/"),
        ("a.b.catalog.test".to_owned(), "/"),
        ("unknown.example.com".to_owned(), "/mobil"),
        (platform.clone(), "/s/nobody/"),
    ] {
        let (s, headers, body) = page(&app, &h, path).await;
        assert_eq!(s, 404, "{h}{path}");
        assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(!body.contains("Showroom Uji"), "{h}: names no showroom");
    }
    // The API still answers on the platform host.
    let (status, _) = app.get_json(&maju, "/api/v1/vehicles").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn no_page_of_one_showroom_shows_another_showroom_s_car() {
    let app = app().await;
    let a = showroom(&app, "maju-motor").await;
    let b = showroom(&app, "jaya-mobil").await;
    app.create_vehicle(&a, &avanza()).await;
    let rush = app
        .create_vehicle(
            &b,
            &with(avanza(), json!({"model": "Rush", "variant": "TRD", "plate": "B 7 RR"})),
        )
        .await;
    let id = rush["display_id"].as_str().unwrap().to_owned();
    let b_slug = format!("toyota-rush-trd-2019-{}", id.to_lowercase());
    for path in [
        "/",
        "/mobil",
        "/mobil?q=rush",
        "/mobil?merek=toyota",
        "/sitemap.xml",
        &format!("/kontak?mobil={id}"),
    ] {
        let (_, _, body) = page(&app, &host("maju-motor"), path).await;
        assert!(
            !body.contains(&id) && !body.contains("Rush"),
            "{path} shows the other showroom's car"
        );
    }
    let (s, _, _) = page(&app, &host("maju-motor"), &format!("/mobil/{b_slug}")).await;
    assert_eq!(s, 404);
    let (s, _, body) = page(&app, &host("jaya-mobil"), &format!("/mobil/{b_slug}")).await;
    assert_eq!(s, 200);
    assert!(body.contains(&id));
    let r = app
        .client
        .post(app.url(&format!("/mobil/{b_slug}/wa")))
        .header("host", host("maju-motor"))
        .header("x-catalog-click", "1")
        .send()
        .await
        .expect("click");
    assert_eq!(r.status(), 404, "a click on another showroom's car records nothing");
}

fn json_ld(body: &str) -> Vec<Value> {
    body.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| {
            let text = &rest[..rest.find("</script>").expect("closed")];
            serde_json::from_str(text).expect("JSON-LD is well-formed JSON")
        })
        .collect()
}

#[tokio::test]
// One buyer's walk through the page, step by step.
#[allow(clippy::too_many_lines)]
async fn a_car_page_has_every_fact_credit_whatsapp_text_and_structured_data() {
    let app = app().await;
    let t = showroom(&app, "maju-motor").await;
    app.create_vehicle(
        &t,
        &with(
            avanza(),
            json!({"description": "Tangan pertama <b>asli</b>", "engine_cc": 1329}),
        ),
    )
    .await;
    let slug = "toyota-avanza-1-3-g-2019-avz-0001";
    let (s, _, body) = page(&app, &host("maju-motor"), &format!("/mobil/{slug}")).await;
    assert_eq!(s, 200);
    for fact in [
        "Rp 163.000.000",
        "58.000 km",
        "Manual",
        "Bensin",
        "Putih",
        "1.329 cc",
        "AVZ-0001",
        "Tersedia",
    ] {
        assert!(body.contains(fact), "{fact}");
    }
    assert!(
        body.contains("Tangan pertama") && !body.contains("<b>asli</b>"),
        "descriptions are escaped"
    );
    assert!(!body.contains("B 1234 KJH"), "no plate on the public page");

    // The WhatsApp button names the car and its display id.
    let start = body.find("id=\"wa-button\" href=\"").expect("wa button") + "id=\"wa-button\" href=\"".len();
    let href = body[start..start + body[start..].find('"').unwrap()].replace("&amp;", "&");
    let url = url::Url::parse(&href).expect("wa.me link");
    assert_eq!(url.host_str(), Some("wa.me"));
    assert_eq!(url.path(), "/6281211112222");
    let text: String = url
        .query_pairs()
        .find(|(k, _)| k == "text")
        .map(|(_, v)| v.into_owned())
        .expect("text");
    assert!(
        text.contains("Toyota Avanza 1.3 G 2019") && text.contains("AVZ-0001") && text.contains("Rp 163.000.000"),
        "{text}"
    );
    assert!(
        text.contains(&format!("http://maju-motor.catalog.test/mobil/{slug}")),
        "{text}"
    );

    // Credit: the assistant's formula and rates, 30 % down by default, the tenor chosen.
    let quote = autolumiku::pricing::simulate(
        autolumiku::domain::Rupiah::new(163_000_000).unwrap(),
        autolumiku::domain::Rupiah::new(49_000_000).unwrap(),
        3,
        autolumiku::domain::in_jakarta(autolumiku::domain::utc_now()).year() - 2019,
        &autolumiku::pricing::CreditRates::default(),
    )
    .expect("quote");
    assert!(body.contains("Dengan DP Rp 49.000.000"));
    assert!(body.contains(&format!(
        "<tr class=\"chosen\"><td>3 tahun</td><td>{}</td>",
        quote.monthly
    )));
    let (_, _, custom) = page(&app, &host("maju-motor"), &format!("/mobil/{slug}?dp=60jt&tenor=5")).await;
    assert!(custom.contains("Dengan DP Rp 60.000.000") && custom.contains("<tr class=\"chosen\"><td>5 tahun</td>"));

    // Structured data and previews.
    let blocks = json_ld(&body);
    let car = blocks.iter().find(|b| b["@type"] == "Car").expect("Car");
    assert_eq!(car["offers"]["price"], 163_000_000);
    assert_eq!(car["offers"]["priceCurrency"], "IDR");
    assert_eq!(car["offers"]["availability"], "https://schema.org/InStock");
    assert!(body.contains(&format!(
        "<link rel=\"canonical\" href=\"http://maju-motor.catalog.test/mobil/{slug}\">"
    )));
    assert!(body.contains("<meta property=\"og:title\""));
    set_status(&app, &t, "AVZ-0001", "booked").await;
    let (_, _, booked) = page(&app, &host("maju-motor"), &format!("/mobil/{slug}")).await;
    let car = json_ld(&booked).into_iter().find(|b| b["@type"] == "Car").expect("Car");
    assert_eq!(car["offers"]["availability"], "https://schema.org/LimitedAvailability");
    let (_, _, home) = page(&app, &host("maju-motor"), "/").await;
    assert!(
        json_ld(&home)
            .iter()
            .any(|b| b["@type"] == "AutoDealer" && b["openingHours"] == "Mo,Tu,We,Th,Fr,Sa 08:00-17:00")
    );

    // One address per car: a stale slug redirects, a price change keeps it.
    let r = app
        .client
        .get(app.url("/mobil/toyota-avanza-lama-avz-0001"))
        .header("host", host("maju-motor"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.url().path(),
        format!("/mobil/{slug}"),
        "followed the permanent redirect"
    );
    app.patch(&t, "/api/v1/vehicles/AVZ-0001", &json!({"price": 150_000_000}))
        .await;
    let (s, _, body) = page(&app, &host("maju-motor"), &format!("/mobil/{slug}")).await;
    assert_eq!(s, 200);
    assert!(body.contains("Rp 150.000.000"));
}

#[tokio::test]
async fn a_car_sold_over_chat_is_sold_on_the_next_page_load() {
    let app = app().await;
    let t = showroom(&app, "maju-motor").await;
    app.store
        .add_staff(
            t.id,
            "Budi",
            StaffRole::Owner,
            Some(OWNER),
            autolumiku::domain::utc_now(),
        )
        .await
        .expect("owner");
    app.create_vehicle(&t, &avanza()).await;
    let slug = "/mobil/toyota-avanza-1-3-g-2019-avz-0001";
    for path in ["/mobil", slug] {
        let (_, _, body) = page(&app, &host("maju-motor"), path).await;
        assert!(body.contains("Tersedia") || !body.contains("Terjual"), "{path}");
        // Twice: the second answer comes from the cache.
        let (_, _, again) = page(&app, &host("maju-motor"), path).await;
        assert_eq!(body, again);
    }
    let mut owner = Chat::open(&app, t.id, OWNER);
    owner.say("AVZ-0001 udh laku").await;
    let (_, _, list) = page(&app, &host("maju-motor"), "/mobil").await;
    assert!(list.contains("badge badge-sold\">Terjual"), "the list shows it sold");
    let (_, _, car) = page(&app, &host("maju-motor"), slug).await;
    assert!(car.contains("badge badge-sold\">Terjual"));
    assert!(!car.contains("wa-button"));
    let car_ld = json_ld(&car).into_iter().find(|b| b["@type"] == "Car").expect("Car");
    assert_eq!(car_ld["offers"]["availability"], "https://schema.org/SoldOut");
}

#[tokio::test]
async fn pages_carry_validators_compress_and_change_with_the_stock() {
    let app = app().await;
    let t = showroom(&app, "maju-motor").await;
    app.create_vehicle(&t, &avanza()).await;
    let (_, first, body) = page(&app, &host("maju-motor"), "/mobil").await;
    let etag = first["etag"].clone();
    assert_eq!(first["cache-control"], "public, no-cache");
    assert!(first.contains_key("last-modified"));
    let r = app
        .client
        .get(app.url("/mobil"))
        .header("host", host("maju-motor"))
        .header("if-none-match", etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    let r = app
        .client
        .get(app.url("/mobil"))
        .header("host", host("maju-motor"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-encoding"], "gzip");
    let zipped = r.bytes().await.unwrap();
    assert!(zipped.len() < body.len() / 3, "{} vs {}", zipped.len(), body.len());
    // The stylesheet is fingerprinted and kept forever.
    let css = body
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap();
    let r = app
        .client
        .get(app.url(css))
        .header("host", host("maju-motor"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
    // A change to a car gives the page a new validator.
    app.patch(&t, "/api/v1/vehicles/AVZ-0001", &json!({"price": 150_000_000}))
        .await;
    let (_, after, body) = page(&app, &host("maju-motor"), "/mobil").await;
    assert_ne!(after["etag"], etag);
    assert!(body.contains("Rp 150.000.000"));
}

#[tokio::test]
async fn sitemap_and_robots_are_well_formed() {
    let app = app().await;
    let t = showroom(&app, "maju-motor").await;
    app.create_vehicle(&t, &avanza()).await;
    app.create_vehicle(&t, &with(avanza(), json!({"plate": "B 2 AA", "status": "draft"})))
        .await;
    let (s, headers, xml) = page(&app, &host("maju-motor"), "/sitemap.xml").await;
    assert_eq!(s, 200);
    assert!(headers["content-type"].to_str().unwrap().starts_with("application/xml"));
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        locs,
        [
            "http://maju-motor.catalog.test/",
            "http://maju-motor.catalog.test/mobil",
            "http://maju-motor.catalog.test/mobil/toyota-avanza-1-3-g-2019-avz-0001"
        ]
    );
    let (_, _, robots) = page(&app, &host("maju-motor"), "/robots.txt").await;
    assert!(robots.contains("Sitemap: http://maju-motor.catalog.test/sitemap.xml"));
}

fn cookie_and_token(headers: &HeaderMap, body: &str) -> (String, String) {
    let cookie = headers["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let start = body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    (cookie, body[start..start + 32].to_owned())
}

#[tokio::test]
// One buyer's walk through the page, step by step.
#[allow(clippy::too_many_lines)]
async fn the_contact_form_and_whatsapp_button_create_leads_and_refuse_forgeries() {
    let app = app().await;
    let t = showroom(&app, "maju-motor").await;
    app.create_vehicle(&t, &avanza()).await;
    let (s, headers, body) = page(&app, &host("maju-motor"), "/kontak?mobil=AVZ-0001").await;
    assert_eq!(s, 200);
    assert_eq!(headers["cache-control"], "no-store");
    assert!(body.contains("Toyota Avanza 1.3 G 2019"));
    let (cookie, token) = cookie_and_token(&headers, &body);
    let post = |cookie: Option<String>, form: Vec<(&'static str, String)>| {
        let mut req = app
            .client
            .post(app.url("/kontak"))
            .header("host", host("maju-motor"))
            .form(&form);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send()
    };
    let form = |token: &str, phone: &str| {
        vec![
            ("csrf", token.to_owned()),
            ("nama", "Rina".to_owned()),
            ("telepon", phone.to_owned()),
            ("pesan", "Masih ada?".to_owned()),
            ("mobil", "AVZ-0001".to_owned()),
        ]
    };
    let r = post(None, form(&token, "0812 3456 7890")).await.unwrap();
    assert_eq!(r.status(), 403, "no cookie, no lead");
    let r = post(
        Some("alk_form=00000000000000000000000000000000".into()),
        form(&token, "0812 3456 7890"),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 403, "a token from another visitor");
    let r = post(Some(cookie.clone()), form(&token, "12")).await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Nomor HP belum benar"));
    let r = post(Some(cookie.clone()), form(&token, "0812 3456 7890"))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Terima kasih"));
    let leads = app.store.recent_leads(t.id, 10).await.unwrap();
    assert_eq!(leads.len(), 1);
    assert_eq!(leads[0].phone.as_deref(), Some("6281234567890"));
    assert_eq!(leads[0].customer_name.as_deref(), Some("Rina"));
    assert_eq!(leads[0].vehicles, ["AVZ-0001"]);
    // Five forms per visitor in ten minutes.
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            post(Some(cookie.clone()), form(&token, "0812 3456 7890"))
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    // The refused attempt counted too: 422, 200, then three more before the limit.
    assert_eq!(statuses, [200, 200, 200, 429, 429]);

    // The WhatsApp button's click.
    let click = |header: Option<&'static str>| {
        let mut req = app
            .client
            .post(app.url("/mobil/toyota-avanza-1-3-g-2019-avz-0001/wa"))
            .header("host", host("maju-motor"));
        if let Some(h) = header {
            req = req.header("x-catalog-click", HeaderValue::from_static(h));
        }
        req.send()
    };
    assert_eq!(click(None).await.unwrap().status(), 403);
    assert_eq!(click(Some("1")).await.unwrap().status(), 204);
    assert_eq!(click(Some("1")).await.unwrap().status(), 204);
    let leads = app.store.recent_leads(t.id, 10).await.unwrap();
    assert_eq!(leads.len(), 2, "one click lead per visitor and day");
    // A new User-Agent is a new visitor, but one address makes only so many click leads a day.
    let mut statuses = Vec::new();
    for i in 0..25 {
        let r = app
            .client
            .post(app.url("/mobil/toyota-avanza-1-3-g-2019-avz-0001/wa"))
            .header("host", host("maju-motor"))
            .header("x-catalog-click", "1")
            .header("user-agent", format!("Browser/{i}"))
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    let made = statuses.iter().filter(|s| **s == 204).count();
    assert!(made <= 18 && statuses.contains(&429), "{statuses:?}");
    let leads = app.store.recent_leads(t.id, 100).await.unwrap();
    assert!(leads.len() <= 20, "{} leads from one address", leads.len());
    assert!(
        leads
            .iter()
            .any(|l| l.chat_id.starts_with("wa-click:") && l.vehicles == ["AVZ-0001"])
    );
}
