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
}

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
    match filter.status {
        Some(s) => w.push("status = ?", Bind::Text(s.as_str().into())),
        None => w.push("status <> ?", Bind::Text(VehicleStatus::Deleted.as_str().into())),
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        w.push(SEARCH_TEXT, Bind::Text(like_pattern(q)));
    }
    w
}

/// ORDER BY for a sort, always ending on `id` so pages never overlap or skip.
pub fn order_by(sort: VehicleSort) -> &'static str {
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
    fn an_explicit_status_replaces_the_not_deleted_default() {
        let filter = VehicleFilter {
            status: Some(VehicleStatus::Sold),
            ..VehicleFilter::default()
        };
        let w = where_clause(TenantId::new(), &filter);
        assert_eq!(w.sql, "tenant_id = $1 AND status = $2");
    }
}
