/** The file sync engine on real directories: managed, merged and sample files, orphans and migrations. */

import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { applyPlan, diffPlan, hasChanges, planSync } from '../../src/sync/engine.js';
import type { PlannedFile } from '../../src/sync/kinds.js';
import { readManifest } from '../../src/sync/manifest.js';
import { applyMigrations, type Migration } from '../../src/sync/migrations.js';
import { temporaryDirectory } from '../support/helpers.js';

const managed = (path: string, content: string): PlannedFile => ({ kind: 'managed', path, content, executable: false });
const sample = (path: string, content: string): PlannedFile => ({ kind: 'sample', path, content, executable: false });

/** A merged file of `key=value` lines that owns `keys`; other lines are the user's. */
const merged = (keys: Record<string, string>): PlannedFile => ({
  kind: 'merged',
  path: 'settings.txt',
  merge: (current, previouslyOwned) => {
    const lines = (current ?? '').split('\n').filter((line) => line !== '');
    const userLines = lines.filter((line) => !previouslyOwned.includes(line.split('=')[0]) && !(line.split('=')[0] in keys));
    const owned = Object.keys(keys);
    return { content: `${[...userLines, ...owned.map((key) => `${key}=${keys[key]}`)].join('\n')}\n`, owned };
  },
});

/** Plans and applies `planned` in `root` with the manifest found there; returns the plan. */
function synth(root: string, planned: readonly PlannedFile[]) {
  const previous = readManifest(root);
  const plan = planSync(root, planned, previous, '9.9.9');
  applyPlan(root, plan);
  return plan;
}

function edit(path: string, content: string): void {
  chmodSync(path, 0o644);
  writeFileSync(path, content);
}

