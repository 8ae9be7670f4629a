/**
 * The scratch image with a private cargo registry, built with buildah. The crate depends on a crate
 * of a registry on loopback that requires the token on every request. The token reaches cargo as a
 * build secret, fetches that crate, and stays out of every layer, history entry and the build log.
 * The same image with UPX is smaller and still serves MCP. The server reports its build metadata
 * and runs on a read-only root file system with a tmpfs at /tmp.
 */

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { registryTokenVariable } from '../../src/validate.js';
import { REGISTRY_TOKEN_SECRET_ID, VERSION_PATH } from '../../src/files/conventions.js';
import { setTomlValue } from '../../src/toml.js';
import { runCli, temporaryDirectory } from '../support/helpers.js';
import {
  buildImage,
  ensureBaseImages,
  imageRecordsCreatedSince,
  inspectImage,
  layerDirectoriesCreatedSince,
  readFromImage,
  type ReadOnlyServer,
  type RunningContainer,
  runImage,
  runImageReadOnly,
} from '../support/images.js';
import { exerciseHttp } from '../support/mcp.js';
import { type PrivateRegistry, REGISTRY_CRATE, startPrivateRegistry } from '../support/registry.js';

const REGISTRY = 'acme';
const BINARY = '/usr/local/bin/secret-server';

/** Dummy registry token. It is long and unusual, so a match in a layer cannot be a coincidence. */
const TOKEN = 'crm-test-token-5f0c1e9a7b3d4c2e8a6f1b0d9c7e5a3f';

/** Build arguments of both images; equal, so the UPX build reuses every layer of the plain one. */
const METADATA = { IMAGE_REVISION: '89abcdef0123456789abcdef0123456789abcdef', IMAGE_CREATED: '2026-11-30T12:00:00Z', IMAGE_VERSION: '2.0.0' };

/**
 * A build script that prints the length of the registry token in cargo's environment as a cargo
 * warning, which proves that the secret reached cargo without printing it. It must not declare
 * `rerun-if-env-changed` for the token, because cargo would store the value in its fingerprint
 * under target/, which is in a layer.
 */
const TOKEN_PROBE = `fn main() {
    let length = std::env::var("${registryTokenVariable(REGISTRY)}").map_or(0, |token| token.len());
    println!("cargo::warning=registry token visible to cargo: {length} bytes");
}
`;

/** Generates a server with the registry, a dependency on the registry's crate and the token probe. */
function generate(name: string, registry: PrivateRegistry, flags: readonly string[]): string {
  const project = join(temporaryDirectory('secrets'), name);
  const result = runCli([project, '--yes', '--no-install', '--base-image', 'scratch', '--private-registry', `${REGISTRY}=${registry.index}`, ...flags]);
  assert.equal(result.status, 0, `create-rust-mcp failed:\n${result.stderr}`);
  writeFileSync(join(project, 'build.rs'), TOKEN_PROBE);
  const manifest = join(project, 'Cargo.toml');
  writeFileSync(manifest, setTomlValue(readFileSync(manifest, 'utf8'), ['dependencies', REGISTRY_CRATE.name], { version: REGISTRY_CRATE.version, registry: REGISTRY }));
  return project;
}

