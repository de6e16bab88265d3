//! The JSON API's shared plumbing: the error type and its rendering, extractors that turn bad
//! input into those errors, the `{ "data": ... }` envelope, and tenant authentication.

pub mod auth;
pub mod error;
pub mod extract;

pub use auth::AuthTenant;
pub use error::{ApiError, ErrorCode};
pub use extract::{ApiJson, ApiQuery};

use axum::Json;
use serde::Serialize;

/// The success envelope: `{ "data": ... }`, with `meta` for lists.
#[derive(Debug, Serialize)]
pub struct Envelope<T: Serialize> {
    pub data: T,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<PageMeta>,
}

/// Pagination facts of a list response.
#[derive(Debug, Serialize)]
pub struct PageMeta {
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

pub fn data<T: Serialize>(data: T) -> Json<Envelope<T>> {
    Json(Envelope { data, meta: None })
}

pub fn page<T: Serialize>(data: T, meta: PageMeta) -> Json<Envelope<T>> {
    Json(Envelope { data, meta: Some(meta) })
}
