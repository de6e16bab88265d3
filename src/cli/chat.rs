//! `autolumiku chat`: the web chat channel in a terminal. Each line goes through the same
//! inbox → assistant → outbox path as WhatsApp and Telegram; the bot's replies to one line are
//! printed before the next line is read, so a script can be piped in.

use crate::AppState;
use crate::channels::domain::MediaRef;
use crate::channels::{Channel, InboundKind, InboundMessage, OutboundMessage, intake};
use crate::domain::utc_now;
use crate::jobs::{WorkerConfig, Workers};
use anyhow::{Context, bail};
use std::io::IsTerminal;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::mpsc::UnboundedReceiver;

/// Who the terminal user is.
pub struct ChatAs {
    pub tenant_slug: String,
    pub staff: bool,
    pub phone: Option<String>,
}

/// Longest wait for the replies to one line before giving up on them.
const REPLY_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn run(state: AppState, who: ChatAs) -> anyhow::Result<()> {
    let store = &state.store;
    let tenant = super::admin::find_tenant(&state, &who.tenant_slug).await?;
    let phone = who.phone.as_deref().map(|p| {
        crate::domain::Phone::parse_typed(p)
            .map(crate::domain::Phone::into_string)
            .with_context(|| format!("{p:?} is not a phone number"))
    });
    let phone = phone.transpose()?;
    if who.staff {
        let Some(phone) = &phone else {
            bail!("--as staff needs --phone with a registered staff number")
        };
        if store.staff_by_phone(tenant.id, phone).await?.is_none() {
            bail!(
                "{phone} is not a staff phone of {} (add it with: autolumiku staff add)",
                tenant.slug
            );
        }
    }
    let sender = phone.unwrap_or_else(|| format!("web-{}", uuid::Uuid::new_v4().simple()));
    let chat_id = sender.clone();
    let mut replies = state.web_chats.open(&chat_id);
    let workers = Workers::new(
        state.clone(),
        WorkerConfig {
            idle: Duration::from_millis(20),
            ..WorkerConfig::default()
        },
    );
    let interactive = std::io::stdin().is_terminal();
    if interactive {
        println!(
            "Chatting with {} as {} ({}). /photo PATH sends a picture; Ctrl+D ends.",
            tenant.name,
            if who.staff { "staff" } else { "customer" },
            sender
        );
    }
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    while let Some(line) = lines.next_line().await? {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(kind) = message_kind(line) else { continue };
        let msg = InboundMessage {
            tenant_id: tenant.id,
            channel: Channel::Web,
            chat_id: chat_id.clone(),
            sender_id: sender.clone(),
            sender_name: None,
            kind,
            provider_message_id: uuid::Uuid::new_v4().to_string(),
            sent_at: utc_now(),
        };
        intake::accept(store, &msg).await?;
        deliver(&state, &workers, tenant.id, &chat_id, &mut replies).await?;
    }
    Ok(())
}

/// A typed line as a message; `/photo PATH` sends a local picture.
fn message_kind(line: &str) -> Option<InboundKind> {
    let Some(path) = line.strip_prefix("/photo ") else {
        return Some(InboundKind::Text { text: line.to_owned() });
    };
    let path = path.trim();
    if !std::path::Path::new(path).is_file() {
        eprintln!("no such file: {path}");
        return None;
    }
    Some(InboundKind::Photos {
        photos: vec![MediaRef {
            stored: None,
            refused: None,
            id: path.to_owned(),
            mime: None,
        }],
        caption: None,
    })
}

/// Works this chat's inbox and outbox until its replies are printed.
async fn deliver(
    state: &AppState,
    workers: &Workers,
    tenant: crate::domain::TenantId,
    chat_id: &str,
    replies: &mut UnboundedReceiver<OutboundMessage>,
) -> anyhow::Result<()> {
    let got = crate::channels::web::converse(state, workers, tenant, chat_id, replies, REPLY_TIMEOUT).await?;
    got.iter().for_each(print_reply);
    Ok(())
}

fn print_reply(reply: &OutboundMessage) {
    match reply {
        OutboundMessage::Text { text } => println!("bot> {text}"),
        OutboundMessage::Photo { url, caption } => println!("bot> [foto {url}] {}", caption.as_deref().unwrap_or("")),
        OutboundMessage::Photos { urls } => println!("bot> [{} foto] {}", urls.len(), urls.join(" ")),
        OutboundMessage::Choices { text, choices } => {
            println!("bot> {text}");
            for (i, c) in choices.iter().enumerate() {
                println!("     {}. {}", i + 1, c.title);
            }
        }
        OutboundMessage::Contact { name, phone } => println!("bot> [kontak] {name} {phone}"),
        OutboundMessage::Document { url, filename, .. } => println!("bot> [dokumen {filename}] {url}"),
    }
}
