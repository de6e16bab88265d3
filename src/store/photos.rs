//! The photos of a car, in order (the first is the main photo).

use super::{Store, StoreResult, tenant_tx, with_pool};
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

const RECORD: &str = "INSERT INTO photo_meta (tenant_id, id, storage_key, width, height, hash, findings, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, storage_key) DO NOTHING";
const META_BY_KEY: &str =
    "SELECT id, findings, sizes_ready_at FROM photo_meta WHERE tenant_id = $1 AND storage_key = $2";
const KEY_OF_META: &str = "SELECT storage_key FROM photo_meta WHERE tenant_id = $1 AND id = $2";
const SIZES_READY: &str = "UPDATE photo_meta SET sizes_ready_at = $3 WHERE tenant_id = $1 AND id = $2";
const DELETE_META: &str = "DELETE FROM photo_meta WHERE tenant_id = $1 AND id = $2";
const HASHES_ON_CARS: &str = "SELECT m.storage_key, m.hash, v.display_id FROM photo_meta m \
     JOIN vehicle_photos p ON p.tenant_id = m.tenant_id AND p.storage_key = m.storage_key \
     JOIN vehicles v ON v.tenant_id = p.tenant_id AND v.id = p.vehicle_id \
     WHERE m.tenant_id = $1 AND v.status <> 'deleted'";
const LIST_WITH_META: &str = "SELECT p.id, p.storage_key, m.width, m.height, m.findings, m.sizes_ready_at \
     FROM vehicle_photos p LEFT JOIN photo_meta m ON m.tenant_id = p.tenant_id AND m.storage_key = p.storage_key \
     WHERE p.tenant_id = $1 AND p.vehicle_id = $2 ORDER BY p.position, p.id";
const SET_POSITION: &str =
    "UPDATE vehicle_photos SET position = $4 WHERE tenant_id = $1 AND vehicle_id = $2 AND id = $3";
const REMOVE: &str =
    "DELETE FROM vehicle_photos WHERE tenant_id = $1 AND vehicle_id = $2 AND id = $3 RETURNING storage_key";
/// Shown on a car still in the inventory, or waiting in a chat's listing draft (the
/// conversation state holds its key).
const IN_USE: &str = "SELECT (SELECT COUNT(*) FROM vehicle_photos p JOIN vehicles v ON v.tenant_id = p.tenant_id \
     AND v.id = p.vehicle_id WHERE p.tenant_id = $1 AND p.storage_key = $2 AND v.status <> 'deleted') \
     + (SELECT COUNT(*) FROM conversations WHERE tenant_id = $1 AND state LIKE '%' || $2 || '%')";

/// A photo of a car with what the pipeline knows about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarPhoto {
    pub id: Uuid,
    pub key: String,
    pub width: Option<i64>,
    pub height: Option<i64>,
    /// The analysis (JSON), when the photo went through intake.
    pub findings: Option<String>,
    pub sizes_ready: bool,
}

/// What intake recorded for a stored photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoMeta {
    pub id: Uuid,
    pub findings: String,
    pub sizes_ready: bool,
}

type CarPhotoRow = (
    Uuid,
    String,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<OffsetDateTime>,
);

impl Store {
    /// Records a stored photo's analysis and queues the making of its sizes, once per key.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_photo(
        &self,
        tenant: TenantId,
        key: &str,
        width: u32,
        height: u32,
        hash: &str,
        findings: &str,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        let id = Uuid::now_v7();
        tenant_tx!(self, tenant, Write, |tx| {
            let inserted = sqlx::query(RECORD)
                .bind(tenant.as_uuid())
                .bind(id)
                .bind(key)
                .bind(i64::from(width))
                .bind(i64::from(height))
                .bind(hash)
                .bind(findings)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if inserted == 1 {
                sqlx::query(super::jobs::INSERT_JOB)
                    .bind("media")
                    .bind(tenant.as_uuid())
                    .bind(id)
                    .bind(format!("media:{id}"))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
        });
        Ok(())
    }

