//! The assistant: turns one inbound message, the chat's saved dialogue state and the
//! showroom's data into replies, actions and the next state. Staff run their stock; customers
//! search, ask, simulate credit, book test drives and reach a person. Every fact in a reply
//! comes from the store; every word from Fluent.
//!
//! The decision parts (drafts, dates, state, reports, rendering) are pure modules; `staff` and
//! `customer` hold the flows that read and write through the inventory and the store. Effects
//! that must not happen twice when a message is retried (a car listed, a test drive booked)
//! are keyed by the message's id; the new state and the replies are saved by the caller in
//! one transaction.

mod context;
mod customer;
mod draft;
mod finder;
pub mod render;
mod report;
mod staff;
mod state;
mod when;

pub use context::{Outcome, Turn};
pub use customer::HUMAN_FOR;
pub use state::Dialog;

use crate::AppState;
use crate::channels::SenderRole;
use crate::store::StoreResult;
use context::Ctx;

/// Decides the replies to one message. Only a storage failure is an error (the message is
/// retried); everything a person could type gets an answer.
#[tracing::instrument(skip_all, fields(tenant.id = %turn.tenant, role = ?turn.role))]
pub async fn respond(app: &AppState, turn: &Turn) -> StoreResult<Outcome> {
    let Some(mut cx) = Ctx::load(app, turn).await? else {
        return Ok(Outcome::default());
    };
    if turn.role == SenderRole::Customer && cx.human_answering() {
        // A person has this chat: the bot stays quiet, the message waits for them.
        return Ok(Outcome::default());
    }
    if cx.dialog.expire(turn.at).is_some() {
        cx.note_expired_listing();
    }
    match &cx.staff {
        Some(_) => staff::handle(&mut cx).await?,
        None => customer::handle(&mut cx).await?,
    }
    cx.finish().await
}

#[cfg(test)]
mod tests {
    use crate::i18n::{Lang, Localizer};
    use crate::nlu::{Intent, Role, parse};
    use proptest::prelude::*;

    proptest! {
        /// The pure readers take whatever a person can type without panicking.
        #[test]
        fn any_text_is_read_without_panicking(text in "\\PC{0,80}") {
            let today = time::macros::date!(2026 - 11 - 27);
            let _ = super::when::parse(&text, today);
            let mut draft = super::draft::Draft::default();
            draft.absorb(&parse(&text, Role::Staff).entities, &text);
            let _ = super::report::Period::read(&text);
        }
    }

    /// The Fluent key naming an intent in a sentence ("intent-ask-price").
    fn intent_key(intent: Intent) -> String {
        let json = serde_json::to_value(intent).ok();
        let name = json.as_ref().and_then(|v| v.as_str()).unwrap_or("unknown");
        format!("intent-{}", name.replace('_', "-"))
    }

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
}
