//! Staff members of a tenant (and the phones and Telegram accounts that prove them), the
//! tenant registry by slug, and per-tenant channel settings.

use super::{Store, StoreError, StoreResult, tenant_tx, with_pool};
use crate::domain::TenantId;
use crate::tenants::{StaffRole, Tenant};
use time::OffsetDateTime;
use uuid::Uuid;

const INSERT_STAFF: &str =
    "INSERT INTO users (tenant_id, id, name, role, phone, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
/// The condition every lookup of a person by phone or Telegram adds: disabled people (by
/// their showroom or by the platform) and the people of a suspended showroom are nobody's
/// staff — a chat from them is a customer's.
macro_rules! active_member {
    () => {
        " AND users.disabled_at IS NULL \
          AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = users.id AND a.disabled_at IS NOT NULL) \
          AND NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = users.tenant_id AND t.suspended_at IS NOT NULL)"
    };
}

const STAFF_BY_PHONE: &str = concat!(
    "SELECT id FROM users WHERE tenant_id = $1 AND phone = $2",
    active_member!()
);
const TENANT_BY_SLUG: &str = "SELECT id, slug, name, created_at FROM tenants WHERE slug = $1";
const UPSERT_CHANNELS: &str = "INSERT INTO tenant_channels (tenant_id, whatsapp_phone_number_id, \
     whatsapp_access_token, telegram_bot_id, telegram_bot_token, telegram_secret_token, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id) DO UPDATE SET \
     whatsapp_phone_number_id = COALESCE(excluded.whatsapp_phone_number_id, tenant_channels.whatsapp_phone_number_id), \
     whatsapp_access_token = COALESCE(excluded.whatsapp_access_token, tenant_channels.whatsapp_access_token), \
     telegram_bot_id = COALESCE(excluded.telegram_bot_id, tenant_channels.telegram_bot_id), \
     telegram_bot_token = COALESCE(excluded.telegram_bot_token, tenant_channels.telegram_bot_token), \
     telegram_secret_token = COALESCE(excluded.telegram_secret_token, tenant_channels.telegram_secret_token), \
     updated_at = excluded.updated_at";

const TENANT_BY_WHATSAPP: &str = "SELECT c.tenant_id, c.whatsapp_access_token FROM tenant_channels c JOIN tenants t ON t.id = c.tenant_id \
     WHERE c.whatsapp_phone_number_id = $1 AND t.suspended_at IS NULL";
const WHATSAPP_OF_TENANT: &str =
    "SELECT whatsapp_phone_number_id, whatsapp_access_token FROM tenant_channels WHERE tenant_id = $1";

const TELEGRAM_BOT: &str = "SELECT c.tenant_id, c.telegram_secret_token, c.telegram_bot_token FROM tenant_channels c \
     JOIN tenants t ON t.id = c.tenant_id WHERE c.telegram_bot_id = $1 AND t.suspended_at IS NULL";
const TELEGRAM_OF_TENANT: &str = "SELECT telegram_bot_token FROM tenant_channels WHERE tenant_id = $1";
const STAFF_BY_TELEGRAM: &str = concat!(
    "SELECT id FROM users WHERE tenant_id = $1 AND telegram_user_id = $2",
    active_member!()
);
const SET_LINK_CODE: &str = concat!(
    "UPDATE users SET telegram_link_hash = $3 WHERE tenant_id = $1 AND phone = $2",
    active_member!()
);
const USE_LINK_CODE: &str = concat!(
    "UPDATE users SET telegram_user_id = $3, telegram_link_hash = NULL WHERE tenant_id = $1 AND telegram_link_hash = $2",
    active_member!()
);

const MEMBER_BY_PHONE: &str = concat!(
    "SELECT id, name, role FROM users WHERE tenant_id = $1 AND phone = $2",
    active_member!()
);
const MEMBER_BY_TELEGRAM: &str = concat!(
    "SELECT id, name, role FROM users WHERE tenant_id = $1 AND telegram_user_id = $2",
    active_member!()
);
const CONTACTS: &str = concat!(
    "SELECT name, phone, telegram_user_id FROM users WHERE tenant_id = $1",
    active_member!(),
    " ORDER BY created_at"
);
const TENANT_PROFILE: &str = "SELECT id, slug, name, created_at, profile FROM tenants WHERE id = $1";
const SET_PROFILE: &str = "UPDATE tenants SET profile = $2 WHERE id = $1";

/// What each sealed column is for: a value sealed for one does not open as another.
pub(super) const WHATSAPP_TOKEN: &str = "tenant_channels.whatsapp_access_token";
pub(super) const TELEGRAM_TOKEN: &str = "tenant_channels.telegram_bot_token";
pub(super) const TELEGRAM_SECRET: &str = "tenant_channels.telegram_secret_token";

/// A staff member as the assistant needs them: who, and what they may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub id: Uuid,
    pub name: String,
    pub role: StaffRole,
}

/// Where a staff member can be notified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffContact {
    pub name: String,
    pub phone: Option<String>,
    pub telegram_user_id: Option<String>,
}

