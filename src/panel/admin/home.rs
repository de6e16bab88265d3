//! The platform overview: showrooms with their activity over the last day and their health.

use super::operator;
use crate::AppState;
use crate::domain::utc_now;
use crate::panel::guard::Viewer;
use crate::panel::view::{self, Chrome, Notice, PanelResult};
use crate::store::TenantActivity;
use askama::Template;
use axum::extract::{Query, State};
use time::Duration;

/// How many showrooms the overview lists (newest first); the tenants page searches all.
const SHOWN: i64 = 1000;

pub struct ActivityRow {
    pub row: TenantActivity,
    pub last: String,
    pub healthy: bool,
}

pub fn rows(list: Vec<TenantActivity>) -> Vec<ActivityRow> {
    list.into_iter()
        .map(|row| ActivityRow {
            last: row.last_activity.map(view::when).unwrap_or_else(|| "—".to_owned()),
            healthy: row.failures == 0 && !row.suspended,
            row,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "panel/admin/home.html")]
struct HomePage<'a> {
    chrome: Chrome<'a>,
    total: usize,
    suspended: usize,
    messages: i64,
    failures: i64,
    tenants: Vec<ActivityRow>,
}

pub async fn page(State(state): State<AppState>, viewer: Viewer, Query(notice): Query<Notice>) -> PanelResult {
    operator(&viewer)?;
    let list = state
        .store
        .tenants_activity(utc_now() - Duration::days(1), SHOWN)
        .await?;
    let chrome = Chrome::new(&state, &viewer, "panel-admin-home-title", "/admin").notice(notice.ok.as_deref());
    view::ok(&HomePage {
        chrome,
        total: list.len(),
        suspended: list.iter().filter(|t| t.suspended).count(),
        messages: list.iter().map(|t| t.messages).sum(),
        failures: list.iter().map(|t| t.failures).sum(),
        tenants: rows(list),
    })
}
