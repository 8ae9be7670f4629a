/** Dockerfile.dev, managed: the development image that docker-compose.yml runs with the source mounted. */

import type { Answers } from '../options.js';
import { CONTAINER_PORT } from './conventions.js';
import { BUILDER_IMAGE } from './dockerfile.js';
import { ManagedTemplate } from './managed-template.js';
import type { RustMcpProject } from '../project.js';

export const DOCKERFILE_DEV_PATH = 'Dockerfile.dev';

/**
 * watchexec-cli release installed in the development image, and the Rust release it was built
 * with here (`cargo install watchexec-cli --locked --version 2.3.2` with Rust 1.95).
 */
export const WATCHEXEC_VERSION = '2.3.2';
export const DEV_RUST_VERSION = '1.95';

/**
 * CARGO_HOME of the development image: a named volume in docker-compose.yml, which runs the image
 * with a read-only root file system. Cargo writes its downloads and its package cache lock there.
 */
export const DEV_CARGO_HOME = '/cargo-home';

/** Paths whose changes restart the server. */
export const WATCHED_PATHS = ['src', 'migrations', 'Cargo.toml', 'Cargo.lock'];

export function addDockerfileDev(project: RustMcpProject, answers: Answers): ManagedTemplate {
  return new ManagedTemplate(project, DOCKERFILE_DEV_PATH, {
    template: 'docker-dev/Dockerfile.dev.ejs',
    values: {
      name: answers.name,
      port: CONTAINER_PORT,
      rustVersion: DEV_RUST_VERSION,
      builderImage: BUILDER_IMAGE,
      watchexecVersion: WATCHEXEC_VERSION,
      cargoHome: DEV_CARGO_HOME,
      watchArguments: WATCHED_PATHS.map((path) => `--watch ${path}`).join(' '),
    },
  });
}
