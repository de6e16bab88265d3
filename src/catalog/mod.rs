//! Each showroom's public catalog site: found from the request's Host (custom domain or
//! `{slug}.{PLATFORM_DOMAIN}`) or the `/s/{slug}` path, rendered from its inventory with
//! compiled templates, kept in a per-showroom page cache that every car change clears.

pub mod assets;
pub mod cache;
mod contact;
pub mod host;
mod pages;
pub mod query;
pub mod seo;
pub mod urls;
pub mod view;

pub use urls::{media_url, site_origin, vehicle_slug, vehicle_url};

use crate::app::AppState;
use crate::i18n::Lang;
use crate::tenants::{Profile, Tenant};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use host::HostRoute;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// A showroom's site as one request sees it.
#[derive(Debug, Clone)]
pub struct Site {
    pub tenant: Tenant,
    pub profile: Arc<Profile>,
    /// Prefix of every link on the page: `""` on the showroom's own host, `/s/{slug}` on the
    /// platform's.
    pub base: String,
    /// Canonical address of the site (no trailing slash).
    pub origin: String,
    pub lang: Lang,
}

impl Site {
    /// Scheme and host of the canonical address, for absolute photo URLs.
    pub fn host_origin(&self) -> String {
        url::Url::parse(&self.origin)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_else(|_| self.origin.clone())
    }
}

/// How long a showroom looked up by host or slug is trusted without a change event.
const SITE_LIFETIME: Duration = Duration::from_secs(60);

/// Make, model and how many public cars of each.
pub(crate) type MakeCounts = Arc<Vec<(String, String, i64)>>;

/// A showroom as the directory keeps it: profile read and canonical address worked out once
/// per load, not on every request.
#[derive(Debug)]
struct Resolved {
    tenant: Tenant,
    profile: Arc<Profile>,
    origin: String,
}

/// A looked-up showroom (or the fact that none answers to that name).
type Known = (Instant, Option<Arc<Resolved>>);

/// The catalog's shared state: rendered pages and the host/slug → showroom directory.
pub struct Catalog {
    pub pages: cache::PageCache,
    /// Makes and models with counts per showroom, generation and sold-visibility: the same
    /// for every filtered list, so a list rendered afresh skips that query.
    facets: quick_cache::sync::Cache<(crate::domain::TenantId, u64, bool), (Instant, MakeCounts)>,
    sites: quick_cache::sync::Cache<(u64, String), Known>,
    /// Hosts the platform itself answers on (from `PUBLIC_URL`).
    platform_hosts: Vec<String>,
}

impl Catalog {
    pub fn new(settings: &crate::config::Settings, events: tokio::sync::broadcast::Receiver<crate::kv::Event>) -> Self {
        let platform_hosts = url::Url::parse(&settings.public_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .into_iter()
            .collect();
        Catalog {
            pages: cache::PageCache::new(events),
            sites: quick_cache::sync::Cache::new(10_000),
            facets: quick_cache::sync::Cache::new(10_000),
            platform_hosts,
        }
    }

    /// The showroom behind a slug (`slug:` names) or a custom domain (`domain:` names).
    async fn lookup(&self, app: &AppState, name: String) -> Result<Option<Arc<Resolved>>, crate::store::StoreError> {
        let key = (self.pages.directory_generation(), name);
        if let Some((at, known)) = self.sites.get(&key)
            && at.elapsed() < SITE_LIFETIME
        {
            return Ok(known);
        }
        let found = match key.1.split_once(':') {
            Some(("slug", slug)) => app.store.site_by_slug(slug).await?,
            Some(("domain", domain)) => app.store.site_by_domain(domain).await?,
            _ => None,
        }
        .map(|record| Arc::new(resolve(app, record)));
        self.sites.insert(key, (Instant::now(), found.clone()));
        Ok(found)
    }
}

fn resolve(app: &AppState, record: crate::store::SiteRecord) -> Resolved {
    let profile = Profile::parse(&record.profile).unwrap_or_else(|e| {
        tracing::warn!(tenant.id = %record.tenant.id, error = %e, "stored profile unreadable; catalog uses defaults");
        Profile::default()
    });
    Resolved {
        origin: site_origin(
            &app.settings,
            record.tenant.slug.as_str(),
            record.primary_domain.as_deref(),
        ),
        tenant: record.tenant,
        profile: Arc::new(profile),
    }
}

fn site_of(known: &Resolved, base: String) -> Site {
    Site {
        tenant: known.tenant.clone(),
        profile: known.profile.clone(),
        origin: known.origin.clone(),
        base,
        lang: Lang::Id,
    }
}

fn request_host(headers: &HeaderMap, uri: &Uri) -> Option<String> {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| uri.authority().map(axum::http::uri::Authority::as_str))
        .and_then(host::normalize)
}

