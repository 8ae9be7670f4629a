//! The Streamable HTTP transport at `/mcp`, in stateless mode, beside the health endpoints.

use std::{
    net::SocketAddr,
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use axum::{
    BoxError, Json, Router,
    body::{Body, Bytes},
    error_handling::HandleErrorLayer,
    extract::{Request, State},
    http::{Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};
use rmcp::{
    model::ErrorCode,
    transport::streamable_http_server::{
        StreamableHttpServerConfig, StreamableHttpService, session::never::NeverSessionManager,
    },
};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower::{ServiceBuilder, limit::GlobalConcurrencyLimitLayer};

use crate::{build_info::BUILD_INFO, config::Config, server::Server, state::AppState};

/// Path of the readiness endpoint: 503 while the database is unreachable. Cloud Run reserves paths
/// that end in `z`, so this is not `/healthz`.
pub const HEALTH_PATH: &str = "/health";

/// Path of the liveness endpoint: 200 whenever the process serves HTTP.
pub const LIVENESS_PATH: &str = "/health/live";

/// Path of the build metadata endpoint: name, version, commit and build time as JSON.
pub const VERSION_PATH: &str = "/version";

/// How long in-flight requests may run after a shutdown signal before the server stops anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);

/// Number of requests rejected so far because `MCP_MAX_CONCURRENT_REQUESTS` requests were running.
static OVERLOADED_TOTAL: AtomicU64 = AtomicU64::new(0);

/// Builds the router: the MCP endpoint behind its limits, and the health endpoints outside them, so
/// probes still get responses while the MCP endpoint is saturated.
pub fn router(config: &Config, state: AppState, cancel: CancellationToken) -> Router {
    let mcp = mcp_service(config, state.clone(), cancel);
    let limits = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(limit_error_response))
        // Over the limit a request is rejected at once instead of queueing without bound.
        .load_shed()
        // Global: one count for the endpoint, however many routes axum makes of it.
        .layer(GlobalConcurrencyLimitLayer::new(
            config.max_concurrent_requests,
        ))
        // NOTE: the timeout starts once the request headers are complete. axum::serve (0.8) sets no
        // header read timeout, so a client that sends its headers slowly keeps its connection open
        // but takes no place of the concurrency limit.
        .timeout(config.request_timeout)
        // Innermost, so reading the body counts toward the timeout and the concurrency limit.
        .layer(middleware::from_fn_with_state(
            config.max_request_body_bytes,
            jsonrpc_errors,
        ))
        .service(mcp);

    Router::new()
        .nest_service("/mcp", limits)
        .route(HEALTH_PATH, get(move || health(state.clone())))
        .route(LIVENESS_PATH, get(|| async { (StatusCode::OK, "ok") }))
        .route(VERSION_PATH, get(|| async { Json(BUILD_INFO) }))
}

/// Builds rmcp's Streamable HTTP service with the Host, Origin and body-size checks of `config`.
fn mcp_service(
    config: &Config,
    state: AppState,
    cancel: CancellationToken,
) -> StreamableHttpService<Server, NeverSessionManager> {
    // No sessions and plain JSON responses, so any instance can answer any request.
    let mcp_config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None)
        .with_allowed_hosts(config.allowed_hosts.clone())
        .with_allowed_origins(config.allowed_origins.clone())
        // With an empty list too: every request with an Origin header not on the list gets 403.
        .enforce_origin_validation()
        .with_max_request_body_bytes(config.max_request_body_bytes)
        .with_cancellation_token(cancel);
    // Built once: each request gets a clone, which shares the tool router and the state.
    let server = Server::new(state);
    StreamableHttpService::new(
        move || Ok(server.clone()),
        NeverSessionManager::default().into(),
        mcp_config,
    )
}

