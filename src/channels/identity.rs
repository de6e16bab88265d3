//! Who is staff: a sender is staff of a tenant only when the channel proves it (a registered
//! phone number for WhatsApp and the web chat, a Telegram account linked with a one-time
//! code); everyone else is a customer.

use super::domain::{Channel, SenderRole};
use crate::domain::Phone;
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
        // A provider's id is compared exactly as given: no guessing at a country.
        Channel::Whatsapp | Channel::Web => Phone::from_provider(sender_id),
        Channel::Telegram => {
            let linked = store.staff_by_telegram(tenant, sender_id).await?;
            return Ok(if linked.is_some() {
                SenderRole::Staff
            } else {
                SenderRole::Customer
            });
        }
    };
    let Some(phone) = phone else {
        return Ok(SenderRole::Customer);
    };
    Ok(match store.staff_by_phone(tenant, phone.as_str()).await? {
        Some(_) => SenderRole::Staff,
        None => SenderRole::Customer,
    })
}
