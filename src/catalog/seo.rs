//! What search engines and link previews read: JSON-LD (schema.org `AutoDealer` and `Car`
//! with an `Offer`), the sitemap and robots.txt. Pure: strings in, strings out.

use crate::inventory::{Vehicle, VehicleStatus};
use crate::tenants::Profile;
use serde_json::{Value, json};
use time::OffsetDateTime;

/// JSON for a `<script type="application/ld+json">` block: `<` is escaped so no value can
/// close the script element.
fn script_safe(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

fn opening_hours(profile: &Profile) -> Option<String> {
    const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    let hours = profile.hours.as_ref()?;
    let mut days: Vec<u8> = hours.days.clone();
    days.sort_unstable();
    days.dedup();
    let names: Vec<&str> = days
        .iter()
        .filter_map(|d| DAYS.get(usize::from(*d).checked_sub(1)?).copied())
        .collect();
    Some(format!("{} {}-{}", names.join(","), hours.open, hours.close))
}

/// The showroom as an `AutoDealer`.
pub fn dealer(name: &str, url: &str, profile: &Profile, logo: Option<&str>) -> String {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "AutoDealer",
        "name": name,
        "url": url,
    });
    if let Some(phone) = &profile.phone {
        v["telephone"] = json!(phone);
    }
    if let Some(address) = &profile.address {
        v["address"] = json!({"@type": "PostalAddress", "streetAddress": address, "addressCountry": "ID"});
    }
    if let Some(map) = &profile.map_url {
        v["hasMap"] = json!(map);
    }
    if let Some(hours) = opening_hours(profile) {
        v["openingHours"] = json!(hours);
    }
    if let Some(logo) = logo {
        v["logo"] = json!(logo);
    }
    script_safe(&v)
}

/// schema.org availability for a status buyers can see.
pub fn availability(status: VehicleStatus) -> &'static str {
    match status {
        VehicleStatus::Available => "https://schema.org/InStock",
        VehicleStatus::Booked => "https://schema.org/LimitedAvailability",
        _ => "https://schema.org/SoldOut",
    }
}

/// One car as a `Car` with its `Offer`.
pub fn car(v: &Vehicle, url: &str, images: &[String], dealer_name: &str) -> String {
    let mut car = json!({
        "@context": "https://schema.org",
        "@type": "Car",
        "name": crate::assistant::render::title(v),
        "brand": {"@type": "Brand", "name": v.make},
        "model": v.model,
        "vehicleModelDate": v.year.to_string(),
        "sku": v.display_id.as_str(),
        "url": url,
        "itemCondition": "https://schema.org/UsedCondition",
        "offers": {
            "@type": "Offer",
            "price": v.price.amount(),
            "priceCurrency": "IDR",
            "availability": availability(v.status),
            "url": url,
            "seller": {"@type": "AutoDealer", "name": dealer_name},
        },
    });
    if let Some(km) = v.mileage_km {
        car["mileageFromOdometer"] = json!({"@type": "QuantitativeValue", "value": km, "unitCode": "KMT"});
    }
    if let Some(t) = v.transmission {
        car["vehicleTransmission"] = json!(match t {
            crate::inventory::Transmission::Manual => "ManualTransmission",
            crate::inventory::Transmission::Automatic => "AutomaticTransmission",
        });
    }
    if let Some(f) = v.fuel {
        car["fuelType"] = json!(f.as_str());
    }
    if let Some(c) = v.color {
        car["color"] = json!(c.as_str());
    }
    if let Some(cc) = v.engine_cc {
        car["vehicleEngine"] = json!({"@type": "EngineSpecification", "engineDisplacement": {"@type": "QuantitativeValue", "value": cc, "unitCode": "CMQ"}});
    }
    if let Some(d) = &v.description {
        car["description"] = json!(d);
    }
    if !images.is_empty() {
        car["image"] = json!(images);
    }
    script_safe(&car)
}

fn xml_escape(raw: &str) -> String {
    raw.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// A sitemap of absolute URLs with optional last-change times.
pub fn sitemap(urls: &[(String, Option<OffsetDateTime>)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let day = time::macros::format_description!("[year]-[month]-[day]");
    for (loc, changed) in urls {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(loc));
        out.push_str("</loc>");
        if let Some(at) = changed.and_then(|t| t.format(&day).ok()) {
            out.push_str("<lastmod>");
            out.push_str(&at);
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// Everything may be crawled but the contact form; the sitemap is named.
pub fn robots(origin: &str) -> String {
    format!("User-agent: *\nAllow: /\nDisallow: /kontak\n\nSitemap: {origin}/sitemap.xml\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let profile = Profile {
            address: Some("</script><script>alert(1)</script>".into()),
            ..Profile::default()
        };
        let out = dealer("Maju", "https://maju.example", &profile, None);
        assert!(!out.contains("</script>"));
        let back: Value = serde_json::from_str(&out).expect("still JSON");
        assert_eq!(back["address"]["streetAddress"], "</script><script>alert(1)</script>");
    }

    #[test]
    fn opening_hours_use_schema_day_names() {
        let profile = Profile::parse(r#"{"hours":{"open":"08:00","close":"17:00","days":[6,1,2]}}"#).expect("valid");
        assert_eq!(opening_hours(&profile).as_deref(), Some("Mo,Tu,Sa 08:00-17:00"));
    }

    #[test]
    fn sitemap_escapes_and_dates() {
        let at = time::macros::datetime!(2026-11-27 03:00 UTC);
        let xml = sitemap(&[("https://a.example/mobil?x=1&y=2".into(), Some(at))]);
        assert!(xml.contains("<loc>https://a.example/mobil?x=1&amp;y=2</loc><lastmod>2026-11-27</lastmod>"));
        assert!(robots("https://a.example").contains("Sitemap: https://a.example/sitemap.xml"));
    }
}
