/** What RustMcpProject synthesizes for several answer sets, parsed and checked by structure. */

import { strict as assert } from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { RustMcpProject } from '../../src/project.js';
import { readManifest } from '../../src/sync/manifest.js';
import { parseToml } from '../../src/toml.js';
import { temporaryDirectory } from '../support/helpers.js';

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
        assert.equal(tasks.tasks.default.steps?.[0].exec, 'tsx .projenrc.ts');
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
