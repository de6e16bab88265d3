//! The web chat channel: messages typed in the terminal (`autolumiku chat`) or the panel's
//! "try the assistant" box. Replies are delivered to whoever holds the chat's mailbox in this
//! process.

use super::domain::OutboundMessage;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// Open web chats of this process, by chat id.
#[derive(Clone, Default)]
pub struct WebChats {
    open: Arc<Mutex<HashMap<String, mpsc::UnboundedSender<OutboundMessage>>>>,
}

impl WebChats {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<String, mpsc::UnboundedSender<OutboundMessage>>) -> T) -> T {
        // A poisoned map only means another thread panicked while holding it; it is intact.
        let mut open = self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut open)
    }

    /// Opens a chat and returns where its replies arrive.
    pub fn open(&self, chat_id: &str) -> mpsc::UnboundedReceiver<OutboundMessage> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.with(|open| open.insert(chat_id.to_owned(), tx));
        rx
    }

    /// Delivers a reply; `false` when nobody holds the chat here (the sender retries).
    pub fn deliver(&self, chat_id: &str, message: OutboundMessage) -> bool {
        self.with(|open| open.get(chat_id).is_some_and(|tx| tx.send(message).is_ok()))
    }
}

/// Runs a web chat's queued message through the assistant and its replies through the
/// chat's own send queue, here, until nothing is left for the chat; returns the replies.
pub async fn converse(
    state: &crate::AppState,
    workers: &crate::jobs::Workers,
    tenant: crate::domain::TenantId,
    chat_id: &str,
    replies: &mut mpsc::UnboundedReceiver<OutboundMessage>,
    timeout: std::time::Duration,
) -> anyhow::Result<Vec<OutboundMessage>> {
    let queue = crate::store::send_queue(super::Channel::Web, chat_id);
    let started = std::time::Instant::now();
    let mut out = Vec::new();
    loop {
        workers.process_inbox_once().await?;
        workers.send_outbox_once(&queue).await?;
        while let Ok(reply) = replies.try_recv() {
            out.push(reply);
        }
        if state
            .store
            .open_jobs_for_chat(tenant, super::Channel::Web, chat_id)
            .await?
            == 0
        {
            return Ok(out);
        }
        if started.elapsed() > timeout {
            anyhow::bail!("no reply within {} s", timeout.as_secs());
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
