//! Whole conversations through the real pipeline (inbox → assistant → outbox) on whichever
//! database the suite runs against, asserting the replies and what the database holds after.
//! Transcripts are golden files (`snapshots/`): a wording change shows up in review.

use crate::helpers::{TestApp, avanza, spawn_app, with};
use autolumiku::channels::domain::MediaRef;
use autolumiku::channels::{Channel, InboundKind, InboundMessage, OutboundMessage, intake};
use autolumiku::domain::TenantId;
use autolumiku::jobs::{WorkerConfig, Workers};
use autolumiku::store::ChannelUpdate;
use autolumiku::tenants::StaffRole;
use serde_json::json;
use std::time::Duration;
use time::OffsetDateTime;
use time::macros::datetime;
use tokio::sync::mpsc::UnboundedReceiver;

/// Friday 27 November 2026, 10:00 in Jakarta: every conversation starts here, so greetings
/// and "besok" read the same in every run.
const START: OffsetDateTime = datetime!(2026-11-27 03:00 UTC);
const OWNER_PHONE: &str = "6281234567890";
const CUSTOMER_PHONE: &str = "6289876543210";

/// One side of a web chat: sends lines, collects the bot's replies into a transcript.
pub(crate) struct Chat {
    state: autolumiku::AppState,
    tenant: TenantId,
    chat_id: String,
    replies: UnboundedReceiver<OutboundMessage>,
    at: OffsetDateTime,
    transcript: String,
    sent: usize,
}

impl Chat {
    pub(crate) fn open(app: &TestApp, tenant: TenantId, chat_id: &str) -> Chat {
        Chat::on(app.state.clone(), tenant, chat_id)
    }

    fn on(state: autolumiku::AppState, tenant: TenantId, chat_id: &str) -> Chat {
        let replies = state.web_chats.open(chat_id);
        Chat {
            state,
            tenant,
            chat_id: chat_id.to_owned(),
            replies,
            at: START,
            transcript: String::new(),
            sent: 0,
        }
    }

    async fn send(&mut self, kind: InboundKind, shown: &str) -> Vec<String> {
        self.sent += 1;
        self.at += time::Duration::minutes(1);
        let msg = InboundMessage {
            tenant_id: self.tenant,
            channel: Channel::Web,
            chat_id: self.chat_id.clone(),
            sender_id: self.chat_id.clone(),
            sender_name: None,
            kind,
            provider_message_id: format!("{}-{}", self.chat_id, self.sent),
            sent_at: self.at,
        };
        intake::accept(&self.state.store, &msg).await.expect("intake");
        self.drain().await;
        let mut got = Vec::new();
        while let Ok(reply) = self.replies.try_recv() {
            got.push(render(&reply, self.tenant));
        }
        self.transcript.push_str(&format!("> {shown}\n"));
        for reply in &got {
            self.transcript
                .push_str(&format!("< {}\n", reply.replace('\n', "\n  ")));
        }
        got
    }

    pub(crate) async fn say(&mut self, text: &str) -> Vec<String> {
        self.send(InboundKind::Text { text: text.to_owned() }, text).await
    }

    /// Sends a photo already in the media store (as the channels leave it after download).
    async fn photo(&mut self, key: &str, caption: Option<&str>) -> Vec<String> {
        let kind = InboundKind::Photos {
            photos: vec![MediaRef {
                id: format!("media-{key}"),
                mime: Some("image/jpeg".into()),
                stored: Some(key.to_owned()),
                refused: None,
            }],
            caption: caption.map(str::to_owned),
        };
        let shown = format!("[photo] {}", caption.unwrap_or_default());
        self.send(kind, shown.trim_end()).await
    }

    /// Sends a photo file as the terminal chat does: the worker fetches it from the path.
    async fn photo_file(&mut self, path: &std::path::Path) -> Vec<String> {
        let kind = InboundKind::Photos {
            photos: vec![MediaRef {
                id: path.display().to_string(),
                mime: None,
                stored: None,
                refused: None,
            }],
            caption: None,
        };
        self.send(kind, "[photo file]").await
    }

