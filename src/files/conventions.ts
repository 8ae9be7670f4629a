/** Facts about the generated server that several generated files must agree on. */

/** Path of the production Dockerfile in the generated repository. */
export const DOCKERFILE_PATH = 'Dockerfile';

/** Port the container listens on; Cloud Run sets PORT to it. */
export const CONTAINER_PORT = 8080;

/** Health endpoint of the server. Cloud Run reserves paths ending in `z`, so it is not `/healthz`. */
export const HEALTH_PATH = '/health';

/** Path of the Streamable HTTP MCP endpoint. */
export const MCP_PATH = '/mcp';

/** Environment variable with the comma-separated `Host` values the MCP endpoint accepts. */
export const ALLOWED_HOSTS_VARIABLE = 'MCP_ALLOWED_HOSTS';
