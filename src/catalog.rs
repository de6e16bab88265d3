//! The public catalog's addresses. Chat replies link to a car's page; the pages themselves
//! are served by the catalog module's routes.

use crate::inventory::Vehicle;

/// A car's stable URL slug: make, model, variant, year and display id
/// (`toyota-avanza-1-3-g-2019-avz-0007`). The price is not in it, so a repricing keeps links alive.
pub fn vehicle_slug(v: &Vehicle) -> String {
    let raw = format!(
        "{} {} {} {} {}",
        v.make,
        v.model,
        v.variant.as_deref().unwrap_or_default(),
        v.year,
        v.display_id
    );
    let mut slug = String::with_capacity(raw.len());
    for c in raw.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// The car's page on the showroom's catalog, by the path form that works on any host.
pub fn vehicle_url(public_url: &str, tenant_slug: &str, v: &Vehicle) -> String {
    format!("{public_url}/s/{tenant_slug}/mobil/{}", vehicle_slug(v))
}

/// A stored photo's public address.
pub fn media_url(public_url: &str, key: &str) -> String {
    format!("{public_url}/media/{key}")
}
