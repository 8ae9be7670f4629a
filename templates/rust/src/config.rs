//! Runtime configuration, read once from the environment at start.

use std::{
    fmt::Display,
    net::{IpAddr, Ipv4Addr, SocketAddr},
    str::FromStr,
    time::Duration,
};

/// The port used when `PORT` is not set.
const DEFAULT_PORT: u16 = 8080;

/// Largest request body accepted at `/mcp` when `MCP_MAX_REQUEST_BODY_BYTES` is not set: 1 MiB.
const DEFAULT_MAX_REQUEST_BODY_BYTES: usize = 1024 * 1024;

/// Requests served at `/mcp` at the same time when `MCP_MAX_CONCURRENT_REQUESTS` is not set. It is
/// above Cloud Run's default concurrency of 80 per instance, so behind Cloud Run the platform's
/// limit applies first.
const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 256;

/// Seconds one request at `/mcp` may take when `MCP_REQUEST_TIMEOUT_SECONDS` is not set. The
/// official TypeScript SDK client gives up on a request after 60 s, so later responses would be
/// lost.
const DEFAULT_REQUEST_TIMEOUT_SECONDS: u64 = 60;

/// Settings of the HTTP transport.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address the HTTP server binds to.
    pub bind: SocketAddr,
    /// `Host` header values the MCP endpoint accepts (host or host:port).
    pub allowed_hosts: Vec<String>,
    /// `Origin` header values the MCP endpoint accepts. A request with any other `Origin` gets 403,
    /// so an empty list rejects every browser request. A request without `Origin` passes.
    pub allowed_origins: Vec<String>,
    /// Largest request body the MCP endpoint reads, in bytes. Larger ones get 413.
    pub max_request_body_bytes: usize,
    /// Requests the MCP endpoint serves at the same time. Further ones get 503 at once.
    pub max_concurrent_requests: usize,
    /// Time one MCP request may take, reading its body included. Slower ones get 504.
    pub request_timeout: Duration,
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the configuration through `lookup`, so tests need not change the process environment.
    ///
    /// `PORT` (set by Cloud Run) binds every interface on that port; without it the server
    /// listens on loopback only. `BIND_ADDRESS` overrides both, and `PORT` is then not read.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let bind = match lookup("BIND_ADDRESS") {
            Some(value) => value.trim().parse::<SocketAddr>().map_err(|error| {
                anyhow::anyhow!(
                    "invalid BIND_ADDRESS {value:?}: {error}; use the form 127.0.0.1:8080 or [::]:8080"
                )
            })?,
            None => match lookup("PORT") {
                Some(value) => {
                    let port = value.trim().parse::<u16>().map_err(|error| {
                        anyhow::anyhow!(
                            "invalid PORT {value:?}: {error}; set it to a number from 1 to 65535"
                        )
                    })?;
                    SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), port)
                }
                None => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), DEFAULT_PORT),
            },
        };

        let allowed_hosts = match lookup("MCP_ALLOWED_HOSTS") {
            Some(value) => split_list(&value),
            None => vec!["localhost".into(), "127.0.0.1".into(), "::1".into()],
        };
        // rmcp reads an empty list as "accept every Host", which would be an accident here.
        if allowed_hosts.is_empty() {
            anyhow::bail!(
                "invalid MCP_ALLOWED_HOSTS: it lists no host; set it to the service's host names, such as my-svc-123456789012.us-central1.run.app, or unset it for loopback only"
            );
        }
        let allowed_origins = lookup("MCP_ALLOWED_ORIGINS")
            .map(|value| split_list(&value))
            .unwrap_or_default();

        let max_request_body_bytes = positive_number(
            &lookup,
            "MCP_MAX_REQUEST_BODY_BYTES",
            DEFAULT_MAX_REQUEST_BODY_BYTES,
            "bytes",
        )?;
        let max_concurrent_requests = positive_number(
            &lookup,
            "MCP_MAX_CONCURRENT_REQUESTS",
            DEFAULT_MAX_CONCURRENT_REQUESTS,
            "requests",
        )?;
        let request_timeout_seconds = positive_number(
            &lookup,
            "MCP_REQUEST_TIMEOUT_SECONDS",
            DEFAULT_REQUEST_TIMEOUT_SECONDS,
            "seconds",
        )?;

        Ok(Self {
            bind,
            allowed_hosts,
            allowed_origins,
            max_request_body_bytes,
            max_concurrent_requests,
            request_timeout: Duration::from_secs(request_timeout_seconds),
        })
    }
}

