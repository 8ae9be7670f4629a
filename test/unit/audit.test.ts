/** The dependency audit of generated repositories: deny.toml, the audit tasks and their docs. */

import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { AUDIT_TASKS, AUDIT_TOOL_SPECS, AUDIT_TOOLS } from '../../src/audit.js';
import { ALLOWED_LICENSES, CRATES_IO_INDEX, DENY_TOML_PATH, renderDenyToml } from '../../src/files/deny-toml.js';
import { RustMcpProject } from '../../src/project.js';
import { readManifest } from '../../src/sync/manifest.js';
import { parseToml } from '../../src/toml.js';
import { REPO_ROOT, temporaryDirectory } from '../support/helpers.js';
import { synthesizeQuietly } from '../support/synth.js';

interface DenyConfig {
  graph: { 'all-features': boolean };
  advisories: { ignore: unknown[] };
  licenses: { allow: string[]; exceptions: unknown[]; private: { ignore: boolean } };
  bans: { 'multiple-versions': string; deny: unknown[] };
  sources: { 'unknown-registry': string; 'unknown-git': string; 'allow-registry': string[]; 'allow-git': string[] };
}

interface Tasks {
  tasks: Record<string, { description?: string; steps?: Array<{ exec?: string; spawn?: string }> }>;
}

describe('deny.toml', function () {
  const config = parseToml(renderDenyToml({ privateRegistry: '' })) as unknown as DenyConfig;

  it('checks every feature set', function () {
    assert.equal(config.graph['all-features'], true);
  });

  it('allows the licenses of the template dependencies', function () {
    assert.deepEqual(config.licenses.allow, Object.keys(ALLOWED_LICENSES));
    assert.deepEqual(config.licenses.exceptions, []);
    assert.equal(config.licenses.private.ignore, true, 'the unpublished server crate has no license to check');
  });

  it('allows crates.io as the only source', function () {
    assert.equal(config.sources['unknown-registry'], 'deny');
    assert.equal(config.sources['unknown-git'], 'deny');
    assert.deepEqual(config.sources['allow-registry'], [CRATES_IO_INDEX]);
    assert.deepEqual(config.sources['allow-git'], []);
  });

  it('reports duplicate versions without failing', function () {
    assert.equal(config.bans['multiple-versions'], 'warn');
    assert.deepEqual(config.bans.deny, []);
    assert.deepEqual(config.advisories.ignore, []);
  });

  it('allows the private registry when one is set', function () {
    const text = renderDenyToml({ privateRegistry: 'acme=sparse+https://cargo.acme.example/index/' });
    const withRegistry = parseToml(text) as unknown as DenyConfig;
    assert.deepEqual(withRegistry.sources['allow-registry'], [CRATES_IO_INDEX, 'sparse+https://cargo.acme.example/index/']);
    assert.match(text, /the private registry acme/);
  });
});

describe('deny.toml on later syntheses', function () {
  const acmeIndex = 'sparse+https://cargo.acme.example/index/';
  const betaIndex = 'sparse+https://cargo.beta.example/index/';
  let outdir: string;

  function readDeny(): string {
    return readFileSync(join(outdir, DENY_TOML_PATH), 'utf8');
  }

  beforeEach(function () {
    outdir = temporaryDirectory('deny');
    assert.equal(synthesizeQuietly(outdir, { name: 'deny-server' }), 0);
  });

  it('adds a later registry, keeps the rest', function () {
    const edited = readDeny()
      .replace('exceptions = []', 'exceptions = [\n    { allow = ["MPL-2.0"], crate = "webpki-roots" }, # our lawyers said yes\n]')
      .replace('allow-git = []', 'allow-git = ["https://github.com/acme/fork"]');
    writeFileSync(join(outdir, DENY_TOML_PATH), edited);

    assert.equal(synthesizeQuietly(outdir, { name: 'deny-server', privateRegistry: `acme=${acmeIndex}` }), 0);

    const after = readDeny();
    assert.equal(after, edited.replace(`allow-registry = ["${CRATES_IO_INDEX}"]`, `allow-registry = ["${CRATES_IO_INDEX}", "${acmeIndex}"]`));
  });

  it('keeps user and removed registries', function () {
    const userIndex = 'sparse+https://cargo.partner.example/';
    writeFileSync(join(outdir, DENY_TOML_PATH), readDeny().replace(`allow-registry = ["${CRATES_IO_INDEX}"]`, `allow-registry = ["${userIndex}", "${CRATES_IO_INDEX}"]`));
    synthesizeQuietly(outdir, { name: 'deny-server', privateRegistry: `acme=${acmeIndex}` });
    synthesizeQuietly(outdir, { name: 'deny-server', privateRegistry: `beta=${betaIndex}` });
    assert.equal(synthesizeQuietly(outdir, { name: 'deny-server' }), 0);

    const config = parseToml(readDeny()) as unknown as DenyConfig;
    assert.deepEqual(config.sources['allow-registry'], [userIndex, CRATES_IO_INDEX, acmeIndex, betaIndex]);
  });

  it('leaves a complete list alone', function () {
    const before = readDeny();
    assert.equal(synthesizeQuietly(outdir, { name: 'deny-server' }), 0);
    assert.equal(readDeny(), before);
  });

  it('rejects invalid TOML unchanged', function () {
    writeFileSync(join(outdir, DENY_TOML_PATH), '[sources\n');
    assert.throws(() => synthesizeQuietly(outdir, { name: 'deny-server', privateRegistry: `acme=${acmeIndex}` }), /deny\.toml is not valid TOML, so synthesis cannot merge it: Parse Error: TOML parse error at line 1/);
    assert.equal(readDeny(), '[sources\n');
  });
});

