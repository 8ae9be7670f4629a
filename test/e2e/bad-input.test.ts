/** Bad input: each case exits non-zero, names the value and the fix, and writes nothing. */

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
  { title: 'description on several lines', args: (parent) => [join(parent, 'x'), '--yes', '--description', 'one\ntwo'], message: /Invalid description "one\\ntwo": it spans several lines/ },
  { title: 'negative minimum instances', args: (parent) => [join(parent, 'x'), '--yes', '--min-instances', '-1'], message: /Invalid min-instances/ },
  { title: 'zero maximum instances', args: (parent) => [join(parent, 'x'), '--yes', '--max-instances', '0'], message: /Invalid max-instances "?0"?/ },
  { title: 'minimum above maximum', args: (parent) => [join(parent, 'x'), '--yes', '--min-instances', '5', '--max-instances', '2'], message: /5/ },
  { title: 'CPU count Cloud Run does not offer', args: (parent) => [join(parent, 'x'), '--yes', '--cpu', '3'], message: /Invalid cpu "3"/ },
  { title: 'memory without a unit suffix Cloud Run reads', args: (parent) => [join(parent, 'x'), '--yes', '--memory', '512MB'], message: /Invalid memory "512MB"/ },
  { title: 'concurrency above 1000', args: (parent) => [join(parent, 'x'), '--yes', '--concurrency', '5000'], message: /Invalid concurrency "?5000"?/ },
  { title: 'request timeout of zero', args: (parent) => [join(parent, 'x'), '--yes', '--request-timeout', '0'], message: /Invalid request-timeout "?0"?/ },
  { title: 'non-numeric instance count', args: (parent) => [join(parent, 'x'), '--yes', '--max-instances', 'ten'], message: /Invalid max-instances "ten"/ },
  { title: 'Cloud SQL instance without a database', args: (parent) => [join(parent, 'x'), '--yes', '--cloud-sql-instance', 'acme:us-central1:main'], message: /acme:us-central1:main/ },
  { title: 'malformed Cloud SQL connection name', args: (parent) => [join(parent, 'x'), '--yes', '--database', 'postgres', '--cloud-sql-instance', 'main'], message: /Invalid cloud-sql-instance "main"/ },
  { title: 'service account that is not an e-mail', args: (parent) => [join(parent, 'x'), '--yes', '--service-account', 'runner'], message: /Invalid service-account "runner"/ },
  { title: 'service name with capitals', args: (parent) => [join(parent, 'x'), '--yes', '--service-name', 'MyService'], message: /Invalid service-name "MyService"/ },
  { title: 'unknown build machine type', args: (parent) => [join(parent, 'x'), '--yes', '--build-machine-type', 'HUGE'], message: /Invalid build-machine-type "HUGE"/ },
  { title: 'preset path that is not a package', args: (parent) => [join(parent, 'x'), '--yes', '--preset', join(parent, 'taken')], message: /Invalid preset ".*taken": .*package\.json does not exist/ },
  { title: 'private registry with a git index', args: (parent) => [join(parent, 'x'), '--yes', '--private-registry', 'acme=https://github.com/acme/index'], message: /Invalid private-registry "acme=https:\/\/github.com\/acme\/index": the index .* is not a sparse index over HTTPS/ },
  { title: 'private registry without a host', args: (parent) => [join(parent, 'x'), '--yes', '--private-registry', 'acme=sparse+https:///index/'], message: /Invalid private-registry "acme=sparse\+https:\/\/\/index\/": the index "sparse\+https:\/\/\/index\/" has no host after "https:\/\/"/ },
  { title: 'registry token secret without a registry', args: (parent) => [join(parent, 'x'), '--yes', '--registry-token-secret', 'acme-cargo-token'], message: /Invalid registry-token-secret "acme-cargo-token": .*no private registry is set\. To fix it, pass --private-registry NAME=sparse\+https:\/\/HOST\/PATH\/ as well, or drop --registry-token-secret/ },
  { title: 'UPX with the distroless image', args: (parent) => [join(parent, 'x'), '--yes', '--upx'], message: /Invalid upx true: UPX compresses the binary of the scratch image only/ },
  { title: 'unknown vulnerability severity', args: (parent) => [join(parent, 'x'), '--yes', '--vulnerability-scan', 'severe'], message: /Invalid vulnerability-scan "severe"/ },
  { title: 'unknown option', args: (parent) => [join(parent, 'x'), '--yes', '--databse', 'postgres'], message: /unknown option '--databse'/ },
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
