/**
 * Every production image variant, built with buildah from local base images and run on loopback:
 * each base image, the speed profile, and a rebuild after a source change that reuses the cooked
 * dependencies. The images are built for amd64 only; the arm64 setup is checked in the rendered
 * Dockerfile by test/unit/dockerfile.test.ts.
 */

import { strict as assert } from 'node:assert';
import { appendFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

import { RUNTIME_USER } from '../../src/files/dockerfile.js';
import type { BaseImage } from '../../src/options.js';
import { runCli, temporaryDirectory } from '../support/helpers.js';
import { buildImage, ensureBaseImages, type ImageConfig, inspectImage, type RunningContainer, runImage, statInImage, stepWasCached } from '../support/images.js';
import { exerciseHttp } from '../support/mcp.js';

/** A fresh machine assembles the base images and compiles every dependency: minutes on 2 cores. */
const BUILD_TIMEOUT = 60 * 60 * 1000;

interface Variant {
  readonly baseImage: BaseImage;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** Size target of the image, in bytes (decimal megabytes). */
  readonly maxBytes: number;
}

const VARIANTS: readonly Variant[] = [
  { baseImage: 'debian-slim', buildArgs: {}, maxBytes: 90e6 },
  { baseImage: 'distroless', buildArgs: {}, maxBytes: 30e6 },
  // The musl standard library cannot be installed on this machine, so the test links glibc
  // statically instead; users get musl by default.
  { baseImage: 'scratch', buildArgs: { RUST_LIBC: 'gnu', RUSTFLAGS: '-C target-feature=+crt-static' }, maxBytes: 8e6 },
];

/** Generates a project with the CLI; the same name everywhere lets variants share cached layers. */
function generate(baseImage: BaseImage): string {
  const project = join(temporaryDirectory('slow-image'), 'slow-server');
  const result = runCli([project, '--yes', '--no-install', '--base-image', baseImage]);
  assert.equal(result.status, 0, `create-rust-mcp failed:\n${result.stderr}`);
  return project;
}

/** Runs the image, calls a tool over MCP and returns the container for more checks. */
async function exercise(tag: string): Promise<RunningContainer> {
  const container = await runImage(tag);
  const check = await exerciseHttp(`http://127.0.0.1:${container.port}/mcp`);
  assert.equal(check.serverName, 'slow-server');
  assert.equal(check.greeting, 'Hello, Ada!');
  assert.deepEqual(check.stats, { words: 5, characters: 23, lines: 2 });
  return container;
}

for (const variant of VARIANTS) {
  describe(`${variant.baseImage} image built with buildah`, function () {
    const tag = `localhost/create-rust-mcp-slow:${variant.baseImage}`;
    let config: ImageConfig;
    let container: RunningContainer | undefined;

    before(function () {
      this.timeout(BUILD_TIMEOUT);
      const project = generate(variant.baseImage);
      const rustVersion = ensureBaseImages(variant.baseImage);
      buildImage({ context: project, tag, buildArgs: { RUST_VERSION: rustVersion, ...variant.buildArgs } });
      config = inspectImage(tag);
    });

    afterEach(async function () {
      await container?.stop();
      container = undefined;
    });

    it('meets its size target', function () {
      assert.ok(config.size <= variant.maxBytes, `${config.size} bytes, more than ${variant.maxBytes}`);
    });

    it('declares the nonroot user, port and HEALTHCHECK', function () {
      assert.equal(config.user, `${RUNTIME_USER.uid}:${RUNTIME_USER.uid}`);
      assert.deepEqual(config.entrypoint, ['/usr/local/bin/slow-server']);
      assert.deepEqual(config.exposedPorts, ['8080/tcp']);
      assert.deepEqual(config.healthcheck, ['CMD', '/usr/local/bin/slow-server', 'healthcheck']);
    });

    it('serves MCP as a non-root process', async function () {
      container = await exercise(tag);
      assert.equal(container.uid, RUNTIME_USER.uid);
    });

    it('passes its HEALTHCHECK command', async function () {
      container = await runImage(tag);
      const probe = container.exec((config.healthcheck ?? []).slice(1));
      assert.equal(probe.status, 0, probe.stderr);
    });

    it('exits 0 on SIGTERM', async function () {
      const running = await runImage(tag);
      assert.equal(await running.stop(), 0);
    });

    it('has the files its base image promises', function () {
      const [shell, certificates, tmp, zoneinfo] = statInImage(tag, ['bin/sh', 'etc/ssl/certs/ca-certificates.crt', 'tmp', 'usr/share/zoneinfo']);
      assert.equal(certificates, 'regular file:644');
      if (variant.baseImage === 'debian-slim') {
        assert.notEqual(shell, undefined, 'debian-slim keeps a shell');
      } else {
        assert.equal(shell, undefined, `${variant.baseImage} has no shell`);
      }
      if (variant.baseImage === 'scratch') {
        assert.equal(tmp, 'directory:1777');
        assert.equal(zoneinfo, undefined, 'scratch has no time zone data');
      }
    });
  });
}

describe('release-optimized profile', function () {
  const tag = 'localhost/create-rust-mcp-slow:release-optimized';
  const defaultTag = 'localhost/create-rust-mcp-slow:release';
  let container: RunningContainer | undefined;

  before(function () {
    this.timeout(BUILD_TIMEOUT);
    const project = generate('distroless');
    const rustVersion = ensureBaseImages('distroless');
    buildImage({ context: project, tag: defaultTag, buildArgs: { RUST_VERSION: rustVersion } });
    buildImage({ context: project, tag, buildArgs: { RUST_VERSION: rustVersion, CARGO_PROFILE: 'release-optimized' } });
  });

  after(async function () {
    await container?.stop();
  });

  it('builds a larger, speed-tuned binary that serves MCP', async function () {
    const sizeTuned = inspectImage(defaultTag).size;
    const speedTuned = inspectImage(tag).size;
    assert.ok(speedTuned > sizeTuned, `release-optimized ${speedTuned} bytes, release ${sizeTuned} bytes`);

    container = await exercise(tag);
  });
});

describe('rebuild after a one-line source change', function () {
  const tag = 'localhost/create-rust-mcp-slow:rebuild';
  let project: string;
  let rustVersion: string;

  before(function () {
    this.timeout(BUILD_TIMEOUT);
    project = generate('distroless');
    rustVersion = ensureBaseImages('distroless');
    buildImage({ context: project, tag, buildArgs: { RUST_VERSION: rustVersion } });
  });

  it('reuses the cooked dependencies and compiles only the crate', async function () {
    this.timeout(BUILD_TIMEOUT);
    const main = join(project, 'src', 'main.rs');
    chmodSync(main, 0o644);
    appendFileSync(main, `// Rebuilt at ${new Date().toISOString()}.\n`);

    const { output } = buildImage({ context: project, tag, buildArgs: { RUST_VERSION: rustVersion } });

    assert.equal(stepWasCached(output, 'cargo chef cook'), true, 'cook reran');
    assert.equal(stepWasCached(output, 'cargo build'), false, 'build was cached despite the change');
    const container = await exercise(tag);
    assert.equal(await container.stop(), 0);
  });
});
