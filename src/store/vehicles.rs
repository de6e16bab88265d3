//! Vehicle rows: insert with a fresh display id, read, list, update with history.

use super::vehicle_query::{bind_each, order_for, where_clause};
use super::{Backend, Store, StoreError, StoreResult, tenant_tx};
use crate::domain::{DisplayId, Plate, Rupiah, TenantId, VehicleId};
use crate::inventory::{HistoryEntry, NewVehicle, Vehicle, VehicleFilter};
use sqlx::AssertSqlSafe;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The column list every vehicle SELECT uses, in `VehicleRow` order.
macro_rules! vehicle_columns {
    () => {
        "tenant_id, id, display_id, make, model, variant, year, price, mileage_km, transmission, \
         fuel, color, plate, engine_cc, status, description, tax_valid_until, created_at, \
         updated_at, sold_at"
    };
}

const GET: &str = concat!(
    "SELECT ",
    vehicle_columns!(),
    " FROM vehicles WHERE tenant_id = $1 AND id = $2"
);
const GET_FOR_UPDATE: &str = concat!(
    "SELECT ",
    vehicle_columns!(),
    " FROM vehicles WHERE tenant_id = $1 AND id = $2 FOR UPDATE"
);
const GET_BY_DISPLAY_ID: &str = concat!(
    "SELECT ",
    vehicle_columns!(),
    " FROM vehicles WHERE tenant_id = $1 AND display_id = $2"
);
const GET_BY_SOURCE: &str = concat!(
    "SELECT ",
    vehicle_columns!(),
    " FROM vehicles WHERE tenant_id = $1 AND source_ref = $2"
);
const SET_SOURCE: &str = "UPDATE vehicles SET source_ref = $3 WHERE tenant_id = $1 AND id = $2";
const NEXT_DISPLAY_NUMBER: &str = "INSERT INTO display_id_counters (tenant_id, prefix, last_value) \
     VALUES ($1, $2, 1) \
     ON CONFLICT (tenant_id, prefix) DO UPDATE SET last_value = display_id_counters.last_value + 1 \
     RETURNING last_value";
/// Insert or full update: the one statement that writes a vehicle row.
const SAVE: &str = concat!(
    "INSERT INTO vehicles (",
    vehicle_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) \
     ON CONFLICT (tenant_id, id) DO UPDATE SET make = excluded.make, model = excluded.model, \
     variant = excluded.variant, year = excluded.year, price = excluded.price, \
     mileage_km = excluded.mileage_km, transmission = excluded.transmission, fuel = excluded.fuel, \
     color = excluded.color, plate = excluded.plate, engine_cc = excluded.engine_cc, \
     status = excluded.status, description = excluded.description, \
     tax_valid_until = excluded.tax_valid_until, updated_at = excluded.updated_at, \
     sold_at = excluded.sold_at"
);
const INSERT_HISTORY: &str = "INSERT INTO vehicle_history \
     (tenant_id, id, vehicle_id, field, old_value, new_value, actor, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
const LIST_HISTORY: &str = "SELECT field, old_value, new_value, actor, created_at FROM vehicle_history \
     WHERE tenant_id = $1 AND vehicle_id = $2 ORDER BY created_at, id";

#[derive(sqlx::FromRow)]
struct VehicleRow {
    tenant_id: Uuid,
    id: Uuid,
    display_id: String,
    make: String,
    model: String,
    variant: Option<String>,
    year: i32,
    price: i64,
    mileage_km: Option<i64>,
    transmission: Option<String>,
    fuel: Option<String>,
    color: Option<String>,
    plate: Option<String>,
    engine_cc: Option<i32>,
    status: String,
    description: Option<String>,
    tax_valid_until: Option<Date>,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    sold_at: Option<OffsetDateTime>,
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

fn parse_word<T: std::str::FromStr>(what: &str, value: Option<String>) -> StoreResult<Option<T>> {
    value.map(|v| v.parse().map_err(|_| corrupt(what, &v))).transpose()
}

impl TryFrom<VehicleRow> for Vehicle {
    type Error = StoreError;
    fn try_from(r: VehicleRow) -> Result<Self, Self::Error> {
        Ok(Vehicle {
            id: VehicleId::from_uuid(r.id),
            tenant_id: TenantId::from_uuid(r.tenant_id),
            display_id: DisplayId::parse(&r.display_id).ok_or_else(|| corrupt("display id", &r.display_id))?,
            make: r.make,
            model: r.model,
            variant: r.variant,
            year: r.year,
            price: Rupiah::new(r.price).map_err(|_| corrupt("price", &r.price.to_string()))?,
            mileage_km: r.mileage_km,
            transmission: parse_word("transmission", r.transmission)?,
            fuel: parse_word("fuel", r.fuel)?,
            color: parse_word("color", r.color)?,
            plate: r
                .plate
                .map(|p| Plate::parse(&p).map_err(|_| corrupt("plate", &p)))
                .transpose()?,
            engine_cc: r.engine_cc,
            status: r.status.parse().map_err(|_| corrupt("status", &r.status))?,
            description: r.description,
            tax_valid_until: r.tax_valid_until,
            created_at: r.created_at,
            updated_at: r.updated_at,
            sold_at: r.sold_at,
        })
    }
}

/// A recorded change, as read back.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HistoryRecord {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub actor: String,
    pub created_at: OffsetDateTime,
}