describe('audit tasks of the generated repository', function () {
  let outdir: string;
  let tasks: Tasks['tasks'];

  before(function () {
    outdir = temporaryDirectory('audit');
    new RustMcpProject({ name: 'audit-server', outdir }).synth();
    tasks = (JSON.parse(readFileSync(join(outdir, '.projen/tasks.json'), 'utf8')) as Tasks).tasks;
  });

  it('writes deny.toml as merged', function () {
    const entry = readManifest(outdir)?.files[DENY_TOML_PATH];
    assert.equal(entry?.kind, 'merged');
    assert.deepEqual(entry?.owned, ['sources.allow-registry']);
    assert.equal(readFileSync(join(outdir, DENY_TOML_PATH), 'utf8'), renderDenyToml({ privateRegistry: '' }));
  });

  it('defines each audit task with its command', function () {
    for (const spec of AUDIT_TASKS) {
      assert.deepEqual(tasks[spec.name]?.steps, [{ exec: spec.exec }], spec.name);
    }
    assert.equal(tasks['audit:duplicates'].steps?.[0].exec, 'cargo tree --duplicates --workspace --all-features --edges normal,build');
    assert.equal(tasks['audit:unused'].steps?.[0].exec, 'cargo machete --with-metadata --skip-target-dir');
    assert.equal(tasks['audit:deny'].steps?.[0].exec, 'cargo deny check licenses bans sources');
    assert.equal(tasks['audit:advisories'].steps?.[0].exec, 'cargo deny check advisories');
  });

  it('runs every audit but advisories in audit', function () {
    assert.deepEqual(tasks.audit.steps, [{ spawn: 'audit:duplicates' }, { spawn: 'audit:unused' }, { spawn: 'audit:deny' }]);
  });

  it('shows the install command in the README', function () {
    const readme = readFileSync(join(outdir, 'README.md'), 'utf8');
    assert.ok(readme.includes(`cargo install --locked ${AUDIT_TOOL_SPECS.join(' ')}\n`), readme);
    assert.ok(readme.includes('npx projen audit '));
  });

  it('names the pinned tool versions in the task descriptions', function () {
    assert.match(tasks['audit:unused'].description ?? '', new RegExp(`cargo-machete@${AUDIT_TOOLS['cargo-machete']}`));
    assert.match(tasks['audit:deny'].description ?? '', new RegExp(`cargo-deny@${AUDIT_TOOLS['cargo-deny']}`));
  });
});

describe('audit docs', function () {
  it('name the pinned tool versions and every task', function () {
    const docs = readFileSync(join(REPO_ROOT, 'docs/audit.md'), 'utf8');
    for (const [tool, version] of Object.entries(AUDIT_TOOLS)) {
      assert.ok(docs.includes(`${tool}@${version}`), `docs/audit.md does not name ${tool}@${version}`);
    }
    for (const spec of [...AUDIT_TASKS, { name: 'audit' }]) {
      assert.ok(docs.includes(`npx projen ${spec.name}`), `docs/audit.md does not show npx projen ${spec.name}`);
    }
  });
});
