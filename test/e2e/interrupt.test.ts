/** Re-running into an existing directory, and an interrupted run: the target is never left half-written. */

import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { readManifest } from '../../src/sync/manifest.js';
import { REPO_ROOT, runCli, snapshotTree, temporaryDirectory } from '../support/helpers.js';

describe('existing directories and interrupts', function () {
  it('keeps existing files with --on-conflict skip', function () {
    const target = join(temporaryDirectory('conflict'), 'kept-server');
    mkdirSync(join(target, 'src'), { recursive: true });
    writeFileSync(join(target, 'src/server.rs'), '// mine\n');
    writeFileSync(join(target, 'NOTES.md'), 'notes\n');

    const result = runCli([target, '--yes', '--no-install', '--on-conflict', 'skip']);

    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(join(target, 'src/server.rs'), 'utf8'), '// mine\n');
    assert.equal(readFileSync(join(target, 'NOTES.md'), 'utf8'), 'notes\n');
    assert.ok(readFileSync(join(target, 'Cargo.toml'), 'utf8').includes('name = "kept-server"'));
    assert.equal(readManifest(target)?.files['src/server.rs'], undefined, 'the kept file is not recorded as generated');
    assert.match(result.stderr, /kept the existing 1 file\(s\).*src\/server\.rs/);
  });

  it('replaces existing files with --on-conflict overwrite', function () {
    const target = join(temporaryDirectory('conflict'), 'replaced-server');
    mkdirSync(join(target, 'src'), { recursive: true });
    writeFileSync(join(target, 'src/server.rs'), '// old\n');
    writeFileSync(join(target, 'NOTES.md'), 'notes\n');

    const result = runCli([target, '--yes', '--no-install', '--on-conflict', 'overwrite']);

    assert.equal(result.status, 0, result.stderr);
    assert.match(readFileSync(join(target, 'src/server.rs'), 'utf8'), /pub struct Server/);
    assert.equal(readFileSync(join(target, 'NOTES.md'), 'utf8'), 'notes\n', 'files generation does not produce stay');
  });

  it('warns that Cloud Run needs amd64 when arm64 is chosen alone', function () {
    const target = join(temporaryDirectory('arch'), 'arm-server');
    const result = runCli([target, '--yes', '--no-install', '--arch', 'arm64']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /warning: Cloud Run runs linux\/amd64 images only, so the image is built for amd64 as well/);
  });

  it('warns about an IPv4 registry host', function () {
    const target = join(temporaryDirectory('registry-ip'), 'ip-server');
    const result = runCli([target, '--yes', '--no-install', '--private-registry', 'acme=sparse+https://10.0.0.5/index/']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /warning: the index of private registry acme names the IPv4 address 10\.0\.0\.5/);
  });

  it('rejects an unknown --on-conflict policy', function () {
    const parent = temporaryDirectory('conflict');
    const result = runCli([join(parent, 'x'), '--yes', '--on-conflict', 'merge']);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /'merge' is invalid\. Allowed choices are abort, skip, overwrite/);
  });

  it('leaves nothing behind when interrupted by SIGINT', async function () {
    const parent = temporaryDirectory('interrupt');
    const before = snapshotTree(parent);
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'create-rust-mcp.js'), join(parent, 'stopped-server'), '--yes'], {
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    // npm install is the longest step; interrupt while it runs in the staging directory.
    const deadline = Date.now() + 30_000;
    while (!stderr.includes('Installing npm dependencies') && Date.now() < deadline) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
    assert.ok(readdirSync(parent).some((entry) => entry.includes('.create-rust-mcp-')), 'generation was under way');
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));

    assert.equal(code, 130);
    assert.match(stderr, /interrupted by SIGINT; nothing was written/);
    assert.deepEqual(snapshotTree(parent), before);
  });
});
