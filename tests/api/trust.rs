//! Trust under load and attack: a burst past the send rate is paced and loses nothing; two
//! workers and a slow provider never double a reply; one showroom's stuck chat holds up no
//! other's; a message that keeps failing becomes a dead letter; a foreign number, a
//! disabled person and a suspended showroom are never staff; secrets are sealed at rest.

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use crate::whatsapp::{PHONE_NUMBER_ID, Wa, post_valid, wait_for_sends, whatsapp_app_with};
use autolumiku::channels::{Channel, InboundKind, InboundMessage, intake};
use autolumiku::domain::{TenantId, utc_now};
use autolumiku::jobs::{WorkerConfig, Workers};
use autolumiku::store::ChannelUpdate;
use autolumiku::tenants::StaffRole;
use serde_json::json;
use std::time::Duration;

/// A WhatsApp webhook body: one text from `wa_id`, sent now.
fn text_webhook(wa_id: &str, message_id: &str, text: &str) -> Vec<u8> {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "300100200300400", "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": "622150001234", "phone_number_id": PHONE_NUMBER_ID },
            "contacts": [{ "profile": { "name": "Pelanggan" }, "wa_id": wa_id }],
            "messages": [{ "from": wa_id, "id": message_id, "timestamp": utc_now().unix_timestamp().to_string(),
                "type": "text", "text": { "body": text } }]
        }}]}]
    })
    .to_string()
    .into_bytes()
}

/// Statements straight on the test's database, for checks the app has no query for.
pub(crate) enum RawDb {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl RawDb {
    pub(crate) async fn open(app: &TestApp) -> RawDb {
        match &app.admin_url {
            Some(url) => RawDb::Postgres(sqlx::PgPool::connect(url).await.unwrap()),
            None => RawDb::Sqlite(sqlx::SqlitePool::connect(&app.store_url_for_cli()).await.unwrap()),
        }
    }

