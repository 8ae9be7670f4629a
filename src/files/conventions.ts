/** Facts about the generated server that several generated files must agree on. */

/** Path of the production Dockerfile in the generated repository. */
export const DOCKERFILE_PATH = 'Dockerfile';

/** Port the container listens on; Cloud Run sets PORT to it. */
export const CONTAINER_PORT = 8080;

/**
 * Readiness endpoint of the server: 503 while its database is unreachable. Cloud Run reserves paths
 * ending in `z`, so it is not `/healthz`.
 */
export const HEALTH_PATH = '/health';

/** Liveness endpoint: 200 while the process serves HTTP, so a database outage restarts nothing. */
export const LIVENESS_PATH = '/health/live';

/** Path of the Streamable HTTP MCP endpoint. */
export const MCP_PATH = '/mcp';

/** Environment variable with the comma-separated `Host` values the MCP endpoint accepts. */
export const ALLOWED_HOSTS_VARIABLE = 'MCP_ALLOWED_HOSTS';

/** Environment variable with the browser origins the server accepts. */
export const ALLOWED_ORIGINS_VARIABLE = 'MCP_ALLOWED_ORIGINS';

/**
 * User substitutions of cloudbuild.yaml, with defaults from the options. service.yaml names them
 * as `${_NAME}` placeholders, so a build can deploy the same files to another service or region.
 */
export const SUBSTITUTIONS = { region: '_REGION', repository: '_REPOSITORY', service: '_SERVICE' } as const;

/** Cloud Build built-in substitutions that service.yaml names as `${NAME}` placeholders. */
export const BUILT_IN_PLACEHOLDERS = ['PROJECT_ID', 'PROJECT_NUMBER', 'COMMIT_SHA'] as const;

/**
 * Container image name without a tag, in Artifact Registry. Its `${NAME}` placeholders are shell
 * variables in the build steps (Cloud Build maps substitutions to environment variables) and are
 * filled in service.yaml by the deploy step, so both files name the same image.
 */
export const IMAGE_NAME = '${_REGION}-docker.pkg.dev/${PROJECT_ID}/${_REPOSITORY}/${_SERVICE}';

/** Tag of each image build: the commit it was built from. */
export const IMAGE_TAG = '${COMMIT_SHA}';

/** Tag that follows the newest build, so the next build can reuse its layers. */
export const MOVING_TAG = 'latest';

/**
 * Host of the service's deterministic URL, `https://SERVICE-PROJECT_NUMBER.REGION.run.app`. Cloud
 * Run also gives every service a URL whose host contains a hash, known only after the first deploy.
 */
export const RUN_APP_HOST = '${_SERVICE}-${PROJECT_NUMBER}.${_REGION}.run.app';

/** Build metadata endpoint: name, version, commit and build time of the binary as JSON. */
export const VERSION_PATH = '/version';

/**
 * Log filter of the images and compose, in tracing-subscriber's `EnvFilter` syntax: the server at
 * info, rmcp's per-request logs at warn. The `RUST_LOG` environment variable overrides it at deploy.
 */
export const DEFAULT_RUST_LOG = 'info,rmcp=warn';

/** Build secret, and the Cloud Build environment variable, that carry the private registry token. */
export const REGISTRY_TOKEN_SECRET_ID = 'cargo-registry-token';
export const REGISTRY_TOKEN_BUILD_VARIABLE = 'CARGO_REGISTRY_TOKEN';

/** Cargo configuration file that names the private registry. */
export const CARGO_CONFIG_PATH = '.cargo/config.toml';
