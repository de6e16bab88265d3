//! The photos of a car, in order (the first is the main photo).

use super::{Store, StoreResult, tenant_tx};
use crate::domain::{TenantId, VehicleId};
use time::OffsetDateTime;
use uuid::Uuid;

const LIST: &str =
    "SELECT storage_key FROM vehicle_photos WHERE tenant_id = $1 AND vehicle_id = $2 ORDER BY position, id";
const NEXT_POSITION: &str =
    "SELECT COALESCE(MAX(position), 0) FROM vehicle_photos WHERE tenant_id = $1 AND vehicle_id = $2";
const COUNT: &str = "SELECT COUNT(*) FROM vehicle_photos WHERE tenant_id = $1 AND vehicle_id = $2";
const HISTORY: &str = "INSERT INTO vehicle_history (tenant_id, id, vehicle_id, field, old_value, new_value, actor, \
     created_at) VALUES ($1, $2, $3, 'photos', $4, $5, $6, $7)";
pub(super) const INSERT: &str = "INSERT INTO vehicle_photos (tenant_id, id, vehicle_id, position, storage_key, \
     created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id, vehicle_id, storage_key) DO NOTHING";

impl Store {
    /// Storage keys of a car's photos, main photo first.
    pub async fn vehicle_photos(&self, tenant: TenantId, vehicle: VehicleId) -> StoreResult<Vec<String>> {
        Ok(tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_scalar(LIST)
                .bind(tenant.as_uuid())
                .bind(vehicle.as_uuid())
                .fetch_all(&mut *tx)
                .await?
        }))
    }

    /// Appends photos after the existing ones; a photo the car already has is skipped. The
    /// change is written to the car's history. Returns how many were added.
    pub async fn add_vehicle_photos(
        &self,
        tenant: TenantId,
        vehicle: VehicleId,
        keys: &[String],
        actor: &str,
        now: OffsetDateTime,
    ) -> StoreResult<u64> {
        Ok(tenant_tx!(self, tenant, Write, |tx| {
            let mut position: i64 = sqlx::query_scalar(NEXT_POSITION)
                .bind(tenant.as_uuid())
                .bind(vehicle.as_uuid())
                .fetch_one(&mut *tx)
                .await?;
            let before: i64 = sqlx::query_scalar(COUNT)
                .bind(tenant.as_uuid())
                .bind(vehicle.as_uuid())
                .fetch_one(&mut *tx)
                .await?;
            let mut added = 0;
            for key in keys {
                position += 1;
                added += sqlx::query(INSERT)
                    .bind(tenant.as_uuid())
                    .bind(Uuid::now_v7())
                    .bind(vehicle.as_uuid())
                    .bind(position)
                    .bind(key)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            if added > 0 {
                let after = before + i64::try_from(added).unwrap_or(0);
                sqlx::query(HISTORY)
                    .bind(tenant.as_uuid())
                    .bind(Uuid::now_v7())
                    .bind(vehicle.as_uuid())
                    .bind(before.to_string())
                    .bind(after.to_string())
                    .bind(actor)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            added
        }))
    }
}
