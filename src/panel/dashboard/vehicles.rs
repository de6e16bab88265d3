//! Cars in the dashboard: the list with its filters, one form to list or edit a car with
//! every field, status changes, deleting (owners and admins), and photos — upload, drag to
//! reorder (the first is the main photo), remove.

use super::{Member, member};
use crate::AppState;
use crate::api::ApiError;
use crate::catalog::view::PhotoView;
use crate::inventory::domain::vehicle::VehicleInput;
use crate::inventory::{Color, Fuel, Transmission, Vehicle, VehicleFilter, VehiclePatch, VehicleSort, VehicleStatus};
use crate::panel::guard::Viewer;
use crate::panel::view::{self, Chrome, Notice, PanelError, PanelResult, filled as text};
use askama::Template;
use axum::Form;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{MethodRouter, post};
use serde::Deserialize;
use uuid::Uuid;

const PER_PAGE: u32 = 50;

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<u32>,
    ok: Option<String>,
}

pub struct Row {
    pub id: String,
    pub title: String,
    pub price: String,
    pub status: String,
    pub status_word: &'static str,
    pub thumb: Option<String>,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "panel/dashboard/vehicles.html")]
struct ListPage<'a> {
    chrome: Chrome<'a>,
    q: String,
    status: String,
    statuses: Vec<(&'static str, String)>,
    rows: Vec<Row>,
    total: i64,
    page: u32,
    prev: Option<String>,
    next: Option<String>,
}

fn statuses(chrome: &Chrome<'_>) -> Vec<(&'static str, String)> {
    VehicleStatus::ALL
        .iter()
        .filter(|s| **s != VehicleStatus::Deleted)
        .map(|s| (s.as_str(), chrome.tr.t(&format!("status-{}", s.as_str()))))
        .collect()
}

fn title(v: &Vehicle) -> String {
    let variant = v.variant.as_deref().map(|x| format!(" {x}")).unwrap_or_default();
    format!("{} {}{variant} {}", v.make, v.model, v.year)
}

pub async fn list(State(state): State<AppState>, viewer: Viewer, Query(params): Query<ListParams>) -> PanelResult {
    let me = member(&viewer)?;
    let page = params.page.unwrap_or(1).clamp(1, 10_000);
    let filter = VehicleFilter {
        q: Some(params.q.trim().to_owned()).filter(|q| !q.is_empty()),
        status: params.status.parse().ok(),
        sort: VehicleSort::Newest,
        page,
        per_page: PER_PAGE,
        ..VehicleFilter::default()
    };
    let found = state.inventory.list(me.tenant, &filter).await?;
    let ids: Vec<_> = found.items.iter().map(|v| v.id).collect();
    let photos = state.store.main_photos(me.tenant, &ids).await?;
    let chrome =
        Chrome::new(&state, &viewer, "panel-vehicles-title", "/dashboard/vehicles").notice(params.ok.as_deref());
    let rows = found
        .items
        .iter()
        .map(|v| Row {
            id: v.display_id.to_string(),
            title: title(v),
            price: view::rupiah(i64::from(v.price)),
            status: chrome.tr.t(&format!("status-{}", v.status.as_str())),
            status_word: v.status.as_str(),
            thumb: photos.get(&v.id).map(|p| PhotoView::new(&p.key, p.sizes_ready).src),
            updated: view::when(v.updated_at),
        })
        .collect();
    let (q, status) = (params.q.trim().to_owned(), params.status.clone());
    let link = |p: u32| {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &q)
            .append_pair("status", &status)
            .append_pair("page", &p.to_string())
            .finish();
        format!("/dashboard/vehicles?{query}")
    };
    let pages = u32::try_from((found.total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE)).unwrap_or(1);
    let list_page = ListPage {
        statuses: statuses(&chrome),
        chrome,
        q: params.q,
        status: params.status,
        rows,
        total: found.total,
        page,
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
    };
    view::ok(&list_page)
}

/// The car form as typed: every field text, read leniently ("120jt", "30rb", "120.000.000").
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CarForm {
    make: String,
    model: String,
    variant: String,
    year: String,
    price: String,
    mileage_km: String,
    transmission: String,
    fuel: String,
    color: String,
    plate: String,
    engine_cc: String,
    status: String,
    description: String,
    tax_valid_until: String,
}