    async fn drain(&self) {
        let workers = Workers::new(
            self.state.clone(),
            WorkerConfig {
                idle: Duration::from_millis(10),
                ..WorkerConfig::default()
            },
        );
        let queue = format!("web:{}", self.chat_id);
        for _ in 0..500 {
            workers.process_inbox_once().await.expect("inbox");
            workers.send_outbox_once(&queue).await.expect("outbox");
            let open = self
                .state
                .store
                .open_jobs_for_chat(self.tenant, Channel::Web, &self.chat_id);
            if open.await.expect("jobs") == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the chat did not drain");
    }
}

/// A reply as text, with the run's tenant id (inside photo URLs) replaced by a placeholder.
fn render(reply: &OutboundMessage, tenant: TenantId) -> String {
    let text = match reply {
        OutboundMessage::Text { text } => text.clone(),
        OutboundMessage::Photo { url, caption } => format!("[photo {url}] {}", caption.as_deref().unwrap_or_default()),
        other => format!("{other:?}"),
    };
    redact_hashes(&text.replace(&tenant.to_string(), "{tenant}"))
}

/// Photo names are content hashes: shown as `{hash}` so a transcript does not depend on the
/// encoder's bytes.
fn redact_hashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("/media/{tenant}/") {
        let (head, tail) = rest.split_at(at + "/media/{tenant}/".len());
        out.push_str(head);
        let hex = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
        out.push_str(if hex == 64 { "{hash}" } else { "" });
        rest = &tail[if hex == 64 { 64 } else { 0 }..];
    }
    out.push_str(rest);
    out
}

async fn count(app: &TestApp, tenant: TenantId, sql: &'static str) -> i64 {
    app.store.count_for_tests(tenant, sql).await.expect("count")
}

/// A showroom with an owner's phone, a profile and two Avanzas.
async fn showroom(app: &TestApp) -> TenantId {
    let t = app.create_tenant("maju-motor").await;
    app.store
        .add_staff(t.id, "Budi", StaffRole::Owner, Some(OWNER_PHONE), START)
        .await
        .expect("owner");
    let profile = json!({
        "address": "Jl. Fatmawati 10, Jakarta Selatan",
        "phone": "021-7650000",
        "hours": {"open": "08:00", "close": "17:00", "days": [1, 2, 3, 4, 5, 6]}
    });
    app.store
        .set_tenant_profile(t.id, &profile.to_string())
        .await
        .expect("profile");
    app.create_vehicle(&t, &avanza()).await;
    let veloz = with(
        avanza(),
        json!({"variant": "1.5 Veloz", "year": 2021, "price": 215_000_000, "plate": "B 2871 TYU",
               "transmission": "automatic", "color": "hitam", "mileage_km": 32_000}),
    );
    app.create_vehicle(&t, &veloz).await;
    t.id
}

/// Gives the showroom a WhatsApp number, so staff are notified there.
async fn with_whatsapp(app: &TestApp, tenant: TenantId) {
    let update = ChannelUpdate {
        whatsapp_phone_number_id: Some(format!("pn-{tenant}")),
        whatsapp_access_token: Some("token".into()),
        ..ChannelUpdate::default()
    };
    app.store
        .update_channels(tenant, &update, START)
        .await
        .expect("whatsapp");
}

/// Puts a generated photo in the media store and returns its key.
async fn stored_photo(app: &TestApp, tenant: TenantId, seed: u8) -> String {
    autolumiku::media::http::intake(&app.state, tenant, &crate::helpers::jpeg(seed))
        .await
        .expect("photo stored")
        .key
}

