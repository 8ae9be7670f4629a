/** Invalid options in a generated repository's .projenrc.ts: one message in that file's words, exit 2, nothing written. */

import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { synthesize } from '../../src/generate.js';
import { runCli, snapshotTree, temporaryDirectory } from '../support/helpers.js';

interface ProjenrcCase {
  readonly title: string;
  readonly lines: string;
  readonly message: RegExp;
}

const CASES: readonly ProjenrcCase[] = [
  {
    title: 'minimum above maximum instances',
    lines: 'minInstances: 5,\n  maxInstances: 2,',
    message: /^error: Invalid minInstances 5 in \.projenrc\.ts: it is more than maxInstances: 2\. To fix it, set minInstances: 2 or less, or raise maxInstances, then run npx projen again\.$/m,
  },
  {
    title: 'unknown database',
    lines: 'database: "oracle",',
    message: /^error: Invalid database "oracle" in \.projenrc\.ts: it is not one of none, postgres, mysql, sqlite\. To fix it, use one of: database: "none", database: "postgres"/m,
  },
  {
    title: 'UPX with the distroless image',
    lines: 'upx: true,',
    message: /^error: Invalid upx true in \.projenrc\.ts: .* To fix it, set baseImage: "scratch" with upx: true, or drop upx: true, then run npx projen again\.$/m,
  },
  {
    title: 'unknown architecture',
    lines: 'arch: ["amd64", "riscv"],',
    message: /^error: Invalid arch "riscv" in \.projenrc\.ts: .* To fix it, set a list such as arch: \["amd64", "arm64"\]/m,
  },
  {
    title: 'registry token secret without a registry',
    lines: 'registryTokenSecret: "acme-cargo-token",',
    message: /^error: Invalid registryTokenSecret "acme-cargo-token" in \.projenrc\.ts: it names the Secret Manager secret of the private registry token, and no private registry is set\. To fix it, set privateRegistry: "NAME=sparse\+https:\/\/HOST\/PATH\/" as well, or drop registryTokenSecret/m,
  },
];

describe('invalid options in .projenrc.ts', function () {
  let repo: string;
  let projenrc: string;
  let original: string;

  before(function () {
    repo = join(temporaryDirectory('projenrc'), 'options-server');
    const created = runCli([repo, '--yes', '--no-install']);
    assert.equal(created.status, 0, created.stderr);
    projenrc = join(repo, '.projenrc.ts');
    original = readFileSync(projenrc, 'utf8');
  });

  afterEach(function () {
    writeFileSync(projenrc, original);
  });

  for (const badCase of CASES) {
    it(`rejects ${badCase.title}`, async function () {
      const nameLine = '  name: "options-server",';
      assert.ok(original.includes(nameLine), original);
      writeFileSync(projenrc, original.replace(nameLine, `${nameLine}\n  ${badCase.lines}`));
      const before = snapshotTree(repo);

      const result = await synthesize(repo);

      assert.equal(result.status, 2, result.output);
      assert.match(result.output, badCase.message);
      assert.doesNotMatch(result.output, /^\s+at /m, 'no stack trace');
      assert.deepEqual(snapshotTree(repo), before, 'nothing written');
    });
  }
});
