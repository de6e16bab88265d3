//! A Telegram update as one `InboundMessage`'s parts: text, photo with caption (largest size),
//! albums (one message per photo, kept together by the chat's order), callback queries.

use crate::channels::domain::{InboundKind, MediaRef};
use teloxide_core::types::{Message, Update, UpdateKind};
use time::OffsetDateTime;

/// One update, before its tenant is attached.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub update_id: u32,
    pub chat_id: String,
    pub sender_id: String,
    pub sender_name: Option<String>,
    pub kind: InboundKind,
    pub sent_at: OffsetDateTime,
}

fn unix(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(seconds).unwrap_or_else(|_| crate::domain::utc_now())
}

fn kind_of(message: &Message) -> InboundKind {
    if let Some(photos) = message.photo() {
        // Telegram lists every size; the last is the largest.
        let largest = photos.iter().max_by_key(|p| u64::from(p.width) * u64::from(p.height));
        let photos = largest
            .map(|p| {
                vec![MediaRef {
                    stored: None,
                    refused: None,
                    id: p.file.id.to_string(),
                    mime: None,
                }]
            })
            .unwrap_or_default();
        return InboundKind::Photos {
            photos,
            caption: message.caption().map(str::to_owned),
        };
    }
    if let Some(text) = message.text() {
        return InboundKind::Text { text: text.to_owned() };
    }
    if let Some(location) = message.location() {
        return InboundKind::Location {
            latitude: location.latitude,
            longitude: location.longitude,
            name: None,
            address: None,
        };
    }
    if let Some(voice) = message.voice() {
        return InboundKind::Audio {
            media: MediaRef {
                stored: None,
                refused: None,
                id: voice.file.id.to_string(),
                mime: None,
            },
            voice: true,
        };
    }
    if let Some(doc) = message.document() {
        return InboundKind::Document {
            media: MediaRef {
                stored: None,
                refused: None,
                id: doc.file.id.to_string(),
                mime: doc.mime_type.as_ref().map(ToString::to_string),
            },
            filename: doc.file_name.clone(),
            caption: message.caption().map(str::to_owned),
        };
    }
    InboundKind::Unsupported {
        what: "telegram".into(),
    }
}

/// What an update carries, or `None` for updates we do not act on (edits, polls, joins).
pub fn incoming(update: &Update) -> Option<Incoming> {
    match &update.kind {
        UpdateKind::Message(message) => {
            let from = message.from.as_ref();
            Some(Incoming {
                update_id: update.id.0,
                chat_id: message.chat.id.0.to_string(),
                sender_id: from.map_or_else(|| message.chat.id.0.to_string(), |u| u.id.0.to_string()),
                sender_name: from.map(|u| u.full_name()),
                kind: kind_of(message),
                sent_at: unix(message.date.timestamp()),
            })
        }
        UpdateKind::CallbackQuery(query) => {
            let chat_id = query
                .message
                .as_ref()
                .map_or_else(|| query.from.id.0.to_string(), |m| m.chat().id.0.to_string());
            let data = query.data.clone().unwrap_or_default();
            Some(Incoming {
                update_id: update.id.0,
                chat_id,
                sender_id: query.from.id.0.to_string(),
                sender_name: Some(query.from.full_name()),
                kind: InboundKind::Interactive {
                    id: data.clone(),
                    title: data,
                },
                sent_at: crate::domain::utc_now(),
            })
        }
        _ => None,
    }
}

/// `/start CODE`: a staff member linking this Telegram account.
pub fn link_code(kind: &InboundKind) -> Option<&str> {
    let InboundKind::Text { text } = kind else { return None };
    let code = text.trim().strip_prefix("/start")?.trim();
    (!code.is_empty() && code.len() <= 64).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str) -> Option<Incoming> {
        let path = format!("{}/webhooks/telegram/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).expect("sample");
        incoming(&serde_json::from_str(&text).expect("an update"))
    }

    #[test]
    fn a_photo_takes_its_largest_size_and_keeps_the_caption() {
        let Some(Incoming {
            kind: InboundKind::Photos { photos, caption },
            ..
        }) = parse("photo_caption.json")
        else {
            panic!("a photo")
        };
        assert_eq!(photos.len(), 1);
        assert_eq!(photos[0].id, "AgACAgUAAxkBAAIBLLARGEST");
        assert_eq!(caption.as_deref(), Some("Brio RS 2020 matic merah 152jt"));
    }

    #[test]
    fn a_callback_is_an_interactive_reply_in_its_chat() {
        let Some(incoming) = parse("callback_query.json") else {
            panic!("a callback")
        };
        assert_eq!(
            incoming.kind,
            InboundKind::Interactive {
                id: "car:new:save".into(),
                title: "car:new:save".into()
            }
        );
        assert_eq!(incoming.chat_id, "5550001");
    }

    #[test]
    fn start_with_a_code_is_a_link_request() {
        assert_eq!(
            link_code(&InboundKind::Text {
                text: "/start AB12CD".into()
            }),
            Some("AB12CD")
        );
        assert_eq!(link_code(&InboundKind::Text { text: "/start".into() }), None);
        assert_eq!(link_code(&InboundKind::Text { text: "halo".into() }), None);
    }
}
