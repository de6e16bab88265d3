//! What the templates show, prepared from domain values: labels through Fluent, prices and
//! kilometres in Indonesian notation, photo sources with their sizes. Pure.

use super::Site;
use crate::assistant::render::{Say, grouped, percent_bp};
use crate::i18n::Lang;
use crate::inventory::{Vehicle, VehicleStatus};
use crate::store::MainPhoto;

/// Fluent text in templates: `{{ tr.t("catalog-cars") }}`.
#[derive(Clone, Copy)]
pub struct Tr<'a> {
    pub say: Say<'a>,
}

impl Tr<'_> {
    pub fn t(&self, key: &str) -> String {
        self.say.t(key, &[])
    }

    pub fn t1(&self, key: &str, name: &str, value: impl ToString) -> String {
        self.say.t(key, &[(name, value.to_string())])
    }

    pub fn code(&self) -> &'static str {
        match self.say.lang {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// "27 November 2026".
    pub fn date(&self, d: time::Date) -> String {
        format!(
            "{} {} {}",
            d.day(),
            self.t(&format!("month-{}", u8::from(d.month()))),
            d.year()
        )
    }
}

/// A photo with its responsive sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoView {
    /// The fallback `src` (medium size, or the master while sizes are being made).
    pub src: String,
    /// Empty while the sizes are not ready.
    pub srcset: String,
    /// The largest available, for previews and zoom.
    pub large: String,
}

impl PhotoView {
    pub fn new(key: &str, sizes_ready: bool) -> PhotoView {
        let master = format!("/media/{key}");
        if !sizes_ready {
            return PhotoView {
                src: master.clone(),
                srcset: String::new(),
                large: master,
            };
        }
        let size = |s: &str| format!("/media/{}", crate::media::variant_key(key, s, "webp"));
        PhotoView {
            src: size("medium"),
            srcset: format!(
                "{} 400w, {} 1000w, {} 1600w",
                size("thumb"),
                size("medium"),
                size("large")
            ),
            large: size("large"),
        }
    }
}

/// A car in a list.
#[derive(Debug, Clone)]
pub struct CarCard {
    pub url: String,
    pub title: String,
    pub year: i32,
    pub display_id: String,
    pub price: String,
    pub facts: Vec<String>,
    /// `available`, `booked` or `sold`: the badge's class.
    pub status: &'static str,
    pub status_label: String,
    pub photo: Option<PhotoView>,
}

/// "Toyota Avanza 1.3 G" (the year is shown apart).
pub fn title(v: &Vehicle) -> String {
    match &v.variant {
        Some(variant) => format!("{} {} {variant}", v.make, v.model),
        None => format!("{} {}", v.make, v.model),
    }
}

pub fn km(v: &Vehicle) -> Option<String> {
    v.mileage_km.map(|km| format!("{} km", grouped(km)))
}

pub fn status_class(status: VehicleStatus) -> &'static str {
    match status {
        VehicleStatus::Available => "available",
        VehicleStatus::Booked => "booked",
        _ => "sold",
    }
}

/// The short facts under a card's title: km, gearbox, fuel.
fn facts(v: &Vehicle, tr: &Tr<'_>) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(km(v));
    out.extend(
        v.transmission
            .map(|t| tr.t(&format!("catalog-transmission-{}", t.as_str()))),
    );
    out.extend(v.fuel.map(|f| tr.t(&format!("catalog-fuel-{}", f.as_str()))));
    out
}

pub fn card(site: &Site, v: &Vehicle, photo: Option<&MainPhoto>, tr: &Tr<'_>) -> CarCard {
    let status = status_class(v.status);
    CarCard {
        url: format!("{}/mobil/{}", site.base, super::vehicle_slug(v)),
        title: title(v),
        year: v.year,
        display_id: v.display_id.as_str().to_owned(),
        price: v.price.to_string(),
        facts: facts(v, tr),
        status,
        status_label: tr.t(&format!("catalog-status-{status}")),
        photo: photo.map(|p| PhotoView::new(&p.key, p.sizes_ready)),
    }
}