/** Returns the files under `directories` that contain `needle`, through grep. */
function filesContaining(directories: readonly string[], needle: string): string[] {
  if (directories.length === 0) {
    return [];
  }
  const result = spawnSync('grep', ['-rlF', '--no-messages', needle, ...directories], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(result.status === 0 || result.status === 1, `grep failed: ${result.stderr}`);
  return result.stdout.split('\n').filter((line) => line !== '');
}

describe('scratch image with a private registry', function () {
  const plainTag = 'localhost/create-rust-mcp-e2e:scratch-registry';
  const upxTag = 'localhost/create-rust-mcp-e2e:scratch-registry-upx';
  let buildStarted: Date;
  let plainOutput: string;
  let upxOutput: string;
  let server: ReadOnlyServer | RunningContainer | undefined;
  let registry: PrivateRegistry;

  before(async function () {
    this.timeout(60 * 60 * 1000);
    registry = await startPrivateRegistry(temporaryDirectory('registry'), TOKEN);
    const plain = generate('secret-server', registry, []);
    const compressed = generate('secret-server', registry, ['--upx']);
    const rustVersion = ensureBaseImages('scratch');
    const secretFile = join(temporaryDirectory('secret'), 'token');
    writeFileSync(secretFile, TOKEN, { mode: 0o600 });
    // The glibc target linked statically: the musl target cannot be installed on the test machines.
    const buildArgs = { RUST_VERSION: rustVersion, RUST_LIBC: 'gnu', RUSTFLAGS: '-C target-feature=+crt-static', ...METADATA };

    // Layer times have a resolution finer than a second; one second of margin keeps clock rounding out.
    buildStarted = new Date(Date.now() - 1000);
    // Without the cache, every layer of the plain image is new, so the search below covers all of them.
    const secrets = { [REGISTRY_TOKEN_SECRET_ID]: secretFile };
    plainOutput = buildImage({ context: plain, tag: plainTag, buildArgs, secrets, caBundle: registry.caBundle, noCache: true }).output;
    upxOutput = buildImage({ context: compressed, tag: upxTag, buildArgs, secrets, caBundle: registry.caBundle }).output;
  });

  after(async function () {
    await registry?.close();
  });

  afterEach(async function () {
    await server?.stop();
    server = undefined;
  });

  it('hands the token to cargo during the build', function () {
    assert.match(plainOutput, new RegExp(`registry token visible to cargo: ${TOKEN.length} bytes`));
  });

  it('fetches the registry crate with the token', function () {
    const requests = registry.requests();
    const download = `/crates/${REGISTRY_CRATE.name}/${REGISTRY_CRATE.version}/download`;

    assert.ok(requests.some((request) => request.path === download && request.status === 200), JSON.stringify(requests));
    assert.deepEqual(requests.filter((request) => request.authorization !== undefined && request.authorization !== TOKEN), []);
  });

  it('keeps the token out of every layer the builds made', function () {
    const directories = layerDirectoriesCreatedSince(buildStarted);
    // The plain build alone makes a layer per instruction of each stage.
    assert.ok(directories.length >= 10, `only ${directories.length} new layers: the search would miss the build`);

    assert.deepEqual(filesContaining(directories, TOKEN), []);
  });

  it('keeps the token out of the history and configuration of every image', function () {
    const records = imageRecordsCreatedSince(buildStarted);
    assert.ok(records.length >= 2, `only ${records.length} new images`);

    for (const record of records) {
      assert.ok(!record.includes(TOKEN), 'an image configuration or history entry contains the token');
    }
    assert.ok(records.some((record) => record.includes(`--mount=type=secret,id=${REGISTRY_TOKEN_SECRET_ID}`)), 'the history records the secret mount, not its value');
  });

  it('keeps the token out of the build output', function () {
    assert.ok(!plainOutput.includes(TOKEN));
    assert.ok(!upxOutput.includes(TOKEN));
  });

  it('fails with a clear message without the secret', function () {
    const project = generate('secret-server', registry, []);
    const rustVersion = ensureBaseImages('scratch');
    // A new revision runs the final cargo build again, which checks for the secret.
    assert.throws(
      () => buildImage({ context: project, tag: 'localhost/create-rust-mcp-e2e:no-secret', buildArgs: { RUST_VERSION: rustVersion, RUST_LIBC: 'gnu', RUSTFLAGS: '-C target-feature=+crt-static', ...METADATA, IMAGE_REVISION: 'no-secret' } }),
      /Missing build secret cargo-registry-token: pass the token of the cargo registry acme with --secret id=cargo-registry-token,src=FILE/,
    );
  });

  it('compresses the binary with UPX into a smaller image', function () {
    const plainSize = inspectImage(plainTag).size;
    const upxSize = inspectImage(upxTag).size;

    // UPX marks the files it packs with the magic bytes "UPX!".
    assert.ok(readFromImage(upxTag, BINARY).includes('UPX!'), 'the binary of the UPX image is packed');
    assert.ok(!readFromImage(plainTag, BINARY).includes('UPX!'), 'the binary of the plain image is not');
    assert.ok(upxSize < plainSize * 0.7, `UPX image ${upxSize} bytes, plain image ${plainSize} bytes`);
  });

  it('serves MCP from the UPX image', async function () {
    const container = await runImage(upxTag);
    server = container;

    const check = await exerciseHttp(`http://127.0.0.1:${container.port}/mcp`);

    assert.equal(check.greeting, 'Hello, Ada!');
    assert.deepEqual(check.stats, { words: 5, characters: 23, lines: 2 });
  });

  it('reports the build metadata at /version and in its server info', async function () {
    const container = await runImage(upxTag);
    server = container;

    const response = await fetch(`http://127.0.0.1:${container.port}${VERSION_PATH}`);
    const check = await exerciseHttp(`http://127.0.0.1:${container.port}/mcp`);

    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { name: 'secret-server', version: '0.1.0', revision: METADATA.IMAGE_REVISION, created: METADATA.IMAGE_CREATED });
    assert.equal(check.serverVersion, `0.1.0+${METADATA.IMAGE_REVISION.slice(0, 12)}`);
  });

  it('labels the image with the same metadata', function () {
    const labels = inspectImage(upxTag).labels;

    assert.equal(labels['org.opencontainers.image.revision'], METADATA.IMAGE_REVISION);
    assert.equal(labels['org.opencontainers.image.created'], METADATA.IMAGE_CREATED);
    assert.equal(labels['org.opencontainers.image.version'], METADATA.IMAGE_VERSION);
  });

  it('sets RUST_LOG and RUST_BACKTRACE defaults', function () {
    const env = inspectImage(plainTag).env;

    assert.ok(env.includes('RUST_LOG=info,rmcp=warn'), env.join(' '));
    assert.ok(env.includes('RUST_BACKTRACE=1'), env.join(' '));
  });

  it('serves MCP on a read-only root file system', async function () {
    const readOnly = await runImageReadOnly(plainTag);
    server = readOnly;

    const check = await exerciseHttp(`http://127.0.0.1:${readOnly.port}/mcp`);

    assert.equal(check.serverName, 'secret-server');
    assert.equal(check.greeting, 'Hello, Ada!');
  });

  it('logs at the RUST_LOG level of the image', async function () {
    const readOnly = await runImageReadOnly(plainTag);
    server = readOnly;
    await exerciseHttp(`http://127.0.0.1:${readOnly.port}/mcp`);

    const code = await readOnly.stop();
    server = undefined;

    assert.equal(code, 0);
    const lines = readOnly.logs().split('\n').filter((line) => line.startsWith('{'));
    assert.ok(lines.some((line) => line.includes('"serving MCP over HTTP at /mcp"') && line.includes(METADATA.IMAGE_REVISION)), readOnly.logs());
    assert.ok(lines.every((line) => !line.includes('"severity":"DEBUG"')), 'no debug lines at info');
  });
});
