//! A car's page, and the gone page for cars no longer shown.

use super::{
    Chrome, Meta, Opt, absolute, canonical, cards, chrome, html, is_public, not_found_page, public_cars, scope,
    store_failed, tr,
};
use crate::app::AppState;
use crate::catalog::view::{self, CarCard, CreditView, Fact, PhotoView, Tr};
use crate::catalog::{Site, seo};
use crate::inventory::{Vehicle, VehicleFilter, VehicleSort, VehicleStatus};
use askama::Template;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

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
    let wanted = crate::catalog::vehicle_slug(&v);
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
    let path = format!("/mobil/{}", crate::catalog::vehicle_slug(v));
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
pub(super) fn credit_params(raw: &str) -> (Option<i64>, u8) {
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
}
