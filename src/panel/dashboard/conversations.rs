//! Every chat of the showroom, live: customers and staff, on WhatsApp, Telegram and the web.
//! A person can reply from here (the chat goes to human mode, so the assistant stays quiet)
//! and hand the chat back to the assistant; "try the assistant" talks to it as a customer
//! would, over the web channel.

use super::member;
use crate::AppState;
use crate::audit::{self, Change};
use crate::channels::{Channel, InboundKind, InboundMessage, OutboundMessage, intake};
use crate::domain::utc_now;
use crate::panel::guard::Viewer;
use crate::panel::view::{self, Chrome, Notice, PanelError, PanelResult};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use serde_json::Value;
use std::time::Duration;

const CHATS_SHOWN: i64 = 100;
const LINES_SHOWN: i64 = 100;
const TRY_TIMEOUT: Duration = Duration::from_secs(20);
const MAX_REPLY: usize = 4000;

pub fn chat_href(channel: &str, chat_id: &str) -> String {
    format!(
        "/dashboard/conversations/{channel}/{}",
        utf8_percent_encode(chat_id, NON_ALPHANUMERIC)
    )
}

/// What a stored message says, as one line of text.
pub fn line_text(json: &str) -> String {
    let Ok(value) = serde_json::from_str::<Value>(json) else {
        return String::new();
    };
    let field = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
    if let Some(text) = field("text") {
        return text;
    }
    let photos = value
        .get("photos")
        .or_else(|| value.get("urls"))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let caption = field("caption").unwrap_or_default();
    if photos > 0 || value.get("url").is_some() {
        return format!("📷 ×{} {caption}", photos.max(1)).trim_end().to_owned();
    }
    field("title")
        .or_else(|| field("name"))
        .or_else(|| field("address"))
        .or_else(|| field("filename"))
        .unwrap_or_else(|| "…".to_owned())
}

pub struct ChatItem {
    pub href: String,
    pub who: String,
    pub channel: String,
    pub human: bool,
    pub last: String,
}

pub struct Line {
    pub from: String,
    pub class: &'static str,
    pub text: String,
    pub at: String,
    pub status: String,
}

fn try_chat_id(viewer: &Viewer) -> Result<String, PanelError> {
    let me = member(viewer)?;
    Ok(format!("panel-{}", me.account.simple()))
}

async fn lines(state: &AppState, viewer: &Viewer, channel: Channel, chat_id: &str) -> Result<Vec<Line>, PanelError> {
    let me = member(viewer)?;
    let tr = view::tr(state, viewer.lang);
    Ok(state
        .store
        .chat_lines(me.tenant, channel, chat_id, LINES_SHOWN)
        .await?
        .into_iter()
        .map(|l| {
            let (class, from) = match l.from.as_str() {
                "reply" => ("out", tr.t("panel-chat-from-reply")),
                "staff" => (
                    "in staff",
                    l.sender_name.clone().unwrap_or_else(|| tr.t("panel-chat-from-staff")),
                ),
                _ => (
                    "in",
                    l.sender_name
                        .clone()
                        .unwrap_or_else(|| tr.t("panel-chat-from-customer")),
                ),
            };
            Line {
                from,
                class,
                text: line_text(&l.message),
                at: view::when(l.at),
                status: l
                    .status
                    .map(|s| tr.t(&format!("panel-delivery-{s}")))
                    .unwrap_or_default(),
            }
        })
        .collect())
}

#[derive(Template)]
#[template(path = "panel/dashboard/conversations.html")]
struct ListPage<'a> {
    chrome: Chrome<'a>,
    chats: Vec<ChatItem>,
    tried: Vec<Line>,
}

pub async fn list(State(state): State<AppState>, viewer: Viewer, Query(notice): Query<Notice>) -> PanelResult {
    let me = member(&viewer)?;
    let now = utc_now();
    let try_id = try_chat_id(&viewer)?;
    let chats = state
        .store
        .chats(me.tenant, me.account, CHATS_SHOWN)
        .await?
        .into_iter()
        .filter(|c| !(c.channel == "web" && c.chat_id.starts_with("panel-")))
        .map(|c| ChatItem {
            href: chat_href(&c.channel, &c.chat_id),
            who: c
                .customer_name
                .clone()
                .or(c.phone.clone())
                .unwrap_or_else(|| c.chat_id.clone()),
            channel: c.channel,
            human: c.human_until.is_some_and(|t| t > now),
            last: view::when(c.last_at),
        })
        .collect();
    let tried = lines(&state, &viewer, Channel::Web, &try_id).await?;
    let chrome = Chrome::new(&state, &viewer, "panel-conversations-title", "/dashboard/conversations")
        .notice(notice.ok.as_deref());
    view::ok(&ListPage { chrome, chats, tried })
}

#[derive(Template)]
#[template(path = "panel/dashboard/thread.html")]
struct ThreadPage<'a> {
    chrome: Chrome<'a>,
    /// The customer's name, when the channel gave one.
    who: Option<String>,
    base: String,
    channel: String,
    chat_id: String,
    human_until: Option<String>,
    lines: Vec<Line>,
}

#[derive(Template)]
#[template(path = "panel/dashboard/_lines.html")]
struct Feed {
    lines: Vec<Line>,
}

/// The chat named in the URL, if it exists in this showroom.
async fn chat_of(
    state: &AppState,
    viewer: &Viewer,
    channel: &str,
    chat_id: &str,
) -> Result<(Channel, Option<time::OffsetDateTime>), PanelError> {
    let me = member(viewer)?;
    let channel: Channel = channel.parse().map_err(|_| PanelError::NotFound)?;
    // Each member's "try the assistant" chat is their own.
    if channel == Channel::Web && chat_id.starts_with("panel-") && chat_id != try_chat_id(viewer)? {
        return Err(PanelError::NotFound);
    }
    let mode = state
        .store
        .chat_mode(me.tenant, me.account, channel, chat_id)
        .await?
        .ok_or(PanelError::NotFound)?;
    Ok((channel, mode.filter(|until| *until > utc_now())))
}

