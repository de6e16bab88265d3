//! The webhook body, read leniently: unknown fields and message kinds are kept as
//! "unsupported", never a reason to drop the rest of the body.

use crate::channels::domain::{InboundKind, MediaRef};
use serde::Deserialize;
use time::OffsetDateTime;

#[derive(Debug, Deserialize)]
pub struct Body {
    #[serde(default)]
    pub entry: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
pub struct Entry {
    #[serde(default)]
    pub changes: Vec<Change>,
}

#[derive(Debug, Deserialize)]
pub struct Change {
    pub value: Value,
}

#[derive(Debug, Deserialize)]
pub struct Value {
    pub metadata: Metadata,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub messages: Vec<serde_json::Value>,
    #[serde(default)]
    pub statuses: Vec<Status>,
}

#[derive(Debug, Deserialize)]
pub struct Metadata {
    pub phone_number_id: String,
}

#[derive(Debug, Deserialize)]
pub struct Contact {
    pub wa_id: String,
    pub profile: Option<Profile>,
}

#[derive(Debug, Deserialize)]
pub struct Profile {
    pub name: Option<String>,
}

/// A delivery report for a message we sent.
#[derive(Debug, Deserialize)]
pub struct Status {
    pub id: String,
    pub status: String,
    /// Our reference for the reply, echoed back from the send request.
    #[serde(default)]
    pub biz_opaque_callback_data: Option<String>,
    #[serde(default)]
    pub errors: Vec<StatusError>,
}

#[derive(Debug, Deserialize)]
pub struct StatusError {
    pub code: i64,
    #[serde(default)]
    pub title: String,
}

/// One customer or staff message, before its tenant is attached.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub phone_number_id: String,
    pub from: String,
    pub name: Option<String>,
    pub id: String,
    pub sent_at: OffsetDateTime,
    pub kind: InboundKind,
}

/// What a body reports.
#[derive(Debug, Default)]
pub struct Events {
    pub messages: Vec<Message>,
    /// (phone number id, status)
    pub statuses: Vec<(String, Status)>,
}

fn text_of(v: &serde_json::Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for key in path {
        cur = cur.get(key)?;
    }
    cur.as_str().map(str::to_owned)
}

fn media(v: &serde_json::Value, key: &str) -> MediaRef {
    MediaRef {
        stored: None,
        refused: None,
        id: text_of(v, &[key, "id"]).unwrap_or_default(),
        mime: text_of(v, &[key, "mime_type"]),
    }
}

/// Reads one message object by its `type`.
fn kind_of(m: &serde_json::Value) -> InboundKind {
    let kind = m.get("type").and_then(|t| t.as_str()).unwrap_or("");
    match kind {
        "text" => InboundKind::Text {
            text: text_of(m, &["text", "body"]).unwrap_or_default(),
        },
        "image" => InboundKind::Photos {
            photos: vec![media(m, "image")],
            caption: text_of(m, &["image", "caption"]),
        },
        "interactive" => {
            let reply = m
                .get("interactive")
                .and_then(|i| i.get("button_reply").or_else(|| i.get("list_reply")));
            InboundKind::Interactive {
                id: reply.and_then(|r| text_of(r, &["id"])).unwrap_or_default(),
                title: reply.and_then(|r| text_of(r, &["title"])).unwrap_or_default(),
            }
        }
        "button" => InboundKind::Interactive {
            id: text_of(m, &["button", "payload"]).unwrap_or_default(),
            title: text_of(m, &["button", "text"]).unwrap_or_default(),
        },
        "location" => {
            let loc = m.get("location");
            let num = |k: &str| {
                loc.and_then(|l| l.get(k))
                    .and_then(serde_json::Value::as_f64)
                    .unwrap_or(0.0)
            };
            InboundKind::Location {
                latitude: num("latitude"),
                longitude: num("longitude"),
                name: loc.and_then(|l| text_of(l, &["name"])),
                address: loc.and_then(|l| text_of(l, &["address"])),
            }
        }
        "audio" => InboundKind::Audio {
            media: media(m, "audio"),
            voice: m
                .get("audio")
                .and_then(|a| a.get("voice"))
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
        },
        "document" => InboundKind::Document {
            media: media(m, "document"),
            filename: text_of(m, &["document", "filename"]),
            caption: text_of(m, &["document", "caption"]),
        },
        other => InboundKind::Unsupported {
            what: if other.is_empty() {
                "unknown".into()
            } else {
                other.to_owned()
            },
        },
    }
}

fn sent_at(m: &serde_json::Value) -> OffsetDateTime {
    text_of(m, &["timestamp"])
        .and_then(|t| t.parse::<i64>().ok())
        .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
        .unwrap_or_else(crate::domain::utc_now)
}

/// Every message and status in a body. Messages without a sender or id are skipped (logged
/// by the caller through the count), never guessed.
pub fn events(body: Body) -> Events {
    let mut out = Events::default();
    for value in body.entry.into_iter().flat_map(|e| e.changes).map(|c| c.value) {
        let phone_number_id = value.metadata.phone_number_id;
        for m in &value.messages {
            let (Some(from), Some(id)) = (text_of(m, &["from"]), text_of(m, &["id"])) else {
                continue;
            };
            let name = value
                .contacts
                .iter()
                .find(|c| c.wa_id == from)
                .and_then(|c| c.profile.as_ref()?.name.clone());
            out.messages.push(Message {
                phone_number_id: phone_number_id.clone(),
                from,
                name,
                id,
                sent_at: sent_at(m),
                kind: kind_of(m),
            });
        }
        out.statuses
            .extend(value.statuses.into_iter().map(|s| (phone_number_id.clone(), s)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Events {
        events(serde_json::from_str(json).expect("a webhook body"))
    }

    #[test]
    fn every_sample_payload_parses() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/webhooks/whatsapp");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir)
            .expect("samples")
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        {
            let text = std::fs::read_to_string(entry.path()).expect("read");
            let events = parse(&text);
            assert!(
                !events.messages.is_empty() || !events.statuses.is_empty(),
                "{:?}",
                entry.path()
            );
            seen += 1;
        }
        assert!(seen >= 8, "samples for every kind");
    }

    #[test]
    fn an_unknown_kind_is_kept_as_unsupported() {
        let body = r#"{"entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"1"},
            "messages":[{"from":"62811","id":"w1","timestamp":"1","type":"reaction","reaction":{"emoji":"👍"}},
                        {"from":"62811","id":"w2","timestamp":"1","type":"text","text":{"body":"halo"}}]}}]}]}"#;
        let events = parse(body);
        assert_eq!(events.messages.len(), 2);
        assert_eq!(
            events.messages[0].kind,
            InboundKind::Unsupported {
                what: "reaction".into()
            }
        );
        assert_eq!(events.messages[1].kind, InboundKind::Text { text: "halo".into() });
    }
}
