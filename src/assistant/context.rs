//! One turn of a conversation: the message, who sent it, the showroom, the saved state, and
//! the replies and staff notices being gathered.

use super::render::Say;
use super::state::Dialog;
use crate::AppState;
use crate::channels::{Channel, InboundKind, OutboundMessage, SenderRole};
use crate::domain::TenantId;
use crate::i18n::Lang;
use crate::inventory::{InventoryError, Vehicle, VehicleError};
use crate::nlu::{Parse, Role};
use crate::store::{ConversationSave, StaffMember, StoreError, StoreResult};
use crate::tenants::{Profile, Tenant};
use time::OffsetDateTime;
use uuid::Uuid;

/// One inbound message as the assistant reads it.
#[derive(Debug, Clone)]
pub struct Turn {
    pub tenant: TenantId,
    /// The inbox row: effects that must happen once are keyed by it.
    pub message_ref: Uuid,
    pub channel: Channel,
    pub chat_id: String,
    pub sender_id: String,
    pub sender_name: Option<String>,
    pub role: SenderRole,
    pub kind: InboundKind,
    /// When the person wrote: "besok", "bulan ini" and greetings are read from here.
    pub at: OffsetDateTime,
}

/// What a turn produced: replies (to this chat and notices to staff) and the state to save.
#[derive(Debug, Default)]
pub struct Outcome {
    pub replies: Vec<(Channel, String, OutboundMessage)>,
    pub save: Option<ConversationSave>,
}

pub(super) struct Ctx<'a> {
    pub app: &'a AppState,
    pub turn: &'a Turn,
    pub tenant: Tenant,
    pub profile: Profile,
    pub say: Say<'a>,
    pub dialog: Dialog,
    pub human_until: Option<OffsetDateTime>,
    pub staff: Option<StaffMember>,
    out: Vec<OutboundMessage>,
    notices: Vec<String>,
}

