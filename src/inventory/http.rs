//! `/api/v1/vehicles`: thin handlers over the inventory service.

use super::domain::vehicle::VehicleInput;
use super::service::InventoryError;
use super::{Vehicle, VehicleFilter, VehiclePatch, VehicleSort};
use crate::AppState;
use crate::api::{self, ApiError, ApiJson, ApiQuery, AuthTenant, ErrorCode, PageMeta};
use crate::domain::Rupiah;
use crate::store::HistoryRecord;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/vehicles", get(list_vehicles).post(create_vehicle))
        .route(
            "/api/v1/vehicles/{id}",
            get(get_vehicle).patch(update_vehicle).delete(delete_vehicle),
        )
        .route("/api/v1/vehicles/{id}/history", get(vehicle_history))
}

impl From<InventoryError> for ApiError {
    fn from(err: InventoryError) -> Self {
        match err {
            InventoryError::NotFound => ApiError::new(ErrorCode::VehicleNotFound),
            InventoryError::Invalid(e) => e.into(),
            InventoryError::Store(e) => e.into(),
        }
    }
}

/// A vehicle as the API shows it; field names are the intent engine's entity names.
#[derive(Debug, Serialize)]
pub struct VehicleView {
    id: String,
    display_id: String,
    make: String,
    model: String,
    variant: Option<String>,
    year: i32,
    price: i64,
    mileage_km: Option<i64>,
    transmission: Option<&'static str>,
    fuel: Option<&'static str>,
    color: Option<&'static str>,
    plate: Option<String>,
    engine_cc: Option<i32>,
    status: &'static str,
    description: Option<String>,
    tax_valid_until: Option<String>,
    created_at: String,
    updated_at: String,
    sold_at: Option<String>,
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

impl From<&Vehicle> for VehicleView {
    fn from(v: &Vehicle) -> Self {
        VehicleView {
            id: v.id.to_string(),
            display_id: v.display_id.to_string(),
            make: v.make.clone(),
            model: v.model.clone(),
            variant: v.variant.clone(),
            year: v.year,
            price: v.price.amount(),
            mileage_km: v.mileage_km,
            transmission: v.transmission.map(|t| t.as_str()),
            fuel: v.fuel.map(|f| f.as_str()),
            color: v.color.map(|c| c.as_str()),
            plate: v.plate.as_ref().map(ToString::to_string),
            engine_cc: v.engine_cc,
            status: v.status.as_str(),
            description: v.description.clone(),
            tax_valid_until: v.tax_valid_until.map(|d| d.to_string()),
            created_at: rfc3339(v.created_at),
            updated_at: rfc3339(v.updated_at),
            sold_at: v.sold_at.map(rfc3339),
        }
    }
}

#[derive(Debug, Serialize)]
struct HistoryView {
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
    actor: String,
    at: String,
}

impl From<HistoryRecord> for HistoryView {
    fn from(h: HistoryRecord) -> Self {
        HistoryView {
            field: h.field,
            old_value: h.old_value,
            new_value: h.new_value,
            actor: h.actor,
            at: rfc3339(h.created_at),
        }
    }
}

/// `?make=&model=&year_min=&year_max=&price_min=&price_max=&transmission=&fuel=&status=&q=&sort=&page=&per_page=`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    make: Option<String>,
    model: Option<String>,
    year_min: Option<i32>,
    year_max: Option<i32>,
    price_min: Option<i64>,
    price_max: Option<i64>,
    transmission: Option<String>,
    fuel: Option<String>,
    color: Option<String>,
    status: Option<String>,
    q: Option<String>,
    sort: Option<String>,
    page: Option<u32>,
    per_page: Option<u32>,
}

fn bad_query(detail: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidQuery).arg("detail", detail)
}

fn parse_word<T: std::str::FromStr>(name: &str, raw: Option<String>) -> Result<Option<T>, ApiError> {
    raw.map(|r| r.parse::<T>().map_err(|_| bad_query(format!("{name}={r}"))))
        .transpose()
}

