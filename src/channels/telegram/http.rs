//! `POST /webhooks/telegram/{bot_id}`: the bot id routes to the tenant, the
//! `X-Telegram-Bot-Api-Secret-Token` header proves the call comes from Telegram (checked in
//! constant time before the body is read), and the update is stored once, keyed by its
//! `update_id`.

use super::payload::{self, link_code};
use crate::AppState;
use crate::channels::domain::{Channel, InboundMessage};
use crate::channels::intake;
use crate::store::StoreError;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use secrecy::ExposeSecret;

pub fn router() -> Router<AppState> {
    Router::new().route("/webhooks/telegram/{bot_id}", post(receive_update))
}

async fn receive_update(
    State(state): State<AppState>,
    Path(bot_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let bot = match state.store.telegram_bot(&bot_id).await {
        Ok(Some(bot)) => bot,
        Ok(None) => {
            tracing::warn!("telegram update for an unknown bot refused");
            return StatusCode::UNAUTHORIZED;
        }
        Err(e) => {
            tracing::error!(error = %e, "telegram update not stored; Telegram will retry");
            return StatusCode::SERVICE_UNAVAILABLE;
        }
    };
    let presented = headers
        .get("x-telegram-bot-api-secret-token")
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !crate::domain::same_secret(presented, bot.secret_token.expose_secret().as_bytes()) {
        tracing::warn!(tenant.id = %bot.tenant, "telegram update refused: wrong secret token");
        return StatusCode::UNAUTHORIZED;
    }
    let update = match serde_json::from_slice(&body) {
        Ok(update) => update,
        Err(e) => {
            tracing::warn!(error = %e, "telegram update ignored: not an update");
            return StatusCode::BAD_REQUEST;
        }
    };
    let Some(incoming) = payload::incoming(&update) else {
        return StatusCode::OK;
    };
    match store(&state, bot.tenant, incoming).await {
        Ok(()) => StatusCode::OK,
        Err(e) => {
            tracing::error!(error = %e, "telegram update not stored; Telegram will retry");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

async fn store(
    state: &AppState,
    tenant: crate::domain::TenantId,
    incoming: payload::Incoming,
) -> Result<(), StoreError> {
    if let Some(code) = link_code(&incoming.kind) {
        let hash = crate::tenants::domain::hash_secret(code);
        let linked = state.store.link_telegram(tenant, &hash, &incoming.sender_id).await?;
        tracing::info!(tenant.id = %tenant, linked, "telegram link code presented");
    }
    let msg = InboundMessage {
        tenant_id: tenant,
        channel: Channel::Telegram,
        chat_id: incoming.chat_id,
        sender_id: incoming.sender_id,
        sender_name: incoming.sender_name,
        kind: incoming.kind,
        provider_message_id: incoming.update_id.to_string(),
        sent_at: incoming.sent_at,
    };
    if intake::accept(&state.store, &msg).await? == intake::Intake::Accepted {
        state.wake.notify_one();
    }
    Ok(())
}
