//! The catalog's pages: home, the filtered car list, a car, sitemap and robots.txt, the
//! not-found and gone pages — and the cache every GET page goes through.

use super::query::{CatalogSort, ListQuery, PER_PAGE};
use super::view::{self, CarCard, CreditView, Fact, PhotoView, Tr};
use super::{Site, assets, seo};
use crate::app::AppState;
use crate::assistant::render::Say;
use crate::inventory::{Color, Fuel, PublicScope, Transmission, Vehicle, VehicleFilter, VehicleSort, VehicleStatus};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;
use time::Duration;

/// How long a sold car stays in the lists, marked sold.
const SOLD_VISIBLE: Duration = Duration::days(30);
const PAGE_BODY_LIMIT: usize = 8 * 1024 * 1024;

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

/// Makes and models among the public cars, with counts (the filter menus).
async fn make_counts(app: &AppState, site: &Site, scope: PublicScope) -> Result<Vec<(String, String, i64)>, Response> {
    let filter = VehicleFilter {
        public: Some(scope),
        ..VehicleFilter::default()
    };
    app.store
        .make_model_counts(site.tenant.id, &filter)
        .await
        .map_err(store_failed)
}

fn totals_by_make(counts: Vec<(String, String, i64)>) -> Vec<(String, i64)> {
    let mut makes: Vec<(String, i64)> = Vec::new();
    for (make, _, n) in counts {
        match makes.last_mut() {
            Some((m, total)) if *m == make => *total += n,
            _ => makes.push((make, n)),
        }
    }
    makes
}

fn canonical(site: &Site, path: &str) -> String {
    format!("{}{path}", site.origin)
}

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
        Ok(c) => totals_by_make(c),
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

/// One choice in a filter menu.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

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

/// The car page's own data.
pub struct CarDetail {
    pub title: String,
    pub year: i32,
    pub display_id: String,
    pub price: String,
    pub status: &'static str,
    pub status_label: String,
    pub description: Option<String>,
    pub facts: Vec<Fact>,
    pub photos: Vec<PhotoView>,
    pub wa_link: Option<String>,
    pub share_link: String,
    pub url: String,
    /// The page's own link on this host (the credit form's target).
    pub path: String,
    pub contact_url: String,
    pub click_url: String,
    pub credit: Option<CreditView>,
    pub tenors: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "catalog/car.html")]
pub struct CarPage<'a> {
    pub chrome: Chrome,
    pub meta: Meta,
    pub tr: Tr<'a>,
    pub car: CarDetail,
    pub similar: Vec<CarCard>,
}

#[derive(Template)]
#[template(path = "catalog/gone.html")]
pub struct GonePage<'a> {
    pub chrome: Chrome,
    pub meta: Meta,
    pub tr: Tr<'a>,
    pub heading: String,
    pub similar: Vec<CarCard>,
}

/// The display id at the end of a car slug (`…-avz-0007` → `AVZ-0007`).
pub fn display_id_of(slug: &str) -> Option<crate::domain::DisplayId> {
    let mut parts = slug.rsplitn(3, '-');
    let digits = parts.next()?;
    let prefix = parts.next()?;
    crate::domain::DisplayId::parse(&format!("{prefix}-{digits}"))
}

/// Up to four cars for sale like this one: same make near the price, then any near the price.
async fn similar(app: &AppState, site: &Site, v: &Vehicle, tr: &Tr<'_>) -> Result<Vec<CarCard>, Response> {
    let band = |f: &mut VehicleFilter| {
        f.price_min = crate::domain::Rupiah::new(v.price.amount() * 65 / 100).ok();
        f.price_max = crate::domain::Rupiah::new(v.price.amount() * 135 / 100).ok();
    };
    let mut same_make = VehicleFilter {
        make: Some(v.make.clone()),
        public: Some(scope(site)),
        status: Some(VehicleStatus::Available),
        sort: VehicleSort::PriceAsc,
        page: 1,
        per_page: 5,
        ..VehicleFilter::default()
    };
    band(&mut same_make);
    let mut found: Vec<Vehicle> = public_cars(app, site, &same_make).await?.items;
    if found.len() < 5 {
        let mut any = VehicleFilter {
            make: None,
            ..same_make.clone()
        };
        band(&mut any);
        for car in public_cars(app, site, &any).await?.items {
            if found.iter().all(|f| f.id != car.id) {
                found.push(car);
            }
        }
    }
    found.retain(|c| c.id != v.id);
    found.truncate(4);
    cards(app, site, &found, tr).await
}

