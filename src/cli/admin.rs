//! Operator commands: tenants, their channel settings, and their staff.

use super::{StaffCommand, TenantCommand};
use crate::app::{self, AppState};
use crate::config::Settings;
use crate::domain::utc_now;
use crate::store::{ChannelUpdate, StoreError};
use crate::tenants::{self, StaffRole};
use anyhow::{Context, bail};
use serde_json::json;

/// The tenant with a slug, or a clear error naming it.
pub(super) async fn find_tenant(state: &AppState, slug: &str) -> anyhow::Result<crate::tenants::Tenant> {
    state
        .store
        .tenant_by_slug(slug)
        .await?
        .with_context(|| format!("no tenant with slug {slug:?} (see: autolumiku tenant list)"))
}

async fn connect(settings: Settings) -> anyhow::Result<AppState> {
    app::migrate(&settings).await?;
    AppState::connect(settings).await
}

pub async fn tenant(settings: Settings, command: TenantCommand) -> anyhow::Result<()> {
    let state = connect(settings).await?;
    let result = match command {
        TenantCommand::Create { slug, name } => create(&state, &slug, &name).await,
        TenantCommand::List => list(&state).await,
        TenantCommand::Update {
            slug,
            whatsapp_phone_number_id,
            whatsapp_access_token,
            telegram_bot_token,
        } => {
            let update = channel_update(whatsapp_phone_number_id, whatsapp_access_token, telegram_bot_token)?;
            update_channels(&state, &slug, update).await
        }
        TenantCommand::Profile { slug, set } => profile(&state, &slug, set.as_deref()).await,
        TenantCommand::Domain { slug, add, remove } => domain(&state, &slug, add, remove).await,
    };
    state.store.close().await;
    result
}

/// Shows or replaces a tenant's profile; a bad document is refused with the reason.
async fn profile(state: &AppState, slug: &str, set: Option<&std::path::Path>) -> anyhow::Result<()> {
    let tenant = find_tenant(state, slug).await?;
    let Some(path) = set else {
        let (_, json) = state
            .store
            .tenant_with_profile(tenant.id)
            .await?
            .context("tenant vanished")?;
        let profile = crate::tenants::Profile::parse(&json)?;
        println!("{}", serde_json::to_string_pretty(&profile)?);
        return Ok(());
    };
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?
    };
    let profile = crate::tenants::Profile::parse(&text).context("the profile is not valid")?;
    state
        .store
        .set_tenant_profile(tenant.id, &serde_json::to_string(&profile)?)
        .await?;
    announce(state, tenant.id).await;
    eprintln!("profile of {slug} updated");
    Ok(())
}

/// Tells running replicas (through Redis) that a showroom's site must be rendered afresh;
/// without Redis a running server picks the change up within a minute.
async fn announce(state: &AppState, tenant: crate::domain::TenantId) {
    state
        .kv
        .publish(&crate::kv::Event::TenantChanged { tenant_id: tenant })
        .await;
}

async fn domain(state: &AppState, slug: &str, add: Option<String>, remove: Option<String>) -> anyhow::Result<()> {
    let tenant = find_tenant(state, slug).await?;
    if let Some(raw) = add {
        let name = crate::catalog::host::custom_domain(&raw, &state.settings.platform_domain)
            .with_context(|| format!("{raw:?} is not a custom domain (a subdomain of PLATFORM_DOMAIN needs none)"))?;
        match state.store.add_tenant_domain(tenant.id, &name, utc_now()).await {
            Err(StoreError::Conflict(_)) => bail!("{name} already belongs to a showroom"),
            other => other?,
        }
        eprintln!("{name} now serves the catalog of {slug}");
    }
    if let Some(raw) = remove {
        let name = crate::catalog::host::normalize(&raw).unwrap_or(raw);
        if !state.store.remove_tenant_domain(tenant.id, &name).await? {
            bail!("{name} is not a domain of {slug}");
        }
        eprintln!("{name} removed from {slug}");
    }
    announce(state, tenant.id).await;
    for d in state.store.tenant_domains(tenant.id).await? {
        println!("{d}");
    }
    Ok(())
}