#[tokio::test]
async fn staff_list_a_car_with_photos_before_or_after_the_text() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    let first = stored_photo(&app, t, 1).await;
    let second = stored_photo(&app, t, 2).await;
    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    owner.photo(&first, None).await;
    owner.photo(&second, None).await;
    owner.say("Brio 2020 120jt hitam matic km 30rb").await;
    owner.say("km nya 35rb").await;
    let published = owner.say("ya").await;
    assert!(published[0].contains("BRI-0001"), "{published:?}");

    // Text first, then the photo with nothing else to say: the preview updates.
    owner.say("xpander ultimate 2021 235jt putih").await;
    owner.photo(&stored_photo(&app, t, 3).await, None).await;
    owner.say("gas").await;
    insta::assert_snapshot!("staff_listing", owner.transcript);

    let cars = app.state.inventory.find(t, "BRI-0001").await.expect("listed");
    assert_eq!(
        (cars.make.as_str(), cars.year, cars.price.amount()),
        ("Honda", 2020, 120_000_000)
    );
    assert_eq!(cars.mileage_km, Some(35_000));
    let photos = app.state.inventory.photos(t, &cars).await.expect("photos");
    assert_eq!(photos, [first, second], "in the order sent");
    assert_eq!(count(&app, t, "SELECT COUNT(*) FROM vehicles").await, 4);
    assert_eq!(count(&app, t, "SELECT COUNT(*) FROM vehicle_photos").await, 3);
}

#[tokio::test]
async fn an_interrupted_listing_survives_a_question_and_a_restart() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    let asked = owner.say("pasang avanza 2018").await;
    assert!(asked[0].contains("Harganya berapa"), "{asked:?}");
    let stock = owner.say("stok avanza ada brp?").await;
    assert!(
        stock[0].contains("2 mobil") && stock[0].contains("masih menunggu"),
        "{stock:?}"
    );

    // A new process on the same database picks the flow up from the stored state.
    let restarted = autolumiku::AppState::connect((*app.state.settings).clone())
        .await
        .expect("second process");
    let mut again = Chat::on(restarted, t, OWNER_PHONE);
    again.at = owner.at;
    again.sent = owner.sent;
    let preview = again.say("140jt").await;
    assert!(preview[0].contains("Rp 140 jt"), "{preview:?}");
    let done = again.say("ok").await;
    assert!(done[0].contains("AVZ-0003"), "{done:?}");
    assert_eq!(
        count(&app, t, "SELECT COUNT(*) FROM vehicles WHERE price = 140000000").await,
        1
    );
}

