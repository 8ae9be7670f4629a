//! Structured logging: one JSON object per line on stderr, with the `severity` field that
//! Cloud Logging reads. Stdout stays free for the stdio transport.

use tracing_subscriber::{EnvFilter, layer::SubscriberExt, util::SubscriberInitExt};

/// Installs the global JSON log subscriber. `RUST_LOG` sets the filter (default `info`).
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));

    // A second call (as in tests that start several servers) keeps the first subscriber.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(tracing_stackdriver::layer().with_writer(std::io::stderr))
        .try_init();
}
