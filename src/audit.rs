//! Writing the audit log from anywhere: who (an actor string), what (an action and its
//! target), the values before and after (only the fields that changed), and from where. The
//! "where" of a request is carried in a task-local set by the panel (the client's address) and
//! the chat worker (the channel), so services need no extra parameter to record it.

use crate::AppState;
use crate::domain::{TenantId, utc_now};
use crate::store::{NewAudit, Store};
use serde_json::{Map, Value};

tokio::task_local! {
    /// Where the change being made came from ("203.0.113.9", "whatsapp").
    pub static ORIGIN: String;
}

fn origin() -> Option<String> {
    ORIGIN.try_with(Clone::clone).ok().filter(|o| !o.is_empty())
}

/// Every request runs with its client's address as the origin of the changes it makes
/// (panel, API and webhooks alike).
pub async fn with_origin(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let ip = crate::client_ip::client_ip(request.headers(), peer, &state.settings.trusted_proxies)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    ORIGIN.scope(ip, next.run(request)).await
}

/// One change to record.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub tenant: Option<TenantId>,
    pub actor: &'a str,
    pub action: &'a str,
    pub target: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl<'a> Change<'a> {
    pub fn new(tenant: Option<TenantId>, actor: &'a str, action: &'a str) -> Self {
        Change {
            tenant,
            actor,
            action,
            target: None,
            before: None,
            after: None,
        }
    }

    pub fn target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    /// Keeps only the fields that differ between two JSON objects.
    pub fn diff(mut self, before: &Value, after: &Value) -> Self {
        let (b, a) = changed_fields(before, after);
        self.before = Some(b);
        self.after = Some(a);
        self
    }

    pub fn after(mut self, after: Value) -> Self {
        self.after = Some(after);
        self
    }

    pub fn before(mut self, before: Value) -> Self {
        self.before = Some(before);
        self
    }
}

/// The fields of two objects that differ, each side with its own values.
pub fn changed_fields(before: &Value, after: &Value) -> (Value, Value) {
    let (Value::Object(b), Value::Object(a)) = (before, after) else {
        return (before.clone(), after.clone());
    };
    let mut old = Map::new();
    let mut new = Map::new();
    for key in b.keys().chain(a.keys().filter(|k| !b.contains_key(*k))) {
        let (x, y) = (b.get(key).unwrap_or(&Value::Null), a.get(key).unwrap_or(&Value::Null));
        if x != y {
            old.insert(key.clone(), x.clone());
            new.insert(key.clone(), y.clone());
        }
    }
    (Value::Object(old), Value::Object(new))
}

/// Records a change. The audit log must not stop the work it records: a failure to write it
/// is logged loudly instead.
pub async fn record_in(store: &Store, change: Change<'_>) {
    let entry = NewAudit {
        tenant: change.tenant,
        actor: change.actor.to_owned(),
        action: change.action.to_owned(),
        target: change.target,
        before: change.before.map(|v| v.to_string()),
        after: change.after.map(|v| v.to_string()),
        ip: origin(),
    };
    if let Err(e) = store.record_audit(&entry, utc_now()).await {
        tracing::error!(error = %e, action = %entry.action, "audit entry could not be written");
    }
}

pub async fn record(state: &AppState, change: Change<'_>) {
    record_in(&state.store, change).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_fields_are_kept() {
        let (b, a) = changed_fields(
            &json!({"price": 100, "color": "hitam", "year": 2020}),
            &json!({"price": 95, "color": "hitam", "year": 2020, "plate": "B 1 X"}),
        );
        assert_eq!(b, json!({"price": 100, "plate": null}));
        assert_eq!(a, json!({"price": 95, "plate": "B 1 X"}));
    }
}
