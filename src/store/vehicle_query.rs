//! Builds the list query from a filter: SQL text with numbered parameters plus the values to
//! bind, in the same order. Pure, so the shape is tested without a database; only fixed
//! fragments ever reach the SQL text, every value is bound.

use crate::domain::TenantId;
use crate::inventory::{VehicleFilter, VehicleSort, VehicleStatus};
use uuid::Uuid;

/// A value to bind, in a form both backends encode.
#[derive(Debug, Clone, PartialEq)]
pub enum Bind {
    Uuid(Uuid),
    Int(i64),
    Text(String),
    Time(time::OffsetDateTime),
}

/// Binds every value of a `Where`, in order, to a query of either backend.
macro_rules! bind_each {
    ($query:expr, $binds:expr) => {{
        let mut query = $query;
        for bind in $binds {
            query = match bind {
                crate::store::vehicle_query::Bind::Uuid(v) => query.bind(*v),
                crate::store::vehicle_query::Bind::Int(v) => query.bind(*v),
                crate::store::vehicle_query::Bind::Text(v) => query.bind(v.clone()),
                crate::store::vehicle_query::Bind::Time(v) => query.bind(*v),
            };
        }
        query
    }};
}
pub(crate) use bind_each;

/// The WHERE clause (without the keyword) and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Where {
    pub sql: String,
    pub binds: Vec<Bind>,
}

impl Where {
    fn push(&mut self, fragment: &str, value: Bind) {
        self.binds.push(value);
        let n = self.binds.len();
        self.sql.push_str(" AND ");
        self.sql.push_str(&fragment.replace('?', &format!("${n}")));
    }
}

