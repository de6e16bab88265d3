//! A conversation's dialogue state (JSON owned by the assistant) and its mode: answered by the
//! bot, or by a person until a time.

use super::{Store, StoreResult, tenant_tx};
use crate::channels::Channel;
use crate::domain::TenantId;
use time::OffsetDateTime;

const LOAD: &str =
    "SELECT state, human_until FROM conversations WHERE tenant_id = $1 AND channel = $2 AND chat_id = $3";
pub(super) const SAVE: &str = "UPDATE conversations SET state = $4, mode = $5, human_until = $6, updated_at = $7 \
     WHERE tenant_id = $1 AND channel = $2 AND chat_id = $3";
pub(super) const SET_MODE: &str = "UPDATE conversations SET mode = $4, human_until = $5, updated_at = $6 \
     WHERE tenant_id = $1 AND channel = $2 AND chat_id = $3";
const HUMAN_CHATS: &str = "SELECT channel, chat_id FROM conversations WHERE tenant_id = $1 AND chat_id = $2 \
     AND mode = 'human'";

/// A conversation as the assistant resumes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredConversation {
    /// The assistant's JSON; `{}` for a new chat.
    pub state: String,
    /// A person answers this chat until then.
    pub human_until: Option<OffsetDateTime>,
}

/// The conversation change that is saved with a message's replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationSave {
    pub state: String,
    pub human_until: Option<OffsetDateTime>,
}

pub(super) fn mode(human_until: Option<OffsetDateTime>) -> &'static str {
    if human_until.is_some() { "human" } else { "bot" }
}

impl Store {
    pub async fn load_conversation(
        &self,
        tenant: TenantId,
        channel: Channel,
        chat_id: &str,
    ) -> StoreResult<StoredConversation> {
        let row: Option<(String, Option<OffsetDateTime>)> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(LOAD)
                .bind(tenant.as_uuid())
                .bind(channel.as_str())
                .bind(chat_id)
                .fetch_optional(&mut *tx)
                .await?
        });
        Ok(row
            .map(|(state, human_until)| StoredConversation { state, human_until })
            .unwrap_or_default())
    }

    /// Hands a chat to a person until `until`, or back to the bot (`None`). Returns whether
    /// the chat exists.
    pub async fn set_conversation_mode(
        &self,
        tenant: TenantId,
        channel: Channel,
        chat_id: &str,
        until: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let changed = tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(SET_MODE)
                .bind(tenant.as_uuid())
                .bind(channel.as_str())
                .bind(chat_id)
                .bind(mode(until))
                .bind(until)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        Ok(changed > 0)
    }

    /// The chats with this id (a phone number on any channel) that a person is answering.
    pub async fn human_chats(&self, tenant: TenantId, chat_id: &str) -> StoreResult<Vec<(Channel, String)>> {
        let rows: Vec<(String, String)> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(HUMAN_CHATS)
                .bind(tenant.as_uuid())
                .bind(chat_id)
                .fetch_all(&mut *tx)
                .await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|(channel, chat)| Some((channel.parse().ok()?, chat)))
            .collect())
    }
}
