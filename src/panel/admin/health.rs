//! The service's health as the operator needs it: the database and Redis answering (and how
//! fast), the queues' depth and oldest waiting job, recent failures, and the LLM's circuit.

use super::operator;
use crate::AppState;
use crate::audit::{self, Change};
use crate::domain::utc_now;
use crate::panel::guard::Viewer;
use crate::panel::view::{self, Chrome, Notice, PanelError, PanelResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use std::time::Instant;
use time::Duration;

pub struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

pub struct QueueRow {
    pub queue: String,
    pub waiting: i64,
    pub oldest: String,
    pub failed: i64,
}

pub struct Dead {
    pub id: i64,
    pub queue: String,
    pub tenant: String,
    pub error: String,
    pub at: String,
}

pub struct Failure {
    pub queue: String,
    pub tenant: String,
    pub error: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "panel/admin/health.html")]
struct HealthPage<'a> {
    chrome: Chrome<'a>,
    checks: Vec<Check>,
    queues: Vec<QueueRow>,
    failures: Vec<Failure>,
    dead: Vec<Dead>,
    dead_count: i64,
}

const DEAD_SHOWN: i64 = 50;

pub async fn page(State(state): State<AppState>, viewer: Viewer, Query(notice): Query<Notice>) -> PanelResult {
    operator(&viewer)?;
    let checks = checks(&state, &viewer).await;
    let now = utc_now();
    let queues = state
        .store
        .queue_health(now - Duration::days(1))
        .await?
        .into_iter()
        .map(|q| QueueRow {
            queue: q.queue,
            waiting: q.waiting,
            oldest: q
                .oldest
                .map(|t| format!("{} s", (now - t).whole_seconds().max(0)))
                .unwrap_or_else(|| "—".to_owned()),
            failed: q.failed,
        })
        .collect();
    let failures = state
        .store
        .recent_failures(20)
        .await?
        .into_iter()
        .map(|(queue, tenant, error, at)| Failure {
            queue,
            tenant: tenant.unwrap_or_default(),
            error: error.unwrap_or_default().chars().take(300).collect(),
            at: view::when(at),
        })
        .collect();
    let (dead, dead_count) = dead_letters(&state).await?;
    let chrome = Chrome::new(&state, &viewer, "panel-admin-health-title", "/admin/health").notice(notice.ok.as_deref());
    view::ok(&HealthPage {
        chrome,
        checks,
        queues,
        failures,
        dead,
        dead_count,
    })
}

/// The database, the key-value backend and the LLM: answering, and how fast.
async fn checks(state: &AppState, viewer: &Viewer) -> Vec<Check> {
    let tr = view::tr(state, viewer.lang);
    let started = Instant::now();
    let db = state.store.ping().await;
    let db_ms = started.elapsed().as_millis();
    let started = Instant::now();
    let kv = state.kv.ping().await;
    let kv_ms = started.elapsed().as_millis();
    let backend = format!("{:?}", state.store.backend());
    let mut checks = vec![
        Check {
            name: format!("{} ({backend})", tr.t("panel-health-database")),
            ok: db.is_ok(),
            detail: db.map_or_else(|e| e.to_string(), |()| format!("{db_ms} ms")),
        },
        Check {
            name: if state.kv.is_redis() {
                "Redis".to_owned()
            } else {
                tr.t("panel-health-memory-kv")
            },
            ok: kv.is_ok(),
            detail: kv.map_or_else(|e| e, |()| format!("{kv_ms} ms")),
        },
    ];
    checks.push(match &state.llm {
        None => Check {
            name: "LLM".to_owned(),
            ok: true,
            detail: tr.t("panel-health-llm-off"),
        },
        Some(llm) => Check {
            name: "LLM".to_owned(),
            ok: !llm.is_circuit_open(),
            detail: tr.t(if llm.is_circuit_open() {
                "panel-health-circuit-open"
            } else {
                "panel-health-circuit-closed"
            }),
        },
    });
    checks
}

async fn dead_letters(state: &AppState) -> Result<(Vec<Dead>, i64), PanelError> {
    let (letters, count) = state.store.dead_letters(DEAD_SHOWN).await?;
    let dead = letters
        .into_iter()
        .map(|d| Dead {
            id: d.id,
            queue: d.queue,
            tenant: d.tenant.unwrap_or_default(),
            error: d.error.unwrap_or_default().chars().take(300).collect(),
            at: view::when(d.created_at),
        })
        .collect();
    Ok((dead, count))
}

/// Sends a dead letter round again (after the cause was fixed).
pub async fn retry_dead(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> PanelResult {
    let op = operator(&viewer)?;
    if !state.store.revive_dead_letter(id, utc_now()).await? {
        return Err(PanelError::NotFound);
    }
    state.wake.notify_waiters();
    audit::record(
        &state,
        Change::new(None, &op.actor, "job.retry").target(format!("job:{id}")),
    )
    .await;
    view::done("/admin/health", "retried")
}
