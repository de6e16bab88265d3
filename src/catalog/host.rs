//! Which showroom a request is for, read from the Host header and the path alone. Pure.

/// How a request reached us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostRoute {
    /// The platform's own host (API, webhooks, panel, `/s/{slug}` catalogs).
    Platform,
    /// `{slug}.{PLATFORM_DOMAIN}`.
    Subdomain(String),
    /// Any other name: a showroom's custom domain, if one claims it.
    Custom(String),
    /// A name under the platform domain that can never be a showroom (`a.b.platform`).
    Unknown,
}

/// Lowercase, without port or trailing dot; `None` for values that are not a host name.
pub fn normalize(raw: &str) -> Option<String> {
    let raw = raw.trim();
    // An IPv6 literal keeps its brackets; anything else loses its port.
    let host = if raw.starts_with('[') {
        raw.split_once(']').map(|(h, _)| format!("{h}]"))?
    } else {
        raw.rsplit_once(':').map_or(raw, |(h, _)| h).to_owned()
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let valid = !host.is_empty()
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'[' | b']' | b':'));
    valid.then_some(host)
}

/// A domain a showroom may bring: a dotted name that is neither the platform's domain nor
/// one of its subdomains (those need no registration).
pub fn custom_domain(raw: &str, platform_domain: &str) -> Option<String> {
    normalize(raw).filter(|d| {
        d.contains('.') && !is_ip_literal(d) && d != platform_domain && !d.ends_with(&format!(".{platform_domain}"))
    })
}

fn is_ip_literal(host: &str) -> bool {
    host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok()
}

/// Classifies a normalized host. `platform_hosts` are the names the platform itself answers
/// on (the host of `PUBLIC_URL`); `www.` of the platform domain is the platform too.
pub fn classify(host: &str, platform_domain: &str, platform_hosts: &[String]) -> HostRoute {
    if host == platform_domain || platform_hosts.iter().any(|h| h == host) || is_ip_literal(host) || host == "localhost"
    {
        return HostRoute::Platform;
    }
    if let Some(label) = host.strip_suffix(platform_domain).and_then(|h| h.strip_suffix('.')) {
        return match label {
            "www" => HostRoute::Platform,
            l if l.contains('.') => HostRoute::Unknown,
            l => HostRoute::Subdomain(l.to_owned()),
        };
    }
    HostRoute::Custom(host.to_owned())
}

/// `/s/{slug}` and `/s/{slug}/rest`: the slug and the rest of the path (at least `/`).
pub fn path_site(path: &str) -> Option<(&str, &str)> {
    let after = path.strip_prefix("/s/")?;
    let (slug, rest) = match after.find('/') {
        Some(i) => (&after[..i], &after[i..]),
        None => (after, "/"),
    };
    (!slug.is_empty()).then_some((slug, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(host: &str) -> HostRoute {
        let host = normalize(host).expect("host");
        classify(&host, "autolumiku.id", &["app.autolumiku.id".to_owned()])
    }

    #[test]
    fn subdomains_custom_domains_and_the_platform_are_told_apart() {
        assert_eq!(
            route("maju-motor.autolumiku.id"),
            HostRoute::Subdomain("maju-motor".into())
        );
        assert_eq!(
            route("Maju-Motor.AUTOLUMIKU.id:443"),
            HostRoute::Subdomain("maju-motor".into())
        );
        assert_eq!(
            route("maju-motor.autolumiku.id."),
            HostRoute::Subdomain("maju-motor".into())
        );
        assert_eq!(
            route("mobil.majumotor.co.id"),
            HostRoute::Custom("mobil.majumotor.co.id".into())
        );
        assert_eq!(route("autolumiku.id"), HostRoute::Platform);
        assert_eq!(route("www.autolumiku.id"), HostRoute::Platform);
        assert_eq!(route("app.autolumiku.id"), HostRoute::Platform);
        assert_eq!(route("127.0.0.1:8080"), HostRoute::Platform);
        assert_eq!(route("[::1]:8080"), HostRoute::Platform);
        assert_eq!(route("localhost:8080"), HostRoute::Platform);
        assert_eq!(route("a.b.autolumiku.id"), HostRoute::Unknown);
        // A look-alike suffix is not a subdomain.
        assert_eq!(
            route("evilautolumiku.id"),
            HostRoute::Custom("evilautolumiku.id".into())
        );
        assert_eq!(normalize("bad host/with/slash"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn the_path_form_names_the_slug_and_keeps_the_rest() {
        assert_eq!(path_site("/s/maju"), Some(("maju", "/")));
        assert_eq!(path_site("/s/maju/"), Some(("maju", "/")));
        assert_eq!(
            path_site("/s/maju/mobil/avanza-avz-0001"),
            Some(("maju", "/mobil/avanza-avz-0001"))
        );
        assert_eq!(path_site("/s/"), None);
        assert_eq!(path_site("/api/v1/vehicles"), None);
    }
}