/// Escapes LIKE wildcards so `q=50%` searches for "50%" literally.
fn like_pattern(q: &str) -> String {
    let escaped = q
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

const SEARCH_TEXT: &str = "LOWER(make || ' ' || model || ' ' || COALESCE(variant, '') || ' ' || \
     COALESCE(plate, '') || ' ' || display_id || ' ' || COALESCE(description, '')) LIKE ? ESCAPE '\\'";
/// Buyers search without plates: a plate is the showroom's business, not the public's.
const SEARCH_PUBLIC_TEXT: &str = "LOWER(make || ' ' || model || ' ' || COALESCE(variant, '') || ' ' || \
     display_id || ' ' || COALESCE(description, '')) LIKE ? ESCAPE '\\'";
const PUBLIC_STATUS: &str = "status IN ('available', 'booked')";

pub fn where_clause(tenant: TenantId, filter: &VehicleFilter) -> Where {
    let mut w = Where {
        sql: "tenant_id = $1".into(),
        binds: vec![Bind::Uuid(tenant.as_uuid())],
    };
    if let Some(make) = &filter.make {
        w.push("LOWER(make) = ?", Bind::Text(make.trim().to_lowercase()));
    }
    if let Some(model) = &filter.model {
        w.push("LOWER(model) = ?", Bind::Text(model.trim().to_lowercase()));
    }
    if let Some(y) = filter.year_min {
        w.push("year >= ?", Bind::Int(y.into()));
    }
    if let Some(y) = filter.year_max {
        w.push("year <= ?", Bind::Int(y.into()));
    }
    if let Some(p) = filter.price_min {
        w.push("price >= ?", Bind::Int(p.amount()));
    }
    if let Some(p) = filter.price_max {
        w.push("price <= ?", Bind::Int(p.amount()));
    }
    if let Some(t) = filter.transmission {
        w.push("transmission = ?", Bind::Text(t.as_str().into()));
    }
    if let Some(f) = filter.fuel {
        w.push("fuel = ?", Bind::Text(f.as_str().into()));
    }
    if let Some(c) = filter.color {
        w.push("color = ?", Bind::Text(c.as_str().into()));
    }
    if let Some(p) = &filter.plate {
        w.push("plate = ?", Bind::Text(p.clone()));
    }
    if let Some(s) = filter.exclude_status {
        w.push("status <> ?", Bind::Text(s.as_str().into()));
    }
    match (filter.public, filter.status) {
        (None, Some(s)) => w.push("status = ?", Bind::Text(s.as_str().into())),
        (None, None) => w.push("status <> ?", Bind::Text(VehicleStatus::Deleted.as_str().into())),
        (Some(_), Some(s)) => {
            // Only statuses buyers may see can be asked for.
            let s = if matches!(s, VehicleStatus::Booked) {
                s
            } else {
                VehicleStatus::Available
            };
            w.push("status = ?", Bind::Text(s.as_str().into()));
        }
        (Some(scope), None) => match scope.sold_since {
            Some(since) => w.push(
                &format!("({PUBLIC_STATUS} OR (status = 'sold' AND sold_at >= ?))"),
                Bind::Time(since),
            ),
            None => w.sql.push_str(&format!(" AND {PUBLIC_STATUS}")),
        },
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let text = if filter.public.is_some() {
            SEARCH_PUBLIC_TEXT
        } else {
            SEARCH_TEXT
        };
        w.push(text, Bind::Text(like_pattern(q)));
    }
    w
}

/// ORDER BY for a filter: the public catalog puts cars for sale before booked and sold ones.
pub fn order_for(filter: &VehicleFilter) -> String {
    let order = order_by(filter.sort);
    if filter.public.is_some() {
        format!("CASE status WHEN 'available' THEN 0 WHEN 'booked' THEN 1 ELSE 2 END, {order}")
    } else {
        order.to_owned()
    }
}

/// ORDER BY for a sort, always ending on `id` so pages never overlap or skip.
fn order_by(sort: VehicleSort) -> &'static str {
    match sort {
        VehicleSort::Newest => "created_at DESC, id DESC",
        VehicleSort::Oldest => "created_at ASC, id ASC",
        VehicleSort::PriceAsc => "price ASC, id ASC",
        VehicleSort::PriceDesc => "price DESC, id DESC",
        VehicleSort::YearAsc => "year ASC, id ASC",
        VehicleSort::YearDesc => "year DESC, id DESC",
        VehicleSort::MileageAsc => "COALESCE(mileage_km, 9223372036854775807) ASC, id ASC",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::Transmission;

    #[test]
    fn parameters_are_numbered_in_bind_order() {
        let tenant = TenantId::new();
        let filter = VehicleFilter {
            year_min: Some(2018),
            transmission: Some(Transmission::Automatic),
            q: Some("Avanza 50%".into()),
            ..VehicleFilter::default()
        };
        let w = where_clause(tenant, &filter);
        assert!(
            w.sql
                .starts_with("tenant_id = $1 AND year >= $2 AND transmission = $3 AND status <> $4")
        );
        assert!(w.sql.ends_with("LIKE $5 ESCAPE '\\'"));
        assert_eq!(w.binds.len(), 5);
        assert_eq!(w.binds[4], Bind::Text("%avanza 50\\%%".into()));
    }

    #[test]
    fn the_public_scope_never_reaches_drafts_or_plates() {
        let since = time::macros::datetime!(2026-10-28 00:00 UTC);
        let filter = VehicleFilter {
            public: Some(crate::inventory::PublicScope {
                sold_since: Some(since),
            }),
            q: Some("B 1234".into()),
            ..VehicleFilter::default()
        };
        let w = where_clause(TenantId::new(), &filter);
        assert!(
            w.sql
                .contains("(status IN ('available', 'booked') OR (status = 'sold' AND sold_at >= $2))")
        );
        assert!(!w.sql.contains("plate"), "{}", w.sql);
        assert_eq!(w.binds[1], Bind::Time(since));
        assert!(order_for(&filter).starts_with("CASE status"));
        let asked_draft = VehicleFilter {
            public: Some(crate::inventory::PublicScope { sold_since: None }),
            status: Some(VehicleStatus::Draft),
            ..VehicleFilter::default()
        };
        let w = where_clause(TenantId::new(), &asked_draft);
        assert_eq!(w.binds[1], Bind::Text("available".into()));
    }

    #[test]
    fn an_explicit_status_replaces_the_not_deleted_default() {
        let filter = VehicleFilter {
            status: Some(VehicleStatus::Sold),
            ..VehicleFilter::default()
        };
        let w = where_clause(TenantId::new(), &filter);
        assert_eq!(w.sql, "tenant_id = $1 AND status = $2");
    }
}