#[tokio::test]
async fn a_listing_survives_a_change_to_another_car_and_its_numbered_question() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    owner.say("Brio 2020 120jt hitam matic").await;
    let choose = owner.say("harga avanza jadi 145jt").await;
    assert!(choose[0].contains("Balas dengan nomornya"), "{choose:?}");
    let changed = owner.say("no. 2").await;
    assert!(
        changed[0].contains("Rp 145 jt") && changed[0].contains("masih menunggu"),
        "{changed:?}"
    );
    let next = owner.say("jual xpander 2021").await;
    assert!(next[0].contains("masih terbuka"), "one listing at a time: {next:?}");
    let published = owner.say("ya").await;
    assert!(
        published[0].contains("BRI-0001") && published[0].contains("Rp 120 jt"),
        "{published:?}"
    );
    assert_eq!(
        count(
            &app,
            t,
            "SELECT COUNT(*) FROM vehicles WHERE model = 'Avanza' AND price = 145000000"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_listing_left_for_a_day_expires_with_a_note() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    owner.say("jual brio 2019").await;
    owner.at += time::Duration::hours(25);
    let later = owner.say("ya").await;
    assert!(later[0].contains("lewat 24 jam"), "{later:?}");
    assert_eq!(count(&app, t, "SELECT COUNT(*) FROM vehicles").await, 2);
}

#[tokio::test]
async fn a_price_change_asks_which_car_and_writes_history() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    owner.say("harga avanza jadi 145jt").await;
    owner.say("2").await;
    owner.say("AVZ-0002 harganya turunin jadi 199jt").await;
    owner.say("AVZ-0001 udah dibooking").await;
    owner.say("AVZ-0001 laku").await;
    owner.say("AVZ-0001 ready lagi").await;
    owner.say("AVZ-0002 km nya 35rb").await;
    insta::assert_snapshot!("staff_changes", owner.transcript);

    // Every change made over chat is in the audit log: who (the staff member), from the chat.
    let query = autolumiku::store::AuditQuery {
        text: "AVZ-0001".into(),
        tenant_slug: "maju-motor".into(),
        limit: 50,
    };
    let entries = app.store.search_audit(&query).await.expect("audit");
    let updates: Vec<_> = entries.iter().filter(|e| e.action == "vehicle.update").collect();
    assert!(updates.len() >= 4, "{entries:?}");
    assert!(
        updates
            .iter()
            .all(|e| e.actor.starts_with("staff:") && e.ip.as_deref() == Some("chat"))
    );
    assert!(
        updates
            .iter()
            .any(|e| e.after.as_deref().is_some_and(|a| a.contains("\"sold\"")))
    );

    let v1 = app.state.inventory.find(t, "AVZ-0001").await.expect("car");
    let v2 = app.state.inventory.find(t, "AVZ-0002").await.expect("car");
    // The list is newest first: "2" was the older 1.3 G (AVZ-0001).
    assert_eq!(v1.price.amount(), 145_000_000);
    assert_eq!(v2.price.amount(), 199_000_000);
    assert_eq!(v1.status.as_str(), "available");
    assert_eq!(v2.mileage_km, Some(35_000));
    let history = app.state.inventory.history(t, "AVZ-0001").await.expect("history");
    let fields: Vec<&str> = history.iter().map(|h| h.field.as_str()).collect();
    assert_eq!(fields, ["status", "price", "status", "status", "status"]);
}

#[tokio::test]
async fn deleting_needs_an_owner_or_admin_and_a_yes() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    app.store
        .add_staff(t, "Andi", StaffRole::Staff, Some("6281111111111"), START)
        .await
        .expect("staff");
    let mut staff = Chat::open(&app, t, "6281111111111");
    let refused = staff.say("hapus AVZ-0001").await;
    assert!(refused[0].contains("hanya owner atau admin"), "{refused:?}");
    let report = staff.say("laporan bulan ini").await;
    assert!(!report[0].contains("Omzet"), "staff see no revenue: {report:?}");

    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    let ask = owner.say("hapus AVZ-0001").await;
    assert!(ask[0].contains("Yakin hapus"), "{ask:?}");
    owner.say("ya").await;
    assert_eq!(
        count(&app, t, "SELECT COUNT(*) FROM vehicles WHERE status = 'deleted'").await,
        1
    );
}

#[tokio::test]
async fn a_customer_finds_a_car_simulates_credit_and_books_a_test_drive() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    with_whatsapp(&app, t).await;
    let mut customer = Chat::open(&app, t, CUSTOMER_PHONE);
    customer.say("halo").await;
    customer.say("ada mobil di bawah 200jt?").await;
    customer.say("nama saya rina").await;
    customer.say("kredit dp 20% 3 tahun").await;
    customer.say("lokasinya dimana?").await;
    customer.say("mau test drive minggu jam 10").await;
    customer.say("senin jam 9 pagi").await;
    customer.say("avanza udah laku").await;
    customer.say("asdfgh").await;
    customer.say("qwerty").await;
    insta::assert_snapshot!("customer_journey", customer.transcript);

    assert_eq!(count(&app, t, "SELECT COUNT(*) FROM test_drives").await, 1);
    assert_eq!(
        count(
            &app,
            t,
            "SELECT COUNT(*) FROM leads WHERE customer_name = 'Rina' AND status = 'new'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            t,
            "SELECT COUNT(*) FROM leads WHERE vehicles LIKE '%AVZ-0001%' AND budget = 200000000"
        )
        .await,
        1
    );
    // The owner was told on WhatsApp.
    assert_eq!(
        count(
            &app,
            t,
            "SELECT COUNT(*) FROM outbox WHERE channel = 'whatsapp' AND message LIKE '%Test drive baru%'"
        )
        .await,
        1
    );
    // Staff words from a customer change nothing.
    assert_eq!(
        count(&app, t, "SELECT COUNT(*) FROM vehicles WHERE status = 'available'").await,
        2
    );
}

