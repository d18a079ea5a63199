//! Hosts and sites: which requests are first party and which are third party.
//!
//! Two hosts are the same site when they share a registrable domain (one label
//! under a public suffix: `icta.az`, `e-gov.gov.az`), as browsers decide for
//! `SameSite` cookies. The public suffix list is compiled in (the `psl` crate).
//! An IP address, `localhost` or any single-label host is a site of its own.

use std::net::IpAddr;

/// A host as it is compared: lower case, no trailing dot, no IPv6 brackets.
pub fn normalize(host: &str) -> String {
    host.trim_end_matches('.')
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase()
}

/// The site a host belongs to: its registrable domain, or the host itself
/// when it has none (an IP address, `localhost`, a public suffix).
pub fn site_of(host: &str) -> String {
    let host = normalize(host);
    if host.parse::<IpAddr>().is_ok() || !host.contains('.') {
        return host;
    }
    match psl::domain_str(&host) {
        Some(domain) => domain.to_string(),
        None => host,
    }
}

/// Whether two hosts are the same site.
pub fn same_site(a: &str, b: &str) -> bool {
    site_of(a) == site_of(b)
}

/// Whether `host` is `domain` or one of its subdomains (`a.b.icta.az` is
/// under `icta.az`; `xicta.az` is not).
pub fn is_under(host: &str, domain: &str) -> bool {
    let (host, domain) = (normalize(host), normalize(domain.trim_start_matches('.')));
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(&domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}
