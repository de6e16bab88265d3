//! Leads, test drives and the figures of a period report.

use super::{Store, StoreError, StoreResult, tenant_tx};
use crate::channels::Channel;
use crate::domain::{TenantId, VehicleId};
use crate::leads::{Lead, LeadStatus, LeadUpdate};
use time::OffsetDateTime;
use uuid::Uuid;

const LEAD_BY_CHAT: &str = "SELECT id, customer_name, phone, interest, budget, vehicles FROM leads \
     WHERE tenant_id = $1 AND channel = $2 AND chat_id = $3";
const INSERT_LEAD: &str = "INSERT INTO leads (tenant_id, id, channel, chat_id, customer_name, phone, status, \
     interest, budget, vehicles, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'new', $7, $8, $9, $10, $10)";
const UPDATE_LEAD: &str = "UPDATE leads SET customer_name = $3, phone = $4, interest = $5, budget = $6, \
     vehicles = $7, updated_at = $8 WHERE tenant_id = $1 AND id = $2";
const RECENT_LEADS: &str = "SELECT id, channel, chat_id, customer_name, phone, status, interest, budget, vehicles, \
     created_at FROM leads WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2";
const INSERT_TEST_DRIVE: &str = "INSERT INTO test_drives (tenant_id, id, lead_id, vehicle_id, scheduled_at, status, \
     source_ref, created_at) VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7) \
     ON CONFLICT (tenant_id, source_ref) DO NOTHING";
const LISTED: &str = "SELECT COUNT(*) FROM vehicles WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 \
     AND status <> 'deleted'";
const SOLD: &str = "SELECT price, created_at, sold_at FROM vehicles WHERE tenant_id = $1 AND status = 'sold' \
     AND sold_at >= $2 AND sold_at < $3";
const STOCK: &str = "SELECT created_at FROM vehicles WHERE tenant_id = $1 AND status IN ('available', 'booked')";
const LEADS_BY_STATUS: &str = "SELECT status, COUNT(*) FROM leads WHERE tenant_id = $1 AND created_at >= $2 \
     AND created_at < $3 GROUP BY status";

/// Raw figures for a period; the assistant turns them into a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodFigures {
    pub listed: i64,
    /// Price and days in stock of each car sold in the period.
    pub sold: Vec<(i64, i64)>,
    /// Days in stock of each car still for sale (available or booked).
    pub stock_ages: Vec<i64>,
    pub leads: Vec<(LeadStatus, i64)>,
}

type LeadRow = (
    Uuid,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    String,
);
type LeadListRow = (
    Uuid,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<i64>,
    String,
    OffsetDateTime,
);

/// Listed count, sold cars (price, listed, sold), stock listing times, leads by status.
type RawFigures = (
    i64,
    Vec<(i64, OffsetDateTime, Option<OffsetDateTime>)>,
    Vec<OffsetDateTime>,
    Vec<(String, i64)>,
);

