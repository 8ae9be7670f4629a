/**
 * The generated CI workflow: valid against SchemaStore's GitHub workflow schema, runs the drift
 * check, and audits the dependencies with the pinned tools.
 */

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv from 'ajv';
import { parse } from 'yaml';

import { AUDIT_TASKS, AUDIT_TOOLS } from '../../src/audit.js';
import { FEATURE_SETS, REGISTRY_TOKEN_ACTIONS_SECRET } from '../../src/files/ci-workflow.js';
import { RustMcpProject } from '../../src/project.js';
import { REPO_ROOT, temporaryDirectory } from '../support/helpers.js';

interface Workflow {
  jobs: Record<string, { steps: Array<{ run?: string; uses?: string; with?: Record<string, string> }>; strategy?: { matrix: { features: string[] } } }>;
}

describe('CI workflow', function () {
  let workflow: Workflow;
  let written: unknown;

  before(function () {
    const outdir = temporaryDirectory('ci');
    new RustMcpProject({ name: 'ci-server', outdir }).synth();
    written = parse(readFileSync(join(outdir, '.github/workflows/ci.yml'), 'utf8'));
    workflow = written as Workflow;
  });

  it('validates against the GitHub workflow schema', function () {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/schemas/github-workflow.json'), 'utf8')) as object;
    const validate = new Ajv.default({ strict: false, allErrors: true }).compile(schema);
    assert.ok(validate(written), JSON.stringify(validate.errors, null, 2));
  });

  it('fails on drift of generated files', function () {
    const runs = workflow.jobs.drift.steps.map((step) => step.run);
    assert.ok(runs.includes('npx projen drift'));
  });

  it('lints and tests every feature set', function () {
    assert.deepEqual(workflow.jobs.rust.strategy?.matrix.features, [...FEATURE_SETS]);
    const runs = workflow.jobs.rust.steps.map((step) => step.run);
    assert.ok(runs.includes('cargo clippy --all-targets ${{ matrix.features }} -- -D warnings'));
    assert.ok(runs.includes('cargo test ${{ matrix.features }}'));
  });

  it('installs the pinned audit tools', function () {
    const install = workflow.jobs.audit.steps.find((step) => step.uses?.startsWith('taiki-e/install-action@'));
    assert.ok(install, 'the audit job has an install-action step');
    const tools = (install.with?.tool ?? '').split(',').sort();
    assert.deepEqual(tools, Object.entries(AUDIT_TOOLS).map(([tool, version]) => `${tool}@${version}`).sort());
  });

  it('runs the audit task after npm install and rustup', function () {
    const steps = workflow.jobs.audit.steps;
    const audit = steps.findIndex((step) => step.run === 'npx projen audit');
    const npm = steps.findIndex((step) => step.run?.includes('npm ci') === true);
    const toolchain = steps.findIndex((step) => step.uses === 'dtolnay/rust-toolchain@stable');
    assert.ok(audit > 0, 'the audit job runs npx projen audit');
    assert.ok(npm >= 0, 'the audit job installs the npm dependencies');
    assert.ok(npm < audit, 'npm dependencies are installed before the audit');
    assert.ok(toolchain >= 0, 'the audit job installs the Rust toolchain');
    assert.ok(toolchain < audit, 'the Rust toolchain is installed before the audit');
  });

  it('leaves the advisory check out of CI', function () {
    const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));
    const advisories = AUDIT_TASKS.find((task) => task.name === 'audit:advisories');
    assert.equal(advisories?.inAudit, false);
    assert.ok(!runs.some((run) => run.includes('advisories')), runs.join('\n'));
  });

  it('gives cargo the private registry token from a repository secret', function () {
    const outdir = temporaryDirectory('ci');
    new RustMcpProject({ name: 'ci-server', privateRegistry: 'acme=sparse+https://cargo.acme.example/index/', outdir }).synth();
    const withRegistry = parse(readFileSync(join(outdir, '.github/workflows/ci.yml'), 'utf8')) as Workflow & { jobs: Record<string, { env?: Record<string, string> }> };
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/schemas/github-workflow.json'), 'utf8')) as object;
    const validate = new Ajv.default({ strict: false, allErrors: true }).compile(schema);

    assert.ok(validate(withRegistry), JSON.stringify(validate.errors, null, 2));
    for (const job of ['rust', 'audit']) {
      assert.equal(withRegistry.jobs[job].env?.CARGO_REGISTRIES_ACME_TOKEN, `\${{ secrets.${REGISTRY_TOKEN_ACTIONS_SECRET} }}`, job);
    }
    assert.equal((workflow.jobs.rust as { env?: Record<string, string> }).env?.CARGO_REGISTRIES_ACME_TOKEN, undefined, 'no token without a registry');
  });
});