/// A tenant's Telegram bot: the header secret that proves webhooks and the token to send.
#[derive(Clone)]
pub struct TelegramBot {
    pub tenant: TenantId,
    pub secret_token: secrecy::SecretString,
    pub bot_token: secrecy::SecretString,
}

/// A tenant's WhatsApp number and the token to send from it.
#[derive(Clone)]
pub struct WhatsappAccount {
    pub phone_number_id: String,
    pub access_token: secrecy::SecretString,
}

impl std::fmt::Debug for WhatsappAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhatsappAccount")
            .field("phone_number_id", &self.phone_number_id)
            .finish_non_exhaustive()
    }
}

/// Channel settings to change; `None` leaves a setting as it is.
#[derive(Debug, Default, Clone)]
pub struct ChannelUpdate {
    pub whatsapp_phone_number_id: Option<String>,
    pub whatsapp_access_token: Option<String>,
    pub telegram_bot_id: Option<String>,
    pub telegram_bot_token: Option<String>,
    pub telegram_secret_token: Option<String>,
}

impl Store {
    /// Opens a sealed column's value; one that will not open is a damaged row.
    pub(super) fn open_secret(&self, purpose: &str, stored: &str) -> StoreResult<secrecy::SecretString> {
        self.vault
            .open(purpose, stored)
            .map(secrecy::SecretString::from)
            .map_err(|e| StoreError::Corrupt(format!("{purpose}: {e}")))
    }

