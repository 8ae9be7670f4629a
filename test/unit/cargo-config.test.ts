/** .cargo/config.toml: written with a private registry, merged on later syntheses, and released when the registry is removed. */

import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { TOKEN_CREDENTIAL_PROVIDER } from '../../src/files/cargo-config.js';
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

const ACME_TABLE = { index: 'sparse+https://cargo.acme.example/index/', 'credential-provider': TOKEN_CREDENTIAL_PROVIDER };
const USER_LINES = '\n# Faster linking on this team\'s machines.\n[build]\nrustflags = ["-C", "link-arg=-fuse-ld=lld"]\n';

describe('.cargo/config.toml', function () {
  it('names the registry as a merged file', function () {
    const outdir = temporaryDirectory('cargo-config');

    assert.equal(synthesize(outdir, ACME), 0);

    assert.deepEqual(parseToml(readConfig(outdir)), { registries: { acme: ACME_TABLE } });
    const manifest = readManifest(outdir);
    assert.equal(manifest?.files[CARGO_CONFIG_PATH]?.kind, 'merged');
    assert.deepEqual(manifest?.files[CARGO_CONFIG_PATH]?.owned, ['registries.acme.index', 'registries.acme.credential-provider']);
  });

  it('is not written without a registry', function () {
    const outdir = temporaryDirectory('cargo-config');

    synthesize(outdir);

    assert.equal(existsSync(join(outdir, CARGO_CONFIG_PATH)), false);
    assert.equal(readManifest(outdir)?.files[CARGO_CONFIG_PATH], undefined);
  });

  it('leaves a user file alone without a registry', function () {
    const outdir = temporaryDirectory('cargo-config');
    mkdirSync(join(outdir, '.cargo'));
    writeFileSync(join(outdir, CARGO_CONFIG_PATH), USER_LINES);

    assert.equal(synthesize(outdir), 0);

    assert.equal(readConfig(outdir), USER_LINES);
    assert.equal(readManifest(outdir)?.files[CARGO_CONFIG_PATH], undefined);
  });

  it('keeps user settings and the header on a rename', function () {
    const outdir = temporaryDirectory('cargo-config');
    synthesize(outdir, ACME);
    const header = readConfig(outdir).split('[registries]')[0];
    writeFileSync(join(outdir, CARGO_CONFIG_PATH), readConfig(outdir) + USER_LINES);

    assert.equal(synthesize(outdir, BETA), 0);

    const config = readConfig(outdir);
    assert.ok(config.includes(USER_LINES), config);
    assert.ok(config.startsWith(`${header}[registries]\n`), config);
    assert.deepEqual(parseToml(config), {
      build: { rustflags: ['-C', 'link-arg=-fuse-ld=lld'] },
      registries: { beta: { index: 'sparse+https://cargo.beta.example/index/', 'credential-provider': TOKEN_CREDENTIAL_PROVIDER } },
    });
  });

  it('keeps a credential provider the user chose', function () {
    const outdir = temporaryDirectory('cargo-config');
    synthesize(outdir, ACME);
    const edited = readConfig(outdir).replace(`credential-provider = "${TOKEN_CREDENTIAL_PROVIDER}"`, 'credential-provider = "cargo:libsecret"');
    writeFileSync(join(outdir, CARGO_CONFIG_PATH), edited);

    assert.equal(synthesize(outdir, ACME), 0);

    assert.equal(readConfig(outdir), edited);
  });

  it('deletes a file of only its keys on removal', function () {
    const outdir = temporaryDirectory('cargo-config');
    synthesize(outdir, ACME);

    assert.equal(synthesize(outdir), 0);

    assert.equal(existsSync(join(outdir, CARGO_CONFIG_PATH)), false);
    assert.equal(existsSync(join(outdir, '.cargo')), false, 'the emptied .cargo directory is gone');
    assert.equal(readManifest(outdir)?.files[CARGO_CONFIG_PATH], undefined);
  });

  it('keeps user settings on removal, untracked', function () {
    const outdir = temporaryDirectory('cargo-config');
    synthesize(outdir, ACME);
    writeFileSync(join(outdir, CARGO_CONFIG_PATH), readConfig(outdir) + USER_LINES);

    assert.equal(synthesize(outdir), 0);

    assert.equal(readConfig(outdir), USER_LINES.replace(/^\n/, ''));
    assert.equal(readManifest(outdir)?.files[CARGO_CONFIG_PATH], undefined);
    assert.equal(synthesize(outdir), 0);
    assert.equal(readConfig(outdir), USER_LINES.replace(/^\n/, ''));
  });
});