async fn create(state: &AppState, slug: &str, name: &str) -> anyhow::Result<()> {
    let (tenant, key) = tenants::service::create(&state.store, slug, name).await?;
    let out = json!({ "id": tenant.id, "slug": tenant.slug.as_str(), "name": tenant.name, "api_key": key.reveal() });
    println!("{out}");
    Ok(())
}

async fn list(state: &AppState) -> anyhow::Result<()> {
    for t in state.store.list_tenants().await? {
        println!("{}", json!({ "id": t.id, "slug": t.slug.as_str(), "name": t.name }));
    }
    Ok(())
}

fn channel_update(
    phone_number_id: Option<String>,
    access_token: Option<String>,
    bot_token: Option<String>,
) -> anyhow::Result<ChannelUpdate> {
    crate::tenants::service::channel_update(phone_number_id, access_token, bot_token)
        .map_err(|_| anyhow::anyhow!("--telegram-bot-token must look like 123456:ABC..."))
}

async fn update_channels(state: &AppState, slug: &str, update: ChannelUpdate) -> anyhow::Result<()> {
    let tenant = find_tenant(state, slug).await?;
    match state.store.update_channels(tenant.id, &update, utc_now()).await {
        Err(StoreError::Conflict(_)) => bail!("that WhatsApp number or Telegram bot already belongs to another tenant"),
        other => other?,
    }
    let out = json!({
        "slug": tenant.slug.as_str(),
        "whatsapp_phone_number_id": update.whatsapp_phone_number_id,
        "whatsapp_access_token_set": update.whatsapp_access_token.is_some(),
        "telegram_bot_id": update.telegram_bot_id,
    });
    println!("{out}");
    Ok(())
}

pub async fn staff(settings: Settings, command: StaffCommand) -> anyhow::Result<()> {
    let state = connect(settings).await?;
    let result = match command {
        StaffCommand::Add {
            tenant,
            name,
            phone,
            role,
        } => add_staff(&state, &tenant, &name, &phone, &role).await,
        StaffCommand::TelegramCode { tenant, phone } => telegram_code(&state, &tenant, &phone).await,
    };
    state.store.close().await;
    result
}

async fn add_staff(state: &AppState, slug: &str, name: &str, phone: &str, role: &str) -> anyhow::Result<()> {
    let tenant = find_tenant(state, slug).await?;
    let phone = crate::domain::Phone::parse_typed(phone)
        .map(crate::domain::Phone::into_string)
        .with_context(|| format!("{phone:?} is not an Indonesian phone number"))?;
    let role: StaffRole = role
        .parse()
        .map_err(|()| anyhow::anyhow!("--role must be owner, admin or staff"))?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        bail!("--name must be 1 to 100 characters");
    }
    let id = match state
        .store
        .add_staff(tenant.id, name, role, Some(&phone), utc_now())
        .await
    {
        Err(StoreError::Conflict(_)) => bail!("{phone} is already a staff phone of {slug}"),
        other => other?,
    };
    println!(
        "{}",
        json!({ "id": id, "tenant": slug, "name": name, "role": role.as_str(), "phone": phone })
    );
    Ok(())
}

async fn telegram_code(state: &AppState, slug: &str, phone: &str) -> anyhow::Result<()> {
    let tenant = find_tenant(state, slug).await?;
    let phone = crate::domain::Phone::parse_typed(phone)
        .map(crate::domain::Phone::into_string)
        .with_context(|| format!("{phone:?} is not an Indonesian phone number"))?;
    let code = tenants::domain::link_code();
    if !state
        .store
        .set_telegram_link(tenant.id, &phone, &tenants::domain::hash_secret(&code))
        .await?
    {
        bail!("{phone} is not a staff phone of {slug} (add it with: autolumiku staff add)");
    }
    println!(
        "{}",
        json!({ "tenant": slug, "phone": phone, "code": code, "send_to_bot": format!("/start {code}") })
    );
    Ok(())
}