pub async fn thread(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((channel, chat_id)): Path<(String, String)>,
    Query(notice): Query<Notice>,
) -> PanelResult {
    let (kind, human_until) = chat_of(&state, &viewer, &channel, &chat_id).await?;
    let base = chat_href(&channel, &chat_id);
    let chrome = Chrome::new(&state, &viewer, "panel-thread-title", &base).notice(notice.ok.as_deref());
    let lines = lines(&state, &viewer, kind, &chat_id).await?;
    let who = lines
        .iter()
        .find(|l| l.class == "in")
        .map(|l| l.from.clone())
        .filter(|name| *name != chrome.tr.t("panel-chat-from-customer"));
    let page = ThreadPage {
        who,
        lines,
        chrome,
        base,
        channel,
        chat_id,
        human_until: human_until.map(view::when),
    };
    view::ok(&page)
}

pub async fn feed(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((channel, chat_id)): Path<(String, String)>,
) -> PanelResult {
    let (kind, _) = chat_of(&state, &viewer, &channel, &chat_id).await?;
    view::ok(&Feed {
        lines: lines(&state, &viewer, kind, &chat_id).await?,
    })
}

#[derive(Deserialize)]
pub struct TextForm {
    #[serde(default)]
    text: String,
}

pub async fn reply(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((channel, chat_id)): Path<(String, String)>,
    Form(form): Form<TextForm>,
) -> PanelResult {
    let me = member(&viewer)?;
    let (kind, _) = chat_of(&state, &viewer, &channel, &chat_id).await?;
    let text: String = form.text.trim().chars().take(MAX_REPLY).collect();
    let base = chat_href(&channel, &chat_id);
    if text.is_empty() {
        return view::done(&base, "empty");
    }
    let now = utc_now();
    let message = OutboundMessage::Text { text: text.clone() };
    let until = now + crate::assistant::HUMAN_FOR;
    if !state
        .store
        .queue_staff_reply(me.tenant, kind, &chat_id, &message, until, now)
        .await?
    {
        return Err(PanelError::NotFound);
    }
    state.wake.notify_waiters();
    let change = Change::new(Some(me.tenant), &me.actor, "conversation.reply")
        .target(format!("{channel}:{chat_id}"))
        .after(serde_json::json!({ "text": text }));
    audit::record(&state, change).await;
    view::done(&base, "sent")
}

async fn set_mode(state: &AppState, viewer: &Viewer, channel: &str, chat_id: &str, human: bool) -> PanelResult {
    let me = member(viewer)?;
    let (kind, _) = chat_of(state, viewer, channel, chat_id).await?;
    let now = utc_now();
    let until = human.then(|| now + crate::assistant::HUMAN_FOR);
    state
        .store
        .set_conversation_mode(me.tenant, kind, chat_id, until, now)
        .await?;
    let action = if human {
        "conversation.takeover"
    } else {
        "conversation.release"
    };
    let change = Change::new(Some(me.tenant), &me.actor, action).target(format!("{channel}:{chat_id}"));
    audit::record(state, change).await;
    view::done(&chat_href(channel, chat_id), if human { "taken" } else { "released" })
}

pub async fn takeover(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((channel, chat_id)): Path<(String, String)>,
) -> PanelResult {
    set_mode(&state, &viewer, &channel, &chat_id, true).await
}

pub async fn release(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((channel, chat_id)): Path<(String, String)>,
) -> PanelResult {
    set_mode(&state, &viewer, &channel, &chat_id, false).await
}

/// Sends a line to the assistant as a customer on the web channel and waits for its answer.
pub async fn try_assistant(State(state): State<AppState>, viewer: Viewer, Form(form): Form<TextForm>) -> PanelResult {
    let me = member(&viewer)?;
    let text: String = form.text.trim().chars().take(MAX_REPLY).collect();
    if text.is_empty() {
        return view::done("/dashboard/conversations", "empty");
    }
    let chat_id = try_chat_id(&viewer)?;
    let mut replies = state.web_chats.open(&chat_id);
    let message = InboundMessage {
        tenant_id: me.tenant,
        channel: Channel::Web,
        chat_id: chat_id.clone(),
        sender_id: chat_id.clone(),
        sender_name: None,
        kind: InboundKind::Text { text },
        provider_message_id: uuid::Uuid::new_v4().to_string(),
        sent_at: utc_now(),
    };
    intake::accept(&state.store, &message).await?;
    let workers = crate::jobs::Workers::new(state.clone(), crate::jobs::WorkerConfig::default());
    if let Err(e) =
        crate::channels::web::converse(&state, &workers, me.tenant, &chat_id, &mut replies, TRY_TIMEOUT).await
    {
        tracing::warn!(error = %e, "panel: the assistant did not answer the try box in time");
    }
    Ok(axum::response::Redirect::to("/dashboard/conversations#try").into_response())
}

use axum::response::IntoResponse;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_messages_read_as_one_line() {
        assert_eq!(line_text(r#"{"type":"text","text":"halo"}"#), "halo");
        assert_eq!(line_text(r#"{"type":"photos","urls":["a","b"]}"#), "📷 ×2");
        assert_eq!(
            line_text(r#"{"type":"photo","url":"a","caption":"Brio"}"#),
            "📷 ×1 Brio"
        );
        assert_eq!(line_text("not json"), "");
        assert_eq!(
            chat_href("whatsapp", "+62 812"),
            "/dashboard/conversations/whatsapp/%2B62%20812"
        );
    }
}