fn parse_money(name: &str, raw: Option<i64>) -> Result<Option<Rupiah>, ApiError> {
    raw.map(|r| Rupiah::new(r).map_err(|_| bad_query(format!("{name}={r}"))))
        .transpose()
}

impl ListQuery {
    fn into_filter(self) -> Result<VehicleFilter, ApiError> {
        let sort = match self.sort {
            None => VehicleSort::default(),
            Some(s) => VehicleSort::parse(&s).ok_or_else(|| {
                let words: Vec<_> = VehicleSort::WORDS.iter().map(|(w, _)| *w).collect();
                bad_query(format!("sort={s} (one of {})", words.join(", ")))
            })?,
        };
        let per_page = self.per_page.unwrap_or(VehicleFilter::DEFAULT_PER_PAGE);
        if !(1..=VehicleFilter::MAX_PER_PAGE).contains(&per_page) {
            return Err(bad_query(format!(
                "per_page={per_page} (1 to {})",
                VehicleFilter::MAX_PER_PAGE
            )));
        }
        Ok(VehicleFilter {
            make: self.make,
            model: self.model,
            year_min: self.year_min,
            year_max: self.year_max,
            price_min: parse_money("price_min", self.price_min)?,
            price_max: parse_money("price_max", self.price_max)?,
            transmission: parse_word("transmission", self.transmission)?,
            fuel: parse_word("fuel", self.fuel)?,
            color: parse_word("color", self.color)?,
            plate: None,
            status: parse_word("status", self.status)?,
            exclude_status: None,
            q: self.q,
            sort,
            public: None,
            page: self.page.unwrap_or(1).max(1),
            per_page,
        })
    }
}

async fn list_vehicles(
    State(state): State<AppState>,
    AuthTenant(tenant, _): AuthTenant,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Response, ApiError> {
    let filter = query.into_filter()?;
    let page = state.inventory.list(tenant.id, &filter).await?;
    let views: Vec<VehicleView> = page.items.iter().map(VehicleView::from).collect();
    let meta = PageMeta {
        page: filter.page,
        per_page: filter.per_page,
        total: page.total,
    };
    Ok(api::page(views, meta).into_response())
}

async fn create_vehicle(
    State(state): State<AppState>,
    AuthTenant(tenant, actor): AuthTenant,
    ApiJson(input): ApiJson<VehicleInput>,
) -> Result<Response, ApiError> {
    let vehicle = state.inventory.create(tenant.id, input, &actor).await?;
    Ok((StatusCode::CREATED, api::data(VehicleView::from(&vehicle))).into_response())
}

async fn get_vehicle(
    State(state): State<AppState>,
    AuthTenant(tenant, _): AuthTenant,
    Path(id): Path<String>,
) -> Result<Json<api::Envelope<VehicleView>>, ApiError> {
    let vehicle = state.inventory.find(tenant.id, &id).await?;
    Ok(api::data(VehicleView::from(&vehicle)))
}

async fn update_vehicle(
    State(state): State<AppState>,
    AuthTenant(tenant, actor): AuthTenant,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<VehiclePatch>,
) -> Result<Json<api::Envelope<VehicleView>>, ApiError> {
    let vehicle = state.inventory.update(tenant.id, &id, patch, &actor).await?;
    Ok(api::data(VehicleView::from(&vehicle)))
}

async fn delete_vehicle(
    State(state): State<AppState>,
    AuthTenant(tenant, actor): AuthTenant,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.inventory.delete(tenant.id, &id, &actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn vehicle_history(
    State(state): State<AppState>,
    AuthTenant(tenant, _): AuthTenant,
    Path(id): Path<String>,
) -> Result<Json<api::Envelope<Vec<HistoryView>>>, ApiError> {
    let history = state.inventory.history(tenant.id, &id).await?;
    Ok(api::data(history.into_iter().map(HistoryView::from).collect()))
}
