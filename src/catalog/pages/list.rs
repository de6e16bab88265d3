//! The car list: filters, sort and pages from the URL, the menus to change them.

use super::{Chrome, Meta, Opt, absolute, cards, chrome, html, make_counts, public_cars, scope, tr};
use crate::app::AppState;
use crate::catalog::Site;
use crate::catalog::query::{CatalogSort, ListQuery, PER_PAGE};
use crate::catalog::view::{self, CarCard, Tr};
use crate::inventory::{Color, Fuel, Transmission};
use askama::Template;
use axum::extract::{Extension, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

/// A link in the pagination bar.
pub struct PageLink {
    pub number: u32,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "catalog/list.html")]
pub struct ListPage<'a> {
    pub chrome: Chrome,
    pub meta: Meta,
    pub tr: Tr<'a>,
    pub cars: Vec<CarCard>,
    pub total: i64,
    pub filtered: bool,
    pub q: String,
    pub price_min: String,
    pub price_max: String,
    pub year_min: String,
    pub year_max: String,
    pub only_available: bool,
    pub makes: Vec<Opt>,
    pub models: Vec<Opt>,
    pub transmissions: Vec<Opt>,
    pub fuels: Vec<Opt>,
    pub colors: Vec<Opt>,
    pub sorts: Vec<Opt>,
    pub pages: Vec<PageLink>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

fn options<T: Copy + PartialEq>(
    all: &[T],
    chosen: Option<T>,
    word: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> Vec<Opt> {
    all.iter()
        .map(|v| Opt {
            value: word(*v).to_owned(),
            label: label(*v),
            selected: chosen == Some(*v),
        })
        .collect()
}

fn list_href(site: &Site, query: &str) -> String {
    if query.is_empty() {
        format!("{}/mobil", site.base)
    } else {
        format!("{}/mobil?{query}", site.base)
    }
}

/// Up to nine page numbers around the current one.
fn page_links(site: &Site, q: &ListQuery, pages: u32) -> Vec<PageLink> {
    let first = q.page.saturating_sub(4).max(1);
    let last = (first + 8).min(pages);
    (first..=last)
        .map(|n| PageLink {
            number: n,
            href: list_href(site, &q.page_query(n)),
            current: n == q.page,
        })
        .collect()
}

fn make_menus(counts: &[(String, String, i64)], q: &ListQuery) -> (Vec<Opt>, Vec<Opt>) {
    let mut makes: Vec<Opt> = Vec::new();
    let mut models: Vec<Opt> = Vec::new();
    for (make, model, _) in counts {
        let make_key = make.to_lowercase();
        if makes.last().is_none_or(|m| m.value != make_key) {
            makes.push(Opt {
                selected: q.make.as_deref() == Some(make_key.as_str()),
                value: make_key.clone(),
                label: make.clone(),
            });
        }
        if q.make.as_deref().is_none_or(|m| m == make_key) {
            let model_key = model.to_lowercase();
            models.push(Opt {
                selected: q.model.as_deref() == Some(model_key.as_str()),
                value: model_key,
                label: if q.make.is_some() {
                    model.clone()
                } else {
                    format!("{make} {model}")
                },
            });
        }
    }
    (makes, models)
}

// One page's whole assembly, field by field, reads best in one place.
#[allow(clippy::too_many_lines)]
pub async fn list(State(app): State<AppState>, Extension(site): Extension<Site>, RawQuery(raw): RawQuery) -> Response {
    let tr = tr(&app, &site);
    let q = ListQuery::parse(raw.as_deref().unwrap_or_default());
    let scope = scope(&site);
    let page = match public_cars(&app, &site, &q.to_filter(scope)).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let counts = match make_counts(&app, &site, scope).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let cars = match cards(&app, &site, &page.items, &tr).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let pages = u32::try_from(page.total.max(0))
        .unwrap_or(u32::MAX)
        .div_ceil(PER_PAGE)
        .max(1);
    let (makes, models) = make_menus(&counts, &q);
    let rupiah_input = |p: Option<crate::domain::Rupiah>| {
        p.map(|p| p.short().trim_start_matches("Rp ").to_owned())
            .unwrap_or_default()
    };
    let title = if q.is_filtered() {
        tr.t1("catalog-list-title-filtered", "showroom", &site.tenant.name)
    } else {
        tr.t1("catalog-list-title", "showroom", &site.tenant.name)
    };
    let this = list_href(&site, &q.to_query_string());
    let listing = ListPage {
        meta: Meta {
            description: tr.say.t(
                "catalog-list-description",
                &[
                    ("showroom", site.tenant.name.clone()),
                    ("count", page.total.to_string()),
                ],
            ),
            canonical: format!("{}{}", site.origin, this.trim_start_matches(&site.base)),
            image: cars
                .iter()
                .find_map(|c| c.photo.as_ref().map(|p| absolute(&site, &p.large))),
            og_type: "website",
            // Searches and deep pages are for people, not for the index.
            noindex: q.q.is_some() || q.page > 1,
            json_ld: Vec::new(),
            title,
        },
        chrome: chrome(&site, &tr),
        total: page.total,
        filtered: q.is_filtered(),
        q: q.q.clone().unwrap_or_default(),
        price_min: rupiah_input(q.price_min),
        price_max: rupiah_input(q.price_max),
        year_min: q.year_min.map(|y| y.to_string()).unwrap_or_default(),
        year_max: q.year_max.map(|y| y.to_string()).unwrap_or_default(),
        only_available: q.only_available,
        makes,
        models,
        transmissions: options(Transmission::ALL, q.transmission, Transmission::as_str, |t| {
            tr.t(&format!("catalog-transmission-{}", t.as_str()))
        }),
        fuels: options(Fuel::ALL, q.fuel, Fuel::as_str, |f| {
            tr.t(&format!("catalog-fuel-{}", f.as_str()))
        }),
        colors: options(Color::ALL, q.color, Color::as_str, |c| view::capitalized(c.as_str())),
        sorts: CatalogSort::ALL
            .iter()
            .map(|s| Opt {
                value: s.word().to_owned(),
                label: tr.t(&format!("catalog-sort-{}", s.word())),
                selected: *s == q.sort,
            })
            .collect(),
        pages: page_links(&site, &q, pages),
        prev: (q.page > 1).then(|| list_href(&site, &q.page_query(q.page - 1))),
        next: (q.page < pages).then(|| list_href(&site, &q.page_query(q.page + 1))),
        cars,
        tr,
    };
    html(StatusCode::OK, &listing)
}