#[tokio::test]
async fn photos_are_added_to_a_listed_car_later() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    let ask = owner.say("tambah foto AVZ-0001").await;
    assert!(ask[0].contains("Silakan kirim foto"), "{ask:?}");
    let added = owner.photo(&stored_photo(&app, t, 7).await, None).await;
    assert!(added[0].contains("1 foto ditambahkan ke AVZ-0001"), "{added:?}");
    let direct = owner
        .photo(&stored_photo(&app, t, 8).await, Some("tambah foto AVZ-0002"))
        .await;
    assert!(direct[0].contains("AVZ-0002"), "{direct:?}");
    let rest_of_album = owner.photo(&stored_photo(&app, t, 9).await, None).await;
    assert!(rest_of_album.is_empty(), "{rest_of_album:?}");
    assert_eq!(count(&app, t, "SELECT COUNT(*) FROM vehicle_photos").await, 3);
    assert_eq!(
        count(&app, t, "SELECT COUNT(*) FROM vehicles").await,
        2,
        "no new listing"
    );

    let mut customer = Chat::open(&app, t, CUSTOMER_PHONE);
    let photos = customer.say("minta foto AVZ-0001").await;
    assert!(
        photos[0].starts_with("[photo http://127.0.0.1:0/media/{tenant}/"),
        "{photos:?}"
    );
}

#[tokio::test]
async fn weak_and_refused_photos_get_a_friendly_line_and_the_colour_is_offered() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let dark = dir.path().join("gelap.jpg");
    let image = image::RgbImage::from_fn(900, 600, |x, y| {
        let v = 8 + ((x / 16 + y / 16) % 2 * 20) as u8;
        image::Rgb([v, v, v + 4])
    });
    image.save(&dark).expect("dark photo");
    let heic = dir.path().join("iphone.heic");
    std::fs::write(&heic, b"\0\0\0\x18ftypheic\0\0\0\0").expect("heic");
    let red_car = dir.path().join("merah.jpg");
    image::RgbImage::from_fn(900, 600, |x, y| {
        let body = (150..750).contains(&x) && (180..450).contains(&y);
        let detail = ((x * 7 + y * 13) % 23) as u8;
        if body {
            image::Rgb([190 + detail, 20, 25])
        } else {
            image::Rgb([200 - detail, 200, 195])
        }
    })
    .save(&red_car)
    .expect("red car");

    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    let refused = owner.photo_file(&heic).await;
    assert!(refused[0].contains("HEIC"), "{refused:?}");
    let weak = owner.photo_file(&dark).await;
    assert!(weak.iter().any(|r| r.contains("Foto ke-1 agak gelap")), "{weak:?}");
    owner.photo_file(&red_car).await;
    let preview = owner.say("jazz 2015 135jt").await;
    assert!(preview[0].contains("warna merah?"), "{preview:?}");
    owner.say("ya").await;
    let jazz = app.state.inventory.find(t, "JAZ-0001").await.expect("listed");
    assert_eq!(jazz.color.map(|c| c.as_str()), Some("merah"));
    assert_eq!(app.state.inventory.photos(t, &jazz).await.expect("photos").len(), 2);
}

#[tokio::test]
async fn an_album_of_twenty_five_photos_keeps_twenty_and_says_so_once() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    let mut spoken = 0;
    for i in 0..25 {
        let key = stored_photo(&app, t, 100 + i).await;
        spoken += owner.photo(&key, None).await.len();
    }
    assert_eq!(spoken, 2, "the first photo is answered, and the limit is said once");
    let preview = owner.say("innova 2018 250jt").await;
    assert!(preview[0].contains("📷 20 foto"), "{preview:?}");
}

