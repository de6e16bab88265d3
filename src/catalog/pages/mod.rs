//! The catalog's pages: home, the filtered car list, a car, sitemap and robots.txt, the
//! not-found and gone pages — and the HTTP caching every GET page goes through. This file holds
//! what every page shares: the frame, the head, and the reads of public cars.

mod car;
mod home;
mod list;
mod respond;

pub use car::{car, display_id_of};
pub use home::home;
pub use list::list;
pub use respond::{accepts_gzip, cached};

use super::view::{self, CarCard, Tr};
use super::{Site, assets, seo};
use crate::app::AppState;
use crate::assistant::render::Say;
use crate::inventory::{PublicScope, Vehicle, VehicleFilter, VehicleStatus};
use askama::Template;
use axum::extract::{Extension, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Instant;
use time::Duration;

/// How long a sold car stays in the lists, marked sold.
const SOLD_VISIBLE: Duration = Duration::days(30);

/// The frame every page shares: name, brand, links.
pub struct Chrome {
    pub name: String,
    /// Shown in place of a logo: "DM" for Demo Motor.
    pub initials: String,
    pub theme_colour: String,
    pub base: String,
    pub theme: &'static str,
    /// CSS custom properties: validated colours and our own font stacks only.
    pub css_vars: String,
    pub logo: Option<String>,
    pub favicon: Option<String>,
    pub css: String,
    pub js: String,
    pub whatsapp: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub map_url: Option<String>,
    pub hours: Option<String>,
}

/// What goes in `<head>` for search engines and link previews.
pub struct Meta {
    pub title: String,
    pub description: String,
    pub canonical: String,
    pub image: Option<String>,
    pub og_type: &'static str,
    pub noindex: bool,
    pub json_ld: Vec<String>,
}

impl Meta {
    /// A page kept out of search results: no preview image, no structured data.
    pub fn unlisted(title: String, description: String, canonical: String) -> Meta {
        Meta {
            title,
            description,
            canonical,
            image: None,
            og_type: "website",
            noindex: true,
            json_ld: Vec::new(),
        }
    }
}

pub fn chrome(site: &Site, tr: &Tr<'_>) -> Chrome {
    let b = &site.profile.branding;
    let hours = site.profile.hours.as_ref().map(|h| {
        tr.say.t(
            "catalog-hours",
            &[
                ("days", tr.say.days(&h.days)),
                ("open", h.open.clone()),
                ("close", h.close.clone()),
            ],
        )
    });
    Chrome {
        name: site.tenant.name.clone(),
        initials: site
            .tenant
            .name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_alphanumeric())
            .take(2)
            .flat_map(char::to_uppercase)
            .collect(),
        theme_colour: b.primary().to_owned(),
        base: site.base.clone(),
        theme: b.theme.as_str(),
        css_vars: format!(
            "--brand:{};--accent:{};--font:{};",
            b.primary(),
            b.accent(),
            b.font.stack()
        ),
        logo: b.logo_url.clone(),
        favicon: b.favicon_url.clone(),
        css: assets::css_href(),
        js: assets::js_href(),
        whatsapp: site
            .profile
            .whatsapp_number()
            .map(|n| view::wa_link(&n, &tr.t1("catalog-wa-hello", "showroom", &site.tenant.name))),
        phone: site.profile.phone.clone(),
        address: site.profile.address.clone(),
        map_url: site.profile.map_url.clone(),
        hours,
    }
}

pub fn tr<'a>(app: &'a AppState, site: &Site) -> Tr<'a> {
    Tr {
        say: Say {
            i18n: &app.i18n,
            lang: site.lang,
        },
    }
}

fn absolute(site: &Site, path: &str) -> String {
    if path.starts_with("https://") {
        path.to_owned()
    } else {
        format!("{}{path}", site.host_origin())
    }
}

/// Cars buyers may see on this site today.
fn scope(site: &Site) -> PublicScope {
    PublicScope {
        sold_since: site
            .profile
            .catalog
            .show_sold
            .then(|| crate::domain::utc_now() - SOLD_VISIBLE),
    }
}

/// Whether one car is on the public site, by the same rule as the lists.
fn is_public(v: &Vehicle, scope: PublicScope) -> bool {
    match v.status {
        VehicleStatus::Available | VehicleStatus::Booked => true,
        VehicleStatus::Sold => scope
            .sold_since
            .is_some_and(|since| v.sold_at.is_some_and(|at| at >= since)),
        VehicleStatus::Draft | VehicleStatus::Deleted => false,
    }
}

