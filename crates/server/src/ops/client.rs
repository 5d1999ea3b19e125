//! Who sent a request: the client's network address, read through trusted reverse proxies, and
//! the request's id.
//!
//! Behind a proxy every connection comes from the proxy, so the per-address limits (sign-in,
//! password reset, passkey sign-in) would count every user as one. The proxy says whom it
//! forwards for in `Forwarded` (RFC 7239) or `X-Forwarded-For`; anyone can send those headers,
//! so they are read only when the connection comes from an address in
//! `MIDDELPUNT_TRUSTED_PROXIES`. The chain is read from the right (the hop nearest to us) and
//! the first address that is not a trusted proxy is the client; an address that cannot be read
//! stops the walk at the proxy that added it.
//!
//! Every request gets an id: a trusted proxy's `X-Request-Id`, when it is well-formed, or a new
//! one. It is in the request's log span, the response's `X-Request-Id` header and every error
//! body ([`current_request_id`]), so a person's "something went wrong" can be found in the logs.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

/// `X-Request-Id`.
pub(crate) static REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The longest request id taken from a proxy.
const MAX_REQUEST_ID_LEN: usize = 128;

/// The reverse proxies whose forwarding headers are believed (`MIDDELPUNT_TRUSTED_PROXIES`):
/// addresses and networks. Empty by default: then only the connection's peer counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// Why a list of trusted proxies does not parse: the entry that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{entry:?} is not an IP address or network such as 10.0.0.5 or 10.0.0.0/8")]
pub struct TrustedProxiesError {
    pub entry: String,
}

impl TrustedProxies {
    /// Parses addresses and networks (CIDR) separated by commas or white space, e.g.
    /// `127.0.0.1, 10.0.0.0/8, ::1`.
    pub fn parse(value: &str) -> Result<TrustedProxies, TrustedProxiesError> {
        value
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                let net = match entry.parse::<IpAddr>() {
                    Ok(address) => Ok(IpNet::from(canonical(address))),
                    Err(_) => entry.parse::<IpNet>(),
                };
                net.map(|net| net.trunc()).map_err(|_| TrustedProxiesError {
                    entry: entry.to_owned(),
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    /// Whether no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `address` is a trusted proxy.
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client's address for a connection from `peer` carrying `headers`: the peer itself
    /// unless it is a trusted proxy; then the nearest address in the forwarding chain that is
    /// not a trusted proxy (`Forwarded` when present, else `X-Forwarded-For`).
    pub fn client_address(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        let chain = forwarded_chain(headers);
        let mut client = peer;
        for hop in chain.iter().rev() {
            match hop {
                Some(address) => {
                    client = *address;
                    if !self.contains(*address) {
                        return client;
                    }
                }
                // An obfuscated or unreadable hop: the proxy that added it is as far as we know.
                None => return client,
            }
        }
        client
    }
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&list.join(","))
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`, as a dual-stack listener sees IPv4 peers) as
/// IPv4.
fn canonical(address: IpAddr) -> IpAddr {
    address.to_canonical()
}

/// The forwarding chain, client first: the `for=` of every `Forwarded` element, or else every
/// address of `X-Forwarded-For`, over all header lines in order. `None` for a hop that is not
/// an address (`unknown`, `_hidden`, garbage).
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<&str> = headers
        .get_all(axum::http::header::FORWARDED)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|line| line.split(','))
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (key, value) = pair.split_once('=')?;
                    key.trim()
                        .eq_ignore_ascii_case("for")
                        .then(|| node_address(value))
                })
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|value| match value.to_str() {
            Ok(text) => text.split(',').map(node_address).collect(),
            Err(_) => vec![None],
        })
        .collect()
}

/// The address of one hop: `192.0.2.60`, `"192.0.2.60:4711"`, `"[2001:db8::17]:4711"`,
/// `2001:db8::17`.
fn node_address(value: &str) -> Option<IpAddr> {
    let value = value.trim().trim_matches('"');
    if let Ok(address) = value.parse::<IpAddr>() {
        return Some(canonical(address));
    }
    if let Ok(socket) = value.parse::<SocketAddr>() {
        return Some(canonical(socket.ip()));
    }
    let bracketed = value.strip_prefix('[')?;
    let (inner, _port) = bracketed.split_once(']')?;
    inner.parse::<IpAddr>().ok().map(canonical)
}

/// A request's id (`X-Request-Id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequestId(pub Arc<str>);

impl RequestId {
    /// A new id: 128 random bits in hexadecimal.
    fn new() -> RequestId {
        RequestId(format!("{:032x}", fastrand::u128(..)).into())
    }

    /// A proxy's id, when it is one to 128 characters of letters, digits and `-_.:+/=`.
    fn from_proxy(value: &HeaderValue) -> Option<RequestId> {
        let text = value.to_str().ok()?;
        let fits = !text.is_empty()
            && text.len() <= MAX_REQUEST_ID_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:+/=".contains(&b));
        fits.then(|| RequestId(text.into()))
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

tokio::task_local! {
    static REQUEST_ID: RequestId;
}

/// The id of the request being handled, for error bodies; `None` outside a request.
pub(crate) fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(|id| id.0.to_string()).ok()
}

/// The client's network address: through trusted proxies (see the module), else the peer.
/// `None` when the server runs without `ConnectInfo` (tests that call the router directly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClientAddress(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(match parts.extensions.get::<ClientAddress>() {
            Some(found) => *found,
            None => ClientAddress(
                parts
                    .extensions
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|ConnectInfo(addr)| canonical(addr.ip())),
            ),
        })
    }
}