pub async fn car(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let tr = tr(&app, &site);
    let Some(display_id) = display_id_of(&slug) else {
        return not_found_page(&app, &site);
    };
    let v = match app.store.get_vehicle_by_display_id(site.tenant.id, &display_id).await {
        Ok(v) => v,
        Err(crate::store::StoreError::NotFound) => return not_found_page(&app, &site),
        Err(e) => return store_failed(e),
    };
    if v.status == VehicleStatus::Draft {
        return not_found_page(&app, &site);
    }
    let similar_cars = match similar(&app, &site, &v, &tr).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if !is_public(&v, scope(&site)) {
        let key = if v.status == VehicleStatus::Sold {
            "catalog-gone-sold"
        } else {
            "catalog-gone-deleted"
        };
        let page = GonePage {
            meta: Meta::unlisted(tr.t(key), tr.t(key), canonical(&site, "/mobil")),
            chrome: chrome(&site, &tr),
            heading: tr.t(key),
            similar: similar_cars,
            tr,
        };
        return html(StatusCode::GONE, &page);
    }
    let wanted = super::vehicle_slug(&v);
    if slug != wanted {
        // An old or hand-typed slug: one address per car.
        let target = match raw.as_deref() {
            Some(q) if !q.is_empty() => format!("{}/mobil/{wanted}?{q}", site.base),
            _ => format!("{}/mobil/{wanted}", site.base),
        };
        return Redirect::permanent(&target).into_response();
    }
    let photos = match app.store.car_photos(site.tenant.id, v.id).await {
        Ok(p) => p,
        Err(e) => return store_failed(e),
    };
    let detail = car_detail(&site, &v, &photos, raw.as_deref().unwrap_or_default(), &tr);
    let images: Vec<String> = detail.photos.iter().map(|p| absolute(&site, &p.large)).collect();
    let page = CarPage {
        meta: Meta {
            title: tr.say.t(
                "catalog-car-title",
                &[
                    ("car", crate::assistant::render::title(&v)),
                    ("price", v.price.to_string()),
                    ("showroom", site.tenant.name.clone()),
                ],
            ),
            description: car_description(&v, &detail, &tr),
            canonical: detail.url.clone(),
            image: images.first().cloned(),
            og_type: "product",
            noindex: false,
            json_ld: vec![seo::car(&v, &detail.url, &images, &site.tenant.name)],
        },
        chrome: chrome(&site, &tr),
        car: detail,
        similar: similar_cars,
        tr,
    };
    html(StatusCode::OK, &page)
}

fn car_description(v: &Vehicle, detail: &CarDetail, tr: &Tr<'_>) -> String {
    let facts: Vec<&str> = detail
        .facts
        .iter()
        .filter(|f| !f.label.is_empty())
        .map(|f| f.value.as_str())
        .skip(2)
        .take(5)
        .collect();
    tr.say.t(
        "catalog-car-description",
        &[
            ("car", crate::assistant::render::title(v)),
            ("price", v.price.to_string()),
            ("facts", facts.join(", ")),
            ("status", detail.status_label.clone()),
        ],
    )
}

fn car_detail(site: &Site, v: &Vehicle, photos: &[crate::store::CarPhoto], raw: &str, tr: &Tr<'_>) -> CarDetail {
    let path = format!("/mobil/{}", super::vehicle_slug(v));
    let url = canonical(site, &path);
    let (dp, years) = credit_params(raw);
    let status = view::status_class(v.status);
    let for_sale = v.status == VehicleStatus::Available;
    let this_year = crate::domain::in_jakarta(crate::domain::utc_now()).year();
    CarDetail {
        title: view::title(v),
        year: v.year,
        display_id: v.display_id.as_str().to_owned(),
        price: v.price.to_string(),
        status,
        status_label: tr.t(&format!("catalog-status-{status}")),
        description: v.description.clone(),
        facts: view::all_facts(v, tr),
        photos: photos.iter().map(|p| PhotoView::new(&p.key, p.sizes_ready)).collect(),
        wa_link: site
            .profile
            .whatsapp_number()
            .filter(|_| v.status != VehicleStatus::Sold)
            .map(|n| view::wa_link(&n, &view::whatsapp_text(tr, &site.tenant.name, v, &url))),
        share_link: view::wa_link("", &format!("{} {} — {url}", view::title(v), v.year)),
        contact_url: format!("{}/kontak?mobil={}", site.base, v.display_id.as_str()),
        click_url: format!("{}{path}/wa", site.base),
        credit: for_sale
            .then(|| view::credit(v, dp, years, &site.profile.rates(), this_year))
            .flatten(),
        tenors: (1..=5u8)
            .map(|y| Opt {
                value: y.to_string(),
                label: tr.t1("catalog-credit-years", "years", y),
                selected: y == years,
            })
            .collect(),
        path: format!("{}{path}", site.base),
        url,
    }
}

/// `dp` (a money box) and `tenor` (1–5 years, 3 when unset) of the credit form.
fn credit_params(raw: &str) -> (Option<i64>, u8) {
    let mut dp = None;
    let mut years = 3;
    for (k, v) in url::form_urlencoded::parse(raw.as_bytes()) {
        match k.as_ref() {
            "dp" => dp = crate::nlu::amount_in_box(&v),
            "tenor" => years = v.parse().ok().filter(|y| (1..=5).contains(y)).unwrap_or(3),
            _ => {}
        }
    }
    (dp, years)
}

/// The part of a request's address that decides its page: unknown parameters are dropped so
/// they cannot fill the cache with copies.
fn cache_address(path: &str, raw: Option<&str>) -> String {
    let raw = raw.unwrap_or_default();
    let query = if path == "/mobil" {
        ListQuery::parse(raw).to_query_string()
    } else if path.starts_with("/mobil/") {
        let (dp, years) = credit_params(raw);
        format!("dp={}&tenor={years}", dp.unwrap_or(-1))
    } else {
        String::new()
    };
    format!("{path}?{query}")
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
        include_str!("../../templates/catalog/plain_404.html"),
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
        include_str!("../../templates/catalog/plain_503.html"),
    )
        .into_response()
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
fn from_page(page: &super::cache::Page, headers: &HeaderMap) -> Response {
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
    let page = Arc::new(super::cache::Page::new(parts.status.as_u16(), content_type, bytes));
    let out = from_page(&page, &headers);
    slot.put(page);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_display_id_is_read_from_the_end_of_a_slug() {
        assert_eq!(
            display_id_of("toyota-avanza-1-3-g-2019-avz-0007").map(|d| d.as_str().to_owned()),
            Some("AVZ-0007".into())
        );
        assert_eq!(
            display_id_of("avz-7").map(|d| d.as_str().to_owned()),
            Some("AVZ-0007".into())
        );
        assert!(display_id_of("avanza").is_none());
        assert!(display_id_of("").is_none());
    }

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
