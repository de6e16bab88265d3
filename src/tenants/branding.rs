//! How a showroom's catalog looks and behaves: colours, logo, font, layout theme, the hero
//! line, which cars are featured and whether sold cars stay visible. Part of the profile
//! document, so the panel changes it without a deploy. Pure: parsing and checks only.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Branding {
    /// `#rrggbb`: buttons, links, header.
    pub primary: Option<String>,
    /// `#rrggbb`: badges and highlights.
    pub accent: Option<String>,
    /// `https://…` or a `/media/…` path.
    pub logo_url: Option<String>,
    pub favicon_url: Option<String>,
    pub font: Font,
    pub theme: Theme,
    /// One line under the name on the home page.
    pub hero: Option<String>,
}

/// Font stacks already on the visitor's phone: nothing to download on a slow connection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Font {
    #[default]
    System,
    Rounded,
    Serif,
    Condensed,
}

impl Font {
    pub fn stack(self) -> &'static str {
        match self {
            Font::System => "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
            Font::Rounded => "ui-rounded, 'SF Pro Rounded', 'Nunito', 'Quicksand', system-ui, sans-serif",
            Font::Serif => "'Noto Serif', Georgia, 'Times New Roman', serif",
            Font::Condensed => "'Roboto Condensed', 'Arial Narrow', 'Noto Sans', sans-serif-condensed, sans-serif",
        }
    }
}

/// A few layouts; each is a class on the page that the one stylesheet knows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Light page, photo cards in a grid.
    #[default]
    Classic,
    /// Dark header band and larger photos.
    Bold,
    /// One car per row with the photo beside the facts: more cars per screen.
    Compact,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Classic => "classic",
            Theme::Bold => "bold",
            Theme::Compact => "compact",
        }
    }
}

/// What the catalog shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CatalogOptions {
    /// Sold cars stay in the lists (marked sold) for 30 days; off hides them at once.
    pub show_sold: bool,
    /// Display ids shown first on the home page (at most 6 are used).
    pub featured: Vec<String>,
}

impl Default for CatalogOptions {
    fn default() -> Self {
        CatalogOptions {
            show_sold: true,
            featured: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrandingError {
    #[error("{0} must be a colour like #1a73e8")]
    Colour(&'static str),
    #[error("{0} must be an https:// address or a /media/ path")]
    Url(&'static str),
    #[error("the hero line is at most 140 characters")]
    Hero,
    #[error("at most 20 featured cars")]
    Featured,
}

fn is_hex_colour(raw: &str) -> bool {
    raw.len() == 7 && raw.starts_with('#') && raw[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Only addresses a page may safely put in `src`: our own media path or an https URL without
/// characters that could leave an attribute or a CSS `url()`.
fn is_safe_image_url(raw: &str) -> bool {
    let clean = !raw
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '(' | ')' | '\\'));
    let allowed = raw.starts_with("/media/") || (raw.starts_with("https://") && url::Url::parse(raw).is_ok());
    clean && allowed && raw.len() <= 500
}

impl Branding {
    pub fn validate(&self) -> Result<(), BrandingError> {
        for (name, value) in [("primary", &self.primary), ("accent", &self.accent)] {
            if value.as_deref().is_some_and(|v| !is_hex_colour(v)) {
                return Err(BrandingError::Colour(name));
            }
        }
        for (name, value) in [("logo_url", &self.logo_url), ("favicon_url", &self.favicon_url)] {
            if value.as_deref().is_some_and(|v| !is_safe_image_url(v)) {
                return Err(BrandingError::Url(name));
            }
        }
        if self.hero.as_deref().is_some_and(|h| h.chars().count() > 140) {
            return Err(BrandingError::Hero);
        }
        Ok(())
    }

    pub fn primary(&self) -> &str {
        self.primary.as_deref().unwrap_or("#0b5cab")
    }

    pub fn accent(&self) -> &str {
        self.accent.as_deref().unwrap_or("#f59e0b")
    }
}

impl CatalogOptions {
    pub fn validate(&self) -> Result<(), BrandingError> {
        if self.featured.len() > 20 {
            return Err(BrandingError::Featured);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_image_addresses_are_checked() {
        let ok = Branding {
            primary: Some("#1A73e8".into()),
            logo_url: Some("/media/abc/def.jpg".into()),
            favicon_url: Some("https://cdn.example.com/f.png".into()),
            ..Branding::default()
        };
        assert_eq!(ok.validate(), Ok(()));
        for bad in ["red", "#12345", "#12345g", "#1234567"] {
            let b = Branding {
                accent: Some(bad.into()),
                ..Branding::default()
            };
            assert_eq!(b.validate(), Err(BrandingError::Colour("accent")), "{bad}");
        }
        for bad in [
            "http://plain.example.com/logo.png",
            "javascript:alert(1)",
            "https://x.example.com/a\".png",
            "https://x.example.com/a).png",
            "/etc/passwd",
        ] {
            let b = Branding {
                logo_url: Some(bad.into()),
                ..Branding::default()
            };
            assert_eq!(b.validate(), Err(BrandingError::Url("logo_url")), "{bad}");
        }
    }

    #[test]
    fn unknown_fonts_and_themes_are_refused_and_defaults_fill_in() {
        assert!(serde_json::from_str::<Branding>(r#"{"font":"comic"}"#).is_err());
        assert!(serde_json::from_str::<Branding>(r#"{"theme":"neon"}"#).is_err());
        let b: Branding = serde_json::from_str(r#"{"theme":"bold"}"#).expect("valid");
        assert_eq!((b.theme, b.font, b.primary()), (Theme::Bold, Font::System, "#0b5cab"));
        let c: CatalogOptions = serde_json::from_str("{}").expect("valid");
        assert!(c.show_sold);
    }
}
