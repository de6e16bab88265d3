//! What every panel page shares: the frame (title, navigation, who is signed in, language,
//! the CSRF token for its forms), the one error type of panel handlers and the pages errors
//! become, and small formatting helpers for templates.

use super::guard::Viewer;
use crate::AppState;
use crate::assistant::render::Say;
use crate::auth::Principal;
use crate::catalog::view::Tr;
use crate::i18n::Lang;
use crate::tenants::StaffRole;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

/// Why a panel request failed. Handlers return it; the guard renders the page (it knows the
/// language), so every error looks the same wherever it came from.
#[derive(Debug, thiserror::Error)]
pub enum PanelError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("bad request")]
    BadRequest,
    #[error("{0}")]
    Internal(String),
}

/// Marks a response as an error for the guard to render.
#[derive(Debug, Clone, Copy)]
pub struct ErrorMark(pub StatusCode);

impl IntoResponse for PanelError {
    fn into_response(self) -> Response {
        let status = match &self {
            PanelError::NotFound => StatusCode::NOT_FOUND,
            PanelError::Forbidden => StatusCode::FORBIDDEN,
            PanelError::BadRequest => StatusCode::BAD_REQUEST,
            PanelError::Internal(why) => {
                tracing::error!(error = %why, "panel request failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorMark(status));
        response
    }
}

impl From<crate::store::StoreError> for PanelError {
    fn from(e: crate::store::StoreError) -> Self {
        match e {
            crate::store::StoreError::NotFound => PanelError::NotFound,
            other => PanelError::Internal(other.to_string()),
        }
    }
}

impl From<crate::auth::AuthError> for PanelError {
    fn from(e: crate::auth::AuthError) -> Self {
        PanelError::Internal(e.to_string())
    }
}

impl From<crate::inventory::InventoryError> for PanelError {
    fn from(e: crate::inventory::InventoryError) -> Self {
        match e {
            crate::inventory::InventoryError::NotFound => PanelError::NotFound,
            other => PanelError::Internal(other.to_string()),
        }
    }
}

pub type PanelResult = Result<Response, PanelError>;

/// `?ok=word`: the confirmation a page shows after a change redirected to it.
#[derive(serde::Deserialize, Default)]
pub struct Notice {
    pub ok: Option<String>,
}

/// A navigation link.
pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub active: bool,
}

/// The frame of a page.
pub struct Chrome<'a> {
    pub tr: Tr<'a>,
    pub title: String,
    pub css: String,
    pub js: String,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    /// "Budi · Pemilik · Maju Motor", or empty before sign-in.
    pub who: String,
    pub signed_in: bool,
    /// A one-line confirmation (from `?ok=`), already translated.
    pub notice: Option<String>,
    /// The page's path, for the language links.
    pub path: String,
}

impl<'a> Chrome<'a> {
    pub fn new(state: &'a AppState, viewer: &Viewer, title_key: &str, path: &str) -> Chrome<'a> {
        let tr = tr(state, viewer.lang);
        let nav = match viewer.principal() {
            Some(Principal::Member { role, .. }) if full(viewer) => member_nav(&tr, *role, path),
            Some(Principal::SuperAdmin { .. }) if full(viewer) => admin_nav(&tr, path),
            _ => Vec::new(),
        };
        let who = match viewer.principal() {
            Some(Principal::Member { name, role, .. }) => format!("{name} · {}", tr.t(&role_key(*role))),
            Some(Principal::SuperAdmin { email, .. }) => format!("{email} · {}", tr.t("panel-role-super-admin")),
            None => String::new(),
        };
        Chrome {
            title: tr.t(title_key),
            css: crate::catalog::assets::href("panel", "css"),
            js: crate::catalog::assets::href("panel", "js"),
            csrf: viewer.csrf.clone(),
            nav,
            who,
            signed_in: viewer.current.is_some(),
            notice: None,
            path: path.to_owned(),
            tr,
        }
    }

    /// Shows a confirmation named by a `?ok=` word (only known words are shown).
    pub fn notice(mut self, ok: Option<&str>) -> Self {
        self.notice = ok
            .filter(|w| w.len() <= 24 && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
            .map(|w| self.tr.t(&format!("panel-ok-{w}")))
            .filter(|text| !text.starts_with("panel-ok-"));
        self
    }
}

fn full(viewer: &Viewer) -> bool {
    viewer
        .current
        .as_ref()
        .is_some_and(|c| c.stage == crate::auth::Stage::Full)
}

pub fn tr(state: &AppState, lang: Lang) -> Tr<'_> {
    Tr {
        say: Say {
            i18n: &state.i18n,
            lang,
        },
    }
}

pub fn role_key(role: StaffRole) -> String {
    format!("panel-role-{}", role.as_str())
}

fn member_nav(tr: &Tr<'_>, role: StaffRole, path: &str) -> Vec<NavItem> {
    let mut items = vec![
        ("/dashboard", "panel-nav-home"),
        ("/dashboard/vehicles", "panel-nav-vehicles"),
        ("/dashboard/leads", "panel-nav-leads"),
        ("/dashboard/conversations", "panel-nav-conversations"),
        ("/dashboard/users", "panel-nav-users"),
    ];
    if role != StaffRole::Staff {
        items.push(("/dashboard/settings", "panel-nav-settings"));
    }
    nav(tr, &items, path, "/dashboard")
}

fn admin_nav(tr: &Tr<'_>, path: &str) -> Vec<NavItem> {
    let items = [
        ("/admin", "panel-nav-overview"),
        ("/admin/tenants", "panel-nav-tenants"),
        ("/admin/users", "panel-nav-people"),
        ("/admin/health", "panel-nav-health"),
        ("/admin/audit", "panel-nav-audit"),
        ("/admin/settings", "panel-nav-platform"),
    ];
    nav(tr, &items, path, "/admin")
}

fn nav(tr: &Tr<'_>, items: &[(&'static str, &str)], path: &str, root: &str) -> Vec<NavItem> {
    items
        .iter()
        .map(|(href, key)| NavItem {
            href,
            label: tr.t(key),
            active: if *href == root {
                path == root
            } else {
                path.starts_with(href)
            },
        })
        .collect()
}

