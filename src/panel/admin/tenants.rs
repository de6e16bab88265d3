//! Showrooms: create one with its first owner (who gets a one-time setup link), look at one,
//! suspend and resume it, add and remove its custom domains.

use super::operator;
use crate::AppState;
use crate::audit::{self, Change};
use crate::domain::{TenantId, utc_now};
use crate::kv::Event;
use crate::panel::guard::Viewer;
use crate::panel::view::{self, Chrome, Notice, PanelError, PanelResult, role_key};
use crate::store::MemberRow;
use crate::tenants::StaffRole;
use crate::tenants::people::{self, Person};
use crate::tenants::service::{self as tenant_service, TenantError};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use time::Duration;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NewTenantForm {
    slug: String,
    name: String,
    owner_name: String,
    owner_email: String,
    owner_phone: String,
}

/// What a new showroom's creator must hand over, once.
pub struct Created {
    pub slug: String,
    pub api_key: String,
    pub setup_url: String,
}

#[derive(Template)]
#[template(path = "panel/admin/tenants.html")]
struct TenantsPage<'a> {
    chrome: Chrome<'a>,
    tenants: Vec<super::home::ActivityRow>,
    form: NewTenantForm,
    error: Option<String>,
    created: Option<Created>,
    q: String,
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    ok: Option<String>,
}

/// What the tenants page shows besides the list.
#[derive(Default)]
struct Shown<'a> {
    q: &'a str,
    ok: Option<&'a str>,
    form: NewTenantForm,
    error: Option<String>,
    created: Option<Created>,
}

async fn render(state: &AppState, viewer: &Viewer, status: StatusCode, shown: Shown<'_>) -> PanelResult {
    let needle = shown.q.trim().to_lowercase();
    let list = state
        .store
        .tenants_activity(utc_now() - Duration::days(1), i64::MAX)
        .await?
        .into_iter()
        .filter(|t| needle.is_empty() || t.slug.contains(&needle) || t.name.to_lowercase().contains(&needle))
        .take(500)
        .collect();
    let chrome = Chrome::new(state, viewer, "panel-admin-tenants-title", "/admin/tenants").notice(shown.ok);
    let page = TenantsPage {
        chrome,
        tenants: super::home::rows(list),
        form: shown.form,
        error: shown.error,
        created: shown.created,
        q: shown.q.to_owned(),
    };
    view::page(status, &page)
}

pub async fn list(State(state): State<AppState>, viewer: Viewer, Query(params): Query<ListParams>) -> PanelResult {
    operator(&viewer)?;
    let shown = Shown {
        q: &params.q,
        ok: params.ok.as_deref(),
        ..Shown::default()
    };
    render(&state, &viewer, StatusCode::OK, shown).await
}

/// Why the owner's details cannot be used, checked before the showroom is created so a
/// showroom never ends up without an owner.
async fn owner_problem(state: &AppState, form: &NewTenantForm) -> Result<Option<&'static str>, PanelError> {
    let name = form.owner_name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Ok(Some("panel-admin-tenant-owner-needed"));
    }
    if !crate::auth::service::valid_email(&form.owner_email) {
        return Ok(Some("panel-person-email-invalid"));
    }
    let phone = form.owner_phone.trim();
    if !phone.is_empty() && crate::domain::Phone::parse_typed(phone).is_none() {
        return Ok(Some("panel-person-phone-invalid"));
    }
    let email = form.owner_email.trim().to_lowercase();
    if state.store.account_by_email(&email).await?.is_some() {
        return Ok(Some("panel-person-email-taken"));
    }
    Ok(None)
}

pub async fn create(State(state): State<AppState>, viewer: Viewer, Form(form): Form<NewTenantForm>) -> PanelResult {
    let op = operator(&viewer)?;
    let tr = view::tr(&state, viewer.lang);
    let refused = |form: NewTenantForm, error: String| Shown {
        form,
        error: Some(error),
        ..Shown::default()
    };
    if let Some(key) = owner_problem(&state, &form).await? {
        let shown = refused(form, tr.t(key));
        return render(&state, &viewer, StatusCode::UNPROCESSABLE_ENTITY, shown).await;
    }
    let (tenant, key) = match tenant_service::create(&state.store, form.slug.trim(), form.name.trim()).await {
        Ok(created) => created,
        Err(TenantError::Store(e)) => return Err(e.into()),
        Err(e) => {
            let shown = refused(form, format!("{}: {e}", tr.t("panel-admin-tenant-refused")));
            return render(&state, &viewer, StatusCode::UNPROCESSABLE_ENTITY, shown).await;
        }
    };
    let owner = Person {
        name: &form.owner_name,
        role: StaffRole::Owner,
        phone: Some(form.owner_phone.as_str()),
        email: Some(form.owner_email.as_str()),
    };
    let added = people::add(&state, tenant.id, &owner)
        .await
        .map_err(|e| PanelError::Internal(format!("owner of a new showroom: {e}")))?;
    let change = Change::new(Some(tenant.id), &op.actor, "tenant.create")
        .target(format!("tenant:{}", tenant.slug))
        .after(serde_json::json!({
            "slug": tenant.slug.as_str(), "name": tenant.name, "owner": form.owner_email.trim().to_lowercase()
        }));
    audit::record(&state, change).await;
    let created = Created {
        slug: tenant.slug.as_str().to_owned(),
        api_key: key.reveal().to_owned(),
        setup_url: added.setup_url.unwrap_or_default(),
    };
    let shown = Shown {
        created: Some(created),
        ..Shown::default()
    };
    render(&state, &viewer, StatusCode::CREATED, shown).await
}