#[tokio::test]
async fn a_hand_off_silences_the_bot_until_staff_hand_it_back() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    with_whatsapp(&app, t).await;
    let mut customer = Chat::open(&app, t, CUSTOMER_PHONE);
    customer.say("AVZ-0002").await;
    customer.say("bisa nego harganya?").await;
    let quiet = customer.say("halo? masih ada orang?").await;
    assert!(quiet.is_empty(), "a person has the chat: {quiet:?}");

    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    let back = owner.say(&format!("bot aktif {CUSTOMER_PHONE}")).await;
    assert!(back[0].contains("dikembalikan"), "{back:?}");
    let answered = customer.say("halo").await;
    assert!(answered[0].contains("Selamat pagi"), "{answered:?}");
    assert_eq!(
        count(
            &app,
            t,
            "SELECT COUNT(*) FROM outbox WHERE channel = 'whatsapp' AND chat_id = '6281234567890' \
             AND message LIKE '%nego harga%' AND message LIKE '%6289876543210%'"
        )
        .await,
        1,
        "the owner was told who asked what"
    );
    insta::assert_snapshot!("hand_off", customer.transcript);
}

#[tokio::test]
async fn a_hand_off_ends_by_itself_after_a_day() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    let mut customer = Chat::open(&app, t, CUSTOMER_PHONE);
    customer.say("mau ngobrol sama sales").await;
    assert!(customer.say("halo").await.is_empty());
    customer.at += time::Duration::hours(25);
    assert!(!customer.say("halo").await.is_empty());
}

#[tokio::test]
async fn staff_may_ask_what_customers_ask() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    let credit = owner.say("simulasi kredit AVZ-0002 dp 50jt 4 tahun").await;
    assert!(
        credit[0].contains("4 tahun") && credit[0].contains("perkiraan"),
        "{credit:?}"
    );
    let card = owner.say("AVZ-0001").await;
    assert!(card[0].contains("B 1234 KJH"), "staff see the plate: {card:?}");
    let caption = owner.say("bikin caption AVZ-0002 formal").await;
    assert!(
        caption[0].contains("Dijual") && caption[0].contains("Rp 215.000.000"),
        "{caption:?}"
    );
    assert_eq!(
        count(&app, t, "SELECT COUNT(*) FROM leads").await,
        0,
        "staff are not leads"
    );
}

#[tokio::test]
async fn a_customer_never_sees_another_showrooms_car() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    let other = app.create_tenant("lain-motor").await;
    app.create_vehicle(
        &other,
        &with(avanza(), json!({"model": "Fortuner", "plate": "B 9 FOR"})),
    )
    .await;
    let mut customer = Chat::open(&app, t, CUSTOMER_PHONE);
    let replies = customer.say("ada fortuner?").await;
    assert!(!replies.concat().contains("Fortuner"), "{replies:?}");
    let replies = customer.say("FOR-0001").await;
    assert!(replies[0].contains("tidak ada di stok"), "{replies:?}");
}

