//! Taking a message in: decide who sent it, store it with its job, and say whether it was new.
//! Every channel comes through here, so a duplicate delivery is a no-op everywhere.

use super::domain::InboundMessage;
use super::identity::sender_role;
use crate::store::{Store, StoreResult};

/// Whether a delivery was new or a repeat of one already stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    Accepted,
    Duplicate,
}

#[tracing::instrument(skip_all, fields(tenant.id = %msg.tenant_id, channel = %msg.channel))]
pub async fn accept(store: &Store, msg: &InboundMessage) -> StoreResult<Intake> {
    let role = sender_role(store, msg.tenant_id, msg.channel, &msg.sender_id).await?;
    let now = crate::domain::utc_now();
    Ok(if store.accept_inbound(msg, role, now).await? {
        Intake::Accepted
    } else {
        Intake::Duplicate
    })
}
