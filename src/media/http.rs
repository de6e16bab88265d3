//! Photos over HTTP: serving stored photos (content-hashed names, cached for a year) and the
//! JSON API to upload, list, reorder and remove a car's photos.

use super::{MediaError, StoredPhoto, analysis::Findings, variant_key};
use crate::AppState;
use crate::api::{ApiError, ApiJson, AuthTenant, ErrorCode};
use crate::domain::{TenantId, utc_now};
use crate::store::CarPhoto;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

/// One upload request: up to 10 photos of 20 MB (each part is also read with a 20 MB cap).
const MAX_PARTS: usize = 10;
pub const MAX_UPLOAD: usize = MAX_PARTS * super::MAX_PHOTO_BYTES + (1 << 20);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/media/{tenant}/{file}", get(serve))
        .route(
            "/api/v1/vehicles/{id}/photos",
            get(list)
                .post(upload)
                .patch(reorder)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route("/api/v1/vehicles/{id}/photos/{photo}", delete(remove))
}

/// Whether a name has the shape the store gives out (`{sha256}[_{size}].{ext}` under a
/// tenant uuid), so a request path can never reach outside the photo store.
fn is_key(tenant: &str, file: &str) -> bool {
    let Some((stem, ext)) = file.split_once('.') else {
        return false;
    };
    let (hash, size) = stem.split_once('_').unwrap_or((stem, ""));
    uuid::Uuid::parse_str(tenant).is_ok()
        && hash.len() == 64
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && matches!(
            (size, ext),
            ("", "jpg" | "png" | "webp") | ("large" | "medium" | "thumb", "webp") | ("wa", "jpg")
        )
}

async fn serve(
    State(state): State<AppState>,
    Path((tenant, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    if !is_key(&tenant, &file) {
        return Err(ApiError::new(ErrorCode::NotFound));
    }
    let bytes = state
        .media
        .get(&format!("{tenant}/{file}"))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
    let mime = match file.rsplit('.').next() {
        Some("webp") => "image/webp",
        Some("png") => "image/png",
        _ => "image/jpeg",
    };
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        bytes,
    )
        .into_response())
}

/// Takes in one photo for a tenant: stored, analysed, its sizes queued.
pub async fn intake(state: &AppState, tenant: TenantId, bytes: &[u8]) -> Result<StoredPhoto, MediaError> {
    let stored = state.media.put_photo(tenant, bytes).await?;
    let findings = serde_json::to_string(&stored.findings).map_err(|e| MediaError::Io(e.to_string()))?;
    state
        .store
        .record_photo(
            tenant,
            &stored.key,
            stored.width,
            stored.height,
            &format!("{:016x}", stored.findings.hash),
            &findings,
            utc_now(),
        )
        .await
        .map_err(|e| MediaError::Io(e.to_string()))?;
    Ok(stored)
}

fn refusal(file: &str, e: &MediaError) -> ApiError {
    let code = match e {
        MediaError::TooLarge => ErrorCode::PhotoTooLarge,
        MediaError::Heic => ErrorCode::PhotoHeic,
        MediaError::NotAPhoto => ErrorCode::PhotoNotImage,
        MediaError::TooManyPixels => ErrorCode::PhotoTooManyPixels,
        MediaError::Corrupt => ErrorCode::PhotoCorrupt,
        MediaError::OddShape => ErrorCode::PhotoOddShape,
        MediaError::Io(why) => return ApiError::internal(why.clone()),
    };
    ApiError::new(code).arg("file", file.to_owned())
}

/// A photo as the API shows it: its id, place, sizes and what the analysis found.
fn photo_json(state: &AppState, position: usize, p: &CarPhoto) -> Value {
    let url = |key: &str| crate::catalog::media_url(&state.settings.public_url, key);
    let findings: Option<Findings> = p.findings.as_deref().and_then(|f| serde_json::from_str(f).ok());
    json!({
        "id": p.id,
        "position": position + 1,
        "main": position == 0,
        "width": p.width,
        "height": p.height,
        "sizes_ready": p.sizes_ready,
        "urls": {
            "original": url(&p.key),
            "large": url(&variant_key(&p.key, "large", "webp")),
            "medium": url(&variant_key(&p.key, "medium", "webp")),
            "thumb": url(&variant_key(&p.key, "thumb", "webp")),
            "whatsapp": url(&variant_key(&p.key, "wa", "jpg")),
        },
        "quality": findings.as_ref().map(|f| json!({
            "dark": f.dark, "blurry": f.blurry, "small": f.small, "tilted": f.tilted,
        })),
        "color": findings.and_then(|f| f.color),
    })
}

async fn photos_of(
    state: &AppState,
    tenant: TenantId,
    id: &str,
) -> Result<(crate::inventory::Vehicle, Vec<CarPhoto>), ApiError> {
    let vehicle = state.inventory.find(tenant, id).await?;
    let photos = state.store.car_photos(tenant, vehicle.id).await?;
    Ok((vehicle, photos))
}