    /// Adds a staff member; a phone already registered in this tenant is a conflict.
    pub async fn add_staff(
        &self,
        tenant: TenantId,
        name: &str,
        role: StaffRole,
        phone: Option<&str>,
        now: OffsetDateTime,
    ) -> StoreResult<Uuid> {
        let id = Uuid::now_v7();
        tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(INSERT_STAFF)
                .bind(tenant.as_uuid())
                .bind(id)
                .bind(name)
                .bind(role.as_str())
                .bind(phone)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::classify)?;
        });
        Ok(id)
    }

    /// The staff member registered with this normalised phone, if any.
    pub async fn staff_by_phone(&self, tenant: TenantId, phone: &str) -> StoreResult<Option<Uuid>> {
        Ok(tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_scalar(STAFF_BY_PHONE)
                .bind(tenant.as_uuid())
                .bind(phone)
                .fetch_optional(&mut *tx)
                .await?
        }))
    }

    /// The staff member a channel sender is, if any (phone on WhatsApp and the web chat, a
    /// linked account on Telegram).
    pub async fn staff_member(
        &self,
        tenant: TenantId,
        channel: crate::channels::Channel,
        sender_id: &str,
    ) -> StoreResult<Option<StaffMember>> {
        use crate::channels::Channel;
        let (sql, key) = match channel {
            Channel::Telegram => (MEMBER_BY_TELEGRAM, Some(sender_id.to_owned())),
            Channel::Whatsapp | Channel::Web => (
                MEMBER_BY_PHONE,
                crate::domain::Phone::from_provider(sender_id).map(crate::domain::Phone::into_string),
            ),
        };
        let Some(key) = key else { return Ok(None) };
        let row: Option<(Uuid, String, String)> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(sql)
                .bind(tenant.as_uuid())
                .bind(&key)
                .fetch_optional(&mut *tx)
                .await?
        });
        row.map(|(id, name, role)| {
            let role = role
                .parse()
                .map_err(|()| StoreError::Corrupt(format!("staff role {role}")))?;
            Ok(StaffMember { id, name, role })
        })
        .transpose()
    }

    /// Every staff member with the ways they can be reached.
    pub async fn staff_contacts(&self, tenant: TenantId) -> StoreResult<Vec<StaffContact>> {
        let rows: Vec<(String, Option<String>, Option<String>)> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(CONTACTS)
                .bind(tenant.as_uuid())
                .fetch_all(&mut *tx)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|(name, phone, telegram_user_id)| StaffContact {
                name,
                phone,
                telegram_user_id,
            })
            .collect())
    }

    /// A tenant with its profile document (JSON).
    pub async fn tenant_with_profile(&self, tenant: TenantId) -> StoreResult<Option<(Tenant, String)>> {
        let row: Option<(Uuid, String, String, OffsetDateTime, String)> = with_pool!(self, |pool| {
            sqlx::query_as(TENANT_PROFILE)
                .bind(tenant.as_uuid())
                .fetch_optional(pool)
                .await
        })?;
        row.map(|(id, slug, name, created_at, profile)| {
            let tenant = Tenant::try_from(super::tenants::TenantRow::new(id, slug, name, created_at))?;
            Ok((tenant, profile))
        })
        .transpose()
    }

    /// Replaces a tenant's profile document (already validated by the caller).
    pub async fn set_tenant_profile(&self, tenant: TenantId, profile_json: &str) -> StoreResult<bool> {
        let changed = with_pool!(self, |pool| {
            sqlx::query(SET_PROFILE)
                .bind(tenant.as_uuid())
                .bind(profile_json)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(changed == 1)
    }

    pub async fn tenant_by_slug(&self, slug: &str) -> StoreResult<Option<Tenant>> {
        let row: Option<super::tenants::TenantRow> = with_pool!(self, |pool| sqlx::query_as(TENANT_BY_SLUG)
            .bind(slug)
            .fetch_optional(pool)
            .await)?;
        row.map(Tenant::try_from).transpose()
    }

    /// The tenant that owns a WhatsApp phone number id (platform-level lookup).
    pub async fn tenant_by_whatsapp(&self, phone_number_id: &str) -> StoreResult<Option<TenantId>> {
        let row: Option<(Uuid, Option<String>)> = with_pool!(self, |pool| {
            sqlx::query_as(TENANT_BY_WHATSAPP)
                .bind(phone_number_id)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row.map(|(id, _)| TenantId::from_uuid(id)))
    }

    /// The WhatsApp account a tenant sends from, when configured.
    pub async fn whatsapp_account(&self, tenant: TenantId) -> StoreResult<Option<WhatsappAccount>> {
        let row: Option<(Option<String>, Option<String>)> = with_pool!(self, |pool| {
            sqlx::query_as(WHATSAPP_OF_TENANT)
                .bind(tenant.as_uuid())
                .fetch_optional(pool)
                .await
        })?;
        let Some((Some(phone_number_id), Some(token))) = row else {
            return Ok(None);
        };
        Ok(Some(WhatsappAccount {
            phone_number_id,
            access_token: self.open_secret(WHATSAPP_TOKEN, &token)?,
        }))
    }

    /// The tenant and secrets of a Telegram bot id (platform-level lookup).
    pub async fn telegram_bot(&self, bot_id: &str) -> StoreResult<Option<TelegramBot>> {
        let row: Option<(Uuid, Option<String>, Option<String>)> =
            with_pool!(self, |pool| sqlx::query_as(TELEGRAM_BOT)
                .bind(bot_id)
                .fetch_optional(pool)
                .await)?;
        let Some((tenant, Some(secret), Some(token))) = row else {
            return Ok(None);
        };
        Ok(Some(TelegramBot {
            tenant: TenantId::from_uuid(tenant),
            secret_token: self.open_secret(TELEGRAM_SECRET, &secret)?,
            bot_token: self.open_secret(TELEGRAM_TOKEN, &token)?,
        }))
    }

    /// The bot token a tenant sends with, when configured.
    pub async fn telegram_token(&self, tenant: TenantId) -> StoreResult<Option<secrecy::SecretString>> {
        let token: Option<Option<String>> = with_pool!(self, |pool| {
            sqlx::query_scalar(TELEGRAM_OF_TENANT)
                .bind(tenant.as_uuid())
                .fetch_optional(pool)
                .await
        })?;
        token
            .flatten()
            .map(|t| self.open_secret(TELEGRAM_TOKEN, &t))
            .transpose()
    }

    /// The staff member linked to this Telegram user, if any.
    pub async fn staff_by_telegram(&self, tenant: TenantId, user_id: &str) -> StoreResult<Option<Uuid>> {
        Ok(tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_scalar(STAFF_BY_TELEGRAM)
                .bind(tenant.as_uuid())
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?
        }))
    }

    /// Gives the staff member with this phone a one-time link code (stored hashed); `false`
    /// when no staff member has the phone.
    pub async fn set_telegram_link(&self, tenant: TenantId, phone: &str, code_hash: &str) -> StoreResult<bool> {
        let changed = tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(SET_LINK_CODE)
                .bind(tenant.as_uuid())
                .bind(phone)
                .bind(code_hash)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        Ok(changed == 1)
    }

    /// Links a Telegram user to the staff member holding this code, and spends the code.
    pub async fn link_telegram(&self, tenant: TenantId, code_hash: &str, user_id: &str) -> StoreResult<bool> {
        let changed = tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(USE_LINK_CODE)
                .bind(tenant.as_uuid())
                .bind(code_hash)
                .bind(user_id)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::classify)?
                .rows_affected()
        });
        Ok(changed == 1)
    }

    /// Sets a tenant's channel settings; a provider id already used by another tenant is a
    /// conflict.
    pub async fn update_channels(
        &self,
        tenant: TenantId,
        update: &ChannelUpdate,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        let seal = |purpose: &str, value: &Option<String>| value.as_deref().map(|v| self.vault.seal(purpose, v));
        let whatsapp_token = seal(WHATSAPP_TOKEN, &update.whatsapp_access_token);
        let bot_token = seal(TELEGRAM_TOKEN, &update.telegram_bot_token);
        let secret_token = seal(TELEGRAM_SECRET, &update.telegram_secret_token);
        with_pool!(self, |pool| {
            sqlx::query(UPSERT_CHANNELS)
                .bind(tenant.as_uuid())
                .bind(update.whatsapp_phone_number_id.as_deref())
                .bind(whatsapp_token.as_deref())
                .bind(update.telegram_bot_id.as_deref())
                .bind(bot_token.as_deref())
                .bind(secret_token.as_deref())
                .bind(now)
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(StoreError::classify)
        })?;
        Ok(())
    }
}
