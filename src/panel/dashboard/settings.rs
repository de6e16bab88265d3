//! The showroom's settings: name, contact, address and map link, opening hours, credit rates,
//! branding with a live preview, catalog options (owners and admins); WhatsApp and Telegram
//! credentials (owners only, write-only: a saved token is never shown again).

use super::member;
use crate::AppState;
use crate::audit::{self, Change};
use crate::domain::utc_now;
use crate::kv::Event;
use crate::panel::guard::Viewer;
use crate::panel::view::{self, Chrome, Notice, PanelError, PanelResult, filled as text};
use crate::pricing::CreditRates;
use crate::tenants::branding::{Font, Theme};
use crate::tenants::profile::{OpeningHours, ProfileError};
use crate::tenants::{Profile, StaffRole, Tenant};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::Deserialize;

/// The settings form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SettingsForm {
    name: String,
    address: String,
    map_url: String,
    phone: String,
    whatsapp: String,
    open: String,
    close: String,
    day1: Option<String>,
    day2: Option<String>,
    day3: Option<String>,
    day4: Option<String>,
    day5: Option<String>,
    day6: Option<String>,
    day7: Option<String>,
    /// Flat rate per year in percent for tenors of 1–5 years ("7,3").
    rate1: String,
    rate2: String,
    rate3: String,
    rate4: String,
    rate5: String,
    primary: String,
    accent: String,
    logo_url: String,
    favicon_url: String,
    font: String,
    theme: String,
    hero: String,
    show_sold: Option<String>,
    featured: String,
}

/// "7,3" or "7.3" percent → 730 basis points.
pub fn basis_points(raw: &str) -> Option<u32> {
    let cleaned = raw.trim().trim_end_matches('%').trim().replace(',', ".");
    let value: f64 = cleaned.parse().ok()?;
    (0.0..=50.0).contains(&value).then(|| (value * 100.0).round() as u32)
}

fn percent(bp: u32) -> String {
    let text = format!("{:.2}", f64::from(bp) / 100.0);
    text.trim_end_matches('0').trim_end_matches('.').replace('.', ",")
}

impl SettingsForm {
    fn of(name: &str, p: &Profile) -> SettingsForm {
        let day = |d: u8| {
            p.hours
                .as_ref()
                .filter(|h| h.days.contains(&d))
                .map(|_| "on".to_owned())
        };
        let rates = p.rates().by_tenor_bp;
        let b = &p.branding;
        SettingsForm {
            name: name.to_owned(),
            address: p.address.clone().unwrap_or_default(),
            map_url: p.map_url.clone().unwrap_or_default(),
            phone: p.phone.clone().unwrap_or_default(),
            whatsapp: p.whatsapp.clone().unwrap_or_default(),
            open: p.hours.as_ref().map(|h| h.open.clone()).unwrap_or_default(),
            close: p.hours.as_ref().map(|h| h.close.clone()).unwrap_or_default(),
            day1: day(1),
            day2: day(2),
            day3: day(3),
            day4: day(4),
            day5: day(5),
            day6: day(6),
            day7: day(7),
            rate1: percent(rates[0]),
            rate2: percent(rates[1]),
            rate3: percent(rates[2]),
            rate4: percent(rates[3]),
            rate5: percent(rates[4]),
            primary: b.primary().to_owned(),
            accent: b.accent().to_owned(),
            logo_url: b.logo_url.clone().unwrap_or_default(),
            favicon_url: b.favicon_url.clone().unwrap_or_default(),
            font: serde_json::to_value(b.font)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            theme: b.theme.as_str().to_owned(),
            hero: b.hero.clone().unwrap_or_default(),
            show_sold: p.catalog.show_sold.then(|| "on".to_owned()),
            featured: p.catalog.featured.join(", "),
        }
    }

    fn days(&self) -> Vec<u8> {
        [
            &self.day1, &self.day2, &self.day3, &self.day4, &self.day5, &self.day6, &self.day7,
        ]
        .iter()
        .zip(1u8..)
        .filter(|(on, _)| on.is_some())
        .map(|(_, d)| d)
        .collect()
    }