async fn tenant_of(state: &AppState, id: &str) -> Result<crate::tenants::Tenant, PanelError> {
    let id = uuid::Uuid::parse_str(id).map_err(|_| PanelError::NotFound)?;
    let (tenant, _) = state
        .store
        .tenant_with_profile(TenantId::from_uuid(id))
        .await?
        .ok_or(PanelError::NotFound)?;
    Ok(tenant)
}

pub struct PersonRow {
    pub row: MemberRow,
    pub role: String,
}

#[derive(Template)]
#[template(path = "panel/admin/tenant.html")]
struct TenantPage<'a> {
    chrome: Chrome<'a>,
    id: String,
    slug: String,
    name: String,
    created: String,
    suspended: bool,
    domains: Vec<String>,
    people: Vec<PersonRow>,
    catalog_url: String,
    error: Option<String>,
}

pub async fn detail(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(notice): Query<Notice>,
) -> PanelResult {
    operator(&viewer)?;
    let tenant = tenant_of(&state, &id).await?;
    let error = match notice.ok.as_deref() {
        Some("domain-refused") => Some(view::tr(&state, viewer.lang).t("panel-admin-domain-refused")),
        _ => None,
    };
    let path = format!("/admin/tenants/{}", tenant.id);
    let chrome = Chrome::new(&state, &viewer, "panel-admin-tenant-title", &path).notice(notice.ok.as_deref());
    let people = state
        .store
        .members(tenant.id)
        .await?
        .into_iter()
        .map(|row| PersonRow {
            role: chrome.tr.t(&role_key(row.role)),
            row,
        })
        .collect();
    let page = TenantPage {
        id: tenant.id.to_string(),
        slug: tenant.slug.as_str().to_owned(),
        created: view::when(tenant.created_at),
        suspended: state.store.tenant_suspended(tenant.id).await?,
        domains: state.store.tenant_domains(tenant.id).await?,
        catalog_url: crate::catalog::urls::site_origin(&state.settings, tenant.slug.as_str(), None),
        name: tenant.name,
        people,
        chrome,
        error,
    };
    view::ok(&page)
}

async fn set_suspended(state: &AppState, viewer: &Viewer, id: &str, suspend: bool) -> PanelResult {
    let op = operator(viewer)?;
    let tenant = tenant_of(state, id).await?;
    state
        .store
        .set_tenant_suspended(tenant.id, suspend.then(utc_now))
        .await?;
    state.kv.publish(&Event::TenantChanged { tenant_id: tenant.id }).await;
    let action = if suspend { "tenant.suspend" } else { "tenant.resume" };
    audit::record(
        state,
        Change::new(Some(tenant.id), &op.actor, action).target(format!("tenant:{}", tenant.slug)),
    )
    .await;
    view::done(
        &format!("/admin/tenants/{}", tenant.id),
        if suspend { "suspended" } else { "resumed" },
    )
}

pub async fn suspend(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PanelResult {
    set_suspended(&state, &viewer, &id, true).await
}

pub async fn resume(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PanelResult {
    set_suspended(&state, &viewer, &id, false).await
}

#[derive(Deserialize, Default)]
pub struct DomainForm {
    #[serde(default)]
    domain: String,
}

pub async fn add_domain(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<DomainForm>,
) -> PanelResult {
    let op = operator(&viewer)?;
    let tenant = tenant_of(&state, &id).await?;
    let back = format!("/admin/tenants/{}", tenant.id);
    let Some(domain) = crate::catalog::host::custom_domain(&form.domain, &state.settings.platform_domain) else {
        return view::done(&back, "domain-refused");
    };
    match state.store.add_tenant_domain(tenant.id, &domain, utc_now()).await {
        Ok(()) => {}
        Err(crate::store::StoreError::Conflict(_)) => return view::done(&back, "domain-refused"),
        Err(e) => return Err(e.into()),
    }
    state.kv.publish(&Event::TenantChanged { tenant_id: tenant.id }).await;
    let change =
        Change::new(Some(tenant.id), &op.actor, "tenant.domain.add").after(serde_json::json!({ "domain": domain }));
    audit::record(&state, change).await;
    view::done(&back, "saved")
}

pub async fn remove_domain(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<DomainForm>,
) -> PanelResult {
    let op = operator(&viewer)?;
    let tenant = tenant_of(&state, &id).await?;
    let domain = form.domain.trim().to_lowercase();
    if state.store.remove_tenant_domain(tenant.id, &domain).await? {
        state.kv.publish(&Event::TenantChanged { tenant_id: tenant.id }).await;
        let change = Change::new(Some(tenant.id), &op.actor, "tenant.domain.remove")
            .before(serde_json::json!({ "domain": domain }));
        audit::record(&state, change).await;
    }
    view::done(&format!("/admin/tenants/{}", tenant.id), "saved")
}