/// One labelled fact on the car page.
#[derive(Debug, Clone)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// Every public field of a car (the plate stays with the showroom).
pub fn all_facts(v: &Vehicle, tr: &Tr<'_>) -> Vec<Fact> {
    let mut out = Vec::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(value) = value {
            out.push(Fact {
                label: tr.t(key),
                value,
            });
        }
    };
    put("catalog-fact-make", Some(v.make.clone()));
    put("catalog-fact-model", Some(v.model.clone()));
    put("catalog-fact-variant", v.variant.clone());
    put("catalog-fact-year", Some(v.year.to_string()));
    put("catalog-fact-mileage", km(v));
    put(
        "catalog-fact-transmission",
        v.transmission
            .map(|t| tr.t(&format!("catalog-transmission-{}", t.as_str()))),
    );
    put(
        "catalog-fact-fuel",
        v.fuel.map(|f| tr.t(&format!("catalog-fuel-{}", f.as_str()))),
    );
    put("catalog-fact-color", v.color.map(|c| capitalized(c.as_str())));
    put(
        "catalog-fact-engine",
        v.engine_cc.map(|cc| format!("{} cc", grouped(cc.into()))),
    );
    put("catalog-fact-tax", v.tax_valid_until.map(|d| tr.date(d)));
    put("catalog-fact-id", Some(v.display_id.as_str().to_owned()));
    out
}

pub fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One row of the credit table.
#[derive(Debug, Clone)]
pub struct CreditRow {
    pub years: u8,
    pub monthly: String,
    pub rate: String,
    pub chosen: bool,
}

/// The credit widget: the down payment used and a row per tenor.
#[derive(Debug, Clone)]
pub struct CreditView {
    pub down_payment: String,
    /// For the form's input.
    pub down_payment_input: String,
    pub rows: Vec<CreditRow>,
}

/// Simulates every tenor with the showroom's rates; `None` when no credit is possible
/// (the down payment covers the price).
pub fn credit(
    v: &Vehicle,
    down_payment: Option<i64>,
    chosen_years: u8,
    rates: &crate::pricing::CreditRates,
    this_year: i32,
) -> Option<CreditView> {
    // Default: 30 % down, rounded up to the next million as showrooms quote it.
    let default_dp = (v.price.amount() * 3 / 10 + 999_999) / 1_000_000 * 1_000_000;
    let dp = crate::domain::Rupiah::new(down_payment.unwrap_or(default_dp)).ok()?;
    let age = this_year - v.year;
    let rows: Vec<CreditRow> = (1..=5u8)
        .filter_map(|years| crate::pricing::simulate(v.price, dp, years, age, rates).ok())
        .map(|q| CreditRow {
            years: q.years,
            monthly: q.monthly.to_string(),
            rate: percent_bp(q.rate_bp),
            chosen: q.years == chosen_years,
        })
        .collect();
    (!rows.is_empty()).then(|| CreditView {
        down_payment: dp.to_string(),
        down_payment_input: grouped(dp.amount()),
        rows,
    })
}

/// The text a buyer sends from the "ask on WhatsApp" button: the car, its display id, the
/// price and the page, so staff (and the assistant) know exactly which car.
pub fn whatsapp_text(tr: &Tr<'_>, showroom: &str, v: &Vehicle, url: &str) -> String {
    tr.say.t(
        "catalog-wa-text",
        &[
            ("showroom", showroom.to_owned()),
            ("car", crate::assistant::render::title(v)),
            ("id", v.display_id.as_str().to_owned()),
            ("price", v.price.to_string()),
            ("url", url.to_owned()),
        ],
    )
}

/// `https://wa.me/628…?text=…`.
pub fn wa_link(number: &str, text: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC);
    format!("https://wa.me/{number}?text={encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_offer_their_sizes_once_made() {
        let p = PhotoView::new("t1/abc.jpg", true);
        assert_eq!(p.src, "/media/t1/abc_medium.webp");
        assert_eq!(
            p.srcset,
            "/media/t1/abc_thumb.webp 400w, /media/t1/abc_medium.webp 1000w, /media/t1/abc_large.webp 1600w"
        );
        let waiting = PhotoView::new("t1/abc.jpg", false);
        assert_eq!(
            (waiting.src.as_str(), waiting.srcset.as_str()),
            ("/media/t1/abc.jpg", "")
        );
    }

    #[test]
    fn whatsapp_links_are_fully_encoded() {
        let link = wa_link(
            "6281100000002",
            "Halo, Avanza (AVZ-0001) Rp 163.000.000 & https://x.id/a?b=1",
        );
        assert!(link.starts_with("https://wa.me/6281100000002?text=Halo%2C%20Avanza%20%28AVZ%2D0001%29"));
        assert!(!link[14..].contains(['&', ' ', '?', '/'].as_slice()) || link.matches('?').count() == 1);
        assert!(link.contains("%26%20https%3A%2F%2Fx%2Eid"));
    }
}
