//! Creating and listing tenants.

use super::domain::{ApiKey, Slug, SlugError, Tenant};
use crate::domain::TenantId;
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum TenantError {
    #[error("invalid slug: {0}")]
    Slug(#[from] SlugError),
    #[error("a name is 1 to 100 characters")]
    Name,
    #[error("the slug \"{0}\" is taken")]
    SlugTaken(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Registers a tenant and returns it with its API key — the only time the key is visible.
pub async fn create(store: &Store, slug: &str, name: &str) -> Result<(Tenant, ApiKey), TenantError> {
    let slug = Slug::parse(slug)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(TenantError::Name);
    }
    let tenant = Tenant {
        id: TenantId::new(),
        slug,
        name: name.to_owned(),
        created_at: crate::domain::utc_now(),
    };
    let key = ApiKey::generate();
    match store.create_tenant(&tenant, &key.hash(), &key.visible_prefix()).await {
        Ok(()) => Ok((tenant, key)),
        Err(StoreError::Conflict(_)) => Err(TenantError::SlugTaken(tenant.slug.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// A Telegram bot token that is not `<digits>:<secret>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a Telegram bot token looks like 123456:ABC...")]
pub struct BotTokenError;

/// Channel settings from what an owner pastes: a Telegram bot token is `<bot id>:<secret>`;
/// the id routes webhooks, and a fresh random secret header proves they come from Telegram.
pub fn channel_update(
    phone_number_id: Option<String>,
    access_token: Option<String>,
    bot_token: Option<String>,
) -> Result<crate::store::ChannelUpdate, BotTokenError> {
    use rand::Rng;
    let mut update = crate::store::ChannelUpdate {
        whatsapp_phone_number_id: phone_number_id,
        whatsapp_access_token: access_token,
        ..crate::store::ChannelUpdate::default()
    };
    if let Some(token) = bot_token {
        let (id, secret) = token.split_once(':').ok_or(BotTokenError)?;
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) || secret.is_empty() {
            return Err(BotTokenError);
        }
        let header: String = rand::rng()
            .sample_iter(rand::distr::Alphanumeric)
            .take(48)
            .map(char::from)
            .collect();
        update.telegram_bot_id = Some(id.to_owned());
        update.telegram_bot_token = Some(token.clone());
        update.telegram_secret_token = Some(header);
    }
    Ok(update)
}