impl CarForm {
    fn of(v: &Vehicle) -> CarForm {
        let opt = |x: Option<String>| x.unwrap_or_default();
        CarForm {
            make: v.make.clone(),
            model: v.model.clone(),
            variant: opt(v.variant.clone()),
            year: v.year.to_string(),
            price: crate::assistant::render::grouped(i64::from(v.price)),
            mileage_km: opt(v.mileage_km.map(crate::assistant::render::grouped)),
            transmission: opt(v.transmission.map(|t| t.as_str().to_owned())),
            fuel: opt(v.fuel.map(|f| f.as_str().to_owned())),
            color: opt(v.color.map(|c| c.as_str().to_owned())),
            plate: opt(v.plate.as_ref().map(ToString::to_string)),
            engine_cc: opt(v.engine_cc.map(|c| c.to_string())),
            status: v.status.as_str().to_owned(),
            description: opt(v.description.clone()),
            tax_valid_until: opt(v.tax_valid_until.map(|d| d.to_string())),
        }
    }
}

/// A number as people type it: digits with dots or commas, or with a unit ("120jt", "30rb").
pub fn amount(raw: &str) -> Option<i64> {
    let trimmed = raw.trim();
    let digits: String = trimmed.chars().filter(|c| !matches!(c, '.' | ',' | ' ')).collect();
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.parse().ok();
    }
    crate::nlu::amount_in_box(trimmed)
}

/// A number field: empty is `None`; anything unreadable is the field's error.
fn number<T: TryFrom<i64>>(raw: &str, field: &'static str) -> Result<Option<T>, ApiError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    amount(raw).and_then(|n| T::try_from(n).ok()).map(Some).ok_or_else(|| {
        ApiError::new(crate::api::ErrorCode::InvalidValue)
            .field(field)
            .arg("allowed", "0-9")
    })
}

fn input_of(form: &CarForm) -> Result<VehicleInput, ApiError> {
    Ok(VehicleInput {
        make: text(&form.make),
        model: text(&form.model),
        variant: text(&form.variant),
        year: number(&form.year, "year")?,
        price: number(&form.price, "price")?,
        mileage_km: number(&form.mileage_km, "mileage_km")?,
        transmission: text(&form.transmission),
        fuel: text(&form.fuel),
        color: text(&form.color),
        plate: text(&form.plate),
        engine_cc: number(&form.engine_cc, "engine_cc")?,
        status: text(&form.status),
        description: text(&form.description),
        tax_valid_until: text(&form.tax_valid_until),
    })
}

/// Every field of the form, set: an emptied optional field is cleared.
fn patch_of(form: &CarForm) -> Result<VehiclePatch, ApiError> {
    let input = input_of(form)?;
    Ok(VehiclePatch {
        make: Some(form.make.trim().to_owned()),
        model: Some(form.model.trim().to_owned()),
        variant: Some(input.variant),
        year: Some(
            input
                .year
                .ok_or_else(|| ApiError::new(crate::api::ErrorCode::MissingField).field("year"))?,
        ),
        price: Some(
            input
                .price
                .ok_or_else(|| ApiError::new(crate::api::ErrorCode::MissingField).field("price"))?,
        ),
        mileage_km: Some(input.mileage_km),
        transmission: Some(input.transmission),
        fuel: Some(input.fuel),
        color: Some(input.color),
        plate: Some(input.plate),
        engine_cc: Some(input.engine_cc),
        status: input.status,
        description: Some(input.description),
        tax_valid_until: Some(input.tax_valid_until),
    })
}

pub struct PhotoItem {
    pub id: Uuid,
    pub src: String,
    pub main: bool,
}

#[derive(Template)]
#[template(path = "panel/dashboard/vehicle.html")]
struct EditPage<'a> {
    chrome: Chrome<'a>,
    /// `None` for a new car.
    id: Option<String>,
    form: CarForm,
    error: Option<String>,
    statuses: Vec<(&'static str, String)>,
    transmissions: Vec<&'static str>,
    fuels: Vec<&'static str>,
    colors: Vec<&'static str>,
    photos: Vec<PhotoItem>,
    can_delete: bool,
}

