//! The audit log, searchable by words and by showroom, newest first.

use super::operator;
use crate::AppState;
use crate::panel::guard::Viewer;
use crate::panel::view::{self, Chrome, PanelResult};
use crate::store::{AuditQuery, AuditRecord};
use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;

const SHOWN: i64 = 200;

#[derive(Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    q: String,
    #[serde(default)]
    tenant: String,
}

pub struct Row {
    pub entry: AuditRecord,
    pub at: String,
}

#[derive(Template)]
#[template(path = "panel/admin/audit.html")]
struct AuditPage<'a> {
    chrome: Chrome<'a>,
    q: String,
    tenant: String,
    rows: Vec<Row>,
}

pub async fn page(State(state): State<AppState>, viewer: Viewer, Query(params): Query<Params>) -> PanelResult {
    operator(&viewer)?;
    let query = AuditQuery {
        text: params.q.chars().take(100).collect(),
        tenant_slug: params.tenant.chars().take(60).collect(),
        limit: SHOWN,
    };
    let rows = state
        .store
        .search_audit(&query)
        .await?
        .into_iter()
        .map(|entry| Row {
            at: view::when(entry.at),
            entry,
        })
        .collect();
    let chrome = Chrome::new(&state, &viewer, "panel-admin-audit-title", "/admin/audit");
    view::ok(&AuditPage {
        chrome,
        q: params.q,
        tenant: params.tenant,
        rows,
    })
}
