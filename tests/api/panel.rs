//! The web panel over HTTP, as a browser would use it (cookies, forms, redirects by hand):
//! the whole first day of a showroom, login throttling, TOTP reuse, session rotation and
//! expiry, CSRF refusal, security headers, suspension, and the JSON login.

use crate::helpers::{TestApp, jpeg, spawn_app, spawn_app_with};
use autolumiku::auth::{password, secrets, totp};
use autolumiku::channels::{Channel, InboundKind, InboundMessage, intake};
use autolumiku::domain::{TenantId, utc_now};
use autolumiku::store::NewAccount;
use autolumiku::tenants::StaffRole;
use autolumiku::tenants::people::{self, Person};
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::time::Duration;

pub const SESSION: &str = "__Host-alk_session";

/// A browser without JavaScript: keeps cookies (by hand: they are `Secure` and the tests
/// speak plain HTTP on loopback), follows nothing, remembers the last page's CSRF token.
pub struct Visitor {
    pub client: reqwest::Client,
    pub base: String,
    pub cookies: BTreeMap<String, String>,
    pub csrf: Option<String>,
}

/// A response as the tests look at it.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    /// The text of the first `<code ... id="{id}">…</code>` or any element with that id.
    pub fn by_id(&self, id: &str) -> Option<String> {
        let start = self.body.find(&format!("id=\"{id}\""))?;
        let rest = &self.body[start..];
        let open = rest.find('>')? + 1;
        let close = rest[open..].find('<')?;
        Some(html_unescape(&rest[open..open + close]))
    }
}

fn html_unescape(s: &str) -> String {
    s.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#61;", "=")
        .replace("&#43;", "+")
}

