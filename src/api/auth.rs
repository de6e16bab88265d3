//! Tenant authentication for the JSON API: the tenant comes from the bearer API key and from
//! nothing else. Each authenticated request also counts against the tenant's rate limit.

use super::error::{ApiError, ErrorCode};
use crate::AppState;
use crate::tenants::{ApiKey, Tenant};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use std::time::Duration;

/// The tenant whose API key signed this request.
pub struct AuthTenant(pub Tenant);

impl FromRequestParts<AppState> for AuthTenant {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(ApiKey::from_presented)
            .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized))?;
        let tenant = state
            .store
            .tenant_by_key_hash(&presented.hash())
            .await?
            .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized))?;
        let hits = state
            .kv
            .hit(&format!("api:{}", tenant.id), Duration::from_secs(60))
            .await;
        if hits > u64::from(state.settings.api_rate_limit_per_minute) {
            return Err(ApiError::new(ErrorCode::RateLimited));
        }
        tracing::Span::current().record("tenant.id", tracing::field::display(tenant.id));
        Ok(AuthTenant(tenant))
    }
}