    /// The profile this form describes, on top of the stored one; the message key of the
    /// first problem otherwise.
    fn profile(&self, mut p: Profile) -> Result<Profile, &'static str> {
        p.address = text(&self.address);
        p.map_url = text(&self.map_url);
        if p.map_url.as_deref().is_some_and(|u| !u.starts_with("https://")) {
            return Err("panel-settings-error-map");
        }
        p.phone = text(&self.phone);
        p.whatsapp = text(&self.whatsapp);
        p.hours = match (text(&self.open), text(&self.close)) {
            (Some(open), Some(close)) => Some(OpeningHours {
                open,
                close,
                days: self.days(),
            }),
            (None, None) => None,
            _ => return Err("panel-settings-error-hours"),
        };
        let rates = [&self.rate1, &self.rate2, &self.rate3, &self.rate4, &self.rate5];
        let mut by_tenor_bp = [0u32; 5];
        for (slot, raw) in by_tenor_bp.iter_mut().zip(rates) {
            *slot = basis_points(raw).ok_or("panel-settings-error-rates")?;
        }
        p.credit_rates = Some(CreditRates { by_tenor_bp });
        let b = &mut p.branding;
        b.primary = text(&self.primary);
        b.accent = text(&self.accent);
        b.logo_url = text(&self.logo_url);
        b.favicon_url = text(&self.favicon_url);
        b.font = serde_json::from_value::<Font>(serde_json::Value::String(self.font.clone())).unwrap_or_default();
        b.theme = serde_json::from_value::<Theme>(serde_json::Value::String(self.theme.clone())).unwrap_or_default();
        b.hero = text(&self.hero);
        p.catalog.show_sold = self.show_sold.is_some();
        p.catalog.featured = self
            .featured
            .split([',', ' '])
            .map(|s| s.trim().to_uppercase())
            .filter(|s| !s.is_empty())
            .collect();
        p.validate().map_err(|e| match e {
            ProfileError::Hours => "panel-settings-error-hours",
            ProfileError::Days => "panel-settings-error-days",
            ProfileError::Rates(_) => "panel-settings-error-rates",
            ProfileError::Whatsapp => "panel-settings-error-whatsapp",
            ProfileError::Branding(_) | ProfileError::Json(_) => "panel-settings-error-branding",
        })?;
        Ok(p)
    }
}

#[derive(Template)]
#[template(path = "panel/dashboard/settings.html")]
struct SettingsPage<'a> {
    chrome: Chrome<'a>,
    form: SettingsForm,
    error: Option<String>,
    fonts: Vec<&'static str>,
    themes: Vec<&'static str>,
    is_owner: bool,
    whatsapp_id: String,
    whatsapp_token_set: bool,
    telegram_bot: String,
    catalog_url: String,
}

/// The showroom and its profile, read once per request (the page needs the slug for the
/// catalog link, the forms need the profile).
async fn stored(state: &AppState, tenant: crate::domain::TenantId) -> Result<(Tenant, Profile), PanelError> {
    let (t, json) = state
        .store
        .tenant_with_profile(tenant)
        .await?
        .ok_or(PanelError::NotFound)?;
    let profile = Profile::parse(&json).map_err(|e| PanelError::Internal(e.to_string()))?;
    Ok((t, profile))
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    tenant: &Tenant,
    form: SettingsForm,
    status: StatusCode,
    ok: Option<&str>,
    error: Option<&str>,
) -> PanelResult {
    let me = member(viewer)?;
    let (whatsapp_id, token_set, bot) = state.store.channel_summary(me.tenant).await?;
    let chrome = Chrome::new(state, viewer, "panel-settings-title", "/dashboard/settings").notice(ok);
    let page = SettingsPage {
        error: error.map(|k| chrome.tr.t(k)),
        chrome,
        form,
        fonts: vec!["system", "rounded", "serif", "condensed"],
        themes: vec!["classic", "bold", "compact"],
        is_owner: me.role == StaffRole::Owner,
        whatsapp_id: whatsapp_id.unwrap_or_default(),
        whatsapp_token_set: token_set,
        telegram_bot: bot.unwrap_or_default(),
        catalog_url: crate::catalog::urls::site_origin(&state.settings, tenant.slug.as_str(), None),
    };
    view::page(status, &page)
}

pub async fn page(State(state): State<AppState>, viewer: Viewer, Query(notice): Query<Notice>) -> PanelResult {
    let me = member(&viewer)?;
    let (tenant, profile) = stored(&state, me.tenant).await?;
    render(
        &state,
        &viewer,
        &tenant,
        SettingsForm::of(&tenant.name, &profile),
        StatusCode::OK,
        notice.ok.as_deref(),
        None,
    )
    .await
}

