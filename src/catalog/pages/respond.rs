//! HTTP caching of catalog pages: the per-showroom page cache in front of every GET page,
//! validators (ETag, Last-Modified, 304) and the gzip copy kept once.

use super::plain_unavailable;
use crate::app::AppState;
use crate::catalog::Site;
use crate::catalog::query::ListQuery;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

const PAGE_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// The part of a request's address that decides its page: unknown parameters are dropped so
/// they cannot fill the cache with copies.
fn cache_address(path: &str, raw: Option<&str>) -> String {
    let raw = raw.unwrap_or_default();
    let query = if path == "/mobil" {
        ListQuery::parse(raw).to_query_string()
    } else if path.starts_with("/mobil/") {
        let (dp, years) = super::car::credit_params(raw);
        format!("dp={}&tenor={years}", dp.unwrap_or(-1))
    } else {
        String::new()
    };
    format!("{path}?{query}")
}

pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut bits = part.split(';');
            let name = bits.next().unwrap_or_default().trim();
            let refused = bits.any(|b| matches!(b.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

fn etag_matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| {
            let t = t.trim();
            t == "*" || t.trim_start_matches("W/") == etag
        })
}

/// Answers from a kept page: 304 when the client has it, gzip when accepted.
fn from_page(page: &crate::catalog::cache::Page, headers: &HeaderMap) -> Response {
    let fresh = etag_matches(headers, &page.etag);
    let gzip = accepts_gzip(headers) && !page.gzip.is_empty();
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else if gzip {
        (
            StatusCode::from_u16(page.status).unwrap_or(StatusCode::OK),
            page.gzip.clone(),
        )
            .into_response()
    } else {
        (
            StatusCode::from_u16(page.status).unwrap_or(StatusCode::OK),
            page.body.clone(),
        )
            .into_response()
    };
    let h = response.headers_mut();
    let mut put = |name, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(name, v);
        }
    };
    put(header::ETAG, &page.etag);
    put(header::LAST_MODIFIED, &page.last_modified);
    // Anyone (a CDN too) may keep it, but must ask again each time: a sold car is never
    // shown as available from a cache.
    put(header::CACHE_CONTROL, "public, no-cache");
    put(header::VARY, "accept-encoding");
    if !fresh {
        put(header::CONTENT_TYPE, page.content_type);
        if gzip {
            put(header::CONTENT_ENCODING, "gzip");
        }
    }
    response
}

fn cacheable(response: &Response) -> bool {
    matches!(response.status().as_u16(), 200 | 404 | 410)
        && !response.headers().contains_key(header::SET_COOKIE)
        && response
            .headers()
            .get(header::CACHE_CONTROL)
            .is_none_or(|v| !v.as_bytes().starts_with(b"no-store"))
}

/// Serves GET pages from the showroom's page cache, rendering and keeping them on a miss.
pub async fn cached(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let site = request.extensions().get::<Site>().cloned();
    let (Some(site), true) = (
        site,
        method == axum::http::Method::GET || method == axum::http::Method::HEAD,
    ) else {
        return next.run(request).await;
    };
    let address = format!(
        "{}{}",
        site.base,
        cache_address(request.uri().path(), request.uri().query())
    );
    let headers = request.headers().clone();
    let slot = app.catalog.pages.slot(site.tenant.id, address);
    if let Some(page) = slot.get() {
        app.metrics.catalog_page(true);
        return from_page(&page, &headers);
    }
    app.metrics.catalog_page(false);
    let response = next.run(request).await;
    if !cacheable(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let content_type = match parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
        Some(t) if t.starts_with("application/xml") => "application/xml; charset=utf-8",
        Some(t) if t.starts_with("text/plain") => "text/plain; charset=utf-8",
        _ => "text/html; charset=utf-8",
    };
    let bytes: Bytes = match axum::body::to_bytes(body, PAGE_BODY_LIMIT).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "catalog page too large to keep");
            return plain_unavailable();
        }
    };
    let page = Arc::new(crate::catalog::cache::Page::new(
        parts.status.as_u16(),
        content_type,
        bytes,
    ));
    let out = from_page(&page, &headers);
    slot.put(page);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_used_only_when_accepted() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).expect("header"));
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br"));
        assert!(with("br;q=1.0, gzip;q=0.8"));
        assert!(!with("gzip;q=0"));
        assert!(!with("br"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn cache_addresses_ignore_what_does_not_change_the_page() {
        assert_eq!(cache_address("/", Some("utm_source=wa")), "/?");
        assert_eq!(
            cache_address("/mobil", Some("x=1&merek=Toyota")),
            cache_address("/mobil", Some("merek=toyota"))
        );
        assert_eq!(
            cache_address("/mobil/a-avz-0001", Some("fbclid=1")),
            "/mobil/a-avz-0001?dp=-1&tenor=3"
        );
    }
}