struct EditContext<'a> {
    state: &'a AppState,
    viewer: &'a Viewer,
    me: &'a Member,
    /// The confirmation to show (`?ok=`).
    ok: Option<&'a str>,
}

impl<'a> EditContext<'a> {
    fn new(state: &'a AppState, viewer: &'a Viewer, me: &'a Member) -> Self {
        EditContext {
            state,
            viewer,
            me,
            ok: None,
        }
    }

    async fn render(
        &self,
        car: Option<&Vehicle>,
        form: CarForm,
        error: Option<ApiError>,
        status: StatusCode,
    ) -> PanelResult {
        let path = car.map_or_else(
            || "/dashboard/vehicles/new".to_owned(),
            |v| format!("/dashboard/vehicles/{}", v.display_id),
        );
        let title = if car.is_some() {
            "panel-vehicle-edit-title"
        } else {
            "panel-vehicle-new-title"
        };
        let chrome = Chrome::new(self.state, self.viewer, title, &path).notice(self.ok);
        let photos = match car {
            Some(v) => self.state.store.car_photos(self.me.tenant, v.id).await?,
            None => Vec::new(),
        };
        let error = error.map(|e| self.state.i18n.text(self.viewer.lang, &e.code.message_key(), &e.args));
        let page = EditPage {
            statuses: statuses(&chrome),
            chrome,
            id: car.map(|v| v.display_id.to_string()),
            form,
            error,
            transmissions: Transmission::ALL.iter().map(|t| t.as_str()).collect(),
            fuels: Fuel::ALL.iter().map(|f| f.as_str()).collect(),
            colors: Color::ALL.iter().map(|c| c.as_str()).collect(),
            photos: photos
                .iter()
                .enumerate()
                .map(|(i, p)| PhotoItem {
                    id: p.id,
                    src: PhotoView::new(&p.key, p.sizes_ready).src,
                    main: i == 0,
                })
                .collect(),
            can_delete: self.me.is_manager(),
        };
        view::page(status, &page)
    }
}

pub async fn new_form(State(state): State<AppState>, viewer: Viewer) -> PanelResult {
    let me = member(&viewer)?;
    let form = CarForm {
        status: VehicleStatus::Available.as_str().to_owned(),
        ..CarForm::default()
    };
    EditContext::new(&state, &viewer, &me)
        .render(None, form, None, StatusCode::OK)
        .await
}

