/**
 * The sample preset in a real generated repository: its rules apply at creation, a locked value
 * cannot be overridden, and a new preset version's defaults flow in on re-synthesis.
 */

import { strict as assert } from 'node:assert';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { loadPreset, synthesize } from '../../src/generate.js';
import { readManifest } from '../../src/sync/manifest.js';
import { REPO_ROOT, runCli, snapshotTree, temporaryDirectory } from '../support/helpers.js';

describe('org preset', function () {
  let presetDirectory: string;
  let parent: string;
  let repo: string;

  before(function () {
    parent = temporaryDirectory('preset');
    presetDirectory = join(parent, 'acme-preset');
    cpSync(join(REPO_ROOT, 'examples/preset-acme'), presetDirectory, { recursive: true });
    repo = join(parent, 'acme-server');

    const result = runCli([repo, '--yes', '--no-install', '--preset', presetDirectory, '--base-image', 'scratch']);
    assert.equal(result.status, 0, result.stderr);
  });

  it('applies its locked values and defaults', function () {
    const manifest = readManifest(repo);
    assert.equal(manifest?.answers?.region, 'europe-west1');
    assert.equal(manifest?.answers?.artifactRepository, 'acme-mcp-servers');
    assert.equal(manifest?.answers?.minInstances, 1);
    assert.equal(manifest?.answers?.baseImage, 'scratch', 'an allowed choice of the user wins over the default');
    assert.deepEqual(manifest?.preset, { name: '@acme/rust-mcp-preset', version: '1.0.0' });
  });

  it('is referenced by .projenrc.ts and package.json', function () {
    assert.match(readFileSync(join(repo, '.projenrc.ts'), 'utf8'), /^import preset from '@acme\/rust-mcp-preset';$/m);
    const packageJson = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    assert.equal(packageJson.devDependencies['@acme/rust-mcp-preset'], `file:${presetDirectory}`);
  });

  const rejected: Array<[string, string[], RegExp]> = [
    ['a locked region', ['--region', 'us-east1'], /Invalid region "us-east1": preset @acme\/rust-mcp-preset locks region to "europe-west1"/],
    ['a base image it does not allow', ['--base-image', 'debian-slim'], /Invalid baseImage "debian-slim": preset @acme\/rust-mcp-preset allows only distroless, scratch/],
    ['fewer instances than its minimum', ['--min-instances', '0'], /Invalid minInstances 0: preset @acme\/rust-mcp-preset requires at least 1/],
  ];
  for (const [title, flags, message] of rejected) {
    it(`rejects ${title} and writes nothing`, function () {
      const before = snapshotTree(parent);
      const result = runCli([join(parent, 'other-server'), '--yes', '--no-install', '--preset', presetDirectory, ...flags]);
      assert.equal(result.status, 2);
      assert.match(result.stderr, message);
      assert.deepEqual(snapshotTree(parent), before);
    });
  }

  it('brings the defaults of a new preset version on re-synthesis', async function () {
    const presetPackage = join(presetDirectory, 'package.json');
    const manifest = JSON.parse(readFileSync(presetPackage, 'utf8')) as { version: string };
    writeFileSync(presetPackage, JSON.stringify({ ...manifest, version: '1.1.0' }, null, 2));
    const index = join(presetDirectory, 'index.js');
    writeFileSync(index, readFileSync(index, 'utf8').replace('maxInstances: 10,', 'maxInstances: 20,'));

    const result = await synthesize(repo, await loadPreset(presetDirectory));
    assert.equal(result.status, 0, result.output);

    const after = readManifest(repo);
    assert.equal(after?.preset?.version, '1.1.0');
    assert.equal(after?.answers?.maxInstances, 20);
    assert.match(result.output, /option {3}maxInstances: 10 -> 20/);
    if (existsSync(join(repo, 'service.yaml'))) {
      const service = parse(readFileSync(join(repo, 'service.yaml'), 'utf8')) as { spec: { template: { metadata: { annotations: Record<string, string> } } } };
      assert.equal(service.spec.template.metadata.annotations['autoscaling.knative.dev/maxScale'], '20');
    }
  });
});