/// Renders a template as a full page.
pub fn page(status: StatusCode, template: &impl Template) -> PanelResult {
    match template.render() {
        Ok(body) => Ok((status, Html(body)).into_response()),
        Err(e) => Err(PanelError::Internal(format!("template: {e}"))),
    }
}

pub fn ok(template: &impl Template) -> PanelResult {
    page(StatusCode::OK, template)
}

/// After a change: back to a page with a confirmation (POST, redirect, GET).
pub fn done(to: &str, ok: &str) -> PanelResult {
    let sep = if to.contains('?') { '&' } else { '?' };
    Ok(Redirect::to(&format!("{to}{sep}ok={ok}")).into_response())
}

#[derive(Template)]
#[template(path = "panel/error.html")]
struct ErrorPage<'a> {
    chrome: Chrome<'a>,
    message: String,
    home: &'static str,
}

fn plain_viewer(lang: Lang) -> Viewer {
    Viewer {
        current: None,
        lang,
        origin: crate::auth::service::Origin::default(),
        csrf: String::new(),
    }
}

/// The page shown for an error status.
pub fn error_page(state: &AppState, lang: Lang, status: StatusCode) -> Response {
    let key = match status {
        StatusCode::NOT_FOUND => "panel-error-not-found",
        StatusCode::FORBIDDEN => "panel-error-forbidden",
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => "panel-error-bad-request",
        StatusCode::PAYLOAD_TOO_LARGE => "panel-error-too-large",
        StatusCode::SERVICE_UNAVAILABLE => "panel-error-unavailable",
        _ => "panel-error-internal",
    };
    error_with(state, lang, status, key)
}

/// The page shown when a form came back without its CSRF token.
pub fn csrf_refused(state: &AppState, lang: Lang) -> Response {
    error_with(state, lang, StatusCode::FORBIDDEN, "panel-error-csrf")
}

fn error_with(state: &AppState, lang: Lang, status: StatusCode, key: &str) -> Response {
    let viewer = plain_viewer(lang);
    let chrome = Chrome::new(state, &viewer, "panel-error-title", "/");
    let message = chrome.tr.t(key);
    let template = ErrorPage {
        chrome,
        message,
        home: "/login",
    };
    match template.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(_) => status.into_response(),
    }
}

/// "27 Nov 2026 14.05" in Jakarta time.
pub fn when(at: time::OffsetDateTime) -> String {
    let local = crate::domain::in_jakarta(at);
    format!(
        "{:02}-{:02}-{} {:02}.{:02}",
        local.day(),
        u8::from(local.month()),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// A form field as typed: trimmed, `None` when left empty.
pub fn filled(raw: &str) -> Option<String> {
    Some(raw.trim().to_owned()).filter(|t| !t.is_empty())
}

/// "Rp 125.000.000".
pub fn rupiah(amount: i64) -> String {
    format!("Rp {}", crate::assistant::render::grouped(amount))
}
