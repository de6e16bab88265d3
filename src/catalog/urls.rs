//! The public catalog's addresses: where a showroom's site lives and a car's slug. Chat
//! replies and the pages' canonical links use the same functions.

use crate::config::Settings;
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

/// The canonical address of a showroom's site, without a trailing slash: its first custom
/// domain, else `{slug}.{PLATFORM_DOMAIN}` when that is a real domain, else the path form
/// under `PUBLIC_URL` (which works on any host, e.g. on a laptop).
pub fn site_origin(settings: &Settings, slug: &str, primary_domain: Option<&str>) -> String {
    let public = url::Url::parse(&settings.public_url).ok();
    let scheme = public.as_ref().map_or("https", url::Url::scheme);
    if let Some(domain) = primary_domain {
        return format!("{scheme}://{domain}");
    }
    let platform = settings.platform_domain.as_str();
    if platform.contains('.') && platform != "localhost" {
        return format!("{scheme}://{slug}.{platform}");
    }
    format!("{}/s/{slug}", settings.public_url.trim_end_matches('/'))
}

/// The car's page on the showroom's catalog.
pub fn vehicle_url(settings: &Settings, tenant_slug: &str, v: &Vehicle) -> String {
    format!("{}/mobil/{}", site_origin(settings, tenant_slug, None), vehicle_slug(v))
}

/// A stored photo's public address.
pub fn media_url(public_url: &str, key: &str) -> String {
    format!("{public_url}/media/{key}")
}
