//! Inventory use cases: each takes the store, the event bus and a tenant, validates through
//! the domain, writes through the store and announces the change.

use super::domain::vehicle::VehicleInput;
use super::{Vehicle, VehicleError, VehicleFilter, VehiclePatch, VehicleStatus};
use crate::domain::{DisplayId, TenantId, VehicleId};
use crate::kv::{Event, Kv};
use crate::store::{HistoryRecord, Page, Store, StoreError};
use time::OffsetDateTime;

/// Why an inventory use case failed.
#[derive(Debug, thiserror::Error)]
pub enum InventoryError {
    #[error("vehicle not found")]
    NotFound,
    #[error(transparent)]
    Invalid(#[from] VehicleError),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for InventoryError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => InventoryError::NotFound,
            other => InventoryError::Store(other),
        }
    }
}

/// The model year limit moves with the Jakarta calendar, not the UTC one.
fn this_year(now: OffsetDateTime) -> i32 {
    crate::domain::in_jakarta(now).year()
}

/// Who made a change, for the history ("api", "staff:<user>", "cli:demo").
pub type Actor<'a> = &'a str;

#[derive(Clone)]
pub struct Inventory {
    store: Store,
    kv: Kv,
}

impl Inventory {
    pub fn new(store: Store, kv: Kv) -> Self {
        Inventory { store, kv }
    }

    #[tracing::instrument(skip_all, fields(tenant.id = %tenant))]
    pub async fn create(
        &self,
        tenant: TenantId,
        input: VehicleInput,
        actor: Actor<'_>,
    ) -> Result<Vehicle, InventoryError> {
        let now = crate::domain::utc_now();
        let new = super::NewVehicle::validate(input, this_year(now))?;
        let vehicle = self.store.insert_vehicle(tenant, new, now, actor).await?;
        self.announce(&vehicle, "created").await;
        self.audit(actor, "vehicle.create", &vehicle, None).await;
        Ok(vehicle)
    }

    /// Lists a car from a chat message with its photos, once per message: a retried message
    /// gets back the car its first attempt stored.
    #[tracing::instrument(skip_all, fields(tenant.id = %tenant))]
    pub async fn create_from_chat(
        &self,
        tenant: TenantId,
        input: VehicleInput,
        actor: Actor<'_>,
        message_ref: &str,
        photos: &[String],
    ) -> Result<Vehicle, InventoryError> {
        let now = crate::domain::utc_now();
        let new = super::NewVehicle::validate(input, this_year(now))?;
        let vehicle = self
            .store
            .insert_vehicle_from(tenant, new, now, actor, Some((message_ref, photos)))
            .await?;
        self.announce(&vehicle, "created").await;
        self.audit(actor, "vehicle.create", &vehicle, None).await;
        Ok(vehicle)
    }

    /// Adds photos to a car (after those it has); returns how many were new.
    pub async fn add_photos(
        &self,
        tenant: TenantId,
        id: &str,
        keys: &[String],
        actor: Actor<'_>,
    ) -> Result<u64, InventoryError> {
        let vehicle = self.find(tenant, id).await?;
        let added = self
            .store
            .add_vehicle_photos(tenant, vehicle.id, keys, actor, crate::domain::utc_now())
            .await?;
        if added > 0 {
            self.announce(&vehicle, "photos").await;
            let change = crate::audit::Change::new(Some(tenant), actor, "vehicle.photos.add")
                .target(vehicle.display_id.to_string())
                .after(serde_json::json!({ "photos": keys }));
            crate::audit::record_in(&self.store, change).await;
        }
        Ok(added)
    }

    pub async fn photos(&self, tenant: TenantId, vehicle: &Vehicle) -> Result<Vec<String>, InventoryError> {
        Ok(self.store.vehicle_photos(tenant, vehicle.id).await?)
    }

    /// Finds a car by its UUID or its display id (`AVZ-0007`); deleted cars are not found.
    pub async fn find(&self, tenant: TenantId, id: &str) -> Result<Vehicle, InventoryError> {
        let vehicle = match uuid::Uuid::parse_str(id) {
            Ok(uuid) => self.store.get_vehicle(tenant, VehicleId::from_uuid(uuid)).await?,
            Err(_) => {
                let display = DisplayId::parse(id).ok_or(InventoryError::NotFound)?;
                self.store.get_vehicle_by_display_id(tenant, &display).await?
            }
        };
        if vehicle.status == VehicleStatus::Deleted {
            return Err(InventoryError::NotFound);
        }
        Ok(vehicle)
    }

