//! `GET /webhooks/whatsapp` (the subscription handshake) and `POST /webhooks/whatsapp` (signed
//! events). The signature is checked over the raw bytes before anything is parsed; messages
//! are stored in the inbox and answered later; the 200 means "stored", and a database
//! failure answers 503 so Meta delivers again.

use super::payload::{self, Events};
use super::signature;
use crate::AppState;
use crate::channels::domain::{Channel, InboundMessage};
use crate::channels::intake;
use crate::store::StoreError;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use secrecy::ExposeSecret;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/webhooks/whatsapp", get(verify_subscription).post(receive_events))
}

#[derive(Deserialize)]
struct Handshake {
    #[serde(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    challenge: Option<String>,
}

/// Echoes the challenge, only for a subscribe request carrying our verify token.
async fn verify_subscription(State(state): State<AppState>, Query(hs): Query<Handshake>) -> Result<String, StatusCode> {
    let expected = state
        .settings
        .whatsapp
        .verify_token
        .as_ref()
        .map(|t| t.expose_secret().to_owned());
    let presented = hs.verify_token.as_deref().unwrap_or_default();
    let token_ok = expected.is_some_and(|t| crate::domain::same_secret(presented.as_bytes(), t.as_bytes()));
    match (hs.mode.as_deref(), hs.challenge) {
        (Some("subscribe"), Some(challenge)) if token_ok => Ok(challenge),
        _ => {
            tracing::warn!("whatsapp handshake refused: wrong mode or verify token");
            Err(StatusCode::FORBIDDEN)
        }
    }
}

async fn receive_events(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let Some(secret) = &state.settings.whatsapp.app_secret else {
        tracing::warn!("whatsapp webhook refused: WHATSAPP_APP_SECRET is not configured");
        return StatusCode::SERVICE_UNAVAILABLE;
    };
    let header = headers.get("x-hub-signature-256").and_then(|v| v.to_str().ok());
    if !signature::verify(secret.expose_secret().as_bytes(), &body, header) {
        tracing::warn!(has_header = header.is_some(), "whatsapp webhook refused: bad signature");
        return StatusCode::UNAUTHORIZED;
    }
    let parsed: payload::Body = match serde_json::from_slice(&body) {
        Ok(parsed) => parsed,
        Err(e) => {
            tracing::warn!(error = %e, "whatsapp webhook ignored: not a webhook body");
            return StatusCode::BAD_REQUEST;
        }
    };
    match store_events(&state, payload::events(parsed)).await {
        Ok(()) => StatusCode::OK,
        Err(e) => {
            tracing::error!(error = %e, "whatsapp webhook not stored; Meta will retry");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// Stores every message (once) and applies every delivery report.
async fn store_events(state: &AppState, events: Events) -> Result<(), StoreError> {
    let mut accepted = false;
    for m in events.messages {
        let Some(tenant) = state.store.tenant_by_whatsapp(&m.phone_number_id).await? else {
            tracing::warn!(whatsapp.phone_number_id = %m.phone_number_id, "message for an unknown number ignored");
            continue;
        };
        let msg = InboundMessage {
            tenant_id: tenant,
            channel: Channel::Whatsapp,
            chat_id: m.from.clone(),
            sender_id: m.from,
            sender_name: m.name,
            kind: m.kind,
            provider_message_id: m.id,
            sent_at: m.sent_at,
        };
        accepted |= intake::accept(&state.store, &msg).await? == intake::Intake::Accepted;
    }
    for (phone_number_id, status) in events.statuses {
        let Some(tenant) = state.store.tenant_by_whatsapp(&phone_number_id).await? else {
            continue;
        };
        let error = status.errors.first().map(|e| format!("{} {}", e.code, e.title));
        // A report naming a reply whose sender died before hearing the provider's answer
        // settles it as sent, so it is not sent again.
        if let Some(outbox_id) = status.biz_opaque_callback_data.as_deref().and_then(super::reference_of)
            && status.status != "failed"
        {
            state
                .store
                .settle_sent(tenant, outbox_id, &status.id, crate::domain::utc_now())
                .await?;
        }
        state
            .store
            .record_delivery(tenant, &status.id, &status.status, error.as_deref())
            .await?;
    }
    if accepted {
        state.wake.notify_one();
    }
    Ok(())
}
