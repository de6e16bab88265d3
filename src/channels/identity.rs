//! Who is staff: a sender is staff of a tenant only when the channel proves it (a registered
//! phone number for WhatsApp and the web chat); everyone else is a customer.

use super::domain::{Channel, SenderRole, normalize_phone};
use crate::domain::TenantId;
use crate::store::{Store, StoreResult};

/// The role of a sender on a channel.
pub async fn sender_role(
    store: &Store,
    tenant: TenantId,
    channel: Channel,
    sender_id: &str,
) -> StoreResult<SenderRole> {
    let phone = match channel {
        Channel::Whatsapp | Channel::Web => normalize_phone(sender_id),
        // Telegram users link by a one-time code; until then they are customers.
        Channel::Telegram => None,
    };
    let Some(phone) = phone else {
        return Ok(SenderRole::Customer);
    };
    Ok(match store.staff_by_phone(tenant, &phone).await? {
        Some(_) => SenderRole::Staff,
        None => SenderRole::Customer,
    })
}
