//! The assistant: decides the replies to one inbound message. Until the conversations land,
//! it reads the message with the intent engine and acknowledges it, so the whole pipeline
//! can be tried end to end.

use crate::channels::{InboundKind, OutboundMessage, SenderRole};
use crate::i18n::{Lang, Localizer};
use crate::nlu::{self, Intent, Role};

/// The Fluent key naming an intent in a sentence ("intent-ask-price").
fn intent_key(intent: Intent) -> String {
    let json = serde_json::to_value(intent).ok();
    let name = json.as_ref().and_then(|v| v.as_str()).unwrap_or("unknown");
    format!("intent-{}", name.replace('_', "-"))
}

/// The replies to one message.
pub fn respond(i18n: &Localizer, kind: &InboundKind, role: SenderRole) -> Vec<OutboundMessage> {
    let role = match role {
        SenderRole::Staff => Role::Staff,
        SenderRole::Customer => Role::Customer,
    };
    let text = match kind.text() {
        Some(text) => {
            let parse = nlu::parse(text, role);
            let what = i18n.text(Lang::Id, &intent_key(parse.intent), &[]);
            i18n.text(Lang::Id, "bot-ack-understood", &[("what", what)])
        }
        None => i18n.text(Lang::Id, "bot-ack-received", &[]),
    };
    vec![OutboundMessage::Text { text }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_intent_has_a_name_in_every_language() {
        let i18n = Localizer::new().expect("locales parse");
        for intent in Intent::ALL {
            for lang in Lang::ALL {
                let key = intent_key(intent);
                assert_ne!(i18n.text(lang, &key, &[]), key, "{key} in {lang:?}");
            }
        }
    }

    #[test]
    fn a_text_is_acknowledged_with_what_was_understood() {
        let i18n = Localizer::new().expect("locales parse");
        let replies = respond(
            &i18n,
            &InboundKind::Text {
                text: "brp harga avanza 2019".into(),
            },
            SenderRole::Customer,
        );
        let [OutboundMessage::Text { text }] = replies.as_slice() else {
            panic!("one text reply")
        };
        assert!(text.contains("harga"), "{text}");
    }
}