/// Paths every host shares: photos, fingerprinted assets and the health probes.
fn shared_path(path: &str) -> bool {
    path.starts_with("/media/") || path.starts_with("/assets/") || matches!(path, "/healthz" | "/readyz" | "/metrics")
}

/// Sends catalog requests to the showroom's site and everything else on.
pub async fn dispatch(State((app, site_router)): State<(AppState, Router)>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if shared_path(&path) {
        return next.run(request).await;
    }
    let Some(host) = request_host(request.headers(), request.uri()) else {
        return pages::plain_not_found();
    };
    let catalog = &app.catalog;
    let (name, base, rest) = match host::classify(&host, &app.settings.platform_domain, &catalog.platform_hosts) {
        HostRoute::Platform => match host::path_site(&path) {
            Some((slug, rest)) => (format!("slug:{slug}"), format!("/s/{slug}"), rest.to_owned()),
            None => return next.run(request).await,
        },
        HostRoute::Subdomain(slug) => (format!("slug:{slug}"), String::new(), path.clone()),
        HostRoute::Custom(domain) => (format!("domain:{domain}"), String::new(), path.clone()),
        HostRoute::Unknown => return pages::plain_not_found(),
    };
    let record = match catalog.lookup(&app, name).await {
        Ok(Some(record)) => record,
        Ok(None) => return pages::plain_not_found(),
        Err(e) => {
            tracing::error!(error = %e, "catalog: cannot look up the showroom");
            return pages::plain_unavailable();
        }
    };
    let site = site_of(&record, base);
    tracing::Span::current().record("tenant.id", tracing::field::display(site.tenant.id));
    let (mut parts, body) = request.into_parts();
    let rewritten = match parts.uri.query() {
        Some(q) => format!("{rest}?{q}"),
        None => rest,
    };
    match rewritten.parse::<Uri>() {
        Ok(uri) => parts.uri = uri,
        Err(_) => return pages::plain_not_found(),
    }
    parts.extensions.insert(site);
    let request = Request::from_parts(parts, body);
    let mut response = match site_router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    response.extensions_mut().insert(crate::ops::metrics::CatalogRoute);
    response
}

/// The routes of one showroom's site (the `Site` is already in the request).
pub fn site_router(state: AppState) -> Router {
    Router::new()
        .route("/", axum::routing::get(pages::home))
        .route("/mobil", axum::routing::get(pages::list))
        .route("/mobil/{car}", axum::routing::get(pages::car))
        .route("/mobil/{car}/wa", axum::routing::post(contact::whatsapp_click))
        .route("/kontak", axum::routing::get(contact::form).post(contact::submit))
        .route("/sitemap.xml", axum::routing::get(pages::sitemap))
        .route("/robots.txt", axum::routing::get(pages::robots))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), pages::cached))
        .with_state(state)
}

/// The fingerprinted stylesheet and script, on every host.
pub fn asset_router() -> Router<AppState> {
    Router::new().route("/assets/{name}", axum::routing::get(assets::serve))
}
