//! `ApiError`: every failure of the JSON API, with its code and HTTP status in one table.
//! Handlers return it; `render_errors` (middleware, with the localizer and the request's
//! language) writes the body and logs server errors once.

use crate::AppState;
use crate::i18n::Lang;
use crate::inventory::domain::VehicleError;
use crate::store::StoreError;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Declares the closed set of error codes with their HTTP status.
macro_rules! error_codes {
    ($($variant:ident => $code:literal, $status:ident;)+) => {
        /// What clients switch on. Never renamed once shipped.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorCode { $($variant),+ }

        impl ErrorCode {
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code),+ }
            }
            pub fn status(self) -> StatusCode {
                match self { $(ErrorCode::$variant => StatusCode::$status),+ }
            }
        }
    };
}

error_codes! {
    Unauthorized => "unauthorized", UNAUTHORIZED;
    Forbidden => "forbidden", FORBIDDEN;
    InvalidCredentials => "invalid_credentials", UNAUTHORIZED;
    TooManyAttempts => "too_many_attempts", TOO_MANY_REQUESTS;
    CsrfFailed => "csrf_failed", FORBIDDEN;
    Suspended => "suspended", FORBIDDEN;
    RateLimited => "rate_limited", TOO_MANY_REQUESTS;
    NotFound => "not_found", NOT_FOUND;
    MethodNotAllowed => "method_not_allowed", METHOD_NOT_ALLOWED;
    VehicleNotFound => "vehicle_not_found", NOT_FOUND;
    InvalidBody => "invalid_body", BAD_REQUEST;
    UnsupportedMediaType => "unsupported_media_type", UNSUPPORTED_MEDIA_TYPE;
    PayloadTooLarge => "payload_too_large", PAYLOAD_TOO_LARGE;
    InvalidQuery => "invalid_query", BAD_REQUEST;
    MissingField => "missing_field", UNPROCESSABLE_ENTITY;
    FieldTooLong => "field_too_long", UNPROCESSABLE_ENTITY;
    InvalidYear => "invalid_year", UNPROCESSABLE_ENTITY;
    InvalidPrice => "invalid_price", UNPROCESSABLE_ENTITY;
    InvalidMileage => "invalid_mileage", UNPROCESSABLE_ENTITY;
    InvalidEngineCc => "invalid_engine_cc", UNPROCESSABLE_ENTITY;
    InvalidPlate => "invalid_plate", UNPROCESSABLE_ENTITY;
    InvalidValue => "invalid_value", UNPROCESSABLE_ENTITY;
    InvalidDate => "invalid_date", UNPROCESSABLE_ENTITY;
    InvalidStatusChange => "invalid_status_change", UNPROCESSABLE_ENTITY;
    PlateTaken => "plate_taken", CONFLICT;
    PhotoTooLarge => "photo_too_large", PAYLOAD_TOO_LARGE;
    PhotoHeic => "photo_heic", UNSUPPORTED_MEDIA_TYPE;
    PhotoNotImage => "photo_not_image", UNSUPPORTED_MEDIA_TYPE;
    PhotoTooManyPixels => "photo_too_many_pixels", UNPROCESSABLE_ENTITY;
    PhotoCorrupt => "photo_corrupt", UNPROCESSABLE_ENTITY;
    PhotoOddShape => "photo_odd_shape", UNPROCESSABLE_ENTITY;
    PhotoMissing => "photo_missing", BAD_REQUEST;
    InvalidPhotoOrder => "invalid_photo_order", UNPROCESSABLE_ENTITY;
    PhotoNotFound => "photo_not_found", NOT_FOUND;
    Internal => "internal", INTERNAL_SERVER_ERROR;
    Unavailable => "unavailable", SERVICE_UNAVAILABLE;
}

impl ErrorCode {
    /// The Fluent key of the message: `error-` and the code with hyphens.
    pub fn message_key(self) -> String {
        format!("error-{}", self.as_str().replace('_', "-"))
    }
}

/// A failed API call: a code, the message variables, the field at fault, and for server
/// errors the internal cause (logged, never sent).
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: ErrorCode,
    pub args: Vec<(&'static str, String)>,
    pub field: Option<&'static str>,
    pub internal: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode) -> Self {
        ApiError {
            code,
            args: Vec::new(),
            field: None,
            internal: None,
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn field(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self.args.push(("field", field.to_owned()));
        self
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        ApiError {
            internal: Some(cause.to_string()),
            ..ApiError::new(ErrorCode::Internal)
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => ApiError::new(ErrorCode::NotFound),
            StoreError::Conflict(on) if on.contains("plate") => ApiError::new(ErrorCode::PlateTaken).field("plate"),
            StoreError::Other(sqlx::Error::PoolTimedOut | sqlx::Error::Io(_)) => ApiError {
                internal: Some(err.to_string()),
                ..ApiError::new(ErrorCode::Unavailable)
            },
            other => ApiError::internal(other),
        }
    }
}

impl From<VehicleError> for ApiError {
    fn from(err: VehicleError) -> Self {
        match err {
            VehicleError::Missing(f) => ApiError::new(ErrorCode::MissingField).field(f),
            VehicleError::TooLong(f) => ApiError::new(ErrorCode::FieldTooLong).field(f),
            VehicleError::Year { min, max } => ApiError::new(ErrorCode::InvalidYear)
                .field("year")
                .arg("min", min)
                .arg("max", max),
            VehicleError::Price => ApiError::new(ErrorCode::InvalidPrice).field("price"),
            VehicleError::Mileage => ApiError::new(ErrorCode::InvalidMileage).field("mileage_km"),
            VehicleError::EngineCc => ApiError::new(ErrorCode::InvalidEngineCc).field("engine_cc"),
            VehicleError::Plate => ApiError::new(ErrorCode::InvalidPlate).field("plate"),
            VehicleError::Word { field, allowed } => ApiError::new(ErrorCode::InvalidValue)
                .field(field)
                .arg("allowed", allowed),
            VehicleError::Date(f) => ApiError::new(ErrorCode::InvalidDate).field(f),
            VehicleError::DeleteThroughStatus => ApiError::new(ErrorCode::InvalidStatusChange).field("status"),
        }
    }
}

impl IntoResponse for ApiError {
    /// An empty response carrying the error; `render_errors` fills in the localized body.
    fn into_response(self) -> Response {
        let mut response = self.code.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// Writes the JSON body of every `ApiError` in the request's language, and logs 5xx once.
pub async fn render_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let lang = Lang::from_accept_language(
        request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let mut response = next.run(request).await;
    let Some(err) = response.extensions_mut().remove::<ApiError>() else {
        return response;
    };
    if err.code.status().is_server_error() {
        tracing::error!(
            error.code = err.code.as_str(),
            error.cause = err.internal.as_deref().unwrap_or("-"),
            "request failed"
        );
    }
    let message = state.i18n.text(lang, &err.code.message_key(), &err.args);
    let mut body = json!({ "code": err.code.as_str(), "message": message });
    if let Some(field) = err.field {
        body["field"] = json!(field);
    }
    let mut out = (err.code.status(), axum::Json(json!({ "error": body }))).into_response();
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(if lang == Lang::En { "en" } else { "id" }),
    );
    out
}

/// Unknown routes under the API.
pub async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound)
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(ErrorCode::MethodNotAllowed)
}