    pub async fn list(&self, tenant: TenantId, filter: &VehicleFilter) -> Result<Page<Vehicle>, InventoryError> {
        Ok(self.store.list_vehicles(tenant, filter).await?)
    }

    #[tracing::instrument(skip_all, fields(tenant.id = %tenant))]
    pub async fn update(
        &self,
        tenant: TenantId,
        id: &str,
        patch: VehiclePatch,
        actor: Actor<'_>,
    ) -> Result<Vehicle, InventoryError> {
        let target = self.find(tenant, id).await?;
        let now = crate::domain::utc_now();
        let year = this_year(now);
        let (vehicle, changed) = self
            .store
            .update_vehicle(tenant, target.id, actor, |current| {
                if current.status == VehicleStatus::Deleted {
                    return Err(InventoryError::NotFound);
                }
                current.apply(patch, now, year).map_err(InventoryError::from)
            })
            .await??;
        if changed {
            self.announce(&vehicle, "updated").await;
            self.audit(actor, "vehicle.update", &vehicle, Some(&target)).await;
        }
        Ok(vehicle)
    }

    /// Marks a car deleted (kept for history and reports; gone from every list and lookup).
    #[tracing::instrument(skip_all, fields(tenant.id = %tenant))]
    pub async fn delete(&self, tenant: TenantId, id: &str, actor: Actor<'_>) -> Result<(), InventoryError> {
        let target = self.find(tenant, id).await?;
        let now = crate::domain::utc_now();
        let (vehicle, _) = self
            .store
            .update_vehicle(tenant, target.id, actor, |current| {
                Ok::<_, InventoryError>(current.set_status_at(VehicleStatus::Deleted, now))
            })
            .await??;
        self.announce(&vehicle, "deleted").await;
        self.audit(actor, "vehicle.delete", &vehicle, Some(&target)).await;
        // Its photos' files go later, through the job queue, unless another car shows them.
        for key in self.store.vehicle_photos(tenant, vehicle.id).await? {
            if let Some(meta) = self.store.photo_meta(tenant, &key).await? {
                self.store.queue_photo_job(tenant, "media-gc", meta.id, now).await?;
            }
        }
        Ok(())
    }

    pub async fn history(&self, tenant: TenantId, id: &str) -> Result<Vec<HistoryRecord>, InventoryError> {
        let vehicle = self.find(tenant, id).await?;
        Ok(self.store.vehicle_history(tenant, vehicle.id).await?)
    }

    /// Records a change in the audit log with the fields that changed.
    async fn audit(&self, actor: Actor<'_>, action: &str, after: &Vehicle, before: Option<&Vehicle>) {
        let after_json = audit_fields(after);
        let change =
            crate::audit::Change::new(Some(after.tenant_id), actor, action).target(after.display_id.to_string());
        let change = match before {
            Some(before) => change.diff(&audit_fields(before), &after_json),
            None => change.after(after_json),
        };
        crate::audit::record_in(&self.store, change).await;
    }

    async fn announce(&self, vehicle: &Vehicle, change: &str) {
        let event = Event::VehicleChanged {
            tenant_id: vehicle.tenant_id,
            vehicle_id: vehicle.id,
            change: change.to_owned(),
        };
        self.kv.publish(&event).await;
    }
}

/// The facts of a car as the audit log keeps them.
fn audit_fields(v: &Vehicle) -> serde_json::Value {
    serde_json::json!({
        "make": v.make,
        "model": v.model,
        "variant": v.variant,
        "year": v.year,
        "price": i64::from(v.price),
        "mileage_km": v.mileage_km,
        "transmission": v.transmission.map(|t| t.as_str()),
        "fuel": v.fuel.map(|f| f.as_str()),
        "color": v.color.map(|c| c.as_str()),
        "plate": v.plate.as_ref().map(ToString::to_string),
        "engine_cc": v.engine_cc,
        "status": v.status.as_str(),
        "description": v.description,
        "tax_valid_until": v.tax_valid_until.map(|d| d.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_year_turns_in_jakarta_seven_hours_before_utc() {
        assert_eq!(this_year(datetime!(2026-12-31 16:59 UTC)), 2026);
        assert_eq!(this_year(datetime!(2026-12-31 17:00 UTC)), 2027);
    }
}
