//! An MCP server that serves its tools over stdio or stateless Streamable HTTP.

pub mod build_info;
pub mod config;
#[cfg(feature = "db")]
pub mod db;
pub mod http;
#[cfg(feature = "db")]
mod notes;
pub mod server;
pub mod shutdown;
pub mod state;
pub mod telemetry;
