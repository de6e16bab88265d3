//! The web chat channel: messages typed in the terminal (`autolumiku chat`) or, later, the
//! admin panel. Replies are delivered to whoever holds the chat's mailbox in this process.

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
