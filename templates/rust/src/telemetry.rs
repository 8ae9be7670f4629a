//! Structured logging: one JSON object per line on stderr, with the `severity` field that
//! Cloud Logging reads. Stdout stays free for the stdio transport.

use tracing_subscriber::{EnvFilter, layer::SubscriberExt, util::SubscriberInitExt};

/// Log filter used when `RUST_LOG` is not set. rmcp logs three `info` lines per stateless request,
/// so its level starts at `warn`.
const DEFAULT_FILTER: &str = "info,rmcp=warn";

/// Installs the global JSON log subscriber. `RUST_LOG` sets the filter (default [`DEFAULT_FILTER`]).
pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));

    // A second call (as in tests that start several servers) keeps the first subscriber.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(tracing_stackdriver::layer().with_writer(std::io::stderr))
        .try_init();
}