    /// Queues a background job about one photo (`media` makes sizes, `media-gc` removes an
    /// unused photo's objects).
    pub async fn queue_photo_job(
        &self,
        tenant: TenantId,
        queue: &str,
        meta: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        with_pool!(self, |pool| sqlx::query(super::jobs::INSERT_JOB)
            .bind(queue)
            .bind(tenant.as_uuid())
            .bind(meta)
            .bind(format!("{queue}:{meta}"))
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    pub async fn photo_meta(&self, tenant: TenantId, key: &str) -> StoreResult<Option<PhotoMeta>> {
        let row: Option<(Uuid, String, Option<OffsetDateTime>)> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(META_BY_KEY)
                .bind(tenant.as_uuid())
                .bind(key)
                .fetch_optional(&mut *tx)
                .await?
        });
        Ok(row.map(|(id, findings, ready)| PhotoMeta {
            id,
            findings,
            sizes_ready: ready.is_some(),
        }))
    }

    pub async fn photo_key(&self, tenant: TenantId, meta: Uuid) -> StoreResult<Option<String>> {
        Ok(tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_scalar(KEY_OF_META)
                .bind(tenant.as_uuid())
                .bind(meta)
                .fetch_optional(&mut *tx)
                .await?
        }))
    }

    pub async fn mark_sizes_ready(&self, tenant: TenantId, meta: Uuid, now: OffsetDateTime) -> StoreResult<()> {
        tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(SIZES_READY)
                .bind(tenant.as_uuid())
                .bind(meta)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    pub async fn delete_photo_meta(&self, tenant: TenantId, meta: Uuid) -> StoreResult<()> {
        tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(DELETE_META)
                .bind(tenant.as_uuid())
                .bind(meta)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// Same-photo hashes of every photo on a car still in the inventory: (key, hash, car).
    pub async fn photo_hashes_on_cars(&self, tenant: TenantId) -> StoreResult<Vec<(String, String, String)>> {
        Ok(tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(HASHES_ON_CARS)
                .bind(tenant.as_uuid())
                .fetch_all(&mut *tx)
                .await?
        }))
    }

    /// Whether any car still in the inventory shows this photo, or a listing draft holds it.
    pub async fn photo_in_use(&self, tenant: TenantId, key: &str) -> StoreResult<bool> {
        let n: i64 = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_scalar(IN_USE)
                .bind(tenant.as_uuid())
                .bind(key)
                .fetch_one(&mut *tx)
                .await?
        });
        Ok(n > 0)
    }

    /// A car's photos in order, with their analysis.
    pub async fn car_photos(&self, tenant: TenantId, vehicle: VehicleId) -> StoreResult<Vec<CarPhoto>> {
        let rows: Vec<CarPhotoRow> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(LIST_WITH_META)
                .bind(tenant.as_uuid())
                .bind(vehicle.as_uuid())
                .fetch_all(&mut *tx)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, key, width, height, findings, ready)| CarPhoto {
                id,
                key,
                width,
                height,
                findings,
                sizes_ready: ready.is_some(),
            })
            .collect())
    }

    /// Puts a car's photos in the given order (the first is the main photo). `false` when the
    /// ids are not exactly the car's photos.
    pub async fn reorder_photos(&self, tenant: TenantId, vehicle: VehicleId, order: &[Uuid]) -> StoreResult<bool> {
        let current = self.car_photos(tenant, vehicle).await?;
        let mut want: Vec<Uuid> = order.to_vec();
        let mut have: Vec<Uuid> = current.iter().map(|p| p.id).collect();
        want.sort();
        have.sort();
        if want != have {
            return Ok(false);
        }
        tenant_tx!(self, tenant, Write, |tx| {
            for (position, id) in (1_i64..).zip(order) {
                sqlx::query(SET_POSITION)
                    .bind(tenant.as_uuid())
                    .bind(vehicle.as_uuid())
                    .bind(id)
                    .bind(position)
                    .execute(&mut *tx)
                    .await?;
            }
        });
        Ok(true)
    }

    /// Takes a photo off a car; returns its key (`None`: the car has no such photo).
    pub async fn remove_car_photo(
        &self,
        tenant: TenantId,
        vehicle: VehicleId,
        photo: Uuid,
    ) -> StoreResult<Option<String>> {
        Ok(tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query_scalar(REMOVE)
                .bind(tenant.as_uuid())
                .bind(vehicle.as_uuid())
                .bind(photo)
                .fetch_optional(&mut *tx)
                .await?
        }))
    }
}
