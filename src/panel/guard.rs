//! The guard every panel route runs behind: reads the session from its cookie, decides from
//! the route's [`Access`] whether the request may go on, checks the CSRF token of anything
//! that is not a GET, picks the language, and turns a handler's [`PanelError`] into a page.

use super::view::{self, ErrorMark};
use crate::AppState;
use crate::auth::service::{self, Current, Origin};
use crate::auth::session::{self, Decision, decide};
use crate::auth::{Access, Principal, secrets};
use crate::i18n::Lang;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;

/// The cookie holding the CSRF token of forms shown before a session exists (login, setup):
/// the form must send back the same value (double submit).
pub const PRE_COOKIE: &str = "__Host-alk_pre";
const LANG_COOKIE: &str = "alk_lang";
/// The header scripts send the CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The largest form the guard reads to find its CSRF token.
const MAX_FORM: usize = 256 * 1024;

#[derive(Clone)]
pub struct Guard {
    pub state: AppState,
    pub access: Access,
}

/// What a panel handler knows about the request's person, language and origin.
#[derive(Clone)]
pub struct Viewer {
    pub current: Option<Current>,
    pub lang: Lang,
    pub origin: Origin,
    /// The token forms on this page carry.
    pub csrf: String,
}

impl Viewer {
    pub fn principal(&self) -> Option<&Principal> {
        self.current.as_ref().map(|c| &c.principal)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = super::PanelError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .ok_or(super::PanelError::Forbidden)
    }
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| session::cookie_value(h, name))
}

fn language(parts: &Parts) -> (Lang, bool) {
    let asked = parts
        .uri
        .query()
        .and_then(|q| url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "lang"))
        .and_then(|(_, v)| match v.as_ref() {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        });
    if let Some(lang) = asked {
        return (lang, true);
    }
    let lang = match cookie(&parts.headers, LANG_COOKIE) {
        Some("en") => Lang::En,
        Some("id") => Lang::Id,
        _ => Lang::Id,
    };
    (lang, false)
}

fn origin_of(parts: &Parts, state: &AppState) -> Origin {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let ip =
        crate::client_ip::client_ip(&parts.headers, peer, &state.settings.trusted_proxies).map(|ip| ip.to_string());
    let user_agent = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(200).collect());
    Origin { ip, user_agent }
}

/// A browser's `Origin` header, when present, must be this site — the host the request was
/// sent to, or `PUBLIC_URL` (a proxy may rewrite the host): a second line of defence behind
/// the token (and the only one browsers add on their own).
fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    origin.eq_ignore_ascii_case(public_url.trim_end_matches('/'))
        || origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(host))
}

/// The CSRF token a request presents: the header, else the `csrf` field of a URL-encoded
/// form (read and put back), else the `csrf` query parameter (multipart uploads).
async fn presented_token(parts: &Parts, body: Body) -> Result<(Option<String>, Body), StatusCode> {
    if let Some(token) = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return Ok((Some(token.to_owned()), body));
    }
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if is_form {
        let bytes = axum::body::to_bytes(body, MAX_FORM)
            .await
            .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE)?;
        let token = url::form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.into_owned());
        return Ok((token, Body::from(bytes)));
    }
    let token = parts
        .uri
        .query()
        .and_then(|q| url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "csrf"))
        .map(|(_, v)| v.into_owned());
    Ok((token, body))
}

pub async fn guard(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    let state = &guard.state;
    let (mut parts, body) = request.into_parts();
    let (lang, lang_asked) = language(&parts);
    let origin = origin_of(&parts, state);
    let current = match cookie(&parts.headers, session::COOKIE) {
        Some(token) => match service::current(state, token).await {
            Ok(current) => current,
            Err(e) => {
                tracing::error!(error = %e, "panel: cannot read the session");
                return view::error_page(state, lang, StatusCode::SERVICE_UNAVAILABLE);
            }
        },
        None => None,
    };
    let decision = decide(
        guard.access,
        current.as_ref().map(|c| c.stage),
        current.as_ref().map(|c| &c.principal),
    );
    match decision {
        Decision::Allow => {}
        Decision::Login(page) => return Redirect::to(page).into_response(),
        Decision::Forbidden => return view::error_page(state, lang, StatusCode::FORBIDDEN),
    }
    // Forms shown before a session exists are protected by a cookie of their own.
    let pre_cookie = cookie(&parts.headers, PRE_COOKIE).map(str::to_owned);
    let (csrf, new_pre) = match (&current, pre_cookie) {
        (Some(c), _) => (c.csrf_token.clone(), None),
        (None, Some(pre)) if pre.len() >= 32 => (pre, None),
        (None, _) => {
            let token = secrets::token();
            (token.clone(), Some(token))
        }
    };
    let body = if parts.method == Method::GET || parts.method == Method::HEAD {
        body
    } else {
        let (presented, body) = match presented_token(&parts, body).await {
            Ok(found) => found,
            Err(status) => return view::error_page(state, lang, status),
        };
        let valid = new_pre.is_none() && presented.is_some_and(|p| secrets::same(&p, &csrf));
        if !valid || !same_origin(&parts.headers, &state.settings.public_url) {
            tracing::warn!(path = %crate::telemetry::loggable_path(parts.uri.path()), "panel: request refused, CSRF token missing or wrong");
            return view::csrf_refused(state, lang);
        }
        body
    };
    parts.extensions.insert(Viewer {
        current,
        lang,
        origin,
        csrf,
    });
    let request = Request::from_parts(parts, body);
    let mut response = next.run(request).await;
    if let Some(ErrorMark(status)) = response.extensions().get::<ErrorMark>().copied() {
        response = view::error_page(state, lang, status);
    }
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(pre) = new_pre
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{PRE_COOKIE}={pre}; Path=/; HttpOnly; Secure; SameSite=Strict"
        ))
    {
        h.append(header::SET_COOKIE, v);
    }
    if lang_asked {
        let code = if lang == Lang::En { "en" } else { "id" };
        if let Ok(v) = HeaderValue::from_str(&format!("{LANG_COOKIE}={code}; Path=/; Max-Age=31536000; SameSite=Lax")) {
            h.append(header::SET_COOKIE, v);
        }
    }
    response
}