    pub(crate) async fn text(&self, sql: &'static str) -> Vec<String> {
        match self {
            RawDb::Sqlite(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
            RawDb::Postgres(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
        }
    }

    pub(crate) async fn exec(&self, sql: &'static str) {
        match self {
            RawDb::Sqlite(p) => drop(sqlx::query(sql).execute(p).await.unwrap()),
            RawDb::Postgres(p) => drop(sqlx::query(sql).execute(p).await.unwrap()),
        }
    }
}

async fn count(wa: &Wa, sql: &'static str) -> i64 {
    wa.app.store.count_for_tests(wa.tenant, sql).await.unwrap()
}

async fn wait_until_sent(wa: &Wa, n: i64, within: Duration) {
    let started = std::time::Instant::now();
    while started.elapsed() < within {
        if count(wa, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("not every reply was sent within {within:?}");
}

/// Finding 1: our own send limit used to spend a reply's attempts (and fail it after eight).
#[tokio::test]
async fn a_burst_past_the_send_rate_is_paced_and_every_reply_goes_out_once() {
    let wa = whatsapp_app_with(&[("WHATSAPP_SENDS_PER_SECOND", "10")]).await;
    let started = std::time::Instant::now();
    for i in 0..40 {
        let body = text_webhook(
            &format!("62812000{i:05}"),
            &format!("wamid.burst{i}"),
            "halo, brio ada?",
        );
        assert_eq!(post_valid(&wa.app, &body).await, 200);
    }
    wait_until_sent(&wa, 40, Duration::from_secs(60)).await;
    let elapsed = started.elapsed();
    assert_eq!(wait_for_sends(&wa.graph, 40).await.len(), 40, "each reply once");
    assert_eq!(
        count(&wa, "SELECT COUNT(*) FROM outbox WHERE status <> 'sent'").await,
        0
    );
    assert!(
        elapsed >= Duration::from_secs(3),
        "40 at 10 a second take about 4 s, took {elapsed:?}"
    );
    let spent = wa
        .app
        .store
        .count_for_tests(
            wa.tenant,
            "SELECT COUNT(*) FROM jobs WHERE queue = 'send' AND attempts > 1",
        )
        .await
        .unwrap();
    assert_eq!(spent, 0, "pacing never spends a try");
}

/// Finding 2: a claim's lease ran out under a slow provider and a second worker sent the
/// same replies again.
#[tokio::test]
async fn two_workers_and_a_slow_provider_send_each_reply_once() {
    let wa = whatsapp_app_with(&[("WORKER_LEASE_SECS", "1")]).await;
    *wa.graph.delay.lock().unwrap() = Duration::from_millis(1500);
    let second = Workers::new(
        wa.app.state.clone(),
        WorkerConfig {
            lease: Duration::from_secs(1),
            ..WorkerConfig::default()
        },
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let other = tokio::spawn(second.run(async move {
        let _ = stopped.await;
    }));
    for i in 0..12 {
        let body = text_webhook(&format!("62813000{i:05}"), &format!("wamid.slow{i}"), "halo");
        assert_eq!(post_valid(&wa.app, &body).await, 200);
    }
    wait_until_sent(&wa, 12, Duration::from_secs(60)).await;
    // Long enough for a lost lease to show up as a second send.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let sent = wa.graph.sent.lock().unwrap().clone();
    let _ = stop.send(());
    other.await.unwrap();
    assert_eq!(sent.len(), 12, "{} sends for 12 replies", sent.len());
}

/// A worker whose lease was taken over cannot finish the job: its writes roll back.
#[tokio::test]
async fn a_job_finished_after_its_lease_was_taken_over_changes_nothing() {
    let app = spawn_app_with(&[("HTTP_ONLY", "true")]).await;
    let t = app.create_tenant("pagar-motor").await;
    accept(&app, t.id, "6281100000001", "m1", "halo").await;
    let now = utc_now();
    let first = app.store.claim_jobs("inbox", now, Duration::ZERO, 8).await.unwrap();
    let later = now + Duration::from_secs(1);
    let second = app
        .store
        .claim_jobs("inbox", later, Duration::from_secs(60), 8)
        .await
        .unwrap();
    assert_eq!((first.len(), second.len()), (1, 1), "the lapsed lease is claimed again");
    let lost = app
        .store
        .finish_inbox(t.id, first[0].ref_id, &first[0], &[], None, utc_now())
        .await;
    assert!(
        matches!(lost, Err(autolumiku::store::StoreError::LeaseLost)),
        "{lost:?}"
    );
    let processed = app
        .store
        .count_for_tests(t.id, "SELECT COUNT(*) FROM inbox WHERE processed_at IS NOT NULL")
        .await
        .unwrap();
    assert_eq!(processed, 0, "the first worker's result was rolled back");
    app.store
        .finish_inbox(t.id, second[0].ref_id, &second[0], &[], None, utc_now())
        .await
        .unwrap();
}

async fn accept(app: &TestApp, tenant: TenantId, chat: &str, id: &str, text: &str) {
    let message = InboundMessage {
        tenant_id: tenant,
        channel: Channel::Whatsapp,
        chat_id: chat.to_owned(),
        sender_id: chat.to_owned(),
        sender_name: None,
        kind: InboundKind::Text { text: text.to_owned() },
        provider_message_id: id.to_owned(),
        sent_at: utc_now(),
    };
    intake::accept(&app.store, &message).await.unwrap();
}

/// Finding 3: jobs were ordered per `{channel}:{chat}` across showrooms, so one showroom's
/// stuck job held up another's customer with the same number.
#[tokio::test]
async fn one_showrooms_stuck_chat_does_not_hold_up_anothers() {
    let app = spawn_app_with(&[("HTTP_ONLY", "true")]).await;
    let a = app.create_tenant("macet-motor").await;
    let b = app.create_tenant("lancar-motor").await;
    accept(&app, a.id, "6281100000009", "a1", "halo").await;
    // A's job is claimed by a worker that then hangs for an hour.
    let stuck = app
        .store
        .claim_jobs("inbox", utc_now(), Duration::from_secs(3600), 1)
        .await
        .unwrap();
    assert_eq!(stuck.len(), 1);
    accept(&app, b.id, "6281100000009", "b1", "halo").await;
    let workers = Workers::new(app.state.clone(), WorkerConfig::default());
    assert_eq!(workers.process_inbox_once().await.unwrap(), 1, "B's message is worked");
    let answered = app
        .store
        .count_for_tests(b.id, "SELECT COUNT(*) FROM inbox WHERE processed_at IS NOT NULL")
        .await
        .unwrap();
    assert_eq!(answered, 1);
}

/// Finding 3: an inbox job failing on a store error retried for ever.
#[tokio::test]
async fn a_message_that_keeps_failing_is_parked_as_a_dead_letter_and_can_be_sent_round_again() {
    let app = spawn_app_with(&[("HTTP_ONLY", "true")]).await;
    let t = app.create_tenant("rusak-motor").await;
    accept(&app, t.id, "6281100000011", "d1", "halo").await;
    let raw = RawDb::open(&app).await;
    raw.exec("UPDATE inbox SET message = 'not json'").await;
    let workers = Workers::new(
        app.state.clone(),
        WorkerConfig {
            inbox_attempts: 1,
            ..WorkerConfig::default()
        },
    );
    workers.process_inbox_once().await.unwrap();
    let (dead, total) = app.store.dead_letters(10).await.unwrap();
    assert_eq!((dead.len(), total), (1, 1));
    assert_eq!(dead[0].queue, "inbox");
    assert_eq!(dead[0].tenant.as_deref(), Some("rusak-motor"));
    assert_eq!(
        workers.process_inbox_once().await.unwrap(),
        0,
        "a dead letter is not claimed"
    );
    // The operator fixes the cause and sends it round again from the health page.
    raw.exec("UPDATE inbox SET message = '{\"type\":\"text\",\"text\":\"halo\"}'")
        .await;
    let admin = crate::panel::super_admin(&app, "root@platform.id").await;
    let mut v = crate::panel::full_session(&app, &mut crate::panel::Visitor::new(&app), admin).await;
    let page = v.get("/admin/health").await;
    assert!(
        page.body.contains(&format!("/admin/health/dead/{}/retry", dead[0].id)),
        "listed with its button"
    );
    let retried = v.post(&format!("/admin/health/dead/{}/retry", dead[0].id), &[]).await;
    assert_eq!(retried.status, 303, "{}", retried.body);
    assert_eq!(workers.process_inbox_once().await.unwrap(), 1);
    assert_eq!(app.store.dead_letters(10).await.unwrap().1, 0);
    let answered = app
        .store
        .count_for_tests(t.id, "SELECT COUNT(*) FROM inbox WHERE processed_at IS NOT NULL")
        .await
        .unwrap();
    assert_eq!(answered, 1);
}

async fn sender_role_of(wa: &Wa, message_id: &str) -> String {
    let raw = RawDb::open(&wa.app).await;
    let rows = raw
        .text("SELECT provider_message_id || ' ' || sender_role FROM inbox")
        .await;
    rows.iter()
        .find_map(|row| row.strip_prefix(message_id)?.strip_prefix(' ').map(str::to_owned))
        .unwrap_or_default()
}

/// Finding 4: `85251234567` (Hong Kong) was read as 0852-5123-4567 and changed a price.
#[tokio::test]
async fn a_foreign_number_that_looks_like_a_staff_number_is_a_customer() {
    let wa = whatsapp_app_with(&[]).await;
    crate::panel::member(
        &wa.app,
        wa.tenant,
        "budi@jaya.id",
        StaffRole::Owner,
        Some("0852-5123-4567"),
    )
    .await;
    let car = wa
        .app
        .store
        .count_for_tests(wa.tenant, "SELECT COUNT(*) FROM users WHERE phone = '6285251234567'")
        .await
        .unwrap();
    assert_eq!(car, 1, "the typed number is stored in E.164");
    assert_eq!(
        post_valid(&wa.app, &text_webhook("85251234567", "wamid.hk", "stok ada berapa")).await,
        200
    );
    assert_eq!(sender_role_of(&wa, "wamid.hk").await, "customer");
    assert_eq!(
        post_valid(&wa.app, &text_webhook("6285251234567", "wamid.id", "stok ada berapa")).await,
        200
    );
    assert_eq!(sender_role_of(&wa, "wamid.id").await, "staff");
}

/// Finding 5: disabling someone left their phone recognised as staff.
#[tokio::test]
async fn a_disabled_person_and_a_suspended_showrooms_people_are_customers() {
    let wa = whatsapp_app_with(&[]).await;
    let staff = crate::panel::member(
        &wa.app,
        wa.tenant,
        "sari@jaya.id",
        StaffRole::Staff,
        Some("0812-7777-0001"),
    )
    .await;
    let store = &wa.app.store;
    assert!(
        store
            .staff_by_phone(wa.tenant, "6281277770001")
            .await
            .unwrap()
            .is_some()
    );
    store
        .set_member_disabled(wa.tenant, staff, Some(utc_now()))
        .await
        .unwrap();
    assert_eq!(
        post_valid(&wa.app, &text_webhook("6281277770001", "wamid.off", "stok")).await,
        200
    );
    assert_eq!(sender_role_of(&wa, "wamid.off").await, "customer");
    assert!(
        store.staff_contacts(wa.tenant).await.unwrap().is_empty(),
        "no notices to them"
    );
    assert!(!store.set_telegram_link(wa.tenant, "6281277770001", "h").await.unwrap());
    // Enabled again by the showroom, but disabled by the platform: still nobody's staff.
    store.set_member_disabled(wa.tenant, staff, None).await.unwrap();
    store.set_account_disabled(staff, Some(utc_now())).await.unwrap();
    assert!(
        store
            .staff_by_phone(wa.tenant, "6281277770001")
            .await
            .unwrap()
            .is_none()
    );
    store.set_account_disabled(staff, None).await.unwrap();
    assert!(
        store
            .staff_by_phone(wa.tenant, "6281277770001")
            .await
            .unwrap()
            .is_some()
    );
    store.set_tenant_suspended(wa.tenant, Some(utc_now())).await.unwrap();
    assert!(
        store
            .staff_by_phone(wa.tenant, "6281277770001")
            .await
            .unwrap()
            .is_none()
    );
    let member = store
        .staff_member(wa.tenant, Channel::Whatsapp, "6281277770001")
        .await
        .unwrap();
    assert!(member.is_none());
}

/// Finding 9: tokens and TOTP secrets were stored in plain text.
#[tokio::test]
async fn channel_tokens_are_sealed_at_rest_and_plain_ones_from_before_are_sealed_at_start() {
    let app = spawn_app().await;
    let t = app.create_tenant("rahasia-motor").await;
    let update = ChannelUpdate {
        whatsapp_phone_number_id: Some("555000111".into()),
        whatsapp_access_token: Some("EAAG-very-secret".into()),
        telegram_bot_id: Some("777".into()),
        telegram_bot_token: Some("777:bot-secret".into()),
        telegram_secret_token: Some("hook-secret".into()),
    };
    app.store.update_channels(t.id, &update, utc_now()).await.unwrap();
    let raw = RawDb::open(&app).await;
    let stored = raw
        .text("SELECT whatsapp_access_token || telegram_bot_token || telegram_secret_token FROM tenant_channels")
        .await
        .concat();
    for secret in ["EAAG-very-secret", "bot-secret", "hook-secret"] {
        assert!(!stored.contains(secret), "{secret} stored in plain text");
    }
    assert!(stored.starts_with("enc1:"));
    let account = app.store.whatsapp_account(t.id).await.unwrap().unwrap();
    use secrecy::ExposeSecret;
    assert_eq!(account.access_token.expose_secret(), "EAAG-very-secret");
    // A token stored in plain text before sealing existed is sealed by the next start.
    raw.exec("UPDATE tenant_channels SET whatsapp_access_token = 'EAAG-from-before'")
        .await;
    let resealed = app.store.reseal_secrets(false).await.unwrap();
    assert_eq!(resealed.secrets, 1);
    let stored = raw
        .text("SELECT whatsapp_access_token FROM tenant_channels")
        .await
        .concat();
    assert!(stored.starts_with("enc1:") && !stored.contains("EAAG"));
    let account = app.store.whatsapp_account(t.id).await.unwrap().unwrap();
    assert_eq!(account.access_token.expose_secret(), "EAAG-from-before");
    assert_eq!(
        app.store.reseal_secrets(false).await.unwrap().secrets,
        0,
        "nothing left to seal"
    );
}

async fn login_from(app: &TestApp, address: &str, email: &str, password: &str) -> u16 {
    reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", address)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn audit_entries(app: &TestApp, text: &str) -> usize {
    let query = autolumiku::store::AuditQuery {
        text: text.into(),
        tenant_slug: String::new(),
        limit: 100,
    };
    app.store.search_audit(&query).await.unwrap().len()
}

/// Finding 6a: a 200 KB email wrote an audit row and a counter keyed by the raw text each try.
#[tokio::test]
async fn a_huge_email_is_refused_before_anything_is_stored() {
    let app = spawn_app().await;
    let email = format!("{}@x.id", "a".repeat(200_000));
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": "apa-saja-boleh" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        crate::helpers::error_code(response).await,
        (422, "field_too_long".into())
    );
    assert_eq!(audit_entries(&app, "aaaa").await, 0, "nothing written");
    // Wrong passwords for a real account: one audit entry for the window, not one each.
    let tenant = app.create_tenant("catat-motor").await;
    crate::panel::member(&app, tenant.id, "andi@catat.id", StaffRole::Staff, None).await;
    for _ in 0..4 {
        assert_eq!(
            login_from(&app, "192.0.2.1", "andi@catat.id", "salah-sekali-kata").await,
            401
        );
    }
    assert_eq!(audit_entries(&app, "auth.login.refused").await, 1);
    for _ in 0..3 {
        assert_eq!(
            login_from(&app, "192.0.2.1", "nobody@catat.id", "salah-sekali-kata").await,
            401
        );
    }
    assert_eq!(
        audit_entries(&app, "nobody@catat.id").await,
        0,
        "an unknown email writes nothing"
    );
}

/// Finding 6b: five wrong passwords from anywhere locked the owner out for 15 minutes.
#[tokio::test]
async fn a_stranger_guessing_elsewhere_does_not_lock_the_owner_out_but_guesses_stay_bounded() {
    let app = spawn_app_with(&[("TRUSTED_PROXIES", "127.0.0.1")]).await;
    let tenant = app.create_tenant("aman-motor").await;
    crate::panel::member(&app, tenant.id, "owner@aman.id", StaffRole::Staff, None).await;
    let pw = crate::panel::PASSWORD;
    assert_eq!(
        login_from(&app, "203.0.113.5", "owner@aman.id", pw).await,
        200,
        "the office"
    );
    for _ in 0..5 {
        assert_eq!(
            login_from(&app, "198.51.100.7", "owner@aman.id", "tebakan-salah").await,
            401
        );
    }
    assert_eq!(
        login_from(&app, "198.51.100.7", "owner@aman.id", pw).await,
        429,
        "that address waits"
    );
    assert_eq!(
        login_from(&app, "203.0.113.5", "owner@aman.id", pw).await,
        200,
        "the owner gets in"
    );
    // Guesses from many addresses at once: a few dozen an hour at most, then only the
    // person's own addresses get through.
    let shared = &app;
    let guesses = (0..45).map(|i| {
        let (address, guess) = (
            format!("198.51.{}.{}", 101 + i / 200, 1 + i % 200),
            format!("tebakan-{i}"),
        );
        async move { login_from(shared, &address, "owner@aman.id", &guess).await }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert!(checked <= 30, "{checked} guesses checked in the hour");
    assert!(statuses.iter().all(|s| *s == 401 || *s == 429), "{statuses:?}");
    assert_eq!(
        login_from(&app, "198.51.200.1", "owner@aman.id", pw).await,
        429,
        "a new address waits"
    );
    assert_eq!(
        login_from(&app, "203.0.113.5", "owner@aman.id", pw).await,
        200,
        "the office still gets in"
    );
}

/// Finding 7: a staff session could read, answer and take over the owner's own chat.
#[tokio::test]
async fn an_owners_chat_with_the_assistant_is_theirs_alone() {
    let app = spawn_app_with(&[("HTTP_ONLY", "true")]).await;
    let t = app.create_tenant("pribadi-motor").await;
    let owner = crate::panel::member(&app, t.id, "owner@pribadi.id", StaffRole::Owner, Some("0811-0000-0001")).await;
    let admin = crate::panel::member(&app, t.id, "admin@pribadi.id", StaffRole::Admin, None).await;
    let staff = crate::panel::member(&app, t.id, "staff@pribadi.id", StaffRole::Staff, None).await;
    crate::panel::customer_writes(&app, t.id, "6281100000001", "laporan bulan ini").await;
    crate::panel::customer_writes(&app, t.id, "6289900000002", "ada avanza?").await;
    let owner_chat = "/dashboard/conversations/whatsapp/6281100000001";
    let customer_chat = "/dashboard/conversations/whatsapp/6289900000002";
    let mut base = crate::panel::Visitor::new(&app);
    for (who, sees) in [(owner, true), (admin, false), (staff, false)] {
        let mut v = crate::panel::full_session(&app, &mut base, who).await;
        let list = v.get("/dashboard/conversations").await;
        assert_eq!(list.body.contains(owner_chat), sees, "listed for {who}");
        assert!(list.body.contains(customer_chat));
        assert_eq!(v.get(owner_chat).await.status == 200, sees);
        assert_eq!(v.get(customer_chat).await.status, 200);
        if !sees {
            assert_eq!(v.get(&format!("{owner_chat}/feed")).await.status, 404);
            assert_eq!(v.post(&format!("{owner_chat}/takeover"), &[]).await.status, 404);
            assert_eq!(
                v.post(&format!("{owner_chat}/reply"), &[("text", "halo")]).await.status,
                404
            );
        }
    }
    let mut v = crate::panel::full_session(&app, &mut base, staff).await;
    let other_try = format!("/dashboard/conversations/web/panel-{}", owner.simple());
    assert_eq!(
        v.get(&other_try).await.status,
        404,
        "another member's try-the-assistant chat"
    );
}

/// Finding 8: changes through the JSON API with a panel session were audited as `api`.
#[tokio::test]
async fn a_change_through_the_api_with_a_session_is_audited_as_the_person() {
    let app = spawn_app().await;
    let t = app.create_tenant("siapa-motor").await;
    crate::panel::member(&app, t.id, "andi@siapa.id", StaffRole::Staff, None).await;
    let client = reqwest::Client::new();
    let ok = client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": "andi@siapa.id", "password": crate::panel::PASSWORD }))
        .send()
        .await
        .unwrap();
    let cookie = ok.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let body: serde_json::Value = ok.json().await.unwrap();
    let csrf = body["data"]["csrf_token"].as_str().unwrap().to_owned();
    let made = client
        .post(app.url("/api/v1/vehicles"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .json(&crate::helpers::avanza())
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 201);
    let query = autolumiku::store::AuditQuery {
        text: "vehicle.create".into(),
        tenant_slug: String::new(),
        limit: 10,
    };
    let entries = app.store.search_audit(&query).await.unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].actor, "panel:andi@siapa.id");
}

/// Finding 8: a media download without Content-Length was read whole, however large.
#[tokio::test]
async fn a_download_without_a_length_is_cut_off_at_the_cap() {
    use axum::body::Body;
    let big = || async {
        Body::from_stream(tokio_stream::iter(
            (0..64).map(|_| Ok::<_, std::io::Error>(vec![7u8; 1024])),
        ))
    };
    let app = axum::Router::new().route("/big", axum::routing::get(big));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/big", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let response = reqwest::get(&url).await.unwrap();
    assert!(response.content_length().is_none(), "chunked, no length given");
    let read = autolumiku::channels::whatsapp::client::read_capped(response, 10_000).await;
    assert!(
        matches!(read, Err(autolumiku::jobs::SendError::Permanent(_))),
        "{read:?}"
    );
    let response = reqwest::get(&url).await.unwrap();
    let read = autolumiku::channels::whatsapp::client::read_capped(response, 100_000).await;
    assert_eq!(read.map(|b| b.len()), Ok(64 * 1024));
}

/// Finding 9: TOTP secrets in plain text and recovery codes as unsalted SHA-256.
#[tokio::test]
async fn second_factor_secrets_are_sealed_and_recovery_codes_kept_as_hmacs() {
    let app = spawn_app().await;
    let t = app.create_tenant("totp-motor").await;
    crate::panel::member(&app, t.id, "owner@totp.id", StaffRole::Owner, None).await;
    let mut v = crate::panel::Visitor::new(&app);
    crate::panel::sign_in(&mut v, "/login", "owner@totp.id", crate::panel::PASSWORD).await;
    let (secret, codes) = crate::panel::enroll(&mut v).await;
    let raw = RawDb::open(&app).await;
    let stored = raw
        .text("SELECT totp_secret FROM accounts WHERE email = 'owner@totp.id'")
        .await
        .concat();
    assert!(stored.starts_with("enc1:") && !stored.contains(&secret), "{stored}");
    let listed = raw
        .text("SELECT recovery_codes FROM accounts WHERE email = 'owner@totp.id'")
        .await
        .concat();
    let list: Vec<String> = serde_json::from_str(&listed).unwrap();
    assert!(list.iter().all(|c| c.starts_with("hmac1:")), "{list:?}");
    for code in &codes {
        assert!(!listed.contains(code.as_str()));
    }
}
