//! The catalog's and the panel's stylesheet and small script, built into the binary and served under
//! names carrying their content hash (`catalog.3f9a….css`), so browsers and CDNs may keep
//! them forever and a new build is picked up at once.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::LazyLock;

struct Asset {
    name: String,
    content_type: &'static str,
    body: &'static str,
    gzip: axum::body::Bytes,
}

fn asset(stem: &str, ext: &str, content_type: &'static str, body: &'static str) -> Asset {
    use sha2::{Digest, Sha256};
    let hash = hex::encode(&Sha256::digest(body.as_bytes())[..6]);
    Asset {
        name: format!("{stem}.{hash}.{ext}"),
        content_type,
        body,
        gzip: super::cache::gzip(body.as_bytes()),
    }
}

static ASSETS: LazyLock<[Asset; 4]> = LazyLock::new(|| {
    [
        asset(
            "catalog",
            "css",
            "text/css; charset=utf-8",
            include_str!("../../static/catalog.css"),
        ),
        asset(
            "catalog",
            "js",
            "text/javascript; charset=utf-8",
            include_str!("../../static/catalog.js"),
        ),
        asset(
            "panel",
            "css",
            "text/css; charset=utf-8",
            include_str!("../../static/panel.css"),
        ),
        asset(
            "panel",
            "js",
            "text/javascript; charset=utf-8",
            include_str!("../../static/panel.js"),
        ),
    ]
});

/// `/assets/{stem}.<hash>.{ext}`.
pub fn href(stem: &str, ext: &str) -> String {
    ASSETS
        .iter()
        .find(|a| a.name.starts_with(&format!("{stem}.")) && a.name.ends_with(&format!(".{ext}")))
        .map_or_else(String::new, |a| format!("/assets/{}", a.name))
}

/// `/assets/catalog.<hash>.css`.
pub fn css_href() -> String {
    href("catalog", "css")
}

/// `/assets/catalog.<hash>.js`.
pub fn js_href() -> String {
    href("catalog", "js")
}

pub async fn serve(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let Some(asset) = ASSETS.iter().find(|a| a.name == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let gzip = super::pages::accepts_gzip(&headers);
    let mut response = if gzip {
        asset.gzip.clone().into_response()
    } else {
        asset.body.into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if gzip {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn asset_names_carry_their_content_hash() {
        let css = super::css_href();
        assert!(css.starts_with("/assets/catalog.") && css.ends_with(".css"), "{css}");
        assert_eq!(css.len(), "/assets/catalog..css".len() + 12);
        assert!(super::js_href().ends_with(".js"));
    }
}