/// Reads a whole number above zero from `key`, or returns `default` when `key` is not set.
fn positive_number<T>(
    lookup: &impl Fn(&str) -> Option<String>,
    key: &str,
    default: T,
    unit: &str,
) -> anyhow::Result<T>
where
    T: FromStr + PartialOrd + Default + Display,
{
    let Some(value) = lookup(key) else {
        return Ok(default);
    };
    match value.trim().parse::<T>() {
        Ok(number) if number > T::default() => Ok(number),
        _ => anyhow::bail!(
            "invalid {key} {value:?}: it is not a whole number above 0; set it to a number of {unit}, such as {default}, or unset it for that default"
        ),
    }
}

/// Splits a comma-separated list, dropping blanks.
fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config_from(pairs: &[(&str, &str)]) -> anyhow::Result<Config> {
        let env: HashMap<String, String> = pairs
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect();
        Config::from_lookup(|key| env.get(key).cloned())
    }

    #[test]
    fn binds_loopback_without_port() {
        let config = config_from(&[]).expect("empty environment is valid");
        assert_eq!(config.bind, "127.0.0.1:8080".parse().unwrap());
    }

    #[test]
    fn binds_all_interfaces_with_port() {
        let config = config_from(&[("PORT", "9090")]).expect("PORT 9090 is valid");
        assert_eq!(config.bind, "0.0.0.0:9090".parse().unwrap());
    }

    #[test]
    fn rejects_invalid_port() {
        let error = config_from(&[("PORT", "http")]).unwrap_err();
        assert!(error.to_string().contains("\"http\""));
    }

    #[test]
    fn ignores_port_with_bind_address() {
        let config = config_from(&[("PORT", "http"), ("BIND_ADDRESS", "127.0.0.1:9191")])
            .expect("BIND_ADDRESS replaces PORT");
        assert_eq!(config.bind, "127.0.0.1:9191".parse().unwrap());
    }

    #[test]
    fn rejects_empty_allowed_hosts() {
        let error = config_from(&[("MCP_ALLOWED_HOSTS", " , ")]).unwrap_err();
        assert!(error.to_string().contains("lists no host"));
    }

    #[test]
    fn uses_default_limits() {
        let config = config_from(&[]).expect("empty environment is valid");
        assert_eq!(config.max_request_body_bytes, 1024 * 1024);
        assert_eq!(config.max_concurrent_requests, 256);
        assert_eq!(config.request_timeout, Duration::from_secs(60));
    }

    #[test]
    fn reads_limits() {
        let config = config_from(&[
            ("MCP_MAX_REQUEST_BODY_BYTES", "2048"),
            ("MCP_MAX_CONCURRENT_REQUESTS", " 8 "),
            ("MCP_REQUEST_TIMEOUT_SECONDS", "5"),
        ])
        .expect("limits are valid");
        assert_eq!(config.max_request_body_bytes, 2048);
        assert_eq!(config.max_concurrent_requests, 8);
        assert_eq!(config.request_timeout, Duration::from_secs(5));
    }

    #[test]
    fn rejects_zero_and_non_numeric_limits() {
        for (key, value) in [
            ("MCP_MAX_REQUEST_BODY_BYTES", "1MB"),
            ("MCP_MAX_CONCURRENT_REQUESTS", "0"),
            ("MCP_REQUEST_TIMEOUT_SECONDS", "-1"),
        ] {
            let error = config_from(&[(key, value)]).unwrap_err().to_string();
            assert!(error.contains(key), "{error}");
            assert!(error.contains(&format!("{value:?}")), "{error}");
        }
    }

    #[test]
    fn reads_allowed_hosts_list() {
        let config = config_from(&[("MCP_ALLOWED_HOSTS", "a.run.app, b.example.com,")])
            .expect("host list is valid");
        assert_eq!(config.allowed_hosts, vec!["a.run.app", "b.example.com"]);
    }
}
