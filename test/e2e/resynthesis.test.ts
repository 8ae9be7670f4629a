/**
 * `npx projen` in a generated repository with its npm dependencies installed, as a user runs it:
 * re-synthesis changes nothing, a dependency added with cargo add is no drift, and the drift task
 * catches a hand edit.
 */

import { strict as assert } from 'node:assert';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { runChecked, runCli, runProjen as projen, temporaryDirectory } from '../support/helpers.js';

function git(args: readonly string[], cwd: string): string {
  return runChecked('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], cwd).stdout;
}

describe('re-synthesis with npx projen', function () {
  let project: string;

  before(function () {
    project = join(temporaryDirectory('resynth'), 'synced-server');
    const result = runCli([project, '--yes']);
    assert.equal(result.status, 0, `create-rust-mcp failed:\n${result.stderr}`);

    git(['init', '-q', '-b', 'main'], project);
    git(['add', '-A'], project);
    git(['commit', '-q', '-m', 'Generated'], project);
  });

  it('leaves git status clean when run twice', function () {
    for (let run = 1; run <= 2; run++) {
      const result = projen([], project);
      assert.equal(result.status, 0, `npx projen failed:\n${result.stdout}\n${result.stderr}`);
      assert.equal(git(['status', '--porcelain'], project), '', `run ${run} changed files`);
    }
  });

  it('passes the drift check on a clean repository', function () {
    const result = projen(['drift'], project);
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  });

  it('passes the drift check after cargo add', function () {
    runChecked('cargo', ['add', 'itoa@1'], project);

    const drift = projen(['drift'], project);
    const synth = projen([], project);

    assert.equal(drift.status, 0, `${drift.stdout}\n${drift.stderr}`);
    assert.equal(synth.status, 0, `${synth.stdout}\n${synth.stderr}`);
    const changed = git(['status', '--porcelain'], project).split('\n').filter((line) => line !== '').map((line) => line.slice(3));
    assert.deepEqual(changed.filter((path) => path !== 'Cargo.lock'), ['Cargo.toml'], 'synthesis leaves the new dependency and the manifest alone');
    git(['checkout', '--', '.'], project);
  });

  it('fails the drift check on a hand edit and names the file', function () {
    const gitignore = join(project, '.gitignore');
    chmodSync(gitignore, 0o644);
    writeFileSync(gitignore, `${readFileSync(gitignore, 'utf8')}/scratch/\n`);

    const drift = projen(['drift'], project);
    assert.notEqual(drift.status, 0);
    assert.match(drift.stderr, /\.gitignore: it is generated, and it was edited by hand/);
    assert.match(drift.stdout, /^-\/scratch\/$/m, "the drift report shows the edit as a diff");
    assert.match(drift.stderr, /resolve each file named above as its message says, then run npx projen/);

    const synth = projen([], project);
    assert.notEqual(synth.status, 0, 'synthesis reports the conflict with a non-zero exit');
    assert.match(readFileSync(gitignore, 'utf8'), /\/scratch\//, 'the hand edit survives synthesis');

    git(['checkout', '--', '.gitignore'], project);
  });
});