impl Visitor {
    pub fn new(app: &TestApp) -> Visitor {
        Visitor {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: app.base.clone(),
            cookies: BTreeMap::new(),
            csrf: None,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn finish(&mut self, response: reqwest::Response) -> Page {
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        let headers = response.headers().clone();
        let body = response.text().await.unwrap();
        if let Some(at) = body.find("name=\"csrf\" value=\"") {
            let rest = &body[at + 19..];
            self.csrf = Some(html_unescape(&rest[..rest.find('"').unwrap()]));
        }
        Page {
            status,
            location,
            headers,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.finish(response).await
    }

    /// Posts a form with the page's CSRF token (unless the form names its own).
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let mut fields: Vec<(String, String)> = form.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        if !form.iter().any(|(k, _)| *k == "csrf") {
            fields.push(("csrf".into(), self.csrf.clone().unwrap_or_default()));
        }
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .form(&fields)
            .send()
            .await
            .unwrap();
        self.finish(response).await
    }

    /// Uploads photos as the car page's form does (token in the query).
    pub async fn upload(&mut self, path: &str, photos: &[Vec<u8>]) -> Page {
        let mut form = reqwest::multipart::Form::new();
        for (i, bytes) in photos.iter().enumerate() {
            let part = reqwest::multipart::Part::bytes(bytes.clone())
                .file_name(format!("foto{i}.jpg"))
                .mime_str("image/jpeg")
                .unwrap();
            form = form.part("photos", part);
        }
        let csrf = self.csrf.clone().unwrap_or_default();
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .query(&[("csrf", csrf)])
            .header("cookie", self.cookie_header())
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.finish(response).await
    }

    fn new_from(other: &Visitor) -> Visitor {
        Visitor {
            client: other.client.clone(),
            base: other.base.clone(),
            cookies: BTreeMap::new(),
            csrf: None,
        }
    }

    pub fn session(&self) -> Option<String> {
        self.cookies.get(SESSION).cloned()
    }
}

fn now_unix() -> u64 {
    u64::try_from(utc_now().unix_timestamp()).unwrap()
}

/// Signs in through the login page; returns where it sent the visitor.
pub async fn sign_in(v: &mut Visitor, login: &str, email: &str, secret: &str) -> Page {
    v.get(login).await;
    v.post(login, &[("email", email), ("password", secret)]).await
}

/// Sets up the second factor on the enrol page and returns its secret and recovery codes.
pub async fn enroll(v: &mut Visitor) -> (String, Vec<String>) {
    let page = v.get("/login/enroll").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let secret = page.by_id("totp-secret").expect("secret shown");
    let code = totp::code_at(&secret, now_unix()).unwrap();
    let page = v.post("/login/enroll", &[("code", &code)]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let codes: Vec<String> = page
        .body
        .match_indices("<li><code>")
        .map(|(at, _)| {
            let rest = &page.body[at + 10..];
            rest[..rest.find('<').unwrap()].to_owned()
        })
        .collect();
    assert_eq!(codes.len(), secrets::RECOVERY_CODES);
    (secret, codes)
}

pub const ADMIN_PASSWORD: &str = "kunci-platform-rahasia";
pub const PASSWORD: &str = "mobil-bekas-jujur-2026";

/// A platform super admin made as the command line makes one.
pub async fn super_admin(app: &TestApp, email: &str) -> uuid::Uuid {
    let hash = password::hash(ADMIN_PASSWORD).unwrap();
    let id = uuid::Uuid::now_v7();
    let new = NewAccount {
        id,
        email,
        password_hash: Some(&hash),
        setup: None,
    };
    app.store.create_super_admin(&new, utc_now()).await.unwrap();
    id
}

/// A showroom member with a login and a password already set (and no second factor).
pub async fn member(app: &TestApp, tenant: TenantId, email: &str, role: StaffRole, phone: Option<&str>) -> uuid::Uuid {
    let person = Person {
        name: email.split('@').next().unwrap(),
        role,
        phone,
        email: Some(email),
    };
    let added = people::add(&app.state, tenant, &person).await.unwrap();
    app.store
        .set_password(added.id, &password::hash(PASSWORD).unwrap())
        .await
        .unwrap();
    added.id
}

/// A customer writes to the showroom on WhatsApp and the assistant answers.
pub async fn customer_writes(app: &TestApp, tenant: TenantId, phone: &str, text: &str) {
    let message = InboundMessage {
        tenant_id: tenant,
        channel: Channel::Whatsapp,
        chat_id: phone.to_owned(),
        sender_id: phone.to_owned(),
        sender_name: Some("Pak Budi".into()),
        kind: InboundKind::Text { text: text.to_owned() },
        provider_message_id: uuid::Uuid::new_v4().to_string(),
        sent_at: utc_now(),
    };
    intake::accept(&app.store, &message).await.unwrap();
    let workers = autolumiku::jobs::Workers::new(app.state.clone(), autolumiku::jobs::WorkerConfig::default());
    workers.process_inbox_once().await.unwrap();
}

#[tokio::test]
async fn a_showroom_first_day_from_the_command_line_to_a_chat_handed_back() {
    let app = spawn_app().await;
    super_admin(&app, "root@platform.id").await;
    let (mut op, setup_path) = operator_creates_a_showroom(&app).await;
    let mut owner = owner_sets_up_from_the_link(&app, &setup_path).await;
    owner_adds_staff_and_a_car_with_photos(&mut owner).await;
    owner_takes_a_chat_over_and_hands_it_back(&app, &mut owner).await;

    // Every change is in the audit log, with who did it.
    let audit = op.get("/admin/audit?tenant=maju-motor").await;
    for action in [
        "tenant.create",
        "user.create",
        "vehicle.create",
        "vehicle.photos.add",
        "vehicle.photos.order",
        "conversation.reply",
        "conversation.release",
    ] {
        assert!(audit.body.contains(action), "audit has {action}");
    }
    assert!(audit.body.contains("panel:sari@majumotor.id"));
}

/// The operator signs in, must set up a second factor, then creates a showroom; returns the
/// operator and the owner's setup path.
async fn operator_creates_a_showroom(app: &TestApp) -> (Visitor, String) {
    let mut op = Visitor::new(app);
    let page = sign_in(&mut op, "/admin/login", "root@platform.id", ADMIN_PASSWORD).await;
    assert_eq!(page.location.as_deref(), Some("/login/enroll"));
    assert_eq!(
        op.get("/admin").await.location.as_deref(),
        Some("/admin/login"),
        "half-way is not in"
    );
    enroll(&mut op).await;
    assert_eq!(op.get("/admin").await.status, 200);
    op.get("/admin/tenants").await;
    let page = op
        .post(
            "/admin/tenants",
            &[
                ("slug", "maju-motor"),
                ("name", "Maju Motor"),
                ("owner_name", "Bu Sari"),
                ("owner_email", "sari@majumotor.id"),
                ("owner_phone", "0812 1111 2222"),
            ],
        )
        .await;
    assert_eq!(page.status, 201, "{}", page.body);
    let link = page.by_id("owner-setup-link").expect("setup link shown");
    assert!(page.by_id("api-key").unwrap().starts_with("alk_"));
    let setup_path = link.split_once("/setup/").map(|(_, t)| format!("/setup/{t}")).unwrap();

    (op, setup_path)
}

/// The owner opens the link, sets a password, must set up TOTP.
async fn owner_sets_up_from_the_link(app: &TestApp, setup_path: &str) -> Visitor {
    let mut owner = Visitor::new(app);
    assert_eq!(owner.get(setup_path).await.status, 200);
    let weak = owner
        .post(setup_path, &[("password", "pendek"), ("confirm", "pendek")])
        .await;
    assert_eq!(weak.status, 422);
    let page = owner
        .post(setup_path, &[("password", PASSWORD), ("confirm", PASSWORD)])
        .await;
    assert_eq!(page.location.as_deref(), Some("/login/enroll"));
    assert_eq!(
        Visitor::new(app).get(setup_path).await.status,
        404,
        "a setup link works once"
    );
    enroll(&mut owner).await;
    let home = owner.get("/dashboard").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Bu Sari"));

    owner
}

/// A staff member with a WhatsApp number; a car with two photos, the second made the main one.
async fn owner_adds_staff_and_a_car_with_photos(owner: &mut Visitor) {
    owner.get("/dashboard/users").await;
    let page = owner
        .post(
            "/dashboard/users",
            &[
                ("name", "Andi"),
                ("role", "staff"),
                ("phone", "0813-5555-6666"),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("6281355556666"));

    // The car.
    owner.get("/dashboard/vehicles/new").await;
    let page = owner
        .post(
            "/dashboard/vehicles",
            &[
                ("make", "Honda"),
                ("model", "Brio"),
                ("year", "2020"),
                ("price", "120jt"),
                ("mileage_km", "30rb"),
                ("transmission", "automatic"),
                ("color", "hitam"),
                ("status", "available"),
            ],
        )
        .await;
    let car = page.location.clone().expect("redirect to the car");
    let car = car.split('?').next().unwrap().to_owned();
    assert!(car.starts_with("/dashboard/vehicles/BRI-"), "{car}");
    owner.get(&car).await;
    let page = owner.upload(&format!("{car}/photos"), &[jpeg(1), jpeg(2)]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = owner.get(&car).await;
    assert_eq!(page.body.matches("data-photo=").count(), 2);
    let second = page
        .body
        .match_indices("data-photo=\"")
        .nth(1)
        .map(|(at, _)| &page.body[at + 12..at + 48])
        .unwrap()
        .to_owned();
    let page = owner.post(&format!("{car}/photos/order"), &[("main", &second)]).await;
    assert_eq!(page.status, 303);
    let page = owner.get(&car).await;
    let first = page
        .body
        .match_indices("data-photo=\"")
        .next()
        .map(|(at, _)| &page.body[at + 12..at + 48])
        .unwrap();
    assert_eq!(first, second);
    let listed = owner.get("/dashboard/vehicles").await;
    assert!(listed.body.contains("Honda Brio") && listed.body.contains("Rp 120.000.000"));
}

/// A customer writes on WhatsApp; the owner sees the chat, takes it over and hands it back.
async fn owner_takes_a_chat_over_and_hands_it_back(app: &TestApp, owner: &mut Visitor) {
    let tenant = app.store.tenant_by_slug("maju-motor").await.unwrap().unwrap().id;
    customer_writes(app, tenant, "6281299998888", "ada brio matic?").await;
    let chats = owner.get("/dashboard/conversations").await;
    assert!(
        chats.body.contains("/dashboard/conversations/whatsapp/6281299998888"),
        "{}",
        chats.body
    );
    let thread = "/dashboard/conversations/whatsapp/6281299998888";
    let page = owner.get(thread).await;
    assert!(page.body.contains("ada brio matic?"));
    assert!(page.body.contains("id=\"takeover\""));
    let page = owner
        .post(&format!("{thread}/reply"), &[("text", "Ada Pak, silakan mampir")])
        .await;
    assert_eq!(page.status, 303);
    let page = owner.get(thread).await;
    assert!(page.body.contains("Ada Pak, silakan mampir") && page.body.contains("id=\"release\""));
    let mode = app
        .store
        .load_conversation(tenant, Channel::Whatsapp, "6281299998888")
        .await
        .unwrap();
    assert!(
        mode.human_until.is_some(),
        "a reply from the panel puts the chat in human mode"
    );
    owner.post(&format!("{thread}/release"), &[]).await;
    let mode = app
        .store
        .load_conversation(tenant, Channel::Whatsapp, "6281299998888")
        .await
        .unwrap();
    assert!(mode.human_until.is_none());
}

#[tokio::test]
async fn wrong_passwords_lock_the_account_with_one_generic_answer() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("kunci-motor").await;
    member(&app, tenant.id, "andi@kunci.id", StaffRole::Staff, None).await;
    let mut v = Visitor::new(&app);
    let unknown = sign_in(&mut v, "/login", "nobody@kunci.id", PASSWORD).await;
    let wrong = sign_in(&mut v, "/login", "andi@kunci.id", "salah-sekali-kata").await;
    assert_eq!(
        (unknown.status, wrong.status),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    let message = |p: &Page| {
        p.body[p.body.find("role=\"alert\"").unwrap()..]
            .split('<')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(message(&unknown), message(&wrong), "no hint which of the two was wrong");
    for _ in 0..4 {
        let page = sign_in(&mut v, "/login", "andi@kunci.id", "salah-sekali-kata").await;
        assert_eq!(
            page.status,
            StatusCode::UNAUTHORIZED,
            "each wrong password counted and refused"
        );
    }
    let locked = sign_in(&mut v, "/login", "andi@kunci.id", PASSWORD).await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the right password after five wrong ones"
    );
    assert!(v.session().is_none());
    // A super admin cannot use the showroom login, and the other way round.
    super_admin(&app, "root@platform.id").await;
    let page = sign_in(&mut Visitor::new(&app), "/login", "root@platform.id", ADMIN_PASSWORD).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_totp_code_works_once_and_recovery_codes_once_each() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("totp-motor").await;
    member(&app, tenant.id, "owner@totp.id", StaffRole::Owner, None).await;
    let mut v = Visitor::new(&app);
    let page = sign_in(&mut v, "/login", "owner@totp.id", PASSWORD).await;
    assert_eq!(
        page.location.as_deref(),
        Some("/login/enroll"),
        "owners must use a second factor"
    );
    let (secret, codes) = enroll(&mut v).await;
    let used = totp::code_at(&secret, now_unix()).unwrap();

    // The same code a second time is refused; the next step's code (one step of skew) works.
    let mut again = Visitor::new(&app);
    let page = sign_in(&mut again, "/login", "owner@totp.id", PASSWORD).await;
    assert_eq!(page.location.as_deref(), Some("/login/2fa"));
    again.get("/login/2fa").await;
    let refused = again.post("/login/2fa", &[("code", &used)]).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let next = totp::code_at(&secret, now_unix() + 30).unwrap();
    let page = again.post("/login/2fa", &[("code", &next)]).await;
    assert_eq!(page.location.as_deref(), Some("/dashboard"));

    // A recovery code signs in once.
    for expected in [Some("/dashboard"), None] {
        let mut r = Visitor::new(&app);
        sign_in(&mut r, "/login", "owner@totp.id", PASSWORD).await;
        r.get("/login/2fa").await;
        let page = r.post("/login/2fa", &[("code", &codes[0].to_lowercase())]).await;
        assert_eq!(page.location.as_deref(), expected);
    }
}

#[tokio::test]
async fn sessions_rotate_expire_and_end_everywhere() {
    let app = spawn_app_with(&[("SESSION_IDLE_SECS", "2")]).await;
    let tenant = app.create_tenant("sesi-motor").await;
    let staff = member(&app, tenant.id, "andi@sesi.id", StaffRole::Staff, None).await;
    member(&app, tenant.id, "owner@sesi.id", StaffRole::Owner, None).await;

    // Staff may add a second factor of their own accord; the session id changes after it.
    let mut v = Visitor::new(&app);
    let page = sign_in(&mut v, "/login", "andi@sesi.id", PASSWORD).await;
    assert_eq!(
        page.location.as_deref(),
        Some("/dashboard"),
        "staff: second factor optional"
    );
    let first = v.session().unwrap();
    enroll(&mut v).await;
    let second = v.session().unwrap();
    assert_ne!(first, second, "a new session id after the second factor");
    let mut stale = Visitor::new(&app);
    stale.cookies.insert(SESSION.into(), first);
    assert_eq!(stale.get("/dashboard").await.location.as_deref(), Some("/login"));
    assert_eq!(v.get("/dashboard").await.status, 200);

    // Idle for longer than the idle timeout: signed out.
    tokio::time::sleep(Duration::from_millis(2200)).await;
    assert_eq!(v.get("/dashboard").await.location.as_deref(), Some("/login"));

    // Disabling a person ends their sessions at once and refuses their login.
    let mut owner = Visitor::new(&app);
    sign_in(&mut owner, "/login", "owner@sesi.id", PASSWORD).await;
    enroll(&mut owner).await;
    let staff_session = full_session(&app, &mut Visitor::new(&app), staff).await;
    let mut staff_session = staff_session;
    assert_eq!(staff_session.get("/dashboard").await.status, 200);
    owner.get("/dashboard/users").await;
    let page = owner.post(&format!("/dashboard/users/{staff}/disable"), &[]).await;
    assert_eq!(page.status, 303);
    assert_eq!(
        staff_session.get("/dashboard").await.location.as_deref(),
        Some("/login")
    );
    let refused = sign_in(&mut Visitor::new(&app), "/login", "andi@sesi.id", PASSWORD).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);

    // Signing out ends the owner's other sessions too.
    let owner_id = app.store.account_by_email("owner@sesi.id").await.unwrap().unwrap().id;
    let mut other_device = full_session(&app, &mut Visitor::new(&app), owner_id).await;
    assert_eq!(other_device.get("/dashboard").await.status, 200);
    owner.get("/dashboard").await;
    let page = owner.post("/logout", &[]).await;
    assert_eq!(page.location.as_deref(), Some("/login"));
    assert!(owner.session().is_none());
    assert_eq!(other_device.get("/dashboard").await.location.as_deref(), Some("/login"));
}

/// A signed-in session for an account, made directly in the store (another device).
pub async fn full_session(app: &TestApp, v: &mut Visitor, account: uuid::Uuid) -> Visitor {
    let token = secrets::token();
    app.store
        .create_session(
            &secrets::hash(&token),
            account,
            "full",
            &secrets::token(),
            utc_now(),
            (None, None),
        )
        .await
        .unwrap();
    let mut out = Visitor::new_from(v);
    out.cookies.insert(SESSION.into(), token);
    out
}

#[tokio::test]
async fn forms_without_their_token_change_nothing() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("csrf-motor").await;
    member(&app, tenant.id, "admin@csrf.id", StaffRole::Admin, None).await;
    let mut v = Visitor::new(&app);
    sign_in(&mut v, "/login", "admin@csrf.id", PASSWORD).await;
    v.get("/dashboard/vehicles/new").await;
    let car = [
        ("make", "Toyota"),
        ("model", "Agya"),
        ("year", "2019"),
        ("price", "95jt"),
    ];
    let mut no_token = car.to_vec();
    no_token.push(("csrf", ""));
    assert_eq!(
        v.post("/dashboard/vehicles", &no_token).await.status,
        StatusCode::FORBIDDEN
    );
    let mut wrong = car.to_vec();
    wrong.push(("csrf", "bukan-token-yang-benar-sama-sekali-xxxxxxxxxx"));
    assert_eq!(
        v.post("/dashboard/vehicles", &wrong).await.status,
        StatusCode::FORBIDDEN
    );
    // The right token from another site's page (the browser adds its Origin).
    let forged = v
        .client
        .post(format!("{}/dashboard/vehicles", v.base))
        .header("cookie", format!("{SESSION}={}", v.session().unwrap()))
        .header("origin", "https://evil.example")
        .form(&[
            ("make", "Toyota"),
            ("model", "Agya"),
            ("year", "2019"),
            ("price", "95jt"),
            ("csrf", &v.csrf.clone().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let none = app.store.status_counts(tenant.id).await.unwrap();
    assert!(none.is_empty(), "no car was made: {none:?}");
    // The login form itself needs its pre-session token.
    let mut fresh = Visitor::new(&app);
    let page = fresh
        .post("/login", &[("email", "admin@csrf.id"), ("password", PASSWORD)])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    // With the token, it works.
    assert_eq!(v.post("/dashboard/vehicles", &car).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("header-motor").await;
    let mut v = Visitor::new(&app);
    let pages = [
        v.get("/login").await.headers,
        v.get("/dashboard").await.headers,
        v.get("/healthz").await.headers,
        v.get("/api/v1/nothing").await.headers,
        app.get(&tenant, "/api/v1/vehicles").await.headers().clone(),
        v.get("/s/header-motor/").await.headers,
    ];
    for headers in pages {
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("script-src 'self' 'unsafe-inline'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(
            headers["strict-transport-security"]
                .to_str()
                .unwrap()
                .starts_with("max-age=")
        );
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin");
        assert_eq!(headers["x-frame-options"], "DENY");
    }
    let login = Visitor::new(&app).get("/login").await;
    let cookie = login.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("__Host-") && cookie.contains("Secure") && cookie.contains("HttpOnly"));
    assert!(!login.body.contains("<script>"), "no inline script");
}

#[tokio::test]
async fn a_suspended_showroom_is_closed_everywhere_until_resumed() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("tutup-motor").await;
    member(&app, tenant.id, "andi@tutup.id", StaffRole::Staff, None).await;
    let mut staff = Visitor::new(&app);
    sign_in(&mut staff, "/login", "andi@tutup.id", PASSWORD).await;
    assert_eq!(staff.get("/dashboard").await.status, 200);
    app.store
        .set_tenant_suspended(tenant.id, Some(utc_now()))
        .await
        .unwrap();
    app.kv
        .publish(&autolumiku::kv::Event::TenantChanged { tenant_id: tenant.id })
        .await;
    assert_eq!(staff.get("/dashboard").await.location.as_deref(), Some("/login"));
    let page = sign_in(&mut Visitor::new(&app), "/login", "andi@tutup.id", PASSWORD).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&tenant, "/api/v1/vehicles").await.status(), 403);
    assert_eq!(Visitor::new(&app).get("/s/tutup-motor/").await.status, 404);
    app.store.set_tenant_suspended(tenant.id, None).await.unwrap();
    app.kv
        .publish(&autolumiku::kv::Event::TenantChanged { tenant_id: tenant.id })
        .await;
    assert_eq!(app.get(&tenant, "/api/v1/vehicles").await.status(), 200);
    assert_eq!(Visitor::new(&app).get("/s/tutup-motor/").await.status, 200);
}

#[tokio::test]
async fn the_json_login_gives_a_session_the_api_accepts_with_its_csrf_token() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("json-motor").await;
    member(&app, tenant.id, "andi@json.id", StaffRole::Staff, None).await;
    let client = reqwest::Client::new();
    let wrong = client
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "andi@json.id", "password": "salah-sekali-kata"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        crate::helpers::error_code(wrong).await,
        (401, "invalid_credentials".into())
    );
    let ok = client
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "andi@json.id", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let cookie = ok.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let body: serde_json::Value = ok.json().await.unwrap();
    assert_eq!(body["data"]["stage"], "done");
    let csrf = body["data"]["csrf_token"].as_str().unwrap().to_owned();
    let list = client
        .get(app.url("/api/v1/vehicles"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);
    let car = crate::helpers::avanza();
    let no_token = client
        .post(app.url("/api/v1/vehicles"))
        .header("cookie", &cookie)
        .json(&car)
        .send()
        .await
        .unwrap();
    assert_eq!(crate::helpers::error_code(no_token).await, (403, "csrf_failed".into()));
    let made = client
        .post(app.url("/api/v1/vehicles"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .json(&car)
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 201);
    let id = made.json::<serde_json::Value>().await.unwrap()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let delete = client
        .delete(app.url(&format!("/api/v1/vehicles/{id}")))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(
        crate::helpers::error_code(delete).await,
        (403, "forbidden".into()),
        "staff do not delete"
    );
}

#[tokio::test]
async fn a_busy_session_still_ends_at_its_absolute_limit() {
    // Stored times are whole seconds, so a 3 s limit may end up to a second early: the session
    // is used well inside 2 s, then left past 4 s.
    let app = spawn_app_with(&[("SESSION_MAX_SECS", "3")]).await;
    let tenant = app.create_tenant("batas-motor").await;
    member(&app, tenant.id, "andi@batas.id", StaffRole::Staff, None).await;
    let mut v = Visitor::new(&app);
    sign_in(&mut v, "/login", "andi@batas.id", PASSWORD).await;
    let signed_in = std::time::Instant::now();
    for _ in 0..3 {
        if signed_in.elapsed() < Duration::from_millis(1800) {
            assert_eq!(v.get("/dashboard").await.status, 200, "in use, within the limit");
        }
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    tokio::time::sleep(Duration::from_secs(4).saturating_sub(signed_in.elapsed()) + Duration::from_millis(200)).await;
    assert_eq!(v.get("/dashboard").await.location.as_deref(), Some("/login"));
}

#[tokio::test]
async fn admins_manage_staff_only_and_the_platform_disable_holds() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("peran-motor").await;
    let owner = member(
        &app,
        tenant.id,
        "owner@peran.id",
        StaffRole::Owner,
        Some("0811 0000 0001"),
    )
    .await;
    let admin_b = member(&app, tenant.id, "admin2@peran.id", StaffRole::Admin, None).await;
    let staff = member(
        &app,
        tenant.id,
        "staf@peran.id",
        StaffRole::Staff,
        Some("0811 0000 0003"),
    )
    .await;
    member(&app, tenant.id, "admin1@peran.id", StaffRole::Admin, None).await;
    let mut admin = Visitor::new(&app);
    sign_in(&mut admin, "/login", "admin1@peran.id", PASSWORD).await;
    admin.get("/dashboard/users").await;
    // Another admin's password link, or a Telegram code for the owner's row: refused.
    let reset = admin.post(&format!("/dashboard/users/{admin_b}/setup-link"), &[]).await;
    assert_eq!(reset.status, StatusCode::FORBIDDEN);
    let code = admin.post(&format!("/dashboard/users/{owner}/telegram"), &[]).await;
    assert_eq!(code.status, StatusCode::FORBIDDEN);
    let page = admin.post(&format!("/dashboard/users/{staff}/setup-link"), &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.by_id("handout").unwrap().contains("/setup/"));

    // The platform disables the staff member; the showroom cannot undo it.
    let root = super_admin(&app, "root@platform.id").await;
    let mut op = full_session(&app, &mut Visitor::new(&app), root).await;
    op.get("/admin/users").await;
    assert_eq!(op.post(&format!("/admin/users/{staff}/disable"), &[]).await.status, 303);
    admin.get("/dashboard/users").await;
    admin.post(&format!("/dashboard/users/{staff}/enable"), &[]).await;
    let refused = sign_in(&mut Visitor::new(&app), "/login", "staf@peran.id", PASSWORD).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn parallel_guesses_cannot_slip_under_the_lockout() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("tebak-motor").await;
    member(&app, tenant.id, "andi@tebak.id", StaffRole::Staff, None).await;
    let guesses = (0..12).map(|i| {
        let client = reqwest::Client::new();
        let url = app.url("/api/v1/auth/login");
        async move {
            let body = serde_json::json!({"email": "andi@tebak.id", "password": format!("tebakan-salah-{i}")});
            client.post(url).json(&body).send().await.unwrap().status().as_u16()
        }
    });
    let statuses = futures_join(guesses.collect()).await;
    let wrong = statuses.iter().filter(|s| **s == 401).count();
    let locked = statuses.iter().filter(|s| **s == 429).count();
    assert!(wrong <= 5 && wrong + locked == 12, "{statuses:?}");
}

/// Runs futures concurrently on this runtime and collects their outputs in order.
async fn futures_join<F: std::future::Future<Output = u16> + Send + 'static>(futures: Vec<F>) -> Vec<u16> {
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_client_address_is_recorded() {
    let app = spawn_app_with(&[("TRUSTED_PROXIES", "127.0.0.1")]).await;
    let tenant = app.create_tenant("proxy-motor").await;
    member(&app, tenant.id, "andi@proxy.id", StaffRole::Staff, None).await;
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", "203.0.113.77")
        .json(&serde_json::json!({"email": "andi@proxy.id", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let query = autolumiku::store::AuditQuery {
        text: "andi@proxy.id".into(),
        tenant_slug: String::new(),
        limit: 10,
    };
    let entries = app.store.search_audit(&query).await.unwrap();
    assert!(
        entries.iter().any(|e| e.ip.as_deref() == Some("203.0.113.77")),
        "{entries:?}"
    );
}
