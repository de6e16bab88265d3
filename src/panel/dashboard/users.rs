//! The showroom's people: who they are, their role, their WhatsApp phone (which makes them
//! staff in chat), Telegram link codes and panel logins. Owners manage everyone; admins
//! manage staff only (so an admin can never reset another admin's password and sign in as
//! them); nobody disables themselves.

use super::{Member, member};
use crate::AppState;
use crate::audit::{self, Change};
use crate::auth::{service, session::rank};
use crate::domain::utc_now;
use crate::panel::guard::Viewer;
use crate::panel::view::{self, Chrome, Notice, PanelError, PanelResult, role_key};
use crate::store::MemberRow;
use crate::tenants::people::{self, Person};
use crate::tenants::{StaffRole, domain as tenant_domain};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

pub struct PersonView {
    pub row: MemberRow,
    pub role_label: String,
    pub manageable: bool,
    pub is_me: bool,
}

/// Something to show once (a setup link or a Telegram code) after a change.
pub struct Handout {
    pub label: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "panel/dashboard/users.html")]
struct UsersPage<'a> {
    chrome: Chrome<'a>,
    people: Vec<PersonView>,
    can_manage: bool,
    roles: Vec<(&'static str, String)>,
    error: Option<String>,
    handout: Option<Handout>,
}

fn may_manage(me: &Member, role: StaffRole) -> bool {
    me.role == StaffRole::Owner || (me.is_manager() && rank(role) < rank(me.role))
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    ok: Option<&str>,
    error: Option<&str>,
    handout: Option<Handout>,
) -> PanelResult {
    let me = member(viewer)?;
    let chrome = Chrome::new(state, viewer, "panel-users-title", "/dashboard/users").notice(ok);
    let people = state
        .store
        .members(me.tenant)
        .await?
        .into_iter()
        .map(|row| PersonView {
            role_label: chrome.tr.t(&role_key(row.role)),
            manageable: may_manage(&me, row.role) && row.id != me.account,
            is_me: row.id == me.account,
            row,
        })
        .collect();
    let roles = [StaffRole::Staff, StaffRole::Admin, StaffRole::Owner]
        .into_iter()
        .filter(|r| may_manage(&me, *r))
        .map(|r| (r.as_str(), chrome.tr.t(&role_key(r))))
        .collect();
    let page = UsersPage {
        error: error.map(|k| chrome.tr.t(k)),
        chrome,
        people,
        can_manage: me.is_manager(),
        roles,
        handout,
    };
    view::page(status, &page)
}

pub async fn list(State(state): State<AppState>, viewer: Viewer, Query(notice): Query<Notice>) -> PanelResult {
    render(&state, &viewer, StatusCode::OK, notice.ok.as_deref(), None, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewPersonForm {
    name: String,
    role: String,
    phone: String,
    email: String,
}

pub async fn create(State(state): State<AppState>, viewer: Viewer, Form(form): Form<NewPersonForm>) -> PanelResult {
    let me = member(&viewer)?;
    let role: StaffRole = form.role.parse().map_err(|()| PanelError::BadRequest)?;
    if !may_manage(&me, role) {
        return Err(PanelError::Forbidden);
    }
    let person = Person {
        name: &form.name,
        role,
        phone: Some(form.phone.as_str()),
        email: Some(form.email.as_str()),
    };
    match people::add(&state, me.tenant, &person).await {
        Ok(added) => {
            let change = Change::new(Some(me.tenant), &me.actor, "user.create")
                .target(format!("user:{}", added.id))
                .after(serde_json::json!({
                    "name": form.name.trim(), "role": role.as_str(), "phone": form.phone.trim(), "email": form.email.trim()
                }));
            audit::record(&state, change).await;
            let tr = view::tr(&state, viewer.lang);
            let handout = added.setup_url.map(|value| Handout {
                label: tr.t1("panel-users-setup-link", "name", form.name.trim()),
                value,
            });
            render(&state, &viewer, StatusCode::OK, Some("added"), None, handout).await
        }
        Err(people::PeopleError::Store(e)) => Err(e.into()),
        Err(e) => {
            render(
                &state,
                &viewer,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(e.message_key()),
                None,
            )
            .await
        }
    }
}

/// The member named in the URL, if this person may manage them.
async fn target(state: &AppState, me: &Member, id: &str) -> Result<Uuid, PanelError> {
    let id = Uuid::parse_str(id).map_err(|_| PanelError::NotFound)?;
    let standing = state
        .store
        .member_standing(me.tenant, id)
        .await?
        .ok_or(PanelError::NotFound)?;
    if id == me.account || !may_manage(me, standing.role) {
        return Err(PanelError::Forbidden);
    }
    Ok(id)
}

async fn set_disabled(state: &AppState, viewer: &Viewer, id: &str, disabled: bool) -> PanelResult {
    let me = member(viewer)?;
    let id = target(state, &me, id).await?;
    let at = disabled.then(utc_now);
    if !state.store.set_member_disabled(me.tenant, id, at).await? {
        return Err(PanelError::NotFound);
    }
    let action = if disabled { "user.disable" } else { "user.enable" };
    audit::record(
        state,
        Change::new(Some(me.tenant), &me.actor, action).target(format!("user:{id}")),
    )
    .await;
    view::done("/dashboard/users", if disabled { "disabled" } else { "enabled" })
}

pub async fn disable(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PanelResult {
    set_disabled(&state, &viewer, &id, true).await
}

pub async fn enable(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PanelResult {
    set_disabled(&state, &viewer, &id, false).await
}

/// A Telegram link code for oneself or for someone this person manages (a code for someone
/// else's row would let its redeemer speak as them in chat).
pub async fn telegram_code(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PanelResult {
    let me = member(&viewer)?;
    let id = match Uuid::parse_str(&id) {
        Ok(own) if own == me.account => own,
        _ => target(&state, &me, &id).await?,
    };
    let person = state
        .store
        .members(me.tenant)
        .await?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or(PanelError::NotFound)?;
    let Some(phone) = person.phone.as_deref() else {
        return render(
            &state,
            &viewer,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some("panel-users-telegram-needs-phone"),
            None,
        )
        .await;
    };
    let code = tenant_domain::link_code();
    state
        .store
        .set_telegram_link(me.tenant, phone, &tenant_domain::hash_secret(&code))
        .await?;
    audit::record(
        &state,
        Change::new(Some(me.tenant), &me.actor, "user.telegram_code").target(format!("user:{id}")),
    )
    .await;
    let tr = view::tr(&state, viewer.lang);
    let handout = Handout {
        label: tr.t1("panel-users-telegram-code", "name", &person.name),
        value: format!("/start {code}"),
    };
    render(&state, &viewer, StatusCode::OK, None, None, Some(handout)).await
}

pub async fn setup_link(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PanelResult {
    let me = member(&viewer)?;
    let id = target(&state, &me, &id).await?;
    if state
        .store
        .account_by_id(id)
        .await?
        .is_none_or(|a| a.tenant != Some(me.tenant))
    {
        return Err(PanelError::NotFound);
    }
    let url = service::issue_setup_link(&state, id).await?;
    audit::record(
        &state,
        Change::new(Some(me.tenant), &me.actor, "user.setup_link").target(format!("user:{id}")),
    )
    .await;
    let tr = view::tr(&state, viewer.lang);
    let handout = Handout {
        label: tr.t("panel-users-new-setup-link"),
        value: url,
    };
    render(&state, &viewer, StatusCode::OK, None, None, Some(handout)).await
}
