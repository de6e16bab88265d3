//! The car list's filters as they live in the URL (`/mobil?merek=toyota&harga_max=150jt`):
//! read leniently (a value we cannot read is dropped, never an error page), written back in
//! one canonical order so a shared link, the cache key and the pagination links agree. Pure.

use crate::domain::Rupiah;
use crate::inventory::{Color, Fuel, PublicScope, Transmission, VehicleFilter, VehicleSort, VehicleStatus};
use std::str::FromStr;

pub const PER_PAGE: u32 = 24;
/// Pages past this are not served: nobody browses that far, and it bounds OFFSET scans.
pub const MAX_PAGE: u32 = 500;
const MAX_TEXT: usize = 60;

/// How buyers may order the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CatalogSort {
    #[default]
    Newest,
    PriceAsc,
    PriceDesc,
    YearDesc,
    MileageAsc,
}

impl CatalogSort {
    pub const ALL: [CatalogSort; 5] = [
        CatalogSort::Newest,
        CatalogSort::PriceAsc,
        CatalogSort::PriceDesc,
        CatalogSort::YearDesc,
        CatalogSort::MileageAsc,
    ];

    /// The word in the URL (`urut=`).
    pub fn word(self) -> &'static str {
        match self {
            CatalogSort::Newest => "terbaru",
            CatalogSort::PriceAsc => "harga-termurah",
            CatalogSort::PriceDesc => "harga-tertinggi",
            CatalogSort::YearDesc => "tahun-terbaru",
            CatalogSort::MileageAsc => "km-terendah",
        }
    }

    fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.word() == raw)
    }

    fn to_vehicle_sort(self) -> VehicleSort {
        match self {
            CatalogSort::Newest => VehicleSort::Newest,
            CatalogSort::PriceAsc => VehicleSort::PriceAsc,
            CatalogSort::PriceDesc => VehicleSort::PriceDesc,
            CatalogSort::YearDesc => VehicleSort::YearDesc,
            CatalogSort::MileageAsc => VehicleSort::MileageAsc,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub make: Option<String>,
    pub model: Option<String>,
    pub year_min: Option<i32>,
    pub year_max: Option<i32>,
    pub price_min: Option<Rupiah>,
    pub price_max: Option<Rupiah>,
    pub transmission: Option<Transmission>,
    pub fuel: Option<Fuel>,
    pub color: Option<Color>,
    pub q: Option<String>,
    /// Only cars for sale now (no booked or sold ones).
    pub only_available: bool,
    pub sort: CatalogSort,
    /// 1-based.
    pub page: u32,
}

fn text(raw: &str) -> Option<String> {
    let t: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let t: String = t.chars().take(MAX_TEXT).collect();
    (!t.is_empty()).then_some(t)
}

fn year(raw: &str) -> Option<i32> {
    raw.trim().parse().ok().filter(|y| (1950..=2100).contains(y))
}

fn money(raw: &str) -> Option<Rupiah> {
    crate::nlu::amount_in_box(raw).and_then(|n| Rupiah::new(n).ok())
}

impl ListQuery {
    /// Reads a raw query string; unknown keys and unreadable values are ignored.
    pub fn parse(raw: &str) -> ListQuery {
        let mut q = ListQuery {
            page: 1,
            ..ListQuery::default()
        };
        for (key, value) in url::form_urlencoded::parse(raw.as_bytes()) {
            let v = value.as_ref();
            match key.as_ref() {
                "merek" => q.make = text(v).map(|t| t.to_lowercase()),
                "model" => q.model = text(v).map(|t| t.to_lowercase()),
                "tahun_min" => q.year_min = year(v),
                "tahun_max" => q.year_max = year(v),
                "harga_min" => q.price_min = money(v),
                "harga_max" => q.price_max = money(v),
                "transmisi" => q.transmission = Transmission::from_str(v).ok(),
                "bbm" => q.fuel = Fuel::from_str(v).ok(),
                "warna" => q.color = Color::from_str(v).ok(),
                "q" => q.q = text(v),
                "tersedia" => q.only_available = v == "1",
                "urut" => q.sort = CatalogSort::parse(v).unwrap_or_default(),
                "hal" => {
                    q.page = v
                        .trim()
                        .parse()
                        .ok()
                        .filter(|p| (1..=MAX_PAGE).contains(p))
                        .unwrap_or(1)
                }
                _ => {}
            }
        }
        q
    }

    /// Every filter but the page, in a fixed order: what "this list" means.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut put = |k: &'static str, v: Option<String>| {
            if let Some(v) = v {
                out.push((k, v));
            }
        };
        put("merek", self.make.clone());
        put("model", self.model.clone());
        put("tahun_min", self.year_min.map(|y| y.to_string()));
        put("tahun_max", self.year_max.map(|y| y.to_string()));
        put("harga_min", self.price_min.map(|p| p.amount().to_string()));
        put("harga_max", self.price_max.map(|p| p.amount().to_string()));
        put("transmisi", self.transmission.map(|t| t.as_str().to_owned()));
        put("bbm", self.fuel.map(|f| f.as_str().to_owned()));
        put("warna", self.color.map(|c| c.as_str().to_owned()));
        put("q", self.q.clone());
        put("tersedia", self.only_available.then(|| "1".to_owned()));
        put(
            "urut",
            (self.sort != CatalogSort::Newest).then(|| self.sort.word().to_owned()),
        );
        out
    }

    /// The canonical query string (without `?`), page included when past the first.
    pub fn to_query_string(&self) -> String {
        let mut pairs = self.pairs();
        if self.page > 1 {
            pairs.push(("hal", self.page.to_string()));
        }
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            out.append_pair(k, &v);
        }
        out.finish()
    }

    /// The same list at another page.
    pub fn page_query(&self, page: u32) -> String {
        ListQuery { page, ..self.clone() }.to_query_string()
    }

    /// Whether any filter (not sort or page) is set.
    pub fn is_filtered(&self) -> bool {
        self.pairs().iter().any(|(k, _)| *k != "urut")
    }

    pub fn to_filter(&self, scope: PublicScope) -> VehicleFilter {
        VehicleFilter {
            make: self.make.clone(),
            model: self.model.clone(),
            year_min: self.year_min,
            year_max: self.year_max,
            price_min: self.price_min,
            price_max: self.price_max,
            transmission: self.transmission,
            fuel: self.fuel,
            color: self.color,
            q: self.q.clone(),
            status: self.only_available.then_some(VehicleStatus::Available),
            sort: self.sort.to_vehicle_sort(),
            public: Some(scope),
            page: self.page.max(1),
            per_page: PER_PAGE,
            ..VehicleFilter::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn budgets_are_read_the_way_buyers_type_them_and_written_back_in_rupiah() {
        let q = ListQuery::parse("harga_max=150jt&merek=Toyota&urut=harga-termurah&transmisi=matic");
        assert_eq!(q.price_max.map(Rupiah::amount), Some(150_000_000));
        assert_eq!(q.make.as_deref(), Some("toyota"));
        assert_eq!(q.transmission, Some(Transmission::Automatic));
        assert_eq!(
            q.to_query_string(),
            "merek=toyota&harga_max=150000000&transmisi=automatic&urut=harga-termurah"
        );
        assert!(q.is_filtered());
        assert_eq!(ListQuery::parse(&q.to_query_string()), q);
    }

    #[test]
    fn unreadable_values_are_dropped_not_refused() {
        let q = ListQuery::parse("tahun_min=kemarin&hal=-3&urut=acak&warna=ungu-muda&bbm=air&x=1&harga_min=murah");
        assert_eq!(q, ListQuery::parse(""));
        assert_eq!(q.to_query_string(), "");
        assert!(!q.is_filtered());
        assert_eq!(ListQuery::parse("hal=99999").page, 1);
    }

    #[test]
    fn the_page_is_kept_apart_from_the_filters() {
        let q = ListQuery::parse("q=avanza%20veloz&hal=3");
        assert_eq!(q.to_query_string(), "q=avanza+veloz&hal=3");
        assert_eq!(q.page_query(1), "q=avanza+veloz");
        assert_eq!(q.page_query(4), "q=avanza+veloz&hal=4");
        let f = q.to_filter(PublicScope { sold_since: None });
        assert_eq!((f.page, f.per_page, f.offset()), (3, PER_PAGE, 48));
    }

    proptest! {
        #[test]
        fn any_query_string_reads_and_round_trips(raw in "\\PC{0,120}") {
            let q = ListQuery::parse(&raw);
            prop_assert_eq!(ListQuery::parse(&q.to_query_string()), q);
        }
    }
}