describe('sync engine', function () {
  let root: string;

  beforeEach(function () {
    root = temporaryDirectory('sync');
  });

  it('writes managed files read-only for everyone', function () {
    synth(root, [managed('Dockerfile', 'FROM scratch\n')]);

    assert.equal(readFileSync(join(root, 'Dockerfile'), 'utf8'), 'FROM scratch\n');
    assert.equal(statSync(join(root, 'Dockerfile')).mode & 0o777, 0o444);
  });

  it('changes nothing on a second synthesis', function () {
    const files = [managed('a.txt', 'a\n'), sample('src/b.rs', 'b\n')];
    synth(root, files);

    const second = planSync(root, files, readManifest(root), '9.9.9');

    assert.equal(hasChanges(second, readManifest(root)), false);
    assert.equal(diffPlan(second), '');
  });

  it('updates an unmodified managed file to the new content', function () {
    synth(root, [managed('a.txt', 'old\n')]);
    const plan = synth(root, [managed('a.txt', 'new\n')]);

    assert.equal(plan.actions[0].type, 'update');
    assert.equal(readFileSync(join(root, 'a.txt'), 'utf8'), 'new\n');
  });

  it('keeps a hand-edited managed file and reports a conflict', function () {
    synth(root, [managed('a.txt', 'generated\n')]);
    edit(join(root, 'a.txt'), 'edited by hand\n');

    const plan = synth(root, [managed('a.txt', 'generated v2\n')]);

    assert.equal(plan.actions[0].type, 'conflict');
    assert.match(plan.actions[0].reason ?? '', /edited by hand/);
    assert.equal(readFileSync(join(root, 'a.txt'), 'utf8'), 'edited by hand\n');
  });

  it('does not overwrite a file it never wrote', function () {
    writeFileSync(join(root, 'Dockerfile.dev'), 'mine\n');

    const plan = synth(root, [managed('Dockerfile.dev', 'generated\n')]);

    assert.equal(plan.actions[0].type, 'conflict');
    assert.equal(readFileSync(join(root, 'Dockerfile.dev'), 'utf8'), 'mine\n');
  });

  it('writes a sample once and leaves the user edits', function () {
    synth(root, [sample('src/main.rs', 'fn main() {}\n')]);
    edit(join(root, 'src/main.rs'), 'fn main() { run() }\n');

    synth(root, [sample('src/main.rs', 'fn main() { new_template() }\n')]);

    assert.equal(readFileSync(join(root, 'src/main.rs'), 'utf8'), 'fn main() { run() }\n');
    assert.equal(statSync(join(root, 'src/main.rs')).mode & 0o777, 0o644);
  });

  it('keeps a deleted sample deleted', function () {
    synth(root, [sample('README.md', '# x\n')]);
    rmSync(join(root, 'README.md'));

    synth(root, [sample('README.md', '# x\n')]);

    assert.equal(existsSync(join(root, 'README.md')), false);
  });

  it('deletes an unmodified orphan and keeps an edited one', function () {
    synth(root, [managed('compose.yaml', 'services: {}\n'), managed('old.txt', 'old\n')]);
    edit(join(root, 'old.txt'), 'old, with a local change\n');

    const plan = synth(root, []);

    assert.equal(existsSync(join(root, 'compose.yaml')), false);
    assert.equal(readFileSync(join(root, 'old.txt'), 'utf8'), 'old, with a local change\n');
    const kept = plan.actions.find((action) => action.path === 'old.txt');
    assert.equal(kept?.type, 'conflict');
    assert.ok(readManifest(root)?.files['old.txt'], 'the edited orphan stays in the manifest');
  });

  it('merges only the keys it owns and removes keys it no longer owns', function () {
    synth(root, [merged({ a: '1', b: '2' })]);
    edit(join(root, 'settings.txt'), `user=yes\n${readFileSync(join(root, 'settings.txt'), 'utf8')}`);

    synth(root, [merged({ a: '3' })]);

    assert.equal(readFileSync(join(root, 'settings.txt'), 'utf8'), 'user=yes\na=3\n');
  });

  it('keeps the manifest when the user edits a merged file', function () {
    synth(root, [merged({ a: '1' })]);
    const before = readManifest(root);
    edit(join(root, 'settings.txt'), `user=yes\n${readFileSync(join(root, 'settings.txt'), 'utf8')}`);

    const plan = planSync(root, [merged({ a: '1' })], before, '9.9.9');

    assert.equal(plan.actions[0].type, 'keep');
    assert.equal(hasChanges(plan, before), false);
  });

  it('prints a unified diff of what would change', function () {
    synth(root, [managed('a.txt', 'one\n')]);

    const plan = planSync(root, [managed('a.txt', 'two\n'), managed('b.txt', 'new\n')], readManifest(root), '9.9.9');
    const diff = diffPlan(plan);

    assert.match(diff, /--- a\/a\.txt\n\+\+\+ b\/a\.txt/);
    assert.match(diff, /^-one$/m);
    assert.match(diff, /^\+two$/m);
    assert.match(diff, /--- \/dev\/null\n\+\+\+ b\/b\.txt/);
    assert.equal(readFileSync(join(root, 'a.txt'), 'utf8'), 'one\n', 'planning writes nothing');
  });

  it('moves a migrated sample with its edits and records the migration once', function () {
    synth(root, [sample('src/tools.rs', 'generated\n')]);
    edit(join(root, 'src/tools.rs'), 'generated, then edited\n');
    const migrations: Migration[] = [{ id: 'move-tools', version: '9.9.9', moves: { 'src/tools.rs': 'src/tools/mod.rs' } }];

    const migrated = applyMigrations(root, readManifest(root), migrations);
    applyPlan(root, planSync(root, [sample('src/tools/mod.rs', 'generated\n')], migrated, '9.9.9'));

    assert.equal(existsSync(join(root, 'src/tools.rs')), false);
    assert.equal(readFileSync(join(root, 'src/tools/mod.rs'), 'utf8'), 'generated, then edited\n');
    assert.deepEqual(readManifest(root)?.migrations, ['move-tools']);
  });
});
