//! The address a request really came from. Behind a reverse proxy every connection comes from
//! the proxy, so its `X-Forwarded-For` is believed — but only from peers named in
//! `TRUSTED_PROXIES`, and only up to the first address that is not one of them (a client can
//! write anything into the header; each trusted proxy appends what it saw). Pure.

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

/// Parses `TRUSTED_PROXIES`: addresses or CIDR blocks, comma-separated.
pub fn parse_trusted(raw: &str) -> Result<Vec<IpNet>, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("{s:?} is not an address or CIDR block"))
        })
        .collect()
}

fn trusted(ip: IpAddr, proxies: &[IpNet]) -> bool {
    proxies.iter().any(|net| net.contains(&ip))
}

/// The client's address: the peer, or, when the peer is a trusted proxy, the nearest address
/// in `X-Forwarded-For` that is not a trusted proxy.
pub fn client_ip(headers: &HeaderMap, peer: Option<IpAddr>, proxies: &[IpNet]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted(peer, proxies) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|ip| !trusted(*ip, proxies))
            .unwrap_or(peer),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", xff.parse().unwrap());
        h
    }

    #[test]
    fn only_trusted_proxies_are_believed() {
        let proxies = parse_trusted("10.0.0.0/8, 192.168.1.5").unwrap();
        let proxy = Some("10.0.0.7".parse().unwrap());
        let stranger = Some("203.0.113.9".parse().unwrap());
        // Through the proxy: the address the proxy saw, not what the client wrote before it.
        assert_eq!(
            client_ip(&headers("1.2.3.4, 198.51.100.20"), proxy, &proxies),
            "198.51.100.20".parse().ok()
        );
        // Two proxies deep.
        assert_eq!(
            client_ip(&headers("198.51.100.20, 192.168.1.5"), proxy, &proxies),
            "198.51.100.20".parse().ok()
        );
        // Straight from the internet: the header is the client's own words, ignored.
        assert_eq!(client_ip(&headers("10.0.0.1"), stranger, &proxies), stranger);
        assert_eq!(client_ip(&HeaderMap::new(), proxy, &proxies), proxy);
        assert!(parse_trusted("not-an-ip").is_err());
        assert_eq!(parse_trusted("").unwrap(), vec![]);
    }
}