pub async fn create(State(state): State<AppState>, viewer: Viewer, Form(form): Form<CarForm>) -> PanelResult {
    let me = member(&viewer)?;
    let cx = EditContext::new(&state, &viewer, &me);
    let input = match input_of(&form) {
        Ok(input) => input,
        Err(e) => return cx.render(None, form, Some(e), StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    match state.inventory.create(me.tenant, input, &me.actor).await {
        Ok(car) => view::done(&format!("/dashboard/vehicles/{}", car.display_id), "created"),
        Err(e) => {
            cx.render(None, form, Some(e.into()), StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(params): Query<Notice>,
) -> PanelResult {
    let me = member(&viewer)?;
    let car = state.inventory.find(me.tenant, &id).await?;
    let cx = EditContext {
        ok: params.ok.as_deref(),
        ..EditContext::new(&state, &viewer, &me)
    };
    cx.render(Some(&car), CarForm::of(&car), None, StatusCode::OK).await
}

pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<CarForm>,
) -> PanelResult {
    let me = member(&viewer)?;
    let car = state.inventory.find(me.tenant, &id).await?;
    let cx = EditContext::new(&state, &viewer, &me);
    let patch = match patch_of(&form) {
        Ok(patch) => patch,
        Err(e) => {
            return cx
                .render(Some(&car), form, Some(e), StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
    };
    match state.inventory.update(me.tenant, &id, patch, &me.actor).await {
        Ok(car) => view::done(&format!("/dashboard/vehicles/{}", car.display_id), "saved"),
        Err(crate::inventory::InventoryError::NotFound) => Err(PanelError::NotFound),
        Err(e) => {
            cx.render(Some(&car), form, Some(e.into()), StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<StatusForm>,
) -> PanelResult {
    let me = member(&viewer)?;
    let status: VehicleStatus = form.status.parse().map_err(|()| PanelError::BadRequest)?;
    if status == VehicleStatus::Deleted {
        return Err(PanelError::BadRequest);
    }
    let patch = VehiclePatch {
        status: Some(status.as_str().to_owned()),
        ..VehiclePatch::default()
    };
    let car = state.inventory.update(me.tenant, &id, patch, &me.actor).await?;
    view::done(&format!("/dashboard/vehicles/{}", car.display_id), "saved")
}

pub async fn delete(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PanelResult {
    let me = member(&viewer)?;
    state.inventory.delete(me.tenant, &id, &me.actor).await?;
    view::done("/dashboard/vehicles", "deleted")
}

/// The upload route, with room for a handful of photos.
pub fn upload_route() -> MethodRouter<AppState> {
    post(upload).layer(DefaultBodyLimit::max(crate::media::http::MAX_UPLOAD))
}

async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    multipart: Multipart,
) -> PanelResult {
    let me = member(&viewer)?;
    let car = state.inventory.find(me.tenant, &id).await?;
    match crate::media::http::add_uploads(&state, &car, multipart, &me.actor).await {
        Ok(_) => view::done(&format!("/dashboard/vehicles/{}", car.display_id), "photos"),
        Err(e) => {
            let cx = EditContext::new(&state, &viewer, &me);
            cx.render(Some(&car), CarForm::of(&car), Some(e), StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
    }
}

/// `order` is the photo ids, comma-separated, main photo first (what the drag script sends);
/// `main` alone moves one photo to the front (the no-script button).
#[derive(Deserialize)]
pub struct OrderForm {
    #[serde(default)]
    order: String,
    #[serde(default)]
    main: String,
}

pub async fn reorder(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<OrderForm>,
) -> PanelResult {
    let me = member(&viewer)?;
    let car = state.inventory.find(me.tenant, &id).await?;
    let order: Option<Vec<Uuid>> = if form.order.trim().is_empty() {
        None
    } else {
        Some(
            form.order
                .split(',')
                .map(|s| Uuid::parse_str(s.trim()))
                .collect::<Result<_, _>>()
                .map_err(|_| PanelError::BadRequest)?,
        )
    };
    let main = Uuid::parse_str(form.main.trim()).ok();
    crate::media::http::set_order(&state, &car, order, main, &me.actor)
        .await
        .map_err(|_| PanelError::BadRequest)?;
    view::done(&format!("/dashboard/vehicles/{}", car.display_id), "saved")
}

pub async fn remove_photo(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, photo)): Path<(String, String)>,
) -> PanelResult {
    let me = member(&viewer)?;
    let car = state.inventory.find(me.tenant, &id).await?;
    let photo = Uuid::parse_str(&photo).map_err(|_| PanelError::NotFound)?;
    crate::media::http::take_off(&state, &car, photo, &me.actor)
        .await
        .map_err(|_| PanelError::NotFound)?;
    view::done(&format!("/dashboard/vehicles/{}", car.display_id), "saved")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_typed() {
        assert_eq!(amount("120.000.000"), Some(120_000_000));
        assert_eq!(amount("120jt"), Some(120_000_000));
        assert_eq!(amount("30rb"), Some(30_000));
        assert_eq!(amount("2020"), Some(2020));
        assert_eq!(amount("banyak"), None);
    }

    #[test]
    fn an_emptied_optional_field_is_cleared() {
        let form = CarForm {
            make: "Toyota".into(),
            model: "Avanza".into(),
            year: "2020".into(),
            price: "150jt".into(),
            ..CarForm::default()
        };
        let patch = patch_of(&form).unwrap();
        assert_eq!(patch.price, Some(150_000_000));
        assert_eq!(patch.plate, Some(None));
        assert_eq!(patch.status, None);
        let bad = CarForm {
            year: "kemarin".into(),
            ..form
        };
        assert!(patch_of(&bad).is_err());
    }
}