/// Renders a template, or answers 500 with a logged reason (templates only fail on a bug).
fn html(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "catalog template failed");
            plain_unavailable()
        }
    }
}

fn store_failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "catalog: store unavailable");
    plain_unavailable()
}

async fn cards(app: &AppState, site: &Site, cars: &[Vehicle], tr: &Tr<'_>) -> Result<Vec<CarCard>, Response> {
    let ids: Vec<_> = cars.iter().map(|v| v.id).collect();
    let photos = app
        .store
        .main_photos(site.tenant.id, &ids)
        .await
        .map_err(store_failed)?;
    Ok(cars
        .iter()
        .map(|v| view::card(site, v, photos.get(&v.id), tr))
        .collect())
}

async fn public_cars(
    app: &AppState,
    site: &Site,
    filter: &VehicleFilter,
) -> Result<crate::store::Page<Vehicle>, Response> {
    app.inventory.list(site.tenant.id, filter).await.map_err(store_failed)
}

/// Makes and models among the public cars, with counts (the filter menus), kept per
/// showroom generation.
async fn make_counts(app: &AppState, site: &Site, scope: PublicScope) -> Result<super::MakeCounts, Response> {
    let tenant = site.tenant.id;
    let key = (tenant, app.catalog.pages.generation(tenant), scope.sold_since.is_some());
    if let Some((at, counts)) = app.catalog.facets.get(&key)
        && at.elapsed() < super::cache::LIFETIME
    {
        return Ok(counts);
    }
    let filter = VehicleFilter {
        public: Some(scope),
        ..VehicleFilter::default()
    };
    let counts = Arc::new(
        app.store
            .make_model_counts(tenant, &filter)
            .await
            .map_err(store_failed)?,
    );
    app.catalog.facets.insert(key, (Instant::now(), counts.clone()));
    Ok(counts)
}

fn totals_by_make(counts: &[(String, String, i64)]) -> Vec<(String, i64)> {
    let mut makes: Vec<(String, i64)> = Vec::new();
    for (make, _, n) in counts {
        match makes.last_mut() {
            Some((m, total)) if m == make => *total += n,
            _ => makes.push((make.clone(), *n)),
        }
    }
    makes
}

fn canonical(site: &Site, path: &str) -> String {
    format!("{}{path}", site.origin)
}

/// One choice in a filter menu.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub async fn sitemap(State(app): State<AppState>, Extension(site): Extension<Site>) -> Response {
    let filter = VehicleFilter {
        public: Some(scope(&site)),
        page: 1,
        per_page: 50_000,
        ..VehicleFilter::default()
    };
    let cars = match public_cars(&app, &site, &filter).await {
        Ok(p) => p.items,
        Err(r) => return r,
    };
    let mut urls = vec![(canonical(&site, "/"), None), (canonical(&site, "/mobil"), None)];
    urls.extend(cars.iter().map(|v| {
        (
            canonical(&site, &format!("/mobil/{}", super::vehicle_slug(v))),
            Some(v.updated_at),
        )
    }));
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        seo::sitemap(&urls),
    )
        .into_response()
}

pub async fn robots(Extension(site): Extension<Site>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        seo::robots(&site.origin),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "catalog/not_found.html")]
pub struct NotFoundPage<'a> {
    pub chrome: Chrome,
    pub meta: Meta,
    pub tr: Tr<'a>,
}

fn not_found_page(app: &AppState, site: &Site) -> Response {
    let tr = tr(app, site);
    let page = NotFoundPage {
        meta: Meta::unlisted(
            tr.t("catalog-not-found"),
            tr.t("catalog-not-found"),
            canonical(site, "/"),
        ),
        chrome: chrome(site, &tr),
        tr,
    };
    html(StatusCode::NOT_FOUND, &page)
}

pub async fn not_found(State(app): State<AppState>, Extension(site): Extension<Site>) -> Response {
    not_found_page(&app, &site)
}

/// For hosts no showroom answers to: nothing about any tenant.
pub fn plain_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        include_str!("../../../templates/catalog/plain_404.html"),
    )
        .into_response()
}

pub fn plain_unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::RETRY_AFTER, "5"),
        ],
        include_str!("../../../templates/catalog/plain_503.html"),
    )
        .into_response()
}
