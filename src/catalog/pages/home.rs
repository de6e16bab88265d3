//! The home page: the showroom, its picks and newest cars, makes, contact.

use super::{
    Chrome, Meta, absolute, canonical, cards, chrome, html, is_public, make_counts, public_cars, scope, totals_by_make,
    tr,
};
use crate::app::AppState;
use crate::catalog::view::{CarCard, Tr};
use crate::catalog::{Site, seo};
use crate::inventory::{VehicleFilter, VehicleStatus};
use askama::Template;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::Response;

#[derive(Template)]
#[template(path = "catalog/home.html")]
pub struct HomePage<'a> {
    pub chrome: Chrome,
    pub meta: Meta,
    pub tr: Tr<'a>,
    pub hero: Option<String>,
    pub featured: Vec<CarCard>,
    pub newest: Vec<CarCard>,
    pub total: i64,
    pub makes: Vec<(String, i64)>,
}

// One page's whole assembly, field by field, reads best in one place.
#[allow(clippy::too_many_lines)]
pub async fn home(State(app): State<AppState>, Extension(site): Extension<Site>) -> Response {
    let tr = tr(&app, &site);
    let scope = scope(&site);
    let newest_filter = VehicleFilter {
        public: Some(scope),
        status: Some(VehicleStatus::Available),
        per_page: 8,
        page: 1,
        ..VehicleFilter::default()
    };
    let newest = match public_cars(&app, &site, &newest_filter).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut featured_cars = Vec::new();
    for id in site.profile.catalog.featured.iter().take(6) {
        if let Ok(v) = app.inventory.find(site.tenant.id, id).await
            && is_public(&v, scope)
        {
            featured_cars.push(v);
        }
    }
    let makes = match make_counts(&app, &site, scope).await {
        Ok(c) => totals_by_make(&c),
        Err(r) => return r,
    };
    let total: i64 = makes.iter().map(|(_, n)| n).sum();
    let (featured, newest_cards) = match (
        cards(&app, &site, &featured_cars, &tr).await,
        cards(&app, &site, &newest.items, &tr).await,
    ) {
        (Ok(f), Ok(n)) => (f, n),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let image = newest_cards
        .iter()
        .chain(&featured)
        .find_map(|c| c.photo.as_ref().map(|p| absolute(&site, &p.large)));
    let logo = site.profile.branding.logo_url.as_deref().map(|l| absolute(&site, l));
    let page = HomePage {
        meta: Meta {
            title: tr.t1("catalog-home-title", "showroom", &site.tenant.name),
            description: tr.say.t(
                "catalog-home-description",
                &[("showroom", site.tenant.name.clone()), ("count", total.to_string())],
            ),
            canonical: canonical(&site, "/"),
            image: image.or_else(|| logo.clone()),
            og_type: "website",
            noindex: false,
            json_ld: vec![seo::dealer(
                &site.tenant.name,
                &canonical(&site, "/"),
                &site.profile,
                logo.as_deref(),
            )],
        },
        chrome: chrome(&site, &tr),
        hero: site.profile.branding.hero.clone(),
        featured,
        newest: newest_cards,
        total,
        makes,
        tr,
    };
    html(StatusCode::OK, &page)
}