/// Middleware, outermost: puts the [`ClientAddress`] and the [`RequestId`] in the request's
/// extensions (for the log span and the handlers), keeps the id for error bodies, and answers
/// it in `X-Request-Id`.
pub(crate) async fn identify(
    State(trusted): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| canonical(addr.ip()));
    let trusted_peer = peer.is_some_and(|peer| trusted.contains(peer));
    let client = peer.map(|peer| trusted.client_address(peer, request.headers()));
    let id = request
        .headers()
        .get(&REQUEST_ID_HEADER)
        .filter(|_| trusted_peer)
        .and_then(RequestId::from_proxy)
        .unwrap_or_else(RequestId::new);
    request.extensions_mut().insert(ClientAddress(client));
    request.extensions_mut().insert(id.clone());
    let header = HeaderValue::from_str(&id.0).ok();
    let mut response = REQUEST_ID.scope(id, next.run(request)).await;
    if let Some(header) = header {
        response
            .headers_mut()
            .insert(REQUEST_ID_HEADER.clone(), header);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    #[test]
    fn lists_parse_with_addresses_and_networks() {
        let trusted = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8 ::1\t2001:db8::/32").unwrap();
        assert!(trusted.contains(ip("127.0.0.1")));
        assert!(trusted.contains(ip("::ffff:127.0.0.1")));
        assert!(trusted.contains(ip("10.200.3.4")));
        assert!(trusted.contains(ip("2001:db8:1::5")));
        assert!(!trusted.contains(ip("127.0.0.2")));
        assert!(!trusted.contains(ip("192.0.2.1")));
        assert_eq!(
            trusted.to_string(),
            "127.0.0.1/32,10.0.0.0/8,::1/128,2001:db8::/32"
        );
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        assert_eq!(
            TrustedProxies::parse("10.0.0.1, proxy.example.nl"),
            Err(TrustedProxiesError {
                entry: "proxy.example.nl".to_owned()
            })
        );
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_says() {
        let trusted = TrustedProxies::parse("127.0.0.1").unwrap();
        let spoofed = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("forwarded", "for=203.0.113.9"),
        ]);
        assert_eq!(
            trusted.client_address(ip("192.0.2.50"), &spoofed),
            ip("192.0.2.50")
        );
        assert_eq!(
            TrustedProxies::default().client_address(ip("127.0.0.1"), &spoofed),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let trusted = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").unwrap();
        let peer = ip("127.0.0.1");
        let forwarded = |value: &str| headers(&[("x-forwarded-for", value)]);
        assert_eq!(
            trusted.client_address(peer, &forwarded("198.51.100.7")),
            ip("198.51.100.7")
        );
        // What the client itself put in front is not believed: the nearest untrusted hop wins.
        assert_eq!(
            trusted.client_address(peer, &forwarded("1.2.3.4, 198.51.100.7, 10.1.1.1")),
            ip("198.51.100.7")
        );
        // Only proxies: the first of them.
        assert_eq!(
            trusted.client_address(peer, &forwarded("10.0.0.9, 10.1.1.1")),
            ip("10.0.0.9")
        );
        // An unreadable hop stops at the proxy that added it.
        assert_eq!(
            trusted.client_address(peer, &forwarded("198.51.100.7, unknown, 10.1.1.1")),
            ip("10.1.1.1")
        );
        // No header: the proxy.
        assert_eq!(trusted.client_address(peer, &HeaderMap::new()), peer);
        // Several header lines form one chain.
        let two_lines = headers(&[
            ("x-forwarded-for", "198.51.100.7"),
            ("x-forwarded-for", "10.2.2.2"),
        ]);
        assert_eq!(trusted.client_address(peer, &two_lines), ip("198.51.100.7"));
    }

    #[test]
    fn forwarded_is_read_before_x_forwarded_for() {
        let trusted = TrustedProxies::parse("127.0.0.1").unwrap();
        let both = headers(&[
            (
                "forwarded",
                r#"for=192.0.2.43;proto=https, For="[2001:db8:cafe::17]:4711""#,
            ),
            ("x-forwarded-for", "198.51.100.1"),
        ]);
        assert_eq!(
            trusted.client_address(ip("127.0.0.1"), &both),
            ip("2001:db8:cafe::17")
        );
        let with_port = headers(&[("forwarded", r#"for="192.0.2.43:8080";by=127.0.0.1"#)]);
        assert_eq!(
            trusted.client_address(ip("127.0.0.1"), &with_port),
            ip("192.0.2.43")
        );
        let hidden = headers(&[("forwarded", "for=_hidden")]);
        assert_eq!(
            trusted.client_address(ip("127.0.0.1"), &hidden),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn request_ids_from_a_proxy_must_be_plain() {
        let ok = HeaderValue::from_static("7f3a-01:haproxy.1");
        assert_eq!(
            RequestId::from_proxy(&ok).unwrap().to_string(),
            "7f3a-01:haproxy.1"
        );
        for bad in [
            "",
            "has space",
            "<script>",
            &"a".repeat(MAX_REQUEST_ID_LEN + 1),
        ] {
            assert!(
                RequestId::from_proxy(&HeaderValue::from_str(bad).unwrap()).is_none(),
                "{bad}"
            );
        }
        let made = RequestId::new();
        assert_eq!(made.0.len(), 32);
        assert_ne!(made, RequestId::new());
    }
}
