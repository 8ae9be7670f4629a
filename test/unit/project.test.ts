/** What RustMcpProject synthesizes for several answer sets, parsed and checked by structure. */

import { strict as assert } from 'node:assert';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { RustMcpProject } from '../../src/project.js';
import { MANIFEST_PATH, readManifest } from '../../src/sync/manifest.js';
import { parseToml, setTomlValue } from '../../src/toml.js';
import { temporaryDirectory } from '../support/helpers.js';
import { synthesizeQuietly } from '../support/synth.js';

interface Tasks {
  tasks: Record<string, { steps?: Array<{ exec?: string }>; env?: Record<string, string> }>;
}

const ANSWER_SETS = [
  { name: 'plain-server' },
  { name: 'described-server', description: 'Answers questions about invoices.', region: 'europe-west4', gcpProject: 'acme-prod-1' },
  { name: 'multi-arch', arch: ['amd64', 'arm64'] as const, baseImage: 'scratch' as const },
  { name: 'slim-server', baseImage: 'debian-slim' as const },
];

describe('RustMcpProject synthesis', function () {
  for (const answers of ANSWER_SETS) {
    describe(answers.name, function () {
      let outdir: string;

      before(function () {
        outdir = temporaryDirectory('project');
        const project = new RustMcpProject({ ...answers, arch: answers.arch ? [...answers.arch] : undefined, outdir });
        project.synth();
      });

      it('writes Cargo.toml with the name and description', function () {
        const cargo = parseToml(readFileSync(join(outdir, 'Cargo.toml'), 'utf8')) as { package: Record<string, string> };
        assert.equal(cargo.package.name, answers.name);
        assert.equal(cargo.package.description, answers.description ?? 'An MCP server.');
      });

      it('defines the synthesis, diff and drift tasks', function () {
        const tasks = JSON.parse(readFileSync(join(outdir, '.projen/tasks.json'), 'utf8')) as Tasks;
        assert.equal(tasks.tasks.default.steps?.[0].exec, 'node --import tsx .projenrc.ts');
        assert.equal(tasks.tasks.diff.env?.CREATE_RUST_MCP_SYNTH, 'preview');
        assert.equal(tasks.tasks.drift.env?.CREATE_RUST_MCP_SYNTH, 'check');
      });

      it('renders the crate identifier into main.rs', function () {
        const main = readFileSync(join(outdir, 'src/main.rs'), 'utf8');
        assert.ok(main.includes(`use ${answers.name.replace(/-/g, '_')}::config::Config;`));
        assert.ok(main.includes(`/// ${answers.description ?? 'An MCP server.'}`));
      });

      it('records every file with its class in the manifest', function () {
        const manifest = readManifest(outdir);
        assert.equal(manifest?.files['Cargo.toml']?.kind, 'merged');
        assert.equal(manifest?.files['src/server.rs']?.kind, 'sample');
        assert.equal(manifest?.files['.gitignore']?.kind, 'managed');
        assert.equal(manifest?.files['.dockerignore']?.kind, 'managed');
        assert.equal(statSync(join(outdir, '.dockerignore')).mode & 0o777, 0o444);
      });
    });
  }

  it('rejects invalid options before writing anything', function () {
    const outdir = temporaryDirectory('project');
    assert.throws(() => new RustMcpProject({ name: 'Bad Name', outdir }), /Invalid name "Bad Name"/);
  });
});

describe('drift check after user edits', function () {
  const registry = 'acme=sparse+https://cargo.acme.example/index/';

  /** Runs synthesis in `mode` and returns its exit code. */
  function synthesizeIn(mode: 'write' | 'check', outdir: string): number {
    process.env.CREATE_RUST_MCP_SYNTH = mode;
    try {
      return synthesizeQuietly(outdir, { name: 'drift-server', privateRegistry: registry });
    } finally {
      delete process.env.CREATE_RUST_MCP_SYNTH;
    }
  }

  it('accepts edits to user-owned parts of merged files', function () {
    const outdir = temporaryDirectory('drift');
    assert.equal(synthesizeIn('write', outdir), 0);
    const manifest = readFileSync(join(outdir, MANIFEST_PATH), 'utf8');
    // As cargo add, a license exception and a build setting would change them.
    const cargoToml = join(outdir, 'Cargo.toml');
    writeFileSync(cargoToml, setTomlValue(readFileSync(cargoToml, 'utf8'), ['dependencies', 'itoa'], '1'));
    appendFileSync(join(outdir, 'deny.toml'), '\n[[licenses.clarify]]\ncrate = "ring"\nexpression = "ISC"\nlicense-files = []\n');
    appendFileSync(join(outdir, '.cargo/config.toml'), '\n[build]\njobs = 2\n');

    assert.equal(synthesizeIn('check', outdir), 0);
    assert.equal(synthesizeIn('write', outdir), 0);
    assert.equal(readFileSync(join(outdir, MANIFEST_PATH), 'utf8'), manifest);
  });

  it('fails when an owned key was changed', function () {
    const outdir = temporaryDirectory('drift');
    synthesizeIn('write', outdir);
    const cargoToml = join(outdir, 'Cargo.toml');
    writeFileSync(cargoToml, readFileSync(cargoToml, 'utf8').replace('edition = "2024"', 'edition = "2021"'));

    assert.equal(synthesizeIn('check', outdir), 1);
  });
});