/// An OpenAI-compatible server that reads images: it sees an Avanza in any photo, and checks
/// that it was sent one. Text questions get nothing useful (the rules stand).
async fn fake_vision() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use axum::routing::post;
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = seen.clone();
    let app = axum::Router::new().route(
        "/v1/chat/completions",
        post(move |axum::Json(body): axum::Json<serde_json::Value>| {
            let counter = counter.clone();
            async move {
                let with_image = body.to_string().contains("data:image/jpeg;base64,");
                let content = if with_image {
                    counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    r#"{"model": "Toyota Avanza", "body_type": "MPV", "color": "putih"}"#
                } else {
                    "{}"
                };
                axum::Json(json!({
                    "id": "x", "object": "chat.completion", "created": 0, "model": "fake",
                    "choices": [{ "index": 0, "finish_reason": "stop",
                                  "message": { "role": "assistant", "content": content } }]
                }))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}/v1", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, seen)
}

#[tokio::test]
async fn a_vision_model_suggests_the_car_and_staff_confirm_it() {
    let (base, seen) = fake_vision().await;
    let app = crate::helpers::spawn_app_with(&[("LLM_BASE_URL", &base), ("LLM_VISION_MODEL", "fake-vision")]).await;
    let t = showroom(&app).await;
    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    let asked = owner.photo(&stored_photo(&app, t, 42).await, None).await;
    assert!(
        asked[0].contains("sepertinya *Toyota Avanza* (MPV, putih)"),
        "{asked:?}"
    );
    assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 1);
    let year = owner.say("ya").await;
    assert!(
        year[0].contains("Tahun berapa"),
        "a suggestion taken, nothing published: {year:?}"
    );
    assert_eq!(count(&app, t, "SELECT COUNT(*) FROM vehicles").await, 2);
    owner.say("2018").await;
    owner.say("140jt").await;
    let published = owner.say("ya").await;
    assert!(published[0].contains("AVZ-0003"), "{published:?}");
    let car = app.state.inventory.find(t, "AVZ-0003").await.expect("listed");
    assert_eq!(car.color.map(|c| c.as_str()), Some("putih"));
}

#[tokio::test]
async fn ten_phone_photos_become_a_listing_with_small_thumbnails_on_s3() {
    let s3 = crate::photos::moto().await;
    let app = s3.app().await;
    let t = showroom(&app).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    for seed in 0..10u8 {
        let path = dir.path().join(format!("IMG_{seed:04}.jpg"));
        std::fs::write(&path, crate::helpers::jpeg(60 + seed)).expect("photo file");
        owner.photo_file(&path).await;
    }
    let preview = owner.say("xenia 2019 130jt silver").await;
    assert!(preview[0].contains("📷 10 foto"), "{preview:?}");
    let published = owner.say("ya").await;
    assert!(
        published[0].contains("XEN-0001") && published[0].contains("10 foto"),
        "{published:?}"
    );
    crate::photos::work_photos(&app).await;
    let car = app.state.inventory.find(t, "XEN-0001").await.expect("listed");
    let photos = app.state.inventory.photos(t, &car).await.expect("photos");
    assert_eq!(photos.len(), 10);
    for key in &photos {
        let thumb = autolumiku::media::variant_key(key, "thumb", "webp");
        let url = format!("http://x/media/{thumb}");
        let res = crate::photos::fetch(&app, &url).await;
        assert_eq!(res.status(), 200, "{thumb}");
        let size = res.bytes().await.expect("bytes").len();
        assert!(
            (1_000..60_000).contains(&size),
            "a thumbnail of a few tens of KB: {size}"
        );
    }
    assert!(
        !app.state.media.path_of(&photos[0]).exists(),
        "on S3, not on local disk"
    );
}

#[tokio::test]
async fn a_photo_waiting_in_a_draft_survives_the_collector() {
    let app = spawn_app().await;
    let t = showroom(&app).await;
    let photo = stored_photo(&app, t, 77).await;
    let mut owner = Chat::open(&app, t, OWNER_PHONE);
    owner.photo(&photo, Some("brio 2019 115jt")).await;
    owner.say("ya").await;
    owner.say("hapus BRI-0001").await;
    owner.say("ya").await;
    // Before the collector runs, the same photo starts a new listing.
    owner.photo(&photo, None).await;
    crate::photos::work_photos(&app).await;
    assert!(
        app.state.media.get(&photo).await.expect("store").is_some(),
        "kept for the draft"
    );
    owner.say("batal").await;
    let meta = app.store.photo_meta(t, &photo).await.expect("meta").expect("recorded");
    app.store
        .queue_photo_job(t, "media-gc", meta.id, autolumiku::domain::utc_now())
        .await
        .expect("queued");
    crate::photos::work_photos(&app).await;
    assert!(
        app.state.media.get(&photo).await.expect("store").is_none(),
        "collected once unused"
    );
}