fn vehicles_of(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// At most this many cars are remembered per lead (the latest ones).
const MAX_LEAD_VEHICLES: usize = 20;

impl Store {
    /// Creates the chat's lead or adds what this message told us; returns its id.
    pub async fn upsert_lead(
        &self,
        tenant: TenantId,
        channel: Channel,
        chat_id: &str,
        update: &LeadUpdate,
        now: OffsetDateTime,
    ) -> StoreResult<Uuid> {
        tenant_tx!(self, tenant, Write, |tx| {
            let row: Option<LeadRow> = sqlx::query_as(LEAD_BY_CHAT)
                .bind(tenant.as_uuid())
                .bind(channel.as_str())
                .bind(chat_id)
                .fetch_optional(&mut *tx)
                .await?;
            let id = match row {
                None => {
                    let id = Uuid::now_v7();
                    let vehicles: Vec<&String> = update.vehicle.iter().collect();
                    sqlx::query(INSERT_LEAD)
                        .bind(tenant.as_uuid())
                        .bind(id)
                        .bind(channel.as_str())
                        .bind(chat_id)
                        .bind(update.customer_name.as_deref().or(update.profile_name.as_deref()))
                        .bind(update.phone.as_deref())
                        .bind(update.interest.as_deref())
                        .bind(update.budget)
                        .bind(serde_json::to_string(&vehicles).map_err(|e| StoreError::Corrupt(e.to_string()))?)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    id
                }
                Some((id, name, phone, interest, budget, vehicles)) => {
                    let mut vehicles = vehicles_of(&vehicles);
                    if let Some(v) = &update.vehicle {
                        vehicles.retain(|x| x != v);
                        vehicles.push(v.clone());
                        let excess = vehicles.len().saturating_sub(MAX_LEAD_VEHICLES);
                        vehicles.drain(..excess);
                    }
                    sqlx::query(UPDATE_LEAD)
                        .bind(tenant.as_uuid())
                        .bind(id)
                        .bind(update.customer_name.clone().or(name).or(update.profile_name.clone()))
                        .bind(update.phone.clone().or(phone))
                        .bind(update.interest.clone().or(interest))
                        .bind(update.budget.or(budget))
                        .bind(serde_json::to_string(&vehicles).map_err(|e| StoreError::Corrupt(e.to_string()))?)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    id
                }
            };
            Ok(id)
        })
    }

    /// The newest leads first.
    pub async fn recent_leads(&self, tenant: TenantId, limit: i64) -> StoreResult<Vec<Lead>> {
        let rows: Vec<LeadListRow> = tenant_tx!(self, tenant, Read, |tx| {
            sqlx::query_as(RECENT_LEADS)
                .bind(tenant.as_uuid())
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?
        });
        rows.into_iter()
            .map(
                |(id, channel, chat_id, customer_name, phone, status, interest, budget, vehicles, created_at)| {
                    Ok(Lead {
                        id,
                        channel,
                        chat_id,
                        customer_name,
                        phone,
                        status: LeadStatus::parse(&status).ok_or_else(|| StoreError::Corrupt(status.clone()))?,
                        interest,
                        budget,
                        vehicles: vehicles_of(&vehicles),
                        created_at,
                    })
                },
            )
            .collect()
    }

    /// Records a requested test drive once per message (`source_ref`); returns whether it is new.
    pub async fn book_test_drive(
        &self,
        tenant: TenantId,
        lead: Uuid,
        vehicle: Option<VehicleId>,
        at: OffsetDateTime,
        source_ref: &str,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let inserted = tenant_tx!(self, tenant, Write, |tx| {
            sqlx::query(INSERT_TEST_DRIVE)
                .bind(tenant.as_uuid())
                .bind(Uuid::now_v7())
                .bind(lead)
                .bind(vehicle.map(|v| v.as_uuid()))
                .bind(at)
                .bind(source_ref)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        Ok(inserted == 1)
    }

    /// What happened in `[from, to)`, and the stock as it stands at `now`.
    pub async fn period_figures(
        &self,
        tenant: TenantId,
        from: OffsetDateTime,
        to: OffsetDateTime,
        now: OffsetDateTime,
    ) -> StoreResult<PeriodFigures> {
        let t = tenant.as_uuid();
        let (listed, sold, stock, leads): RawFigures = tenant_tx!(self, tenant, Read, |tx| {
            let listed = sqlx::query_scalar(LISTED)
                .bind(t)
                .bind(from)
                .bind(to)
                .fetch_one(&mut *tx)
                .await?;
            let sold = sqlx::query_as(SOLD)
                .bind(t)
                .bind(from)
                .bind(to)
                .fetch_all(&mut *tx)
                .await?;
            let stock = sqlx::query_scalar(STOCK).bind(t).fetch_all(&mut *tx).await?;
            let leads = sqlx::query_as(LEADS_BY_STATUS)
                .bind(t)
                .bind(from)
                .bind(to)
                .fetch_all(&mut *tx)
                .await?;
            (listed, sold, stock, leads)
        });
        let days = |a: OffsetDateTime, b: OffsetDateTime| (b - a).whole_days().max(0);
        Ok(PeriodFigures {
            listed,
            sold: sold
                .into_iter()
                .map(|(price, created, sold_at)| (price, days(created, sold_at.unwrap_or(now))))
                .collect(),
            stock_ages: stock.into_iter().map(|created| days(created, now)).collect(),
            leads: leads
                .into_iter()
                .filter_map(|(status, n)| Some((LeadStatus::parse(&status)?, n)))
                .collect(),
        })
    }
}
