//! The lead pipeline: new → contacted → qualified → negotiating → won / lost. The assistant
//! creates and enriches leads; only people move them along, here.

use super::member;
use crate::AppState;
use crate::audit::{self, Change};
use crate::domain::utc_now;
use crate::leads::LeadStatus;
use crate::panel::guard::Viewer;
use crate::panel::view::{self, Chrome, PanelError, PanelResult};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use uuid::Uuid;

const SHOWN: i64 = 500;

#[derive(Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    status: String,
    ok: Option<String>,
}

pub struct LeadRow {
    pub id: Uuid,
    pub name: String,
    pub phone: String,
    pub channel: String,
    pub chat_href: String,
    pub interest: String,
    pub budget: String,
    pub cars: String,
    pub status: &'static str,
    pub created: String,
}

#[derive(Template)]
#[template(path = "panel/dashboard/leads.html")]
struct LeadsPage<'a> {
    chrome: Chrome<'a>,
    stages: Vec<(&'static str, String, usize)>,
    status: String,
    rows: Vec<LeadRow>,
}

pub async fn list(State(state): State<AppState>, viewer: Viewer, Query(params): Query<Params>) -> PanelResult {
    let me = member(&viewer)?;
    let leads = state.store.recent_leads(me.tenant, SHOWN).await?;
    let chrome = Chrome::new(&state, &viewer, "panel-leads-title", "/dashboard/leads").notice(params.ok.as_deref());
    let stages = LeadStatus::ALL
        .iter()
        .map(|s| {
            let n = leads.iter().filter(|l| l.status == *s).count();
            (s.as_str(), chrome.tr.t(&format!("panel-lead-{}", s.as_str())), n)
        })
        .collect();
    let wanted = LeadStatus::parse(&params.status);
    let rows = leads
        .into_iter()
        .filter(|l| wanted.is_none_or(|w| l.status == w))
        .map(|l| LeadRow {
            id: l.id,
            name: l.customer_name.unwrap_or_else(|| "—".to_owned()),
            phone: l.phone.unwrap_or_default(),
            chat_href: super::conversations::chat_href(&l.channel, &l.chat_id),
            channel: l.channel,
            interest: l.interest.unwrap_or_default(),
            budget: l.budget.map(view::rupiah).unwrap_or_default(),
            cars: l.vehicles.join(", "),
            status: l.status.as_str(),
            created: view::when(l.created_at),
        })
        .collect();
    view::ok(&LeadsPage {
        chrome,
        stages,
        status: params.status,
        rows,
    })
}

#[derive(Deserialize)]
pub struct StageForm {
    #[serde(default)]
    status: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<StageForm>,
) -> PanelResult {
    let me = member(&viewer)?;
    let lead = Uuid::parse_str(&id).map_err(|_| PanelError::NotFound)?;
    let status = LeadStatus::parse(&form.status).ok_or(PanelError::BadRequest)?;
    let before = state
        .store
        .set_lead_status(me.tenant, lead, status, utc_now())
        .await?
        .ok_or(PanelError::NotFound)?;
    let change = Change::new(Some(me.tenant), &me.actor, "lead.status")
        .target(format!("lead:{lead}"))
        .before(serde_json::json!({ "status": before.as_str() }))
        .after(serde_json::json!({ "status": status.as_str() }));
    audit::record(&state, change).await;
    view::done("/dashboard/leads", "saved")
}
