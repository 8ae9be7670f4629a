//! The Streamable HTTP transport at `/mcp`, in stateless mode, beside a health endpoint.

use std::{net::SocketAddr, time::Duration};

use axum::{Router, http::StatusCode, routing::get};
use rmcp::transport::streamable_http_server::{
    StreamableHttpServerConfig, StreamableHttpService, session::never::NeverSessionManager,
};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::{config::Config, server::Server, state::AppState};

/// Path of the readiness endpoint: 503 while the database is unreachable. Cloud Run reserves paths
/// that end in `z`, so this is not `/healthz`.
pub const HEALTH_PATH: &str = "/health";

/// Path of the liveness endpoint: 200 whenever the process serves HTTP.
pub const LIVENESS_PATH: &str = "/health/live";

/// How long in-flight requests may run after a shutdown signal before the server stops anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);

/// Builds the router: the MCP endpoint and the health endpoint.
pub fn router(config: &Config, state: AppState, cancel: CancellationToken) -> Router {
    // No sessions and plain JSON responses, so any instance can answer any request.
    let mcp_config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None)
        .with_allowed_hosts(config.allowed_hosts.clone())
        .with_allowed_origins(config.allowed_origins.clone())
        .with_cancellation_token(cancel);
    let mcp = StreamableHttpService::new(
        {
            let state = state.clone();
            move || Ok(Server::new(state.clone()))
        },
        NeverSessionManager::default().into(),
        mcp_config,
    );

    Router::new()
        .nest_service("/mcp", mcp)
        .route(HEALTH_PATH, get(move || health(state.clone())))
        .route(LIVENESS_PATH, get(|| async { (StatusCode::OK, "ok") }))
}

/// Answers 200 when the server can serve requests, and 503 while its database is unreachable.
async fn health(state: AppState) -> (StatusCode, &'static str) {
    if state.is_ready() {
        (StatusCode::OK, "ok")
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: the database is unreachable",
        )
    }
}

/// Binds the configured address and serves until `shutdown` is cancelled.
pub async fn serve(
    config: Config,
    state: AppState,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let listener = TcpListener::bind(config.bind)
        .await
        .map_err(|error| anyhow::anyhow!("failed to bind {}: {error}", config.bind))?;
    serve_on(listener, config, state, shutdown).await
}

/// Serves on an already bound listener until `shutdown` is cancelled, then lets in-flight
/// requests finish for up to [`SHUTDOWN_GRACE`].
pub async fn serve_on(
    listener: TcpListener,
    config: Config,
    state: AppState,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let address: SocketAddr = listener.local_addr()?;

    // The MCP service gets its own token: cancelling it at the signal would abort requests
    // that axum is still draining.
    let mcp_cancel = CancellationToken::new();
    let app = router(&config, state, mcp_cancel.clone());
    tracing::info!(%address, allowed_hosts = ?config.allowed_hosts, "serving MCP over HTTP at /mcp");

    let server = axum::serve(listener, app).with_graceful_shutdown({
        let shutdown = shutdown.clone();
        async move { shutdown.cancelled().await }
    });
    let drained = async {
        shutdown.cancelled().await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };

    tokio::select! {
        result = server => result?,
        () = drained => tracing::warn!(grace_seconds = SHUTDOWN_GRACE.as_secs(), "requests still running after the shutdown grace period; stopping anyway"),
    }
    mcp_cancel.cancel();
    tracing::info!("HTTP server stopped");
    Ok(())
}

/// Requests the health endpoint on `port` over loopback and returns whether it answered 200.
///
/// The container images have no curl, so their HEALTHCHECK runs this through the
/// `healthcheck` subcommand.
pub fn probe(port: u16) -> anyhow::Result<()> {
    use std::io::{Read, Write};

    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = std::net::TcpStream::connect_timeout(&address, Duration::from_secs(2))
        .map_err(|error| {
            anyhow::anyhow!("health check failed: cannot connect to {address}: {error}")
        })?;
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    write!(
        stream,
        "GET {HEALTH_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;

    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status_line = response.lines().next().unwrap_or_default();
    if status_line.split_whitespace().nth(1) == Some("200") {
        Ok(())
    } else {
        anyhow::bail!("health check failed: {address}{HEALTH_PATH} answered {status_line:?}")
    }
}
