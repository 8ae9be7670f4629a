//! Runtime configuration, read once from the environment at start.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The port used when `PORT` is not set.
const DEFAULT_PORT: u16 = 8080;

/// Settings of the HTTP transport.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address the HTTP server binds to.
    pub bind: SocketAddr,
    /// `Host` header values the MCP endpoint accepts (host or host:port).
    pub allowed_hosts: Vec<String>,
    /// `Origin` header values the MCP endpoint accepts; empty accepts any origin.
    pub allowed_origins: Vec<String>,
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the configuration through `lookup`, so tests need not change the process environment.
    ///
    /// `PORT` (set by Cloud Run) binds every interface on that port; without it the server
    /// listens on loopback only. `BIND_ADDRESS` overrides both.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let port = match lookup("PORT") {
            Some(value) => Some(value.trim().parse::<u16>().map_err(|error| {
                anyhow::anyhow!(
                    "invalid PORT {value:?}: {error}; set it to a number from 1 to 65535"
                )
            })?),
            None => None,
        };

        let bind = match lookup("BIND_ADDRESS") {
            Some(value) => value.trim().parse::<SocketAddr>().map_err(|error| {
                anyhow::anyhow!(
                    "invalid BIND_ADDRESS {value:?}: {error}; use the form 127.0.0.1:8080 or [::]:8080"
                )
            })?,
            None => match port {
                Some(port) => SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), port),
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

        Ok(Self {
            bind,
            allowed_hosts,
            allowed_origins,
        })
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
    fn rejects_empty_allowed_hosts() {
        let error = config_from(&[("MCP_ALLOWED_HOSTS", " , ")]).unwrap_err();
        assert!(error.to_string().contains("lists no host"));
    }

    #[test]
    fn reads_allowed_hosts_list() {
        let config = config_from(&[("MCP_ALLOWED_HOSTS", "a.run.app, b.example.com,")])
            .expect("host list is valid");
        assert_eq!(config.allowed_hosts, vec!["a.run.app", "b.example.com"]);
    }
}
