//! Which car a message means: by display id, by plate, by description (model, make, year,
//! colour, transmission), or the car the chat was last about.

use super::context::Ctx;
use crate::domain::Rupiah;
use crate::inventory::{InventoryError, Vehicle, VehicleFilter, VehicleSort, VehicleStatus};
use crate::nlu::Entities;
use crate::store::StoreResult;

/// Most candidates offered in a numbered list.
pub const MAX_CHOICES: u32 = 9;

// Lives for one message; boxing the car would only add noise at every match.
#[allow(clippy::large_enum_variant)]
pub(super) enum Found {
    /// The message names no car and the chat has none in focus.
    Unnamed,
    None,
    One(Vehicle),
    Many(Vec<Vehicle>),
}

/// Which cars may match.
#[derive(Clone, Copy)]
pub(super) enum Scope {
    /// Staff: every car but deleted ones, optionally leaving out one status.
    Staff { exclude: Option<VehicleStatus> },
    /// Customers: cars for sale; a sold or booked car only when named by its code (so the
    /// answer can say honestly that it is gone).
    Customer,
}

/// Whether a message names a car directly (id or plate), so every other fact in it is a
/// change rather than a description.
pub fn named_directly(e: &Entities) -> bool {
    e.display_id.is_some() || e.plate.is_some()
}

/// A list filter from a description. `with_attributes`: colour, year and transmission narrow
/// the search (they are not changes being made).
pub fn describe(e: &Entities, with_attributes: bool) -> VehicleFilter {
    let mut f = VehicleFilter {
        make: e.make.clone(),
        model: e.model.clone(),
        per_page: MAX_CHOICES,
        page: 1,
        ..VehicleFilter::default()
    };
    if with_attributes {
        f.year_min = e.year;
        f.year_max = e.year;
        f.color = e.color;
        f.transmission = e.transmission;
        f.fuel = e.fuel;
        f.q = e.variant.clone();
    }
    f
}

/// A customer's search: description plus budget; cars for sale only.
pub fn search_filter(e: &Entities, per_page: u32) -> VehicleFilter {
    let mut f = describe(e, true);
    f.price_min = e.price_min.and_then(|p| Rupiah::new(p).ok());
    // "avanza 150jt" from a customer is a budget, not a listing price.
    f.price_max = e.price_max.or(e.price).and_then(|p| Rupiah::new(p).ok());
    f.status = Some(VehicleStatus::Available);
    f.sort = if f.price_max.is_some() {
        VehicleSort::PriceDesc
    } else {
        VehicleSort::Newest
    };
    f.per_page = per_page;
    f
}

fn not_found(e: InventoryError) -> StoreResult<Found> {
    match e {
        InventoryError::NotFound | InventoryError::Invalid(_) => Ok(Found::None),
        InventoryError::Store(e) => Err(e),
    }
}

pub(super) async fn find(cx: &Ctx<'_>, e: &Entities, scope: Scope, with_attributes: bool) -> StoreResult<Found> {
    let tenant = cx.tenant.id;
    let inventory = &cx.app.inventory;
    let by_id = |id: String| async move {
        match inventory.find(tenant, &id).await {
            Ok(v) => Ok(Found::One(v)),
            Err(e) => not_found(e),
        }
    };
    if let Some(id) = &e.display_id {
        return by_id(id.clone()).await;
    }
    let mut filter = if let Some(plate) = &e.plate {
        VehicleFilter {
            plate: Some(plate.clone()),
            per_page: MAX_CHOICES,
            page: 1,
            ..VehicleFilter::default()
        }
    } else if e.make.is_some() || e.model.is_some() {
        describe(e, with_attributes)
    } else if let Some(focus) = cx.dialog.focus() {
        return by_id(focus.to_owned()).await;
    } else {
        return Ok(Found::Unnamed);
    };
    match scope {
        Scope::Staff { exclude } => filter.exclude_status = exclude,
        // A customer never learns what became of a plate: only cars for sale are searched.
        Scope::Customer => filter.status = Some(VehicleStatus::Available),
    }
    let page = match inventory.list(tenant, &filter).await {
        Ok(page) => page,
        Err(e) => return not_found(e),
    };
    let mut items = page.items;
    Ok(match items.len() {
        0 => Found::None,
        1 => Found::One(items.remove(0)),
        _ => Found::Many(items),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::{Role, parse};

    #[test]
    fn a_customer_amount_is_a_budget_and_only_cars_for_sale_are_searched() {
        let e = parse("ada avanza matic 150jt?", Role::Customer).entities;
        let f = search_filter(&e, 5);
        assert_eq!(f.price_max.map(Rupiah::amount), Some(150_000_000));
        assert_eq!(f.status, Some(VehicleStatus::Available));
        assert_eq!(f.model.as_deref(), Some("Avanza"));
        assert!(f.transmission.is_some());
    }

    #[test]
    fn colour_describes_the_car_unless_it_is_the_change() {
        let e = parse("avanza hitam km jadi 40rb", Role::Staff).entities;
        assert!(describe(&e, true).color.is_some());
        assert!(describe(&e, false).color.is_none());
        assert!(!named_directly(&e));
    }
}