/// One page of a list and the total matching count.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
}

/// Binds every column of `SAVE` in order; written once, expanded for each backend.
macro_rules! bind_vehicle {
    ($query:expr, $v:expr) => {
        $query
            .bind($v.tenant_id.as_uuid())
            .bind($v.id.as_uuid())
            .bind($v.display_id.as_str())
            .bind(&$v.make)
            .bind(&$v.model)
            .bind($v.variant.as_deref())
            .bind($v.year)
            .bind($v.price.amount())
            .bind($v.mileage_km)
            .bind($v.transmission.map(|t| t.as_str()))
            .bind($v.fuel.map(|f| f.as_str()))
            .bind($v.color.map(|c| c.as_str()))
            .bind($v.plate.as_ref().map(Plate::as_str))
            .bind($v.engine_cc)
            .bind($v.status.as_str())
            .bind($v.description.as_deref())
            .bind($v.tax_valid_until)
            .bind($v.created_at)
            .bind($v.updated_at)
            .bind($v.sold_at)
    };
}

/// Writes history rows for a change; expanded inside a transaction of either backend.
macro_rules! insert_history {
    ($tx:expr, $vehicle:expr, $entries:expr, $actor:expr) => {
        for entry in $entries {
            sqlx::query(INSERT_HISTORY)
                .bind($vehicle.tenant_id.as_uuid())
                .bind(Uuid::now_v7())
                .bind($vehicle.id.as_uuid())
                .bind(entry.field)
                .bind(entry.old_value.as_deref())
                .bind(entry.new_value.as_deref())
                .bind($actor)
                .bind($vehicle.updated_at)
                .execute(&mut *$tx)
                .await?;
        }
    };
}

impl Store {
    /// Stores a new vehicle with the next display id for its model prefix, and a `created`
    /// history entry, in one transaction.
    pub async fn insert_vehicle(
        &self,
        tenant: TenantId,
        new: NewVehicle,
        now: OffsetDateTime,
        actor: &str,
    ) -> StoreResult<Vehicle> {
        self.insert_vehicle_from(tenant, new, now, actor, None).await
    }

