//! Leads from the site: the "contact me" form (CSRF-checked, rate-limited, with a honeypot)
//! and the WhatsApp button's click, recorded by a small script.

use super::Site;
use super::pages::{Chrome, Meta, Opt, chrome, tr};
use super::view::Tr;
use crate::app::AppState;
use crate::channels::domain::Channel;
use crate::leads::LeadUpdate;
use askama::Template;
use axum::extract::{ConnectInfo, Extension, Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::time::Duration;

const COOKIE: &str = "alk_form";
const FORMS_PER_VISITOR: u64 = 5;
const FORMS_PER_SHOWROOM_HOUR: u64 = 200;
const CLICKS_PER_VISITOR: u64 = 30;
/// Clicks a day from one address whatever its browser says it is (a changed User-Agent is a
/// new visitor, so this bounds the leads one address can make), and from everyone for one
/// showroom (so a flood never fills its lead list).
const CLICKS_PER_ADDRESS_DAY: u64 = 20;
const CLICKS_PER_SHOWROOM_DAY: u64 = 2000;
const DAY: Duration = Duration::from_secs(24 * 3600);
const WINDOW: Duration = Duration::from_secs(600);

#[derive(Template)]
#[template(path = "catalog/contact.html")]
pub struct ContactPage<'a> {
    pub chrome: Chrome,
    pub meta: Meta,
    pub tr: Tr<'a>,
    pub action: String,
    pub token: String,
    pub car: Option<Opt>,
    pub name: String,
    pub phone: String,
    pub message: String,
    pub errors: Vec<String>,
    pub done: bool,
}

#[derive(Deserialize)]
pub struct CarParam {
    mobil: Option<String>,
}

#[derive(Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    nama: String,
    #[serde(default)]
    telepon: String,
    #[serde(default)]
    pesan: String,
    #[serde(default)]
    mobil: String,
    /// Hidden from people; bots fill it.
    #[serde(default)]
    website: String,
}

fn address(app: &AppState, headers: &HeaderMap, peer: Option<&Extension<ConnectInfo<SocketAddr>>>) -> String {
    let peer = peer.map(|c| c.0.0.ip());
    crate::client_ip::client_ip(headers, peer, &app.settings.trusted_proxies)
        .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

fn visitor(app: &AppState, headers: &HeaderMap, peer: Option<&Extension<ConnectInfo<SocketAddr>>>) -> String {
    let ip = address(app, headers, peer);
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    // Hashed: the rate-limit keys and lead ids never hold an address.
    hex::encode(&Sha256::digest(format!("{ip}|{agent}").as_bytes())[..10])
}

async fn public_car(app: &AppState, site: &Site, id: &str) -> Option<(String, String)> {
    let v = app.inventory.find(site.tenant.id, id).await.ok()?;
    matches!(
        v.status,
        crate::inventory::VehicleStatus::Available | crate::inventory::VehicleStatus::Booked
    )
    .then(|| {
        (
            v.display_id.as_str().to_owned(),
            format!("{} {}", super::view::title(&v), v.year),
        )
    })
}

fn page<'a>(app: &'a AppState, site: &Site, token: String) -> ContactPage<'a> {
    let tr = tr(app, site);
    ContactPage {
        meta: Meta::unlisted(
            tr.t1("catalog-contact-title", "showroom", &site.tenant.name),
            tr.t("catalog-contact-intro"),
            format!("{}/kontak", site.origin),
        ),
        chrome: chrome(site, &tr),
        action: format!("{}/kontak", site.base),
        token,
        car: None,
        name: String::new(),
        phone: String::new(),
        message: String::new(),
        errors: Vec::new(),
        done: false,
        tr,
    }
}

/// Renders the form with a fresh token in both the page and a same-site cookie.
fn respond(site: &Site, status: StatusCode, page: &ContactPage<'_>) -> Response {
    let body = match page.render() {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "contact template failed");
            return super::pages::plain_unavailable();
        }
    };
    let secure = if site.origin.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let path = if site.base.is_empty() { "/" } else { site.base.as_str() };
    let cookie = format!(
        "{COOKIE}={}; Path={path}; Max-Age=7200; HttpOnly; SameSite=Strict{secure}",
        page.token
    );
    let mut response = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        h.insert(header::SET_COOKIE, v);
    }
    response
}

fn new_token() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

pub async fn form(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    Query(param): Query<CarParam>,
) -> Response {
    let mut p = page(&app, &site, new_token());
    if let Some(id) = param.mobil.as_deref()
        && let Some((value, label)) = public_car(&app, &site, id).await
    {
        p.message = p.tr.t1("catalog-contact-default-message", "car", &label);
        p.car = Some(Opt {
            value,
            label,
            selected: true,
        });
    }
    respond(&site, StatusCode::OK, &p)
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('=').map(str::to_owned))
}

