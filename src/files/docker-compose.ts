/**
 * docker-compose.yml, managed: the server from Dockerfile.dev with the source mounted, and the
 * chosen database. It follows the Compose specification, so it has no top-level `version`, which
 * Compose v2 reports as obsolete. A docker-compose.override.yml beside it stays the user's.
 */

import { YamlFile } from 'projen/lib/yaml.js';

import type { Answers, Database } from '../options.js';
import { CONTAINER_PORT, DEFAULT_RUST_LOG } from './conventions.js';
import { parsePrivateRegistry, registryTokenVariable } from '../validate.js';
import { DEV_CARGO_HOME, DOCKERFILE_DEV_PATH } from './dockerfile-dev.js';
import type { RustMcpProject } from '../project.js';

export const COMPOSE_PATH = 'docker-compose.yml';

/** PostgreSQL image: the current major release. Its data lives under /var/lib/postgresql since 18. */
export const POSTGRES_IMAGE = 'postgres:19';
/** MySQL image: the 8.4 long-term support release. */
export const MYSQL_IMAGE = 'mysql:8.4';

/** Local credentials of the compose database; never used outside the laptop. */
const LOCAL = { user: 'app', password: 'app', database: 'app' } as const;

type Service = Record<string, unknown>;

interface DatabaseService {
  readonly name: string;
  readonly service: Service;
  readonly url: string;
  readonly volume: string;
}

function databaseService(database: Database): DatabaseService | undefined {
  switch (database) {
    case 'postgres':
      return {
        name: 'postgres',
        url: `postgres://${LOCAL.user}:${LOCAL.password}@postgres:5432/${LOCAL.database}`,
        volume: 'postgres-data',
        service: {
          image: POSTGRES_IMAGE,
          environment: { POSTGRES_USER: LOCAL.user, POSTGRES_PASSWORD: LOCAL.password, POSTGRES_DB: LOCAL.database },
          // `-h 127.0.0.1` tests a TCP connection: without it pg_isready passes on the unix socket
          // while the entrypoint's temporary init-only server is still running.
          healthcheck: {
            test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', LOCAL.user, '-d', LOCAL.database],
            interval: '2s',
            timeout: '5s',
            retries: 30,
            start_period: '10s',
          },
          volumes: ['postgres-data:/var/lib/postgresql'],
        },
      };
    case 'mysql':
      return {
        name: 'mysql',
        url: `mysql://${LOCAL.user}:${LOCAL.password}@mysql:3306/${LOCAL.database}`,
        volume: 'mysql-data',
        service: {
          image: MYSQL_IMAGE,
          environment: { MYSQL_USER: LOCAL.user, MYSQL_PASSWORD: LOCAL.password, MYSQL_DATABASE: LOCAL.database, MYSQL_RANDOM_ROOT_PASSWORD: 'yes' },
          // Over TCP, so the check fails while the entrypoint's socket-only init server runs.
          healthcheck: {
            test: ['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1', '-u', LOCAL.user, `-p${LOCAL.password}`],
            interval: '2s',
            timeout: '5s',
            retries: 30,
            start_period: '20s',
          },
          volumes: ['mysql-data:/var/lib/mysql'],
        },
      };
    case 'sqlite':
    case 'none':
      return undefined;
  }
}

/** Builds the Compose document for `answers`, as data. */
export function composeDocument(answers: Answers): Record<string, unknown> {
  const database = databaseService(answers.database);
  // null passes the variable through from the shell that runs docker compose, when it is set there.
  const environment: Record<string, string | null> = {
    BIND_ADDRESS: `0.0.0.0:${CONTAINER_PORT}`,
    RUST_LOG: DEFAULT_RUST_LOG,
    RUST_BACKTRACE: '1',
  };
  const registry = parsePrivateRegistry(answers.privateRegistry);
  if (registry !== undefined) {
    environment[registryTokenVariable(registry.name)] = null;
  }
  // The source is bind-mounted, and cargo's downloads and build output live in named volumes:
  // with a read-only root file system, those and /tmp are the only places anything can write.
  const volumes = ['.:/app', `cargo-home:${DEV_CARGO_HOME}`, 'cargo-target:/target'];
  const named: Record<string, Record<string, never>> = { 'cargo-home': {}, 'cargo-target': {} };

  if (database !== undefined) {
    environment.DATABASE_URL = database.url;
    named[database.volume] = {};
  }
  if (answers.database === 'sqlite') {
    environment.DATABASE_URL = 'sqlite:///data/app.db?mode=rwc';
    volumes.push('sqlite-data:/data');
    named['sqlite-data'] = {};
  }

  const app: Service = {
    build: { context: '.', dockerfile: DOCKERFILE_DEV_PATH },
    ports: [`127.0.0.1:${CONTAINER_PORT}:${CONTAINER_PORT}`],
    environment,
    volumes,
    // A write outside /tmp fails here on the laptop. On Cloud Run it would succeed, but every file
    // written there takes instance memory and is lost with the instance. Under Kubernetes with
    // readOnlyRootFilesystem, it fails in production.
    read_only: true,
    tmpfs: ['/tmp'],
  };
  if (database !== undefined) {
    app.depends_on = { [database.name]: { condition: 'service_healthy' } };
  }

  const services: Record<string, Service> = { app };
  if (database !== undefined) {
    services[database.name] = database.service;
  }
  return { name: answers.name, services, volumes: named };
}

export function addDockerCompose(project: RustMcpProject, answers: Answers): YamlFile {
  return new YamlFile(project, COMPOSE_PATH, { obj: composeDocument(answers), committed: true });
}
