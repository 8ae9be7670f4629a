/** .cargo/config.toml: written with a private registry, merged on later syntheses, never deleted by synthesis. */

import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CARGO_CONFIG_PATH } from '../../src/files/conventions.js';
import { readManifest } from '../../src/sync/manifest.js';
import { parseToml } from '../../src/toml.js';
import { temporaryDirectory } from '../support/helpers.js';
import { synthesizeQuietly } from '../support/synth.js';

const ACME = 'acme=sparse+https://cargo.acme.example/index/';
const BETA = 'beta=sparse+https://cargo.beta.example/index/';

/** Synthesizes into `outdir` and returns the exit code synthesis set, silencing its output. */
function synthesize(outdir: string, privateRegistry?: string): number {
  return synthesizeQuietly(outdir, { name: 'registry-server', ...(privateRegistry === undefined ? {} : { privateRegistry }) });
}

function readConfig(outdir: string): string {
  return readFileSync(join(outdir, CARGO_CONFIG_PATH), 'utf8');
}

describe('.cargo/config.toml', function () {
  it('names the registry as a merged file', function () {
    const outdir = temporaryDirectory('cargo-config');

    assert.equal(synthesize(outdir, ACME), 0);

    assert.deepEqual(parseToml(readConfig(outdir)), { registries: { acme: { index: 'sparse+https://cargo.acme.example/index/' } } });
    const manifest = readManifest(outdir);
    assert.equal(manifest?.files[CARGO_CONFIG_PATH]?.kind, 'merged');
    assert.deepEqual(manifest?.files[CARGO_CONFIG_PATH]?.owned, ['registries.acme.index']);
  });

  it('is not written without a registry', function () {
    const outdir = temporaryDirectory('cargo-config');

    synthesize(outdir);

    assert.equal(readManifest(outdir)?.files[CARGO_CONFIG_PATH], undefined);
  });

  it('keeps user settings and drops the old table on a rename', function () {
    const outdir = temporaryDirectory('cargo-config');
    synthesize(outdir, ACME);
    const userLines = '\n# Faster linking on this team\'s machines.\n[build]\nrustflags = ["-C", "link-arg=-fuse-ld=lld"]\n';
    writeFileSync(join(outdir, CARGO_CONFIG_PATH), readConfig(outdir) + userLines);

    assert.equal(synthesize(outdir, BETA), 0);

    const config = readConfig(outdir);
    assert.ok(config.includes(userLines), config);
    assert.deepEqual(parseToml(config), { build: { rustflags: ['-C', 'link-arg=-fuse-ld=lld'] }, registries: { beta: { index: 'sparse+https://cargo.beta.example/index/' } } });
  });

  it('reports a conflict and stays when the registry is removed', function () {
    const outdir = temporaryDirectory('cargo-config');
    synthesize(outdir, ACME);
    const before = readConfig(outdir);

    assert.equal(synthesize(outdir), 1);

    assert.equal(readConfig(outdir), before);
    assert.ok(readManifest(outdir)?.files[CARGO_CONFIG_PATH] !== undefined, 'still tracked until the user deletes it');
  });
});
