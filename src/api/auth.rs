//! Who is calling the JSON API: a tenant API key (`Authorization: Bearer alk_…`) or a panel
//! session cookie (with its CSRF token in `x-csrf-token` on anything but GET). The tenant comes
//! from the key or the session and from nothing else. Each request counts against the
//! tenant's rate limit. Also the JSON login endpoints, which begin the same sessions as the
//! panel's login pages.

use super::error::{ApiError, ErrorCode};
use super::extract::ApiJson;
use crate::AppState;
use crate::auth::service::{self, AuthError, Origin, Realm};
use crate::auth::{Principal, Stage, secrets, session};
use crate::tenants::{ApiKey, StaffRole, Tenant};
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Json, Router};
use serde::Deserialize;
use std::net::SocketAddr;
use std::time::Duration;

/// The tenant whose API key or session signed this request, and who is acting: `api` for a
/// key, the person (`panel:<email>`) for a session, as the audit log and history name them.
pub struct AuthTenant(pub Tenant, pub String);

fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| session::cookie_value(h, session::COOKIE))
}

/// The tenant of a signed-in showroom member, checking CSRF on changes and that staff do not
/// delete.
async fn tenant_of_session(parts: &Parts, state: &AppState, token: &str) -> Result<(Tenant, String), ApiError> {
    let current = service::current(state, token)
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
        .filter(|c| c.stage == Stage::Full)
        .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized))?;
    let actor = current.principal.actor();
    let Principal::Member { tenant, role, .. } = current.principal else {
        return Err(ApiError::new(ErrorCode::Forbidden));
    };
    if parts.method != Method::GET && parts.method != Method::HEAD {
        let presented = parts
            .headers
            .get(crate::panel::guard::CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !secrets::same(presented, &current.csrf_token) {
            return Err(ApiError::new(ErrorCode::CsrfFailed));
        }
    }
    if parts.method == Method::DELETE && role == StaffRole::Staff {
        return Err(ApiError::new(ErrorCode::Forbidden));
    }
    let (tenant, _) = state
        .store
        .tenant_with_profile(tenant)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized))?;
    Ok((tenant, actor))
}

impl FromRequestParts<AppState> for AuthTenant {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let (tenant, actor) = match (bearer, session_token(&parts.headers)) {
            (Some(key), _) => {
                let (tenant, suspended) = state
                    .store
                    .tenant_by_key_hash(&ApiKey::from_presented(key).hash())
                    .await?
                    .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized))?;
                if suspended {
                    return Err(ApiError::new(ErrorCode::Suspended));
                }
                (tenant, "api".to_owned())
            }
            // A session of a suspended showroom is already gone (`service::current`).
            (None, Some(token)) => tenant_of_session(parts, state, token).await?,
            (None, None) => return Err(ApiError::new(ErrorCode::Unauthorized)),
        };
        let hits = state
            .kv
            .hit(&format!("api:{}", tenant.id), Duration::from_secs(60))
            .await;
        if hits > u64::from(state.settings.api_rate_limit_per_minute) {
            return Err(ApiError::new(ErrorCode::RateLimited));
        }
        tracing::Span::current().record("tenant.id", tracing::field::display(tenant.id));
        Ok(AuthTenant(tenant, actor))
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/login", post(login))
        .route("/api/v1/auth/admin/login", post(admin_login))
}

/// Email and password, and the current code from the authenticator app when the account
/// has a second factor.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    email: String,
    password: String,
    code: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Response, ApiError> {
    let origin = origin(&state, peer, &headers);
    sign_in(&state, Realm::Showroom, origin, body).await
}

async fn admin_login(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Response, ApiError> {
    let origin = origin(&state, peer, &headers);
    sign_in(&state, Realm::Platform, origin, body).await
}

fn origin(state: &AppState, peer: Option<Extension<ConnectInfo<SocketAddr>>>, headers: &HeaderMap) -> Origin {
    let peer = peer.map(|Extension(ConnectInfo(addr))| addr.ip());
    Origin {
        ip: crate::client_ip::client_ip(headers, peer, &state.settings.trusted_proxies).map(|ip| ip.to_string()),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(200).collect()),
    }
}

fn refused(e: AuthError) -> ApiError {
    match e {
        AuthError::Invalid => ApiError::new(ErrorCode::InvalidCredentials),
        AuthError::Throttled => ApiError::new(ErrorCode::TooManyAttempts),
        AuthError::Suspended => ApiError::new(ErrorCode::Suspended),
        AuthError::TooLong => ApiError::new(ErrorCode::FieldTooLong),
        AuthError::Store(e) => e.into(),
        AuthError::Internal(why) => ApiError::internal(why),
    }
}

/// Begins a session; with `code`, goes through the second factor in the same call. The
/// answer says which step is next and carries the CSRF token for later changes.
async fn sign_in(state: &AppState, realm: Realm, origin: Origin, body: LoginBody) -> Result<Response, ApiError> {
    let email = body.email.trim();
    let mut session = match service::login(state, realm, email, &body.password, &origin).await {
        Ok(s) => s,
        Err(e) => {
            let actor = format!("api:{}", email.to_lowercase());
            service::note_refusal(state, email, &actor, &e).await;
            return Err(refused(e));
        }
    };
    let actor = format!("api:{}", email.to_lowercase());
    if let (Stage::SecondFactor, Some(code)) = (session.stage, body.code.as_deref()) {
        let current = service::current(state, &session.token)
            .await
            .map_err(refused)?
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidCredentials))?;
        session = service::second_factor(state, &current, code, &origin)
            .await
            .map_err(refused)?;
    }
    let current = service::current(state, &session.token)
        .await
        .map_err(refused)?
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidCredentials))?;
    crate::audit::record(state, crate::audit::Change::new(None, &actor, "auth.login.api")).await;
    let next = match session.stage {
        Stage::SecondFactor => "second_factor",
        Stage::Enroll => "enroll",
        Stage::Full => "done",
    };
    let data = serde_json::json!({ "data": { "stage": next, "csrf_token": current.csrf_token } });
    let mut response = (StatusCode::OK, Json(data)).into_response();
    if let Ok(v) = HeaderValue::from_str(&session::cookie(&session.token)) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}
