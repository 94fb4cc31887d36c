//! Reading Zalo's page from the web: over HTTPS (plain HTTP only for a
//! loopback address, which the tests serve), with a connect and a read
//! timeout, a User-Agent that names the project, and redirects followed only
//! within the same site. HTTPS is the feature `https` (rustls): the tests
//! build the tools without it, and `cargo xtask` runs a command that reads
//! an https:// page again with it (see `cli::Command::reads_https` and
//! main.rs).

use std::net::IpAddr;
use std::time::Duration;

use ureq::http::Uri;

use crate::codegen::messages::Phrase;
use crate::text;

// Zalo's page "Cách xử lý mã lỗi", what `page-diff --live` reads, is
// defined once, beside the page copy it is kept as.
pub use crate::codegen::page_copy::OFFICIAL_PAGE;

/// Who asks: servers' logs show the project, not a browser.
pub const USER_AGENT: &str = concat!(
    "zalo-zns-errors-page-check/",
    env!("CARGO_PKG_VERSION"),
    " (cargo xtask page-diff; the maintainers' daily comparison of the ZNS error table)"
);

/// How long the fetch may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// To open the connection (TCP and TLS).
    pub connect: Duration,
    /// From the request to the last byte of the page.
    pub read: Duration,
    /// Redirects followed within the same site.
    pub redirects: u32,
    /// The largest page read.
    pub max_bytes: u64,
}

impl Default for Limits {
    /// Well under a minute each, so that a page that never answers cannot
    /// hold the daily run.
    fn default() -> Limits {
        Limits {
            connect: Duration::from_secs(10),
            read: Duration::from_secs(30),
            redirects: 5,
            max_bytes: 8 * 1024 * 1024,
        }
    }
}

/// Whether `url` is one this tool reads from the web (rather than a file).
pub fn is_url(argument: &str) -> bool {
    let lower = argument.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Whether this build of the tools reads https:// pages (the feature
/// `https`).
pub const HAS_HTTPS: bool = cfg!(feature = "https");

/// The page's bytes, or why they cannot be had (worded for the report).
pub fn fetch(url: &str, limits: &Limits) -> Result<Vec<u8>, Phrase> {
    let mut uri = parse(url)?;
    let site = host(&uri).to_ascii_lowercase();
    let mut redirects = 0;
    loop {
        allowed(&uri)?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(limits.connect))
            .timeout_global(Some(limits.read))
            .user_agent(USER_AGENT)
            // A loopback address is never sent through a proxy.
            .proxy(if is_loopback(&uri) {
                None
            } else {
                ureq::Proxy::try_from_env()
            })
            .build()
            .into();
        let shown = uri.to_string();
        let mut response = agent
            .get(&shown)
            .call()
            .map_err(|error| failed(&shown, &error))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .ok_or_else(|| {
                    Phrase::new(text::FETCH_STATUS)
                        .with("url", &shown)
                        .with("status", status)
                })?;
            let next = resolve(&uri, location)?;
            if host(&next).to_ascii_lowercase() != site {
                return Err(Phrase::new(text::FETCH_OFF_SITE)
                    .with("url", &shown)
                    .with("target", &next));
            }
            redirects += 1;
            if redirects > limits.redirects {
                return Err(Phrase::new(text::FETCH_REDIRECTS)
                    .with("url", url)
                    .with("count", limits.redirects));
            }
            uri = next;
            continue;
        }
        if !status.is_success() {
            return Err(Phrase::new(text::FETCH_STATUS)
                .with("url", &shown)
                .with("status", status));
        }
        return response
            .body_mut()
            .with_config()
            .limit(limits.max_bytes)
            .read_to_vec()
            .map_err(|error| failed(&shown, &error));
    }
}

fn parse(url: &str) -> Result<Uri, Phrase> {
    let uri: Uri = url
        .parse()
        .map_err(|_| Phrase::new(text::FETCH_BAD_URL).with("url", url))?;
    if uri.host().is_none() {
        return Err(Phrase::new(text::FETCH_BAD_URL).with("url", url));
    }
    Ok(uri)
}

fn host(uri: &Uri) -> &str {
    uri.host().unwrap_or_default()
}

fn is_loopback(uri: &Uri) -> bool {
    let host = host(uri).trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// HTTPS (in a build with it), or plain HTTP to this machine.
fn allowed(uri: &Uri) -> Result<(), Phrase> {
    match uri.scheme_str() {
        Some("https") if HAS_HTTPS => Ok(()),
        Some("https") => Err(Phrase::new(text::FETCH_NO_TLS).with("url", uri)),
        Some("http") if is_loopback(uri) => Ok(()),
        _ => Err(Phrase::new(text::FETCH_NOT_HTTPS).with("url", uri)),
    }
}

/// The URL a `Location` header points at, from the URL that answered.
fn resolve(base: &Uri, location: &str) -> Result<Uri, Phrase> {
    if is_url(location) {
        return parse(location);
    }
    let authority = base.authority().map(|a| a.as_str()).unwrap_or_default();
    let scheme = base.scheme_str().unwrap_or("https");
    let path = if location.starts_with('/') {
        location.to_owned()
    } else {
        // Relative to the folder of the path that answered.
        let folder = base
            .path()
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder);
        format!("{folder}/{location}")
    };
    parse(&format!("{scheme}://{authority}{path}"))
}

fn failed(url: &str, error: &ureq::Error) -> Phrase {
    let reason = match error {
        ureq::Error::Timeout(_) => "timed out".to_owned(),
        other => other.to_string(),
    };
    Phrase::new(text::FETCH_FAILED)
        .with("url", url)
        .with("error", reason)
}
