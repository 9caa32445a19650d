//! Where a dev server can be reached, and the base URL its pages are built
//! with. Bound to a loopback address, pages carry that address (spec section
//! 7). Bound to any other address, or to all of them (`--bind 0.0.0.0`),
//! a colleague opens the site through an address this machine has on the
//! network, which the server cannot know in advance: the pages then use
//! path-only links (`/vertrouwen/…`), which work through every address.

use std::net::{IpAddr, SocketAddr};

/// The base URL the served pages are built with.
pub fn base_url(bound: SocketAddr) -> String {
    if bound.ip().is_loopback() {
        url(bound.ip(), bound.port())
    } else {
        "/".to_string()
    }
}

/// Every URL the server answers on, the loopback one first: for an
/// unspecified address, one per address of this machine's interfaces (IPv4
/// for `0.0.0.0`; IPv4 and IPv6 for `::`, which Linux and Windows make dual
/// stack by default); else the bound address itself.
pub fn reachable(bound: SocketAddr) -> Vec<String> {
    let ip = bound.ip();
    if !ip.is_unspecified() {
        return vec![url(ip, bound.port())];
    }
    let interfaces: Vec<IpAddr> = if_addrs::get_if_addrs().map(|list| list.into_iter().map(|i| i.ip()).collect()).unwrap_or_default();
    listing(ip, bound.port(), &interfaces)
}

/// [`reachable`] for a given list of interface addresses (pure, for tests).
fn listing(bound: IpAddr, port: u16, interfaces: &[IpAddr]) -> Vec<String> {
    let v6 = bound.is_ipv6();
    let mut ips: Vec<IpAddr> = interfaces
        .iter()
        .copied()
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
        .filter(|ip| match ip {
            IpAddr::V4(_) => true,
            // Link-local IPv6 addresses need a zone (`%eth0`) that a browser
            // will not take in a URL.
            IpAddr::V6(v) => v6 && (v.segments()[0] & 0xffc0) != 0xfe80,
        })
        .collect();
    ips.sort_by_key(|ip| (ip.is_ipv6(), *ip));
    ips.dedup();
    let loopback = if v6 { IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1]) } else { IpAddr::from([127, 0, 0, 1]) };
    std::iter::once(loopback).chain(ips).map(|ip| url(ip, port)).collect()
}

fn url(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(v) => format!("http://{v}:{port}/"),
        IpAddr::V6(v) => format!("http://[{v}]:{port}/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn loopback_binds_build_absolute_pages_and_others_path_only() {
        assert_eq!(base_url("127.0.0.1:1111".parse().unwrap()), "http://127.0.0.1:1111/");
        assert_eq!(base_url("[::1]:8080".parse().unwrap()), "http://[::1]:8080/");
        assert_eq!(base_url("0.0.0.0:1111".parse().unwrap()), "/");
        assert_eq!(base_url("192.168.1.20:1111".parse().unwrap()), "/");
    }

    #[test]
    fn all_addresses_lists_loopback_first_then_each_interface() {
        let ifs = [ip("127.0.0.1"), ip("192.168.1.20"), ip("10.0.0.7"), ip("fe80::1"), ip("2001:db8::5"), ip("::1")];
        assert_eq!(
            listing(ip("0.0.0.0"), 1111, &ifs),
            vec!["http://127.0.0.1:1111/", "http://10.0.0.7:1111/", "http://192.168.1.20:1111/"]
        );
        assert_eq!(
            listing(ip("::"), 80, &ifs),
            vec!["http://[::1]:80/", "http://10.0.0.7:80/", "http://192.168.1.20:80/", "http://[2001:db8::5]:80/"]
        );
    }

    #[test]
    fn a_specific_address_is_the_only_one() {
        assert_eq!(reachable("192.168.1.20:1111".parse().unwrap()), vec!["http://192.168.1.20:1111/"]);
    }
}