    /// Stores a new vehicle listed from a chat message, with its photos, once: a second call
    /// with the same message (a retried job) returns the car the first one stored.
    pub async fn insert_vehicle_from(
        &self,
        tenant: TenantId,
        new: NewVehicle,
        now: OffsetDateTime,
        actor: &str,
        origin: Option<(&str, &[String])>,
    ) -> StoreResult<Vehicle> {
        let prefix = DisplayId::prefix_for_model(&new.model);
        let created = [HistoryEntry {
            field: "status",
            old_value: None,
            new_value: Some(new.status.to_string()),
        }];
        tenant_tx!(self, tenant, Write, |tx| {
            if let Some((source, _)) = origin {
                let row: Option<VehicleRow> = sqlx::query_as(GET_BY_SOURCE)
                    .bind(tenant.as_uuid())
                    .bind(source)
                    .fetch_optional(&mut *tx)
                    .await?;
                if let Some(row) = row {
                    return Vehicle::try_from(row);
                }
            }
            let number: i64 = sqlx::query_scalar(NEXT_DISPLAY_NUMBER)
                .bind(tenant.as_uuid())
                .bind(&prefix)
                .fetch_one(&mut *tx)
                .await?;
            let vehicle = new.into_vehicle(tenant, DisplayId::new(&prefix, number), now);
            bind_vehicle!(sqlx::query(SAVE), vehicle)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::classify)?;
            insert_history!(tx, vehicle, &created, actor);
            if let Some((source, photos)) = origin {
                sqlx::query(SET_SOURCE)
                    .bind(tenant.as_uuid())
                    .bind(vehicle.id.as_uuid())
                    .bind(source)
                    .execute(&mut *tx)
                    .await?;
                for (position, key) in (1_i64..).zip(photos) {
                    sqlx::query(super::photos::INSERT)
                        .bind(tenant.as_uuid())
                        .bind(Uuid::now_v7())
                        .bind(vehicle.id.as_uuid())
                        .bind(position)
                        .bind(key)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            Ok(vehicle)
        })
    }

    pub async fn get_vehicle(&self, tenant: TenantId, id: VehicleId) -> StoreResult<Vehicle> {
        let row: Option<VehicleRow> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(GET)
                .bind(tenant.as_uuid())
                .bind(id.as_uuid())
                .fetch_optional(&mut *tx)
                .await?
        });
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    pub async fn get_vehicle_by_display_id(&self, tenant: TenantId, id: &DisplayId) -> StoreResult<Vehicle> {
        let row: Option<VehicleRow> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(GET_BY_DISPLAY_ID)
                .bind(tenant.as_uuid())
                .bind(id.as_str())
                .fetch_optional(&mut *tx)
                .await?
        });
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    /// Reads the vehicle under a write lock, lets `change` decide the new state, and saves it
    /// with its history in the same transaction. A change that yields no history is not saved;
    /// the flag says whether anything was.
    pub async fn update_vehicle<E>(
        &self,
        tenant: TenantId,
        id: VehicleId,
        actor: &str,
        change: impl FnOnce(Vehicle) -> Result<(Vehicle, Vec<HistoryEntry>), E>,
    ) -> StoreResult<Result<(Vehicle, bool), E>> {
        let get = match self.backend() {
            Backend::Sqlite => GET,
            Backend::Postgres => GET_FOR_UPDATE,
        };
        tenant_tx!(self, tenant, Write, |tx| {
            let row: Option<VehicleRow> = sqlx::query_as(get)
                .bind(tenant.as_uuid())
                .bind(id.as_uuid())
                .fetch_optional(&mut *tx)
                .await?;
            let current = Vehicle::try_from(row.ok_or(StoreError::NotFound)?)?;
            let (next, history) = match change(current) {
                Ok(changed) => changed,
                Err(e) => return Ok(Err(e)),
            };
            let changed = !history.is_empty();
            if changed {
                bind_vehicle!(sqlx::query(SAVE), next)
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::classify)?;
                insert_history!(tx, next, &history, actor);
            }
            Ok(Ok((next, changed)))
        })
    }

    pub async fn list_vehicles(&self, tenant: TenantId, filter: &VehicleFilter) -> StoreResult<Page<Vehicle>> {
        let w = where_clause(tenant, filter);
        let n = w.binds.len();
        let count_sql = format!("SELECT COUNT(*) FROM vehicles WHERE {}", w.sql);
        let list_sql = format!(
            "SELECT {} FROM vehicles WHERE {} ORDER BY {} LIMIT ${} OFFSET ${}",
            vehicle_columns!(),
            w.sql,
            order_for(filter),
            n + 1,
            n + 2
        );
        let (total, rows): (i64, Vec<VehicleRow>) = tenant_tx!(self, tenant, Read, |tx| {
            let count = bind_each!(sqlx::query_scalar(AssertSqlSafe(count_sql)), &w.binds);
            let list = bind_each!(sqlx::query_as(AssertSqlSafe(list_sql)), &w.binds);
            let list = list.bind(i64::from(filter.per_page)).bind(filter.offset());
            (count.fetch_one(&mut *tx).await?, list.fetch_all(&mut *tx).await?)
        });
        let items = rows.into_iter().map(Vehicle::try_from).collect::<StoreResult<_>>()?;
        Ok(Page { items, total })
    }

    /// Every recorded change of one vehicle, oldest first.
    pub async fn vehicle_history(&self, tenant: TenantId, id: VehicleId) -> StoreResult<Vec<HistoryRecord>> {
        Ok(tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(LIST_HISTORY)
                .bind(tenant.as_uuid())
                .bind(id.as_uuid())
                .fetch_all(&mut *tx)
                .await?
        }))
    }
}
