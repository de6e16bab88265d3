//! Extractors whose rejections are `ApiError`s, so a wrong body, content type or query string
//! gets the same JSON error shape as everything else.

use super::error::{ApiError, ErrorCode};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// The largest JSON body the API reads.
pub const MAX_JSON_BODY: usize = 256 * 1024;

/// `Json<T>` with API errors.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(ErrorCode::UnsupportedMediaType),
        _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(ErrorCode::PayloadTooLarge).arg("limit", format!("{} KB", MAX_JSON_BODY / 1024))
        }
        JsonRejection::JsonDataError(e) => {
            ApiError::new(ErrorCode::InvalidBody).arg("detail", serde_detail(&e.body_text()))
        }
        JsonRejection::JsonSyntaxError(e) => {
            ApiError::new(ErrorCode::InvalidBody).arg("detail", serde_detail(&e.body_text()))
        }
        other => ApiError::new(ErrorCode::InvalidBody).arg("detail", other.body_text()),
    }
}

/// Axum prefixes serde's message with its own sentence; keep serde's part, which names the
/// field ("unknown field `colour`, expected one of ...").
fn serde_detail(text: &str) -> String {
    text.rsplit_once(": ").map_or(text, |(_, detail)| detail).to_owned()
}

/// `Query<T>` with API errors.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(query_rejection(&rejection)),
        }
    }
}

fn query_rejection(rejection: &QueryRejection) -> ApiError {
    ApiError::new(ErrorCode::InvalidQuery).arg("detail", serde_detail(&rejection.body_text()))
}
