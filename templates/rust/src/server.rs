//! The MCP server: its identity, capabilities and example tools.

use std::sync::Arc;

use rmcp::{
    Json, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{Implementation, ServerCapabilities, ServerConfig},
    schemars, tool, tool_handler, tool_router,
};
use serde::{Deserialize, Serialize};

use crate::{build_info::BUILD_INFO, state::AppState};

/// Parameters of the `greet` tool.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct GreetParams {
    /// Name of the person to greet.
    pub name: String,
}

/// Parameters of the `text_stats` tool.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TextStatsParams {
    /// Text to measure.
    pub text: String,
}

/// Counts returned by the `text_stats` tool as structured content.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct TextStats {
    /// Number of whitespace-separated words.
    #[schemars(schema_with = "count_schema")]
    pub words: usize,
    /// Number of Unicode scalar values.
    #[schemars(schema_with = "count_schema")]
    pub characters: usize,
    /// Number of lines. An empty text has none.
    #[schemars(schema_with = "count_schema")]
    pub lines: usize,
}

/// Returns the schema of a count: a non-negative integer. schemars 1 gives `usize` the format
/// `uint`, which the TypeScript SDK's validator does not know and warns about in every client.
fn count_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "integer", "minimum": 0 })
}

/// The MCP server. Stateless HTTP serves every request with a clone of one `Server`, so cloning
/// must stay cheap: the tool router is shared, and so is the state in [`AppState`], such as the
/// connection pool.
#[derive(Debug, Clone)]
pub struct Server {
    // Shared because building a router (each tool's description and schemas) costs more than
    // the rest of a `greet` call.
    tool_router: Arc<ToolRouter<Self>>,
    #[cfg_attr(not(feature = "db"), allow(dead_code))]
    pub(crate) state: AppState,
}

#[tool_router]
impl Server {
    pub fn new(state: AppState) -> Self {
        let tool_router = Self::tool_router();
        #[cfg(feature = "db")]
        let tool_router = tool_router + Self::notes_router();
        Self {
            tool_router: Arc::new(tool_router),
            state,
        }
    }

    #[tool(description = "Return a greeting for the given name.")]
    async fn greet(&self, Parameters(params): Parameters<GreetParams>) -> String {
        format!("Hello, {}!", params.name)
    }

    #[tool(description = "Count the words, characters and lines of a text.")]
    async fn text_stats(&self, Parameters(params): Parameters<TextStatsParams>) -> Json<TextStats> {
        Json(TextStats {
            words: params.text.split_whitespace().count(),
            characters: params.text.chars().count(),
            lines: params.text.lines().count(),
        })
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(
                BUILD_INFO.name,
                BUILD_INFO.server_version(),
            ))
            .with_instructions(env!("CARGO_PKG_DESCRIPTION"))
    }
}