pub async fn save_profile(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<SettingsForm>,
) -> PanelResult {
    let me = member(&viewer)?;
    let (tenant, old) = stored(&state, me.tenant).await?;
    let old_name = tenant.name.clone();
    let name = form.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return render(
            &state,
            &viewer,
            &tenant,
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some("panel-settings-error-name"),
        )
        .await;
    }
    let profile = match form.profile(old.clone()) {
        Ok(p) => p,
        Err(key) => {
            return render(
                &state,
                &viewer,
                &tenant,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(key),
            )
            .await;
        }
    };
    let json = serde_json::to_string(&profile).map_err(|e| PanelError::Internal(e.to_string()))?;
    state.store.set_tenant_profile(me.tenant, &json).await?;
    if name != old_name {
        state.store.rename_tenant(me.tenant, &name).await?;
    }
    state.kv.publish(&Event::TenantChanged { tenant_id: me.tenant }).await;
    let before = serde_json::json!({ "name": old_name, "profile": old });
    let after = serde_json::json!({ "name": name, "profile": profile });
    audit::record(
        &state,
        Change::new(Some(me.tenant), &me.actor, "settings.profile").diff(&before, &after),
    )
    .await;
    view::done("/dashboard/settings", "saved")
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ChannelsForm {
    whatsapp_phone_number_id: String,
    whatsapp_access_token: String,
    telegram_bot_token: String,
}

pub async fn save_channels(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<ChannelsForm>,
) -> PanelResult {
    let me = member(&viewer)?;
    let update = crate::tenants::service::channel_update(
        text(&form.whatsapp_phone_number_id),
        text(&form.whatsapp_access_token),
        text(&form.telegram_bot_token),
    );
    let (tenant, profile) = stored(&state, me.tenant).await?;
    let Ok(update) = update else {
        let form = SettingsForm::of(&tenant.name, &profile);
        return render(
            &state,
            &viewer,
            &tenant,
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some("panel-settings-error-bot"),
        )
        .await;
    };
    match state.store.update_channels(me.tenant, &update, utc_now()).await {
        Ok(()) => {}
        Err(crate::store::StoreError::Conflict(_)) => {
            let form = SettingsForm::of(&tenant.name, &profile);
            return render(
                &state,
                &viewer,
                &tenant,
                form,
                StatusCode::CONFLICT,
                None,
                Some("panel-settings-error-channel-taken"),
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    }
    // Secrets are recorded as "changed", never by value.
    let after = serde_json::json!({
        "whatsapp_phone_number_id": update.whatsapp_phone_number_id,
        "whatsapp_access_token": update.whatsapp_access_token.as_ref().map(|_| "(changed)"),
        "telegram_bot_id": update.telegram_bot_id,
    });
    audit::record(
        &state,
        Change::new(Some(me.tenant), &me.actor, "settings.channels").after(after),
    )
    .await;
    view::done("/dashboard/settings", "saved")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_in_percent_either_decimal_mark() {
        assert_eq!(basis_points("7,3"), Some(730));
        assert_eq!(basis_points("8.25 %"), Some(825));
        assert_eq!(basis_points("-1"), None);
        assert_eq!(basis_points("banyak"), None);
        assert_eq!(percent(730), "7,3");
        assert_eq!(percent(1000), "10");
    }

    #[test]
    fn the_form_round_trips_a_profile() {
        let p = Profile {
            hours: Some(OpeningHours {
                open: "08:00".into(),
                close: "17:00".into(),
                days: vec![1, 2, 6],
            }),
            address: Some("Jl. Raya 1".into()),
            ..Profile::default()
        };
        let form = SettingsForm::of("Maju Motor", &p);
        let back = form.profile(Profile::default()).unwrap();
        assert_eq!(back.hours, p.hours);
        assert_eq!(back.address, p.address);
        let bad = SettingsForm {
            open: "08:00".into(),
            ..form
        };
        let bad = SettingsForm {
            close: String::new(),
            ..bad
        };
        assert_eq!(
            bad.profile(Profile::default()).err(),
            Some("panel-settings-error-hours")
        );
    }
}
