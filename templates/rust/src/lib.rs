//! An MCP server that serves its tools over stdio or stateless Streamable HTTP.

pub mod config;
pub mod http;
pub mod server;
pub mod shutdown;
pub mod telemetry;