impl<'a> Ctx<'a> {
    pub async fn load(app: &'a AppState, turn: &'a Turn) -> StoreResult<Option<Ctx<'a>>> {
        let store = &app.store;
        let Some((tenant, profile_json)) = store.tenant_with_profile(turn.tenant).await? else {
            return Ok(None);
        };
        let profile = Profile::parse(&profile_json).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "tenant profile unreadable; answering without it");
            Profile::default()
        });
        let conversation = store
            .load_conversation(turn.tenant, turn.channel, &turn.chat_id)
            .await?;
        let staff = match turn.role {
            SenderRole::Staff => store.staff_member(turn.tenant, turn.channel, &turn.sender_id).await?,
            SenderRole::Customer => None,
        };
        Ok(Some(Ctx {
            app,
            turn,
            tenant,
            profile,
            say: Say {
                i18n: &app.i18n,
                lang: Lang::Id,
            },
            dialog: Dialog::load(&conversation.state),
            human_until: conversation.human_until,
            staff,
            out: Vec::new(),
            notices: Vec::new(),
        }))
    }

    /// Whether a person is answering this chat now; an expired hand-off returns it to the bot.
    pub fn human_answering(&mut self) -> bool {
        match self.human_until {
            Some(until) if until > self.turn.at => true,
            Some(_) => {
                self.human_until = None;
                false
            }
            None => false,
        }
    }

    pub fn t(&self, key: &str, args: &[(&str, String)]) -> String {
        self.say.t(key, args)
    }

    pub fn reply(&mut self, text: String) {
        self.out.push(OutboundMessage::Text { text });
    }

    pub fn reply_key(&mut self, key: &str, args: &[(&str, String)]) {
        let text = self.t(key, args);
        self.reply(text);
    }

    pub fn send(&mut self, message: OutboundMessage) {
        self.out.push(message);
    }

    /// Adds a line to the last text reply (or sends it alone).
    pub fn append(&mut self, line: String) {
        if let Some(OutboundMessage::Text { text }) = self.out.last_mut() {
            text.push_str("\n\n");
            text.push_str(&line);
        } else {
            self.reply(line);
        }
    }

    /// A message for every staff member who can be reached on a provider channel.
    pub fn notify_staff(&mut self, text: String) {
        self.notices.push(text);
    }

    pub fn link(&self, v: &Vehicle) -> String {
        crate::catalog::vehicle_url(&self.app.settings, self.tenant.slug.as_str(), v)
    }

    pub fn photo_url(&self, key: &str) -> String {
        crate::catalog::media_url(&self.app.settings.public_url, key)
    }

    /// A page of this showroom's cars (only storage trouble is an error here).
    pub async fn list(&self, filter: &crate::inventory::VehicleFilter) -> StoreResult<crate::store::Page<Vehicle>> {
        self.app
            .inventory
            .list(self.tenant.id, filter)
            .await
            .map_err(store_error)
    }

    /// Who made a change, for the history.
    pub fn actor(&self) -> String {
        match &self.staff {
            Some(s) => format!("staff:{}", s.id),
            None => format!("chat:{}", self.turn.chat_id),
        }
    }

    /// Reads the message: the rules first, the optional LLM for unsure readings.
    pub async fn understand(&self, text: &str) -> Parse {
        let role = if self.staff.is_some() {
            Role::Staff
        } else {
            Role::Customer
        };
        crate::llm::understand(text, role, self.app.llm.as_deref()).await
    }

    pub fn note_expired_listing(&mut self) {
        self.reply_key("listing-expired", &[]);
    }

    /// Turns an inventory refusal into a chat line; only storage trouble is an error.
    pub fn inventory_problem(&mut self, err: InventoryError) -> StoreResult<()> {
        let key = match err {
            InventoryError::NotFound => "car-not-found",
            InventoryError::Invalid(e) => vehicle_error_key(&e),
            InventoryError::Store(StoreError::Conflict(what)) if what.contains("plate") => "car-plate-taken",
            InventoryError::Store(e) => return Err(e),
        };
        self.reply_key(key, &[]);
        Ok(())
    }

    /// The replies to this chat, the notices to staff, and the state to save.
    pub async fn finish(self) -> StoreResult<Outcome> {
        let mut replies: Vec<(Channel, String, OutboundMessage)> = self
            .out
            .into_iter()
            .map(|m| (self.turn.channel, self.turn.chat_id.clone(), m))
            .collect();
        if !self.notices.is_empty() {
            let targets = staff_targets(self.app, self.turn).await?;
            if targets.is_empty() {
                tracing::info!(
                    notices = self.notices.len(),
                    "no staff reachable on WhatsApp or Telegram; the notice waits in the conversation"
                );
            }
            for text in &self.notices {
                for (channel, chat) in &targets {
                    replies.push((*channel, chat.clone(), OutboundMessage::Text { text: text.clone() }));
                }
            }
        }
        Ok(Outcome {
            replies,
            save: Some(ConversationSave {
                state: self.dialog.save(),
                human_until: self.human_until,
            }),
        })
    }
}

/// An inventory failure where only storage trouble is possible (a list, the photos of a car
/// just found).
pub fn store_error(e: InventoryError) -> StoreError {
    match e {
        InventoryError::Store(e) => e,
        other => StoreError::Corrupt(other.to_string()),
    }
}

fn vehicle_error_key(e: &VehicleError) -> &'static str {
    match e {
        VehicleError::Year { .. } => "car-bad-year",
        VehicleError::Price => "car-bad-price",
        VehicleError::Mileage => "car-bad-mileage",
        VehicleError::Plate => "car-bad-plate",
        VehicleError::EngineCc => "car-bad-engine",
        VehicleError::Missing(_) => "car-missing-field",
        _ => "car-bad-value",
    }
}

/// Where staff are reached: WhatsApp numbers when the showroom has a WhatsApp number, linked
/// Telegram accounts when it has a bot. The sender is not notified of their own message.
async fn staff_targets(app: &AppState, turn: &Turn) -> StoreResult<Vec<(Channel, String)>> {
    let store = &app.store;
    let contacts = store.staff_contacts(turn.tenant).await?;
    let whatsapp = store.whatsapp_account(turn.tenant).await?.is_some();
    let telegram = store.telegram_token(turn.tenant).await?.is_some();
    let mut targets = Vec::new();
    for c in contacts {
        if whatsapp && let Some(phone) = c.phone {
            targets.push((Channel::Whatsapp, phone));
        }
        if telegram && let Some(user) = c.telegram_user_id {
            targets.push((Channel::Telegram, user));
        }
    }
    targets.retain(|(channel, chat)| !(*channel == turn.channel && *chat == turn.chat_id));
    Ok(targets)
}
