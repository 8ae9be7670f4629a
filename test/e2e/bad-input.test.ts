/** Bad input: each case exits non-zero, names the value, says what to do, and writes nothing. */

import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { runCli, snapshotTree, temporaryDirectory } from '../support/helpers.js';

interface BadCase {
  readonly title: string;
  readonly args: (parent: string) => string[];
  readonly message: RegExp;
}

const CASES: readonly BadCase[] = [
  { title: 'name with spaces and punctuation', args: (parent) => [join(parent, 'x'), '--yes', '--name', 'My Server!'], message: /Invalid name "My Server!".*To fix it, use --name my-server/ },
  { title: 'Rust keyword as name', args: (parent) => [join(parent, 'x'), '--yes', '--name', 'self'], message: /Invalid name "self": it is a Rust keyword.*use --name self-server/ },
  { title: 'name starting with a digit', args: (parent) => [join(parent, 'x'), '--yes', '--name', '1abc'], message: /Invalid name "1abc": it must start with a lowercase letter/ },
  { title: 'empty name', args: (parent) => [join(parent, 'x'), '--yes', '--name', ''], message: /Invalid name "": it is empty/ },
  { title: 'directory name that is not a valid name', args: (parent) => [join(parent, 'Bad_Dir'), '--yes'], message: /Invalid name "Bad_Dir".*use --name bad-dir/ },
  { title: 'unknown database', args: (parent) => [join(parent, 'x'), '--yes', '--database', 'oracle'], message: /Invalid database "oracle": it is not one of none, postgres, mysql, sqlite/ },
  { title: 'unknown architecture', args: (parent) => [join(parent, 'x'), '--yes', '--arch', 'amd64,riscv'], message: /Invalid arch "riscv"/ },
  { title: 'unknown base image', args: (parent) => [join(parent, 'x'), '--yes', '--base-image', 'alpine'], message: /Invalid base-image "alpine"/ },
  { title: 'malformed region', args: (parent) => [join(parent, 'x'), '--yes', '--region', 'US Central'], message: /Invalid region "US Central".*--region us-central1/ },
  { title: 'malformed GCP project', args: (parent) => [join(parent, 'x'), '--yes', '--gcp-project', 'My Project'], message: /Invalid gcp-project "My Project"/ },
  { title: 'target directory that is not empty', args: (parent) => [join(parent, 'taken'), '--yes'], message: /Invalid target ".*taken": the directory is not empty \(it contains notes\.txt\)/ },
  { title: 'missing directory', args: () => ['--yes'], message: /Missing the directory to create/ },
];

describe('bad input', function () {
  for (const badCase of CASES) {
    it(`rejects ${badCase.title}`, function () {
      const parent = temporaryDirectory('bad');
      mkdirSync(join(parent, 'taken'));
      writeFileSync(join(parent, 'taken', 'notes.txt'), 'mine\n');
      const before = snapshotTree(parent);

      const result = runCli(badCase.args(parent), parent);

      assert.notEqual(result.status, 0);
      assert.match(result.stderr, badCase.message);
      assert.deepEqual(snapshotTree(parent), before, 'the directory changed');
    });
  }
});
