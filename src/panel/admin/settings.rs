//! The platform's settings as this process runs with them (they come from the environment or
//! the configuration file, so they are shown, not edited here; secrets only as set or not).

use super::operator;
use crate::AppState;
use crate::panel::guard::Viewer;
use crate::panel::view::{self, Chrome, PanelResult};
use askama::Template;
use axum::extract::State;

#[derive(Template)]
#[template(path = "panel/admin/settings.html")]
struct SettingsPage<'a> {
    chrome: Chrome<'a>,
    rows: Vec<(&'static str, String)>,
}

pub async fn page(State(state): State<AppState>, viewer: Viewer) -> PanelResult {
    operator(&viewer)?;
    let s = &state.settings;
    let tr = view::tr(&state, viewer.lang);
    let set = |on: bool| tr.t(if on { "panel-set" } else { "panel-not-set" });
    let rows = vec![
        ("PUBLIC_URL", s.public_url.clone()),
        ("PLATFORM_DOMAIN", s.platform_domain.clone()),
        ("DATABASE", format!("{:?}", state.store.backend())),
        ("REDIS_URL", set(s.redis_url.is_some())),
        (
            "S3_BUCKET",
            s.s3.as_ref().map_or_else(|| set(false), |b| b.bucket.clone()),
        ),
        ("LLM_BASE_URL", set(s.llm.is_some())),
        ("WHATSAPP_APP_SECRET", set(s.whatsapp.app_secret.is_some())),
        ("WHATSAPP_VERIFY_TOKEN", set(s.whatsapp.verify_token.is_some())),
        ("API_RATE_LIMIT_PER_MINUTE", s.api_rate_limit_per_minute.to_string()),
        ("SESSION_IDLE_SECS", s.session_idle_secs.to_string()),
        ("SESSION_MAX_SECS", s.session_max_secs.to_string()),
        ("WORKER_LEASE_SECS", s.worker_lease_secs.to_string()),
        ("HTTP_ONLY", s.http_only.to_string()),
        ("WHATSAPP_SENDS_PER_SECOND", s.whatsapp.sends_per_second.to_string()),
    ];
    let chrome = Chrome::new(&state, &viewer, "panel-admin-settings-title", "/admin/settings");
    view::ok(&SettingsPage { chrome, rows })
}
