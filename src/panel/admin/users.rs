//! Every login of the platform: showroom people and super admins, searchable; disable or
//! enable one (ending their sessions) and issue a new setup link (a password reset).

use super::operator;
use crate::AppState;
use crate::audit::{self, Change};
use crate::auth::service;
use crate::domain::utc_now;
use crate::panel::guard::Viewer;
use crate::panel::view::{self, Chrome, PanelError, PanelResult};
use crate::store::{AccountRecord, PersonRow};
use askama::Template;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    q: String,
    ok: Option<String>,
}

pub struct Row {
    pub person: PersonRow,
    pub role: String,
    pub created: String,
    pub is_me: bool,
}

#[derive(Template)]
#[template(path = "panel/admin/users.html")]
struct UsersPage<'a> {
    chrome: Chrome<'a>,
    q: String,
    rows: Vec<Row>,
    handout: Option<String>,
}

async fn render(state: &AppState, viewer: &Viewer, q: &str, ok: Option<&str>, handout: Option<String>) -> PanelResult {
    let op = operator(viewer)?;
    let chrome = Chrome::new(state, viewer, "panel-admin-users-title", "/admin/users").notice(ok);
    let rows = state
        .store
        .platform_people(q)
        .await?
        .into_iter()
        .map(|person| Row {
            role: person
                .role
                .as_deref()
                .map(|r| chrome.tr.t(&format!("panel-role-{}", r.replace('_', "-"))))
                .unwrap_or_default(),
            created: view::when(person.created_at),
            is_me: person.id == op.account,
            person,
        })
        .collect();
    view::ok(&UsersPage {
        chrome,
        q: q.to_owned(),
        rows,
        handout,
    })
}

pub async fn list(State(state): State<AppState>, viewer: Viewer, Query(params): Query<Params>) -> PanelResult {
    render(&state, &viewer, &params.q, params.ok.as_deref(), None).await
}

async fn account(state: &AppState, id: &str) -> Result<AccountRecord, PanelError> {
    let id = Uuid::parse_str(id).map_err(|_| PanelError::NotFound)?;
    state.store.account_by_id(id).await?.ok_or(PanelError::NotFound)
}

async fn set_disabled(state: &AppState, viewer: &Viewer, id: &str, disabled: bool) -> PanelResult {
    let op = operator(viewer)?;
    let target = account(state, id).await?;
    if target.id == op.account {
        return Err(PanelError::Forbidden);
    }
    // The platform's disable is the account's own flag, which no showroom page can clear.
    state
        .store
        .set_account_disabled(target.id, disabled.then(utc_now))
        .await?;
    let action = if disabled { "user.disable" } else { "user.enable" };
    let change = Change::new(target.tenant, &op.actor, action).target(format!("account:{}", target.email));
    audit::record(state, change).await;
    view::done("/admin/users", if disabled { "disabled" } else { "enabled" })
}

pub async fn disable(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PanelResult {
    set_disabled(&state, &viewer, &id, true).await
}

pub async fn enable(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PanelResult {
    set_disabled(&state, &viewer, &id, false).await
}

pub async fn setup_link(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PanelResult {
    let op = operator(&viewer)?;
    let target = account(&state, &id).await?;
    let url = service::issue_setup_link(&state, target.id).await?;
    let change = Change::new(target.tenant, &op.actor, "user.setup_link").target(format!("account:{}", target.email));
    audit::record(&state, change).await;
    render(&state, &viewer, "", None, Some(url)).await
}
