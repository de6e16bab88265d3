//! Channel-neutral message types and phone numbers. Pure.

use crate::domain::TenantId;
use serde::{Deserialize, Serialize};
use std::fmt;
use time::OffsetDateTime;

/// Where a conversation happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Whatsapp,
    Telegram,
    Web,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Whatsapp => "whatsapp",
            Channel::Telegram => "telegram",
            Channel::Web => "web",
        }
    }
}

impl std::str::FromStr for Channel {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "whatsapp" => Ok(Channel::Whatsapp),
            "telegram" => Ok(Channel::Telegram),
            "web" => Ok(Channel::Web),
            _ => Err(()),
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A file held by the provider (WhatsApp media id, Telegram file id) or a local path (web).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRef {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime: Option<String>,
    /// Where the file is in our media store once fetched from the provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored: Option<String>,
    /// Why the photo was not taken in (a Fluent key), when it was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

/// What a message carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboundKind {
    Text {
        text: String,
    },
    Photos {
        photos: Vec<MediaRef>,
        caption: Option<String>,
    },
    /// A tapped button or list row.
    Interactive {
        id: String,
        title: String,
    },
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
    Audio {
        media: MediaRef,
        voice: bool,
    },
    Document {
        media: MediaRef,
        filename: Option<String>,
        caption: Option<String>,
    },
    /// Reactions, stickers, contacts... recorded and answered politely, never dropped.
    Unsupported {
        what: String,
    },
}

impl InboundKind {
    /// The words in the message, for the intent engine (a caption counts).
    pub fn text(&self) -> Option<&str> {
        match self {
            InboundKind::Text { text } => Some(text),
            InboundKind::Photos { caption, .. } | InboundKind::Document { caption, .. } => caption.as_deref(),
            InboundKind::Interactive { title, .. } => Some(title),
            _ => None,
        }
    }
}

/// One message from a person, whatever the channel.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundMessage {
    pub tenant_id: TenantId,
    pub channel: Channel,
    pub chat_id: String,
    pub sender_id: String,
    pub sender_name: Option<String>,
    pub kind: InboundKind,
    /// Unique per channel and tenant: a second delivery of the same id is a no-op.
    pub provider_message_id: String,
    pub sent_at: OffsetDateTime,
}

/// A choice offered as a button or list row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub title: String,
}

/// One message from the bot, whatever the channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OutboundMessage {
    Text {
        text: String,
    },
    Photo {
        url: String,
        caption: Option<String>,
    },
    Photos {
        urls: Vec<String>,
    },
    Choices {
        text: String,
        choices: Vec<Choice>,
    },
    Contact {
        name: String,
        phone: String,
    },
    Document {
        url: String,
        filename: String,
        caption: Option<String>,
    },
}

/// Who sent a message, as proven by the channel (registered phone or linked Telegram user).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SenderRole {
    Staff,
    Customer,
}

impl SenderRole {
    pub fn as_str(self) -> &'static str {
        match self {
            SenderRole::Staff => "staff",
            SenderRole::Customer => "customer",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_kinds_round_trip_as_json() {
        let kind = InboundKind::Photos {
            photos: vec![MediaRef {
                stored: None,
                refused: None,
                id: "m1".into(),
                mime: None,
            }],
            caption: Some("brio".into()),
        };
        let json = serde_json::to_string(&kind).unwrap_or_default();
        assert_eq!(serde_json::from_str::<InboundKind>(&json).ok(), Some(kind.clone()));
        assert_eq!(kind.text(), Some("brio"));
    }
}
