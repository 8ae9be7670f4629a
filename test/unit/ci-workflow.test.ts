/** The generated CI workflow: valid against SchemaStore's GitHub workflow schema, and runs the drift check. */

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv from 'ajv';
import { parse } from 'yaml';

import { FEATURE_SETS } from '../../src/files/ci-workflow.js';
import { RustMcpProject } from '../../src/project.js';
import { REPO_ROOT, temporaryDirectory } from '../support/helpers.js';

interface Workflow {
  jobs: Record<string, { steps: Array<{ run?: string }>; strategy?: { matrix: { features: string[] } } }>;
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
});
