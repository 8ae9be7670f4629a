/**
 * The development service of docker-compose.yml under its own constraints. The image built from
 * Dockerfile.dev with buildah runs on a read-only root file system with the tmpfs, bind mount and
 * volumes that the compose file lists. There, watchexec's `cargo run` compiles the server, which
 * then serves MCP. No Docker engine runs here, so the test applies the compose settings itself.
 */

import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { COMPOSE_PATH } from '../../src/files/docker-compose.js';
import { DOCKERFILE_DEV_PATH } from '../../src/files/dockerfile-dev.js';
import { freePort, runCli, temporaryDirectory, waitUntilHealthy } from '../support/helpers.js';
import { buildImage, ensureBaseImages, environmentOf, inspectImage, type ReadOnlyProcess, spawnReadOnly } from '../support/images.js';
import { exerciseHttp } from '../support/mcp.js';

interface ComposeApp {
  read_only?: boolean;
  tmpfs?: string[];
  volumes: string[];
  environment: Record<string, string | null>;
}

describe('docker-compose.yml development service', function () {
  const tag = 'localhost/create-rust-mcp-e2e:dev';
  let project: string;
  let app: ComposeApp;
  let running: ReadOnlyProcess | undefined;

  before(function () {
    // watchexec compiles from source in the image build: minutes on 2 cores, once per machine.
    this.timeout(60 * 60 * 1000);
    project = join(temporaryDirectory('compose-dev'), 'dev-server');
    const result = runCli([project, '--yes', '--no-install']);
    assert.equal(result.status, 0, result.stderr);
    app = (parse(readFileSync(join(project, COMPOSE_PATH), 'utf8')) as { services: { app: ComposeApp } }).services.app;

    // Dockerfile.dev names the builder of the Rust release it was tested with; the stand-in has this machine's.
    const rustVersion = ensureBaseImages('distroless');
    buildImage({ context: project, tag, buildArgs: { RUST_VERSION: rustVersion }, dockerfile: DOCKERFILE_DEV_PATH });
  });

  afterEach(async function () {
    if (running !== undefined) {
      running.child.kill('SIGTERM');
      await running.exit;
      running.cleanUp();
      running = undefined;
    }
  });

  it('asks for a read-only root with a tmpfs at /tmp', function () {
    assert.equal(app.read_only, true);
    assert.deepEqual(app.tmpfs, ['/tmp']);
  });

  it('compiles and serves MCP on that read-only root', async function () {
    this.timeout(30 * 60 * 1000);
    const volumes = temporaryDirectory('compose-volumes');
    const binds = app.volumes.map((volume): [string, string] => {
      const [source, target] = volume.split(':');
      if (source === '.') {
        return [project, target];
      }
      // A named volume: an empty directory, as Docker creates one on first use.
      const directory = join(volumes, source);
      mkdirSync(directory);
      return [directory, target];
    });
    const config = inspectImage(tag);
    const port = await freePort();
    const environment: Record<string, string> = { ...environmentOf(config) };
    for (const [name, value] of Object.entries(app.environment)) {
      if (value !== null) {
        environment[name] = value;
      }
    }
    // The compose file publishes 8080 on loopback; here the server shares the host's network.
    environment.BIND_ADDRESS = `127.0.0.1:${port}`;

    running = spawnReadOnly(tag, { binds, tmpfs: app.tmpfs ?? [], env: environment, user: '0:0', workdir: '/app', command: config.cmd });
    let exited = false;
    void running.exit.then(() => (exited = true));
    const health = await waitUntilHealthy(port, 20 * 60, () => exited, 500);
    assert.equal(health, 'healthy', running.logs());

    const check = await exerciseHttp(`http://127.0.0.1:${port}/mcp`);

    assert.equal(check.serverName, 'dev-server');
    assert.equal(check.greeting, 'Hello, Ada!');
    assert.doesNotMatch(running.logs(), /Read-only file system/);
  });
});