async fn list(
    State(state): State<AppState>,
    AuthTenant(tenant, _): AuthTenant,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (_, photos) = photos_of(&state, tenant.id, &id).await?;
    let data: Vec<Value> = photos
        .iter()
        .enumerate()
        .map(|(i, p)| photo_json(&state, i, p))
        .collect();
    Ok(Json(json!({ "data": data })))
}

/// Every part named `photos` is checked and stored first; the car gets them only when all
/// are good, so a bad file changes nothing.
async fn upload(
    State(state): State<AppState>,
    AuthTenant(tenant, actor): AuthTenant,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let vehicle = state.inventory.find(tenant.id, &id).await?;
    let keys = add_uploads(&state, &vehicle, multipart, &actor).await?;
    let photos = state.store.car_photos(tenant.id, vehicle.id).await?;
    let data: Vec<Value> = photos
        .iter()
        .enumerate()
        .filter(|(_, p)| keys.contains(&p.key))
        .map(|(i, p)| photo_json(&state, i, p))
        .collect();
    Ok((StatusCode::CREATED, Json(json!({ "data": data }))))
}

/// Stores every part named `photos` of an upload and adds them to the car (after the photos
/// it has); returns their keys. Shared by the API and the panel.
pub async fn add_uploads(
    state: &AppState,
    vehicle: &crate::inventory::Vehicle,
    mut multipart: Multipart,
    actor: &str,
) -> Result<Vec<String>, ApiError> {
    let tenant = vehicle.tenant_id;
    let mut keys = Vec::new();
    let added = match store_parts(state, tenant, &mut multipart, &mut keys).await {
        Ok(()) if keys.is_empty() => Err(ApiError::new(ErrorCode::PhotoMissing)),
        Ok(()) => state
            .inventory
            .add_photos(tenant, &vehicle.display_id.to_string(), &keys, actor)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    if let Err(e) = added {
        forget_photos(state, tenant, &keys).await;
        return Err(e);
    }
    Ok(keys)
}

/// Photos stored for an upload that then failed: each is queued for collection (the
/// collector keeps any that a car or a chat draft uses after all).
async fn forget_photos(state: &AppState, tenant: TenantId, keys: &[String]) {
    for key in keys {
        let queued = match state.store.photo_meta(tenant, key).await {
            Ok(Some(meta)) => {
                state
                    .store
                    .queue_photo_job(tenant, "media-gc", meta.id, utc_now())
                    .await
            }
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = queued {
            tracing::warn!(error = %e, "an unused photo of a failed upload stays stored");
        }
    }
}

/// Checks and stores each `photos` part, adding its key to `keys` as soon as it is stored.
async fn store_parts(
    state: &AppState,
    tenant: TenantId,
    multipart: &mut Multipart,
    keys: &mut Vec<String>,
) -> Result<(), ApiError> {
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::new(ErrorCode::InvalidBody).arg("detail", e.body_text()))?
    {
        if field.name() != Some("photos") {
            continue;
        }
        let file = field
            .file_name()
            .unwrap_or("photo")
            .chars()
            .take(80)
            .collect::<String>();
        if keys.len() == MAX_PARTS {
            let detail = format!("at most {MAX_PARTS} photos");
            return Err(ApiError::new(ErrorCode::InvalidBody).arg("detail", detail));
        }
        let bytes = read_capped(field, &file).await?;
        if bytes.is_empty() {
            continue;
        }
        let stored = intake(state, tenant, &bytes).await.map_err(|e| refusal(&file, &e))?;
        keys.push(stored.key);
    }
    Ok(())
}

/// A part's bytes, refused as soon as it passes 20 MB (nothing larger is ever buffered).
async fn read_capped(mut field: axum::extract::multipart::Field<'_>, file: &str) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| ApiError::new(ErrorCode::InvalidBody).arg("detail", e.body_text()))?
    {
        if bytes.len() + chunk.len() > super::MAX_PHOTO_BYTES {
            return Err(refusal(file, &MediaError::TooLarge));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// `{"order": [ids…]}` sets the whole order; `{"main": id}` moves one photo to the front.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reorder {
    order: Option<Vec<Uuid>>,
    main: Option<Uuid>,
}

async fn reorder(
    State(state): State<AppState>,
    AuthTenant(tenant, actor): AuthTenant,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Reorder>,
) -> Result<Json<Value>, ApiError> {
    let vehicle = state.inventory.find(tenant.id, &id).await?;
    set_order(&state, &vehicle, body.order, body.main, &actor).await?;
    list(State(state), AuthTenant(tenant, actor), Path(id)).await
}

/// Sets a car's photo order (every photo, once) or moves one photo to the front.
pub async fn set_order(
    state: &AppState,
    vehicle: &crate::inventory::Vehicle,
    order: Option<Vec<Uuid>>,
    main: Option<Uuid>,
    actor: &str,
) -> Result<(), ApiError> {
    let tenant = vehicle.tenant_id;
    let photos = state.store.car_photos(tenant, vehicle.id).await?;
    let order = match (order, main) {
        (Some(order), None) => order,
        (None, Some(main)) => {
            if !photos.iter().any(|p| p.id == main) {
                return Err(ApiError::new(ErrorCode::PhotoNotFound));
            }
            std::iter::once(main)
                .chain(photos.iter().map(|p| p.id).filter(|p| *p != main))
                .collect()
        }
        _ => return Err(ApiError::new(ErrorCode::InvalidPhotoOrder)),
    };
    if !state.store.reorder_photos(tenant, vehicle.id, &order).await? {
        return Err(ApiError::new(ErrorCode::InvalidPhotoOrder));
    }
    announce_photos(state, vehicle).await;
    let change = crate::audit::Change::new(Some(tenant), actor, "vehicle.photos.order")
        .target(vehicle.display_id.to_string())
        .after(json!({ "order": order }));
    crate::audit::record(state, change).await;
    Ok(())
}

async fn announce_photos(state: &AppState, vehicle: &crate::inventory::Vehicle) {
    state
        .kv
        .publish(&crate::kv::Event::VehicleChanged {
            tenant_id: vehicle.tenant_id,
            vehicle_id: vehicle.id,
            change: "photos".into(),
        })
        .await;
}

/// Takes a photo off a car; its files go later, through the job queue, once no car uses it.
async fn remove(
    State(state): State<AppState>,
    AuthTenant(tenant, actor): AuthTenant,
    Path((id, photo)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let vehicle = state.inventory.find(tenant.id, &id).await?;
    let photo = Uuid::parse_str(&photo).map_err(|_| ApiError::new(ErrorCode::PhotoNotFound))?;
    take_off(&state, &vehicle, photo, &actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes one photo off a car (shared by the API and the panel).
pub async fn take_off(
    state: &AppState,
    vehicle: &crate::inventory::Vehicle,
    photo: Uuid,
    actor: &str,
) -> Result<(), ApiError> {
    let tenant = vehicle.tenant_id;
    let key = state
        .store
        .remove_car_photo(tenant, vehicle.id, photo)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::PhotoNotFound))?;
    if let Some(meta) = state.store.photo_meta(tenant, &key).await? {
        state
            .store
            .queue_photo_job(tenant, "media-gc", meta.id, utc_now())
            .await?;
    }
    announce_photos(state, vehicle).await;
    let change = crate::audit::Change::new(Some(tenant), actor, "vehicle.photos.remove")
        .target(vehicle.display_id.to_string())
        .before(json!({ "photo": key }));
    crate::audit::record(state, change).await;
    Ok(())
}

/// Removes a photo's files when no car in the inventory shows it any more.
pub async fn collect_garbage(state: &AppState, tenant: TenantId, meta: Uuid) -> Result<(), MediaError> {
    let io = |e: crate::store::StoreError| MediaError::Io(e.to_string());
    let Some(key) = state.store.photo_key(tenant, meta).await.map_err(io)? else {
        return Ok(());
    };
    // A photo on a car, or in a chat's listing draft, stays.
    if state.store.photo_in_use(tenant, &key).await.map_err(io)? {
        return Ok(());
    }
    state.media.delete_photo(&key).await?;
    state.store.delete_photo_meta(tenant, meta).await.map_err(io)
}

/// Makes a photo's sizes (the `media` job).
pub async fn make_sizes(state: &AppState, tenant: TenantId, meta: Uuid) -> Result<(), MediaError> {
    let io = |e: crate::store::StoreError| MediaError::Io(e.to_string());
    let Some(key) = state.store.photo_key(tenant, meta).await.map_err(io)? else {
        return Ok(());
    };
    state.media.make_variants(&key).await?;
    state
        .store
        .mark_sizes_ready(tenant, meta, utc_now())
        .await
        .map_err(io)?;
    // Catalog pages switch from the master to the sizes.
    state
        .kv
        .publish(&crate::kv::Event::TenantChanged { tenant_id: tenant })
        .await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_store_shaped_names_are_served() {
        let t = "01a21c9d-a549-72fd-9672-9d80a8bbec81";
        let h = "931aa27b791f8670d6645a37bf4143e023a1749788d54bbb574337abedbf64d8";
        assert!(is_key(t, &format!("{h}.jpg")));
        assert!(is_key(t, &format!("{h}_thumb.webp")));
        assert!(is_key(t, &format!("{h}_wa.jpg")));
        assert!(!is_key(t, &format!("{h}_wa.webp")));
        assert!(!is_key(t, "../../etc/passwd"));
        assert!(!is_key("..", &format!("{h}.jpg")));
        assert!(!is_key(t, &format!("{h}.jpg.partial")));
        assert!(!is_key(t, &format!("{}.jpg", h.to_uppercase())));
    }
}