/// Builds the response to a request that the concurrency limit or the timeout stopped.
async fn limit_error_response(error: BoxError) -> Response {
    if error.is::<tower::load_shed::error::Overloaded>() {
        // Counted, and logged on the first rejection and every 1000th, so a burst cannot flood
        // the log.
        let total = OVERLOADED_TOTAL.fetch_add(1, Ordering::Relaxed) + 1;
        if total == 1 || total.is_multiple_of(1000) {
            tracing::warn!(
                rejected_total = total,
                "rejected a request: MCP_MAX_CONCURRENT_REQUESTS requests are running; raise it or add instances"
            );
        }
        let headers = [(header::RETRY_AFTER, "1")];
        let message = "Service Unavailable: too many concurrent requests; retry in a second";
        return (StatusCode::SERVICE_UNAVAILABLE, headers, message).into_response();
    }
    if error.is::<tower::timeout::error::Elapsed>() {
        tracing::warn!(
            "request timed out: it ran longer than MCP_REQUEST_TIMEOUT_SECONDS; raise it for slower tools"
        );
        // 504, not 408: clients and proxies may resend a request answered with 408, and a tool
        // call that ran out of time may have had effects already.
        let message = "Gateway Timeout: the request took longer than the server's request timeout";
        return (StatusCode::GATEWAY_TIMEOUT, message).into_response();
    }
    tracing::error!(%error, "request failed in the MCP endpoint's middleware");
    (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response()
}

/// Reads a JSON POST body up to `max_body_bytes`, passes it on to rmcp, and replaces rmcp's
/// plain-text 415 for a body that is not a JSON-RPC message with the JSON-RPC 2.0 error object.
async fn jsonrpc_errors(
    State(max_body_bytes): State<usize>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST || !has_json_content_type(&request) {
        return next.run(request).await;
    }

    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, max_body_bytes).await {
        Ok(body) => body,
        Err(error) => return body_error_response(&error, max_body_bytes),
    };
    let response = next
        .run(Request::from_parts(parts, Body::from(body.clone())))
        .await;

    // With a JSON content type, rmcp returns 415 only when the body is not a JSON-RPC message.
    if response.status() == StatusCode::UNSUPPORTED_MEDIA_TYPE {
        return invalid_message_response(&body);
    }
    response
}

fn has_json_content_type(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// Builds the response to a body that is too large (413) or could not be read (400).
fn body_error_response(error: &axum::Error, max_body_bytes: usize) -> Response {
    let too_large = std::error::Error::source(error)
        .is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
    if too_large {
        tracing::warn!(
            max_body_bytes,
            "rejected a request body larger than MCP_MAX_REQUEST_BODY_BYTES"
        );
        let message = format!("Payload Too Large: the request body exceeds {max_body_bytes} bytes");
        return (StatusCode::PAYLOAD_TOO_LARGE, message).into_response();
    }
    tracing::debug!(%error, "failed to read a request body");
    (
        StatusCode::BAD_REQUEST,
        "Bad Request: the request body could not be read",
    )
        .into_response()
}

/// Builds the 400 response to a body that is not a JSON-RPC message, with the JSON-RPC 2.0 error
/// object: code -32700 when the body is not JSON at all, and -32600 when it is JSON of another
/// shape.
fn invalid_message_response(body: &Bytes) -> Response {
    // Parsed into a Value because that checks the UTF-8 of strings; skipping them does not.
    let (code, message) = match serde_json::from_slice::<serde_json::Value>(body) {
        Err(error) => (ErrorCode::PARSE_ERROR, format!("Parse error: {error}")),
        Ok(_) => (
            ErrorCode::INVALID_REQUEST,
            "Invalid Request: the body is not a JSON-RPC 2.0 request, notification or response"
                .to_string(),
        ),
    };
    tracing::debug!(code = code.0, %message, "rejected a request that is not a JSON-RPC message");
    let error = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": code.0, "message": message },
    });
    (StatusCode::BAD_REQUEST, Json(error)).into_response()
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
    tracing::info!(
        %address,
        allowed_hosts = ?config.allowed_hosts,
        allowed_origins = ?config.allowed_origins,
        version = BUILD_INFO.version,
        revision = BUILD_INFO.revision,
        created = BUILD_INFO.created,
        "serving MCP over HTTP at /mcp"
    );

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