/// The token in the form equals the one in the cookie (compared in constant time), and a
/// browser-sent Origin, when present, is this very host.
fn csrf_ok(headers: &HeaderMap, field: &str) -> bool {
    let Some(cookie) = cookie_token(headers) else {
        return false;
    };
    let same = cookie.len() == 32
        && field.len() == cookie.len()
        && cookie.bytes().zip(field.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_ok = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => url::Url::parse(origin).ok().is_some_and(|o| {
            let with_port = o.port().map_or_else(
                || o.host_str().unwrap_or_default().to_owned(),
                |p| format!("{}:{p}", o.host_str().unwrap_or_default()),
            );
            host.is_some_and(|h| h.eq_ignore_ascii_case(&with_port))
        }),
    };
    same && origin_ok
}

pub async fn submit(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(input): Form<ContactForm>,
) -> Response {
    let mut p = page(&app, &site, new_token());
    if !csrf_ok(&headers, &input.csrf) {
        p.errors.push(p.tr.t("catalog-contact-expired"));
        return respond(&site, StatusCode::FORBIDDEN, &p);
    }
    let who = visitor(&app, &headers, peer.as_ref());
    let tenant = site.tenant.id;
    let per_visitor = app.kv.hit(&format!("catalog-form:{tenant}:{who}"), WINDOW).await;
    let per_showroom = app
        .kv
        .hit(&format!("catalog-form:{tenant}"), Duration::from_secs(3600))
        .await;
    if per_visitor > FORMS_PER_VISITOR || per_showroom > FORMS_PER_SHOWROOM_HOUR {
        p.errors.push(p.tr.t("catalog-contact-too-many"));
        return respond(&site, StatusCode::TOO_MANY_REQUESTS, &p);
    }
    p.name = input.nama.trim().chars().take(80).collect();
    p.phone = input.telepon.trim().chars().take(30).collect();
    p.message = input.pesan.trim().chars().take(1000).collect();
    if !input.mobil.is_empty() {
        p.car = public_car(&app, &site, &input.mobil).await.map(|(value, label)| Opt {
            value,
            label,
            selected: true,
        });
    }
    let phone = crate::domain::Phone::parse_typed(&p.phone).map(crate::domain::Phone::into_string);
    if p.name.is_empty() {
        p.errors.push(p.tr.t("catalog-contact-need-name"));
    }
    if phone.is_none() {
        p.errors.push(p.tr.t("catalog-contact-need-phone"));
    }
    let Some(phone) = phone.filter(|_| p.errors.is_empty()) else {
        return respond(&site, StatusCode::UNPROCESSABLE_ENTITY, &p);
    };
    if !input.website.is_empty() {
        // A bot: thank it and keep nothing.
        tracing::info!(tenant.id = %tenant, "catalog form: honeypot filled; ignored");
        p.done = true;
        return respond(&site, StatusCode::OK, &p);
    }
    let update = LeadUpdate {
        phone: Some(phone.clone()),
        customer_name: Some(p.name.clone()),
        interest: (!p.message.is_empty()).then(|| p.message.clone()),
        vehicle: p.car.as_ref().map(|c| c.value.clone()),
        ..LeadUpdate::default()
    };
    if let Err(e) = app
        .store
        .upsert_lead(
            tenant,
            Channel::Web,
            &format!("form:{phone}"),
            &update,
            crate::domain::utc_now(),
        )
        .await
    {
        tracing::error!(error = %e, "catalog form: lead not stored");
        p.errors.push(p.tr.t("catalog-contact-failed"));
        return respond(&site, StatusCode::SERVICE_UNAVAILABLE, &p);
    }
    p.done = true;
    respond(&site, StatusCode::OK, &p)
}

/// A tap on "ask on WhatsApp": one lead per visitor and day, naming the car. Only our script
/// sends the header this needs, which a cross-site page cannot send without our consent.
pub async fn whatsapp_click(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    Path(slug): Path<String>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
) -> Response {
    if headers.get("x-catalog-click").is_none_or(|v| v != "1") {
        return StatusCode::FORBIDDEN.into_response();
    }
    let Some(display_id) = super::pages::display_id_of(&slug) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let tenant = site.tenant.id;
    let who = visitor(&app, &headers, peer.as_ref());
    let from = hex::encode(&Sha256::digest(address(&app, &headers, peer.as_ref()).as_bytes())[..10]);
    let kv = &app.kv;
    if kv.hit(&format!("catalog-click:{tenant}:{who}"), WINDOW).await > CLICKS_PER_VISITOR
        || kv.hit(&format!("catalog-click-addr:{tenant}:{from}"), DAY).await > CLICKS_PER_ADDRESS_DAY
        || kv.hit(&format!("catalog-click-day:{tenant}"), DAY).await > CLICKS_PER_SHOWROOM_DAY
    {
        return StatusCode::TOO_MANY_REQUESTS.into_response();
    }
    let Some((value, _)) = public_car(&app, &site, display_id.as_str()).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let day = crate::domain::in_jakarta(crate::domain::utc_now()).date();
    let chat = format!("wa-click:{who}:{day}");
    let update = LeadUpdate {
        interest: Some(tr(&app, &site).t("catalog-lead-wa-click")),
        vehicle: Some(value),
        ..LeadUpdate::default()
    };
    match app
        .store
        .upsert_lead(tenant, Channel::Web, &chat, &update, crate::domain::utc_now())
        .await
    {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "catalog click: lead not stored");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
